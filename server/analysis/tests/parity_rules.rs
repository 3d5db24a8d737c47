//! Rules that Altinn's own checker (`studioctl app vet`) also has, each on a small fixture:
//! component references that silently do nothing (AL0207), a row index hard-coded in a
//! repeating group's child binding (AL0408), data type counts (AL0656, AL0659), the app id
//! (AL0657) and a classRef naming no C# class (AL0658).
mod common;

use common::{base_app, check_codes, with};

const PAGE2: &str = "ui/form/layouts/Page2.json";
const META: &str = "config/applicationmetadata.json";

fn page(components: &[&str]) -> String {
    format!(
        "{{\n  \"data\": {{\n    \"layout\": [\n      {}\n    ]\n  }}\n}}",
        components.join(",\n      ")
    )
}

#[test]
fn references_that_do_nothing() {
    let p2 = page(&[
        r#"{ "id": "pets", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": ["pet-species", "pet-name"], "tableHeaders": ["pet-species", "pet-nmae"], "tableColumns": { "pet-specis": { "hidden": true }, "pet-name": { "editInTable": true } } }"#,
        r#"{ "id": "pet-species", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Pets.Species" }, "optionsId": "species" }"#,
        r#"{ "id": "pet-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } }"#,
        r#"{ "id": "summary-pets", "type": "Summary", "componentRef": "pets", "excludedChildren": ["pet-name", "pet-name-0", "old-field"] }"#,
        r#"{ "id": "summary-all", "type": "Summary2", "target": { "type": "layoutSet" }, "overrides": [ { "componentId": "nmae", "hidden": true }, { "componentId": "age", "hidden": true } ] }"#,
    ]);
    let files = with(base_app(), &[(PAGE2, p2.as_str())]);
    insta::assert_snapshot!(check_codes(files, "AL0207"));
}

#[test]
fn row_index_in_a_repeating_group_child() {
    let p2 = page(&[
        r#"{ "id": "pets", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": ["pet-species", "pet-name"] }"#,
        r#"{ "id": "pet-species", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets[0].Species" } }"#,
        r#"{ "id": "pet-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } }"#,
        r#"{ "id": "outside", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets[0].PetName" } }"#,
    ]);
    let files = with(base_app(), &[(PAGE2, p2.as_str())]);
    insta::assert_snapshot!(check_codes(files, "AL0408"));
}

const META_SHAPES: &str = r#"{
  "id": "ttd/Test_App",
  "org": "digdir",
  "title": { "nb": "Testapp" },
  "dataTypes": [
    { "id": "model", "allowedContentTypes": ["application/xml"], "appLogic": { "autoCreate": true, "classRef": "Altinn.App.Models.Modell" }, "taskId": "Task_1", "maxCount": 3, "minCount": 1 },
    { "id": "attachments", "allowedContentTypes": ["application/pdf"], "taskId": "Task_1", "maxCount": 2, "minCount": 3 },
    { "id": "upload", "allowedContentTypes": ["application/pdf"], "taskId": "Task_1", "maxCount": 0, "minCount": 3 }
  ]
}"#;

const MODEL_CS: &str = r#"namespace Altinn.App.Models
{
    public class Model
    {
        public Person Person { get; set; }
    }
    public class Person { public string Name { get; set; } }
}"#;

#[test]
fn metadata_shapes() {
    let files = with(
        base_app(),
        &[(META, META_SHAPES), ("models/model.cs", MODEL_CS)],
    );
    insta::assert_snapshot!(check_codes(files, "AL065"));
}

#[test]
fn metadata_shapes_are_fine_when_right() {
    // The base app: maxCount 1, a valid id; classRef's class declared; no C# at all is not judged.
    let files = with(base_app(), &[("models/model.cs", MODEL_CS)]);
    insta::assert_snapshot!(check_codes(files, "AL065"), @"(no diagnostics)
");
    let bad_id = META_SHAPES.replace("ttd/Test_App", "ttd-test-app");
    insta::assert_snapshot!(check_codes(with(base_app(), &[(META, bad_id.as_str())]), "AL0657"), @"config/applicationmetadata.json:2:10 error AL0657 The app id 'ttd-test-app' must be '<org>/<app>' with exactly one '/' (the backend's AppIdentifier throws otherwise) [`ttd-test-app`]
");
}

#[test]
fn group_child_on_another_page() {
    let p1 = page(&[
        r#"{ "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "textResourceBindings": { "title": "name.title" } }"#,
        r#"{ "id": "person", "type": "Group", "children": ["name", "age"] }"#,
    ]);
    let p2 = page(&[
        r#"{ "id": "age", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Age" }, "textResourceBindings": { "title": "age.title" } }"#,
    ]);
    let files = with(
        base_app(),
        &[
            ("ui/form/layouts/Page1.json", p1.as_str()),
            (PAGE2, p2.as_str()),
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL020"));
}

#[test]
fn title_per_language() {
    // The base app offers nb and en; its title has only nb, but en has an appName text.
    insta::assert_snapshot!(check_codes(base_app(), "AL0660"), @"(no diagnostics)
");
    let en = r#"{ "language": "en", "resources": [ { "id": "name.title", "value": "Name" } ] }"#;
    let files = with(base_app(), &[("config/texts/resource.en.json", en)]);
    insta::assert_snapshot!(check_codes(files, "AL0660"));
}

#[test]
fn package_version_and_ui_layout() {
    // v8 packages, task-named UI folder and no layout-sets.json: v8 never reads it.
    let files = common::without(
        base_app(),
        &[
            "ui/layout-sets.json",
            "ui/form/Settings.json",
            "ui/form/layouts/Page1.json",
            PAGE2,
        ],
    );
    let p1 = page(&[r#"{ "id": "nav", "type": "NavigationButtons" }"#]);
    let v8 = common::csproj("8.5.0");
    let ui_folders = with(
        files,
        &[
            (
                "ui/Task_1/Settings.json",
                r#"{ "defaultDataType": "model", "pages": { "order": ["Page1"] } }"#,
            ),
            ("ui/Task_1/layouts/Page1.json", p1.as_str()),
        ],
    );
    insta::assert_snapshot!(check_codes(
        with(ui_folders.clone(), &[("App.csproj", v8.as_str())]),
        "AL0013"
    ));
    // v9 packages with layout-sets.json and a set folder named 'form' for Task_1.
    let v9 = common::csproj("9.0.0");
    insta::assert_snapshot!(check_codes(
        with(base_app(), &[("App.csproj", v9.as_str())]),
        "AL0013"
    ));
    // The matching pairs say nothing.
    insta::assert_snapshot!(check_codes(with(base_app(), &[("App.csproj", v8.as_str())]), "AL0013"), @"(no diagnostics)
");
    insta::assert_snapshot!(check_codes(with(ui_folders, &[("App.csproj", v9.as_str())]), "AL0013"), @"(no diagnostics)
");
}

#[test]
fn form_data_type_created_at_its_task() {
    // No taskId: no data element is made for the form of Task_1.
    let no_task = common::base_app()
        .into_iter()
        .map(|(p, t)| {
            if p == META {
                (
                    p,
                    t.replace(r#""taskId": "Task_1", "maxCount": 1"#, r#""maxCount": 1"#),
                )
            } else {
                (p, t)
            }
        })
        .collect();
    insta::assert_snapshot!(check_codes(no_task, "AL0661"));
    // The base app (taskId Task_1, autoCreate true) is fine.
    insta::assert_snapshot!(check_codes(base_app(), "AL0661"), @"(no diagnostics)
");
}
