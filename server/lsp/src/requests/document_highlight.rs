//! `textDocument/documentHighlight`: the same id, text key, binding or page in this file.

use super::at;
use crate::session::Session;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub async fn handle(
    s: &Session,
    p: lsp::DocumentHighlightParams,
) -> jsonrpc::Result<Option<Vec<lsp::DocumentHighlight>>> {
    let tp = p.text_document_position_params;
    s.call("textDocument/documentHighlight", move |st| {
        let (ai, rel, off) = at(st, &tp.text_document.uri, tp.position)?;
        let out: Vec<lsp::DocumentHighlight> = ide::document_highlights(&st.apps[ai].db, &rel, off)
            .into_iter()
            .filter_map(|h| {
                Some(lsp::DocumentHighlight {
                    range: st.lsp_range(ai, &rel, h.range)?,
                    kind: Some(if h.declaration {
                        lsp::DocumentHighlightKind::WRITE
                    } else {
                        lsp::DocumentHighlightKind::READ
                    }),
                })
            })
            .collect();
        Some(out)
    })
    .await
}
