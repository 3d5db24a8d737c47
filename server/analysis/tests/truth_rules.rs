//! What the app really does, said at the right place and with the right severity: duplicates
//! at every occurrence, guesses as warnings, rules that agree with each other (issues "Truth on
//! every real app" and "Truth, second round").
mod common;

use common::{base_app, db, render, with, without};

type Files = Vec<(String, String)>;

const PAGE1: &str = "ui/form/layouts/Page1.json";
const PAGE2: &str = "ui/form/layouts/Page2.json";
const NB: &str = "config/texts/resource.nb.json";
const METADATA: &str = "config/applicationmetadata.json";

/// Replaces the first `from` in file `path` by `to`.
fn edit(files: Files, path: &str, from: &str, to: &str) -> Files {
    let text = files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .1
        .clone();
    assert!(text.contains(from), "{path} has no {from}");
    let text = text.replacen(from, to, 1);
    with(files, &[(path, &text)])
}

/// The diagnostics the language server publishes for one file (`check_file`), by code prefix.
fn in_file(files: &Files, path: &str, prefix: &str) -> String {
    let db = db(files.clone());
    let diags: Vec<_> = db
        .check_file(path)
        .into_iter()
        .filter(|d| d.code.as_str().starts_with(prefix))
        .collect();
    render(&db, &diags)
}

/// Every diagnostic of the app with a code prefix.
fn all(files: &Files, prefix: &str) -> String {
    common::check_codes(files.clone(), prefix)
}

// ----- 1. duplicates at every occurrence ---------------------------------------------------

#[test]
fn an_id_typed_on_an_earlier_page_is_reported_where_it_was_typed() {
    // Page2 already has 'nav2'; the user types it on Page1 (the earlier page).
    let files = edit(base_app(), PAGE1, r#""id": "nav1""#, r#""id": "nav2""#);
    let typed = in_file(&files, PAGE1, "AL02");
    assert!(typed.contains("AL0203"), "{typed}");
    let other = in_file(&files, PAGE2, "AL02");
    assert!(other.contains("AL0203"), "{other}");
    insta::assert_snapshot!(all(&files, "AL02"));
}

#[test]
fn same_page_duplicates_keep_the_first_and_drop_the_later_ones() {
    let files = edit(
        base_app(),
        PAGE1,
        r#"{ "id": "nav1""#,
        r#"{ "id": "age", "type": "Paragraph" },
      { "id": "age", "type": "Paragraph" },
      { "id": "nav1""#,
    );
    // The first 'age' is kept by the frontend: a warning; the two later ones are dropped.
    insta::assert_snapshot!(all(&files, "AL02"));
}

#[test]
fn duplicate_text_ids_are_reported_at_every_definition() {
    let files = edit(
        base_app(),
        NB,
        r#"{ "id": "appName", "value": "Testapp" },"#,
        r#"{ "id": "appName", "value": "Testapp" },
    { "id": "age.title", "value": "Alder (år)" },
    { "id": "appName", "value": "Testapp" },"#,
    );
    // 'appName' twice with the same value: warnings. 'age.title' with two values: the one the
    // frontend (v4: the last) does not show is an error.
    insta::assert_snapshot!(all(&files, "AL0504"));
}

// ----- 2. guesses are not errors -----------------------------------------------------------

#[test]
fn a_literal_option_label_is_a_warning_and_a_dotted_key_an_error() {
    let files = with(
        base_app(),
        &[(
            "options/yesno.json",
            r#"[
  { "value": true, "label": "boolean-true" },
  { "value": false, "label": "yesno.false" }
]"#,
        )],
    );
    insta::assert_snapshot!(all(&files, "AL0501"));
}

#[test]
fn null_option_values_are_kept_by_the_frontend_and_a_missing_label_breaks_the_list() {
    let files = with(
        base_app(),
        &[(
            "options/species.json",
            r#"[
  { "value": null, "label": "Ingen" },
  { "value": "cat" }
]"#,
        )],
    );
    let files = edit(
        files,
        PAGE1,
        r#"{ "id": "nav1""#,
        r#"{ "id": "inline", "type": "RadioButtons", "dataModelBindings": { "simpleBinding": "Comment" }, "options": [ { "label": "Uten verdi" }, { "value": "x" } ] },
      { "id": "nav1""#,
    );
    insta::assert_snapshot!(all(&files, "AL0804"));
}

// ----- 3. never rendered; rules that agree -------------------------------------------------

#[test]
fn missing_texts_of_hidden_components_are_warnings() {
    let files = edit(
        base_app(),
        PAGE1,
        r#"{ "id": "nav1""#,
        r#"{ "id": "secret", "type": "Paragraph", "hidden": true, "textResourceBindings": { "title": "secret.title" } },
      { "id": "box", "type": "Group", "hidden": true, "children": ["inner"] },
      { "id": "inner", "type": "Paragraph", "textResourceBindings": { "title": "inner.title" } },
      { "id": "shown", "type": "Paragraph", "hidden": false, "textResourceBindings": { "title": "shown.title" } },
      { "id": "nav1""#,
    );
    insta::assert_snapshot!(all(&files, "AL0501"));
}

/// A ui-folders app (v9) whose stateless entry form is the folder `start`.
fn stateless_ui_folders_app() -> Files {
    let files = without(
        base_app(),
        &["ui/layout-sets.json", "ui/form/Settings.json", PAGE1, PAGE2],
    );
    let files = with(
        files,
        &[
            (
                "ui/Task_1/Settings.json",
                r#"{ "defaultDataType": "model", "pages": { "order": ["Page1"] } }"#,
            ),
            (
                "ui/Task_1/layouts/Page1.json",
                r#"{ "data": { "layout": [ { "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "textResourceBindings": { "title": "name.title" } } ] } }"#,
            ),
            (
                "ui/start/Settings.json",
                r#"{ "defaultDataType": "model", "pages": { "order": ["Start"] } }"#,
            ),
            (
                "ui/start/layouts/Start.json",
                r#"{ "data": { "layout": [ { "id": "intro", "type": "Paragraph", "textResourceBindings": { "title": "name.title" } } ] } }"#,
            ),
        ],
    );
    edit(
        files,
        METADATA,
        r#""id": "ttd/test-app","#,
        r#""id": "ttd/test-app",
  "onEntry": { "show": "start" },"#,
    )
}

#[test]
fn the_on_entry_folder_of_a_ui_folders_app_is_accepted_by_both_rules() {
    let files = stateless_ui_folders_app();
    // AL0611 accepts 'start' as onEntry.show; AL0609 must not call the folder an error.
    assert_eq!(all(&files, "AL06"), "(no diagnostics)\n");
    // A folder that is neither a task, a subform nor the entry form still is one.
    let files = with(
        files,
        &[
            (
                "ui/other/Settings.json",
                r#"{ "defaultDataType": "model", "pages": { "order": ["A"] } }"#,
            ),
            ("ui/other/layouts/A.json", r#"{ "data": { "layout": [] } }"#),
        ],
    );
    insta::assert_snapshot!(all(&files, "AL06"));
}

// ----- 4. a stateless-only app's data task ---------------------------------------------------

/// A classic app that starts stateless (set `start`) and whose data task has no layout set.
fn stateless_classic_app(start_page: &str) -> Files {
    let files = with(
        base_app(),
        &[
            (
                "ui/layout-sets.json",
                r#"{ "sets": [ { "id": "start", "dataType": "model" } ] }"#,
            ),
            (
                "ui/start/Settings.json",
                r#"{ "pages": { "order": ["Start"] } }"#,
            ),
            ("ui/start/layouts/Start.json", start_page),
        ],
    );
    let files = without(files, &["ui/form/Settings.json", PAGE1, PAGE2]);
    edit(
        files,
        METADATA,
        r#""id": "ttd/test-app","#,
        r#""id": "ttd/test-app",
  "onEntry": { "show": "start" },"#,
    )
}

#[test]
fn a_data_task_a_stateless_only_app_never_reaches_is_a_warning() {
    let files = stateless_classic_app(
        r#"{ "data": { "layout": [ { "id": "intro", "type": "Paragraph", "textResourceBindings": { "title": "name.title" } } ] } }"#,
    );
    insta::assert_snapshot!(all(&files, "AL0716"));
}

#[test]
fn a_data_task_after_an_instantiation_button_is_an_error() {
    let files = stateless_classic_app(
        r#"{ "data": { "layout": [ { "id": "go", "type": "InstantiationButton", "textResourceBindings": { "title": "name.title" } } ] } }"#,
    );
    let out = all(&files, "AL0716");
    assert!(out.contains("error AL0716"), "{out}");
    assert!(!out.contains("stateless"), "{out}");
}

// ----- 5. what the app shows depends on its frontend ---------------------------------------

/// The index page of an app that loads app frontend v3.
const INDEX_V3: &str = r#"<!DOCTYPE html>
<html lang="no">
<body>
  <div id="root"></div>
  <script src="https://altinncdn.no/toolkits/altinn-app-frontend/3/altinn-app-frontend.js"></script>
</body>
</html>"#;

fn v3(files: Files) -> Files {
    with(files, &[("views/Home/Index.cshtml", INDEX_V3)])
}

#[test]
fn which_duplicate_text_is_shown_depends_on_the_frontend() {
    let files = edit(
        base_app(),
        NB,
        r#"{ "id": "age.title", "value": "Alder" },"#,
        r#"{ "id": "age.title", "value": "Alder" },
    { "id": "age.title", "value": "Alder (år)" },"#,
    );
    // v4 shows the last definition: the first is never shown; v3 shows the first.
    let v4 = all(&files, "AL0504");
    let v3 = all(&v3(files), "AL0504");
    insta::assert_snapshot!(format!("frontend v4:\n{v4}\nfrontend v3:\n{v3}"));
}

#[test]
fn duplicate_ids_in_a_v3_app_are_rendered_but_found_once() {
    let files = edit(base_app(), PAGE1, r#""id": "nav1""#, r#""id": "nav2""#);
    let files = edit(
        files,
        PAGE1,
        r#"{ "id": "nav2""#,
        r#"{ "id": "age", "type": "Paragraph" },
      { "id": "nav2""#,
    );
    insta::assert_snapshot!(all(&v3(files), "AL02"));
}
