//! Edits of the analysis core (byte ranges in app-relative files) as one `WorkspaceEdit`;
//! shared by rename and the quick fixes.

use super::zero;
use crate::state::State;
use altinn_analysis::ide;
use std::collections::HashMap;
use tower_lsp_server::ls_types as lsp;

/// One `WorkspaceEdit`: plain `changes` when only existing files change, else
/// `documentChanges` with file creations and renames in the right order.
pub fn workspace_edit(
    st: &State,
    ai: usize,
    edits: Vec<ide::FileEdit>,
    renames: Vec<ide::FileRename>,
) -> lsp::WorkspaceEdit {
    let db = &st.apps[ai].db;
    let creates: Vec<String> = {
        let mut v: Vec<String> = edits
            .iter()
            .filter(|e| db.file(&e.file).is_none())
            .map(|e| e.file.clone())
            .collect();
        v.dedup();
        v
    };
    let mut by_file: Vec<(String, Vec<lsp::TextEdit>)> = Vec::new();
    for e in &edits {
        let range = st.lsp_range(ai, &e.file, e.range).unwrap_or_else(zero);
        let te = lsp::TextEdit::new(range, e.new_text.clone());
        match by_file.iter_mut().find(|(f, _)| *f == e.file) {
            Some((_, v)) => v.push(te),
            None => by_file.push((e.file.clone(), vec![te])),
        }
    }
    if creates.is_empty() && renames.is_empty() {
        let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
        for (f, v) in by_file {
            if let Some(uri) = st.uri_of(ai, &f) {
                changes.entry(uri).or_default().extend(v);
            }
        }
        return lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        };
    }
    let mut ops = Vec::new();
    for f in creates
        .iter()
        .filter(|f| !f.split(['/', '\\']).any(|c| c == ".."))
    {
        if let Some(uri) = st.uri_of(ai, f) {
            ops.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(
                lsp::CreateFile {
                    uri,
                    options: Some(lsp::CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                },
            )));
        }
    }
    for (f, v) in by_file {
        if let Some(uri) = st.uri_of(ai, &f) {
            ops.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: v.into_iter().map(lsp::OneOf::Left).collect(),
            }));
        }
    }
    // defence in depth: a file operation never reaches outside the app folder
    let inside = |rel: &str| !rel.split(['/', '\\']).any(|c| c == "..");
    for r in renames.iter().filter(|r| inside(&r.old) && inside(&r.new)) {
        if let (Some(old_uri), Some(new_uri)) = (st.uri_of(ai, &r.old), st.uri_of(ai, &r.new)) {
            ops.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Rename(
                lsp::RenameFile {
                    old_uri,
                    new_uri,
                    options: None,
                    annotation_id: None,
                },
            )));
        }
    }
    lsp::WorkspaceEdit {
        document_changes: Some(lsp::DocumentChanges::Operations(ops)),
        ..Default::default()
    }
}
