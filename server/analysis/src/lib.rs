//! Pure analysis core for Altinn 3 apps.
//!
//! Takes file texts, returns plain data: no I/O, no threads, no LSP types. The CLI and the
//! language server are thin layers over [`db::AppDb`], through the `altinn-workspace` crate
//! (which reads the disk and runs the thread pool).
//!
//! Dependencies inside point one way: `syntax` ← `source` ← `model` ← `db` ← `check`, `ide`.
//! `check` adds the checking methods to [`db::AppDb`] and the code table's
//! [`Diagnostic::new`]; `db`, `model`, `diagnostic` and `syntax` import nothing from `check`.

pub mod check;
pub mod config;
pub mod db;
pub mod diagnostic;
pub mod expr;
pub mod ide;
pub mod model;
pub mod source;
pub mod syntax;
#[doc(hidden)]
pub mod testgen;

pub use db::AppDb;
pub use diagnostic::{Diagnostic, Related, Severity};
pub use syntax::{LineIndex, Position, TextRange};
