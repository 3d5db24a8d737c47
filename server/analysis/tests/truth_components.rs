//! The component contract of the app's own frontend version (layout checks AL01xx): frontend
//! v3 apps, v8 apps (frontend v4), v9 apps (the frontend bundled with Altinn.App v9) before and
//! after the upgrade's renames, grid breakpoints and component types matched ignoring case.
mod common;

use common::{base_app, check, check_codes, csproj, with, without};

type Files = Vec<(String, String)>;

const PAGE1: &str = "ui/form/layouts/Page1.json";
const PAGE2: &str = "ui/form/layouts/Page2.json";

const INDEX_V3: &str = r#"<!DOCTYPE html>
<html><head><link rel="stylesheet" href="https://altinncdn.no/toolkits/altinn-app-frontend/3/altinn-app-frontend.css"></head>
<body><div id="root"></div>
<script src="https://altinncdn.no/toolkits/altinn-app-frontend/3/altinn-app-frontend.js"></script></body></html>"#;

const INDEX_V4: &str = r#"<!DOCTYPE html>
<html><body><div id="root"></div>
<script src="https://altinncdn.no/toolkits/altinn-app-frontend/4/altinn-app-frontend.js"></script></body></html>"#;

/// A layout page with these components (one JSON object per line).
fn page(components: &[&str]) -> String {
    format!(
        "{{\n  \"data\": {{\n    \"layout\": [\n      {}\n    ]\n  }}\n}}",
        components.join(",\n      ")
    )
}

/// The base app (layout sets) with Page1 replaced by these components and Page2 left empty,
/// plus the given extra files.
fn classic_app(components: &[&str], extra: &[(&str, &str)]) -> Files {
    let p1 = page(components);
    let p2 = page(&[r#"{ "id": "nav2", "type": "NavigationButtons" }"#]);
    let files = with(base_app(), &[(PAGE1, p1.as_str()), (PAGE2, p2.as_str())]);
    with(files, extra)
}

/// The base app as `studioctl app upgrade v9` leaves it: task-named UI folder `Task_1`, no
/// layout-sets.json, the v9 package and no Index.cshtml (so the bundled frontend runs).
fn v9_app(components: &[&str]) -> Files {
    let files = without(
        base_app(),
        &["ui/layout-sets.json", "ui/form/Settings.json", PAGE1, PAGE2],
    );
    let text = page(components);
    let proj = csproj("9.0.0-preview.4");
    with(
        files,
        &[
            (
                "ui/Task_1/Settings.json",
                r#"{ "defaultDataType": "model", "pages": { "order": ["Page1"] } }"#,
            ),
            ("ui/Task_1/layouts/Page1.json", text.as_str()),
            ("App.csproj", proj.as_str()),
        ],
    )
}

fn al01(files: Files) -> String {
    check_codes(files, "AL01")
}

/// Frontend v3 (declared by its index page, on backend v7): the v3 type names and constructs
/// are valid; v4 types are errors; properties v3 has and v4 does not are not judged.
#[test]
fn frontend_v3_app() {
    let proj = csproj("7.4.0");
    let files = classic_app(
        &[
            r#"{ "id": "addr", "type": "AddressComponent", "dataModelBindings": { "address": "Person.Name", "zipCode": "Person.Name", "postPlace": "Person.Name" }, "simplified": true }"#,
            r#"{ "id": "pets", "type": "Group", "maxCount": 5, "dataModelBindings": { "group": "Pets" }, "children": ["pet-name"], "triggers": ["validation"], "edit": { "mode": "showTable", "filter": [ { "key": "start", "value": "0" } ] } }"#,
            r#"{ "id": "pet-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" }, "triggers": ["validation"] }"#,
            r#"{ "id": "likert", "type": "Group", "maxCount": 99, "dataModelBindings": { "group": "Pets" }, "children": ["likert-q"], "edit": { "mode": "likert" } }"#,
            r#"{ "id": "likert-q", "type": "Likert", "dataModelBindings": { "simpleBinding": "Pets.Species" }, "optionsId": "species" }"#,
            r#"{ "id": "panel", "type": "Panel", "panel": { "groupReference": { "group": "pets" } } }"#,
            r#"{ "id": "next-task", "type": "Button", "mode": "go-to-task", "taskId": "Task_1" }"#,
            r#"{ "id": "title", "type": "Header", "size": "L" }"#,
            r#"{ "id": "rg", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": [] }"#,
            r#"{ "id": "summary", "type": "Summary2", "target": { "type": "page", "id": "Page1" } }"#,
            r#"{ "id": "heading", "type": "Heading", "size": "L" }"#,
            r#"{ "id": "addr4", "type": "Address", "dataModelBindings": { "address": "Person.Name" } }"#,
            r#"{ "id": "odd", "type": "Fancy" }"#,
            r#"{ "id": "lower", "type": "textarea", "dataModelBindings": { "simpleBinding": "Comment" } }"#,
        ],
        &[
            ("views/Home/Index.cshtml", INDEX_V3),
            ("App.csproj", proj.as_str()),
        ],
    );
    insta::assert_snapshot!(check(files));
}

/// Frontend v3 inferred from the app's own constructs next to a v4 type, nothing declared:
/// the version is in doubt, so a type of the other generation is a warning, while a type no
/// generation knows stays an error.
#[test]
fn frontend_in_doubt_softens_types_of_the_other_generation() {
    let files = classic_app(
        &[
            r#"{ "id": "addr", "type": "AddressComponent", "dataModelBindings": { "address": "Person.Name" } }"#,
            r#"{ "id": "summary", "type": "Summary2", "target": { "type": "page", "id": "Page1" } }"#,
            r#"{ "id": "odd", "type": "Fancy" }"#,
        ],
        &[],
    );
    insta::assert_snapshot!(al01(files));
}

/// Backend v8 with frontend v4: the snake_case keys are the contract; the camelCase names of
/// v9 are unknown keys (with the v4 name as the fix) and the required binding is missing.
#[test]
fn v8_app_keeps_the_v4_contract() {
    let proj = csproj("8.5.0");
    let files = classic_app(
        &[
            r#"{ "id": "person-ok", "type": "PersonLookup", "dataModelBindings": { "person_lookup_ssn": "Person.Name", "person_lookup_name": "Person.Name" } }"#,
            r#"{ "id": "person-v9", "type": "PersonLookup", "dataModelBindings": { "ssn": "Person.Name" } }"#,
            r#"{ "id": "org", "type": "OrganisationLookup", "dataModelBindings": { "organisation_lookup_orgnr": "Person.Name" } }"#,
            r#"{ "id": "pets", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": ["pet-name"], "textResourceBindings": { "add_button": "name.title", "saveButton": "name.title" } }"#,
            r#"{ "id": "pet-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } }"#,
        ],
        &[
            ("views/Home/Index.cshtml", INDEX_V4),
            ("App.csproj", proj.as_str()),
        ],
    );
    insta::assert_snapshot!(al01(files));
}

/// A v9 app as the upgrade converts it: camelCase binding and text keys, OrganizationLookup,
/// Heading. Nothing to report.
#[test]
fn v9_app_converted_by_the_upgrade() {
    let files = v9_app(&[
        r#"{ "id": "title", "type": "Heading", "size": "L" }"#,
        r#"{ "id": "person", "type": "PersonLookup", "dataModelBindings": { "ssn": "Person.Name", "fullName": "Person.Name", "firstName": "Person.Name", "middleName": "Person.Name", "lastName": "Person.Name" } }"#,
        r#"{ "id": "org", "type": "OrganizationLookup", "dataModelBindings": { "orgnr": "Person.Name", "name": "Person.Name" } }"#,
        r#"{ "id": "pets", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": ["pet-name"], "textResourceBindings": { "addButton": "name.title", "saveButton": "name.title", "addButtonFull": "name.title" } }"#,
        r#"{ "id": "pet-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

/// A v9 app that kept the v8 names: each one is a warning naming the camelCase key (no
/// "missing required binding" error: the old key still says where the value goes).
#[test]
fn v9_app_with_the_old_names() {
    let files = v9_app(&[
        r#"{ "id": "title", "type": "Header", "size": "L" }"#,
        r#"{ "id": "person", "type": "PersonLookup", "dataModelBindings": { "person_lookup_ssn": "Person.Name", "person_lookup_name": "Person.Name" } }"#,
        r#"{ "id": "org", "type": "OrganizationLookup", "dataModelBindings": { "organization_lookup_orgnr": "Person.Name" } }"#,
        r#"{ "id": "pets", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": ["pet-name"], "textResourceBindings": { "add_button": "name.title" } }"#,
        r#"{ "id": "pet-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } }"#,
    ]);
    insta::assert_snapshot!(al01(files));
}

/// The frontend decides the contract, not the folder layout: task-named folders with an index
/// page loading v4 are checked as v4; a layout-sets app on backend v9 without an index page
/// runs the bundled frontend.
#[test]
fn the_frontend_version_decides_not_the_folders() {
    let mut files = v9_app(&[
        r#"{ "id": "title", "type": "Header", "size": "L" }"#,
        r#"{ "id": "title2", "type": "Heading", "size": "L" }"#,
    ]);
    files = with(files, &[("views/Home/Index.cshtml", INDEX_V4)]);
    let v4_on_folders = al01(files);

    let proj = csproj("9.0.0");
    let files = classic_app(
        &[
            r#"{ "id": "title", "type": "Header", "size": "L" }"#,
            r#"{ "id": "title2", "type": "Heading", "size": "L" }"#,
        ],
        &[("App.csproj", proj.as_str())],
    );
    let next_on_sets = al01(files);
    insta::assert_snapshot!(format!(
        "task folders + Index.cshtml v4:\n{v4_on_folders}\nlayout sets + backend v9:\n{next_on_sets}"
    ));
}

/// `xl` is a grid breakpoint in every frontend generation, also inside innerGrid / labelGrid.
#[test]
fn grid_xl_breakpoint() {
    let files = classic_app(
        &[
            r#"{ "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "grid": { "xs": 12, "xl": 6, "innerGrid": { "xl": 4 }, "labelGrid": { "xl": 2, "xxl": 1 } } }"#,
        ],
        &[],
    );
    let v4 = al01(files);
    // The v9 frontend's grid has xs-lg only; the v9 upgrade removes xl as unsupported.
    let v9 = al01(v9_app(&[
        r#"{ "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "grid": { "xs": 12, "xl": 6, "innerGrid": { "xl": 4 } } }"#,
    ]));
    insta::assert_snapshot!(format!("frontend v4:\n{v4}\nv9:\n{v9}"));
}

/// Mis-cased types: a warning with the right spelling, and the component is checked as its
/// real type everywhere (a mis-cased Subform pointing at a layout set that does not exist).
#[test]
fn mis_cased_types_are_checked_as_their_real_type() {
    let files = classic_app(
        &[
            r#"{ "id": "entries", "type": "SubForm", "layoutSet": "no-such-set", "tableColumns": [] }"#,
            r#"{ "id": "name", "type": "input", "dataModelBindings": { "simpleBinding": "Person.Nme" } }"#,
            r#"{ "id": "nav", "type": "navigationButtons", "showBackButton": "yes" }"#,
        ],
        &[],
    );
    insta::assert_snapshot!(check(files));
}
