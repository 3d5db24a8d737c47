//! AL12xx: the C# model class (`models/*.cs`) and the data model schema
//! (`models/<dataType>.schema.json`) describe the same form data and must agree.
//!
//! Each mismatch is reported where it is: a C# property the schema lacks in the `.cs` file, a
//! schema field the class lacks in the `.schema.json`, and a binding whose field the class lacks
//! at the binding (the one certain defect: its data is dropped).

use super::codes::declare_codes;
use super::components::{layout_array, layout_set};
use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::model::csmodel::{json_kind, CsClass, CsModels, CsProp};
use crate::model::{AppModel, DataModel, Field, FieldType, FileKind};
use crate::syntax::TextRange;
use std::collections::HashSet;

pub const GROUNDS: &str = "Designer generates the C# model class and the JSON schema from one \
model (altinn-studio Designer DataModeling JsonMetadataToCsharpConverter: every element property \
gets [XmlElement] and [JsonPropertyName] with the schema's property name, attributes get \
[XmlAttribute], repeating elements List<T>, groups a class of their own, and repeating-group \
classes an extra altinnRowId property). The app frontend binds and validates paths against the \
schema; the backend holds the data as the C# class: it reads and writes the form data with \
System.Text.Json (app-lib ModelSerializationService, JsonSerializerDefaults.Web, which drops \
properties the class does not have and fails on an array given for a single value), and \
resolves a binding's path property by property by the [JsonPropertyName] name, else \
Newtonsoft's [JsonProperty], else the C# name (app-lib DataModelWrapper, \
IsPropertyWithJsonName; the v9 source generator's GetJsonName). So a field bound in a layout \
whose class has no property of that name loses what the user enters (an error when the class \
is fully read: no parse errors, not partial, no base class). Other disagreements (a property \
or field only one side has, a list on one side only, a value of another type) are warnings: \
hand edits to one side, fixed by regenerating both in Altinn Studio.";

declare_codes! {
    AL1201 Warning "C# model property has no field in the data model schema",
    AL1202 Warning "Data model schema field has no property in the C# model class",
    AL1203 Error "Binding's field is in the schema but not in the C# model class: the data entered is dropped by the backend",
    AL1204 Warning "C# model property and schema field disagree on repeating (List/array) or on the kind of value",
}

/// The property Designer adds to repeating-group classes (the frontend's row ids).
const ROW_ID: &str = "altinnRowId";

pub fn check(ctx: &mut Ctx<'_>) {
    let m = ctx.model;
    if m.cs_models.is_empty() {
        return;
    }
    match &ctx.file.kind {
        FileKind::CSharp | FileKind::DataModelSchema { .. } => {
            let path = ctx.path().to_string();
            for (id, cr) in form_types(m) {
                let (Some(dm), Some(root)) =
                    (m.data_models.get(id), m.cs_models.root_class(id, cr))
                else {
                    continue;
                };
                // Only the schema and class of this data type.
                if path != dm.file && !uses_file(&m.cs_models, root, &path) {
                    continue;
                }
                let mut w = Walk {
                    models: &m.cs_models,
                    dm,
                    here: &path,
                    seen: HashSet::new(),
                    out: Vec::new(),
                };
                w.class(root.0, root.1, &dm.root, "", 0);
                for d in w.out {
                    // A class shared by several fields or data types: once per place.
                    if !ctx
                        .out
                        .iter()
                        .any(|x| x.code == d.code && x.range == d.range)
                    {
                        ctx.report(d);
                    }
                }
            }
        }
        FileKind::Layout { .. } => bindings(ctx),
        _ => {}
    }
}

/// Form data types with a classRef: (id, classRef).
fn form_types(m: &AppModel) -> Vec<(&str, &str)> {
    m.form_data_types()
        .filter_map(|d| Some((d.id.as_str(), d.class_ref.as_deref()?)))
        .collect()
}

/// Whether `file` declares the root class or a class it reaches.
fn uses_file(models: &CsModels, root: (&str, &CsClass), file: &str) -> bool {
    if root.0 == file {
        return true;
    }
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut todo = vec![root];
    while let Some((f, c)) = todo.pop() {
        if !seen.insert((f, c.name.as_str())) || seen.len() > 10_000 {
            continue;
        }
        if f == file {
            return true;
        }
        for p in &c.props {
            todo.extend(models.class(&p.elem, Some(f)));
        }
    }
    false
}

struct Walk<'a> {
    models: &'a CsModels,
    dm: &'a DataModel,
    here: &'a str,
    /// (class file, class, schema field) pairs walked: a class shared by several fields is
    /// compared once per field shape.
    seen: HashSet<(&'a str, &'a str, Option<TextRange>)>,
    out: Vec<Diagnostic>,
}

impl<'a> Walk<'a> {
    fn class(&mut self, file: &'a str, c: &'a CsClass, field: &'a Field, path: &str, depth: usize) {
        if depth > 24 || !self.seen.insert((file, c.name.as_str(), field.decl)) {
            return;
        }
        let clean = self.models.file(file).is_some_and(|f| f.clean);
        let at = |p: &str| {
            if path.is_empty() {
                p.to_string()
            } else {
                format!("{path}.{p}")
            }
        };
        for p in c.props.iter().filter(|p| !p.ignored) {
            let name = p.data_name();
            let Some(child) = field.children.get(name) else {
                if name != ROW_ID && file == self.here {
                    self.only_in_csharp(file, c, p, field, &at(name));
                }
                continue;
            };
            if file == self.here {
                self.shape(p, child, &at(name));
            }
            if let Some((nf, nc)) = self.models.class(&p.elem, Some(file)) {
                if !child.children.is_empty() {
                    self.class(nf, nc, child, &at(name), depth + 1);
                }
            }
        }
        // Schema fields the class lacks: a class read in full only.
        if self.dm.file == self.here && clean && !c.open {
            for (k, f) in &field.children {
                if c.prop(k).is_some() {
                    continue;
                }
                let Some(decl) = f.decl else { continue };
                let case = c
                    .props
                    .iter()
                    .find(|p| !p.ignored && p.data_name().eq_ignore_ascii_case(k));
                let mut msg = format!(
                    "'{}' is in the schema, but the C# class {} ({file}) has no property with the data name '{k}'",
                    at(k),
                    c.name
                );
                match case {
                    Some(p) => msg.push_str(&format!(
                        ": it has '{}', which differs in case (the backend reads '{k}' into it ignoring case, but writes the data back as '{}', where the frontend does not look)",
                        p.data_name(),
                        p.data_name()
                    )),
                    None => msg.push_str(": the backend drops what is entered in it"),
                }
                msg.push_str("; regenerate the class in Altinn Studio or add the property");
                self.out.push(
                    Diagnostic::new(AL1202, self.here, decl.inner_string(), msg).with_related(
                        file,
                        c.name_range,
                        format!("class {}", c.name),
                    ),
                );
            }
        }
    }

    fn only_in_csharp(&mut self, file: &str, c: &CsClass, p: &CsProp, parent: &Field, path: &str) {
        let case = parent
            .children
            .keys()
            .find(|k| k.eq_ignore_ascii_case(p.data_name()));
        let mut msg = format!(
            "C# property {}.{} (data path '{path}') is not in {}: bindings to it are rejected by the frontend, which reads the schema",
            c.name, p.name, self.dm.file
        );
        if let Some(k) = case {
            msg.push_str(&format!(" (the schema has '{k}', which differs in case)"));
        }
        msg.push_str("; regenerate the class and the schema together in Altinn Studio");
        let range = p.json_name.as_ref().map_or(p.name_range, |(_, r)| *r);
        let mut d = Diagnostic::new(AL1201, file, range, msg);
        if let Some(decl) = parent.decl {
            d = d.with_related(&self.dm.file, decl, "the schema field it would be under");
        }
        self.out.push(d);
    }

    /// AL1204: list against array, class against value, and value kinds.
    fn shape(&mut self, p: &CsProp, f: &Field, path: &str) {
        let schema_array = f.is_array();
        let cs_class = self.models.class(&p.elem, None).is_some();
        let problem = if p.list != schema_array && !(p.elem == "byte" && p.list) {
            Some(if p.list {
                format!("is a {} in C# but a single value in the schema", p.ty)
            } else {
                "is an array in the schema but a single value in C#".to_string()
            })
        } else {
            let schema_kind = match if schema_array { f.item_ty } else { f.ty } {
                Some(FieldType::String) => Some("string"),
                Some(FieldType::Number | FieldType::Integer) => Some("number"),
                Some(FieldType::Boolean) => Some("boolean"),
                Some(FieldType::Object) => Some("object"),
                _ => None,
            };
            let cs_kind = if cs_class {
                Some("object")
            } else {
                json_kind(&p.elem)
            };
            match (schema_kind, cs_kind) {
                (Some(s), Some(k)) if s != k => Some(format!(
                    "is {} `{}` in C# but {} in the schema",
                    if k == "object" {
                        "the class"
                    } else {
                        "of type"
                    },
                    p.elem,
                    if s == "object" {
                        "an object".to_string()
                    } else {
                        format!("of type {s}")
                    }
                )),
                _ => None,
            }
        };
        if let Some(problem) = problem {
            let mut d = Diagnostic::new(
                AL1204,
                self.here,
                p.name_range,
                format!(
                    "'{path}' {problem}: the backend cannot read such data into the class; regenerate the class and the schema together in Altinn Studio"
                ),
            );
            if let Some(decl) = f.decl {
                d = d.with_related(&self.dm.file, decl, format!("'{path}' in the schema"));
            }
            self.out.push(d);
        }
    }
}

/// AL1203: a binding whose path is in the schema but not in a fully read C# class.
fn bindings(ctx: &mut Ctx<'_>) {
    let Some((set, page)) = layout_set(ctx) else {
        return;
    };
    let Some(doc) = ctx.file.json() else { return };
    let m = ctx.model;
    let items = layout_array(doc.root.as_ref());
    let mut found = Vec::new();
    for ci in set.page_components(page) {
        let Some(b) = items
            .get(ci.index)
            .and_then(|c| c.get("dataModelBindings"))
            .and_then(|b| b.as_object())
        else {
            continue;
        };
        for mem in b {
            let (dt, v) = match (mem.value.as_str(), mem.value.get("field")) {
                (Some(_), _) => (set.data_type.as_deref(), &mem.value),
                (None, Some(f)) => (mem.value.get_str("dataType"), f),
                _ => continue,
            };
            let (Some(dt), Some(path)) = (dt, v.as_str()) else {
                continue;
            };
            if let Some(d) = missing_in_csharp(m, dt, path, ctx.path(), v.content_range(), &ci.id) {
                found.push(d);
            }
        }
    }
    for d in found {
        ctx.report(d);
    }
}

fn missing_in_csharp(
    m: &AppModel,
    dt: &str,
    path: &str,
    file: &str,
    range: TextRange,
    id: &str,
) -> Option<Diagnostic> {
    let cr = m.data_type(dt)?.class_ref.as_deref()?;
    // The data type's own schema (a fallback schema is a guess already).
    let dm = m.data_models.get(dt)?;
    dm.resolve(path).ok()?;
    let root = m.cs_models.root_class(dt, cr)?;
    let segs = DataModel::segments(path);
    let i = m.cs_models.resolve(root, &segs).err()?;
    // The class holding segment i, read in full.
    let (cf, class) = if i == 0 {
        root
    } else {
        let steps = m.cs_models.resolve(root, &segs[..i]).ok()?;
        let (f, _, p) = steps.last()?;
        m.cs_models.class(&p.elem, Some(f))?
    };
    let clean = m.cs_models.file(cf).is_some_and(|f| f.clean);
    if !clean || class.open {
        return None;
    }
    // A name differing in case still reaches the property when the data is read
    // (case-insensitive), so the loss is not certain: AL1201/AL1202 show the difference.
    if class
        .props
        .iter()
        .any(|p| !p.ignored && p.data_name().eq_ignore_ascii_case(segs[i]))
    {
        return None;
    }
    Some(
        Diagnostic::new(
            AL1203,
            file,
            range,
            format!(
                "'{path}' of '{id}' is in {}, but the C# class {} ({cf}) has no property with the data name '{}': the backend drops what is entered here; regenerate the class in Altinn Studio or add the property",
                dm.file, class.name, segs[i]
            ),
        )
        .with_related(cf, class.name_range, format!("class {}", class.name)),
    )
}
