//! The apps the server holds: the first scan, apps found later, settings and
//! `altinn-ls.json` changes, files changed on disk (in batches) and workspace folders.

use super::*;

impl State {
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
        self.send_status_now(Health::Busy, Some("Loading apps"));
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

    pub(super) fn add_app(&mut self, loc: AppLocation) -> Option<usize> {
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
    pub(super) fn read_repo_config(&mut self, loc: &AppLocation) -> RepoConfig {
        let path = repo_config::config_file(loc);
        let buffer = self
            .open_paths
            .get(&path)
            .and_then(|k| self.docs.get(k))
            .and_then(|d| d.config_text.clone());
        let from_buffer = buffer.is_some();
        let rc = match buffer {
            Some(text) => repo_config::from_text(path, text),
            None => repo_config::repo_config(loc),
        };
        self.publish_config_problems(&rc);
        match &rc.error {
            None => {
                self.config_errors.remove(&rc.path);
            }
            Some(e) => {
                self.config_errors.insert(
                    rc.path.clone(),
                    format!("{} is invalid and is ignored", rc.path.display()),
                );
                // Being typed: its diagnostics say it, a pop-up per keystroke would not.
                let typ = lsp::MessageType::WARNING;
                let msg = format!("altinn-ls.json is invalid and is ignored:\n{e}");
                if from_buffer {
                    self.log(typ, msg);
                } else {
                    self.show(typ, msg);
                }
            }
        }
        rc
    }

    /// Reads app `ai`'s `altinn-ls.json` again (the editor's buffer when open) and queues the
    /// app for checking.
    fn reconfigure(&mut self, ai: usize) {
        let loc = self.apps[ai].loc.clone();
        let rc = self.read_repo_config(&loc);
        let cfg = settings::merge(&rc.config, &self.client);
        let app = &mut self.apps[ai];
        app.ws.set_config(rc, cfg);
        requeue(app, None);
    }

    /// An `altinn-ls.json` opened, edited or closed in the editor: the apps it configures
    /// take it in (as from disk in [`files_changed`](Self::files_changed)).
    pub(super) fn config_edited(&mut self, path: &Path) {
        let mut any = false;
        for ai in 0..self.apps.len() {
            if repo_config::may_configure(&self.apps[ai].loc, path) {
                self.reconfigure(ai);
                any = true;
            }
        }
        if any {
            self.schedule();
        }
    }

    /// The problems of an `altinn-ls.json` as Error diagnostics on the file itself (at the
    /// key or value that is wrong), cleared once it is fixed.
    fn publish_config_problems(&mut self, rc: &RepoConfig) {
        let had = self.config_published.contains(&rc.path);
        if rc.problems.is_empty() && !had {
            return;
        }
        let Some(uri) = self
            .open_paths
            .get(&rc.path)
            .and_then(|k| self.docs.get(k))
            .map(|d| d.uri.clone())
            .or_else(|| convert::path_to_uri(&rc.path))
        else {
            return;
        };
        let index = altinn_analysis::LineIndex::new(&rc.text);
        let t = TextRef {
            text: &rc.text,
            index: &index,
        };
        let diagnostics: Vec<lsp::Diagnostic> = rc
            .problems
            .iter()
            .map(|e| {
                let end = e.end.max(e.offset).min(rc.text.len() as u32);
                let start = e.offset.min(end);
                lsp::Diagnostic {
                    range: t.range(TextRange::new(start, end), self.enc),
                    severity: Some(lsp::DiagnosticSeverity::ERROR),
                    source: Some("altinn-ls".to_string()),
                    message: e.message.clone(),
                    ..Default::default()
                }
            })
            .collect();
        if diagnostics.is_empty() {
            self.config_published.remove(&rc.path);
        } else {
            self.config_published.insert(rc.path.clone());
        }
        self.send(Out::Publish {
            uri,
            diagnostics,
            version: None,
        });
    }

    /// An app that holds this file (for documents opened outside the workspace folders).
    pub(super) fn discover_app(&mut self, file: &Path) -> Option<usize> {
        let loc = workspace::app_containing(file)?;
        let i = self.add_app(loc);
        self.send_status();
        i
    }

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

    /// Re-reads one file (or a folder's files) from disk into its app.
    pub(super) fn reload_from_disk(&mut self, abs: &Path) {
        if let Some((ai, _)) = self.resolve(abs) {
            self.reload_app(ai, &[abs.to_path_buf()]);
            self.schedule();
        }
    }

    /// Re-reads paths of one app from disk (all at once: one model update) and queues its
    /// files for checking, the changed ones first.
    pub(super) fn reload_app(&mut self, ai: usize, paths: &[PathBuf]) {
        let open = &self.open_paths;
        let app = &mut self.apps[ai];
        let changed = app.ws.reload(paths, &|p| open.contains_key(p));
        let first = changed
            .first()
            .cloned()
            .or_else(|| paths.first().and_then(|p| app.loc.rel_path(p)));
        requeue(app, first.as_deref());
    }

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
                self.reconfigure(ai);
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
    pub(super) fn remove_gone_apps(&mut self, abs: &Path) -> bool {
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
    pub(super) fn ignored_event(&self, abs: &Path) -> bool {
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
