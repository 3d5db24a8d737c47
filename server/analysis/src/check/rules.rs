//! AL09xx: legacy `RuleConfiguration.json` against `RuleHandler.js`, the components of the set
//! and its data model.

use super::codes::declare_codes;
use super::Ctx;
use crate::diagnostic::{Diagnostic, FixData, Severity};
use crate::model::util::did_you_mean;
use crate::model::versions::Certainty;
use crate::model::{FileKind, FrontendMajor, Generation};
use crate::syntax::{Json, TextRange};

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str =
    "RuleConfiguration.json and RuleHandler.js are the legacy dynamics: frontend v4 loads both \
(queries fetchRuleHandler / fetchRuleConfiguration, features/form/rules/RulesContext, \
formData/LegacyRules), runs `data.ruleConnection` functions from the handler's ruleHandlerObject \
with their inputParams read from the form data and writes outParams back, and evaluates \
`conditionalRendering` functions from conditionalRuleHandlerObject to hide components by id \
(HiddenComponentsProvider). A function name missing from the handler, a component id that is \
not in the layout set or a parameter path that is not in the data model does nothing at \
runtime. The frontend bundled with v9 has no rule engine (its upgrade converts the rules to C#, \
ConvertedLegacyRules), hence AL0901. Both v3 (fetchFormDynamicsSagas: `result.data`, then \
`data.APIs`) and v4 (DynamicsContext: `dynamics?.data || null`) read the rules only from the \
file's `data` object (AL0907): v4 silently runs none of rules written at the top level, and v3 \
fails the whole fetch (reading APIs of undefined), which it reports as a data task error \
(an error when the app declares frontend v3). Without RuleHandler.js (AL0903) the backend \
answers the handler request with 204 No Content (ResourceController.GetRulehandler), so no \
handler object exists: conditional rendering is skipped (v3 and v4 check for the object first) \
and a calculation rule fails when its input changes (v3 rules/index and v4 LegacyRules call \
window.ruleHandlerObject[...] without that check).";

declare_codes! {
    AL0901 Information "RuleHandler.js / RuleConfiguration.json are legacy (unsupported in the next frontend)",
    AL0902 Error "selectedFunction is not defined in RuleHandler.js",
    AL0903 Warning "RuleConfiguration.json uses functions but RuleHandler.js is missing",
    AL0904 Error "Rule refers to a component id that is not in the layout set",
    AL0905 Warning "Rule input parameter is not one the function's helper declares",
    AL0906 Error "Rule input/output parameter is not a field in the data model",
    AL0907 Warning "RuleConfiguration.json has its rules outside `data`, where the frontend never reads them (an error for a declared frontend v3)",
}

pub fn check(ctx: &mut Ctx<'_>) {
    match &ctx.file.kind {
        FileKind::RuleConfiguration { folder } => {
            let folder = folder.clone();
            check_configuration(ctx, &folder);
        }
        FileKind::RuleHandler { .. } => check_handler(ctx),
        _ => {}
    }
}

fn legacy_message(ctx: &Ctx<'_>, file: &str) -> String {
    let next = if ctx.model.generation == Some(Generation::UiFolders) {
        "this app uses task-named UI folders, where the frontend ignores it"
    } else {
        "the next app frontend does not support it"
    };
    format!(
        "{file} is a legacy feature ({next}); move calculations to C# data processors and conditional rendering to 'hidden' expressions"
    )
}

fn check_handler(ctx: &mut Ctx<'_>) {
    let Some(doc) = ctx.file.js() else { return };
    let Some(first) = doc.objects.first() else {
        return;
    };
    let msg = legacy_message(ctx, "RuleHandler.js");
    ctx.report(Diagnostic::new(AL0901, ctx.path(), first.name_range, msg));
}

/// The component id without `{0}` row placeholders.
fn strip_placeholders(id: &str) -> &str {
    id.find('{').map(|i| &id[..i]).unwrap_or(id)
}

fn check_configuration(ctx: &mut Ctx<'_>, folder: &str) {
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let Some(data) = root.member("data") else {
        misplaced_rules(ctx, root, folder);
        return;
    };
    let path = ctx.path().to_string();
    let sections = [
        ("ruleConnection", "ruleHandlerObject", "ruleHandlerHelper"),
        (
            "conditionalRendering",
            "conditionalRuleHandlerObject",
            "conditionalRuleHandlerHelper",
        ),
    ];
    let rules: Vec<(&str, &str, &str, &Json)> = sections
        .iter()
        .filter_map(|(s, o, h)| data.value.get(s).map(|v| (*s, *o, *h, v)))
        .flat_map(|(s, o, h, v)| {
            v.as_object()
                .unwrap_or(&[])
                .iter()
                .map(move |m| (s, o, h, &m.value))
        })
        .collect();
    if rules.is_empty() {
        return;
    }
    ctx.report(Diagnostic::new(
        AL0901,
        &path,
        data.key_range,
        legacy_message(ctx, "RuleConfiguration.json"),
    ));

    let handler_path = handler_path(folder);
    let handler = ctx.db.file(&handler_path).and_then(|f| f.js());
    if handler.is_none() {
        let at = rules
            .iter()
            .find_map(|(_, _, _, r)| r.get("selectedFunction").map(|f| f.content_range()))
            .unwrap_or(data.key_range);
        ctx.report(Diagnostic::new(
            AL0903,
            &path,
            at,
            format!(
                "RuleConfiguration.json calls functions of {handler_path}, but that file is missing; add it or remove the rules"
            ),
        ));
    }

    let set = ctx.model.set_of_file(&ctx.file.kind);
    let dm = set
        .and_then(|s| s.data_type.as_deref())
        .and_then(|dt| ctx.model.data_model(dt));

    for (section, object, helper, rule) in rules {
        // selectedFunction vs RuleHandler.js
        let func = rule.get("selectedFunction");
        let func_name = func.and_then(|f| f.as_str()).unwrap_or("");
        let mut helper_keys: Option<Vec<String>> = None;
        if let (Some(h), Some(f)) = (handler, func) {
            let obj = h.object(object);
            let defined = obj.is_some_and(|o| o.properties.iter().any(|p| p.name == func_name));
            if !defined {
                let names: Vec<&str> = obj
                    .map(|o| o.properties.iter().map(|p| p.name.as_str()).collect())
                    .unwrap_or_default();
                let suggestion = did_you_mean(func_name, names.iter().copied());
                let mut d = Diagnostic::new(
                    AL0902,
                    &path,
                    f.content_range(),
                    format!(
                        "Function '{func_name}' is not defined in {object} in RuleHandler.js{}",
                        match suggestion {
                            Some(s) => format!("; did you mean '{s}'?"),
                            None if obj.is_none() => format!(" (the file has no {object})"),
                            None if !names.is_empty() => format!("; defined: {}", names.join(", ")),
                            None => String::new(),
                        }
                    ),
                );
                if let Some(s) = suggestion {
                    d = d.with_fix(FixData::Replace(s.to_string()));
                }
                if let Some(o) = obj {
                    d = d.with_related(
                        &handler_path,
                        o.name_range,
                        format!("{object} is declared here"),
                    );
                }
                ctx.report(d);
            } else {
                helper_keys = h
                    .object(helper)
                    .and_then(|o| o.properties.iter().find(|p| p.name == func_name))
                    .map(|p| p.returned_keys.clone())
                    .filter(|k| !k.is_empty());
            }
        }

        // inputParams keys vs helper; params paths vs data model
        for (params, is_input) in [("inputParams", true), ("outParams", false)] {
            let Some(members) = rule.get(params).and_then(|p| p.as_object()) else {
                continue;
            };
            for m in members {
                if is_input {
                    if let Some(keys) = &helper_keys {
                        if !keys.contains(&m.key) {
                            ctx.report(Diagnostic::new(
                                AL0905,
                                &path,
                                m.key_range.inner_string(),
                                format!(
                                    "Input parameter '{}' is not one of the parameters {helper}.{func_name} declares ({})",
                                    m.key,
                                    keys.join(", ")
                                ),
                            ));
                        }
                    }
                }
                let (Some(dm), Some(p)) = (dm, m.value.as_str()) else {
                    continue;
                };
                if p.is_empty() {
                    continue;
                }
                if let Err(u) = dm.resolve(p) {
                    let mut d = Diagnostic::new(
                        AL0906,
                        &path,
                        m.value.content_range(),
                        format!(
                            "'{p}' ({section} {params}.{}) is not a field in data model '{}'{}",
                            m.key,
                            dm.name,
                            u.suggestion
                                .as_ref()
                                .map(|s| format!("; did you mean '{s}'?"))
                                .unwrap_or_default()
                        ),
                    );
                    if let Some(s) = &u.suggestion {
                        // Only a safe replacement when the path has no row placeholders.
                        if !p.contains(['[', '{']) {
                            d = d.with_fix(FixData::Replace(s.clone()));
                        }
                    }
                    ctx.report(d);
                }
            }
        }

        // component ids
        let Some(set) = set else { continue };
        let mut refs: Vec<(&str, TextRange, &str)> = Vec::new();
        if let Some(fields) = rule.get("selectedFields").and_then(|f| f.as_object()) {
            for m in fields {
                if let Some(s) = m.value.as_str() {
                    refs.push((s, m.value.content_range(), "selectedFields"));
                }
            }
        }
        for key in ["groupId", "childGroupId"] {
            if let Some(v) = rule.pointer(&["repeatingGroup", key]) {
                if let Some(s) = v.as_str() {
                    refs.push((s, v.content_range(), key));
                }
            }
        }
        for (raw, r, what) in refs {
            let id = strip_placeholders(raw);
            if id.is_empty() || set.by_id.contains_key(id) {
                continue;
            }
            let suggestion = did_you_mean(id, set.by_id.keys().map(String::as_str));
            ctx.report(Diagnostic::new(
                AL0904,
                &path,
                r,
                format!(
                    "{what} names component '{id}', which is not in layout set '{}'{}",
                    set.id,
                    suggestion
                        .map(|s| format!("; did you mean '{s}'?"))
                        .unwrap_or_default()
                ),
            ));
        }
    }
}

fn handler_path(folder: &str) -> String {
    if folder.is_empty() {
        "ui/RuleHandler.js".to_string()
    } else {
        format!("ui/{folder}/RuleHandler.js")
    }
}

/// AL0907: `ruleConnection` / `conditionalRendering` at the top level instead of under `data`
/// (the frontend reads only `data`), and AL0903 when the handler is missing as well.
fn misplaced_rules(ctx: &mut Ctx<'_>, root: &Json, folder: &str) {
    let path = ctx.path().to_string();
    let Some(first) = root
        .as_object()
        .unwrap_or(&[])
        .iter()
        .find(|m| matches!(m.key.as_str(), "ruleConnection" | "conditionalRendering"))
    else {
        return;
    };
    let v = &ctx.model.versions.frontend;
    let v3 = v.major == FrontendMajor::V3 && v.certainty == Certainty::Declared;
    let what = if v3 {
        "frontend v3 reads `data.APIs` of it, fails the whole rule fetch and shows a data error"
    } else {
        "frontend v4 runs none of these rules, and v3 fails the whole rule fetch (a data error)"
    };
    let mut d = Diagnostic::new(
        AL0907,
        &path,
        first.key_range,
        format!(
            "'{}' is at the top level of RuleConfiguration.json, but the frontend reads rules only from its \"data\" object: {what}; move the rules into \"data\"",
            first.key
        ),
    );
    if v3 {
        d.severity = Severity::Error;
    }
    ctx.report(d);
    let handler = handler_path(folder);
    if ctx.db.file(&handler).is_none() {
        let at = first
            .value
            .as_object()
            .unwrap_or(&[])
            .iter()
            .find_map(|m| m.value.get("selectedFunction").map(|f| f.content_range()))
            .unwrap_or(first.key_range);
        ctx.report(Diagnostic::new(
            AL0903,
            &path,
            at,
            format!(
                "RuleConfiguration.json calls functions of {handler}, but that file is missing; add it or remove the rules"
            ),
        ));
    }
}
