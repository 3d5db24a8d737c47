//! `cargo bench -p altinn-ls --bench lsp_latency`: the language server over stdio, driven
//! like an editor. Measures (debounce set to 0, so the figures exclude it):
//! - keystroke → `publishDiagnostics` for that document version, on the largest corpus
//!   layout and on a layout of the generated large app (300 pages × 40 components);
//!   each edit toggles a diagnostic (syntax: a stray character; semantic: a broken binding),
//!   so every version gets a publication;
//! - completion (text keys, data model paths) and hover latency in the large app;
//! - workspace symbols, code lenses (the list, a count resolved with the index up to date and
//!   right after an edit of another page), inlay hints, document highlight and signature help
//!   in the large app;
//! - the server's resident memory after opening every file of the large app;
//! - a burst of files created at once in a watched app (the server's own watcher): time until
//!   the last file's diagnostics arrive, and until everything is checked.
//!
//! Prints median and p95. Options: `LSP_BENCH_N` edits per scenario (default 200),
//! `LSP_BENCH_BURST` files in the burst (default 20,000), `LSP_BENCH_ONLY=burst` for the burst
//! alone, `LSP_BENCH_ONLY=symbols` for the large app's workspace symbols alone.

#[path = "../tests/support/mod.rs"]
mod support;

use altinn_analysis::testgen::{generate, GenSpec};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::{Client, Options, TempCopy};

fn stats(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let p = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1e3;
    (p(0.5), p(0.95), p(1.0))
}

fn report(name: &str, v: Vec<Duration>) {
    let n = v.len();
    let (p50, p95, max) = stats(v);
    println!("{name:<58} median {p50:>7.2} ms   p95 {p95:>7.2} ms   max {max:>7.2} ms   (n={n})");
}

fn n_edits() -> usize {
    std::env::var("LSP_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200)
}

/// (line, UTF-16 character) of a byte offset.
fn pos(text: &str, off: usize) -> (u32, u32) {
    let before = &text[..off];
    let line = before.matches('\n').count() as u32;
    let ls = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, text[ls..off].encode_utf16().count() as u32)
}

fn start(folder: &Path) -> Client {
    Client::start(Options {
        folders: vec![folder.to_path_buf()],
        init_options: json!({"settings": {"debounceMs": 0}}),
        ..Default::default()
    })
}

/// Toggles an edit at `at` (insert `ins`, then remove it) and measures each publication.
fn keystrokes(
    c: &mut Client,
    uri: &str,
    text: &str,
    at: usize,
    ins: &str,
    n: usize,
) -> Vec<Duration> {
    let (l, ch) = pos(text, at);
    let len = ins.encode_utf16().count() as u32;
    let mut times = Vec::new();
    let mut version = 1000;
    // Warm up.
    for i in 0..(2 * n + 10) {
        version += 1;
        let t = Instant::now();
        if version % 2 == 1 {
            c.change(uri, version, [l, ch, l, ch], ins);
        } else {
            c.change(uri, version, [l, ch, l, ch + len], "");
        }
        c.wait_version(uri, version);
        if i >= 10 {
            times.push(t.elapsed());
        }
    }
    times
}

fn layout_scenarios(c: &mut Client, label: &str, layout: &Path, n: usize) {
    let (uri, text) = c.open_file(layout);
    c.wait_version(&uri, 0);
    // Syntax: a stray `x` right after the first `{`.
    let at = text.find('{').map(|i| i + 1).unwrap_or(0);
    report(
        &format!("{label}: keystroke → diagnostics (syntax)"),
        keystrokes(c, &uri, &text, at, "x", n),
    );
    // Semantic: break the first binding (`"simpleBinding": "A.B"` → `"A.BQ"`).
    if let Some(i) = text.find("\"simpleBinding\": \"") {
        let start = i + "\"simpleBinding\": \"".len();
        let end = start + text[start..].find('"').unwrap_or(0);
        report(
            &format!("{label}: keystroke → diagnostics (binding)"),
            keystrokes(c, &uri, &text, end, "Q", n),
        );
    }
}

fn time_requests(
    c: &mut Client,
    n: usize,
    method: &str,
    params: Value,
    check: impl Fn(&Value) -> bool,
) -> Vec<Duration> {
    let mut v = Vec::new();
    for i in 0..(n + 5) {
        let t = Instant::now();
        let r = c.request(method, params.clone()).expect(method);
        if i >= 5 {
            v.push(t.elapsed());
        }
        assert!(check(&r), "{method}: unexpected result {r}");
    }
    v
}

fn workspace_symbols(c: &mut Client, n: usize) {
    let nonempty = |r: &Value| r.as_array().is_some_and(|a| !a.is_empty());
    for q in ["text.1", "p15-c3", ""] {
        report(
            &format!("large app: workspace symbols {q:?}"),
            time_requests(c, n, "workspace/symbol", json!({"query": q}), nonempty),
        );
    }
}

/// The requests of the editor features added with code lenses, in a layout of the large app.
fn new_requests(c: &mut Client, app: &Path, uri: &str, text: &str, n: usize) {
    let nonempty = |r: &Value| r.as_array().is_some_and(|a| !a.is_empty());
    workspace_symbols(c, n);
    let doc = json!({"textDocument": {"uri": uri}});
    report(
        "large app: code lenses of a page",
        time_requests(c, n, "textDocument/codeLens", doc.clone(), nonempty),
    );
    let lenses = c.request("textDocument/codeLens", doc).expect("lenses");
    let lens = lenses[1].clone();
    let resolved = |r: &Value| {
        r["command"]["title"]
            .as_str()
            .is_some_and(|t| t.ends_with("references") || t.ends_with("reference"))
    };
    report(
        "large app: codeLens/resolve (index up to date)",
        time_requests(c, n, "codeLens/resolve", lens.clone(), resolved),
    );
    // Right after an edit of another page: the index walks that page again.
    let (other, other_text) = c.open_file(&app.join("App/ui/form/layouts/Page11.json"));
    let end = other_text.len();
    let (l, ch) = pos(&other_text, end);
    let mut times = Vec::new();
    for i in 0..(n + 5) {
        let version = 2000 + i as i64;
        if i % 2 == 0 {
            c.change(&other, version, [l, ch, l, ch], " ");
        } else {
            c.change(&other, version, [l, ch, l, ch + 1], "");
        }
        let t = Instant::now();
        let r = c
            .request("codeLens/resolve", lens.clone())
            .expect("resolve");
        if i >= 5 {
            times.push(t.elapsed());
        }
        assert!(resolved(&r), "{r}");
    }
    report(
        "large app: codeLens/resolve right after an edit of another page",
        times,
    );
    let whole = json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 100000, "character": 0}}});
    report(
        "large app: inlay hints of a whole page",
        time_requests(c, n, "textDocument/inlayHint", whole, nonempty),
    );
    let bind =
        text.find("\"simpleBinding\": \"Root.").unwrap() + "\"simpleBinding\": \"Root.".len();
    let (l, ch) = pos(text, bind);
    report(
        "large app: document highlight of a binding",
        time_requests(
            c,
            n,
            "textDocument/documentHighlight",
            json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": ch}}),
            nonempty,
        ),
    );
    let arg = text.find("[\"component\", \"").unwrap() + "[\"component\", \"".len();
    let (l, ch) = pos(text, arg);
    report(
        "large app: signature help in an expression",
        time_requests(
            c,
            n,
            "textDocument/signatureHelp",
            json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": ch}}),
            |r| !r.is_null(),
        ),
    );
}

fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn large_app() -> TempCopy {
    let dir = std::env::temp_dir().join(format!("altinn-ls-bench-src-{}", std::process::id()));
    for (rel, text) in generate(GenSpec::default()) {
        let p = dir.join("App").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let copy = TempCopy::of(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    copy
}

fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `count` broken layouts created at once in a watched app (the server's own `notify`
/// watcher, as for clients that do not watch files).
fn file_burst(count: usize) {
    let app = TempCopy::of(&support::fixtures().join("tiny-app"));
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        init_options: json!({"settings": {"debounceMs": 0}}),
        dynamic_watch: false,
        ..Default::default()
    });
    c.wait_notification("altinn/status", |p| {
        p["apps"].as_array().is_some_and(|a| a.len() == 1)
    });
    c.request(
        "workspace/executeCommand",
        json!({"command": "altinn.debug.state", "arguments": []}),
    )
    .expect("state");
    let dir = app.path.join("App/ui/form/layouts");
    let t = Instant::now();
    for i in 0..count {
        std::fs::write(dir.join(format!("Burst{i:05}.json")), "{ ,, }").unwrap();
    }
    let written = t.elapsed();
    let last = support::uri(&dir.join(format!("Burst{:05}.json", count - 1)));
    c.wait_diagnostics(&last, |d| d.iter().any(|x| x["code"] == "AL0001"));
    let seen = t.elapsed();
    let state = c
        .request(
            "workspace/executeCommand",
            json!({"command": "altinn.debug.state", "arguments": []}),
        )
        .expect("state");
    let all = t.elapsed();
    let broken = state["diagnostics"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, v)| {
                    k.contains("/Burst")
                        && v.as_array()
                            .is_some_and(|d| d.iter().any(|x| x["code"] == "AL0001"))
                })
                .count()
        })
        .unwrap_or(0);
    println!(
        "burst of {count} files created in a watched app: written in {:.0} ms; last file's diagnostics after {:.0} ms; all checked after {:.0} ms ({broken} files with AL0001)",
        written.as_secs_f64() * 1e3,
        seen.as_secs_f64() * 1e3,
        all.as_secs_f64() * 1e3,
    );
    let _ = c.shutdown();
}

fn main() {
    let n = n_edits();
    let burst: usize = std::env::var("LSP_BENCH_BURST")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let only = std::env::var("LSP_BENCH_ONLY").unwrap_or_default();
    if only == "burst" {
        file_burst(burst);
        return;
    }
    let symbols_only = only == "symbols";
    // 1. The largest layout of the corpus, in its app.
    let corpus = if symbols_only {
        None
    } else {
        support::corpus("lsp_latency bench")
    };
    if let Some(corpus) = corpus {
        let mut largest: Option<(u64, PathBuf)> = None;
        for f in all_files(&corpus) {
            let s = f.to_string_lossy();
            if s.contains("/layouts/") && s.ends_with(".json") {
                let len = f.metadata().map(|m| m.len()).unwrap_or(0);
                if largest.as_ref().is_none_or(|(l, _)| len > *l) {
                    largest = Some((len, f));
                }
            }
        }
        if let Some((len, layout)) = largest {
            let app_root = layout
                .ancestors()
                .find(|a| a.join("App/config/applicationmetadata.json").is_file())
                .unwrap()
                .to_path_buf();
            let copy = TempCopy::of(&app_root);
            let rel = layout.strip_prefix(&app_root).unwrap();
            println!("corpus: {} ({} KB)", layout.display(), len / 1024);
            let mut c = start(&copy.path);
            layout_scenarios(&mut c, "corpus largest layout", &copy.path.join(rel), n);
            drop(c);
        }
    }

    // 2. The generated large app.
    let app = large_app();
    let t = Instant::now();
    let mut c = start(&app.path);
    c.wait_notification("altinn/status", |p| {
        p["health"] == "ok" && p["apps"].as_array().is_some_and(|a| a.len() == 1)
    });
    // Checks whatever is still queued before answering.
    c.request(
        "workspace/executeCommand",
        json!({"command": "altinn.debug.state", "arguments": []}),
    )
    .expect("state");
    println!(
        "large app: initialize + first scan + all diagnostics: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    if symbols_only {
        workspace_symbols(&mut c, n);
        let _ = c.shutdown();
        return;
    }
    let layout = app.path.join("App/ui/form/layouts/Page150.json");
    layout_scenarios(&mut c, "large app layout", &layout, n);

    // Completion and hover in a layout of the large app.
    let (uri, text) = c.open_file(&app.path.join("App/ui/form/layouts/Page10.json"));
    let title = text.find("\"title\": \"").unwrap() + "\"title\": \"".len();
    let (l, ch) = pos(&text, title);
    report(
        "large app: completion of text keys",
        time_requests(
            &mut c,
            n,
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": ch}}),
            |r| r["items"].as_array().is_some_and(|a| !a.is_empty()),
        ),
    );
    let bind = text.find("\"simpleBinding\": \"").unwrap() + "\"simpleBinding\": \"Root.".len();
    let (l, ch) = pos(&text, bind);
    report(
        "large app: completion of data model paths",
        time_requests(
            &mut c,
            n,
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": ch}}),
            |r| r["items"].as_array().is_some_and(|a| !a.is_empty()),
        ),
    );
    let (l, ch) = pos(&text, title + 3);
    report(
        "large app: hover on a text key",
        time_requests(
            &mut c,
            n,
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": ch}}),
            |r| !r.is_null(),
        ),
    );

    new_requests(&mut c, &app.path, &uri, &text, n);

    // Memory after opening every file of the large app.
    let files = all_files(&app.path.join("App"));
    for f in &files {
        c.open_file(f);
    }
    c.sync();
    c.request(
        "workspace/executeCommand",
        json!({"command": "altinn.debug.state", "arguments": []}),
    )
    .expect("state");
    println!(
        "large app: resident memory after opening all {} files: {:.1} MB",
        files.len(),
        rss_mb(c.pid())
    );
    let _ = c.shutdown();

    // 3. A burst of new files in a watched app.
    file_burst(burst);
}
