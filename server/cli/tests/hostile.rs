//! Hostile files through the real binary (`altinn-ls check --format json`): huge, deeply nested,
//! invalid UTF-8, BOMs, CRLF, symlink loops, paths pointing outside the workspace, empty files,
//! one-line megabyte files. Each run must finish (a generous limit turns a hang into a failure,
//! nothing asserts on time), exit 0 or 1 (never 2 for an app that exists, never a crash), and
//! report clear diagnostics with a file and a position inside that file.

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far beyond what any case needs even in a debug build on a busy machine.
const LIMIT: Duration = Duration::from_secs(900);

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny-app")
}

/// A copy of the tiny fixture app in a fresh temporary folder (removed on drop).
struct App {
    /// The temporary folder; the repository is `root/repo`, its app folder `root/repo/App`.
    root: PathBuf,
}

impl App {
    fn new() -> App {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let root = std::env::temp_dir().join(format!(
            "altinn-ls-hostile-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&fixture(), &root.join("repo"));
        App { root }
    }
    fn repo(&self) -> PathBuf {
        self.root.join("repo")
    }
    fn app(&self) -> PathBuf {
        self.repo().join("App")
    }
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.app().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

struct Run {
    code: i32,
    json: Value,
    stderr: String,
    /// Peak resident memory in MB as seen by polling /proc (Linux only).
    peak_mb: Option<u64>,
}

impl Run {
    fn diagnostics(&self) -> &[Value] {
        self.json["diagnostics"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
    /// Diagnostics of one file (path relative to the repository, e.g. `App/ui/...`).
    fn of(&self, file: &str) -> Vec<&Value> {
        self.diagnostics()
            .iter()
            .filter(|d| d["file"] == file)
            .collect()
    }
    fn codes_of(&self, file: &str) -> Vec<String> {
        self.of(file)
            .iter()
            .map(|d| d["code"].as_str().unwrap_or("").to_string())
            .collect()
    }
}

fn vm_hwm_mb(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// Runs `altinn-ls check --format json` on the app's repository and checks what every run must
/// satisfy: finished, exit 0/1, valid JSON, every diagnostic with a file of the app and a range
/// inside that file.
fn check(app: &App, case: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_altinn-ls"))
        .args(["check", "--format", "json"])
        .arg(app.repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start altinn-ls");
    let pid = child.id();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stdout.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let mut peak_mb = None;
    let status = loop {
        if let Some(mb) = vm_hwm_mb(pid) {
            peak_mb = Some(mb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{case}: altinn-ls check did not finish within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out_reader.join().unwrap();
    let stderr = err_reader.join().unwrap();
    let code = status.code().unwrap_or_else(|| {
        panic!("{case}: altinn-ls was killed by a signal ({status:?}); stderr:\n{stderr}")
    });
    assert!(
        code == 0 || code == 1,
        "{case}: exit code {code} (0 or 1 expected for an app that exists); stderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{case}: panic:\n{stderr}");
    let json: Value = serde_json::from_slice(&stdout).unwrap_or_else(|e| {
        panic!(
            "{case}: output is not JSON ({e}): {}",
            String::from_utf8_lossy(&stdout[..stdout.len().min(2000)])
        )
    });
    let run = Run {
        code,
        json,
        stderr,
        peak_mb,
    };
    // UTF-16 length of every line, per file (read once: some cases have huge files).
    let mut lines_of: std::collections::HashMap<String, Option<Vec<usize>>> = Default::default();
    for d in run.diagnostics() {
        let file = d["file"].as_str().expect("file");
        assert!(
            file.starts_with("App/"),
            "{case}: file {file} is not in the app"
        );
        let code = d["code"].as_str().expect("code");
        assert!(
            code.starts_with("AL") && code.len() == 6,
            "{case}: code {code}"
        );
        let msg = d["message"].as_str().expect("message");
        assert!(!msg.trim().is_empty(), "{case}: empty message");
        let lines = lines_of.entry(file.to_string()).or_insert_with(|| {
            let bytes = std::fs::read(app.repo().join(file)).ok()?;
            let text = String::from_utf8_lossy(&bytes);
            // Lines end at `\n`, `\r\n` or a lone `\r` (LSP's line terminators).
            Some(
                text.replace("\r\n", "\n")
                    .split(['\n', '\r'])
                    .map(|l| l.chars().map(char::len_utf16).sum())
                    .collect(),
            )
        });
        // Ranges must lie inside the file (UTF-16 based positions).
        if let Some(lines) = lines {
            for k in ["start", "end"] {
                let line = d["range"][k]["line"].as_u64().expect("line") as usize;
                let ch = d["range"][k]["character"].as_u64().expect("character") as usize;
                assert!(
                    line < lines.len(),
                    "{case}: {file} {k} line {line} beyond the file's {} lines",
                    lines.len()
                );
                assert!(
                    ch <= lines[line],
                    "{case}: {file} {k} character {ch} beyond line {line}'s {} units",
                    lines[line]
                );
            }
        }
    }
    eprintln!(
        "{case}: exit {}, {} diagnostics, {:?}, peak {} MB",
        run.code,
        run.diagnostics().len(),
        started.elapsed(),
        run.peak_mb
            .map(|m| m.to_string())
            .unwrap_or_else(|| "?".into())
    );
    run
}

fn component(i: usize) -> String {
    format!(
        r#"{{ "id": "field{i}", "type": "Input", "dataModelBindings": {{ "simpleBinding": "Person.Name" }}, "textResourceBindings": {{ "title": "name.title" }} }}"#
    )
}

fn layout_of(components: impl Iterator<Item = String>, sep: &str) -> String {
    let items: Vec<String> = components.collect();
    format!(
        "{{{sep}\"data\": {{{sep}\"layout\": [{sep}{}{sep}]{sep}}}{sep}}}{sep}",
        items.join(&format!(",{sep}"))
    )
}

#[test]
fn the_fixture_app_is_clean() {
    let app = App::new();
    let run = check(&app, "fixture");
    assert_eq!(run.code, 0, "{:#?}", run.diagnostics());
}

#[test]
fn fifty_megabyte_layout() {
    let app = App::new();
    let mut text = String::with_capacity(51 << 20);
    text.push_str("{\n  \"data\": {\n    \"layout\": [\n");
    let mut i = 0;
    while text.len() < 50 << 20 {
        text.push_str("      ");
        text.push_str(&component(i));
        text.push_str(",\n");
        i += 1;
    }
    // One duplicate id at the very end: found and placed on the right line.
    text.push_str("      ");
    text.push_str(&component(0));
    text.push_str("\n    ]\n  }\n}\n");
    let last_line = text[..text.rfind(r#""field0""#).unwrap()]
        .matches('\n')
        .count();
    app.write("ui/form/layouts/Big.json", &text);
    app.write(
        "ui/form/Settings.json",
        r#"{ "pages": { "order": ["Page1", "Page2", "Big"] } }"#,
    );
    let run = check(&app, "50 MB layout");
    let big = run.of("App/ui/form/layouts/Big.json");
    assert!(
        big.iter()
            .any(|d| d["range"]["start"]["line"] == last_line as u64
                && d["message"].as_str().unwrap_or("").contains("'field0'")),
        "the duplicate id field0 on line {} is reported: {:?}",
        last_line + 1,
        big.iter().take(5).collect::<Vec<_>>()
    );
}

#[test]
fn ten_thousand_deep_json_and_xml() {
    let app = App::new();
    let deep = format!(
        r#"{{ "data": {{ "layout": [ {{ "id": "deep", "type": "Paragraph", "x": {}{} }} ] }} }}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    app.write("ui/form/layouts/Page2.json", &deep);
    // Deep objects in the text resources, unclosed deep arrays in Settings.json.
    let mut texts = String::from(r#"{ "language": "nb", "resources": [], "x": "#);
    texts.push_str(&r#"{"a":"#.repeat(10_000));
    texts.push('1');
    texts.push_str(&"}".repeat(10_000));
    texts.push('}');
    app.write("config/texts/resource.en.json", &texts);
    app.write(
        "ui/form/Settings.json",
        format!(r#"{{ "pages": {{ "order": {}"#, "[".repeat(10_000)),
    );
    let bpmn = std::fs::read_to_string(app.app().join("config/process/process.bpmn")).unwrap();
    let nested = format!(
        "{}{}",
        "<bpmn:documentation>".repeat(10_000),
        "</bpmn:documentation>".repeat(10_000)
    );
    let bpmn = bpmn.replacen("</bpmn:process>", &format!("{nested}</bpmn:process>"), 1);
    app.write("config/process/process.bpmn", &bpmn);
    app.write(
        "config/authorization/policy.xml",
        format!("<a>{}", "<b>".repeat(10_000)),
    );
    let run = check(&app, "10,000-deep nesting");
    let codes = run.codes_of("App/ui/form/layouts/Page2.json");
    assert!(
        run.of("App/ui/form/layouts/Page2.json")
            .iter()
            .any(|d| d["message"].as_str().unwrap_or("").contains("deeper")),
        "deep nesting is reported: {codes:?}"
    );
    assert!(
        !run.of("App/ui/form/Settings.json").is_empty(),
        "the unclosed arrays are syntax errors"
    );
    for xml in [
        "App/config/process/process.bpmn",
        "App/config/authorization/policy.xml",
    ] {
        assert!(
            run.of(xml)
                .iter()
                .any(|d| d["message"].as_str().unwrap_or("").contains("deeper")),
            "the deep elements of {xml} are reported: {:?}",
            run.of(xml)
        );
    }
}

#[test]
fn invalid_utf8_is_reported_at_its_position() {
    let app = App::new();
    let mut bytes = br#"{
  "language": "nb",
  "resources": [
    { "id": "name.title", "value": "Nav"#
        .to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"n\" }\n  ]\n}\n");
    app.write("config/texts/resource.nb.json", &bytes);
    // A layout that is not text at all.
    app.write(
        "ui/form/layouts/Page2.json",
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect::<Vec<u8>>(),
    );
    let run = check(&app, "invalid UTF-8");
    let texts = run.of("App/config/texts/resource.nb.json");
    let bad = texts
        .iter()
        .find(|d| d["code"] == "AL0002")
        .unwrap_or_else(|| panic!("invalid UTF-8 is reported: {texts:?}"));
    assert_eq!(bad["range"]["start"]["line"], 3);
    assert_eq!(bad["range"]["start"]["character"], 39);
    assert!(
        !run.of("App/ui/form/layouts/Page2.json").is_empty(),
        "the binary layout is reported"
    );
}

#[test]
fn byte_order_marks_are_accepted() {
    let app = App::new();
    for rel in [
        "ui/form/layouts/Page1.json",
        "ui/form/Settings.json",
        "ui/layout-sets.json",
        "config/applicationmetadata.json",
        "config/texts/resource.nb.json",
        "models/model.schema.json",
        "config/process/process.bpmn",
    ] {
        let text = std::fs::read(app.app().join(rel)).unwrap();
        let mut with_bom = b"\xef\xbb\xbf".to_vec();
        with_bom.extend_from_slice(&text);
        app.write(rel, with_bom);
    }
    let run = check(&app, "BOMs");
    assert_eq!(run.code, 0, "{:#?}", run.diagnostics());
}

#[test]
fn crlf_positions_are_exact() {
    let app = App::new();
    let page1 = std::fs::read_to_string(app.app().join("ui/form/layouts/Page1.json")).unwrap();
    // A duplicate id on the last component line, everything with CRLF line endings.
    let page1 = page1
        .replace(r#""id": "nav1""#, r#""id": "name""#)
        .replace('\n', "\r\n");
    app.write("ui/form/layouts/Page1.json", &page1);
    let run = check(&app, "CRLF");
    let offset = page1.rfind(r#""name""#).unwrap() + 1;
    let line = page1[..offset].matches('\n').count() as u64;
    let character = (offset - page1[..offset].rfind('\n').map_or(0, |i| i + 1)) as u64;
    let diags = run.of("App/ui/form/layouts/Page1.json");
    assert!(
        diags.iter().any(|d| d["range"]["start"]["line"] == line
            && d["range"]["start"]["character"] == character
            && d["range"]["end"]["character"] == character + 4),
        "the duplicate id at {}:{} (0-based {line}:{character}) is reported there: {diags:#?}",
        line + 1,
        character + 1
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_out_of_the_app_are_not_followed() {
    use std::os::unix::fs::symlink;
    let app = App::new();
    let secret = app.root.join("secret.json");
    std::fs::write(
        &secret,
        r#"{ "data": { "layout": [ { "id": "SECRET_MARKER", "type": "Nope" } ] } }"#,
    )
    .unwrap();
    symlink(app.app().join("ui"), app.app().join("ui/form/loop")).unwrap();
    symlink("..", app.app().join("ui/form/layouts/up")).unwrap();
    symlink(app.app(), app.app().join("App")).unwrap();
    symlink(&secret, app.app().join("ui/form/layouts/Secret.json")).unwrap();
    symlink("/etc/passwd", app.app().join("ui/form/layouts/Passwd.json")).unwrap();
    symlink(
        app.app().join("ui/form/layouts/Dangling.json.target"),
        app.app().join("ui/form/layouts/Dangling.json"),
    )
    .unwrap();
    let run = check(&app, "symlinks");
    let out = run.json.to_string();
    assert!(
        !out.contains("SECRET_MARKER"),
        "a linked file outside the app was read"
    );
    assert!(!out.contains("root:"), "/etc/passwd was read");
    assert_eq!(run.code, 0, "{:#?}", run.diagnostics());
}

#[test]
fn paths_pointing_outside_the_workspace_are_not_read() {
    let app = App::new();
    std::fs::write(
        app.root.join("secret.json"),
        r#"{ "SECRET_MARKER": true, "type": "object", "properties": { "SECRET_FIELD": {} } }"#,
    )
    .unwrap();
    let page1 = std::fs::read_to_string(app.app().join("ui/form/layouts/Page1.json")).unwrap();
    let page1 = page1
        .replace(
            "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout.schema.v1.json",
            "../../../../secret.json",
        )
        .replace(
            r#""showBackButton": false"#,
            r#""showBackButton": false, "optionsId": "../../../secret", "source": "/etc/passwd""#,
        );
    app.write("ui/form/layouts/Page1.json", &page1);
    app.write(
        "ui/form/Settings.json",
        r#"{ "$schema": "/etc/passwd", "pages": { "order": ["Page1", "Page2"] } }"#,
    );
    app.write(
        "ui/layout-sets.json",
        std::fs::read_to_string(app.app().join("ui/layout-sets.json"))
            .unwrap()
            .replacen("{", r#"{ "$schema": "file:///etc/passwd","#, 1),
    );
    let run = check(&app, "outside paths");
    let out = run.json.to_string() + &run.stderr;
    assert!(!out.contains("SECRET_MARKER") && !out.contains("SECRET_FIELD"));
    assert!(!out.contains("root:"), "/etc/passwd was read");
}

#[test]
fn empty_files_are_reported() {
    let app = App::new();
    let files = [
        "ui/form/layouts/Page2.json",
        "ui/form/Settings.json",
        "config/texts/resource.en.json",
        "options/species.json",
        "config/process/process.bpmn",
        "config/authorization/policy.xml",
        "ui/form/RuleHandler.js",
        "ui/form/RuleConfiguration.json",
    ];
    for rel in files {
        app.write(rel, "");
    }
    let run = check(&app, "empty files");
    assert_eq!(run.code, 1, "empty files are errors");
    for rel in [
        "ui/form/layouts/Page2.json",
        "ui/form/Settings.json",
        "config/texts/resource.en.json",
        "config/process/process.bpmn",
    ] {
        let ds = run.of(&format!("App/{rel}"));
        assert!(!ds.is_empty(), "empty {rel} is reported");
    }
}

#[test]
fn one_megabyte_single_line_layout() {
    let app = App::new();
    let n = (1 << 20) / component(0).len() + 1;
    let mut comps: Vec<String> = (0..n).map(component).collect();
    // A duplicate id at the end of the line: its character position is exact.
    comps.push(component(7));
    let text = layout_of(comps.into_iter(), "");
    assert!(!text.trim_end().contains('\n') && text.len() > 1 << 20);
    app.write("ui/form/layouts/Page2.json", &text);
    let run = check(&app, "1 MB single line");
    let offset = text.rfind(r#""field7""#).unwrap() + 1;
    let diags = run.of("App/ui/form/layouts/Page2.json");
    assert!(
        diags.iter().any(|d| d["range"]["start"]["line"] == 0
            && d["range"]["start"]["character"] == offset as u64),
        "the duplicate id at character {offset} is reported there: {:?}",
        diags.iter().take(3).collect::<Vec<_>>()
    );
}
