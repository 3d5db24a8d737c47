//! The language server: protocol layer only; analysis lives in `altinn-analysis`, finding,
//! loading and reloading apps in `altinn-workspace` (shared with `altinn-ls check`).

pub mod commands;
pub mod convert;
mod features;
pub mod server;
pub mod settings;
pub mod state;
mod watch;

pub use server::run_stdio;
