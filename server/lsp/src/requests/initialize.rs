//! `initialize`: what the client can do, the workspace folders, the position encoding and
//! the settings from `initializationOptions`; the scan itself waits for `initialized`.

use crate::capabilities::server_capabilities;
use crate::convert;
use crate::main_loop::Msg;
use crate::session::{ClientInfo, Session};
use std::path::PathBuf;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub async fn handle(
    s: &Session,
    params: lsp::InitializeParams,
) -> jsonrpc::Result<lsp::InitializeResult> {
    let (enc, enc_kind) = convert::negotiate_encoding(&params.capabilities);
    let folders = folder_paths(&params);
    let caps = &params.capabilities;
    let info = ClientInfo {
        configuration: caps
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false),
        dynamic_watch: caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        work_done_progress: caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        process_id: params.process_id,
        locale: params.locale.clone(),
        rename_files: caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&lsp::ResourceOperationKind::Rename)),
    };
    let settings = match params
        .initialization_options
        .as_ref()
        .map(crate::settings::from_initialization_options)
    {
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            s.client
                .show_message(
                    lsp::MessageType::ERROR,
                    format!("altinn-ls: ignoring bad initializationOptions: {e}"),
                )
                .await;
            None
        }
        None => None,
    };
    if let Some(pid) = info.process_id {
        crate::parent::watch(pid);
    }
    if let Ok(mut g) = s.info.lock() {
        *g = info;
    }
    if let Ok(mut g) = s.folders.lock() {
        *g = folders.clone();
    }
    s.send(Msg::Init {
        folders,
        enc,
        settings,
    });
    Ok(lsp::InitializeResult {
        capabilities: server_capabilities(enc_kind),
        server_info: Some(lsp::ServerInfo {
            name: "altinn-ls".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    })
}

/// The workspace folders; older clients send one `rootUri` or `rootPath`.
fn folder_paths(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    if let Some(f) = &params.workspace_folders {
        return f
            .iter()
            .filter_map(|w| convert::uri_to_path(&w.uri))
            .collect();
    }
    #[allow(deprecated)]
    if let Some(u) = &params.root_uri {
        return convert::uri_to_path(u).into_iter().collect();
    }
    #[allow(deprecated)]
    params
        .root_path
        .as_ref()
        .map(|p| vec![PathBuf::from(p)])
        .unwrap_or_default()
}
