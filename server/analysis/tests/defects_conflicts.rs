//! Unresolved merge conflicts (AL0004) in every kind of file, and what happens to the syntax
//! errors the conflict markers cause (they are not reported on top of AL0004).
mod common;

use altinn_analysis::check::codes::{AL0001, AL0004};
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

/// One AL0004 on Page1 and nothing else: the app model reads Page1's first version, so
/// Page2's Summary of 'name' still resolves.
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

/// Only AL0004: the model reads the BPMN's first version (db.rs parses `conflicts::mask`), so
/// Task_1 still exists for the metadata and the layout sets.
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
        db.check_file(PAGE1)
            .iter()
            .map(|d| d.code.as_str())
            .collect()
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

/// A small deterministic generator (no dependency, same sequence on every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Marker lines (and lookalikes) inserted at random places of every kind of file, also typed in
/// piece by piece as an editor would: nothing panics, each AL0004 sits on a marker line, no
/// syntax error sits on a marker line, `check_file` stays exact, and the incrementally edited
/// database reports what a fresh one reports.
#[test]
fn random_markers_in_every_file_kind() {
    let pieces = [
        "<<<<<<< HEAD\n",
        "=======\n",
        "||||||| base\n",
        ">>>>>>> 0123abc\n",
        "<<<<<<<\r\n",
        ">>>>>>>\n",
        "======= x\n",
        "<<<<<<<< eight\n",
        "\u{feff}<<<<<<< bom\n",
        "\"=======\",\n",
        "<<<<<<< ø",
    ];
    let targets = [PAGE1, NB, BPMN, "ui/form/RuleHandler.js", "models/Model.cs"];
    let base = with(
        base_app(),
        &[
            ("ui/form/RuleHandler.js", "var ruleHandlerObject = {\n  sum: function (obj) { return obj.a + obj.b; },\n};\nvar conditionalRuleHandlerObject = {};\n"),
            ("models/Model.cs", "namespace Altinn.App.Models;\npublic class Model\n{\n}\n"),
        ],
    );
    let mut rng = Lcg(7);
    for round in 0..100 {
        let mut files = base.clone();
        let mut inc = db(base.clone());
        for _ in 0..1 + rng.next(4) {
            let path = targets[rng.next(targets.len())];
            let f = files.iter_mut().find(|(p, _)| p == path).unwrap();
            // A line start most of the time, anywhere (on a char boundary) otherwise.
            let starts: Vec<usize> = std::iter::once(0)
                .chain(f.1.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let at = if rng.next(4) == 0 {
                let mut i = rng.next(f.1.len() + 1);
                while !f.1.is_char_boundary(i) {
                    i -= 1;
                }
                i
            } else {
                starts[rng.next(starts.len())]
            };
            let piece = pieces[rng.next(pieces.len())];
            f.1.insert_str(at, piece);
            // The same insertion, typed in two edits into the incremental database.
            let mut split = rng.next(piece.len() + 1);
            while !piece.is_char_boundary(split) {
                split -= 1;
            }
            let r = altinn_analysis::TextRange::empty(at as u32);
            inc.edit_file(path, &[(r, piece[..split].to_string())]);
            let r = altinn_analysis::TextRange::empty((at + split) as u32);
            inc.edit_file(path, &[(r, piece[split..].to_string())]);
        }
        assert_per_file_exact(&files);
        let fresh = db(files.clone());
        for (path, text) in &files {
            assert_eq!(inc.file(path).map(|f| &*f.text), Some(text.as_str()));
            let key =
                |d: &altinn_analysis::Diagnostic| format!("{:?} {} {}", d.range, d.code, d.message);
            let mut a: Vec<String> = fresh.check_file(path).iter().map(key).collect();
            let mut b: Vec<String> = inc.check_file(path).iter().map(key).collect();
            a.sort();
            b.sort();
            assert_eq!(a, b, "round {round}, {path}:\n{text}");
        }
        for d in fresh.check_all() {
            let f = fresh.file(&d.file).unwrap();
            let conflicts = altinn_analysis::check::conflicts::find(&f.text);
            let markers: Vec<altinn_analysis::TextRange> = conflicts
                .iter()
                .flat_map(|c| [c.start, c.base, c.separator, c.end])
                .flatten()
                .collect();
            if d.code == AL0004 {
                assert!(
                    conflicts.iter().any(|c| c.start.or(c.end) == Some(d.range)),
                    "round {round}: {d:?}"
                );
                let line = f.slice(d.range);
                assert!(
                    line.starts_with("<<<<<<<") || line.starts_with(">>>>>>>"),
                    "round {round}: {d:?} on {line:?}"
                );
            }
            if d.code == AL0001 {
                assert!(
                    !markers
                        .iter()
                        .any(|m| m.start < d.range.end.max(d.range.start + 1)
                            && d.range.start < m.end),
                    "round {round}: syntax error on a marker line: {d:?}\n{}",
                    f.text
                );
            }
        }
    }
}

/// A conflicted file can have real syntax errors too: those of its first version (here a
/// missing comma in "ours", and a stray `x` outside the conflict) are reported; the second
/// version's are not, and nothing is reported on the marker lines.
#[test]
fn syntax_errors_of_the_first_version_are_still_reported() {
    let files = edit(
        base_app(),
        NB,
        r#"    { "id": "appName", "value": "Testapp" },
"#,
        r#"<<<<<<< HEAD
    { "id": "appName" "value": "Min testapp" },
=======
    { "id": "appName", "value": "Testappen" }}},
>>>>>>> origin/master
"#,
    );
    let files = edit(
        files,
        NB,
        r#""value": "Navn" },"#,
        r#""value": "Navn" } x,"#,
    );
    insta::assert_snapshot!(common::check_codes(files, "AL00"));
}
