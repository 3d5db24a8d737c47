//! What the handlers share: the client, the channel to the state thread, what the client
//! can do, the workspace folders and the credentials for the sync commands.
//!
//! Handlers that wait for the client run as spawned tasks (tower-lsp-server's `serve` only
//! returns when every handler future has finished, and a handler waiting for a reply that
//! never comes would keep the process alive after `exit`); they hold an `Arc<Session>`.

use crate::commands::{CommandContext, Credentials};
use crate::main_loop::{Job, Msg};
use crate::state::State;
use crate::watch;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use tower_lsp_server::jsonrpc::{self, Error, ErrorCode};
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::Client;

/// What the client said it can do in `initialize`.
#[derive(Debug, Default, Clone)]
pub struct ClientInfo {
    pub configuration: bool,
    pub dynamic_watch: bool,
    pub work_done_progress: bool,
    pub process_id: Option<u32>,
    /// `initialize.locale` (`nb-NO`, `en`): the language inlay hints show texts in.
    pub locale: Option<String>,
    /// `workspace.workspaceEdit.resourceOperations` has `rename`: a rename may move files.
    pub rename_files: bool,
}

pub struct Session {
    pub client: Client,
    tx: Mutex<mpsc::Sender<Msg>>,
    pub info: Mutex<ClientInfo>,
    pub folders: Mutex<Vec<PathBuf>>,
    pub credentials: Mutex<Option<Credentials>>,
    pub watcher: Mutex<Option<watch::Watcher>>,
    /// Set by `shutdown`: the exit code is 0 only after it.
    pub shutdown: Arc<AtomicBool>,
}

/// An internal-error response.
pub fn internal(msg: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: msg.into().into(),
        data: None,
    }
}

pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

impl Session {
    pub fn new(client: Client, tx: mpsc::Sender<Msg>, shutdown: Arc<AtomicBool>) -> Self {
        Self {
            client,
            tx: Mutex::new(tx),
            info: Mutex::new(ClientInfo::default()),
            folders: Mutex::new(Vec::new()),
            credentials: Mutex::new(None),
            watcher: Mutex::new(None),
            shutdown,
        }
    }

    /// Puts a message on the state thread's queue (call it before any `.await` to keep
    /// the arrival order).
    pub fn send(&self, m: Msg) {
        if let Ok(tx) = self.tx.lock() {
            let _ = tx.send(m);
        }
    }

    pub fn client_info(&self) -> ClientInfo {
        self.info.lock().map(|i| i.clone()).unwrap_or_default()
    }

    pub fn folders(&self) -> Vec<PathBuf> {
        self.folders.lock().map(|f| f.clone()).unwrap_or_default()
    }

    /// Runs `f` on the state thread (after every message sent before) and returns its
    /// result; a panic inside becomes an error response. `method` names the request's span.
    pub async fn call<R: Send + 'static>(
        &self,
        method: &'static str,
        f: impl FnOnce(&mut State) -> R + Send + 'static,
    ) -> jsonrpc::Result<R> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let span = tracing::debug_span!("request", method);
        let job: Job = Box::new(move |st: &mut State| {
            let _span = span.entered();
            let r = catch_unwind(AssertUnwindSafe(|| f(st)));
            let _ = tx.send(r.map_err(|p| panic_message(p.as_ref())));
        });
        self.send(Msg::Run(job));
        match rx.await {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(p)) => Err(internal(format!("altinn-ls: internal error: {p}"))),
            Err(_) => Err(internal("altinn-ls: the request was dropped")),
        }
    }

    /// Pulls the `altinnStudio` section (`workspace/configuration`) when the client offers it.
    pub async fn pull_settings(&self) {
        if !self.client_info().configuration {
            return;
        }
        let items = vec![lsp::ConfigurationItem {
            scope_uri: None,
            section: Some("altinnStudio".to_string()),
        }];
        match self.client.configuration(items).await {
            Ok(mut v) if !v.is_empty() => {
                let section = v.swap_remove(0);
                self.send(Msg::Settings(section));
            }
            Ok(_) => {}
            Err(e) => {
                self.client
                    .log_message(
                        lsp::MessageType::WARNING,
                        format!("workspace/configuration failed: {e}"),
                    )
                    .await
            }
        }
    }

    /// Asks the client to watch files for us (dynamic registration); falls back to our own
    /// watcher when it refuses.
    pub async fn register_watchers(&self) {
        let watchers = ["**/*.{json,xml,bpmn,xsd,js,cs}", "**/App", "**/App/**"]
            .iter()
            .map(|g| lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let reg = lsp::Registration {
            id: "altinn-ls/watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(lsp::DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        if let Err(e) = self.client.register_capability(vec![reg]).await {
            self.client
                .log_message(
                    lsp::MessageType::WARNING,
                    format!("could not register file watchers ({e}); watching with notify"),
                )
                .await;
            self.start_notify();
        }
    }

    /// Our own file watcher (`notify`), for clients that do not watch files for us.
    pub fn start_notify(&self) {
        let folders = self.folders();
        let Ok(tx) = self.tx.lock().map(|t| t.clone()) else {
            return;
        };
        match watch::Watcher::start(&folders, tx) {
            Ok(w) => {
                if let Ok(mut g) = self.watcher.lock() {
                    *g = Some(w);
                }
            }
            Err(e) => tracing::warn!("altinn-ls: cannot watch files: {e}"),
        }
    }

    /// What a sync/stack/run command gets to know about the workspace.
    pub fn command_context(
        &self,
        app_roots: Vec<PathBuf>,
        progress: Box<dyn Fn(&str) + Send + Sync>,
    ) -> CommandContext {
        CommandContext {
            workspace_folders: self.folders(),
            app_roots,
            credentials: self.credentials.lock().ok().and_then(|c| c.clone()),
            progress,
        }
    }

    pub fn progress_supported(&self) -> bool {
        self.client_info().work_done_progress
    }

    pub fn mark_shutdown(&self) {
        self.shutdown.store(true, Ordering::SeqCst);
    }
}
