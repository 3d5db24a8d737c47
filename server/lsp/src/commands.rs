//! `workspace/executeCommand`: the command names pinned in ARCHITECTURE.md and their
//! dispatch to the sync (`altinn-gitea`) and stack/run (`altinn-stack`) crates.
//! Credentials from `altinn/setCredentials` live in memory only.

use crate::state::Summary;
use altinn_gitea::commands::SyncOutput;
use altinn_stack::commands::StackOutput;
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

pub fn is_sync(name: &str) -> bool {
    SYNC_COMMANDS.contains(&name)
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
    /// From a sync command's result; `None` when it says nothing about a repository
    /// (`altinn.sync.repos`).
    pub fn from_output(o: &SyncOutput) -> Option<Self> {
        let (ahead, behind, conflicts) = o.sync_state()?;
        Some(Self {
            ahead: ahead as u64,
            behind: behind as u64,
            conflicts: conflicts.to_vec(),
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

    /// From a run command's result; `None` for the stack commands.
    pub fn from_output(o: &StackOutput) -> Option<Self> {
        match o {
            StackOutput::Run(r) => Some(Self {
                state: if r.state == "starting" {
                    RuntimeState::Starting
                } else {
                    RuntimeState::Running
                },
                url: Some(r.url.clone()),
            }),
            StackOutput::Stop(_) => Some(Self::new(RuntimeState::Stopped)),
            StackOutput::Report(_) | StackOutput::Down(_) => None,
        }
    }
}

/// What `workspace/executeCommand` returns, serialized as the bare object: `altinn.check`
/// the counts, the sync commands at least `{ahead, behind, conflicts, changed, message}`,
/// the stack and run commands what [`StackOutput`] documents.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum CommandOutput {
    Check(Summary),
    Sync(SyncOutput),
    Stack(StackOutput),
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

/// The absolute folder an argument object names with `path` (`{path}` or `[{path}]`): code
/// lenses and code actions pass the app of the file they were offered in.
fn path_arg(args: &Value) -> Option<PathBuf> {
    let v = args.get("path").or_else(|| args.get(0)?.get("path"))?;
    let p = PathBuf::from(v.as_str()?);
    p.is_absolute().then_some(p)
}

/// Runs a sync/stack/run command. Blocking: call it on a blocking thread.
pub fn execute(name: &str, args: Value, ctx: CommandContext) -> Result<CommandOutput, String> {
    // Clone and repos work outside any app: their folder stays the workspace's.
    let own_app = !matches!(name, "altinn.sync.clone" | "altinn.sync.repos");
    let root = path_arg(&args)
        .filter(|_| own_app)
        .unwrap_or_else(|| ctx.root());
    if is_sync(name) {
        let c = altinn_gitea::commands::CommandContext {
            workspace_root: root,
            credentials: ctx.credentials,
            progress: ctx.progress,
        };
        return altinn_gitea::commands::execute(name, args, &c).map(CommandOutput::Sync);
    }
    if altinn_stack::commands::COMMANDS.contains(&name) {
        let c = altinn_stack::commands::CommandContext {
            workspace_root: root,
            progress: ctx.progress,
        };
        return altinn_stack::commands::execute(name, args, &c).map(CommandOutput::Stack);
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

    #[test]
    fn results_and_notifications_keep_their_wire_shape() {
        use altinn_gitea::commands::LoginResult;
        use altinn_stack::commands::StopResult;
        use altinn_stack::run::RunInfo;
        use serde_json::json;
        let check = CommandOutput::Check(Summary {
            apps: 1,
            files: 2,
            errors: 3,
            warnings: 4,
            information: 5,
            hints: 6,
        });
        assert_eq!(
            serde_json::to_value(&check).unwrap(),
            json!({"apps": 1, "files": 2, "errors": 3, "warnings": 4, "information": 5, "hints": 6})
        );
        let login = SyncOutput::Login(LoginResult {
            ok: true,
            url: "https://x/repos".into(),
            user: "u".into(),
            name: "N".into(),
            email: "e@x".into(),
            message: "Logged in".into(),
            ahead: 0,
            behind: 0,
            conflicts: Vec::new(),
            changed: Vec::new(),
        });
        assert_eq!(
            serde_json::to_value(CommandOutput::Sync(login.clone())).unwrap(),
            json!({"ok": true, "url": "https://x/repos", "user": "u", "name": "N", "email": "e@x",
                   "message": "Logged in", "ahead": 0, "behind": 0, "conflicts": [], "changed": []})
        );
        assert_eq!(
            serde_json::to_value(SyncParams::from_output(&login).unwrap()).unwrap(),
            json!({"ahead": 0, "behind": 0, "conflicts": []})
        );
        let run = StackOutput::Run(RunInfo {
            state: "starting",
            url: "http://local/".into(),
            pid: 7,
            log: None,
        });
        assert_eq!(
            serde_json::to_value(CommandOutput::Stack(run.clone())).unwrap(),
            json!({"state": "starting", "url": "http://local/", "pid": 7, "log": null})
        );
        assert_eq!(
            serde_json::to_value(RuntimeParams::from_output(&run).unwrap()).unwrap(),
            json!({"state": "starting", "url": "http://local/"})
        );
        let stop = StackOutput::Stop(StopResult {
            state: "stopped",
            message: "m".into(),
        });
        assert_eq!(
            serde_json::to_value(RuntimeParams::from_output(&stop).unwrap()).unwrap(),
            json!({"state": "stopped"})
        );
        assert_eq!(
            serde_json::to_value(RuntimeParams::new(RuntimeState::Failed)).unwrap(),
            json!({"state": "failed"})
        );
    }
}
