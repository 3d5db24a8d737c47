//! `textDocument/references`.

use super::{at, location};
use crate::session::Session;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub async fn handle(
    s: &Session,
    p: lsp::ReferenceParams,
) -> jsonrpc::Result<Option<Vec<lsp::Location>>> {
    let tp = p.text_document_position;
    let include = p.context.include_declaration;
    s.call("textDocument/references", move |st| {
        let (ai, rel, off) = at(st, &tp.text_document.uri, tp.position)?;
        let locs: Vec<lsp::Location> = ide::references(&st.apps[ai].db, &rel, off, include)
            .iter()
            .filter_map(|l| location(st, ai, l))
            .collect();
        Some(locs)
    })
    .await
}
