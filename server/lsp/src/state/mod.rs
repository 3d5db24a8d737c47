//! The state owner: every app (the workspace's [`LoadedApp`] plus what is queued and what was
//! published), the open documents and the debounce. One thread owns it and applies messages
//! strictly in arrival order (see [`crate::server`]); nothing here is shared or locked.
//!
//! Reading, configuring and checking apps is `altinn-workspace`'s: the state schedules and
//! publishes. This module: the types, scheduling and resolving files to apps; [`apps`] (scan,
//! files and folders changed, settings), [`documents`] (open, change, close), [`publish`]
//! (checking queued files, publishing), [`status`] (`altinn/status`).

mod apps;
mod documents;
mod publish;
mod status;

pub use publish::DebugState;
pub use status::{AppStatus, BackendStatus, FrontendStatus, Health, StatusParams, VersionsStatus};

use crate::convert::{self, TextRef};
use crate::settings::{self, ClientSettings};
use altinn_analysis::model::FileKind;
use altinn_analysis::syntax::PositionEncoding;
use altinn_analysis::{Diagnostic, TextRange};
use altinn_workspace::config::{self as repo_config, RepoConfig};
use altinn_workspace::{self as workspace, AppLocation, Counts, LoadedApp};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedSender;
use tower_lsp_server::ls_types as lsp;

/// What the state owner asks the protocol side to send, in order.
#[derive(Debug)]
pub enum Out {
    Publish {
        uri: lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    },
    Status(StatusParams),
    ShowMessage(lsp::MessageType, String),
    Log(lsp::MessageType, String),
    ProgressBegin {
        token: String,
        title: String,
    },
    ProgressReport {
        token: String,
        message: String,
        percentage: u32,
    },
    ProgressEnd {
        token: String,
        message: String,
    },
}

/// An app as the server holds it: the workspace's loaded app (location, configuration,
/// database, reading problems) and what the server schedules and has published.
pub struct App {
    pub ws: LoadedApp,
    /// Files still to (re)check in the current round, front first.
    queue: VecDeque<String>,
    /// What the client shows now, by path relative to the app.
    published: HashMap<String, Vec<lsp::Diagnostic>>,
    /// Files to publish at their next check even when unchanged (just opened).
    force: HashSet<String>,
}

impl std::ops::Deref for App {
    type Target = LoadedApp;
    fn deref(&self) -> &LoadedApp {
        &self.ws
    }
}

impl std::ops::DerefMut for App {
    fn deref_mut(&mut self) -> &mut LoadedApp {
        &mut self.ws
    }
}

pub struct Doc {
    pub uri: lsp::Uri,
    pub path: PathBuf,
    pub version: i32,
    /// The editor's text of an `altinn-ls.json` (other files live in their app's database).
    pub config_text: Option<String>,
}

pub struct State {
    out: UnboundedSender<Out>,
    pub enc: PositionEncoding,
    folders: Vec<PathBuf>,
    pub apps: Vec<App>,
    /// Open documents by URI string.
    docs: HashMap<String, Doc>,
    /// Open documents' file paths → URI string.
    open_paths: HashMap<PathBuf, String>,
    client: ClientSettings,
    /// When the debounce for pending checks ends.
    pub deadline: Option<Instant>,
    last_status: Option<StatusParams>,
    /// Until then, no diagnostics are published (waiting for the editor's settings).
    hold_until: Option<Instant>,
    /// Until then, only open documents are re-checked (the user is typing).
    background_at: Option<Instant>,
    /// Problems with `altinn-ls.json` files, by repository: shown in `altinn/status`.
    config_errors: std::collections::BTreeMap<PathBuf, String>,
    /// `altinn-ls.json` files whose problems are published as diagnostics.
    config_published: HashSet<PathBuf>,
    /// Where each lens target is named, per app folder, for the code lenses: brought up to
    /// date on the first lens resolved after a change
    /// ([`AppDb::revision`](altinn_analysis::AppDb::revision)).
    pub reference_index: HashMap<PathBuf, (u64, altinn_analysis::ide::ReferenceIndex)>,
}

/// How long after the last edit files that are not open wait before they are re-checked.
pub const BACKGROUND_DELAY: Duration = Duration::from_millis(150);

/// Counts returned by `altinn.check`.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Summary {
    pub apps: usize,
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub information: usize,
    pub hints: usize,
}

impl State {
    pub fn new(out: UnboundedSender<Out>) -> Self {
        Self {
            out,
            enc: PositionEncoding::Utf16,
            folders: Vec::new(),
            apps: Vec::new(),
            docs: HashMap::new(),
            open_paths: HashMap::new(),
            client: ClientSettings::default(),
            deadline: None,
            last_status: None,
            config_errors: Default::default(),
            config_published: HashSet::new(),
            hold_until: None,
            background_at: None,
            reference_index: HashMap::new(),
        }
    }

    fn send(&self, o: Out) {
        let _ = self.out.send(o);
    }

    pub fn show(&self, typ: lsp::MessageType, msg: impl Into<String>) {
        self.send(Out::ShowMessage(typ, msg.into()));
    }

    pub fn log(&self, typ: lsp::MessageType, msg: impl Into<String>) {
        self.send(Out::Log(typ, msg.into()));
    }

    pub fn debounce(&self) -> Duration {
        let ms = self
            .client
            .debounce_ms
            .or_else(|| {
                self.apps
                    .iter()
                    .find_map(|a| a.repo_config.config.debounce_ms)
            })
            .unwrap_or(settings::DEFAULT_DEBOUNCE_MS);
        Duration::from_millis(ms)
    }

    fn schedule(&mut self) {
        let at = Instant::now() + self.debounce();
        self.deadline = Some(self.hold_until.map_or(at, |h| h.max(at)));
        self.background_at = Some(at + BACKGROUND_DELAY);
    }

    /// Runs checks as soon as possible (or when the hold for settings ends).
    fn schedule_now(&mut self) {
        let now = Instant::now();
        self.deadline = Some(self.hold_until.map_or(now, |h| h.max(now)));
    }

    pub fn has_pending(&self) -> bool {
        self.apps.iter().any(|a| !a.queue.is_empty())
    }

    pub fn initialize(
        &mut self,
        folders: Vec<PathBuf>,
        enc: PositionEncoding,
        settings: Option<Value>,
    ) {
        self.enc = enc;
        self.folders = folders;
        if let Some(s) = settings {
            self.apply_settings(&s, false);
        }
    }

    /// The app holding a file and the file's path relative to it.
    pub fn resolve(&self, file: &Path) -> Option<(usize, String)> {
        let mut best: Option<(usize, usize, String)> = None;
        for (i, a) in self.apps.iter().enumerate() {
            if let Some(rel) = a.loc.rel_path(file) {
                let depth = a.loc.app_dir.components().count();
                if best.as_ref().is_none_or(|b| depth > b.1) {
                    best = Some((i, depth, rel));
                }
            }
        }
        best.map(|(i, _, r)| (i, r))
    }

    /// The references of `t` in app `ai` (declarations left out), from the app's reference
    /// index, brought up to date first when the app changed (only changed files are walked).
    pub fn lens_references(
        &mut self,
        ai: usize,
        t: &altinn_analysis::ide::Target,
    ) -> Option<Vec<altinn_analysis::ide::Location>> {
        let app = self.apps.get(ai)?;
        let rev = app.db.revision();
        let key = app.loc.app_dir.clone();
        if !self.reference_index.contains_key(&key) {
            // Forget apps that are gone.
            let live: HashSet<&PathBuf> = self.apps.iter().map(|a| &a.loc.app_dir).collect();
            self.reference_index.retain(|k, _| live.contains(k));
        }
        let entry = self
            .reference_index
            .entry(key)
            .or_insert_with(|| (0, Default::default()));
        if entry.0 != rev {
            entry.1.update(&app.db);
            entry.0 = rev;
        }
        Some(entry.1.references(&app.db, t))
    }

    /// A name for app `ai` in lists across apps: its repository folder's name.
    pub fn app_name(&self, ai: usize) -> String {
        let Some(a) = self.apps.get(ai) else {
            return String::new();
        };
        let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().to_string());
        let repo = name(&a.loc.repo).unwrap_or_default();
        if repo == "App" {
            a.loc.repo.parent().and_then(name).unwrap_or(repo)
        } else {
            repo
        }
    }

    pub fn resolve_uri(&self, uri: &lsp::Uri) -> Option<(usize, String)> {
        let path = self
            .docs
            .get(uri.as_str())
            .map(|d| d.path.clone())
            .or_else(|| convert::uri_to_path(uri))?;
        self.resolve(&path)
    }
}

/// Queues every file of the app (and every file with published diagnostics, so that
/// deleted files get cleared), `first` in front.
fn requeue(app: &mut App, first: Option<&str>) {
    let mut seen = HashSet::new();
    let mut q = VecDeque::new();
    if let Some(f) = first {
        if seen.insert(f.to_string()) {
            q.push_back(f.to_string());
        }
    }
    for p in app.db.paths() {
        if seen.insert(p.to_string()) {
            q.push_back(p.to_string());
        }
    }
    for p in app.published.keys().chain(app.load_issues.keys()) {
        if seen.insert(p.clone()) {
            q.push_back(p.clone());
        }
    }
    app.queue = q;
}

/// How long a step took: a `debug` event inside the current span (see `crate::logging`).
pub(crate) fn timing(what: &str, file: &str, since: Instant) {
    tracing::debug!(
        step = what,
        file,
        ms = (since.elapsed().as_secs_f64() * 1e5).round() / 100.0,
        "timing"
    );
}
