//! Checking queued files and publishing their diagnostics; `altinn.check`.

use super::*;

impl State {
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

    pub(super) fn version_of(&self, ai: usize, rel: &str) -> Option<i32> {
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

    pub(super) fn publish_file(&mut self, ai: usize, rel: &str, force: bool) {
        let t0 = Instant::now();
        let in_db = self.apps[ai].db.file(rel).is_some();
        let diags = if in_db || self.apps[ai].load_issues.contains_key(rel) {
            let d = self.file_diagnostics(ai, rel);
            self.to_lsp(ai, rel, &d)
        } else {
            Vec::new()
        };
        timing("check + convert", rel, t0);
        self.publish_checked(ai, rel, diags, in_db, force);
    }

    /// Publishes a checked file's diagnostics when they changed (or `force`). `in_db`: the
    /// file is still part of the app (an empty answer for a file that is gone forgets it).
    fn publish_checked(
        &mut self,
        ai: usize,
        rel: &str,
        diags: Vec<lsp::Diagnostic>,
        in_db: bool,
        force: bool,
    ) {
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

    /// `altinn.check`: re-checks everything now, publishes what changed and returns the
    /// counts. Every file is checked once, in parallel, by the workspace's one "check
    /// everything" (as `altinn-ls check`); the counts and the publications come from it.
    pub fn check_everything(&mut self) -> Summary {
        let mut c = Counts::default();
        let mut files = 0;
        for ai in 0..self.apps.len() {
            requeue(&mut self.apps[ai], None);
            files += self.apps[ai].db.paths().count();
            let checked: Vec<(String, Vec<Diagnostic>)> =
                workspace::check_by_file(&self.apps[ai].ws)
                    .into_iter()
                    .map(|(p, d)| (p.to_string(), d))
                    .collect();
            let done: HashSet<&str> = checked.iter().map(|(p, _)| p.as_str()).collect();
            self.apps[ai].queue.retain(|p| !done.contains(p.as_str()));
            for (rel, d) in &checked {
                c.merge(Counts::of(d));
                let lsp = self.to_lsp(ai, rel, d);
                let in_db = self.apps[ai].db.file(rel).is_some();
                self.publish_checked(ai, rel, lsp, in_db, false);
            }
        }
        // What is left: files published before that are gone now (their diagnostics clear).
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
    pub fn debug_state(&mut self) -> DebugState {
        self.flush(&mut || false, true);
        let mut diags = BTreeMap::new();
        for a in &self.apps {
            for (rel, d) in &a.published {
                if let Some(uri) = convert::path_to_uri(&a.loc.app_dir.join(rel)) {
                    let uri = self
                        .open_paths
                        .get(&a.loc.app_dir.join(rel))
                        .cloned()
                        .unwrap_or_else(|| uri.as_str().to_string());
                    diags.insert(uri, d.clone());
                }
            }
        }
        let mut texts = BTreeMap::new();
        for (k, d) in &self.docs {
            if let Some((ai, rel)) = self.resolve(&d.path) {
                if let Some(f) = self.apps[ai].db.file(&rel) {
                    texts.insert(k.clone(), f.text.to_string());
                }
            }
        }
        DebugState {
            diagnostics: diags,
            texts,
        }
    }
}

/// What `altinn.debug.state` returns (test support), by URI: the diagnostics the client was
/// sent last and the texts of the open documents as the server holds them.
#[derive(Debug, serde::Serialize)]
pub struct DebugState {
    pub diagnostics: BTreeMap<String, Vec<lsp::Diagnostic>>,
    pub texts: BTreeMap<String, String>,
}
