//! `textDocument/inlayHint`: after a text key, its text in the editor's language
//! (`initialize.locale`, else the app's `nb`, else `en`), shortened.

use crate::session::Session;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub async fn handle(
    s: &Session,
    p: lsp::InlayHintParams,
) -> jsonrpc::Result<Option<Vec<lsp::InlayHint>>> {
    let languages = ide::inlay::languages_for_locale(s.client_info().locale.as_deref());
    s.call("textDocument/inlayHint", move |st| {
        let (ai, rel) = st.resolve_uri(&p.text_document.uri)?;
        let range = st.text_range(ai, &rel, p.range)?;
        let hints = ide::inlay_hints(&st.apps[ai].db, &rel, range, &languages);
        let out: Vec<lsp::InlayHint> = hints
            .into_iter()
            .filter_map(|h| {
                let pos = st
                    .lsp_range(ai, &rel, altinn_analysis::TextRange::empty(h.offset))?
                    .start;
                Some(lsp::InlayHint {
                    position: pos,
                    label: lsp::InlayHintLabel::String(h.label),
                    kind: None,
                    text_edits: None,
                    tooltip: Some(lsp::InlayHintTooltip::MarkupContent(lsp::MarkupContent {
                        kind: lsp::MarkupKind::Markdown,
                        value: h.tooltip,
                    })),
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                })
            })
            .collect();
        Some(out)
    })
    .await
}
