//! What one keystroke costs to re-parse, three ways, on the same files and edits:
//! the direct parser over the whole text (what `AppDb::edit_file` uses for valid JSON),
//! tree-sitter's incremental reparse of the edited old tree, and a fresh tree-sitter parse —
//! each including the conversion to our `Json` tree, which every consumer needs. Also the
//! whole `AppDb::edit_file` (reparse + incremental model update) on the large app, and the two
//! edits that rebuild more than the edited file's part (docs/lsp.md, "What a keystroke costs"):
//! `Settings.json` (the layout sets) and `applicationmetadata.json` (everything).
//! `cargo bench -p altinn-analysis --bench reparse`.

use altinn_analysis::config::Config;
use altinn_analysis::syntax::{parse_json, parse_json_tree_sitter, TextRange};
use altinn_analysis::testgen::{generate, GenSpec};
use altinn_analysis::AppDb;
use std::time::{Duration, Instant};

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let p = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name:<62} p50={:>9.3?} p95={:>9.3?} (n={})",
        p(0.5),
        p(0.95),
        times.len()
    );
}

fn point(text: &str, off: usize) -> tree_sitter::Point {
    let before = &text[..off];
    let row = before.matches('\n').count();
    let column = off - before.rfind('\n').map_or(0, |i| i + 1);
    tree_sitter::Point { row, column }
}

/// Inserts and removes a letter at `at` (inside a string value, so the file stays valid),
/// `n` times, re-parsing after each edit in the three ways.
fn reparse(name: &str, text: &str, at: usize, n: usize) {
    let (mut direct, mut incremental, mut fresh) = (Vec::new(), Vec::new(), Vec::new());
    let (_, mut tree) = parse_json_tree_sitter(text, None);
    let mut cur = text.to_string();
    for i in 0..n {
        let insert = i % 2 == 0;
        let (old_end, new_end) = if insert { (at, at + 1) } else { (at + 1, at) };
        let start_position = point(&cur, at);
        let old_end_position = point(&cur, old_end);
        if insert {
            cur.insert(at, 'x');
        } else {
            cur.remove(at);
        }
        let t = Instant::now();
        let doc = parse_json(&cur);
        direct.push(t.elapsed());
        assert!(
            doc.errors.is_empty(),
            "{name}: the edit must keep the file valid"
        );

        let edit = tree_sitter::InputEdit {
            start_byte: at,
            old_end_byte: old_end,
            new_end_byte: new_end,
            start_position,
            old_end_position,
            new_end_position: point(&cur, new_end),
        };
        if let Some(t) = &mut tree {
            t.edit(&edit);
        }
        let t = Instant::now();
        let (doc2, new_tree) = parse_json_tree_sitter(&cur, tree.as_ref());
        incremental.push(t.elapsed());
        assert_eq!(
            doc.root, doc2.root,
            "{name}: both parsers give the same tree"
        );
        tree = new_tree;

        let t = Instant::now();
        let _ = parse_json_tree_sitter(&cur, None);
        fresh.push(t.elapsed());
    }
    println!("{name} ({} KB)", text.len() / 1024);
    report("  direct parser, whole text", direct);
    report(
        "  tree-sitter incremental reparse of the edited tree",
        incremental,
    );
    report("  tree-sitter fresh parse", fresh);
}

fn main() {
    let files = generate(GenSpec::default());
    let get = |p: &str| {
        files
            .iter()
            .find(|(path, _)| path == p)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    let layout_path = "ui/form/layouts/Page150.json";
    let layout = get(layout_path);
    let texts = get("config/texts/resource.nb.json");
    let at = |t: &str| t.rfind("\"id\": \"").map_or(0, |i| i + 7);
    reparse("large app layout", &layout, at(&layout), 200);
    reparse("large app text resources", &texts, at(&texts), 60);

    let corpus = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/altinn/corpus/frontend-test-uifolders/App/ui/Task_2/layouts/form.json"
    );
    match std::fs::read_to_string(corpus) {
        Ok(t) => reparse("largest corpus layout", &t, at(&t), 200),
        Err(_) => println!("largest corpus layout: skipped (../shared not found)"),
    }

    // The whole edit as the language server does it: reparse + incremental model update.
    let mut db = AppDb::from_files(files.clone(), Config::default());
    let mut times = Vec::new();
    let pos = at(&layout) as u32;
    for i in 0..200 {
        let edit = if i % 2 == 0 {
            (TextRange::new(pos, pos), "x".to_string())
        } else {
            (TextRange::new(pos, pos + 1), String::new())
        };
        let t = Instant::now();
        db.edit_file(layout_path, &[edit]);
        times.push(t.elapsed());
    }
    report(
        "large app: AppDb::edit_file (reparse + model update)",
        times,
    );

    // Edits that rebuild more: a space inserted and removed after the opening brace (the file
    // stays valid and means the same; the update still rebuilds what the file feeds).
    for (name, path) in [
        (
            "large app: edit Settings.json (rebuilds the layout sets)",
            "ui/form/Settings.json",
        ),
        (
            "large app: edit applicationmetadata.json (rebuilds everything)",
            "config/applicationmetadata.json",
        ),
    ] {
        let brace = db
            .file(path)
            .expect(path)
            .text
            .find('{')
            .expect("an object") as u32
            + 1;
        let mut times = Vec::new();
        for i in 0..40 {
            let edit = if i % 2 == 0 {
                (TextRange::new(brace, brace), " ".to_string())
            } else {
                (TextRange::new(brace, brace + 1), String::new())
            };
            let t = Instant::now();
            db.edit_file(path, &[edit]);
            times.push(t.elapsed());
        }
        report(name, times);
    }
}
