//! `textDocument/codeAction`: quick fixes for the diagnostics at the range, and `source`
//! actions that run the server's commands on the file's app (status, fetch, share, run,
//! check), so a client without a command palette for them (LSP4IJ) needs no terminal.

use super::workspace_edit::workspace_edit;
use crate::session::Session;
use altinn_analysis::ide;
use altinn_analysis::TextRange;
use serde_json::json;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

/// The kind of the command actions (a `source` action: offered anywhere in a file, listed
/// under "Source Action..." in VS Code).
pub const SOURCE_ALTINN: &str = "source.altinn";

/// Title and command of each command action, in the order offered.
pub const COMMAND_ACTIONS: &[(&str, &str)] = &[
    ("Altinn: show status", "altinn.sync.status"),
    ("Altinn: fetch changes from Studio", "altinn.sync.pull"),
    ("Altinn: share changes to Studio", "altinn.sync.push"),
    ("Altinn: run app", "altinn.run.start"),
    ("Altinn: stop app", "altinn.run.stop"),
    ("Altinn: check all apps", "altinn.check"),
];

/// Whether the client asked for actions of `kind` (`only` absent: every kind).
fn wanted(only: &Option<Vec<lsp::CodeActionKind>>, kind: &str) -> bool {
    only.as_ref().is_none_or(|o| {
        o.iter()
            .any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str())))
    })
}

pub async fn handle(
    s: &Session,
    p: lsp::CodeActionParams,
) -> jsonrpc::Result<Option<lsp::CodeActionResponse>> {
    s.call("textDocument/codeAction", move |st| {
        let (ai, rel) = st.resolve_uri(&p.text_document.uri)?;
        let only = p.context.only.clone();
        let mut out: Vec<lsp::CodeActionOrCommand> = Vec::new();
        if !wanted(&only, lsp::CodeActionKind::QUICKFIX.as_str()) {
            out.extend(command_actions(st, ai, &only));
            return Some(out);
        }
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
        let fixes = actions.into_iter().map(|a| {
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
        });
        out.extend(fixes);
        out.extend(command_actions(st, ai, &only));
        Some(out)
    })
    .await
}

/// The command actions for app `ai`, each with the app's repository as `path`.
fn command_actions(
    st: &crate::state::State,
    ai: usize,
    only: &Option<Vec<lsp::CodeActionKind>>,
) -> Vec<lsp::CodeActionOrCommand> {
    if !wanted(only, SOURCE_ALTINN) {
        return Vec::new();
    }
    let path = st.apps[ai].loc.repo.to_string_lossy().to_string();
    COMMAND_ACTIONS
        .iter()
        .map(|(title, command)| {
            lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: (*title).to_string(),
                kind: Some(lsp::CodeActionKind::new(SOURCE_ALTINN)),
                command: Some(lsp::Command {
                    title: (*title).to_string(),
                    command: (*command).to_string(),
                    arguments: Some(vec![json!({"path": path})]),
                }),
                ..Default::default()
            })
        })
        .collect()
}
