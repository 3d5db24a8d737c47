//! `textDocument/completion`.

use super::at;
use crate::session::Session;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;

/// At most this many completion items are sent; with more, the list is marked incomplete
/// and the client asks again as the user types (a large app has tens of thousands of text
/// keys: megabytes of JSON per keystroke otherwise).
pub const MAX_COMPLETIONS: usize = 500;

/// The icon of each kind of name: text keys and component ids (declared elsewhere) are
/// references, fixed values constants, pages (a layout file each) files, layout sets (a folder)
/// folders, data model paths fields.
pub fn kind(k: ide::CompletionKind) -> lsp::CompletionItemKind {
    use ide::CompletionKind as K;
    match k {
        K::Component => lsp::CompletionItemKind::CLASS,
        K::Property => lsp::CompletionItemKind::PROPERTY,
        K::TextKey | K::ComponentId => lsp::CompletionItemKind::REFERENCE,
        K::DataPath => lsp::CompletionItemKind::FIELD,
        K::Function | K::RuleFunction => lsp::CompletionItemKind::FUNCTION,
        K::Page => lsp::CompletionItemKind::FILE,
        K::LayoutSet => lsp::CompletionItemKind::FOLDER,
        K::Task => lsp::CompletionItemKind::EVENT,
        K::DataType => lsp::CompletionItemKind::STRUCT,
        K::CodeList => lsp::CompletionItemKind::ENUM,
        K::Value => lsp::CompletionItemKind::CONSTANT,
    }
}

pub async fn handle(
    s: &Session,
    p: lsp::CompletionParams,
) -> jsonrpc::Result<Option<lsp::CompletionResponse>> {
    let tp = p.text_document_position;
    s.call("textDocument/completion", move |st| {
        let (ai, rel, off) = at(st, &tp.text_document.uri, tp.position)?;
        let t0 = std::time::Instant::now();
        let list = ide::completion_list(&st.apps[ai].db, &rel, off, MAX_COMPLETIONS);
        crate::state::timing("ide::completion", &rel, t0);
        let (items, is_incomplete) = (list.items, list.is_incomplete);
        let items: Vec<lsp::CompletionItem> = items
            .into_iter()
            .map(|it| {
                let text = it.insert_text.clone().unwrap_or_else(|| it.label.clone());
                let text_edit = it.replace_range.and_then(|r| {
                    st.lsp_range(ai, &rel, r).map(|range| {
                        lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(range, text.clone()))
                    })
                });
                lsp::CompletionItem {
                    label: it.label,
                    kind: Some(kind(it.kind)),
                    detail: it.detail,
                    documentation: it.documentation.map(|d| {
                        lsp::Documentation::MarkupContent(lsp::MarkupContent {
                            kind: lsp::MarkupKind::Markdown,
                            value: d,
                        })
                    }),
                    insert_text: if text_edit.is_none() {
                        it.insert_text
                    } else {
                        None
                    },
                    text_edit,
                    sort_text: it.sort_text,
                    ..Default::default()
                }
            })
            .collect();
        Some(lsp::CompletionResponse::List(lsp::CompletionList {
            is_incomplete,
            items,
        }))
    })
    .await
}
