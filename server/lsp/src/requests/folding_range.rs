//! `textDocument/foldingRange`.

use crate::session::Session;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub async fn handle(
    s: &Session,
    p: lsp::FoldingRangeParams,
) -> jsonrpc::Result<Option<Vec<lsp::FoldingRange>>> {
    s.call("textDocument/foldingRange", move |st| {
        let (ai, rel) = st.resolve_uri(&p.text_document.uri)?;
        let ranges = ide::folding_ranges(&st.apps[ai].db, &rel);
        Some(
            ranges
                .into_iter()
                .filter_map(|r| {
                    let lr = st.lsp_range(ai, &rel, r)?;
                    (lr.end.line > lr.start.line).then_some(lsp::FoldingRange {
                        start_line: lr.start.line,
                        start_character: None,
                        end_line: lr.end.line,
                        end_character: None,
                        kind: None,
                        collapsed_text: None,
                    })
                })
                .collect(),
        )
    })
    .await
}
