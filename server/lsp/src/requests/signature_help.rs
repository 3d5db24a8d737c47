//! `textDocument/signatureHelp`: the expression function whose arguments the cursor is in.

use super::at;
use crate::session::Session;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub async fn handle(
    s: &Session,
    p: lsp::SignatureHelpParams,
) -> jsonrpc::Result<Option<lsp::SignatureHelp>> {
    let tp = p.text_document_position_params;
    s.call("textDocument/signatureHelp", move |st| {
        let (ai, rel, off) = at(st, &tp.text_document.uri, tp.position)?;
        let h = ide::signature_help(&st.apps[ai].db, &rel, off)?;
        let parameters = h
            .parameters
            .into_iter()
            .map(|p| lsp::ParameterInformation {
                label: lsp::ParameterLabel::Simple(p),
                documentation: None,
            })
            .collect();
        Some(lsp::SignatureHelp {
            signatures: vec![lsp::SignatureInformation {
                label: h.label,
                documentation: Some(lsp::Documentation::MarkupContent(lsp::MarkupContent {
                    kind: lsp::MarkupKind::Markdown,
                    value: h.documentation,
                })),
                parameters: Some(parameters),
                active_parameter: h.active_parameter,
            }],
            active_signature: Some(0),
            active_parameter: h.active_parameter,
        })
    })
    .await
}
