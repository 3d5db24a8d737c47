//! One exit-code table for every command (docs/cli.md):
//! - 0: done (check: no errors; stack status: every part ready);
//! - 1: it ran and found something that needs you: errors from `check` (warnings too with
//!   `--deny-warnings`), conflicts or blocked work from `sync`, parts not ready from
//!   `stack status`, forms `upgrade` could not rewrite, an app that `run` started exited with
//!   an error;
//! - 2: it could not run or could not finish what was asked: bad arguments, no app, a missing
//!   tool, a daemon or cluster or server out of reach, a stack not healthy in time. The
//!   reason is on stderr.

use std::process::ExitCode;

/// Something found that needs you.
pub const FOUND: ExitCode = ExitCode::FAILURE;
/// Could not run (clap's usage errors exit with 2 too).
pub fn could_not_run() -> ExitCode {
    ExitCode::from(2)
}
