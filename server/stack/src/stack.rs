//! `stack up|down|status|logs`: compose on this machine or kubectl against a cluster.

use crate::exec::{Exec, Output, PortState};
use crate::layout::read_env_file;
use crate::plan::{self, Cmd, Engine, StackDir, Target};
use crate::services;
use serde_json::Value;
use std::time::Duration;

/// A progress callback (work-done progress in the editor, a line on stderr in the CLI).
pub type Progress<'a> = &'a (dyn Fn(&str) + Sync);

/// Seconds between health probes.
pub const POLL_SECS: u64 = 2;

/// What `stack` operates on.
#[derive(Clone, Debug)]
pub struct StackOptions {
    pub target: Target,
    /// kubectl context (`--context`); None = kubectl's current context
    pub context: Option<String>,
    /// kustomize overlay under stack/kubernetes/overlays
    pub overlay: String,
    /// compose engine; None = detect (docker, then podman)
    pub engine: Option<Engine>,
    pub stack_dir: StackDir,
    /// how long `up` waits for health
    pub timeout_secs: u64,
    /// wait for health after starting
    pub wait: bool,
    /// extra environment for compose (e.g. APP_PORT when `run` starts the stack)
    pub compose_env: Vec<(String, String)>,
    /// also the Designer, Gitea and what they need (compose profile "studio")
    pub designer: bool,
    /// also the workflow engine (compose profile "workflow-engine"; Altinn.App v9 and later)
    pub workflow_engine: bool,
    /// the stack port chosen by the preflight (a fallback from 80), over STACK_PORT
    pub stack_port: Option<u16>,
}

impl StackOptions {
    pub fn new(target: Target, stack_dir: StackDir) -> StackOptions {
        StackOptions {
            target,
            context: None,
            overlay: "local".to_string(),
            engine: None,
            stack_dir,
            timeout_secs: 300,
            wait: true,
            compose_env: Vec::new(),
            designer: false,
            workflow_engine: false,
            stack_port: None,
        }
    }
    /// The compose profiles to start besides the runtime.
    pub fn profiles(&self) -> Vec<&'static str> {
        let mut p = Vec::new();
        if self.workflow_engine {
            p.push(plan::PROFILE_WORKFLOW_ENGINE);
        }
        if self.designer {
            p.push(plan::PROFILE_STUDIO);
        }
        p
    }
}

/// The stack port when nothing sets one: port 80, as Altinn's localtest
/// (`http://local.altinn.cloud/`).
pub const DEFAULT_STACK_PORT: u16 = 80;
/// Where the stack goes when port 80 is taken: `studioctl env up`'s default.
pub const FALLBACK_STACK_PORT: u16 = 8000;

/// Host names and the port NGINX listens on (local target).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    pub port: u16,
    pub app_port: u16,
    pub studio_host: String,
    pub runtime_host: String,
}

impl Endpoints {
    /// From compose/.env and kubernetes/base/nginx.env, with STACK_PORT / APP_PORT from the
    /// environment winning (as compose itself does).
    pub fn read(stack: &StackDir) -> Endpoints {
        let env = read_env_file(&stack.compose_env_file());
        let nginx = read_env_file(&stack.0.join("kubernetes").join("base").join("nginx.env"));
        let num = |key: &str, default: u16| {
            std::env::var(key)
                .ok()
                .or_else(|| env.get(key).cloned())
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        Endpoints {
            port: num("STACK_PORT", DEFAULT_STACK_PORT),
            app_port: num("APP_PORT", 5005),
            studio_host: nginx
                .get("STUDIO_HOST")
                .cloned()
                .unwrap_or_else(|| "studio.localhost".into()),
            runtime_host: nginx
                .get("RUNTIME_HOST")
                .cloned()
                .unwrap_or_else(|| "local.altinn.cloud".into()),
        }
    }
    /// [`Endpoints::read`] with the port the preflight chose.
    pub fn of(opts: &StackOptions) -> Endpoints {
        let mut e = Endpoints::read(&opts.stack_dir);
        if let Some(p) = opts.stack_port {
            e.port = p;
        }
        e
    }
    /// `host` or `host:port` as a browser shows it (no `:80`).
    fn web(&self, host: &str) -> String {
        if self.port == 80 {
            host.to_string()
        } else {
            format!("{host}:{}", self.port)
        }
    }
    /// Where NGINX is reached from this machine.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
    pub fn studio_host_header(&self) -> String {
        format!("{}:{}", self.studio_host, self.port)
    }
    pub fn runtime_host_header(&self) -> String {
        format!("{}:{}", self.runtime_host, self.port)
    }
    pub fn designer_url(&self) -> String {
        format!("http://{}/", self.web(&self.studio_host))
    }
    pub fn gitea_url(&self) -> String {
        format!("http://{}/repos/", self.web(&self.studio_host))
    }
    pub fn runtime_url(&self) -> String {
        format!("http://{}/", self.web(&self.runtime_host))
    }
}

/// One part of the stack and its state.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Part {
    pub name: String,
    /// in words: "running (healthy)", "not created", "deployment/x: 1/1 ready"
    pub state: String,
    pub ready: bool,
    pub running: bool,
    /// the container's health check: "healthy", "unhealthy", "starting", "" (none: null)
    #[serde(serialize_with = "empty_is_null")]
    pub health: String,
    /// published ports, e.g. "127.0.0.1:80->80"
    pub ports: Vec<String>,
}

fn empty_is_null<S: serde::Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
    if v.is_empty() {
        s.serialize_none()
    } else {
        s.serialize_str(v)
    }
}

/// What `up` and `status` report; serialized (for the editor) as
/// `{target, parts: [{name, state, ready, running, health, ports}], urls: [{name, url}], notes}`.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Report {
    pub target: String,
    pub parts: Vec<Part>,
    #[serde(serialize_with = "named_urls")]
    pub urls: Vec<(String, String)>,
    pub notes: Vec<String>,
    /// the stack port the preflight chose (a fallback from 80), when it did
    #[serde(skip)]
    pub stack_port: Option<u16>,
}

fn named_urls<S: serde::Serializer>(urls: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
    #[derive(serde::Serialize)]
    struct Named<'a> {
        name: &'a str,
        url: &'a str,
    }
    s.collect_seq(urls.iter().map(|(name, url)| Named { name, url }))
}

impl Report {
    /// The editor's form (see the type's comment).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
    /// Human text for the CLI: a table of the parts (local: service, running, health, ports).
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        if !self.parts.is_empty() {
            let rows: Vec<[String; 5]> = self
                .parts
                .iter()
                .map(|p| {
                    [
                        if p.ready { "ok" } else { "--" }.to_string(),
                        p.name.clone(),
                        p.state.clone(),
                        if p.health.is_empty() {
                            "-".to_string()
                        } else {
                            p.health.clone()
                        },
                        if p.ports.is_empty() {
                            "-".to_string()
                        } else {
                            p.ports.join(", ")
                        },
                    ]
                })
                .collect();
            let head = ["", "SERVICE", "STATE", "HEALTH", "PORTS"].map(String::from);
            let mut w = [0usize; 5];
            for r in std::iter::once(&head).chain(rows.iter()) {
                for (i, c) in r.iter().enumerate() {
                    w[i] = w[i].max(c.chars().count());
                }
            }
            for r in std::iter::once(&head).chain(rows.iter()) {
                let line = format!(
                    "  {:w0$} {:w1$}  {:w2$}  {:w3$}  {}",
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    w0 = w[0],
                    w1 = w[1],
                    w2 = w[2],
                    w3 = w[3]
                );
                s.push_str(line.trim_end());
                s.push('\n');
            }
        }
        for (n, u) in &self.urls {
            s.push_str(&format!("  {n}: {u}\n"));
        }
        for n in &self.notes {
            s.push_str(&format!("  note: {n}\n"));
        }
        s
    }
}

// ------------------------------------------------------------------ preflight

/// Find a working compose. The error says what to install.
pub fn detect_engine(exec: &dyn Exec, preferred: Option<Engine>) -> Result<Engine, String> {
    let candidates: Vec<Engine> = match preferred {
        Some(e) => vec![e],
        None => vec![Engine::Docker, Engine::Podman],
    };
    let mut found_cli_without_compose = Vec::new();
    for e in &candidates {
        let (prog, _) = e.compose_prefix();
        if !exec.which(prog) {
            continue;
        }
        match exec.output(&plan::compose_version(*e)) {
            Ok(o) if o.success() => return Ok(*e),
            _ => found_cli_without_compose.push(*e),
        }
    }
    if let Some(e) = found_cli_without_compose.first() {
        let fix = match e {
            Engine::Podman => "install podman-compose (pip install podman-compose, or your distribution's package)",
            _ => "install the Docker Compose plugin (package docker-compose-plugin, or update Docker Desktop)",
        };
        return Err(format!(
            "'{}' is installed but '{} compose' does not work. Fix: {fix}, then run `altinn-ls stack up` again.",
            e.cli(),
            e.cli()
        ));
    }
    let which = match preferred {
        Some(e) => format!("'{}' was not found on PATH.", e.compose_prefix().0),
        None if exec.which("docker-compose") => "Only the legacy docker-compose (v1) was found; it cannot read stack/compose/compose.yaml.".to_string(),
        None => "No container engine found (looked for `docker compose` and `podman compose` on PATH).".to_string(),
    };
    Err(format!(
        "{which} The local target runs Altinn Studio with Docker or Podman. Fix: install Docker Desktop or Docker Engine with the compose plugin (https://docs.docker.com/engine/install/), or Podman with podman-compose (https://podman.io/docs/installation), then run `altinn-ls stack up` again. Or deploy to a cluster with `--target kubernetes`."
    ))
}

/// Is the engine's daemon (or podman machine) reachable?
pub fn check_engine_running(exec: &dyn Exec, engine: Engine) -> Result<(), String> {
    match exec.output(&plan::engine_info(engine)) {
        Ok(o) if o.success() => Ok(()),
        Ok(o) => {
            let fix = match engine {
                Engine::Podman => "start it with `podman machine start` (macOS/Windows) or check `podman info`",
                _ => "start Docker Desktop, or the daemon with `sudo systemctl start docker`; check with `docker info`",
            };
            Err(format!(
                "{} is installed but not running or not reachable ({}). Fix: {fix}.",
                engine.cli(),
                first_line(&o.message())
            ))
        }
        Err(e) => Err(e),
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string()
}

pub fn kubectl_preflight(exec: &dyn Exec, context: Option<&str>) -> Result<(), String> {
    if !exec.which("kubectl") {
        return Err("kubectl was not found on PATH. The kubernetes target deploys with `kubectl apply -k`. Fix: install kubectl (https://kubernetes.io/docs/tasks/tools/), or use `--target local` to run Altinn Studio with Docker/Podman.".to_string());
    }
    let out = exec.output(&plan::kubectl_readyz(context))?;
    if out.success() {
        return Ok(());
    }
    let which = match context {
        Some(c) => format!("context '{c}'"),
        None => "kubectl's current context".to_string(),
    };
    Err(format!(
        "The Kubernetes cluster is not reachable ({which}: {}). Fix: start your cluster (`kind create cluster`, `minikube start`, `k3d cluster create`), choose another one with `--context NAME` (list them with `kubectl config get-contexts`), or check KUBECONFIG.",
        first_line(&out.message())
    ))
}

/// Does the runtime host name lead to this machine? (`local.altinn.cloud` is a public DNS
/// name for 127.0.0.1; offline or behind a filtering resolver it needs a hosts entry.)
pub fn check_hosts_entry(exec: &dyn Exec, host: &str) -> Result<(), String> {
    let hosts_file = if cfg!(windows) {
        r"C:\Windows\System32\drivers\etc\hosts (as administrator)"
    } else {
        "/etc/hosts (e.g. with sudo)"
    };
    match exec.resolve(host) {
        Ok(addrs) if addrs.iter().any(|a| a.is_loopback()) => Ok(()),
        Ok(addrs) => Err(format!(
            "{host} resolves to {}, not to this machine, so the browser and the PDF service would not reach the runtime. Fix: add the line `127.0.0.1 {host}` to {hosts_file}.",
            addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ")
        )),
        Err(e) => Err(format!(
            "{host} does not resolve on this machine ({e}). It is a public DNS name for 127.0.0.1; offline or behind a DNS filter it needs a hosts entry. Fix: add the line `127.0.0.1 {host}` to {hosts_file}."
        )),
    }
}

/// Names of the services compose reports as running.
fn running_services(exec: &dyn Exec, opts: &StackOptions, engine: Engine) -> Vec<String> {
    match exec.output(&plan::compose_ps(engine, &opts.stack_dir)) {
        Ok(o) if o.success() => parse_compose_ps(&o.stdout)
            .into_iter()
            .filter(|p| p.running)
            .map(|p| p.name)
            .collect(),
        _ => Vec::new(),
    }
}

/// The ports the stack publishes must be free, unless its own containers hold them. Port 80
/// (the default, when STACK_PORT is not set in the environment) falls back to 8000.
/// Returns the stack port to use when it differs from the configured one.
pub fn check_ports(
    exec: &dyn Exec,
    opts: &StackOptions,
    engine: Engine,
    progress: Progress,
) -> Result<Option<u16>, String> {
    let ep = Endpoints::of(opts);
    let ours = running_services(exec, opts, engine);
    let mut chosen = None;
    let nginx_ours = ours.iter().any(|s| s == "nginx")
        || RUNTIME_PROBES[..1].iter().all(|p| probe_ok(exec, &ep, p));
    if !nginx_ours && exec.port_state(ep.port) == PortState::InUse {
        let explicit = opts.stack_port.is_some() || std::env::var_os("STACK_PORT").is_some();
        let fallback_free = exec.port_state(FALLBACK_STACK_PORT) == PortState::Free;
        if ep.port == DEFAULT_STACK_PORT && !explicit && fallback_free {
            progress(&format!(
                "Port {DEFAULT_STACK_PORT} is in use by another program: the runtime goes to port {FALLBACK_STACK_PORT} instead (http://{}:{FALLBACK_STACK_PORT}/). Set STACK_PORT in {} to choose a port yourself.",
                ep.runtime_host,
                opts.stack_dir.compose_env_file().display()
            ));
            chosen = Some(FALLBACK_STACK_PORT);
        } else {
            return Err(format!(
                "Port {} (the runtime's entry, STACK_PORT) is in use by another program. Fix: stop that program, or choose another port with STACK_PORT=<port> in {} or the environment.",
                ep.port,
                opts.stack_dir.compose_env_file().display()
            ));
        }
    }
    let profiles = opts.profiles();
    for svc in services::active(&profiles) {
        if ours.iter().any(|s| s == svc.name) {
            continue;
        }
        for port in svc.ports.iter().copied().filter(|p| *p != 0) {
            if exec.port_state(port) == PortState::InUse {
                return Err(format!(
                    "Port {port} is in use by another program, but the runtime's {} publishes it ({}). Fix: stop that program (an earlier localtest or `studioctl env up`? then `studioctl env down`, or `docker ps` shows which container).",
                    svc.name, svc.what
                ));
            }
        }
    }
    Ok(chosen)
}

/// Everything `up` checks before a container starts, in order: the Designer's images (no
/// engine call at all when they are missing), the engine and compose, the hosts entry, the
/// ports.
/// Returns the engine and the options with the port chosen.
pub fn preflight_local(
    exec: &dyn Exec,
    opts: &StackOptions,
    progress: Progress,
) -> Result<(Engine, StackOptions), String> {
    if opts.designer {
        services::check_designer_images(&opts.stack_dir)?;
    }
    let engine = engine_for(exec, opts)?;
    check_hosts_entry(exec, &Endpoints::of(opts).runtime_host)?;
    let mut opts = opts.clone();
    if let Some(p) = check_ports(exec, &opts, engine, progress)? {
        opts.stack_port = Some(p);
    }
    Ok((engine, opts))
}

// ------------------------------------------------------------------ plans (dry run)

/// The commands `up` would issue (after the preflight checks), for `--dry-run` and tests.
pub fn plan_up(opts: &StackOptions, engine: Engine) -> Vec<Cmd> {
    match opts.target {
        Target::Local => vec![with_env(
            plan::compose_up(engine, &opts.stack_dir, &opts.profiles()),
            opts,
        )],
        Target::Kubernetes => {
            let mut cmds = vec![plan::kubectl_apply(
                opts.context.as_deref(),
                &opts.stack_dir.overlay(&opts.overlay),
            )];
            cmds.extend(crate::cluster::plan_infra(
                opts,
                crate::cluster::Infra::Apply,
            ));
            cmds.push(plan::kubectl_workloads(opts.context.as_deref()));
            cmds
        }
    }
}

pub fn plan_down(opts: &StackOptions, engine: Engine, volumes: bool) -> Vec<Cmd> {
    match opts.target {
        Target::Local => vec![plan::compose_down(engine, &opts.stack_dir, volumes)],
        Target::Kubernetes => {
            // then every developer's app instance (run --target kubernetes)
            let mut cmds = vec![kube_down_cmd(opts, volumes)];
            let instances = crate::cluster::Infra::down(volumes);
            cmds.extend(crate::cluster::plan_infra(opts, instances));
            cmds
        }
    }
}

/// Kinds `down` removes on Kubernetes when the volumes stay: everything the stack deploys but
/// its PersistentVolumeClaims (Gitea's repositories, the Designer's data, the database) and
/// the namespace that holds them, as compose keeps its named volumes.
pub const KUBE_DOWN_KINDS: &str = "deployments,statefulsets,jobs,services,ingresses,configmaps,secrets,networkpolicies,poddisruptionbudgets";

/// `--volumes`: `kubectl delete -k` (PVCs and the namespace too); else the workloads by label.
fn kube_down_cmd(opts: &StackOptions, volumes: bool) -> Cmd {
    if volumes {
        return plan::kubectl_delete(
            opts.context.as_deref(),
            &opts.stack_dir.overlay(&opts.overlay),
        );
    }
    let mut c = Cmd::new("kubectl");
    if let Some(ctx) = &opts.context {
        c = c.arg("--context").arg(ctx.clone());
    }
    c.args([
        "--namespace",
        plan::NAMESPACE,
        "delete",
        KUBE_DOWN_KINDS,
        "--selector",
        plan::PART_OF_SELECTOR,
        "--ignore-not-found",
    ])
}

/// The environment compose gets: the port the preflight chose, the Designer's upstreams for
/// NGINX (127.0.0.1:9, nothing, without the studio profile), and what the caller adds.
fn with_env(mut cmd: Cmd, opts: &StackOptions) -> Cmd {
    if let Some(p) = opts.stack_port {
        cmd = cmd.env("STACK_PORT", p.to_string());
    }
    if opts.designer {
        cmd = cmd
            .env("DESIGNER_UPSTREAM", "designer:5000")
            .env("GITEA_UPSTREAM", "gitea:3000")
            .env("OIDC_UPSTREAM", "oidc-mock:8080");
    }
    for (k, v) in &opts.compose_env {
        cmd = cmd.env(k, v.clone());
    }
    cmd
}

fn check_overlay(opts: &StackOptions) -> Result<(), String> {
    let dir = opts.stack_dir.overlay(&opts.overlay);
    if dir.join("kustomization.yaml").is_file() {
        Ok(())
    } else {
        Err(format!(
            "no kustomize overlay '{}' ({} has no kustomization.yaml); the stack has 'local' and 'production'",
            opts.overlay,
            dir.display()
        ))
    }
}

/// Outside `local`, render the overlay first and refuse Secrets that still hold example values
/// (they are in git, so anyone could sign Gitea tokens or read the databases).
fn refuse_example_secrets(exec: &dyn Exec, opts: &StackOptions) -> Result<(), String> {
    if opts.overlay == "local" {
        return Ok(());
    }
    let dir = opts.stack_dir.overlay(&opts.overlay);
    let out = exec.output(&crate::secrets::kubectl_kustomize(&dir))?;
    if !out.success() {
        return Err(format!(
            "`kubectl kustomize {}` failed: {}\nOverlays other than `local` take their secrets from env files kept out of git: copy each `*-secrets.env.example` in {} to `*-secrets.env` and put your own values in.",
            dir.display(),
            first_line(&out.message()),
            dir.display()
        ));
    }
    let bad = crate::secrets::example_secrets(&out.stdout);
    if bad.is_empty() {
        return Ok(());
    }
    Err(format!(
        "Refusing to apply overlay '{}': its Secrets still hold example values ({}). Put your own values into the overlay's `*-secrets.env` files (kept out of git); example values are only for the `local` overlay.",
        opts.overlay,
        bad.join(", ")
    ))
}

fn engine_for(exec: &dyn Exec, opts: &StackOptions) -> Result<Engine, String> {
    let e = detect_engine(exec, opts.engine)?;
    check_engine_running(exec, e)?;
    Ok(e)
}

fn run_streamed(exec: &dyn Exec, cmd: &Cmd, progress: Progress) -> Result<Vec<String>, String> {
    progress(&format!("$ {cmd}"));
    let lines = std::sync::Mutex::new(Vec::<String>::new());
    let code = exec.stream(cmd, &|l: &str| {
        progress(l);
        if let Ok(mut v) = lines.lock() {
            v.push(l.to_string());
            if v.len() > 40 {
                v.remove(0);
            }
        }
    })?;
    let tail = lines.into_inner().unwrap_or_default();
    if code != 0 {
        let mut msg = format!("`{cmd}` failed (exit code {code})");
        let text = tail.join("\n");
        if !text.trim().is_empty() {
            msg.push_str(":\n");
            msg.push_str(text.trim());
        }
        if text.contains("designer")
            && (text.contains("denied")
                || text.contains("not found")
                || text.contains("manifest unknown"))
        {
            msg.push_str("\nThe Designer image is not public: build it from Altinn's repository (docker build -t altinn-designer:local -f src/Designer/Dockerfile .) and set DESIGNER_IMAGE=altinn-designer:local in stack/compose/.env or the environment.");
        }
        return Err(msg);
    }
    Ok(tail)
}

// ------------------------------------------------------------------ up

/// Start (or update) the stack, wait until it is healthy, return where it runs.
pub fn up(exec: &dyn Exec, opts: &StackOptions, progress: Progress) -> Result<Report, String> {
    match opts.target {
        Target::Local => {
            let (engine, opts) = preflight_local(exec, opts, progress)?;
            let opts = &opts;
            let what = if opts.designer {
                "the runtime and the Designer"
            } else {
                "the runtime"
            };
            progress(&format!("Starting {what} with {} compose…", engine.cli()));
            run_streamed(
                exec,
                &with_env(
                    plan::compose_up(engine, &opts.stack_dir, &opts.profiles()),
                    opts,
                ),
                progress,
            )?;
            let ep = Endpoints::of(opts);
            if opts.wait {
                let probes: &[Probe] = if opts.designer {
                    &LOCAL_PROBES
                } else {
                    &RUNTIME_PROBES
                };
                wait_local_health(exec, &ep, probes, opts.timeout_secs, progress)?;
            }
            let mut report = local_status(exec, opts, engine)?;
            report.stack_port = opts.stack_port;
            if opts.designer {
                report.notes.push(
                    "*.localhost resolves to this machine in browsers; local.altinn.cloud resolves to 127.0.0.1 via public DNS (add it to /etc/hosts when offline)".into(),
                );
            }
            Ok(report)
        }
        Target::Kubernetes => {
            check_overlay(opts)?;
            kubectl_preflight(exec, opts.context.as_deref())?;
            refuse_example_secrets(exec, opts)?;
            // a finished Job cannot be updated by apply; its failure (no namespace yet) is fine
            let _ = exec.output(&plan::kubectl_delete_migrations_job(
                opts.context.as_deref(),
            ));
            progress(&format!(
                "Applying overlay '{}' with kubectl…",
                opts.overlay
            ));
            run_streamed(
                exec,
                &plan::kubectl_apply(
                    opts.context.as_deref(),
                    &opts.stack_dir.overlay(&opts.overlay),
                ),
                progress,
            )?;
            let instances = crate::cluster::Infra::Apply;
            crate::cluster::apply_infra(exec, opts, instances, progress);
            if opts.wait {
                let workloads = kube_workloads(exec, opts.context.as_deref())?;
                let mut failed = Vec::new();
                for (kind, name, _) in &workloads {
                    progress(&format!("Waiting for {kind}/{name}…"));
                    let out = exec.output(&plan::kubectl_rollout_status(
                        opts.context.as_deref(),
                        kind,
                        name,
                        opts.timeout_secs,
                    ))?;
                    if !out.success() {
                        failed.push(format!("{kind}/{name}: {}", first_line(&out.message())));
                    }
                }
                if !failed.is_empty() {
                    return Err(format!(
                        "Not ready within {} s:\n  {}\nSee `altinn-ls stack logs --target kubernetes PART` or `kubectl -n {} describe pods`.",
                        opts.timeout_secs,
                        failed.join("\n  "),
                        plan::NAMESPACE
                    ));
                }
            }
            kube_status(exec, opts)
        }
    }
}

/// A health probe through NGINX: part name, which host, path, and whether a status counts.
pub struct Probe {
    pub part: &'static str,
    pub runtime_host: bool,
    pub path: &'static str,
    /// true: any answer below 500 counts (the runtime's start page); false: 200 only
    pub any_answer: bool,
}

pub const LOCAL_PROBES: [Probe; 4] = [
    Probe {
        part: "nginx",
        runtime_host: false,
        path: "/healthz",
        any_answer: false,
    },
    Probe {
        part: "gitea",
        runtime_host: false,
        path: "/repos/api/healthz",
        any_answer: false,
    },
    Probe {
        part: "designer",
        runtime_host: false,
        path: "/health",
        any_answer: false,
    },
    Probe {
        part: "runtime",
        runtime_host: true,
        path: "/Home/",
        any_answer: true,
    },
];

pub const RUNTIME_PROBES: [Probe; 2] = [
    Probe {
        part: "nginx",
        runtime_host: true,
        path: "/healthz",
        any_answer: false,
    },
    Probe {
        part: "runtime",
        runtime_host: true,
        path: "/Home/",
        any_answer: true,
    },
];

/// Is this probe healthy right now?
pub fn probe_ok(exec: &dyn Exec, ep: &Endpoints, p: &Probe) -> bool {
    let host = if p.runtime_host {
        ep.runtime_host_header()
    } else {
        ep.studio_host_header()
    };
    match exec.http_status(&ep.addr(), &host, p.path) {
        Ok(code) if p.any_answer => code < 500,
        Ok(code) => code == 200,
        Err(_) => false,
    }
}

/// Poll the probes until all pass (counted in attempts, not clock time).
pub fn wait_local_health(
    exec: &dyn Exec,
    ep: &Endpoints,
    probes: &[Probe],
    timeout_secs: u64,
    progress: Progress,
) -> Result<(), String> {
    let attempts = (timeout_secs / POLL_SECS).max(1);
    let mut pending: Vec<&Probe> = probes.iter().collect();
    for attempt in 0..attempts {
        pending.retain(|p| !probe_ok(exec, ep, p));
        if pending.is_empty() {
            progress("All parts are healthy.");
            return Ok(());
        }
        let names: Vec<&str> = pending.iter().map(|p| p.part).collect();
        progress(&format!(
            "Waiting for {} ({} s)…",
            names.join(", "),
            attempt * POLL_SECS
        ));
        exec.sleep(Duration::from_secs(POLL_SECS));
    }
    let names: Vec<&str> = pending.iter().map(|p| p.part).collect();
    Err(format!(
        "Not healthy within {timeout_secs} s: {}. See `altinn-ls stack logs {}` (and `altinn-ls stack status`).",
        names.join(", "),
        names.first().copied().unwrap_or("")
    ))
}

// ------------------------------------------------------------------ down

pub fn down(
    exec: &dyn Exec,
    opts: &StackOptions,
    volumes: bool,
    progress: Progress,
) -> Result<String, String> {
    match opts.target {
        Target::Local => {
            let engine = engine_for(exec, opts)?;
            run_streamed(
                exec,
                &plan::compose_down(engine, &opts.stack_dir, volumes),
                progress,
            )?;
            Ok(if volumes {
                "Altinn Studio stopped; its volumes (repositories, database) were removed.".into()
            } else {
                "Altinn Studio stopped (volumes kept: `altinn-ls stack down --volumes` removes them).".into()
            })
        }
        Target::Kubernetes => {
            check_overlay(opts)?;
            kubectl_preflight(exec, opts.context.as_deref())?;
            run_streamed(exec, &kube_down_cmd(opts, volumes), progress)?;
            let instances = crate::cluster::Infra::down(volumes);
            crate::cluster::apply_infra(exec, opts, instances, progress);
            Ok(if volumes {
                format!(
                    "Altinn Studio removed from the cluster with its volumes (overlay '{}', namespace {}).",
                    opts.overlay,
                    plan::NAMESPACE
                )
            } else {
                format!(
                    "Altinn Studio removed from the cluster; its PersistentVolumeClaims (repositories, data) and namespace {} were kept (`altinn-ls stack down --target kubernetes --volumes` removes them too).",
                    plan::NAMESPACE
                )
            })
        }
    }
}

// ------------------------------------------------------------------ status

pub fn status(exec: &dyn Exec, opts: &StackOptions) -> Result<Report, String> {
    match opts.target {
        Target::Local => {
            let engine = engine_for(exec, opts)?;
            local_status(exec, opts, engine)
        }
        Target::Kubernetes => {
            kubectl_preflight(exec, opts.context.as_deref())?;
            kube_status(exec, opts)
        }
    }
}

fn local_status(exec: &dyn Exec, opts: &StackOptions, engine: Engine) -> Result<Report, String> {
    let out = exec.output(&plan::compose_ps(engine, &opts.stack_dir))?;
    if !out.success() {
        return Err(format!(
            "`{}` failed: {}",
            plan::compose_ps(engine, &opts.stack_dir),
            out.message()
        ));
    }
    let mut parts = parse_compose_ps(&out.stdout);
    // the services of the profiles asked for are listed even when compose has none of them
    let profiles = opts.profiles();
    for svc in services::active(&profiles) {
        if !parts.iter().any(|p| p.name == svc.name) {
            parts.push(Part {
                name: svc.name.to_string(),
                state: "not created".into(),
                ..Part::default()
            });
        }
    }
    let ep = Endpoints::of(opts);
    // ports compose did not report: the ones the service publishes, while it runs
    for p in parts.iter_mut().filter(|p| p.running && p.ports.is_empty()) {
        if let Some(svc) = services::by_name(&p.name) {
            p.ports = svc
                .ports
                .iter()
                .map(|&port| {
                    let port = if port == 0 { ep.port } else { port };
                    format!("127.0.0.1:{port}")
                })
                .collect();
        }
    }
    let order = |n: &str| {
        services::SERVICES
            .iter()
            .position(|s| s.name == n)
            .unwrap_or(usize::MAX)
    };
    parts.sort_by(|a, b| {
        order(&a.name)
            .cmp(&order(&b.name))
            .then(a.name.cmp(&b.name))
    });
    let designer_there = opts.designer || parts.iter().any(|p| p.name == "designer" && p.running);
    let mut urls = vec![("Runtime".into(), ep.runtime_url())];
    if designer_there {
        urls.push(("Designer".into(), ep.designer_url()));
        urls.push(("Gitea".into(), ep.gitea_url()));
    }
    Ok(Report {
        target: "local".into(),
        parts,
        urls,
        notes: Vec::new(),
        stack_port: opts.stack_port,
    })
}

/// `compose ps --format json`: a JSON array (older compose) or one object per line (newer).
pub fn parse_compose_ps(stdout: &str) -> Vec<Part> {
    let mut objs: Vec<Value> = Vec::new();
    let t = stdout.trim();
    if t.starts_with('[') {
        if let Ok(Value::Array(a)) = serde_json::from_str::<Value>(t) {
            objs = a;
        }
    } else {
        objs = t
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l.trim()).ok())
            .collect();
    }
    let mut parts = Vec::new();
    for o in objs {
        let get = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let name = {
            let s = get("Service");
            if s.is_empty() {
                get("Name")
            } else {
                s
            }
        };
        if name.is_empty() {
            continue;
        }
        let state = get("State");
        let health = get("Health");
        let exit_code = o.get("ExitCode").and_then(Value::as_i64).unwrap_or(-1);
        // one-shot jobs (the Designer's migrations) are fine once they exited with 0
        let one_shot_done = name.ends_with("migrations") && state == "exited" && exit_code == 0;
        let running = state == "running";
        let ready = one_shot_done || (running && (health.is_empty() || health == "healthy"));
        let text = if one_shot_done {
            "completed".to_string()
        } else if health.is_empty() {
            state.clone()
        } else {
            format!("{state} ({health})")
        };
        parts.push(Part {
            name,
            state: text,
            ready,
            running,
            health,
            ports: published_ports(&o),
        });
    }
    parts.sort_by(|a, b| a.name.cmp(&b.name));
    parts
}

/// `Publishers` (compose v2: `[{URL, TargetPort, PublishedPort}]`) or the older `Ports` text.
fn published_ports(o: &Value) -> Vec<String> {
    let mut ports = Vec::new();
    if let Some(list) = o.get("Publishers").and_then(Value::as_array) {
        for p in list {
            let published = p.get("PublishedPort").and_then(Value::as_u64).unwrap_or(0);
            if published == 0 {
                continue;
            }
            let url = p.get("URL").and_then(Value::as_str).unwrap_or("");
            let target = p.get("TargetPort").and_then(Value::as_u64).unwrap_or(0);
            let host = if url.is_empty() { "0.0.0.0" } else { url };
            let s = format!("{host}:{published}->{target}");
            if !ports.contains(&s) {
                ports.push(s);
            }
        }
    } else if let Some(text) = o.get("Ports").and_then(Value::as_str) {
        for p in text.split(',').map(str::trim).filter(|p| p.contains("->")) {
            let s = p.trim_end_matches("/tcp").to_string();
            if !ports.contains(&s) {
                ports.push(s);
            }
        }
    }
    ports
}

/// (kind, name, part label) of the stack's Deployments and StatefulSets.
fn kube_workloads(
    exec: &dyn Exec,
    context: Option<&str>,
) -> Result<Vec<(String, String, Value)>, String> {
    let out = exec.output(&plan::kubectl_workloads(context))?;
    if !out.success() {
        return Err(format!("kubectl get failed: {}", out.message()));
    }
    let v: Value =
        serde_json::from_str(&out.stdout).map_err(|e| format!("kubectl printed no JSON ({e})"))?;
    let mut list = Vec::new();
    for item in v
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let kind = item
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("Deployment")
            .to_ascii_lowercase();
        let name = item
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if !name.is_empty() {
            list.push((kind, name, item.clone()));
        }
    }
    Ok(list)
}

/// Parts from `kubectl get deployments,statefulsets -o json`.
pub fn parse_kube_workloads(items: &[(String, String, Value)]) -> Vec<Part> {
    let mut parts: Vec<Part> = items
        .iter()
        .map(|(kind, name, item)| {
            let label = item
                .pointer("/metadata/labels/app.kubernetes.io~1name")
                .and_then(Value::as_str)
                .unwrap_or(name);
            let want = item
                .pointer("/spec/replicas")
                .and_then(Value::as_u64)
                .unwrap_or(1);
            let ready = item
                .pointer("/status/readyReplicas")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            Part {
                name: label.to_string(),
                state: format!("{kind}/{name}: {ready}/{want} ready"),
                ready: ready >= want && want > 0,
                running: ready > 0,
                ..Part::default()
            }
        })
        .collect();
    parts.sort_by(|a, b| a.name.cmp(&b.name));
    parts
}

/// URLs from the Ingress rules (https where the host has TLS).
pub fn parse_ingress_urls(json_text: &str) -> Vec<(String, String)> {
    let Ok(v) = serde_json::from_str::<Value>(json_text) else {
        return Vec::new();
    };
    let mut urls = Vec::new();
    for ing in v
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let tls_hosts: Vec<&str> = ing
            .pointer("/spec/tls")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .flat_map(|t| {
                t.get("hosts")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .filter_map(Value::as_str)
            .collect();
        for (i, rule) in ing
            .pointer("/spec/rules")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let Some(host) = rule.get("host").and_then(Value::as_str) else {
                continue;
            };
            let scheme = if tls_hosts.contains(&host) {
                "https"
            } else {
                "http"
            };
            let name = if i == 0 { "Designer" } else { "Runtime" };
            urls.push((name.to_string(), format!("{scheme}://{host}/")));
            if i == 0 {
                urls.push(("Gitea".to_string(), format!("{scheme}://{host}/repos/")));
            }
        }
    }
    urls
}

fn kube_status(exec: &dyn Exec, opts: &StackOptions) -> Result<Report, String> {
    let workloads = kube_workloads(exec, opts.context.as_deref())?;
    let parts = parse_kube_workloads(&workloads);
    let ing = exec
        .output(&plan::kubectl_ingress(opts.context.as_deref()))
        .unwrap_or_else(|e| Output::fail(1, &e));
    let mut urls = if ing.success() {
        parse_ingress_urls(&ing.stdout)
    } else {
        Vec::new()
    };
    let mut notes = Vec::new();
    if parts.is_empty() {
        notes.push(format!(
            "nothing deployed in namespace {} (run `altinn-ls stack up --target kubernetes`)",
            plan::NAMESPACE
        ));
    }
    if opts.overlay == "local" {
        notes.push("without an ingress controller: `kubectl -n altinn-studio port-forward svc/nginx 8080:80` (loopback only), then http://studio.localhost:8080/".into());
    }
    urls.dedup();
    // the developers' app instances (run --target kubernetes)
    notes.extend(crate::cluster::status_lines(
        exec,
        opts.context.as_deref(),
        crate::cluster::now(),
    ));
    Ok(Report {
        target: "kubernetes".into(),
        parts,
        urls,
        notes,
        stack_port: None,
    })
}

// ------------------------------------------------------------------ logs

pub fn logs(
    exec: &dyn Exec,
    opts: &StackOptions,
    follow: bool,
    tail: u32,
    parts: &[String],
    line: &(dyn Fn(&str) + Sync),
) -> Result<i32, String> {
    match opts.target {
        Target::Local => {
            let engine = engine_for(exec, opts)?;
            exec.stream(
                &plan::compose_logs(engine, &opts.stack_dir, follow, tail, parts),
                line,
            )
        }
        Target::Kubernetes => {
            kubectl_preflight(exec, opts.context.as_deref())?;
            if parts.len() > 1 {
                return Err(
                    "with --target kubernetes, name at most one part (e.g. designer)".into(),
                );
            }
            exec.stream(
                &plan::kubectl_logs(
                    opts.context.as_deref(),
                    follow,
                    tail,
                    parts.first().map(String::as_str),
                ),
                line,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_serializes_as_the_editor_reads_it() {
        let r = Report {
            target: "local".into(),
            parts: vec![Part {
                name: "gitea".into(),
                state: "running".into(),
                ready: true,
                running: true,
                health: String::new(),
                ports: vec!["127.0.0.1:80->80".into()],
            }],
            urls: vec![("Designer".into(), "http://studio.localhost:8000/".into())],
            notes: vec!["n".into()],
            stack_port: Some(8000),
        };
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({
                "target": "local",
                "parts": [{"name": "gitea", "state": "running", "ready": true, "running": true, "health": null, "ports": ["127.0.0.1:80->80"]}],
                "urls": [{"name": "Designer", "url": "http://studio.localhost:8000/"}],
                "notes": ["n"],
            })
        );
    }
}
