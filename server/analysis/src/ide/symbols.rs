//! Document symbols (outline), document links and folding ranges.

use super::{Link, LinkTarget, Symbol, SymbolKind};
use crate::db::{Parsed, SourceFile};
use crate::model::FileKind;
use crate::syntax::{Json, JsonKind, TextRange, XmlElement};
use crate::AppDb;
use std::collections::{HashMap, HashSet};

fn sym(
    name: impl Into<String>,
    detail: Option<String>,
    kind: SymbolKind,
    range: TextRange,
    selection: TextRange,
) -> Symbol {
    Symbol {
        name: name.into(),
        detail,
        kind,
        range,
        selection_range: if range.contains_range(selection) {
            selection
        } else {
            TextRange::empty(range.start)
        },
        children: Vec::new(),
    }
}

fn short(s: &str) -> String {
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() > 60 {
        let mut t: String = one_line.chars().take(59).collect();
        t.push('…');
        t
    } else {
        one_line
    }
}

pub fn document_symbols(db: &AppDb, path: &str) -> Vec<Symbol> {
    let Some(file) = db.file(path) else {
        return Vec::new();
    };
    match &file.parsed {
        Parsed::Json(doc) => {
            let Some(root) = &doc.root else {
                return Vec::new();
            };
            json_symbols(file, root)
        }
        Parsed::Xml(doc) => match (&file.kind, &doc.root) {
            (FileKind::Process, Some(root)) => bpmn_symbols(root),
            _ => Vec::new(),
        },
        Parsed::Js(doc) => doc
            .objects
            .iter()
            .map(|o| {
                let mut s = sym(&o.name, None, SymbolKind::Other, o.name_range, o.name_range);
                let end = o
                    .properties
                    .last()
                    .map(|p| p.name_range.end)
                    .unwrap_or(o.name_range.end);
                s.range = TextRange::new(o.name_range.start, end.max(o.name_range.end));
                s.children = o
                    .properties
                    .iter()
                    .map(|p| {
                        sym(
                            &p.name,
                            None,
                            SymbolKind::Property,
                            p.name_range,
                            p.name_range,
                        )
                    })
                    .collect();
                s
            })
            .collect(),
        Parsed::Text => Vec::new(),
    }
}

fn json_symbols(file: &SourceFile, root: &Json) -> Vec<Symbol> {
    match &file.kind {
        FileKind::Layout { page, .. } => {
            let Some(layout) = root.pointer(&["data", "layout"]).and_then(|l| l.as_array()) else {
                return Vec::new();
            };
            let mut p = sym(
                page.clone(),
                Some("page".into()),
                SymbolKind::Page,
                root.range,
                TextRange::empty(root.range.start),
            );
            p.children = component_tree(layout);
            vec![p]
        }
        FileKind::TextResource { .. } => root
            .get("resources")
            .and_then(|r| r.as_array())
            .unwrap_or(&[])
            .iter()
            .filter_map(|r| {
                let id = r.get("id")?;
                Some(sym(
                    id.as_str()?,
                    r.get_str("value").map(short),
                    SymbolKind::TextKey,
                    r.range,
                    id.content_range(),
                ))
            })
            .collect(),
        FileKind::LayoutSettings { .. } | FileKind::RootSettings => {
            let mut out = Vec::new();
            if let Some(pages) = root.get("pages") {
                let mut orders: Vec<&Json> = pages.get("order").into_iter().collect();
                for g in pages
                    .get("groups")
                    .and_then(|g| g.as_array())
                    .unwrap_or(&[])
                {
                    orders.extend(g.get("order"));
                }
                for o in orders {
                    for p in o.as_array().unwrap_or(&[]) {
                        if let Some(s) = p.as_str() {
                            out.push(sym(s, None, SymbolKind::Page, p.range, p.content_range()));
                        }
                    }
                }
            }
            out
        }
        FileKind::LayoutSets => root
            .get("sets")
            .and_then(|s| s.as_array())
            .unwrap_or(&[])
            .iter()
            .filter_map(|s| {
                let id = s.get("id")?;
                let mut x = sym(
                    id.as_str()?,
                    s.get_str("dataType").map(|d| format!("data type {d}")),
                    SymbolKind::Other,
                    s.range,
                    id.content_range(),
                );
                x.children = s
                    .get("tasks")
                    .and_then(|t| t.as_array())
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|t| {
                        Some(sym(
                            t.as_str()?,
                            None,
                            SymbolKind::Task,
                            t.range,
                            t.content_range(),
                        ))
                    })
                    .collect();
                Some(x)
            })
            .collect(),
        FileKind::AppMetadata => root
            .get("dataTypes")
            .and_then(|s| s.as_array())
            .unwrap_or(&[])
            .iter()
            .filter_map(|d| {
                let id = d.get("id")?;
                let detail = d
                    .pointer(&["appLogic", "classRef"])
                    .and_then(|c| c.as_str())
                    .map(str::to_string)
                    .or_else(|| d.get_str("taskId").map(|t| format!("task {t}")));
                Some(sym(
                    id.as_str()?,
                    detail,
                    SymbolKind::DataType,
                    d.range,
                    id.content_range(),
                ))
            })
            .collect(),
        FileKind::DataModelSchema { .. } => schema_properties(root, 0),
        FileKind::OptionList { .. } => root
            .as_array()
            .unwrap_or(&[])
            .iter()
            .filter_map(|o| {
                let v = o.get("value")?;
                let name = match &v.kind {
                    JsonKind::String(s) => s.clone(),
                    JsonKind::Number(n) => format!("{n}"),
                    JsonKind::Bool(b) => format!("{b}"),
                    _ => return None,
                };
                Some(sym(
                    name,
                    o.get_str("label").map(short),
                    SymbolKind::Other,
                    o.range,
                    v.content_range(),
                ))
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn schema_properties(v: &Json, depth: usize) -> Vec<Symbol> {
    if depth > 16 {
        return Vec::new();
    }
    let Some(props) = v.get("properties").and_then(|p| p.as_object()) else {
        return Vec::new();
    };
    props
        .iter()
        .map(|m| {
            let detail = m
                .value
                .get_str("type")
                .map(str::to_string)
                .or_else(|| m.value.get_str("$ref").map(str::to_string));
            let mut s = sym(&m.key, detail, SymbolKind::Property, m.range(), m.key_range);
            let inner = m.value.get("items").unwrap_or(&m.value);
            s.children = schema_properties(inner, depth + 1);
            s
        })
        .collect()
}

/// The ids a component lists as children (without `N:` page prefixes).
fn child_ids(c: &Json) -> Vec<&str> {
    fn push_list<'a>(out: &mut Vec<&'a str>, l: Option<&'a Json>) {
        for x in l.and_then(|l| l.as_array()).unwrap_or(&[]) {
            if let Some(s) = x.as_str() {
                out.push(match s.split_once(':') {
                    Some((n, id)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => id,
                    _ => s,
                });
            }
        }
    }
    let mut out = Vec::new();
    push_list(&mut out, c.get("children"));
    for key in ["tabs", "cards"] {
        for t in c.get(key).and_then(|t| t.as_array()).unwrap_or(&[]) {
            push_list(&mut out, t.get("children"));
        }
    }
    for row in c.get("rows").and_then(|r| r.as_array()).unwrap_or(&[]) {
        for cell in row.get("cells").and_then(|c| c.as_array()).unwrap_or(&[]) {
            if let Some(id) = cell.get_str("component") {
                out.push(id);
            }
        }
    }
    out
}

fn component_tree(layout: &[Json]) -> Vec<Symbol> {
    let by_id: HashMap<&str, &Json> = layout
        .iter()
        .filter_map(|c| Some((c.get_str("id")?, c)))
        .collect();
    let claimed: HashSet<&str> = layout
        .iter()
        .flat_map(child_ids)
        .filter(|id| by_id.contains_key(id))
        .collect();
    let mut seen = HashSet::new();
    layout
        .iter()
        .filter(|c| c.get_str("id").is_none_or(|id| !claimed.contains(id)))
        .filter_map(|c| component_symbol(c, &by_id, &mut seen, 0))
        .collect()
}

fn component_symbol<'a>(
    c: &'a Json,
    by_id: &HashMap<&'a str, &'a Json>,
    seen: &mut HashSet<&'a str>,
    depth: usize,
) -> Option<Symbol> {
    let id_v = c.get("id");
    let id = id_v.and_then(|i| i.as_str()).unwrap_or("(no id)");
    if depth > 64 || (id_v.is_some() && !seen.insert(id)) {
        return None;
    }
    let sel = id_v
        .map(|i| i.content_range())
        .unwrap_or(TextRange::empty(c.range.start));
    let mut s = sym(
        id,
        c.get_str("type").map(str::to_string),
        SymbolKind::Component,
        c.range,
        sel,
    );
    s.children = child_ids(c)
        .into_iter()
        .filter_map(|cid| by_id.get(cid))
        .filter_map(|ch| component_symbol(ch, by_id, seen, depth + 1))
        .collect();
    Some(s)
}

fn bpmn_symbols(root: &XmlElement) -> Vec<Symbol> {
    fn walk(el: &XmlElement, out: &mut Vec<Symbol>, depth: usize) {
        if depth > 64 {
            return;
        }
        for c in &el.children {
            if c.prefix()
                .is_some_and(|p| p.starts_with("bpmndi") || p == "dc" || p == "di")
            {
                continue;
            }
            let local = c.local_name();
            let kind = if local.ends_with("Task") || local == "task" {
                Some(SymbolKind::Task)
            } else if local.ends_with("Event") {
                Some(SymbolKind::Event)
            } else if local.ends_with("Gateway") {
                Some(SymbolKind::Gateway)
            } else if local == "process" || local == "subProcess" {
                Some(SymbolKind::Other)
            } else {
                None
            };
            let (Some(kind), Some(id)) = (kind, c.attr("id")) else {
                continue;
            };
            let task_type = c
                .attr_value("tasktype")
                .map(str::to_string)
                .filter(|_| kind == SymbolKind::Task)
                .or_else(|| {
                    if kind != SymbolKind::Task {
                        return None;
                    }
                    c.descendants()
                        .into_iter()
                        .find(|d| d.local_name() == "taskType")
                        .map(|d| d.text.clone())
                });
            let detail = match (c.attr_value("name"), task_type) {
                (Some(n), Some(t)) => Some(format!("{n} ({t})")),
                (Some(n), None) => Some(n.to_string()),
                (None, Some(t)) => Some(format!("{local} ({t})")),
                (None, None) => Some(local.to_string()),
            };
            let mut s = sym(&id.value, detail, kind, c.range, id.value_range);
            walk(c, &mut s.children, depth + 1);
            out.push(s);
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out, 0);
    out
}

pub fn document_links(db: &AppDb, path: &str) -> Vec<Link> {
    let Some(file) = db.file(path) else {
        return Vec::new();
    };
    let Some(root) = file.json().and_then(|d| d.root.as_ref()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(s) = root.get("$schema") {
        if let Some(url) = s
            .as_str()
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        {
            out.push(Link {
                range: s.content_range(),
                target: LinkTarget::Url(url.to_string()),
            });
        }
    }
    let mut file_link = |v: &Json, p: String| {
        if db.file(&p).is_some() {
            out.push(Link {
                range: v.content_range(),
                target: LinkTarget::File(p),
            });
        }
    };
    match &file.kind {
        FileKind::LayoutSettings { .. } | FileKind::RootSettings => {
            if let Some(set) = db.model().set_of_file(&file.kind) {
                let pages = root.get("pages");
                let mut orders: Vec<&Json> =
                    pages.and_then(|p| p.get("order")).into_iter().collect();
                for g in pages
                    .and_then(|p| p.get("groups"))
                    .and_then(|g| g.as_array())
                    .unwrap_or(&[])
                {
                    orders.extend(g.get("order"));
                }
                for o in orders {
                    for v in o.as_array().unwrap_or(&[]) {
                        if let Some(name) = v.as_str() {
                            file_link(v, set.layout_path(name));
                        }
                    }
                }
            }
        }
        FileKind::LayoutSets => {
            for s in root.get("sets").and_then(|s| s.as_array()).unwrap_or(&[]) {
                if let Some(dt) = s.get("dataType") {
                    if let Some(name) = dt.as_str() {
                        file_link(dt, format!("models/{name}.schema.json"));
                    }
                }
            }
        }
        FileKind::AppMetadata => {
            for d in root
                .get("dataTypes")
                .and_then(|s| s.as_array())
                .unwrap_or(&[])
            {
                if let Some(id) = d.get("id") {
                    if let Some(name) = id.as_str() {
                        file_link(id, format!("models/{name}.schema.json"));
                    }
                }
            }
        }
        _ => {}
    }
    if let FileKind::Layout { .. } = file.kind {
        for c in root
            .pointer(&["data", "layout"])
            .and_then(|l| l.as_array())
            .unwrap_or(&[])
        {
            if let Some(o) = c.get("optionsId") {
                if let Some(id) = o.as_str() {
                    let p = format!("options/{id}.json");
                    if db.file(&p).is_some() {
                        out.push(Link {
                            range: o.content_range(),
                            target: LinkTarget::File(p),
                        });
                    }
                }
            }
        }
    }
    out
}

pub fn folding_ranges(db: &AppDb, path: &str) -> Vec<TextRange> {
    let Some(file) = db.file(path) else {
        return Vec::new();
    };
    let text = &file.text;
    let multiline = |r: TextRange| {
        text.get(r.start as usize..r.end as usize)
            .is_some_and(|s| s.contains('\n'))
    };
    let mut out = Vec::new();
    match &file.parsed {
        Parsed::Json(doc) => {
            let mut stack: Vec<&Json> = doc.root.iter().collect();
            while let Some(v) = stack.pop() {
                match &v.kind {
                    JsonKind::Object(ms) => {
                        if multiline(v.range) {
                            out.push(v.range);
                        }
                        stack.extend(ms.iter().map(|m| &m.value));
                    }
                    JsonKind::Array(items) => {
                        if multiline(v.range) {
                            out.push(v.range);
                        }
                        stack.extend(items.iter());
                    }
                    _ => {}
                }
            }
        }
        Parsed::Xml(doc) => {
            let mut stack: Vec<&XmlElement> = doc.root.iter().collect();
            while let Some(e) = stack.pop() {
                if multiline(e.range) {
                    out.push(e.range);
                }
                stack.extend(e.children.iter());
            }
        }
        _ => {}
    }
    out.sort();
    out
}
