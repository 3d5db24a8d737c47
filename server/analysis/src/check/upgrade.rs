//! AL0160-AL0169: layout constructs of an older Altinn.App kept in a v9 app (backend 9 or the
//! frontend bundled with it). Each finding carries the rewrite to the v9 form as a quick fix
//! ([`crate::diagnostic::Rewrite`]); `altinn-ls upgrade` applies the ones v9 already reads.
//!
//! Only apps on v9 are looked at: for v8 apps these are the current contract.

use super::codes::declare_codes;
use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::model::components::type_of;
use crate::model::FrontendMajor;
use crate::syntax::{Json, Member, TextRange};

pub const GROUNDS: &str = "Read in altinn-studio at its main of 2026-08-22 (e049d2c021) and its \
unmerged branches. `FileUploadWithTag` (AL0160): main's v9 frontend still has the component \
(`src/App/frontend/src/layout/FileUploadWithTag`); branch `chore/removingFileUploadWithTag` \
removes it, moves its options and `tagTitle` into FileUpload (e42b985100) and adds the \
`studioctl app upgrade v9` step FileUploadWithTagLayoutMigration that renames the type \
(b17921f7e3, a93fedbb6f). Until that is released the rename breaks the component on v9 (main's \
FileUpload takes no options), so the rewrite is offered but not preferred, and `altinn-ls \
upgrade` lists it instead of applying it. Button `mode: \"instantiate\"` (AL0161): main's Button \
still accepts the mode and renders the InstantiationButton for it (Button getComponentFromMode); \
no upgrade step on main or any branch converts it; the rewrite to the dedicated type is \
equivalent when the Button uses none of the Button-only props (size, textAlign, fullWidth, \
position). FileUpload `required` (AL0162): accepted by the schema (FormComponentProps) but the \
FileUpload definition turns off required-field validation (v9 FileUpload `validateEmptyField` \
returns nothing, as v4's `useEmptyFieldValidation` did): only `minNumberOfAttachments` makes an \
upload mandatory, so `required` with 0 attachments marks the field required and never checks it. \
List `readOnly` (AL0163): accepted, but the List decides itself whether its rows are selectable \
(ListComponent `getSelectionMode`: read-only only without bindings to save to); `readOnly` only \
reaches the label and the Summary edit buttons (the same in v4). `mapping` on option \
components and List, `bindingToShowInSummary` on List (AL0164, AL0165): main reads both \
(List marks them deprecated, 'will be removed in the next major version'); branch \
`chore/remove-deprecated-properties` (d4c5b521fc) removes them from the v9 frontend and its \
upgrade step DeprecatedLayoutPropertiesMigrator turns each mapping entry into a \
`queryParameters` entry `[\"dataModel\", path]` (dropping `[{0}]` row markers) and \
`bindingToShowInSummary` into `summaryBinding` naming the `dataModelBindings` key bound to that \
path. Checked for apps on Altinn.App v9 only (backend 9 or the frontend bundled with it); for v8 \
apps these are the current contract.";

declare_codes! {
    AL0160 Hint "FileUploadWithTag in a v9 app: v9 still reads it; Altinn's pending v9 change turns it into FileUpload",
    AL0161 Hint "Button with mode \"instantiate\" in a v9 app: the InstantiationButton type says the same",
    AL0162 Hint "FileUpload \"required\" in a v9 app is not enforced: only minNumberOfAttachments makes an upload mandatory",
    AL0163 Hint "List \"readOnly\" in a v9 app does not make its rows read-only",
    AL0164 Hint "\"mapping\" on an options component or List in a v9 app: deprecated, Altinn's pending v9 change turns it into queryParameters",
    AL0165 Hint "List \"bindingToShowInSummary\" in a v9 app: deprecated, Altinn's pending v9 change turns it into summaryBinding",
}

/// Whether the app runs Altinn.App v9 (backend 9+, or the frontend bundled with it).
pub fn is_v9(model: &crate::model::AppModel) -> bool {
    model.versions.frontend.major == FrontendMajor::Next
        || model.versions.backend_major().is_some_and(|m| m >= 9)
}

pub fn check(ctx: &mut Ctx<'_>) {
    if !matches!(ctx.file.kind, crate::model::FileKind::Layout { .. }) || !is_v9(ctx.model) {
        return;
    }
    let Some(doc) = ctx.file.json() else { return };
    let items = super::components::layout_array(doc.root.as_ref());
    let text = &*ctx.file.text;
    let mut out = Vec::new();
    for c in items {
        component(ctx.path(), text, c, &mut out);
    }
    for d in out {
        ctx.report(d);
    }
}

const OPTION_TYPES: &[&str] = &[
    "Checkboxes",
    "Dropdown",
    "FileUploadWithTag",
    "Likert",
    "LikertItem",
    "List",
    "MultipleSelect",
    "RadioButtons",
];

fn component(path: &str, text: &str, c: &Json, out: &mut Vec<Diagnostic>) {
    let Some(members) = c.as_object() else { return };
    let Some(ty) = c.member("type") else { return };
    let id = c.get_str("id").unwrap_or("?");
    let kind = type_of(c);
    let label = format!("Component '{id}' ({kind})");
    match kind {
        "FileUploadWithTag" => {
            let d = Diagnostic::new(
                AL0160,
                path,
                ty.value.content_range(),
                format!("{label}: the app frontend of Altinn.App v9 still reads FileUploadWithTag, but Altinn's pending change (altinn-studio branch chore/removingFileUploadWithTag) removes it and gives FileUpload its options and tagTitle; its `studioctl app upgrade v9` step then renames the type. Keep it until a v9 release has that change: today's v9 FileUpload takes no options"),
            )
            .with_rewrite("Rename to FileUpload (only for a v9 release with tagged FileUpload)", vec![(ty.value.content_range(), "FileUpload".into())], false);
            out.push(d);
        }
        "Button" => {
            let Some(mode) = c
                .member("mode")
                .filter(|m| m.value.as_str() == Some("instantiate"))
            else {
                return;
            };
            let button_only: Vec<&str> = ["size", "textAlign", "fullWidth", "position"]
                .into_iter()
                .filter(|k| c.member(k).is_some())
                .collect();
            let mut msg = format!("{label}: a Button with mode 'instantiate' is rendered as an InstantiationButton by the app frontend of Altinn.App v9; write it as \"type\": \"InstantiationButton\" (no mode), the component Studio's editor offers for it");
            let mut d;
            if button_only.is_empty() {
                d = Diagnostic::new(AL0161, path, mode.key_range, msg).with_rewrite(
                    "Make it an InstantiationButton",
                    vec![
                        (ty.value.content_range(), "InstantiationButton".into()),
                        remove_member(members, mode),
                    ],
                    true,
                );
            } else {
                msg.push_str(&format!(
                    "; not rewritten: InstantiationButton has no {}",
                    button_only.join(", ")
                ));
                d = Diagnostic::new(AL0161, path, mode.key_range, msg);
            }
            d.range = mode.value.content_range();
            out.push(d);
        }
        "FileUpload" => {
            let Some(req) = c.member("required") else {
                return;
            };
            if req.value.as_bool() == Some(false) {
                return;
            }
            let min = c.member("minNumberOfAttachments");
            if min.is_some_and(|m| m.value.as_f64().is_none_or(|n| n >= 1.0)) {
                return;
            }
            let mut d = Diagnostic::new(
                AL0162,
                path,
                req.key_range,
                format!("{label}: 'required' is not checked for a FileUpload (the frontend turns off its required-field validation; only minNumberOfAttachments makes an upload mandatory), so the field is marked required but can be left empty; set minNumberOfAttachments to 1"),
            );
            if let Some(m) = min.filter(|m| m.value.as_f64() == Some(0.0)) {
                d = d.with_rewrite(
                    "Set minNumberOfAttachments to 1",
                    vec![(m.value.range, "1".into())],
                    true,
                );
            }
            out.push(d);
        }
        "List" => {
            if let Some(ro) = c
                .member("readOnly")
                .filter(|m| m.value.as_bool() != Some(false))
            {
                let d = Diagnostic::new(
                    AL0163,
                    path,
                    ro.key_range,
                    format!("{label}: 'readOnly' does not make a List's rows read-only: the List lets the user pick a row whenever it has dataModelBindings to save to, and 'readOnly' only reaches its label and the Summary edit button; remove the bindings (or hide the List) for a list to only look at"),
                )
                .with_rewrite("Remove readOnly", vec![remove_member(members, ro)], false);
                out.push(d);
            }
        }
        _ => {}
    }
    if OPTION_TYPES.contains(&kind) {
        mapping(path, text, c, members, &label, out);
    }
    if kind == "List" {
        summary_binding(path, c, members, &label, out);
    }
}

/// AL0164: `mapping` → `queryParameters` with `["dataModel", path]` values.
fn mapping(
    path: &str,
    text: &str,
    c: &Json,
    members: &[Member],
    label: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(m) = c.member("mapping") else { return };
    let Some(entries) = m.value.as_object() else {
        return;
    };
    let qp = c.member("queryParameters");
    let mut converted = Vec::new();
    let mut problem = None;
    for e in entries {
        match e.value.as_str() {
            Some(param) if qp.and_then(|q| q.value.member(param)).is_some() => {
                problem = Some(format!(
                    "queryParameters already has '{param}': decide which one to keep"
                ));
            }
            Some(param) => {
                let field = strip_row_markers(&e.key);
                converted.push(format!(
                    "{}: [\"dataModel\", {}]",
                    json_str(param),
                    json_str(&field)
                ));
            }
            None => problem = Some(format!("'{}' maps to a value that is not a text", e.key)),
        }
    }
    let mut msg = format!("{label}: 'mapping' is deprecated; the app frontend of Altinn.App v9 still reads it, but Altinn's pending change (altinn-studio branch chore/remove-deprecated-properties) removes it, and its upgrade step writes each entry as a queryParameters entry [\"dataModel\", path]");
    let mut d;
    if let Some(p) = problem {
        msg.push_str(&format!("; not rewritten: {p}"));
        d = Diagnostic::new(AL0164, path, m.key_range, msg);
    } else {
        let edits = match qp {
            None => vec![(
                m.range(),
                format!("\"queryParameters\": {{ {} }}", converted.join(", ")),
            )],
            Some(q) => match insert_members(text, &q.value, &converted) {
                Some(ins) => vec![remove_member(members, m), ins],
                None => Vec::new(),
            },
        };
        d = Diagnostic::new(AL0164, path, m.key_range, msg);
        if !edits.is_empty() {
            d = d.with_rewrite("Convert mapping to queryParameters", edits, true);
        }
    }
    out.push(d);
}

/// AL0165: `bindingToShowInSummary` (a path) → `summaryBinding` (the key bound to it).
fn summary_binding(
    path: &str,
    c: &Json,
    members: &[Member],
    label: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(m) = c.member("bindingToShowInSummary") else {
        return;
    };
    let Some(field) = m.value.as_str() else {
        return;
    };
    let key = c
        .get("dataModelBindings")
        .and_then(|b| b.as_object())
        .unwrap_or(&[])
        .iter()
        .find(|b| {
            b.value
                .as_str()
                .or_else(|| b.value.get_str("field"))
                .is_some_and(|f| f == field)
        })
        .map(|b| b.key.clone());
    let mut msg = format!("{label}: 'bindingToShowInSummary' is deprecated (use 'summaryBinding', which names a dataModelBindings key); the app frontend of Altinn.App v9 still reads it, but Altinn's pending change (altinn-studio branch chore/remove-deprecated-properties) removes it");
    let mut d;
    match (key, c.member("summaryBinding")) {
        (_, Some(_)) => {
            msg.push_str("; summaryBinding is already set, so it is unused");
            d = Diagnostic::new(AL0165, path, m.key_range, msg).with_rewrite(
                "Remove bindingToShowInSummary",
                vec![remove_member(members, m)],
                true,
            );
        }
        (Some(k), None) => {
            d = Diagnostic::new(AL0165, path, m.key_range, msg).with_rewrite(
                format!("Replace with \"summaryBinding\": \"{k}\""),
                vec![(m.range(), format!("\"summaryBinding\": {}", json_str(&k)))],
                true,
            );
        }
        (None, None) => {
            msg.push_str(&format!(
                "; not rewritten: no dataModelBindings key is bound to '{field}'"
            ));
            d = Diagnostic::new(AL0165, path, m.key_range, msg);
        }
    }
    d.range = m.key_range;
    out.push(d);
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// `a[{0}].b` → `a.b`: expressions resolve the row themselves.
fn strip_row_markers(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(i) = rest.find("[{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find("}]") {
            Some(j) if j > 0 && after[..j].bytes().all(|b| b.is_ascii_digit()) => {
                rest = &after[j + 2..];
            }
            _ => {
                out.push_str("[{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The edit that removes `m` from `members` with the comma that joins it to a neighbour.
pub(crate) fn remove_member(members: &[Member], m: &Member) -> (TextRange, String) {
    let i = members
        .iter()
        .position(|x| x.key_range == m.key_range)
        .unwrap_or(0);
    let r = m.range();
    let range = if let Some(next) = members.get(i + 1) {
        TextRange::new(r.start, next.key_range.start)
    } else if i > 0 {
        TextRange::new(members[i - 1].range().end, r.end)
    } else {
        r
    };
    (range, String::new())
}

/// The edit that adds `"key": value` pairs (already JSON) at the end of an object.
pub(crate) fn insert_members(
    text: &str,
    obj: &Json,
    pairs: &[String],
) -> Option<(TextRange, String)> {
    let members = obj.as_object()?;
    if text.as_bytes().get(obj.range.end.checked_sub(1)? as usize) != Some(&b'}') {
        return None;
    }
    match members.last() {
        Some(last) => Some((
            TextRange::empty(last.range().end),
            pairs.iter().map(|p| format!(", {p}")).collect(),
        )),
        None => Some((
            TextRange::new(obj.range.start + 1, obj.range.end - 1),
            format!(" {} ", pairs.join(", ")),
        )),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn row_markers_are_dropped() {
        assert_eq!(super::strip_row_markers("a[{0}].b[{12}].c"), "a.b.c");
        assert_eq!(super::strip_row_markers("a[{x}].b"), "a[{x}].b");
        assert_eq!(super::strip_row_markers("plain"), "plain");
    }
}
