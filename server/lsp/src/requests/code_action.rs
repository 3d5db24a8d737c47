//! `textDocument/codeAction`: quick fixes for the diagnostics at the range.

use super::workspace_edit::workspace_edit;
use crate::session::Session;
use altinn_analysis::ide;
use altinn_analysis::TextRange;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub async fn handle(
    s: &Session,
    p: lsp::CodeActionParams,
) -> jsonrpc::Result<Option<lsp::CodeActionResponse>> {
    s.call("textDocument/codeAction", move |st| {
        let (ai, rel) = st.resolve_uri(&p.text_document.uri)?;
        let range: TextRange = st.text_range(ai, &rel, p.range)?;
        let all = st.file_diagnostics(ai, &rel);
        let all_lsp = st.to_lsp(ai, &rel, &all);
        // The diagnostics the client sent, matched to ours; else ours that touch the range.
        let mut picked: Vec<usize> = p
            .context
            .diagnostics
            .iter()
            .filter_map(|cd| {
                all_lsp.iter().position(|d| {
                    d.range == cd.range && d.code == cd.code && d.message == cd.message
                })
            })
            .collect();
        if picked.is_empty() {
            picked = all
                .iter()
                .enumerate()
                .filter(|(_, d)| d.range.start <= range.end && range.start <= d.range.end)
                .map(|(i, _)| i)
                .collect();
        }
        let diags: Vec<_> = picked.iter().map(|&i| all[i].clone()).collect();
        let actions = ide::code_actions(&st.apps[ai].db, &rel, range, &diags);
        let out: Vec<lsp::CodeActionOrCommand> = actions
            .into_iter()
            .map(|a| {
                let diagnostic = a
                    .diagnostic_index
                    .and_then(|i| picked.get(i))
                    .map(|&i| vec![all_lsp[i].clone()]);
                lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: a.title,
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: diagnostic,
                    edit: Some(workspace_edit(st, ai, a.edits, Vec::new())),
                    is_preferred: Some(a.is_preferred),
                    ..Default::default()
                })
            })
            .collect();
        Some(out)
    })
    .await
}
