//! Frontend v3 forms in an app on frontend v4 carry the rewrite of `studioctl app upgrade
//! frontend-v4` (check/upgrade_v4.rs); `ide::upgrade::to_v4` applies them and points the index
//! page at v4, and the upgraded v3 app checks clean as a v4 app. What the studioctl step only
//! warns about or deletes is listed, never rewritten.
mod common;

use altinn_analysis::ide::upgrade;
use common::{base_app, db, render, with};

type Files = Vec<(String, String)>;

const PAGE1: &str = "ui/form/layouts/Page1.json";

fn index(major: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html>
<head>
  <link rel="stylesheet" type="text/css" href="https://altinncdn.no/toolkits/altinn-app-frontend/{major}/altinn-app-frontend.css">
</head>
<body>
  <div id="root"></div>
  <script src="https://altinncdn.no/toolkits/altinn-app-frontend/{major}/altinn-app-frontend.js"></script>
</body>
</html>"#
    )
}

fn page(components: &[&str]) -> String {
    format!(
        "{{\n  \"data\": {{\n    \"layout\": [\n      {}\n    ]\n  }}\n}}",
        components.join(",\n      ")
    )
}

/// v3 forms every one of which the v4 upgrade rewrites.
const V3_FORMS: &[&str] = &[
    r#"{ "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "textResourceBindings": { "title": "name.title" }, "triggers": ["validation"] }"#,
    r#"{ "id": "home", "type": "AddressComponent", "dataModelBindings": { "address": "Person.Name", "zipCode": "Person.Name", "postPlace": "Person.Name" }, "simplified": true }"#,
    r#"{ "id": "pets-old", "type": "Group", "maxCount": 5, "dataModelBindings": { "group": "Pets" }, "children": ["pet-old-name"], "textResourceBindings": { "title": "name.title", "body": "age.title" }, "triggers": ["validateRow"] }"#,
    r#"{ "id": "pet-old-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } }"#,
    r#"{ "id": "grp", "type": "Group", "children": ["age"], "textResourceBindings": { "body": "age.title" }, "showGroupingIndicator": true }"#,
    r#"{ "id": "age", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Age" }, "textResourceBindings": { "title": "age.title" }, "pageRef": "Page1" }"#,
    r#"{ "id": "files", "type": "AttachmentList", "includePDF": true, "dataTypeIds": ["upload"] }"#,
    r#"{ "id": "para", "type": "Paragraph", "size": "L", "textResourceBindings": { "title": "name.title" }, "required": true }"#,
    r#"{ "id": "nav1", "type": "NavigationButtons", "showBackButton": false, "triggers": ["validatePage"] }"#,
];

/// The base app with these components on Page1 and the index page loading frontend `major`.
fn app(major: &str, components: &[&str]) -> Files {
    let p1 = page(components);
    let ix = index(major);
    with(
        base_app(),
        &[
            (PAGE1, p1.as_str()),
            ("views/Home/Index.cshtml", ix.as_str()),
        ],
    )
}

#[test]
fn v3_forms_in_a_v4_app_carry_the_v4_rewrite() {
    let db = db(app("4", V3_FORMS));
    let diags: Vec<_> = db.check_all();
    let mut s = String::new();
    for d in &diags {
        let rw = d
            .rewrite
            .as_ref()
            .expect("every v3 form here has a rewrite");
        let edits: Vec<String> = rw
            .edits
            .iter()
            .map(|(r, t)| format!("`{}` -> `{t}`", db.file(&d.file).unwrap().slice(*r)))
            .collect();
        s.push_str(&format!("{} {}: {}\n", d.code, rw.title, edits.join("; ")));
        assert!(rw.preferred && d.fix.is_none(), "{d:?}");
    }
    insta::assert_snapshot!(s, @r#"
    AL0109 Remove 'triggers' (frontend v4 ignores it): `, "triggers": ["validation"]` -> ``
    AL0106 Rename the type to 'Address' (frontend v4): `AddressComponent` -> `Address`
    AL0121 Make it a RepeatingGroup (frontend v4): `Group` -> `RepeatingGroup`
    AL0113 Rename the text 'body' to 'description' (frontend v4): `"body"` -> `"description"`
    AL0109 Remove 'triggers' (frontend v4 ignores it): `, "triggers": ["validateRow"]` -> ``
    AL0113 Rename the text 'body' to 'description' (frontend v4): `"body"` -> `"description"`
    AL0109 Replace showGroupingIndicator with groupingIndicator "indented" (frontend v4): `"showGroupingIndicator": true` -> `"groupingIndicator": "indented"`
    AL0109 Remove 'pageRef' (frontend v4 ignores it): `, "pageRef": "Page1"` -> ``
    AL0109 Replace includePDF with the PDF's data type in dataTypeIds (frontend v4): `"includePDF": true, ` -> ``; `` -> `, "ref-data-as-pdf"`
    AL0109 Remove 'size' (frontend v4 ignores it): `"size": "L", ` -> ``
    AL0109 Remove 'required' (frontend v4 ignores it): `, "required": true` -> ``
    AL0109 Replace triggers with validateOnNext (frontend v4): `"triggers": ["validatePage"]` -> `"validateOnNext": { "page": "current", "show": ["All"] }`
    "#);
}

#[test]
fn v3_app_upgraded_to_v4_checks_clean_as_v4() {
    let files = app("3", V3_FORMS);
    let mut db = db(files.clone());
    let up = upgrade::to_v4(&mut db);
    let mut s = String::new();
    for (f, t) in &up.applied {
        s.push_str(&format!("applied {f}: {t}\n"));
    }
    for l in &up.left {
        s.push_str(&format!("left {l}\n"));
    }
    insta::assert_snapshot!(s, @r#"
    applied views/Home/Index.cshtml: Load app frontend v4 (altinn-app-frontend/4)
    applied ui/form/layouts/Page1.json: Remove 'triggers' (frontend v4 ignores it)
    applied ui/form/layouts/Page1.json: Rename the type to 'Address' (frontend v4)
    applied ui/form/layouts/Page1.json: Make it a RepeatingGroup (frontend v4)
    applied ui/form/layouts/Page1.json: Rename the text 'body' to 'description' (frontend v4)
    applied ui/form/layouts/Page1.json: Remove 'triggers' (frontend v4 ignores it)
    applied ui/form/layouts/Page1.json: Rename the text 'body' to 'description' (frontend v4)
    applied ui/form/layouts/Page1.json: Replace showGroupingIndicator with groupingIndicator "indented" (frontend v4)
    applied ui/form/layouts/Page1.json: Remove 'pageRef' (frontend v4 ignores it)
    applied ui/form/layouts/Page1.json: Replace includePDF with the PDF's data type in dataTypeIds (frontend v4)
    applied ui/form/layouts/Page1.json: Remove 'size' (frontend v4 ignores it)
    applied ui/form/layouts/Page1.json: Remove 'required' (frontend v4 ignores it)
    applied ui/form/layouts/Page1.json: Replace triggers with validateOnNext (frontend v4)
    "#);
    insta::assert_snapshot!(up.changed[PAGE1], @r#"
    {
      "data": {
        "layout": [
          { "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "textResourceBindings": { "title": "name.title" } },
          { "id": "home", "type": "Address", "dataModelBindings": { "address": "Person.Name", "zipCode": "Person.Name", "postPlace": "Person.Name" }, "simplified": true },
          { "id": "pets-old", "type": "RepeatingGroup", "maxCount": 5, "dataModelBindings": { "group": "Pets" }, "children": ["pet-old-name"], "textResourceBindings": { "title": "name.title", "description": "age.title" } },
          { "id": "pet-old-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } },
          { "id": "grp", "type": "Group", "children": ["age"], "textResourceBindings": { "description": "age.title" }, "groupingIndicator": "indented" },
          { "id": "age", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Age" }, "textResourceBindings": { "title": "age.title" } },
          { "id": "files", "type": "AttachmentList", "dataTypeIds": ["upload", "ref-data-as-pdf"] },
          { "id": "para", "type": "Paragraph", "textResourceBindings": { "title": "name.title" } },
          { "id": "nav1", "type": "NavigationButtons", "showBackButton": false, "validateOnNext": { "page": "current", "show": ["All"] } }
        ]
      }
    }
    "#);
    // The files as written, read afresh: the index page now declares v4.
    let written: Files = files
        .into_iter()
        .map(|(p, t)| {
            let t = up.changed.get(&p).cloned().unwrap_or(t);
            (p, t)
        })
        .collect();
    let fresh = db_of(written);
    assert_eq!(fresh.model().versions.frontend.major.as_str(), "v4");
    assert_eq!(render(&fresh, &fresh.check_all()), "(no diagnostics)\n");
}

fn db_of(files: Files) -> altinn_analysis::AppDb {
    common::db(files)
}

#[test]
fn what_the_v4_upgrade_only_warns_about_is_listed_not_rewritten() {
    let forms: &[&str] = &[
        // A likert Group (studioctl's LikertMutator restructures it with its child).
        r#"{ "id": "survey", "type": "Group", "maxCount": 99, "dataModelBindings": { "group": "Pets" }, "children": ["pet-likert"], "edit": { "mode": "likert" } }"#,
        r#"{ "id": "pet-likert", "type": "Likert", "dataModelBindings": { "simpleBinding": "Pets.Species" }, "optionsId": "species" }"#,
        // A filtered repeating Group (filter → hiddenRow only with a warning).
        r#"{ "id": "filtered", "type": "Group", "maxCount": 3, "dataModelBindings": { "group": "Pets" }, "children": ["pet-f"], "edit": { "filter": [{ "key": "Pets.Species", "value": "dog" }] } }"#,
        r#"{ "id": "pet-f", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } }"#,
        // A panel with a groupReference (deleted by studioctl with a warning).
        r#"{ "id": "ref-panel", "type": "Group", "children": [], "panel": { "groupReference": { "group": "filtered" } } }"#,
    ];
    let mut db = db(app("3", forms));
    let up = upgrade::to_v4(&mut db);
    let left: String = up.left.iter().map(|l| format!("{l}\n")).collect();
    insta::assert_snapshot!(left, @r#"
    ui/form/layouts/Page1.json warning AL0121: Component 'survey' (Group) has maxCount 99: a Group with maxCount > 1 is the old repeating group format; use "type": "RepeatingGroup"; not rewritten: a likert Group becomes a Likert component that takes its child's bindings and texts (`studioctl app upgrade frontend-v4` does it)
    ui/form/layouts/Page1.json warning AL0121: Component 'filtered' (Group) has maxCount 3: a Group with maxCount > 1 is the old repeating group format; use "type": "RepeatingGroup"; not rewritten: its edit.filter must become a hiddenRow expression (`studioctl app upgrade frontend-v4` converts it and asks you to verify)
    ui/form/layouts/Page1.json warning AL0109: Component 'filtered' (Group): unknown key 'edit.filter' (it is ignored)
    ui/form/layouts/Page1.json warning AL0109: Component 'ref-panel' (Group): property 'panel' is not known for type Group and is ignored; not rewritten: frontend v4 has no panel that adds to another group (`studioctl app upgrade frontend-v4` deletes the component)
    "#);
    assert!(
        !up.changed.contains_key(PAGE1),
        "{:?}",
        up.changed.get(PAGE1)
    );
}
