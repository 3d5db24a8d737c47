//! `textDocument/codeLens` and `codeLens/resolve`: "N references" over what a file declares
//! (its page, component ids, text keys, data model fields, process tasks), counted lazily on
//! resolve from the app's reference index (one walk over the app per change, shared by every
//! lens); "▶ Run app" on `applicationmetadata.json` and `process.bpmn`.
//!
//! Clicking a count runs `editor.action.showReferences` with `[uri, position, locations]` as
//! LSP JSON: LSP4IJ and Neovim/Sublime clients take it as is; VS Code's own command wants
//! its own types, so the extension converts the arguments (middleware).

use super::zero;
use crate::commands;
use crate::session::Session;
use altinn_analysis::ide;
use altinn_analysis::model::FileKind;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

pub const SHOW_REFERENCES: &str = "editor.action.showReferences";

pub async fn handle(
    s: &Session,
    p: lsp::CodeLensParams,
) -> jsonrpc::Result<Option<Vec<lsp::CodeLens>>> {
    let uri = p.text_document.uri;
    s.call("textDocument/codeLens", move |st| {
        let (ai, rel) = st.resolve_uri(&uri)?;
        let db = &st.apps[ai].db;
        let mut out: Vec<lsp::CodeLens> = Vec::new();
        let kind = FileKind::classify(&rel);
        if matches!(kind, FileKind::AppMetadata | FileKind::Process) {
            out.push(lsp::CodeLens {
                range: zero(),
                command: Some(lsp::Command {
                    title: "▶ Run app".into(),
                    command: commands::RUN_START.into(),
                    arguments: Some(vec![
                        json!({"path": st.apps[ai].loc.repo.to_string_lossy()}),
                    ]),
                }),
                data: None,
            });
        }
        for (_, r) in ide::lens_targets(db, &rel) {
            let range = st.lsp_range(ai, &rel, r).unwrap_or_else(zero);
            out.push(lsp::CodeLens {
                range,
                command: None,
                data: Some(json!({"uri": uri.as_str(), "offset": r.start})),
            });
        }
        Some(out)
    })
    .await
}

pub async fn resolve(s: &Session, lens: lsp::CodeLens) -> jsonrpc::Result<lsp::CodeLens> {
    s.call("codeLens/resolve", move |st| {
        let mut lens = lens;
        let found = (|| {
            let data = lens.data.as_ref()?;
            let uri: lsp::Uri = data.get("uri")?.as_str()?.parse().ok()?;
            let offset = u32::try_from(data.get("offset")?.as_u64()?).ok()?;
            let (ai, rel) = st.resolve_uri(&uri)?;
            let (target, _) = ide::lens_targets(&st.apps[ai].db, &rel)
                .into_iter()
                .find(|(_, r)| r.start == offset)?;
            let refs = st.lens_references(ai, &target)?;
            let locations: Vec<lsp::Location> = refs
                .iter()
                .filter_map(|l| super::location(st, ai, l))
                .collect();
            Some((uri, locations))
        })();
        lens.command = Some(match found {
            Some((uri, locations)) => lsp::Command {
                title: ide::lens::count_title(locations.len()),
                command: SHOW_REFERENCES.into(),
                arguments: Some(vec![
                    Value::String(uri.as_str().to_string()),
                    json!(lens.range.start),
                    json!(locations),
                ]),
            },
            // The file changed since the lens was made: the client asks for new ones.
            None => lsp::Command {
                title: "…".into(),
                command: String::new(),
                arguments: None,
            },
        });
        lens
    })
    .await
}
