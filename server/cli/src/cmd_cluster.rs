//! `altinn-ls run --target kubernetes`: the app in the developer's own instance in the team's
//! cluster (see altinn_stack::cluster). Flags here; `cmd_stack::run_run` dispatches.
use altinn_stack::cluster::{self, ClusterOptions};
use altinn_stack::exec::SystemExec;
use altinn_stack::run;
use altinn_stack::stack::StackOptions;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args, Clone, Debug, Default)]
pub struct ClusterArgs {
    /// --target kubernetes: who you are, for the instance's name and owner label (default: git config user.email, the kube context's user, $USER).
    #[arg(long)]
    user: Option<String>,
    /// --target kubernetes: the runner image (default: mcr.microsoft.com/dotnet/sdk:<the app's .NET version>; or ALTINN_LS_RUNNER_IMAGE).
    #[arg(long)]
    runner_image: Option<String>,
    /// --target kubernetes: refuse to copy an app bigger than this (MB, without bin/ obj/ .git/ node_modules/).
    #[arg(long, default_value_t = 100)]
    max_upload_mb: u64,
}

fn progress(msg: &str) {
    crate::spin::report(msg);
}

/// Could not run, or could not finish what was asked: exit 2 (see docs/cli.md).
fn fail(msg: String) -> anyhow::Result<ExitCode> {
    crate::spin::clear();
    eprintln!("altinn-ls: {msg}");
    Ok(crate::exit::could_not_run())
}

pub struct Mode {
    pub app_timeout_secs: u64,
    pub stop: bool,
    pub detach: bool,
    pub dry_run: bool,
}

pub fn run(
    args: &ClusterArgs,
    stack: StackOptions,
    workspace: &Path,
    mode: Mode,
) -> anyhow::Result<ExitCode> {
    let exec = SystemExec;
    let mut opts = ClusterOptions::new(stack);
    opts.user = args.user.clone();
    opts.image = args.runner_image.clone();
    opts.max_upload_bytes = args.max_upload_mb.saturating_mul(1024 * 1024);
    opts.app_timeout_secs = mode.app_timeout_secs;
    if mode.dry_run {
        let lines = if mode.stop {
            cluster::plan_stop(&exec, workspace, &opts)
        } else {
            cluster::dry_run(&exec, workspace, &opts)
        };
        return match lines {
            Ok(lines) => {
                for l in lines {
                    println!("{l}");
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => fail(e),
        };
    }
    if mode.stop {
        return match crate::spin::done(cluster::stop(&exec, workspace, &opts, &progress)) {
            Ok(msg) => {
                println!("{msg}");
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => fail(e),
        };
    }
    let output = if mode.detach {
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
        match crate::spin::done(cluster::start(&exec, workspace, &opts, output, &progress)) {
            Ok(r) => r,
            Err(e) => return fail(e),
        };
    match running.state {
        "running" => eprintln!("Open {}", running.url),
        _ => eprintln!("Still starting; it will be at {}", running.url),
    }
    if mode.detach {
        if let Some(log) = &running.log {
            eprintln!(
                "Log: {}  (the instance keeps running: `altinn-ls run --target kubernetes --stop` deletes it)",
                log.display()
            );
        }
        println!("{}", running.url);
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("Streaming the instance's log; Ctrl-C stops streaming (the instance keeps running until `altinn-ls run --target kubernetes --stop` or the idle reaper).");
    let code = running.proc.wait();
    // the lines kubectl wrote last are still in the pipe readers' hands: let them print
    std::thread::sleep(std::time::Duration::from_millis(300));
    eprintln!("The log stream ended (code {code}).");
    Ok(ExitCode::SUCCESS)
}
