//! IDE feature latency on the generated large app (300 pages × 40 components, 12,000 text keys
//! in 2 languages, 2,000 data model fields): completion, hover, definition, references, and the
//! analysis side of workspace symbols, code lenses (targets, the reference index, a count),
//! inlay hints, document highlight and signature help.
//! Prints p50/p95/max per feature; `cargo bench -p altinn-analysis --bench ide`.

use altinn_analysis::config::Config;
use altinn_analysis::ide;
use altinn_analysis::testgen::{generate, GenSpec};
use altinn_analysis::AppDb;
use std::time::{Duration, Instant};

fn report(name: &str, mut times: Vec<Duration>, items: usize) {
    times.sort();
    let p = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name:<40} n={:<4} p50={:>8.2?} p95={:>8.2?} max={:>8.2?} (results: {items})",
        times.len(),
        p(0.5),
        p(0.95),
        times[times.len() - 1]
    );
}

fn measure<T>(
    db: &AppDb,
    name: &str,
    needle: &str,
    delta: u32,
    f: impl Fn(&AppDb, &str, u32) -> T,
    count: impl Fn(&T) -> usize,
) {
    let mut times = Vec::new();
    let mut items = 0;
    for p in (0..300).step_by(3) {
        let path = format!("ui/form/layouts/Page{p}.json");
        let Some(file) = db.file(&path) else { continue };
        // The last component of the page: the scanner reads the whole file before it.
        let Some(at) = file.text.rfind(needle) else {
            continue;
        };
        let off = at as u32 + delta;
        let t = Instant::now();
        let r = f(db, &path, off);
        times.push(t.elapsed());
        items = count(&r);
    }
    report(name, times, items);
}

fn main() {
    let files = generate(GenSpec::default());
    let t = Instant::now();
    let mut db = AppDb::from_files(files, Config::default());
    println!("load + model: {:?}", t.elapsed());
    measure(
        &db,
        "completion: text key",
        "\"title\": \"text.",
        10,
        ide::completion,
        Vec::len,
    );
    measure(
        &db,
        "completion_list(200): text key",
        "\"title\": \"text.",
        10,
        |db, p, o| ide::completion_list(db, p, o, 200),
        |l| l.items.len(),
    );
    measure(
        &db,
        "completion: data path (Root.)",
        "\"simpleBinding\": \"Root.",
        23,
        ide::completion,
        Vec::len,
    );
    measure(
        &db,
        "completion: component id (expression)",
        "[\"component\", \"",
        15,
        ide::completion,
        Vec::len,
    );
    measure(
        &db,
        "completion: property key",
        "\"required\"",
        1,
        ide::completion,
        Vec::len,
    );
    measure(
        &db,
        "hover: text key",
        "\"title\": \"text.",
        12,
        ide::hover,
        |h| usize::from(h.is_some()),
    );
    measure(
        &db,
        "hover: binding",
        "\"simpleBinding\": \"Root.",
        24,
        ide::hover,
        |h| usize::from(h.is_some()),
    );
    measure(
        &db,
        "definition: component id",
        "[\"component\", \"",
        16,
        ide::definition,
        Vec::len,
    );
    measure(
        &db,
        "references: text key (whole app)",
        "\"title\": \"text.",
        12,
        |db, p, o| ide::references(db, p, o, true),
        Vec::len,
    );
    measure(
        &db,
        "prepare_rename: component id",
        "\"id\": \"p",
        8,
        ide::prepare_rename,
        |r| usize::from(r.is_ok()),
    );
    for q in ["", "text.1", "p15-c3", "zzz"] {
        measure(
            &db,
            &format!("workspace_symbols({q:?}, 256)"),
            "{",
            0,
            |db, _, _| ide::workspace_symbols(db, q, 256),
            Vec::len,
        );
    }
    measure(
        &db,
        "lens_targets: page",
        "{",
        0,
        |db, p, _| ide::lens_targets(db, p),
        Vec::len,
    );
    let texts = "config/texts/resource.nb.json";
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..20 {
        let t = Instant::now();
        n = ide::lens_targets(&db, texts).len();
        times.push(t.elapsed());
    }
    report("lens_targets: text file (12,000 keys)", times, n);
    let mut times = Vec::new();
    let mut index = ide::ReferenceIndex::build(&db);
    for _ in 0..20 {
        let t = Instant::now();
        index = ide::ReferenceIndex::build(&db);
        times.push(t.elapsed());
    }
    report("ReferenceIndex::build (whole app)", times, 1);
    // Kept up to date after a layout edit: that page is walked again.
    let page = "ui/form/layouts/Page11.json";
    let text = db
        .file(page)
        .map(|f| f.text.to_string())
        .unwrap_or_default();
    let mut times = Vec::new();
    for i in 0..100 {
        let t2 = if i % 2 == 0 {
            format!("{text} ")
        } else {
            text.clone()
        };
        db.set_file(page, t2);
        let t = Instant::now();
        index.update(&db);
        times.push(t.elapsed());
    }
    report("ReferenceIndex::update after a layout edit", times, 1);
    let db = db;
    measure(
        &db,
        "lens count: every lens of a page (index built)",
        "{",
        0,
        |db, p, _| {
            ide::lens_targets(db, p)
                .iter()
                .map(|(t, _)| index.references(db, t).len())
                .sum::<usize>()
        },
        |n| *n,
    );
    let langs = ide::inlay::languages_for_locale(None);
    measure(
        &db,
        "inlay_hints: whole page",
        "{",
        0,
        |db, p, _| ide::inlay_hints(db, p, altinn_analysis::TextRange::new(0, u32::MAX), &langs),
        Vec::len,
    );
    measure(
        &db,
        "document_highlights: data path",
        "\"simpleBinding\": \"Root.",
        24,
        ide::document_highlights,
        Vec::len,
    );
    measure(
        &db,
        "signature_help: expression argument",
        "[\"component\", \"",
        16,
        ide::signature_help,
        |h| usize::from(h.is_some()),
    );
}
