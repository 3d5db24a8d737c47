//! Tolerant parsing with positions: tree-sitter grammars turned into small owned trees.

pub mod conflicts;
mod js;
mod json;
mod json_strict;
mod line_index;
mod text_range;
mod xml;

pub use js::{parse_js_objects, JsDoc, JsObject, JsProperty};
#[doc(hidden)]
pub use json::parse_json_tree_sitter;
pub use json::{parse_json, parse_json_with, Json, JsonDoc, JsonKind, Member, PathStep};
pub use line_index::{LineIndex, Position, PositionEncoding};
pub use text_range::TextRange;

pub use xml::{parse_xml, XmlAttr, XmlDoc, XmlElement};

/// A syntax error found while parsing, at the narrowest range the parser gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
    pub kind: SyntaxErrorKind,
}

/// What strict JSON forbids but some readers accept: whether it is an error depends on the
/// file's real reader (`model::readers`), so the parser only says what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// Not readable by any reader.
    Error,
    /// A comma before `}` or `]`.
    TrailingComma,
    /// A `//` or `/* */` comment.
    Comment,
}

impl SyntaxError {
    pub(crate) fn error(range: TextRange, message: impl Into<String>) -> Self {
        SyntaxError {
            range,
            message: message.into(),
            kind: SyntaxErrorKind::Error,
        }
    }
}

/// Deeper nesting than this is reported instead of recursed into, so hostile files cannot
/// overflow the stack.
pub const MAX_DEPTH: usize = 256;

/// tree-sitter's progress checks allowed for one parse: this many, plus one per this many
/// bytes. A normal file needs about one per 200 bytes.
const PARSE_BUDGET_BASE: usize = 1_000;
const PARSE_BUDGET_BYTES: usize = 8;

/// Parses with a budget: tree-sitter's error recovery can take very long on some broken
/// texts (16 kB of a broken layout: 630,000 progress checks, seconds per keystroke; found by
/// the LSP-level fuzzer). Past the budget the parse is abandoned (`None`) and the caller
/// reports the file as not parseable. The budget depends on the text only, so the language
/// server and `check` agree.
pub(crate) fn parse_within_budget(
    parser: &mut tree_sitter::Parser,
    text: &[u8],
    old: Option<&tree_sitter::Tree>,
) -> Option<tree_sitter::Tree> {
    let budget = PARSE_BUDGET_BASE + text.len() / PARSE_BUDGET_BYTES;
    let mut checks = 0usize;
    let mut progress = |_: &tree_sitter::ParseState| {
        checks += 1;
        if checks > budget {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    };
    let opts = tree_sitter::ParseOptions::new().progress_callback(&mut progress);
    let tree = parser.parse_with_options(&mut |i, _| text.get(i..).unwrap_or(&[]), old, Some(opts));
    if tree.is_none() {
        // An abandoned parse would otherwise be resumed by the next one.
        parser.reset();
    }
    tree
}

/// The error of a file whose parse ran out of budget, at `at` (the first error, when known).
pub(crate) fn tangled(at: u32) -> SyntaxError {
    SyntaxError {
        range: TextRange::empty(at),
        message: "Syntax errors from here on are too tangled to recover from: the file is not checked until this one is fixed".into(),
        kind: SyntaxErrorKind::Error,
    }
}

/// Turns tree-sitter ERROR and MISSING nodes into syntax errors. Iterative: safe on any depth.
pub(crate) fn collect_syntax_errors(
    root: tree_sitter::Node<'_>,
    text: &str,
    out: &mut Vec<SyntaxError>,
) {
    if !root.has_error() {
        return;
    }
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        let mut descend = node.has_error();
        if node.is_missing() {
            let at = node.start_byte() as u32;
            out.push(SyntaxError {
                range: TextRange::new(at, at),
                message: format!("Syntax error: missing {}", describe_kind(node.kind())),
                kind: SyntaxErrorKind::Error,
            });
            descend = false;
        } else if node.is_error() {
            let range = TextRange::new(node.start_byte() as u32, node.end_byte() as u32);
            let snippet: String = text
                .get(range.start as usize..range.end as usize)
                .unwrap_or("")
                .chars()
                .take(30)
                .collect();
            let snippet = snippet.trim();
            let next = text.get(range.end as usize..).unwrap_or("").trim_start();
            if snippet == "," && (next.starts_with('}') || next.starts_with(']')) {
                out.push(SyntaxError {
                    range,
                    message: "Trailing comma: not valid JSON, although Altinn's backend accepts it"
                        .into(),
                    kind: SyntaxErrorKind::TrailingComma,
                });
                descend = false;
                if cursor.goto_next_sibling() {
                    continue;
                }
                loop {
                    if !cursor.goto_parent() {
                        return;
                    }
                    if cursor.goto_next_sibling() {
                        break;
                    }
                }
                continue;
            }
            let message = if snippet.is_empty() {
                "Syntax error: unexpected end of input".to_string()
            } else {
                format!("Syntax error: unexpected `{snippet}`")
            };
            // Keep errors short: an ERROR node can span many lines, point at its first token.
            let first_end = text
                .get(range.start as usize..range.end as usize)
                .and_then(|s| s.find('\n'))
                .map(|n| range.start + n as u32)
                .unwrap_or(range.end);
            out.push(SyntaxError {
                range: TextRange::new(range.start, first_end.max(range.start)),
                message,
                kind: SyntaxErrorKind::Error,
            });
            descend = false;
            if out.len() > 100 {
                return;
            }
        }
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

fn describe_kind(kind: &str) -> String {
    match kind {
        "\"" => "`\"`".into(),
        k if k.len() <= 2 => format!("`{k}`"),
        k => k.replace('_', " "),
    }
}
