//! What the server sends the client on its own: published diagnostics, `altinn/*`
//! notifications, messages and work-done progress. The state thread produces [`Out`] values
//! on one ordered channel; [`forward`] sends them in that order.

use crate::state::Out;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tower_lsp_server::ls_types::{self as lsp, notification::Notification};
use tower_lsp_server::Client;

/// `altinn/status` (server → client).
pub enum StatusNotification {}
impl Notification for StatusNotification {
    type Params = crate::state::StatusParams;
    const METHOD: &'static str = "altinn/status";
}

/// `altinn/runtime` (server → client).
pub enum RuntimeNotification {}
impl Notification for RuntimeNotification {
    type Params = crate::commands::RuntimeParams;
    const METHOD: &'static str = "altinn/runtime";
}

/// `altinn/sync` (server → client).
pub enum SyncNotification {}
impl Notification for SyncNotification {
    type Params = crate::commands::SyncParams;
    const METHOD: &'static str = "altinn/sync";
}

/// How long the client may take to create a progress token before we go on without one.
const CREATE_TIMEOUT: Duration = Duration::from_secs(5);

/// Sends what the state thread produced, in order.
pub async fn forward(client: Client, mut rx: UnboundedReceiver<Out>) {
    let mut tokens: HashSet<String> = HashSet::new();
    while let Some(o) = rx.recv().await {
        match o {
            Out::Publish {
                uri,
                diagnostics,
                version,
            } => client.publish_diagnostics(uri, diagnostics, version).await,
            Out::Status(v) => client.send_notification::<StatusNotification>(v).await,
            Out::ShowMessage(t, m) => client.show_message(t, m).await,
            Out::Log(t, m) => client.log_message(t, m).await,
            Out::ProgressBegin { token, title } => {
                let t = lsp::ProgressToken::String(token.clone());
                let created = tokio::time::timeout(
                    CREATE_TIMEOUT,
                    client.create_work_done_progress(t.clone()),
                )
                .await;
                if matches!(created, Ok(Ok(()))) {
                    tokens.insert(token);
                    progress(
                        &client,
                        t,
                        lsp::WorkDoneProgress::Begin(lsp::WorkDoneProgressBegin {
                            title,
                            cancellable: Some(false),
                            message: None,
                            percentage: Some(0),
                        }),
                    )
                    .await;
                }
            }
            Out::ProgressReport {
                token,
                message,
                percentage,
            } => {
                if tokens.contains(&token) {
                    progress(
                        &client,
                        lsp::ProgressToken::String(token),
                        lsp::WorkDoneProgress::Report(lsp::WorkDoneProgressReport {
                            cancellable: Some(false),
                            message: Some(message),
                            percentage: Some(percentage),
                        }),
                    )
                    .await;
                }
            }
            Out::ProgressEnd { token, message } => {
                if tokens.remove(&token) {
                    progress(
                        &client,
                        lsp::ProgressToken::String(token),
                        lsp::WorkDoneProgress::End(lsp::WorkDoneProgressEnd {
                            message: Some(message),
                        }),
                    )
                    .await;
                }
            }
        }
    }
}

async fn progress(client: &Client, token: lsp::ProgressToken, value: lsp::WorkDoneProgress) {
    client
        .send_notification::<lsp::notification::Progress>(lsp::ProgressParams {
            token,
            value: lsp::ProgressParamsValue::WorkDone(value),
        })
        .await;
}

/// Work-done progress for a long command: `begin` now, a `report` per message sent on the
/// returned channel, `end` when the channel closes. Without progress support in the client
/// (`supported`), the messages go to the log instead.
pub fn command_progress(client: &Client, supported: bool, title: &str) -> UnboundedSender<String> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let client = client.clone();
    let title = title.to_string();
    static N: AtomicU64 = AtomicU64::new(0);
    let token = lsp::ProgressToken::String(format!(
        "altinn-ls/command/{}",
        N.fetch_add(1, Ordering::SeqCst)
    ));
    tokio::spawn(async move {
        let created = supported
            && matches!(
                tokio::time::timeout(
                    CREATE_TIMEOUT,
                    client.create_work_done_progress(token.clone())
                )
                .await,
                Ok(Ok(()))
            );
        if created {
            progress(
                &client,
                token.clone(),
                lsp::WorkDoneProgress::Begin(lsp::WorkDoneProgressBegin {
                    title,
                    cancellable: Some(false),
                    message: None,
                    percentage: None,
                }),
            )
            .await;
        }
        while let Some(m) = rx.recv().await {
            if created {
                progress(
                    &client,
                    token.clone(),
                    lsp::WorkDoneProgress::Report(lsp::WorkDoneProgressReport {
                        cancellable: Some(false),
                        message: Some(m),
                        percentage: None,
                    }),
                )
                .await;
            } else {
                client.log_message(lsp::MessageType::INFO, m).await;
            }
        }
        if created {
            progress(
                &client,
                token,
                lsp::WorkDoneProgress::End(lsp::WorkDoneProgressEnd { message: None }),
            )
            .await;
        }
    });
    tx
}
