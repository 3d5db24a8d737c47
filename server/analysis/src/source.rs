//! One file of an app: its text, line index and parsed tree, reparsed incrementally on edits.

use crate::model::{FileKind, Syntax};
use crate::syntax::conflicts;
use crate::syntax::{
    parse_js_objects, parse_json_with, parse_xml, JsDoc, JsonDoc, LineIndex, TextRange, XmlDoc,
};
use std::sync::Arc;

#[derive(Debug)]
pub enum Parsed {
    Json(JsonDoc),
    Xml(XmlDoc),
    Js(JsDoc),
    Text,
}

#[derive(Debug)]
pub struct SourceFile {
    /// Relative to the app folder, forward slashes.
    pub path: String,
    pub kind: FileKind,
    pub text: Arc<str>,
    pub line_index: LineIndex,
    pub parsed: Parsed,
    /// Unresolved merge conflicts in the text (usually none): found once per parse, for the
    /// parser (which reads their first version) and the checks.
    pub conflicts: Vec<conflicts::Conflict>,
    /// Kept for tree-sitter's incremental reparse of JSON files.
    tree: Option<tree_sitter::Tree>,
}

impl SourceFile {
    pub fn new(path: &str, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let kind = FileKind::classify(path);
        let conflicts = conflicts::find(&text);
        let (parsed, tree) = parse(&kind, &text, &conflicts, None);
        SourceFile {
            conflicts,
            path: path.to_string(),
            line_index: LineIndex::new(&text),
            kind,
            text,
            parsed,
            tree,
        }
    }

    pub fn json(&self) -> Option<&JsonDoc> {
        match &self.parsed {
            Parsed::Json(d) => Some(d),
            _ => None,
        }
    }
    pub fn xml(&self) -> Option<&XmlDoc> {
        match &self.parsed {
            Parsed::Xml(d) => Some(d),
            _ => None,
        }
    }
    pub fn js(&self) -> Option<&JsDoc> {
        match &self.parsed {
            Parsed::Js(d) => Some(d),
            _ => None,
        }
    }
    pub fn slice(&self, r: TextRange) -> &str {
        self.text
            .get(r.start as usize..r.end as usize)
            .unwrap_or("")
    }

    /// Applies one edit (replace `range` with `new_text`) and reparses incrementally.
    pub(crate) fn edit(&mut self, range: TextRange, new_text: &str) {
        let start = (range.start as usize).min(self.text.len());
        let end = (range.end as usize).clamp(start, self.text.len());
        if !self.text.is_char_boundary(start) || !self.text.is_char_boundary(end) {
            // The caller's positions were snapped already; be safe and reparse fully.
            let mut s = self.text.to_string();
            s.replace_range(
                floor(&s, start)..floor(&s, end).max(floor(&s, start)),
                new_text,
            );
            *self = SourceFile::new(&self.path, s);
            return;
        }
        let mut s = String::with_capacity(self.text.len() + new_text.len());
        s.push_str(&self.text[..start]);
        s.push_str(new_text);
        s.push_str(&self.text[end..]);
        // The tree of a text with conflict markers is the tree of its masked text: reparse afresh.
        if !self.conflicts.is_empty() {
            self.tree = None;
        }
        if let Some(tree) = &mut self.tree {
            let new_index = LineIndex::new(&s);
            let new_end = start + new_text.len();
            tree.edit(&tree_sitter::InputEdit {
                start_byte: start,
                old_end_byte: end,
                new_end_byte: new_end,
                start_position: ts_point(&self.text, start),
                old_end_position: ts_point(&self.text, end),
                new_end_position: ts_point(&s, new_end),
            });
            let text: Arc<str> = s.into();
            let conflicts = conflicts::find(&text);
            let (mut parsed, mut tree) = parse(&self.kind, &text, &conflicts, self.tree.as_ref());
            // tree-sitter's error recovery can differ between an incremental and a fresh parse
            // of the same text; a broken file is parsed afresh so the language server and
            // `check` report the same syntax errors.
            if matches!(&parsed, Parsed::Json(d) if !d.errors.is_empty()) {
                (parsed, tree) = parse(&self.kind, &text, &conflicts, None);
            }
            self.conflicts = conflicts;
            self.text = text;
            self.line_index = new_index;
            self.parsed = parsed;
            self.tree = tree;
        } else {
            *self = SourceFile::new(&self.path, s);
        }
    }
}

/// tree-sitter's point of a byte offset: rows end at `\n` only (unlike `LineIndex`, which also
/// ends lines at a lone `\r` as LSP does), columns are bytes.
fn ts_point(text: &str, off: usize) -> tree_sitter::Point {
    let before = text.as_bytes().get(..off).unwrap_or(text.as_bytes());
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    tree_sitter::Point {
        row,
        column: before.len() - line_start,
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn parse(
    kind: &FileKind,
    text: &str,
    conflicts: &[conflicts::Conflict],
    old: Option<&tree_sitter::Tree>,
) -> (Parsed, Option<tree_sitter::Tree>) {
    // Unresolved merge conflicts: parse the file as if each conflict were resolved to its first
    // version (same offsets; markers and the other versions blanked out), so the model and the
    // checks see one consistent version instead of a recovery from the markers. AL0004 reports
    // the markers. A masked text is always parsed afresh (the old tree is of another text).
    let masked = conflicts::mask_found(text, conflicts);
    let (text, old) = match &masked {
        Some(m) => (m.as_str(), None),
        None => (text, old),
    };
    match kind.syntax() {
        Syntax::Json => {
            let (doc, tree) = parse_json_with(text, old);
            (Parsed::Json(doc), tree)
        }
        Syntax::Xml => (Parsed::Xml(parse_xml(text)), None),
        Syntax::Js => (Parsed::Js(parse_js_objects(text)), None),
        Syntax::Text => (Parsed::Text, None),
    }
}
