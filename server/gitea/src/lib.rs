//! Gitea sync: clone, status, pull, push with git2; the Gitea REST API with reqwest.
//!
//! - [`ops`]: the git operations (never overwrite uncommitted work; bounded auth retries;
//!   per-ref push status; network faults leave the repository consistent).
//! - [`api`]: the REST client (`/api/v1/user`, `/repos/search`, `/repos/{owner}/{repo}`).
//! - [`creds`]: credentials (editor → environment → stored login → git credential helpers).
//! - [`transport`]: git smart HTTP on reqwest + rustls (libgit2 is built without OpenSSL).
//! - [`commands`]: the LSP `workspace/executeCommand` entry point.
//! - [`release`]: `altinn-ls self update` (release download, SHA-256, atomic replace).

pub mod api;
pub mod commands;
pub mod credhelper;
pub mod creds;
pub mod error;
mod global;
pub mod keystore;
pub mod ops;
pub mod release;
pub mod server;
pub mod transport;

pub use creds::{AuthMode, Credentials, SyncOptions};
pub use error::{Result, SyncError};
pub use ops::{Change, SyncReport};
