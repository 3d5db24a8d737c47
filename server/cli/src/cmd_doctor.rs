//! `altinn-ls doctor`: the tools, versions, hosts entry, credentials and server a developer of
//! an Altinn app needs, one line each (ok / warn / fail) with its fix.
//!
//! Fail: something `run`, `stack` or `sync` needs is missing or broken (git, a container engine
//! with compose, the .NET SDK the app targets, the runtime's host name, a configured Studio
//! server that does not answer or refuses the credentials). Warn: only some work needs it
//! (kubectl for `stack --target kubernetes`, a stopped container engine, no Studio login).
//! Like `studioctl doctor`, which counts the .NET SDK and the container runtime as issues.
//!
//! Exit code (the table of `exit.rs`): 0 nothing failing (warnings allowed), 1 something
//! failing (a missing tool is doctor's finding here, not a reason it could not run), 2 could
//! not run (a path that does not exist, a bad `--url`).

use altinn_gitea::{api, commands, ops, SyncOptions};
use altinn_stack::exec::{Exec, SystemExec};
use altinn_stack::plan::Cmd;
use altinn_stack::stack;
use serde::Serialize;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// The host the local runtime answers on (`stack/` NGINX, `RUNTIME_HOST`'s default).
const RUNTIME_HOST: &str = "local.altinn.cloud";
/// The oldest .NET SDK `studioctl doctor` accepts when no app says otherwise.
const MIN_DOTNET: u32 = 8;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DoctorFormat {
    Human,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The app's repository (default: here): its App.csproj says which .NET SDK it needs.
    path: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DoctorFormat::Human)]
    format: DoctorFormat,
    /// The Altinn Studio (Gitea) URL to check (default: ALTINN_STUDIO_URL, else the stored login).
    #[arg(long)]
    url: Option<String>,
    /// kubectl context to check (default: kubectl's current context).
    #[arg(long)]
    context: Option<String>,
    /// Seconds to wait for the Studio server.
    #[arg(long, default_value_t = 5)]
    timeout: u64,
    /// The hosts file to read instead of the system's (for tests).
    #[arg(long, hide = true)]
    hosts_file: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    Ok,
    Warn,
    Fail,
}

#[derive(Serialize)]
struct Check {
    name: &'static str,
    status: Status,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<String>,
}

fn ok(name: &'static str, detail: impl Into<String>) -> Check {
    Check {
        name,
        status: Status::Ok,
        detail: detail.into(),
        fix: None,
    }
}

fn bad(
    name: &'static str,
    status: Status,
    detail: impl Into<String>,
    fix: impl Into<String>,
) -> Check {
    Check {
        name,
        status,
        detail: detail.into(),
        fix: Some(fix.into()),
    }
}

/// A message of `altinn-stack` ("… Fix: …") as detail and fix.
fn from_stack(name: &'static str, status: Status, msg: &str) -> Check {
    match msg.split_once(" Fix: ") {
        Some((d, f)) => bad(name, status, d, f.trim_end_matches('.')),
        None => bad(name, status, msg, "see the message"),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let start = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    if !start.exists() {
        anyhow::bail!("{} does not exist", start.display());
    }
    let exec = SystemExec;
    let repo = altinn_stack::run::find_app(&start).ok().map(|a| a.root);
    let mut checks = vec![
        git(&exec),
        container(&exec),
        kubectl(&exec, args.context.as_deref()),
    ];
    checks.push(dotnet(&exec, repo.as_deref()));
    if let Some(c) = node(&exec, repo.as_deref()) {
        checks.push(c);
    }
    let hosts_file = args.hosts_file.clone().unwrap_or_else(system_hosts_file);
    checks.push(hosts(&exec, &hosts_file, RUNTIME_HOST));
    checks.extend(studio(
        args.url.as_deref(),
        Duration::from_secs(args.timeout.max(1)),
    )?);
    let failed = checks.iter().filter(|c| c.status == Status::Fail).count();
    let warned = checks.iter().filter(|c| c.status == Status::Warn).count();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        DoctorFormat::Json => {
            let v = serde_json::json!({"checks": checks, "failed": failed, "warnings": warned});
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&v)?);
        }
        DoctorFormat::Human => {
            for c in &checks {
                let s = match c.status {
                    Status::Ok => "ok",
                    Status::Warn => "warn",
                    Status::Fail => "fail",
                };
                let _ = writeln!(out, "{s:<5} {:<11} {}", c.name, c.detail);
                if let Some(f) = &c.fix {
                    let _ = writeln!(out, "{:<17} fix: {f}", "");
                }
            }
            let _ = writeln!(
                out,
                "{failed} failing, {warned} warning{}",
                if warned == 1 { "" } else { "s" }
            );
        }
    }
    Ok(if failed > 0 {
        crate::exit::FOUND
    } else {
        ExitCode::SUCCESS
    })
}

/// The first line of `program args` when it runs and succeeds.
fn version_line(exec: &dyn Exec, program: &str, args: &[&str]) -> Option<String> {
    let o = exec
        .output(&Cmd::new(program).args(args.iter().copied()))
        .ok()?;
    o.success().then(|| {
        o.stdout
            .lines()
            .chain(o.stderr.lines())
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_string()
    })
}

fn git(exec: &dyn Exec) -> Check {
    match version_line(exec, "git", &["--version"]) {
        Some(v) => ok("git", v),
        None => bad(
            "git",
            Status::Fail,
            "git was not found on PATH (an app is a git repository; the editor and `sync` use it)",
            "install git: https://git-scm.com/downloads",
        ),
    }
}

fn container(exec: &dyn Exec) -> Check {
    const NAME: &str = "containers";
    match stack::detect_engine(exec, None) {
        Ok(engine) => {
            let v = version_line(exec, engine.cli(), &["--version"]).unwrap_or_default();
            match stack::check_engine_running(exec, engine) {
                Ok(()) => ok(NAME, format!("{} compose ({v})", engine.cli())),
                Err(e) => from_stack(NAME, Status::Warn, &e),
            }
        }
        Err(e) => from_stack(NAME, Status::Fail, &e),
    }
}

fn kubectl(exec: &dyn Exec, context: Option<&str>) -> Check {
    const NAME: &str = "kubectl";
    if !exec.which("kubectl") {
        return bad(
            NAME,
            Status::Warn,
            "kubectl was not found on PATH (only `altinn-ls stack --target kubernetes` needs it)",
            "install kubectl: https://kubernetes.io/docs/tasks/tools/",
        );
    }
    let ctx = match context {
        Some(c) => c.to_string(),
        None => match version_line(exec, "kubectl", &["config", "current-context"]) {
            Some(c) if !c.is_empty() => c,
            _ => {
                return bad(
                    NAME,
                    Status::Warn,
                    "kubectl has no current context",
                    "choose one with `kubectl config use-context NAME` (list: `kubectl config get-contexts`)",
                )
            }
        },
    };
    match stack::kubectl_preflight(exec, Some(&ctx)) {
        Ok(()) => ok(NAME, format!("context '{ctx}' reachable")),
        Err(e) => from_stack(NAME, Status::Warn, &e),
    }
}

/// The .NET major version the app's project targets (`<TargetFramework>net8.0</…>`).
fn target_framework(repo: &Path) -> Option<(u32, String)> {
    let entries = std::fs::read_dir(repo.join("App")).ok()?;
    let mut projects: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csproj"))
        .collect();
    projects.sort();
    projects.iter().find_map(|p| {
        let text = std::fs::read_to_string(p).ok()?;
        let tf = text
            .split("<TargetFramework>")
            .nth(1)?
            .split('<')
            .next()?
            .trim()
            .to_string();
        let major = leading_number(tf.strip_prefix("net")?)?;
        Some((major, tf))
    })
}

fn leading_number(s: &str) -> Option<u32> {
    let d: String = s.chars().take_while(char::is_ascii_digit).collect();
    d.parse().ok()
}

fn dotnet(exec: &dyn Exec, repo: Option<&Path>) -> Check {
    const NAME: &str = "dotnet";
    let (need, why) = match repo.and_then(target_framework) {
        Some((m, tf)) => (m, format!("App.csproj targets {tf}")),
        None => (
            MIN_DOTNET,
            format!("the oldest SDK for Altinn apps is {MIN_DOTNET}"),
        ),
    };
    let fix = format!("install the .NET {need} SDK: https://dotnet.microsoft.com/download");
    let Some(o) = exec
        .output(&Cmd::new("dotnet").arg("--list-sdks"))
        .ok()
        .filter(|o| o.success())
    else {
        return bad(
            NAME,
            Status::Fail,
            format!("the .NET SDK (`dotnet`) was not found on PATH ({why}; `altinn-ls run` builds the app with it)"),
            fix,
        );
    };
    // "8.0.404 [/usr/lib/dotnet/sdk]"
    let sdks: Vec<&str> = o
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    match sdks
        .iter()
        .filter(|v| leading_number(v).is_some_and(|m| m >= need))
        .max_by_key(|v| leading_number(v))
    {
        Some(v) => ok(NAME, format!("SDK {v} ({why})")),
        None if sdks.is_empty() => bad(
            NAME,
            Status::Fail,
            format!("dotnet has no SDK installed, only runtimes ({why})"),
            fix,
        ),
        None => bad(
            NAME,
            Status::Fail,
            format!("no SDK {need} or later ({why}); found {}", sdks.join(", ")),
            fix,
        ),
    }
}

/// Node.js, only when the repository has a `package.json` (front-end tooling or tests);
/// its `engines.node` (`>=20`, `^20.1`) gives the lowest major.
fn node(exec: &dyn Exec, repo: Option<&Path>) -> Option<Check> {
    const NAME: &str = "node";
    let pkg = repo?.join("package.json");
    let text = std::fs::read_to_string(&pkg).ok()?;
    let need = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.pointer("/engines/node")
                .and_then(|n| n.as_str())
                .map(str::to_string)
        })
        .and_then(|r| leading_number(r.trim_start_matches(|c: char| !c.is_ascii_digit())));
    let fix = format!(
        "install Node.js{}: https://nodejs.org/",
        need.map(|n| format!(" {n} or later")).unwrap_or_default()
    );
    Some(match version_line(exec, "node", &["--version"]) {
        None => bad(
            NAME,
            Status::Fail,
            "node was not found on PATH (the repository has a package.json)",
            fix,
        ),
        Some(v) => match (need, leading_number(v.trim_start_matches('v'))) {
            (Some(n), Some(have)) if have < n => bad(
                NAME,
                Status::Fail,
                format!("node {v}, but package.json asks for {n} or later (engines.node)"),
                fix,
            ),
            _ => ok(
                NAME,
                format!("node {v} (the repository has a package.json)"),
            ),
        },
    })
}

fn system_hosts_file() -> PathBuf {
    if cfg!(windows) {
        PathBuf::from(r"C:\Windows\System32\drivers\etc\hosts")
    } else {
        PathBuf::from("/etc/hosts")
    }
}

/// The addresses a hosts file gives `host` (empty: no entry).
fn hosts_entries(text: &str, host: &str) -> Vec<IpAddr> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            let addr: IpAddr = w.next()?.parse().ok()?;
            w.any(|n| n.eq_ignore_ascii_case(host)).then_some(addr)
        })
        .collect()
}

fn hosts(exec: &dyn Exec, file: &Path, host: &str) -> Check {
    const NAME: &str = "hosts";
    let shown = file.display();
    let fix = format!("add the line `127.0.0.1 {host}` to {shown} (as administrator)");
    let entries = std::fs::read_to_string(file)
        .map(|t| hosts_entries(&t, host))
        .unwrap_or_default();
    if let Some(a) = entries.first() {
        return if entries.iter().all(IpAddr::is_loopback) {
            ok(NAME, format!("{host} is {a} in {shown}"))
        } else {
            bad(
                NAME,
                Status::Fail,
                format!("{shown} sends {host} to {a}, not to this machine, so the browser would not reach the local runtime"),
                format!("change that line to `127.0.0.1 {host}`"),
            )
        };
    }
    match exec.resolve(host) {
        Ok(addrs) if addrs.iter().any(IpAddr::is_loopback) => ok(
            NAME,
            format!("{host} resolves to this machine through DNS (offline it needs an entry in {shown})"),
        ),
        Ok(addrs) => bad(
            NAME,
            Status::Fail,
            format!(
                "{host} resolves to {}, not to this machine (the local runtime answers there)",
                addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ")
            ),
            fix,
        ),
        Err(e) => bad(
            NAME,
            Status::Fail,
            format!("{host} does not resolve ({e}) and {shown} has no entry for it; `altinn-ls run` and `stack` serve the runtime there"),
            fix,
        ),
    }
}

/// The Studio server: which one, the credentials for it, whether it answers and takes them.
fn studio(url: Option<&str>, timeout: Duration) -> anyhow::Result<Vec<Check>> {
    let opts = SyncOptions::from_env();
    let base = match url {
        Some(u) => altinn_gitea::server::parse_url(u)
            .map(|p| altinn_gitea::server::normalize_base(&p))
            .map_err(|e| anyhow::anyhow!("--url {u}: {e}"))?,
        None => match ops::server_for(&opts) {
            Ok(b) => b,
            Err(_) => {
                return Ok(vec![bad(
                    "studio",
                    Status::Warn,
                    "no Altinn Studio server configured (only `sync` needs one)",
                    "log in with `altinn-ls sync login --url https://altinn.studio/repos`, or set ALTINN_STUDIO_URL",
                )])
            }
        },
    };
    let mut out = Vec::new();
    let logins = commands::rest_candidates(&base, &opts);
    let reach = api::probe_version(&base, &opts, timeout);
    match &reach {
        Ok(v) => out.push(ok("studio", format!("{base} answers (Gitea {v})"))),
        Err(e) => out.push(bad(
            "studio",
            Status::Fail,
            e.clone(),
            "check the URL (the Gitea root: https://<host>/repos on Altinn Studio), the network, a proxy (https_proxy) or ALTINN_STUDIO_CA_FILE; a slow server: --timeout SECONDS",
        )),
    }
    let login_fix =
        format!("log in with `altinn-ls sync login --url {base}`, or set ALTINN_STUDIO_TOKEN");
    let Some(first) = logins.first() else {
        out.push(bad(
            "credentials",
            Status::Warn,
            format!("no credentials for {base} (editor, ALTINN_STUDIO_TOKEN, stored login, git credential helper)"),
            login_fix,
        ));
        return Ok(out);
    };
    let source = first.source.label();
    if reach.is_err() {
        out.push(ok(
            "credentials",
            format!("{source} for {base} (not tried: the server does not answer)"),
        ));
        return Ok(out);
    }
    let checked = api::Api::new(&base, &opts, logins.clone()).and_then(|a| a.user());
    out.push(match checked {
        Ok(u) => ok("credentials", format!("{source}: logged in as {}", u.login)),
        Err(e) => bad(
            "credentials",
            Status::Fail,
            format!("{source} refused: {e}"),
            login_fix,
        ),
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_lines() {
        let t = "127.0.0.1 localhost\n# 10.0.0.1 local.altinn.cloud\n::1 ip6\n127.0.0.1\tfoo local.altinn.cloud # x\n";
        assert_eq!(
            hosts_entries(t, "local.altinn.cloud"),
            vec!["127.0.0.1".parse::<IpAddr>().unwrap()]
        );
        assert!(hosts_entries(t, "bar").is_empty());
    }

    #[test]
    fn numbers() {
        assert_eq!(leading_number("8.0"), Some(8));
        assert_eq!(leading_number("10.0.100"), Some(10));
        assert_eq!(leading_number("x"), None);
    }
}
