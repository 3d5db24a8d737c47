//! Tests that need `../shared` beside the clone (the corpus, schemas, expression vectors, the
//! Gitea API description). Included with `#[path]` by each crate's test support, so every crate
//! skips the same way.
//!
//! A test cannot report "skipped" to Cargo's harness, and the harness hides `eprintln!` of a test
//! that passes. So a missing `../shared` is written straight to the process's stderr as one line
//! `SKIPPED <test>: <why>`, which you see in a plain `cargo test` and `tests/run-all.sh` counts as
//! skipped (not passed). With `CI` set (CI always has `../shared`) a missing folder fails the test.

use std::io::Write;
use std::path::PathBuf;

/// `../shared/<rel>` when it exists; `None` (after reporting the skip) when it does not.
/// `ALTINN_SHARED_DIR` names another folder (as for the JVM suite; also how the skip is tested).
#[allow(dead_code)] // not every including test binary calls it
pub fn shared(rel: &str, test: &str) -> Option<PathBuf> {
    let p = match std::env::var_os("ALTINN_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
    .join(rel);
    if p.exists() {
        // Windows: a path with its drive (a Linux-built test under wine has `/work/...`, which
        // as a file URI would name no drive); elsewhere the path as it is.
        return Some(std::path::absolute(&p).unwrap_or(p));
    }
    let why = format!("../shared/{rel} not found beside the clone");
    if in_ci() {
        panic!("{test}: {why}; CI must provide it (a skip is a failure there)");
    }
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
    None
}

/// `CI` set to anything but empty, `0` or `false`.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}
