//! The incremental model update (`AppModel::update`, used by every `AppDb` edit) must give
//! exactly the model a fresh build gives. Random operations on several apps — components
//! added, removed, duplicated, renamed and re-parented, pages added and removed, texts,
//! settings, schemas and metadata edited or broken — are applied one at a time through the
//! same entry points the language server uses, and after each one the model (and now and then
//! every diagnostic) is compared with a database loaded afresh from the same texts.

mod common;
#[path = "../../../tests/support/prereq.rs"]
mod prereq;

use altinn_analysis::config::Config;
use altinn_analysis::db::AppDb;
use altinn_analysis::syntax::TextRange;
use altinn_analysis::testgen::{generate, GenSpec, Rng};
use serde_json::{json, Value};
use std::path::Path;

/// A random char boundary in `text`.
fn random_cut(rng: &mut Rng, text: &str) -> usize {
    let cut = rng.index(text.len());
    (0..=cut)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

fn fresh(db: &AppDb) -> AppDb {
    AppDb::from_files(
        db.files().map(|f| (f.path.clone(), f.text.to_string())),
        Config::default(),
    )
}

/// Writes `new` into the file the way an editor would: one edit covering only the part
/// that differs (half of the time), the whole text, or a `set_file`.
fn write(db: &mut AppDb, rng: &mut Rng, path: &str, new: &str) {
    let Some(old) = db.file(path).map(|f| f.text.to_string()) else {
        db.set_file(path, new.to_string());
        return;
    };
    match rng.index(3) {
        0 => db.set_file(path, new.to_string()),
        1 => {
            db.edit_file(
                path,
                &[(TextRange::new(0, old.len() as u32), new.to_string())],
            );
        }
        _ => {
            let prefix = old
                .char_indices()
                .zip(new.chars())
                .find(|((_, a), b)| a != b)
                .map(|((i, _), _)| i)
                .unwrap_or(old.len().min(new.len()));
            let prefix = (0..=prefix)
                .rev()
                .find(|&i| old.is_char_boundary(i) && new.is_char_boundary(i))
                .unwrap_or(0);
            let mut suffix = 0;
            while suffix < old.len() - prefix
                && suffix < new.len() - prefix
                && old.as_bytes()[old.len() - 1 - suffix] == new.as_bytes()[new.len() - 1 - suffix]
            {
                suffix += 1;
            }
            while !old.is_char_boundary(old.len() - suffix)
                || !new.is_char_boundary(new.len() - suffix)
            {
                suffix -= 1;
            }
            let range = TextRange::new(prefix as u32, (old.len() - suffix) as u32);
            db.edit_file(
                path,
                &[(range, new[prefix..new.len() - suffix].to_string())],
            );
        }
    }
    assert_eq!(
        db.file(path).map(|f| f.text.to_string()).as_deref(),
        Some(new),
        "the edit must produce the intended text of {path}"
    );
}

/// Ids to draw from: the app's own ids (so renames collide and children resolve) and new ones.
fn id_pool(db: &AppDb) -> Vec<String> {
    let mut ids: Vec<String> = db
        .model()
        .sets
        .iter()
        .flat_map(|s| s.components.iter().map(|c| c.id.clone()))
        .collect();
    ids.sort();
    ids.dedup();
    ids.truncate(40);
    ids.extend(["fresh-1", "fresh-2", "x"].map(String::from));
    ids
}

/// One random change to a layout's component list.
fn mutate_layout(rng: &mut Rng, layout: &mut Vec<Value>, pool: &[String]) -> &'static str {
    let n = layout.len();
    let random_id = |rng: &mut Rng| rng.pick(pool).clone();
    match rng.index(8) {
        0 if n > 0 => {
            layout.remove(rng.index(n));
            "remove a component"
        }
        1 if n > 0 => {
            let c = layout[rng.index(n)].clone();
            layout.insert(rng.index(n + 1), c);
            "duplicate a component"
        }
        2 if n > 0 => {
            let i = rng.index(n);
            layout[i]["id"] = json!(random_id(rng));
            "rename a component"
        }
        3 if n > 0 => {
            let i = rng.index(n);
            let kids: Vec<Value> = (0..rng.index(4))
                .map(|k| {
                    let id = random_id(rng);
                    if k == 0 && rng.chance(30) {
                        json!(format!("0:{id}"))
                    } else {
                        json!(id)
                    }
                })
                .collect();
            layout[i]["type"] = json!(if rng.chance(50) {
                "Group"
            } else {
                "RepeatingGroup"
            });
            layout[i]["children"] = Value::Array(kids);
            "set children"
        }
        4 if n > 0 => {
            let i = rng.index(n);
            if let Some(o) = layout[i].as_object_mut() {
                if rng.chance(50) {
                    o.remove("id");
                } else {
                    o.insert("id".into(), json!(7));
                }
            }
            "break an id"
        }
        5 if n > 1 => {
            let (a, b) = (rng.index(n), rng.index(n));
            layout.swap(a, b);
            "swap components"
        }
        6 => {
            let id = random_id(rng);
            let grid = json!({ "id": format!("{id}-grid"), "type": "Grid", "rows": [
                { "header": true, "cells": [{ "text": "t" }] },
                { "cells": [{ "component": id }] } ] });
            layout.insert(rng.index(n + 1), grid);
            "add a grid"
        }
        _ => {
            layout.push(json!({ "id": random_id(rng), "type": "Input",
                "dataModelBindings": { "simpleBinding": "a.b" } }));
            "add a component"
        }
    }
}

fn layout_paths(db: &AppDb) -> Vec<String> {
    db.paths()
        .filter(|p| p.contains("/layouts/") || p.starts_with("ui/layouts/"))
        .map(str::to_string)
        .collect()
}

/// Applies one random operation; returns its description.
fn step(db: &mut AppDb, original: &AppDb, rng: &mut Rng) -> String {
    let layouts = layout_paths(db);
    let all: Vec<String> = db.paths().map(str::to_string).collect();
    let pool = id_pool(db);
    let roll = rng.index(100);
    if roll < 55 && !layouts.is_empty() {
        let path = rng.pick(&layouts).clone();
        let text = db
            .file(&path)
            .map(|f| f.text.to_string())
            .unwrap_or_default();
        let Ok(mut v) = serde_json::from_str::<Value>(&text) else {
            let restored = original
                .file(&path)
                .map(|f| f.text.to_string())
                .unwrap_or_else(|| r#"{"data":{"layout":[]}}"#.into());
            write(db, rng, &path, &restored);
            return format!("restore {path}");
        };
        if rng.chance(8) {
            let cut = random_cut(rng, &text);
            write(db, rng, &path, &text[..cut]);
            return format!("truncate {path} at {cut}");
        }
        if rng.chance(4) {
            write(db, rng, &path, r#"{"data":{}}"#);
            return format!("empty {path}");
        }
        let Some(layout) = v.pointer_mut("/data/layout").and_then(Value::as_array_mut) else {
            write(db, rng, &path, r#"{"data":{"layout":[]}}"#);
            return format!("give {path} a layout");
        };
        let what = mutate_layout(rng, layout, &pool);
        let new = if rng.chance(50) {
            serde_json::to_string_pretty(&v)
        } else {
            serde_json::to_string(&v)
        }
        .unwrap_or_default();
        write(db, rng, &path, &new);
        return format!("{what} in {path}");
    }
    if roll < 65 && !layouts.is_empty() {
        // Pages coming and going.
        let path = rng.pick(&layouts).clone();
        if rng.chance(50) {
            db.remove_file(&path);
            return format!("remove {path}");
        }
        let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        let new = format!("{folder}New{}.json", rng.index(3));
        let mut layout = Vec::new();
        for _ in 0..rng.index(4) {
            mutate_layout(rng, &mut layout, &pool);
        }
        let text = json!({ "data": { "layout": layout } }).to_string();
        db.set_file(&new, text);
        return format!("add {new}");
    }
    // Any other file: break it, restore it, or change a value in it.
    let path = rng.pick(&all).clone();
    let text = db
        .file(&path)
        .map(|f| f.text.to_string())
        .unwrap_or_default();
    let restored = original.file(&path).map(|f| f.text.to_string());
    match rng.index(4) {
        0 => {
            let cut = random_cut(rng, &text);
            write(db, rng, &path, &text[..cut]);
            format!("truncate {path} at {cut}")
        }
        1 if restored.is_some() => {
            write(db, rng, &path, restored.as_deref().unwrap_or(""));
            format!("restore {path}")
        }
        2 => {
            // A text key, a page order entry, a field name or a class ref: change one
            // string value somewhere in the file.
            let quotes: Vec<usize> = text.match_indices('"').map(|(i, _)| i).collect();
            if quotes.len() < 2 {
                return format!("nothing to change in {path}");
            }
            let q = rng.index(quotes.len() / 2) * 2;
            let at = quotes[q] + 1;
            let word = rng.pick(&pool).clone();
            let mut new = text.clone();
            new.insert_str(at, &word);
            write(db, rng, &path, &new);
            format!("insert '{word}' into {path} at {at}")
        }
        _ => {
            if rng.chance(50) && !path.starts_with("ui/") {
                db.remove_file(&path);
                return format!("remove {path}");
            }
            if let Some(r) = restored {
                db.set_file(&path, r);
            }
            format!("set {path} to its original")
        }
    }
}

fn run(name: &str, files: Vec<(String, String)>, seed: u64, steps: usize) {
    let original = AppDb::from_files(files.clone(), Config::default());
    let mut db = AppDb::from_files(files, Config::default());
    let mut rng = Rng(seed);
    let mut log = Vec::new();
    for i in 0..steps {
        let what = step(&mut db, &original, &mut rng);
        log.push(what);
        let expected = fresh(&db);
        if db.model() != expected.model() {
            let recent = log[log.len().saturating_sub(5)..].join("\n  ");
            panic!(
                "{name} (seed {seed}): after step {i} the incremental model differs from a fresh build.\nLast steps:\n  {recent}\nincremental: {:#?}\nfresh: {:#?}",
                db.model().sets,
                expected.model().sets
            );
        }
        if i % 10 == 0 {
            assert_eq!(
                common::render(&db, &db.check_all()),
                common::render(&expected, &expected.check_all()),
                "{name} (seed {seed}): diagnostics differ after step {i} ({})",
                log[i]
            );
        }
    }
}

#[test]
fn base_app_model_stays_equal_to_a_fresh_build() {
    for seed in [1, 2, 3, 4] {
        run("base app", common::base_app(), seed, 250);
    }
}

#[test]
fn generated_app_model_stays_equal_to_a_fresh_build() {
    let files = generate(GenSpec {
        pages: 8,
        components_per_page: 6,
        fields: 30,
        languages: 2,
    });
    for seed in [11, 12] {
        run("generated app", files.clone(), seed, 250);
    }
}

fn read_app(dir: &Path) -> Vec<(String, String)> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, base, out);
            } else if let (Ok(rel), Ok(bytes)) = (p.strip_prefix(base), std::fs::read(&p)) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.push((rel, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn corpus_app_models_stay_equal_to_a_fresh_build() {
    let Some(corpus) = prereq::shared(
        "altinn/corpus",
        "corpus_app_models_stay_equal_to_a_fresh_build",
    ) else {
        return;
    };
    let corpus = corpus.as_path();
    // One app of each generation, and the largest.
    for (i, name) in [
        "designer-app-without-layoutsets",
        "frontend-test-uifolders",
        "subform-test",
        "designer-testdata-app",
    ]
    .iter()
    .enumerate()
    {
        let files = read_app(&corpus.join(name).join("App"));
        assert!(!files.is_empty(), "corpus app {name} has no App folder");
        run(name, files, 100 + i as u64, 120);
    }
}
