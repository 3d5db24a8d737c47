//! `workspace/executeCommand`: the command names pinned in ARCHITECTURE.md and their
//! dispatch to the sync (`altinn-gitea`) and stack/run (`altinn-stack`) crates.
//! Credentials from `altinn/setCredentials` live in memory only.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::PathBuf;

pub use altinn_gitea::Credentials;

pub const CHECK: &str = "altinn.check";
/// Test-only command (enabled by `ALTINN_LS_DEBUG_COMMANDS=1`): panics inside a request.
pub const DEBUG_PANIC: &str = "altinn.debug.panic";
/// Test-only command: a round trip through the state owner's ordered queue.
pub const DEBUG_NOOP: &str = "altinn.debug.noop";
/// Test-only command: every diagnostic published so far and the open documents' texts.
pub const DEBUG_STATE: &str = "altinn.debug.state";

pub const SYNC_COMMANDS: &[&str] = &[
    "altinn.sync.login",
    "altinn.sync.status",
    "altinn.sync.pull",
    "altinn.sync.push",
    "altinn.sync.clone",
    "altinn.sync.repos",
];

/// Every command the server announces.
pub fn all() -> Vec<String> {
    std::iter::once(CHECK)
        .chain(SYNC_COMMANDS.iter().copied())
        .chain(altinn_stack::commands::COMMANDS.iter().copied())
        .map(str::to_string)
        .collect()
}

pub const RUN_START: &str = "altinn.run.start";
pub const RUN_STOP: &str = "altinn.run.stop";

pub fn is_sync(name: &str) -> bool {
    SYNC_COMMANDS.contains(&name)
}

pub fn is_run(name: &str) -> bool {
    name.starts_with("altinn.run.")
}

pub fn debug_commands_enabled() -> bool {
    std::env::var("ALTINN_LS_DEBUG_COMMANDS").is_ok_and(|v| v == "1")
}

/// `altinn/sync` (server → client): the repository's state after a sync command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncParams {
    pub ahead: u64,
    pub behind: u64,
    pub conflicts: Vec<String>,
}

impl SyncParams {
    /// From a sync command's result; `None` when it says nothing about the repository
    /// (`altinn.sync.repos`).
    pub fn from_result(v: &Value) -> Option<Self> {
        let ahead = v.get("ahead")?.as_u64().unwrap_or(0);
        Some(Self {
            ahead,
            behind: v.get("behind").and_then(Value::as_u64).unwrap_or(0),
            conflicts: v
                .get("conflicts")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}

/// The app's state in `altinn/runtime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuntimeState {
    Starting,
    Running,
    Stopped,
    Failed,
}

/// `altinn/runtime` (server → client): `{state, url?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuntimeParams {
    pub state: RuntimeState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl RuntimeParams {
    pub fn new(state: RuntimeState) -> Self {
        Self { state, url: None }
    }

    /// From a run command's result (`{state, url?}`); a missing state is what the
    /// command did (started or stopped).
    pub fn from_result(name: &str, v: &Value) -> Self {
        let state = match v.get("state").and_then(Value::as_str) {
            Some("starting") => RuntimeState::Starting,
            Some("running") => RuntimeState::Running,
            Some("stopped") => RuntimeState::Stopped,
            Some("failed") => RuntimeState::Failed,
            _ if name == RUN_STOP => RuntimeState::Stopped,
            _ => RuntimeState::Running,
        };
        Self {
            state,
            url: v.get("url").and_then(Value::as_str).map(str::to_string),
        }
    }
}

/// What a command handler gets to know about the workspace.
pub struct CommandContext {
    pub workspace_folders: Vec<PathBuf>,
    /// Repository folders of the apps found (each holds `App/`).
    pub app_roots: Vec<PathBuf>,
    pub credentials: Option<Credentials>,
    pub progress: Box<dyn Fn(&str) + Send + Sync>,
}

impl CommandContext {
    /// The folder commands work in: the first app's repository, else the first folder.
    fn root(&self) -> PathBuf {
        self.app_roots
            .first()
            .or(self.workspace_folders.first())
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// Runs a sync/stack/run command. Blocking: call it on a blocking thread.
pub fn execute(name: &str, args: Value, ctx: CommandContext) -> Result<Value, String> {
    let root = ctx.root();
    if is_sync(name) {
        let c = altinn_gitea::commands::CommandContext {
            workspace_root: root,
            credentials: ctx.credentials,
            progress: ctx.progress,
        };
        return altinn_gitea::commands::execute(name, args, &c);
    }
    if altinn_stack::commands::COMMANDS.contains(&name) {
        let c = altinn_stack::commands::CommandContext {
            workspace_root: root,
            progress: ctx.progress,
        };
        return altinn_stack::commands::execute(name, args, &c);
    }
    Err(format!("unknown command '{name}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> CommandContext {
        CommandContext {
            workspace_folders: Vec::new(),
            app_roots: Vec::new(),
            credentials: None,
            progress: Box::new(|_| {}),
        }
    }

    #[test]
    fn credentials_debug_redacts_the_token() {
        let c: Credentials = serde_json::from_value(
            serde_json::json!({"url": "https://x", "user": "u", "token": "s3cret"}),
        )
        .unwrap();
        let s = format!("{c:?}");
        assert!(!s.contains("s3cret"), "{s}");
    }

    #[test]
    fn announces_the_pinned_commands_and_rejects_unknown_ones() {
        let all = all();
        for n in [
            "altinn.check",
            "altinn.sync.login",
            "altinn.sync.status",
            "altinn.sync.pull",
            "altinn.sync.push",
            "altinn.stack.up",
            "altinn.stack.down",
            "altinn.stack.status",
            "altinn.run.start",
            "altinn.run.stop",
        ] {
            assert!(all.iter().any(|a| a == n), "{n}");
        }
        assert!(execute("nope", Value::Null, ctx())
            .unwrap_err()
            .contains("unknown"));
    }
}
