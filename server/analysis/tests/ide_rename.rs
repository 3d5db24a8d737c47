//! Rename: edits in every file, applied and re-checked; refusals with clear messages.
mod common;

use altinn_analysis::ide::{self, FileEdit};
use altinn_analysis::AppDb;
use common::{base_app, db, render};

/// Applies edits (any order, non-overlapping) to the app's files.
pub fn apply(files: &[(String, String)], edits: &[FileEdit]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = files.to_vec();
    let mut sorted: Vec<&FileEdit> = edits.iter().collect();
    sorted.sort_by(|a, b| (&b.file, b.range.start).cmp(&(&a.file, a.range.start)));
    for w in sorted.windows(2) {
        assert!(
            w[0].file != w[1].file || w[1].range.end <= w[0].range.start,
            "overlapping edits {w:?}"
        );
    }
    for e in sorted {
        match out.iter_mut().find(|(p, _)| *p == e.file) {
            Some((_, text)) => {
                text.replace_range(e.range.start as usize..e.range.end as usize, &e.new_text)
            }
            None => {
                assert!(
                    e.range.is_empty() && e.range.start == 0,
                    "edit of a missing file {e:?}"
                );
                out.push((e.file.clone(), e.new_text.clone()));
            }
        }
    }
    out
}

fn off_in(db: &AppDb, path: &str, needle: &str, delta: u32) -> u32 {
    db.file(path)
        .expect("file")
        .text
        .find(needle)
        .expect("needle") as u32
        + delta
}

fn diagnostics(files: Vec<(String, String)>) -> String {
    let db = db(files);
    render(&db, &db.check_all())
}

const PAGE1: &str = "ui/form/layouts/Page1.json";
const PAGE2: &str = "ui/form/layouts/Page2.json";

#[test]
fn component_id_rename_updates_every_reference() {
    let files = base_app();
    let db = db(files.clone());
    let off = off_in(&db, PAGE2, "\"componentRef\": \"name\"", 18);
    let (range, name) = ide::prepare_rename(&db, PAGE2, off).unwrap();
    assert_eq!(name, "name");
    assert_eq!(db.file(PAGE2).unwrap().slice(range), "name");
    let edits = ide::rename(&db, PAGE2, off, "full-name").unwrap();
    let files2 = apply(&files, &edits);
    assert_eq!(edits.len(), 2, "{edits:?}");
    assert!(files2
        .iter()
        .any(|(p, t)| p == PAGE1 && t.contains("\"id\": \"full-name\"")));
    assert!(files2
        .iter()
        .any(|(p, t)| p == PAGE2 && t.contains("\"componentRef\": \"full-name\"")));
    assert_eq!(diagnostics(files2), "(no diagnostics)\n");
}

#[test]
fn component_id_rename_refusals() {
    let db = db(base_app());
    let off = off_in(&db, PAGE1, "\"id\": \"name\"", 8);
    let taken = ide::rename(&db, PAGE1, off, "age").unwrap_err();
    assert!(taken.contains("already used on page 'Page1'"), "{taken}");
    let bad = ide::rename(&db, PAGE1, off, "name-2").unwrap_err();
    assert!(bad.contains("not a valid component id"), "{bad}");
    let bad = ide::rename(&db, PAGE1, off, "my name").unwrap_err();
    assert!(bad.contains("not a valid component id"), "{bad}");
}

#[test]
fn text_key_rename_in_every_language_and_use() {
    let files = base_app();
    let db = db(files.clone());
    let off = off_in(&db, PAGE1, "\"age.title\"", 2);
    let edits = ide::rename(&db, PAGE1, off, "person.age").unwrap();
    let mut where_: Vec<&str> = edits.iter().map(|e| e.file.as_str()).collect();
    where_.sort();
    assert_eq!(
        where_,
        [
            "config/texts/resource.en.json",
            "config/texts/resource.nb.json",
            PAGE1
        ]
    );
    assert_eq!(diagnostics(apply(&files, &edits)), "(no diagnostics)\n");
    let taken = ide::rename(&db, PAGE1, off, "name.title").unwrap_err();
    assert!(taken.contains("already exists"), "{taken}");
}

#[test]
fn data_model_field_rename_edits_bindings_expressions_variables_and_schema() {
    let files = base_app();
    let db = db(files.clone());
    // The cursor on `Name` of `Person.Name`: the field `Name` is renamed.
    let off = off_in(&db, PAGE1, "\"Person.Name\"", 9);
    let (range, name) = ide::prepare_rename(&db, PAGE1, off).unwrap();
    assert_eq!(
        (db.file(PAGE1).unwrap().slice(range), name.as_str()),
        ("Name", "Name")
    );
    let edits = ide::rename(&db, PAGE1, off, "FullName").unwrap();
    let files2 = apply(&files, &edits);
    let get = |p: &str| files2.iter().find(|(x, _)| x == p).unwrap().1.clone();
    assert!(get(PAGE1).contains("\"simpleBinding\": \"Person.FullName\""));
    assert!(get(PAGE1).contains("[\"dataModel\", \"Person.FullName\"]"));
    assert!(get("config/texts/resource.nb.json").contains("\"key\": \"Person.FullName\""));
    assert!(get("models/model.schema.json").contains("\"FullName\": { \"type\": \"string\""));
    assert_eq!(diagnostics(files2), "(no diagnostics)\n");

    // Renaming a group field renames the prefix of the paths below it.
    let off = off_in(&db, PAGE2, "\"Pets\"", 2);
    let edits = ide::rename(&db, PAGE2, off, "Animals").unwrap();
    let files3 = apply(&files, &edits);
    let p2 = &files3.iter().find(|(x, _)| x == PAGE2).unwrap().1;
    assert!(
        p2.contains("\"Animals.Species\"") && p2.contains("\"Animals.PetName\""),
        "{p2}"
    );
    assert_eq!(diagnostics(files3), "(no diagnostics)\n");

    let taken =
        ide::rename(&db, PAGE1, off_in(&db, PAGE1, "\"Person.Name\"", 9), "Age").unwrap_err();
    assert!(taken.contains("already has a field 'Age'"), "{taken}");
}

#[test]
fn page_rename_returns_reference_edits_and_the_file_rename() {
    let files = base_app();
    let db = db(files.clone());
    let settings = "ui/form/Settings.json";
    let off = off_in(&db, settings, "\"Page2\"", 2);
    let edits = ide::rename(&db, settings, off, "Summary").unwrap();
    assert_eq!(edits.len(), 1);
    let renames = ide::file_renames(&db, settings, off, "Summary");
    assert_eq!(renames.len(), 1);
    assert_eq!(renames[0].old, PAGE2);
    assert_eq!(renames[0].new, "ui/form/layouts/Summary.json");
    // Applying both gives a valid app.
    let mut files2 = apply(&files, &edits);
    for (p, _) in files2.iter_mut() {
        if *p == renames[0].old {
            *p = renames[0].new.clone();
        }
    }
    assert_eq!(diagnostics(files2), "(no diagnostics)\n");
    let taken = ide::rename(&db, settings, off, "page1").unwrap_err();
    assert!(taken.contains("already exists"), "{taken}");
    assert!(ide::rename(&db, settings, off, "a b")
        .unwrap_err()
        .contains("not a valid page name"));
}

#[test]
fn layout_set_rename_and_refusals() {
    let files = base_app();
    let db = db(files.clone());
    let sets = "ui/layout-sets.json";
    let off = off_in(&db, sets, "\"form\"", 2);
    let edits = ide::rename(&db, sets, off, "main").unwrap();
    assert_eq!(edits.len(), 1);
    let renames = ide::file_renames(&db, sets, off, "main");
    assert_eq!(renames.len(), 3, "{renames:?}");
    let mut files2 = apply(&files, &edits);
    for (p, _) in files2.iter_mut() {
        if let Some(r) = renames.iter().find(|r| r.old == *p) {
            *p = r.new.clone();
        }
    }
    assert_eq!(diagnostics(files2), "(no diagnostics)\n");
    // A task id here renames the task (ide_rename_task.rs), not the set.
    let off = off_in(&db, sets, "\"Task_1\"", 2);
    assert_eq!(ide::prepare_rename(&db, sets, off).unwrap().1, "Task_1");
}

#[test]
fn file_upload_rename_also_renames_its_data_type() {
    let files = base_app();
    let db = db(files.clone());
    let off = off_in(&db, PAGE2, "\"id\": \"upload\"", 8);
    let edits = ide::rename(&db, PAGE2, off, "documents").unwrap();
    assert!(
        edits
            .iter()
            .any(|e| e.file == "config/applicationmetadata.json"),
        "{edits:?}"
    );
    assert_eq!(diagnostics(apply(&files, &edits)), "(no diagnostics)\n");
    // Another component may not take a data type's id.
    let off = off_in(&db, PAGE1, "\"id\": \"name\"", 8);
    let err = ide::rename(&db, PAGE1, off, "attachments").unwrap_err();
    assert!(err.contains("data type id"), "{err}");
}

/// Issue 15, medium 6: a page named `../../…/victim` in Settings.json made `file_renames`
/// return a rename whose old path (`ui/form/layouts/../../../../victim.json`) lies outside the
/// app; before the fix this test failed on the first assert (one rename was returned).
#[test]
fn a_page_named_like_a_path_never_renames_a_file_outside_the_app() {
    let mut files = base_app();
    for (p, text) in files.iter_mut() {
        if p == "ui/form/Settings.json" {
            *text = text.replace("\"Page2\"", "\"../../../../../home/victim/.bashrc\"");
        }
    }
    let db = db(files);
    let settings = "ui/form/Settings.json";
    let off = off_in(&db, settings, "\"../../", 2);
    let renames = ide::file_renames(&db, settings, off, "Summary");
    assert!(renames.is_empty(), "{renames:?}");
    let err = ide::rename(&db, settings, off, "Summary").unwrap_err();
    assert!(err.contains("not a page file of this app"), "{err}");
}
