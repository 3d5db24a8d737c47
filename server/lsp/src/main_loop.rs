//! The state thread: one thread owns the [`State`] and applies messages strictly in arrival
//! order; it runs the queued checks when the debounce has passed and nothing is waiting.
//!
//! tower-lsp-server runs handlers concurrently. Text-sync notifications therefore put their
//! message on this thread's channel *before any `.await`*, so that it sees them in arrival
//! order. Requests travel the same channel as closures ([`Msg::Run`]), so they see every
//! edit sent before them.

use crate::session::panic_message;
use crate::state::State;
use serde_json::Value;
use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Instant;
use tower_lsp_server::ls_types as lsp;

/// A request's work, run on the state thread.
pub type Job = Box<dyn FnOnce(&mut State) + Send>;

/// What the protocol side asks of the state thread, in arrival order.
pub enum Msg {
    Init {
        folders: Vec<PathBuf>,
        enc: altinn_analysis::syntax::PositionEncoding,
        settings: Option<Value>,
    },
    Scan {
        progress: bool,
        await_settings: bool,
    },
    Open {
        uri: lsp::Uri,
        version: i32,
        text: String,
    },
    Change {
        uri: lsp::Uri,
        version: i32,
        changes: Vec<lsp::TextDocumentContentChangeEvent>,
    },
    Close {
        uri: lsp::Uri,
    },
    Files(Vec<(PathBuf, lsp::FileChangeType)>),
    Folders {
        added: Vec<PathBuf>,
        removed: Vec<PathBuf>,
    },
    Settings(Value),
    Run(Job),
}

/// The state thread's loop: messages in arrival order; checks when the debounce has passed
/// and nothing is waiting. Returns when every sender is gone.
pub fn run(rx: mpsc::Receiver<Msg>, mut st: State) {
    let mut backlog: VecDeque<Msg> = VecDeque::new();
    loop {
        let msg = if let Some(m) = backlog.pop_front() {
            Some(m)
        } else {
            match st.deadline {
                Some(d) if st.has_pending() => {
                    let now = Instant::now();
                    if d <= now {
                        match rx.try_recv() {
                            Ok(m) => Some(m),
                            Err(mpsc::TryRecvError::Empty) => None,
                            Err(mpsc::TryRecvError::Disconnected) => break,
                        }
                    } else {
                        match rx.recv_timeout(d - now) {
                            Ok(m) => Some(m),
                            Err(RecvTimeoutError::Timeout) => None,
                            Err(RecvTimeoutError::Disconnected) => break,
                        }
                    }
                }
                _ => match rx.recv() {
                    Ok(m) => Some(m),
                    Err(_) => break,
                },
            }
        };
        // A burst of file events (a checkout, a generator) becomes one batch, one rebuild.
        let msg = match msg {
            Some(Msg::Files(ev)) => Some(Msg::Files(crate::watch::fold_file_events(
                ev,
                &mut backlog,
                &rx,
            ))),
            m => m,
        };
        let r = catch_unwind(AssertUnwindSafe(|| match msg {
            Some(m) => handle(&mut st, m),
            None => {
                let mut interrupted = || {
                    if !backlog.is_empty() {
                        return true;
                    }
                    match rx.try_recv() {
                        Ok(m) => {
                            backlog.push_back(m);
                            true
                        }
                        Err(_) => false,
                    }
                };
                let _span = tracing::debug_span!("flush").entered();
                st.flush(&mut interrupted, false);
            }
        }));
        if let Err(p) = r {
            let msg = panic_message(p.as_ref());
            tracing::error!("altinn-ls: internal error (recovered): {msg}");
            st.log(
                lsp::MessageType::ERROR,
                format!("altinn-ls: internal error (recovered): {msg}"),
            );
        }
    }
}

fn handle(st: &mut State, m: Msg) {
    // Requests (`Run`) have their own span, see `Session::call`.
    let _span = match &m {
        Msg::Change { uri, version, .. } => {
            tracing::debug_span!("message", kind = "change", uri = uri.as_str(), version)
        }
        Msg::Open { uri, version, .. } => {
            tracing::debug_span!("message", kind = "open", uri = uri.as_str(), version)
        }
        Msg::Close { uri } => tracing::debug_span!("message", kind = "close", uri = uri.as_str()),
        Msg::Files(events) => tracing::debug_span!("message", kind = "files", n = events.len()),
        Msg::Init { .. } => tracing::debug_span!("message", kind = "init"),
        Msg::Scan { .. } => tracing::debug_span!("message", kind = "scan"),
        Msg::Folders { .. } => tracing::debug_span!("message", kind = "folders"),
        Msg::Settings(_) => tracing::debug_span!("message", kind = "settings"),
        Msg::Run(_) => tracing::Span::none(),
    }
    .entered();
    match m {
        Msg::Init {
            folders,
            enc,
            settings,
        } => st.initialize(folders, enc, settings),
        Msg::Scan {
            progress,
            await_settings,
        } => st.scan(progress, await_settings),
        Msg::Open { uri, version, text } => st.did_open(uri, version, text),
        Msg::Change {
            uri,
            version,
            changes,
        } => st.did_change(&uri, version, changes),
        Msg::Close { uri } => st.did_close(&uri),
        Msg::Files(events) => st.files_changed(events),
        Msg::Folders { added, removed } => st.folders_changed(added, removed),
        Msg::Settings(v) => st.apply_settings(&v, true),
        Msg::Run(job) => job(st),
    }
}
