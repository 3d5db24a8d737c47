//! One module per request. IDE requests run `altinn_analysis::ide` on the state thread
//! (through [`Session::call`](crate::session::Session::call), which turns a panic into an
//! error response) and convert the plain results (byte ranges, app-relative paths) into LSP
//! types.

pub mod code_action;
pub mod code_lens;
pub mod completion;
pub mod definition;
pub mod document_highlight;
pub mod document_link;
pub mod document_symbol;
pub mod execute_command;
pub mod folding_range;
pub mod hover;
pub mod initialize;
pub mod inlay_hint;
pub mod references;
pub mod rename;
pub mod set_credentials;
pub mod signature_help;
mod workspace_edit;
pub mod workspace_symbol;

use crate::state::State;
use altinn_analysis::ide;
use tower_lsp_server::jsonrpc::{Error, ErrorCode};
use tower_lsp_server::ls_types as lsp;

/// The message of a rename refused because the document is not in an app.
const NOT_IN_APP: &str = "This file is not part of an Altinn app";

fn zero() -> lsp::Range {
    lsp::Range::default()
}

fn location(st: &State, ai: usize, l: &ide::Location) -> Option<lsp::Location> {
    let uri = st.uri_of(ai, &l.file)?;
    let range = st.lsp_range(ai, &l.file, l.range).unwrap_or_else(zero);
    Some(lsp::Location::new(uri, range))
}

/// Resolves the document and position of a request: (app, path, offset).
fn at(st: &State, uri: &lsp::Uri, pos: lsp::Position) -> Option<(usize, String, u32)> {
    let (ai, rel) = st.resolve_uri(uri)?;
    let off = st.offset(ai, &rel, pos)?;
    Some((ai, rel, off))
}

/// `RequestFailed` (-32803): the request was valid but cannot be done (shown to the user).
fn request_failed(msg: String) -> Error {
    Error {
        code: ErrorCode::ServerError(-32803),
        message: msg.into(),
        data: None,
    }
}
