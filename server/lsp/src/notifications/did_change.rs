//! `textDocument/didChange` (incremental).

use crate::main_loop::Msg;
use crate::session::Session;
use tower_lsp_server::ls_types as lsp;

pub fn handle(s: &Session, p: lsp::DidChangeTextDocumentParams) {
    s.send(Msg::Change {
        uri: p.text_document.uri,
        version: p.text_document.version,
        changes: p.content_changes,
    });
}
