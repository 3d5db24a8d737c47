//! `workspace/didChangeWatchedFiles`: files changed outside the editor (the client watches
//! them for us after dynamic registration; see [`Session::register_watchers`]).

use crate::convert;
use crate::main_loop::Msg;
use crate::session::Session;
use tower_lsp_server::ls_types as lsp;

pub fn handle(s: &Session, p: lsp::DidChangeWatchedFilesParams) {
    let events = p
        .changes
        .into_iter()
        .filter_map(|e| convert::uri_to_path(&e.uri).map(|p| (p, e.typ)))
        .collect();
    s.send(Msg::Files(events));
}
