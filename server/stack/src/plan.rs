//! Pure command builders: which commands `altinn-ls stack` and `run` issue. No I/O here, so
//! tests can assert on the exact commands.

use std::fmt;
use std::path::{Path, PathBuf};

/// Compose project name (also `name:` in compose.yaml).
pub const COMPOSE_PROJECT: &str = "altinn-studio";
/// Kubernetes namespace of the base kustomization.
pub const NAMESPACE: &str = "altinn-studio";
/// Label selector for everything the stack deploys.
pub const PART_OF_SELECTOR: &str = "app.kubernetes.io/part-of=altinn-studio";

/// Where the stack runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// docker compose / podman compose on this machine
    Local,
    /// kubectl apply -k against a cluster
    Kubernetes,
}

impl Target {
    pub fn parse(s: &str) -> Result<Target, String> {
        match s {
            "local" | "compose" => Ok(Target::Local),
            "kubernetes" | "k8s" | "kube" => Ok(Target::Kubernetes),
            other => Err(format!(
                "unknown target '{other}': use 'local' (docker/podman compose) or 'kubernetes' (kubectl)"
            )),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Local => "local",
            Target::Kubernetes => "kubernetes",
        }
    }
}

/// The compose implementation found on this machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// `docker compose` (v2 plugin)
    Docker,
    /// `podman compose`
    Podman,
}

impl Engine {
    pub fn parse(s: &str) -> Result<Engine, String> {
        match s {
            "docker" => Ok(Engine::Docker),
            "podman" => Ok(Engine::Podman),
            "docker-compose" => Err("the legacy docker-compose (v1) cannot read stack/compose/compose.yaml (it predates the top-level `name:` of the Compose Specification): install the Docker Compose plugin (v2) and use --engine docker".to_string()),
            other => Err(format!(
                "unknown engine '{other}': use 'docker' or 'podman'"
            )),
        }
    }
    /// The program and the leading arguments that make up "compose".
    pub fn compose_prefix(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Engine::Docker => ("docker", &["compose"]),
            Engine::Podman => ("podman", &["compose"]),
        }
    }
    /// The engine's own CLI (to ask whether its daemon/machine is reachable).
    pub fn cli(self) -> &'static str {
        match self {
            Engine::Docker => "docker",
            Engine::Podman => "podman",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Docker => "docker",
            Engine::Podman => "podman",
        }
    }
}

/// One command line to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cmd {
    pub program: String,
    pub args: Vec<String>,
    pub cwd: Option<PathBuf>,
    pub env: Vec<(String, String)>,
}

impl Cmd {
    pub fn new(program: &str) -> Cmd {
        Cmd {
            program: program.to_string(),
            args: Vec::new(),
            cwd: None,
            env: Vec::new(),
        }
    }
    pub fn arg(mut self, a: impl Into<String>) -> Cmd {
        self.args.push(a.into());
        self
    }
    pub fn args<I, S>(mut self, a: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args.extend(a.into_iter().map(Into::into));
        self
    }
    pub fn cwd(mut self, dir: &Path) -> Cmd {
        self.cwd = Some(dir.to_path_buf());
        self
    }
    pub fn env(mut self, k: &str, v: impl Into<String>) -> Cmd {
        self.env.push((k.to_string(), v.into()));
        self
    }
}

/// Shell-like rendering, for `--dry-run`, progress messages and tests.
impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(dir) = &self.cwd {
            write!(f, "(cd {} && ", quote(&dir.to_string_lossy()))?;
        }
        for (k, v) in &self.env {
            write!(f, "{k}={} ", quote(v))?;
        }
        write!(f, "{}", quote(&self.program))?;
        for a in &self.args {
            write!(f, " {}", quote(a))?;
        }
        if self.cwd.is_some() {
            write!(f, ")")?;
        }
        Ok(())
    }
}

fn quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

// ------------------------------------------------------------------ layout of stack/

/// Paths inside a `stack/` folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackDir(pub PathBuf);

impl StackDir {
    pub fn compose_file(&self) -> PathBuf {
        self.0.join("compose").join("compose.yaml")
    }
    pub fn compose_env_file(&self) -> PathBuf {
        self.0.join("compose").join(".env")
    }
    pub fn overlay(&self, overlay: &str) -> PathBuf {
        self.0.join("kubernetes").join("overlays").join(overlay)
    }
}

// ------------------------------------------------------------------ compose

/// Compose profile of the Designer, Gitea, their database, Redis and the OIDC mock.
pub const PROFILE_STUDIO: &str = "studio";
/// Compose profile of the workflow engine and its database.
pub const PROFILE_WORKFLOW_ENGINE: &str = "workflow-engine";
/// Every profile (compose's `--profile '*'`): what `down`, `ps` and `logs` act on, so that
/// the Designer's parts are stopped and shown whichever profile started them.
pub const ALL_PROFILES: &[&str] = &["*"];

fn compose(engine: Engine, stack: &StackDir, profiles: &[&str]) -> Cmd {
    let (prog, pre) = engine.compose_prefix();
    let mut c = Cmd::new(prog).args(pre.iter().copied()).args([
        "--project-name".to_string(),
        COMPOSE_PROJECT.to_string(),
        "--file".to_string(),
        stack.compose_file().to_string_lossy().into_owned(),
    ]);
    for p in profiles {
        c = c.arg("--profile").arg(*p);
    }
    c
}

/// `… compose version`: is compose there at all?
pub fn compose_version(engine: Engine) -> Cmd {
    let (prog, pre) = engine.compose_prefix();
    Cmd::new(prog).args(pre.iter().copied()).arg("version")
}

/// `docker info` / `podman info`: is the daemon (or podman machine) reachable?
pub fn engine_info(engine: Engine) -> Cmd {
    Cmd::new(engine.cli()).args(["info", "--format", "{{.ServerVersion}}"])
}

/// Start (or update) the services of the runtime and of these profiles, in the background.
pub fn compose_up(engine: Engine, stack: &StackDir, profiles: &[&str]) -> Cmd {
    compose(engine, stack, profiles).args(["up", "--detach", "--remove-orphans"])
}

pub fn compose_down(engine: Engine, stack: &StackDir, volumes: bool) -> Cmd {
    let c = compose(engine, stack, ALL_PROFILES)
        .arg("down")
        .arg("--remove-orphans");
    if volumes {
        c.arg("--volumes")
    } else {
        c
    }
}

pub fn compose_ps(engine: Engine, stack: &StackDir) -> Cmd {
    compose(engine, stack, ALL_PROFILES).args(["ps", "--all", "--format", "json"])
}

pub fn compose_logs(
    engine: Engine,
    stack: &StackDir,
    follow: bool,
    tail: u32,
    services: &[String],
) -> Cmd {
    let mut c = compose(engine, stack, ALL_PROFILES)
        .arg("logs")
        .arg("--tail")
        .arg(tail.to_string());
    if follow {
        c = c.arg("--follow");
    }
    c.args(services.iter().cloned())
}

// ------------------------------------------------------------------ kubectl

fn kubectl(context: Option<&str>) -> Cmd {
    let c = Cmd::new("kubectl");
    match context {
        Some(ctx) => c.arg("--context").arg(ctx),
        None => c,
    }
}

/// Is kubectl installed?
pub fn kubectl_client_version() -> Cmd {
    Cmd::new("kubectl").args(["version", "--client"])
}

/// Is the cluster reachable (and healthy)?
pub fn kubectl_readyz(context: Option<&str>) -> Cmd {
    kubectl(context).args(["get", "--raw", "/readyz", "--request-timeout=10s"])
}

pub fn kubectl_apply(context: Option<&str>, overlay_dir: &Path) -> Cmd {
    kubectl(context)
        .arg("apply")
        .arg("-k")
        .arg(overlay_dir.to_string_lossy().into_owned())
}

pub fn kubectl_delete(context: Option<&str>, overlay_dir: &Path) -> Cmd {
    kubectl(context)
        .arg("delete")
        .arg("-k")
        .arg(overlay_dir.to_string_lossy().into_owned())
        .arg("--ignore-not-found")
}

/// The migrations Job from an earlier `up`: a Job's pod template cannot be changed by
/// `apply`, so it is removed first and the (idempotent) migrations run again.
pub fn kubectl_delete_migrations_job(context: Option<&str>) -> Cmd {
    kubectl(context).args([
        "--namespace",
        NAMESPACE,
        "delete",
        "job",
        "designer-migrations",
        "--ignore-not-found",
        "--wait=true",
    ])
}

/// Deployments and StatefulSets of the stack, as JSON.
pub fn kubectl_workloads(context: Option<&str>) -> Cmd {
    kubectl(context).args([
        "--namespace",
        NAMESPACE,
        "get",
        "deployments,statefulsets",
        "--selector",
        PART_OF_SELECTOR,
        "--output",
        "json",
    ])
}

/// `kind` is "deployment" or "statefulset".
pub fn kubectl_rollout_status(
    context: Option<&str>,
    kind: &str,
    name: &str,
    timeout_secs: u64,
) -> Cmd {
    kubectl(context).args([
        "--namespace".to_string(),
        NAMESPACE.to_string(),
        "rollout".to_string(),
        "status".to_string(),
        format!("{kind}/{name}"),
        format!("--timeout={timeout_secs}s"),
    ])
}

pub fn kubectl_ingress(context: Option<&str>) -> Cmd {
    kubectl(context).args([
        "--namespace",
        NAMESPACE,
        "get",
        "ingress",
        "--selector",
        PART_OF_SELECTOR,
        "--output",
        "json",
    ])
}

pub fn kubectl_logs(context: Option<&str>, follow: bool, tail: u32, part: Option<&str>) -> Cmd {
    let selector = match part {
        Some(p) => format!("app.kubernetes.io/name={p}"),
        None => PART_OF_SELECTOR.to_string(),
    };
    let mut c = kubectl(context).args([
        "--namespace".to_string(),
        NAMESPACE.to_string(),
        "logs".to_string(),
        "--selector".to_string(),
        selector,
        "--all-containers".to_string(),
        "--prefix".to_string(),
        format!("--tail={tail}"),
        "--max-log-requests=20".to_string(),
    ]);
    if follow {
        c = c.arg("--follow");
    }
    c
}

// ------------------------------------------------------------------ the app process

/// How `altinn-ls run` starts the app: `dotnet run` in `App/`, as with Altinn's localtest,
/// on `port` (all interfaces, so that the runtime's NGINX container can reach it through
/// host.docker.internal). `custom` replaces `dotnet run` (a shell command line).
pub fn app_process(app_root: &Path, port: u16, custom: Option<&str>) -> Cmd {
    let app_dir = app_root.join("App");
    let base = match custom {
        Some(line) if cfg!(windows) => Cmd::new("cmd").args(["/C", line]),
        Some(line) => Cmd::new("sh").args(["-c", line]),
        None => Cmd::new("dotnet").args(["run", "--no-launch-profile"]),
    };
    base.cwd(&app_dir)
        .env("ASPNETCORE_ENVIRONMENT", "Development")
        .env("ASPNETCORE_URLS", format!("http://0.0.0.0:{port}"))
        .env("PORT", port.to_string())
}

/// Stop a process group started by `run` (the app and what `dotnet run` started).
pub fn kill_process_group(pid: u32, force: bool) -> Cmd {
    if cfg!(windows) {
        Cmd::new("taskkill").args([
            "/PID".to_string(),
            pid.to_string(),
            "/T".to_string(),
            "/F".to_string(),
        ])
    } else {
        let sig = if force { "-KILL" } else { "-TERM" };
        Cmd::new("kill").args([sig.to_string(), "--".to_string(), format!("-{pid}")])
    }
}

/// Is this process still there?
pub fn process_alive(pid: u32) -> Cmd {
    if cfg!(windows) {
        Cmd::new("tasklist").args(["/FI".to_string(), format!("PID eq {pid}")])
    } else {
        Cmd::new("kill").args(["-0".to_string(), pid.to_string()])
    }
}
