//! The one place with `unsafe`: libgit2's process-global settings (network timeouts and an
//! extra CA file). git2 exposes these setters as `unsafe fn` because they write global state
//! that libgit2 reads without locking. We write them under a mutex, before an operation starts,
//! with values that are plain integers / a path; a concurrent reader sees the old or the new
//! value, both valid.
#![allow(unsafe_code)]

use std::path::{Path, PathBuf};
use std::sync::Mutex;

struct State {
    timeouts_set: bool,
    ca_files: Vec<PathBuf>,
}

static STATE: Mutex<State> = Mutex::new(State {
    timeouts_set: false,
    ca_files: Vec::new(),
});

/// Connect timeout and read/write timeout for libgit2's HTTP transport (libgit2 default: none,
/// i.e. a silent server hangs a fetch forever).
pub fn ensure_timeouts(connect_ms: i32, io_ms: i32) {
    let mut st = STATE.lock().unwrap_or_else(|p| p.into_inner());
    if st.timeouts_set {
        return;
    }
    // SAFETY: see the module comment; plain integer settings written under a mutex.
    unsafe {
        let _ = git2::opts::set_server_connect_timeout_in_milliseconds(connect_ms);
        let _ = git2::opts::set_server_timeout_in_milliseconds(io_ms);
    }
    st.timeouts_set = true;
}

/// Adds the certificates in `file` (PEM) to libgit2's OpenSSL trust store. Additive: the
/// system roots stay trusted.
pub fn add_ca_file(file: &Path) -> Result<(), git2::Error> {
    let mut st = STATE.lock().unwrap_or_else(|p| p.into_inner());
    if st.ca_files.iter().any(|f| f == file) {
        return Ok(());
    }
    // SAFETY: see the module comment; libgit2 copies the path and loads it into its SSL context.
    unsafe { git2::opts::set_ssl_cert_file(file)? };
    st.ca_files.push(file.to_path_buf());
    Ok(())
}
