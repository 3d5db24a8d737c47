//! Defects of the cross-file families: layout sets / UI folders (AL06xx), metadata (AL065x),
//! BPMN and policy (AL07xx), code lists (AL08xx), legacy rules (AL09xx), uploads (AL11xx).
//! Numbers refer to FORMATS.md section 8.
mod common;

use altinn_analysis::check::codes::{AL0651, AL0716, AL0804};
use common::{base_app, check_codes, db, with, without};

type Files = Vec<(String, String)>;

/// Replaces `from` (which must occur) by `to` in the file `path` of the app.
fn edit(mut files: Files, path: &str, from: &str, to: &str) -> Files {
    let f = files
        .iter_mut()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no file {path}"));
    assert!(f.1.contains(from), "'{from}' not in {path}");
    f.1 = f.1.replacen(from, to, 1);
    files
}

/// `check_file` over every file gives exactly `check_all` (the language server relies on it),
/// and every code reported is declared in the code table with that default severity.
fn assert_per_file_exact(files: Files) {
    let db = db(files);
    let mine = ["AL06", "AL07", "AL08", "AL09", "AL11"];
    for d in db
        .check_all()
        .into_iter()
        .filter(|d| mine.iter().any(|m| d.code.as_str().starts_with(m)))
    {
        let info = altinn_analysis::check::codes::info(d.code.as_str())
            .unwrap_or_else(|| panic!("code {} is not in the code table", d.code));
        // Codes whose severity depends on the occurrence (see their messages).
        if ![AL0651, AL0716, AL0804].contains(&d.code) {
            assert_eq!(info.severity, d.severity, "{}", d.code);
        }
    }
    let mut all: Vec<String> = db
        .check_all()
        .iter()
        .map(|d| format!("{} {:?} {} {}", d.file, d.range, d.code, d.message))
        .collect();
    let mut per_file: Vec<String> = db
        .paths()
        .flat_map(|p| db.check_file(p))
        .map(|d| format!("{} {:?} {} {}", d.file, d.range, d.code, d.message))
        .collect();
    all.sort();
    per_file.sort();
    assert_eq!(all, per_file);
}

const META: &str = "config/applicationmetadata.json";
const BPMN: &str = "config/process/process.bpmn";
const SETS: &str = "ui/layout-sets.json";
const PAGE1: &str = "ui/form/layouts/Page1.json";
const PAGE2: &str = "ui/form/layouts/Page2.json";

/// A second data task `Task_2` after `Task_1`.
fn with_task_2(files: Files) -> Files {
    edit(
        files,
        BPMN,
        r#"<bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="EndEvent_1" />"#,
        r#"<bpmn:task id="Task_2" name="Kontroll">
      <bpmn:incoming>Flow_2</bpmn:incoming>
      <bpmn:outgoing>Flow_3</bpmn:outgoing>
      <bpmn:extensionElements><altinn:taskExtension><altinn:taskType>data</altinn:taskType></altinn:taskExtension></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="Task_2" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_2" targetRef="EndEvent_1" />"#,
    )
}

const SET_FILES: &str = r#"{
  "pages": { "order": ["Main"] }
}"#;
const EMPTY_PAGE: &str = r#"{ "data": { "layout": [
  { "id": "para", "type": "Paragraph", "textResourceBindings": { "title": "appName" } }
] } }"#;

// ---------------------------------------------------------------------------------------------
// #24 layout-sets.json vs process.bpmn and applicationmetadata.json

#[test]
fn defect_24_layout_set_tasks_and_data_types() {
    let files = with_task_2(base_app());
    let files = with(
        files,
        &[
            (
                SETS,
                r#"{
  "sets": [
    { "id": "form", "dataType": "model", "tasks": ["Task_1"] },
    { "id": "check", "dataType": "modell", "tasks": ["task_2", "Task_1"] },
    { "id": "receipt", "dataType": "attachments", "tasks": ["Task_9", "EndEvent_1"] },
    { "id": "custom", "dataType": "model", "tasks": ["CustomReceipt"] }
  ]
}"#,
            ),
            ("ui/check/Settings.json", SET_FILES),
            ("ui/check/layouts/Main.json", EMPTY_PAGE),
            ("ui/receipt/Settings.json", SET_FILES),
            ("ui/receipt/layouts/Main.json", EMPTY_PAGE),
            ("ui/custom/Settings.json", SET_FILES),
            ("ui/custom/layouts/Main.json", EMPTY_PAGE),
        ],
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL06"));
    assert_per_file_exact(files);
}

#[test]
fn layout_set_without_folder_and_folder_without_set() {
    let files = with(
        base_app(),
        &[
            (
                SETS,
                r#"{
  "sets": [
    { "id": "form", "dataType": "model", "tasks": ["Task_1"] },
    { "id": "summary" }
  ]
}"#,
            ),
            ("ui/sumary/layouts/Main.json", EMPTY_PAGE),
        ],
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL06"));
    assert_per_file_exact(files);
}

// #25 invalid and duplicate set ids

#[test]
fn defect_25_layout_set_ids() {
    let files = with(
        base_app(),
        &[
            (
                SETS,
                r#"{
  "sets": [
    { "id": "form", "dataType": "model", "tasks": ["Task_1"] },
    { "id": "Form", "dataType": "model" },
    { "id": "x" },
    { "id": "my set" }
  ]
}"#,
            ),
            ("ui/x/layouts/Main.json", EMPTY_PAGE),
            ("ui/my set/layouts/Main.json", EMPTY_PAGE),
        ],
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL060"));
    assert_per_file_exact(files);
}

// #26 ui-folders app: folders are task ids (or subforms)

/// The base app in the ui-folders generation: no layout-sets.json, `ui/Task_1/`.
fn ui_folders_app() -> Files {
    let files = without(base_app(), &[SETS]);
    let mut out: Files = Vec::new();
    for (p, t) in files {
        let p = match p.strip_prefix("ui/form/") {
            Some(rest) => format!("ui/Task_1/{rest}"),
            None => p,
        };
        let t = if p == "ui/Task_1/Settings.json" {
            t.replacen('{', "{\n  \"defaultDataType\": \"model\",", 1)
        } else {
            t
        };
        out.push((p, t));
    }
    out
}

#[test]
fn ui_folders_base_app_is_clean() {
    assert_eq!(check_codes(ui_folders_app(), "AL06"), "(no diagnostics)\n");
}

#[test]
fn defect_26_ui_folder_not_a_task() {
    let files = with(
        ui_folders_app(),
        &[
            // Not a task, not a subform: reported at its Settings.json.
            ("ui/Task_01/Settings.json", SET_FILES),
            ("ui/Task_01/layouts/Main.json", EMPTY_PAGE),
            // No Settings.json: reported at its first layout.
            ("ui/Receipt/layouts/B.json", EMPTY_PAGE),
            ("ui/Receipt/layouts/A.json", EMPTY_PAGE),
            // Subform by its settings: fine.
            (
                "ui/Sub/Settings.json",
                r#"{ "type": "subform", "defaultDataType": "model", "pages": { "order": ["Main"] } }"#,
            ),
            ("ui/Sub/layouts/Main.json", EMPTY_PAGE),
        ],
    );
    let files = edit(
        files,
        "ui/Task_1/Settings.json",
        r#""defaultDataType": "model""#,
        r#""defaultDataType": "Model""#,
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL06"));
    assert_per_file_exact(files);
}

#[test]
fn ui_folder_used_by_a_subform_component_is_a_subform() {
    let files = with(
        ui_folders_app(),
        &[
            ("ui/Children/Settings.json", SET_FILES),
            ("ui/Children/layouts/Main.json", EMPTY_PAGE),
        ],
    );
    let files = edit(
        files,
        "ui/Task_1/layouts/Page1.json",
        r#"{ "id": "nav1""#,
        r#"{ "id": "children", "type": "Subform", "layoutSet": "Children", "tableColumns": [] },
      { "id": "nav1""#,
    );
    assert_eq!(check_codes(files, "AL06"), "(no diagnostics)\n");
}

#[test]
fn subform_layout_set_and_on_entry_show() {
    let files = with(
        base_app(),
        &[
            (
                SETS,
                r#"{
  "sets": [
    { "id": "form", "dataType": "model", "tasks": ["Task_1"] },
    { "id": "child", "dataType": "model", "type": "subform" },
    { "id": "start", "dataType": "model" }
  ]
}"#,
            ),
            ("ui/child/Settings.json", SET_FILES),
            ("ui/child/layouts/Main.json", EMPTY_PAGE),
            ("ui/start/Settings.json", SET_FILES),
            ("ui/start/layouts/Main.json", EMPTY_PAGE),
        ],
    );
    let files = edit(
        files,
        PAGE1,
        r#"{ "id": "nav1""#,
        r#"{ "id": "sub-ok", "type": "Subform", "layoutSet": "child", "tableColumns": [] },
      { "id": "sub-task", "type": "Subform", "layoutSet": "form", "tableColumns": [] },
      { "id": "sub-typo", "type": "Subform", "layoutSet": "chlid", "tableColumns": [] },
      { "id": "sub-plain", "type": "Subform", "layoutSet": "start", "tableColumns": [] },
      { "id": "nav1""#,
    );
    let files = edit(
        files,
        META,
        r#""org": "ttd","#,
        r#""org": "ttd",
  "onEntry": { "show": "stateles" },"#,
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL06"));
    assert_per_file_exact(files);
}

// ---------------------------------------------------------------------------------------------
// #37 applicationmetadata.json data types

#[test]
fn defect_37_data_types() {
    let files = edit(
        base_app(),
        META,
        r#"{ "id": "attachments", "allowedContentTypes": ["application/pdf"], "taskId": "Task_1","#,
        r#"{ "id": "extra", "allowedContentTypes": ["application/xml"], "appLogic": { "classRef": "Altinn.App.Models.Extra" }, "taskId": "Task1" },
    { "id": "Model2", "appLogic": { "classRef": "Altinn.App.Models.Model2" } },
    { "id": "model", "allowedContentTypes": ["application/xml"] },
    { "id": "attachments", "allowedContentTypes": ["application/pdf"], "taskId": "Task_1","#,
    );
    // 'extra' is the form data model of a layout set: its missing schema is an error; the
    // unused 'Model2' only gets a warning.
    let files = edit(
        files,
        SETS,
        r#"{ "id": "form", "dataType": "model", "tasks": ["Task_1"] }"#,
        r#"{ "id": "form", "dataType": "model", "tasks": ["Task_1"] }, { "id": "extra", "dataType": "extra", "type": "subform" }"#,
    );
    let files = with(
        files,
        &[("models/model2.schema.json", r#"{ "type": "object" }"#)],
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL065"));
    assert_per_file_exact(files);
}

// ---------------------------------------------------------------------------------------------
// #36 process.bpmn task types and configurations

const PROCESS_36: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:altinn="http://altinn.no/process" id="Definitions_1">
  <bpmn:process id="Process_1" isExecutable="false">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="Task_1" name="Utfylling">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:extensionElements><altinn:taskExtension><altinn:taskType>data</altinn:taskType></altinn:taskExtension></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:task id="Task_Typo" altinn:tasktype="date">
      <bpmn:incoming>Flow_2</bpmn:incoming>
      <bpmn:outgoing>Flow_3</bpmn:outgoing>
    </bpmn:task>
    <bpmn:task id="Task_Sign">
      <bpmn:incoming>Flow_3</bpmn:incoming>
      <bpmn:outgoing>Flow_4</bpmn:outgoing>
      <bpmn:extensionElements><altinn:taskExtension>
        <altinn:taskType>signing</altinn:taskType>
        <altinn:signatureConfig>
          <altinn:dataTypesToSign><altinn:dataType>modell</altinn:dataType></altinn:dataTypesToSign>
        </altinn:signatureConfig>
      </altinn:taskExtension></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:task id="Task_Pay">
      <bpmn:incoming>Flow_4</bpmn:incoming>
      <bpmn:outgoing>Flow_5</bpmn:outgoing>
      <bpmn:extensionElements><altinn:taskExtension>
        <altinn:taskType>payment</altinn:taskType>
        <altinn:paymentConfig><altinn:paymentReceiptPdfDataType>receipt</altinn:paymentReceiptPdfDataType></altinn:paymentConfig>
      </altinn:taskExtension></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:serviceTask id="Task_Custom">
      <bpmn:incoming>Flow_5</bpmn:incoming>
      <bpmn:outgoing>Flow_6</bpmn:outgoing>
      <bpmn:extensionElements><altinn:taskExtension>
        <altinn:taskType>archiveToSharepoint</altinn:taskType>
      </altinn:taskExtension></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:serviceTask id="Task_Pdf">
      <bpmn:incoming>Flow_6</bpmn:incoming>
      <bpmn:outgoing>Flow_7</bpmn:outgoing>
      <bpmn:extensionElements><altinn:taskExtension>
        <altinn:taskType>pdf</altinn:taskType>
        <altinn:pdfConfig><altinn:autoPdfTaskIds><altinn:taskId>Task_1</altinn:taskId><altinn:taskId>Task_One</altinn:taskId></altinn:autoPdfTaskIds></altinn:pdfConfig>
      </altinn:taskExtension></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:task id="Task_Untyped">
      <bpmn:incoming>Flow_7</bpmn:incoming>
      <bpmn:outgoing>Flow_8</bpmn:outgoing>
    </bpmn:task>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_8</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="Task_Typo" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_Typo" targetRef="Task_Sign" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Task_Sign" targetRef="Task_Pay" />
    <bpmn:sequenceFlow id="Flow_5" sourceRef="Task_Pay" targetRef="Task_Custom" />
    <bpmn:sequenceFlow id="Flow_6" sourceRef="Task_Custom" targetRef="Task_Pdf" />
    <bpmn:sequenceFlow id="Flow_7" sourceRef="Task_Pdf" targetRef="Task_Untyped" />
    <bpmn:sequenceFlow id="Flow_8" sourceRef="Task_Untyped" targetRef="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>"#;

#[test]
fn defect_36_task_types_and_configs() {
    let files = with(base_app(), &[(BPMN, PROCESS_36)]);
    insta::assert_snapshot!(check_codes(files.clone(), "AL07"));
    assert_per_file_exact(files);
}

#[test]
fn bpmn_ids_flows_and_gateways() {
    let files = edit(
        base_app(),
        BPMN,
        r#"<bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="EndEvent_1" />"#,
        r#"<bpmn:exclusiveGateway id="Gateway_1" default="Flow_9">
      <bpmn:incoming>Flow_2</bpmn:incoming>
      <bpmn:outgoing>Flow_3</bpmn:outgoing>
      <bpmn:extensionElements><altinn:gatewayExtension><altinn:connectedDataTypeId>modle</altinn:connectedDataTypeId></altinn:gatewayExtension></bpmn:extensionElements>
    </bpmn:exclusiveGateway>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_3</bpmn:incoming><bpmn:incoming>Flow_4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="Gateway_1" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Gateway_1" targetRef="EndEvnt_1" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Gateway_1" targetRef="EndEvent_1" />"#,
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL07"));
    assert_per_file_exact(files);
}

#[test]
fn policy_task_ids_and_app() {
    let policy = r#"<?xml version="1.0" encoding="utf-8"?>
<xacml:Policy xmlns:xacml="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="urn:altinn:example:policyid:1">
  <xacml:Rule RuleId="urn:altinn:example:ruleid:1" Effect="Permit">
    <xacml:Target>
      <xacml:AnyOf><xacml:AllOf>
        <xacml:Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">
          <xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">[ORG]</xacml:AttributeValue>
          <xacml:AttributeDesignator AttributeId="urn:altinn:org" Category="urn:oasis:names:tc:xacml:3.0:attribute-category:resource" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>
        </xacml:Match>
        <xacml:Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">
          <xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">tset-app</xacml:AttributeValue>
          <xacml:AttributeDesignator AttributeId="urn:altinn:app" Category="urn:oasis:names:tc:xacml:3.0:attribute-category:resource" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>
        </xacml:Match>
        <xacml:Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">
          <xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">Task_1</xacml:AttributeValue>
          <xacml:AttributeDesignator AttributeId="urn:altinn:task" Category="urn:oasis:names:tc:xacml:3.0:attribute-category:resource" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>
        </xacml:Match>
      </xacml:AllOf></xacml:AnyOf>
      <xacml:AnyOf><xacml:AllOf>
        <xacml:Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">
          <xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">Task_2</xacml:AttributeValue>
          <xacml:AttributeDesignator AttributeId="urn:altinn:task" Category="urn:oasis:names:tc:xacml:3.0:attribute-category:resource" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>
        </xacml:Match>
      </xacml:AllOf></xacml:AnyOf>
    </xacml:Target>
  </xacml:Rule>
</xacml:Policy>"#;
    let files = with(base_app(), &[("config/authorization/policy.xml", policy)]);
    insta::assert_snapshot!(check_codes(files.clone(), "AL07"));
    assert_per_file_exact(files);
}

// ---------------------------------------------------------------------------------------------
// #18 #19 #20 code lists

#[test]
fn defect_18_options_id_without_code_list() {
    let files = edit(
        base_app(),
        PAGE2,
        r#""optionsId": "species" },"#,
        r#""optionsId": "specie" },
      { "id": "country", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "countries" },
      { "id": "fruit", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "fruits" },
      { "id": "lib", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "lib**ttd**countries**2" },
      { "id": "as-path", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "../options/species.json" },
      { "id": "as-path2", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "options/colours.json" },"#,
    );
    // A C# provider declares "fruits": no diagnostic for it.
    let files = with(
        files,
        &[(
            "logic/Options/FruitsProvider.cs",
            r#"public class FruitsProvider : IAppOptionsProvider { public string Id { get; set; } = "fruits"; }"#,
        )],
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL08"));
    assert_per_file_exact(files);
}

#[test]
fn defect_19_duplicate_option_values() {
    let files = with(
        base_app(),
        &[(
            "options/species.json",
            r#"[
  { "value": "dog", "label": "Hund" },
  { "value": "cat", "label": "Katt" },
  { "value": "dog", "label": "Bikkje" }
]"#,
        )],
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL08"));
    assert_per_file_exact(files);
}

#[test]
fn defect_20_null_and_multi_select_unsafe_values() {
    let files = with(
        base_app(),
        &[
            (
                "options/tags.json",
                r#"[
  { "value": "", "label": "Ingen" },
  { "value": "a,b", "label": "A og B" },
  { "value": null, "label": "Null" },
  { "value": "c", "label": null },
  { "label": "Uten verdi" }
]"#,
            ),
            // Empty and ',' values are fine for single-select components.
            (
                "options/sizes.json",
                r#"[ { "value": "", "label": "Ingen" }, { "value": "1,5", "label": "En og en halv" } ]"#,
            ),
        ],
    );
    let files = edit(
        files,
        PAGE1,
        r#"{ "id": "nav1""#,
        r#"{ "id": "tags", "type": "Checkboxes", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "tags" },
      { "id": "size", "type": "RadioButtons", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "sizes" },
      { "id": "inline", "type": "MultipleSelect", "dataModelBindings": { "simpleBinding": "Comment" }, "options": [ { "value": "x,y", "label": "XY" }, { "value": "z", "label": "Z" }, { "value": "z", "label": "Z2" } ] },
      { "id": "nav1""#,
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL08"));
    assert_per_file_exact(files);
}

#[test]
fn options_source_group() {
    let files = edit(
        base_app(),
        PAGE2,
        r#"{ "id": "nav2""#,
        r#"{ "id": "fav", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "source": { "group": "Pets", "label": "appName", "value": "Pets[{0}].PetName" } },
      { "id": "fav2", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "source": { "group": "Pet", "label": "appName", "value": "Pet[{0}].PetName" } },
      { "id": "nav2""#,
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL08"));
    assert_per_file_exact(files);
}

// ---------------------------------------------------------------------------------------------
// #38 RuleConfiguration.json vs RuleHandler.js

const RULE_CONFIG: &str = r#"{
  "data": {
    "ruleConnection": {
      "r1": { "selectedFunction": "sum", "inputParams": { "a": "Person.Age", "c": "Person.Age" }, "outParams": { "outParam0": "Person.Agee" } },
      "r2": { "selectedFunction": "fullNam", "inputParams": { "first": "Person.Name" }, "outParams": { "outParam0": "Pets{0}.PetName" } }
    },
    "conditionalRendering": {
      "c1": { "selectedFunction": "biggerThan10", "inputParams": { "value": "Person.Age" }, "selectedAction": "Hide", "selectedFields": { "f1": "name", "f2": "nmae", "f3": "pet-name{0}" } },
      "c2": { "selectedFunction": "sum", "inputParams": { "value": "Person.Age" }, "selectedAction": "Show", "selectedFields": { "f1": "age" } }
    }
  }
}"#;

const RULE_HANDLER: &str = r#"var ruleHandlerObject = {
  sum: (obj) => { return +obj.a + +obj.b; },
  fullName: function (obj) { return obj.first + ' ' + obj.last; },
};
var ruleHandlerHelper = {
  sum: () => { return { a: "a", b: "b" }; },
  fullName: () => ({ first: "first", last: "last" }),
};
var conditionalRuleHandlerObject = { biggerThan10(obj) { return obj.value > 10; } };
"#;

#[test]
fn defect_38_rule_configuration() {
    let files = with(
        base_app(),
        &[
            ("ui/form/RuleConfiguration.json", RULE_CONFIG),
            ("ui/form/RuleHandler.js", RULE_HANDLER),
        ],
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL09"));
    assert_per_file_exact(files);
}

#[test]
fn rule_configuration_without_rule_handler() {
    let files = with(
        base_app(),
        &[("ui/form/RuleConfiguration.json", RULE_CONFIG)],
    );
    let out = check_codes(files, "AL090");
    // One note that the file is missing, not one error per function.
    assert!(!out.contains("AL0902"), "{out}");
    assert_eq!(out.matches("AL0903").count(), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn empty_rule_configuration_is_silent() {
    let files = with(
        base_app(),
        &[(
            "ui/form/RuleConfiguration.json",
            r#"{ "data": { "ruleConnection": {}, "conditionalRendering": {} } }"#,
        )],
    );
    assert_eq!(check_codes(files, "AL09"), "(no diagnostics)\n");
}

// ---------------------------------------------------------------------------------------------
// FileUpload vs attachment data types (FORMATS.md §3 rule 11)

#[test]
fn uploads_and_attachment_data_types() {
    let files = edit(
        base_app(),
        PAGE2,
        r#"{ "id": "nav2""#,
        r#"{ "id": "receipts", "type": "FileUpload", "maxNumberOfAttachments": 1, "minNumberOfAttachments": 0, "maxFileSizeInMB": 10, "displayMode": "list" },
      { "id": "Attachments", "type": "FileUploadWithTag", "optionsId": "species", "maxNumberOfAttachments": 1, "minNumberOfAttachments": 0, "maxFileSizeInMB": 10, "displayMode": "list" },
      { "id": "model", "type": "FileUpload", "maxNumberOfAttachments": 1, "minNumberOfAttachments": 0, "maxFileSizeInMB": 10, "displayMode": "list" },
      { "id": "nav2""#,
    );
    insta::assert_snapshot!(check_codes(files.clone(), "AL11"));
    assert_per_file_exact(files);
}

#[test]
fn data_task_without_layout_set_or_ui_folder() {
    // Classic: Task_2 is in no set.
    let classic = with_task_2(base_app());
    // ui-folders: Task_2 has no ui/Task_2/ folder.
    let folders = with_task_2(ui_folders_app());
    let out = format!(
        "classic:\n{}ui-folders:\n{}",
        check_codes(classic.clone(), "AL0716"),
        check_codes(folders.clone(), "AL0716")
    );
    insta::assert_snapshot!(out);
    assert_per_file_exact(classic);
    assert_per_file_exact(folders);
}

/// Rules written at the top level of RuleConfiguration.json (the Designer test app
/// `designer-invalid-texts-and-ruleconfig` has this shape): the frontend reads only `data`.
const RULES_AT_TOP: &str = r#"{
  "ruleConnection": {
    "r1": { "selectedFunction": "sum", "inputParams": { "a": "Person.Age" }, "outParams": { "outParam0": "Person.Age" } }
  },
  "conditionalRendering": {}
}"#;

#[test]
fn rules_outside_data_are_never_read() {
    let files = with(
        base_app(),
        &[("ui/form/RuleConfiguration.json", RULES_AT_TOP)],
    );
    // A warning (frontend not declared: v4 ignores them), and the missing handler.
    insta::assert_snapshot!(check_codes(files.clone(), "AL090"));
    assert_per_file_exact(files.clone());
    // With the handler, only the misplaced rules.
    let with_handler = with(files, &[("ui/form/RuleHandler.js", RULE_HANDLER)]);
    let out = check_codes(with_handler, "AL090");
    assert_eq!(out.matches("AL0907").count(), 1, "{out}");
    assert!(!out.contains("AL0903"), "{out}");
}

#[test]
fn rules_outside_data_are_an_error_for_a_declared_frontend_v3() {
    let index = r#"<html><body><script src="https://altinncdn.no/toolkits/altinn-app-frontend/3/altinn-app-frontend.js"></script></body></html>"#;
    let files = with(
        base_app(),
        &[
            ("ui/form/RuleConfiguration.json", RULES_AT_TOP),
            ("ui/form/RuleHandler.js", RULE_HANDLER),
            ("views/Home/Index.cshtml", index),
        ],
    );
    insta::assert_snapshot!(check_codes(files, "AL0907"));
}
