//! `altinn-ls run`: the app on this machine behind the runtime's NGINX, as Altinn's localtest
//! does it (`dotnet run` in App/, port 5005; NGINX sends everything on the runtime host that is
//! not localtest's own to host.docker.internal:5005).

use crate::exec::{write_file, Exec, PortState, Proc, Sink};
use crate::layout::fnv1a;
use crate::plan::{self, Engine, Target};
use crate::services;
use crate::stack::{
    self, Endpoints, Progress, StackOptions, DEFAULT_STACK_PORT, FALLBACK_STACK_PORT, POLL_SECS,
    RUNTIME_PROBES,
};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// The app found in the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppInfo {
    /// the folder holding App/
    pub root: PathBuf,
    pub org: String,
    pub app: String,
    /// the Altinn.App package and version its project file references, e.g. "Altinn.App.Api 8.1.0"
    pub backend: Option<String>,
    pub backend_major: Option<u32>,
}

/// The first version of Altinn.App whose apps run their process through the workflow engine
/// (its `PlatformSettings.ApiWorkflowEngineEndpoint`, `http://localhost:9090/api/v1/`; the
/// v8 packages have no such setting).
pub const WORKFLOW_ENGINE_FROM_BACKEND: u32 = 9;

impl AppInfo {
    /// Does this app need the workflow engine? Only when its project file says v9 or later.
    pub fn needs_workflow_engine(&self) -> bool {
        self.backend_major
            .is_some_and(|m| m >= WORKFLOW_ENGINE_FROM_BACKEND)
    }
}

/// The Altinn.App package reference of the project file in App/.
fn read_backend(app_dir: &Path) -> Option<(String, Option<u32>)> {
    let entries = std::fs::read_dir(app_dir).ok()?;
    let mut projects: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csproj"))
        .collect();
    projects.sort();
    projects.into_iter().find_map(|p| {
        let text = std::fs::read_to_string(&p).ok()?;
        let b = altinn_analysis::model::versions::backend_version("App/App.csproj", &text)?;
        Some((format!("{} {}", b.package, b.version), b.major))
    })
}

impl AppInfo {
    /// `/<org>/<app>/`, or `/` when applicationmetadata.json has no usable id.
    pub fn path(&self) -> String {
        if self.org.is_empty() || self.app.is_empty() {
            "/".to_string()
        } else {
            format!("/{}/{}/", self.org, self.app)
        }
    }
}

/// Find the app containing `start` (a folder with App/config/applicationmetadata.json, at
/// `start` or above it; `start` may also be the App/ folder or any folder below it).
pub fn find_app(start: &Path) -> Result<AppInfo, String> {
    for dir in start.ancestors() {
        let meta = dir
            .join("App")
            .join("config")
            .join("applicationmetadata.json");
        if meta.is_file() {
            let (org, app) = read_app_id(&meta);
            let backend = read_backend(&dir.join("App"));
            return Ok(AppInfo {
                root: dir.to_path_buf(),
                org,
                app,
                backend_major: backend.as_ref().and_then(|b| b.1),
                backend: backend.map(|b| b.0),
            });
        }
    }
    Err(format!(
        "no Altinn app found at or above {} (an app has App/config/applicationmetadata.json); run this in the app's repository",
        start.display()
    ))
}

fn read_app_id(meta: &Path) -> (String, String) {
    let text = std::fs::read_to_string(meta).unwrap_or_default();
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let id = v.get("id").and_then(Value::as_str).unwrap_or("");
    let org_field = v.get("org").and_then(Value::as_str).unwrap_or("");
    match id.split_once('/') {
        Some((o, a)) if !o.is_empty() && !a.is_empty() && !a.contains('/') => {
            (o.to_string(), a.to_string())
        }
        _ => (org_field.to_string(), String::new()),
    }
}

/// What `run` needs besides the stack options.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub stack: StackOptions,
    /// replaces `dotnet run` (a shell command line)
    pub app_command: Option<String>,
    /// overrides APP_PORT
    pub app_port: Option<u16>,
    /// how long to wait for the app to answer behind NGINX
    pub app_timeout_secs: u64,
}

/// Where a run's pid and log live (per app, outside the workspace).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunFiles {
    pub pid_file: PathBuf,
    pub log_file: PathBuf,
}

pub fn run_files(app_root: &Path) -> RunFiles {
    let base = state_dir();
    let name: String = app_root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "app".into())
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let key = format!(
        "{name}-{:08x}",
        fnv1a(app_root.to_string_lossy().as_bytes()) & 0xffff_ffff
    );
    RunFiles {
        pid_file: base.join(format!("{key}.json")),
        log_file: base.join(format!("{key}.log")),
    }
}

fn state_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("ALTINN_LS_STATE_DIR") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_STATE_HOME") {
        return PathBuf::from(d).join("altinn-ls").join("run");
    }
    if let Some(h) = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")) {
        return PathBuf::from(h)
            .join(".local")
            .join("state")
            .join("altinn-ls")
            .join("run");
    }
    std::env::temp_dir().join("altinn-ls-run")
}

/// A running (or still starting) app.
pub struct Running {
    pub state: &'static str,
    pub url: String,
    pub pid: u32,
    pub log: Option<PathBuf>,
    pub proc: Box<dyn Proc>,
}

/// What `altinn.run.start` returns to the editor.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RunInfo {
    /// "running" or "starting"
    pub state: &'static str,
    pub url: String,
    pub pid: u32,
    /// the app's log file
    pub log: Option<String>,
}

impl Running {
    pub fn info(&self) -> RunInfo {
        RunInfo {
            state: self.state,
            url: self.url.clone(),
            pid: self.pid,
            log: self.log.as_ref().map(|p| p.to_string_lossy().into_owned()),
        }
    }
}

/// How the app's output is handled.
pub enum Output {
    /// each line to this callback; the process stays in our process group (Ctrl-C stops both)
    Lines(std::sync::Arc<dyn Fn(&str) + Send + Sync>),
    /// to the run's log file, detached in its own process group (editor)
    LogFile,
}

fn read_pid_file(path: &Path) -> Option<(u32, bool, Option<String>)> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let pid = u32::try_from(v.get("pid")?.as_u64()?).ok()?;
    let group = v.get("group").and_then(Value::as_bool).unwrap_or(false);
    let started = v.get("started").and_then(Value::as_str).map(str::to_string);
    Some((pid, group, started))
}

/// When process `pid` started (`ps -o lstart=`), to tell our app from a later process that
/// got the same pid. None where `ps` is not available (Windows) or the pid is gone.
fn start_stamp(exec: &dyn Exec, pid: u32) -> Option<String> {
    if cfg!(windows) {
        return None;
    }
    let cmd = plan::Cmd::new("ps").args([
        "-o".to_string(),
        "lstart=".to_string(),
        "-p".to_string(),
        pid.to_string(),
    ]);
    let out = exec.output(&cmd).ok().filter(|o| o.success())?;
    Some(out.stdout.trim().to_string()).filter(|s| !s.is_empty())
}

/// Is `pid` still the process we started? (True when the start time was not recorded.)
fn still_ours(exec: &dyn Exec, pid: u32, started: Option<&str>) -> bool {
    match started {
        None => true,
        Some(s) => start_stamp(exec, pid).as_deref() == Some(s),
    }
}

/// The app's command line ([`plan::app_process`]) listening on [`app_listen_host`].
pub fn app_command(
    exec: &dyn Exec,
    app_root: &Path,
    port: u16,
    custom: Option<&str>,
    progress: Progress,
) -> plan::Cmd {
    let mut cmd = plan::app_process(app_root, port, custom);
    let host = app_listen_host(exec, progress);
    if let Some(e) = cmd.env.iter_mut().find(|(k, _)| k == "ASPNETCORE_URLS") {
        e.1 = format!("http://{host}:{port}");
    }
    cmd
}

/// The address the app listens on: reachable by NGINX in its container, not by the network.
/// Docker Desktop (macOS, Windows) forwards host.docker.internal to the host's loopback; on
/// Linux host.docker.internal is the default bridge's gateway, so the app listens there.
/// `ALTINN_APP_LISTEN` chooses; 0.0.0.0 (every interface) only as the last resort, said aloud.
fn app_listen_host(exec: &dyn Exec, progress: Progress) -> String {
    if let Some(h) = std::env::var("ALTINN_APP_LISTEN")
        .ok()
        .filter(|h| !h.trim().is_empty())
    {
        return h.trim().to_string();
    }
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return "127.0.0.1".into();
    }
    let cmd = plan::Cmd::new("docker").args([
        "network",
        "inspect",
        "bridge",
        "--format",
        "{{range .IPAM.Config}}{{.Gateway}} {{end}}",
    ]);
    let gateway = exec
        .output(&cmd)
        .ok()
        .filter(|o| o.success())
        .and_then(|o| {
            o.stdout
                .split_whitespace()
                .find(|g| g.parse::<std::net::Ipv4Addr>().is_ok())
                .map(str::to_string)
        });
    match gateway {
        Some(g) => g,
        None => {
            progress("Note: the container bridge address was not found (docker network inspect bridge), so the app listens on every interface (0.0.0.0) and other machines on your network can reach it. Set ALTINN_APP_LISTEN=ADDRESS to choose.");
            "0.0.0.0".into()
        }
    }
}

fn alive(exec: &dyn Exec, pid: u32, registry: Option<&Mutex<Vec<Box<dyn Proc>>>>) -> bool {
    if let Some(reg) = registry {
        if let Ok(mut procs) = reg.lock() {
            if let Some(i) = procs.iter().position(|p| p.pid() == pid) {
                if procs[i].try_wait().is_some() {
                    procs.remove(i);
                    return false;
                }
            }
        }
    }
    exec.output(&plan::process_alive(pid))
        .map(|o| o.success() && (!cfg!(windows) || o.stdout.contains(&pid.to_string())))
        .unwrap_or(false)
}

/// Start the app: make sure the runtime is up (starting the stack if needed), start the app
/// process, wait until it answers through NGINX.
pub fn start(
    exec: &dyn Exec,
    workspace: &Path,
    opts: &RunOptions,
    output: Output,
    progress: Progress,
) -> Result<Running, String> {
    if opts.stack.target != Target::Local {
        return Err("`altinn-ls run` starts the app on this machine behind the local runtime (compose). On Kubernetes, deploy the app into the cluster instead: pods labelled app.kubernetes.io/name=app listening on 5005 are served by the runtime-app Service behind NGINX.".into());
    }
    // Preflight, before anything starts and before any engine call: the app, .NET, the app's
    // port, the hosts entry; then the runtime (engine, compose, its ports: stack::up).
    let app = find_app(workspace)?;
    let files = run_files(&app.root);
    if let Some((pid, _, started)) = read_pid_file(&files.pid_file) {
        if alive(exec, pid, None) && still_ours(exec, pid, started.as_deref()) {
            return Err(format!(
                "The app is already running (pid {pid}). Stop it with `altinn-ls run --stop`."
            ));
        }
    }
    if opts.app_command.is_none() && !exec.which("dotnet") {
        return Err("The .NET SDK (`dotnet`) was not found on PATH. Fix: install the .NET SDK your app targets (https://dotnet.microsoft.com/download), or start the app yourself with --app-command.".into());
    }
    if !app.root.join("App").is_dir() {
        return Err(format!("{} has no App/ folder", app.root.display()));
    }
    let mut so = opts.stack.clone();
    so.workflow_engine = so.workflow_engine || app.needs_workflow_engine();
    let mut ep = Endpoints::of(&so);
    if let Some(p) = opts.app_port {
        ep.app_port = p;
    }
    if exec.port_state(ep.app_port) == PortState::InUse {
        return Err(format!(
            "Port {} is already in use by another process (another app?). Stop it, or choose another port with --port (and APP_PORT in stack/compose/.env).",
            ep.app_port
        ));
    }
    stack::check_hosts_entry(exec, &ep.runtime_host)?;

    // 1. the runtime behind NGINX (on port 80, or where an earlier fallback put it)
    let mut runtime_up = RUNTIME_PROBES.iter().all(|p| stack::probe_ok(exec, &ep, p));
    if !runtime_up
        && ep.port == DEFAULT_STACK_PORT
        && so.stack_port.is_none()
        && std::env::var_os("STACK_PORT").is_none()
    {
        let mut alt = ep.clone();
        alt.port = FALLBACK_STACK_PORT;
        if RUNTIME_PROBES
            .iter()
            .all(|p| stack::probe_ok(exec, &alt, p))
        {
            runtime_up = true;
            so.stack_port = Some(FALLBACK_STACK_PORT);
            ep.port = FALLBACK_STACK_PORT;
        }
    }
    let workflow_missing =
        so.workflow_engine && exec.port_state(WORKFLOW_ENGINE_PORT) == PortState::Free;
    if runtime_up && !workflow_missing {
        progress(&format!("The runtime is up at {}", ep.runtime_url()));
    } else {
        progress(if runtime_up {
            "The app uses Altinn.App v9: starting the workflow engine…"
        } else {
            "The runtime is not running: starting it…"
        });
        so.compose_env
            .push(("APP_PORT".to_string(), ep.app_port.to_string()));
        let report = stack::up(exec, &so, progress)?;
        if let Some(p) = report.stack_port {
            ep.port = p;
        }
    }

    // 2. the app process
    let configured = Endpoints::read(&opts.stack.stack_dir).app_port;
    if runtime_up && configured != ep.app_port {
        progress(&format!(
            "Note: the running NGINX forwards to port {configured} (APP_PORT); to use port {} restart the stack with APP_PORT={}.",
            ep.app_port, ep.app_port
        ));
    }
    let cmd = app_command(
        exec,
        &app.root,
        ep.app_port,
        opts.app_command.as_deref(),
        progress,
    );
    progress(&format!("$ {cmd}"));
    let (sink, group, log) = match output {
        Output::Lines(f) => (Sink::Lines(f), false, None),
        Output::LogFile => {
            write_file(&files.log_file, "")?;
            (
                Sink::File(files.log_file.clone()),
                true,
                Some(files.log_file.clone()),
            )
        }
    };
    let mut proc = exec.spawn(&cmd, sink)?;
    let pid = proc.pid();
    let url = format!("{}{}", ep.runtime_url().trim_end_matches('/'), app.path());
    let started = start_stamp(exec, pid);
    write_file(
        &files.pid_file,
        &json!({"pid": pid, "group": group, "url": url, "app": app.root.to_string_lossy(), "started": started})
            .to_string(),
    )?;

    // 3. wait until NGINX reaches it (502 = NGINX cannot reach the app yet)
    let attempts = (opts.app_timeout_secs / POLL_SECS).max(1);
    for attempt in 0..attempts {
        if let Some(code) = proc.try_wait() {
            let _ = std::fs::remove_file(&files.pid_file);
            let hint = match &log {
                Some(l) => format!(" See its log: {}", l.display()),
                None => String::new(),
            };
            return Err(format!(
                "The app exited (code {code}) before it answered.{hint}"
            ));
        }
        match exec.http_status(&ep.addr(), &ep.runtime_host_header(), &app.path()) {
            Ok(code) if !(502..=504).contains(&code) => {
                progress(&format!("The app is running: {url}"));
                return Ok(Running {
                    state: "running",
                    url,
                    pid,
                    log,
                    proc,
                });
            }
            _ => {}
        }
        if attempt % 5 == 0 {
            progress(&format!(
                "Waiting for the app on port {} ({} s)…",
                ep.app_port,
                attempt * POLL_SECS
            ));
        }
        exec.sleep(Duration::from_secs(POLL_SECS));
    }
    progress(&format!(
        "The app has not answered within {} s; it is still starting (the first `dotnet run` builds it).",
        opts.app_timeout_secs
    ));
    Ok(Running {
        state: "starting",
        url,
        pid,
        log,
        proc,
    })
}

/// Where apps reach the workflow engine (published on 127.0.0.1).
pub const WORKFLOW_ENGINE_PORT: u16 = 9090;

/// What `run` would do, without doing it (`run --dry-run`, and the editor's run configuration).
#[derive(Clone, Debug)]
pub struct Plan {
    pub app: AppInfo,
    pub url: String,
    /// (service, image, published ports, what it is)
    pub services: Vec<(String, String, Vec<String>, String)>,
    pub commands: Vec<String>,
    pub app_port: u16,
    pub workflow_engine: bool,
}

pub fn plan(
    exec: &dyn Exec,
    workspace: &Path,
    opts: &RunOptions,
    engine: Engine,
    progress: Progress,
) -> Result<Plan, String> {
    let app = find_app(workspace)?;
    let mut so = opts.stack.clone();
    so.workflow_engine = so.workflow_engine || app.needs_workflow_engine();
    let mut ep = Endpoints::of(&so);
    if let Some(p) = opts.app_port {
        ep.app_port = p;
    }
    let profiles = so.profiles();
    let services = services::active(&profiles)
        .map(|s| {
            let ports = s
                .ports
                .iter()
                .map(|&p| format!("127.0.0.1:{}", if p == 0 { ep.port } else { p }))
                .collect();
            (
                s.name.to_string(),
                services::image(&so.stack_dir, s.image_var),
                ports,
                s.what.to_string(),
            )
        })
        .collect();
    let mut commands: Vec<String> = stack::plan_up(&so, engine)
        .iter()
        .map(|c| c.to_string())
        .collect();
    commands.push(
        app_command(
            exec,
            &app.root,
            ep.app_port,
            opts.app_command.as_deref(),
            progress,
        )
        .to_string(),
    );
    Ok(Plan {
        url: format!("{}{}", ep.runtime_url().trim_end_matches('/'), app.path()),
        app,
        services,
        commands,
        app_port: ep.app_port,
        workflow_engine: so.workflow_engine,
    })
}

impl Plan {
    pub fn to_text(&self) -> String {
        let a = &self.app;
        let id = if a.org.is_empty() {
            a.root.display().to_string()
        } else {
            format!("{}/{}", a.org, a.app)
        };
        let backend = match (&a.backend, self.workflow_engine) {
            (Some(b), true) => format!("{b}: with the workflow engine"),
            (Some(b), false) => format!("{b}: no workflow engine"),
            (None, true) => "backend unknown; workflow engine asked for".to_string(),
            (None, false) => "backend unknown: no workflow engine".to_string(),
        };
        let mut s = format!("App {id} ({backend})\nRuntime services (compose):\n");
        let w = self.services.iter().map(|x| x.0.len()).max().unwrap_or(0);
        let wi = self.services.iter().map(|x| x.1.len()).max().unwrap_or(0);
        for (name, image, ports, _) in &self.services {
            let ports = if ports.is_empty() {
                "-".to_string()
            } else {
                ports.join(", ")
            };
            s.push_str(&format!("  {name:w$}  {image:wi$}  {ports}\n"));
        }
        s.push_str("Commands:\n");
        for c in &self.commands {
            s.push_str(&format!("{c}\n"));
        }
        s.push_str(&format!("Open {}\n", self.url));
        s
    }
    pub fn to_json(&self) -> Value {
        json!({
            "app": {
                "root": self.app.root.to_string_lossy(),
                "org": self.app.org,
                "app": self.app.app,
                "backend": self.app.backend,
            },
            "url": self.url,
            "appPort": self.app_port,
            "workflowEngine": self.workflow_engine,
            "services": self.services.iter().map(|(n, i, p, w)| json!({"name": n, "image": i, "ports": p, "what": w})).collect::<Vec<_>>(),
            "commands": self.commands,
        })
    }
}

/// Stop the app started by `run` for the app containing `workspace`.
pub fn stop(
    exec: &dyn Exec,
    workspace: &Path,
    registry: Option<&Mutex<Vec<Box<dyn Proc>>>>,
    progress: Progress,
) -> Result<String, String> {
    let app = find_app(workspace)?;
    let files = run_files(&app.root);
    let Some((pid, group, started)) = read_pid_file(&files.pid_file) else {
        return Ok("No app started by altinn-ls is running here.".into());
    };
    if !alive(exec, pid, registry) {
        let _ = std::fs::remove_file(&files.pid_file);
        return Ok(format!("The app (pid {pid}) had already stopped."));
    }
    if !still_ours(exec, pid, started.as_deref()) {
        // the app ended and the pid was reused: never signal a stranger
        let _ = std::fs::remove_file(&files.pid_file);
        return Ok(format!(
            "The app had already stopped (pid {pid} now belongs to another process, which was left alone)."
        ));
    }
    progress(&format!("Stopping the app (pid {pid})…"));
    let term = if group {
        plan::kill_process_group(pid, false)
    } else {
        plan::Cmd::new("kill").args(["-TERM".to_string(), pid.to_string()])
    };
    exec.output(&term)?;
    for _ in 0..10 {
        if !alive(exec, pid, registry) {
            let _ = std::fs::remove_file(&files.pid_file);
            return Ok(format!("The app (pid {pid}) was stopped."));
        }
        exec.sleep(Duration::from_secs(1));
    }
    let kill = if group {
        plan::kill_process_group(pid, true)
    } else {
        plan::Cmd::new("kill").args(["-KILL".to_string(), pid.to_string()])
    };
    exec.output(&kill)?;
    let _ = std::fs::remove_file(&files.pid_file);
    Ok(format!(
        "The app (pid {pid}) did not stop in 10 s and was killed."
    ))
}

/// Remove the pid file after a foreground run ended.
pub fn forget(app_root: &Path) {
    let _ = std::fs::remove_file(run_files(app_root).pid_file);
}
