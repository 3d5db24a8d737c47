//! `textDocument/documentLink`: references to other files and URLs.

use crate::session::Session;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub async fn handle(
    s: &Session,
    p: lsp::DocumentLinkParams,
) -> jsonrpc::Result<Option<Vec<lsp::DocumentLink>>> {
    s.call("textDocument/documentLink", move |st| {
        let (ai, rel) = st.resolve_uri(&p.text_document.uri)?;
        let links = ide::document_links(&st.apps[ai].db, &rel);
        Some(
            links
                .into_iter()
                .filter_map(|l| {
                    let target = match &l.target {
                        ide::LinkTarget::File(f) => st.uri_of(ai, f)?,
                        ide::LinkTarget::Url(u) => crate::convert::parse_uri(u)?,
                    };
                    Some(lsp::DocumentLink {
                        range: st.lsp_range(ai, &rel, l.range)?,
                        target: Some(target),
                        tooltip: None,
                        data: None,
                    })
                })
                .collect(),
        )
    })
    .await
}
