//! `workspace/symbol`: component ids, pages, layout sets, text keys, process tasks and data
//! models of every app, best matches first, at most [`MAX_SYMBOLS`].

use super::{document_symbol, location};
use crate::session::Session;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

/// A large app has tens of thousands of names: the client asks again as the user types.
pub const MAX_SYMBOLS: usize = 256;

#[allow(deprecated)]
pub async fn handle(
    s: &Session,
    p: lsp::WorkspaceSymbolParams,
) -> jsonrpc::Result<Option<lsp::WorkspaceSymbolResponse>> {
    s.call("workspace/symbol", move |st| {
        let mut found: Vec<(usize, ide::WorkspaceSymbol)> = Vec::new();
        for ai in 0..st.apps.len() {
            let syms = ide::workspace_symbols(&st.apps[ai].db, &p.query, MAX_SYMBOLS);
            found.extend(syms.into_iter().map(|w| (ai, w)));
        }
        found.sort_by(|(a, x), (b, y)| {
            (x.score, &x.name, a, &x.location).cmp(&(y.score, &y.name, b, &y.location))
        });
        found.truncate(MAX_SYMBOLS);
        let out: Vec<lsp::SymbolInformation> = found
            .into_iter()
            .filter_map(|(ai, w)| {
                let app = st.app_name(ai);
                Some(lsp::SymbolInformation {
                    location: location(st, ai, &w.location)?,
                    name: w.name,
                    kind: document_symbol::kind(w.kind),
                    tags: None,
                    deprecated: None,
                    container_name: Some(match w.container {
                        Some(c) => format!("{app} / {c}"),
                        None => app,
                    }),
                })
            })
            .collect();
        Some(lsp::WorkspaceSymbolResponse::Flat(out))
    })
    .await
}
