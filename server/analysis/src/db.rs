//! The analysis database of one app: its files (text, line index, parsed tree) and the
//! cross-file model derived from them. Callers feed texts; nothing here touches the disk.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{AppModel, FileChange, FileKind};
use crate::syntax::TextRange;
use std::collections::BTreeMap;
use std::sync::Arc;

pub use crate::source::{Parsed, SourceFile};

/// One app: the files below its app folder and the model built from them.
#[derive(Debug, Default)]
pub struct AppDb {
    files: BTreeMap<String, SourceFile>,
    model: AppModel,
    config: Config,
    /// Versions to check the app as, instead of the detected ones (`altinn-ls upgrade`).
    assumed: Option<crate::model::Versions>,
    /// Changes with every change of files, model or configuration; unique across databases,
    /// so a cache keyed by it never mistakes a rebuilt database for the one it was filled from.
    revision: u64,
}

/// Source of [`AppDb::revision`] values (0 is never handed out).
static REVISIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_revision() -> u64 {
    REVISIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl AppDb {
    pub fn new(config: Config) -> Self {
        Self {
            config,
            revision: next_revision(),
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
                    let f = *f;
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
        if !changed.is_empty() {
            self.revision = next_revision();
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
        self.keep_assumed();
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
            self.keep_assumed();
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
        self.keep_assumed();
        true
    }

    pub fn remove_file(&mut self, path: &str) -> bool {
        let removed = self.files.remove(path).is_some();
        if removed {
            self.model.update(&self.files, path, FileChange::Removed);
            self.keep_assumed();
        }
        removed
    }

    /// Checks the app as if it ran these versions from now on (what an upgrade would make it),
    /// whatever its files say.
    pub fn assume_versions(&mut self, versions: crate::model::Versions) {
        self.assumed = Some(versions);
        self.keep_assumed();
    }

    fn keep_assumed(&mut self) {
        self.revision = next_revision();
        if let Some(v) = &self.assumed {
            self.model.versions = v.clone();
        }
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
        self.revision = next_revision();
    }
    /// A stamp that changes whenever anything in the database changes (for caches kept
    /// outside it: two different states never share a revision).
    pub fn revision(&self) -> u64 {
        self.revision
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
    Set(Box<SourceFile>),
    /// A file that is gone.
    Remove(String),
}
