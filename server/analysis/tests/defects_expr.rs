//! Known defects #30-#35 (FORMATS.md §8): expressions. Each fixture changes the valid base app
//! and snapshots the AL10xx diagnostics (file, position, severity, code, message).
mod common;

use common::{base_app, check_codes, with};

/// A Page1 whose first component's `hidden` (and more props) carry the given expressions.
fn page1(hidden: &str, extra_components: &str) -> String {
    format!(
        r#"{{
  "data": {{
    "layout": [
      {{ "id": "name", "type": "Input", "dataModelBindings": {{ "simpleBinding": "Person.Name" }}, "textResourceBindings": {{ "title": "name.title" }}, "hidden": {hidden} }},
      {{ "id": "age", "type": "Input", "dataModelBindings": {{ "simpleBinding": "Person.Age" }}, "textResourceBindings": {{ "title": "age.title" }} }}{extra_components}
    ]
  }}
}}"#
    )
}

/// Components that each carry one expression in `hidden`.
fn probes(exprs: &[&str]) -> String {
    probes_in("hidden", exprs)
}

/// Components that each carry one expression in `prop` (`hidden` or a text binding `title`).
fn probes_in(prop: &str, exprs: &[&str]) -> String {
    exprs
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if prop == "title" {
                format!(",\n      {{ \"id\": \"probe{i}\", \"type\": \"Paragraph\", \"textResourceBindings\": {{ \"title\": {e} }} }}")
            } else {
                format!(",\n      {{ \"id\": \"probe{i}\", \"type\": \"Paragraph\", \"textResourceBindings\": {{ \"title\": \"name.title\" }}, \"{prop}\": {e} }}")
            }
        })
        .collect()
}

fn layout_case(exprs: &[&str]) -> String {
    let page = page1("false", &probes(exprs));
    check_codes(
        with(base_app(), &[("ui/form/layouts/Page1.json", &page)]),
        "AL10",
    )
}

#[test]
fn base_app_has_no_expression_diagnostics() {
    assert_eq!(check_codes(base_app(), "AL10"), "(no diagnostics)\n");
}

#[test]
fn defect_30_unknown_or_miscased_function() {
    insta::assert_snapshot!(layout_case(&[
        r#"["equal", ["dataModel", "Person.Name"], "x"]"#,
        r#"["Equals", ["dataModel", "Person.Name"], "x"]"#,
        r#"["FrontendSettings", "mySetting"]"#,
        r#"["non-existing-function", 1, 2]"#,
    ]));
}

#[test]
fn defect_31_wrong_arity() {
    insta::assert_snapshot!(layout_case(&[
        r#"["equals", true, false, 55]"#,
        r#"["equals"]"#,
        r#"["dataModel", "Person.Name", "model", "extra"]"#,
        r#"["and"]"#,
    ]));
}

#[test]
fn defect_32_literal_types_object_literals_empty_arrays() {
    insta::assert_snapshot!(layout_case(&[
        r#"["greaterThan", ["dataModel", "Person.Age"], "ten"]"#,
        r#"["not", "yes"]"#,
        r#"["equals", ["formatDate", true], "x"]"#,
        r#"["equals", ["formatDate", "2021-02-29"], "x"]"#,
        r#"["equals", true, {}]"#,
        r#"[]"#,
        r#"["equals", [], true]"#,
        r#"[true, 1]"#,
        r#"["greaterThan", ["divide", 10, 0], 1]"#,
        // Valid: implicit casting of numeric strings, "true"/"1" and scientific notation.
        r#"["and", ["greaterThan", "12", "1.5E1"], "true", 1, ["not", "0"]]"#,
    ]));
}

#[test]
fn defect_33_if_and_compare_forms() {
    insta::assert_snapshot!(layout_case(&[
        r#"["if", true, "a", "b"]"#,
        r#"["if", true, "a", "else", "b", "c"]"#,
        r#"["compare", 1, "largerThan", 2]"#,
        r#"["compare", 1, "NOT", "equals", 2]"#,
        r#"["compare", 1, ["if", true, "equals"], 2]"#,
        r#"["compare", "2020-01-01", "isBefore", "2020-01-01T12:00:00Z"]"#,
        // Valid forms.
        r#"["if", ["compare", ["dataModel", "Person.Age"], "not", "lessThan", 18], true, "else", false]"#,
    ]));
}

#[test]
fn defect_34_references_that_do_not_exist() {
    let page = page1(
        r#"["equals", ["component", "agee"], 1]"#,
        &probes_in(
            "title",
            &[
                r#"["displayValue", "missing"]"#,
                r#"["dataModel", "Person.name"]"#,
                r#"["dataModel", "Pets[0].Specie"]"#,
                r#"["dataModel", "Person.Name", "modell"]"#,
                r#"["instanceContext", "partyId"]"#,
                r#"["text", "no.such.key"]"#,
                r#"["linkToPage", "Go", "Page3"]"#,
                r#"["linkToComponent", "Go", "pet-nam"]"#,
                r#"["countDataElements", "attachmnts"]"#,
                r#"["optionLabel", "specie", "dog"]"#,
                // Valid references.
                r#"["concat", ["component", "age"], ["dataModel", "Pets[0].Species", "model"], ["optionLabel", "species", "dog"], ["text", "name.title"], ["countDataElements", "attachments"], ["instanceContext", "appId"], ["linkToPage", "Go", "Page2"], ["linkToComponent", "Go", "pet-name"]]"#,
            ],
        ),
    );
    insta::assert_snapshot!(check_codes(
        with(base_app(), &[("ui/form/layouts/Page1.json", &page)]),
        "AL10"
    ));
}

const PROCESS_WITH_GATEWAY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:altinn="http://altinn.no/process" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="Process_1" isExecutable="false">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="Task_1" name="Utfylling">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:extensionElements><altinn:taskExtension><altinn:taskType>data</altinn:taskType></altinn:taskExtension></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:exclusiveGateway id="Gateway_1"><bpmn:incoming>Flow_2</bpmn:incoming><bpmn:outgoing>Flow_3</bpmn:outgoing><bpmn:outgoing>Flow_4</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_3</bpmn:incoming><bpmn:incoming>Flow_4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="Gateway_1" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Gateway_1" targetRef="EndEvent_1">
      <bpmn:conditionExpression>["and", ["equals", ["displayValue", "name"], "Kari"], ["equals", ["gatewayAction"], "confirm"]]</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Gateway_1" targetRef="EndEvent_1">
      <bpmn:conditionExpression>["or", ["equals", ["component", "name"], "Ola"], ["equals", ["dataModel", "Person.Nmae"], "x"]]</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
  </bpmn:process>
</bpmn:definitions>"#;

const VALIDATION: &str = r#"{
  "validations": {
    "Person.Name": [
      { "message": ["concat", "Too long: ", ["displayValue", "name"]], "severity": "error", "condition": ["greaterThan", ["stringLength", ["dataModel", ["argv", 0]]], 50] },
      { "message": "name.title", "condition": ["equals", ["argv", 1], "x"] }
    ]
  },
  "definitions": {
    "notEmpty": { "message": "name.title", "condition": ["equals", ["linkToPage", "x", "Page1"], ""] }
  }
}"#;

#[test]
fn defect_35_frontend_only_functions_where_the_backend_evaluates() {
    let page = page1(
        r#"["not", ["authContext", "write"]]"#,
        &probes(&[
            r#"["greaterThan", ["sum", ["list", 1, 2]], 2]"#,
            r#"["equals", ["gatewayAction"], "reject"]"#,
            r#"["equals", ["argv", 0], "x"]"#,
        ]),
    );
    insta::assert_snapshot!(check_codes(
        with(
            base_app(),
            &[
                ("ui/form/layouts/Page1.json", &page),
                ("config/process/process.bpmn", PROCESS_WITH_GATEWAY),
                ("models/model.validation.json", VALIDATION),
            ]
        ),
        "AL10"
    ));
}

/// A ui-folders app (next frontend): the base app's set moved to `ui/Task_1/` without
/// layout-sets.json. Next-only functions are fine here; Settings expressions are checked.
#[test]
fn ui_folders_app_uses_the_next_frontend_rules() {
    let files = common::without(
        base_app(),
        &[
            "ui/layout-sets.json",
            "ui/form/Settings.json",
            "ui/form/layouts/Page1.json",
            "ui/form/layouts/Page2.json",
        ],
    );
    let settings = r#"{
  "defaultDataType": "model",
  "pages": {
    "order": ["Page1"],
    "navigationTitle": ["concat", "Sum: ", ["sum", ["list", 1, 2]]],
    "hideAppNameInPdf": ["equal", 1, 1]
  }
}"#;
    let page = r#"{
  "data": {
    "layout": [
      { "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "textResourceBindings": { "title": ["concat", ["average", ["list", 1, true], 0], ""] } },
      { "id": "info", "type": "Paragraph", "textResourceBindings": { "title": ["jmespath", ["object", "a", 1, "a", 2], "a"] }, "hidden": ["equals", ["count", ["list", ["dataModel", "Person.Name"]]], 0] }
    ]
  }
}"#;
    let files = with(
        files,
        &[
            ("ui/Task_1/Settings.json", settings),
            ("ui/Task_1/layouts/Page1.json", page),
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL10"));
}
