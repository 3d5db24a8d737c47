//! IDE requests on deeply nested JSON (a bad paste, text being typed) must not overflow the
//! stack, and the tree they walk is cut at `MAX_DEPTH` levels whatever the input's nesting (so
//! their recursion and work are bounded by that cut, not by the input; no wall time is measured).
//! Found by the LSP-level fuzzer (`server/cli/tests/lsp_fuzz.rs`):
//! hover in a `ui/Settings.json` holding ~70,000 nested `[` overflowed the language server's
//! state thread (a fatal abort, not a recoverable panic) in `is_expr_array`, which recursed
//! once per nesting level.

mod common;
use altinn_analysis::ide;
use altinn_analysis::syntax::{parse_json, Json, JsonKind, MAX_DEPTH};
use common::*;

/// Levels of the parsed tree (iterative: the tree may be deep).
fn depth(root: &Json) -> usize {
    let (mut max, mut stack) = (0, vec![(root, 1)]);
    while let Some((j, d)) = stack.pop() {
        max = max.max(d);
        match &j.kind {
            JsonKind::Array(items) => stack.extend(items.iter().map(|x| (x, d + 1))),
            JsonKind::Object(members) => stack.extend(members.iter().map(|m| (&m.value, d + 1))),
            _ => {}
        }
    }
    max
}

/// What every IDE request walks, the parsed tree, is at most MAX_DEPTH (+ the cut node and
/// the root) levels deep, however deep the input.
fn assert_bounded(path: &str, text: &str) -> usize {
    let d = parse_json(text).root.as_ref().map_or(0, depth);
    assert!(d <= MAX_DEPTH + 2, "{path}: parsed tree {d} levels deep");
    d
}

/// Every IDE entry point at offsets spread over the file (and at its end).
fn every_request(db: &altinn_analysis::AppDb, path: &str) {
    let len = db.file(path).expect("file").text.len() as u32;
    let _ = ide::document_symbols(db, path);
    let _ = ide::document_links(db, path);
    let _ = ide::folding_ranges(db, path);
    let _ = db.check_file(path);
    let step = (len / 20).max(1);
    let mut offsets: Vec<u32> = (0..=len).step_by(step as usize).collect();
    offsets.extend([len.saturating_sub(3), len]);
    for off in offsets {
        let _ = ide::hover(db, path, off);
        let _ = ide::completion_list(db, path, off, 50);
        let _ = ide::definition(db, path, off);
        let _ = ide::references(db, path, off, true);
        let _ = ide::prepare_rename(db, path, off);
        let _ = ide::rename(db, path, off, "renamed");
        let r = altinn_analysis::TextRange::new(off, off);
        let _ = ide::code_actions(db, path, r, &[]);
    }
}

fn run_on_small_stack(f: impl FnOnce() + Send + 'static) {
    // The language server's state thread has the default 2 MiB stack.
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("no panic");
}

#[test]
fn deeply_nested_arrays_and_objects_in_expression_places() {
    run_on_small_stack(|| {
        let arrays = "[".repeat(100_000);
        let exprs = format!(
            "{}\"equals\", {}",
            "[".repeat(50_000),
            "[\"component\", \"x\"".repeat(20_000)
        );
        let objects = "{\"a\": ".repeat(50_000);
        for (path, text) in [
            (
                "ui/Settings.json",
                format!("{{\"pages\": {{\"order\": {arrays}"),
            ),
            ("ui/form/Settings.json", format!("{{\"hidden\": {exprs}")),
            (
                "ui/form/layouts/Page1.json",
                format!("{{\"data\": {{\"layout\": [{{\"id\": \"a\", \"hidden\": {arrays}"),
            ),
            (
                "ui/form/layouts/Page2.json",
                format!("{{\"data\": {{\"layout\": [{objects}"),
            ),
            ("ui/layout-sets.json", format!("{{\"sets\": [{exprs}")),
        ] {
            assert_bounded(path, &text);
            let db = db(with(base_app(), &[(path, &text)]));
            every_request(&db, path);
            // References and rename of a text key walk every file, the deep one too.
            let texts = "config/texts/resource.nb.json";
            let at = db
                .file(texts)
                .expect("texts")
                .text
                .find("name.title")
                .expect("key") as u32;
            assert!(!ide::references(&db, texts, at + 1, true).is_empty());
            let _ = ide::rename(&db, texts, at + 1, "name.title2");
        }
    });
}

/// The inputs above are unterminated, so the parser's recovery already keeps them flat. Closed
/// nesting is parsed for real: the tree is cut at exactly MAX_DEPTH levels, with the error that
/// says so, and every request on it stays within the small stack.
#[test]
fn closed_deep_nesting_is_cut_at_max_depth() {
    run_on_small_stack(|| {
        let n = 5_000;
        let hidden = format!("{}true{}", "[".repeat(n), "]".repeat(n));
        let path = "ui/form/layouts/Page1.json";
        let text = format!(
            "{{\"data\": {{\"layout\": [{{\"id\": \"a\", \"type\": \"Input\", \"hidden\": {hidden}}}]}}}}"
        );
        // root object, "data", "layout" array, component, then the cut array levels
        assert_eq!(assert_bounded(path, &text), MAX_DEPTH + 2);
        let cut = format!("Nesting deeper than {MAX_DEPTH} levels is not checked");
        let errors = parse_json(&text).errors;
        assert!(errors.iter().any(|e| e.message == cut), "{errors:?}");
        let db = db(with(base_app(), &[(path, &text)]));
        every_request(&db, path);
    });
}
