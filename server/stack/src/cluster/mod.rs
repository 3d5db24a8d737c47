//! `altinn-ls run --target kubernetes`: the developer's working tree, copied into their own
//! instance in the team's cluster, behind the stack's NGINX and the shared localtest.
//!
//! - [`instance`]: names (app + developer), labels, the runner Deployment and Service
//! - [`copy`]: which files are sent (manifest of hashes, only changes the second time)
//! - [`kube`]: the kubectl command lines
//! - [`infra`]: the instances' namespace/rights (applied by `stack up`), the list in `stack status`
//!
//! Flow: `apply` the instance (a runner pod from the .NET SDK image) → wait until its pod runs
//! → read the manifest the pod holds → `kubectl cp` the changed files into it → bump the
//! generation (the runner restarts `dotnet run`) → stream `kubectl logs -f`.

pub mod copy;
pub mod infra;
pub mod instance;
pub mod kube;

pub use infra::{apply_infra, infra_dir, parse_instances, plan_infra, status_lines, Infra};

use crate::exec::{write_file, Exec, Proc, Sink};
use crate::run::{self, Output, Running};
use crate::stack::{self, Endpoints, Progress, StackOptions};
use instance::{Instance, RunnerSpec};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// What `run --target kubernetes` needs.
#[derive(Clone, Debug)]
pub struct ClusterOptions {
    pub stack: StackOptions,
    /// the developer (default: git config user.email, the kube context's user, $USER)
    pub user: Option<String>,
    /// the runner image (default: the .NET SDK for the app's target framework)
    pub image: Option<String>,
    pub max_upload_bytes: u64,
    /// where the applied manifest, the staged files and the record of what was sent live
    /// (default: the state folder of `run`)
    pub state_dir: Option<PathBuf>,
    /// how long to wait for the app to listen after the files were sent
    pub app_timeout_secs: u64,
}

impl ClusterOptions {
    pub fn new(stack: StackOptions) -> ClusterOptions {
        ClusterOptions {
            stack,
            user: None,
            image: None,
            max_upload_bytes: copy::DEFAULT_MAX_BYTES,
            state_dir: None,
            app_timeout_secs: 180,
        }
    }
    fn ctx(&self) -> Option<&str> {
        self.stack.context.as_deref()
    }
}

/// Who the developer is, and where that came from.
pub fn resolve_user(
    exec: &dyn Exec,
    app_root: &Path,
    explicit: Option<&str>,
    context: Option<&str>,
) -> Result<(String, String), String> {
    let clean = |s: &str| s.trim().to_string();
    if let Some(u) = explicit.map(clean).filter(|u| !u.is_empty()) {
        return Ok((u, "--user".into()));
    }
    if let Some(u) = std::env::var("ALTINN_LS_USER")
        .ok()
        .map(|u| clean(&u))
        .filter(|u| !u.is_empty())
    {
        return Ok((u, "ALTINN_LS_USER".into()));
    }
    for key in ["user.email", "user.name"] {
        if let Ok(o) = exec.output(&kube::git_config(app_root, key)) {
            let u = clean(&o.stdout);
            if o.success() && !u.is_empty() {
                return Ok((u, format!("git config {key}")));
            }
        }
    }
    if let Ok(o) = exec.output(&kube::context_user(context)) {
        let u = clean(&o.stdout);
        if o.success() && !u.is_empty() {
            return Ok((u, "the kube context's user".into()));
        }
    }
    for var in ["USER", "USERNAME"] {
        if let Some(u) = std::env::var(var)
            .ok()
            .map(|u| clean(&u))
            .filter(|u| !u.is_empty())
        {
            return Ok((u, format!("${var}")));
        }
    }
    Err("Cannot tell who you are (no --user, no git config user.email, no user in the kube context, no $USER). Fix: pass --user NAME.".into())
}

/// Everything decided before talking to the cluster.
struct Prepared {
    app: run::AppInfo,
    inst: Instance,
    manifest: copy::Manifest,
    skipped: copy::Skipped,
    image: String,
    dir: PathBuf,
}

fn prepare(exec: &dyn Exec, workspace: &Path, opts: &ClusterOptions) -> Result<Prepared, String> {
    let app = run::find_app(workspace)?;
    if app.org.is_empty() || app.app.is_empty() {
        return Err(format!(
            "{} has no usable \"id\": \"<org>/<app>\" in App/config/applicationmetadata.json; the instance is named and routed by it",
            app.root.display()
        ));
    }
    let (user, source) = resolve_user(exec, &app.root, opts.user.as_deref(), opts.ctx())?;
    let inst = Instance::new(&app.org, &app.app, &user, &source);
    let (manifest, skipped) = copy::scan(&app.root, opts.max_upload_bytes)?;
    if !manifest.files.contains_key("App/App.csproj") {
        return Err(format!(
            "{} has no App/App.csproj: the runner starts the app with `dotnet run` in App/",
            app.root.display()
        ));
    }
    let csproj =
        std::fs::read_to_string(app.root.join("App").join("App.csproj")).unwrap_or_default();
    let image = opts
        .image
        .clone()
        .or_else(|| {
            std::env::var("ALTINN_LS_RUNNER_IMAGE")
                .ok()
                .filter(|s| !s.is_empty())
        })
        .unwrap_or_else(|| instance::sdk_image(&csproj));
    let dir = state_dir(opts, &app.root).join("cluster").join(&inst.name);
    Ok(Prepared {
        app,
        inst,
        manifest,
        skipped,
        image,
        dir,
    })
}

fn state_dir(opts: &ClusterOptions, app_root: &Path) -> PathBuf {
    opts.state_dir.clone().unwrap_or_else(|| {
        run::run_files(app_root)
            .pid_file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(std::env::temp_dir)
    })
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Where the browser opens the instance: the runtime host from the Ingress (or nginx.env),
/// then the landing path that sets the routing cookie.
fn runtime_url(exec: &dyn Exec, opts: &ClusterOptions, live: bool) -> String {
    if live {
        if let Ok(o) = exec.output(&crate::plan::kubectl_ingress(opts.ctx())) {
            if o.success() {
                if let Some((_, u)) = stack::parse_ingress_urls(&o.stdout)
                    .into_iter()
                    .find(|(n, _)| n == "Runtime")
                {
                    return u;
                }
            }
        }
    }
    format!(
        "http://{}/",
        Endpoints::read(&opts.stack.stack_dir).runtime_host
    )
}

fn runtime_host(url: &str) -> String {
    url.split("://")
        .nth(1)
        .unwrap_or(url)
        .split('/')
        .next()
        .unwrap_or("")
        .to_string()
}

fn landing_url(base: &str, inst: &Instance) -> String {
    format!("{}{}", base.trim_end_matches('/'), inst.landing_path())
}

fn describe(p: &Prepared) -> String {
    format!(
        "instance {} (app {}/{}, user '{}' from {}, owner label {}) in namespace {}, image {}",
        p.inst.name,
        p.inst.org,
        p.inst.app,
        p.inst.user,
        p.inst.user_source,
        p.inst.owner(),
        instance::NAMESPACE,
        p.image
    )
}

fn delta_lines(delta: &copy::Delta, total: usize, skipped: &copy::Skipped) -> Vec<String> {
    let mut lines = vec![delta.summary(total)];
    const SHOWN: usize = 20;
    for f in delta.send.iter().take(SHOWN) {
        lines.push(format!("  + {f}"));
    }
    if delta.send.len() > SHOWN {
        lines.push(format!("  + … and {} more", delta.send.len() - SHOWN));
    }
    for f in delta.remove.iter().take(SHOWN) {
        lines.push(format!("  - {f}"));
    }
    if !skipped.dirs.is_empty() {
        lines.push(format!("Not sent: {}", skipped.dirs.join(", ")));
    }
    if !skipped.other.is_empty() {
        lines.push(format!(
            "Not sent (symbolic links, unusual names): {}",
            skipped.other.join(", ")
        ));
    }
    lines
}

fn local_manifest_file(dir: &Path) -> PathBuf {
    dir.join("sent.json")
}

/// `--dry-run`: the commands that would create/update the instance and copy the files, with
/// the manifest to apply and what would be sent (compared with what the last run sent from
/// this machine). Talks to nothing but git (for the user name).
pub fn dry_run(
    exec: &dyn Exec,
    workspace: &Path,
    opts: &ClusterOptions,
) -> Result<Vec<String>, String> {
    let p = prepare(exec, workspace, opts)?;
    let base = runtime_url(exec, opts, false);
    let spec = RunnerSpec {
        image: p.image.clone(),
        identity: "<kubectl auth whoami>".into(),
        now: now(),
        runtime_host: runtime_host(&base),
    };
    let file = p.dir.join("instance.yaml");
    let ctx = opts.ctx();
    let pod = "POD";
    let mut out = vec![format!("# {}", describe(&p))];
    out.push(kube::whoami(ctx).to_string());
    out.push(kube::apply(ctx, &file).to_string());
    out.push(format!("# {}:", file.display()));
    out.extend(
        instance::objects(&p.inst, &spec)
            .iter()
            .map(|o| format!("#   {o}")),
    );
    out.push(format!(
        "{}   # until a pod runs: POD",
        kube::pods(ctx, &p.inst)
    ));
    out.push(kube::read_manifest(ctx, pod).to_string());
    out.push(kube::copy_in(ctx, pod, &p.dir.join("stage")).to_string());
    out.push(kube::install(ctx, pod, "GENERATION").to_string());
    out.push(kube::logs(ctx, pod, true).to_string());
    out.push(format!(
        "{}   # until it prints GENERATION",
        kube::listening(ctx, pod)
    ));
    let old = std::fs::read_to_string(local_manifest_file(&p.dir))
        .map(|t| copy::Manifest::from_json(&t))
        .unwrap_or_default();
    let delta = copy::diff(&old, &p.manifest);
    out.extend(
        delta_lines(&delta, p.manifest.files.len(), &p.skipped)
            .into_iter()
            .map(|l| format!("# {l}")),
    );
    out.push(format!("# open: {}", landing_url(&base, &p.inst)));
    Ok(out)
}

fn check_ok(out: Result<crate::exec::Output, String>, what: &str) -> Result<String, String> {
    let o = out?;
    if o.success() {
        return Ok(o.stdout);
    }
    let msg = o.message();
    // an admission policy denial is a 403 too ("is forbidden: ValidatingAdmissionPolicy …"):
    // tell it apart from missing rights first
    let hint = if msg.contains("ValidatingAdmissionPolicy") || msg.contains("denied request") {
        " The admission policy refused it: an instance can only be changed or deleted by the user who created it (its altinn.studio/owner-identity); choose another --user for a new instance of your own.".to_string()
    } else if msg.contains("forbidden") || msg.contains("Forbidden") {
        format!(
            " Your kube user may not manage instances in namespace {}: ask the cluster's admin to add you to the group altinn-studio-developers (the RoleBinding in stack/kubernetes/instances), or use another --context.",
            instance::NAMESPACE
        )
    } else if msg.contains("namespaces \"altinn-studio-apps\" not found")
        || (what == "apply" && msg.contains("not found"))
    {
        " The namespace of instances is missing: `altinn-ls stack up --target kubernetes` creates it (stack/kubernetes/instances).".to_string()
    } else {
        String::new()
    };
    Err(format!("kubectl {what} failed: {}.{hint}", msg.trim()))
}

/// The instance's pod as `kubectl get pods -o json` shows it: `Ok(name)` once one runs (not
/// one being deleted), else `Err(why not yet)` (the phase, or a container's waiting reason such
/// as `ImagePullBackOff`).
pub fn running_pod(json_text: &str) -> Result<String, String> {
    let v: Value = serde_json::from_str(json_text).map_err(|_| "no answer".to_string())?;
    let items = v
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut why = "no pod yet".to_string();
    for p in &items {
        if p.pointer("/metadata/deletionTimestamp").is_some() {
            why = "the previous pod is stopping".into();
            continue;
        }
        let phase = p
            .pointer("/status/phase")
            .and_then(Value::as_str)
            .unwrap_or("Pending");
        if phase == "Running" {
            if let Some(name) = p.pointer("/metadata/name").and_then(Value::as_str) {
                return Ok(name.to_string());
            }
        }
        let waiting = p
            .pointer("/status/containerStatuses/0/state/waiting/reason")
            .and_then(Value::as_str);
        why = match waiting {
            Some(r) => format!("{phase}: {r}"),
            None => phase.to_string(),
        };
    }
    Err(why)
}

/// Poll until the instance has a running pod (right after `apply` it may not exist yet, so
/// `kubectl wait` on a selector would fail at once).
fn wait_for_pod(
    exec: &dyn Exec,
    opts: &ClusterOptions,
    inst: &Instance,
    progress: Progress,
) -> Result<String, String> {
    let attempts = (opts.stack.timeout_secs / stack::POLL_SECS).max(1);
    let mut why = String::new();
    for attempt in 0..attempts {
        let out = check_ok(exec.output(&kube::pods(opts.ctx(), inst)), "get pods")?;
        match running_pod(&out) {
            Ok(pod) => return Ok(pod),
            Err(w) => why = w,
        }
        if attempt % 5 == 0 {
            progress(&format!(
                "Waiting for the runner pod ({why}, {} s)…",
                attempt * stack::POLL_SECS
            ));
        }
        exec.sleep(std::time::Duration::from_secs(stack::POLL_SECS));
    }
    Err(format!(
        "The runner pod of {} is not running after {} s ({why}). See `kubectl -n {} describe pods -l {}`.",
        inst.name,
        opts.stack.timeout_secs,
        instance::NAMESPACE,
        inst.selector()
    ))
}

/// Create or update the instance, send the changed files, restart the app, stream its log.
pub fn start(
    exec: &dyn Exec,
    workspace: &Path,
    opts: &ClusterOptions,
    output: Output,
    progress: Progress,
) -> Result<Running, String> {
    let p = prepare(exec, workspace, opts)?;
    let ctx = opts.ctx();
    stack::kubectl_preflight(exec, ctx)?;
    progress(&format!("Your {}", describe(&p)));
    let identity = exec
        .output(&kube::whoami(ctx))
        .ok()
        .filter(|o| o.success())
        .map(|o| o.stdout.trim().to_string())
        .unwrap_or_default();
    if identity.is_empty() {
        progress("Note: `kubectl auth whoami` gave no user (Kubernetes before 1.28?); the admission policy cannot check ownership for this instance.");
    }
    let base = runtime_url(exec, opts, true);
    let spec = RunnerSpec {
        image: p.image.clone(),
        identity,
        now: now(),
        runtime_host: runtime_host(&base),
    };
    let file = p.dir.join("instance.yaml");
    write_file(&file, &instance::render(&instance::objects(&p.inst, &spec)))?;
    let apply = kube::apply(ctx, &file);
    progress(&format!("$ {apply}"));
    for l in check_ok(exec.output(&apply), "apply")?.lines() {
        progress(l);
    }
    progress(&format!(
        "Waiting for the runner pod (the first start pulls {}; that can take minutes)…",
        p.image
    ));
    let pod = wait_for_pod(exec, opts, &p.inst, progress)?;
    let old = copy::Manifest::from_json(&check_ok(
        exec.output(&kube::read_manifest(ctx, &pod)),
        "exec (read the manifest)",
    )?);
    let delta = copy::diff(&old, &p.manifest);
    for l in delta_lines(&delta, p.manifest.files.len(), &p.skipped) {
        progress(&l);
    }
    let stage_dir = copy::stage(&p.app.root, &p.dir.join("stage"), &delta, &p.manifest)?;
    let cp = kube::copy_in(ctx, &pod, &stage_dir);
    progress(&format!("$ {cp}"));
    check_ok(exec.output(&cp), "cp")?;
    let generation = format!(
        "{}-{:08x}",
        spec.now,
        crate::layout::fnv1a(p.manifest.to_json().as_bytes()) & 0xffff_ffff
    );
    check_ok(
        exec.output(&kube::install(ctx, &pod, &generation)),
        "exec (install the files)",
    )?;
    write_file(&local_manifest_file(&p.dir), &p.manifest.to_json())?;
    let _ = std::fs::remove_dir_all(&stage_dir);
    let url = landing_url(&base, &p.inst);
    progress(&format!(
        "The app is (re)starting in {} (the next `altinn-ls run --target kubernetes` sends only what changed). {url} sets a cookie that routes /{}/{}/ to your instance.",
        p.inst.name, p.inst.org, p.inst.app
    ));
    let (sink, log) = match output {
        Output::Lines(f) => (Sink::Lines(f), None),
        Output::LogFile => {
            let log = p.dir.join("app.log");
            write_file(&log, "")?;
            (Sink::File(log.clone()), Some(log))
        }
    };
    let proc: Box<dyn Proc> = exec.spawn(&kube::logs(ctx, &pod, true), sink)?;
    let state = wait_listening(exec, opts, &pod, &generation, progress);
    if state == "running" {
        progress(&format!("The app is running: {url}"));
    } else {
        progress(&format!(
            "The app has not started listening within {} s; it is still building (the first start restores NuGet packages). Follow its log.",
            opts.app_timeout_secs
        ));
    }
    Ok(Running {
        state,
        url,
        pid: proc.pid(),
        log,
        proc,
    })
}

/// Poll the runner until the app of this generation listens ("running"), else "starting".
fn wait_listening(
    exec: &dyn Exec,
    opts: &ClusterOptions,
    pod: &str,
    generation: &str,
    progress: Progress,
) -> &'static str {
    let attempts = (opts.app_timeout_secs / stack::POLL_SECS).max(1);
    for attempt in 0..attempts {
        if let Ok(o) = exec.output(&kube::listening(opts.ctx(), pod)) {
            if o.success() && o.stdout.trim() == generation {
                return "running";
            }
        }
        if attempt % 10 == 5 {
            progress(&format!(
                "Waiting for the app to listen ({} s)…",
                attempt * stack::POLL_SECS
            ));
        }
        exec.sleep(std::time::Duration::from_secs(stack::POLL_SECS));
    }
    "starting"
}

/// Delete this developer's instance of this app (by name; nothing else).
pub fn stop(
    exec: &dyn Exec,
    workspace: &Path,
    opts: &ClusterOptions,
    progress: Progress,
) -> Result<String, String> {
    let app = run::find_app(workspace)?;
    let (user, source) = resolve_user(exec, &app.root, opts.user.as_deref(), opts.ctx())?;
    let inst = Instance::new(&app.org, &app.app, &user, &source);
    stack::kubectl_preflight(exec, opts.ctx())?;
    let cmd = kube::delete(opts.ctx(), &inst);
    progress(&format!("$ {cmd}"));
    let out = check_ok(exec.output(&cmd), "delete")?;
    let dir = state_dir(opts, &app.root).join("cluster").join(&inst.name);
    let _ = std::fs::remove_file(local_manifest_file(&dir));
    Ok(if out.trim().is_empty() {
        format!(
            "No instance {} (user '{user}' from {source}) was running.",
            inst.name
        )
    } else {
        format!(
            "The instance {} was deleted (user '{user}' from {source}).",
            inst.name
        )
    })
}

/// The commands `--stop` issues (dry run).
pub fn plan_stop(
    exec: &dyn Exec,
    workspace: &Path,
    opts: &ClusterOptions,
) -> Result<Vec<String>, String> {
    let app = run::find_app(workspace)?;
    let (user, source) = resolve_user(exec, &app.root, opts.user.as_deref(), opts.ctx())?;
    let inst = Instance::new(&app.org, &app.app, &user, &source);
    Ok(vec![
        format!("# instance {} (user '{user}' from {source})", inst.name),
        kube::delete(opts.ctx(), &inst).to_string(),
    ])
}

/// `altinn.run.start` / `altinn.run.stop` with `target: "kubernetes"` (LSP): the log goes to a
/// file, the streamer is kept in `registry`.
pub fn execute(
    exec: &dyn Exec,
    name: &str,
    args: &Value,
    workspace: &Path,
    stack: StackOptions,
    progress: Progress,
    registry: &std::sync::Mutex<Vec<Box<dyn Proc>>>,
) -> Result<crate::commands::StackOutput, String> {
    use crate::commands::{StackOutput, StopResult};
    let mut opts = ClusterOptions::new(stack);
    opts.user = crate::commands::str_arg(args, "user");
    opts.image = crate::commands::str_arg(args, "runnerImage");
    if let Some(t) = args.get("appTimeoutSecs").and_then(Value::as_u64) {
        opts.app_timeout_secs = t;
    }
    if let Some(mb) = args.get("maxUploadMb").and_then(Value::as_u64) {
        opts.max_upload_bytes = mb.saturating_mul(1024 * 1024);
    }
    if name == "altinn.run.stop" {
        let msg = stop(exec, workspace, &opts, progress)?;
        return Ok(StackOutput::Stop(StopResult {
            state: "stopped",
            message: msg,
        }));
    }
    let running = start(exec, workspace, &opts, Output::LogFile, progress)?;
    let info = running.info();
    if let Ok(mut reg) = registry.lock() {
        reg.push(running.proc);
    }
    Ok(StackOutput::Run(info))
}

#[cfg(test)]
mod tests;
