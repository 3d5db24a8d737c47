//! `workspace/didChangeWorkspaceFolders`.

use crate::convert;
use crate::main_loop::Msg;
use crate::session::Session;
use std::path::PathBuf;
use tower_lsp_server::ls_types as lsp;

fn paths(folders: &[lsp::WorkspaceFolder]) -> Vec<PathBuf> {
    folders
        .iter()
        .filter_map(|w| convert::uri_to_path(&w.uri))
        .collect()
}

pub fn handle(s: &Session, p: lsp::DidChangeWorkspaceFoldersParams) {
    let added = paths(&p.event.added);
    let removed = paths(&p.event.removed);
    if let Ok(mut f) = s.folders.lock() {
        f.retain(|x| !removed.contains(x));
        f.extend(added.iter().cloned());
    }
    if let Ok(mut w) = s.watcher.lock() {
        if let Some(w) = w.as_mut() {
            w.update(&added, &removed);
        }
    }
    s.send(Msg::Folders { added, removed });
}
