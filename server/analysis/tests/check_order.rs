//! The diagnostics of a file come out in the same order, with the same related locations,
//! every time the file is checked (found by the LSP-level fuzzer, `server/cli/tests/lsp_fuzz.rs`:
//! the language server re-published unchanged diagnostics in another order, and a fresh
//! server's order differed from an edited one's, because some checks iterated hash maps).

mod common;
use common::*;

/// A process whose nodes list flows that do not exist or point elsewhere: several AL0708s,
/// a gateway without outgoing flows (AL0709), a flow listed by two nodes (AL0707 related).
const PROCESS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:altinn="http://altinn.no/process" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="Process_1" isExecutable="false">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing><bpmn:outgoing>Nope_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="Task_1" name="Utfylling">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:incoming>Nope_2</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:outgoing>Flow_X</bpmn:outgoing>
      <bpmn:extensionElements><altinn:taskExtension><altinn:taskType>data</altinn:taskType></altinn:taskExtension></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:exclusiveGateway id="Gateway_A"><bpmn:incoming>Nope_3</bpmn:incoming><bpmn:outgoing>Flow_X</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:exclusiveGateway id="Gateway_B"><bpmn:incoming>Nope_4</bpmn:incoming></bpmn:exclusiveGateway>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_2</bpmn:incoming><bpmn:incoming>Nope_5</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="EndEvent_2"><bpmn:incoming>Flow_1</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="EndEvent_1" />
    <bpmn:sequenceFlow id="Flow_X" sourceRef="Missing_1" targetRef="Missing_2" />
  </bpmn:process>
</bpmn:definitions>"#;

#[test]
fn process_diagnostics_come_out_in_the_same_order_every_time() {
    let files = with(base_app(), &[("config/process/process.bpmn", PROCESS)]);
    let first = {
        let db = db(files.clone());
        render(&db, &db.check_file("config/process/process.bpmn"))
    };
    assert!(first.matches("AL0708").count() >= 4, "{first}");
    // Every AppDb (and every check) builds its hash maps with new random keys: with hash
    // order leaking into the output, 20 rounds practically always show two orders.
    for _ in 0..20 {
        let db = db(files.clone());
        let again = render(&db, &db.check_file("config/process/process.bpmn"));
        assert_eq!(first, again);
    }
}
