//! Finding Altinn apps on disk and loading their files into an [`AppDb`].

use altinn_analysis::config::Config;
use altinn_analysis::model::FileKind;
use altinn_analysis::{AppDb, Diagnostic, TextRange};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Files larger than this are not loaded (reported instead): nothing real comes close.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// How deep `find_apps` looks below a folder for apps.
const MAX_SEARCH_DEPTH: usize = 8;
/// Folders that never hold app files worth checking.
pub(crate) const SKIP_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "bin",
    "obj",
    "target",
    ".vs",
    ".idea",
    "wwwroot",
    "dist",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppLocation {
    /// The repository folder (holding `App/`), or the app folder itself when given directly.
    pub repo: PathBuf,
    /// The folder holding `config/applicationmetadata.json`.
    pub app_dir: PathBuf,
}

impl AppLocation {
    /// The app folder's path relative to the repository folder ("App" or "").
    pub fn app_prefix(&self) -> String {
        self.app_dir
            .strip_prefix(&self.repo)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default()
    }
}

/// Where a folder is an app: `App/config/applicationmetadata.json` below it, or
/// `config/applicationmetadata.json` when it is the `App/` folder itself.
pub fn app_at(dir: &Path) -> Option<AppLocation> {
    if dir.join("App/config/applicationmetadata.json").is_file() {
        return Some(AppLocation {
            repo: dir.to_path_buf(),
            app_dir: dir.join("App"),
        });
    }
    if dir.join("config/applicationmetadata.json").is_file() {
        return Some(AppLocation {
            repo: dir.to_path_buf(),
            app_dir: dir.to_path_buf(),
        });
    }
    // A repository whose metadata is missing (broken, or a partial checkout) is still an app:
    // its other files deserve checking, and the missing file is reported.
    if dir.join("App/ui").is_dir() || dir.join("App/config").is_dir() {
        return Some(AppLocation {
            repo: dir.to_path_buf(),
            app_dir: dir.join("App"),
        });
    }
    None
}

/// Every app at or below `root` (not following symlinks, so loops cannot trap us).
pub fn find_apps(root: &Path) -> io::Result<Vec<AppLocation>> {
    let meta = fs::metadata(root)?;
    if !meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a folder", root.display()),
        ));
    }
    let mut out = Vec::new();
    let mut stack = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        if let Some(app) = app_at(&dir) {
            out.push(app);
            continue;
        }
        if depth >= MAX_SEARCH_DEPTH {
            continue;
        }
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut subdirs: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter(|e| !SKIP_DIRS.contains(&e.file_name().to_string_lossy().as_ref()))
            .map(|e| e.path())
            .collect();
        subdirs.sort();
        stack.extend(subdirs.into_iter().rev().map(|d| (d, depth + 1)));
    }
    Ok(out)
}

/// Relative paths (forward slashes) of the files below the app folder the analysis wants.
pub fn list_app_files(app_dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![(app_dir.to_path_buf(), String::new(), 0usize)];
    while let Some((dir, rel, depth)) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let Ok(ft) = e.file_type() else { continue };
            let rel_path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if ft.is_dir() {
                if depth < 12 && !SKIP_DIRS.contains(&name.as_str()) {
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
    let issue = |msg: String| Diagnostic::new("AL0002", rel, TextRange::empty(0), msg);
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
                let d = Diagnostic::new("AL0002", rel, TextRange::empty(at as u32), format!("The file is not valid UTF-8 (first bad byte at offset {at}); invalid bytes are read as U+FFFD"));
                (Some(text), Some(d))
            }
        },
        Err(e) => (None, Some(issue(format!("Could not read the file: {e}")))),
    }
}

/// Reads the repository's `altinn-ls.json`, if any.
pub fn load_config(repo: &Path) -> Result<Config, String> {
    let path = repo.join("altinn-ls.json");
    let Ok(text) = fs::read_to_string(&path) else {
        return Ok(Config::default());
    };
    Config::parse(&text).map_err(|errs| {
        let idx = altinn_analysis::LineIndex::new(&text);
        errs.iter()
            .map(|e| {
                let p = idx.position(
                    &text,
                    e.offset,
                    altinn_analysis::syntax::PositionEncoding::Utf16,
                );
                format!(
                    "{}:{}:{}: {}",
                    path.display(),
                    p.line + 1,
                    p.character + 1,
                    e.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// A loaded app: the database and the problems met while reading files.
pub struct LoadedApp {
    pub location: AppLocation,
    pub db: AppDb,
    pub load_issues: Vec<Diagnostic>,
}

pub fn load_app(location: AppLocation, config: Config) -> LoadedApp {
    let mut texts = Vec::new();
    let mut load_issues = Vec::new();
    for (rel, path) in list_app_files(&location.app_dir) {
        let (text, issue) = read_text(&path, &rel);
        if let Some(t) = text {
            texts.push((rel, t));
        }
        load_issues.extend(issue);
    }
    let db = AppDb::from_files(texts, config);
    LoadedApp {
        location,
        db,
        load_issues,
    }
}
