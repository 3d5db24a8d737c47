//! AL0600-AL0649: layout sets and UI folders against the process and the data types.
//!
//! Classic apps list their sets in `ui/layout-sets.json`; ui-folders apps name each folder
//! after its process task (FORMATS.md §0). Both must agree with `process.bpmn` and
//! `applicationmetadata.json`.

use super::bpmn::SPECIAL_TASK_IDS;
use super::codes::declare_codes;
use super::Ctx;
use crate::diagnostic::{Code, Diagnostic, FixData};
use crate::model::util::did_you_mean;
use crate::model::{FileKind, Generation};
use crate::syntax::{Json, TextRange};
use std::collections::{BTreeSet, HashMap};

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str =
    "Stateless entry (AL0609, AL0611): a stateless app names its entry form in \
applicationmetadata.json onEntry.show. In layout-sets apps app-frontend-react v4 \
(appMetadataUtils) picks the layout set whose id equals it; in ui-folders apps the v9 backend \
(HomeController, GetStatelessDataType) and the next frontend (stateless-index route) use it \
as a UI folder id, and AppResourcesSI.GetUiConfiguration reads every folder under ui/ that \
has a Settings.json, whatever its name. So the onEntry.show folder needs no task of that \
name; other folders are shown only for the task named like them or as subforms.";

declare_codes! {
    AL0601 Error "Layout set task is not a task in process.bpmn",
    AL0602 Error "Task claimed by two layout sets",
    AL0603 Error "Layout set data type is not a data type in applicationmetadata.json",
    AL0604 Error "Layout set data type has no appLogic.classRef (it is not a form data model)",
    AL0605 Error "Invalid layout set id (2-28 letters, digits, '_' or '-')",
    AL0606 Error "Duplicate layout set id (case-insensitive)",
    AL0607 Error "Layout set without a ui/<id>/ folder",
    AL0608 Warning "UI folder that is not a layout set in layout-sets.json",
    AL0609 Error "UI folder not named after a process task, not a subform and not the onEntry.show folder",
    AL0610 Error "Settings.json defaultDataType is not a data type in applicationmetadata.json",
    AL0611 Error "applicationmetadata onEntry.show is not new-instance, select-instance or a layout set",
    AL0612 Error "Subform layoutSet is not a subform layout set",
    AL0613 Warning "Layout set without tasks that is neither a subform nor the onEntry.show set",
}

pub fn check(ctx: &mut Ctx<'_>) {
    match &ctx.file.kind {
        FileKind::LayoutSets => check_layout_sets(ctx),
        FileKind::AppMetadata => check_on_entry(ctx),
        FileKind::LayoutSettings { folder } => {
            let folder = folder.clone();
            check_folder(ctx, &folder);
            check_default_data_type(ctx);
        }
        FileKind::Layout { folder, .. } => {
            let folder = folder.clone();
            if !folder.is_empty() {
                check_folder(ctx, &folder);
            }
            check_subform_refs(ctx);
        }
        _ => {}
    }
}

fn task_ids(ctx: &Ctx<'_>) -> Option<Vec<String>> {
    ctx.model
        .process
        .as_ref()
        .map(|p| p.tasks().map(|t| t.id.clone()).collect())
}

fn has_metadata(ctx: &Ctx<'_>) -> bool {
    ctx.db
        .file("config/applicationmetadata.json")
        .and_then(|f| f.json())
        .is_some_and(|d| d.root.is_some())
}

/// Checks a data type reference of a set (layout-sets `dataType` or Settings `defaultDataType`).
fn check_data_type_ref(ctx: &mut Ctx<'_>, key: &str, value: &Json, missing_code: Code) {
    let Some(dt) = value.as_str().filter(|s| !s.is_empty()) else {
        return;
    };
    let path = ctx.path().to_string();
    let r = value.content_range();
    match ctx.model.data_type(dt) {
        None => {
            let suggestion = did_you_mean(dt, ctx.model.data_types.iter().map(|d| d.id.as_str()));
            let forms = ctx.model.form_data_type_ids();
            let hint = match suggestion {
                Some(s) => format!("; did you mean '{s}'?"),
                None if !forms.is_empty() => {
                    format!("; data types with a data model: {}", forms.join(", "))
                }
                None => String::new(),
            };
            let mut d = Diagnostic::new(
                missing_code,
                &path,
                r,
                format!("{key} '{dt}' is not a data type in applicationmetadata.json{hint}"),
            );
            if let Some(s) = suggestion {
                d = d.with_fix(FixData::Replace(s.to_string()));
            }
            d = super::relate_data_types(ctx.db, d);
            ctx.report(d);
        }
        Some(info) if info.class_ref.is_none() => {
            let d = Diagnostic::new(
                AL0604,
                &path,
                r,
                format!(
                    "{key} '{dt}' is a data type without appLogic.classRef, so it has no data model for the form; use a data type with a classRef or add appLogic.classRef to '{dt}'"
                ),
            )
            .with_related("config/applicationmetadata.json", info.range, "the data type");
            ctx.report(d);
        }
        Some(_) => {}
    }
}

fn valid_set_id(id: &str) -> bool {
    (2..=28).contains(&id.chars().count())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn folder_exists(ctx: &Ctx<'_>, folder: &str) -> bool {
    let prefix = format!("ui/{folder}/");
    ctx.db.paths().any(|p| {
        p.strip_prefix(&prefix).is_some_and(|rest| {
            rest == "Settings.json" || rest.starts_with("layouts/") || rest.starts_with("Rule")
        })
    })
}

fn check_layout_sets(ctx: &mut Ctx<'_>) {
    let Some(doc) = ctx.file.json() else { return };
    let Some(sets) = doc
        .root
        .as_ref()
        .and_then(|r| r.get("sets"))
        .and_then(|s| s.as_array())
    else {
        return;
    };
    let path = ctx.path().to_string();
    let tasks = task_ids(ctx);
    let metadata = has_metadata(ctx);
    let process_file = ctx.model.process.as_ref().map(|p| p.file.clone());
    let mut seen_ids: HashMap<String, TextRange> = HashMap::new();
    let mut claimed: HashMap<String, (String, TextRange)> = HashMap::new();
    for s in sets {
        let id = s.get("id");
        let id_str = id.and_then(|i| i.as_str());
        if let (Some(id), Some(id_str)) = (id, id_str) {
            let r = id.content_range();
            if !valid_set_id(id_str) {
                ctx.report(Diagnostic::new(
                    AL0605,
                    &path,
                    r,
                    format!(
                        "Layout set id '{id_str}' is invalid: use 2 to 28 characters, only letters, digits, '_' and '-'"
                    ),
                ));
            }
            let lower = id_str.to_lowercase();
            if let Some(prev) = seen_ids.get(&lower) {
                ctx.report(
                    Diagnostic::new(
                        AL0606,
                        &path,
                        r,
                        format!(
                            "Layout set id '{id_str}' is already used (set ids must be unique, ignoring case); rename this set"
                        ),
                    )
                    .with_related(&path, *prev, "first set with this id"),
                );
            } else {
                seen_ids.insert(lower, r);
                if !folder_exists(ctx, id_str) {
                    ctx.report(Diagnostic::new(
                        AL0607,
                        &path,
                        r,
                        format!(
                            "Layout set '{id_str}' has no folder: create ui/{id_str}/Settings.json and ui/{id_str}/layouts/ (the folder name must equal the set id)"
                        ),
                    ));
                }
            }
        }
        let set_name = id_str.unwrap_or("?").to_string();
        if let Some(dt) = s.get("dataType") {
            if metadata {
                check_data_type_ref(ctx, "dataType", dt, AL0603);
            }
        }
        let list = s.get("tasks").and_then(|t| t.as_array()).unwrap_or(&[]);
        let shown_on_entry = ctx
            .model
            .on_entry_show
            .as_ref()
            .is_some_and(|(show, _)| Some(show.as_str()) == id_str);
        if list.is_empty() && s.get_str("type") != Some("subform") && !shown_on_entry {
            if let Some(id) = id {
                let subform_ref = subform_refs(ctx)
                    .into_iter()
                    .find(|(t, _, _)| Some(t.as_str()) == id_str);
                let mut d = Diagnostic::new(
                    AL0613,
                    &path,
                    id.content_range(),
                    format!(
                        "Layout set '{set_name}' has no tasks, is not a subform (\"type\": \"subform\") and is not applicationmetadata onEntry.show, so it is never shown; add the task id(s) it belongs to"
                    ),
                );
                if let Some((_, f, r)) = subform_ref {
                    d = d.with_related(&f, r, "used by a Subform component");
                }
                ctx.report(d);
            }
        }
        for t in list {
            let Some(task) = t.as_str() else { continue };
            let r = t.content_range();
            if let Some(tasks) = &tasks {
                if !tasks.iter().any(|x| x == task) && !SPECIAL_TASK_IDS.contains(&task) {
                    let suggestion = did_you_mean(task, tasks.iter().map(String::as_str));
                    let hint = match suggestion {
                        Some(s) => format!("; did you mean '{s}'?"),
                        None if !tasks.is_empty() => {
                            format!("; tasks in the process: {}", tasks.join(", "))
                        }
                        None => String::new(),
                    };
                    let mut d = Diagnostic::new(
                        AL0601,
                        &path,
                        r,
                        match ctx
                            .model
                            .process
                            .as_ref()
                            .and_then(|p| p.elements.iter().find(|e| e.id == task))
                        {
                            Some(e) => format!(
                                "'{task}' of layout set '{set_name}' is a bpmn:{} in process.bpmn, not a task{hint}",
                                e.element
                            ),
                            None => format!(
                                "Task '{task}' of layout set '{set_name}' does not exist in process.bpmn{hint}"
                            ),
                        },
                    );
                    if let Some(s) = suggestion {
                        d = d.with_fix(FixData::Replace(s.to_string()));
                    }
                    if let (Some(pf), Some(first)) = (
                        &process_file,
                        ctx.model.process.as_ref().and_then(|p| p.tasks().next()),
                    ) {
                        d = d.with_related(pf, first.range, "tasks are declared in process.bpmn");
                    }
                    ctx.report(d);
                }
            }
            match claimed.get(task) {
                Some((other, prev)) => {
                    ctx.report(
                        Diagnostic::new(
                            AL0602,
                            &path,
                            r,
                            format!(
                                "Task '{task}' is already shown by layout set '{other}'; a task can have only one layout set (remove it from one of them)"
                            ),
                        )
                        .with_related(&path, *prev, format!("claimed by '{other}' here")),
                    );
                }
                None => {
                    claimed.insert(task.to_string(), (set_name.clone(), r));
                }
            }
        }
    }
}

fn check_on_entry(ctx: &mut Ctx<'_>) {
    let Some((show, r)) = ctx.model.on_entry_show.clone() else {
        return;
    };
    if show == "new-instance" || show == "select-instance" || ctx.model.set_by_id(&show).is_some() {
        return;
    }
    let mut candidates: Vec<&str> = vec!["new-instance", "select-instance"];
    candidates.extend(ctx.model.sets.iter().map(|s| s.id.as_str()));
    let suggestion = did_you_mean(&show, candidates.iter().copied());
    let what = match ctx.model.generation {
        Some(Generation::UiFolders) => "a UI folder",
        _ => "a layout set id",
    };
    let mut d = Diagnostic::new(
        AL0611,
        ctx.path(),
        r,
        format!(
            "onEntry.show '{show}' must be 'new-instance', 'select-instance' or {what}{}",
            suggestion
                .map(|s| format!("; did you mean '{s}'?"))
                .unwrap_or_default()
        ),
    );
    if let Some(s) = suggestion {
        d = d.with_fix(FixData::Replace(s.to_string()));
    }
    if let Some(decl) = ctx
        .db
        .file("ui/layout-sets.json")
        .and_then(|f| f.json())
        .and_then(|d| d.root.as_ref())
        .and_then(|r| r.member("sets"))
    {
        d = d.with_related("ui/layout-sets.json", decl.key_range, "the layout sets");
    }
    ctx.report(d);
}

/// Folders used as subforms by a Subform component anywhere in the app: (layoutSet value, file, range).
fn subform_refs(ctx: &Ctx<'_>) -> Vec<(String, String, TextRange)> {
    let mut out = Vec::new();
    for set in &ctx.model.sets {
        for c in set.components.iter().filter(|c| c.ty == "Subform") {
            let Some(v) = ctx
                .db
                .file(&c.file)
                .and_then(|f| f.json())
                .and_then(|d| d.root.as_ref())
                .and_then(|r| r.pointer(&["data", "layout"]))
                .and_then(|l| l.as_array())
                .and_then(|l| l.get(c.index))
                .and_then(|comp| comp.get("layoutSet"))
            else {
                continue;
            };
            if let Some(s) = v.as_str() {
                out.push((s.to_string(), c.file.clone(), v.content_range()));
            }
        }
    }
    out
}

/// The file that carries folder-level diagnostics: its Settings.json, else its first layout.
fn anchor_file(ctx: &Ctx<'_>, folder: &str) -> Option<String> {
    let settings = format!("ui/{folder}/Settings.json");
    if ctx.db.file(&settings).is_some() {
        return Some(settings);
    }
    let prefix = format!("ui/{folder}/layouts/");
    ctx.db
        .paths()
        .filter(|p| {
            p.strip_prefix(&prefix)
                .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".json"))
        })
        .min()
        .map(str::to_string)
}

/// Where to point at a whole file: its first key (or the start of the file).
fn file_anchor_range(ctx: &Ctx<'_>) -> TextRange {
    ctx.file
        .json()
        .and_then(|d| d.root.as_ref())
        .and_then(|r| r.as_object())
        .and_then(|m| {
            m.iter()
                .find(|m| m.key != "$schema")
                .or_else(|| m.first())
                .map(|m| m.key_range)
        })
        .unwrap_or(TextRange::new(0, 0))
}

fn check_folder(ctx: &mut Ctx<'_>, folder: &str) {
    if anchor_file(ctx, folder).as_deref() != Some(ctx.path()) {
        return;
    }
    let path = ctx.path().to_string();
    let range = file_anchor_range(ctx);
    match ctx.model.generation {
        Some(Generation::LayoutSets) => {
            if ctx.model.set_by_id(folder).is_some() {
                return;
            }
            let suggestion = did_you_mean(folder, ctx.model.sets.iter().map(|s| s.id.as_str()));
            let mut d = Diagnostic::new(
                AL0608,
                &path,
                range,
                format!(
                    "Folder ui/{folder}/ is not a layout set in ui/layout-sets.json, so its pages are never shown{}",
                    suggestion
                        .map(|s| format!(" (set '{s}' has a similar id)"))
                        .unwrap_or_else(|| format!("; add {{ \"id\": \"{folder}\", ... }} to sets or remove the folder"))
                ),
            );
            if let Some(sets) = ctx
                .db
                .file("ui/layout-sets.json")
                .and_then(|f| f.json())
                .and_then(|d| d.root.as_ref())
                .and_then(|r| r.member("sets"))
            {
                d = d.with_related("ui/layout-sets.json", sets.key_range, "the layout sets");
            }
            ctx.report(d);
        }
        Some(Generation::UiFolders) => {
            let Some(tasks) = task_ids(ctx) else { return };
            if tasks.iter().any(|t| t == folder) || SPECIAL_TASK_IDS.contains(&folder) {
                return;
            }
            // The stateless entry form: onEntry.show names any UI folder (AL0611 agrees).
            if ctx
                .model
                .on_entry_show
                .as_ref()
                .is_some_and(|(show, _)| show == folder)
            {
                return;
            }
            let subform_setting = ctx.model.set_by_folder(folder).is_some_and(|s| s.subform);
            if subform_setting || subform_refs(ctx).iter().any(|(s, _, _)| s == folder) {
                return;
            }
            let suggestion = did_you_mean(folder, tasks.iter().map(String::as_str));
            let mut d = Diagnostic::new(
                AL0609,
                &path,
                range,
                format!(
                    "Folder ui/{folder}/ is not named after a task in process.bpmn{}, is not a subform (set \"type\": \"subform\" in its Settings.json) and is not the stateless form of onEntry.show; UI folders must be named exactly like their task id",
                    suggestion.map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default()
                ),
            );
            if let Some(p) = &ctx.model.process {
                if let Some(t) = p.tasks().next() {
                    d = d.with_related(&p.file, t.range, "tasks are declared in process.bpmn");
                }
            }
            ctx.report(d);
        }
        _ => {}
    }
}

fn check_default_data_type(ctx: &mut Ctx<'_>) {
    if !has_metadata(ctx) {
        return;
    }
    let Some(v) = ctx
        .file
        .json()
        .and_then(|d| d.root.as_ref())
        .and_then(|r| r.get("defaultDataType"))
    else {
        return;
    };
    let v = v.clone();
    check_data_type_ref(ctx, "defaultDataType", &v, AL0610);
}

fn check_subform_refs(ctx: &mut Ctx<'_>) {
    let path = ctx.path().to_string();
    let has_subform = ctx
        .file
        .json()
        .and_then(|d| d.root.as_ref())
        .and_then(|r| r.pointer(&["data", "layout"]))
        .and_then(|l| l.as_array())
        .is_some_and(|l| {
            l.iter()
                .any(|c| crate::model::components::type_of(c) == "Subform")
        });
    if !has_subform {
        return;
    }
    let refs: Vec<(String, TextRange)> = subform_refs(ctx)
        .into_iter()
        .filter(|(_, f, _)| *f == path)
        .map(|(s, _, r)| (s, r))
        .collect();
    if refs.is_empty() {
        return;
    }
    let tasks: BTreeSet<String> = task_ids(ctx).unwrap_or_default().into_iter().collect();
    for (target, r) in refs {
        let set = ctx.model.set_by_id(&target);
        let problem = match (set, ctx.model.generation) {
            (None, _) => {
                let suggestion = did_you_mean(
                    &target,
                    ctx.model.sets.iter().filter(|s| s.subform).map(|s| s.id.as_str()),
                );
                let subforms: Vec<&str> = ctx
                    .model
                    .sets
                    .iter()
                    .filter(|s| s.subform)
                    .map(|s| s.id.as_str())
                    .collect();
                Some(format!(
                    "Subform layoutSet '{target}' is not a layout set{}",
                    match suggestion {
                        Some(s) => format!("; did you mean '{s}'?"),
                        None if !subforms.is_empty() =>
                            format!("; subform sets: {}", subforms.join(", ")),
                        None => "; create a layout set with \"type\": \"subform\"".into(),
                    }
                ))
            }
            (Some(s), Some(Generation::LayoutSets)) if !s.tasks.is_empty() => Some(format!(
                "Subform layoutSet '{target}' is the layout set of task '{}', not a subform set (a subform set has \"type\": \"subform\" and no tasks)",
                s.tasks[0].0
            )),
            (Some(s), Some(Generation::LayoutSets)) if !s.subform => Some(format!(
                "Subform layoutSet '{target}' is not a subform set; add \"type\": \"subform\" to set '{target}' in layout-sets.json"
            )),
            (Some(s), Some(Generation::UiFolders)) if tasks.contains(&s.id) && !s.subform => {
                Some(format!(
                    "Subform layoutSet '{target}' is the UI folder of task '{target}', not a subform folder"
                ))
            }
            _ => None,
        };
        if let Some(msg) = problem {
            let mut d = Diagnostic::new(AL0612, &path, r, msg);
            if let Some(s) = set {
                if let Some((f, dr)) = &s.decl {
                    d = d.with_related(f, *dr, "the layout set");
                }
            }
            ctx.report(d);
        }
    }
}
