//! File watching with `notify`, for clients that cannot watch files for us
//! (no dynamic registration of `workspace/didChangeWatchedFiles`).

use crate::server::Msg;
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use tower_lsp_server::ls_types::FileChangeType;

pub struct Watcher {
    inner: notify::RecommendedWatcher,
    folders: Arc<Mutex<Vec<PathBuf>>>,
}

fn ignored_below(folders: &[PathBuf], p: &Path) -> bool {
    folders
        .iter()
        .filter_map(|f| p.strip_prefix(f).ok())
        .any(ignored)
}

/// Paths below these folders never matter (and change a lot). `p` is relative to the
/// watched folder (an absolute path may well contain `bin` or `target` above it).
pub(crate) fn ignored(p: &Path) -> bool {
    p.components().any(|c| match c {
        Component::Normal(n) => crate::workspace::SKIP_DIRS.contains(&n.to_string_lossy().as_ref()),
        _ => false,
    })
}

impl Watcher {
    pub fn start(folders: &[PathBuf], tx: Sender<Msg>) -> notify::Result<Watcher> {
        let watched = Arc::new(Mutex::new(folders.to_vec()));
        let w2 = watched.clone();
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
                .filter(|p| !w2.lock().is_ok_and(|f| ignored_below(&f, p)))
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
        Ok(Watcher {
            inner,
            folders: watched,
        })
    }

    pub fn update(&mut self, added: &[PathBuf], removed: &[PathBuf]) {
        for r in removed {
            let _ = self.inner.unwatch(r);
        }
        for a in added {
            let _ = self.inner.watch(a, RecursiveMode::Recursive);
        }
        if let Ok(mut f) = self.folders.lock() {
            f.retain(|x| !removed.contains(x));
            f.extend(added.iter().cloned());
        }
    }
}
