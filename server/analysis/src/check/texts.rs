//! AL05xx: text resources: keys used by layouts, the footer and code lists must exist in every
//! required language; the text files themselves (`language`, unique ids, variables,
//! placeholders, keys missing in another required language).
//!
//! Which values are keys: a `textResourceBindings` value may be a key or literal text (the app
//! frontend shows the value itself when no text has that id). A value is treated as a key when
//! some language file has it, or when it looks like one: no whitespace, only ASCII letters,
//! digits and `.`, `_`, `-`, with a `.` or `_` (`page1.title`, `name_help`), or lowercase words
//! joined by `-` (`dato-short`). Literal texts (`Neste`, `Fornavn`, `Text-komponenten`) are not
//! keys, and the app frontend's own texts (`general.next`, `confirm.title`, …) need no entry.
//! A value in no language file is an error only when it is clearly a key (a `.` or `_`); a
//! hyphenated one may be literal text (`boolean-true`), shown as written: a warning.

use super::codes::declare_codes;
use super::components::{layout_array, layout_set};
use super::Ctx;
use crate::diagnostic::{Diagnostic, FixData, Severity};
use crate::model::util::did_you_mean;
use crate::model::{DataModel, FileKind};
use crate::syntax::{Json, JsonKind, TextRange};
use std::collections::HashMap;

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str =
    "Text keys (AL0501): app-frontend-react v4 (useLanguage, getTextResourceByKey) looks a value \
up in the current language's resources and shows the value itself when no text has that id. \
So a key missing in a required language shows the raw key (an error when some language has \
it, or when it is clearly a key: dotted or underscored); a value in no language file that may \
be literal text (`boolean-true`) is shown as written (a warning); texts of a component, \
container or page with `hidden: true` are never rendered (a warning). Duplicate ids (AL0504): \
v4 and the next frontend build the text map with resourcesAsMap, a reduce in which a later \
id overwrites an earlier one, so the last definition is shown; v3 (useLanguage, \
getTextResourceByKey with Array.find) and the backend's TranslationService (v8 and v9, \
List.Find, for the texts it translates itself) take the first. Text files (AL0511): the \
backend reads a language's texts only from `config/texts/resource.<language>.json` \
(AppResourcesSI.GetTexts builds that exact file name, v7, v8 and v9; the texts endpoint serves \
nothing else), so a file in that folder named otherwise (`text.en.json`, `en.texts.json`) is \
never read and none of its texts reach the app. Coverage (AL0510): the user \
picks any language the app has a resource file for (the frontend's language selector lists \
the backend's languages endpoint, one per `resource.<lang>.json`), and a key missing there shows \
as the raw key; by default every offered language is compared, `requiredLanguages` narrows it.";

declare_codes! {
    AL0501 Error "Text resource key not found in a required language file (the raw key is shown); a warning when the value is in no language file and may be literal text, or its component is hidden: true",
    AL0502 Error "Text file's `language` does not match its file name",
    AL0503 Warning "Text file's `language` is not a two-letter language code",
    AL0504 Error "Text resource id is defined more than once in one file (reported at every definition)",
    AL0505 Error "Text variable has an unknown dataSource",
    AL0506 Error "Text variable names a data type that is not a form data model",
    AL0507 Warning "Text variable key does not exist in the data model (the app frontend shows the key)",
    AL0508 Error "Text variable key is not an instanceContext property",
    AL0509 Warning "Placeholder {N} in a text has no matching variable",
    AL0510 Warning "Text resource exists in this language but not in another language the app offers (or, with requiredLanguages configured, another required language)",
    AL0511 Warning "File in config/texts that the app never reads (only resource.<lang>.json is read)",
}

/// Top-level namespaces of the app frontend's built-in texts: `general.next` works without an
/// entry in the app's resource files.
const BUILTIN_NAMESPACES: &[&str] = &[
    "accessibility",
    "actions",
    "address_component",
    "altinn",
    "card_component",
    "config_error",
    "confirm",
    "custom_actions",
    "date_picker",
    "dropdown_component",
    "feedback",
    "file_uploader",
    "form_filler",
    "general",
    "group",
    "helptext",
    "iframe_component",
    "image_upload_component",
    "input_components",
    "instance_selection",
    "instantiate",
    "language",
    "likert",
    "list_component",
    "map_component",
    "missing_row_id_error",
    "multiple_select_component",
    "navigation",
    "organisation_lookup",
    "party_selection",
    "payment",
    "pdfPreview",
    "pdf_generation",
    "person_lookup",
    "process_error",
    "receipt",
    "receipt_platform",
    "signee_list",
    "signing",
    "signing_document_list",
    "soft_validation",
    "subform",
    "terms",
    "time_picker",
    "validation",
    "validation_errors",
    "version_error",
];

const INSTANCE_CONTEXT_KEYS: &[&str] = &[
    "instanceId",
    "appId",
    "instanceOwnerPartyId",
    "instanceOwnerPartyType",
    "instanceOwnerName",
];

/// Whether a value looks like a text key rather than literal text (see the module docs).
pub fn looks_like_key(v: &str) -> bool {
    if v.is_empty() || v.len() > 200 {
        return false;
    }
    if !v
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        || !v.bytes().any(|b| b.is_ascii_alphabetic())
    {
        return false;
    }
    let edge = |b: u8| matches!(b, b'.' | b'_' | b'-');
    let bytes = v.as_bytes();
    if edge(bytes[0]) || edge(bytes[bytes.len() - 1]) || v.contains("..") {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    if lower.starts_with("www.")
        || [".no", ".com", ".org", ".net", ".io", ".html", ".pdf"]
            .iter()
            .any(|t| lower.ends_with(t))
    {
        return false;
    }
    v.contains('.')
        || v.contains('_')
        || (v.contains('-') && !v.bytes().any(|b| b.is_ascii_uppercase()))
}

/// Whether the app frontend has this key built in.
pub fn is_builtin_key(v: &str) -> bool {
    v.split_once('.')
        .is_some_and(|(ns, rest)| !rest.is_empty() && BUILTIN_NAMESPACES.contains(&ns))
}

pub fn check(ctx: &mut Ctx<'_>) {
    match &ctx.file.kind {
        FileKind::StrayTexts => stray_text_file(ctx),
        FileKind::Layout { .. } => check_layout(ctx),
        FileKind::Footer => {
            let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
                return;
            };
            for item in root.get("footer").and_then(|f| f.as_array()).unwrap_or(&[]) {
                if let Some(t) = item.get("title") {
                    key_use(ctx, t, "footer title");
                }
            }
        }
        FileKind::OptionList { .. } => {
            let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
                return;
            };
            for opt in root.as_array().unwrap_or(&[]) {
                for k in ["label", "description", "helpText"] {
                    if let Some(v) = opt.get(k) {
                        key_use(ctx, v, &format!("option {k}"));
                    }
                }
            }
        }
        FileKind::TextResource { lang } => check_text_file(ctx, lang),
        FileKind::LayoutSettings { .. } | FileKind::RootSettings | FileKind::LayoutSets => {
            check_settings(ctx)
        }
        _ => {}
    }
}

/// Page group names, task navigation names and `navigationTitle` in Settings.json (and in
/// layout-sets.json `uiSettings`).
fn check_settings(ctx: &mut Ctx<'_>) {
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let scopes: Vec<&Json> = [root.get("pages"), Some(root), root.get("uiSettings")]
        .into_iter()
        .flatten()
        .collect();
    for scope in scopes {
        for g in scope
            .get("groups")
            .and_then(|g| g.as_array())
            .unwrap_or(&[])
        {
            if let Some(v) = g.get("name") {
                key_use(ctx, v, "page group name");
            }
        }
        for t in scope
            .get("taskNavigation")
            .and_then(|g| g.as_array())
            .unwrap_or(&[])
        {
            if let Some(v) = t.get("name") {
                key_use(ctx, v, "taskNavigation name");
            }
        }
        if let Some(v) = scope.get("navigationTitle") {
            key_use(ctx, v, "navigationTitle");
        }
    }
}

fn check_layout(ctx: &mut Ctx<'_>) {
    let Some((set, page)) = layout_set(ctx) else {
        return;
    };
    let Some(doc) = ctx.file.json() else { return };
    let items = layout_array(doc.root.as_ref());
    let base = set.page_ranges.get(page).map_or(0, |r| r.start);
    let page_hidden = doc
        .root
        .as_ref()
        .and_then(|r| r.pointer(&["data", "hidden"]))
        .is_some_and(|h| h.kind == JsonKind::Bool(true));
    for (k, ci) in set.page_components(page).iter().enumerate() {
        let Some(c) = items.get(ci.index) else {
            continue;
        };
        // Whether the component is hidden is looked up only for a text that is missing: most
        // components' texts exist, and the walk up the containers is not free.
        let mut cached: Option<Option<String>> = None;
        let mut hidden = |c: &Ctx<'_>| {
            cached
                .get_or_insert_with(|| {
                    if page_hidden {
                        Some(format!("page '{page}'"))
                    } else {
                        hidden_by(c, set, base + k)
                    }
                })
                .clone()
        };
        if let Some(trb) = c.get("textResourceBindings").and_then(|t| t.as_object()) {
            for m in trb {
                key_use_in(
                    ctx,
                    &m.value,
                    &format!("textResourceBindings.{}", m.key),
                    &mut hidden,
                );
            }
        }
        for opt in c.get("options").and_then(|o| o.as_array()).unwrap_or(&[]) {
            if let Some(v) = opt.get("label") {
                key_use_in(ctx, v, "option label", &mut hidden);
            }
        }
        let rows = ["rows", "rowsBefore", "rowsAfter"]
            .into_iter()
            .filter_map(|k| c.get(k).and_then(|r| r.as_array()))
            .flatten();
        for row in rows {
            for cell in row.get("cells").and_then(|c| c.as_array()).unwrap_or(&[]) {
                if let Some(v) = cell.get("text") {
                    key_use_in(ctx, v, "Grid cell text", &mut hidden);
                }
            }
        }
    }
}

/// Why the component at `global` is never rendered: it, or a container that claims it (up the
/// chain), has `"hidden": true` (the literal, not an expression): "component '<id>'".
fn hidden_by(ctx: &Ctx<'_>, set: &crate::model::SetInfo, global: usize) -> Option<String> {
    let mut at = global;
    // Bounded: claims can form cycles in a broken app.
    for _ in 0..32 {
        let ci = set.components.get(at)?;
        let json = ctx
            .db
            .file(&ci.file)
            .and_then(|f| f.json())
            .and_then(|d| d.root.as_ref())
            .and_then(|r| r.pointer(&["data", "layout"]))
            .and_then(|l| l.as_array())
            .and_then(|l| l.get(ci.index));
        if json.and_then(|c| c.get("hidden")).map(|h| &h.kind) == Some(&JsonKind::Bool(true)) {
            return Some(format!("component '{}'", ci.id));
        }
        let claim = set.claims.get(&ci.id).and_then(|v| v.first())?;
        at = set.child_refs.get(*claim)?.parent;
    }
    None
}

/// Checks one place that names a text key (or holds literal text).
fn key_use(ctx: &mut Ctx<'_>, v: &Json, what: &str) {
    key_use_in(ctx, v, what, &mut |_| None);
}

/// A value that is a key beyond reasonable doubt when it is in no language file: dotted or
/// underscored (`page1.title`, `name_help`). Hyphenated lowercase words (`boolean-true`) are
/// just as often literal text.
fn strongly_key_like(v: &str) -> bool {
    looks_like_key(v) && (v.contains('.') || v.contains('_'))
}

/// [`key_use`] for the text of a component; `hidden`: the `hidden: true` page or component
/// (itself or a container) that keeps it from ever being rendered ("component 'x'").
fn key_use_in(
    ctx: &mut Ctx<'_>,
    v: &Json,
    what: &str,
    hidden: &mut dyn FnMut(&Ctx<'_>) -> Option<String>,
) {
    let Some(key) = v.as_str() else { return };
    let texts = &ctx.model.texts;
    if texts.is_empty() || is_builtin_key(key) {
        return;
    }
    let found_in: Vec<&str> = texts
        .values()
        .filter(|t| t.keys.contains_key(key))
        .map(|t| t.lang.as_str())
        .collect();
    if found_in.is_empty() && !looks_like_key(key) {
        return;
    }
    let required = ctx.db.config().required_languages();
    let missing: Vec<&crate::model::TextFile> = required
        .iter()
        .filter_map(|l| texts.get(l))
        .filter(|t| !t.keys.contains_key(key))
        .collect();
    let Some(first) = missing.first() else {
        return;
    };
    let file_name = |f: &str| f.rsplit('/').next().unwrap_or(f).to_string();
    let mut severity = Severity::Error;
    let mut msg = if found_in.is_empty() && !strongly_key_like(key) {
        // Maybe a key, maybe literal text: the frontend shows the value as written either way.
        severity = Severity::Warning;
        format!(
            "'{key}' ({what}) is not a text key in any language, so the app shows it as written; if it is meant as a key, add it to {}",
            file_name(&first.file)
        )
    } else {
        format!(
            "Text resource '{key}' ({what}) not found in {}",
            file_name(&first.file)
        )
    };
    if missing.len() > 1 {
        let others: Vec<String> = missing[1..].iter().map(|t| file_name(&t.file)).collect();
        msg.push_str(&format!(
            " (and {} other language{}: {})",
            others.len(),
            if others.len() == 1 { "" } else { "s" },
            others.join(", ")
        ));
    }
    if found_in.is_empty() {
        if severity == Severity::Error {
            msg.push_str("; the app shows the key itself. Add the text");
        }
        // A near miss among existing keys: a typo rather than a missing text.
        if let Some(s) = first.key_suggestion(key) {
            msg.push_str(&format!(", or did you mean '{s}'?"));
        }
    } else {
        msg.push_str(&format!(
            "; it exists in {}. Add it to the missing language file",
            found_in
                .iter()
                .map(|l| format!("resource.{l}.json"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(h) = hidden(ctx) {
        severity = Severity::Warning;
        msg.push_str(&format!(
            " ({h} has \"hidden\": true, so it is never rendered and nobody sees this text yet)"
        ));
    }
    let at = first
        .insert_at
        .map(TextRange::empty)
        .unwrap_or(TextRange::new(0, 0));
    let d = Diagnostic::new(AL0501, ctx.path(), v.content_range(), msg)
        .with_severity(severity)
        .with_related(
            &first.file,
            at,
            format!("texts of language '{}'", first.lang),
        )
        .with_fix(FixData::MissingTextKey(key.to_string()));
    ctx.report(d);
}

fn check_text_file(ctx: &mut Ctx<'_>, file_lang: &str) {
    let path = ctx.path();
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let mut out = Vec::new();
    if let Some(l) = root.get("language") {
        if let Some(lang) = l.as_str() {
            let two_letters = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase());
            let primary = lang.split(['-', '_']).next().unwrap_or(lang);
            if lang == file_lang || primary == file_lang {
                if !two_letters(lang) {
                    let sugg = primary.to_ascii_lowercase();
                    let mut d = Diagnostic::new(
                        AL0503,
                        path,
                        l.content_range(),
                        format!(
                            "Language '{lang}' should be a two-letter code ('{sugg}'); the schema requires ^[a-z]{{2}}$"
                        ),
                    );
                    if two_letters(&sugg) && sugg == file_lang {
                        d = d.with_fix(FixData::Replace(sugg));
                    }
                    out.push(d);
                }
            } else {
                out.push(
                    Diagnostic::new(
                        AL0502,
                        path,
                        l.content_range(),
                        format!(
                            "Language '{lang}' does not match the file name resource.{file_lang}.json; use '{file_lang}' (or rename the file)"
                        ),
                    )
                    .with_fix(FixData::Replace(file_lang.to_string())),
                );
            }
        }
    }
    // Coverage: every language the app offers (a resource file), unless the configuration
    // names the languages that must be complete.
    let configured = !ctx.db.config().required_languages.is_empty();
    let other_required: Vec<&crate::model::TextFile> = if configured {
        ctx.db
            .config()
            .required_languages()
            .iter()
            .filter(|l| l.as_str() != file_lang)
            .filter_map(|l| ctx.model.texts.get(l))
            .collect()
    } else {
        ctx.model
            .texts
            .values()
            .filter(|t| t.lang != file_lang)
            .collect()
    };
    let resources = root
        .get("resources")
        .and_then(|r| r.as_array())
        .unwrap_or(&[]);
    // Every definition of each id defined more than once, in file order: (id range, value).
    // Counted first, so a file without duplicates allocates no list per id.
    fn id_of(r: &Json) -> Option<(&str, TextRange)> {
        r.get("id")
            .and_then(|v| Some((v.as_str()?, v.content_range())))
            .filter(|(id, _)| !id.is_empty())
    }
    let mut count: HashMap<&str, u32> = HashMap::with_capacity(resources.len());
    for (id, _) in resources.iter().filter_map(id_of) {
        *count.entry(id).or_default() += 1;
    }
    let mut defs: HashMap<&str, Vec<(TextRange, Option<&str>)>> = HashMap::new();
    for r in resources {
        if let Some((id, range)) = id_of(r).filter(|(id, _)| count.get(id) > Some(&1)) {
            let value = r.get("value").and_then(|v| v.as_str());
            defs.entry(id).or_default().push((range, value));
        }
    }
    for r in resources {
        let Some(idv) = r.get("id") else { continue };
        let Some(id) = idv.as_str() else { continue };
        let id_range = idv.content_range();
        if id.is_empty() {
            continue;
        }
        let all = defs.get(id).map(Vec::as_slice).unwrap_or(&[]);
        if all.len() > 1 {
            let frontend = ctx.model.versions.frontend.major;
            out.push(duplicate_text(path, id, id_range, all, frontend));
            // Missing languages and variables are checked once per id, at its first definition.
            if all.first().map(|d| d.0) != Some(id_range) {
                continue;
            }
        }
        // Across all offered languages, each missing text is reported once: in the first
        // language file (by language) that has it.
        let first_owner = !configured
            && ctx
                .model
                .texts
                .values()
                .find(|t| t.keys.contains_key(id))
                .is_some_and(|t| t.lang != file_lang);
        for t in other_required.iter().filter(|_| !first_owner) {
            if !t.keys.contains_key(id) {
                out.push(
                    Diagnostic::new(
                        AL0510,
                        path,
                        id_range,
                        format!(
                            "Text resource '{id}' is missing in {} ({} '{}'), so users who pick that language see the key or another fallback; add it there",
                            t.file.rsplit('/').next().unwrap_or(&t.file),
                            if configured { "required language" } else { "the app offers language" },
                            t.lang
                        ),
                    )
                    .with_related(
                        &t.file,
                        t.insert_at.map(TextRange::empty).unwrap_or(TextRange::new(0, 0)),
                        format!("texts of language '{}'", t.lang),
                    )
                    .with_fix(FixData::MissingTextKey(id.to_string())),
                );
            }
        }
        let vars = r.get("variables").and_then(|v| v.as_array()).unwrap_or(&[]);
        for var in vars {
            check_variable(ctx, var, &mut out);
        }
        if !vars.is_empty() {
            if let Some(value) = r.get("value") {
                placeholders(ctx, id, value, vars.len(), &mut out);
            }
        }
    }
    for d in out {
        ctx.report(d);
    }
}

/// AL0504 at one definition of an id defined more than once in a file (`all`, in file order).
/// The definition the app frontend ignores is an error when its value differs from the shown
/// one; the shown one, and definitions with the same value, are warnings. Which one is shown
/// depends on the frontend: v4 and the next frontend build a map from the list, so the last
/// one overwrites the others; v3 (and the backend's own translations) take the first.
fn duplicate_text(
    path: &str,
    id: &str,
    at: TextRange,
    all: &[(TextRange, Option<&str>)],
    frontend: crate::model::FrontendMajor,
) -> Diagnostic {
    let later_wins = frontend != crate::model::FrontendMajor::V3;
    let shown = if later_wins { all.last() } else { all.first() };
    let shown_range = shown.map(|d| d.0);
    let this = all.iter().find(|d| d.0 == at);
    let is_shown = shown_range == Some(at);
    let same = this.map(|d| d.1) == shown.map(|d| d.1);
    let which = if later_wins {
        "the last one"
    } else {
        "the first one"
    };
    let head = format!(
        "Text resource id '{id}' is defined {} times in this file (ids must be unique): {} shows {which}",
        all.len(),
        frontend.name()
    );
    let msg = if is_shown {
        format!("{head}, this one; remove the other definition")
    } else if same {
        format!("{head}, which has the same value; remove this one")
    } else {
        let backend = if later_wins && Some(at) == all.first().map(|d| d.0) {
            " (only texts the backend translates itself, such as validation messages, use the first)"
        } else {
            ""
        };
        format!("{head}, so this value is never shown in the form{backend}; remove or rename one")
    };
    let mut d = Diagnostic::new(AL0504, path, at, msg);
    if is_shown || same {
        d = d.with_severity(Severity::Warning);
    }
    for o in all.iter().filter(|d| d.0 != at) {
        let what = if Some(o.0) == shown_range {
            format!("'{id}' is also defined here (the definition the frontend shows)")
        } else {
            format!("'{id}' is also defined here")
        };
        d = d.with_related(path, o.0, what);
    }
    d
}

/// `{N}` placeholders with N beyond the variables.
fn placeholders(ctx: &Ctx<'_>, id: &str, value: &Json, count: usize, out: &mut Vec<Diagnostic>) {
    if value.as_str().is_none() {
        return;
    }
    let range = value.content_range();
    let raw = ctx.file.slice(range);
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            if j > i + 1 && j < bytes.len() && bytes[j] == b'}' {
                let n: usize = raw[i + 1..j].parse().unwrap_or(usize::MAX);
                if n >= count {
                    out.push(Diagnostic::new(
                        AL0509,
                        ctx.path(),
                        TextRange::new(range.start + i as u32, range.start + j as u32 + 1),
                        format!(
                            "Placeholder {{{n}}} in text '{id}' has no variable: the text has {count} variable{} ({{0}}{}); add a variable or fix the number",
                            if count == 1 { "" } else { "s" },
                            if count > 1 { format!("..{{{}}}", count - 1) } else { String::new() }
                        ),
                    ));
                }
                i = j;
            }
        }
        i += 1;
    }
}

fn check_variable(ctx: &Ctx<'_>, var: &Json, out: &mut Vec<Diagnostic>) {
    let path = ctx.path();
    let model = ctx.model;
    let Some(ds) = var.get("dataSource") else {
        return;
    };
    let Some(source) = ds.as_str() else { return };
    let key = var
        .get("key")
        .and_then(|k| Some((k.as_str()?, k.content_range())));
    let has_default = var.get("defaultValue").is_some();
    const FORMS: &[&str] = &[
        "dataModel.default",
        "instanceContext",
        "applicationSettings",
        "customTextParameters",
    ];
    // Frontend v3 reads every `dataModel…` source from the current form data, whatever the
    // name after the dot (`replaceTextResourceParams`: `dataSource.startsWith('dataModel')`).
    let v3 = model.versions.frontend.major == crate::model::FrontendMajor::V3;
    let v3_model = v3 && source.starts_with("dataModel");
    if let Some(dt) = source
        .strip_prefix("dataModel.")
        .filter(|s| !s.is_empty())
        .or(v3_model.then_some("default"))
    {
        if dt == "default" || v3_model {
            let Some((k, kr)) = key else { return };
            // The default model is the current layout set's; accept the key if any set's has it.
            let mut defaults: Vec<&DataModel> = Vec::new();
            for s in &model.sets {
                if let Some(dm) = s.data_type.as_deref().and_then(|d| model.data_model(d)) {
                    if !defaults.iter().any(|x| x.name == dm.name) {
                        defaults.push(dm);
                    }
                }
            }
            if defaults.is_empty() || defaults.iter().any(|dm| dm.resolve(k).is_ok()) {
                return;
            }
            let names: Vec<&str> = defaults.iter().map(|d| d.name.as_str()).collect();
            let mut msg = format!(
                "Variable '{k}' does not exist in the default data model{} '{}'",
                if names.len() > 1 { "s" } else { "" },
                names.join("', '")
            );
            let sugg = defaults
                .iter()
                .find_map(|dm| dm.resolve(k).err()?.suggestion);
            let mut d;
            if let Some(s) = &sugg {
                msg.push_str(&format!("; did you mean '{s}'?"));
                d = Diagnostic::new(AL0507, path, kr, msg).with_fix(FixData::Replace(s.clone()));
            } else {
                msg.push_str(
                    "; name the data model explicitly (dataModel.<dataType>) and/or set a defaultValue",
                );
                d = Diagnostic::new(AL0507, path, kr, msg);
            }
            if has_default {
                d = d.with_severity(Severity::Information);
            }
            out.push(d);
            return;
        }
        let forms = model.form_data_type_ids();
        if !forms.contains(&dt) {
            let r = ds.content_range();
            let r = TextRange::new(r.start + "dataModel.".len() as u32, r.end);
            let d = super::not_a_form_data_type(
                model,
                AL0506,
                path,
                r,
                dt,
                "it has no data model for text variables",
                "dataModel.",
            );
            out.push(d);
            return;
        }
        let (Some((k, kr)), Some(dm)) = (key, model.data_model(dt)) else {
            return;
        };
        if let Err(e) = dm.resolve(k) {
            let mut msg = format!("Variable '{k}' does not exist in data model '{dt}'");
            let mut d;
            if let Some(s) = &e.suggestion {
                msg.push_str(&format!("; did you mean '{s}'?"));
                d = Diagnostic::new(AL0507, path, kr, msg).with_fix(FixData::Replace(s.clone()));
            } else {
                msg.push_str("; use a field path of that model");
                d = Diagnostic::new(AL0507, path, kr, msg);
            }
            d = d.with_related(&dm.file, TextRange::new(0, 0), format!("data model '{dt}'"));
            if has_default {
                d = d.with_severity(Severity::Information);
            }
            out.push(d);
        }
        return;
    }
    if !FORMS.contains(&source) {
        let mut msg = format!(
            "Unknown dataSource '{source}'; use dataModel.<dataType>, dataModel.default, instanceContext, applicationSettings or customTextParameters"
        );
        let mut d;
        if let Some(s) = did_you_mean(source, FORMS.iter().copied()) {
            msg.push_str(&format!(" (did you mean '{s}'?)"));
            d = Diagnostic::new(AL0505, path, ds.content_range(), msg);
            d = d.with_fix(FixData::Replace(s.to_string()));
        } else {
            d = Diagnostic::new(AL0505, path, ds.content_range(), msg);
        }
        out.push(d);
        return;
    }
    if source == "instanceContext" {
        let Some((k, kr)) = key else { return };
        if !INSTANCE_CONTEXT_KEYS.contains(&k) {
            let mut msg = format!(
                "'{k}' is not an instanceContext property (valid: {})",
                INSTANCE_CONTEXT_KEYS.join(", ")
            );
            let mut d;
            if let Some(s) = did_you_mean(k, INSTANCE_CONTEXT_KEYS.iter().copied()) {
                msg.push_str(&format!("; did you mean '{s}'?"));
                d = Diagnostic::new(AL0508, path, kr, msg);
                d = d.with_fix(FixData::Replace(s.to_string()));
            } else {
                d = Diagnostic::new(AL0508, path, kr, msg);
            }
            out.push(d);
        }
    }
}

/// AL0511: `config/texts/<name>.json` not named `resource.<lang>.json`.
fn stray_text_file(ctx: &mut Ctx<'_>) {
    let path = ctx.path().to_string();
    let name = path.rsplit('/').next().unwrap_or(&path);
    let stem = name.strip_suffix(".json").unwrap_or(name);
    // A language code among the name's parts (`text.en`, `en.texts`): the name it needs.
    let lang = stem
        .split(['.', '-', '_'])
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_lowercase()));
    let fix = match lang {
        Some(l)
            if ctx
                .db
                .file(&format!("config/texts/resource.{l}.json"))
                .is_some() =>
        {
            format!("; config/texts/resource.{l}.json exists, so move these texts there")
        }
        Some(l) => format!("; rename it to resource.{l}.json"),
        None => "; rename it to resource.<language>.json".to_string(),
    };
    ctx.report(Diagnostic::new(
        AL0511,
        &path,
        TextRange::new(0, 0),
        format!(
            "The app never reads '{name}': the backend loads a language's texts only from config/texts/resource.<language>.json, so none of this file's texts reach the app{fix}"
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_heuristic() {
        for k in [
            "page1.title",
            "name_help",
            "dato-short",
            "another-key",
            "Input-Rk0HRa.title",
        ] {
            assert!(looks_like_key(k), "{k}");
        }
        for t in [
            "Neste",
            "Fornavn",
            "Text-komponenten",
            "Dette er en tekst",
            "Ha!",
            "www.altinn.no",
            "post@altinn.no",
            "1.5",
            "",
            "end.",
        ] {
            assert!(!looks_like_key(t), "{t}");
        }
        assert!(is_builtin_key("general.next"));
        assert!(!is_builtin_key("generalx.next"));
        assert!(!is_builtin_key("general."));
    }
}
