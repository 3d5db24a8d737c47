//! IDE features over the analysis: completion, hover, navigation, rename, fixes, symbols.
//!
//! Plain data in, plain data out: byte offsets into a file's text, paths relative to the app
//! folder. The language server converts positions and wraps the results in LSP types.
//!
//! How it works:
//! - [`context::scan`] reads a JSON file from its start up to the cursor and keeps the open
//!   objects/arrays (member key, item index, string members seen). It does not need what follows
//!   the cursor, so it works in an unterminated string, after a missing comma and in a half-typed
//!   key; what follows (a component's `type`, an expression's later arguments) comes from the
//!   parsed tree.
//! - [`navigation::classify`] maps a place (file kind + path + key/value slot) to a
//!   [`navigation::Role`]: what kind of name belongs there (text key, component id, data path,
//!   page, layout set, task, data type, code list, rule function, expression function, component
//!   type or property, fixed values). Completion lists names of that role; with the name,
//!   [`navigation::target_at`] gives a [`navigation::Target`] for hover, definition, references
//!   and rename. [`navigation::walk_targets`] runs the same classification over a whole parsed
//!   file, so references find every use the features understand (layouts, expressions, Settings,
//!   layout-sets, application metadata, texts, footer, code lists, RuleConfiguration,
//!   validation files, BPMN, policy).
//! - Completion and hover read only the current file and the model's indexes; references and
//!   rename walk every file.
//!
//! Decisions:
//! - Page and layout set renames also rename files. [`rename`] returns the text edits (Settings
//!   order, `linkToPage`, Summary2 targets, `pdfLayoutName`, ...) and [`file_renames`] the files
//!   to rename with them; a client that cannot rename files must not apply the edits alone.
//! - A data model field rename edits bindings, expressions, text variables, RuleConfiguration
//!   paths, the `.schema.json` property (and its `required` entry) and the C# model property
//!   (`ide/csharp_nav.rs`); the XSD is not edited.
//! - Renaming a FileUpload also renames its attachment data type (same id).
//! - Renaming a process task edits the BPMN, policy, metadata, layout sets and layouts that name
//!   it, and in a v9 app moves `ui/<task>/` as one folder rename (`rename_task.rs`).
//! - Quick fixes come from the checks' [`crate::diagnostic::FixData`]; a new text key gets
//!   `"TODO: <key>"` in every language file that lacks it.

mod actions;
mod completion;
pub mod context;
mod csharp_nav;
mod highlight;
mod hover;
pub mod inlay;
pub mod lens;
pub mod navigation;
mod rename;
mod rename_task;
mod signature;
mod symbols;
pub mod upgrade;
pub mod upgrade_sets;
mod workspace_symbols;

use crate::diagnostic::Diagnostic;
use crate::syntax::TextRange;
use crate::AppDb;

pub use completion::CompletionList;
pub use highlight::Highlight;
pub use inlay::InlayHint;
pub use lens::ReferenceIndex;
pub use navigation::Target;
pub use rename::{file_renames, FileRename};
pub use signature::SignatureHelp;
pub use workspace_symbols::WorkspaceSymbol;

/// A place in a file of the app.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// Relative to the app folder.
    pub file: String,
    pub range: TextRange,
}

/// Replace `range` in `file` with `new_text`. A new file: `range` empty at 0 and `file` does not
/// exist yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    pub file: String,
    pub range: TextRange,
    pub new_text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompletionKind {
    Component,
    Property,
    TextKey,
    DataPath,
    ComponentId,
    Function,
    Page,
    LayoutSet,
    Task,
    DataType,
    CodeList,
    RuleFunction,
    Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// Text to insert instead of the label (for example with quotes when the cursor is not in a
    /// string).
    pub insert_text: Option<String>,
    /// The range the insert text replaces; `None`: the word at the cursor.
    pub replace_range: Option<TextRange>,
    pub sort_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    pub range: TextRange,
    pub markdown: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    /// Index into the `diagnostics` passed to [`code_actions`] that this action fixes.
    pub diagnostic_index: Option<usize>,
    pub edits: Vec<FileEdit>,
    pub is_preferred: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    File,
    Page,
    Component,
    TextKey,
    Task,
    Event,
    Gateway,
    DataType,
    Property,
    LayoutSet,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub range: TextRange,
    pub selection_range: TextRange,
    pub children: Vec<Symbol>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A file of the app, relative to the app folder.
    File(String),
    Url(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub range: TextRange,
    pub target: LinkTarget,
}

/// Completion items at `offset` in `path`.
pub fn completion(db: &AppDb, path: &str, offset: u32) -> Vec<CompletionItem> {
    completion::completion(db, path, offset)
}

/// [`completion`] cut to at most `limit` items (best matches of what is typed first); when cut,
/// `is_incomplete` tells the client to ask again as the user types. For very large apps
/// (thousands of text keys) this keeps the answer small.
pub fn completion_list(db: &AppDb, path: &str, offset: u32, limit: usize) -> CompletionList {
    completion::completion_list(db, path, offset, limit)
}

/// Hover documentation for what is at `offset`.
pub fn hover(db: &AppDb, path: &str, offset: u32) -> Option<Hover> {
    hover::hover(db, path, offset)
}

/// Where the thing at `offset` is declared (several places for a text key: one per language).
pub fn definition(db: &AppDb, path: &str, offset: u32) -> Vec<Location> {
    navigation::definition(db, path, offset)
}

/// Every use of the thing at `offset`, with its declarations when `include_declaration`.
pub fn references(db: &AppDb, path: &str, offset: u32, include_declaration: bool) -> Vec<Location> {
    navigation::references(db, path, offset, include_declaration)
}

/// The range and current name of what a rename at `offset` would change, or why it cannot.
pub fn prepare_rename(db: &AppDb, path: &str, offset: u32) -> Result<(TextRange, String), String> {
    rename::prepare_rename(db, path, offset)
}

/// The edits renaming the thing at `offset` to `new_name` in every file, or why not.
///
/// Renaming a page or a layout set also needs a file (folder) rename, which a [`FileEdit`]
/// cannot express: the returned edits change every reference, and [`file_renames`] lists the
/// files the client must rename along with them.
pub fn rename(
    db: &AppDb,
    path: &str,
    offset: u32,
    new_name: &str,
) -> Result<Vec<FileEdit>, String> {
    rename::rename(db, path, offset, new_name)
}

/// Quick fixes for the diagnostics (of `path`) that touch `range`.
pub fn code_actions(
    db: &AppDb,
    path: &str,
    range: TextRange,
    diagnostics: &[Diagnostic],
) -> Vec<CodeAction> {
    actions::code_actions(db, path, range, diagnostics)
}

/// Outline of a file: pages and their component trees, text keys, BPMN elements.
pub fn document_symbols(db: &AppDb, path: &str) -> Vec<Symbol> {
    symbols::document_symbols(db, path)
}

/// `$schema` URLs and code list files.
pub fn document_links(db: &AppDb, path: &str) -> Vec<Link> {
    symbols::document_links(db, path)
}

/// Objects and arrays spanning several lines.
pub fn folding_ranges(db: &AppDb, path: &str) -> Vec<TextRange> {
    symbols::folding_ranges(db, path)
}

/// Symbols of the app matching `query` (component ids, pages, layout sets, text keys, tasks,
/// data models), the best `limit`.
pub fn workspace_symbols(db: &AppDb, query: &str, limit: usize) -> Vec<WorkspaceSymbol> {
    workspace_symbols::workspace_symbols(db, query, limit)
}

/// What `path` declares that code lenses count references of, with where to show each.
pub fn lens_targets(db: &AppDb, path: &str) -> Vec<(Target, TextRange)> {
    lens::lens_targets(db, path)
}

/// Text hints after the text keys used in `range` of `path` (`languages` best first).
pub fn inlay_hints(
    db: &AppDb,
    path: &str,
    range: TextRange,
    languages: &[String],
) -> Vec<InlayHint> {
    inlay::text_hints(db, path, range, languages)
}

/// The places in `path` naming what is at `offset`.
pub fn document_highlights(db: &AppDb, path: &str, offset: u32) -> Vec<Highlight> {
    highlight::document_highlights(db, path, offset)
}

/// The expression function whose arguments the cursor is in.
pub fn signature_help(db: &AppDb, path: &str, offset: u32) -> Option<SignatureHelp> {
    signature::signature_help(db, path, offset)
}
