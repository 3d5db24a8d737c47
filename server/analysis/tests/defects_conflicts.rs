//! Unresolved merge conflicts (AL0004) in every kind of file, and what happens to the syntax
//! errors the conflict markers cause (they are not reported on top of AL0004).
mod common;

use common::{base_app, check, db, with};

type Files = Vec<(String, String)>;

const PAGE1: &str = "ui/form/layouts/Page1.json";
const NB: &str = "config/texts/resource.nb.json";
const BPMN: &str = "config/process/process.bpmn";

/// Replaces `from` (which must occur) by `to` in the file `path` of the app.
fn edit(mut files: Files, path: &str, from: &str, to: &str) -> Files {
    let f = files
        .iter_mut()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no file {path}"));
    assert!(f.1.contains(from), "'{from}' not in {path}");
    f.1 = f.1.replacen(from, to, 1);
    files
}

/// `check_file` over every file gives exactly `check_all` (the language server relies on it).
fn assert_per_file_exact(files: &Files) {
    let db = db(files.clone());
    let mut all: Vec<String> = db
        .check_all()
        .iter()
        .map(|d| format!("{} {:?} {} {}", d.file, d.range, d.code, d.message))
        .collect();
    let mut per_file: Vec<String> = db
        .paths()
        .flat_map(|p| db.check_file(p))
        .map(|d| format!("{} {:?} {} {}", d.file, d.range, d.code, d.message))
        .collect();
    all.sort();
    per_file.sort();
    assert_eq!(all, per_file);
}

/// A layout as git leaves it when both sides changed the title binding of the same component
/// (merge style, labelled as `altinn-ls sync` (libgit2) labels it: HEAD and the other commit).
fn conflicted_layout(files: Files) -> Files {
    edit(
        files,
        PAGE1,
        r#"      { "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "textResourceBindings": { "title": "name.title" }, "required": true },
"#,
        r#"<<<<<<< HEAD
      { "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "textResourceBindings": { "title": "name.title" }, "required": false },
=======
      { "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "textResourceBindings": { "title": "appName" }, "required": true },
>>>>>>> d95a49833a2784c70de9737abe91aec0da1877c2
"#,
    )
}

/// A text resource file with two conflicts, the second in diff3 style (with the base version).
fn conflicted_texts(files: Files) -> Files {
    let files = edit(
        files,
        NB,
        r#"    { "id": "appName", "value": "Testapp" },
"#,
        r#"<<<<<<< HEAD
    { "id": "appName", "value": "Min testapp" },
=======
    { "id": "appName", "value": "Testappen" },
>>>>>>> origin/master
"#,
    );
    edit(
        files,
        NB,
        r#"    { "id": "age.title", "value": "Alder" },
"#,
        "<<<<<<< HEAD\r\n    { \"id\": \"age.title\", \"value\": \"Din alder\" },\r\n||||||| merged common ancestors\r\n    { \"id\": \"age.title\", \"value\": \"Alder\" },\r\n=======\r\n    { \"id\": \"age.title\", \"value\": \"Alder i år\" },\r\n>>>>>>> origin/master\r\n",
    )
}

/// A process file where both sides renamed the task.
fn conflicted_bpmn(files: Files) -> Files {
    edit(
        files,
        BPMN,
        r#"    <bpmn:task id="Task_1" name="Utfylling">
"#,
        r#"<<<<<<< ours
    <bpmn:task id="Task_1" name="Fyll ut skjema">
=======
    <bpmn:task id="Task_1" name="Utfylling av skjema">
>>>>>>> theirs
"#,
    )
}

#[test]
fn conflicted_layout_gives_one_conflict_diagnostic_and_no_syntax_noise() {
    let files = conflicted_layout(base_app());
    insta::assert_snapshot!(check(files.clone()));
    assert_per_file_exact(&files);
}

#[test]
fn conflicted_text_resources_give_one_diagnostic_per_block() {
    let files = conflicted_texts(base_app());
    insta::assert_snapshot!(check(files.clone()));
    assert_per_file_exact(&files);
}

#[test]
fn conflicted_process_file() {
    let files = conflicted_bpmn(base_app());
    insta::assert_snapshot!(check(files.clone()));
    assert_per_file_exact(&files);
}

#[test]
fn conflicts_in_javascript_csharp_and_unfinished_ones() {
    let files = with(
        base_app(),
        &[
            (
                "ui/form/RuleHandler.js",
                "var ruleHandlerObject = {\n<<<<<<< ours\n  sum: function (obj) { return obj.a + obj.b; },\n=======\n  sum: function (obj) { return +obj.a + +obj.b; },\n>>>>>>> theirs\n};\nvar conditionalRuleHandlerObject = {};\n",
            ),
            (
                "logic/Calc.cs",
                "namespace App;\n<<<<<<< HEAD\npublic class Calc { }\n=======\npublic sealed class Calc { }\n>>>>>>> feature\n",
            ),
            (
                "models/Model.cs",
                "namespace Altinn.App.Models;\npublic class Model { }\n>>>>>>> theirs\n",
            ),
            (
                "options/colours.json",
                "[\n<<<<<<< ours\n  { \"value\": \"red\", \"label\": \"Rød\" }\n]\n",
            ),
        ],
    );
    insta::assert_snapshot!(check(files.clone()));
    assert_per_file_exact(&files);
}

/// `=======` and `<<<<<<<` inside string values, a Markdown-style underline in a template
/// literal, and marker-like lines with more than seven characters: no conflict, no diagnostic.
#[test]
fn marker_lookalikes_are_not_conflicts() {
    let files = edit(
        base_app(),
        NB,
        r#"    { "id": "appName", "value": "Testapp" },
"#,
        r#"    { "id": "appName", "value": "Testapp" },
    { "id": "sep", "value": "=======" },
    { "id": "md", "value": "Overskrift\n=======\n<<<<<<< ikke en konflikt\n>>>>>>> heller ikke" },
"#,
    );
    let files = with(
        files,
        &[(
            "ui/form/RuleHandler.js",
            "var ruleHandlerObject = {\n  heading: function (obj) { return `Title\n=======\n\n========\n<<<<<<<< not a marker\n`; },\n};\nvar conditionalRuleHandlerObject = {};\n",
        )],
    );
    let out = check(files);
    assert!(!out.contains("AL0004"), "{out}");
    assert!(!out.contains("AL0001"), "{out}");
}

/// Without markers, a broken file still gets its syntax errors (the suppression is scoped to
/// files with conflicts).
#[test]
fn syntax_errors_without_conflict_markers_are_still_reported() {
    let files = edit(
        base_app(),
        PAGE1,
        r#""required": true },"#,
        r#""required": true "#,
    );
    let out = check(files);
    assert!(out.contains("AL0001"), "{out}");
    assert!(!out.contains("AL0004"), "{out}");
}

/// Resolving the conflict in an editor, one edit at a time, ends with no diagnostics.
#[test]
fn resolving_the_conflict_clears_the_diagnostic() {
    let files = conflicted_layout(base_app());
    let mut db = db(files);
    let codes = |db: &altinn_analysis::AppDb| -> Vec<&'static str> {
        db.check_file(PAGE1).iter().map(|d| d.code).collect()
    };
    assert_eq!(codes(&db), ["AL0004"]);
    let text = db.file(PAGE1).unwrap().text.to_string();
    // Keep "theirs": delete from `<<<<<<< HEAD` through `=======`, then the `>>>>>>>` line.
    let a = text.find("<<<<<<< HEAD").unwrap();
    let b = text.find("=======\n").unwrap() + "=======\n".len();
    db.edit_file(
        PAGE1,
        &[(
            altinn_analysis::TextRange::new(a as u32, b as u32),
            String::new(),
        )],
    );
    assert_eq!(codes(&db), ["AL0004"], "the `>>>>>>>` line is left over");
    let text = db.file(PAGE1).unwrap().text.to_string();
    let end = ">>>>>>> d95a49833a2784c70de9737abe91aec0da1877c2\n";
    let c = text.find(end).unwrap();
    db.edit_file(
        PAGE1,
        &[(
            altinn_analysis::TextRange::new(c as u32, (c + end.len()) as u32),
            String::new(),
        )],
    );
    assert!(codes(&db).is_empty(), "{:?}", db.check_file(PAGE1));
}
