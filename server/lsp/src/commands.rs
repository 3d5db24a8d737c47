//! `workspace/executeCommand`: the command names pinned in ARCHITECTURE.md and their
//! dispatch to the sync and stack crates. Credentials from `altinn/setCredentials` live
//! here, in memory only.

use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::path::PathBuf;

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
];
pub const STACK_COMMANDS: &[&str] = &[
    "altinn.stack.up",
    "altinn.stack.down",
    "altinn.stack.status",
    "altinn.run.start",
    "altinn.run.stop",
];

/// Every command the server announces.
pub fn all() -> Vec<String> {
    std::iter::once(CHECK)
        .chain(SYNC_COMMANDS.iter().copied())
        .chain(STACK_COMMANDS.iter().copied())
        .map(str::to_string)
        .collect()
}

pub fn debug_commands_enabled() -> bool {
    std::env::var("ALTINN_LS_DEBUG_COMMANDS").is_ok_and(|v| v == "1")
}

/// `altinn/setCredentials` params. The token never appears in Debug output or logs.
#[derive(Clone, Deserialize)]
pub struct Credentials {
    pub url: String,
    pub user: String,
    pub token: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("url", &self.url)
            .field("user", &self.user)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// What a command handler gets to know about the workspace.
#[derive(Debug, Clone, Default)]
pub struct CommandContext {
    pub workspace_folders: Vec<PathBuf>,
    /// Repository folders of the apps found (each holds `App/`).
    pub app_roots: Vec<PathBuf>,
    pub credentials: Option<Credentials>,
}

/// Runs a sync/stack/run command. Blocking: call it off the async runtime's core threads.
pub fn execute(name: &str, _args: Value, _ctx: CommandContext) -> Result<Value, String> {
    if SYNC_COMMANDS.contains(&name) {
        return Err(format!(
            "command '{name}' is not available yet in this build of altinn-ls (Gitea sync is not wired in)"
        ));
    }
    if STACK_COMMANDS.contains(&name) {
        return Err(format!(
            "command '{name}' is not available yet in this build of altinn-ls (stack/run is not wired in)"
        ));
    }
    Err(format!("unknown command '{name}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_debug_redacts_the_token() {
        let c = Credentials {
            url: "https://x".into(),
            user: "u".into(),
            token: "s3cret".into(),
        };
        let s = format!("{c:?}");
        assert!(!s.contains("s3cret") && s.contains("redacted"));
    }

    #[test]
    fn unknown_and_unwired_commands_are_errors() {
        let e = execute("altinn.sync.pull", Value::Null, CommandContext::default()).unwrap_err();
        assert!(e.contains("not available"));
        assert!(execute("nope", Value::Null, CommandContext::default())
            .unwrap_err()
            .contains("unknown"));
    }
}
