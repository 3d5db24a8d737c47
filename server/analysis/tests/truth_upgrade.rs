//! Old forms in a v9 app (AL016x, AL0654/AL0655) and their rewrites; the same constructs in a
//! v8 app are the current contract and say nothing. `ide::upgrade::to_v9` applies the rewrites
//! v9 already reads, and the upgraded v8 app checks clean under v9 rules.
mod common;

use altinn_analysis::ide::upgrade;
use common::{base_app, check_codes, csproj, db, render, with, without};

type Files = Vec<(String, String)>;

fn page(components: &[&str]) -> String {
    format!(
        "{{\n  \"data\": {{\n    \"layout\": [\n      {}\n    ]\n  }}\n}}",
        components.join(",\n      ")
    )
}

const COMPONENTS: &[&str] = &[
    r#"{ "id": "tagged", "type": "FileUploadWithTag", "optionsId": "kinds", "maxFileSizeInMB": 10, "maxNumberOfAttachments": 3, "minNumberOfAttachments": 0, "displayMode": "list", "textResourceBindings": { "tagTitle": "upload.title" } }"#,
    r#"{ "id": "start", "type": "Button", "mode": "instantiate", "textResourceBindings": { "title": "name.title" } }"#,
    r#"{ "id": "start-big", "type": "Button", "mode": "instantiate", "size": "lg" }"#,
    r#"{ "id": "upload-req", "type": "FileUpload", "required": true, "maxFileSizeInMB": 10, "maxNumberOfAttachments": 3, "minNumberOfAttachments": 0, "displayMode": "list" }"#,
    r#"{ "id": "upload-min", "type": "FileUpload", "required": true, "maxFileSizeInMB": 10, "maxNumberOfAttachments": 3, "minNumberOfAttachments": 1, "displayMode": "list" }"#,
    r#"{ "id": "pick", "type": "List", "readOnly": true, "dataListId": "people", "tableHeaders": { "name": "name.title" }, "dataModelBindings": { "name": "Person.Name" }, "mapping": { "Person.Age": "age" }, "bindingToShowInSummary": "Person.Name" }"#,
    r#"{ "id": "kind", "type": "Dropdown", "optionsId": "kinds", "dataModelBindings": { "simpleBinding": "Person.Name" }, "mapping": { "Person[{0}].Age": "age" }, "queryParameters": { "lang": "nb" } }"#,
    r#"{ "id": "wide", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "grid": { "xs": 12, "xl": 6 } }"#,
];

const METADATA_V9_REMOVED: &str = r#"{
  "id": "ttd/test-app",
  "org": "ttd",
  "title": { "nb": "Testapp" },
  "dataTypes": [
    { "id": "ref-data-as-pdf", "allowedContentTypes": ["application/pdf"], "maxCount": 0, "minCount": 0 },
    { "id": "model", "allowedContentTypes": ["application/xml"], "appLogic": { "autoCreate": true, "classRef": "Altinn.App.Models.Model" }, "taskId": "Task_1", "maxCount": 1, "minCount": 1, "enablePdfCreation": true }
  ],
  "eFormidling": { "serviceId": "DPF" }
}"#;

/// The base app (layout sets) with these components on Page1, on backend `version`.
fn app(version: &str, components: &[&str]) -> Files {
    let p1 = page(components);
    let proj = csproj(version);
    with(
        base_app(),
        &[
            ("ui/form/layouts/Page1.json", p1.as_str()),
            ("App.csproj", proj.as_str()),
        ],
    )
}

/// The base app as `studioctl app upgrade v9` leaves it (task-named UI folder, v9 package).
fn v9_app(components: &[&str]) -> Files {
    let files = without(
        base_app(),
        &[
            "ui/layout-sets.json",
            "ui/form/Settings.json",
            "ui/form/layouts/Page1.json",
            "ui/form/layouts/Page2.json",
        ],
    );
    let p1 = page(components);
    let proj = csproj("9.0.0-preview.4");
    with(
        files,
        &[
            (
                "ui/Task_1/Settings.json",
                r#"{ "defaultDataType": "model", "pages": { "order": ["Page1"] } }"#,
            ),
            ("ui/Task_1/layouts/Page1.json", p1.as_str()),
            ("App.csproj", proj.as_str()),
        ],
    )
}

#[test]
fn v8_app_keeps_its_contract() {
    let files = app("8.5.0", COMPONENTS);
    let files = with(
        files,
        &[("config/applicationmetadata.json", METADATA_V9_REMOVED)],
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL016"), @"(no diagnostics)
");
    insta::assert_snapshot!(check_codes(files, "AL065"), @"(no diagnostics)
");
}

/// Every finding with the title of its rewrite and the rewritten text.
fn findings_with_rewrites(files: Files, prefixes: &[&str]) -> String {
    let db = db(files);
    let diags: Vec<_> = db
        .check_all()
        .into_iter()
        .filter(|d| prefixes.iter().any(|p| d.code.as_str().starts_with(p)))
        .collect();
    let mut s = render(&db, &diags);
    for d in &diags {
        if let Some(rw) = &d.rewrite {
            let edits: Vec<String> = rw
                .edits
                .iter()
                .map(|(r, t)| {
                    let old = db.file(&d.file).map(|f| f.slice(*r)).unwrap_or("");
                    format!("`{old}` -> `{t}`")
                })
                .collect();
            s.push_str(&format!(
                "{} rewrite{} '{}': {}\n",
                d.code,
                if rw.preferred { "" } else { " (not preferred)" },
                rw.title,
                edits.join("; ")
            ));
        }
    }
    s
}

#[test]
fn v9_app_old_forms() {
    let files = v9_app(COMPONENTS);
    insta::assert_snapshot!(findings_with_rewrites(files, &["AL016", "AL0109"]));
}

#[test]
fn v9_app_removed_metadata() {
    let files = v9_app(COMPONENTS);
    let files = with(
        files,
        &[("config/applicationmetadata.json", METADATA_V9_REMOVED)],
    );
    insta::assert_snapshot!(check_codes(files, "AL065"));
}

/// `upgrade --to v9` on a v8 app: the rewrites applied, what is left, and the upgraded app
/// checked as v9 has no finding an upgrade could rewrite, and no error or warning: the layout
/// set moved to the task's UI folder as studioctl moves it.
#[test]
fn upgrade_of_a_v8_app() {
    let files = app("8.5.0", COMPONENTS);
    let mut db = db(files);
    let before: Vec<_> = db
        .check_all()
        .into_iter()
        .filter(|d| d.severity == altinn_analysis::Severity::Error)
        .collect();
    let up = upgrade::to_v9(&mut db);
    let mut s = String::new();
    for (f, t) in &up.applied {
        s.push_str(&format!("applied {f}: {t}\n"));
    }
    for l in &up.left {
        s.push_str(&format!("left {l}\n"));
    }
    for (f, t) in &up.changed {
        s.push_str(&format!("=== {f}\n{t}\n"));
    }
    insta::assert_snapshot!(s);
    // Checked as v9: nothing rewritable is left, and the rewrites introduced no error.
    let after = db.check_all();
    let rewritable: Vec<_> = after
        .iter()
        .filter(|d| d.rewrite.as_ref().is_some_and(|r| r.preferred))
        .collect();
    assert!(rewritable.is_empty(), "{}", render(&db, &after));
    // And clean of what the upgrade is about: the errors and warnings left are the fixture's
    // own, those the v8 app checked as v9 had without a rewrite (and no AL0013: the layout set
    // moved to the task's folder, which is what v9 reads).
    let serious = |ds: Vec<altinn_analysis::Diagnostic>| {
        let mut v: Vec<String> = ds
            .into_iter()
            .filter(|d| d.severity <= altinn_analysis::Severity::Warning)
            .filter(|d| !d.rewrite.as_ref().is_some_and(|r| r.preferred))
            .map(|d| d.code.to_string())
            .collect();
        v.sort();
        v
    };
    let mut as_v9 = db_of(app("8.5.0", COMPONENTS));
    as_v9.assume_versions(altinn_analysis::model::Versions::v9("test"));
    let expected = serious(as_v9.check_all());
    let after = serious(after);
    assert!(!after.iter().any(|c| c == "AL0013"), "{after:?}");
    assert_eq!(after, expected, "{before:?}");
}

fn db_of(files: Files) -> altinn_analysis::AppDb {
    db(files)
}

/// The layout step refuses as studioctl does: a destination folder that exists, two sets for
/// one task. Then nothing moves and the reason is listed.
#[test]
fn layout_step_refusals_are_listed() {
    let taken = with(
        app("8.5.0", &[]),
        &[(
            "ui/Task_1/layouts/Old.json",
            r#"{ "data": { "layout": [] } }"#,
        )],
    );
    let two = with(
        app("8.5.0", &[]),
        &[
            (
                "ui/layout-sets.json",
                r#"{ "sets": [ { "id": "form", "dataType": "model", "tasks": ["Task_1"] }, { "id": "other", "dataType": "model", "tasks": ["Task_1"] } ] }"#,
            ),
            ("ui/other/layouts/A.json", r#"{ "data": { "layout": [] } }"#),
        ],
    );
    let mut s = String::new();
    for files in [taken, two] {
        let mut db = db(files);
        let up = upgrade::to_v9(&mut db);
        assert!(up.moves.is_empty() && up.removed.is_empty());
        assert!(db.file("ui/layout-sets.json").is_some());
        s.extend(
            up.left
                .iter()
                .filter(|l| l.starts_with("ui/layout-sets.json"))
                .map(|l| format!("{l}\n")),
        );
    }
    insta::assert_snapshot!(s, @r#"
    ui/layout-sets.json: not moved to task UI folders: layout set 'form' cannot move to ui/Task_1/: that folder exists already
    ui/layout-sets.json: not moved to task UI folders: layout sets 'form' and 'other' both belong to task 'Task_1'
    "#);
}
