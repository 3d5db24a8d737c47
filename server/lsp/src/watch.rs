//! File watching with `notify`, for clients that cannot watch files for us
//! (no dynamic registration of `workspace/didChangeWatchedFiles`).

use crate::main_loop::Msg;
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
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
    altinn_workspace::discover::is_skipped(p)
}

/// How long the watcher gathers events after the first of a burst before passing them on
/// (at most [`BATCH_MAX`] in all): a burst becomes a few batches, not thousands of messages.
const BATCH_QUIET: Duration = Duration::from_millis(20);
const BATCH_MAX: Duration = Duration::from_millis(200);

/// A sender whose `Files` messages are gathered on a thread of their own and passed on to
/// `tx` in batches.
fn batch_events(tx: Sender<Msg>) -> Sender<Msg> {
    let (btx, brx) = std::sync::mpsc::channel::<Msg>();
    let out = tx.clone();
    let spawned = std::thread::Builder::new()
        .name("altinn-ls-watch".into())
        .spawn(move || {
            while let Ok(first) = brx.recv() {
                let Msg::Files(mut events) = first else {
                    continue;
                };
                let start = Instant::now();
                while let Some(left) = BATCH_MAX.checked_sub(start.elapsed()) {
                    match brx.recv_timeout(BATCH_QUIET.min(left)) {
                        Ok(Msg::Files(more)) => events.extend(more),
                        Ok(_) => {}
                        Err(_) => break,
                    }
                }
                if out.send(Msg::Files(events)).is_err() {
                    return;
                }
            }
        });
    match spawned {
        Ok(_) => btx,
        // No thread: events go straight through, unbatched.
        Err(_) => tx,
    }
}

/// Folds a burst of file events into one batch: the `Files` messages that follow `first`
/// and are already waiting (in `backlog`, then in the channel) join it, up to the first other
/// message, which keeps its place. A burst of thousands of events (a checkout, a generator)
/// then costs one reload and one re-check instead of one each.
pub(crate) fn fold_file_events(
    mut first: Vec<(PathBuf, FileChangeType)>,
    backlog: &mut VecDeque<Msg>,
    rx: &Receiver<Msg>,
) -> Vec<(PathBuf, FileChangeType)> {
    while let Some(Msg::Files(_)) = backlog.front() {
        if let Some(Msg::Files(more)) = backlog.pop_front() {
            first.extend(more);
        }
    }
    if !backlog.is_empty() {
        return first;
    }
    while let Ok(m) = rx.try_recv() {
        match m {
            Msg::Files(more) => first.extend(more),
            other => {
                backlog.push_back(other);
                break;
            }
        }
    }
    first
}

fn is_symlink(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

impl Watcher {
    pub fn start(folders: &[PathBuf], tx: Sender<Msg>) -> notify::Result<Watcher> {
        let watched = Arc::new(Mutex::new(folders.to_vec()));
        let w2 = watched.clone();
        let tx = batch_events(tx);
        let w3 = watched.clone();
        let handler = move |res: notify::Result<notify::Event>| {
            let Ok(ev) = res else { return };
            // Events were lost (the kernel's queue overflowed in a burst): look at every
            // watched folder again.
            if ev.need_rescan() {
                if let Ok(f) = w3.lock() {
                    let all = f.iter().map(|p| (p.clone(), FileChangeType::CHANGED));
                    let _ = tx.send(Msg::Files(all.collect()));
                }
                return;
            }
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
                // a symlink created later is not followed, as the start-up scan skips them
                .filter(|p| typ == FileChangeType::DELETED || !is_symlink(p))
                .map(|p| (p, typ))
                .collect();
            if !events.is_empty() {
                let _ = tx.send(Msg::Files(events));
            }
        };
        // never follow symlinks: a link to `/usr` would cost one inotify watch per folder there
        // (17,616 in the report), also for folders created or moved in later
        let config = notify::Config::default().with_follow_symlinks(false);
        let mut inner = notify::RecommendedWatcher::new(handler, config)?;
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

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::time::Duration;

    /// inotify watches of this process on these inodes (from /proc/self/fdinfo)
    fn watches_on(inodes: &[u64]) -> usize {
        let mut n = 0;
        for e in std::fs::read_dir("/proc/self/fdinfo")
            .into_iter()
            .flatten()
            .flatten()
        {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            for l in text.lines().filter(|l| l.starts_with("inotify wd:")) {
                let ino = l
                    .split_whitespace()
                    .find_map(|w| w.strip_prefix("ino:"))
                    .and_then(|h| u64::from_str_radix(h, 16).ok());
                n += usize::from(ino.is_some_and(|i| inodes.contains(&i)));
            }
        }
        n
    }

    /// Issue 15 (low): before the fix the watcher followed a symlink to a folder outside the
    /// workspace (one watch per folder there: this test then counted 21) and reported events
    /// for symlinks created later.
    #[test]
    fn symlinks_are_not_followed_now_or_later() {
        use std::os::linux::fs::MetadataExt;
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        let mut inodes = Vec::new();
        for i in 0..20 {
            let d = outside.path().join(format!("d{i}"));
            std::fs::create_dir(&d).unwrap();
            inodes.push(std::fs::metadata(&d).unwrap().st_ino());
        }
        inodes.push(std::fs::metadata(outside.path()).unwrap().st_ino());
        let ws = tempfile::tempdir().unwrap();
        symlink(outside.path(), ws.path().join("link")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let w = Watcher::start(&[ws.path().to_path_buf()], tx).unwrap();
        assert_eq!(
            watches_on(&inodes),
            0,
            "watches through the link at start-up"
        );

        // later: a folder holding a link is moved in, and a link is created directly
        let staged = tempfile::tempdir().unwrap();
        std::fs::create_dir(staged.path().join("sub")).unwrap();
        symlink(outside.path(), staged.path().join("sub/link2")).unwrap();
        std::fs::rename(staged.path().join("sub"), ws.path().join("sub")).unwrap();
        symlink(outside.path().join("d1"), ws.path().join("link3")).unwrap();
        std::fs::write(ws.path().join("real.json"), "{}").unwrap();
        let mut seen = Vec::new();
        while let Ok(Msg::Files(evs)) = rx.recv_timeout(Duration::from_millis(500)) {
            seen.extend(evs.into_iter().map(|(p, _)| p));
        }
        assert_eq!(watches_on(&inodes), 0, "watches through links added later");
        assert!(seen.iter().any(|p| p.ends_with("real.json")), "{seen:?}");
        assert!(!seen.iter().any(|p| p.ends_with("link3")), "{seen:?}");
        drop(w);
    }
}
