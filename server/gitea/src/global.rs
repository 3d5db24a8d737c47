//! The one place with `unsafe`: registering git's HTTP transport with libgit2.
//!
//! libgit2 is built without its own HTTPS (no OpenSSL); `crate::transport` speaks git's smart
//! HTTP protocol on reqwest + rustls instead. `git2::transport::register` is an `unsafe fn`
//! because it writes libgit2's global transport table, which must not race with the creation
//! of a transport. We register once per process, under a `Once`, before the first remote
//! operation of this crate starts (every network entry point calls [`register_transport`]
//! first); nothing else in the process registers transports.
#![allow(unsafe_code)]

use std::sync::Once;

static REGISTER: Once = Once::new();

/// Makes libgit2 use `crate::transport` for `http://` and `https://` URLs (idempotent).
pub fn register_transport() {
    REGISTER.call_once(|| {
        // libgit2 appends "://" to the scheme.
        for scheme in ["http", "https"] {
            // SAFETY: see the module comment: called once, under `Once`, before any transport
            // of this process is created; the factory is `Send + Sync + 'static`.
            let _ = unsafe { git2::transport::register(scheme, crate::transport::factory) };
        }
    });
}
