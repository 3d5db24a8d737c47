//! The state owner: every app's [`AppDb`], the open documents and the diagnostics last
//! published. One thread owns it and applies messages strictly in arrival order (see
//! [`crate::server`]); nothing here is shared or locked.

use crate::convert::{self, TextRef};
use crate::settings::{self, ClientSettings};
use altinn_analysis::model::FileKind;
use altinn_analysis::syntax::PositionEncoding;
use altinn_analysis::{Diagnostic, TextRange};
use altinn_workspace::config::{self as repo_config, RepoConfig};
use altinn_workspace::{self as workspace, AppLocation, Counts, LoadedApp};
use serde_json::{json, Value};
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
    Status(Value),
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
    last_status: Option<Value>,
    /// Until then, no diagnostics are published (waiting for the editor's settings).
    hold_until: Option<Instant>,
    /// Until then, only open documents are re-checked (the user is typing).
    background_at: Option<Instant>,
    /// Problems with `altinn-ls.json` files, by repository: shown in `altinn/status`.
    config_errors: std::collections::BTreeMap<PathBuf, String>,
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
            hold_until: None,
            background_at: None,
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

    // ----- setup -------------------------------------------------------------------------

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

    /// The first workspace scan, with work-done progress.
    pub fn scan(&mut self, progress: bool, await_settings: bool) {
        if await_settings {
            self.hold_until = Some(Instant::now() + Duration::from_secs(2));
        }
        let token = "altinn-ls/scan".to_string();
        if progress {
            self.send(Out::ProgressBegin {
                token: token.clone(),
                title: "Altinn: loading apps".into(),
            });
        }
        self.send_status_now("busy", Some("Loading apps"));
        let folders = self.folders.clone();
        let mut found = Vec::new();
        for f in &folders {
            match workspace::find_apps(f) {
                Ok(apps) => found.extend(apps),
                Err(e) => self.log(
                    lsp::MessageType::WARNING,
                    format!("cannot read workspace folder {}: {e}", f.display()),
                ),
            }
        }
        let n = found.len();
        for (i, loc) in found.into_iter().enumerate() {
            if progress {
                self.send(Out::ProgressReport {
                    token: token.clone(),
                    message: loc.repo.display().to_string(),
                    percentage: (i * 100 / n.max(1)) as u32,
                });
            }
            self.add_app(loc);
        }
        if progress {
            self.send(Out::ProgressEnd {
                token,
                message: format!("{n} app(s) loaded"),
            });
        }
        self.schedule_now();
        self.send_status();
    }

    fn add_app(&mut self, loc: AppLocation) -> Option<usize> {
        if let Some(i) = self.apps.iter().position(|a| a.loc.app_dir == loc.app_dir) {
            return Some(i);
        }
        let rc = self.read_repo_config(&loc);
        let config = settings::merge(&rc.config, &self.client);
        let mut app = App {
            ws: workspace::load_app(loc, rc, config),
            queue: VecDeque::new(),
            published: HashMap::new(),
            force: HashSet::new(),
        };
        requeue(&mut app, None);
        self.apps.push(app);
        Some(self.apps.len() - 1)
    }

    /// The app's `altinn-ls.json` (the workspace's one lookup); an invalid file is shown and
    /// counts as none.
    fn read_repo_config(&mut self, loc: &AppLocation) -> RepoConfig {
        let rc = repo_config::repo_config(loc);
        match &rc.error {
            None => {
                self.config_errors.remove(&rc.path);
            }
            Some(e) => {
                self.config_errors.insert(
                    rc.path.clone(),
                    format!("{} is invalid and is ignored", rc.path.display()),
                );
                self.show(
                    lsp::MessageType::WARNING,
                    format!("altinn-ls.json is invalid and is ignored:\n{e}"),
                );
            }
        }
        rc
    }

    /// An app that holds this file (for documents opened outside the workspace folders).
    fn discover_app(&mut self, file: &Path) -> Option<usize> {
        let loc = workspace::app_containing(file)?;
        let i = self.add_app(loc);
        self.send_status();
        i
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

    pub fn resolve_uri(&self, uri: &lsp::Uri) -> Option<(usize, String)> {
        let path = self
            .docs
            .get(uri.as_str())
            .map(|d| d.path.clone())
            .or_else(|| convert::uri_to_path(uri))?;
        self.resolve(&path)
    }

    // ----- settings ----------------------------------------------------------------------

    /// Applies the `altinnStudio` section. `recheck`: re-run checks now (settings changed
    /// while running).
    pub fn apply_settings(&mut self, section: &Value, recheck: bool) {
        let (client, problems) = settings::parse(section);
        if !problems.is_empty() {
            self.show(
                lsp::MessageType::WARNING,
                format!(
                    "Altinn settings: some values are ignored:\n{}",
                    problems.join("\n")
                ),
            );
        }
        self.client = client;
        self.hold_until = None;
        for app in &mut self.apps {
            let cfg = settings::merge(&app.repo_config.config, &self.client);
            app.db.set_config(cfg);
            app.db.rebuild();
            if recheck {
                requeue(app, None);
            }
        }
        if recheck {
            self.deadline = Some(Instant::now());
        }
    }

    // ----- documents ---------------------------------------------------------------------

    pub fn did_open(&mut self, uri: lsp::Uri, version: i32, text: String) {
        let Some(path) = convert::uri_to_path(&uri) else {
            return;
        };
        let key = uri.as_str().to_string();
        self.open_paths.insert(path.clone(), key.clone());
        self.docs.insert(
            key,
            Doc {
                uri,
                path: path.clone(),
                version,
            },
        );
        let resolved = match self.resolve(&path) {
            Some(r) => Some(r),
            None => self.discover_app(&path).and_then(|_| self.resolve(&path)),
        };
        let Some((ai, rel)) = resolved else {
            return;
        };
        if !FileKind::is_relevant(&rel) {
            return;
        }
        let app = &mut self.apps[ai];
        // Publish under the editor's URI and version even when nothing changed (its URI
        // spelling may differ from ours).
        app.force.insert(rel.clone());
        let same = app.db.file(&rel).is_some_and(|f| *f.text == *text);
        if !same {
            app.db.set_file(&rel, text);
            app.load_issues.remove(&rel);
            requeue(app, Some(&rel));
            self.schedule();
        } else {
            app.queue.retain(|p| *p != rel);
            app.queue.push_front(rel.clone());
            if self.deadline.is_none() {
                self.schedule_now();
            }
        }
    }

    pub fn did_change(
        &mut self,
        uri: &lsp::Uri,
        version: i32,
        changes: Vec<lsp::TextDocumentContentChangeEvent>,
    ) {
        let enc = self.enc;
        let Some(doc) = self.docs.get_mut(uri.as_str()) else {
            return;
        };
        doc.version = version;
        let path = doc.path.clone();
        let Some((ai, rel)) = self.resolve(&path) else {
            return;
        };
        let app = &mut self.apps[ai];
        if app.db.file(&rel).is_none() {
            return;
        }
        let t0 = Instant::now();
        for ch in changes {
            match ch.range {
                Some(r) => {
                    let Some(f) = app.db.file(&rel) else { break };
                    let t = TextRef {
                        text: &f.text,
                        index: &f.line_index,
                    };
                    let range = t.range_to_text(r, enc);
                    app.db.edit_file(&rel, &[(range, ch.text)]);
                }
                None => {
                    app.db.set_file(&rel, ch.text);
                }
            }
        }
        app.load_issues.remove(&rel);
        requeue(app, Some(&rel));
        timing("edit + reparse + model", &rel, t0);
        self.schedule();
    }

    pub fn did_close(&mut self, uri: &lsp::Uri) {
        let Some(doc) = self.docs.remove(uri.as_str()) else {
            return;
        };
        // The same file may be open under another spelling of its URI (`file://localhost/…`,
        // `/./`, a query): that editor's text stays the truth.
        if let Some((key, _)) = self.docs.iter().find(|(_, d)| d.path == doc.path) {
            self.open_paths.insert(doc.path.clone(), key.clone());
            return;
        }
        self.open_paths.remove(&doc.path);
        // The file on disk is the truth again.
        self.reload_from_disk(&doc.path);
    }

    /// Re-reads one file (or a folder's files) from disk into its app.
    fn reload_from_disk(&mut self, abs: &Path) {
        if let Some((ai, _)) = self.resolve(abs) {
            self.reload_app(ai, &[abs.to_path_buf()]);
            self.schedule();
        }
    }

    /// Re-reads paths of one app from disk (all at once: one model update) and queues its
    /// files for checking, the changed ones first.
    fn reload_app(&mut self, ai: usize, paths: &[PathBuf]) {
        let open = &self.open_paths;
        let app = &mut self.apps[ai];
        let changed = app.ws.reload(paths, &|p| open.contains_key(p));
        let first = changed
            .first()
            .cloned()
            .or_else(|| paths.first().and_then(|p| app.loc.rel_path(p)));
        requeue(app, first.as_deref());
    }

    // ----- files changed outside the editor -----------------------------------------------

    /// Files changed on disk, in one batch (the server folds bursts of events into one
    /// call): each app re-reads its paths at once and is queued once.
    pub fn files_changed(&mut self, events: Vec<(PathBuf, lsp::FileChangeType)>) {
        let mut rescan = false;
        let mut seen = HashSet::new();
        let mut configs: BTreeSet<PathBuf> = BTreeSet::new();
        let mut per_app: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
        for (abs, _kind) in events {
            if !seen.insert(abs.clone()) || self.ignored_event(&abs) {
                continue;
            }
            let name = abs
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if name == repo_config::FILE_NAME {
                for a in &self.apps {
                    if repo_config::may_configure(&a.loc, &abs) {
                        configs.insert(a.loc.app_dir.clone());
                    }
                }
                continue;
            }
            if self.open_paths.contains_key(&abs) {
                continue;
            }
            // An app appearing or disappearing as a whole.
            if name == "applicationmetadata.json" && self.resolve(&abs).is_none() {
                rescan = true;
                continue;
            }
            if self.remove_gone_apps(&abs) {
                continue;
            }
            match self.resolve(&abs) {
                Some((ai, _)) => per_app
                    .entry(self.apps[ai].loc.app_dir.clone())
                    .or_default()
                    .push(abs),
                None => {
                    // A folder above apps (a checkout, or the watcher lost events and asks
                    // for a look at everything): their files are read again, new apps found.
                    for a in self.apps.iter().filter(|a| a.loc.app_dir.starts_with(&abs)) {
                        let d = a.loc.app_dir.clone();
                        per_app.entry(d.clone()).or_default().push(d);
                    }
                    rescan |= abs.is_dir();
                }
            }
        }
        for ai in 0..self.apps.len() {
            let dir = self.apps[ai].loc.app_dir.clone();
            if configs.contains(&dir) {
                let loc = self.apps[ai].loc.clone();
                let rc = self.read_repo_config(&loc);
                let cfg = settings::merge(&rc.config, &self.client);
                let app = &mut self.apps[ai];
                app.ws.set_config(rc, cfg);
                requeue(app, None);
            }
            if let Some(paths) = per_app.get(&dir) {
                self.reload_app(ai, paths);
            }
        }
        if !configs.is_empty() || !per_app.is_empty() {
            self.schedule();
        }
        if rescan {
            let folders = self.folders.clone();
            for f in folders {
                if let Ok(found) = workspace::find_apps(&f) {
                    for loc in found {
                        self.add_app(loc);
                    }
                }
            }
            self.schedule();
            self.send_status();
        }
    }

    /// Drops the apps whose folder was deleted (at or below `abs`), clearing what was
    /// published for them; returns whether any was.
    fn remove_gone_apps(&mut self, abs: &Path) -> bool {
        let before = self.apps.len();
        let out = &self.out;
        self.apps.retain(|a| {
            let gone = a.loc.app_dir.starts_with(abs) && !a.loc.app_dir.exists();
            if gone {
                clear_published(out, a);
            }
            !gone
        });
        let removed = self.apps.len() != before;
        if removed {
            self.send_status();
        }
        removed
    }

    /// Events below `.git`, `node_modules`, `bin`, `obj`, ... of a folder or app we know.
    fn ignored_event(&self, abs: &Path) -> bool {
        self.folders
            .iter()
            .chain(self.apps.iter().map(|a| &a.loc.repo))
            .filter_map(|f| abs.strip_prefix(f).ok())
            .any(workspace::discover::is_skipped)
    }

    pub fn folders_changed(&mut self, added: Vec<PathBuf>, removed: Vec<PathBuf>) {
        for r in &removed {
            self.folders.retain(|f| f != r);
            let (gone, keep): (Vec<App>, Vec<App>) = std::mem::take(&mut self.apps)
                .into_iter()
                .partition(|a| a.loc.repo.starts_with(r) || a.loc.app_dir.starts_with(r));
            self.apps = keep;
            for a in gone {
                if self.folders.iter().any(|f| a.loc.app_dir.starts_with(f)) {
                    self.apps.push(a);
                    continue;
                }
                clear_published(&self.out, &a);
            }
        }
        for f in added {
            if let Ok(found) = workspace::find_apps(&f) {
                for loc in found {
                    self.add_app(loc);
                }
            }
            self.folders.push(f);
        }
        self.schedule_now();
        self.send_status();
    }

    // ----- diagnostics -------------------------------------------------------------------

    /// URI of a file of an app: the editor's URI when open, else built from the path.
    pub fn uri_of(&self, ai: usize, rel: &str) -> Option<lsp::Uri> {
        let abs = self.apps[ai].loc.app_dir.join(rel);
        if let Some(k) = self.open_paths.get(&abs) {
            if let Some(d) = self.docs.get(k) {
                return Some(d.uri.clone());
            }
        }
        convert::path_to_uri(&abs)
    }

    fn version_of(&self, ai: usize, rel: &str) -> Option<i32> {
        let abs = self.apps[ai].loc.app_dir.join(rel);
        let k = self.open_paths.get(&abs)?;
        self.docs.get(k).map(|d| d.version)
    }

    /// The diagnostics of one file, as the analysis reports them (config applied).
    pub fn file_diagnostics(&self, ai: usize, rel: &str) -> Vec<Diagnostic> {
        self.apps[ai].ws.file_diagnostics(rel)
    }

    pub fn to_lsp(&self, ai: usize, rel: &str, diags: &[Diagnostic]) -> Vec<lsp::Diagnostic> {
        let app = &self.apps[ai];
        let enc = self.enc;
        let file = app.db.file(rel);
        let text = file.map(|f| TextRef {
            text: &f.text,
            index: &f.line_index,
        });
        let related = |p: &str| {
            let f = app.db.file(p)?;
            let uri = self.uri_of(ai, p)?;
            Some((
                uri,
                TextRef {
                    text: &f.text,
                    index: &f.line_index,
                },
            ))
        };
        diags
            .iter()
            .map(|d| convert::diagnostic(d, text.as_ref(), enc, &related))
            .collect()
    }

    /// Checks queued files, publishing those whose diagnostics changed. Stops early (and
    /// keeps the rest queued) when `interrupted` says a message is waiting.
    ///
    /// Open documents go first. While the user keeps typing (until [`BACKGROUND_DELAY`]
    /// after the last edit) the other files wait, so that keystrokes are not slowed down by
    /// re-checking files nobody looks at; `all` checks everything now.
    pub fn flush(&mut self, interrupted: &mut dyn FnMut() -> bool, all: bool) -> bool {
        for ai in 0..self.apps.len() {
            let open: Vec<String> = self.apps[ai]
                .queue
                .iter()
                .filter(|p| {
                    self.open_paths
                        .contains_key(&self.apps[ai].loc.app_dir.join(p))
                })
                .cloned()
                .collect();
            for rel in open {
                self.apps[ai].queue.retain(|p| *p != rel);
                self.publish_file(ai, &rel, false);
                if interrupted() {
                    return false;
                }
            }
        }
        if !all {
            if let Some(t) = self.background_at {
                if Instant::now() < t && self.has_pending() {
                    self.deadline = Some(t);
                    return false;
                }
            }
        }
        for ai in 0..self.apps.len() {
            while let Some(rel) = self.apps[ai].queue.pop_front() {
                self.publish_file(ai, &rel, false);
                if interrupted() {
                    return false;
                }
            }
        }
        self.deadline = None;
        self.background_at = None;
        self.send_status();
        true
    }

    fn publish_file(&mut self, ai: usize, rel: &str, force: bool) {
        let t0 = Instant::now();
        let in_db = self.apps[ai].db.file(rel).is_some();
        let diags = if in_db || self.apps[ai].load_issues.contains_key(rel) {
            let d = self.file_diagnostics(ai, rel);
            self.to_lsp(ai, rel, &d)
        } else {
            Vec::new()
        };
        timing("check + convert", rel, t0);
        let version = self.version_of(ai, rel);
        let old = self.apps[ai].published.get(rel);
        let changed = match old {
            Some(o) => *o != diags,
            None => !diags.is_empty() || version.is_some(),
        };
        let force = force || self.apps[ai].force.remove(rel);
        if !changed && !force {
            return;
        }
        let Some(uri) = self.uri_of(ai, rel) else {
            return;
        };
        self.send(Out::Publish {
            uri,
            diagnostics: diags.clone(),
            version,
        });
        if diags.is_empty() && !in_db {
            self.apps[ai].published.remove(rel);
        } else {
            self.apps[ai].published.insert(rel.to_string(), diags);
        }
    }

    /// `altinn.check`: re-checks everything now and returns the counts (the workspace's one
    /// "check everything", as `altinn-ls check`).
    pub fn check_everything(&mut self) -> Summary {
        let mut c = Counts::default();
        let mut files = 0;
        for app in &mut self.apps {
            requeue(app, None);
            files += app.db.paths().count();
            c.merge(Counts::of(&workspace::check_app(&app.ws)));
        }
        self.flush(&mut || false, true);
        Summary {
            apps: self.apps.len(),
            files,
            errors: c.errors,
            warnings: c.warnings,
            information: c.information,
            hints: c.hints,
        }
    }

    /// Test support (`altinn.debug.state`): checks everything still queued, then returns
    /// the diagnostics the client has been sent and the open documents' texts, by URI.
    pub fn debug_state(&mut self) -> Value {
        self.flush(&mut || false, true);
        let mut diags = serde_json::Map::new();
        for a in &self.apps {
            for (rel, d) in &a.published {
                if let Some(uri) = convert::path_to_uri(&a.loc.app_dir.join(rel)) {
                    let uri = self
                        .open_paths
                        .get(&a.loc.app_dir.join(rel))
                        .cloned()
                        .unwrap_or_else(|| uri.as_str().to_string());
                    diags.insert(uri, serde_json::to_value(d).unwrap_or(Value::Null));
                }
            }
        }
        let mut texts = serde_json::Map::new();
        for (k, d) in &self.docs {
            if let Some((ai, rel)) = self.resolve(&d.path) {
                if let Some(f) = self.apps[ai].db.file(&rel) {
                    texts.insert(k.clone(), Value::String(f.text.to_string()));
                }
            }
        }
        json!({"diagnostics": diags, "texts": texts})
    }

    // ----- status ------------------------------------------------------------------------

    fn status_value(&self, health: &str, message: Option<&str>) -> Value {
        let apps: Vec<Value> = self
            .apps
            .iter()
            .map(|a| {
                let m = a.db.model();
                json!({
                    "root": a.loc.repo.display().to_string(),
                    "appDir": a.loc.app_dir.display().to_string(),
                    "generation": m.generation.map(|g| g.as_str()),
                    "dataModels": m.data_models.keys().cloned().collect::<Vec<_>>(),
                    "versions": versions_value(&m.versions),
                })
            })
            .collect();
        let mut v = json!({"health": health, "apps": apps});
        if let Some(m) = message {
            v["message"] = json!(m);
        }
        v
    }

    fn send_status_now(&mut self, health: &str, message: Option<&str>) {
        let v = self.status_value(health, message);
        self.last_status = Some(v.clone());
        self.send(Out::Status(v));
    }

    /// Sends `altinn/status` when it differs from the last one sent.
    pub fn send_status(&mut self) {
        let errors: Vec<&str> = self.config_errors.values().map(String::as_str).collect();
        let joined = errors.join("; ");
        let (health, msg) = if !errors.is_empty() {
            ("error", Some(joined.as_str()))
        } else if self.apps.is_empty() {
            ("ok", Some("No Altinn app found in the workspace"))
        } else {
            ("ok", None)
        };
        let v = self.status_value(health, msg);
        if self.last_status.as_ref() != Some(&v) {
            self.last_status = Some(v.clone());
            self.send(Out::Status(v));
        }
    }

    // ----- helpers for requests ----------------------------------------------------------

    /// Byte offset of an LSP position in a file of an app.
    pub fn offset(&self, ai: usize, rel: &str, pos: lsp::Position) -> Option<u32> {
        let f = self.apps[ai].db.file(rel)?;
        Some(
            TextRef {
                text: &f.text,
                index: &f.line_index,
            }
            .offset(pos, self.enc),
        )
    }

    pub fn text_range(&self, ai: usize, rel: &str, r: lsp::Range) -> Option<TextRange> {
        let f = self.apps[ai].db.file(rel)?;
        Some(
            TextRef {
                text: &f.text,
                index: &f.line_index,
            }
            .range_to_text(r, self.enc),
        )
    }

    pub fn lsp_range(&self, ai: usize, rel: &str, r: TextRange) -> Option<lsp::Range> {
        let f = self.apps[ai].db.file(rel)?;
        Some(
            TextRef {
                text: &f.text,
                index: &f.line_index,
            }
            .range(r, self.enc),
        )
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

/// With `ALTINN_LS_TIMING=1`, prints how long a step took (stderr).
pub(crate) fn timing(what: &str, file: &str, since: Instant) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var("ALTINN_LS_TIMING").is_ok_and(|v| v == "1")) {
        eprintln!(
            "altinn-ls timing: {what} {file}: {:.2} ms",
            since.elapsed().as_secs_f64() * 1e3
        );
    }
}

/// Clears the diagnostics published for an app that is no longer served.
fn clear_published(out: &UnboundedSender<Out>, a: &App) {
    for (rel, d) in &a.published {
        if d.is_empty() {
            continue;
        }
        if let Some(uri) = convert::path_to_uri(&a.loc.app_dir.join(rel)) {
            let _ = out.send(Out::Publish {
                uri,
                diagnostics: Vec::new(),
                version: None,
            });
        }
    }
}

/// The app's versions for `altinn/status`: what the editors show in their status bar.
fn versions_value(v: &altinn_analysis::model::Versions) -> Value {
    let f = &v.frontend;
    json!({
        "frontend": {
            "major": f.major.as_str(),
            "written": f.written,
            "certainty": f.certainty.as_str(),
            "reason": f.reason,
            "inDoubt": v.frontend_in_doubt(),
        },
        "backend": v.backend.as_ref().map(|b| json!({
            "package": b.package,
            "version": b.version,
            "major": b.major,
        })),
        "summary": v.describe(),
    })
}
