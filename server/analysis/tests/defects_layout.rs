//! Defects of layout and file structure (AL01xx, AL015x-AL019x), each built from the valid base
//! app plus one mistake. Numbers refer to FORMATS.md section 8.
mod common;

use common::{base_app, check_codes, db, with, without};

type Files = Vec<(String, String)>;

const PAGE1: &str = "ui/form/layouts/Page1.json";

/// A layout page with these components (one JSON object per line).
fn page(components: &[&str]) -> String {
    format!(
        "{{\n  \"$schema\": \"https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout.schema.v1.json\",\n  \"data\": {{\n    \"layout\": [\n      {}\n    ]\n  }}\n}}",
        components.join(",\n      ")
    )
}

/// The base app with Page1 replaced by these components.
fn app_with_page1(components: &[&str]) -> Files {
    let text = page(components);
    with(base_app(), &[(PAGE1, text.as_str())])
}

fn al01(files: Files) -> String {
    check_codes(files, "AL01")
}

/// The base app turned into a ui-folders app (next frontend): folder `Task_1`, no layout-sets.
fn ui_folders_app(page1_components: &[&str]) -> Files {
    let files = without(
        base_app(),
        &[
            "ui/layout-sets.json",
            "ui/form/Settings.json",
            PAGE1,
            "ui/form/layouts/Page2.json",
        ],
    );
    let text = page(page1_components);
    with(
        files,
        &[
            (
                "ui/Task_1/Settings.json",
                r#"{ "defaultDataType": "model", "pages": { "order": ["Page1"] } }"#,
            ),
            ("ui/Task_1/layouts/Page1.json", text.as_str()),
        ],
    )
}

#[test]
fn defect_04_component_without_id() {
    let files = app_with_page1(&[
        r#"{ "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" } }"#,
        r#"{ "id": 12, "type": "Paragraph" }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_05_missing_or_unknown_type() {
    let files = app_with_page1(&[
        r#"{ "id": "name", "dataModelBindings": { "simpleBinding": "Person.Name" } }"#,
        r#"{ "id": "age", "type": "input", "dataModelBindings": { "simpleBinding": "Person.Age" } }"#,
        r#"{ "id": "addr", "type": "AddressComponent" }"#,
        r#"{ "id": "what", "type": "Fancy" }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_05_heading_on_frontend_v4() {
    let files = app_with_page1(&[r#"{ "id": "title", "type": "Heading", "size": "L" }"#]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_05_header_on_next_frontend() {
    let files = ui_folders_app(&[
        r#"{ "id": "title", "type": "Header", "size": "L" }"#,
        r#"{ "id": "title2", "type": "Heading", "size": "M" }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_06_no_data_object() {
    let files = with(
        base_app(),
        &[(PAGE1, r#"{ "$schema": "x", "layout": [] }"#)],
    );
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_06_layout_not_an_array() {
    let files = with(
        base_app(),
        &[(
            PAGE1,
            r#"{ "data": { "layout": { "id": "x" }, "hiden": true } }"#,
        )],
    );
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_09_missing_required_binding() {
    let files = app_with_page1(&[
        r#"{ "id": "name", "type": "Input", "dataModelBindings": { "simpleBindings": "Person.Name" } }"#,
        r#"{ "id": "born", "type": "Datepicker" }"#,
        r#"{ "id": "addr", "type": "Address", "dataModelBindings": { "address": "Comment", "zipCode": "Comment" } }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_15_options_component_without_options() {
    let files = app_with_page1(&[
        r#"{ "id": "pick", "type": "RadioButtons", "dataModelBindings": { "simpleBinding": "Comment" } }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_16_options_given_twice() {
    let files = app_with_page1(&[
        r#"{ "id": "pick", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "species", "options": [ { "value": "a", "label": "A" } ] }"#,
        r#"{ "id": "pick2", "type": "Checkboxes", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "species", "source": { "group": "Pets", "label": "x", "value": "Pets.Species" } }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_17_secure_with_inline_options() {
    let files = app_with_page1(&[
        r#"{ "id": "pick", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "secure": true, "options": [ { "value": "a", "label": "A" } ] }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_21_settings_order_and_groups() {
    let files = with(
        base_app(),
        &[(
            "ui/form/Settings.json",
            r#"{
  "pages": {
    "order": ["Page1", "Page2"],
    "groups": [ { "name": "all", "order": ["Page1", "Page2"] } ]
  }
}"#,
        )],
    );
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_21_settings_without_order_or_groups() {
    let files = with(
        base_app(),
        &[(
            "ui/form/Settings.json",
            r#"{
  "pages": { "showProgress": true, "excludeFromPdf": ["Page2"] }
}"#,
        )],
    );
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_39_summary2_overrides() {
    let files = app_with_page1(&[
        r#"{ "id": "sum", "type": "Summary2", "target": { "type": "component", "id": "name" }, "overrides": [ { "componentId": "name", "hidden": true }, { "componentId": "name", "emptyFieldText": "-" }, { "componentId": "age", "componentType": "Input" } ] }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_40_simplified_address_with_care_of() {
    let files = app_with_page1(&[
        r#"{ "id": "addr", "type": "Address", "dataModelBindings": { "address": "Comment", "zipCode": "Comment", "postPlace": "Comment", "careOf": "Comment" } }"#,
        r#"{ "id": "addr2", "type": "Address", "simplified": false, "dataModelBindings": { "address": "Comment", "zipCode": "Comment", "postPlace": "Comment", "houseNumber": "Comment" } }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_40_group_negative_max_count() {
    let files = app_with_page1(&[
        r#"{ "id": "grp", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": ["name"], "maxCount": -1 }"#,
        r#"{ "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn defect_40_subform_without_string_layout_set() {
    let files = app_with_page1(&[
        r#"{ "id": "sub", "type": "Subform", "tableColumns": [] }"#,
        r#"{ "id": "sub2", "type": "Subform", "layoutSet": 3, "tableColumns": [] }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn property_types_enums_and_unknown_properties() {
    let files = app_with_page1(&[
        r#"{ "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name", "lable": "Comment" }, "readOnly": "yes", "maxLength": "20", "variant": "Search", "textResourceBindings": { "title": "name.title", "tilte": "x", "description": 5 }, "requird": true }"#,
        r#"{ "id": "head", "type": "Header", "size": "XL", "showValidations": ["Required", "Everything"] }"#,
        r#"{ "id": "hid", "type": "Paragraph", "hidden": ["equals", ["dataModel", "Comment"], "x"], "grid": { "xs": 12 } }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn legacy_group_with_max_count() {
    let files = app_with_page1(&[
        r#"{ "id": "grp", "type": "Group", "dataModelBindings": { "group": "Pets" }, "children": ["name"], "maxCount": 5 }"#,
        r#"{ "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn inline_options_shape() {
    let files = app_with_page1(&[
        r#"{ "id": "pick", "type": "RadioButtons", "dataModelBindings": { "simpleBinding": "Comment" }, "options": [ { "value": "a" }, "b", { "value": { "x": 1 }, "label": "C" } ] }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn structure_of_layout_sets_footer_and_metadata() {
    let files = with(
        base_app(),
        &[
            (
                "ui/layout-sets.json",
                r#"{
  "sets": [ { "id": "form", "dataType": "model", "tasks": ["Task_1"], "typ": "subform" }, { "dataType": 5 } ],
  "uiSettings": { "autoSaveBehavior": "onChange", "taskNavigation": [ { "name": "x" } ] }
}"#,
            ),
            (
                "ui/footer.json",
                r#"{ "footer": [ { "type": "Email", "title": "mail" }, { "type": "Fax", "title": "f" } ] }"#,
            ),
            (
                "config/applicationmetadata.json",
                r#"{
  "id": "ttd/test-app",
  "org": "ttd",
  "title": { "nb": "Testapp" },
  "promptForParty": "always",
  "dataTypes": [
    { "id": "model", "allowedContentTypes": ["application/xml"], "appLogic": { "autoCreate": "yes", "classRef": "Altinn.App.Models.Model", "allowInSubform": true }, "taskId": "Task_1", "maxCount": 1, "minCount": 1, "maxSizee": 3 },
    { "id": "attachments", "allowedContentTypes": ["application/pdf"], "taskId": "Task_1", "maxCount": 5, "minCount": 0 }
  ]
}"#,
            ),
        ],
    );
    insta::assert_snapshot!(al01(files));
}

#[test]
fn structure_of_texts_options_and_validation() {
    let files = with(
        base_app(),
        &[
            (
                "config/texts/resource.en.json",
                r#"{
  "language": "en",
  "resources": [
    { "id": "appName", "value": "Test app" },
    { "id": "name.title", "value": 3 },
    { "id": "age.title" },
    { "id": "upload.title", "value": "Attachments", "variables": [ { "key": "Person.Name" } ] },
    { "id": "greeting", "value": "Hello", "text": "x" }
  ]
}"#,
            ),
            (
                "options/species.json",
                r#"[ { "value": "dog", "label": "Hund" }, { "label": "Katt" }, { "value": [1], "label": "x" } ]"#,
            ),
            (
                "models/model.validation.json",
                r#"{ "validations": { "Person.Name": [ "named", { "message": "too long" }, { "condition": true, "message": "m", "severity": "fatal" } ] }, "definitions": { "named": { "message": "x", "condition": false } } }"#,
            ),
        ],
    );
    insta::assert_snapshot!(al01(files));
}

#[test]
fn valid_variants_are_accepted() {
    // Things working apps do (FORMATS.md §9) and legal but unusual shapes.
    let files = app_with_page1(&[
        r#"{ "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": { "dataType": "model", "field": "Person.Name" } }, "required": "true", "hidden": null, "textResourceBindings": { "title": ["concat", "a", "b"] } }"#,
        r#"{ "id": "pick", "type": "Checkboxes", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "", "options": [ { "value": 1, "label": "One" }, { "value": null, "label": "None" } ] }"#,
        r#"{ "id": "files", "type": "FileUpload", "displayMode": "list", "maxFileSizeInMB": 5, "maxNumberOfAttachments": ["plus", 1, 2], "minNumberOfAttachments": 0, "dataModelBindings": { "list": "Tags" } }"#,
        r#"{ "id": "custom", "type": "Custom", "tagName": "my-tag", "dataModelBindings": { "anything": "Comment" } }"#,
    ]);
    let files = with(
        files,
        &[
            (
                "ui/layout-sets.json",
                r#"{ "sets": [ { "id": "form", "dataType": "model", "tasks": ["Task_1"] }, { "id": "sub", "type": "subform" } ] }"#,
            ),
            (
                "ui/form/Settings.json",
                r#"{ "pages": { "order": ["Page1", "Page2"], "receiptLayoutName": "x", "showLanguageSelector": true } }"#,
            ),
        ],
    );
    assert_eq!(al01(files), "(no diagnostics)\n");
}

#[test]
fn ui_folders_settings_accept_default_data_type_and_global_settings() {
    let files = ui_folders_app(&[r#"{ "id": "title", "type": "Heading", "size": "L" }"#]);
    let files = with(
        files,
        &[(
            "ui/Settings.json",
            r#"{ "taskNavigation": [ { "taskId": "Task_1" }, { "type": "receipt" } ], "showProgress": true, "pages": { "order": [] } }"#,
        )],
    );
    insta::assert_snapshot!(al01(files));
}

#[test]
fn check_file_is_exact() {
    let files = app_with_page1(&[
        r#"{ "type": "Input" }"#,
        r#"{ "id": "x", "type": "Dropdown", "optionsId": "a", "options": [] }"#,
    ]);
    let files = with(files, &[("ui/form/Settings.json", r#"{ "pages": { } }"#)]);
    let db = db(files);
    let key = |d: &altinn_analysis::Diagnostic| {
        format!("{} {:?} {} {}", d.file, d.range, d.code, d.message)
    };
    let mut all: Vec<String> = db.check_all().iter().map(key).collect();
    let mut per_file: Vec<String> = db
        .paths()
        .flat_map(|p| db.check_file(p))
        .map(|d| key(&d))
        .collect();
    all.sort();
    per_file.sort();
    assert_eq!(all, per_file);
    assert!(all.iter().any(|l| l.contains("AL0104")));
    assert!(all.iter().any(|l| l.contains("AL0155")));
}

#[test]
fn nested_objects_of_components() {
    let files = app_with_page1(&[
        r#"{ "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "grid": { "xs": 13, "md": "auto", "innerGrid": { "lg": 6, "xl": 4 } }, "pageBreak": { "breakBefore": "always" } }"#,
        r#"{ "id": "pick", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "source": { "group": "Pets", "value": "Pets.Species" } }"#,
        r#"{ "id": "grp", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": ["x"], "edit": { "mode": "likert", "addButton": ["equals", 1, 1], "openByDefault": "first" } }"#,
        r#"{ "id": "sum", "type": "Summary2", "target": { "type": "pages", "id": "Page2" } }"#,
        r#"{ "id": "tabs", "type": "Tabs", "tabs": [ { "id": "t1", "title": "T", "children": "name" } ] }"#,
        r#"{ "id": "grid", "type": "Grid", "rows": [ { "header": true, "cells": [ { "text": "a", "alignText": "middle" }, null, { "component": 5 } ] }, { "cell": [] } ] }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

#[test]
fn legacy_root_settings_are_page_settings() {
    // A single-set legacy app: `ui/layouts/` and the page order in `ui/Settings.json`.
    let page2 = base_app()
        .into_iter()
        .find(|(p, _)| p == "ui/form/layouts/Page2.json")
        .map(|(_, t)| t)
        .unwrap_or_default();
    let files = without(
        base_app(),
        &[
            "ui/layout-sets.json",
            "ui/form/Settings.json",
            PAGE1,
            "ui/form/layouts/Page2.json",
        ],
    );
    let files = with(
        files,
        &[
            ("ui/layouts/Page2.json", page2.as_str()),
            (
                "ui/Settings.json",
                r#"{ "pages": { "order": ["Page2"], "groups": [], "showProgres": true } }"#,
            ),
        ],
    );
    insta::assert_snapshot!(al01(files));
}

#[test]
fn wrong_schema_url_and_duplicate_keys() {
    let files = with(
        base_app(),
        &[
            (
                PAGE1,
                r#"{
  "$schema": "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layoutSettings.schema.v1.json",
  "data": {
    "layout": [
      { "id": "name", "type": "Input", "id": "name2", "dataModelBindings": { "simpleBinding": "Person.Name", "simpleBinding": "Comment" } }
    ]
  }
}"#,
            ),
            (
                "ui/form/Settings.json",
                r#"{
  "$schema": "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout.schema.v1.json",
  "pages": { "order": ["Page1", "Page2"], "order": ["Page2"] }
}"#,
            ),
        ],
    );
    insta::assert_snapshot!(al01(files));
}
