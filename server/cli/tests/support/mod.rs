//! A small LSP client for end-to-end tests: drives the real `altinn-ls lsp` over stdio.
//!
//! It answers the server's requests (`workspace/configuration` with the settings given,
//! progress creation, capability registration), keeps the latest diagnostics per URI and
//! records every notification. Waits have a generous limit so that a broken server fails
//! the test instead of hanging it; no test asserts on time.

#![allow(dead_code)]

#[path = "../../../../tests/support/prereq.rs"]
pub mod prereq;

use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const WAIT: Duration = Duration::from_secs(60);

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

/// `../shared/altinn/corpus` next to the repository, when present (else the skip is reported
/// and counted, or fails in CI: `prereq::shared`).
pub fn corpus(test: &str) -> Option<PathBuf> {
    prereq::shared("altinn/corpus", test)
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fresh copy of a folder in a temporary directory (removed on drop).
pub struct TempCopy {
    pub path: PathBuf,
}

impl TempCopy {
    pub fn of(src: &Path) -> TempCopy {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let dst = std::env::temp_dir().join(format!(
            "altinn-ls-lsp-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dst);
        copy_dir(src, &dst);
        let path = dst.canonicalize().expect("temp dir");
        // Windows: canonicalize adds \\?\, which no editor sends.
        let path = match path.to_str().and_then(|s| s.strip_prefix(r"\\?\")) {
            Some(rest) if cfg!(windows) => PathBuf::from(rest),
            _ => path,
        };
        TempCopy { path }
    }
}

impl Drop for TempCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("create dir");
    for e in std::fs::read_dir(src).expect("read dir").flatten() {
        let to = dst.join(e.file_name());
        if e.file_type().expect("file type").is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).expect("copy");
        }
    }
}

pub fn uri(p: &Path) -> String {
    let mut s = String::from("file://");
    let mut text = p.to_string_lossy().into_owned();
    if cfg!(windows) {
        // C:\x\y -> /C:/x/y (RFC 8089; the drive's colon stays as it is); no \\?\ prefix
        if let Some(rest) = text.strip_prefix(r"\\?\") {
            text = rest.to_string();
        }
        text = text.replace('\\', "/");
        if !text.starts_with('/') {
            text.insert(0, '/');
        }
    }
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                s.push(b as char)
            }
            b':' if cfg!(windows) && i == 2 => s.push(':'),
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}

/// Each line's byte range without its terminator (`\n`, `\r\n` or a lone `\r`, the LSP
/// specification's). Written independently of the server's `LineIndex`.
#[allow(dead_code)]
pub fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut base = 0;
    while let Some(i) = rest.find(['\n', '\r']) {
        let len = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        out.push((base, base + i));
        base += i + len;
        rest = &rest[i + len..];
    }
    out.push((base, text.len()));
    out
}

/// Byte offset of an LSP position with the server's documented clamping (see
/// `LineIndex::offset`): lines end at `\n`, `\r\n` or a lone `\r` (the LSP specification's
/// terminators); past the line end → line end, before its terminator; past the last line →
/// end of text; inside a character (a surrogate pair, a UTF-8 sequence) → its start.
/// `utf8`: characters count UTF-8 bytes, else UTF-16 units.
pub fn offset(text: &str, line: u32, character: u32, utf8: bool) -> usize {
    let Some(&(start, end)) = lines(text).get(line as usize) else {
        return text.len();
    };
    let mut units = 0u32;
    for (i, ch) in text[start..end].char_indices() {
        if units >= character {
            return start + i;
        }
        units += if utf8 {
            ch.len_utf8() as u32
        } else {
            ch.len_utf16() as u32
        };
        if units > character {
            return start + i;
        }
    }
    end
}

pub struct Options {
    pub folders: Vec<PathBuf>,
    /// Position encodings offered (`general.positionEncodings`); empty: none offered.
    pub encodings: Vec<&'static str>,
    pub init_options: Value,
    /// What `workspace/configuration` answers for `altinnStudio`; `None`: the client does
    /// not announce the capability.
    pub configuration: Option<Value>,
    /// Announce dynamic registration of file watchers.
    pub dynamic_watch: bool,
    /// `processId` sent in `initialize` (default: this test process).
    pub process_id: Option<u32>,
    /// Workspace folder URIs sent as they are (instead of `folders`): other spellings of a path.
    pub folder_uris: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            folders: Vec::new(),
            encodings: Vec::new(),
            init_options: json!({"settings": {"debounceMs": 0}}),
            configuration: None,
            dynamic_watch: true,
            process_id: None,
            folder_uris: Vec::new(),
        }
    }
}

#[derive(Default)]
struct Shared {
    /// Latest `publishDiagnostics` params per URI.
    diagnostics: HashMap<String, Value>,
    /// Every notification from the server, in order.
    notifications: Vec<Value>,
    /// Requests the server sent us (method, params).
    server_requests: Vec<(String, Value)>,
}

pub struct Client {
    child: Child,
    writer: Arc<Mutex<Option<ChildStdin>>>,
    next_id: i64,
    responses: Receiver<Value>,
    pending: HashMap<i64, Value>,
    shared: Arc<Mutex<Shared>>,
    events: Receiver<()>,
    pub init_result: Value,
    configuration: Arc<Mutex<Option<Value>>>,
    /// The server's stderr lines, when started with [`Client::start_capturing_stderr`].
    stderr: Arc<Mutex<Vec<String>>>,
}

fn write_msg(w: &mut impl Write, v: &Value) -> std::io::Result<()> {
    let body = serde_json::to_vec(v).expect("json");
    write!(w, "Content-Length: {}\r\n\r\n", body.len())?;
    w.write_all(&body)?;
    w.flush()
}

fn read_msg(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut buf = vec![0u8; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Client {
    pub fn start(opts: Options) -> Client {
        Self::start_with_env(opts, &[])
    }

    pub fn start_with_env(opts: Options, env: &[(&str, &str)]) -> Client {
        Self::start_inner(opts, env, false)
    }

    /// Like [`Client::start`], but the server's stderr is also kept (see
    /// [`Client::stderr_lines`]); it is still echoed to the test's stderr.
    pub fn start_capturing_stderr(opts: Options) -> Client {
        Self::start_inner(opts, &[], true)
    }

    fn start_inner(opts: Options, env: &[(&str, &str)], capture_stderr: bool) -> Client {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_altinn-ls"));
        cmd.args(["lsp", "--stdio"])
            .env("ALTINN_LS_DEBUG_COMMANDS", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if capture_stderr {
                Stdio::piped()
            } else {
                Stdio::inherit()
            });
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start altinn-ls");
        let stderr_lines = Arc::new(Mutex::new(Vec::new()));
        if let Some(err) = child.stderr.take() {
            let lines = stderr_lines.clone();
            std::thread::spawn(move || {
                let r = BufReader::new(err);
                for line in r.lines() {
                    let Ok(line) = line else { break };
                    eprintln!("{line}");
                    lines.lock().unwrap().push(line);
                }
            });
        }
        let writer = Arc::new(Mutex::new(Some(child.stdin.take().expect("stdin"))));
        let stdout = child.stdout.take().expect("stdout");
        let (resp_tx, responses) = mpsc::channel();
        let (ev_tx, events) = mpsc::channel();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let configuration = Arc::new(Mutex::new(opts.configuration.clone()));
        // Replies to server→client requests go through this channel to the writer side.
        let (reply_tx, reply_rx) = mpsc::channel::<Value>();
        {
            let shared = shared.clone();
            let configuration = configuration.clone();
            std::thread::spawn(move || {
                let mut r = BufReader::new(stdout);
                while let Some(msg) = read_msg(&mut r) {
                    let method = msg
                        .get("method")
                        .and_then(|m| m.as_str())
                        .map(str::to_string);
                    match (method, msg.get("id")) {
                        (Some(m), Some(id)) => {
                            let result = match m.as_str() {
                                "workspace/configuration" => {
                                    let n = msg["params"]["items"]
                                        .as_array()
                                        .map(|a| a.len())
                                        .unwrap_or(1);
                                    let c = configuration.lock().unwrap().clone();
                                    Value::Array(vec![c.unwrap_or(Value::Null); n])
                                }
                                _ => Value::Null,
                            };
                            shared
                                .lock()
                                .unwrap()
                                .server_requests
                                .push((m, msg["params"].clone()));
                            let _ = reply_tx
                                .send(json!({"jsonrpc": "2.0", "id": id, "result": result}));
                        }
                        (Some(m), None) => {
                            let mut s = shared.lock().unwrap();
                            if m == "textDocument/publishDiagnostics" {
                                let u = msg["params"]["uri"].as_str().unwrap_or("").to_string();
                                s.diagnostics.insert(u, msg["params"].clone());
                            }
                            s.notifications.push(msg);
                            drop(s);
                            let _ = ev_tx.send(());
                        }
                        (None, _) => {
                            let _ = resp_tx.send(msg);
                            let _ = ev_tx.send(());
                        }
                    }
                }
            });
        }
        {
            let writer = writer.clone();
            std::thread::spawn(move || {
                while let Ok(v) = reply_rx.recv() {
                    let mut g = writer.lock().unwrap();
                    match g.as_mut() {
                        Some(w) => {
                            if write_msg(w, &v).is_err() {
                                return;
                            }
                        }
                        None => return,
                    }
                }
            });
        }
        let mut client = Client {
            child,
            writer,
            next_id: 1,
            responses,
            pending: HashMap::new(),
            shared,
            events,
            init_result: Value::Null,
            configuration,
            stderr: stderr_lines,
        };
        let mut folders: Vec<Value> = opts
            .folders
            .iter()
            .map(|f| json!({"uri": uri(f), "name": f.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()}))
            .collect();
        folders.extend(
            opts.folder_uris
                .iter()
                .map(|u| json!({"uri": u, "name": "folder"})),
        );
        let mut caps = json!({
            "workspace": {
                "configuration": opts.configuration.is_some(),
                "workspaceFolders": true,
                "didChangeWatchedFiles": {"dynamicRegistration": opts.dynamic_watch},
                "didChangeConfiguration": {"dynamicRegistration": false}
            },
            "window": {"workDoneProgress": true},
            "textDocument": {"publishDiagnostics": {"relatedInformation": true, "versionSupport": true}}
        });
        if !opts.encodings.is_empty() {
            caps["general"] = json!({"positionEncodings": opts.encodings});
        }
        let init = client
            .request(
                "initialize",
                json!({
                    "processId": opts.process_id.unwrap_or_else(std::process::id),
                    "rootUri": Value::Null,
                    "capabilities": caps,
                    "workspaceFolders": if folders.is_empty() { Value::Null } else { Value::Array(folders) },
                    "initializationOptions": opts.init_options,
                }),
            )
            .expect("initialize");
        client.init_result = init;
        client.notify("initialized", json!({}));
        client
    }

    fn write(&mut self, v: &Value) {
        let mut g = self.writer.lock().unwrap();
        let w = g.as_mut().expect("stdin is open");
        write_msg(w, v).expect("write to server");
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error object)`.
    /// Panics when no response comes within the test timeout or the server goes away.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.request_within(method, params, WAIT)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Sends a request and waits at most `limit` for its response: `Ok(Ok(result))`,
    /// `Ok(Err(error object))`, or `Err(what went wrong)` when there was no response in
    /// time or the server went away (a late response is kept and ignored).
    pub fn request_within(
        &mut self,
        method: &str,
        params: Value,
        limit: Duration,
    ) -> Result<Result<Value, Value>, String> {
        let id = self.send_request(method, params)?;
        self.wait_response(id, method, limit)
    }

    /// Sends a request without waiting for its response; returns its id (for
    /// [`Client::wait_response`] and `$/cancelRequest`).
    pub fn send_request(&mut self, method: &str, params: Value) -> Result<i64, String> {
        let id = self.next_id;
        self.next_id += 1;
        let msg = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        let mut g = self.writer.lock().unwrap();
        let Some(w) = g.as_mut() else {
            return Err("stdin is closed".into());
        };
        write_msg(w, &msg).map_err(|e| format!("cannot write {method} to the server: {e}"))?;
        Ok(id)
    }

    /// Waits at most `limit` for the response to request `id` (see [`Client::request_within`]).
    pub fn wait_response(
        &mut self,
        id: i64,
        method: &str,
        limit: Duration,
    ) -> Result<Result<Value, Value>, String> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(r) = self.pending.remove(&id) {
                return Ok(match r.get("error") {
                    Some(e) if !e.is_null() => Err(e.clone()),
                    _ => Ok(r.get("result").cloned().unwrap_or(Value::Null)),
                });
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.responses.recv_timeout(left) {
                Ok(r) => {
                    let rid = r["id"].as_i64().unwrap_or(-1);
                    self.pending.insert(rid, r);
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!("no response to {method} within {limit:?}"))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(format!("server closed while waiting for {method}"))
                }
            }
        }
    }

    /// The server's stderr so far (only with [`Client::start_capturing_stderr`]).
    pub fn stderr_lines(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }

    /// Whether the server process has ended (and how: its exit code, if any).
    pub fn exited(&mut self) -> Option<Option<i32>> {
        match self.child.try_wait() {
            Ok(Some(st)) => Some(st.code()),
            _ => None,
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.write(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    pub fn open(&mut self, path: &Path, text: &str) -> String {
        let u = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": "json", "version": 0, "text": text}}),
        );
        u
    }

    pub fn open_file(&mut self, path: &Path) -> (String, String) {
        let text = std::fs::read_to_string(path).expect("read file");
        (self.open(path, &text), text)
    }

    /// One incremental change: replace `range` ([line, char, line, char]) with `text`.
    pub fn change(&mut self, uri: &str, version: i64, range: [u32; 4], text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {
                    "start": {"line": range[0], "character": range[1]},
                    "end": {"line": range[2], "character": range[3]}}, "text": text}]
            }),
        );
    }

    pub fn change_full(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    pub fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }

    /// The latest published diagnostics of a URI (the `diagnostics` array), if any.
    pub fn diagnostics(&self, uri: &str) -> Option<Vec<Value>> {
        let s = self.shared.lock().unwrap();
        s.diagnostics
            .get(uri)
            .and_then(|p| p["diagnostics"].as_array().cloned())
    }

    pub fn all_diagnostics(&self) -> HashMap<String, Vec<Value>> {
        let s = self.shared.lock().unwrap();
        s.diagnostics
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v["diagnostics"].as_array().cloned().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn wait_until<T>(&mut self, what: &str, mut f: impl FnMut(&Shared) -> Option<T>) -> T {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(t) = f(&self.shared.lock().unwrap()) {
                return t;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let s = self.shared.lock().unwrap();
                let last: Vec<String> = s
                    .notifications
                    .iter()
                    .rev()
                    .take(5)
                    .map(|n| n.to_string().chars().take(400).collect())
                    .collect();
                panic!("timed out waiting for {what}; last notifications: {last:#?}");
            }
            match self
                .events
                .recv_timeout(left.min(Duration::from_millis(200)))
            {
                Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    if f(&self.shared.lock().unwrap()).is_none() {
                        panic!("server exited while waiting for {what}");
                    }
                }
            }
        }
    }

    /// Waits until the latest diagnostics of `uri` satisfy `pred`; returns them.
    pub fn wait_diagnostics(
        &mut self,
        uri: &str,
        mut pred: impl FnMut(&[Value]) -> bool,
    ) -> Vec<Value> {
        let u = uri.to_string();
        self.wait_until(&format!("diagnostics of {u}"), |s| {
            let d = s.diagnostics.get(&u)?["diagnostics"].as_array()?.clone();
            pred(&d).then_some(d)
        })
    }

    /// Waits until the latest diagnostics of all URIs together satisfy `pred`.
    pub fn wait_all_diagnostics(
        &mut self,
        mut pred: impl FnMut(&HashMap<String, Vec<Value>>) -> bool,
    ) -> HashMap<String, Vec<Value>> {
        self.wait_until("all diagnostics", |s| {
            let all: HashMap<String, Vec<Value>> = s
                .diagnostics
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v["diagnostics"].as_array().cloned().unwrap_or_default(),
                    )
                })
                .collect();
            pred(&all).then_some(all)
        })
    }

    /// Waits for diagnostics of `uri` published for document `version`.
    pub fn wait_version(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let u = uri.to_string();
        self.wait_until(&format!("diagnostics of {u} version {version}"), |s| {
            let p = s.diagnostics.get(&u)?;
            (p["version"].as_i64() == Some(version))
                .then(|| p["diagnostics"].as_array().cloned().unwrap_or_default())
        })
    }

    /// Waits for a notification (after the first `skip` of that method) matching `pred`.
    pub fn wait_notification(
        &mut self,
        method: &str,
        mut pred: impl FnMut(&Value) -> bool,
    ) -> Value {
        let m = method.to_string();
        self.wait_until(&format!("notification {m}"), |s| {
            s.notifications
                .iter()
                .find(|n| n["method"] == m.as_str() && pred(&n["params"]))
                .map(|n| n["params"].clone())
        })
    }

    pub fn notifications(&self, method: &str) -> Vec<Value> {
        let s = self.shared.lock().unwrap();
        s.notifications
            .iter()
            .filter(|n| n["method"] == method)
            .map(|n| n["params"].clone())
            .collect()
    }

    pub fn server_requests(&self, method: &str) -> Vec<Value> {
        let s = self.shared.lock().unwrap();
        s.server_requests
            .iter()
            .filter(|(m, _)| m == method)
            .map(|(_, p)| p.clone())
            .collect()
    }

    pub fn set_configuration(&self, v: Value) {
        *self.configuration.lock().unwrap() = Some(v);
    }

    /// A round trip through the server's ordered queue: everything sent before has been
    /// applied when this returns.
    pub fn sync(&mut self) {
        self.request(
            "workspace/executeCommand",
            json!({"command": "altinn.debug.noop", "arguments": []}),
        )
        .ok();
    }

    /// `shutdown` + `exit`; returns the exit code.
    pub fn shutdown(mut self) -> Option<i32> {
        self.request("shutdown", Value::Null).expect("shutdown");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Closes stdin and waits for the process to end.
    pub fn close_stdin(self) -> Option<i32> {
        self.writer.lock().unwrap().take();
        let mut me = self;
        me.wait_exit()
    }

    /// Waits for the server to end on its own (stdin stays open).
    pub fn wait_for_exit(mut self) -> Option<i32> {
        self.wait_exit()
    }

    fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(st) = self.child.try_wait().expect("try_wait") {
                return st.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("server did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
