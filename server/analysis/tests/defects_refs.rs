//! Cross-file defects: component ids and references (AL02xx), pages (AL03xx), data model
//! bindings (AL04xx) and text resources (AL05xx), each built from the valid base app plus one
//! mistake. Numbers refer to FORMATS.md section 8.
mod common;

use common::{base_app, check_codes, with};

type Files = Vec<(String, String)>;

const PAGE1: &str = "ui/form/layouts/Page1.json";
const PAGE2: &str = "ui/form/layouts/Page2.json";
const SETTINGS: &str = "ui/form/Settings.json";
const NB: &str = "config/texts/resource.nb.json";
const EN: &str = "config/texts/resource.en.json";

/// Replaces `from` (which must occur) by `to` in one file of the app.
fn edit(files: Files, path: &str, from: &str, to: &str) -> Files {
    let text = files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| panic!("no file {path}"));
    assert!(text.contains(from), "{path} does not contain {from}");
    let new = text.replacen(from, to, 1);
    with(files, &[(path, new.as_str())])
}

/// Appends components (JSON objects) at the end of a page's `data.layout`.
fn append(files: Files, path: &str, components: &[&str]) -> Files {
    let text = files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| panic!("no file {path}"));
    let at = text.rfind("\n    ]").expect("end of data.layout");
    let mut new = text.clone();
    new.insert_str(at, &format!(",\n      {}", components.join(",\n      ")));
    with(files, &[(path, new.as_str())])
}

fn page(components: &[&str]) -> String {
    format!(
        "{{\n  \"data\": {{\n    \"layout\": [\n      {}\n    ]\n  }}\n}}",
        components.join(",\n      ")
    )
}

#[test]
fn defect_01_same_id_on_two_pages() {
    let files = append(
        base_app(),
        PAGE2,
        &[
            r#"{ "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Comment" } }"#,
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL02"));
}

#[test]
fn defect_02_same_id_twice_on_one_page() {
    let files = append(
        base_app(),
        PAGE1,
        &[r#"{ "id": "age", "type": "Paragraph" }"#],
    );
    insta::assert_snapshot!(check_codes(files, "AL02"));
}

#[test]
fn defect_03_invalid_ids() {
    let files = append(
        base_app(),
        PAGE1,
        &[
            r#"{ "id": "comment-1", "type": "Paragraph" }"#,
            r#"{ "id": "x", "type": "Paragraph" }"#,
            r#"{ "id": "my_field", "type": "Paragraph" }"#,
            r#"{ "id": "-lead", "type": "Paragraph" }"#,
            r#"{ "id": "ok-123456", "type": "Paragraph" }"#,
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL0201"));
}

#[test]
fn defect_07_references_to_unknown_components() {
    let files = edit(
        base_app(),
        PAGE2,
        r#""pet-name"]"#,
        r#""pet-nme", "pet-colour"]"#,
    );
    let files = edit(
        files,
        PAGE2,
        r#""componentRef": "name""#,
        r#""componentRef": "nmae""#,
    );
    let files = append(
        files,
        PAGE2,
        &[
            r#"{ "id": "grid", "type": "Grid", "rows": [ { "cells": [ { "text": "age.title" }, { "component": "agee" }, { "labelFrom": "nmae" } ] } ] }"#,
            r#"{ "id": "tabs", "type": "Tabs", "tabs": [ { "id": "t1", "title": "name.title", "children": ["nav3"] } ] }"#,
            r#"{ "id": "sum2", "type": "Summary2", "target": { "type": "component", "id": "upload2" } }"#,
            r#"{ "id": "sum3", "type": "Summary2", "target": { "type": "page", "id": "page1" } }"#,
            r#"{ "id": "sum4", "type": "Summary2", "target": { "type": "layoutSet", "taskId": "Task_2" } }"#,
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL02"));
}

#[test]
fn defect_08_child_claimed_twice() {
    let files = append(
        base_app(),
        PAGE2,
        &[
            r#"{ "id": "extra-group", "type": "Group", "children": ["pet-name", "upload", "upload"] }"#,
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL0205"));
}

#[test]
fn defect_10_binding_path_not_in_model() {
    let files = edit(base_app(), PAGE1, r#""Person.Name""#, r#""person.name""#);
    let files = edit(files, PAGE1, r#""Person.Age""#, r#""Person.Agee""#);
    let files = append(
        files,
        PAGE1,
        &[
            r#"{ "id": "city", "type": "Input", "dataModelBindings": { "simpleBinding": "Address.City" } }"#,
            r#"{ "id": "deep", "type": "Input", "dataModelBindings": { "simpleBinding": "Comment.Text" } }"#,
            r#"{ "id": "level", "type": "Input", "dataModelBindings": { "simpleBinding": "Name" } }"#,
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL04"));
}

#[test]
fn defect_11_simple_binding_to_object_or_array() {
    let files = append(
        base_app(),
        PAGE1,
        &[
            r#"{ "id": "person", "type": "Input", "dataModelBindings": { "simpleBinding": "Person" } }"#,
            r#"{ "id": "tags", "type": "TextArea", "dataModelBindings": { "simpleBinding": "Tags" } }"#,
            r#"{ "id": "files", "type": "FileUpload", "dataModelBindings": { "list": "Comment" }, "maxNumberOfAttachments": 1, "minNumberOfAttachments": 0, "maxFileSizeInMB": 1, "displayMode": "list" }"#,
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL04"));
}

#[test]
fn defect_12_binding_through_array_outside_group() {
    let files = append(
        base_app(),
        PAGE1,
        &[
            r#"{ "id": "species", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.Species" } }"#,
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL04"));
}

#[test]
fn defect_13_group_binding_not_array_and_children_outside_group() {
    // A repeating group bound to an object; a child of `pets` bound outside `Pets`;
    // Checkboxes with a group binding whose simpleBinding is not inside the group.
    let files = append(
        base_app(),
        PAGE2,
        &[
            r#"{ "id": "people", "type": "RepeatingGroup", "dataModelBindings": { "group": "Person" }, "children": ["comment"] }"#,
            r#"{ "id": "comment", "type": "Input", "dataModelBindings": { "simpleBinding": "Comment" } }"#,
            r#"{ "id": "pick", "type": "Checkboxes", "dataModelBindings": { "group": "Pets", "simpleBinding": "Comment" }, "optionsId": "species" }"#,
        ],
    );
    let files = edit(
        files,
        PAGE2,
        r#""simpleBinding": "Pets.PetName""#,
        r#""simpleBinding": "Person.Name""#,
    );
    insta::assert_snapshot!(check_codes(files, "AL04"));
}

#[test]
fn defect_14_binding_data_type_not_a_data_model() {
    let files = append(
        base_app(),
        PAGE1,
        &[
            r#"{ "id": "other", "type": "Input", "dataModelBindings": { "simpleBinding": { "dataType": "modell", "field": "Person.Name" } } }"#,
            r#"{ "id": "other2", "type": "Input", "dataModelBindings": { "simpleBinding": { "dataType": "attachments", "field": "Person.Name" } } }"#,
            r#"{ "id": "other3", "type": "Input", "dataModelBindings": { "simpleBinding": { "dataType": "model", "field": "Person.Name" } } }"#,
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL04"));
}

#[test]
fn defect_22_order_names_missing_pages() {
    let files = with(
        base_app(),
        &[(
            SETTINGS,
            r#"{
  "pages": { "order": ["Page1", "page2", "Summary", "Page1"], "excludeFromPdf": ["Receipt"], "pdfLayoutName": "Pdf" },
  "components": { "excludeFromPdf": ["nav1", "nav-3"] }
}"#,
        )],
    );
    insta::assert_snapshot!(check_codes(files, "AL03"));
}

#[test]
fn defect_23_page_not_in_order() {
    let p3 = page(&[r#"{ "id": "nav3", "type": "NavigationButtons" }"#]);
    let pdf = page(&[r#"{ "id": "pdf-title", "type": "Paragraph" }"#]);
    let files = with(
        base_app(),
        &[
            ("ui/form/layouts/Page3.json", p3.as_str()),
            ("ui/form/layouts/Pdf.json", pdf.as_str()),
        ],
    );
    let files = edit(
        files,
        SETTINGS,
        r#""order": ["Page1", "Page2"]"#,
        r#""order": ["Page1", "Page2"], "pdfLayoutName": "Pdf""#,
    );
    insta::assert_snapshot!(check_codes(files, "AL03"));
}

#[test]
fn defect_25_invalid_page_names() {
    let p = page(&[r#"{ "id": "para-a", "type": "Paragraph" }"#]);
    let q = page(&[r#"{ "id": "para-b", "type": "Paragraph" }"#]);
    let files = with(
        base_app(),
        &[
            ("ui/form/layouts/A.json", p.as_str()),
            ("ui/form/layouts/Side med mellomrom.json", q.as_str()),
        ],
    );
    let files = edit(
        files,
        SETTINGS,
        r#""order": ["Page1", "Page2"]"#,
        r#""order": ["Page1", "Page2", "A", "Side med mellomrom"]"#,
    );
    insta::assert_snapshot!(check_codes(files, "AL03"));
}

#[test]
fn defect_27_text_keys_missing() {
    let files = edit(
        base_app(),
        PAGE1,
        r#""title": "name.title""#,
        r#""title": "name.titel""#,
    );
    // A key only English has; a literal text and a built-in frontend key are fine.
    let files = edit(
        files,
        EN,
        r#"{ "id": "appName", "value": "Test app" },"#,
        r#"{ "id": "appName", "value": "Test app" }, { "id": "age.help", "value": "Your age" },"#,
    );
    let files = edit(
        files,
        PAGE1,
        r#""title": "age.title""#,
        r#""title": "age.title", "help": "age.help", "description": "Skriv alderen din", "tableTitle": "general.next""#,
    );
    let files = with(
        files,
        &[
            (
                "ui/footer.json",
                r#"{ "footer": [ { "type": "Text", "title": "footer.about" }, { "type": "Email", "title": "Kontakt oss", "target": "hjelp@example.com" } ] }"#,
            ),
            (
                "options/species.json",
                r#"[ { "value": "dog", "label": "species.dog" }, { "value": "cat", "label": "Katt" } ]"#,
            ),
        ],
    );
    let files = edit(
        files,
        SETTINGS,
        r#""order": ["Page1", "Page2"]"#,
        r#""order": ["Page1", "Page2"], "taskNavigation": [ { "taskId": "Task_1", "name": "tasks.fill" } ]"#,
    );
    insta::assert_snapshot!(check_codes(files, "AL05"));
}

#[test]
fn defect_28_text_file_rules() {
    let files = with(
        base_app(),
        &[(
            EN,
            r#"{
  "language": "nb",
  "resources": [
    { "id": "appName", "value": "Test app" },
    { "id": "name.title", "value": "Name" },
    { "id": "age.title", "value": "Age" },
    { "id": "upload.title", "value": "Attachments" },
    { "id": "appName", "value": "Test app again" },
    { "id": "greeting", "value": "Hello {0} {1}", "variables": [ { "key": "Person.Name", "dataSource": "datamodel.model" } ] },
    { "id": "party", "value": "For {0}", "variables": [ { "key": "partyId", "dataSource": "instanceContext" } ] },
    { "id": "other", "value": "{0}", "variables": [ { "key": "Person.Name", "dataSource": "dataModel.modell" } ] }
  ]
}"#,
        )],
    );
    let files = with(
        files,
        &[(
            "config/texts/resource.nn.json",
            r#"{ "language": "nn-NO", "resources": [ { "id": "appName", "value": "Testapp" } ] }"#,
        )],
    );
    insta::assert_snapshot!(check_codes(files, "AL05"));
}

#[test]
fn defect_29_text_variable_not_in_default_model() {
    let files = edit(
        base_app(),
        NB,
        r#"{ "key": "Person.Name", "dataSource": "dataModel.model" }"#,
        r#"{ "key": "Person.Nmae", "dataSource": "dataModel.default" }, { "key": "Person.Nick", "dataSource": "dataModel.default", "defaultValue": "-" }, { "key": "Person.Title", "dataSource": "dataModel.model" }"#,
    );
    let files = edit(
        files,
        NB,
        r#""value": "Hei {0}""#,
        r#""value": "Hei {0} {1} {2}""#,
    );
    insta::assert_snapshot!(check_codes(files, "AL05"));
}

#[test]
fn defect_40_likert_answer_not_inside_questions() {
    let files = append(
        base_app(),
        PAGE1,
        &[
            r#"{ "id": "likert", "type": "Likert", "dataModelBindings": { "questions": "Pets", "answer": "Comment" }, "optionsId": "species" }"#,
            r#"{ "id": "likert2", "type": "Likert", "dataModelBindings": { "questions": "Person", "answer": "Person.Name" }, "optionsId": "species" }"#,
            r#"{ "id": "likert-ok", "type": "Likert", "dataModelBindings": { "questions": "Pets", "answer": "Pets.Species" }, "optionsId": "species" }"#,
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL04"));
}

/// Bindings relative to the schema's root element (`classRef` names a definition that a single
/// root property refers to) resolve like the app frontend resolves them.
#[test]
fn bindings_resolve_below_the_root_element() {
    let schema = r##"{
  "type": "object",
  "properties": { "melding": { "$ref": "#/definitions/Skjema" } },
  "definitions": {
    "Skjema": { "type": "object", "properties": { "Person": { "$ref": "#/definitions/Person" }, "Pets": { "type": "array", "items": { "$ref": "#/definitions/Pet" } }, "Comment": { "type": "string" }, "Tags": { "type": "array", "items": { "type": "string" } } } },
    "Person": { "type": "object", "properties": { "Name": { "type": "string" }, "Age": { "type": "integer" } } },
    "Pet": { "type": "object", "properties": { "Species": { "type": "string" }, "PetName": { "type": "string" } } }
  }
}"##;
    let files = with(base_app(), &[("models/model.schema.json", schema)]);
    let files = edit(
        files,
        "config/applicationmetadata.json",
        "Altinn.App.Models.Model",
        "Altinn.App.Models.Skjema",
    );
    assert_eq!(check_codes(files.clone(), "AL04"), "(no diagnostics)\n");
    let files = edit(files, PAGE1, r#""Person.Name""#, r#""melding.Person.Name""#);
    insta::assert_snapshot!(check_codes(files, "AL04"));
}

#[test]
fn rows_before_and_after_are_outside_the_rows() {
    let files = edit(
        base_app(),
        PAGE2,
        r#""children": ["pet-species", "pet-name"] }"#,
        r#""children": ["pet-species", "pet-name"], "rowsAfter": [ { "cells": [ { "component": "comment-sum" } ] } ] }"#,
    );
    let files = append(
        files,
        PAGE2,
        &[
            r#"{ "id": "comment-sum", "type": "Input", "dataModelBindings": { "simpleBinding": "Comment" } }"#,
        ],
    );
    assert_eq!(check_codes(files, "AL04"), "(no diagnostics)\n");
}

/// The root element named by `classRef` is found even when no root property refers to it, and
/// `info.rootNode: ""` keeps the schema root.
#[test]
fn root_element_without_a_root_property_and_root_node() {
    let defs = r##""definitions": {
    "Skjema": { "type": "object", "properties": { "Person": { "$ref": "#/definitions/Person" }, "Pets": { "type": "array", "items": { "$ref": "#/definitions/Pet" } }, "Comment": { "type": "string" }, "Tags": { "type": "array", "items": { "type": "string" } } } },
    "Person": { "type": "object", "properties": { "Name": { "type": "string" }, "Age": { "type": "integer" } } },
    "Pet": { "type": "object", "properties": { "Species": { "type": "string" }, "PetName": { "type": "string" } } }
  }"##;
    let schema = format!("{{ \"type\": \"object\", {defs} }}");
    let files = with(base_app(), &[("models/model.schema.json", schema.as_str())]);
    let files = edit(
        files,
        "config/applicationmetadata.json",
        "Altinn.App.Models.Model",
        "Altinn.App.Models.Skjema",
    );
    assert_eq!(check_codes(files.clone(), "AL04"), "(no diagnostics)\n");
    // With `info.rootNode: ""` the frontend binds below the schema root, which has no fields.
    let schema = format!("{{ \"info\": {{ \"rootNode\": \"\" }}, \"type\": \"object\", {defs} }}");
    let files = with(files, &[("models/model.schema.json", schema.as_str())]);
    assert!(check_codes(files, "AL0403").contains("Field 'Person.Name' not found"));
}

/// Text files the backend never reads: it loads only `config/texts/resource.<lang>.json`
/// (the Designer test app `designer-invalid-texts-and-ruleconfig` has these two).
#[test]
fn text_files_not_named_resource_lang_json_are_never_read() {
    let texts = r#"{ "language": "en", "resources": [{ "id": "x", "value": "X" }] }"#;
    let files = with(
        base_app(),
        &[
            ("config/texts/text.en.json", texts),
            ("config/texts/en.texts.json", texts),
            ("config/texts/texts.json", texts),
            ("config/texts/README.md", "notes"),
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL0511"));
}
