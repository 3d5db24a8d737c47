//! `textDocument/didOpen`.

use crate::main_loop::Msg;
use crate::session::Session;
use tower_lsp_server::ls_types as lsp;

pub fn handle(s: &Session, p: lsp::DidOpenTextDocumentParams) {
    s.send(Msg::Open {
        uri: p.text_document.uri,
        version: p.text_document.version,
        text: p.text_document.text,
    });
}
