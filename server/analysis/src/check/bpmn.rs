//! AL07xx: `process.bpmn` (task types, task configurations, ids, sequence flows, gateways) and
//! the task ids of `policy.xml`.

use super::codes::declare_codes;
use super::Ctx;
use crate::diagnostic::{Diagnostic, FixData, Severity};
use crate::model::csharp::Unresolved;
use crate::model::util::did_you_mean;
use crate::model::{DeclKind, FileKind, Generation};
use crate::syntax::{TextRange, XmlElement};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str =
    "The backend reads process.bpmn with its process reader (ProcessReader, task \
extensions in AltinnTaskExtension). A task's altinn:taskType picks the code that runs it: in \
app-lib v8 (from 8.1) the process event delegator (ProcessEventHandlingDelegator, \
GetProcessTaskInstance) and the process engine (ProcessEngine, CheckIfServiceTask) take the \
registered IServiceTask, else IProcessTask, whose Type equals it, and throw 'No process task \
instance found' without one; in v9 (altinn-studio src/App/backend) the workflow engine's \
ProcessTaskResolver does the same over IPipelineServiceTask/IServiceTask and IProcessTask. The \
built-in types are the ones the library registers (AltinnTaskTypes; AddProcessServices in the \
service collection extensions). So a type is known when it is built in or when the app's C# \
declares a class implementing one of those interfaces with that Type (read with the C# \
grammar, model/csharp.rs: expression-bodied, initialized, constant, field and \
constructor-argument values, through app base classes); when the app has such a class whose \
Type cannot be worked out statically, AL0701 becomes a warning and AL0702 a hint that say so. \
(App-lib v7, ProcessChangeHandler.GetProcessTask, runs any type other than confirmation and \
feedback as a data task.) \
Data tasks without a UI (AL0716): the frontend shows a data task with the layout set that \
lists it (v4, layout-sets.json tasks) or the UI folder named after it (v9); without one there \
is no form. An app whose onEntry.show is a layout set or folder starts stateless \
(app-frontend-react v4 isStatelessApp; v9 HomeController.IsStatelessApp) and creates an \
instance only through an InstantiationButton; without one its UI never reaches the process, \
so a missing form there is a warning about instances made some other way.";

declare_codes! {
    AL0701 Error "Unknown altinn:taskType on a BPMN task",
    AL0702 Warning "Service task type that is neither built in nor the Type of an IServiceTask/IProcessTask in the app's C#",
    AL0703 Error "Signing task without signatureDataType or dataTypesToSign",
    AL0704 Error "Payment task without paymentConfig or paymentDataType",
    AL0705 Error "Task or gateway configuration names a data type that is not in applicationmetadata.json",
    AL0706 Error "Duplicate BPMN element id",
    AL0707 Error "sequenceFlow sourceRef/targetRef names no BPMN element",
    AL0708 Warning "incoming/outgoing does not agree with the sequence flows",
    AL0709 Error "Gateway without outgoing flows, or default flow that does not leave the gateway",
    AL0710 Error "Process without a start event or an end event",
    AL0711 Warning "policy.xml rule for a task id that is not in process.bpmn",
    AL0712 Error "Task configuration names a task id that is not in process.bpmn",
    AL0713 Warning "Payment task without paymentReceiptPdfDataType (required by newer app versions)",
    AL0714 Error "BPMN task without altinn:taskType",
    AL0716 Error "Data task without a layout set or UI folder (a warning in a stateless-only app, whose UI never reaches it)",
    AL0715 Warning "policy.xml rule for another org or app than applicationmetadata.json id",
}

/// `AltinnTaskTypes` in app-lib.
pub const TASK_TYPES: &[&str] = &[
    "data",
    "confirmation",
    "feedback",
    "signing",
    "payment",
    "pdf",
    "eFormidling",
    "fiksArkiv",
    "subformPdf",
];

/// Elements inside task/gateway extensions whose text is a data type id.
const DATA_TYPE_ELEMENTS: &[&str] = &[
    "signatureDataType",
    "signeeStatesDataTypeId",
    "signingPdfDataType",
    "paymentDataType",
    "paymentReceiptPdfDataType",
    "connectedDataTypeId",
    "dataTypeId",
    "subformDataTypeId",
    "subformDatatTypeId",
];
/// List elements whose `dataType` children are data type ids.
const DATA_TYPE_LISTS: &[&str] = &[
    "dataTypesToSign",
    "uniqueFromSignaturesInDataTypes",
    "dataTypes",
];
/// List elements whose children are task ids.
const TASK_LISTS: &[&str] = &["autoPdfTaskIds", "tasksToIncludeInPdf"];

pub fn check(ctx: &mut Ctx<'_>) {
    match ctx.file.kind {
        FileKind::Process => check_process(ctx),
        FileKind::Policy => check_policy(ctx),
        _ => {}
    }
}

fn is_task(local: &str) -> bool {
    local.ends_with("task") || local.ends_with("Task")
}

fn is_gateway(local: &str) -> bool {
    local.ends_with("Gateway")
}

fn is_flow_node(local: &str) -> bool {
    is_task(local)
        || is_gateway(local)
        || local.ends_with("Event")
        || local == "subProcess"
        || local == "callActivity"
}

/// The element's text and where to point at it (the text, else the element name).
fn text_at(el: &XmlElement) -> (&str, TextRange) {
    (el.text.as_str(), el.text_range.unwrap_or(el.name_range))
}

fn check_process(ctx: &mut Ctx<'_>) {
    let Some(doc) = ctx.file.xml() else { return };
    let Some(root) = &doc.root else { return };
    let path = ctx.path().to_string();
    // The process elements are children of bpmn:definitions (`altinn:process` inside an
    // eFormidling configuration is something else).
    let processes: Vec<&XmlElement> = if root.local_name() == "process" {
        vec![root]
    } else {
        root.children_named("process").collect()
    };
    if processes.is_empty() {
        return;
    }
    // Every element with an id inside the process(es), in document order.
    let mut elements: Vec<&XmlElement> = Vec::new();
    for p in &processes {
        elements.extend(
            p.descendants()
                .into_iter()
                .filter(|e| e.attr("id").is_some()),
        );
    }

    // AL0706 duplicate ids.
    let mut first: HashMap<&str, &XmlElement> = HashMap::new();
    for p in &processes {
        if let Some(id) = p.attr("id") {
            first.insert(id.value.as_str(), p);
        }
    }
    for el in &elements {
        let Some(id) = el.attr("id") else { continue };
        match first.get(id.value.as_str()) {
            Some(prev) => {
                let prev_range = prev
                    .attr("id")
                    .map(|a| a.value_range)
                    .unwrap_or(prev.name_range);
                ctx.report(
                    Diagnostic::new(
                        AL0706,
                        &path,
                        id.value_range,
                        format!(
                            "BPMN id '{}' is already used by a {} (ids must be unique in the process)",
                            id.value,
                            prev.local_name()
                        ),
                    )
                    .with_related(&path, prev_range, "first use of the id"),
                );
            }
            None => {
                first.insert(id.value.as_str(), el);
            }
        }
    }

    // Ordered: diagnostics below are reported while iterating it, and must come out in the
    // same order (and with the same related node) in every run.
    let nodes: BTreeMap<&str, &XmlElement> = elements
        .iter()
        .filter(|e| is_flow_node(e.local_name()))
        .filter_map(|e| Some((e.attr("id")?.value.as_str(), *e)))
        .collect();
    let flows: Vec<&XmlElement> = elements
        .iter()
        .copied()
        .filter(|e| e.local_name() == "sequenceFlow")
        .collect();
    let flow_by_id: HashMap<&str, &XmlElement> = flows
        .iter()
        .filter_map(|f| Some((f.attr("id")?.value.as_str(), *f)))
        .collect();

    // AL0707 sourceRef/targetRef.
    for f in &flows {
        for attr in ["sourceRef", "targetRef"] {
            let Some(a) = f.attr(attr) else {
                ctx.report(Diagnostic::new(
                    AL0707,
                    &path,
                    f.name_range,
                    format!(
                        "sequenceFlow '{}' has no {attr}; every flow needs a sourceRef and a targetRef",
                        f.attr_value("id").unwrap_or("")
                    ),
                ));
                continue;
            };
            if nodes.contains_key(a.value.as_str()) {
                continue;
            }
            let suggestion = did_you_mean(&a.value, nodes.keys().copied());
            let mut d = Diagnostic::new(
                AL0707,
                &path,
                a.value_range,
                format!(
                    "{attr} '{}' of sequenceFlow '{}' is not a task, event or gateway in the process{}",
                    a.value,
                    f.attr_value("id").unwrap_or(""),
                    suggestion.map(|s| format!("; did you mean '{s}'?")).unwrap_or_default()
                ),
            );
            if let Some(s) = suggestion {
                d = d.with_fix(FixData::Replace(s.to_string()));
            }
            // Point at the node that lists this flow, if any: that is usually the intended end.
            let list = if attr == "sourceRef" {
                "outgoing"
            } else {
                "incoming"
            };
            let fid = f.attr_value("id").unwrap_or("");
            if let Some((nid, n)) = nodes
                .iter()
                .find(|(_, n)| n.children_named(list).any(|c| c.text == fid))
            {
                let r = n.attr("id").map(|a| a.value_range).unwrap_or(n.name_range);
                d = d.with_related(&path, r, format!("'{nid}' lists this flow as {list}"));
            }
            ctx.report(d);
        }
    }

    // AL0708 incoming/outgoing vs flows.
    for (nid, n) in &nodes {
        for (list, attr) in [("outgoing", "sourceRef"), ("incoming", "targetRef")] {
            for c in n.children_named(list) {
                let (fid, r) = text_at(c);
                match flow_by_id.get(fid) {
                    None => ctx.report(Diagnostic::new(
                        AL0708,
                        &path,
                        r,
                        format!(
                            "{list} '{fid}' of '{nid}' is not a sequenceFlow id in the process"
                        ),
                    )),
                    Some(f) => {
                        let end = f.attr_value(attr).unwrap_or("");
                        if end != *nid && nodes.contains_key(end) {
                            let fr = f.attr(attr).map(|a| a.value_range).unwrap_or(f.name_range);
                            ctx.report(
                                Diagnostic::new(
                                    AL0708,
                                    &path,
                                    r,
                                    format!(
                                        "'{nid}' lists '{fid}' as {list}, but the flow's {attr} is '{end}'"
                                    ),
                                )
                                .with_related(&path, fr, format!("{attr} of '{fid}'")),
                            );
                        }
                    }
                }
            }
        }
    }

    // AL0709 gateways.
    for (gid, g) in nodes.iter().filter(|(_, n)| is_gateway(n.local_name())) {
        let outgoing: Vec<&&XmlElement> = flows
            .iter()
            .filter(|f| f.attr_value("sourceRef") == Some(gid))
            .collect();
        let idr = g.attr("id").map(|a| a.value_range).unwrap_or(g.name_range);
        let listed_dangling = g.children_named("outgoing").any(|c| {
            flow_by_id
                .get(c.text.as_str())
                .and_then(|f| f.attr_value("sourceRef"))
                .is_some_and(|s| !nodes.contains_key(s))
        });
        if outgoing.is_empty() && !listed_dangling {
            ctx.report(Diagnostic::new(
                AL0709,
                &path,
                idr,
                format!(
                    "Gateway '{gid}' has no outgoing sequenceFlow (no flow has sourceRef=\"{gid}\"); the process stops here"
                ),
            ));
        }
        if let Some(def) = g.attr("default") {
            if !outgoing
                .iter()
                .any(|f| f.attr_value("id") == Some(def.value.as_str()))
            {
                ctx.report(Diagnostic::new(
                    AL0709,
                    &path,
                    def.value_range,
                    format!(
                        "Default flow '{}' of gateway '{gid}' is not one of its outgoing sequence flows",
                        def.value
                    ),
                ));
            }
        }
    }

    // AL0710 start/end events.
    for p in &processes {
        let desc = p.descendants();
        for (kind, what) in [
            ("startEvent", "a start event"),
            ("endEvent", "an end event"),
        ] {
            if !desc.iter().any(|e| e.local_name() == kind) {
                let r = p.attr("id").map(|a| a.value_range).unwrap_or(p.name_range);
                ctx.report(Diagnostic::new(
                    AL0710,
                    &path,
                    r,
                    format!("The process has no {kind}; it needs {what} (bpmn:{kind})"),
                ));
            }
        }
    }

    // Tasks: type, configuration, references.
    let task_ids: Vec<&str> = nodes
        .iter()
        .filter(|(_, n)| is_task(n.local_name()))
        .map(|(id, _)| *id)
        .collect();
    let mut tasks: Vec<&XmlElement> = nodes
        .values()
        .copied()
        .filter(|n| is_task(n.local_name()))
        .collect();
    tasks.sort_by_key(|t| t.range.start);
    for t in tasks {
        check_task(ctx, &path, t);
    }

    // References to data types and task ids anywhere in extension elements.
    let has_metadata = ctx.db.file("config/applicationmetadata.json").is_some();
    for el in &elements {
        for ext in el.children_named("extensionElements") {
            // (element, is a data type reference, the list it is in)
            let mut refs: Vec<(&XmlElement, bool, &str)> = Vec::new();
            for e in ext.descendants() {
                let local = e.local_name();
                if DATA_TYPE_ELEMENTS.contains(&local) {
                    refs.push((e, true, ""));
                } else if DATA_TYPE_LISTS.contains(&local) {
                    refs.extend(e.children_named("dataType").map(|c| (c, true, local)));
                } else if TASK_LISTS.contains(&local) {
                    refs.extend(
                        e.children
                            .iter()
                            .filter(|c| matches!(c.local_name(), "task" | "taskId"))
                            .map(|c| (c, false, local)),
                    );
                }
            }
            for (e, is_dt, list) in refs {
                let local = e.local_name();
                let is_task_ref = !is_dt;
                let (value, r) = text_at(e);
                if value.is_empty() {
                    continue;
                }
                if is_dt && has_metadata && ctx.model.data_type(value).is_none() {
                    let suggestion =
                        did_you_mean(value, ctx.model.data_types.iter().map(|d| d.id.as_str()));
                    let mut d = Diagnostic::new(
                        AL0705,
                        &path,
                        r,
                        format!(
                            "{local} '{value}' is not a data type in applicationmetadata.json{}",
                            suggestion
                                .map(|s| format!("; did you mean '{s}'?"))
                                .unwrap_or_else(
                                    || "; add it to dataTypes or use an existing id".into()
                                )
                        ),
                    );
                    if let Some(s) = suggestion {
                        d = d.with_fix(FixData::Replace(s.to_string()));
                    }
                    d = super::relate_data_types(ctx.db, d);
                    ctx.report(d);
                }
                if is_task_ref && !task_ids.contains(&value) {
                    let suggestion = did_you_mean(value, task_ids.iter().copied());
                    let mut d = Diagnostic::new(
                        AL0712,
                        &path,
                        r,
                        format!(
                            "Task '{value}' in {list} is not a task in the process{}",
                            suggestion
                                .map(|s| format!("; did you mean '{s}'?"))
                                .unwrap_or_default()
                        ),
                    );
                    if let Some(s) = suggestion {
                        d = d.with_fix(FixData::Replace(s.to_string()));
                    }
                    ctx.report(d);
                }
            }
        }
    }
}

/// The `onEntry.show` set of an app that starts stateless and never instantiates from its UI:
/// no InstantiationButton in any layout. Its tasks are reached only if an instance is made some
/// other way (the API).
fn stateless_only(ctx: &Ctx<'_>) -> Option<String> {
    let (show, _) = ctx.model.on_entry_show.as_ref()?;
    if show == "new-instance" || show == "select-instance" || ctx.model.set_by_id(show).is_none() {
        return None;
    }
    let instantiates = ctx
        .model
        .sets
        .iter()
        .any(|s| s.components.iter().any(|c| c.ty == "InstantiationButton"));
    (!instantiates).then(|| show.clone())
}

/// A data task shows a form: it needs a layout set (classic) or a `ui/<taskId>/` folder.
fn check_data_task_ui(ctx: &mut Ctx<'_>, path: &str, t: &XmlElement, tid: &str) {
    let r = t.attr("id").map(|a| a.value_range).unwrap_or(t.name_range);
    // A stateless-only app never reaches the task from its UI: say what happens if it is.
    let stateless = stateless_only(ctx);
    let soften = |d: Diagnostic| match &stateless {
        Some(show) => {
            let mut d = d;
            d.soften(&format!(
                "the app starts stateless with onEntry.show '{show}' and no layout has an InstantiationButton, so its UI never reaches this task; only an instance made some other way (such as through the API) can reach it, and then there is no form to show"
            ));
            d
        }
        None => d,
    };
    match ctx.model.generation {
        Some(Generation::LayoutSets) => {
            let Some(sets_file) = ctx.db.file("ui/layout-sets.json") else {
                return;
            };
            // Only when layout-sets.json could be read: a broken file says so itself.
            let Some(sets_decl) = sets_file
                .json()
                .and_then(|d| d.root.as_ref())
                .and_then(|r| r.member("sets"))
            else {
                return;
            };
            if ctx
                .model
                .sets
                .iter()
                .any(|s| s.tasks.iter().any(|(x, _)| x == tid))
            {
                return;
            }
            ctx.report(soften(
                Diagnostic::new(
                    AL0716,
                    path,
                    r,
                    format!(
                        "Data task '{tid}' has no layout set: no set in ui/layout-sets.json lists it in \"tasks\", so the form cannot be shown; add \"{tid}\" to the tasks of a set"
                    ),
                )
                .with_related("ui/layout-sets.json", sets_decl.key_range, "the layout sets"),
            ));
        }
        Some(Generation::UiFolders) => {
            if ctx.model.sets.is_empty() || ctx.model.set_by_folder(tid).is_some() {
                return;
            }
            ctx.report(soften(Diagnostic::new(
                AL0716,
                path,
                r,
                format!(
                    "Data task '{tid}' has no UI folder: create ui/{tid}/Settings.json and ui/{tid}/layouts/ (UI folders are named after their task id)"
                ),
            )));
        }
        _ => {}
    }
}

/// The message tail for a task type that may be declared in C# altinn-ls cannot resolve.
fn unresolved_note(u: Option<&Unresolved>) -> String {
    u.map(|u| {
        format!(
            "; the app also declares process tasks in C# whose Type altinn-ls cannot resolve ({}), so it may be one of those",
            u.what
        )
    })
    .unwrap_or_default()
}

/// The task type: `altinn:taskExtension/altinn:taskType` or the v7 `altinn:tasktype` attribute.
fn task_type(t: &XmlElement) -> Option<(&str, TextRange)> {
    if let Some(a) = t.attr("tasktype").or_else(|| t.attr("taskType")) {
        return Some((a.value.as_str(), a.value_range));
    }
    t.descendants()
        .into_iter()
        .find(|d| d.local_name() == "taskType")
        .map(text_at)
}

fn check_task(ctx: &mut Ctx<'_>, path: &str, t: &XmlElement) {
    let tid = t.attr_value("id").unwrap_or("");
    let Some((ty, ty_range)) = task_type(t) else {
        let r = t.attr("id").map(|a| a.value_range).unwrap_or(t.name_range);
        ctx.report(Diagnostic::new(
            AL0714,
            path,
            r,
            format!(
                "Task '{tid}' has no altinn:taskType, so the app cannot run it; add <bpmn:extensionElements><altinn:taskExtension><altinn:taskType>data</altinn:taskType></altinn:taskExtension></bpmn:extensionElements> (or another type: {})",
                TASK_TYPES.join(", ")
            ),
        ));
        return;
    };
    let service = t.local_name() == "serviceTask";
    if ty == "data" {
        check_data_task_ui(ctx, path, t, tid);
    }
    // The app's own IProcessTask/IServiceTask implementations add task types.
    let csharp = &ctx.model.csharp;
    if !TASK_TYPES.contains(&ty) && !csharp.has(DeclKind::TaskType, ty) {
        let suggestion = did_you_mean(ty, TASK_TYPES.iter().copied());
        let unresolved = csharp.unresolved(DeclKind::TaskType);
        let mut d = if service && suggestion.is_none() {
            Diagnostic::new(
                AL0702,
                path,
                ty_range,
                format!(
                    "Service task '{tid}' has type '{ty}', which is not built in ({}) and not the Type of an IServiceTask or IProcessTask in the app's C# code; it works only if the app registers one with Type \"{ty}\" (from a package, or code altinn-ls cannot read){}",
                    TASK_TYPES.join(", "),
                    unresolved_note(unresolved),
                ),
            )
        } else {
            Diagnostic::new(
                AL0701,
                path,
                ty_range,
                format!(
                    "Unknown task type '{ty}' on task '{tid}'{}; valid types: {}{}",
                    suggestion
                        .map(|s| format!(" (did you mean '{s}'?)"))
                        .unwrap_or_default(),
                    TASK_TYPES.join(", "),
                    unresolved_note(unresolved),
                ),
            )
        };
        if let Some(s) = suggestion {
            d = d.with_fix(FixData::Replace(s.to_string()));
        }
        // It may be the type of a task class whose Type altinn-ls cannot resolve.
        if let Some(u) = unresolved {
            let less = match d.severity {
                Severity::Error => Severity::Warning,
                _ => Severity::Hint,
            };
            d = d.with_severity(less).with_related(
                &u.file,
                u.range,
                "process task declared in C# with a Type altinn-ls cannot resolve",
            );
        }
        ctx.report(d);
        return;
    }
    let ext = t
        .descendants()
        .into_iter()
        .find(|d| d.local_name() == "taskExtension");
    let find = |name: &str| -> Option<&XmlElement> {
        ext.and_then(|e| e.descendants().into_iter().find(|d| d.local_name() == name))
    };
    match ty {
        "signing" => {
            let cfg = find("signatureConfig");
            let sig = find("signatureDataType").filter(|e| !e.text.trim().is_empty());
            let to_sign = find("dataTypesToSign")
                .map(|l| l.children_named("dataType").any(|c| !c.text.is_empty()))
                .unwrap_or(false);
            let at = cfg.map(|c| c.name_range).unwrap_or(ty_range);
            let mut missing = Vec::new();
            if sig.is_none() {
                missing.push("signatureDataType");
            }
            if !to_sign {
                missing.push("dataTypesToSign");
            }
            if !missing.is_empty() {
                ctx.report(Diagnostic::new(
                    AL0703,
                    path,
                    at,
                    format!(
                        "Signing task '{tid}' has no {} in altinn:signatureConfig; add <altinn:signatureDataType> (a data type for the signatures) and <altinn:dataTypesToSign> with at least one <altinn:dataType>",
                        missing.join(" and no ")
                    ),
                ));
            }
        }
        "payment" => {
            let cfg = find("paymentConfig");
            if cfg.is_none() {
                ctx.report(Diagnostic::new(
                    AL0704,
                    path,
                    ty_range,
                    format!(
                        "Payment task '{tid}' has no altinn:paymentConfig; add one with <altinn:paymentDataType> and <altinn:paymentReceiptPdfDataType>"
                    ),
                ));
                return;
            }
            let at = cfg.map(|c| c.name_range).unwrap_or(ty_range);
            if find("paymentDataType")
                .filter(|e| !e.text.trim().is_empty())
                .is_none()
            {
                ctx.report(Diagnostic::new(
                    AL0704,
                    path,
                    at,
                    format!(
                        "Payment task '{tid}' has no paymentDataType (the backend fails with \"PaymentDataType is missing.\"); add <altinn:paymentDataType> naming a data type for the payment information"
                    ),
                ));
            }
            if find("paymentReceiptPdfDataType")
                .filter(|e| !e.text.trim().is_empty())
                .is_none()
            {
                ctx.report(Diagnostic::new(
                    AL0713,
                    path,
                    at,
                    format!(
                        "Payment task '{tid}' has no paymentReceiptPdfDataType; newer app versions require <altinn:paymentReceiptPdfDataType> naming a data type for the receipt PDF"
                    ),
                ));
            }
        }
        _ => {}
    }
}

/// Magic task ids the frontend understands without a BPMN task.
pub const SPECIAL_TASK_IDS: &[&str] = &["CustomReceipt", "ProcessEnd"];

/// `urn:altinn:org` / `urn:altinn:app` resource matches must name this app (or be the
/// `[ORG]`/`[APP]` placeholders that deployment fills in).
fn check_policy_app(ctx: &mut Ctx<'_>) {
    let Some(meta) = ctx
        .db
        .file("config/applicationmetadata.json")
        .and_then(|f| f.json())
        .and_then(|d| d.root.as_ref())
    else {
        return;
    };
    let Some((org, app)) = meta.get_str("id").and_then(|id| id.split_once('/')) else {
        return;
    };
    let Some(doc) = ctx.file.xml() else { return };
    let Some(root) = &doc.root else { return };
    let path = ctx.path().to_string();
    for m in root.descendants() {
        if m.local_name() != "Match" {
            continue;
        }
        let Some(designator) = m.children_named("AttributeDesignator").find(|d| {
            d.attr_value("Category")
                .is_some_and(|c| c.ends_with("attribute-category:resource"))
        }) else {
            continue;
        };
        let (what, expected) = match designator.attr_value("AttributeId") {
            Some("urn:altinn:org") => ("org", org),
            Some("urn:altinn:app") => ("app", app),
            _ => continue,
        };
        for v in m.children_named("AttributeValue") {
            let (value, r) = text_at(v);
            if value.is_empty() || value.starts_with('[') || value == expected {
                continue;
            }
            ctx.report(
                Diagnostic::new(
                    AL0715,
                    &path,
                    r,
                    format!(
                        "Policy rule for {what} '{value}', but this app is '{org}/{app}' (applicationmetadata.json id); the rule never applies; use '{expected}' or the placeholder [{}]",
                        what.to_uppercase()
                    ),
                )
                .with_fix(FixData::Replace(expected.to_string())),
            );
        }
    }
}

fn check_policy(ctx: &mut Ctx<'_>) {
    check_policy_app(ctx);
    let Some(process) = &ctx.model.process else {
        return;
    };
    let Some(doc) = ctx.file.xml() else { return };
    let Some(root) = &doc.root else { return };
    let path = ctx.path().to_string();
    let task_ids: HashSet<&str> = process.tasks().map(|t| t.id.as_str()).collect();
    if task_ids.is_empty() {
        return;
    }
    let events: HashSet<&str> = process.elements.iter().map(|e| e.id.as_str()).collect();
    for m in root.descendants() {
        if m.local_name() != "Match" && m.local_name() != "AllOf" {
            continue;
        }
        let is_task = m
            .children_named("AttributeDesignator")
            .any(|d| d.attr_value("AttributeId") == Some("urn:altinn:task"));
        if !is_task {
            continue;
        }
        for v in m.children_named("AttributeValue") {
            let (value, r) = text_at(v);
            if value.is_empty()
                || task_ids.contains(value)
                || events.contains(value)
                || value.starts_with('[')
            {
                continue;
            }
            let suggestion = did_you_mean(value, task_ids.iter().copied());
            let mut d = Diagnostic::new(
                AL0711,
                &path,
                r,
                format!(
                    "Policy rule for task '{value}', which is not a task in process.bpmn{}; the rule never applies",
                    suggestion.map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default()
                ),
            );
            if let Some(s) = suggestion {
                d = d.with_fix(FixData::Replace(s.to_string()));
            }
            if let Some(t) = process.tasks().next() {
                d = d.with_related(&process.file, t.range, "tasks are declared in process.bpmn");
            }
            ctx.report(d);
        }
    }
}
