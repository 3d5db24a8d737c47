//! The language server: protocol layer only; analysis lives in `altinn-analysis`, finding,
//! loading and reloading apps in `altinn-workspace` (shared with `altinn-ls check`).
//!
//!
//! Code map: [`server`] is the `LanguageServer` impl that dispatches; [`requests`] and
//! [`notifications`] hold one module per LSP method; [`session`] is what the handlers
//! share; [`main_loop`] the state thread that owns [`state::State`] and applies messages in
//! arrival order; [`outgoing`] what the server sends the client on its own;
//! [`capabilities`] what it announces.

pub mod capabilities;
pub mod commands;
pub mod convert;
pub mod logging;
pub mod main_loop;
pub mod notifications;
pub mod outgoing;
mod parent;
pub mod requests;
pub mod server;
pub mod session;
pub mod settings;
pub mod state;
mod watch;

pub use server::run_stdio;
