//! Data models: `models/<dataType>.schema.json` resolved into a tree of fields that
//! bindings (`a.b.c`) and `dataModel()` paths walk.

use crate::syntax::{Json, JsonKind, TextRange};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Object,
    Array,
    String,
    Number,
    Integer,
    Boolean,
    /// No `type` given and nothing else to go by.
    Unknown,
}

impl FieldType {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Object => "object",
            FieldType::Array => "array",
            FieldType::String => "string",
            FieldType::Number => "number",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
            FieldType::Unknown => "unknown",
        }
    }
    pub fn is_scalar(self) -> bool {
        matches!(
            self,
            FieldType::String
                | FieldType::Number
                | FieldType::Integer
                | FieldType::Boolean
                | FieldType::Unknown
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Field {
    pub ty: Option<FieldType>,
    /// For arrays: the type of the items (scalar arrays) or `Object` for repeating groups.
    pub item_ty: Option<FieldType>,
    /// Properties of the object (or of the array's item object).
    pub children: BTreeMap<String, Field>,
    /// Where the property is declared in the schema file (its key).
    pub decl: Option<TextRange>,
    pub description: Option<String>,
    /// Restrictions worth showing on hover: `maxLength: 10`, `pattern: …`, `enum: a|b`.
    pub restrictions: Vec<String>,
    pub nullable: bool,
}

impl Field {
    pub fn ty(&self) -> FieldType {
        self.ty.unwrap_or(FieldType::Unknown)
    }
    pub fn is_array(&self) -> bool {
        self.ty == Some(FieldType::Array)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataModel {
    /// The data type id (the file's base name).
    pub name: String,
    /// Path relative to the app folder.
    pub file: String,
    pub root: Field,
    /// Whether the schema says which element the data is (`info.rootNode`, `meldingsnavn`, or
    /// a definition named after the classRef): when not, a lone top-level property may be an
    /// XSD wrapper that the runtime data (the C# class) does not have.
    pub root_known: bool,
}

/// The result of resolving a dot path.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    pub field: &'a Field,
    /// Prefixes (dot paths) of the arrays the path goes through, outermost first.
    pub arrays: Vec<String>,
}

/// Why a path did not resolve: how far it got and what could have been meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The index of the first segment that does not exist.
    pub segment: usize,
    /// A full corrected path, when a segment differs only in case or is a near miss.
    pub suggestion: Option<String>,
    /// The segment hits a scalar: the path goes below a value that has no properties.
    pub through_scalar: bool,
}

impl DataModel {
    pub fn from_schema(name: &str, file: &str, root: &Json) -> DataModel {
        let defs = Defs::new(root);
        let mut field = Field::default();
        build(root, &defs, &mut field, 0);
        DataModel {
            name: name.to_string(),
            file: file.to_string(),
            root: field,
            root_known: false,
        }
    }

    /// Splits a binding path into segments, dropping `[0]`-style indexes and `{0}` placeholders.
    pub fn segments(path: &str) -> Vec<&str> {
        path.split('.')
            .map(|s| s.find(['[', '{']).map(|i| &s[..i]).unwrap_or(s))
            .collect()
    }

    pub fn resolve(&self, path: &str) -> Result<Resolved<'_>, Unresolved> {
        let segs = Self::segments(path);
        let mut cur = &self.root;
        let mut arrays = Vec::new();
        for (i, seg) in segs.iter().enumerate() {
            if cur.is_array() {
                arrays.push(segs[..i].join("."));
            }
            match cur.children.get(*seg) {
                Some(next) => cur = next,
                None => {
                    let through_scalar =
                        cur.children.is_empty() && cur.ty.is_some_and(|t| t.is_scalar());
                    let suggestion = if through_scalar {
                        None
                    } else {
                        self.suggest(&segs)
                    };
                    return Err(Unresolved {
                        segment: i,
                        suggestion,
                        through_scalar,
                    });
                }
            }
        }
        Ok(Resolved { field: cur, arrays })
    }

    /// A corrected path: each unknown segment replaced by a case-insensitive match, else by the
    /// closest name within a small edit distance.
    pub fn suggest(&self, segs: &[&str]) -> Option<String> {
        let mut cur = &self.root;
        let mut out: Vec<String> = Vec::new();
        for seg in segs {
            let (name, next) = match cur.children.get_key_value(*seg) {
                Some((k, v)) => (k.clone(), v),
                None => {
                    let lower = seg.to_lowercase();
                    let found = cur
                        .children
                        .iter()
                        .find(|(k, _)| k.to_lowercase() == lower)
                        .or_else(|| {
                            cur.children
                                .iter()
                                .map(|(k, v)| (crate::model::util::edit_distance(k, seg), k, v))
                                .filter(|(d, k, _)| *d <= (k.len().max(seg.len()) / 3).max(1))
                                .min_by_key(|(d, _, _)| *d)
                                .map(|(_, k, v)| (k, v))
                        })?;
                    (found.0.clone(), found.1)
                }
            };
            out.push(name);
            cur = next;
        }
        Some(out.join("."))
    }

    /// Every path in the model (for completion and benchmarks), depth-first.
    pub fn all_paths(&self) -> Vec<(String, &Field)> {
        let mut out = Vec::new();
        let mut stack: Vec<(String, &Field)> = self
            .root
            .children
            .iter()
            .map(|(k, v)| (k.clone(), v))
            .collect();
        stack.reverse();
        while let Some((p, f)) = stack.pop() {
            for (k, v) in f.children.iter().rev() {
                stack.push((format!("{p}.{k}"), v));
            }
            out.push((p, f));
        }
        out
    }

    /// The field at a path prefix (segments only), for segment-by-segment completion.
    pub fn field_at(&self, prefix: &[&str]) -> Option<&Field> {
        prefix
            .iter()
            .try_fold(&self.root, |f, s| f.children.get(*s))
    }
}

struct Defs<'a> {
    root: &'a Json,
}

impl<'a> Defs<'a> {
    fn new(root: &'a Json) -> Self {
        Self { root }
    }
    /// Resolves a local `$ref` (`#/definitions/X`, `#/$defs/X`, any JSON pointer).
    fn lookup(&self, r: &str) -> Option<&'a Json> {
        let ptr = r.strip_prefix('#')?;
        let mut cur = self.root;
        for raw in ptr.split('/').filter(|s| !s.is_empty()) {
            let seg = raw.replace("~1", "/").replace("~0", "~");
            cur = match &cur.kind {
                JsonKind::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
                _ => cur.get(&seg)?,
            };
        }
        Some(cur)
    }
}

/// Refs deeper than this are cut (recursive models such as `recursiveGroups`).
const MAX_REF_DEPTH: usize = 24;

fn build(schema: &Json, defs: &Defs<'_>, out: &mut Field, depth: usize) {
    if depth > MAX_REF_DEPTH {
        return;
    }
    if let Some(r) = schema.get_str("$ref") {
        if let Some(target) = defs.lookup(r) {
            build(target, defs, out, depth + 1);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = schema.get(key).and_then(|l| l.as_array()) {
            for s in list {
                build(s, defs, out, depth + 1);
            }
        }
    }
    match schema.get("type").map(|t| &t.kind) {
        Some(JsonKind::String(t)) => set_type(out, t),
        Some(JsonKind::Array(ts)) => {
            for t in ts.iter().filter_map(|t| t.as_str()) {
                if t == "null" {
                    out.nullable = true;
                } else {
                    set_type(out, t);
                }
            }
        }
        _ => {}
    }
    if out.description.is_none() {
        out.description = schema
            .get_str("description")
            .or_else(|| schema.get_str("title"))
            .or_else(|| {
                // Seres models keep their documentation under texts.{LEDE,DEF}.NOB.
                let texts = schema.get("texts")?;
                texts
                    .pointer(&["DEF", "NOB"])
                    .or_else(|| texts.pointer(&["LEDE", "NOB"]))?
                    .as_str()
            })
            .map(str::to_string);
    }
    for key in [
        "maxLength",
        "minLength",
        "minimum",
        "maximum",
        "pattern",
        "format",
        "totalDigits",
        "fractionDigits",
    ] {
        if let Some(v) = schema.get(key) {
            let shown = match &v.kind {
                JsonKind::String(s) => s.clone(),
                JsonKind::Number(n) => format!("{n}"),
                _ => continue,
            };
            let r = format!("{key}: {shown}");
            if !out.restrictions.contains(&r) {
                out.restrictions.push(r);
            }
        }
    }
    if let Some(e) = schema.get("enum").and_then(|e| e.as_array()) {
        let vals: Vec<String> = e
            .iter()
            .map(|v| match &v.kind {
                JsonKind::String(s) => s.clone(),
                JsonKind::Number(n) => format!("{n}"),
                _ => v.type_name().to_string(),
            })
            .collect();
        out.restrictions.push(format!("enum: {}", vals.join(" | ")));
    }
    if let Some(props) = schema.get("properties").and_then(|p| p.as_object()) {
        if out.ty.is_none() {
            out.ty = Some(FieldType::Object);
        }
        for m in props {
            let child = out.children.entry(m.key.clone()).or_default();
            if child.decl.is_none() {
                child.decl = Some(m.key_range);
            }
            build(&m.value, defs, child, depth + 1);
        }
    }
    if let Some(items) = schema.get("items") {
        if out.ty.is_none() {
            out.ty = Some(FieldType::Array);
        }
        // Repeating-group rows: their properties live directly under the array's field.
        let mut item = Field::default();
        build(items, defs, &mut item, depth + 1);
        out.item_ty = item.ty;
        for (k, v) in item.children {
            out.children.entry(k).or_insert(v);
        }
        if out.description.is_none() {
            out.description = item.description;
        }
    }
}

fn set_type(out: &mut Field, t: &str) {
    let ty = match t {
        "object" => FieldType::Object,
        "array" => FieldType::Array,
        "string" => FieldType::String,
        "number" => FieldType::Number,
        "integer" => FieldType::Integer,
        "boolean" => FieldType::Boolean,
        _ => return,
    };
    // An array wins over its item type when both appear through refs.
    if out.ty != Some(FieldType::Array) {
        out.ty = Some(ty);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_json;

    const SCHEMA: &str = r##"{
      "type": "object",
      "properties": {
        "Person": { "$ref": "#/$defs/Person" },
        "Rows": { "type": "array", "items": { "$ref": "#/definitions/Row" } },
        "Tags": { "type": "array", "items": { "type": "string" } }
      },
      "$defs": { "Person": { "type": "object", "properties": { "Name": { "type": "string", "maxLength": 10 }, "Age": { "type": ["integer", "null"] } } } },
      "definitions": { "Row": { "type": "object", "properties": { "Amount": { "type": "number" } } } }
    }"##;

    #[test]
    fn resolves_paths_refs_and_arrays() {
        let doc = parse_json(SCHEMA);
        let m = DataModel::from_schema(
            "model",
            "models/model.schema.json",
            doc.root.as_ref().unwrap(),
        );
        let name = m.resolve("Person.Name").unwrap();
        assert_eq!(name.field.ty(), FieldType::String);
        assert_eq!(name.field.restrictions, ["maxLength: 10"]);
        assert_eq!(
            m.resolve("Person.Age").unwrap().field.ty(),
            FieldType::Integer
        );
        let amount = m.resolve("Rows.Amount").unwrap();
        assert_eq!(amount.arrays, ["Rows"]);
        assert_eq!(
            m.resolve("Rows[0].Amount").unwrap().field.ty(),
            FieldType::Number
        );
        assert_eq!(
            m.resolve("Tags").unwrap().field.item_ty,
            Some(FieldType::String)
        );
        let miss = m.resolve("person.name").unwrap_err();
        assert_eq!(miss.segment, 0);
        assert_eq!(miss.suggestion.as_deref(), Some("Person.Name"));
        let near = m.resolve("Person.Nme").unwrap_err();
        assert_eq!(near.suggestion.as_deref(), Some("Person.Name"));
        assert!(m.resolve("Person.Name.X").unwrap_err().through_scalar);
    }
}
