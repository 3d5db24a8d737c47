//! Where stored tokens live: the OS keyring where there is one (macOS Keychain, Windows
//! Credential Manager, through the `keyring` crate), else the 0600 file next to the login's
//! other fields. On Linux the file is used: the Secret Service would add a D-Bus stack to every
//! build, and the kernel keyring forgets everything at logout. `ALTINN_LS_CREDENTIAL_STORE=file`
//! forces the file anywhere.

use std::sync::Arc;

/// A place for tokens, keyed by the server's base URL.
pub trait Secrets: Send + Sync {
    /// For messages: "the macOS Keychain", …
    fn name(&self) -> &'static str;
    fn get(&self, url: &str) -> Option<String>;
    fn set(&self, url: &str, token: &str) -> Result<(), String>;
    fn delete(&self, url: &str);
}

/// The service name entries are stored under.
pub const SERVICE: &str = "altinn-ls";

/// The OS keyring, unless there is none (Linux, other systems) or the file store is forced.
pub fn os_keyring() -> Option<Arc<dyn Secrets>> {
    let forced_file = std::env::var("ALTINN_LS_CREDENTIAL_STORE")
        .is_ok_and(|v| v.trim().eq_ignore_ascii_case("file"));
    if forced_file {
        return None;
    }
    native()
}

#[cfg(any(target_os = "macos", target_os = "windows"))]
fn native() -> Option<Arc<dyn Secrets>> {
    Some(Arc::new(Native))
}

#[cfg(not(any(target_os = "macos", target_os = "windows")))]
fn native() -> Option<Arc<dyn Secrets>> {
    None
}

#[cfg(any(target_os = "macos", target_os = "windows"))]
struct Native;

#[cfg(any(target_os = "macos", target_os = "windows"))]
impl Secrets for Native {
    fn name(&self) -> &'static str {
        if cfg!(target_os = "macos") {
            "the macOS Keychain"
        } else {
            "the Windows Credential Manager"
        }
    }
    fn get(&self, url: &str) -> Option<String> {
        keyring::Entry::new(SERVICE, url).ok()?.get_password().ok()
    }
    fn set(&self, url: &str, token: &str) -> Result<(), String> {
        keyring::Entry::new(SERVICE, url)
            .and_then(|e| e.set_password(token))
            .map_err(|e| e.to_string())
    }
    fn delete(&self, url: &str) {
        if let Ok(e) = keyring::Entry::new(SERVICE, url) {
            let _ = e.delete_credential();
        }
    }
}

/// An in-memory store, for tests.
#[derive(Default)]
pub struct MemorySecrets(pub std::sync::Mutex<std::collections::BTreeMap<String, String>>);

impl Secrets for MemorySecrets {
    fn name(&self) -> &'static str {
        "the test keyring"
    }
    fn get(&self, url: &str) -> Option<String> {
        self.0.lock().ok()?.get(url).cloned()
    }
    fn set(&self, url: &str, token: &str) -> Result<(), String> {
        self.0
            .lock()
            .map_err(|e| e.to_string())?
            .insert(url.to_string(), token.to_string());
        Ok(())
    }
    fn delete(&self, url: &str) {
        if let Ok(mut m) = self.0.lock() {
            m.remove(url);
        }
    }
}
