//! XML (BPMN, XACML, XSD) via tree-sitter-xml into a small element tree with positions.

use super::{collect_syntax_errors, SyntaxError, SyntaxErrorKind, TextRange, MAX_DEPTH};
use std::cell::RefCell;

#[derive(Debug, Clone, PartialEq)]
pub struct XmlAttr {
    /// Qualified name as written, e.g. `altinn:tasktype`.
    pub name: String,
    pub name_range: TextRange,
    /// Decoded value (entity references resolved).
    pub value: String,
    /// The value without its quotes.
    pub value_range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct XmlElement {
    /// Qualified name as written, e.g. `bpmn:task`.
    pub name: String,
    pub name_range: TextRange,
    pub attrs: Vec<XmlAttr>,
    pub children: Vec<XmlElement>,
    /// Character data directly inside this element, decoded and trimmed.
    pub text: String,
    /// Range of the trimmed character data, when there is any.
    pub text_range: Option<TextRange>,
    pub range: TextRange,
}

#[derive(Debug, Clone, Default)]
pub struct XmlDoc {
    pub root: Option<XmlElement>,
    pub errors: Vec<SyntaxError>,
}

impl XmlElement {
    /// The name without its namespace prefix.
    pub fn local_name(&self) -> &str {
        local(&self.name)
    }
    pub fn prefix(&self) -> Option<&str> {
        self.name.split_once(':').map(|(p, _)| p)
    }
    /// An attribute by local name (prefix ignored).
    pub fn attr(&self, local_name: &str) -> Option<&XmlAttr> {
        self.attrs.iter().find(|a| local(&a.name) == local_name)
    }
    pub fn attr_value(&self, local_name: &str) -> Option<&str> {
        self.attr(local_name).map(|a| a.value.as_str())
    }
    /// Direct children with this local name.
    pub fn children_named<'a>(
        &'a self,
        local_name: &'a str,
    ) -> impl Iterator<Item = &'a XmlElement> + 'a {
        self.children
            .iter()
            .filter(move |c| c.local_name() == local_name)
    }
    pub fn child(&self, local_name: &str) -> Option<&XmlElement> {
        self.children.iter().find(|c| c.local_name() == local_name)
    }
    /// Every element below this one (depth first, document order), this one excluded.
    pub fn descendants(&self) -> Vec<&XmlElement> {
        let mut out = Vec::new();
        let mut stack: Vec<&XmlElement> = self.children.iter().rev().collect();
        while let Some(e) = stack.pop() {
            out.push(e);
            stack.extend(e.children.iter().rev());
        }
        out
    }
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map(|(_, l)| l).unwrap_or(name)
}

thread_local! {
    static PARSER: RefCell<tree_sitter::Parser> = RefCell::new({
        let mut p = tree_sitter::Parser::new();
        p.set_language(&tree_sitter_xml::LANGUAGE_XML.into())
            .expect("tree-sitter-xml grammar is compatible");
        p
    });
}

pub fn parse_xml(text: &str) -> XmlDoc {
    let owned;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            owned = format!("   {rest}");
            owned.as_str()
        }
        None => text,
    };
    let mut doc = XmlDoc::default();
    if let Some(at) = too_deep(text) {
        // tree-sitter-xml's scanner copies its stack of open tags at every token: quadratic
        // time on very deep files. Nothing that deep is an app file; say so instead.
        doc.errors.push(SyntaxError {
            range: TextRange::empty(at as u32),
            message: format!(
                "Elements nested deeper than {MAX_XML_NESTING} levels: the file is not checked"
            ),
            kind: SyntaxErrorKind::Error,
        });
        return doc;
    }
    let tree =
        PARSER.with(|p| super::parse_within_budget(&mut p.borrow_mut(), text.as_bytes(), None));
    let Some(tree) = tree else {
        doc.errors.push(super::tangled(0));
        return doc;
    };
    let root = tree.root_node();
    collect_syntax_errors(root, text, &mut doc.errors);
    let mut cursor = root.walk();
    let elem = root
        .named_children(&mut cursor)
        .find(|n| n.kind() == "element");
    doc.root = elem.and_then(|e| convert(e, text, 0));
    if doc.root.is_none() && doc.errors.is_empty() {
        doc.errors.push(SyntaxError {
            range: TextRange::empty(0),
            message: "No root element: the file is empty or not XML".into(),
            kind: SyntaxErrorKind::Error,
        });
    }
    doc
}

/// Open elements beyond which a file is not parsed (real BPMN/XACML/XSD files stay below 30).
const MAX_XML_NESTING: usize = 1000;

/// The offset of the first start tag nested deeper than [`MAX_XML_NESTING`], by a quick scan
/// of the tags (comments, CDATA, processing instructions and declarations skipped).
fn too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let find = |from: usize, pat: &[u8]| {
        b.get(from..)
            .and_then(|rest| rest.windows(pat.len()).position(|w| w == pat))
            .map(|i| from + i + pat.len())
            .unwrap_or(b.len())
    };
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i = find(i + 4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = find(i + 9, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = find(i + 2, b"?>");
        } else if rest.starts_with(b"<!") {
            i = find(i + 2, b">");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = find(i + 2, b">");
        } else {
            // A start tag: find its end outside quoted attribute values.
            let start = i;
            let mut quote = None;
            let mut j = i + 1;
            while j < b.len() {
                match (quote, b[j]) {
                    (None, b'"' | b'\'') => quote = Some(b[j]),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') | (None, b'<') => break,
                    _ => {}
                }
                j += 1;
            }
            let self_closing = j > 0 && b.get(j) == Some(&b'>') && b[j - 1] == b'/';
            if !self_closing {
                depth += 1;
                if depth > MAX_XML_NESTING {
                    return Some(start);
                }
            }
            i = if b.get(j) == Some(&b'>') {
                j + 1
            } else {
                j.max(i + 1)
            };
        }
    }
    None
}

fn range_of(n: tree_sitter::Node<'_>) -> TextRange {
    TextRange::new(n.start_byte() as u32, n.end_byte() as u32)
}

fn node_text<'t>(n: tree_sitter::Node<'_>, text: &'t str) -> &'t str {
    text.get(n.start_byte()..n.end_byte()).unwrap_or("")
}

fn convert(node: tree_sitter::Node<'_>, text: &str, depth: usize) -> Option<XmlElement> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut cursor = node.walk();
    let mut el = XmlElement {
        name: String::new(),
        name_range: TextRange::default(),
        attrs: Vec::new(),
        children: Vec::new(),
        text: String::new(),
        text_range: None,
        range: range_of(node),
    };
    for part in node.named_children(&mut cursor) {
        match part.kind() {
            "STag" | "EmptyElemTag" => {
                let mut c2 = part.walk();
                for t in part.named_children(&mut c2) {
                    match t.kind() {
                        "Name" if el.name.is_empty() => {
                            el.name = node_text(t, text).to_string();
                            el.name_range = range_of(t);
                        }
                        "Attribute" => {
                            if let Some(a) = convert_attr(t, text) {
                                el.attrs.push(a);
                            }
                        }
                        _ => {}
                    }
                }
            }
            "content" => {
                let mut c2 = part.walk();
                let mut first: Option<u32> = None;
                let mut last = 0u32;
                for c in part.named_children(&mut c2) {
                    match c.kind() {
                        "element" => {
                            if let Some(child) = convert(c, text, depth + 1) {
                                el.children.push(child);
                            }
                        }
                        "CharData" | "CDSect" | "EntityRef" | "CharRef" => {
                            let raw = node_text(c, text);
                            let piece = match c.kind() {
                                "CDSect" => raw
                                    .strip_prefix("<![CDATA[")
                                    .and_then(|s| s.strip_suffix("]]>"))
                                    .unwrap_or(raw)
                                    .to_string(),
                                _ => decode_entities(raw),
                            };
                            if !piece.trim().is_empty() {
                                let lead = (raw.len() - raw.trim_start().len()) as u32;
                                let trail = (raw.len() - raw.trim_end().len()) as u32;
                                first.get_or_insert(c.start_byte() as u32 + lead);
                                last = c.end_byte() as u32 - trail;
                            }
                            el.text.push_str(&piece);
                        }
                        _ => {}
                    }
                }
                let trimmed = el.text.trim();
                if trimmed.len() != el.text.len() {
                    el.text = trimmed.to_string();
                }
                if let Some(f) = first {
                    el.text_range = Some(TextRange::new(f, last.max(f)));
                }
            }
            _ => {}
        }
    }
    if el.name.is_empty() {
        return None;
    }
    Some(el)
}

fn convert_attr(node: tree_sitter::Node<'_>, text: &str) -> Option<XmlAttr> {
    let mut cursor = node.walk();
    let mut name = None;
    let mut value = None;
    for c in node.named_children(&mut cursor) {
        match c.kind() {
            "Name" => name = Some(c),
            "AttValue" => value = Some(c),
            _ => {}
        }
    }
    let name = name?;
    let (value, value_range) = match value {
        Some(v) => {
            let r = range_of(v);
            let inner = if r.len() >= 2 {
                TextRange::new(r.start + 1, r.end - 1)
            } else {
                r
            };
            let raw = text
                .get(inner.start as usize..inner.end as usize)
                .unwrap_or("");
            (decode_entities(raw), inner)
        }
        None => (String::new(), TextRange::empty(range_of(name).end)),
    };
    Some(XmlAttr {
        name: node_text(name, text).to_string(),
        name_range: range_of(name),
        value,
        value_range,
    })
}

/// Resolves the five predefined entities and numeric character references.
pub fn decode_entities(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(end) = after.find(';') else {
            out.push_str(after);
            return out;
        };
        let ent = &after[1..end];
        let decoded = match ent {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16)
                .ok()
                .and_then(char::from_u32),
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(&after[..=end]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn very_deep_files_are_reported_not_parsed() {
        let ok = format!(
            "<a>{}<b x='>'/>{}</a>",
            "<c>".repeat(200),
            "</c>".repeat(200)
        );
        let doc = parse_xml(&ok);
        assert!(
            doc.errors.is_empty() && doc.root.is_some(),
            "{:?}",
            doc.errors
        );
        let deep = format!("<a><!-- <x> -->{}", "<c>".repeat(5000));
        let doc = parse_xml(&deep);
        assert!(doc.root.is_none());
        assert_eq!(doc.errors.len(), 1);
        assert_eq!(doc.errors[0].range.start as usize, 15 + 3 * 999);
        assert!(doc.errors[0].message.contains("deeper than 1000"));
    }

    #[test]
    fn parses_bpmn_like_xml() {
        let text = r#"<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="x" xmlns:altinn="y">
  <bpmn:process id="p">
    <bpmn:task id="Task_1" name="a &amp; b">
      <bpmn:extensionElements><altinn:taskExtension><altinn:taskType>data</altinn:taskType></altinn:taskExtension></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:sequenceFlow id="f"><bpmn:conditionExpression>["equals", 1, 1]</bpmn:conditionExpression></bpmn:sequenceFlow>
  </bpmn:process>
</bpmn:definitions>"#;
        let doc = parse_xml(text);
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        let root = doc.root.unwrap();
        assert_eq!(root.local_name(), "definitions");
        let task = root
            .descendants()
            .into_iter()
            .find(|e| e.local_name() == "task")
            .unwrap();
        assert_eq!(task.attr_value("id"), Some("Task_1"));
        assert_eq!(task.attr_value("name"), Some("a & b"));
        let tt = root
            .descendants()
            .into_iter()
            .find(|e| e.local_name() == "taskType")
            .unwrap();
        assert_eq!(tt.text, "data");
        let r = tt.text_range.unwrap();
        assert_eq!(&text[r.start as usize..r.end as usize], "data");
        let cond = root
            .descendants()
            .into_iter()
            .find(|e| e.local_name() == "conditionExpression")
            .unwrap();
        assert_eq!(cond.text, "[\"equals\", 1, 1]");
    }

    #[test]
    fn broken_xml_reports_errors() {
        let doc = parse_xml("<a><b></a>");
        assert!(!doc.errors.is_empty());
        assert!(!parse_xml("").errors.is_empty());
    }
}
