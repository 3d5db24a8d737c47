//! Rewrites for frontend v3 forms kept in an app on frontend v4: attached to the findings the
//! layout rules already report (AL0106 `AddressComponent`, AL0121 a Group with maxCount > 1,
//! AL0109 a v3 property v4 ignores, AL0113 a Group's `body` text), as the quick fix and as
//! what `altinn-ls upgrade --to v4` applies. Each follows the step of `studioctl app upgrade
//! frontend-v4` that makes the same change (the layout family's GROUNDS name each step); what that step only warns about or
//! deletes (likert Groups, `edit.filter`, `panel.groupReference`) gets no rewrite and is listed.
//!
//! Runs after the other checks of a layout file, only for apps on frontend v4.

use super::codes::{AL0106, AL0109, AL0113, AL0121};
use super::upgrade::remove_member;
use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::model::components::type_of;
use crate::model::FrontendMajor;
use crate::syntax::{Json, Member, TextRange};

/// The form components of v3 (the mutators' list): `required` / `readOnly` mean something only there.
const FORM_TYPES: &[&str] = &[
    "Address",
    "Checkboxes",
    "Custom",
    "Datepicker",
    "Dropdown",
    "FileUpload",
    "FileUploadWithTag",
    "Grid",
    "Input",
    "Likert",
    "List",
    "Map",
    "MultipleSelect",
    "RadioButtons",
    "TextArea",
];

/// Attaches the v4 rewrites to the findings of this layout file.
pub fn attach(ctx: &mut Ctx<'_>) {
    if !matches!(ctx.file.kind, crate::model::FileKind::Layout { .. })
        || ctx.model.versions.frontend.major != FrontendMajor::V4
    {
        return;
    }
    let Some(doc) = ctx.file.json() else { return };
    let items = super::components::layout_array(doc.root.as_ref());
    let text = &*ctx.file.text;
    for d in ctx.out.iter_mut() {
        if !matches!(d.code, AL0106 | AL0109 | AL0113 | AL0121) || d.rewrite.is_some() {
            continue;
        }
        let Some(c) = items
            .iter()
            .find(|c| c.range.start <= d.range.start && d.range.end <= c.range.end)
        else {
            continue;
        };
        if let Some(why) = not_rewritten(d, c) {
            d.message.push_str(why);
        } else if let Some((title, edits)) = rewrite(d, c, text) {
            // The rewrite is the quick fix: no second action with the same edit.
            d.fix = None;
            d.rewrite = Some(Box::new(crate::diagnostic::Rewrite {
                title,
                edits,
                preferred: true,
            }));
        }
    }
}

type Rewrite = (String, Vec<(TextRange, String)>);

/// Why a v3 form the studioctl step restructures or deletes gets no rewrite here.
fn not_rewritten(d: &Diagnostic, c: &Json) -> Option<&'static str> {
    let edit = c.get("edit");
    match d.code {
        AL0121 if edit.and_then(|e| e.get_str("mode")) == Some("likert") => Some("; not rewritten: a likert Group becomes a Likert component that takes its child's bindings and texts (`studioctl app upgrade frontend-v4` does it)"),
        AL0121 if edit.and_then(|e| e.get("filter")).is_some() => Some("; not rewritten: its edit.filter must become a hiddenRow expression (`studioctl app upgrade frontend-v4` converts it and asks you to verify)"),
        AL0109 if c.get("panel").and_then(|p| p.get("groupReference")).is_some() && c.member("panel").is_some_and(|m| m.key_range == d.range) => Some("; not rewritten: frontend v4 has no panel that adds to another group (`studioctl app upgrade frontend-v4` deletes the component)"),
        _ => None,
    }
}

fn rewrite(d: &Diagnostic, c: &Json, text: &str) -> Option<Rewrite> {
    let members = c.as_object()?;
    let ty = c.member("type")?;
    let kind = type_of(c);
    match d.code {
        AL0106
            if ty.value.content_range() == d.range
                && ty.value.as_str() == Some("AddressComponent") =>
        {
            Some((
                "Rename the type to 'Address' (frontend v4)".into(),
                vec![(d.range, "Address".into())],
            ))
        }
        AL0121 if ty.value.content_range() == d.range => repeating_group(c, ty),
        AL0113 => {
            let trb = c.get("textResourceBindings")?;
            let body = trb.member("body").filter(|m| m.key_range == d.range)?;
            if trb.member("description").is_some() || !matches!(kind, "Group" | "RepeatingGroup") {
                return None;
            }
            Some((
                "Rename the text 'body' to 'description' (frontend v4)".into(),
                vec![(body.key_range, "\"description\"".into())],
            ))
        }
        AL0109 => {
            let m = members.iter().find(|m| m.key_range == d.range)?;
            property(c, members, m, kind, text)
        }
        _ => None,
    }
}

/// A Group with maxCount > 1 as a RepeatingGroup, unless it is a likert Group or filters rows.
fn repeating_group(c: &Json, ty: &Member) -> Option<Rewrite> {
    let edit = c.get("edit");
    if edit.and_then(|e| e.get_str("mode")) == Some("likert")
        || edit.and_then(|e| e.get("filter")).is_some()
    {
        return None;
    }
    Some((
        "Make it a RepeatingGroup (frontend v4)".into(),
        vec![(ty.value.content_range(), "RepeatingGroup".into())],
    ))
}

/// A v3 property frontend v4 ignores: removed, or replaced by its v4 form.
fn property(c: &Json, members: &[Member], m: &Member, kind: &str, text: &str) -> Option<Rewrite> {
    let remove = |what: &str| {
        Some((
            format!("Remove '{what}' (frontend v4 ignores it)"),
            vec![remove_member(members, m)],
        ))
    };
    let replace = |title: String, with: String| Some((title, vec![(m.range(), with)]));
    let is_form = FORM_TYPES.contains(&kind);
    let triggers: Vec<&str> = m
        .value
        .as_array()
        .map(|a| a.iter().filter_map(Json::as_str).collect())
        .unwrap_or_default();
    match m.key.as_str() {
        "triggers" => {
            let page = if triggers.contains(&"validatePage") {
                Some("current")
            } else if triggers.contains(&"validateAllPages") {
                Some("all")
            } else if triggers.contains(&"validateCurrentAndPreviousPages") {
                Some("currentAndPrevious")
            } else {
                None
            };
            let on = match kind {
                "NavigationButtons" => Some("validateOnNext"),
                "NavigationBar" => Some("validateOnForward"),
                _ => None,
            };
            match (on, page) {
                (Some(on), Some(page)) if c.member(on).is_none() => replace(
                    format!("Replace triggers with {on} (frontend v4)"),
                    format!("\"{on}\": {{ \"page\": \"{page}\", \"show\": [\"All\"] }}"),
                ),
                (Some(_), Some(_)) => None,
                _ if kind == "RepeatingGroup"
                    && (triggers.contains(&"validation") || triggers.contains(&"validateRow")) =>
                {
                    if c.member("validateOnSaveRow").is_some() {
                        return None;
                    }
                    replace(
                        "Replace triggers with validateOnSaveRow (frontend v4)".into(),
                        "\"validateOnSaveRow\": [\"All\"]".into(),
                    )
                }
                _ => remove("triggers"),
            }
        }
        "componentType" | "textResourceId" | "customType" | "description" | "pageRef" => {
            remove(&m.key)
        }
        "required" | "readOnly" if !is_form => remove(&m.key),
        "size" if matches!(kind, "Paragraph" | "Panel") => remove("size"),
        "textResourceBindings" if kind == "NavigationBar" => remove("textResourceBindings"),
        "dataModelBindings" if !is_form && kind != "RepeatingGroup" => remove("dataModelBindings"),
        "includePDF" => {
            if m.value.as_bool() != Some(true) {
                return remove("includePDF");
            }
            let title = "Replace includePDF with the PDF's data type in dataTypeIds (frontend v4)"
                .to_string();
            match c.member("dataTypeIds") {
                None => replace(title, "\"dataTypeIds\": [\"ref-data-as-pdf\"]".into()),
                Some(ids) => {
                    let items = ids.value.as_array()?;
                    // `]` closes the array: append before it.
                    let end = ids.value.range.end.checked_sub(1)?;
                    if text.as_bytes().get(end as usize) != Some(&b']') {
                        return None;
                    }
                    let add = match items.last() {
                        Some(last) => (
                            TextRange::empty(last.range.end),
                            ", \"ref-data-as-pdf\"".to_string(),
                        ),
                        None => (
                            TextRange::new(ids.value.range.start + 1, end),
                            "\"ref-data-as-pdf\"".to_string(),
                        ),
                    };
                    Some((title, vec![remove_member(members, m), add]))
                }
            }
        }
        "panel" if kind == "Group" => {
            if m.value.get("groupReference").is_some() || c.member("groupingIndicator").is_some() {
                return None;
            }
            replace(
                "Replace panel with groupingIndicator \"panel\" (frontend v4)".into(),
                "\"groupingIndicator\": \"panel\"".into(),
            )
        }
        "showGroupingIndicator" if kind == "Group" => match m.value.as_bool() {
            Some(true) if c.member("groupingIndicator").is_none() => replace(
                "Replace showGroupingIndicator with groupingIndicator \"indented\" (frontend v4)"
                    .into(),
                "\"groupingIndicator\": \"indented\"".into(),
            ),
            Some(false) => remove("showGroupingIndicator"),
            _ => None,
        },
        _ => None,
    }
}
