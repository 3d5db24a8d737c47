//! The C# data model classes (`models/*.cs`): each class's properties with the name they have
//! in the form data, their type and where they are declared.
//!
//! The name a property has in the data is the one the app backend reads a path segment by
//! (app-lib `DataModelWrapper`'s property lookup, the v9 source generator's `GetJsonName`): the
//! `[JsonPropertyName]` argument, else Newtonsoft's `[JsonProperty]`, else the C# name. A
//! `[JsonIgnore]` property is not in the data. Designer writes `JsonPropertyName` and
//! `XmlElement` with the schema's property name on every element property, `XmlAttribute` (no
//! JSON name) on attributes, and `List<T>` for repeating elements.
//!
//! Read with tree-sitter's C# grammar, one file at a time, so an edit re-reads one file.

use super::csharp::string_value;
use crate::syntax::TextRange;
use std::collections::BTreeMap;
use tree_sitter::{Node, Tree};

/// One property of a model class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsProp {
    /// The C# identifier.
    pub name: String,
    pub name_range: TextRange,
    /// `[JsonPropertyName("x")]` (or Newtonsoft `[JsonProperty("x")]`): the value and the
    /// range of the string's content.
    pub json_name: Option<(String, TextRange)>,
    /// Every attribute string naming the property (`JsonPropertyName`, `JsonProperty`,
    /// `XmlElement`, `XmlAttribute`): what a rename edits with the identifier.
    pub name_strings: Vec<(String, TextRange)>,
    /// `[JsonIgnore]` (always): not in the data.
    pub ignored: bool,
    /// The type as written (`List<Person>?`).
    pub ty: String,
    /// The element type's simple name (`Person` for `List<Models.Person?>`).
    pub elem: String,
    /// `List<T>`, `T[]` and other collections: a repeating field.
    pub list: bool,
    pub nullable: bool,
}

impl CsProp {
    /// The name of the property in the form data (a path segment).
    pub fn data_name(&self) -> &str {
        self.json_name.as_ref().map_or(&self.name, |(n, _)| n)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsClass {
    pub name: String,
    pub name_range: TextRange,
    pub props: Vec<CsProp>,
    /// `partial`, or with a base class: some properties may be declared elsewhere.
    pub open: bool,
}

impl CsClass {
    /// The property holding the data named `seg`.
    pub fn prop(&self, seg: &str) -> Option<&CsProp> {
        self.props
            .iter()
            .find(|p| !p.ignored && p.data_name() == seg)
    }
}

/// The classes of one file, and whether the file parsed without errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsFile {
    pub classes: Vec<CsClass>,
    pub clean: bool,
}

/// A step of a resolved path: the file and class declaring the property, and the property.
pub type Step<'a> = (&'a str, &'a CsClass, &'a CsProp);

/// The model classes of every `models/*.cs` file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsModels {
    files: BTreeMap<String, CsFile>,
}

/// How deep paths are followed (recursive models).
const MAX_DEPTH: usize = 24;

impl CsModels {
    /// Reads (or re-reads) a file; only `models/*.cs` hold data model classes.
    pub fn set_file(&mut self, path: &str, text: &str) {
        if !is_model_file(path) {
            return;
        }
        self.files.insert(path.to_string(), read(text));
    }

    /// As [`CsModels::set_file`], with the file's tree already parsed (`None`: unreadable).
    pub(crate) fn set_file_parsed(&mut self, path: &str, text: &str, tree: Option<&Tree>) {
        if !is_model_file(path) {
            return;
        }
        self.files.insert(
            path.to_string(),
            tree.map_or_else(CsFile::default, |t| read_tree(text, t)),
        );
    }

    pub fn remove_file(&mut self, path: &str) {
        self.files.remove(path);
    }

    pub fn is_empty(&self) -> bool {
        self.files.values().all(|f| f.classes.is_empty())
    }

    pub fn file(&self, path: &str) -> Option<&CsFile> {
        self.files.get(path)
    }

    /// A class by simple name, preferring one in `near` (the file the name is used in).
    pub fn class<'a>(&'a self, name: &str, near: Option<&str>) -> Option<(&'a str, &'a CsClass)> {
        let find = |(f, cf): (&'a String, &'a CsFile)| {
            cf.classes
                .iter()
                .find(|c| c.name == name)
                .map(|c| (f.as_str(), c))
        };
        near.and_then(|n| self.files.get_key_value(n).and_then(find))
            .or_else(|| self.files.iter().find_map(find))
    }

    /// The root class of a data type: the class its `classRef` names
    /// (`Altinn.App.Models.Skjema` → `Skjema`), preferring `models/<data type>.cs`.
    pub fn root_class<'a>(
        &'a self,
        data_type: &str,
        class_ref: &str,
    ) -> Option<(&'a str, &'a CsClass)> {
        let name = class_ref.rsplit('.').next()?.trim();
        self.class(name, Some(&format!("models/{data_type}.cs")))
    }

    /// The properties along a path's segments from a root class; `Err(i)`: segment `i` is
    /// not a property (or goes below a value that is not a model class).
    pub fn resolve<'a>(
        &'a self,
        root: (&'a str, &'a CsClass),
        segs: &[&str],
    ) -> Result<Vec<Step<'a>>, usize> {
        let mut out: Vec<Step<'a>> = Vec::new();
        let mut cur = Some(root);
        for (i, seg) in segs.iter().enumerate() {
            let (file, class) = cur.ok_or(i)?;
            let p = class.prop(seg).ok_or(i)?;
            out.push((file, class, p));
            cur = self.class(&p.elem, Some(file));
        }
        Ok(out)
    }

    /// The property whose name (or JSON name string) is at `offset` in `file`, with its class.
    pub fn prop_at(&self, file: &str, offset: u32) -> Option<(&CsClass, &CsProp)> {
        let f = self.files.get(file)?;
        f.classes.iter().find_map(|c| {
            c.props
                .iter()
                .find(|p| {
                    p.name_range.contains_inclusive(offset)
                        || p.json_name
                            .as_ref()
                            .is_some_and(|(_, r)| r.contains_inclusive(offset))
                })
                .map(|p| (c, p))
        })
    }

    /// The data paths (segments joined by `.`) from a root class to `prop` of the class
    /// `class` in `file`, shortest first: a class shared by several fields has several (at
    /// most `limit`; recursive models are followed [`MAX_DEPTH`] deep).
    pub fn paths_to(
        &self,
        root: (&str, &CsClass),
        file: &str,
        class: &CsClass,
        prop: &CsProp,
        limit: usize,
    ) -> Vec<String> {
        if prop.ignored {
            return Vec::new();
        }
        // Breadth first over (class, path) with each node's parent, so that a path never
        // enters a class it is already in (cycles); the node count is bounded.
        struct Node<'a> {
            file: &'a str,
            class: &'a CsClass,
            path: String,
            parent: Option<usize>,
            depth: usize,
        }
        let mut nodes: Vec<Node<'_>> = vec![Node {
            file: root.0,
            class: root.1,
            path: String::new(),
            parent: None,
            depth: 0,
        }];
        let mut out = Vec::new();
        let mut i = 0;
        while i < nodes.len() && out.len() < limit {
            let (f, c, depth) = (nodes[i].file, nodes[i].class, nodes[i].depth);
            let path = nodes[i].path.clone();
            let join = |p: &CsProp| {
                if path.is_empty() {
                    p.data_name().to_string()
                } else {
                    format!("{path}.{}", p.data_name())
                }
            };
            if f == file && c.name == class.name && c.props.iter().any(|p| p == prop) {
                out.push(join(prop));
            }
            if depth < MAX_DEPTH && nodes.len() < MAX_NODES {
                for p in c.props.iter().filter(|p| !p.ignored) {
                    let Some((nf, nc)) = self.class(&p.elem, Some(f)) else {
                        continue;
                    };
                    // Not into a class already on this path.
                    let mut up = Some(i);
                    let mut cycle = false;
                    while let Some(u) = up {
                        if nodes[u].file == nf && nodes[u].class.name == nc.name {
                            cycle = true;
                            break;
                        }
                        up = nodes[u].parent;
                    }
                    if !cycle {
                        nodes.push(Node {
                            file: nf,
                            class: nc,
                            path: join(p),
                            parent: Some(i),
                            depth: depth + 1,
                        });
                    }
                }
            }
            i += 1;
        }
        out
    }
}

/// How many (class, path) nodes [`CsModels::paths_to`] visits at most.
const MAX_NODES: usize = 20_000;

/// `models/<name>.cs`.
pub fn is_model_file(path: &str) -> bool {
    path.strip_prefix("models/")
        .is_some_and(|f| !f.contains('/') && f.ends_with(".cs"))
}

/// Reads the classes of one file.
pub fn read(text: &str) -> CsFile {
    super::csharp::parse(text).map_or_else(CsFile::default, |t| read_tree(text, &t))
}

/// Reads the classes of one parsed file.
fn read_tree(text: &str, tree: &Tree) -> CsFile {
    let root = tree.root_node();
    let mut out = CsFile {
        classes: Vec::new(),
        clean: !root.has_error(),
    };
    // Iteratively: any nesting is safe.
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if matches!(
            n.kind(),
            "class_declaration" | "record_declaration" | "struct_declaration"
        ) {
            if let Some(c) = class(text, n) {
                out.classes.push(c);
            }
        }
        let mut cur = n.walk();
        let children: Vec<Node<'_>> = n.named_children(&mut cur).collect();
        stack.extend(children.into_iter().rev());
    }
    out
}

fn text_of<'t>(text: &'t str, n: Node<'_>) -> &'t str {
    text.get(n.start_byte()..n.end_byte()).unwrap_or("")
}

fn range_of(n: Node<'_>) -> TextRange {
    TextRange::new(n.start_byte() as u32, n.end_byte() as u32)
}

fn class(text: &str, n: Node<'_>) -> Option<CsClass> {
    let name = n.child_by_field_name("name")?;
    let mut cur = n.walk();
    let children: Vec<Node<'_>> = n.children(&mut cur).collect();
    let partial = children
        .iter()
        .any(|c| c.kind() == "modifier" && text_of(text, *c) == "partial");
    let based = children.iter().any(|c| c.kind() == "base_list");
    let mut props = Vec::new();
    if let Some(body) = n.child_by_field_name("body") {
        let mut cur = body.walk();
        for m in body.named_children(&mut cur) {
            if m.kind() == "property_declaration" {
                if let Some(p) = property(text, m) {
                    props.push(p);
                }
            }
        }
    }
    Some(CsClass {
        name: text_of(text, name).to_string(),
        name_range: range_of(name),
        props,
        open: partial || based,
    })
}

fn property(text: &str, m: Node<'_>) -> Option<CsProp> {
    let name = m.child_by_field_name("name")?;
    let ty = m.child_by_field_name("type")?;
    let mut cur = m.walk();
    let children: Vec<Node<'_>> = m.children(&mut cur).collect();
    // Static properties are not serialised.
    if children
        .iter()
        .any(|c| c.kind() == "modifier" && text_of(text, *c) == "static")
    {
        return None;
    }
    let mut json_name = None;
    let mut newtonsoft_name = None;
    let mut name_strings = Vec::new();
    let mut ignored = false;
    for list in children.iter().filter(|c| c.kind() == "attribute_list") {
        let mut cur = list.walk();
        for a in list
            .named_children(&mut cur)
            .filter(|a| a.kind() == "attribute")
        {
            let Some(an) = a.child_by_field_name("name") else {
                continue;
            };
            let full = text_of(text, an);
            let simple = full.rsplit('.').next().unwrap_or(full);
            let simple = simple.strip_suffix("Attribute").unwrap_or(simple);
            let args = attribute_args(text, a);
            let first = args
                .iter()
                .find(|(n, _)| {
                    n.is_none()
                        || n.as_deref() == Some("PropertyName")
                        || n.as_deref() == Some("ElementName")
                        || n.as_deref() == Some("AttributeName")
                })
                .and_then(|(_, v)| v.clone());
            match simple {
                "JsonPropertyName" => {
                    if let Some(v) = &first {
                        json_name = Some(v.clone());
                    }
                }
                "JsonProperty" => newtonsoft_name = first.clone(),
                // Newtonsoft's ignore does not touch the System.Text.Json data the app serves.
                "JsonIgnore" if !full.starts_with("Newtonsoft") => {
                    // `Condition = WhenWritingNull` still reads and writes the property.
                    let cond = args.iter().find(|(n, _)| n.as_deref() == Some("Condition"));
                    ignored = cond.is_none_or(|(_, _)| text_of(text, a).contains("Always"));
                }
                _ => {}
            }
            if matches!(
                simple,
                "JsonPropertyName" | "JsonProperty" | "XmlElement" | "XmlAttribute"
            ) {
                if let Some(v) = first {
                    name_strings.push(v);
                }
            }
        }
    }
    let ty_text: String = text_of(text, ty)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let (elem, list, nullable) = parse_type(&ty_text);
    Some(CsProp {
        name: text_of(text, name).trim_start_matches('@').to_string(),
        name_range: range_of(name),
        json_name: json_name.or(newtonsoft_name),
        name_strings,
        ignored,
        ty: ty_text,
        elem,
        list,
        nullable,
    })
}

/// An attribute argument: the name of a named argument, the string value with the range of
/// its content.
type AttrArg = (Option<String>, Option<(String, TextRange)>);

/// An attribute's arguments: (name of a named argument, the string value with the range of
/// its content).
fn attribute_args(text: &str, a: Node<'_>) -> Vec<AttrArg> {
    let mut out = Vec::new();
    let mut cur = a.walk();
    let Some(list) = a
        .named_children(&mut cur)
        .find(|c| c.kind() == "attribute_argument_list")
    else {
        return out;
    };
    let mut cur = list.walk();
    for arg in list
        .named_children(&mut cur)
        .filter(|c| c.kind() == "attribute_argument")
    {
        let mut cur = arg.walk();
        let kids: Vec<Node<'_>> = arg.named_children(&mut cur).collect();
        let Some(expr) = kids.last() else { continue };
        // `Name = "x"` (named) or `name: "x"`: the first identifier names it.
        let name = (kids.len() > 1).then(|| {
            text_of(text, kids[0])
                .trim_end_matches([':', '='])
                .trim()
                .to_string()
        });
        let value = (expr.kind() == "string_literal" || expr.kind() == "verbatim_string_literal")
            .then(|| string_value(text_of(text, *expr)))
            .flatten()
            .map(|v| {
                let r = range_of(*expr);
                let quote = if text_of(text, *expr).starts_with('@') {
                    2
                } else {
                    1
                };
                (
                    v,
                    TextRange::new(
                        r.start + quote,
                        r.end.saturating_sub(1).max(r.start + quote),
                    ),
                )
            });
        out.push((name, value));
    }
    out
}

/// `List<Person>?` → (`Person`, list, nullable); `decimal?` → (`decimal`, single, nullable).
pub fn parse_type(t: &str) -> (String, bool, bool) {
    let mut nullable = false;
    let mut t = t;
    if let Some(x) = t.strip_suffix('?') {
        nullable = true;
        t = x;
    }
    let mut list = false;
    let inner = if let Some(x) = t.strip_suffix("[]") {
        list = true;
        x
    } else if let (Some(open), true) = (t.find('<'), t.ends_with('>')) {
        let outer = t[..open].rsplit('.').next().unwrap_or("");
        if matches!(
            outer,
            "List"
                | "IList"
                | "ICollection"
                | "IEnumerable"
                | "Collection"
                | "IReadOnlyList"
                | "IReadOnlyCollection"
                | "HashSet"
                | "ISet"
        ) {
            list = true;
            &t[open + 1..t.len() - 1]
        } else {
            t
        }
    } else {
        t
    };
    let inner = inner.strip_suffix('?').unwrap_or(inner);
    let simple = inner.rsplit(['.', ':']).next().unwrap_or(inner).to_string();
    (simple, list, nullable)
}

/// The JSON schema type family of a C# scalar type: `string`, `number`, `boolean`; `None` for
/// a class or a type this does not know.
pub fn json_kind(elem: &str) -> Option<&'static str> {
    Some(match elem {
        "string" | "String" | "DateTime" | "DateOnly" | "TimeOnly" | "DateTimeOffset" | "Guid"
        | "char" | "TimeSpan" | "Uri" => "string",
        "int" | "long" | "short" | "byte" | "sbyte" | "uint" | "ulong" | "ushort" | "decimal"
        | "double" | "float" | "Int32" | "Int64" | "Int16" | "Decimal" | "Double" | "Single"
        | "BigInteger" => "number",
        "bool" | "Boolean" => "boolean",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"
using System.Text.Json.Serialization;
namespace Altinn.App.Models {
  [XmlRoot(ElementName="Skjema")]
  public class Skjema {
    [XmlAttribute("skjemanummer")] [BindNever] public decimal skjemanummer { get; set; } = 1;
    [XmlElement("Person-grp", Order = 1)]
    [JsonProperty("Person-grp")]
    [JsonPropertyName("Person-grp")]
    public Persongrp? Persongrp { get; set; }
    [JsonPropertyName("rader")] public List<Rad>? rader { get; set; }
    [System.Text.Json.Serialization.JsonIgnore] public string Hidden { get; set; }
    [JsonPropertyName("altinnRowId")]
    [System.Text.Json.Serialization.JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    [Newtonsoft.Json.JsonIgnore]
    public Guid AltinnRowId { get; set; }
    public static string Constant { get; } = "x";
  }
  public class Persongrp { [JsonPropertyName("navn")] public string? navn { get; set; } }
  public class Rad { public decimal[] Belop { get; set; } }
}"#;

    fn models() -> CsModels {
        let mut m = CsModels::default();
        m.set_file("models/Skjema.cs", MODEL);
        m
    }

    #[test]
    fn reads_properties_with_their_data_names() {
        let m = models();
        let (_, c) = m.class("Skjema", None).unwrap();
        let names: Vec<&str> = c.props.iter().map(|p| p.data_name()).collect();
        assert_eq!(
            names,
            [
                "skjemanummer",
                "Person-grp",
                "rader",
                "Hidden",
                "altinnRowId"
            ]
        );
        assert!(c.props[3].ignored && !c.props[4].ignored);
        assert_eq!(c.props[1].name, "Persongrp");
        assert_eq!(c.props[1].name_strings.len(), 3);
        assert!(c.props[2].list && c.props[2].nullable && c.props[2].elem == "Rad");
        assert!(m.file("models/Skjema.cs").unwrap().clean);
    }

    #[test]
    fn resolves_paths_both_ways() {
        let m = models();
        let root = m.root_class("Skjema", "Altinn.App.Models.Skjema").unwrap();
        let steps = m.resolve(root, &["Person-grp", "navn"]).unwrap();
        assert_eq!(steps[1].2.name, "navn");
        assert_eq!(
            m.resolve(root, &["rader", "Belop"]).unwrap()[1].2.ty,
            "decimal[]"
        );
        assert_eq!(m.resolve(root, &["Hidden"]).unwrap_err(), 0);
        assert_eq!(m.resolve(root, &["rader", "nope"]).unwrap_err(), 1);
        let (_, rad) = m.class("Rad", None).unwrap();
        let p = &rad.props[0];
        assert_eq!(
            m.paths_to(root, "models/Skjema.cs", rad, p, 8),
            ["rader.Belop"]
        );
        let at = MODEL.find("navn\")] public").unwrap() as u32 + 1;
        let (c, p) = m.prop_at("models/Skjema.cs", at).unwrap();
        assert_eq!((c.name.as_str(), p.name.as_str()), ("Persongrp", "navn"));
    }

    #[test]
    fn types() {
        assert_eq!(parse_type("List<A.B?>?"), ("B".into(), true, true));
        assert_eq!(parse_type("int?"), ("int".into(), false, true));
        assert_eq!(
            parse_type("Dictionary<string,int>"),
            ("Dictionary<string,int>".into(), false, false)
        );
        assert!(!is_model_file("logic/A.cs") && is_model_file("models/A.cs"));
    }
}
