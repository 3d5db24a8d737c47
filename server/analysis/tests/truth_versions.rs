//! The app's versions and generation, read as the runtime reads them (issue "Truth on every real
//! app", classes 3, 6 and 10; second round, items 5 and 6). Each fixture is the valid base app
//! plus what a real app of that kind has.
mod common;

use altinn_analysis::model::{Certainty, FrontendMajor, Generation};
use common::{base_app, check, check_codes, csproj, db, with, without};

type Files = Vec<(String, String)>;

const INDEX_V3: &str = r#"<!DOCTYPE html>
<html lang="no">
<head>
  <link rel="stylesheet" type="text/css" href="https://altinncdn.no/toolkits/altinn-app-frontend/3/altinn-app-frontend.css">
</head>
<body>
  <div id="root"></div>
  <script src="https://altinncdn.no/toolkits/altinn-app-frontend/3/altinn-app-frontend.js"></script>
</body>
</html>"#;

/// The base app with a text whose variable names a data type by another name, as frontend v3
/// apps often do (`dataModel.<anything>` is the current form data there).
fn with_loose_text_variable(files: Files) -> Files {
    with(
        files,
        &[(
            "config/texts/resource.nb.json",
            r#"{
  "language": "nb",
  "resources": [
    { "id": "appName", "value": "Testapp" },
    { "id": "name.title", "value": "Navn" },
    { "id": "age.title", "value": "Alder" },
    { "id": "upload.title", "value": "Vedlegg" },
    { "id": "greeting", "value": "Hei {0}", "variables": [ { "key": "Person.Name", "dataSource": "dataModel.Skjema_M" } ] },
    { "id": "typo", "value": "Hei {0}", "variables": [ { "key": "Person.Nmae", "dataSource": "dataModel.Skjema_M" } ] }
  ]
}"#,
        )],
    )
}

#[test]
fn versions_are_read_from_the_index_page_and_the_project_file() {
    let files = with(
        base_app(),
        &[
            ("views/Home/Index.cshtml", INDEX_V3),
            ("App.csproj", csproj("7.4.0").as_str()),
        ],
    );
    let db = db(files);
    let v = &db.model().versions;
    assert_eq!(v.frontend.major, FrontendMajor::V3);
    assert_eq!(v.frontend.certainty, Certainty::Declared);
    assert_eq!(v.backend_major(), Some(7));
    assert_eq!(
        v.describe(),
        "frontend v3 [3] (declared: views/Home/Index.cshtml loads altinn-app-frontend/3), backend Altinn.App.Api 7.4.0"
    );

    // A v9 app without an index page runs the frontend its package bundles.
    let v9 = db_of(with(
        base_app(),
        &[("App.csproj", csproj("9.0.0").as_str())],
    ));
    assert_eq!(v9.0, FrontendMajor::Next);
    assert_eq!(v9.1, Certainty::Declared);
    // Nothing says: the current frontend of the layout format, assumed.
    let none = db_of(base_app());
    assert_eq!((none.0, none.1), (FrontendMajor::V4, Certainty::Assumed));
}

fn db_of(files: Files) -> (FrontendMajor, Certainty) {
    let db = db(files);
    let f = &db.model().versions.frontend;
    (f.major, f.certainty)
}

#[test]
fn out_of_support_versions_get_one_diagnostic_each() {
    let files = with(
        base_app(),
        &[
            ("views/Home/Index.cshtml", INDEX_V3),
            ("App.csproj", csproj("7.4.0").as_str()),
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL001"));
}

#[test]
fn text_variables_of_a_v3_app_read_the_current_form_data() {
    // v4: the data type name after `dataModel.` must be a form data type (AL0506).
    let v4 = check_codes(with_loose_text_variable(base_app()), "AL05");
    // v3: any `dataModel…` source is the current form data; only the key is checked.
    let v3 = check_codes(
        with_loose_text_variable(with(base_app(), &[("views/Home/Index.cshtml", INDEX_V3)])),
        "AL05",
    );
    insta::assert_snapshot!(format!("frontend v4:\n{v4}\nfrontend v3:\n{v3}"));
}

#[test]
fn v3_constructs_without_an_index_page_are_evidence() {
    // A Group with edit.mode likert (v3's Likert) and no v4-only type: the app is v3.
    let page2 = r#"{
  "data": {
    "layout": [
      { "id": "pets", "type": "Group", "maxCount": 99, "dataModelBindings": { "group": "Pets" }, "children": ["pet-name"], "edit": { "mode": "likert" } },
      { "id": "pet-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } },
      { "id": "nav2", "type": "NavigationButtons", "showBackButton": true }
    ]
  }
}"#;
    let v3 = with(base_app(), &[("ui/form/layouts/Page2.json", page2)]);
    assert_eq!(db_of(v3.clone()), (FrontendMajor::V3, Certainty::Inferred));
    insta::assert_snapshot!("v3_construct_alone", check_codes(v3.clone(), "AL001"));

    // The same construct beside a backend of v8: the evidence conflicts; v4 rules, in doubt.
    let doubt = with(v3, &[("App.csproj", csproj("8.12.0").as_str())]);
    let d = db(doubt.clone());
    assert_eq!(d.model().versions.frontend.major, FrontendMajor::V4);
    assert!(d.model().versions.frontend_in_doubt());
    insta::assert_snapshot!("v3_construct_beside_backend_8", check_codes(doubt, "AL001"));
}

#[test]
fn bindings_are_checked_against_the_model_named_by_class_ref() {
    // The schema is named after the class (`Altinn.App.Models.Skjema` → Skjema), not after the
    // data type id `model`: bindings are still checked, and AL0651 says how.
    let schema = base_app()
        .into_iter()
        .find(|(p, _)| p == "models/model.schema.json")
        .map(|(_, t)| t)
        .unwrap();
    let page1 = r#"{
  "data": {
    "layout": [
      { "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Nmae" }, "textResourceBindings": { "title": "name.title" } },
      { "id": "nav1", "type": "NavigationButtons" }
    ]
  }
}"#;
    let metadata = base_app()
        .into_iter()
        .find(|(p, _)| p == "config/applicationmetadata.json")
        .map(|(_, t)| t.replace("Altinn.App.Models.Model", "Altinn.App.Models.Skjema"))
        .unwrap();
    let files = with(
        without(base_app(), &["models/model.schema.json"]),
        &[
            ("config/applicationmetadata.json", metadata.as_str()),
            ("models/Skjema.schema.json", schema.as_str()),
            ("ui/form/layouts/Page1.json", page1),
        ],
    );
    let out = check(files);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("AL0651") || l.contains("AL040"))
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn the_oldest_layouts_are_read_as_the_backend_reads_them() {
    let legacy_base = without(
        base_app(),
        &[
            "ui/layout-sets.json",
            "ui/form/Settings.json",
            "ui/form/layouts/Page1.json",
            "ui/form/layouts/Page2.json",
        ],
    );
    // A single ui/FormLayout.json: the app's one page, checked like any layout.
    let form_layout = r#"{
  "data": {
    "layout": [
      { "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Nmae" }, "textResourceBindings": { "title": "name.title" } }
    ]
  }
}"#;
    let single = with(legacy_base.clone(), &[("ui/FormLayout.json", form_layout)]);
    let d = db(single.clone());
    assert_eq!(d.model().generation, Some(Generation::Legacy));
    assert_eq!(d.model().sets[0].pages, vec!["FormLayout".to_string()]);
    let single_out = check(single);

    // Only ui/Settings.json (no layouts yet): a legacy app whose page order names pages that
    // do not exist; `pages` is read, not ignored.
    let settings_only = with(
        legacy_base.clone(),
        &[(
            "ui/Settings.json",
            r#"{ "pages": { "order": ["Side1", "Side2"] } }"#,
        )],
    );
    let d = db(settings_only.clone());
    assert_eq!(d.model().generation, Some(Generation::Legacy));
    let settings_out = check_codes(settings_only, "AL0");

    // A lower-case settings.json: found on Windows and macOS, not on Linux.
    let miscased = with(
        legacy_base.clone(),
        &[
            ("ui/layouts/Side1.json", form_layout),
            ("ui/settings.json", r#"{ "pages": { "order": ["Side1"] } }"#),
        ],
    );
    let miscased_out = check_codes(miscased, "AL030");

    // No layouts at all: no generation is claimed.
    let d = db(legacy_base);
    assert_eq!(d.model().generation, None);

    insta::assert_snapshot!(format!(
        "single FormLayout.json:\n{single_out}\nonly ui/Settings.json:\n{settings_out}\nlower-case settings.json:\n{miscased_out}"
    ));
}

#[test]
fn ids_frontend_v3_accepts_are_warnings_there() {
    let page1 = r#"{
  "data": {
    "layout": [
      { "id": "name_first", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" } },
      { "id": "summary-1", "type": "Summary", "componentRef": "name_first" },
      { "id": "nav1", "type": "NavigationButtons" }
    ]
  }
}"#;
    let v4 = check_codes(
        with(base_app(), &[("ui/form/layouts/Page1.json", page1)]),
        "AL0201",
    );
    let v3 = check_codes(
        with(
            base_app(),
            &[
                ("ui/form/layouts/Page1.json", page1),
                ("views/Home/Index.cshtml", INDEX_V3),
            ],
        ),
        "AL0201",
    );
    insta::assert_snapshot!(format!("frontend v4:\n{v4}\nfrontend v3:\n{v3}"));
}

#[test]
fn null_text_variables_are_no_variables() {
    // Every reader checks `variables` is set before it uses it (frontend v3 and v4, the
    // backend's nullable list): null is not a wrong type.
    let texts = r#"{
  "language": "nb",
  "resources": [
    { "id": "appName", "value": "Testapp", "variables": null },
    { "id": "name.title", "value": "Navn", "variables": "Person.Name" },
    { "id": "age.title", "value": "Alder" },
    { "id": "upload.title", "value": "Vedlegg" },
    { "id": "greeting", "value": "Hei" }
  ]
}"#;
    let out = check_codes(
        with(base_app(), &[("config/texts/resource.nb.json", texts)]),
        "AL0152",
    );
    insta::assert_snapshot!(out);
}

#[test]
fn suggestions_never_add_the_xsd_root_wrapper() {
    // The schema's only property wraps the root element; the runtime data is the C# class
    // (the definition), which never has the wrapper.
    let schema = r##"{
  "properties": { "Simpel": { "$ref": "#/definitions/Skjema" } },
  "definitions": {
    "Skjema": { "type": "object", "properties": { "Felt1": { "type": "string" }, "Felt2": { "type": "string" } } }
  }
}"##;
    let page1 = r#"{
  "data": {
    "layout": [
      { "id": "f1", "type": "Input", "dataModelBindings": { "simpleBinding": "Felt1" } },
      { "id": "f9", "type": "Input", "dataModelBindings": { "simpleBinding": "Felt9" } },
      { "id": "nav1", "type": "NavigationButtons" }
    ]
  }
}"#;
    let metadata = |class_ref: &str| {
        base_app()
            .into_iter()
            .find(|(p, _)| p == "config/applicationmetadata.json")
            .map(|(_, t)| t.replace("Altinn.App.Models.Model", class_ref))
            .unwrap()
    };
    let app = |class_ref: &str| {
        let m = metadata(class_ref);
        check_codes(
            with(
                base_app(),
                &[
                    ("config/applicationmetadata.json", m.as_str()),
                    ("models/model.schema.json", schema),
                    ("ui/form/layouts/Page1.json", page1),
                ],
            ),
            "AL040",
        )
    };
    // A classRef in another namespace still names the definition: bindings below it resolve.
    let named = app("Altinn.App.Api.Tests.Models.Skjema");
    // A classRef that names no definition: the root element is unknown; 'Felt1' is an error,
    // and no suggestion goes through the lone wrapper 'Simpel'.
    let unknown = app("Altinn.App.Models.Melding");
    insta::assert_snapshot!(format!(
        "classRef names the definition:\n{named}\nclassRef names nothing:\n{unknown}"
    ));
}

#[test]
fn unknown_option_properties_break_the_list_from_backend_v8() {
    // v8+ AppOptionConverter throws on any property but value, label, description, helpText and
    // tags (the whole list fails); v7 read code lists with Newtonsoft, which ignores them.
    let list = r#"[
  { "value": "dog", "label": "Hund", "HelpText": "case is fine" },
  { "value": "cat", "label": "Katt", "icon": "cat.svg" }
]"#;
    let v8 = check_codes(
        with(
            base_app(),
            &[
                ("options/species.json", list),
                ("App.csproj", csproj("8.12.7").as_str()),
            ],
        ),
        "AL0151",
    );
    let v7 = check_codes(
        with(
            base_app(),
            &[
                ("options/species.json", list),
                ("App.csproj", csproj("7.4.0").as_str()),
            ],
        ),
        "AL0151",
    );
    insta::assert_snapshot!(format!("backend 8:\n{v8}\nbackend 7:\n{v7}"));
}
