//! Where the apps are: below a folder, or around a file or folder.
//!
//! An app is a folder holding `App/config/applicationmetadata.json` (its repository), or
//! `config/applicationmetadata.json` when the `App/` folder itself is given. Symbolic links are
//! never followed (a link to `/` would make a scan endless).

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// How deep [`find_apps`] looks below a folder for apps.
const MAX_SEARCH_DEPTH: usize = 8;
/// How far [`app_containing`] walks up from a file.
const MAX_WALK_UP: usize = 12;
/// Folders that never hold app files worth checking (and change a lot).
pub const SKIP_DIRS: &[&str] = &[
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

/// Whether a path relative to a watched folder or repository lies below a skipped folder
/// (relative: an absolute path may well contain `bin` or `target` above the repository).
pub fn is_skipped(rel: &Path) -> bool {
    rel.components().any(|c| match c {
        Component::Normal(n) => SKIP_DIRS.contains(&n.to_string_lossy().as_ref()),
        _ => false,
    })
}

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

    /// A path below the app folder as the analysis names it (relative, forward slashes).
    pub fn rel_path(&self, abs: &Path) -> Option<String> {
        abs.strip_prefix(&self.app_dir).ok().map(rel_string)
    }
}

/// Where a folder is an app: `App/config/applicationmetadata.json` below it, or
/// `config/applicationmetadata.json` when it is the `App/` folder itself.
pub fn app_at(dir: &Path) -> Option<AppLocation> {
    let at = |repo: &Path, app_dir: &Path| AppLocation {
        repo: repo.to_path_buf(),
        app_dir: app_dir.to_path_buf(),
    };
    if dir.join("App/config/applicationmetadata.json").is_file() {
        return Some(at(dir, &dir.join("App")));
    }
    if dir.join("config/applicationmetadata.json").is_file() {
        return Some(at(dir, dir));
    }
    // A repository whose metadata is missing (broken, or a partial checkout) is still an app:
    // its other files deserve checking, and the missing file is reported.
    if dir.join("App/ui").is_dir() || dir.join("App/config").is_dir() {
        return Some(at(dir, &dir.join("App")));
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

/// The app holding a file or folder, found by walking up from it. An `App/` folder inside a
/// repository is named by its repository (as when the repository itself is opened).
pub fn app_containing(path: &Path) -> Option<AppLocation> {
    let mut dir = if path.is_dir() {
        Some(path)
    } else {
        path.parent()
    };
    for _ in 0..=MAX_WALK_UP {
        let d = dir?;
        if let Some(loc) = app_at(d) {
            if path.starts_with(&loc.app_dir) {
                return Some(match d.parent() {
                    Some(p) if d.file_name().is_some_and(|n| n == "App") => {
                        app_at(p).filter(|l| l.app_dir == d).unwrap_or(loc)
                    }
                    _ => loc,
                });
            }
        }
        dir = d.parent();
    }
    None
}

/// What a path given to `check` stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub apps: Vec<AppLocation>,
    /// When a file (or a folder inside an app) was given: only the diagnostics located in it
    /// (the path relative to the app folder; "" for the whole app).
    pub only: Option<String>,
}

/// The apps a path stands for: every app at or below a folder; else the app holding the
/// file or folder, restricted to it.
pub fn resolve_target(path: &Path) -> io::Result<Target> {
    let meta = fs::metadata(path)?;
    if meta.is_dir() {
        let apps = find_apps(path)?;
        if !apps.is_empty() {
            return Ok(Target { apps, only: None });
        }
    }
    let Some(loc) = app_containing(path) else {
        return Ok(Target {
            apps: Vec::new(),
            only: None,
        });
    };
    let only = loc.rel_path(path);
    Ok(Target {
        apps: vec![loc],
        only,
    })
}

/// A relative path with forward slashes.
pub fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("altinn-ws-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(d.join("repo/App/config")).unwrap();
        fs::create_dir_all(d.join("repo/App/ui/layouts")).unwrap();
        fs::write(d.join("repo/App/config/applicationmetadata.json"), "{}").unwrap();
        fs::write(d.join("repo/App/ui/layouts/Page.json"), "{}").unwrap();
        d
    }

    #[test]
    fn an_app_folder_or_file_inside_resolves_to_its_repository() {
        let d = temp("resolve");
        let repo = d.join("repo");
        let whole = resolve_target(&d).unwrap();
        assert_eq!(whole.apps.len(), 1);
        assert_eq!(whole.apps[0].repo, repo);
        assert_eq!(whole.only, None);
        // The App folder itself is an app (found below the given folder).
        let app = resolve_target(&repo.join("App")).unwrap();
        assert_eq!(app.apps[0].app_dir, repo.join("App"));
        // A file: its app, named by the repository, restricted to the file.
        let file = resolve_target(&repo.join("App/ui/layouts/Page.json")).unwrap();
        assert_eq!(file.apps[0].repo, repo);
        assert_eq!(file.only.as_deref(), Some("ui/layouts/Page.json"));
        // A folder inside an app.
        let sub = resolve_target(&repo.join("App/ui")).unwrap();
        assert_eq!(sub.apps[0].repo, repo);
        assert_eq!(sub.only.as_deref(), Some("ui"));
        assert!(is_skipped(Path::new("App/bin/x.json")));
        assert!(!is_skipped(Path::new("App/ui/x.json")));
        let _ = fs::remove_dir_all(&d);
    }
}
