//! `altinn-ls stack` and `altinn-ls run`: drive docker compose / kubectl and the app runtime.
//!
//! - [`plan`]: pure command builders (which commands would be issued)
//! - [`exec`]: the [`exec::Exec`] trait (processes, HTTP probes) with the real
//!   [`exec::SystemExec`] and the test [`exec::Recorder`]
//! - [`stack`]: up / down / status / logs; [`run`]: the app behind the runtime
//! - [`commands::execute`]: the LSP `workspace/executeCommand` entry point
//! - [`layout`]: where `stack/` is (or the built-in copy)
//! - [`services`]: the compose services, their profiles, images and ports

pub mod cluster;
pub mod commands;
pub mod exec;
pub mod layout;
pub mod plan;
pub mod run;
pub mod secrets;
pub mod services;
pub mod stack;
