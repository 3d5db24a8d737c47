//! What of the developer's working tree goes into the instance: every file below the app's
//! repository folder (uncommitted changes included: that is what is being tested), except
//! build output and tool folders; a manifest of sizes and hashes so that the next `run` sends
//! only what changed.

use crate::layout::fnv1a;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Folder names skipped at any depth: build output, VCS, dependencies, editor state.
pub const SKIPPED_DIRS: &[&str] = &["bin", "obj", ".git", "node_modules", ".vs", ".idea"];
/// Our own folder inside the instance (manifest, generation); never taken from the app.
pub const STATE_DIR: &str = ".altinn-ls";
/// Default cap on the size of the whole tree that is considered (not only what is sent).
pub const DEFAULT_MAX_BYTES: u64 = 100 * 1024 * 1024;
/// Cap on the number of files.
pub const MAX_FILES: usize = 20_000;

/// One file: size and content hash (FNV-1a 64; detects edits, not an integrity check).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub size: u64,
    pub hash: u64,
}

/// Relative path (forward slashes) → entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    pub files: BTreeMap<String, Entry>,
}

/// What a scan found besides the files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// folders left out (relative paths)
    pub dirs: Vec<String>,
    /// symbolic links and names that cannot be sent (not UTF-8, a newline in the name)
    pub other: Vec<String>,
}

impl Manifest {
    pub fn total_bytes(&self) -> u64 {
        self.files.values().map(|e| e.size).sum()
    }

    pub fn to_json(&self) -> String {
        let files: serde_json::Map<String, Value> = self
            .files
            .iter()
            .map(|(p, e)| {
                (
                    p.clone(),
                    json!({"size": e.size, "hash": format!("{:016x}", e.hash)}),
                )
            })
            .collect();
        json!({"version": 1, "files": files}).to_string()
    }

    /// Lenient: anything unreadable is an empty manifest (= send everything).
    pub fn from_json(text: &str) -> Manifest {
        let mut m = Manifest::default();
        let Ok(v) = serde_json::from_str::<Value>(text.trim()) else {
            return m;
        };
        if let Some(files) = v.get("files").and_then(Value::as_object) {
            for (p, e) in files {
                let size = e.get("size").and_then(Value::as_u64);
                let hash = e
                    .get("hash")
                    .and_then(Value::as_str)
                    .and_then(|h| u64::from_str_radix(h, 16).ok());
                // the pod's manifest names files to delete there: only plain relative paths
                let plain = !p.starts_with('/')
                    && !p.contains('\\')
                    && p.split('/')
                        .all(|seg| !seg.is_empty() && seg != "." && seg != "..");
                if let (true, Some(size), Some(hash)) = (plain, size, hash) {
                    m.files.insert(p.clone(), Entry { size, hash });
                }
            }
        }
        m
    }
}

/// Walk `root` and hash every file that belongs to the app. Errors when the tree is bigger
/// than `max_bytes` or has more than [`MAX_FILES`] files (naming the biggest files).
pub fn scan(root: &Path, max_bytes: u64) -> Result<(Manifest, Skipped), String> {
    let mut m = Manifest::default();
    let mut skipped = Skipped::default();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    let mut sizes: Vec<(u64, String)> = Vec::new();
    let mut total: u64 = 0;
    while let Some((dir, rel)) = stack.pop() {
        let rd =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let mut entries: Vec<_> = rd.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name();
            let Some(name) = name.to_str() else {
                skipped
                    .other
                    .push(format!("{rel}{}", name.to_string_lossy()));
                continue;
            };
            let path = format!("{rel}{name}");
            let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
                continue;
            };
            if meta.file_type().is_symlink() || name.contains('\n') || name.contains('\r') {
                skipped.other.push(path);
            } else if meta.is_dir() {
                if SKIPPED_DIRS.contains(&name) || (rel.is_empty() && name == STATE_DIR) {
                    skipped.dirs.push(format!("{path}/"));
                } else {
                    stack.push((e.path(), format!("{path}/")));
                }
            } else if meta.is_file() {
                total += meta.len();
                sizes.push((meta.len(), path.clone()));
                if total > max_bytes {
                    sizes.sort_by(|a, b| b.cmp(a));
                    let big: Vec<String> = sizes
                        .iter()
                        .take(5)
                        .map(|(s, p)| format!("{p} ({})", human_bytes(*s)))
                        .collect();
                    return Err(format!(
                        "The app is bigger than the upload cap of {} (the biggest files: {}). Remove what the app does not need, or raise the cap with --max-upload-mb.",
                        human_bytes(max_bytes),
                        big.join(", ")
                    ));
                }
                if m.files.len() >= MAX_FILES {
                    return Err(format!(
                        "The app has more than {MAX_FILES} files (not counting {}); that is not an app folder.",
                        SKIPPED_DIRS.join(", ")
                    ));
                }
                let data = std::fs::read(e.path())
                    .map_err(|err| format!("cannot read {}: {err}", e.path().display()))?;
                m.files.insert(
                    path,
                    Entry {
                        size: data.len() as u64,
                        hash: fnv1a(&data),
                    },
                );
            }
        }
    }
    skipped.dirs.sort();
    skipped.other.sort();
    Ok((m, skipped))
}

/// What to send: new and changed files, and files to delete in the instance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Delta {
    pub send: Vec<String>,
    pub remove: Vec<String>,
    pub send_bytes: u64,
    /// no previous manifest: everything is sent
    pub full: bool,
}

pub fn diff(old: &Manifest, new: &Manifest) -> Delta {
    let mut d = Delta {
        full: old.files.is_empty(),
        ..Delta::default()
    };
    for (p, e) in &new.files {
        if old.files.get(p) != Some(e) {
            d.send.push(p.clone());
            d.send_bytes += e.size;
        }
    }
    d.remove = old
        .files
        .keys()
        .filter(|p| !new.files.contains_key(*p))
        .cloned()
        .collect();
    d
}

impl Delta {
    /// One line for the terminal/editor: what is sent.
    pub fn summary(&self, total_files: usize) -> String {
        let what = if self.full {
            "all files (first copy)".to_string()
        } else if self.send.is_empty() && self.remove.is_empty() {
            "no changed files".to_string()
        } else {
            "only what changed".to_string()
        };
        format!(
            "Sending {} of {} files ({}), deleting {}: {what}",
            self.send.len(),
            total_files,
            human_bytes(self.send_bytes),
            self.remove.len()
        )
    }
}

/// Fill `stage` (emptied first) with the files to send, the list of files to delete
/// (`.altinn-ls/removed`, one per line) and the new manifest (`.altinn-ls/manifest.json`).
pub fn stage(
    root: &Path,
    stage: &Path,
    delta: &Delta,
    manifest: &Manifest,
) -> Result<PathBuf, String> {
    if stage.exists() {
        std::fs::remove_dir_all(stage)
            .map_err(|e| format!("cannot empty {}: {e}", stage.display()))?;
    }
    let io = |p: &Path, e: std::io::Error| format!("cannot write {}: {e}", p.display());
    for rel in &delta.send {
        let to = stage.join(rel);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        std::fs::copy(root.join(rel), &to).map_err(|e| io(&to, e))?;
    }
    let state = stage.join(STATE_DIR);
    std::fs::create_dir_all(&state).map_err(|e| io(&state, e))?;
    let mut removed = delta.remove.join("\n");
    if !removed.is_empty() {
        removed.push('\n');
    }
    std::fs::write(state.join("removed"), removed).map_err(|e| io(&state, e))?;
    std::fs::write(state.join("manifest.json"), manifest.to_json()).map_err(|e| io(&state, e))?;
    Ok(stage.to_path_buf())
}

pub fn human_bytes(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn app() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        let r = d.path();
        write(r, "App/App.csproj", "<Project/>");
        write(
            r,
            "App/config/applicationmetadata.json",
            r#"{"id":"ttd/app"}"#,
        );
        write(r, "App/ui/layouts/page1.json", "{}");
        write(r, "App/bin/Debug/App.dll", "binary");
        write(r, "App/obj/project.assets.json", "{}");
        write(r, ".git/HEAD", "ref: refs/heads/main");
        write(r, "App/frontend/node_modules/x/index.js", "x");
        write(r, ".altinn-ls/manifest.json", "{}");
        write(r, "README.md", "hello");
        d
    }

    #[test]
    fn sends_the_app_and_skips_build_output_vcs_and_dependencies() {
        let d = app();
        let (m, skipped) = scan(d.path(), DEFAULT_MAX_BYTES).unwrap();
        let files: Vec<&str> = m.files.keys().map(String::as_str).collect();
        assert_eq!(
            files,
            [
                "App/App.csproj",
                "App/config/applicationmetadata.json",
                "App/ui/layouts/page1.json",
                "README.md"
            ]
        );
        assert_eq!(
            skipped.dirs,
            [
                ".altinn-ls/",
                ".git/",
                "App/bin/",
                "App/frontend/node_modules/",
                "App/obj/"
            ]
        );
        assert_eq!(m.total_bytes(), 10 + 16 + 2 + 5);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_skipped_and_named() {
        let d = app();
        std::os::unix::fs::symlink("/etc/passwd", d.path().join("App/link")).unwrap();
        let (m, skipped) = scan(d.path(), DEFAULT_MAX_BYTES).unwrap();
        assert!(!m.files.contains_key("App/link"));
        assert_eq!(skipped.other, ["App/link"]);
    }

    #[test]
    fn first_copy_sends_everything_second_only_what_changed() {
        let d = app();
        let (m1, _) = scan(d.path(), DEFAULT_MAX_BYTES).unwrap();
        let first = diff(&Manifest::default(), &m1);
        assert!(first.full);
        assert_eq!(first.send.len(), 4);
        assert!(first.summary(4).contains("Sending 4 of 4 files"));

        // nothing changed: nothing sent
        let (same, _) = scan(d.path(), DEFAULT_MAX_BYTES).unwrap();
        let none = diff(&m1, &same);
        assert!(none.send.is_empty() && none.remove.is_empty() && !none.full);
        assert!(none.summary(4).contains("no changed files"));

        // one edit (same size), one new file, one deleted file, a rebuild in bin/ (ignored)
        write(d.path(), "App/ui/layouts/page1.json", "[]");
        write(d.path(), "App/ui/layouts/page2.json", "{}");
        std::fs::remove_file(d.path().join("README.md")).unwrap();
        write(d.path(), "App/bin/Debug/App.dll", "rebuilt");
        let (m2, _) = scan(d.path(), DEFAULT_MAX_BYTES).unwrap();
        let delta = diff(&m1, &m2);
        assert_eq!(
            delta.send,
            ["App/ui/layouts/page1.json", "App/ui/layouts/page2.json"]
        );
        assert_eq!(delta.remove, ["README.md"]);
        assert_eq!(delta.send_bytes, 4);
        assert!(delta
            .summary(4)
            .contains("Sending 2 of 4 files (4 B), deleting 1"));
    }

    #[test]
    fn manifest_round_trips_and_garbage_means_send_everything() {
        let d = app();
        let (m, _) = scan(d.path(), DEFAULT_MAX_BYTES).unwrap();
        assert_eq!(Manifest::from_json(&m.to_json()), m);
        assert!(Manifest::from_json("cat: no such file").files.is_empty());
        assert!(Manifest::from_json("").files.is_empty());
        let odd = r#"{"files":{"../etc/passwd":{"size":1,"hash":"1"},"/abs":{"size":1,"hash":"1"},"a//b":{"size":1,"hash":"1"},"ok.txt":{"size":1,"hash":"ff"}}}"#;
        let keys: Vec<String> = Manifest::from_json(odd).files.into_keys().collect();
        assert_eq!(keys, ["ok.txt"]);
    }

    #[test]
    fn the_size_cap_names_the_biggest_files() {
        let d = app();
        write(d.path(), "App/wwwroot/video.mp4", &"x".repeat(5000));
        let err = scan(d.path(), 4000).unwrap_err();
        assert!(err.contains("upload cap of 3.9 KB"), "{err}");
        assert!(err.contains("App/wwwroot/video.mp4 (4.9 KB)"), "{err}");
        assert!(err.contains("--max-upload-mb"), "{err}");
    }

    #[test]
    fn stage_holds_the_changed_files_the_removals_and_the_manifest() {
        let d = app();
        let (m1, _) = scan(d.path(), DEFAULT_MAX_BYTES).unwrap();
        write(d.path(), "App/ui/layouts/page1.json", "[1]");
        std::fs::remove_file(d.path().join("README.md")).unwrap();
        let (m2, _) = scan(d.path(), DEFAULT_MAX_BYTES).unwrap();
        let delta = diff(&m1, &m2);
        let out = tempfile::tempdir().unwrap();
        let st = out.path().join("stage");
        std::fs::create_dir_all(st.join("stale")).unwrap();
        stage(d.path(), &st, &delta, &m2).unwrap();
        assert!(!st.join("stale").exists());
        assert_eq!(
            std::fs::read_to_string(st.join("App/ui/layouts/page1.json")).unwrap(),
            "[1]"
        );
        assert!(!st.join("App/App.csproj").exists());
        assert_eq!(
            std::fs::read_to_string(st.join(".altinn-ls/removed")).unwrap(),
            "README.md\n"
        );
        let sent = Manifest::from_json(
            &std::fs::read_to_string(st.join(".altinn-ls/manifest.json")).unwrap(),
        );
        assert_eq!(sent, m2);
    }
}
