//! AL08xx: code lists: `optionsId` vs `App/options/<id>.json` and C# providers, the option
//! lists themselves (duplicates, null and multi-select-unsafe values), `source.group`.

use super::codes::declare_codes;
use super::Ctx;
use crate::diagnostic::{Diagnostic, FixData, Severity};
use crate::model::util::did_you_mean;
use crate::model::{ComponentInfo, DeclKind, FileKind};
use crate::syntax::{Json, JsonKind, TextRange};
use std::collections::HashMap;

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str =
    "optionsId (and optionLabel's id, AL1015) names a code list the frontend fetches \
from the app's options endpoint. The backend's options factory (AppOptionsFactory, \
GetOptionsProvider; InstanceAppOptionsFactory for instance lists) takes the registered \
IAppOptionsProvider whose Id equals it ignoring case, else the default provider, which reads \
App/options/<id>.json (AppOptionsFileHandler, OptionsFolder 'options/'); the same holds in \
app-lib v8 and in v9 (altinn-studio src/App/backend). Providers are read from the app's C# with \
the C# grammar (model/csharp.rs): classes implementing the provider interfaces directly or \
through app base classes, with Id values that are literals, constants of any class, fields or \
constructor arguments (new P(\"x\"), : base(\"x\"), primary constructors), and the \
registration helpers that take the id as an argument (AddJoinedAppOptions, AddAltinn2CodeList, \
AddAltinn3CodeList, Altinn.Codelists' AddSSBClassificationCodelistProvider) or register fixed \
ids (Altinn.Codelists' AddAltinnCodelists = AddKartverketAdministrativeUnits: fylker-kv, \
kommuner-kv; AddSSBClassifications: kjønn, næringsgruppering, yrker, sivilstand, \
grunnbeløpfolketrygden, fylker, kommuner, land; AddPosten: poststed; altinn-studio \
src/App/codelists). dataListId (AL0806) is looked up the same way among IDataListProvider and \
IInstanceDataListProvider (DataListsFactory, InstanceDataListsFactory), which answer an empty \
list for an unknown id. When the app registers a list in C# whose id cannot be worked out \
statically, AL0801, AL0806 and AL1015 are hints that say so. \
Code list files reach the frontend through the backend: app-lib-dotnet v8 and later read \
them with AppOptionConverter (AppOptionsFileHandler.ReadOptionsFromFileAsync), which \
throws \"Missing required property 'label'\" for an option without a label (null or \
absent), failing the whole list (AL0804 error; v7 read it leniently), and passes a null or \
absent value on as null. app-frontend-react v4 (castOptionsToStrings) turns a null value \
into the text \"null\" and an absent inline value into \"\"; verifyAndDeduplicateOptions \
keeps null-valued options (logging \"Option has a null value\"), logs null labels, removes \
later options with a value seen before (AL0802) and logs empty or ','-containing values in \
Checkboxes/MultipleSelect, which store the chosen values joined by ',' (AL0803).";

declare_codes! {
    AL0801 Warning "optionsId without App/options/<id>.json or a C# options provider",
    AL0802 Warning "Duplicate option value",
    AL0803 Error "Empty option value or value with ',' in a list used by Checkboxes/MultipleSelect",
    AL0804 Error "Option without a label in a code list file (the backend refuses the list); a missing or null value, or a label missing inline, is a warning",
    AL0805 Error "source.group is not the group binding of a repeating group",
    AL0806 Warning "dataListId without a C# data list provider",
}

/// Components that store several selected values joined by ','.
const MULTI: &[&str] = &["Checkboxes", "MultipleSelect"];

pub fn check(ctx: &mut Ctx<'_>) {
    match &ctx.file.kind {
        FileKind::Layout { .. } => check_layout(ctx),
        FileKind::OptionList { id } => {
            let id = id.clone();
            check_option_file(ctx, &id);
        }
        _ => {}
    }
}

/// The JSON of a component in the model (from its file and index).
fn component_json<'a>(ctx: &Ctx<'a>, c: &ComponentInfo) -> Option<&'a Json> {
    ctx.db
        .file(&c.file)?
        .json()?
        .root
        .as_ref()?
        .pointer(&["data", "layout"])?
        .as_array()?
        .get(c.index)
}

fn value_key(v: &Json) -> Option<String> {
    match &v.kind {
        JsonKind::String(s) => Some(s.clone()),
        JsonKind::Number(n) => Some(n.to_string()),
        JsonKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Checks a list of options. `multi_user` names a Checkboxes/MultipleSelect component using it
/// (its file and id range), when there is one.
fn check_list(
    ctx: &mut Ctx<'_>,
    list: &[Json],
    multi_user: Option<(&str, &str, TextRange)>,
    what: &str,
) {
    let path = ctx.path().to_string();
    // Code list files reach the frontend through the backend's reader; inline options do not.
    let in_file = matches!(ctx.file.kind, FileKind::OptionList { .. });
    let mut seen: HashMap<String, TextRange> = HashMap::new();
    for opt in list {
        let Some(_) = opt.as_object() else { continue };
        for key in ["value", "label"] {
            let (range, null) = match opt.member(key) {
                None => (first_char(opt.range), false),
                Some(m) if m.value.is_null() => (m.value.range, true),
                _ => continue,
            };
            let has = if null {
                format!("a null {key}")
            } else {
                format!("no '{key}'")
            };
            let (msg, error) = match (key, in_file) {
                // app-lib v8+ AppOptionConverter: a label is required, the whole list fails.
                ("label", true) => (
                    format!("Option in {what} has {has}: the backend (v8 and later) refuses the whole code list (\"Missing required property 'label'\"), so the component gets no options; use a text resource key or a text"),
                    true,
                ),
                ("label", false) => (
                    format!("Option in {what} has {has}, so it is shown without a label (the frontend logs \"Option has a null label\"); use a text resource key or a text"),
                    false,
                ),
                // The backend passes a null or missing value on as null; castOptionsToStrings
                // turns null into "null" and a missing inline value into "".
                _ if null || in_file => (
                    format!("Option in {what} has {has}: the app frontend keeps it with the text \"null\" as its value (stored when it is chosen) and logs \"Option has a null value\"; use a string, number or boolean"),
                    false,
                ),
                _ => (
                    format!("Option in {what} has {has}: the app frontend keeps it with an empty value (\"\"), so choosing it stores nothing; give it a value"),
                    false,
                ),
            };
            let d = Diagnostic::new(AL0804, &path, range, msg);
            ctx.report(if error {
                d
            } else {
                d.with_severity(Severity::Warning)
            });
        }
        let Some(v) = opt.get("value") else { continue };
        let Some(k) = value_key(v) else { continue };
        let r = v.content_range();
        if let Some(prev) = seen.get(&k) {
            ctx.report(
                Diagnostic::new(
                    AL0802,
                    &path,
                    r,
                    format!(
                        "Option value '{k}' appears twice in {what}; the frontend removes the duplicate, so give each option a unique value"
                    ),
                )
                .with_related(&path, *prev, "first option with this value"),
            );
        } else {
            seen.insert(k.clone(), r);
        }
        if let Some((file, comp, cr)) = multi_user {
            let problem = if k.is_empty() {
                Some("an empty value")
            } else if k.contains(',') {
                Some("a value containing ','")
            } else {
                None
            };
            if let Some(p) = problem {
                // An empty string has an empty content range; point at its quotes instead.
                let at = if k.is_empty() { v.range } else { r };
                ctx.report(
                    Diagnostic::new(
                        AL0803,
                        &path,
                        at,
                        format!(
                            "Option in {what} has {p}, but it is used by multi-select component '{comp}', which stores the selected values joined by ','; use a non-empty value without ','"
                        ),
                    )
                    .with_related(file, cr, format!("used by '{comp}'")),
                );
            }
        }
    }
}

/// The first character of a value (an object's `{`), a narrow place to point at.
fn first_char(r: TextRange) -> TextRange {
    TextRange::new(r.start, (r.start + 1).min(r.end))
}

fn check_option_file(ctx: &mut Ctx<'_>, id: &str) {
    let Some(list) = ctx
        .file
        .json()
        .and_then(|d| d.root.as_ref())
        .and_then(|r| r.as_array())
    else {
        return;
    };
    // The first multi-select component that uses this list.
    let mut user: Option<(String, String, TextRange)> = None;
    'sets: for set in &ctx.model.sets {
        for c in set
            .components
            .iter()
            .filter(|c| MULTI.contains(&c.ty.as_str()))
        {
            if component_json(ctx, c).and_then(|j| j.get_str("optionsId")) == Some(id) {
                user = Some((c.file.clone(), c.id.clone(), c.id_range));
                break 'sets;
            }
        }
    }
    check_list(
        ctx,
        list,
        user.as_ref().map(|(f, c, r)| (f.as_str(), c.as_str(), *r)),
        &format!("code list '{id}'"),
    );
}

fn check_layout(ctx: &mut Ctx<'_>) {
    let Some(layout) = ctx
        .file
        .json()
        .and_then(|d| d.root.as_ref())
        .and_then(|r| r.pointer(&["data", "layout"]))
        .and_then(|l| l.as_array())
    else {
        return;
    };
    let path = ctx.path().to_string();
    let set = ctx.model.set_of_file(&ctx.file.kind);
    for comp in layout {
        let ty = crate::model::components::type_of(comp);
        let cid = comp.get_str("id").unwrap_or("?");
        let id_range = comp
            .get("id")
            .map(|i| i.content_range())
            .unwrap_or(comp.range);
        if let Some(oid) = comp.get("optionsId") {
            if let Some(s) = oid.as_str() {
                let csharp = &ctx.model.csharp;
                let known = ctx.model.option_files.contains(s) || csharp.has(DeclKind::CodeList, s);
                // `lib**<org>**<id>**<version>`: a code list from the organisation's library.
                if !known && !s.is_empty() && !s.starts_with("lib**") {
                    // An id written as a path (`options/x.json`, `../x`): the id is the file's
                    // name without folders and `.json`.
                    let base = s.rsplit(['/', '\\']).next().unwrap_or(s);
                    let base = base.strip_suffix(".json").unwrap_or(base);
                    let path_like = base != s;
                    let suggestion = if path_like && ctx.model.option_files.contains(base) {
                        Some(base)
                    } else {
                        did_you_mean(
                            base,
                            ctx.model
                                .option_files
                                .iter()
                                .map(String::as_str)
                                .chain(csharp.ids(DeclKind::CodeList).map(|(id, _)| id)),
                        )
                    };
                    let mut d = Diagnostic::new(
                        AL0801,
                        &path,
                        oid.content_range(),
                        format!(
                            "No code list '{s}' in App/options or among the app's C# code list providers{}{}",
                            match csharp.unresolved(DeclKind::CodeList) {
                                Some(u) => format!(
                                    "; the app also registers code lists in C# that altinn-ls cannot resolve ({}), so it may be one of those",
                                    u.what
                                ),
                                None => String::new(),
                            },
                            match (suggestion, path_like) {
                                (Some(x), true) => format!(
                                    "; optionsId is the code list's id (its file name in App/options without '.json'), not a path: did you mean '{x}'?"
                                ),
                                (Some(x), false) => format!("; did you mean '{x}'?"),
                                (None, true) => format!(
                                    "; optionsId is the code list's id (its file name in App/options without '.json'), not a path: create App/options/{base}.json and use '{base}'"
                                ),
                                (None, false) => format!(
                                    "; create App/options/{s}.json or an IAppOptionsProvider with Id \"{s}\""
                                ),
                            }
                        ),
                    );
                    if let Some(x) = suggestion {
                        d = d.with_fix(FixData::Replace(x.to_string()));
                    }
                    if let Some(u) = csharp.unresolved(DeclKind::CodeList) {
                        d = d.with_severity(Severity::Hint).with_related(
                            &u.file,
                            u.range,
                            "code list registered in C# with an id altinn-ls cannot resolve",
                        );
                    }
                    ctx.report(d);
                }
            }
        }
        if let Some(dl) = comp.get("dataListId") {
            if let Some(s) = dl.as_str() {
                check_data_list_id(ctx, &path, s, dl.content_range());
            }
        }
        if let Some(list) = comp.get("options").and_then(|o| o.as_array()) {
            let multi = MULTI
                .contains(&ty)
                .then_some((path.as_str(), cid, id_range));
            let multi = multi.map(|(f, c, r)| (f.to_string(), c.to_string(), r));
            check_list(
                ctx,
                list,
                multi.as_ref().map(|(f, c, r)| (f.as_str(), c.as_str(), *r)),
                &format!("the options of '{cid}'"),
            );
        }
        if let Some(group) = comp.pointer(&["source", "group"]) {
            let Some(g) = group.as_str() else { continue };
            let Some(set) = set else { continue };
            let mut groups: Vec<(String, &ComponentInfo)> = Vec::new();
            for c in set
                .components
                .iter()
                .filter(|c| c.ty == "RepeatingGroup" || c.ty == "Group")
            {
                let Some(b) =
                    component_json(ctx, c).and_then(|j| j.pointer(&["dataModelBindings", "group"]))
                else {
                    continue;
                };
                let field = b
                    .as_str()
                    .or_else(|| b.get_str("field"))
                    .unwrap_or("")
                    .to_string();
                groups.push((field, c));
            }
            if groups.iter().any(|(f, _)| f == g) {
                continue;
            }
            // Not bound by a repeating group; still fine when the data model has a list there.
            let dm = set
                .data_type
                .as_deref()
                .and_then(|dt| ctx.model.data_model(dt));
            let Some(dm) = dm else { continue };
            if dm.resolve(g).is_ok_and(|r| r.field.is_array()) {
                continue;
            }
            let suggestion = did_you_mean(g, groups.iter().map(|(f, _)| f.as_str()));
            let mut d = Diagnostic::new(
                AL0805,
                &path,
                group.content_range(),
                format!(
                    "source.group '{g}' of '{cid}' is not the group binding of a repeating group in this layout set, nor a list in data model '{}'{}",
                    dm.name,
                    match suggestion {
                        Some(s) => format!("; did you mean '{s}'?"),
                        None if !groups.is_empty() => format!(
                            "; repeating group bindings: {}",
                            groups.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                        None => String::new(),
                    }
                ),
            );
            if let Some(s) = suggestion {
                d = d.with_fix(FixData::Replace(s.to_string()));
            }
            ctx.report(d);
        }
    }
}

/// `dataListId`: the backend's `DataListsFactory` (and `InstanceDataListsFactory`) looks the id
/// up among the app's `IDataListProvider`s ignoring case and answers an empty list without one.
fn check_data_list_id(ctx: &mut Ctx<'_>, path: &str, id: &str, range: TextRange) {
    let csharp = &ctx.model.csharp;
    if id.is_empty() || csharp.has(DeclKind::DataList, id) {
        return;
    }
    let suggestion = did_you_mean(id, csharp.ids(DeclKind::DataList).map(|(k, _)| k));
    let mut d = Diagnostic::new(
        AL0806,
        path,
        range,
        format!(
            "No data list '{id}' among the app's C# data list providers (IDataListProvider/IInstanceDataListProvider with Id \"{id}\"); unless a package the app references registers one, the backend answers an empty list{}{}",
            match csharp.unresolved(DeclKind::DataList) {
                Some(u) => format!(
                    "; the app also registers data lists in C# that altinn-ls cannot resolve ({}), so it may be one of those",
                    u.what
                ),
                None => String::new(),
            },
            match suggestion {
                Some(x) => format!("; did you mean '{x}'?"),
                None => String::new(),
            }
        ),
    );
    if let Some(x) = suggestion {
        d = d.with_fix(FixData::Replace(x.to_string()));
    }
    if let Some(u) = csharp.unresolved(DeclKind::DataList) {
        d = d.with_severity(Severity::Hint).with_related(
            &u.file,
            u.range,
            "data list registered in C# with an id altinn-ls cannot resolve",
        );
    }
    ctx.report(d);
}
