//! In-process language-server tests (after Biome's `server_test_utils.rs`): the server runs
//! as a tower `Service` in the test's own runtime, with its real state thread; no process,
//! no stdio framing. The fake client answers the server's requests (capability
//! registration, progress, configuration) and keeps every notification, the latest
//! diagnostics per URI among them.
//!
//! Waits have a generous limit so that a broken server fails the test instead of hanging
//! it; no test asserts on time.

#![allow(dead_code)]

use altinn_lsp::server::{build_service, Backend};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::LspService;

pub const WAIT: Duration = Duration::from_secs(30);

/// The fixture apps (shared with the end-to-end tests of the binary).
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../cli/tests/fixtures")
}

/// A generated app (`testgen`) of `pages` × 40 components with one language, written to a
/// fresh folder under the system's temporary folder named after `tag` and this process;
/// returns the folder (canonical, as the server sees it). The caller removes it.
pub fn generated_app(tag: &str, pages: usize, fields: usize) -> PathBuf {
    use altinn_analysis::testgen::{generate, GenSpec};
    let dir = std::env::temp_dir().join(format!("altinn-lsp-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (rel, text) in generate(GenSpec {
        pages,
        components_per_page: 40,
        fields,
        languages: 1,
    }) {
        let p = dir.join("App").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir.canonicalize().unwrap()
}

/// A folder as the server names it in command arguments: from the editor's URI, so on Windows
/// `Z:\x`, never the `\\?\Z:\x` that `canonicalize` returns there.
pub fn plain_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix(r"\\?\").unwrap_or(&s).to_string()
}

/// A `file:` URI as editors spell it (percent-encoded bytes outside the unreserved set).
/// Windows: `C:\x\y` (or `\\?\C:\x\y`) is `file:///C:/x/y`, the drive's colon as it is.
pub fn uri(p: &Path) -> String {
    let mut s = String::from("file://");
    let mut text = p.to_string_lossy().into_owned();
    if cfg!(windows) {
        text = text
            .strip_prefix(r"\\?\")
            .unwrap_or(&text)
            .replace('\\', "/");
        if !text.starts_with('/') {
            text.insert(0, '/');
        }
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                s.push(b as char)
            }
            b':' if cfg!(windows) => s.push(':'),
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}

/// LSP position (UTF-16) of the `nth` occurrence of `needle` in `text`, plus `delta` chars.
pub fn find(text: &str, needle: &str, nth: usize, delta: usize) -> Value {
    let off = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} not found"))
        .0;
    pos_of(text, off, delta)
}

/// LSP position (UTF-16) of byte offset `off`, plus `delta` chars.
pub fn pos_of(text: &str, off: usize, delta: usize) -> Value {
    let before = &text[..off];
    let line = before.matches('\n').count();
    let ls = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let ch = text[ls..off].encode_utf16().count() + delta;
    json!({"line": line, "character": ch})
}

/// An LSP range from two positions.
pub fn range(start: Value, end: Value) -> Value {
    json!({"start": start, "end": end})
}

#[derive(Default)]
struct Seen {
    /// Every notification from the server, in order: (method, params).
    notifications: Vec<(String, Value)>,
    /// Latest `publishDiagnostics` params per URI.
    diagnostics: HashMap<String, Value>,
    /// Every request from the server: (method, params).
    requests: Vec<(String, Value)>,
}

/// A fake client connected to an in-process server.
pub struct TestServer {
    service: LspService<Backend>,
    seen: Arc<Mutex<Seen>>,
    changed: Arc<Notify>,
    next_id: i64,
    /// The workspace folder the server was started on.
    pub root: PathBuf,
    /// The answer to `initialize`.
    pub init: Value,
}

impl TestServer {
    /// Starts a server on `folder` and completes `initialize`/`initialized`. The client
    /// watches files for the server (dynamic registration, so the server starts no file
    /// watcher of its own) and offers no `workspace/configuration`.
    pub async fn start(folder: &Path) -> TestServer {
        Self::start_with(folder, json!({})).await
    }

    /// As [`start`](Self::start), with `initializationOptions`.
    pub async fn start_with(folder: &Path, initialization_options: Value) -> TestServer {
        Self::start_with_params(folder, initialization_options, json!({})).await
    }

    /// As [`start`](Self::start), with more `capabilities.workspace` members.
    pub async fn start_with_workspace(folder: &Path, workspace: Value) -> TestServer {
        let mut ws = json!({"didChangeWatchedFiles": {"dynamicRegistration": true}});
        if let (Some(a), Some(b)) = (ws.as_object_mut(), workspace.as_object()) {
            a.extend(b.clone());
        }
        Self::start_with_params(
            folder,
            json!({}),
            json!({"capabilities": {"workspace": ws}}),
        )
        .await
    }

    /// As [`start_with`](Self::start_with), with more members of the `initialize` params
    /// (`locale`, ...).
    pub async fn start_with_params(
        folder: &Path,
        initialization_options: Value,
        extra: Value,
    ) -> TestServer {
        let (service, socket) =
            build_service(Arc::new(AtomicBool::new(false))).expect("state thread");
        let seen = Arc::new(Mutex::new(Seen::default()));
        let changed = Arc::new(Notify::new());
        let (mut requests, mut responses) = socket.split();
        let (s2, c2) = (seen.clone(), changed.clone());
        tokio::spawn(async move {
            while let Some(r) = requests.next().await {
                let (method, id, params) = r.into_parts();
                let params = params.unwrap_or(Value::Null);
                match id {
                    Some(id) => {
                        let result = match method.as_ref() {
                            "workspace/configuration" => json!([null]),
                            _ => Value::Null,
                        };
                        s2.lock()
                            .unwrap()
                            .requests
                            .push((method.to_string(), params));
                        if responses.send(Response::from_ok(id, result)).await.is_err() {
                            break;
                        }
                    }
                    None => {
                        let mut s = s2.lock().unwrap();
                        if method == "textDocument/publishDiagnostics" {
                            if let Some(u) = params["uri"].as_str() {
                                s.diagnostics.insert(u.to_string(), params.clone());
                            }
                        }
                        s.notifications.push((method.to_string(), params));
                    }
                }
                c2.notify_waiters();
            }
        });
        let mut t = TestServer {
            service,
            seen,
            changed,
            next_id: 0,
            root: folder.to_path_buf(),
            init: Value::Null,
        };
        let mut params = json!({
            "processId": null,
            "rootUri": null,
            "workspaceFolders": [{"uri": uri(folder), "name": "app"}],
            "capabilities": {
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
            },
            "initializationOptions": initialization_options,
        });
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        let init = t.request("initialize", params).await;
        t.init = init.unwrap_or_else(|e| panic!("initialize: {e}"));
        t.notify("initialized", json!({})).await;
        t
    }

    async fn send(&mut self, req: Request) -> Option<Response> {
        let svc = tokio::time::timeout(WAIT, self.service.ready())
            .await
            .expect("service ready in time")
            .expect("service ready");
        tokio::time::timeout(WAIT, svc.call(req))
            .await
            .expect("answer in time")
            .expect("service call")
    }

    /// Sends a request; `Err` holds the error object.
    pub async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let req = Request::build(method.to_string())
            .id(self.next_id)
            .params(params)
            .finish();
        let resp = self.send(req).await.expect("a response to a request");
        let (_, body) = resp.into_parts();
        body.map_err(|e| serde_json::to_value(e).expect("error as JSON"))
    }

    /// Sends a request that must succeed.
    pub async fn ok(&mut self, method: &str, params: Value) -> Value {
        self.request(method, params)
            .await
            .unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        let req = Request::build(method.to_string()).params(params).finish();
        assert!(self.send(req).await.is_none(), "{method} got a response");
    }

    /// Opens a file of the workspace (`rel` to the root) with its text on disk, version 0;
    /// returns its URI and text.
    pub async fn open(&mut self, rel: &str) -> (String, String) {
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path).expect("read file to open");
        let u = uri(&path);
        self.open_text(&u, &text).await;
        (u, text)
    }

    pub async fn open_text(&mut self, u: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": "json", "version": 0, "text": text}}),
        )
        .await;
    }

    /// Replaces `range` by `text` and sets the document's version.
    pub async fn change(&mut self, u: &str, version: i64, range: Value, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": version},
                   "contentChanges": [{"range": range, "text": text}]}),
        )
        .await;
    }

    /// A request at a position of a document, with extra params merged in.
    pub async fn at(&mut self, method: &str, u: &str, pos: Value, extra: Value) -> Value {
        let mut p = json!({"textDocument": {"uri": u}, "position": pos});
        if let Value::Object(o) = extra {
            for (k, v) in o {
                p[k] = v;
            }
        }
        self.ok(method, p).await
    }

    async fn wait_until<T>(&self, what: &str, mut f: impl FnMut(&Seen) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.changed.notified();
            if let Some(v) = f(&self.seen.lock().unwrap()) {
                return v;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let s = self.seen.lock().unwrap();
                let last: Vec<String> = s
                    .notifications
                    .iter()
                    .rev()
                    .take(5)
                    .map(|n| format!("{n:?}").chars().take(400).collect())
                    .collect();
                panic!("timed out waiting for {what}; last notifications: {last:#?}");
            }
        }
    }

    /// Waits for the diagnostics of `u` published for document `version`.
    pub async fn wait_version(&self, u: &str, version: i64) -> Vec<Value> {
        self.wait_until(&format!("diagnostics of {u} version {version}"), |s| {
            let p = s.diagnostics.get(u)?;
            (p["version"].as_i64() == Some(version))
                .then(|| p["diagnostics"].as_array().cloned().unwrap_or_default())
        })
        .await
    }

    /// Waits for a notification of `method` whose params satisfy `pred`; returns them.
    pub async fn wait_notification(
        &self,
        method: &str,
        mut pred: impl FnMut(&Value) -> bool,
    ) -> Value {
        self.wait_until(&format!("notification {method}"), |s| {
            s.notifications
                .iter()
                .find(|(m, p)| m == method && pred(p))
                .map(|(_, p)| p.clone())
        })
        .await
    }

    /// Every notification of `method` so far.
    pub fn notifications(&self, method: &str) -> Vec<Value> {
        self.seen
            .lock()
            .unwrap()
            .notifications
            .iter()
            .filter(|(m, _)| m == method)
            .map(|(_, p)| p.clone())
            .collect()
    }

    /// Every request of `method` the server sent the client so far.
    pub fn server_requests(&self, method: &str) -> Vec<Value> {
        self.seen
            .lock()
            .unwrap()
            .requests
            .iter()
            .filter(|(m, _)| m == method)
            .map(|(_, p)| p.clone())
            .collect()
    }
}
