//! AL02xx: component ids (pattern, uniqueness within the layout set) and references between
//! components (children, Tabs, Cards, Grid cells, Summary `componentRef`, Summary2 `target`),
//! including children claimed by two containers.

use super::codes::declare_codes;
use super::Ctx;
use crate::diagnostic::{Diagnostic, FixData, Severity};
use crate::model::util::did_you_mean;
use crate::model::{child_refs, AppModel, ComponentInfo, FileKind, Generation, SetInfo};
use crate::syntax::{Json, TextRange};

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str = "Duplicate ids (AL0202, AL0203): app-frontend-react v4 (since v4.10, LayoutsContext, \
removeDuplicateComponentIds) and the next frontend bundled with v9 walk the pages in the order \
the layouts arrive and, within a page, the components in `data.layout` order; the first \
occurrence of an id is kept, every later one is removed with a console error. Within a page \
the first one therefore survives (a warning at it, an error at the dropped ones). Across pages \
the order is the backend's (app-lib-dotnet v8 AppResourcesSI.GetLayoutsForSet, v9 \
GetLayoutsInFolder: Directory.GetFiles, which promises no order), not pages.order, so every \
occurrence on another page is an error. Frontend v3 removes nothing: both copies render and \
lookups by id (LayoutPages.findById) find the one on the current page first, then the first \
page that has it, so across pages only references from elsewhere are at risk (a warning). Messages name the app's frontend (model::versions). Id pattern (AL0201): Altinn \
Studio's editor accepts letters, digits and '-', and v4 derives a repeating-group row's base id \
from a '-<digits>' suffix (splitDashedKey, used by validations, attachments and Tabs); frontend \
v3 uses that suffix only for FileUpload rows (repGroupDeleteRowSaga, utils/attachment) and \
finds every other component by its exact id, so for v3 apps AL0201 is a warning. Settings that \
only adjust how other components show (AL0207: Summary2 `overrides[].componentId`, Summary \
`excludedChildren`, RepeatingGroup `tableHeaders` and the keys of `tableColumns`) are looked up \
by id when those components render (v4 and next: the override and column lookups by base id, \
excludedChildren matched by id or base id); an id that matches nothing is ignored without a \
message, typically after a rename, so it is a warning. A container's children must be on its own \
page (AL0208): v4 and the next frontend build the component tree per page (makeLayoutLookups, \
canClaimChild) and refuse a child from another page with a console error, leaving it a top-level \
component of its own page.";

declare_codes! {
    AL0201 Error "Component id does not match the allowed pattern (letters, digits and '-'; not ending in '-' and a few digits)",
    AL0202 Error "Component id is used twice on the same page (reported at every occurrence; the first one, which the frontend keeps, as a warning)",
    AL0203 Error "Component id is also used on another page of the layout set (reported at every occurrence; a warning for frontend v3, which drops nothing)",
    AL0204 Error "Reference to a component that does not exist in the layout set (children, Tabs, Cards, Grid, Summary, Summary2)",
    AL0205 Error "Component is claimed as a child by more than one container",
    AL0206 Error "Summary2 target names a page or task that does not exist",
    AL0207 Warning "A setting names a component that does not exist, so it silently does nothing (Summary2 overrides, Summary excludedChildren, RepeatingGroup tableHeaders / tableColumns)",
    AL0208 Error "A container's child is a component on another page: the frontend does not place it in the container (it stays on its own page)",
}

/// The `data.layout` array of a parsed layout file.
pub(super) fn layout_array(root: Option<&Json>) -> &[Json] {
    root.and_then(|r| r.pointer(&["data", "layout"]))
        .and_then(|l| l.as_array())
        .unwrap_or(&[])
}

/// The set and page of a layout file.
pub(super) fn layout_set<'a>(ctx: &Ctx<'a>) -> Option<(&'a SetInfo, &'a str)> {
    match &ctx.file.kind {
        FileKind::Layout { page, .. } => Some((ctx.model.set_of_file(&ctx.file.kind)?, page)),
        _ => None,
    }
}

/// The layout set that renders a BPMN task (classic: `tasks`; ui-folders: the folder name).
pub(super) fn set_for_task<'a>(model: &'a AppModel, task: &str) -> Option<&'a SetInfo> {
    model.sets.iter().find(|s| {
        s.tasks.iter().any(|(t, _)| t == task)
            || (model.generation == Some(Generation::UiFolders) && s.folder == task)
    })
}

/// Why an id does not match `^[0-9a-zA-Z][0-9a-zA-Z-]*(-?[a-zA-Z]+|[a-zA-Z][0-9]+|-[0-9]{6,})$`,
/// or `None` when it does.
pub fn id_problem(id: &str) -> Option<String> {
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Some(format!(
            "it contains '{c}' (only the letters a-z and A-Z, digits and '-' are allowed)"
        ));
    }
    let b = id.as_bytes();
    if b.len() < 2 {
        return Some("it must have at least 2 characters".into());
    }
    if b[0] == b'-' {
        return Some("it may not start with '-'".into());
    }
    let last = b[b.len() - 1];
    if last == b'-' {
        return Some("it may not end with '-'".into());
    }
    if last.is_ascii_alphabetic() {
        return None;
    }
    // Ends with digits: look at what precedes the trailing run of digits.
    let k = b
        .iter()
        .rposition(|c| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let run = b.len() - k;
    if k >= 2 && b[k - 1].is_ascii_alphabetic() {
        return None;
    }
    if k >= 2 && b[k - 1] == b'-' && run >= 6 {
        return None;
    }
    if k >= 1 && b[k - 1] == b'-' {
        return Some(
            "it ends with '-' and digits, which the app frontend reserves for repeating-group rows"
                .into(),
        );
    }
    Some("an id that ends with digits needs a letter before them, after the first character".into())
}

/// A valid, unused id close to `id`: invalid characters become '-', a `-<digits>` ending loses
/// its '-'.
fn fixed_id(id: &str, set: &SetInfo) -> Option<String> {
    let mut s = String::new();
    for c in id.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '-' };
        if !(c == '-' && (s.is_empty() || s.ends_with('-'))) {
            s.push(c);
        }
    }
    let mut s = s.trim_end_matches('-').to_string();
    let k = s
        .bytes()
        .rposition(|c| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    if k > 0 && k < s.len() && s.as_bytes()[k - 1] == b'-' {
        s.remove(k - 1);
    }
    (s != id && id_problem(&s).is_none() && !set.by_id.contains_key(&s)).then_some(s)
}

/// An unused id for the second of two components with the same id.
fn free_id(id: &str, set: &SetInfo) -> String {
    let stem = id.trim_end_matches(|c: char| c.is_ascii_digit());
    if stem.len() >= 2 && stem.ends_with(|c: char| c.is_ascii_alphabetic()) {
        for n in 2..10_000 {
            let cand = format!("{stem}{n}");
            if !set.by_id.contains_key(&cand) && id_problem(&cand).is_none() {
                return cand;
            }
        }
    }
    for n in 1..10_000 {
        let cand = if n == 1 {
            format!("{id}-copy")
        } else {
            format!("{id}-copy{n}")
        };
        if !set.by_id.contains_key(&cand) && id_problem(&cand).is_none() {
            return cand;
        }
    }
    format!("{id}-copy")
}

pub fn check(ctx: &mut Ctx<'_>) {
    let Some((set, page)) = layout_set(ctx) else {
        return;
    };
    let Some(doc) = ctx.file.json() else { return };
    let items = layout_array(doc.root.as_ref());
    let base = set.page_ranges.get(page).map_or(0, |r| r.start);
    for (k, ci) in set.page_components(page).iter().enumerate() {
        let global = base + k;
        check_id(ctx, set, ci, global);
        if let Some(c) = items.get(ci.index) {
            check_children(ctx, set, ci, global, c);
            check_summary(ctx, set, ci, c);
            check_silent_refs(ctx, set, ci, c);
        }
    }
}

fn check_id(ctx: &mut Ctx<'_>, set: &SetInfo, ci: &ComponentInfo, global: usize) {
    let path = ctx.path();
    if let Some(why) = id_problem(&ci.id) {
        let mut d = Diagnostic::new(
            AL0201,
            path,
            ci.id_range,
            format!(
                "Component id '{}' is not valid: {why}. Use letters, digits and '-', ending in a letter (e.g. 'name-first') or a letter and digits (e.g. 'field2')",
                ci.id
            ),
        );
        if let Some(s) = fixed_id(&ci.id, set) {
            d.message.push_str(&format!("; did you mean '{s}'?"));
            d = d.with_fix(FixData::Replace(s));
        }
        // Frontend v3 looks components up by their exact id (the dash-number suffix is read
        // only for FileUpload rows in repeating groups): such an id works there, and Studio's
        // editor and an upgrade to v4 are what it breaks.
        if ctx.model.versions.frontend.major == crate::model::FrontendMajor::V3 {
            d.soften("app frontend v3, which this app runs, accepts it; Altinn Studio's editor and frontend v4 do not");
        }
        ctx.report(d);
    }
    check_duplicate(ctx, set, ci, global);
}

/// At most this many other occurrences are listed as related locations.
const MAX_RELATED: usize = 10;

/// Every occurrence of a duplicated id gets a diagnostic (so it shows in the file being typed
/// in), relating the others. What the app does: the v4 and next frontends keep the first
/// occurrence they read and drop the rest; within a page that is the first in `data.layout`,
/// across pages it depends on the order the backend lists the layout files (directory order,
/// not the page order), so no copy on another page is safe.
fn check_duplicate(ctx: &mut Ctx<'_>, set: &SetInfo, ci: &ComponentInfo, global: usize) {
    let Some(all) = set.by_id.get(&ci.id).filter(|v| v.len() > 1) else {
        return;
    };
    let Some(pos) = all.iter().position(|&i| i == global) else {
        return;
    };
    let others: Vec<&ComponentInfo> = all
        .iter()
        .filter(|&&i| i != global)
        .filter_map(|&i| set.components.get(i))
        .collect();
    let mut pages: Vec<&str> = others
        .iter()
        .filter(|c| c.page != ci.page)
        .map(|c| c.page.as_str())
        .collect();
    pages.dedup();
    let suggestion = free_id(&ci.id, set);
    let id = &ci.id;
    let frontend = ctx.model.versions.frontend.major;
    let v3 = frontend == crate::model::FrontendMajor::V3;
    let name = frontend.name();
    let mut d = if pages.is_empty() {
        // Only on this page: the first in the layout wins, the later ones are dropped (v4 and
        // next) or never found by id (v3).
        let first = pos == 0;
        let what = match (first, v3) {
            (true, false) => format!(
                "Component id '{id}' is used again later on page '{}' (ids must be unique within the layout set): {name} keeps this one and drops the later one{}; rename the other, or this one, e.g. to '{suggestion}'",
                ci.page,
                if others.len() > 1 { "s" } else { "" }
            ),
            (true, true) => format!(
                "Component id '{id}' is used again later on page '{}' (ids must be unique within the layout set): {name} renders every copy but finds components by id, and finds this one; rename the other, or this one, e.g. to '{suggestion}'",
                ci.page
            ),
            (false, false) => format!(
                "Component id '{id}' is used {} times on page '{}' (ids must be unique within the layout set): {name} keeps the first one and drops this one; rename it, e.g. to '{suggestion}'",
                all.len(),
                ci.page
            ),
            (false, true) => format!(
                "Component id '{id}' is used {} times on page '{}' (ids must be unique within the layout set): {name} renders this one but finds components by id (dynamics, validation, summaries) and finds the first one, never this one; rename it, e.g. to '{suggestion}'",
                all.len(),
                ci.page
            ),
        };
        let d = Diagnostic::new(AL0202, ctx.path(), ci.id_range, what);
        if first {
            d.with_severity(Severity::Warning)
        } else {
            d
        }
    } else {
        let how = if v3 {
            format!("{name} renders every copy and finds each page's own copy first, but a Summary or rule on another page that names '{id}' gets only one of them")
        } else {
            format!("{name} keeps the copy it reads first and drops the others, reading the pages in the order the backend lists the layout files (not the page order), so any of them may be the one dropped")
        };
        let d = Diagnostic::new(
            AL0203,
            ctx.path(),
            ci.id_range,
            format!(
                "Component id '{id}' is also used on page{} '{}' (ids must be unique within the layout set): {how}; rename one, e.g. to '{suggestion}'",
                if pages.len() > 1 { "s" } else { "" },
                pages.join("', '")
            ),
        );
        // v3 removes nothing: the copies work on their own pages.
        if v3 {
            d.with_severity(Severity::Warning)
        } else {
            d
        }
    };
    for o in others.iter().take(MAX_RELATED) {
        let msg = if o.page == ci.page {
            format!("'{id}' is also used here")
        } else {
            format!("'{id}' is also used here (page '{}')", o.page)
        };
        d = d.with_related(&o.file, o.id_range, msg);
    }
    ctx.report(d.with_fix(FixData::DuplicateId { suggestion }));
}

fn unknown_component(
    path: &str,
    set: &SetInfo,
    id: &str,
    range: crate::syntax::TextRange,
    what: String,
) -> Diagnostic {
    let mut msg = format!(
        "Component '{id}' ({what}) does not exist in layout set '{}'",
        set.id
    );
    let sugg = set.component_id_suggestion(id).map(str::to_string);
    let mut d = match &sugg {
        Some(s) => {
            msg.push_str(&format!("; did you mean '{s}'?"));
            Diagnostic::new(AL0204, path, range, msg).with_fix(FixData::Replace(s.clone()))
        }
        None => {
            msg.push_str("; use the id of a component on one of its pages");
            Diagnostic::new(AL0204, path, range, msg)
        }
    };
    if let Some(s) = sugg.as_deref().and_then(|s| set.component(s)) {
        d = d.with_related(&s.file, s.id_range, format!("'{}' is defined here", s.id));
    }
    d
}

fn check_children(ctx: &mut Ctx<'_>, set: &SetInfo, ci: &ComponentInfo, global: usize, c: &Json) {
    let path = ctx.path();
    // Grid cells that show another component's label (a reference, not a claim).
    for key in ["rows", "rowsBefore", "rowsAfter"] {
        for row in c.get(key).and_then(|r| r.as_array()).unwrap_or(&[]) {
            for cell in row.get("cells").and_then(|r| r.as_array()).unwrap_or(&[]) {
                let Some(v) = cell.get("labelFrom") else {
                    continue;
                };
                if let Some(id) = v.as_str().filter(|id| !set.by_id.contains_key(*id)) {
                    let d = unknown_component(
                        path,
                        set,
                        id,
                        v.content_range(),
                        format!("the labelFrom of a cell in '{}'", ci.id),
                    );
                    ctx.report(d);
                }
            }
        }
    }
    for (child, range, _) in child_refs(c) {
        if !set.by_id.contains_key(child) {
            let d = unknown_component(path, set, child, range, format!("a child of '{}'", ci.id));
            ctx.report(d);
            continue;
        }
        if let Some(d) = child_on_other_page(ctx, set, ci, child, range) {
            ctx.report(d);
            continue;
        }
        let Some(list) = set.claims.get(child) else {
            continue;
        };
        let Some(pos) = list.iter().position(|&r| {
            set.child_refs
                .get(r)
                .is_some_and(|x| x.parent == global && x.range == range)
        }) else {
            continue;
        };
        if pos == 0 {
            continue;
        }
        let first = &set.child_refs[list[0]];
        let Some(owner) = set.components.get(first.parent) else {
            continue;
        };
        let msg = if first.parent == global {
            format!(
                "Component '{child}' is listed twice in the children of '{}'; remove this entry",
                ci.id
            )
        } else {
            format!(
                "Component '{child}' is already claimed by '{}' (page '{}'); a component can be the child of only one container: remove it here or there",
                owner.id, owner.page
            )
        };
        ctx.report(Diagnostic::new(AL0205, path, range, msg).with_related(
            &owner.file,
            first.range,
            format!("'{child}' is first claimed by '{}' here", owner.id),
        ));
    }
}

/// AL0208: v4 and the next frontend (makeLayoutLookups, canClaimChild) only let a container
/// claim children declared on its own page; another page's component is refused with a console
/// error and rendered on its own page instead. Frontend v3 builds its hierarchy differently: not
/// judged.
fn child_on_other_page(
    ctx: &Ctx<'_>,
    set: &SetInfo,
    parent: &ComponentInfo,
    child: &str,
    range: TextRange,
) -> Option<Diagnostic> {
    if ctx.model.versions.frontend.major == crate::model::FrontendMajor::V3 {
        return None;
    }
    let copies: Vec<&ComponentInfo> = set
        .by_id
        .get(child)?
        .iter()
        .filter_map(|&i| set.components.get(i))
        .collect();
    if copies.iter().any(|c| c.page == parent.page) {
        return None;
    }
    let c = copies.first()?;
    let d = Diagnostic::new(
        AL0208,
        ctx.path(),
        range,
        format!(
            "'{child}' is a child of '{}' (page '{}') but is declared on page '{}': {} only places children from the container's own page, so '{child}' is shown on page '{}' outside '{}'; move it to page '{}'",
            parent.id,
            parent.page,
            c.page,
            ctx.model.versions.frontend.major.name(),
            c.page,
            parent.id,
            parent.page
        ),
    )
    .with_related(&c.file, c.id_range, format!("'{child}' is declared here"));
    Some(d)
}

/// AL0207: ids in settings that only adjust other components; a wrong one does nothing.
fn check_silent_refs(ctx: &mut Ctx<'_>, set: &SetInfo, ci: &ComponentInfo, c: &Json) {
    let mut refs: Vec<(&str, TextRange, bool, String)> = Vec::new();
    let mut in_set = set;
    match ci.ty.as_str() {
        "Summary2" => {
            // Overrides name components of the target's layout set.
            if let Some(task) = c.pointer(&["target", "taskId"]).and_then(|t| t.as_str()) {
                if !task.is_empty() {
                    match set_for_task(ctx.model, task) {
                        Some(s) => in_set = s,
                        None => return, // AL0206 says the task is wrong
                    }
                }
            }
            for o in c.get("overrides").and_then(|o| o.as_array()).unwrap_or(&[]) {
                if let Some(v) = o.get("componentId") {
                    if let Some(id) = v.as_str() {
                        refs.push((
                            id,
                            v.content_range(),
                            false,
                            format!("an override of Summary2 '{}'", ci.id),
                        ));
                    }
                }
            }
        }
        "Summary" => {
            for v in c
                .get("excludedChildren")
                .and_then(|o| o.as_array())
                .unwrap_or(&[])
            {
                if let Some(id) = v.as_str() {
                    // `child-0` names one row's copy of `child`.
                    let base = id.trim_end_matches(|ch: char| ch.is_ascii_digit() || ch == '-');
                    if !set.by_id.contains_key(id) && set.by_id.contains_key(base) {
                        continue;
                    }
                    refs.push((
                        id,
                        v.content_range(),
                        false,
                        format!("the excludedChildren of Summary '{}'", ci.id),
                    ));
                }
            }
        }
        "RepeatingGroup" | "Group" => {
            for v in c
                .get("tableHeaders")
                .and_then(|o| o.as_array())
                .unwrap_or(&[])
            {
                if let Some(id) = v.as_str() {
                    refs.push((
                        id,
                        v.content_range(),
                        false,
                        format!("the tableHeaders of '{}'", ci.id),
                    ));
                }
            }
            for m in c
                .get("tableColumns")
                .and_then(|o| o.as_object())
                .unwrap_or(&[])
            {
                refs.push((
                    m.key.as_str(),
                    m.key_range,
                    true,
                    format!("a tableColumns key of '{}'", ci.id),
                ));
            }
        }
        _ => return,
    }
    for (id, range, quoted, what) in refs {
        if in_set.by_id.contains_key(id) {
            continue;
        }
        let mut what = what;
        if let Some(f) = what.get(..1) {
            what = f.to_uppercase() + &what[1..];
        }
        let mut msg = format!("{what} names component '{id}', which does not exist in layout set '{}', so it does nothing", in_set.id);
        let mut d;
        match did_you_mean(id, in_set.components.iter().map(|c| c.id.as_str())) {
            Some(s) => {
                msg.push_str(&format!("; did you mean '{s}'?"));
                let text = if quoted {
                    format!("\"{s}\"")
                } else {
                    s.to_string()
                };
                d = Diagnostic::new(AL0207, ctx.path(), range, msg)
                    .with_fix(FixData::Replace(text));
                if let Some(t) = in_set.component(s) {
                    d = d.with_related(&t.file, t.id_range, format!("'{s}' is defined here"));
                }
            }
            None => {
                msg.push_str(" (renamed or removed?)");
                d = Diagnostic::new(AL0207, ctx.path(), range, msg);
            }
        }
        ctx.report(d);
    }
}

fn check_summary(ctx: &mut Ctx<'_>, set: &SetInfo, ci: &ComponentInfo, c: &Json) {
    let path = ctx.path();
    match ci.ty.as_str() {
        "Summary" => {
            if let Some(r) = c.get("componentRef") {
                if let Some(id) = r.as_str() {
                    if !set.by_id.contains_key(id) {
                        let d = unknown_component(
                            path,
                            set,
                            id,
                            r.content_range(),
                            format!("the componentRef of Summary '{}'", ci.id),
                        );
                        ctx.report(d);
                    }
                }
            }
        }
        "Summary2" => check_summary2(ctx, set, ci, c),
        _ => {}
    }
}

fn check_summary2(ctx: &mut Ctx<'_>, set: &SetInfo, ci: &ComponentInfo, c: &Json) {
    let path = ctx.path();
    let Some(target) = c.get("target") else {
        return;
    };
    let mut target_set = set;
    if let Some(t) = target.get("taskId") {
        if let Some(task) = t.as_str().filter(|s| !s.is_empty()) {
            match set_for_task(ctx.model, task) {
                Some(s) => target_set = s,
                None => {
                    let tasks: Vec<&str> = ctx
                        .model
                        .sets
                        .iter()
                        .flat_map(|s| {
                            s.tasks.iter().map(|(t, _)| t.as_str()).chain(
                                (ctx.model.generation == Some(Generation::UiFolders))
                                    .then_some(s.folder.as_str()),
                            )
                        })
                        .collect();
                    let mut msg = format!(
                        "Summary2 '{}' targets task '{task}', but no layout set belongs to that task",
                        ci.id
                    );
                    let mut d;
                    if let Some(s) = did_you_mean(task, tasks.iter().copied()) {
                        msg.push_str(&format!("; did you mean '{s}'?"));
                        d = Diagnostic::new(AL0206, path, t.content_range(), msg)
                            .with_fix(FixData::Replace(s.to_string()));
                    } else {
                        msg.push_str(&format!(
                            " (tasks with a layout set: {})",
                            if tasks.is_empty() {
                                "none".to_string()
                            } else {
                                tasks.join(", ")
                            }
                        ));
                        d = Diagnostic::new(AL0206, path, t.content_range(), msg);
                    }
                    if let Some((f, r)) = &ctx.model.sets.first().and_then(|s| s.decl.clone()) {
                        d = d.with_related(f, *r, "layout sets are declared here");
                    }
                    ctx.report(d);
                    return;
                }
            }
        }
    }
    let Some(idv) = target.get("id") else { return };
    let Some(id) = idv.as_str() else { return };
    match target.get_str("type") {
        Some("page") if !target_set.pages.iter().any(|p| p == id) => {
            let mut msg = format!(
                "Summary2 '{}' targets page '{id}', which has no layout file in layout set '{}'",
                ci.id, target_set.id
            );
            let sugg = did_you_mean(id, target_set.pages.iter().map(String::as_str));
            let mut d;
            if let Some(s) = sugg {
                msg.push_str(&format!("; did you mean '{s}'?"));
                d = Diagnostic::new(AL0206, path, idv.content_range(), msg)
                    .with_fix(FixData::Replace(s.to_string()));
            } else {
                msg.push_str(&format!(" (pages: {})", target_set.pages.join(", ")));
                d = Diagnostic::new(AL0206, path, idv.content_range(), msg);
            }
            if let Some(f) = &target_set.settings_file {
                if let Some((_, r)) = target_set.order.first() {
                    d = d.with_related(f, *r, "the page order of the set");
                }
            }
            ctx.report(d);
        }
        Some("component") if !target_set.by_id.contains_key(id) => {
            let d = unknown_component(
                path,
                target_set,
                id,
                idv.content_range(),
                format!("the target of Summary2 '{}'", ci.id),
            );
            ctx.report(d);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::id_problem;

    #[test]
    fn id_pattern_matches_the_schema_regex() {
        for ok in [
            "ab",
            "name",
            "Name-First",
            "field2",
            "a-b",
            "x-abc",
            "input-123456",
            "1a",
            "ab12",
            "a-b1",
            "abc-1234567",
        ] {
            assert_eq!(id_problem(ok), None, "{ok}");
        }
        for bad in [
            "a", "", "-ab", "ab-", "a_b", "name-1", "a1", "12", "x-12345", "æøå", "a b", "1-2",
        ] {
            assert!(id_problem(bad).is_some(), "{bad}");
        }
    }
}
