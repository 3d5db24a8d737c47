//! The workspace: everything between the disk and the pure analysis core that the command
//! line (`altinn-ls check`) and the language server share, so that they never disagree about
//! what an app is, which `altinn-ls.json` applies, which files are read, or what a check of
//! everything reports.
//!
//! - [`discover`]: apps below a folder, the app holding a file or folder.
//! - [`config`]: the one `altinn-ls.json` lookup.
//! - [`load`]: reading an app's files into an [`AppDb`](altinn_analysis::AppDb) (parsed in
//!   parallel: threads live here, not in the core), and reloading files after events.
//! - [`check`]: checking a whole app (in parallel) and counting by severity.
//!
//! The language server only schedules and publishes; `check` only prints.

pub mod check;
pub mod config;
pub mod discover;
pub mod load;

pub use check::{check_app, check_by_file, Counts};
pub use config::{repo_config, RepoConfig};
pub use discover::{app_at, app_containing, find_apps, resolve_target, AppLocation, Target};
pub use load::{load_app, LoadedApp};
