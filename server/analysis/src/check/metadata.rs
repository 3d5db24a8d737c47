//! AL0650-AL0699: `applicationmetadata.json` data types against the data models and the process.

use super::codes::declare_codes;
use super::Ctx;
use crate::diagnostic::{Diagnostic, FixData, Severity};
use crate::model::util::did_you_mean;
use crate::model::FileKind;
use std::collections::HashMap;

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str = "The backend reads applicationmetadata.json ignoring the case of keys \
(app-lib-dotnet v8 AppMetadata.GetApplicationMetadata, PropertyNameCaseInsensitive; Newtonsoft in \
earlier versions) and serves it to the frontend with camelCase keys. A data type with \
appLogic.classRef is a form's data model: the frontend fetches its JSON schema from the \
backend's jsonschema endpoint by data type id, which reads models/<id>.schema.json. Frontend \
v4 and the next frontend stop with an error page when that fails (DataModelsProvider); v3 logs \
a missing schema as a warning and shows the form without schema validation \
(useCurrentDataModelSchemaQuery), so for v3 apps AL0651 is a warning. When the file is missing, \
bindings are still checked against models/<Class>.schema.json named after the classRef's \
class (Studio generates both from one model), as warnings. Data type ids are compared exactly \
(AppResourcesSI.GetClassRefForLogicDataType uses ordinal comparison), and taskId must name a \
task of process.bpmn. Altinn.App v9 (altinn-studio `src/App/backend`, main of 2026-08-22) no \
longer has `enablePdfCreation` on data types nor the top-level `eFormidling` block: its \
analyzers (Altinn.App.Analyzers, MetadataDeprecationUtils) report `enablePdfCreation: true` \
(ALTINNAPP0600) and a non-null `eFormidling` (ALTINNAPP0601) as build errors; PDFs come from a \
PDF service task and eFormidling from an eFormidling service task in the process, which \
`studioctl app upgrade v9` adds (PdfServiceTaskMigrator, EFormidlingServiceTaskMigrator). \
Without a declared backend 9 (an app inferred to be v9 from its UI folders) these are warnings. \
Counts (AL0656, AL0659): the backend's task validation (app-lib-dotnet v8 DefaultTaskValidator) \
reports too many data elements when a positive maxCount is exceeded and too few below minCount, \
so minCount > maxCount > 0 can never pass; a form's data model is read as one data element \
(DataModel and IInstanceDataAccessor.GetFormData take only data types with maxCount 1 and throw \
for others when a layout names it by dataType), and Studio writes maxCount 1 for it; a subform's \
data type is the exception. The id (AL0657): AppIdentifier throws unless the id has exactly one \
'/' with text on both sides; Studio names apps and orgs with lowercase letters, digits and '-' \
(a warning otherwise). classRef (AL0658): the backend loads the model type by the classRef's name \
(AppImplementationFactory / GetAppModelType) and fails without it; only classes the app's own \
C# files declare are seen, so a class from a referenced package makes this a warning. The \
title (AL0660): the app frontend names the app with the `appName` (or old `ServiceName`) text of \
the user's language, else `title[language]`, else `title.nb` (v4 core/texts useAppName). A data \
task's form (AL0661): the backend creates a data element when the process enters a task for each \
data type with that taskId and appLogic.autoCreate; the frontend's DataModelsProvider (v4) stops \
with MissingDataElementException when the form's data type has no data element, and writes only \
data types of the current task (isDataTypeWritable). Code may create the element itself, so \
this is a warning.";

declare_codes! {
    AL0651 Error "Form data type (with classRef) without models/<id>.schema.json",
    AL0652 Error "Data type taskId is not a task in process.bpmn",
    AL0653 Error "Duplicate data type id",
    AL0654 Error "enablePdfCreation on a data type of an Altinn.App v9 app (no longer supported: a build error, and no PDF)",
    AL0656 Error "Data type with minCount greater than a positive maxCount (no instance can pass task validation)",
    AL0657 Error "applicationmetadata.json id not of the form org/app (a warning for letters other than lowercase a-z, digits and '-', or an org that differs from \"org\")",
    AL0658 Warning "appLogic.classRef names a class no C# file of the app declares",
    AL0659 Warning "The data type of a form (a layout set that is not a subform) has maxCount other than 1",
    AL0660 Warning "Application title missing for a language the app offers (and no appName text in it): users of that language see the Norwegian title",
    AL0661 Warning "The form data type of a data task is not created at that task (no taskId, another task's id, or autoCreate off): the form finds no data element or cannot write it",
    AL0655 Error "Top-level eFormidling block in applicationmetadata.json of an Altinn.App v9 app (no longer supported: a build error)",
}

pub fn check(ctx: &mut Ctx<'_>) {
    if ctx.file.kind != FileKind::AppMetadata {
        return;
    }
    let path = ctx.path().to_string();
    let model = ctx.model;
    v9_removed(ctx);
    shape(ctx);
    title(ctx);
    form_data_created(ctx);
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, dt) in model.data_types.iter().enumerate() {
        if let Some(&j) = first.get(dt.id.as_str()) {
            ctx.report(
                Diagnostic::new(
                    AL0653,
                    &path,
                    dt.range,
                    format!(
                        "Data type id '{}' is already used by another data type (ids must be unique); rename or remove this one",
                        dt.id
                    ),
                )
                .with_related(&path, model.data_types[j].range, "first data type with this id"),
            );
            continue;
        }
        first.insert(dt.id.as_str(), i);

        if dt.class_ref.is_some() && !model.data_models.contains_key(&dt.id) {
            let schema = format!("models/{}.schema.json", dt.id);
            // Not a parsed model: maybe the file exists but is broken; then the syntax error says it.
            if ctx.db.file(&schema).is_none() {
                let other = model
                    .data_models
                    .keys()
                    .find(|k| k.eq_ignore_ascii_case(&dt.id))
                    .map(|k| format!(" (models/{k}.schema.json differs in case; the name must match exactly)"))
                    .unwrap_or_default();
                let fallback = model
                    .fallback_model(&dt.id)
                    .map(|dm| {
                        format!(
                            "; until then, bindings are checked against {}, named after the classRef's class",
                            dm.file
                        )
                    })
                    .unwrap_or_default();
                let mut d = Diagnostic::new(
                    AL0651,
                    &path,
                    dt.range,
                    format!(
                        "Data type '{}' has appLogic.classRef but there is no {schema}{other}; the app loads the data model's JSON schema by data type id{fallback}",
                        dt.id
                    ),
                );
                // Only fatal when a form shows it; a model used only by C# code is a warning.
                let used_by_set = model
                    .sets
                    .iter()
                    .any(|s| s.data_type.as_deref() == Some(dt.id.as_str()));
                if !used_by_set {
                    d = d.with_severity(Severity::Warning);
                } else if model.versions.frontend.major == crate::model::FrontendMajor::V3 {
                    // v3 logs a missing schema (404) as a warning and runs the form without
                    // schema validation (useCurrentDataModelSchemaQuery); v4 shows an error page.
                    d.soften("app frontend v3, which this app runs, shows the form without it and loses only the schema's validation");
                }
                ctx.report(d);
            }
        }

        if let (Some((task, r)), Some(process)) = (&dt.task_id, &model.process) {
            if process.task(task).is_none() {
                let suggestion = did_you_mean(task, process.tasks().map(|t| t.id.as_str()));
                let mut d = Diagnostic::new(
                    AL0652,
                    &path,
                    *r,
                    format!(
                        "taskId '{task}' of data type '{}' is not a task in process.bpmn{}",
                        dt.id,
                        suggestion
                            .map(|s| format!("; did you mean '{s}'?"))
                            .unwrap_or_default()
                    ),
                );
                if let Some(s) = suggestion {
                    d = d.with_fix(FixData::Replace(s.to_string()));
                }
                if let Some(t) = process.tasks().next() {
                    d = d.with_related(
                        &process.file,
                        t.range,
                        "tasks are declared in process.bpmn",
                    );
                }
                ctx.report(d);
            }
        }
    }
}

/// AL0654, AL0655: configuration Altinn.App v9 removed (its analyzers fail the build on it).
fn v9_removed(ctx: &mut Ctx<'_>) {
    if !super::upgrade::is_v9(ctx.model) {
        return;
    }
    let declared = ctx.model.versions.backend_major().is_some_and(|m| m >= 9);
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let path = ctx.path();
    let mut out = Vec::new();
    for dt in root
        .get_ignore_case("dataTypes")
        .and_then(|d| d.as_array())
        .unwrap_or(&[])
    {
        let Some(m) = dt.member_ignore_case("enablePdfCreation") else {
            continue;
        };
        if m.value.as_bool() != Some(true) {
            continue;
        }
        let id = dt.get_str("id").unwrap_or("?");
        out.push(Diagnostic::new(
            AL0654,
            path,
            m.key_range,
            format!("Data type '{id}': 'enablePdfCreation' is not supported by Altinn.App v9 (its analyzer fails the build, ALTINNAPP0600, and no PDF is made): add a PDF service task to the process instead (`studioctl app upgrade v9` does it)"),
        ));
    }
    if let Some(m) = root
        .member_ignore_case("eFormidling")
        .filter(|m| !m.value.is_null())
    {
        out.push(Diagnostic::new(
            AL0655,
            path,
            m.key_range,
            "The top-level 'eFormidling' block is not supported by Altinn.App v9 (its analyzer fails the build, ALTINNAPP0601): configure eFormidling on an eFormidling service task in the process (`studioctl app upgrade v9` moves it)",
        ));
    }
    for mut d in out {
        if !declared {
            d.soften("the app looks like Altinn.App v9 but its project file does not say so");
        }
        ctx.report(d);
    }
}

/// AL0656-AL0659: the shape of the metadata: counts, the app id, classRef classes.
fn shape(ctx: &mut Ctx<'_>) {
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let path = ctx.path();
    let model = ctx.model;
    let mut out = Vec::new();
    // The app id.
    if let Some(m) = root.member_ignore_case("id") {
        if let Some(id) = m.value.as_str() {
            let parts: Vec<&str> = id.split('/').collect();
            let r = m.value.content_range();
            if parts.len() != 2 || parts.iter().any(|p| p.is_empty()) {
                out.push(Diagnostic::new(AL0657, path, r, format!("The app id '{id}' must be '<org>/<app>' with exactly one '/' (the backend's AppIdentifier throws otherwise)")));
            } else {
                let bad = |p: &str| {
                    !p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                };
                if parts.iter().any(|p| bad(p)) {
                    out.push(Diagnostic::new(AL0657, path, r, format!("The app id '{id}' has letters other than lowercase a-z, digits and '-', which Altinn Studio uses for org and app names; the app's URLs and its repository are named after it")).with_severity(Severity::Warning));
                }
                if let Some(org) = root.get_ignore_case("org").and_then(|o| o.as_str()) {
                    if org != parts[0] {
                        out.push(
                            Diagnostic::new(
                                AL0657,
                                path,
                                r,
                                format!(
                                    "The app id '{id}' names org '{}', but \"org\" is '{org}'",
                                    parts[0]
                                ),
                            )
                            .with_severity(Severity::Warning),
                        );
                    }
                }
            }
        }
    }
    let dts = root
        .get_ignore_case("dataTypes")
        .and_then(|d| d.as_array())
        .unwrap_or(&[]);
    let (_, cs_all_read) = model.csharp.files_read();
    // Sets shown by a Subform component, and the stateless start page's set: their data
    // types are not one-per-instance forms.
    let mut subform_sets: Vec<&str> = Vec::new();
    for set in &model.sets {
        for c in set.components.iter().filter(|c| c.ty == "Subform") {
            let json = ctx
                .db
                .file(&c.file)
                .and_then(|f| f.json())
                .and_then(|d| d.root.as_ref());
            if let Some(ls) = super::components::layout_array(json)
                .get(c.index)
                .and_then(|j| j.get_str("layoutSet"))
            {
                subform_sets.push(ls);
            }
        }
    }
    let stateless = model.on_entry_show.as_ref().map(|(s, _)| s.as_str());
    let has_model_cs = ctx
        .db
        .paths()
        .any(|p| p.starts_with("models/") && p.ends_with(".cs"));
    for dt in dts {
        let id = dt.get_str("id").unwrap_or("?");
        let count = |k: &str| {
            dt.member_ignore_case(k)
                .and_then(|m| Some((m.value.as_f64()?, m)))
        };
        let (max, min) = (count("maxCount"), count("minCount"));
        if let (Some((mx, _)), Some((mn, mm))) = (max, min) {
            if mx > 0.0 && mn > mx {
                out.push(Diagnostic::new(AL0656, path, mm.key_range, format!("Data type '{id}' has minCount {mn} but maxCount {mx}: task validation reports too few data elements below minCount and too many above maxCount, so no instance can pass")));
            }
        }
        let uses = |s: &&crate::model::SetInfo| s.data_type.as_deref() == Some(id);
        let form_set = model.sets.iter().filter(uses).any(|s| {
            !s.subform && !subform_sets.contains(&s.id.as_str()) && stateless != Some(s.id.as_str())
        });
        let subform_set = model
            .sets
            .iter()
            .filter(uses)
            .any(|s| s.subform || subform_sets.contains(&s.id.as_str()));
        if let Some((mx, mm)) = max {
            if form_set
                && !subform_set
                && mx != 1.0
                && dt.pointer_ignore_case(&["appLogic", "classRef"]).is_some()
            {
                out.push(Diagnostic::new(AL0659, path, mm.key_range, format!("Data type '{id}' is the data model of a form but has maxCount {mx}: the backend reads form data as one data element per data type (only data types with maxCount 1 can be named by a layout's dataType binding), and Studio writes maxCount 1; use 1 (a subform's data type is the exception)")));
            }
        }
        // classRef: the class must exist in the app's C# (when its model classes are there).
        if let Some(cr) = dt.pointer_ignore_case(&["appLogic", "classRef"]) {
            if let Some(class_ref) = cr.as_str().filter(|_| has_model_cs && cs_all_read) {
                let simple = class_ref.rsplit('.').next().unwrap_or(class_ref);
                if !simple.is_empty() && model.csharp.class(simple).is_none() {
                    out.push(Diagnostic::new(AL0658, path, cr.content_range(), format!("appLogic.classRef '{class_ref}' of data type '{id}' names class '{simple}', which no C# file of the app declares (renamed or regenerated model?); the backend cannot load the form's data without it, unless a referenced package declares it")));
                }
            }
        }
    }
    for d in out {
        ctx.report(d);
    }
}

/// AL0660: a language the app offers (a resource file) with neither a title nor an appName text.
fn title(ctx: &mut Ctx<'_>) {
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let Some(t) = root.member_ignore_case("title") else {
        return;
    };
    let Some(title) = t.value.as_object() else {
        return;
    };
    let mut missing = Vec::new();
    for tf in ctx.model.texts.values() {
        let has_title = title
            .iter()
            .any(|m| m.key == tf.lang && m.value.as_str().is_some_and(|v| !v.trim().is_empty()));
        let has_name = tf.keys.contains_key("appName") || tf.keys.contains_key("ServiceName");
        if !has_title && !has_name {
            missing.push(tf.lang.as_str());
        }
    }
    if missing.is_empty() {
        return;
    }
    let d = Diagnostic::new(
        AL0660,
        ctx.path(),
        t.key_range,
        format!(
            "The app offers language{} {} but its title has no text for {} and there is no appName text in {}: users who pick {} see the title in Norwegian ('nb'); add {}",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            if missing.len() > 1 { "them" } else { "it" },
            if missing.len() > 1 { "those languages" } else { "that language" },
            if missing.len() > 1 { "them" } else { "it" },
            missing.iter().map(|l| format!("\"{l}\"")).collect::<Vec<_>>().join(", ")
        ),
    );
    ctx.report(d);
}

/// AL0661: the form of a data task uses a data type that is not created at that task.
fn form_data_created(ctx: &mut Ctx<'_>) {
    let model = ctx.model;
    let Some(process) = &model.process else {
        return;
    };
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let dts = root
        .get_ignore_case("dataTypes")
        .and_then(|d| d.as_array())
        .unwrap_or(&[]);
    let stateless = model.on_entry_show.as_ref().map(|(s, _)| s.as_str());
    let ui_folders = model.generation == Some(crate::model::Generation::UiFolders);
    let mut out = Vec::new();
    for set in model
        .sets
        .iter()
        .filter(|s| !s.subform && Some(s.id.as_str()) != stateless)
    {
        let Some(dt_id) = set.data_type.as_deref() else {
            continue;
        };
        let Some(dt) = dts.iter().find(|d| d.get_str("id") == Some(dt_id)) else {
            continue;
        };
        let tasks: Vec<&str> = if ui_folders {
            vec![set.folder.as_str()]
        } else {
            set.tasks.iter().map(|(t, _)| t.as_str()).collect()
        };
        let task_id = dt.get_ignore_case("taskId").and_then(|t| t.as_str());
        let auto = dt
            .pointer_ignore_case(&["appLogic", "autoCreate"])
            .and_then(|a| a.as_bool())
            .unwrap_or(false);
        for task in tasks {
            let Some(t) = process.task(task) else {
                continue;
            };
            if t.task_type.as_deref() != Some("data") {
                continue;
            }
            let why = match task_id {
                None => "it has no taskId, so no data element of it is created".to_string(),
                // An earlier task's data shown again (read-only) is a pattern, not a mistake.
                Some(other) if other != task && reaches(ctx, other, task) => continue,
                Some(other) if other != task => format!(
                    "its taskId is '{other}', which the process does not pass before '{task}', so its data element does not exist there yet"
                ),
                Some(_) if !auto => "its appLogic.autoCreate is not true, so no data element of it is created when the task starts".to_string(),
                Some(_) => continue,
            };
            let at = dt
                .member_ignore_case("taskId")
                .map(|m| m.key_range)
                .or_else(|| dt.member_ignore_case("id").map(|m| m.value.content_range()))
                .unwrap_or(dt.range);
            let mut d = Diagnostic::new(
                AL0661,
                ctx.path(),
                at,
                format!("Data type '{dt_id}' is the form of data task '{task}' ({} '{}'), but {why}; unless the app's code creates it, set \"taskId\": \"{task}\" and \"autoCreate\": true", if ui_folders { "UI folder" } else { "layout set" }, set.id),
            );
            if let Some((f, r)) = &set.data_type_range {
                d = d.with_related(f, *r, format!("the form data type of '{}'", set.id));
            }
            out.push(d);
        }
    }
    for d in out {
        ctx.report(d);
    }
}

/// Whether the process's sequence flows lead from task `from` to task `to`.
fn reaches(ctx: &Ctx<'_>, from: &str, to: &str) -> bool {
    let Some(process) = &ctx.model.process else {
        return false;
    };
    let Some(root) = ctx
        .db
        .file(&process.file)
        .and_then(|f| f.xml())
        .and_then(|x| x.root.as_ref())
    else {
        return false;
    };
    let mut next: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in root.descendants() {
        if e.local_name() == "sequenceFlow" {
            if let (Some(s), Some(t)) = (e.attr_value("sourceRef"), e.attr_value("targetRef")) {
                next.entry(s).or_default().push(t);
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![from];
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n) {
            stack.extend(next.get(n).into_iter().flatten().copied());
        }
    }
    false
}
