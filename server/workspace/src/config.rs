//! The one `altinn-ls.json` lookup, shared by `check` and the language server.
//!
//! The file sits at the repository root. When the `App/` folder itself was given (a
//! workspace opened at `App/`, `altinn-ls check repo/App`), the repository is its parent, so
//! the parent's file applies when the folder has none of its own.

use crate::discover::AppLocation;
use altinn_analysis::config::Config;
use altinn_analysis::syntax::PositionEncoding;
use altinn_analysis::LineIndex;
use std::fs;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "altinn-ls.json";

/// The repository configuration of an app: where it was looked for and what was found.
#[derive(Debug, Clone, Default)]
pub struct RepoConfig {
    /// The file that applies (it may not exist).
    pub path: PathBuf,
    /// The configuration: the default when the file is missing or invalid.
    pub config: Config,
    /// Why the file is invalid (then it counts as missing): one `file:line:column: message`
    /// per problem.
    pub error: Option<String>,
    /// The file's problems with their places in `text` (for an editor's diagnostics).
    pub problems: Vec<altinn_analysis::config::ConfigError>,
    /// The file's text as read (empty when missing).
    pub text: String,
}

/// Candidate files for an app, nearest first.
fn candidates(loc: &AppLocation) -> Vec<PathBuf> {
    let mut out = vec![loc.repo.join(FILE_NAME)];
    if loc.repo == loc.app_dir {
        if let Some(parent) = loc.repo.parent() {
            out.push(parent.join(FILE_NAME));
        }
    }
    out
}

/// The `altinn-ls.json` that applies to an app: the repository's, or (app folder given
/// directly and holding none) its parent's.
pub fn config_file(loc: &AppLocation) -> PathBuf {
    let c = candidates(loc);
    c.iter()
        .find(|p| p.is_file())
        .cloned()
        .unwrap_or_else(|| c[0].clone())
}

/// Whether a change of this file can change the configuration of the app (it is one of the
/// places [`config_file`] looks).
pub fn may_configure(loc: &AppLocation, changed: &Path) -> bool {
    candidates(loc).iter().any(|p| p == changed)
}

/// Reads the configuration that applies to an app.
pub fn repo_config(loc: &AppLocation) -> RepoConfig {
    let path = config_file(loc);
    match fs::read_to_string(&path) {
        Ok(text) => from_text(path, text),
        Err(_) => RepoConfig {
            path,
            ..Default::default()
        },
    }
}

/// The configuration in `text`, the contents of `path` (from disk or an editor's buffer).
pub fn from_text(path: PathBuf, text: String) -> RepoConfig {
    match Config::parse(&text) {
        Ok(config) => RepoConfig {
            path,
            config,
            error: None,
            problems: Vec::new(),
            text,
        },
        Err(problems) => RepoConfig {
            error: Some(describe(&path, &text, &problems)),
            path,
            config: Config::default(),
            problems,
            text,
        },
    }
}

/// One `file:line:column: message` per problem.
fn describe(path: &Path, text: &str, errs: &[altinn_analysis::config::ConfigError]) -> String {
    let idx = LineIndex::new(text);
    errs.iter()
        .map(|e| {
            let p = idx.position(text, e.offset, PositionEncoding::Utf16);
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
}

/// Reads one `altinn-ls.json`; a missing file is the default configuration.
pub fn read(path: &Path) -> Result<Config, String> {
    let Ok(text) = fs::read_to_string(path) else {
        return Ok(Config::default());
    };
    Config::parse(&text).map_err(|errs| describe(path, &text, &errs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_folder_given_directly_uses_the_repository_file() {
        let d = std::env::temp_dir().join(format!("altinn-ws-config-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(d.join("App/config")).unwrap();
        fs::write(d.join(FILE_NAME), r#"{"severity": {"AL0102": "off"}}"#).unwrap();
        let repo = AppLocation {
            repo: d.clone(),
            app_dir: d.join("App"),
        };
        let app = AppLocation {
            repo: d.join("App"),
            app_dir: d.join("App"),
        };
        assert_eq!(config_file(&repo), d.join(FILE_NAME));
        assert_eq!(config_file(&app), d.join(FILE_NAME));
        assert!(may_configure(&app, &d.join(FILE_NAME)));
        assert!(!repo_config(&app).config.severity.is_empty());
        // Its own file wins.
        fs::write(d.join("App").join(FILE_NAME), "{}").unwrap();
        assert_eq!(config_file(&app), d.join("App").join(FILE_NAME));
        assert!(repo_config(&app).config.severity.is_empty());
        let _ = fs::remove_dir_all(&d);
    }
}
