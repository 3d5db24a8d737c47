//! File watching with `notify`, for clients that cannot watch files for us
//! (no dynamic registration of `workspace/didChangeWatchedFiles`).

use crate::server::Msg;
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use tower_lsp_server::ls_types::FileChangeType;

pub struct Watcher {
    inner: notify::RecommendedWatcher,
}

/// Paths below these folders never matter (and change a lot).
fn ignored(p: &Path) -> bool {
    p.components().any(|c| match c {
        Component::Normal(n) => {
            let n = n.to_string_lossy();
            matches!(
                n.as_ref(),
                ".git" | "node_modules" | "bin" | "obj" | "target" | ".vs" | ".idea"
            )
        }
        _ => false,
    })
}

impl Watcher {
    pub fn start(folders: &[PathBuf], tx: Sender<Msg>) -> notify::Result<Watcher> {
        let handler = move |res: notify::Result<notify::Event>| {
            let Ok(ev) = res else { return };
            let typ = match ev.kind {
                EventKind::Create(_) => FileChangeType::CREATED,
                EventKind::Modify(_) | EventKind::Any | EventKind::Other => FileChangeType::CHANGED,
                EventKind::Remove(_) => FileChangeType::DELETED,
                EventKind::Access(_) => return,
            };
            let events: Vec<(PathBuf, FileChangeType)> = ev
                .paths
                .into_iter()
                .filter(|p| !ignored(p))
                .map(|p| (p, typ))
                .collect();
            if !events.is_empty() {
                let _ = tx.send(Msg::Files(events));
            }
        };
        let mut inner = notify::recommended_watcher(handler)?;
        for f in folders {
            inner.watch(f, RecursiveMode::Recursive)?;
        }
        Ok(Watcher { inner })
    }

    pub fn update(&mut self, added: &[PathBuf], removed: &[PathBuf]) {
        for r in removed {
            let _ = self.inner.unwatch(r);
        }
        for a in added {
            let _ = self.inner.watch(a, RecursiveMode::Recursive);
        }
    }
}
