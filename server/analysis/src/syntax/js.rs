//! RuleHandler.js: the object literals it declares (`ruleHandlerObject`, …) and their functions.

use super::{collect_syntax_errors, SyntaxError, TextRange};
use std::cell::RefCell;

#[derive(Debug, Clone, PartialEq)]
pub struct JsProperty {
    pub name: String,
    pub name_range: TextRange,
    /// For helper functions: the keys of the object the function returns (parameter names).
    pub returned_keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct JsObject {
    /// The variable (or assignment target's last name) the object literal is bound to.
    pub name: String,
    pub name_range: TextRange,
    pub properties: Vec<JsProperty>,
}

#[derive(Debug, Clone, Default)]
pub struct JsDoc {
    pub objects: Vec<JsObject>,
    pub errors: Vec<SyntaxError>,
}

impl JsDoc {
    pub fn object(&self, name: &str) -> Option<&JsObject> {
        self.objects.iter().find(|o| o.name == name)
    }
}

thread_local! {
    static PARSER: RefCell<tree_sitter::Parser> = RefCell::new({
        let mut p = tree_sitter::Parser::new();
        p.set_language(&tree_sitter_javascript::LANGUAGE.into())
            .expect("tree-sitter-javascript grammar is compatible");
        p
    });
}

fn range_of(n: tree_sitter::Node<'_>) -> TextRange {
    TextRange::new(n.start_byte() as u32, n.end_byte() as u32)
}

fn node_text<'t>(n: tree_sitter::Node<'_>, text: &'t str) -> &'t str {
    text.get(n.start_byte()..n.end_byte()).unwrap_or("")
}

/// Parses JavaScript and lists top-level object literals bound to names
/// (`var x = {…}`, `x = {…}`, `window.x = {…}`).
pub fn parse_js_objects(text: &str) -> JsDoc {
    let mut doc = JsDoc::default();
    let tree =
        PARSER.with(|p| super::parse_within_budget(&mut p.borrow_mut(), text.as_bytes(), None));
    let Some(tree) = tree else {
        doc.errors.push(super::tangled(0));
        return doc;
    };
    let root = tree.root_node();
    collect_syntax_errors(root, text, &mut doc.errors);
    // Iterative walk over all nodes; binding sites of object literals are rare and shallow.
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let (target, value) = match node.kind() {
            "variable_declarator" => (
                node.child_by_field_name("name"),
                node.child_by_field_name("value"),
            ),
            "assignment_expression" => (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ),
            _ => (None, None),
        };
        if let (Some(target), Some(value)) = (target, value) {
            if value.kind() == "object" {
                let name_node = match target.kind() {
                    "member_expression" => target.child_by_field_name("property").unwrap_or(target),
                    _ => target,
                };
                doc.objects.push(JsObject {
                    name: node_text(name_node, text).to_string(),
                    name_range: range_of(name_node),
                    properties: object_properties(value, text),
                });
                continue;
            }
        }
        let mut cursor = node.walk();
        let children: Vec<_> = node.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    doc
}

fn property_key(key: tree_sitter::Node<'_>, text: &str) -> String {
    let raw = node_text(key, text);
    match key.kind() {
        "string" => raw.trim_matches(|c| c == '"' || c == '\'').to_string(),
        _ => raw.to_string(),
    }
}

fn object_properties(obj: tree_sitter::Node<'_>, text: &str) -> Vec<JsProperty> {
    let mut out = Vec::new();
    let mut cursor = obj.walk();
    for prop in obj.named_children(&mut cursor) {
        let (key, value) = match prop.kind() {
            "pair" => (
                prop.child_by_field_name("key"),
                prop.child_by_field_name("value"),
            ),
            "method_definition" => (prop.child_by_field_name("name"), Some(prop)),
            "shorthand_property_identifier" => (Some(prop), None),
            _ => (None, None),
        };
        let Some(key) = key else { continue };
        out.push(JsProperty {
            name: property_key(key, text),
            name_range: range_of(key),
            returned_keys: value
                .map(|v| returned_object_keys(v, text))
                .unwrap_or_default(),
        });
    }
    out
}

/// Keys of the object literal a function returns: `() => ({a: 1})` or `function () { return {a: 1} }`.
fn returned_object_keys(func: tree_sitter::Node<'_>, text: &str) -> Vec<String> {
    let mut stack = vec![func];
    while let Some(n) = stack.pop() {
        let candidate = match n.kind() {
            "arrow_function" => n.child_by_field_name("body").map(unparen),
            "return_statement" => n.named_child(0).map(unparen),
            _ => None,
        };
        if let Some(c) = candidate.filter(|c| c.kind() == "object") {
            return object_properties(c, text)
                .into_iter()
                .map(|p| p.name)
                .collect();
        }
        let mut cursor = n.walk();
        let children: Vec<_> = n.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    Vec::new()
}

fn unparen(mut n: tree_sitter::Node<'_>) -> tree_sitter::Node<'_> {
    while n.kind() == "parenthesized_expression" {
        match n.named_child(0) {
            Some(c) => n = c,
            None => break,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rule_handler_objects() {
        let text = r#"
var ruleHandlerObject = {
  sum: (obj) => { return +obj.a + +obj.b; },
  fullName: function (obj) { return obj.first + ' ' + obj.last; },
};
var ruleHandlerHelper = {
  sum: () => { return { a: "a", b: "b" }; },
  fullName: () => ({ first: "first", last: "last" }),
};
window.conditionalRuleHandlerObject = { biggerThan10(obj) { return obj.value > 10; } };
"#;
        let doc = parse_js_objects(text);
        let rh = doc.object("ruleHandlerObject").unwrap();
        assert_eq!(
            rh.properties
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>(),
            ["sum", "fullName"]
        );
        let helper = doc.object("ruleHandlerHelper").unwrap();
        assert_eq!(helper.properties[0].returned_keys, ["a", "b"]);
        assert_eq!(helper.properties[1].returned_keys, ["first", "last"]);
        let cond = doc.object("conditionalRuleHandlerObject").unwrap();
        assert_eq!(cond.properties[0].name, "biggerThan10");
    }
}
