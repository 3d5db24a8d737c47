//! Rename of a process task: every file that names it, the v9 UI folder, refusals; the result
//! checks exactly as the app did before.
mod common;

use altinn_analysis::ide::{self, FileEdit, FileRename};
use altinn_analysis::AppDb;
use common::{base_app, db, render, with, without};

type Files = Vec<(String, String)>;

const BPMN: &str = "config/process/process.bpmn";
const POLICY: &str = "config/authorization/policy.xml";
const META: &str = "config/applicationmetadata.json";
const SETS: &str = "ui/layout-sets.json";

/// Two data tasks, a gateway default, a PDF service task naming Task_1, and the diagram.
const PROCESS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:altinn="http://altinn.no/process" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="Process_1" isExecutable="false">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="Task_1" name="Utfylling">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:incoming>Flow_back</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:extensionElements><altinn:taskExtension><altinn:taskType>data</altinn:taskType></altinn:taskExtension></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:exclusiveGateway id="Gateway_1" default="Flow_3"><bpmn:incoming>Flow_2</bpmn:incoming><bpmn:outgoing>Flow_3</bpmn:outgoing><bpmn:outgoing>Flow_back</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:serviceTask id="Task_10" name="PDF">
      <bpmn:incoming>Flow_3</bpmn:incoming>
      <bpmn:outgoing>Flow_4</bpmn:outgoing>
      <bpmn:extensionElements><altinn:taskExtension><altinn:taskType>pdf</altinn:taskType><altinn:pdfConfig><altinn:filenameTextResourceKey>appName</altinn:filenameTextResourceKey><altinn:autoPdfTaskIds><altinn:taskId>Task_1</altinn:taskId></altinn:autoPdfTaskIds></altinn:pdfConfig></altinn:taskExtension></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="Gateway_1" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Gateway_1" targetRef="Task_10" />
    <bpmn:sequenceFlow id="Flow_back" sourceRef="Gateway_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Task_10" targetRef="EndEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Process_1">
      <bpmndi:BPMNShape id="Task_1_di" bpmnElement="Task_1"><dc:Bounds x="270" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_10_di" bpmnElement="Task_10"><dc:Bounds x="470" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1" />
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>"#;

const POLICY_XML: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<xacml:Policy xmlns:xacml="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="urn:altinn:example:policyid:1" Version="1.0" RuleCombiningAlgId="urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides">
  <xacml:Description>Policy for ttd/test-app; Task_1 is the form</xacml:Description>
  <xacml:Target/>
  <xacml:Rule RuleId="urn:altinn:example:ruleid:1" Effect="Permit">
    <xacml:Description>Rule for Task_1: read and write (not Task_10)</xacml:Description>
    <xacml:Target>
      <xacml:AnyOf><xacml:AllOf>
        <xacml:Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">
          <xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">Task_1</xacml:AttributeValue>
          <xacml:AttributeDesignator AttributeId="urn:altinn:task" Category="urn:oasis:names:tc:xacml:3.0:attribute-category:resource" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>
        </xacml:Match>
      </xacml:AllOf></xacml:AnyOf>
    </xacml:Target>
  </xacml:Rule>
</xacml:Policy>"#;

/// The base app (layout sets) with the process above, a policy, and a Summary2 naming the task.
fn classic_app() -> Files {
    let base = base_app();
    let page2 = base
        .iter()
        .find(|(p, _)| p == "ui/form/layouts/Page2.json")
        .map(|(_, t)| t.clone())
        .expect("Page2")
        .replace(
            r#"{ "id": "nav2","#,
            r#"{ "id": "sum2", "type": "Summary2", "target": { "type": "page", "id": "Page1", "taskId": "Task_1" } },
      { "id": "nav2","#,
        );
    with(
        base,
        &[
            (BPMN, PROCESS),
            (POLICY, POLICY_XML),
            ("ui/form/layouts/Page2.json", page2.as_str()),
        ],
    )
}

/// The same app as a v9 app: the UI in the task-named folder `ui/Task_1/`.
fn v9_app() -> Files {
    let mut files = without(classic_app(), &[SETS]);
    for (p, _) in files.iter_mut() {
        if let Some(rest) = p.strip_prefix("ui/form/") {
            *p = format!("ui/Task_1/{rest}");
        }
    }
    let proj = common::csproj("9.0.0");
    with(
        files,
        &[
            (
                "ui/Task_1/Settings.json",
                r#"{ "defaultDataType": "model", "pages": { "order": ["Page1", "Page2"] } }"#,
            ),
            ("App.csproj", proj.as_str()),
        ],
    )
}

/// Applies non-overlapping edits, then the renames (a folder moves every file below it).
fn apply(files: &[(String, String)], edits: &[FileEdit], moves: &[FileRename]) -> Files {
    let mut out: Files = files.to_vec();
    let mut sorted: Vec<&FileEdit> = edits.iter().collect();
    sorted.sort_by(|a, b| (&b.file, b.range.start).cmp(&(&a.file, a.range.start)));
    for w in sorted.windows(2) {
        assert!(
            w[0].file != w[1].file || w[1].range.end <= w[0].range.start,
            "overlapping edits {w:?}"
        );
    }
    for e in sorted {
        let (_, text) = out
            .iter_mut()
            .find(|(p, _)| *p == e.file)
            .unwrap_or_else(|| panic!("edit of a missing file {e:?}"));
        text.replace_range(e.range.start as usize..e.range.end as usize, &e.new_text);
    }
    for m in moves {
        for (p, _) in out.iter_mut() {
            if let Some(rest) = p.strip_prefix(&format!("{}/", m.old)) {
                *p = format!("{}/{rest}", m.new);
            }
        }
    }
    out
}

fn off_in(db: &AppDb, path: &str, needle: &str, delta: u32) -> u32 {
    db.file(path)
        .expect("file")
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {path}")) as u32
        + delta
}

fn diagnostics(files: Files) -> String {
    let db = db(files);
    render(&db, &db.check_all())
}

fn text<'a>(files: &'a Files, path: &str) -> &'a str {
    files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

/// Every line of `path` that changed, as `-old` / `+new`.
fn changed_lines(before: &Files, after: &Files, path: &str) -> String {
    let (b, a) = (text(before, path), text(after, path));
    let mut s = String::new();
    for (x, y) in b.lines().zip(a.lines()) {
        if x != y {
            s.push_str(&format!("-{}\n+{}\n", x.trim(), y.trim()));
        }
    }
    s
}

#[test]
fn task_rename_from_the_bpmn_edits_every_file_that_names_it() {
    let files = classic_app();
    let before = diagnostics(files.clone());
    let db = db(files.clone());
    let off = off_in(&db, BPMN, "<bpmn:task id=\"Task_1\"", 15);
    let (range, name) = ide::prepare_rename(&db, BPMN, off).unwrap();
    assert_eq!(
        (db.file(BPMN).unwrap().slice(range), name.as_str()),
        ("Task_1", "Task_1")
    );
    let edits = ide::rename(&db, BPMN, off, "Utfylling").unwrap();
    assert_eq!(ide::file_renames(&db, BPMN, off, "Utfylling"), vec![]);
    let after = apply(&files, &edits, &[]);
    insta::assert_snapshot!(changed_lines(&files, &after, BPMN), @r#"
    -<bpmn:task id="Task_1" name="Utfylling">
    +<bpmn:task id="Utfylling" name="Utfylling">
    -<bpmn:extensionElements><altinn:taskExtension><altinn:taskType>pdf</altinn:taskType><altinn:pdfConfig><altinn:filenameTextResourceKey>appName</altinn:filenameTextResourceKey><altinn:autoPdfTaskIds><altinn:taskId>Task_1</altinn:taskId></altinn:autoPdfTaskIds></altinn:pdfConfig></altinn:taskExtension></bpmn:extensionElements>
    +<bpmn:extensionElements><altinn:taskExtension><altinn:taskType>pdf</altinn:taskType><altinn:pdfConfig><altinn:filenameTextResourceKey>appName</altinn:filenameTextResourceKey><altinn:autoPdfTaskIds><altinn:taskId>Utfylling</altinn:taskId></altinn:autoPdfTaskIds></altinn:pdfConfig></altinn:taskExtension></bpmn:extensionElements>
    -<bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    +<bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Utfylling" />
    -<bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="Gateway_1" />
    +<bpmn:sequenceFlow id="Flow_2" sourceRef="Utfylling" targetRef="Gateway_1" />
    -<bpmn:sequenceFlow id="Flow_back" sourceRef="Gateway_1" targetRef="Task_1" />
    +<bpmn:sequenceFlow id="Flow_back" sourceRef="Gateway_1" targetRef="Utfylling" />
    -<bpmndi:BPMNShape id="Task_1_di" bpmnElement="Task_1"><dc:Bounds x="270" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    +<bpmndi:BPMNShape id="Utfylling_di" bpmnElement="Utfylling"><dc:Bounds x="270" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    "#);
    insta::assert_snapshot!(changed_lines(&files, &after, POLICY), @r#"
    -<xacml:Description>Rule for Task_1: read and write (not Task_10)</xacml:Description>
    +<xacml:Description>Rule for Utfylling: read and write (not Task_10)</xacml:Description>
    -<xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">Task_1</xacml:AttributeValue>
    +<xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">Utfylling</xacml:AttributeValue>
    "#);
    insta::assert_snapshot!(changed_lines(&files, &after, META), @r#"
    -{ "id": "model", "allowedContentTypes": ["application/xml"], "appLogic": { "autoCreate": true, "classRef": "Altinn.App.Models.Model" }, "taskId": "Task_1", "maxCount": 1, "minCount": 1 },
    +{ "id": "model", "allowedContentTypes": ["application/xml"], "appLogic": { "autoCreate": true, "classRef": "Altinn.App.Models.Model" }, "taskId": "Utfylling", "maxCount": 1, "minCount": 1 },
    -{ "id": "attachments", "allowedContentTypes": ["application/pdf"], "taskId": "Task_1", "maxCount": 5, "minCount": 0 },
    +{ "id": "attachments", "allowedContentTypes": ["application/pdf"], "taskId": "Utfylling", "maxCount": 5, "minCount": 0 },
    -{ "id": "upload", "allowedContentTypes": ["application/pdf"], "taskId": "Task_1", "maxCount": 5, "minCount": 0 }
    +{ "id": "upload", "allowedContentTypes": ["application/pdf"], "taskId": "Utfylling", "maxCount": 5, "minCount": 0 }
    "#);
    insta::assert_snapshot!(changed_lines(&files, &after, SETS), @r#"
    -"sets": [ { "id": "form", "dataType": "model", "tasks": ["Task_1"] } ]
    +"sets": [ { "id": "form", "dataType": "model", "tasks": ["Utfylling"] } ]
    "#);
    insta::assert_snapshot!(changed_lines(&files, &after, "ui/form/layouts/Page2.json"), @r#"
    -{ "id": "sum2", "type": "Summary2", "target": { "type": "page", "id": "Page1", "taskId": "Task_1" } },
    +{ "id": "sum2", "type": "Summary2", "target": { "type": "page", "id": "Page1", "taskId": "Utfylling" } },
    "#);
    // Task_10 (a longer id starting with the old one) is never touched.
    assert!(text(&after, BPMN).contains("id=\"Task_10\""));
    assert_eq!(diagnostics(after), before);
}

#[test]
fn task_rename_from_layout_sets_or_metadata_is_the_same_rename() {
    let files = classic_app();
    let db = db(files.clone());
    let from_bpmn = ide::rename(&db, BPMN, off_in(&db, BPMN, "id=\"Task_1\"", 5), "Fill").unwrap();
    let off = off_in(&db, SETS, "\"Task_1\"", 2);
    assert_eq!(ide::prepare_rename(&db, SETS, off).unwrap().1, "Task_1");
    assert_eq!(ide::rename(&db, SETS, off, "Fill").unwrap(), from_bpmn);
    let off = off_in(&db, META, "\"taskId\": \"Task_1\"", 12);
    assert_eq!(ide::rename(&db, META, off, "Fill").unwrap(), from_bpmn);
}

#[test]
fn task_rename_in_a_v9_app_moves_the_ui_folder() {
    let files = v9_app();
    let before = diagnostics(files.clone());
    let db = db(files.clone());
    let off = off_in(&db, META, "\"taskId\": \"Task_1\"", 12);
    let edits = ide::rename(&db, META, off, "Utfylling").unwrap();
    let moves = ide::file_renames(&db, META, off, "Utfylling");
    assert_eq!(
        moves,
        vec![FileRename {
            old: "ui/Task_1".into(),
            new: "ui/Utfylling".into()
        }]
    );
    // The Summary2 inside the moved folder is edited at its old path (edits come first).
    assert!(edits
        .iter()
        .any(|e| e.file == "ui/Task_1/layouts/Page2.json" && e.new_text == "Utfylling"));
    let after = apply(&files, &edits, &moves);
    assert!(after.iter().all(|(p, _)| !p.starts_with("ui/Task_1/")));
    assert!(text(&after, "ui/Utfylling/layouts/Page2.json").contains("\"taskId\": \"Utfylling\""));
    assert_eq!(diagnostics(after), before);
}

#[test]
fn task_rename_refusals() {
    let db = db(classic_app());
    let off = off_in(&db, BPMN, "id=\"Task_1\"", 5);
    let err = |name: &str| ide::rename(&db, BPMN, off, name).unwrap_err();
    insta::assert_snapshot!(
        [
            err("task_10"),
            err("Gateway_1"),
            err("Task 2"),
            err("Oppgåve"),
            err("CustomTask"),
            err(""),
        ]
        .join("\n"),
        @r"
    'Task_10' is already the id of an element (serviceTask) in process.bpmn (ids are unique, ignoring case)
    'Gateway_1' is already the id of an element (exclusiveGateway) in process.bpmn (ids are unique, ignoring case)
    'Task 2' is not a valid task id: use only the letters a-z and A-Z, digits, '_' and '-'
    'Oppgåve' is not a valid task id: use only the letters a-z and A-Z, digits, '_' and '-'
    'CustomTask' is not a valid task id: ids starting with 'custom' are reserved by Altinn Studio
    '' is not a valid task id: it must have 1 to 50 characters
    "
    );
    // Not a task: a flow, an event.
    let flow = off_in(&db, BPMN, "id=\"Flow_2\"", 5);
    insta::assert_snapshot!(ide::prepare_rename(&db, BPMN, flow).unwrap_err(), @"'Flow_2' is not a task in process.bpmn but an element (sequenceFlow); only task ids can be renamed here (other BPMN elements in the process editor)");
    // A task id in layout-sets.json that the process does not have.
    let files = with(
        classic_app(),
        &[(
            SETS,
            r#"{ "sets": [ { "id": "form", "dataType": "model", "tasks": ["Task_9"] } ] }"#,
        )],
    );
    let db2 = common::db(files);
    let off = off_in(&db2, SETS, "\"Task_9\"", 2);
    insta::assert_snapshot!(ide::rename(&db2, SETS, off, "Task_2").unwrap_err(), @"'Task_9' is not an element of process.bpmn; rename the task there first");
}

#[test]
fn task_rename_in_a_v9_app_refuses_a_taken_folder() {
    let files = with(
        v9_app(),
        &[(
            "ui/Next/Settings.json",
            r#"{ "defaultDataType": "model", "type": "subform" }"#,
        )],
    );
    let db = db(files);
    let off = off_in(&db, BPMN, "id=\"Task_1\"", 5);
    insta::assert_snapshot!(ide::rename(&db, BPMN, off, "Next").unwrap_err(), @"The folder ui/Next/ already exists: the task's UI folder ui/Task_1/ cannot be moved there");
    assert_eq!(ide::file_renames(&db, BPMN, off, "Next"), vec![]);
}
