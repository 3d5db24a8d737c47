//! `textDocument/hover`.

use super::at;
use crate::session::Session;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub async fn handle(s: &Session, p: lsp::HoverParams) -> jsonrpc::Result<Option<lsp::Hover>> {
    let tp = p.text_document_position_params;
    s.call("textDocument/hover", move |st| {
        let (ai, rel, off) = at(st, &tp.text_document.uri, tp.position)?;
        let h = ide::hover(&st.apps[ai].db, &rel, off)?;
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: h.markdown,
            }),
            range: st.lsp_range(ai, &rel, h.range),
        })
    })
    .await
}
