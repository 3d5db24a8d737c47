//! `workspace/symbol`: component ids, pages, layout sets, text keys, process tasks and data
//! models of every app, best matches first, at most [`MAX_SYMBOLS`].

use super::document_symbol;
use crate::session::Session;
use altinn_analysis::ide;
use std::collections::HashMap;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

/// A large app has tens of thousands of names: the client asks again as the user types
/// (rust-analyzer's cap too).
pub const MAX_SYMBOLS: usize = 128;

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
        // Only the kept symbols are converted: one URI per file, one name per app.
        let mut uris: HashMap<(usize, String), Option<lsp::Uri>> = HashMap::new();
        let mut names: HashMap<usize, String> = HashMap::new();
        let mut out: Vec<lsp::SymbolInformation> = Vec::with_capacity(found.len());
        for (ai, w) in found {
            let file = w.location.file;
            let uri = match uris.get(&(ai, file.clone())) {
                Some(u) => u.clone(),
                None => {
                    let u = st.uri_of(ai, &file);
                    uris.insert((ai, file.clone()), u.clone());
                    u
                }
            };
            let Some(uri) = uri else { continue };
            let range = st
                .lsp_range(ai, &file, w.location.range)
                .unwrap_or_default();
            let app = names.entry(ai).or_insert_with(|| st.app_name(ai));
            out.push(lsp::SymbolInformation {
                location: lsp::Location::new(uri, range),
                name: w.name,
                kind: document_symbol::kind(w.kind),
                tags: None,
                deprecated: None,
                container_name: Some(match w.container {
                    Some(c) => format!("{app} / {c}"),
                    None => app.clone(),
                }),
            });
        }
        Some(lsp::WorkspaceSymbolResponse::Flat(out))
    })
    .await
}
