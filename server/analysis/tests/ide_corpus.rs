//! Every IDE feature at many offsets of every file of the corpus apps: no panic, ranges inside
//! the file, and names that resolve where the model says they exist.
mod common;
#[path = "../../../tests/support/prereq.rs"]
mod prereq;

use altinn_analysis::config::Config;
use altinn_analysis::ide;
use altinn_analysis::AppDb;
use std::path::{Path, PathBuf};

fn read_app(app: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![app.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                let rel = p
                    .strip_prefix(app)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, text));
            }
        }
    }
    out
}

fn apps(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root).unwrap().flatten() {
        let app = e.path().join("App");
        if app.join("config/applicationmetadata.json").is_file() {
            out.push(app);
        }
    }
    out.sort();
    out
}

#[test]
fn every_feature_everywhere_without_panic() {
    let Some(root) = prereq::shared("altinn/corpus", "every_feature_everywhere_without_panic")
    else {
        return;
    };
    let mut calls = 0usize;
    let mut resolved = 0usize;
    for app in apps(&root) {
        let db = AppDb::from_files(read_app(&app), Config::default());
        let paths: Vec<String> = db.paths().map(str::to_string).collect();
        for path in &paths {
            let len = db.file(path).unwrap().text.len() as u32;
            let inside = |r: altinn_analysis::TextRange| r.start <= r.end && r.end <= len;
            for s in ide::document_symbols(&db, path) {
                assert!(
                    inside(s.range) && s.range.contains_range(s.selection_range),
                    "{path}: {s:?}"
                );
            }
            for l in ide::document_links(&db, path) {
                assert!(inside(l.range), "{path}");
            }
            for r in ide::folding_ranges(&db, path) {
                assert!(inside(r), "{path}");
            }
            let step = (len / 250).max(5);
            let mut off = 0;
            while off <= len {
                calls += 1;
                for it in ide::completion(&db, path, off) {
                    if let Some(r) = it.replace_range {
                        assert!(
                            inside(r) && r.contains_inclusive(off),
                            "{path}@{off}: {it:?}"
                        );
                    }
                }
                if let Some(h) = ide::hover(&db, path, off) {
                    assert!(inside(h.range), "{path}@{off}");
                }
                let defs = ide::definition(&db, path, off);
                for d in &defs {
                    let f = db
                        .file(&d.file)
                        .unwrap_or_else(|| panic!("{path}@{off}: {d:?}"));
                    assert!(d.range.end as usize <= f.text.len());
                }
                resolved += usize::from(!defs.is_empty());
                if let Ok((r, _)) = ide::prepare_rename(&db, path, off) {
                    assert!(inside(r), "{path}@{off}");
                }
                off += step;
            }
        }
    }
    assert!(calls > 10_000, "{calls}");
    // Plenty of names in real apps resolve to their declarations.
    assert!(resolved > 500, "{resolved} of {calls}");
}

#[test]
fn references_and_rename_on_corpus_component_ids() {
    let Some(root) = prereq::shared(
        "altinn/corpus",
        "references_and_rename_on_corpus_component_ids",
    ) else {
        return;
    };
    let mut renamed = 0;
    for app in apps(&root) {
        let db = AppDb::from_files(read_app(&app), Config::default());
        for set in &db.model().sets {
            // The first component referenced as a child: references include the child entry.
            for c in set.components.iter().take(3) {
                let refs = ide::references(&db, &c.file, c.id_range.start + 1, true);
                assert!(
                    refs.iter()
                        .any(|l| l.file == c.file && l.range == c.id_range),
                    "{}: {} {refs:?}",
                    c.file,
                    c.id
                );
                if let Ok(edits) =
                    ide::rename(&db, &c.file, c.id_range.start + 1, "renamed-by-test")
                {
                    assert!(!edits.is_empty());
                    renamed += 1;
                }
            }
        }
    }
    assert!(renamed > 10, "{renamed}");
}
