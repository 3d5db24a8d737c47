//! The language server: protocol layer only; analysis lives in `altinn-analysis`.
//! Also home of the file-system side both front ends share: finding and loading apps.

pub mod commands;
pub mod convert;
mod features;
pub mod server;
pub mod settings;
pub mod state;
mod watch;
pub mod workspace;

pub use server::run_stdio;
