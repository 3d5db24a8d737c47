//! `workspace/didChangeConfiguration`: pull the `altinnStudio` section again when the
//! client offers `workspace/configuration`, else take what the notification carries.

use crate::main_loop::Msg;
use crate::session::Session;
use std::sync::Arc;
use tower_lsp_server::ls_types as lsp;

pub fn handle(s: &Arc<Session>, p: lsp::DidChangeConfigurationParams) {
    if s.client_info().configuration {
        let s = s.clone();
        tokio::spawn(async move { s.pull_settings().await });
    } else if let Some(section) = p.settings.get("altinnStudio") {
        s.send(Msg::Settings(section.clone()));
    } else if p.settings.is_object() {
        s.send(Msg::Settings(p.settings));
    }
}
