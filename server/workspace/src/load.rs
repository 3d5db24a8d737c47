//! Reading an app's files into an [`AppDb`], and reading them again after file events.
//!
//! Files are read and parsed on rayon's pool: the analysis core runs no threads itself.

use crate::config::RepoConfig;
use crate::discover::{AppLocation, SKIP_DIRS};
use altinn_analysis::check::codes::AL0002;
use altinn_analysis::config::Config;
use altinn_analysis::db::{FileUpdate, SourceFile};
use altinn_analysis::model::FileKind;
use altinn_analysis::{AppDb, Diagnostic, TextRange};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Files larger than this are not loaded (reported instead): nothing real comes close.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// How deep below the app folder files are looked for.
const MAX_FILE_DEPTH: usize = 12;

/// Relative paths (forward slashes) of the files below `dir` the analysis wants, sorted.
/// Symbolic links are not followed.
pub fn list_app_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new(), 0usize)];
    while let Some((dir, rel, depth)) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            // `file_type` does not follow links: a link is neither a folder nor a file here.
            let Ok(ft) = e.file_type() else { continue };
            let rel_path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if ft.is_dir() {
                if depth < MAX_FILE_DEPTH && !SKIP_DIRS.contains(&name.as_str()) {
                    stack.push((e.path(), rel_path, depth + 1));
                }
            } else if ft.is_file() && FileKind::is_relevant(&rel_path) {
                out.push((rel_path, e.path()));
            }
        }
    }
    out.sort();
    out
}

/// Reads one file as text. Invalid UTF-8 is decoded lossily and reported; too large files are
/// reported and skipped.
pub fn read_text(path: &Path, rel: &str) -> (Option<String>, Option<Diagnostic>) {
    let issue = |msg: String| Diagnostic::new(AL0002, rel, TextRange::empty(0), msg);
    match fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return (
                None,
                Some(issue(format!(
                    "File is {} MB, larger than the {} MB that are checked",
                    m.len() >> 20,
                    MAX_FILE_BYTES >> 20
                ))),
            );
        }
        Err(e) => return (None, Some(issue(format!("Could not read the file: {e}")))),
        _ => {}
    }
    match fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => (Some(s), None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let d = Diagnostic::new(AL0002, rel, TextRange::empty(at as u32), format!("The file is not valid UTF-8 (first bad byte at offset {at}); invalid bytes are read as U+FFFD"));
                (Some(text), Some(d))
            }
        },
        Err(e) => (None, Some(issue(format!("Could not read the file: {e}")))),
    }
}

/// A loaded app: where it is, its configuration, the database and the problems met while
/// reading files.
pub struct LoadedApp {
    pub loc: AppLocation,
    /// The repository's `altinn-ls.json` (the database may hold a configuration derived from
    /// it, such as the editor's settings laid over it).
    pub repo_config: RepoConfig,
    pub db: AppDb,
    /// Problems met reading files (too large, not UTF-8), by path relative to the app folder.
    pub load_issues: BTreeMap<String, Vec<Diagnostic>>,
}

/// What reading one file gave.
struct Read {
    rel: String,
    file: Option<SourceFile>,
    issue: Option<Diagnostic>,
}

fn read_and_parse(rel: String, path: &Path) -> Read {
    let (text, issue) = read_text(path, &rel);
    let file = text.map(|t| SourceFile::new(&rel, t));
    Read { rel, file, issue }
}

/// Reads and parses every file of an app (in parallel) and builds its model once.
/// `config` is what the checks use (see [`LoadedApp::repo_config`]).
pub fn load_app(loc: AppLocation, repo_config: RepoConfig, config: Config) -> LoadedApp {
    let reads: Vec<Read> = list_app_files(&loc.app_dir)
        .into_par_iter()
        .map(|(rel, path)| read_and_parse(rel, &path))
        .collect();
    let mut files = Vec::with_capacity(reads.len());
    let mut load_issues: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for r in reads {
        files.extend(r.file);
        if let Some(i) = r.issue {
            load_issues.entry(r.rel).or_default().push(i);
        }
    }
    LoadedApp {
        loc,
        repo_config,
        db: AppDb::from_parsed(files, config),
        load_issues,
    }
}

impl LoadedApp {
    /// The diagnostics of one file: problems reading it, then the checks (config applied).
    pub fn file_diagnostics(&self, rel: &str) -> Vec<Diagnostic> {
        let mut out = self.load_issues.get(rel).cloned().unwrap_or_default();
        out.extend(self.db.check_file(rel));
        out
    }

    /// Every path with something to say: the database's files and those that could not be
    /// read.
    pub fn paths(&self) -> BTreeSet<&str> {
        self.db
            .paths()
            .chain(self.load_issues.keys().map(String::as_str))
            .collect()
    }

    /// Reads files again after changes on disk: each path (absolute) may be a file, a folder
    /// (every file below it) or gone (the file, or every file below it). Paths `keep` says
    /// are held elsewhere (open in the editor, whose text is the truth) are left alone. All
    /// changes go into the database at once (one model update). Returns the relative paths
    /// whose text or reading problems changed.
    pub fn reload(&mut self, paths: &[PathBuf], keep: &dyn Fn(&Path) -> bool) -> BTreeSet<String> {
        let mut to_read: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut gone: BTreeSet<String> = BTreeSet::new();
        for abs in paths {
            let Some(rel) = self.loc.rel_path(abs) else {
                continue;
            };
            // `symlink_metadata`: a link is never followed (it is neither a file nor a folder).
            match fs::symlink_metadata(abs) {
                Ok(m) if m.is_file() => {
                    if FileKind::is_relevant(&rel) && !keep(abs) {
                        to_read.insert(rel, abs.clone());
                    }
                }
                Ok(m) if m.is_dir() => {
                    for (sub, p) in list_app_files(abs) {
                        if !keep(&p) {
                            to_read.insert(join_rel(&rel, &sub), p);
                        }
                    }
                }
                _ => {
                    let prefix = format!("{rel}/");
                    for p in self.paths() {
                        if (rel.is_empty() || p == rel || p.starts_with(&prefix))
                            && !keep(&self.loc.app_dir.join(p))
                        {
                            gone.insert(p.to_string());
                        }
                    }
                }
            }
        }
        let reads: Vec<Read> = to_read
            .into_par_iter()
            .map(|(rel, path)| read_and_parse(rel, &path))
            .collect();
        let mut changed = BTreeSet::new();
        let mut updates = Vec::new();
        for r in reads {
            let old_issue = self.load_issues.remove(&r.rel);
            if old_issue.is_some() || r.issue.is_some() {
                changed.insert(r.rel.clone());
            }
            if let Some(i) = r.issue {
                self.load_issues.insert(r.rel.clone(), vec![i]);
            }
            match r.file {
                Some(f) => {
                    if self.db.file(&r.rel).is_none_or(|old| old.text != f.text) {
                        updates.push(FileUpdate::Set(Box::new(f)));
                    }
                }
                None => updates.push(FileUpdate::Remove(r.rel)),
            }
        }
        for p in gone {
            if self.load_issues.remove(&p).is_some() {
                changed.insert(p.clone());
            }
            updates.push(FileUpdate::Remove(p));
        }
        changed.extend(self.db.apply(updates));
        changed
    }

    /// Replaces the repository configuration and the configuration the checks use.
    pub fn set_config(&mut self, repo_config: RepoConfig, config: Config) {
        self.repo_config = repo_config;
        self.db.set_config(config);
        self.db.rebuild();
    }
}

fn join_rel(base: &str, sub: &str) -> String {
    if base.is_empty() {
        sub.to_string()
    } else {
        format!("{base}/{sub}")
    }
}
