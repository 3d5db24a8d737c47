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
    let r = s
        .call("textDocument/rename", move |st| {
            let (ai, rel, off) =
                at(st, &tp.text_document.uri, tp.position).ok_or_else(|| NOT_IN_APP.to_string())?;
            let db = &st.apps[ai].db;
            let edits = ide::rename(db, &rel, off, &new_name)?;
            let renames = ide::file_renames(db, &rel, off, &new_name);
            Ok::<_, String>(workspace_edit(st, ai, edits, renames))
        })
        .await?;
    r.map(Some).map_err(request_failed)
}
