//! `altinn-ls stack` and `altinn-ls run`: drive docker compose / kubectl and the app runtime.
use altinn_stack::exec::SystemExec;
use altinn_stack::plan::{self, Engine, Target};
use altinn_stack::run::{self, RunOptions};
use altinn_stack::stack::{self, StackOptions};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// `--target`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetArg {
    /// This machine, with docker or podman compose.
    #[value(alias = "compose")]
    Local,
    /// A cluster, with kubectl apply -k.
    #[value(aliases = ["k8s", "kube"])]
    Kubernetes,
}

impl TargetArg {
    fn target(self) -> Target {
        match self {
            TargetArg::Local => Target::Local,
            TargetArg::Kubernetes => Target::Kubernetes,
        }
    }
}

/// `--engine`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineArg {
    Docker,
    Podman,
    /// Named only to say why it cannot work.
    #[value(name = "docker-compose", hide = true)]
    DockerComposeV1,
}

impl EngineArg {
    fn engine(self) -> anyhow::Result<Engine> {
        match self {
            EngineArg::Docker => Ok(Engine::Docker),
            EngineArg::Podman => Ok(Engine::Podman),
            EngineArg::DockerComposeV1 => {
                Engine::parse("docker-compose").map_err(anyhow::Error::msg)
            }
        }
    }
}

/// `--profile`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileArg {
    /// localtest, the PDF service and NGINX.
    Runtime,
    /// The runtime and the Designer, Gitea, PostgreSQL, Redis, OIDC mock.
    Studio,
}

#[derive(clap::Args, Clone, Debug)]
pub struct Common {
    /// Where to run: local (docker/podman compose) or kubernetes (kubectl apply -k).
    #[arg(long, value_enum, default_value_t = TargetArg::Local)]
    target: TargetArg,
    /// kubectl context (default: kubectl's current context).
    #[arg(long)]
    context: Option<String>,
    /// Kustomize overlay for --target kubernetes: local or production (or one of your stack folder's).
    #[arg(long, default_value = "local")]
    overlay: String,
    /// Compose engine (default: the first one found).
    #[arg(long, value_enum)]
    engine: Option<EngineArg>,
    /// The stack/ folder to deploy (default: ALTINN_STACK_DIR, else the copy built into altinn-ls; a stack/ in the current repository is used only when named here).
    #[arg(long)]
    stack_dir: Option<PathBuf>,
    /// Seconds to wait for health.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
    /// Print the commands that would be issued, run nothing.
    #[arg(long)]
    dry_run: bool,
    /// What to start.
    #[arg(long, value_enum, default_value_t = ProfileArg::Runtime)]
    profile: ProfileArg,
    /// Also start the Designer (= --profile studio); needs DESIGNER_IMAGE (not public).
    #[arg(long)]
    with_designer: bool,
    /// Also start the workflow engine (run starts it by itself for Altinn.App v9+ apps).
    #[arg(long)]
    with_workflow_engine: bool,
}

#[derive(clap::Args)]
pub struct StackArgs {
    #[command(subcommand)]
    action: StackAction,
}

#[derive(clap::Subcommand)]
enum StackAction {
    /// Start (or update) the stack, wait until it is healthy, print the URLs.
    Up {
        #[command(flatten)]
        common: Common,
        /// Do not wait for health.
        #[arg(long)]
        no_wait: bool,
    },
    /// Stop and remove the stack (compose: volumes are kept unless --volumes).
    Down {
        #[command(flatten)]
        common: Common,
        /// Also remove the volumes (repositories, database): compose volumes, or on Kubernetes the PersistentVolumeClaims and the namespace (`kubectl delete -k`).
        #[arg(long)]
        volumes: bool,
    },
    /// Show each part's state and the URLs (exit 1 unless every part is ready).
    Status {
        #[command(flatten)]
        common: Common,
        /// Print JSON: {target, parts: [{name, state, ready, running, health, ports}], urls, notes}.
        #[arg(long)]
        json: bool,
    },
    /// Show the logs (all parts, or the parts named).
    Logs {
        #[command(flatten)]
        common: Common,
        /// Keep following.
        #[arg(short, long)]
        follow: bool,
        /// Lines per part.
        #[arg(long, default_value_t = 200)]
        tail: u32,
        /// Parts: designer, runtime, gitea, nginx, postgres, redis, oidc-mock.
        parts: Vec<String>,
    },
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// The app (any folder in it; default: the current folder).
    path: Option<PathBuf>,
    /// Stop the app started by `altinn-ls run`.
    #[arg(long)]
    stop: bool,
    /// With --dry-run: print the plan as JSON.
    #[arg(long)]
    json: bool,
    /// Start the app with this shell command instead of `dotnet run` (it must listen on --port).
    #[arg(long)]
    app_command: Option<String>,
    /// The app's port (default APP_PORT from stack/compose/.env, 5005).
    #[arg(long)]
    port: Option<u16>,
    /// Start the app in the background (log in a file) instead of streaming its log.
    #[arg(long)]
    detach: bool,
    /// Seconds to wait for the app to answer.
    #[arg(long, default_value_t = 180)]
    app_timeout: u64,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    cluster: crate::cmd_cluster::ClusterArgs,
}

fn progress(msg: &str) {
    crate::spin::report(msg);
}

fn options(c: &Common) -> anyhow::Result<StackOptions> {
    let target = c.target.target();
    let cwd = std::env::current_dir()?;
    let dir =
        altinn_stack::layout::locate(c.stack_dir.as_deref(), &cwd).map_err(anyhow::Error::msg)?;
    let mut o = StackOptions::new(target, dir);
    o.context = c.context.clone();
    o.overlay = c.overlay.clone();
    o.engine = c.engine.map(EngineArg::engine).transpose()?;
    o.timeout_secs = c.timeout;
    o.designer = c.with_designer || c.profile == ProfileArg::Studio;
    o.workflow_engine = c.with_workflow_engine;
    Ok(o)
}

/// Could not run, or could not finish what was asked: exit 2 (see docs/cli.md).
fn fail(msg: String) -> anyhow::Result<ExitCode> {
    crate::spin::clear();
    eprintln!("altinn-ls: {msg}");
    Ok(crate::exit::could_not_run())
}

#[derive(Clone, Copy)]
enum Kind {
    Up,
    Down,
    Status,
    Logs,
}

pub fn run_stack(args: StackArgs) -> anyhow::Result<ExitCode> {
    // Flags a subcommand does not have are rejected by clap; here they take their defaults.
    let mut json = false;
    let (kind, common, no_wait, volumes, follow, tail, parts) = match args.action {
        StackAction::Up { common, no_wait } => (Kind::Up, common, no_wait, false, false, 0, vec![]),
        StackAction::Down { common, volumes } => {
            (Kind::Down, common, false, volumes, false, 0, vec![])
        }
        StackAction::Status { common, json: j } => {
            json = j;
            (Kind::Status, common, false, false, false, 0, vec![])
        }
        StackAction::Logs {
            common,
            follow,
            tail,
            parts,
        } => (Kind::Logs, common, false, false, follow, tail, parts),
    };
    let mut opts = options(&common)?;
    opts.wait = !no_wait;
    let exec = SystemExec;
    if common.dry_run {
        let engine = match opts.target {
            Target::Local => stack::detect_engine(&exec, opts.engine).unwrap_or(Engine::Docker),
            Target::Kubernetes => Engine::Docker,
        };
        let cmds = match kind {
            Kind::Up => {
                if opts.target == Target::Local && opts.designer {
                    if let Err(e) = altinn_stack::services::check_designer_images(&opts.stack_dir) {
                        return fail(e);
                    }
                }
                stack::plan_up(&opts, engine)
            }
            Kind::Down => stack::plan_down(&opts, engine, volumes),
            Kind::Status => match opts.target {
                Target::Local => vec![plan::compose_ps(engine, &opts.stack_dir)],
                Target::Kubernetes => vec![plan::kubectl_workloads(opts.context.as_deref())],
            },
            Kind::Logs => match opts.target {
                Target::Local => vec![plan::compose_logs(
                    engine,
                    &opts.stack_dir,
                    follow,
                    tail,
                    &parts,
                )],
                Target::Kubernetes => vec![plan::kubectl_logs(
                    opts.context.as_deref(),
                    follow,
                    tail,
                    parts.first().map(String::as_str),
                )],
            },
        };
        for c in cmds {
            println!("{c}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    match kind {
        Kind::Up => match crate::spin::done(stack::up(&exec, &opts, &progress)) {
            Ok(report) => {
                println!("Altinn Studio is up ({}):", report.target);
                print!("{}", report.to_text());
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => fail(e),
        },
        Kind::Down => match crate::spin::done(stack::down(&exec, &opts, volumes, &progress)) {
            Ok(msg) => {
                println!("{msg}");
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => fail(e),
        },
        Kind::Status => match stack::status(&exec, &opts) {
            Ok(report) if json => {
                println!("{}", report.to_json());
                let all = !report.parts.is_empty() && report.parts.iter().all(|p| p.ready);
                Ok(if all {
                    ExitCode::SUCCESS
                } else {
                    crate::exit::FOUND
                })
            }
            Ok(report) => {
                println!("Altinn Studio ({}):", report.target);
                print!("{}", report.to_text());
                let all = !report.parts.is_empty() && report.parts.iter().all(|p| p.ready);
                Ok(if all {
                    ExitCode::SUCCESS
                } else {
                    crate::exit::FOUND
                })
            }
            Err(e) => fail(e),
        },
        Kind::Logs => {
            let print = |l: &str| {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{l}");
            };
            match stack::logs(&exec, &opts, follow, tail, &parts, &print) {
                Ok(0) => Ok(ExitCode::SUCCESS),
                // The log command itself failed (compose or kubectl).
                Ok(_) => Ok(crate::exit::could_not_run()),
                Err(e) => fail(e),
            }
        }
    }
}

pub fn run_run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let exec = SystemExec;
    let cwd = std::env::current_dir()?;
    let workspace = match &args.path {
        Some(p) if p.is_absolute() => p.clone(),
        Some(p) => cwd.join(p),
        None => cwd,
    };
    if args.common.target == TargetArg::Kubernetes {
        let mode = crate::cmd_cluster::Mode {
            app_timeout_secs: args.app_timeout,
            stop: args.stop,
            detach: args.detach,
            dry_run: args.common.dry_run,
        };
        return crate::cmd_cluster::run(&args.cluster, options(&args.common)?, &workspace, mode);
    }
    if args.stop {
        return match crate::spin::done(run::stop(&exec, &workspace, None, &progress)) {
            Ok(msg) => {
                println!("{msg}");
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => fail(e),
        };
    }
    let opts = RunOptions {
        stack: options(&args.common)?,
        app_command: args.app_command.clone(),
        app_port: args.port,
        app_timeout_secs: args.app_timeout,
    };
    if args.common.dry_run {
        let engine = stack::detect_engine(&exec, opts.stack.engine).unwrap_or(Engine::Docker);
        let p = match run::plan(&exec, &workspace, &opts, engine, &progress) {
            Ok(p) => p,
            Err(e) => return fail(e),
        };
        if args.json {
            println!("{}", p.to_json());
        } else {
            print!("{}", p.to_text());
        }
        return Ok(ExitCode::SUCCESS);
    }

    let output = if args.detach {
        run::Output::LogFile
    } else {
        run::Output::Lines(Arc::new(|l: &str| {
            crate::spin::suspend(|| {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "[app] {l}");
            });
        }))
    };
    let mut running =
        match crate::spin::done(run::start(&exec, &workspace, &opts, output, &progress)) {
            Ok(r) => r,
            Err(e) => return fail(e),
        };
    match running.state {
        "running" => eprintln!("Open {}", running.url),
        _ => eprintln!("Still starting; it will be at {}", running.url),
    }
    if args.detach {
        if let Some(log) = &running.log {
            eprintln!("Log: {}  (stop with `altinn-ls run --stop`)", log.display());
        }
        println!("{}", running.url);
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("Streaming the app's log; Ctrl-C or `altinn-ls run --stop` stops it.");
    let code = running.proc.wait();
    if let Ok(app) = run::find_app(&workspace) {
        run::forget(&app.root);
    }
    eprintln!("The app exited (code {code}).");
    Ok(if code == 0 {
        ExitCode::SUCCESS
    } else {
        crate::exit::FOUND
    })
}
