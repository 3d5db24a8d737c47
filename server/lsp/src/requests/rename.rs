//! `textDocument/prepareRename` and `textDocument/rename`.

use super::workspace_edit::workspace_edit;
use super::{at, request_failed, zero, NOT_IN_APP};
use crate::session::Session;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub async fn prepare(
    s: &Session,
    p: lsp::TextDocumentPositionParams,
) -> jsonrpc::Result<Option<lsp::PrepareRenameResponse>> {
    let r = s
        .call("textDocument/prepareRename", move |st| {
            let (ai, rel, off) =
                at(st, &p.text_document.uri, p.position).ok_or_else(|| NOT_IN_APP.to_string())?;
            let (range, name) = ide::prepare_rename(&st.apps[ai].db, &rel, off)?;
            Ok::<_, String>(lsp::PrepareRenameResponse::RangeWithPlaceholder {
                range: st.lsp_range(ai, &rel, range).unwrap_or_else(zero),
                placeholder: name,
            })
        })
        .await?;
    r.map(Some).map_err(request_failed)
}

pub async fn handle(
    s: &Session,
    p: lsp::RenameParams,
) -> jsonrpc::Result<Option<lsp::WorkspaceEdit>> {
    let tp = p.text_document_position;
    let new_name = p.new_name;
    let rename_files = s.info.lock().map(|i| i.rename_files).unwrap_or(false);
    let r = s
        .call("textDocument/rename", move |st| {
            let (ai, rel, off) =
                at(st, &tp.text_document.uri, tp.position).ok_or_else(|| NOT_IN_APP.to_string())?;
            let db = &st.apps[ai].db;
            let edits = ide::rename(db, &rel, off, &new_name)?;
            let renames = ide::file_renames(db, &rel, off, &new_name);
            // A folder move (a task's `ui/<task>/`) is one rename operation; without it the
            // edits alone would leave the UI under the old task id.
            if let Some(f) = renames.iter().find(|r| db.file(&r.old).is_none()) {
                if !rename_files {
                    return Err(format!(
                        "This rename must move the folder {}/ to {}/, and the editor did not say it can rename files (workspaceEdit.resourceOperations 'rename'); rename the folder and the task yourself, or use an editor that can",
                        f.old, f.new
                    ));
                }
            }
            Ok::<_, String>(workspace_edit(st, ai, edits, renames))
        })
        .await?;
    r.map(Some).map_err(request_failed)
}
