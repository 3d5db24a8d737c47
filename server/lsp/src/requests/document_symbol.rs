//! `textDocument/documentSymbol`: the outline.

use super::zero;
use crate::session::Session;
use crate::state::State;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub(super) fn kind(k: ide::SymbolKind) -> lsp::SymbolKind {
    use ide::SymbolKind as K;
    match k {
        K::File => lsp::SymbolKind::FILE,
        K::Page => lsp::SymbolKind::NAMESPACE,
        K::Component => lsp::SymbolKind::OBJECT,
        K::TextKey => lsp::SymbolKind::STRING,
        K::Task => lsp::SymbolKind::FUNCTION,
        K::Event => lsp::SymbolKind::EVENT,
        K::Gateway => lsp::SymbolKind::OPERATOR,
        K::DataType => lsp::SymbolKind::STRUCT,
        K::Property => lsp::SymbolKind::PROPERTY,
        K::LayoutSet => lsp::SymbolKind::PACKAGE,
        K::Other => lsp::SymbolKind::KEY,
    }
}

#[allow(deprecated)]
fn symbol(st: &State, ai: usize, rel: &str, s: ide::Symbol) -> lsp::DocumentSymbol {
    let range = st.lsp_range(ai, rel, s.range).unwrap_or_else(zero);
    let mut sel = st.lsp_range(ai, rel, s.selection_range).unwrap_or(range);
    // LSP requires the selection range inside the full range.
    if sel.start < range.start || sel.end > range.end {
        sel = range;
    }
    let children: Vec<lsp::DocumentSymbol> = s
        .children
        .into_iter()
        .map(|c| symbol(st, ai, rel, c))
        .collect();
    lsp::DocumentSymbol {
        name: if s.name.is_empty() {
            "(unnamed)".into()
        } else {
            s.name
        },
        detail: s.detail,
        kind: kind(s.kind),
        tags: None,
        deprecated: None,
        range,
        selection_range: sel,
        children: if children.is_empty() {
            None
        } else {
            Some(children)
        },
    }
}

pub async fn handle(
    s: &Session,
    p: lsp::DocumentSymbolParams,
) -> jsonrpc::Result<Option<lsp::DocumentSymbolResponse>> {
    s.call("textDocument/documentSymbol", move |st| {
        let (ai, rel) = st.resolve_uri(&p.text_document.uri)?;
        let syms = ide::document_symbols(&st.apps[ai].db, &rel);
        let v: Vec<lsp::DocumentSymbol> =
            syms.into_iter().map(|s| symbol(st, ai, &rel, s)).collect();
        Some(lsp::DocumentSymbolResponse::Nested(v))
    })
    .await
}
