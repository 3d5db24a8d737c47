//! The LSP `workspace/executeCommand` entry point for the stack and run commands.
//!
//! Arguments (one JSON object, or an array whose first element is that object), all optional:
//! `target` ("local" | "kubernetes"), `context`, `overlay`, `engine` ("docker" | "podman"),
//! `stackDir`, `timeoutSecs`, `wait` (bool), `withDesigner` (bool: the Designer too),
//! `withWorkflowEngine` (bool; `run` starts it by itself for Altinn.App v9+); for `altinn.stack.down`
//! `volumes` (bool); for `altinn.run.start` `appCommand`, `port`, `appTimeoutSecs`; with
//! `target: "kubernetes"` `altinn.run.start|stop` act on the developer's instance in the
//! cluster (`user`, `runnerImage`, `maxUploadMb`; see [`crate::cluster`]).

use crate::exec::{Exec, Proc, SystemExec};
use crate::plan::{Engine, Target};
use crate::run::{self, RunInfo, RunOptions};
use crate::stack::{self, Report, StackOptions};
use serde::Serialize;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What the language server hands over.
pub struct CommandContext {
    pub workspace_root: PathBuf,
    pub progress: Box<dyn Fn(&str) + Send + Sync>,
}

/// The command names served here.
pub const COMMANDS: &[&str] = &[
    "altinn.stack.up",
    "altinn.stack.down",
    "altinn.stack.status",
    "altinn.run.start",
    "altinn.run.stop",
];

/// Apps started from the editor: kept so that stopping them also reaps them.
static RUNNING: Mutex<Vec<Box<dyn Proc>>> = Mutex::new(Vec::new());

/// `altinn.stack.down`.
#[derive(Clone, Debug, Serialize)]
pub struct DownResult {
    pub target: &'static str,
    pub message: String,
}

/// `altinn.run.stop`.
#[derive(Clone, Debug, Serialize)]
pub struct StopResult {
    /// always "stopped"
    pub state: &'static str,
    pub message: String,
}

/// What a stack or run command returns (serialized as the bare object).
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum StackOutput {
    /// `altinn.stack.up`, `altinn.stack.status`
    Report(Report),
    Down(DownResult),
    /// `altinn.run.start`
    Run(RunInfo),
    Stop(StopResult),
}

/// Run one command with the real system. `altinn.run.start` returns `{state, url, pid, log}`
/// (state "running" or "starting"), `altinn.run.stop` `{state: "stopped", message}`,
/// `altinn.stack.up`/`status` `{target, parts: [{name, state, ready}], urls: [{name, url}], notes}`,
/// `altinn.stack.down` `{target, message}`.
pub fn execute(name: &str, args: Value, ctx: &CommandContext) -> Result<StackOutput, String> {
    execute_with(&SystemExec, name, args, ctx)
}

/// [`execute`] with a substitute for the outside world (tests).
pub fn execute_with(
    exec: &dyn Exec,
    name: &str,
    args: Value,
    ctx: &CommandContext,
) -> Result<StackOutput, String> {
    let args = match args {
        Value::Array(mut a) if !a.is_empty() => a.swap_remove(0),
        Value::Array(_) | Value::Null => json!({}),
        other => other,
    };
    if !args.is_object() {
        return Err(format!("{name}: the argument must be a JSON object"));
    }
    let progress = |m: &str| (ctx.progress)(m);
    match name {
        "altinn.stack.up" => {
            let opts = stack_options(&args, &ctx.workspace_root)?;
            stack::up(exec, &opts, &progress).map(StackOutput::Report)
        }
        "altinn.stack.down" => {
            let opts = stack_options(&args, &ctx.workspace_root)?;
            let volumes = args
                .get("volumes")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let msg = stack::down(exec, &opts, volumes, &progress)?;
            Ok(StackOutput::Down(DownResult {
                target: opts.target.as_str(),
                message: msg,
            }))
        }
        "altinn.stack.status" => {
            let opts = stack_options(&args, &ctx.workspace_root)?;
            stack::status(exec, &opts).map(StackOutput::Report)
        }
        "altinn.run.start" | "altinn.run.stop" if is_kubernetes(&args) => crate::cluster::execute(
            exec,
            name,
            &args,
            &ctx.workspace_root,
            stack_options(&args, &ctx.workspace_root)?,
            &progress,
            &RUNNING,
        ),
        "altinn.run.start" => {
            let opts = RunOptions {
                stack: stack_options(&args, &ctx.workspace_root)?,
                app_command: str_arg(&args, "appCommand"),
                app_port: match args.get("port") {
                    None | Some(Value::Null) => None,
                    Some(v) => Some(
                        v.as_u64()
                            .and_then(|p| u16::try_from(p).ok())
                            .ok_or("port must be a number between 1 and 65535")?,
                    ),
                },
                app_timeout_secs: args
                    .get("appTimeoutSecs")
                    .and_then(Value::as_u64)
                    .unwrap_or(180),
            };
            let running = run::start(
                exec,
                &ctx.workspace_root,
                &opts,
                run::Output::LogFile,
                &progress,
            )?;
            let info = running.info();
            if let Ok(mut reg) = RUNNING.lock() {
                reg.push(running.proc);
            }
            Ok(StackOutput::Run(info))
        }
        "altinn.run.stop" => {
            let msg = run::stop(exec, &ctx.workspace_root, Some(&RUNNING), &progress)?;
            Ok(StackOutput::Stop(StopResult {
                state: "stopped",
                message: msg,
            }))
        }
        other => Err(format!(
            "unknown command '{other}' (known: {})",
            COMMANDS.join(", ")
        )),
    }
}

fn is_kubernetes(args: &Value) -> bool {
    str_arg(args, "target").and_then(|t| Target::parse(&t).ok()) == Some(Target::Kubernetes)
}

pub(crate) fn str_arg(args: &Value, key: &str) -> Option<String> {
    args.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
}

fn stack_options(args: &Value, workspace: &Path) -> Result<StackOptions, String> {
    let target = match str_arg(args, "target") {
        Some(t) => Target::parse(&t)?,
        None => Target::Local,
    };
    let explicit = str_arg(args, "stackDir").map(PathBuf::from);
    let dir = crate::layout::locate(explicit.as_deref(), workspace)?;
    let mut o = StackOptions::new(target, dir);
    o.context = str_arg(args, "context");
    if let Some(ov) = str_arg(args, "overlay") {
        o.overlay = ov;
    }
    if let Some(e) = str_arg(args, "engine") {
        o.engine = Some(Engine::parse(&e)?);
    }
    if let Some(t) = args.get("timeoutSecs").and_then(Value::as_u64) {
        o.timeout_secs = t;
    }
    if let Some(w) = args.get("wait").and_then(Value::as_bool) {
        o.wait = w;
    }
    o.designer = args
        .get("withDesigner")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    o.workflow_engine = args
        .get("withWorkflowEngine")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Ok(o)
}
