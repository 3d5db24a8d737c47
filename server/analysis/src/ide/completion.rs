//! Completion: what kind of name goes at the cursor ([`super::navigation::classify`]) and the
//! names of that kind the app has. Works in a string being typed (also unterminated) and where
//! a value or key has not been started yet (then the item brings its quotes).

use super::context::{scan, Scan, Seg, Slot};
use super::navigation::{classify, set_id, Role};
use super::{CompletionItem, CompletionKind};
use crate::db::SourceFile;
use crate::model::components::{self, PropType};
use crate::model::{DataModel, DeclKind, Field, FieldType, FileKind};
use crate::syntax::TextRange;
use crate::AppDb;

/// Expression function names, from the function table.
pub fn function_names() -> impl Iterator<Item = &'static str> {
    crate::expr::functions().iter().map(|f| f.name)
}

/// Signature and description of an expression function, when known.
pub fn function_doc(name: &str) -> Option<(String, String)> {
    let f = crate::expr::function(name)?;
    let mut runtimes = Vec::new();
    if f.support.v4 {
        runtimes.push("app-frontend v4");
    }
    if f.support.next {
        runtimes.push("next frontend");
    }
    if f.support.backend {
        runtimes.push("backend");
    }
    Some((
        f.signature.to_string(),
        format!(
            "{}

Supported by: {}",
            f.description,
            runtimes.join(", ")
        ),
    ))
}

/// Data type and task ids in the text of BPMN extension elements and policy task matches.
fn xml_completion(
    db: &AppDb,
    file: &SourceFile,
    root: &crate::syntax::XmlElement,
    offset: u32,
) -> Vec<CompletionItem> {
    // The innermost element around the cursor, and its parent.
    let mut path = vec![root];
    loop {
        let cur = path[path.len() - 1];
        match cur
            .children
            .iter()
            .find(|c| c.range.start < offset && offset < c.range.end)
        {
            Some(c) => path.push(c),
            None => break,
        }
    }
    let el = path[path.len() - 1];
    let text = &file.text;
    // In the element's character data: after a `>` with no `<` between it and the cursor.
    let before = text
        .get(el.range.start as usize..offset as usize)
        .unwrap_or("");
    let Some(gt) = before.rfind('>') else {
        return Vec::new();
    };
    if before[gt..].contains('<') {
        return Vec::new();
    }
    let start = el.range.start + gt as u32 + 1;
    let after = text
        .get(offset as usize..el.range.end as usize)
        .unwrap_or("");
    let end = offset + after.find('<').unwrap_or(0) as u32;
    let raw = text.get(start as usize..end as usize).unwrap_or("");
    let lead = (raw.len() - raw.trim_start().len()) as u32;
    let trail = (raw.len() - raw.trim_end().len()) as u32;
    let range = TextRange::new((start + lead).min(offset), (end - trail).max(offset));
    let local = el.local_name();
    let role = match file.kind {
        FileKind::Process if super::navigation::BPMN_DATA_TYPE_ELEMENTS.contains(&local) => {
            CompletionKind::DataType
        }
        FileKind::Process if local == "taskId" => CompletionKind::Task,
        FileKind::Policy
            if local == "AttributeValue"
                && path.len() >= 2
                && path[path.len() - 2]
                    .children
                    .iter()
                    .any(|c| c.attr_value("AttributeId") == Some("urn:altinn:task")) =>
        {
            CompletionKind::Task
        }
        _ => return Vec::new(),
    };
    let m = db.model();
    let names: Vec<(String, Option<String>)> = match role {
        CompletionKind::DataType => m
            .data_types
            .iter()
            .map(|d| (d.id.clone(), d.class_ref.clone()))
            .collect(),
        _ => m
            .process
            .iter()
            .flat_map(|p| p.tasks())
            .map(|t| (t.id.clone(), t.task_type.clone()))
            .collect(),
    };
    names
        .into_iter()
        .map(|(label, detail)| CompletionItem {
            label,
            kind: role,
            detail,
            documentation: None,
            insert_text: None,
            replace_range: Some(range),
            sort_text: None,
        })
        .collect()
}

/// A completion answer cut to a size a client handles quickly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionList {
    pub items: Vec<CompletionItem>,
    /// The list was cut: the client should ask again as the user types.
    pub is_incomplete: bool,
}

/// [`completion`], cut to `limit` items when longer: names starting with what is typed first,
/// then names containing it, then the rest, each in the usual order.
pub fn completion_list(db: &AppDb, path: &str, offset: u32, limit: usize) -> CompletionList {
    let (mut items, mut is_incomplete) = completion_impl(db, path, offset, limit);
    if items.len() > limit {
        items.truncate(limit);
        is_incomplete = true;
    }
    CompletionList {
        items,
        is_incomplete,
    }
}

/// Lists longer than this are narrowed by what is typed (small lists are returned whole, so a
/// client filtering the first answer while the user edits the word never misses a name).
const NARROW_ABOVE: usize = 1000;

fn narrow_ok(typed: &str, label: &str, narrow: bool) -> bool {
    !narrow || fuzzy(typed, label)
}

/// Case-insensitive subsequence match: a superset of what editors' fuzzy filters accept.
fn fuzzy(typed: &str, label: &str) -> bool {
    let mut l = label.chars().flat_map(char::to_lowercase);
    typed
        .chars()
        .flat_map(char::to_lowercase)
        .all(|c| l.any(|x| x == c))
}

/// How items are inserted at the cursor.
struct Insert {
    /// In a string: the content range to replace; else the bare word at the cursor.
    range: TextRange,
    in_string: bool,
    closed: bool,
    key: bool,
    /// Long name lists are cut to this many (best matches first).
    limit: usize,
    /// Set when a list was cut.
    cut: std::cell::Cell<bool>,
}

impl Insert {
    /// Keeps the `limit` best names for what is typed (prefix matches, then containing, then
    /// the rest; the given order within each group).
    fn cut_names<T>(&self, names: &mut Vec<T>, typed: &str, name: impl Fn(&T) -> &str) {
        if names.len() <= self.limit {
            return;
        }
        let typed = typed.to_lowercase();
        if typed.is_empty() {
            names.truncate(self.limit);
            self.cut.set(true);
            return;
        }
        names.sort_by_cached_key(|n| {
            let l = name(n).to_lowercase();
            if l.starts_with(&typed) {
                0u8
            } else if l.contains(&typed) {
                1
            } else {
                2
            }
        });
        names.truncate(self.limit);
        self.cut.set(true);
    }
}

impl Insert {
    fn item(
        &self,
        label: impl Into<String>,
        kind: CompletionKind,
        detail: Option<String>,
        doc: Option<String>,
    ) -> CompletionItem {
        let label = label.into();
        let insert = if self.in_string {
            if self.closed {
                label.clone()
            } else {
                format!("{label}\"")
            }
        } else if self.key {
            format!("\"{label}\": ")
        } else {
            serde_json::to_string(&label).unwrap_or_else(|_| format!("\"{label}\""))
        };
        CompletionItem {
            insert_text: (insert != label).then_some(insert),
            replace_range: Some(self.range),
            label,
            kind,
            detail,
            documentation: doc,
            sort_text: None,
        }
    }
}

pub fn completion(db: &AppDb, path: &str, offset: u32) -> Vec<CompletionItem> {
    completion_impl(db, path, offset, usize::MAX).0
}

fn completion_impl(
    db: &AppDb,
    path: &str,
    offset: u32,
    limit: usize,
) -> (Vec<CompletionItem>, bool) {
    let Some(file) = db.file(path) else {
        return (Vec::new(), false);
    };
    if let Some(x) = file.xml() {
        let items = x
            .root
            .as_ref()
            .map(|root| xml_completion(db, file, root, offset))
            .unwrap_or_default();
        return (items, false);
    }
    let Some(doc) = file.json() else {
        return (Vec::new(), false);
    };
    let Some(s) = scan(&file.text, doc.root.as_ref(), offset) else {
        return (Vec::new(), false);
    };
    let ins = Insert {
        range: s.string.as_ref().map(|st| st.content).unwrap_or(s.word),
        in_string: s.string.is_some(),
        closed: s.string.as_ref().is_none_or(|st| st.closed),
        key: s.slot == Slot::Key,
        limit,
        cut: std::cell::Cell::new(false),
    };
    let segs = s.path();
    let mut out = Vec::new();
    match classify(&file.kind, &segs, s.slot, &s) {
        Some(role) => complete_role(db, file, &s, &segs, &role, &ins, &mut out),
        None => complete_structure(db, file, &s, &segs, &ins, &mut out),
    }
    (out, ins.cut.get())
}

fn complete_role(
    db: &AppDb,
    file: &SourceFile,
    s: &Scan<'_>,
    segs: &[Seg<'_>],
    role: &Role,
    ins: &Insert,
    out: &mut Vec<CompletionItem>,
) {
    let m = db.model();
    // What is typed before the cursor: long lists are narrowed to names that could match (the
    // client filters further as the user types; narrowing never hides what it would show).
    let typed = s.string.as_ref().map(|st| st.prefix.as_str()).unwrap_or("");
    match role {
        Role::TextKey => {
            let primary = m.texts.get("nb").or_else(|| m.texts.values().next());
            // Declaring a key in a text file: offer the keys other languages have and this one
            // lacks.
            let own = match (&file.kind, segs) {
                (
                    FileKind::TextResource { lang },
                    [Seg::Key("resources"), Seg::Index(_), Seg::Key("id")],
                ) => m.texts.get(lang),
                _ => None,
            };
            let current = s.string.as_ref().map(|st| st.value.as_str());
            let many_keys =
                m.texts.values().map(|t| t.keys.len()).max().unwrap_or(0) > NARROW_ABOVE;
            // The primary language's keys, then keys only other languages have.
            let mut keys: Vec<&String> = Vec::new();
            for (i, t) in m.texts.values().enumerate() {
                let first = primary.map(|p| std::ptr::eq(p, t)).unwrap_or(i == 0);
                keys.extend(t.keys.keys().filter(|k| {
                    (first || !primary.is_some_and(|p| p.keys.contains_key(*k)))
                        && narrow_ok(typed, k, many_keys)
                        && own
                            .is_none_or(|o| !o.keys.contains_key(*k) || Some(k.as_str()) == current)
                }));
            }
            if m.texts.len() > 2 {
                // Keys several non-primary languages share.
                let mut seen = std::collections::HashSet::new();
                keys.retain(|k| seen.insert(*k));
            }
            if keys.len() > ins.limit {
                // The best `limit` keys without sorting them all: prefix matches, then
                // containing, then the rest; alphabetical within each group.
                let t = typed.to_lowercase();
                let rank = |k: &str| {
                    if t.is_empty() {
                        return 0u8;
                    }
                    let l = k.to_lowercase();
                    if l.starts_with(&t) {
                        0
                    } else if l.contains(&t) {
                        1
                    } else {
                        2
                    }
                };
                let mut ranked: Vec<(u8, &String)> = keys.iter().map(|k| (rank(k), *k)).collect();
                ranked.select_nth_unstable(ins.limit);
                ranked.truncate(ins.limit);
                ranked.sort_unstable();
                keys = ranked.into_iter().map(|(_, k)| k).collect();
                ins.cut.set(true);
            } else {
                keys.sort_unstable();
            }
            // Every language's text in the documentation, unless the list is huge (then the
            // detail shows the primary language and hover shows all).
            let with_doc = keys.len() <= 2000;
            for k in keys {
                let detail = primary.and_then(|t| t.keys.get(k)).map(|e| e.value.clone());
                if !with_doc {
                    out.push(ins.item(k.clone(), CompletionKind::TextKey, detail, None));
                    continue;
                }
                let doc = m
                    .texts
                    .values()
                    .filter_map(|t| {
                        t.keys
                            .get(k)
                            .map(|e| format!("- **{}**: {}", t.lang, e.value))
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                out.push(ins.item(k.clone(), CompletionKind::TextKey, detail, Some(doc)));
            }
        }
        Role::ComponentId { task } => {
            let set = task
                .as_ref()
                .and_then(|t| {
                    m.sets
                        .iter()
                        .find(|x| x.tasks.iter().any(|(y, _)| y == t) || x.id == *t)
                })
                .or_else(|| m.set_of_file(&file.kind));
            let Some(set) = set else { return };
            // In a component's own `id`, offer nothing (it is a declaration).
            if matches!(
                segs,
                [
                    Seg::Key("data"),
                    Seg::Key("layout"),
                    Seg::Index(_),
                    Seg::Key("id")
                ]
            ) {
                return;
            }
            let own = s.member_str(3, "id");
            let mut cands: Vec<(usize, &crate::model::ComponentInfo)> = set
                .components
                .iter()
                .enumerate()
                .filter(|(_, c)| narrow_ok(typed, &c.id, set.components.len() > NARROW_ABOVE))
                .filter(|(_, c)| {
                    own.as_deref() != Some(c.id.as_str())
                        || !matches!(file.kind, FileKind::Layout { .. })
                })
                .collect();
            if cands.len() > ins.limit {
                // The current page's components first, as the sort text orders them.
                if let FileKind::Layout { page, .. } = &file.kind {
                    cands.sort_by_key(|(_, c)| c.page != *page);
                }
                ins.cut_names(&mut cands, typed, |(_, c)| c.id.as_str());
            }
            for (rank, c) in cands {
                let mut it = ins.item(
                    c.id.clone(),
                    CompletionKind::ComponentId,
                    Some(format!("{} on page {}", c.ty, c.page)),
                    None,
                );
                // Components of the page being edited first, then in page order.
                let other_page = match &file.kind {
                    FileKind::Layout { page, .. } => c.page != *page,
                    _ => false,
                };
                it.sort_text = Some(format!("{}{rank:06}", u8::from(other_page)));
                out.push(it);
            }
        }
        Role::ComponentType => {
            for c in components::for_frontend(m.versions.frontend.major) {
                out.push(ins.item(
                    c.name,
                    CompletionKind::Component,
                    Some(format!("{:?} component", c.category)),
                    Some(c.doc.to_string()),
                ));
            }
        }
        Role::Property {
            component_type,
            within: Some(w),
        } => {
            let Some(d) = component_type.as_deref().and_then(components::component) else {
                return;
            };
            let existing = s.object_keys(segs.len());
            let current = s.string.as_ref().map(|st| st.value.as_str());
            let fresh = |k: &str| {
                !existing
                    .iter()
                    .any(|e| e == k && Some(e.as_str()) != current)
            };
            if *w == "dataModelBindings" {
                for b in d.bindings.iter().filter(|b| fresh(b.key)) {
                    let mut it = ins.item(
                        b.key,
                        CompletionKind::Property,
                        Some(binding_detail(b)),
                        None,
                    );
                    it.sort_text = Some(format!("{}{}", u8::from(!b.required), b.key));
                    out.push(it);
                }
            } else {
                for k in d.text_bindings.iter().filter(|k| fresh(k)) {
                    out.push(ins.item(
                        *k,
                        CompletionKind::Property,
                        Some("text binding".into()),
                        None,
                    ));
                }
            }
        }
        Role::Property {
            component_type,
            within: None,
        } => {
            let existing = s.object_keys(segs.len());
            let current = s.string.as_ref().map(|st| st.value.as_str());
            let def = component_type.as_deref().and_then(components::component);
            let props: Vec<&components::PropDef> = match def {
                Some(d) => d.props.iter().collect(),
                None => ["id", "type"]
                    .iter()
                    .filter_map(|n| components::component("Input").and_then(|d| d.prop(n)))
                    .collect(),
            };
            for p in props {
                if existing
                    .iter()
                    .any(|k| k == p.name && Some(k.as_str()) != current)
                {
                    continue;
                }
                let mut it = ins.item(
                    p.name,
                    CompletionKind::Property,
                    Some(p.ty.describe()),
                    Some(p.doc.to_string()),
                );
                it.sort_text = Some(format!("{}{}", if p.required { 0 } else { 1 }, p.name));
                out.push(it);
            }
        }
        Role::DataPath { data_type } => {
            let dt = data_type.clone().or_else(|| {
                m.set_of_file(&file.kind)
                    .and_then(|x| x.data_type.clone())
                    .or_else(|| m.sets.iter().find_map(|x| x.data_type.clone()))
            });
            let Some(dm) = dt.as_deref().and_then(|d| m.data_model(d)) else {
                return;
            };
            let group = if matches!(file.kind, FileKind::Layout { .. }) {
                enclosing_group(s)
            } else {
                None
            };
            complete_data_path(dm, s, ins, group.as_deref(), out);
        }
        Role::DataType => {
            // Declaring a data type: FileUpload components that have none yet.
            if matches!(segs, [Seg::Key("dataTypes"), Seg::Index(_), Seg::Key("id")]) {
                for set in &m.sets {
                    for c in &set.components {
                        if c.ty.starts_with("FileUpload") && m.data_type(&c.id).is_none() {
                            out.push(ins.item(
                                c.id.clone(),
                                CompletionKind::DataType,
                                Some(format!("attachments of {} on page {}", c.ty, c.page)),
                                None,
                            ));
                        }
                    }
                }
                return;
            }
            for d in &m.data_types {
                let detail = match (&d.class_ref, &d.task_id) {
                    (Some(c), _) => format!("form data: {c}"),
                    (None, Some((t, _))) => format!("attachments in {t}"),
                    _ => "data type".into(),
                };
                out.push(ins.item(d.id.clone(), CompletionKind::DataType, Some(detail), None));
            }
        }
        Role::Page => {
            let set = set_id(db, file).and_then(|id| m.set_by_id(&id));
            if let Some(set) = set {
                // In the page order itself, pages not listed yet come first.
                let in_settings = matches!(
                    file.kind,
                    FileKind::LayoutSettings { .. } | FileKind::RootSettings
                );
                for (i, p) in set.pages.iter().enumerate() {
                    let listed = set.order.iter().any(|(o, _)| o == p);
                    let mut it = ins.item(
                        p.clone(),
                        CompletionKind::Page,
                        Some(if listed || !in_settings {
                            set.layout_path(p)
                        } else {
                            format!("{} (not in the page order yet)", set.layout_path(p))
                        }),
                        None,
                    );
                    it.sort_text = Some(format!("{}{i:06}", u8::from(in_settings && listed)));
                    out.push(it);
                }
            }
        }
        Role::LayoutSet => {
            for x in &m.sets {
                let detail = if x.subform {
                    "subform".to_string()
                } else {
                    let tasks: Vec<&str> = x.tasks.iter().map(|(t, _)| t.as_str()).collect();
                    format!("tasks: {}", tasks.join(", "))
                };
                out.push(ins.item(x.id.clone(), CompletionKind::LayoutSet, Some(detail), None));
            }
            if file.kind == FileKind::AppMetadata {
                for v in ["new-instance", "select-instance"] {
                    out.push(ins.item(v, CompletionKind::Value, None, None));
                }
            }
        }
        Role::Task => {
            if let Some(p) = &m.process {
                for t in p.tasks() {
                    let detail = match (&t.task_type, &t.name) {
                        (Some(ty), Some(n)) => format!("{ty} task \"{n}\""),
                        (Some(ty), None) => format!("{ty} task"),
                        (None, Some(n)) => format!("{} \"{n}\"", t.element),
                        _ => t.element.clone(),
                    };
                    out.push(ins.item(t.id.clone(), CompletionKind::Task, Some(detail), None));
                }
            }
        }
        Role::CodeList => {
            for id in &m.option_files {
                out.push(ins.item(
                    id.clone(),
                    CompletionKind::CodeList,
                    Some(format!("options/{id}.json")),
                    None,
                ));
            }
            let csharp = [
                (DeclKind::CodeList, "C# options provider"),
                (DeclKind::DataList, "C# data list provider"),
            ];
            for (kind, detail) in csharp {
                for (id, _) in m.csharp.ids(kind) {
                    if !m.option_files.contains(id) {
                        out.push(ins.item(
                            id.to_string(),
                            CompletionKind::CodeList,
                            Some(detail.into()),
                            None,
                        ));
                    }
                }
            }
        }
        Role::RuleFunction { object } => {
            let folder = match &file.kind {
                FileKind::RuleConfiguration { folder } => folder.as_str(),
                _ => return,
            };
            let p = if folder.is_empty() {
                "ui/RuleHandler.js".to_string()
            } else {
                format!("ui/{folder}/RuleHandler.js")
            };
            if let Some(o) = db
                .file(&p)
                .and_then(|f| f.js())
                .and_then(|js| js.object(object))
            {
                for prop in &o.properties {
                    out.push(ins.item(
                        prop.name.clone(),
                        CompletionKind::RuleFunction,
                        Some(format!("{object} in {p}")),
                        None,
                    ));
                }
            }
        }
        Role::Function => {
            // Which runtime evaluates expressions here: unsupported functions sort last.
            let (runtime, supported): (&str, fn(&crate::expr::Support) -> bool) = match file.kind {
                FileKind::Validation { .. } => ("the app backend", |x| x.backend),
                _ if m.versions.frontend.major == crate::model::FrontendMajor::Next => {
                    ("the next app frontend", |x| x.next)
                }
                _ => ("app-frontend v4", |x| x.v4),
            };
            for f in crate::expr::functions() {
                let (sig, desc) = function_doc(f.name).unwrap_or_default();
                let ok = supported(&f.support);
                let mut it = ins.item(
                    f.name,
                    CompletionKind::Function,
                    Some(if ok {
                        sig
                    } else {
                        format!("{sig} (not available in {runtime})")
                    }),
                    (!desc.is_empty()).then_some(desc),
                );
                it.sort_text = Some(format!("{}{}", u8::from(!ok), f.name));
                out.push(it);
            }
        }
        Role::Value(values) => {
            for v in *values {
                out.push(ins.item(*v, CompletionKind::Value, None, None));
            }
            if matches!(file.kind, FileKind::TextResource { .. }) {
                for d in m.form_data_types() {
                    out.push(ins.item(
                        format!("dataModel.{}", d.id),
                        CompletionKind::Value,
                        None,
                        None,
                    ));
                }
            }
        }
        Role::SchemaProperty => {}
    }
}

/// "required binding to a single value (string, number or boolean)".
pub fn binding_detail(b: &components::BindingDef) -> String {
    let kind = match b.kind {
        components::BindingKind::Scalar => "a single value (string, number or boolean)",
        components::BindingKind::List => "a list of values (array of scalars)",
        components::BindingKind::Group => "repeating rows (array of objects)",
        components::BindingKind::Any => "any field",
    };
    format!(
        "{}binding to {kind}{}",
        if b.required { "required " } else { "" },
        b.within
            .map(|w| format!(", inside the rows of `{w}`"))
            .unwrap_or_default()
    )
}

fn field_detail(f: &Field) -> String {
    match (f.ty(), f.item_ty) {
        (FieldType::Array, Some(t)) => format!("array of {}", t.as_str()),
        (t, _) => t.as_str().to_string(),
    }
}

fn field_doc(f: &Field) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(d) = &f.description {
        parts.push(d.clone());
    }
    if !f.restrictions.is_empty() {
        parts.push(
            f.restrictions
                .iter()
                .map(|r| format!("- `{r}`"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// One segment at a time: the children of the field the typed prefix names.
/// The `group` binding of the repeating group (on the same page) listing the component at the
/// cursor as a child: its bindings belong inside those rows.
fn enclosing_group(s: &Scan<'_>) -> Option<String> {
    let own = s.member_str(3, "id")?;
    let layout = s.tree_value(0)?.pointer(&["data", "layout"])?.as_array()?;
    layout.iter().find_map(|c| {
        let listed = c.get("children")?.as_array()?.iter().any(|x| {
            x.as_str()
                .map(|v| v.rsplit(':').next().unwrap_or(v) == own)
                .unwrap_or(false)
        });
        if !listed {
            return None;
        }
        let g = c.pointer(&["dataModelBindings", "group"])?;
        g.as_str()
            .or_else(|| g.get_str("field"))
            .map(str::to_string)
    })
}

fn complete_data_path(
    dm: &DataModel,
    s: &Scan<'_>,
    ins: &Insert,
    group: Option<&str>,
    out: &mut Vec<CompletionItem>,
) {
    let (typed, content) = match &s.string {
        Some(st) => (st.prefix.as_str(), st.content),
        None => ("", ins.range),
    };
    let (parent, seg_start) = match typed.rfind('.') {
        Some(i) => (&typed[..i], content.start + i as u32 + 1),
        None => ("", content.start),
    };
    let segs: Vec<&str> = if parent.is_empty() {
        Vec::new()
    } else {
        DataModel::segments(parent)
    };
    let Some(field) = dm.field_at(&segs) else {
        return;
    };
    // Replace the segment at the cursor only (up to the next dot).
    let seg_end = match &s.string {
        Some(_) => {
            let after = s
                .text
                .get(s.offset as usize..content.end as usize)
                .unwrap_or("");
            s.offset + after.find('.').unwrap_or(after.len()) as u32
        }
        None => ins.range.end,
    };
    let range = if s.string.is_some() {
        TextRange::new(seg_start, seg_end)
    } else {
        ins.range
    };
    for (name, f) in &field.children {
        let full = if parent.is_empty() {
            name.clone()
        } else {
            format!("{parent}.{name}")
        };
        let mut it = ins.item(
            if s.string.is_some() {
                name.clone()
            } else {
                full.clone()
            },
            CompletionKind::DataPath,
            Some(field_detail(f)),
            field_doc(f),
        );
        it.replace_range = Some(range);
        // An object in an unterminated string: more segments follow, do not close it yet.
        if ins.in_string && !ins.closed && !f.children.is_empty() {
            it.insert_text = None;
        }
        if let Some(g) = group {
            let g = crate::ide::navigation::normalize_path(g);
            let f = crate::ide::navigation::normalize_path(&full);
            let inside =
                g == f || g.starts_with(&format!("{f}.")) || f.starts_with(&format!("{g}."));
            it.sort_text = Some(format!("{}{name}", u8::from(!inside)));
        }
        out.push(it);
    }
}

/// The published schema URL of a file kind (as the app templates write them).
pub fn schema_url(kind: &FileKind) -> Option<&'static str> {
    Some(match kind {
        FileKind::Layout { .. } => "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout.schema.v1.json",
        FileKind::LayoutSettings { .. } | FileKind::RootSettings => "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layoutSettings.schema.v1.json",
        FileKind::LayoutSets => "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout-sets.schema.v1.json",
        FileKind::Footer => "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/footer.schema.v1.json",
        FileKind::TextResource { .. } => "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/text-resources/text-resources.schema.v1.json",
        FileKind::Validation { .. } => "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/validation/validation.schema.v1.json",
        FileKind::AppMetadata => "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/application/application-metadata.schema.v1.json",
        _ => return None,
    })
}

/// A JSON value for a required property of a new component.
fn default_value(ty: PropType) -> String {
    match ty {
        PropType::Bool | PropType::BoolExpr => "false".into(),
        PropType::Str | PropType::StrExpr | PropType::ComponentId | PropType::StrOrStrList => {
            "\"\"".into()
        }
        PropType::Number | PropType::NumberExpr | PropType::Integer => "0".into(),
        PropType::Enum(v) => v
            .first()
            .and_then(|x| serde_json::to_string(x).ok())
            .unwrap_or_else(|| "\"\"".into()),
        PropType::IntEnum(v) => v
            .first()
            .map(|x| x.to_string())
            .unwrap_or_else(|| "0".into()),
        PropType::EnumList(_)
        | PropType::ComponentIds
        | PropType::StrList
        | PropType::ObjectArray => "[]".into(),
        PropType::Object | PropType::TextResourceBindings | PropType::DataModelBindings => {
            "{}".into()
        }
        PropType::Any => "null".into(),
    }
}

/// Whole new components at a value position of `data.layout`: an unused id and the required
/// properties with placeholder values.
fn new_components(db: &AppDb, file: &SourceFile, ins: &Insert, out: &mut Vec<CompletionItem>) {
    let m = db.model();
    let set = m.set_of_file(&file.kind);
    let taken = |id: &str| set.is_some_and(|s| s.by_id.contains_key(id));
    for c in components::for_frontend(m.versions.frontend.major) {
        let base: String = c
            .name
            .chars()
            .filter(|ch| ch.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        let id = (1..1000)
            .map(|n| format!("{base}{n}"))
            .find(|id| !taken(id) && super::rename::valid_component_id(id))
            .unwrap_or_else(|| base.clone());
        let mut parts = vec![
            format!("\"id\": \"{id}\""),
            format!("\"type\": \"{}\"", c.name),
        ];
        for p in c.required_props() {
            if p.name == "id" || p.name == "type" {
                continue;
            }
            let v = if p.ty == PropType::DataModelBindings {
                let keys: Vec<String> = c
                    .bindings
                    .iter()
                    .filter(|b| b.required)
                    .map(|b| format!("\"{}\": \"\"", b.key))
                    .collect();
                format!("{{ {} }}", keys.join(", "))
            } else {
                default_value(p.ty)
            };
            parts.push(format!("\"{}\": {v}", p.name));
        }
        out.push(CompletionItem {
            label: c.name.to_string(),
            kind: CompletionKind::Component,
            detail: Some(format!("new {} component", c.name)),
            documentation: Some(c.doc.to_string()),
            insert_text: Some(format!("{{ {} }}", parts.join(", "))),
            replace_range: Some(ins.range),
            sort_text: None,
        });
    }
}

/// Keys and values that are not names: component properties' enum values, binding and text
/// binding keys, page properties.
fn complete_structure(
    db: &AppDb,
    file: &SourceFile,
    s: &Scan<'_>,
    segs: &[Seg<'_>],
    ins: &Insert,
    out: &mut Vec<CompletionItem>,
) {
    if let ([Seg::Key("$schema")], Slot::Value) = (segs, s.slot) {
        if let Some(url) = schema_url(&file.kind) {
            out.push(ins.item(url, CompletionKind::Value, Some("JSON schema".into()), None));
        }
        return;
    }
    if !matches!(file.kind, FileKind::Layout { .. }) {
        return;
    }
    let ty = || s.member_str(3, "type");
    let def = || ty().as_deref().and_then(components::component);
    match (segs, s.slot) {
        ([Seg::Key("data"), Seg::Key("layout"), Seg::Index(_)], Slot::Value)
            if s.string.is_none() =>
        {
            new_components(db, file, ins, out);
        }
        ([Seg::Key("data"), Seg::Key("layout"), Seg::Index(_), Seg::Key("target")], Slot::Key)
            if ty().as_deref() == Some("Summary2") =>
        {
            let existing = s.object_keys(segs.len());
            for (k, d) in [
                (
                    "type",
                    "what to summarize: component (default), page or layoutSet",
                ),
                ("id", "the component id, page name or layout set id"),
                ("taskId", "the task whose layout set holds the target"),
            ] {
                if !existing.iter().any(|e| e == k) {
                    out.push(ins.item(k, CompletionKind::Property, Some(d.into()), None));
                }
            }
        }
        ([Seg::Key("data"), Seg::Key("layout"), Seg::Index(_), Seg::Key(prop)], Slot::Value) => {
            let Some(p) = def().and_then(|d| d.prop(prop)) else {
                return;
            };
            match p.ty {
                PropType::Enum(values) | PropType::EnumList(values) => {
                    for v in values {
                        out.push(ins.item(*v, CompletionKind::Value, None, None));
                    }
                }
                PropType::Bool | PropType::BoolExpr if !ins.in_string => {
                    for v in ["true", "false"] {
                        out.push(CompletionItem {
                            label: v.into(),
                            kind: CompletionKind::Value,
                            detail: None,
                            documentation: None,
                            insert_text: None,
                            replace_range: Some(ins.range),
                            sort_text: None,
                        });
                    }
                }
                _ => {}
            }
        }
        ([Seg::Key("data")], Slot::Key) => {
            let existing = s.object_keys(segs.len());
            for p in components::PAGE_PROPS {
                if !existing.iter().any(|e| e == p.name) {
                    out.push(ins.item(
                        p.name,
                        CompletionKind::Property,
                        Some(p.ty.describe()),
                        Some(p.doc.to_string()),
                    ));
                }
            }
        }
        _ => {}
    }
}
