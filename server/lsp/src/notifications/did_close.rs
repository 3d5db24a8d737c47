//! `textDocument/didClose`.

use crate::main_loop::Msg;
use crate::session::Session;
use tower_lsp_server::ls_types as lsp;

pub fn handle(s: &Session, p: lsp::DidCloseTextDocumentParams) {
    s.send(Msg::Close {
        uri: p.text_document.uri,
    });
}
