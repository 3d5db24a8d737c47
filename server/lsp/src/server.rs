//! The protocol side: the `LanguageServer` impl, which only dispatches to one module per
//! request ([`crate::requests`]) or notification ([`crate::notifications`]), and the
//! wiring of the state thread ([`crate::main_loop`]) and the client-bound channel
//! ([`crate::outgoing`]).

use crate::notifications as n;
use crate::outgoing;
use crate::requests as r;
use crate::session::Session;
use crate::state::{Out, State};
use serde_json::Value;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::{ClientSocket, LanguageServer, LspService, Server};

pub use crate::main_loop::{Job, Msg};

/// The server as tower-lsp-server sees it; cheap to share with spawned tasks.
pub struct Backend {
    session: Arc<Session>,
}

impl Backend {
    /// `altinn/setCredentials` (a custom request).
    pub async fn set_credentials(&self, params: Value) -> jsonrpc::Result<Value> {
        r::set_credentials::handle(&self.session, params).await
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, p: lsp::InitializeParams) -> jsonrpc::Result<lsp::InitializeResult> {
        r::initialize::handle(&self.session, p).await
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        n::initialized::handle(&self.session)
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        self.session.mark_shutdown();
        Ok(())
    }

    async fn did_open(&self, p: lsp::DidOpenTextDocumentParams) {
        n::did_open::handle(&self.session, p)
    }

    async fn did_change(&self, p: lsp::DidChangeTextDocumentParams) {
        n::did_change::handle(&self.session, p)
    }

    async fn did_close(&self, p: lsp::DidCloseTextDocumentParams) {
        n::did_close::handle(&self.session, p)
    }

    async fn did_change_watched_files(&self, p: lsp::DidChangeWatchedFilesParams) {
        n::did_change_watched_files::handle(&self.session, p)
    }

    async fn did_change_workspace_folders(&self, p: lsp::DidChangeWorkspaceFoldersParams) {
        n::did_change_workspace_folders::handle(&self.session, p)
    }

    async fn did_change_configuration(&self, p: lsp::DidChangeConfigurationParams) {
        n::did_change_configuration::handle(&self.session, p)
    }

    async fn execute_command(
        &self,
        p: lsp::ExecuteCommandParams,
    ) -> jsonrpc::Result<Option<lsp::LSPAny>> {
        r::execute_command::handle(&self.session, p).await
    }

    async fn hover(&self, p: lsp::HoverParams) -> jsonrpc::Result<Option<lsp::Hover>> {
        r::hover::handle(&self.session, p).await
    }

    async fn completion(
        &self,
        p: lsp::CompletionParams,
    ) -> jsonrpc::Result<Option<lsp::CompletionResponse>> {
        r::completion::handle(&self.session, p).await
    }

    async fn goto_definition(
        &self,
        p: lsp::GotoDefinitionParams,
    ) -> jsonrpc::Result<Option<lsp::GotoDefinitionResponse>> {
        r::definition::handle(&self.session, p).await
    }

    async fn references(
        &self,
        p: lsp::ReferenceParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::Location>>> {
        r::references::handle(&self.session, p).await
    }

    async fn prepare_rename(
        &self,
        p: lsp::TextDocumentPositionParams,
    ) -> jsonrpc::Result<Option<lsp::PrepareRenameResponse>> {
        r::rename::prepare(&self.session, p).await
    }

    async fn rename(&self, p: lsp::RenameParams) -> jsonrpc::Result<Option<lsp::WorkspaceEdit>> {
        r::rename::handle(&self.session, p).await
    }

    async fn code_action(
        &self,
        p: lsp::CodeActionParams,
    ) -> jsonrpc::Result<Option<lsp::CodeActionResponse>> {
        r::code_action::handle(&self.session, p).await
    }

    async fn document_symbol(
        &self,
        p: lsp::DocumentSymbolParams,
    ) -> jsonrpc::Result<Option<lsp::DocumentSymbolResponse>> {
        r::document_symbol::handle(&self.session, p).await
    }

    async fn document_link(
        &self,
        p: lsp::DocumentLinkParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::DocumentLink>>> {
        r::document_link::handle(&self.session, p).await
    }

    async fn symbol(
        &self,
        p: lsp::WorkspaceSymbolParams,
    ) -> jsonrpc::Result<Option<lsp::WorkspaceSymbolResponse>> {
        r::workspace_symbol::handle(&self.session, p).await
    }

    async fn code_lens(
        &self,
        p: lsp::CodeLensParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::CodeLens>>> {
        r::code_lens::handle(&self.session, p).await
    }

    async fn code_lens_resolve(&self, p: lsp::CodeLens) -> jsonrpc::Result<lsp::CodeLens> {
        r::code_lens::resolve(&self.session, p).await
    }

    async fn inlay_hint(
        &self,
        p: lsp::InlayHintParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::InlayHint>>> {
        r::inlay_hint::handle(&self.session, p).await
    }

    async fn document_highlight(
        &self,
        p: lsp::DocumentHighlightParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::DocumentHighlight>>> {
        r::document_highlight::handle(&self.session, p).await
    }

    async fn signature_help(
        &self,
        p: lsp::SignatureHelpParams,
    ) -> jsonrpc::Result<Option<lsp::SignatureHelp>> {
        r::signature_help::handle(&self.session, p).await
    }

    async fn folding_range(
        &self,
        p: lsp::FoldingRangeParams,
    ) -> jsonrpc::Result<Option<Vec<lsp::FoldingRange>>> {
        r::folding_range::handle(&self.session, p).await
    }
}

/// Builds the service: starts the state thread and the task that forwards what it produces
/// to the client. Must run inside a tokio runtime. `shutdown` is set by the `shutdown`
/// request. Used by [`run_stdio`] and by in-process tests.
pub fn build_service(
    shutdown: Arc<AtomicBool>,
) -> std::io::Result<(LspService<Backend>, ClientSocket)> {
    let (tx, rx) = mpsc::channel::<Msg>();
    let (out_tx, out_rx) = tokio::sync::mpsc::unbounded_channel::<Out>();
    std::thread::Builder::new()
        .name("altinn-ls-state".into())
        .spawn(move || crate::main_loop::run(rx, State::new(out_tx)))?;
    Ok(LspService::build(|client| {
        tokio::spawn(outgoing::forward(client.clone(), out_rx));
        Backend {
            session: Arc::new(Session::new(client, tx, shutdown)),
        }
    })
    .custom_method("altinn/setCredentials", Backend::set_credentials)
    .finish())
}

/// Runs the server on stdin/stdout until the client says `exit` or closes stdin.
/// Returns the process exit code (0 after a proper shutdown).
pub fn run_stdio() -> std::io::Result<i32> {
    crate::logging::init();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let shutdown = Arc::new(AtomicBool::new(false));
    let s2 = shutdown.clone();
    rt.block_on(async move {
        let (service, socket) = build_service(s2)?;
        // Long commands (stack up, sync) must not hold up other requests: allow many at once.
        // Order is unaffected: handlers are first polled in arrival order.
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .concurrency_level(64)
            .serve(service)
            .await;
        Ok::<(), std::io::Error>(())
    })?;
    rt.shutdown_background();
    Ok(if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    })
}
