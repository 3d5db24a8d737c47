//! `textDocument/definition`.

use super::{at, location};
use crate::session::Session;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub async fn handle(
    s: &Session,
    p: lsp::GotoDefinitionParams,
) -> jsonrpc::Result<Option<lsp::GotoDefinitionResponse>> {
    let tp = p.text_document_position_params;
    s.call("textDocument/definition", move |st| {
        let (ai, rel, off) = at(st, &tp.text_document.uri, tp.position)?;
        let locs: Vec<lsp::Location> = ide::definition(&st.apps[ai].db, &rel, off)
            .iter()
            .filter_map(|l| location(st, ai, l))
            .collect();
        if locs.is_empty() {
            None
        } else {
            Some(lsp::GotoDefinitionResponse::Array(locs))
        }
    })
    .await
}
