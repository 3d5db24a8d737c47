//! AL10xx: expressions wherever they may appear (FORMATS.md §4 "Where expressions may appear"):
//! layout pages (`data.hidden`, component properties, every `textResourceBindings` value),
//! Settings (`navigationTitle`, `hideAppNameInPdf`), BPMN `conditionExpression`, and
//! `models/*.validation.json` (`condition`, `message`). The language itself is checked by
//! [`crate::expr`]; this module finds the expressions and supplies their context.

use super::codes::declare_codes;
use super::Ctx;
use crate::diagnostic::{Diagnostic, FixData};
use crate::expr::{self, ExprContext, ExprIssue, ExprType, Frontend};
use crate::model::components;
use crate::model::{AppModel, FileKind, FrontendMajor, Generation, SetInfo};
use crate::syntax::{parse_json, Json, JsonKind, TextRange, XmlElement};

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str =
    "Expressions are checked against the official shared expression test vectors and the \
function tables of each runtime: app-frontend-react v4 (features/expressions: ExprFunctions, \
argument and return types, casts), the next frontend bundled with v9 (the same module in \
altinn-studio src/App/frontend), and the backend's ExpressionEvaluator (app-lib-dotnet v8, and \
v9 in src/App/backend), which evaluates expressions where the frontend does not run: BPMN \
gateway conditions, validation.json, and hidden/required when the backend removes hidden data \
and validates. A function one runtime lacks is an error where only that runtime evaluates it \
(AL1020, AL1022) and a warning where both do (AL1021). References (component, dataModel, \
linkToPage, text, optionLabel) are resolved like the checks of the other families.";

declare_codes! {
    AL1000 Error "Malformed expression: object literal, empty array or a function name that is not a string",
    AL1001 Error "Unknown or mis-cased expression function",
    AL1002 Error "Wrong number of arguments to an expression function",
    AL1003 Error "Argument of the wrong type, or a literal that always fails at runtime (cast, date, null, division by 0)",
    AL1004 Error "`if` not in the form [\"if\", c, a] or [\"if\", c, a, \"else\", b]",
    AL1005 Error "`compare` with a wrong form or an unknown operator",
    AL1006 Error "Argument that must be a literal string (dataModel data type, component id, optionLabel options id)",
    AL1007 Error "`object` with an odd number of arguments, or keys that are not unique strings",
    AL1008 Error "Expression returns a type the property cannot use",
    AL1009 Error "argv() where there are no (or not that many) positional arguments",
    AL1010 Error "component/displayValue/linkToComponent names a component id that is not in the layout set",
    AL1011 Error "dataModel path not found in the data model",
    AL1012 Error "dataModel names a data type that is not in applicationmetadata.json",
    AL1013 Warning "text() key that is in no text resource file",
    AL1014 Error "linkToPage names a page that is not in the layout set",
    AL1015 Warning "optionLabel options id with no code list in App/options (may come from C#)",
    AL1016 Error "Unknown instanceContext/authContext key",
    AL1017 Warning "countDataElements of a data type that is not in applicationmetadata.json (always 0)",
    AL1020 Error "Function the app backend does not support, where the backend evaluates the expression (gateway condition, validation.json)",
    AL1021 Warning "Function the app backend does not support in hidden/required, which the backend also evaluates",
    AL1022 Error "Function only the other frontend generation has (next-only in a classic app, or v4-only)",
    AL1023 Error "Backend-only function (gatewayAction) outside a BPMN gateway condition",
    AL1024 Error "BPMN conditionExpression that is not a JSON expression",
}

pub fn check(ctx: &mut Ctx<'_>) {
    match &ctx.file.kind {
        FileKind::Layout { .. } => check_layout(ctx),
        FileKind::LayoutSettings { .. } | FileKind::RootSettings => check_settings(ctx, false),
        FileKind::LayoutSets => check_settings(ctx, true),
        FileKind::Process => check_process(ctx),
        FileKind::Validation { name } => check_validation(ctx, name),
        _ => {}
    }
}

fn report_issues(
    ctx: &mut Ctx<'_>,
    issues: &mut Vec<ExprIssue>,
    offset: Option<u32>,
    whole: TextRange,
) {
    for i in issues.drain(..) {
        let range = match offset {
            Some(o) => TextRange::new(i.range.start + o, i.range.end + o),
            None => whole,
        };
        let mut d = Diagnostic::new(i.code, ctx.path(), range, i.message);
        if let (Some(fix), Some(_)) = (i.fix, offset) {
            d = d.with_fix(FixData::Replace(fix));
        }
        if let Some((file, range, msg)) = i.related {
            d = d.with_related(&file, range, msg);
        }
        if let Some(s) = i.severity {
            d = d.with_severity(s);
        }
        ctx.report(d);
    }
}

/// The expression dialect of the app's frontend. Frontend v3 is checked with the v4 rules:
/// its functions are a subset of v4's, so nothing v4 accepts is refused, and the functions v4
/// added are not told apart (no grounded v3 list).
fn frontend(model: &AppModel) -> Frontend {
    match model.versions.frontend.major {
        FrontendMajor::Next => Frontend::Next,
        FrontendMajor::V3 | FrontendMajor::V4 => Frontend::V4,
    }
}

/// Whether the app backend processes this set's form (validation, hidden-data removal): a form
/// data type of the set is bound to one of the set's tasks.
fn backend_evaluates(model: &AppModel, set: &SetInfo) -> bool {
    let Some(dt) = set.data_type.as_deref().and_then(|d| model.data_type(d)) else {
        return false;
    };
    if dt.class_ref.is_none() {
        return false;
    }
    let Some((task, _)) = &dt.task_id else {
        return false;
    };
    if set.subform {
        return true;
    }
    match model.generation {
        Some(Generation::UiFolders) => set.folder == *task,
        Some(Generation::Legacy) => true,
        _ => set.tasks.iter().any(|(t, _)| t == task),
    }
}

/// Calls `f` with every value at a dotted path where `*` is any array item or object value.
fn at_path<'j>(v: &'j Json, path: &str, f: &mut impl FnMut(&'j Json)) {
    if path.is_empty() {
        f(v);
        return;
    }
    let (first, rest) = path.split_once('.').unwrap_or((path, ""));
    if first == "*" {
        match &v.kind {
            JsonKind::Array(items) => items.iter().for_each(|i| at_path(i, rest, f)),
            JsonKind::Object(members) => members.iter().for_each(|m| at_path(&m.value, rest, f)),
            _ => {}
        }
    } else if let Some(next) = v.get(first) {
        at_path(next, rest, f);
    }
}

/// Common expression props checked on components whose type we do not know.
const FALLBACK_PROPS: &[(&str, ExprType)] = &[
    ("hidden", ExprType::Boolean),
    ("required", ExprType::Boolean),
    ("readOnly", ExprType::Boolean),
];

fn check_layout(ctx: &mut Ctx<'_>) {
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let model = ctx.model;
    let set = model.set_of_file(&ctx.file.kind);
    let backend = set.is_some_and(|s| backend_evaluates(model, s));
    let base = ExprContext {
        model: Some(model),
        set,
        data_type: set.and_then(|s| s.data_type.as_deref()),
        frontend: Some(frontend(model)),
        positional_args: Some(0),
        ..Default::default()
    };
    let with_backend = ExprContext {
        backend_maybe: Some("hidden"),
        ..base
    };
    let with_backend_required = ExprContext {
        backend_maybe: Some("required"),
        ..base
    };
    let ctx_for = |prop: &str| -> &ExprContext<'_> {
        match (backend, prop) {
            (true, "hidden") => &with_backend,
            (true, "required") => &with_backend_required,
            _ => &base,
        }
    };
    // A Subform's expressions (tableEditButton, entryDisplayName, ...) are partly evaluated
    // per subform entry, against the subform's data type: do not resolve paths there.
    let subform = ExprContext {
        data_type: None,
        ..base
    };
    let mut issues = Vec::new();
    let Some(data) = root.get("data") else { return };
    if let Some(h) = data.get("hidden") {
        expr::check_with(h, ExprType::Boolean, ctx_for("hidden"), &mut issues);
    }
    for c in data.get("layout").and_then(|l| l.as_array()).unwrap_or(&[]) {
        let Some(members) = c.as_object() else {
            continue;
        };
        let ty = Some(components::type_of(c)).filter(|t| !t.is_empty());
        let def = ty.and_then(components::component);
        let sub = ty == Some("Subform");
        let b = if sub { &subform } else { &base };
        let pick = |prop: &str| if sub { &subform } else { ctx_for(prop) };
        match def {
            Some(def) => {
                for (prop, ty) in components::expr_props(def) {
                    if let Some(v) = c.get(prop) {
                        expr::check_with(v, ty.into(), pick(prop), &mut issues);
                    }
                }
                for (path, ty) in def.nested_exprs {
                    at_path(c, path, &mut |v| {
                        expr::check_with(v, (*ty).into(), b, &mut issues)
                    });
                }
            }
            None => {
                for (prop, ty) in FALLBACK_PROPS {
                    if let Some(v) = c.get(prop) {
                        expr::check_with(v, *ty, pick(prop), &mut issues);
                    }
                }
            }
        }
        if let Some(trb) = members
            .iter()
            .find(|m| m.key == "textResourceBindings")
            .and_then(|m| m.value.as_object())
        {
            for m in trb {
                expr::check_with(&m.value, ExprType::String, b, &mut issues);
            }
        }
    }
    report_issues(ctx, &mut issues, Some(0), TextRange::default());
}

/// `navigationTitle` and `hideAppNameInPdf` in Settings.json (`pages.*` or top level) and in
/// layout-sets.json `uiSettings`.
fn check_settings(ctx: &mut Ctx<'_>, layout_sets: bool) {
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let model = ctx.model;
    let set = model.set_of_file(&ctx.file.kind);
    let ectx = ExprContext {
        model: Some(model),
        set,
        data_type: set.and_then(|s| s.data_type.as_deref()),
        frontend: Some(frontend(model)),
        positional_args: Some(0),
        ..Default::default()
    };
    let holders: Vec<&Json> = if layout_sets {
        root.get("uiSettings").into_iter().collect()
    } else {
        std::iter::once(root).chain(root.get("pages")).collect()
    };
    let mut issues = Vec::new();
    for h in holders {
        for (key, ty) in [
            ("navigationTitle", ExprType::String),
            ("hideAppNameInPdf", ExprType::Boolean),
        ] {
            if let Some(v) = h.get(key) {
                expr::check_with(v, ty, &ectx, &mut issues);
            }
        }
    }
    report_issues(ctx, &mut issues, Some(0), TextRange::default());
}

fn check_process(ctx: &mut Ctx<'_>) {
    let Some(root) = ctx.file.xml().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let model = ctx.model;
    let all = root.descendants();
    let mut issues = Vec::new();
    for flow in all.iter().filter(|e| e.local_name() == "sequenceFlow") {
        let Some(cond) = flow.child("conditionExpression") else {
            continue;
        };
        let Some(text_range) = cond.text_range else {
            continue;
        };
        let data_type = gateway_data_type(model, &all, flow.attr_value("sourceRef"));
        let ectx = ExprContext {
            model: Some(model),
            data_type,
            frontend: None,
            backend: Some("gateway condition"),
            gateway: true,
            positional_args: Some(0),
            ..Default::default()
        };
        let doc = parse_json(&cond.text);
        let value = match doc.root {
            Some(v) if doc.errors.is_empty() => v,
            _ => {
                ctx.report(Diagnostic::new(
                    AL1024,
                    ctx.path(),
                    text_range,
                    "The condition is not valid JSON: the app backend reads conditionExpression as a JSON expression such as [\"equals\", [\"gatewayAction\"], \"reject\"]",
                ));
                continue;
            }
        };
        if !matches!(value.kind, JsonKind::Array(_)) {
            ctx.report(Diagnostic::new(
                AL1024,
                ctx.path(),
                text_range,
                format!(
                    "The condition is a {} literal, not an expression: write [\"equals\", [\"gatewayAction\"], \"reject\"]-style arrays",
                    value.type_name()
                ),
            ));
            continue;
        }
        expr::check_with(&value, ExprType::Boolean, &ectx, &mut issues);
        // Entities or CDATA make the decoded text differ from the file: then point at the
        // whole condition.
        let exact = ctx.file.slice(text_range) == cond.text;
        report_issues(
            ctx,
            &mut issues,
            exact.then_some(text_range.start),
            text_range,
        );
    }
}

/// The data type `dataModel` reads in a gateway's conditions: the gateway's
/// `altinn:connectedDataTypeId`, else the default data type of the set of the task before it.
fn gateway_data_type<'m>(
    model: &'m AppModel,
    all: &[&XmlElement],
    gateway: Option<&str>,
) -> Option<&'m str> {
    let gateway = gateway?;
    let gw = all.iter().find(|e| e.attr_value("id") == Some(gateway))?;
    if let Some(c) = gw
        .descendants()
        .into_iter()
        .find(|d| d.local_name() == "connectedDataTypeId")
    {
        return model.data_type(&c.text).map(|d| d.id.as_str());
    }
    let mut found: Option<&'m str> = None;
    for flow in all
        .iter()
        .filter(|e| e.local_name() == "sequenceFlow" && e.attr_value("targetRef") == Some(gateway))
    {
        let Some(task) = flow.attr_value("sourceRef") else {
            continue;
        };
        let set = model.sets.iter().find(|s| {
            s.tasks.iter().any(|(t, _)| t == task)
                || (model.generation == Some(Generation::UiFolders) && s.folder == task)
        })?;
        let dt = set.data_type.as_deref()?;
        if found.is_some_and(|f| f != dt) {
            return None;
        }
        found = Some(dt);
    }
    found
}

fn check_validation(ctx: &mut Ctx<'_>, name: &str) {
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let model = ctx.model;
    let dt = model.data_type(name);
    let backend = dt.is_some_and(|d| d.class_ref.is_some() && d.task_id.is_some());
    let mut sets = model
        .sets
        .iter()
        .filter(|s| s.data_type.as_deref() == Some(name));
    let set = match (sets.next(), sets.next()) {
        (Some(s), None) => Some(s),
        _ => None,
    };
    let ectx = ExprContext {
        model: Some(model),
        set,
        data_type: (dt.is_some() || model.data_model(name).is_some()).then_some(name),
        frontend: Some(frontend(model)),
        backend: backend.then_some("validation.json"),
        positional_args: Some(1),
        ..Default::default()
    };
    let mut issues = Vec::new();
    let check_rule = |rule: &Json, issues: &mut Vec<ExprIssue>| {
        if let Some(c) = rule.get("condition") {
            expr::check_with(c, ExprType::Boolean, &ectx, issues);
        }
        if let Some(m) = rule.get("message") {
            expr::check_with(m, ExprType::String, &ectx, issues);
        }
    };
    for m in root
        .get("validations")
        .and_then(|v| v.as_object())
        .unwrap_or(&[])
    {
        for rule in m.value.as_array().unwrap_or(&[]) {
            check_rule(rule, &mut issues);
        }
    }
    for m in root
        .get("definitions")
        .and_then(|v| v.as_object())
        .unwrap_or(&[])
    {
        check_rule(&m.value, &mut issues);
    }
    report_issues(ctx, &mut issues, Some(0), TextRange::default());
}
