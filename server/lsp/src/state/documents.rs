//! Open documents: open, change, close, and positions in their text.

use super::*;

fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == std::ffi::OsStr::new(repo_config::FILE_NAME))
}

impl State {
    pub fn did_open(&mut self, uri: lsp::Uri, version: i32, text: String) {
        let Some(path) = convert::uri_to_path(&uri) else {
            return;
        };
        let key = uri.as_str().to_string();
        self.open_paths.insert(path.clone(), key.clone());
        let is_config = is_config_file(&path);
        self.docs.insert(
            key,
            Doc {
                uri,
                path: path.clone(),
                version,
                config_text: is_config.then(|| text.clone()),
            },
        );
        if is_config {
            self.config_edited(&path);
            return;
        }
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
        if let Some(text) = &mut doc.config_text {
            for ch in changes {
                match ch.range {
                    Some(r) => {
                        let index = altinn_analysis::LineIndex::new(text);
                        let t = TextRef {
                            text,
                            index: &index,
                        };
                        let range = t.range_to_text(r, enc);
                        let (a, b) = (range.start as usize, range.end as usize);
                        if a <= b
                            && b <= text.len()
                            && text.is_char_boundary(a)
                            && text.is_char_boundary(b)
                        {
                            text.replace_range(a..b, &ch.text);
                        }
                    }
                    None => *text = ch.text,
                }
            }
            self.config_edited(&path);
            return;
        }
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
        if doc.config_text.is_some() {
            // The file on disk is the truth again.
            self.config_edited(&doc.path);
            return;
        }
        // From now on the file's diagnostics go to the URI made from its path. When the editor
        // spelled it otherwise (`file:///c%3A/…`, another case on Windows), clear them under
        // the editor's spelling: a client that compares URIs as strings would keep them.
        if convert::path_to_uri(&doc.path).is_none_or(|u| u.as_str() != doc.uri.as_str()) {
            if let Some((ai, rel)) = self.resolve(&doc.path) {
                if self.apps[ai].published.remove(&rel).is_some() {
                    self.send(Out::Publish {
                        uri: doc.uri.clone(),
                        diagnostics: Vec::new(),
                        version: None,
                    });
                }
            }
        }
        // The file on disk is the truth again.
        self.reload_from_disk(&doc.path);
    }

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
