//! The checks behind the fuzz targets in `fuzz/` (each target is a one-line wrapper), shared
//! with `tests/fuzz_regressions.rs`, which replays the inputs the fuzzers found.
//!
//! Every function takes raw fuzzer bytes and panics when an invariant breaks.
#![allow(dead_code)]

use altinn_analysis::config::Config;
use altinn_analysis::syntax::{
    parse_js_objects, parse_json, parse_xml, Json, JsonKind, LineIndex, PositionEncoding, TextRange,
};
use altinn_analysis::{ide, AppDb};

fn check_range(text: &str, r: TextRange, what: &str) {
    assert!(
        r.start <= r.end && r.end as usize <= text.len(),
        "{what} range {r:?} outside text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start as usize) && text.is_char_boundary(r.end as usize),
        "{what} range {r:?} splits a character"
    );
}

// ---- json_parse ----
/// Compares our tree with serde_json's value (objects without repeated keys only).
fn same(ours: &Json, theirs: &serde_json::Value) -> bool {
    match (&ours.kind, theirs) {
        (JsonKind::Null, serde_json::Value::Null) => true,
        (JsonKind::Bool(a), serde_json::Value::Bool(b)) => a == b,
        (JsonKind::Number(a), serde_json::Value::Number(b)) => match b.as_f64() {
            Some(b) if b.is_finite() && a.is_finite() => (a - b).abs() <= a.abs().max(1.0) * 1e-12,
            _ => true,
        },
        (JsonKind::String(a), serde_json::Value::String(b)) => a == b,
        (JsonKind::Array(a), serde_json::Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (JsonKind::Object(a), serde_json::Value::Object(b)) => {
            if a.len() != b.len() {
                // Repeated keys: serde keeps one of them.
                return true;
            }
            a.iter()
                .all(|m| b.get(&m.key).is_some_and(|v| same(&m.value, v)))
        }
        // Deeper than our depth limit.
        (JsonKind::Invalid, _) => true,
        _ => false,
    }
}

/// JSON parsing: no panic, every range inside the text and on character boundaries, cursor
/// lookups and line/column conversions at any offset, and agreement with serde_json on the
/// values of documents serde_json accepts.
pub fn json_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let doc = parse_json(text);
    for e in &doc.errors {
        check_range(text, e.range, "error");
        assert!(!e.message.is_empty());
    }
    let len = text.len() as u32;
    let offsets: Vec<u32> = [0, len / 3, len / 2, len, len + 1]
        .into_iter()
        .chain(data.iter().take(4).map(|b| (*b as u32 * (len + 1)) / 255))
        .collect();
    if let Some(root) = &doc.root {
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            check_range(text, v.range, "value");
            // An unterminated string has no closing quote to strip, so its content range may end
            // inside the last character; consumers read ranges with `get` and positions floor.
            let c = v.content_range();
            assert!(
                c.start <= c.end && c.end as usize <= text.len(),
                "content {c:?}"
            );
            match &v.kind {
                JsonKind::Object(members) => {
                    for m in members {
                        check_range(text, m.key_range, "key");
                        check_range(text, m.range(), "member");
                        stack.push(&m.value);
                    }
                }
                JsonKind::Array(items) => stack.extend(items.iter()),
                _ => {}
            }
        }
        for &o in &offsets {
            for step in root.node_at(o) {
                check_range(text, step.value().range, "node_at");
            }
        }
        if doc.errors.is_empty() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
                assert!(same(root, &v), "tree differs from serde_json's value");
            }
        }
    }
    if serde_json::from_str::<serde_json::Value>(text).is_ok() && !text.starts_with('\u{feff}') {
        assert!(
            doc.errors
                .iter()
                .all(|e| e.kind != altinn_analysis::syntax::SyntaxErrorKind::Error),
            "syntax errors on JSON serde_json accepts: {:?}",
            doc.errors
        );
    }
    let idx = LineIndex::new(text);
    for &o in &offsets {
        for enc in [PositionEncoding::Utf8, PositionEncoding::Utf16] {
            let p = idx.position(text, o, enc);
            let back = idx.offset(text, p, enc);
            assert!(back <= len);
            if o <= len && text.is_char_boundary(o as usize) {
                assert_eq!(back, o, "position {p:?} of offset {o} maps back to {back}");
            }
        }
    }
}

// ---- xml_parse ----
/// XML parsing: no panic, every range inside the text and on character boundaries.
pub fn xml_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let doc = parse_xml(text);
    for e in &doc.errors {
        check_range(text, e.range, "error");
    }
    if let Some(root) = &doc.root {
        let mut count = 0usize;
        let mut stack = vec![root];
        while let Some(el) = stack.pop() {
            count += 1;
            check_range(text, el.range, "element");
            check_range(text, el.name_range, "name");
            if let Some(r) = el.text_range {
                check_range(text, r, "text");
            }
            for a in &el.attrs {
                check_range(text, a.name_range, "attribute name");
                check_range(text, a.value_range, "attribute value");
            }
            let _ = (
                el.local_name(),
                el.prefix(),
                el.attr_value("id"),
                el.child("process"),
            );
            stack.extend(el.children.iter());
        }
        assert_eq!(root.descendants().len() + 1, count);
    }
}

// ---- js_parse ----
/// RuleHandler.js parsing: no panic, every range inside the text and on character boundaries.
pub fn js_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let doc = parse_js_objects(text);
    for e in &doc.errors {
        check_range(text, e.range, "error");
    }
    for o in &doc.objects {
        check_range(text, o.name_range, "object name");
        for p in &o.properties {
            check_range(text, p.name_range, "property name");
        }
    }
    let _ = doc.object("ruleHandlerObject");
}

// ---- app_check ----
/// App paths of the NUL-separated parts; `{set}` and `{model}` come from layout-sets.json.
const SLOTS: &[&str] = &[
    "ui/layout-sets.json",
    "ui/{set}/layouts/Page1.json",
    "ui/{set}/Settings.json",
    "config/texts/resource.nb.json",
    "models/{model}.schema.json",
    "config/process/process.bpmn",
    "config/applicationmetadata.json",
    "ui/{set}/RuleConfiguration.json",
    "ui/{set}/RuleHandler.js",
    "ui/{set}/layouts/Page2.json",
    "options/list.json",
    "config/authorization/policy.xml",
    "config/texts/resource.en.json",
    "ui/layouts/Side1.json",
    "ui/Settings.json",
];

fn segment(s: Option<&str>, default: &str) -> String {
    match s {
        Some(s) if !s.is_empty() && s.len() < 40 && !s.contains(['/', '\\', '\0']) && s != ".." => {
            s.to_string()
        }
        _ => default.to_string(),
    }
}

fn in_file(db: &AppDb, file: &str, r: TextRange, what: &str) {
    if let Some(f) = db.file(file) {
        assert!(
            r.start <= r.end && r.end as usize <= f.text.len(),
            "{what} range {r:?} outside {file} ({} bytes)",
            f.text.len()
        );
    }
}

/// A whole app built from fuzzed files: `AppDb::from_files`, `check_all`, and the IDE features
/// at fuzzed offsets. No panic; every diagnostic and result range inside its file.
///
/// Input: 4 header bytes (offset seeds), then the files separated by NUL bytes, in the order
/// of [`SLOTS`]. The layout set folder and data model name are taken from the fuzzed
/// layout-sets.json (first set) so cross-file references line up, as in a real app.
pub fn app_check(data: &[u8]) {
    if data.len() < 4 {
        return;
    }
    let (head, body) = data.split_at(4);
    let parts: Vec<String> = body
        .split(|b| *b == 0)
        .take(SLOTS.len())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    let sets = parse_json(&parts[0]);
    let first = sets
        .root
        .as_ref()
        .and_then(|r| r.get("sets"))
        .and_then(|s| s.as_array())
        .and_then(|a| a.first());
    let set = segment(first.and_then(|s| s.get_str("id")), "form");
    let model = segment(first.and_then(|s| s.get_str("dataType")), "model");
    let files: Vec<(String, String)> = parts
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            (
                SLOTS[i].replace("{set}", &set).replace("{model}", &model),
                text,
            )
        })
        .collect();
    let db = AppDb::from_files(files, Config::default());
    let all = db.check_all();
    for d in &all {
        in_file(&db, &d.file, d.range, d.code.as_str());
        for r in &d.related {
            in_file(&db, &r.file, r.range, "related");
        }
        assert!(!d.message.is_empty());
    }
    let paths: Vec<String> = db.paths().map(str::to_string).collect();
    // check_file of one fuzzed file must be exactly that file's share of check_all.
    if !paths.is_empty() {
        let path = &paths[head[0] as usize % paths.len()];
        let mine: Vec<_> = all.iter().filter(|d| &d.file == path).cloned().collect();
        let mut diags = db.check_file(path);
        diags.sort_by_key(|d| (d.range.start, d.code));
        assert_eq!(
            diags.len(),
            mine.len(),
            "check_file({path}) != its part of check_all"
        );
    }
    let mut renamed = false;
    for (i, path) in paths.iter().enumerate() {
        let len = db.file(path).map(|f| f.text.len() as u32).unwrap_or(0);
        let seed = u32::from_le_bytes([
            head[i % 4],
            head[(i + 1) % 4],
            head[(i + 2) % 4],
            head[(i + 3) % 4],
        ]);
        // Mostly inside the text, sometimes at or past its end.
        let o = seed % (len + 2);
        for c in ide::completion(&db, path, o) {
            let _ = c.label;
        }
        if let Some(h) = ide::hover(&db, path, o) {
            in_file(&db, path, h.range, "hover");
        }
        for l in ide::definition(&db, path, o) {
            in_file(&db, &l.file, l.range, "definition");
        }
        for l in ide::references(&db, path, o, true) {
            in_file(&db, &l.file, l.range, "reference");
        }
        if let Ok((r, _)) = ide::prepare_rename(&db, path, o) {
            in_file(&db, path, r, "prepare_rename");
            if !renamed {
                renamed = true;
                if let Ok(edits) = ide::rename(&db, path, o, "renamed_x") {
                    for e in edits {
                        in_file(&db, &e.file, e.range, "rename edit");
                    }
                }
            }
        }
        let r = TextRange::new(o.min(len), o.min(len));
        let diags: Vec<_> = all.iter().filter(|d| &d.file == path).cloned().collect();
        let _ = ide::code_actions(&db, path, r, &diags);
        if seed & 1 == 0 {
            for s in ide::document_symbols(&db, path) {
                in_file(&db, path, s.range, "symbol");
            }
            for l in ide::document_links(&db, path) {
                in_file(&db, path, l.range, "link");
            }
            for r in ide::folding_ranges(&db, path) {
                in_file(&db, path, r, "folding");
            }
        }
    }
}

// ---- incremental_edit ----
macro_rules! app_file {
    ($p:literal) => {
        (
            $p,
            include_str!(concat!("../../../cli/tests/fixtures/tiny-app/App/", $p)),
        )
    };
}

/// The fixture app the edited file lives in.
const APP: &[(&str, &str)] = &[
    app_file!("options/species.json"),
    app_file!("ui/form/layouts/Page1.json"),
    app_file!("ui/form/layouts/Page2.json"),
    app_file!("ui/form/Settings.json"),
    app_file!("ui/layout-sets.json"),
    app_file!("config/process/process.bpmn"),
    app_file!("config/applicationmetadata.json"),
    app_file!("config/texts/resource.nb.json"),
    app_file!("config/texts/resource.en.json"),
    app_file!("models/model.schema.json"),
];

const EDITED: &[&str] = &[
    "ui/form/layouts/Page1.json",
    "ui/form/Settings.json",
    "ui/layout-sets.json",
    "config/texts/resource.nb.json",
    "models/model.schema.json",
    "config/applicationmetadata.json",
    "options/species.json",
    "config/process/process.bpmn",
    "ui/form/RuleHandler.js",
    "ui/form/RuleConfiguration.json",
];

/// Incremental edits: `AppDb::edit_file` with fuzzed ranges and texts, then the diagnostics
/// must equal those of a fresh database opened on the final texts (and for error-free JSON the
/// trees must be equal too).
///
/// Input: byte 0 picks the edited file; then its initial text up to the first NUL; then edits,
/// each `[start lo, start hi, removed length, inserted length, inserted bytes...]`.
pub fn incremental_edit(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let path = EDITED[pick as usize % EDITED.len()];
    let (initial, mut edits) = match rest.iter().position(|b| *b == 0) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let initial = String::from_utf8_lossy(initial).into_owned();
    let mut files: Vec<(String, String)> = APP
        .iter()
        .filter(|(p, _)| *p != path)
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    files.push((path.to_string(), initial));
    let mut db = AppDb::from_files(files.clone(), Config::default());
    let _ = db.check_all();
    let mut batch = Vec::new();
    while edits.len() >= 4 {
        let start = u16::from_le_bytes([edits[0], edits[1]]) as u32;
        let removed = edits[2] as u32;
        let n = (edits[3] as usize).min(edits.len() - 4);
        let inserted = String::from_utf8_lossy(&edits[4..4 + n]).into_owned();
        edits = &edits[4 + n..];
        let len = db.file(path).map(|f| f.text.len() as u32).unwrap_or(0);
        // Mostly inside the text, sometimes past its end.
        let start = start % (len + 2);
        batch.push((TextRange::new(start, start + removed), inserted));
        // Apply in batches of two so multi-edit changes are covered too.
        if batch.len() == 2 {
            db.edit_file(path, &batch);
            batch.clear();
        }
    }
    if !batch.is_empty() {
        db.edit_file(path, &batch);
    }
    let incremental = db.check_all();
    let final_text = db
        .file(path)
        .map(|f| f.text.to_string())
        .unwrap_or_default();
    let last = files.len() - 1;
    files[last].1 = final_text.clone();
    let fresh_db = AppDb::from_files(files, Config::default());
    let fresh = fresh_db.check_all();
    assert_eq!(
        incremental, fresh,
        "diagnostics after edits differ from a fresh parse of {final_text:?}"
    );
    // The incrementally updated cross-file index equals a fresh build.
    assert!(
        db.model() == fresh_db.model(),
        "the model after edits differs from a fresh build for {final_text:?}"
    );
    if let (Some(a), Some(b)) = (db.file(path), fresh_db.file(path)) {
        if let (Some(a), Some(b)) = (a.json(), b.json()) {
            if b.errors.is_empty() {
                assert_eq!(
                    a.root, b.root,
                    "tree after edits differs from a fresh parse"
                );
            }
        }
    }
}
