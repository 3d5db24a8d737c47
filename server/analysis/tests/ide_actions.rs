//! Quick fixes: applying the edits gives valid JSON and makes the diagnostic go away.
mod common;

use altinn_analysis::check::codes::{AL0004, AL0203};
use altinn_analysis::ide::{self, FileEdit};
use altinn_analysis::syntax::parse_json;
use common::{base_app, db, render, with};

fn apply(files: &[(String, String)], edits: &[FileEdit]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = files.to_vec();
    let mut sorted: Vec<&FileEdit> = edits.iter().collect();
    sorted.sort_by(|a, b| (&b.file, b.range.start).cmp(&(&a.file, a.range.start)));
    for e in sorted {
        match out.iter_mut().find(|(p, _)| *p == e.file) {
            Some((_, text)) => {
                text.replace_range(e.range.start as usize..e.range.end as usize, &e.new_text)
            }
            None => out.push((e.file.clone(), e.new_text.clone())),
        }
    }
    out
}

/// Applies the preferred fix of the first diagnostic with code `code`; returns the new files
/// and the action's title.
fn fix(files: Vec<(String, String)>, code: &str) -> (Vec<(String, String)>, String) {
    let db = db(files.clone());
    let diags = db.check_all();
    let d = diags
        .iter()
        .find(|d| d.code.as_str() == code)
        .unwrap_or_else(|| panic!("no {code} in:\n{}", render(&db, &diags)));
    let file_diags = db.check_file(&d.file);
    let idx = file_diags
        .iter()
        .position(|x| x == d)
        .expect("same diagnostic");
    let actions = ide::code_actions(&db, &d.file, d.range, &file_diags);
    let a = actions
        .iter()
        .find(|a| a.diagnostic_index == Some(idx))
        .unwrap_or_else(|| panic!("no action for {d:?}"));
    assert!(a.is_preferred);
    let out = apply(&files, &a.edits);
    for e in &a.edits {
        let (_, text) = out.iter().find(|(p, _)| *p == e.file).unwrap();
        if e.file.ends_with(".json") {
            let doc = parse_json(text);
            assert!(
                doc.errors.is_empty(),
                "{}:\n{text}\n{:?}",
                e.file,
                doc.errors
            );
        }
    }
    (out, a.title.clone())
}

fn clean(files: Vec<(String, String)>) -> String {
    let db = db(files);
    render(&db, &db.check_all())
}

const PAGE1: &str = "ui/form/layouts/Page1.json";

fn page1_with(from: &str, to: &str) -> Vec<(String, String)> {
    let base = base_app();
    let text = base
        .iter()
        .find(|(p, _)| p == PAGE1)
        .unwrap()
        .1
        .replace(from, to);
    assert!(text.contains(to));
    with(base, &[(PAGE1, &text)])
}

#[test]
fn creates_a_missing_text_key_in_every_language() {
    let files = page1_with("\"title\": \"age.title\"", "\"title\": \"age.label\"");
    let code = {
        let d = db(files.clone());
        let diags = d.check_all();
        diags
            .iter()
            .find(|x| {
                matches!(
                    x.fix,
                    Some(altinn_analysis::diagnostic::FixData::MissingTextKey(_))
                )
            })
            .map(|x| x.code.as_str())
            .expect("a missing text key diagnostic")
    };
    let (fixed, title) = fix(files, code);
    assert!(title.contains("age.label"), "{title}");
    let nb = &fixed
        .iter()
        .find(|(p, _)| p == "config/texts/resource.nb.json")
        .unwrap()
        .1;
    assert!(
        nb.contains("{ \"id\": \"age.label\", \"value\": \"TODO: age.label\" }"),
        "{nb}"
    );
    assert_eq!(clean(fixed), "(no diagnostics)\n");
}

#[test]
fn text_key_into_empty_and_trailing_comma_resource_lists() {
    let files = with(
        page1_with("\"title\": \"age.title\"", "\"title\": \"brand.new\""),
        &[(
            "config/texts/resource.nn.json",
            "{\n  \"language\": \"nn\",\n  \"resources\": []\n}",
        )],
    );
    let d = db(files.clone());
    let diags = d.check_file(PAGE1);
    let (idx, diag) = diags
        .iter()
        .enumerate()
        .find(|(_, x)| {
            matches!(
                x.fix,
                Some(altinn_analysis::diagnostic::FixData::MissingTextKey(_))
            )
        })
        .expect("missing key diagnostic");
    let actions = ide::code_actions(&d, PAGE1, diag.range, &diags);
    let a = actions
        .iter()
        .find(|a| a.diagnostic_index == Some(idx))
        .unwrap();
    assert_eq!(a.edits.len(), 3, "{:?}", a.edits);
    let fixed = apply(&files, &a.edits);
    let nn = &fixed
        .iter()
        .find(|(p, _)| p == "config/texts/resource.nn.json")
        .unwrap()
        .1;
    assert_eq!(
        nn,
        "{\n  \"language\": \"nn\",\n  \"resources\": [ { \"id\": \"brand.new\", \"value\": \"TODO: brand.new\" } ]\n}"
    );
    for (p, t) in &fixed {
        if p.starts_with("config/texts/") {
            assert!(parse_json(t).errors.is_empty(), "{p}: {t}");
            assert!(t.contains("\"brand.new\""), "{p}");
        }
    }
}

#[test]
fn replaces_a_binding_with_the_did_you_mean() {
    let files = page1_with(
        "\"simpleBinding\": \"Person.Name\"",
        "\"simpleBinding\": \"Person.name\"",
    );
    let d = db(files.clone());
    let diags = d.check_file(PAGE1);
    let code = diags
        .iter()
        .find(|x| x.code.as_str().starts_with("AL04") && x.fix.is_some())
        .map(|x| x.code.as_str())
        .unwrap_or_else(|| panic!("binding diagnostic with a fix:\n{}", render(&d, &diags)));
    let (fixed, title) = fix(files, code);
    assert_eq!(title, "Replace with 'Person.Name'");
    assert_eq!(clean(fixed), "(no diagnostics)\n");
}

#[test]
fn adds_a_page_to_the_order() {
    let page3 = r#"{ "data": { "layout": [ { "id": "p3-text", "type": "Paragraph" } ] } }"#;
    let files = with(base_app(), &[("ui/form/layouts/Page3.json", page3)]);
    let (fixed, title) = fix(files, "AL0302");
    assert!(title.contains("'Page3'"), "{title}");
    let s = &fixed
        .iter()
        .find(|(p, _)| p == "ui/form/Settings.json")
        .unwrap()
        .1;
    assert!(s.contains("[\"Page1\", \"Page2\", \"Page3\"]"), "{s}");
    assert_eq!(clean(fixed), "(no diagnostics)\n");
}

#[test]
fn makes_a_duplicate_id_unique() {
    let files = page1_with("\"id\": \"nav1\"", "\"id\": \"nav2\"");
    let code = {
        let d = db(files.clone());
        let diags = d.check_all();
        diags
            .iter()
            .find(|x| {
                matches!(
                    x.fix,
                    Some(altinn_analysis::diagnostic::FixData::DuplicateId { .. })
                )
            })
            .map(|x| x.code.as_str())
            .unwrap_or_else(|| panic!("duplicate id diagnostic:\n{}", render(&d, &diags)))
    };
    let (fixed, title) = fix(files, code);
    assert!(title.starts_with("Rename this component to '"), "{title}");
    assert_eq!(clean(fixed), "(no diagnostics)\n");
}

#[test]
fn fixes_a_mis_cased_expression_function() {
    let files = page1_with("[\"equals\", [\"dataModel\"", "[\"Equals\", [\"dataModel\"");
    let d = db(files.clone());
    let diags = d.check_file(PAGE1);
    let code = diags
        .iter()
        .find(|x| x.code.as_str().starts_with("AL10") && x.fix.is_some())
        .map(|x| x.code.as_str())
        .unwrap_or_else(|| panic!("expression diagnostic with a fix:\n{}", render(&d, &diags)));
    let (fixed, title) = fix(files, code);
    assert!(title.contains("equals"), "{title}");
    assert_eq!(clean(fixed), "(no diagnostics)\n");
}

#[test]
fn no_actions_outside_the_range_or_without_fix_data() {
    let files = page1_with(
        "\"simpleBinding\": \"Person.Name\"",
        "\"simpleBinding\": \"Person.name\"",
    );
    let d = db(files);
    let diags = d.check_file(PAGE1);
    assert!(!diags.is_empty());
    let far = altinn_analysis::TextRange::empty(0);
    assert!(ide::code_actions(&d, PAGE1, far, &diags).is_empty());
}

#[test]
fn merge_conflict_offers_each_version_and_both() {
    let line = r#"      { "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "textResourceBindings": { "title": "name.title" }, "required": true },
"#;
    let ours = line.replace("\"required\": true", "\"required\": false");
    let theirs = line.replace("\"id\": \"name\"", "\"id\": \"fullName\"");
    let conflicted = format!("<<<<<<< HEAD\n{ours}=======\n{theirs}>>>>>>> 0a1b2c3d4e5f67\n");
    let files = page1_with(line, &conflicted);
    let db = db(files.clone());
    let diags = db.check_file(PAGE1);
    let idx = diags
        .iter()
        .position(|d| d.code == AL0004)
        .unwrap_or_else(|| panic!("no AL0004 in:\n{}", render(&db, &diags)));
    let actions = ide::code_actions(&db, PAGE1, diags[idx].range, &diags);
    let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Keep the first version (HEAD)",
            "Keep the second version (0a1b2c3d4e5f)",
            "Keep both versions (first, then second)"
        ]
    );
    assert!(actions
        .iter()
        .all(|a| !a.is_preferred && a.diagnostic_index == Some(idx)));
    for (a, expected) in actions
        .iter()
        .zip([ours.clone(), theirs.clone(), ours + &theirs])
    {
        let out = apply(&files, &a.edits);
        let text = &out.iter().find(|(p, _)| p == PAGE1).unwrap().1;
        assert!(text.contains(&expected) && !text.contains("<<<<<<<") && !text.contains(">>>>>>>"));
        assert!(parse_json(text).errors.is_empty(), "{}: {text}", a.title);
        let after = clean(out);
        assert!(!after.contains("AL0004"), "{}:\n{after}", a.title);
    }
}

#[test]
fn a_duplicate_id_can_be_renamed_from_either_page() {
    // 'nav2' on Page1 and on Page2: each occurrence has the diagnostic and its own fix.
    let files = page1_with("\"id\": \"nav1\"", "\"id\": \"nav2\"");
    let db0 = db(files.clone());
    let dups: Vec<_> = db0
        .check_all()
        .into_iter()
        .filter(|d| d.code == AL0203)
        .collect();
    assert_eq!(dups.len(), 2, "{}", render(&db0, &dups));
    for d in &dups {
        let file_diags = db0.check_file(&d.file);
        let idx = file_diags.iter().position(|x| x == d).expect("per file");
        let actions = ide::code_actions(&db0, &d.file, d.range, &file_diags);
        let a = actions
            .iter()
            .find(|a| a.diagnostic_index == Some(idx))
            .unwrap_or_else(|| panic!("no action for {d:?}"));
        assert!(
            a.title.starts_with("Rename this component to '"),
            "{}",
            a.title
        );
        assert!(a.edits.iter().all(|e| e.file == d.file));
        assert_eq!(clean(apply(&files, &a.edits)), "(no diagnostics)\n");
    }
}
