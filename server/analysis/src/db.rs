//! The analysis database of one app: its files (text, line index, parsed tree) and the
//! cross-file model derived from them. Callers feed texts; nothing here touches the disk.

use crate::check;
use crate::config::{Config, Level};
use crate::diagnostic::Diagnostic;
use crate::model::{AppModel, FileChange, FileKind, Syntax};
use crate::syntax::{
    parse_js_objects, parse_json_with, parse_xml, JsDoc, JsonDoc, LineIndex, TextRange, XmlDoc,
};
use std::collections::BTreeMap;
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
    pub conflicts: Vec<check::conflicts::Conflict>,
    /// Kept for tree-sitter's incremental reparse of JSON files.
    tree: Option<tree_sitter::Tree>,
}

impl SourceFile {
    pub fn new(path: &str, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let kind = FileKind::classify(path);
        let conflicts = check::conflicts::find(&text);
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
    fn edit(&mut self, range: TextRange, new_text: &str) {
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
            let conflicts = check::conflicts::find(&text);
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
    conflicts: &[check::conflicts::Conflict],
    old: Option<&tree_sitter::Tree>,
) -> (Parsed, Option<tree_sitter::Tree>) {
    // Unresolved merge conflicts: parse the file as if each conflict were resolved to its first
    // version (same offsets; markers and the other versions blanked out), so the model and the
    // checks see one consistent version instead of a recovery from the markers. AL0004 reports
    // the markers. A masked text is always parsed afresh (the old tree is of another text).
    let masked = check::conflicts::mask_found(text, conflicts);
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

/// One app: the files below its app folder and the model built from them.
#[derive(Debug, Default)]
pub struct AppDb {
    files: BTreeMap<String, SourceFile>,
    model: AppModel,
    config: Config,
}

impl AppDb {
    pub fn new(config: Config) -> Self {
        Self {
            config,
            ..Default::default()
        }
    }

    /// Loads many files and builds the model once.
    pub fn from_files(files: impl IntoIterator<Item = (String, String)>, config: Config) -> Self {
        let parsed = files
            .into_iter()
            .filter(|(path, _)| FileKind::is_relevant(path))
            .map(|(path, text)| SourceFile::new(&path, text))
            .collect();
        Self::from_parsed(parsed, config)
    }

    /// Builds the model once over files parsed already (the workspace parses them in
    /// parallel; the core runs no threads). Irrelevant paths are left out.
    pub fn from_parsed(files: Vec<SourceFile>, config: Config) -> Self {
        let mut db = AppDb::new(config);
        for f in files {
            if FileKind::is_relevant(&f.path) {
                db.files.insert(f.path.clone(), f);
            }
        }
        db.rebuild();
        db
    }

    /// Applies many file changes at once: one incremental model update for a single change,
    /// else one rebuild (a burst of thousands of new files must not cost a rebuild each).
    /// Returns the paths that changed. Irrelevant paths are ignored.
    pub fn apply(&mut self, updates: Vec<FileUpdate>) -> Vec<String> {
        let mut changed = Vec::new();
        let mut single = None;
        for u in updates {
            match u {
                FileUpdate::Set(f) => {
                    if !FileKind::is_relevant(&f.path) {
                        continue;
                    }
                    let path = f.path.clone();
                    let change = match self.files.insert(path.clone(), f) {
                        Some(_) => FileChange::Edited,
                        None => FileChange::Added,
                    };
                    single = Some(change);
                    changed.push(path);
                }
                FileUpdate::Remove(path) => {
                    if self.files.remove(&path).is_some() {
                        single = Some(FileChange::Removed);
                        changed.push(path);
                    }
                }
            }
        }
        match (changed.as_slice(), single) {
            ([], _) => {}
            ([one], Some(change)) => self.model.update(&self.files, one, change),
            _ => self.rebuild(),
        }
        changed
    }

    pub fn rebuild(&mut self) {
        self.model = AppModel::build(&self.files);
    }

    /// Replaces (or adds) a file and updates the model. Irrelevant paths are ignored.
    pub fn set_file(&mut self, path: &str, text: impl Into<Arc<str>>) {
        if FileKind::is_relevant(path) {
            let change = match self
                .files
                .insert(path.to_string(), SourceFile::new(path, text))
            {
                Some(_) => FileChange::Edited,
                None => FileChange::Added,
            };
            self.model.update(&self.files, path, change);
        }
    }

    /// Applies edits in order (each range in the text as it is after the previous edit),
    /// reparsing incrementally; updates the model once.
    pub fn edit_file(&mut self, path: &str, edits: &[(TextRange, String)]) -> bool {
        let Some(f) = self.files.get_mut(path) else {
            return false;
        };
        for (range, text) in edits {
            f.edit(*range, text);
        }
        self.model.update(&self.files, path, FileChange::Edited);
        true
    }

    pub fn remove_file(&mut self, path: &str) -> bool {
        let removed = self.files.remove(path).is_some();
        if removed {
            self.model.update(&self.files, path, FileChange::Removed);
        }
        removed
    }

    pub fn file(&self, path: &str) -> Option<&SourceFile> {
        self.files.get(path)
    }
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.values()
    }
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
    pub fn model(&self) -> &AppModel {
        &self.model
    }
    pub fn config(&self) -> &Config {
        &self.config
    }
    pub fn set_config(&mut self, config: Config) {
        self.config = config;
    }

    /// Diagnostics located in one file (their causes may be in other files).
    pub fn check_file(&self, path: &str) -> Vec<Diagnostic> {
        let Some(file) = self.files.get(path) else {
            return Vec::new();
        };
        if self.is_ignored(path) {
            return Vec::new();
        }
        let mut out = check::check_file(self, file);
        self.apply_config(&mut out);
        out
    }

    /// Diagnostics of every file, sorted by file and position (see [`sort_diagnostics`]).
    pub fn check_all(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self.paths().flat_map(|p| self.check_file(p)).collect();
        sort_diagnostics(&mut out);
        out
    }

    /// Ignore globs may be written relative to the repository (`App/ui/**`) or the app folder.
    fn is_ignored(&self, path: &str) -> bool {
        self.config.is_ignored(path) || self.config.is_ignored(&format!("App/{path}"))
    }

    fn apply_config(&self, out: &mut Vec<Diagnostic>) {
        out.retain_mut(|d| match self.config.level(d.code, d.severity) {
            Level::Off => false,
            Level::Is(s) => {
                d.severity = s;
                true
            }
        });
    }
}

/// The order of a whole app's diagnostics: by file, position, code.
pub fn sort_diagnostics(out: &mut [Diagnostic]) {
    out.sort_by(|a, b| (&a.file, a.range.start, a.code).cmp(&(&b.file, b.range.start, b.code)));
}

/// One change for [`AppDb::apply`].
#[derive(Debug)]
pub enum FileUpdate {
    /// A new or changed file (parsed by the caller, possibly on another thread).
    Set(SourceFile),
    /// A file that is gone.
    Remove(String),
}
