//! The protocol side: tower-lsp-server handlers that forward to the state owner thread.
//!
//! tower-lsp-server runs handlers concurrently. Text-sync notifications therefore put their
//! message on one ordered channel *before any `.await`*, so the state owner sees them in
//! arrival order. Requests travel the same channel as closures, so they see every edit sent
//! before them. The state owner sends what the client should get (diagnostics, status,
//! progress, messages) through a second ordered channel to one forwarding task.

use crate::commands::{self, CommandContext, Credentials};
use crate::convert;
use crate::state::{Out, State};
use crate::watch;
use serde_json::{json, Value};
use std::collections::{HashSet, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedReceiver;
use tower_lsp_server::jsonrpc::{self, Error, ErrorCode};
use tower_lsp_server::ls_types::{self as lsp, notification::Notification};
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

pub type Job = Box<dyn FnOnce(&mut State) + Send>;

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

/// `altinn/status` (server → client).
pub enum StatusNotification {}
impl Notification for StatusNotification {
    type Params = Value;
    const METHOD: &'static str = "altinn/status";
}

/// `altinn/runtime` (server → client): `{state, url?}`.
pub enum RuntimeNotification {}
impl Notification for RuntimeNotification {
    type Params = Value;
    const METHOD: &'static str = "altinn/runtime";
}

/// `altinn/sync` (server → client): `{ahead, behind, conflicts}`.
pub enum SyncNotification {}
impl Notification for SyncNotification {
    type Params = Value;
    const METHOD: &'static str = "altinn/sync";
}

#[derive(Debug, Default, Clone)]
struct ClientInfo {
    configuration: bool,
    dynamic_watch: bool,
    work_done_progress: bool,
    process_id: Option<u32>,
}

/// The handlers' shared state; handlers that wait for the client run as spawned tasks
/// (tower-lsp-server's `serve` only returns when every handler future has finished, and a
/// handler waiting for a reply that never comes would keep the process alive after `exit`).
pub struct Backend {
    inner: Arc<Inner>,
}

impl std::ops::Deref for Backend {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.inner
    }
}

pub struct Inner {
    client: Client,
    tx: Mutex<mpsc::Sender<Msg>>,
    info: Mutex<ClientInfo>,
    folders: Mutex<Vec<PathBuf>>,
    credentials: Arc<Mutex<Option<Credentials>>>,
    watcher: Mutex<Option<watch::Watcher>>,
    shutdown: Arc<AtomicBool>,
    progress_ok: Arc<AtomicBool>,
}

fn internal(msg: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: msg.into().into(),
        data: None,
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

impl Inner {
    fn send(&self, m: Msg) {
        if let Ok(tx) = self.tx.lock() {
            let _ = tx.send(m);
        }
    }

    /// Runs `f` on the state owner (after every message sent before) and returns its result;
    /// a panic inside becomes an error response.
    pub async fn call<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut State) -> R + Send + 'static,
    ) -> jsonrpc::Result<R> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |st: &mut State| {
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

    async fn pull_settings(&self) {
        let supported = self.info.lock().map(|i| i.configuration).unwrap_or(false);
        if !supported {
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
    async fn register_watchers(&self) {
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

    fn start_notify(&self) {
        let folders = self.folders.lock().map(|f| f.clone()).unwrap_or_default();
        let Ok(tx) = self.tx.lock().map(|t| t.clone()) else {
            return;
        };
        match watch::Watcher::start(&folders, tx) {
            Ok(w) => {
                if let Ok(mut g) = self.watcher.lock() {
                    *g = Some(w);
                }
            }
            Err(e) => eprintln!("altinn-ls: cannot watch files: {e}"),
        }
    }

    fn command_context(
        &self,
        app_roots: Vec<PathBuf>,
        progress: Box<dyn Fn(&str) + Send + Sync>,
    ) -> CommandContext {
        CommandContext {
            workspace_folders: self.folders.lock().map(|f| f.clone()).unwrap_or_default(),
            app_roots,
            credentials: self.credentials.lock().ok().and_then(|c| c.clone()),
            progress,
        }
    }

    /// Work-done progress for a long command: `begin` now, a `report` per message sent on
    /// the returned channel, `end` when the channel closes.
    async fn command_progress(&self, title: &str) -> tokio::sync::mpsc::UnboundedSender<String> {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
        let client = self.client.clone();
        let supported = self.progress_ok.load(Ordering::SeqCst);
        let title = title.to_string();
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let token = lsp::ProgressToken::String(format!(
            "altinn-ls/command/{}",
            N.fetch_add(1, Ordering::SeqCst)
        ));
        tokio::spawn(async move {
            let created = supported
                && matches!(
                    tokio::time::timeout(
                        Duration::from_secs(5),
                        client.create_work_done_progress(token.clone())
                    )
                    .await,
                    Ok(Ok(()))
                );
            if created {
                progress(
                    &client,
                    token.clone(),
                    lsp::WorkDoneProgress::Begin(lsp::WorkDoneProgressBegin {
                        title,
                        cancellable: Some(false),
                        message: None,
                        percentage: None,
                    }),
                )
                .await;
            }
            while let Some(m) = rx.recv().await {
                if created {
                    progress(
                        &client,
                        token.clone(),
                        lsp::WorkDoneProgress::Report(lsp::WorkDoneProgressReport {
                            cancellable: Some(false),
                            message: Some(m),
                            percentage: None,
                        }),
                    )
                    .await;
                } else {
                    client.log_message(lsp::MessageType::INFO, m).await;
                }
            }
            if created {
                progress(
                    &client,
                    token,
                    lsp::WorkDoneProgress::End(lsp::WorkDoneProgressEnd { message: None }),
                )
                .await;
            }
        });
        tx
    }
}

impl Backend {
    /// `altinn/setCredentials {url, user, token}`: kept in memory for the sync commands.
    pub async fn set_credentials(&self, params: Value) -> jsonrpc::Result<Value> {
        let creds: Credentials = serde_json::from_value(params).map_err(|_| {
            // Never echo the params: they hold the token.
            Error::invalid_params("altinn/setCredentials expects {url, user, token} strings")
        })?;
        if let Ok(mut g) = self.credentials.lock() {
            *g = Some(creds);
        }
        Ok(Value::Null)
    }
}

fn folder_paths(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    if let Some(f) = &params.workspace_folders {
        return f
            .iter()
            .filter_map(|w| convert::uri_to_path(&w.uri))
            .collect();
    }
    #[allow(deprecated)]
    if let Some(u) = &params.root_uri {
        return convert::uri_to_path(u).into_iter().collect();
    }
    #[allow(deprecated)]
    params
        .root_path
        .as_ref()
        .map(|p| vec![PathBuf::from(p)])
        .unwrap_or_default()
}

impl LanguageServer for Backend {
    async fn initialize(
        &self,
        params: lsp::InitializeParams,
    ) -> jsonrpc::Result<lsp::InitializeResult> {
        let (enc, enc_kind) = convert::negotiate_encoding(&params.capabilities);
        let folders = folder_paths(&params);
        let caps = &params.capabilities;
        let info = ClientInfo {
            configuration: caps
                .workspace
                .as_ref()
                .and_then(|w| w.configuration)
                .unwrap_or(false),
            dynamic_watch: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            process_id: params.process_id,
        };
        self.progress_ok
            .store(info.work_done_progress, Ordering::SeqCst);
        let settings = match params
            .initialization_options
            .as_ref()
            .map(crate::settings::from_initialization_options)
        {
            Some(Ok(s)) => s,
            Some(Err(e)) => {
                self.client
                    .show_message(
                        lsp::MessageType::ERROR,
                        format!("altinn-ls: ignoring bad initializationOptions: {e}"),
                    )
                    .await;
                None
            }
            None => None,
        };
        if let Some(pid) = info.process_id {
            watch_parent(pid);
        }
        if let Ok(mut g) = self.info.lock() {
            *g = info;
        }
        if let Ok(mut g) = self.folders.lock() {
            *g = folders.clone();
        }
        self.send(Msg::Init {
            folders,
            enc,
            settings,
        });
        let sync = lsp::TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
            will_save: None,
            will_save_wait_until: None,
            save: None,
        };
        let capabilities = lsp::ServerCapabilities {
            position_encoding: Some(enc_kind),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(sync)),
            execute_command_provider: Some(lsp::ExecuteCommandOptions {
                commands: commands::all(),
                work_done_progress_options: Default::default(),
            }),
            workspace: Some(lsp::WorkspaceServerCapabilities {
                workspace_folders: Some(lsp::WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(lsp::OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..Default::default()
        };
        Ok(lsp::InitializeResult {
            capabilities: crate::features::capabilities(capabilities),
            server_info: Some(lsp::ServerInfo {
                name: "altinn-ls".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        let progress = self.progress_ok.load(Ordering::SeqCst);
        let (await_settings, dynamic) = self
            .info
            .lock()
            .map(|i| (i.configuration, i.dynamic_watch))
            .unwrap_or((false, false));
        if !dynamic {
            // Our own watcher starts before the scan, so a file changed while (or right after)
            // the scan runs is not missed: its event waits behind the scan in the state queue.
            self.start_notify();
        }
        // Scan now (in order with what follows); publishing waits briefly for the settings
        // pulled below, so that the first diagnostics already use them.
        self.send(Msg::Scan {
            progress,
            await_settings,
        });
        let inner = self.inner.clone();
        tokio::spawn(async move {
            inner.pull_settings().await;
            if dynamic {
                inner.register_watchers().await;
            }
        });
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, p: lsp::DidOpenTextDocumentParams) {
        self.send(Msg::Open {
            uri: p.text_document.uri,
            version: p.text_document.version,
            text: p.text_document.text,
        });
    }

    async fn did_change(&self, p: lsp::DidChangeTextDocumentParams) {
        self.send(Msg::Change {
            uri: p.text_document.uri,
            version: p.text_document.version,
            changes: p.content_changes,
        });
    }

    async fn did_close(&self, p: lsp::DidCloseTextDocumentParams) {
        self.send(Msg::Close {
            uri: p.text_document.uri,
        });
    }

    async fn did_change_watched_files(&self, p: lsp::DidChangeWatchedFilesParams) {
        let events = p
            .changes
            .into_iter()
            .filter_map(|e| convert::uri_to_path(&e.uri).map(|p| (p, e.typ)))
            .collect();
        self.send(Msg::Files(events));
    }

    async fn did_change_workspace_folders(&self, p: lsp::DidChangeWorkspaceFoldersParams) {
        let added: Vec<PathBuf> = p
            .event
            .added
            .iter()
            .filter_map(|w| convert::uri_to_path(&w.uri))
            .collect();
        let removed: Vec<PathBuf> = p
            .event
            .removed
            .iter()
            .filter_map(|w| convert::uri_to_path(&w.uri))
            .collect();
        if let Ok(mut f) = self.folders.lock() {
            f.retain(|x| !removed.contains(x));
            f.extend(added.iter().cloned());
        }
        if let Ok(mut w) = self.watcher.lock() {
            if let Some(w) = w.as_mut() {
                w.update(&added, &removed);
            }
        }
        self.send(Msg::Folders { added, removed });
    }

    async fn did_change_configuration(&self, p: lsp::DidChangeConfigurationParams) {
        let pull = self.info.lock().map(|i| i.configuration).unwrap_or(false);
        if pull {
            let inner = self.inner.clone();
            tokio::spawn(async move { inner.pull_settings().await });
        } else if let Some(section) = p.settings.get("altinnStudio") {
            self.send(Msg::Settings(section.clone()));
        } else if p.settings.is_object() {
            self.send(Msg::Settings(p.settings));
        }
    }

    async fn execute_command(
        &self,
        p: lsp::ExecuteCommandParams,
    ) -> jsonrpc::Result<Option<lsp::LSPAny>> {
        let name = p.command.as_str();
        if name == commands::CHECK {
            let s = self.call(|st| st.check_everything()).await?;
            return Ok(Some(json!(s)));
        }
        if name == commands::DEBUG_NOOP && commands::debug_commands_enabled() {
            self.call(|_| ()).await?;
            return Ok(None);
        }
        if name == commands::DEBUG_STATE && commands::debug_commands_enabled() {
            return self.call(|st| Some(st.debug_state())).await;
        }
        if name == commands::DEBUG_PANIC && commands::debug_commands_enabled() {
            self.call(|_| -> () { panic!("deliberate panic for testing") })
                .await?;
            return Ok(None);
        }
        let roots = self
            .call(|st| st.apps.iter().map(|a| a.loc.repo.clone()).collect())
            .await?;
        let ptx = self.command_progress(name).await;
        let progress: Box<dyn Fn(&str) + Send + Sync> = Box::new(move |m: &str| {
            let _ = ptx.send(m.to_string());
        });
        let ctx = self.command_context(roots, progress);
        let args = Value::Array(p.arguments);
        let command = p.command.clone();
        if command == "altinn.run.start" {
            self.client
                .send_notification::<RuntimeNotification>(json!({"state": "starting"}))
                .await;
        }
        let r = tokio::task::spawn_blocking(move || {
            catch_unwind(AssertUnwindSafe(|| commands::execute(&command, args, ctx)))
                .map_err(|p| panic_message(p.as_ref()))
        })
        .await;
        // Tell the editor what changed: the runtime's state, the sync counts.
        match (&r, name) {
            (Ok(Ok(Ok(v))), n) if commands::is_sync(n) && v.get("ahead").is_some() => {
                let sync = json!({
                    "ahead": v.get("ahead").cloned().unwrap_or(json!(0)),
                    "behind": v.get("behind").cloned().unwrap_or(json!(0)),
                    "conflicts": v.get("conflicts").cloned().unwrap_or(json!([])),
                });
                self.client
                    .send_notification::<SyncNotification>(sync)
                    .await;
            }
            (Ok(Ok(Ok(v))), n) if commands::is_run(n) => {
                let mut rt = json!({"state": v.get("state").cloned().unwrap_or(json!(
                    if n == "altinn.run.stop" { "stopped" } else { "running" }
                ))});
                if let Some(url) = v.get("url") {
                    rt["url"] = url.clone();
                }
                self.client
                    .send_notification::<RuntimeNotification>(rt)
                    .await;
            }
            (_, "altinn.run.start") => {
                self.client
                    .send_notification::<RuntimeNotification>(json!({"state": "failed"}))
                    .await;
            }
            _ => {}
        }
        match r {
            Ok(Ok(Ok(v))) => Ok(Some(v)),
            Ok(Ok(Err(msg))) => Err(Error {
                code: ErrorCode::InvalidRequest,
                message: msg.into(),
                data: None,
            }),
            Ok(Err(p)) => Err(internal(format!("altinn-ls: internal error: {p}"))),
            Err(e) => Err(internal(format!("altinn-ls: command failed: {e}"))),
        }
    }

    async fn hover(&self, p: lsp::HoverParams) -> jsonrpc::Result<Option<lsp::Hover>> {
        crate::features::hover(self, p).await
    }

    async fn completion(
        &self,
        p: lsp::CompletionParams,
    ) -> jsonrpc::Result<Option<lsp::CompletionResponse>> {
        crate::features::completion(self, p).await
    }

    async fn goto_definition(
        &self,
        p: lsp::GotoDefinitionParams,
    ) -> jsonrpc::Result<Option<lsp::GotoDefinitionResponse>> {
        crate::features::definition(self, p).await
    }

    async fn references(
        &self,
        p: lsp::ReferenceParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::Location>>> {
        crate::features::references(self, p).await
    }

    async fn prepare_rename(
        &self,
        p: lsp::TextDocumentPositionParams,
    ) -> jsonrpc::Result<Option<lsp::PrepareRenameResponse>> {
        crate::features::prepare_rename(self, p).await
    }

    async fn rename(&self, p: lsp::RenameParams) -> jsonrpc::Result<Option<lsp::WorkspaceEdit>> {
        crate::features::rename(self, p).await
    }

    async fn code_action(
        &self,
        p: lsp::CodeActionParams,
    ) -> jsonrpc::Result<Option<lsp::CodeActionResponse>> {
        crate::features::code_action(self, p).await
    }

    async fn document_symbol(
        &self,
        p: lsp::DocumentSymbolParams,
    ) -> jsonrpc::Result<Option<lsp::DocumentSymbolResponse>> {
        crate::features::document_symbol(self, p).await
    }

    async fn document_link(
        &self,
        p: lsp::DocumentLinkParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::DocumentLink>>> {
        crate::features::document_link(self, p).await
    }

    async fn folding_range(
        &self,
        p: lsp::FoldingRangeParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::FoldingRange>>> {
        crate::features::folding_range(self, p).await
    }
}

/// Exits when the editor process dies (Linux: its `/proc` entry disappears).
fn watch_parent(pid: u32) {
    if !cfg!(target_os = "linux") {
        return;
    }
    let proc_dir = PathBuf::from(format!("/proc/{pid}"));
    if !proc_dir.exists() {
        // A pid from another namespace (container, remote): nothing to watch.
        return;
    }
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(3));
        if !proc_dir.exists() {
            eprintln!("altinn-ls: the editor process {pid} is gone; exiting");
            std::process::exit(1);
        }
    });
}

/// The state owner's loop: messages in arrival order; checks when the debounce has passed
/// and nothing is waiting.
fn run_state(rx: mpsc::Receiver<Msg>, out: tokio::sync::mpsc::UnboundedSender<Out>) {
    let mut st = State::new(out);
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
        let msg = match msg {
            Some(Msg::Files(ev)) => {
                Some(Msg::Files(watch::fold_file_events(ev, &mut backlog, &rx)))
            }
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
                st.flush(&mut interrupted, false);
            }
        }));
        if let Err(p) = r {
            let msg = panic_message(p.as_ref());
            eprintln!("altinn-ls: internal error (recovered): {msg}");
            st.log(
                lsp::MessageType::ERROR,
                format!("altinn-ls: internal error (recovered): {msg}"),
            );
        }
    }
}

fn handle(st: &mut State, m: Msg) {
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

/// Sends what the state owner produced, in order.
async fn forward(client: Client, mut rx: UnboundedReceiver<Out>) {
    let mut tokens: HashSet<String> = HashSet::new();
    while let Some(o) = rx.recv().await {
        match o {
            Out::Publish {
                uri,
                diagnostics,
                version,
            } => client.publish_diagnostics(uri, diagnostics, version).await,
            Out::Status(v) => client.send_notification::<StatusNotification>(v).await,
            Out::ShowMessage(t, m) => client.show_message(t, m).await,
            Out::Log(t, m) => client.log_message(t, m).await,
            Out::ProgressBegin { token, title } => {
                let t = lsp::ProgressToken::String(token.clone());
                let created = tokio::time::timeout(
                    Duration::from_secs(5),
                    client.create_work_done_progress(t.clone()),
                )
                .await;
                if matches!(created, Ok(Ok(()))) {
                    tokens.insert(token);
                    progress(
                        &client,
                        t,
                        lsp::WorkDoneProgress::Begin(lsp::WorkDoneProgressBegin {
                            title,
                            cancellable: Some(false),
                            message: None,
                            percentage: Some(0),
                        }),
                    )
                    .await;
                }
            }
            Out::ProgressReport {
                token,
                message,
                percentage,
            } => {
                if tokens.contains(&token) {
                    progress(
                        &client,
                        lsp::ProgressToken::String(token),
                        lsp::WorkDoneProgress::Report(lsp::WorkDoneProgressReport {
                            cancellable: Some(false),
                            message: Some(message),
                            percentage: Some(percentage),
                        }),
                    )
                    .await;
                }
            }
            Out::ProgressEnd { token, message } => {
                if tokens.remove(&token) {
                    progress(
                        &client,
                        lsp::ProgressToken::String(token),
                        lsp::WorkDoneProgress::End(lsp::WorkDoneProgressEnd {
                            message: Some(message),
                        }),
                    )
                    .await;
                }
            }
        }
    }
}

async fn progress(client: &Client, token: lsp::ProgressToken, value: lsp::WorkDoneProgress) {
    client
        .send_notification::<lsp::notification::Progress>(lsp::ProgressParams {
            token,
            value: lsp::ProgressParamsValue::WorkDone(value),
        })
        .await;
}

/// Runs the server on stdin/stdout until the client says `exit` or closes stdin.
/// Returns the process exit code (0 after a proper shutdown).
pub fn run_stdio() -> std::io::Result<i32> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let shutdown = Arc::new(AtomicBool::new(false));
    let s2 = shutdown.clone();
    rt.block_on(async move {
        let (tx, rx) = mpsc::channel::<Msg>();
        let (out_tx, out_rx) = tokio::sync::mpsc::unbounded_channel::<Out>();
        std::thread::Builder::new()
            .name("altinn-ls-state".into())
            .spawn(move || run_state(rx, out_tx))?;
        let (service, socket) = LspService::build(|client| {
            tokio::spawn(forward(client.clone(), out_rx));
            let inner = Inner {
                client,
                tx: Mutex::new(tx),
                info: Mutex::new(ClientInfo::default()),
                folders: Mutex::new(Vec::new()),
                credentials: Arc::new(Mutex::new(None)),
                watcher: Mutex::new(None),
                shutdown: s2,
                progress_ok: Arc::new(AtomicBool::new(false)),
            };
            Backend {
                inner: Arc::new(inner),
            }
        })
        .custom_method("altinn/setCredentials", Backend::set_credentials)
        .finish();
        // Long commands (stack up, sync) must not hold up other requests: allow many at once.
        // Order is unaffected: handlers are first polled in arrival order.
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .concurrency_level(64)
            .serve(service)
            .await;
        Ok::<(), std::io::Error>(())
    })?;
    rt.shutdown_background();
    Ok(if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    })
}
