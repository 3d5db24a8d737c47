//! `workspace/executeCommand`: `altinn.check` and the test-only debug commands run on the
//! state thread; the sync, stack and run commands on a blocking thread with work-done
//! progress, followed by `altinn/sync` or `altinn/runtime` so the editor's status bar follows.

use crate::commands::{self, CommandOutput, RuntimeParams, RuntimeState, SyncParams};
use crate::outgoing::{self, RuntimeNotification, SyncNotification};
use crate::session::{internal, panic_message, Session};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use tower_lsp_server::jsonrpc::{self, Error, ErrorCode};
use tower_lsp_server::ls_types as lsp;

pub async fn handle(
    s: &Session,
    p: lsp::ExecuteCommandParams,
) -> jsonrpc::Result<Option<lsp::LSPAny>> {
    let name = p.command.as_str();
    if name == commands::CHECK {
        let summary = s.call("altinn.check", |st| st.check_everything()).await?;
        return Ok(Some(to_value(&CommandOutput::Check(summary))?));
    }
    if commands::debug_commands_enabled() {
        match name {
            commands::DEBUG_NOOP => {
                s.call("altinn.debug.noop", |_| ()).await?;
                return Ok(None);
            }
            commands::DEBUG_STATE => {
                let state = s.call("altinn.debug.state", |st| st.debug_state()).await?;
                return Ok(Some(to_value(&state)?));
            }
            commands::DEBUG_PANIC => {
                s.call("altinn.debug.panic", |_| -> () {
                    panic!("deliberate panic for testing")
                })
                .await?;
                return Ok(None);
            }
            _ => {}
        }
    }
    let roots = s
        .call("workspace/executeCommand", |st| {
            st.apps.iter().map(|a| a.loc.repo.clone()).collect()
        })
        .await?;
    let ptx = outgoing::command_progress(&s.client, s.progress_supported(), name);
    let progress: Box<dyn Fn(&str) + Send + Sync> = Box::new(move |m: &str| {
        let _ = ptx.send(m.to_string());
    });
    let ctx = s.command_context(roots, progress);
    let args = Value::Array(p.arguments);
    let command = p.command.clone();
    if command == commands::RUN_START {
        s.client
            .send_notification::<RuntimeNotification>(RuntimeParams::new(RuntimeState::Starting))
            .await;
    }
    let r = tokio::task::spawn_blocking(move || {
        catch_unwind(AssertUnwindSafe(|| commands::execute(&command, args, ctx)))
            .map_err(|p| panic_message(p.as_ref()))
    })
    .await;
    // Tell the editor what changed: the runtime's state, the sync counts.
    match (&r, name) {
        (Ok(Ok(Ok(CommandOutput::Sync(o)))), _) => {
            if let Some(sync) = SyncParams::from_output(o) {
                s.client.send_notification::<SyncNotification>(sync).await;
            }
        }
        (Ok(Ok(Ok(CommandOutput::Stack(o)))), _) => {
            if let Some(rt) = RuntimeParams::from_output(o) {
                s.client.send_notification::<RuntimeNotification>(rt).await;
            }
        }
        (_, commands::RUN_START) => {
            s.client
                .send_notification::<RuntimeNotification>(RuntimeParams::new(RuntimeState::Failed))
                .await;
        }
        _ => {}
    }
    match r {
        Ok(Ok(Ok(v))) => Ok(Some(to_value(&v)?)),
        Ok(Ok(Err(msg))) => Err(Error {
            code: ErrorCode::InvalidRequest,
            message: msg.into(),
            data: None,
        }),
        Ok(Err(p)) => Err(internal(format!("altinn-ls: internal error: {p}"))),
        Err(e) => Err(internal(format!("altinn-ls: command failed: {e}"))),
    }
}

fn to_value(v: &impl serde::Serialize) -> jsonrpc::Result<Value> {
    serde_json::to_value(v).map_err(|e| internal(format!("altinn-ls: {e}")))
}
