//! AL04xx: data model bindings resolved against the right data model (FORMATS.md §3.4, §3.5):
//! the data type, the path, the field's type against the binding kind, and repeating groups.

use super::codes::declare_codes;
use super::components::{layout_array, layout_set};
use super::Ctx;
use crate::db::AppDb;
use crate::diagnostic::{Diagnostic, FixData, Severity};
use crate::model::components::{component, BindingKind};
use crate::model::{ComponentInfo, DataModel, Field, FieldType, SetInfo};
use crate::syntax::{Json, TextRange};

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str =
    "Bindings are resolved as the app frontend resolves them: against the data model of the \
layout set's data type (layout-sets.json dataType, or Settings.json defaultDataType for v9 UI \
folders), or of the `{dataType, field}` object a v4 binding may name (app-frontend-react v4 \
DataModelsProvider, useBindingSchema / SimpleSchemaTraversal over the schema's root element as \
getRootElementPath picks it: info.rootNode, the meldingsnavn property, the definition named \
after the classRef). Each component's validateDataModelBindings (v4 src/layout/*/index.tsx: \
validateDataModelBindingsAny/Simple/List) rejects a path that is not in the schema or has the \
wrong type (a scalar for simpleBinding, an array for list and group bindings), and a path through \
an array outside the repeating group bound to it cannot be resolved row by row \
(useDataModelBindingTranspose). The runtime data is the serialised C# class, so a did-you-mean \
never adds an XSD wrapper property the class does not have. Inside a repeating group, frontend \
v4 makes each row's bindings by replacing the group's path with `path[row]` (NodeRepeatingChildren \
mutateDataModelBindings), so a child binding that already names a row of the group's own array \
(`items[0].x`) becomes `items[1][0].x`, a path never in the data (AL0408; a warning for the \
frontend bundled with v9, which builds row bindings differently and was not read for this).";

declare_codes! {
    AL0401 Error "Binding names a data type that is not a form data type in applicationmetadata.json",
    AL0402 Error "Binding cannot be resolved: the layout set has no default data type",
    AL0403 Error "Binding path does not exist in the data model",
    AL0404 Error "Binding points to a field of the wrong type for its kind (simpleBinding → value, list → array of values, group → array)",
    AL0405 Error "Binding goes through a repeating structure (array) but the component is not inside a repeating group bound to it",
    AL0406 Warning "Binding of a component inside a repeating group does not start with the group's binding (every row shares one field)",
    AL0407 Error "Binding must point inside another binding of the same component (Likert answer inside questions; Checkboxes/MultipleSelect/List bindings inside group, ...)",
    AL0408 Error "A binding inside a repeating group writes a row index on the group's own array (items[0].x): each row's index is added to it, so the field is dead",
}

/// One binding as written: `"path"` or `{ "dataType": "...", "field": "path" }`.
struct Binding<'a> {
    key: &'a str,
    path: &'a str,
    /// Range of the path string's content.
    range: TextRange,
    /// Explicit data type and its range.
    data_type: Option<(&'a str, TextRange)>,
}

fn read_binding<'a>(key: &'a str, v: &'a Json) -> Option<Binding<'a>> {
    if let Some(path) = v.as_str() {
        return Some(Binding {
            key,
            path,
            range: v.content_range(),
            data_type: None,
        });
    }
    let field = v.get("field")?;
    let dt = v.get("dataType");
    Some(Binding {
        key,
        path: field.as_str()?,
        range: field.content_range(),
        data_type: dt.and_then(|d| Some((d.as_str()?, d.content_range()))),
    })
}

/// The binding paths as (data type, path), normalized: `[0]` indexes dropped.
fn norm(path: &str) -> String {
    DataModel::segments(path).join(".")
}

/// A repeating group around a component: its id and `group` binding (data type, path).
struct RepeatingAncestor {
    id: String,
    file: String,
    data_type: Option<String>,
    path: String,
    range: TextRange,
}

/// The JSON of a component, looked up in its own file.
fn component_json<'a>(db: &'a AppDb, ci: &ComponentInfo) -> Option<&'a Json> {
    let root = db.file(&ci.file)?.json()?.root.as_ref();
    layout_array(root).get(ci.index)
}

fn is_repeating(ty: &str, c: &Json) -> bool {
    ty == "RepeatingGroup"
        || (ty == "Group" && c.get("maxCount").and_then(|m| m.as_f64()).unwrap_or(0.0) > 1.0)
}

/// The repeating groups that contain a component, innermost first.
fn repeating_ancestors(db: &AppDb, set: &SetInfo, id: &str) -> Vec<RepeatingAncestor> {
    let mut out = Vec::new();
    let mut cur = id.to_string();
    for _ in 0..32 {
        let Some(claim) = set.claim_of(&cur) else {
            break;
        };
        let Some(parent) = set.components.get(claim.parent) else {
            break;
        };
        if parent.id == id {
            break;
        }
        if let Some(c) = component_json(db, parent) {
            if is_repeating(&parent.ty, c) && !claim.outside_rows {
                if let Some(b) = c
                    .get("dataModelBindings")
                    .and_then(|b| b.get("group"))
                    .and_then(|g| read_binding("group", g))
                {
                    out.push(RepeatingAncestor {
                        id: parent.id.clone(),
                        file: parent.file.clone(),
                        data_type: b.data_type.map(|(d, _)| d.to_string()),
                        path: norm(b.path),
                        range: b.range,
                    });
                }
            }
        }
        cur = parent.id.clone();
    }
    out
}

pub fn check(ctx: &mut Ctx<'_>) {
    let Some((set, page)) = layout_set(ctx) else {
        return;
    };
    let Some(doc) = ctx.file.json() else { return };
    let items = layout_array(doc.root.as_ref());
    for ci in set.page_components(page) {
        let Some(c) = items.get(ci.index) else {
            continue;
        };
        let Some(members) = c.get("dataModelBindings").and_then(|b| b.as_object()) else {
            continue;
        };
        let bindings: Vec<Binding<'_>> = members
            .iter()
            .filter_map(|m| read_binding(&m.key, &m.value))
            .filter(|b| !b.path.is_empty())
            .collect();
        if bindings.is_empty() {
            continue;
        }
        let ancestors = repeating_ancestors(ctx.db, set, &ci.id);
        for b in &bindings {
            let before = ctx.out.len();
            check_binding(ctx, set, ci, c, b, &bindings, &ancestors);
            row_index(ctx, set, ci, b, &ancestors);
            soften_if_fallback(ctx, set, b, before);
        }
    }
}

/// AL0408: `Pets[0].Name` in a row of the group bound to `Pets`. Frontend v4 makes each row's
/// bindings by replacing the group's path with `path[row]` (NodeRepeatingChildren
/// `mutateDataModelBindings`), which gives `Pets[1][0].Name`: a path that is never in the data.
fn row_index(
    ctx: &mut Ctx<'_>,
    set: &SetInfo,
    ci: &ComponentInfo,
    b: &Binding<'_>,
    ancestors: &[RepeatingAncestor],
) {
    let fe = ctx.model.versions.frontend.major;
    if fe == crate::model::FrontendMajor::V3 {
        return;
    }
    let default = dt_default(set);
    let dt = b.data_type.map_or(default.as_str(), |(d, _)| d);
    for a in ancestors {
        if a.data_type.as_deref().unwrap_or(default.as_str()) != dt {
            continue;
        }
        let Some(rest) = b.path.strip_prefix(a.path.as_str()) else {
            continue;
        };
        let Some(after) = rest.strip_prefix('[') else {
            continue;
        };
        let Some(close) = after.find(']') else {
            continue;
        };
        let fixed = format!("{}{}", a.path, &after[close + 1..]);
        let mut d = Diagnostic::new(
            AL0408,
            ctx.path(),
            b.range,
            format!(
                "{} '{}' of '{}' names row {} of '{}', the array of its repeating group '{}': the frontend adds each row's index to the group's path, so this field is never shown or saved; write '{fixed}' and let the row supply the index",
                b.key, b.path, ci.id, &after[..close], a.path, a.id
            ),
        )
        .with_fix(FixData::Replace(fixed))
        .with_related(&a.file, a.range, format!("the group binding of '{}'", a.id));
        if fe == crate::model::FrontendMajor::Next {
            d.soften("read in app frontend v4; the frontend bundled with v9 builds row bindings differently and was not checked");
        }
        ctx.report(d);
        return;
    }
}

/// A binding checked against the schema named after the classRef's class (the data type's own
/// schema file is missing) is a guess: its findings are warnings that say so.
fn soften_if_fallback(ctx: &mut Ctx<'_>, set: &SetInfo, b: &Binding<'_>, from: usize) {
    let dt = match &b.data_type {
        Some((d, _)) => d.to_string(),
        None => dt_default(set),
    };
    let Some(dm) = ctx.model.fallback_model(&dt) else {
        return;
    };
    for d in &mut ctx.out[from..] {
        if matches!(d.code, AL0403 | AL0404 | AL0405) && d.severity == Severity::Error {
            d.soften(&format!(
                "models/{dt}.schema.json is missing, so this was checked against {}, named after the classRef's class",
                dm.file
            ));
        }
    }
}

/// What kind of field a binding key needs, and which other key it must lie within.
fn binding_kind(ty: &str, c: &Json, key: &str) -> (Option<BindingKind>, Option<&'static str>) {
    if key == "group" && is_repeating(ty, c) {
        return (Some(BindingKind::Group), None);
    }
    match component(ty) {
        Some(def) => match def.binding(key) {
            Some(b) => (Some(b.kind), b.within),
            None => (None, None),
        },
        None => (None, None),
    }
}

#[allow(clippy::too_many_arguments)]
fn check_binding(
    ctx: &mut Ctx<'_>,
    set: &SetInfo,
    ci: &ComponentInfo,
    c: &Json,
    b: &Binding<'_>,
    all: &[Binding<'_>],
    ancestors: &[RepeatingAncestor],
) {
    let path = ctx.path();
    let model = ctx.model;
    // The data type: explicit, else the set's default.
    let dt_name = match b.data_type {
        Some((dt, range)) => {
            match model.data_type(dt) {
                Some(info) if info.class_ref.is_some() => {}
                _ => {
                    ctx.report(super::not_a_form_data_type(
                        model,
                        AL0401,
                        path,
                        range,
                        dt,
                        "it is not a data model that bindings can use",
                        "",
                    ));
                    return;
                }
            }
            dt.to_string()
        }
        None => match &set.data_type {
            Some(dt) => {
                // A bad default is reported once, at the set's declaration.
                if model.data_type(dt).is_none_or(|d| d.class_ref.is_none()) {
                    return;
                }
                dt.clone()
            }
            None => {
                let mut d = Diagnostic::new(
                    AL0402,
                    path,
                    b.range,
                    format!(
                        "{} '{}' cannot be resolved: layout set '{}' has no default data type; add a dataType to the set (or write {{\"dataType\": \"<id>\", \"field\": \"{}\"}})",
                        b.key, b.path, set.id, b.path
                    ),
                );
                if let Some((f, r)) = &set.decl {
                    d = d.with_related(f, *r, format!("layout set '{}' is declared here", set.id));
                }
                ctx.report(d);
                return;
            }
        },
    };
    // A missing schema file is reported with the data type (applicationmetadata).
    let Some(dm) = model.data_model(&dt_name) else {
        return;
    };
    let field = match dm.resolve(b.path) {
        Ok(r) => r,
        Err(e) => {
            report_unresolved(ctx, dm, b, e);
            return;
        }
    };
    let (mut kind, within) = binding_kind(&ci.ty, c, b.key);
    // Multi-select components may store several values (or labels) in an array.
    if matches!(ci.ty.as_str(), "Checkboxes" | "MultipleSelect")
        && matches!(b.key, "simpleBinding" | "label")
        && field.field.is_array()
        && field.field.children.is_empty()
    {
        kind = Some(BindingKind::List);
    }
    if let Some(kind) = kind {
        if let Some(d) = kind_mismatch(path, ci, b, kind, field.field, dm) {
            ctx.report(d);
        }
    }
    let me = norm(b.path);
    // Likert answer inside questions, Map geometry* inside geometries; Checkboxes,
    // MultipleSelect and List bound to a group of rows: every other binding inside the group.
    let mut allowed: Vec<String> = Vec::new();
    let within = within.or_else(|| {
        (b.key != "group" && !is_repeating(&ci.ty, c) && all.iter().any(|o| o.key == "group"))
            .then_some("group")
    });
    if let Some(parent_key) = within {
        if let Some(p) = all
            .iter()
            .find(|o| o.key == parent_key && o.data_type.map(|x| x.0) == b.data_type.map(|x| x.0))
        {
            let pp = norm(p.path);
            if !me.starts_with(&format!("{pp}.")) {
                let leaf = me.rsplit('.').next().unwrap_or(&me);
                ctx.report(
                    Diagnostic::new(
                        AL0407,
                        path,
                        b.range,
                        format!(
                            "{} '{}' of '{}' must point to a field inside its {parent_key} binding '{pp}' (e.g. '{pp}.{leaf}')",
                            b.key, b.path, ci.id
                        ),
                    )
                    .with_related(path, p.range, format!("the {parent_key} binding")),
                );
                return;
            }
            allowed.push(pp);
        }
    }
    // Inside a repeating group: must start with the group's binding.
    let same_dt =
        |a: &RepeatingAncestor| a.data_type.as_deref().unwrap_or(&dt_default(set)) == dt_name;
    if let Some(g) = ancestors.iter().find(|a| same_dt(a)) {
        if !me.starts_with(&format!("{}.", g.path)) {
            let leaf = me.rsplit('.').next().unwrap_or(&me);
            ctx.report(
                Diagnostic::new(
                    AL0406,
                    path,
                    b.range,
                    format!(
                        "{} '{}' of '{}' is outside the binding of its repeating group '{}' ('{}'), so every row shares this one field; bind a field inside the group (e.g. '{}.{leaf}') unless that is intended",
                        b.key, b.path, ci.id, g.id, g.path, g.path
                    ),
                )
                .with_related(&g.file, g.range, format!("group binding of '{}'", g.id)),
            );
            return;
        }
    }
    allowed.extend(
        ancestors
            .iter()
            .filter(|a| same_dt(a))
            .map(|a| a.path.clone()),
    );
    if let Some(arr) = field.arrays.iter().find(|a| !allowed.contains(a)) {
        let d = Diagnostic::new(
            AL0405,
            path,
            b.range,
            format!(
                "{} '{}' goes through '{arr}', which is a repeating structure (array) in data model '{dt_name}', but '{}' is not inside a repeating group bound to '{arr}'; put it in a RepeatingGroup with group binding '{arr}' or bind a field outside the array",
                b.key, b.path, ci.id
            ),
        );
        ctx.report(with_decl(d, dm, arr));
    }
}

fn dt_default(set: &SetInfo) -> String {
    set.data_type.clone().unwrap_or_default()
}

/// Adds the schema declaration of a field as related information.
fn with_decl(d: Diagnostic, dm: &DataModel, path: &str) -> Diagnostic {
    let segs = DataModel::segments(path);
    match dm.field_at(&segs).and_then(|f| f.decl) {
        Some(r) => d.with_related(&dm.file, r, format!("'{path}' in data model '{}'", dm.name)),
        None => d,
    }
}

/// A path that fits when a level is missing or extra: `A.C` → `A.B.C` (the only field named `C`
/// up to three levels below `A` where the rest resolves), or `wrapper.A.B` → `A.B` (a root
/// element's property name written in front).
fn deeper_suggestion(dm: &DataModel, segs: &[&str], at: usize) -> Option<String> {
    if at == 0 && segs.len() > 1 {
        let rest = segs[1..].join(".");
        if dm.resolve(&rest).is_ok() {
            return Some(rest);
        }
    }
    let parent = dm.field_at(&segs[..at])?;
    // Through a lone top-level property of a schema that does not say its root element: that
    // may be an XSD wrapper the runtime data (the C# class) never has, and a path through it
    // would break the binding. No guess then.
    if at == 0 && !dm.root_known && parent.children.len() == 1 {
        return None;
    }
    let missing = *segs.get(at)?;
    let tail = &segs[at + 1..];
    let mut found: Vec<String> = Vec::new();
    let mut frontier: Vec<(Vec<&str>, &Field)> = vec![(Vec::new(), parent)];
    for _ in 0..3 {
        let mut next = Vec::new();
        for (prefix, f) in &frontier {
            for (k, child) in &f.children {
                let mut p = prefix.clone();
                p.push(k.as_str());
                if let Some(hit) = child.children.get(missing) {
                    if tail
                        .iter()
                        .try_fold(hit, |f, s| f.children.get(*s))
                        .is_some()
                    {
                        let mut full: Vec<&str> = segs[..at].to_vec();
                        full.extend(&p);
                        full.push(missing);
                        full.extend(tail);
                        found.push(full.join("."));
                    }
                }
                next.push((p, child));
            }
        }
        if !found.is_empty() || next.len() > 5000 {
            break;
        }
        frontier = next;
    }
    (found.len() == 1).then(|| found.remove(0))
}

fn report_unresolved(
    ctx: &mut Ctx<'_>,
    dm: &DataModel,
    b: &Binding<'_>,
    e: crate::model::datamodel::Unresolved,
) {
    let segs = DataModel::segments(b.path);
    let parent = segs[..e.segment.min(segs.len())].join(".");
    let missing = segs.get(e.segment).copied().unwrap_or("");
    let mut msg = if e.through_scalar {
        format!(
            "Field '{}' not found in data model '{}': '{parent}' is a value and has no field '{missing}'",
            b.path, dm.name
        )
    } else if parent.is_empty() {
        format!(
            "Field '{}' not found in data model '{}' (no top-level field '{missing}')",
            b.path, dm.name
        )
    } else {
        format!(
            "Field '{}' not found in data model '{}' ('{parent}' has no field '{missing}')",
            b.path, dm.name
        )
    };
    let mut d;
    let suggestion = e
        .suggestion
        .clone()
        .or_else(|| deeper_suggestion(dm, &segs, e.segment));
    match &suggestion {
        Some(s) => {
            msg.push_str(&format!("; did you mean '{s}'?"));
            d = Diagnostic::new(AL0403, ctx.path(), b.range, msg)
                .with_fix(FixData::Replace(s.clone()));
            d = with_decl(d, dm, s);
        }
        None => {
            d = Diagnostic::new(AL0403, ctx.path(), b.range, msg);
            d = if parent.is_empty() {
                d.with_related(
                    &dm.file,
                    TextRange::new(0, 0),
                    format!("data model '{}'", dm.name),
                )
            } else {
                with_decl(d, dm, &parent)
            };
        }
    }
    // The schema does not say its root element and its only top-level property wraps the
    // path: if the data is that element (the usual XSD shape), the binding is right.
    if e.segment == 0 && !dm.root_known && dm.root.children.len() == 1 {
        if let Some(wrapper) = dm.root.children.keys().next() {
            if dm.resolve(&format!("{wrapper}.{}", b.path)).is_ok() {
                d.soften(&format!(
                    "the schema names no root element (no info.rootNode, and the classRef names no definition), and '{}' exists below its only property '{wrapper}'; if the data is that element, as in schemas made from an XSD, the binding is right",
                    b.path
                ));
            }
        }
    }
    ctx.report(d);
}

fn describe(f: &Field) -> String {
    match f.ty() {
        FieldType::Array => match f.item_ty {
            Some(FieldType::Object) | None if !f.children.is_empty() => {
                "an array of objects (a repeating group)".into()
            }
            Some(t) => format!("an array of {}s", t.as_str()),
            None => "an array".into(),
        },
        FieldType::Object => "an object".into(),
        t => format!("a {}", t.as_str()),
    }
}

/// A few scalar fields below an object, as examples for the message.
fn scalar_examples(path: &str, f: &Field) -> String {
    let ex: Vec<String> = f
        .children
        .iter()
        .filter(|(_, c)| c.ty().is_scalar() && c.ty() != FieldType::Unknown)
        .take(2)
        .map(|(k, _)| format!("'{path}.{k}'"))
        .collect();
    if ex.is_empty() {
        String::new()
    } else {
        format!(" (e.g. {})", ex.join(" or "))
    }
}

fn kind_mismatch(
    path: &str,
    ci: &ComponentInfo,
    b: &Binding<'_>,
    kind: BindingKind,
    f: &Field,
    dm: &DataModel,
) -> Option<Diagnostic> {
    let ty = f.ty();
    let what = describe(f);
    let msg = match kind {
        BindingKind::Scalar if !ty.is_scalar() => format!(
            "{} of '{}' points to '{}', which is {what} in data model '{}'; it must be a string, number, integer or boolean field{}",
            b.key,
            ci.id,
            b.path,
            dm.name,
            scalar_examples(b.path, f)
        ),
        BindingKind::List
            if ty != FieldType::Array
                || f.item_ty.is_some_and(|t| !t.is_scalar())
                || (f.item_ty.is_none() && !f.children.is_empty()) =>
        {
            format!(
                "{} of '{}' points to '{}', which is {what} in data model '{}'; it must be an array of strings/numbers",
                b.key, ci.id, b.path, dm.name
            )
        }
        BindingKind::Group if ty != FieldType::Array && ty != FieldType::Unknown => format!(
            "{} of '{}' points to '{}', which is {what} in data model '{}'; it must be an array (a repeating structure with one entry per row)",
            b.key, ci.id, b.path, dm.name
        ),
        _ => return None,
    };
    Some(with_decl(
        Diagnostic::new(AL0404, path, b.range, msg),
        dm,
        b.path,
    ))
}
