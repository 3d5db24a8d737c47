//! Execution behind a small trait: the real one runs processes and speaks HTTP over TCP;
//! tests substitute a [`Recorder`] that records the commands and answers from a script.

use crate::plan::Cmd;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a finished command gave back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn ok(stdout: &str) -> Output {
        Output {
            code: 0,
            stdout: stdout.to_string(),
            stderr: String::new(),
        }
    }
    pub fn fail(code: i32, stderr: &str) -> Output {
        Output {
            code,
            stdout: String::new(),
            stderr: stderr.to_string(),
        }
    }
    pub fn success(&self) -> bool {
        self.code == 0
    }
    /// stderr, else stdout, trimmed: for error messages.
    pub fn message(&self) -> String {
        let s = if self.stderr.trim().is_empty() {
            &self.stdout
        } else {
            &self.stderr
        };
        s.trim().to_string()
    }
}

/// Where a spawned process writes its output.
pub enum Sink {
    /// Append to a log file (detached runs from the editor).
    File(std::path::PathBuf),
    /// Each line to a callback (foreground `altinn-ls run`).
    Lines(Arc<dyn Fn(&str) + Send + Sync>),
}

/// A process started with [`Exec::spawn`].
pub trait Proc: Send {
    fn pid(&self) -> u32;
    /// `Some(exit code)` once it ended (-1 when killed by a signal).
    fn try_wait(&mut self) -> Option<i32>;
    /// Block until it ends.
    fn wait(&mut self) -> i32;
}

/// Whether a TCP port on this machine's loopback can be taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortState {
    Free,
    /// something listens there
    InUse,
    /// we may not bind it ourselves (a port below 1024 for a normal user), but the container
    /// engine's daemon may: not a reason to stop
    Unknown(String),
}

/// The outside world, as far as the stack and run commands need it.
pub trait Exec: Send + Sync {
    /// Run to completion and capture the output. `Err` when the program cannot be started
    /// (not installed).
    fn output(&self, cmd: &Cmd) -> Result<Output, String>;
    /// Run to completion, handing each output line (stdout and stderr) to `line`.
    fn stream(&self, cmd: &Cmd, line: &(dyn Fn(&str) + Sync)) -> Result<i32, String>;
    /// Start in the background: with [`Sink::File`] detached in a process group of its own;
    /// with [`Sink::Lines`] in ours, so that Ctrl-C in the terminal stops it too.
    fn spawn(&self, cmd: &Cmd, sink: Sink) -> Result<Box<dyn Proc>, String>;
    /// Is `program` on PATH?
    fn which(&self, program: &str) -> bool;
    /// GET `http://{addr}{path}` with the given Host header; the status code.
    fn http_status(&self, addr: &str, host: &str, path: &str) -> Result<u16, String>;
    fn sleep(&self, d: Duration);
    /// Can `port` on 127.0.0.1 be listened on?
    fn port_state(&self, port: u16) -> PortState;
    /// The addresses a host name resolves to on this machine (hosts file, DNS).
    fn resolve(&self, host: &str) -> Result<Vec<IpAddr>, String>;
}

// ------------------------------------------------------------------ the real thing

/// Runs real processes.
pub struct SystemExec;

fn command(cmd: &Cmd) -> Command {
    let mut c = Command::new(&cmd.program);
    c.args(&cmd.args);
    if let Some(dir) = &cmd.cwd {
        c.current_dir(dir);
    }
    for (k, v) in &cmd.env {
        c.env(k, v);
    }
    c.stdin(Stdio::null());
    c
}

fn start_error(cmd: &Cmd, e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        format!("'{}' was not found on PATH", cmd.program)
    } else {
        format!("could not start '{}': {e}", cmd.program)
    }
}

struct SysProc(Child);

impl Proc for SysProc {
    fn pid(&self) -> u32 {
        self.0.id()
    }
    fn try_wait(&mut self) -> Option<i32> {
        match self.0.try_wait() {
            Ok(Some(st)) => Some(st.code().unwrap_or(-1)),
            Ok(None) => None,
            Err(_) => Some(-1),
        }
    }
    fn wait(&mut self) -> i32 {
        self.0.wait().map(|s| s.code().unwrap_or(-1)).unwrap_or(-1)
    }
}

fn pump<R: Read + Send + 'static>(r: R, line: Arc<dyn Fn(&str) + Send + Sync>) {
    std::thread::spawn(move || {
        let reader = BufReader::new(r);
        for l in reader.lines() {
            match l {
                Ok(l) => line(&l),
                Err(_) => break,
            }
        }
    });
}

impl Exec for SystemExec {
    fn output(&self, cmd: &Cmd) -> Result<Output, String> {
        let out = command(cmd).output().map_err(|e| start_error(cmd, e))?;
        Ok(Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }

    fn stream(&self, cmd: &Cmd, line: &(dyn Fn(&str) + Sync)) -> Result<i32, String> {
        let mut child = command(cmd)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| start_error(cmd, e))?;
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        std::thread::scope(|s| {
            if let Some(err) = stderr {
                s.spawn(move || {
                    for l in BufReader::new(err).lines().map_while(Result::ok) {
                        line(&l);
                    }
                });
            }
            if let Some(out) = stdout {
                for l in BufReader::new(out).lines().map_while(Result::ok) {
                    line(&l);
                }
            }
        });
        Ok(child.wait().map(|s| s.code().unwrap_or(-1)).unwrap_or(-1))
    }

    fn spawn(&self, cmd: &Cmd, sink: Sink) -> Result<Box<dyn Proc>, String> {
        let mut c = command(cmd);
        match sink {
            Sink::File(path) => {
                // detached: a process group of its own, so that it outlives a terminal's Ctrl-C
                // and `run --stop` can stop it with everything it started
                #[cfg(unix)]
                {
                    use std::os::unix::process::CommandExt;
                    c.process_group(0);
                }
                let f = File::options()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .map_err(|e| format!("cannot write the log {}: {e}", path.display()))?;
                let f2 = f
                    .try_clone()
                    .map_err(|e| format!("cannot write the log {}: {e}", path.display()))?;
                c.stdout(Stdio::from(f)).stderr(Stdio::from(f2));
                let child = c.spawn().map_err(|e| start_error(cmd, e))?;
                Ok(Box::new(SysProc(child)))
            }
            Sink::Lines(line) => {
                c.stdout(Stdio::piped()).stderr(Stdio::piped());
                let mut child = c.spawn().map_err(|e| start_error(cmd, e))?;
                if let Some(o) = child.stdout.take() {
                    pump(o, line.clone());
                }
                if let Some(e) = child.stderr.take() {
                    pump(e, line);
                }
                Ok(Box::new(SysProc(child)))
            }
        }
    }

    fn which(&self, program: &str) -> bool {
        which(program, std::env::var_os("PATH").as_deref())
    }

    fn http_status(&self, addr: &str, host: &str, path: &str) -> Result<u16, String> {
        http_status(addr, host, path, Duration::from_secs(5))
    }

    fn sleep(&self, d: Duration) {
        std::thread::sleep(d)
    }

    fn port_state(&self, port: u16) -> PortState {
        port_state(port)
    }

    fn resolve(&self, host: &str) -> Result<Vec<IpAddr>, String> {
        (host, 80)
            .to_socket_addrs()
            .map(|a| a.map(|s| s.ip()).collect())
            .map_err(|e| e.to_string())
    }
}

/// Try to listen on 127.0.0.1:`port` (and let go at once).
pub fn port_state(port: u16) -> PortState {
    match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
        Ok(_) => PortState::Free,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => PortState::InUse,
        Err(e) => PortState::Unknown(e.to_string()),
    }
}

/// Look `program` up on a PATH value.
pub fn which(program: &str, path: Option<&std::ffi::OsStr>) -> bool {
    let Some(path) = path else { return false };
    std::env::split_paths(path).any(|dir| {
        let p = dir.join(program);
        p.is_file() || (cfg!(windows) && dir.join(format!("{program}.exe")).is_file())
    })
}

/// A minimal HTTP/1.1 GET (no TLS): enough for health checks through NGINX on this machine.
pub fn http_status(addr: &str, host: &str, path: &str, timeout: Duration) -> Result<u16, String> {
    let sock = addr
        .to_socket_addrs()
        .map_err(|e| format!("{addr}: {e}"))?
        .next()
        .ok_or_else(|| format!("{addr}: no address"))?;
    let mut s = TcpStream::connect_timeout(&sock, timeout).map_err(|e| format!("{addr}: {e}"))?;
    s.set_read_timeout(Some(timeout)).ok();
    s.set_write_timeout(Some(timeout)).ok();
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: altinn-ls\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes())
        .map_err(|e| format!("{addr}: {e}"))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 512];
    while !head.windows(2).any(|w| w == b"\r\n") {
        let n = s.read(&mut buf).map_err(|e| format!("{addr}: {e}"))?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
        if head.len() > 8192 {
            break;
        }
    }
    let text = String::from_utf8_lossy(&head);
    let status_line = text.lines().next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    match (
        parts.next(),
        parts.next().and_then(|c| c.parse::<u16>().ok()),
    ) {
        (Some(v), Some(code)) if v.starts_with("HTTP/") => Ok(code),
        _ => Err(format!("{addr}: not an HTTP answer: {status_line:?}")),
    }
}

// ------------------------------------------------------------------ the recorder

/// Test double: records every command and answers from rules.
#[derive(Default)]
pub struct Recorder {
    inner: Mutex<RecorderState>,
}

#[derive(Default)]
struct RecorderState {
    programs: Vec<String>,
    /// (substring of the rendered command, answers in order; the last one repeats)
    rules: Vec<(String, VecDeque<Output>)>,
    http: Vec<(String, VecDeque<Result<u16, String>>)>,
    log: Vec<String>,
    next_pid: u32,
    busy_ports: Vec<u16>,
    unresolved: Vec<String>,
}

impl Recorder {
    pub fn new() -> Recorder {
        Recorder::default()
    }
    /// Programs `which` finds.
    pub fn with_programs(self, programs: &[&str]) -> Recorder {
        if let Ok(mut s) = self.inner.lock() {
            s.programs = programs.iter().map(|p| p.to_string()).collect();
        }
        self
    }
    /// Commands whose rendering contains `pattern` answer with `outputs` in order.
    pub fn on(self, pattern: &str, outputs: Vec<Output>) -> Recorder {
        if let Ok(mut s) = self.inner.lock() {
            s.rules.push((pattern.to_string(), outputs.into()));
        }
        self
    }
    /// GETs whose "host path" contains `pattern` answer with these statuses in order.
    pub fn on_http(self, pattern: &str, answers: Vec<Result<u16, String>>) -> Recorder {
        if let Ok(mut s) = self.inner.lock() {
            s.http.push((pattern.to_string(), answers.into()));
        }
        self
    }
    /// Ports that are taken (every other one is free).
    pub fn with_busy_ports(self, ports: &[u16]) -> Recorder {
        if let Ok(mut s) = self.inner.lock() {
            s.busy_ports = ports.to_vec();
        }
        self
    }
    /// Host names that do not resolve (every other one is 127.0.0.1).
    pub fn with_unresolved(self, hosts: &[&str]) -> Recorder {
        if let Ok(mut s) = self.inner.lock() {
            s.unresolved = hosts.iter().map(|h| h.to_string()).collect();
        }
        self
    }
    /// Everything issued so far: commands as rendered by `Display`, `spawn: …`, `GET host path`.
    pub fn log(&self) -> Vec<String> {
        self.inner.lock().map(|s| s.log.clone()).unwrap_or_default()
    }
    /// Only the commands (no HTTP probes).
    pub fn commands(&self) -> Vec<String> {
        self.log()
            .into_iter()
            .filter(|l| !l.starts_with("GET "))
            .collect()
    }

    fn answer(&self, rendered: &str) -> Output {
        let Ok(mut s) = self.inner.lock() else {
            return Output::fail(1, "poisoned");
        };
        s.log.push(rendered.to_string());
        for (pat, outs) in s.rules.iter_mut() {
            if rendered.contains(pat.as_str()) {
                return if outs.len() > 1 {
                    outs.pop_front().unwrap_or_default()
                } else {
                    outs.front().cloned().unwrap_or_default()
                };
            }
        }
        Output::ok("")
    }
}

struct FakeProc {
    pid: u32,
}

impl Proc for FakeProc {
    fn pid(&self) -> u32 {
        self.pid
    }
    fn try_wait(&mut self) -> Option<i32> {
        None
    }
    fn wait(&mut self) -> i32 {
        0
    }
}

impl Exec for Recorder {
    fn output(&self, cmd: &Cmd) -> Result<Output, String> {
        if !self.which(&cmd.program) {
            if let Ok(mut s) = self.inner.lock() {
                s.log.push(cmd.to_string());
            }
            return Err(format!("'{}' was not found on PATH", cmd.program));
        }
        Ok(self.answer(&cmd.to_string()))
    }
    fn stream(&self, cmd: &Cmd, line: &(dyn Fn(&str) + Sync)) -> Result<i32, String> {
        let out = self.output(cmd)?;
        for l in out.stdout.lines().chain(out.stderr.lines()) {
            line(l);
        }
        Ok(out.code)
    }
    fn spawn(&self, cmd: &Cmd, _sink: Sink) -> Result<Box<dyn Proc>, String> {
        if !self.which(&cmd.program) {
            return Err(format!("'{}' was not found on PATH", cmd.program));
        }
        let rendered = format!("spawn: {cmd}");
        let _ = self.answer(&rendered);
        let pid = self
            .inner
            .lock()
            .map(|mut s| {
                s.next_pid += 1;
                40000 + s.next_pid
            })
            .unwrap_or(40000);
        Ok(Box::new(FakeProc { pid }))
    }
    fn which(&self, program: &str) -> bool {
        self.inner
            .lock()
            .map(|s| s.programs.iter().any(|p| p == program))
            .unwrap_or(false)
    }
    fn http_status(&self, addr: &str, host: &str, path: &str) -> Result<u16, String> {
        let key = format!("GET {host} {path}");
        let Ok(mut s) = self.inner.lock() else {
            return Err("poisoned".into());
        };
        s.log.push(format!("{key} @{addr}"));
        for (pat, answers) in s.http.iter_mut() {
            if key.contains(pat.as_str()) {
                return if answers.len() > 1 {
                    answers.pop_front().unwrap_or(Err("no answer".into()))
                } else {
                    answers.front().cloned().unwrap_or(Err("no answer".into()))
                };
            }
        }
        Err(format!("{addr}: connection refused"))
    }
    fn sleep(&self, _d: Duration) {}
    fn port_state(&self, port: u16) -> PortState {
        let busy = self
            .inner
            .lock()
            .map(|s| s.busy_ports.contains(&port))
            .unwrap_or(false);
        if busy {
            PortState::InUse
        } else {
            PortState::Free
        }
    }
    fn resolve(&self, host: &str) -> Result<Vec<IpAddr>, String> {
        let unresolved = self
            .inner
            .lock()
            .map(|s| s.unresolved.iter().any(|h| h == host))
            .unwrap_or(false);
        if unresolved {
            Err(format!("failed to lookup address information: {host}"))
        } else {
            Ok(vec![IpAddr::V4(Ipv4Addr::LOCALHOST)])
        }
    }
}

/// Write a file atomically enough for a pid file.
pub fn write_file(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
