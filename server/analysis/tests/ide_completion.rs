//! Completion at cursor positions, also in strings being typed and in broken JSON.
mod common;

use altinn_analysis::ide::{self, CompletionItem, CompletionKind};
use altinn_analysis::AppDb;
use common::{base_app, db, with};

/// Completion at the `|` of `text`, put at `path` in the base app.
fn complete(path: &str, text: &str) -> (AppDb, Vec<CompletionItem>) {
    let off = text.find('|').expect("cursor marker") as u32;
    let clean = text.replacen('|', "", 1);
    let db = db(with(base_app(), &[(path, &clean)]));
    let items = ide::completion(&db, path, off);
    (db, items)
}

fn labels(items: &[CompletionItem]) -> Vec<&str> {
    items.iter().map(|i| i.label.as_str()).collect()
}

const PAGE: &str = "ui/form/layouts/Page3.json";
const SETTINGS: &str = "ui/form/Settings.json";

fn page(components: &str) -> String {
    format!("{{ \"data\": {{ \"layout\": [\n{components}\n] }} }}")
}

#[test]
fn text_keys_in_an_unterminated_string() {
    let text = page(r#"{ "id": "x", "type": "Input", "textResourceBindings": { "title": "na|"#);
    let (db, items) = complete(PAGE, &text);
    assert!(
        labels(&items).contains(&"name.title"),
        "{:?}",
        labels(&items)
    );
    let it = items.iter().find(|i| i.label == "name.title").unwrap();
    assert_eq!(it.kind, CompletionKind::TextKey);
    assert_eq!(it.detail.as_deref(), Some("Navn"));
    assert!(it
        .documentation
        .as_deref()
        .unwrap()
        .contains("**en**: Name"));
    // Unterminated: the item closes the string.
    assert_eq!(it.insert_text.as_deref(), Some("name.title\""));
    let r = it.replace_range.unwrap();
    assert_eq!(db.file(PAGE).unwrap().slice(r), "na");
}

#[test]
fn data_model_paths_segment_by_segment() {
    let text = page(
        r#"{ "id": "x", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.|" } }"#,
    );
    let (db, items) = complete(PAGE, &text);
    assert_eq!(labels(&items), ["Age", "Name"]);
    let name = &items[1];
    assert_eq!(name.detail.as_deref(), Some("string"));
    assert!(name
        .documentation
        .as_deref()
        .unwrap()
        .contains("maxLength: 100"));
    assert!(name.replace_range.unwrap().is_empty());
    assert!(name.insert_text.is_none());
    // First segment, replacing only that segment.
    let text = page(
        r#"{ "id": "x", "type": "Input", "dataModelBindings": { "simpleBinding": "Pe|rson.Name" } }"#,
    );
    let (db2, items) = complete(PAGE, &text);
    assert_eq!(labels(&items), ["Comment", "Person", "Pets", "Tags"]);
    let pets = items.iter().find(|i| i.label == "Pets").unwrap();
    assert_eq!(pets.detail.as_deref(), Some("array of object"));
    assert_eq!(
        db2.file(PAGE).unwrap().slice(pets.replace_range.unwrap()),
        "Person"
    );
    drop(db);
}

#[test]
fn component_types_and_properties() {
    let text = page(r#"{ "id": "x", "type": "Inp|" }"#);
    let (_, items) = complete(PAGE, &text);
    let input = items.iter().find(|i| i.label == "Input").expect("Input");
    assert_eq!(input.kind, CompletionKind::Component);
    assert!(input.documentation.is_some());
    // Property keys, after the cursor's type is known from the tree; existing ones are left out.
    let text = page(r#"{ "id": "x", "type": "Input", "|": 1, "required": true }"#);
    let (_, items) = complete(PAGE, &text);
    let l = labels(&items);
    assert!(l.contains(&"dataModelBindings"), "{l:?}");
    assert!(l.contains(&"readOnly"), "{l:?}");
    assert!(!l.contains(&"required"), "{l:?}");
    assert!(!l.contains(&"id"), "{l:?}");
    // A key without quotes yet: the item brings them.
    let text = page("{ \"id\": \"x\", \"type\": \"Input\",\n  rea| }");
    let (_, items) = complete(PAGE, &text);
    let ro = items
        .iter()
        .find(|i| i.label == "readOnly")
        .expect("readOnly");
    assert_eq!(ro.insert_text.as_deref(), Some("\"readOnly\": "));
}

#[test]
fn component_ids_in_children_summaries_and_expressions() {
    let text = page(
        r#"{ "id": "grp", "type": "Group", "children": ["|"] },
{ "id": "s", "type": "Summary", "componentRef": "" }"#,
    );
    let (_, items) = complete(PAGE, &text);
    let l = labels(&items);
    assert!(
        l.contains(&"name") && l.contains(&"pet-name") && l.contains(&"s"),
        "{l:?}"
    );
    assert!(!l.contains(&"grp"), "its own id: {l:?}");
    let it = items.iter().find(|i| i.label == "name").unwrap();
    assert_eq!(it.detail.as_deref(), Some("Input on page Page1"));

    let text = page(
        r#"{ "id": "p", "type": "Paragraph", "hidden": ["equals", ["component", "|"], "x"] }"#,
    );
    let (_, items) = complete(PAGE, &text);
    assert!(labels(&items).contains(&"age"));

    let text =
        page(r#"{ "id": "s2", "type": "Summary2", "target": { "type": "component", "id": "|" } }"#);
    let (_, items) = complete(PAGE, &text);
    assert!(labels(&items).contains(&"nav2"));
    let text =
        page(r#"{ "id": "s2", "type": "Summary2", "target": { "type": "page", "id": "|" } }"#);
    let (_, items) = complete(PAGE, &text);
    assert_eq!(labels(&items), ["Page1", "Page2", "Page3"]);
}

#[test]
fn expression_functions() {
    let text = page(r#"{ "id": "p", "type": "Paragraph", "hidden": ["|"] }"#);
    let (_, items) = complete(PAGE, &text);
    let l = labels(&items);
    assert!(l.contains(&"equals") && l.contains(&"dataModel"), "{l:?}");
    assert!(items.iter().all(|i| i.kind == CompletionKind::Function));
    // Not in an id list.
    let text = page(r#"{ "id": "g", "type": "Group", "children": ["|"] }"#);
    let (_, items) = complete(PAGE, &text);
    assert!(!labels(&items).contains(&"equals"));
    // dataModel's first argument is a path.
    let text = page(r#"{ "id": "p", "type": "Paragraph", "hidden": ["dataModel", "Pets.|"] }"#);
    let (_, items) = complete(PAGE, &text);
    assert_eq!(labels(&items), ["PetName", "Species"]);
    // An array being typed without a string yet: quoted function names.
    let text = page(r#"{ "id": "p", "type": "Paragraph", "readOnly": [| ] }"#);
    let (_, items) = complete(PAGE, &text);
    let eq = items.iter().find(|i| i.label == "equals").unwrap();
    assert_eq!(eq.insert_text.as_deref(), Some("\"equals\""));
}

#[test]
fn pages_sets_tasks_data_types_and_code_lists() {
    let (_, items) = complete(SETTINGS, r#"{ "pages": { "order": ["Page1", "|"] } }"#);
    assert_eq!(labels(&items), ["Page1", "Page2"]);

    let sets = r#"{ "sets": [ { "id": "form", "dataType": "|", "tasks": ["Task_1"] } ] }"#;
    let (_, items) = complete("ui/layout-sets.json", sets);
    assert_eq!(
        labels(&items),
        ["ref-data-as-pdf", "model", "attachments", "upload"]
    );
    let sets = r#"{ "sets": [ { "id": "form", "dataType": "model", "tasks": ["|"] } ] }"#;
    let (_, items) = complete("ui/layout-sets.json", sets);
    assert_eq!(labels(&items), ["Task_1"]);
    assert_eq!(items[0].detail.as_deref(), Some("data task \"Utfylling\""));

    let text = page(r#"{ "id": "d", "type": "Dropdown", "optionsId": "|" }"#);
    let (_, items) = complete(PAGE, &text);
    assert_eq!(labels(&items), ["species"]);

    let text = page(r#"{ "id": "d", "type": "Subform", "layoutSet": "|" }"#);
    let (_, items) = complete(PAGE, &text);
    assert_eq!(labels(&items), ["form"]);
}

#[test]
fn rule_functions_and_enum_values() {
    let js = "var ruleHandlerObject = { sum: function (obj) { return obj.a; }, diff: function (o) { return 1; } };\n";
    let conf = r#"{ "data": { "ruleConnection": { "a1": { "selectedFunction": "|" } } } }"#;
    let off = conf.find('|').unwrap() as u32;
    let db = db(with(
        base_app(),
        &[
            ("ui/form/RuleHandler.js", js),
            ("ui/form/RuleConfiguration.json", &conf.replacen('|', "", 1)),
        ],
    ));
    let items = ide::completion(&db, "ui/form/RuleConfiguration.json", off);
    assert_eq!(labels(&items), ["sum", "diff"]);

    let text = page(r#"{ "id": "s2", "type": "Summary2", "target": { "type": "|" } }"#);
    let (_, items) = complete(PAGE, &text);
    assert_eq!(labels(&items), ["component", "page", "layoutSet"]);
}

#[test]
fn binding_keys_and_text_binding_keys() {
    let text = page(r#"{ "id": "x", "type": "Input", "dataModelBindings": { "|" } }"#);
    let (_, items) = complete(PAGE, &text);
    assert!(labels(&items).contains(&"simpleBinding"));
    let text = page(r#"{ "id": "x", "type": "Input", "textResourceBindings": { "|" } }"#);
    let (_, items) = complete(PAGE, &text);
    assert!(labels(&items).contains(&"title"));
}

#[test]
fn nothing_outside_json_structure() {
    let (_, items) = complete(PAGE, "|");
    assert!(items.is_empty());
    let (_, items) = complete("ui/form/RuleHandler.js", "var x = {|};");
    assert!(items.is_empty());
}

#[test]
fn functions_unavailable_in_the_runtime_sort_last() {
    let text = page(r#"{ "id": "p", "type": "Paragraph", "hidden": ["|"] }"#);
    let (_, items) = complete(PAGE, &text);
    let eq = items.iter().find(|i| i.label == "equals").unwrap();
    let jm = items.iter().find(|i| i.label == "jmespath").unwrap();
    assert!(eq.sort_text < jm.sort_text);
    assert!(jm
        .detail
        .as_deref()
        .unwrap()
        .contains("not available in app-frontend v4"));
    assert!(eq.detail.as_deref().unwrap().starts_with("equals("));
}

#[test]
fn works_after_a_missing_comma_and_in_binding_objects() {
    let text =
        page(r#"{ "id": "x" "type": "Input", "textResourceBindings": { "title": "age|" } }"#);
    let (_, items) = complete(PAGE, &text);
    assert!(
        labels(&items).contains(&"age.title"),
        "{:?}",
        labels(&items)
    );
    let text = page(
        r#"{ "id": "x", "type": "Input", "dataModelBindings": { "simpleBinding": { "dataType": "model", "field": "Person.|" } } }"#,
    );
    let (_, items) = complete(PAGE, &text);
    assert_eq!(labels(&items), ["Age", "Name"]);
    // Short lists come whole.
    let text =
        page(r#"{ "id": "x", "type": "Input", "textResourceBindings": { "title": "nt|" } }"#);
    let (_, items) = complete(PAGE, &text);
    assert!(labels(&items).contains(&"name.title"));
    assert!(labels(&items).contains(&"age.title"));
}

#[test]
fn typing_narrows_long_lists_without_dropping_matches() {
    let entries: Vec<String> = (0..1500)
        .map(|i| format!("{{ \"id\": \"generated.key{i}\", \"value\": \"v\" }}"))
        .collect();
    let nn = format!(
        "{{ \"language\": \"nn\", \"resources\": [ {{ \"id\": \"name.title\", \"value\": \"Namn\" }}, {} ] }}",
        entries.join(", ")
    );
    let text =
        page(r#"{ "id": "x", "type": "Input", "textResourceBindings": { "title": "NmTi|" } }"#);
    let off = text.find('|').unwrap() as u32;
    let app = db(with(
        base_app(),
        &[
            ("config/texts/resource.nn.json", &nn),
            (PAGE, &text.replacen('|', "", 1)),
        ],
    ));
    let items = ide::completion(&app, PAGE, off);
    assert_eq!(labels(&items), ["name.title"]);
    let text = page(r#"{ "id": "x", "type": "Input", "textResourceBindings": { "title": "|" } }"#);
    let off = text.find('|').unwrap() as u32;
    let app = db(with(
        base_app(),
        &[
            ("config/texts/resource.nn.json", &nn),
            (PAGE, &text.replacen('|', "", 1)),
        ],
    ));
    assert_eq!(ide::completion(&app, PAGE, off).len(), 1505);
}

#[test]
fn paths_inside_the_enclosing_repeating_group_rank_first() {
    let text = page(
        r#"{ "id": "grp", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": ["row-name"] },
{ "id": "row-name", "type": "Input", "dataModelBindings": { "simpleBinding": "|" } }"#,
    );
    let (_, items) = complete(PAGE, &text);
    let pets = items.iter().find(|i| i.label == "Pets").unwrap();
    let comment = items.iter().find(|i| i.label == "Comment").unwrap();
    assert!(pets.sort_text < comment.sort_text, "{pets:?} {comment:?}");
}

#[test]
fn declaring_names_offers_what_is_missing() {
    let en = r#"{ "language": "en", "resources": [ { "id": "appName", "value": "Test app" }, { "id": "|" } ] }"#;
    let (_, items) = complete("config/texts/resource.en.json", en);
    let l = labels(&items);
    assert!(
        l.contains(&"name.title") && !l.contains(&"appName"),
        "{l:?}"
    );

    let text = page(
        r#"{ "id": "docs", "type": "FileUpload", "maxNumberOfAttachments": 1, "minNumberOfAttachments": 0, "maxFileSizeInMB": 1, "displayMode": "list" }"#,
    );
    let meta = r#"{ "id": "ttd/test-app", "org": "ttd", "dataTypes": [ { "id": "model" }, { "id": "|" } ] }"#;
    let off = meta.find('|').unwrap() as u32;
    let db = db(with(
        base_app(),
        &[
            (PAGE, &text),
            (
                "config/applicationmetadata.json",
                &meta.replacen('|', "", 1),
            ),
        ],
    ));
    let items = ide::completion(&db, "config/applicationmetadata.json", off);
    assert_eq!(labels(&items), ["upload", "docs"]);
}

#[test]
fn whole_new_components_in_the_layout_array() {
    let text =
        "{ \"data\": { \"layout\": [\n  { \"id\": \"a\", \"type\": \"Paragraph\" },\n  |\n] } }";
    let (_, items) = complete(PAGE, text);
    let input = items.iter().find(|i| i.label == "Input").expect("Input");
    let ins = input.insert_text.as_deref().unwrap();
    assert!(
        ins.starts_with("{ \"id\": \"input1\", \"type\": \"Input\""),
        "{ins}"
    );
    // Every template is valid JSON and, inserted, gives a parseable layout.
    for it in &items {
        let t = it.insert_text.as_deref().unwrap();
        let v: serde_json::Value = serde_json::from_str(t).unwrap_or_else(|e| panic!("{t}: {e}"));
        assert_eq!(v["type"], it.label.as_str());
    }
    let clean = text.replacen('|', input.insert_text.as_deref().unwrap(), 1);
    let doc = altinn_analysis::syntax::parse_json(&clean);
    assert!(doc.errors.is_empty(), "{clean}");
}

#[test]
fn schema_urls() {
    let (_, items) = complete(
        SETTINGS,
        r#"{ "$schema": "|", "pages": { "order": ["Page1", "Page2"] } }"#,
    );
    assert_eq!(
        labels(&items),
        ["https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layoutSettings.schema.v1.json"]
    );
}

#[test]
fn ids_in_bpmn_extension_elements() {
    let base = base_app();
    let bpmn = base
        .iter()
        .find(|(p, _)| p == "config/process/process.bpmn")
        .unwrap()
        .1
        .replace(
            "<altinn:taskType>data</altinn:taskType>",
            "<altinn:taskType>data</altinn:taskType><altinn:signatureConfig><altinn:signatureDataType>|</altinn:signatureDataType></altinn:signatureConfig>",
        );
    let (_, items) = complete("config/process/process.bpmn", &bpmn);
    assert_eq!(
        labels(&items),
        ["ref-data-as-pdf", "model", "attachments", "upload"]
    );
    assert!(items[0].replace_range.unwrap().is_empty());
    // Not in the text of other elements.
    let bpmn2 = base
        .iter()
        .find(|(p, _)| p == "config/process/process.bpmn")
        .unwrap()
        .1
        .replace(
            "<altinn:taskType>data</altinn:taskType>",
            "<altinn:taskType>da|ta</altinn:taskType>",
        );
    let (_, items) = complete("config/process/process.bpmn", &bpmn2);
    assert!(items.is_empty());
}

#[test]
fn summary2_target_keys() {
    let text = page(r#"{ "id": "s2", "type": "Summary2", "target": { "type": "page", "|" } }"#);
    let (_, items) = complete(PAGE, &text);
    assert_eq!(labels(&items), ["id", "taskId"]);
}

#[test]
fn cut_lists_put_prefix_matches_first() {
    let entries: Vec<String> = (0..1500)
        .map(|i| format!("{{ \"id\": \"generated.key{i}\", \"value\": \"v\" }}"))
        .collect();
    let nn = format!(
        "{{ \"language\": \"nn\", \"resources\": [ {} ] }}",
        entries.join(", ")
    );
    let text =
        page(r#"{ "id": "x", "type": "Input", "textResourceBindings": { "title": "gen|" } }"#);
    let off = text.find('|').unwrap() as u32;
    let app = db(with(
        base_app(),
        &[
            ("config/texts/resource.nn.json", &nn),
            (PAGE, &text.replacen('|', "", 1)),
        ],
    ));
    let list = ide::completion_list(&app, PAGE, off, 100);
    assert!(list.is_incomplete);
    assert_eq!(list.items.len(), 100);
    assert!(list
        .items
        .iter()
        .all(|i| i.label.starts_with("generated.key")));
    // Short lists are complete.
    let list = ide::completion_list(&app, PAGE, off, 5000);
    assert!(!list.is_incomplete);
    // "greeting" contains g-e-n as a subsequence only: after all prefix matches.
    assert_eq!(list.items.len(), ide::completion(&app, PAGE, off).len());
}
