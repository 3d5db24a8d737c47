//! Credentials: where they come from (editor → environment → stored login → git credential
//! helpers), how they are stored (the OS keyring where there is one, else a 0600 JSON file under
//! the user's config dir; never in the working directory), how they are
//! sent (token as the HTTP password, or token as the user name with an empty password), and
//! how they are kept out of messages.

use crate::error::{Result, SyncError};
use crate::server::{normalize_base, parse_url, under_base};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// Credentials handed over by the editor (LSP `altinn/setCredentials`).
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Credentials {
    pub url: String,
    #[serde(default)]
    pub user: String,
    pub token: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("url", &self.url)
            .field("user", &self.user)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// How the token travels in HTTP basic authentication.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMode {
    /// user name + token as the password (Gitea's documented form).
    #[default]
    Basic,
    /// token as the user name, empty password (what Altinn Studio's gitea-proxy accepts;
    /// Gitea accepts it too).
    TokenAsUser,
}

impl AuthMode {
    pub fn parse(s: &str) -> Option<AuthMode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "basic" | "password" | "token-as-password" => Some(AuthMode::Basic),
            "token-as-user" | "token-as-username" | "username" => Some(AuthMode::TokenAsUser),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Editor,
    Environment,
    StoredLogin,
    GitCredentialHelper,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Editor => "credentials from the editor",
            Source::Environment => "ALTINN_STUDIO_TOKEN",
            Source::StoredLogin => "stored login",
            Source::GitCredentialHelper => "git credential helper",
        }
    }
}

/// One usable set of credentials.
#[derive(Clone)]
pub struct Login {
    /// Server base these credentials are for (`None`: any server, e.g. env without URL).
    pub base: Option<String>,
    pub user: String,
    pub token: String,
    pub mode: AuthMode,
    pub source: Source,
    pub name: Option<String>,
    pub email: Option<String>,
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login")
            .field("base", &self.base)
            .field("user", &self.user)
            .field("token", &"<redacted>")
            .field("mode", &self.mode)
            .field("source", &self.source)
            .finish()
    }
}

impl Login {
    /// (user name, password) for HTTP basic authentication.
    pub fn basic_pair(&self) -> (String, String) {
        match self.mode {
            AuthMode::Basic if !self.user.is_empty() => (self.user.clone(), self.token.clone()),
            // No user name known: the token alone identifies the user.
            _ => (self.token.clone(), String::new()),
        }
    }
}

/// Everything needed to find credentials and talk to a server.
#[derive(Clone, Default)]
pub struct SyncOptions {
    /// From the editor (highest priority).
    pub explicit: Option<Credentials>,
    /// Read ALTINN_STUDIO_* from the environment.
    pub use_env: bool,
    /// Consult git credential helpers as the last resort.
    pub use_git_helpers: bool,
    /// Forced auth mode (env ALTINN_STUDIO_AUTH / CLI flag).
    pub auth_mode: Option<AuthMode>,
    /// Extra CA certificates (PEM) for both git and the REST client.
    pub ca_file: Option<PathBuf>,
    /// Allow plain HTTP to non-loopback hosts.
    pub allow_http: bool,
    /// Where the stored login lives (default: the user's config dir).
    pub config_dir: Option<PathBuf>,
}

impl fmt::Debug for SyncOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncOptions")
            .field("explicit", &self.explicit)
            .field("ca_file", &self.ca_file)
            .field("allow_http", &self.allow_http)
            .finish_non_exhaustive()
    }
}

fn env_nonempty(k: &str) -> Option<String> {
    std::env::var(k).ok().filter(|v| !v.trim().is_empty())
}

fn env_flag(k: &str) -> bool {
    matches!(
        env_nonempty(k).map(|v| v.to_ascii_lowercase()).as_deref(),
        Some("1" | "true" | "yes" | "on")
    )
}

impl SyncOptions {
    /// Defaults plus the environment: ALTINN_STUDIO_AUTH, ALTINN_STUDIO_CA_FILE,
    /// ALTINN_STUDIO_ALLOW_HTTP, ALTINN_LS_CONFIG_DIR.
    pub fn from_env() -> SyncOptions {
        SyncOptions {
            explicit: None,
            use_env: true,
            use_git_helpers: true,
            auth_mode: env_nonempty("ALTINN_STUDIO_AUTH").and_then(|v| AuthMode::parse(&v)),
            ca_file: env_nonempty("ALTINN_STUDIO_CA_FILE").map(PathBuf::from),
            allow_http: env_flag("ALTINN_STUDIO_ALLOW_HTTP"),
            config_dir: env_nonempty("ALTINN_LS_CONFIG_DIR").map(PathBuf::from),
        }
    }

    /// The stored-login store. An error when there is no config folder to put it in (no
    /// HOME, XDG_CONFIG_HOME, APPDATA or ALTINN_LS_CONFIG_DIR): never the working directory,
    /// where the next `sync push` would commit the token.
    pub fn store(&self) -> Result<Store> {
        let dir = match &self.config_dir {
            Some(d) => d.clone(),
            None => default_config_dir().ok_or_else(|| {
                SyncError::usage(
                    "no folder for the stored login: HOME, XDG_CONFIG_HOME and APPDATA are unset (or not absolute paths); set one of them or ALTINN_LS_CONFIG_DIR, or pass the token in ALTINN_STUDIO_TOKEN instead",
                )
            })?,
        };
        Ok(Store::new(dir))
    }

    /// The server named by the editor or the environment, if any.
    pub fn configured_server(&self) -> Option<String> {
        if let Some(c) = &self.explicit {
            if !c.url.trim().is_empty() {
                return Some(c.url.clone());
            }
        }
        if self.use_env {
            return env_nonempty("ALTINN_STUDIO_URL");
        }
        None
    }

    /// Credentials for `url` (a repository or server URL), best first, without the git
    /// credential helper (that one is asked lazily, see [`git_helper_login`]).
    pub fn candidates(&self, url: &str) -> Vec<Login> {
        let mut out: Vec<Login> = Vec::new();
        let matches = |base: &str| base.trim().is_empty() || under_base(url, &norm(base));
        if let Some(c) = &self.explicit {
            if !c.token.is_empty() && matches(&c.url) {
                out.push(Login {
                    base: Some(norm(&c.url)).filter(|s| !s.is_empty()),
                    user: c.user.clone(),
                    token: c.token.clone(),
                    mode: self.auth_mode.unwrap_or(if c.user.is_empty() {
                        AuthMode::TokenAsUser
                    } else {
                        AuthMode::Basic
                    }),
                    source: Source::Editor,
                    name: None,
                    email: None,
                });
            }
        }
        if self.use_env {
            if let Some(token) = env_nonempty("ALTINN_STUDIO_TOKEN") {
                let base = env_nonempty("ALTINN_STUDIO_URL").unwrap_or_default();
                if matches(&base) {
                    let user = env_nonempty("ALTINN_STUDIO_USER").unwrap_or_default();
                    out.push(Login {
                        base: Some(norm(&base)).filter(|s| !s.is_empty()),
                        mode: self.auth_mode.unwrap_or(if user.is_empty() {
                            AuthMode::TokenAsUser
                        } else {
                            AuthMode::Basic
                        }),
                        user,
                        token,
                        source: Source::Environment,
                        name: None,
                        email: None,
                    });
                }
            }
        }
        if let Ok(file) = self.store().and_then(|s| s.load()) {
            // Longest matching base first.
            let mut logins: Vec<&StoredLogin> = file
                .logins
                .iter()
                .filter(|l| under_base(url, &l.url) && !l.token.is_empty())
                .collect();
            logins.sort_by_key(|l| std::cmp::Reverse(l.url.len()));
            for l in logins {
                out.push(Login {
                    base: Some(l.url.clone()),
                    user: l.user.clone(),
                    token: l.token.clone(),
                    mode: self.auth_mode.unwrap_or(l.mode),
                    source: Source::StoredLogin,
                    name: l.name.clone(),
                    email: l.email.clone(),
                });
            }
        }
        // The same credentials twice would only count as another failed attempt.
        let mut seen = Vec::new();
        out.retain(|l| {
            let k = (l.user.clone(), l.token.clone(), l.mode);
            if seen.contains(&k) {
                false
            } else {
                seen.push(k);
                true
            }
        });
        out
    }
}

fn norm(s: &str) -> String {
    match parse_url(s) {
        Ok(u) => normalize_base(&u),
        Err(_) => String::new(),
    }
}

/// Asks git's configured credential helpers (`credential.helper`) for `url`.
pub fn git_helper_login(url: &str, user: Option<&str>) -> Option<Login> {
    let cfg = git2::Config::open_default().ok()?;
    let mut h = git2::CredentialHelper::new(url);
    h.config(&cfg);
    if let Some(u) = user.filter(|u| !u.is_empty()) {
        h.username(Some(u));
    }
    let (user, pass) = h.execute()?;
    Some(Login {
        base: None,
        user,
        token: pass,
        mode: AuthMode::Basic,
        source: Source::GitCredentialHelper,
        name: None,
        email: None,
    })
}

/// Replaces every secret in `msg` by `***`, also inside base64 words (a server echoing the
/// `Authorization: Basic base64(user:token)` header it received).
pub fn redact(msg: &str, secrets: &[&str]) -> String {
    let secrets: Vec<&str> = secrets.iter().copied().filter(|s| s.len() >= 4).collect();
    let mut s = msg.to_string();
    for sec in &secrets {
        s = s.replace(sec, "***");
    }
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_');
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let hides_secret = word.len() >= 8
            && decode_base64(word).is_some_and(|d| {
                let d = String::from_utf8_lossy(&d);
                secrets.iter().any(|sec| d.contains(sec))
            });
        out.push_str(if hides_secret { "***" } else { word });
        word.clear();
    };
    for c in s.chars() {
        if is_b64(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Standard or URL-safe base64, padding optional; None for anything else.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    use base64::Engine as _;
    let s = s.trim_end_matches('=');
    STANDARD_NO_PAD
        .decode(s)
        .or_else(|_| URL_SAFE_NO_PAD.decode(s))
        .ok()
}

// ---------------------------------------------------------------------------------------------
// Stored login

#[derive(Clone, Serialize, Deserialize)]
pub struct StoredLogin {
    pub url: String,
    pub user: String,
    /// Empty in the file when the token is in the OS keyring (`keyring: true`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub token: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keyring: bool,
    #[serde(default)]
    pub mode: AuthMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Clone, Default, Serialize, Deserialize)]
pub struct StoreFile {
    #[serde(default)]
    pub version: u32,
    /// The server used when a command names no server (the last login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default)]
    pub logins: Vec<StoredLogin>,
}

/// `$XDG_CONFIG_HOME/altinn-ls`, `~/.config/altinn-ls` or `%APPDATA%\\altinn-ls`; None when
/// none of them is set to an absolute path (a relative one would be the working directory).
pub fn default_config_dir() -> Option<PathBuf> {
    config_dir_from(&env_nonempty)
}

pub fn config_dir_from(get: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let abs = |k: &str| get(k).map(PathBuf::from).filter(|p| p.is_absolute());
    if let Some(x) = abs("XDG_CONFIG_HOME") {
        return Some(x.join("altinn-ls"));
    }
    if let Some(h) = abs("HOME") {
        return Some(h.join(".config").join("altinn-ls"));
    }
    abs("APPDATA").map(|a| a.join("altinn-ls"))
}

pub struct Store {
    dir: PathBuf,
    /// Where tokens go instead of the file (the OS keyring); None: in the file.
    secrets: Option<std::sync::Arc<dyn crate::keystore::Secrets>>,
}

impl Store {
    /// The file in `dir`, tokens in the OS keyring where there is one.
    pub fn new(dir: PathBuf) -> Store {
        Store::with_secrets(dir, crate::keystore::os_keyring())
    }
    pub fn with_secrets(
        dir: PathBuf,
        secrets: Option<std::sync::Arc<dyn crate::keystore::Secrets>>,
    ) -> Store {
        Store { dir, secrets }
    }
    pub fn path(&self) -> PathBuf {
        self.dir.join("credentials.json")
    }

    /// The logins, with the tokens that live in the keyring filled in.
    pub fn load(&self) -> Result<StoreFile> {
        let mut f = self.load_file()?;
        for l in f.logins.iter_mut().filter(|l| l.keyring) {
            l.token = self
                .secrets
                .as_ref()
                .and_then(|s| s.get(&l.url))
                .unwrap_or_default();
        }
        Ok(f)
    }

    fn load_file(&self) -> Result<StoreFile> {
        let p = self.path();
        match std::fs::read_to_string(&p) {
            Ok(s) => serde_json::from_str(&s).map_err(|e| {
                SyncError::Io(format!(
                    "the stored login {} is not valid JSON ({e}); remove it with `altinn-ls sync logout`",
                    p.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(StoreFile::default()),
            Err(e) => Err(SyncError::Io(format!("cannot read {}: {e}", p.display()))),
        }
    }

    /// Writes the file with mode 0600 (dir 0700), atomically (temp file + rename).
    pub fn save(&self, file: &StoreFile) -> Result<()> {
        create_private_dir(&self.dir)?;
        let p = self.path();
        let tmp = self
            .dir
            .join(format!(".credentials.json.{}", std::process::id()));
        let text = serde_json::to_string_pretty(file).map_err(|e| SyncError::Io(e.to_string()))?;
        write_private(&tmp, text.as_bytes())?;
        std::fs::rename(&tmp, &p).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            SyncError::Io(format!("cannot write {}: {e}", p.display()))
        })?;
        Ok(())
    }

    /// Stores the login; the token goes to the keyring when there is one (the file then keeps
    /// the other fields). Returns where the token went, for the message.
    pub fn upsert(&self, mut login: StoredLogin) -> Result<String> {
        let mut f = self.load_file().unwrap_or_default();
        f.version = 1;
        f.logins.retain(|l| l.url != login.url);
        f.default = Some(login.url.clone());
        let mut place = self.path().display().to_string();
        login.keyring = false;
        if let Some(s) = &self.secrets {
            match s.set(&login.url, &login.token) {
                Ok(()) => {
                    place = format!("{} (other settings in {place})", s.name());
                    login.token.clear();
                    login.keyring = true;
                }
                Err(e) => place.push_str(&format!(" ({} failed: {e})", s.name())),
            }
        }
        f.logins.push(login);
        self.save(&f)?;
        Ok(place)
    }

    /// Removes the login for `base` (all logins when `None`). Returns how many were removed.
    pub fn remove(&self, base: Option<&str>) -> Result<usize> {
        let mut f = self.load_file().unwrap_or_default();
        let before = f.logins.len();
        let gone: Vec<StoredLogin> = f
            .logins
            .iter()
            .filter(|l| base.is_none_or(|b| l.url == b))
            .cloned()
            .collect();
        f.logins.retain(|l| base.is_some_and(|b| l.url != b));
        if let Some(s) = &self.secrets {
            for l in gone.iter().filter(|l| l.keyring) {
                s.delete(&l.url);
            }
        }
        let removed = before - f.logins.len();
        if f.logins.is_empty() {
            match std::fs::remove_file(self.path()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
            return Ok(removed);
        }
        if f.default
            .as_ref()
            .is_some_and(|d| !f.logins.iter().any(|l| &l.url == d))
        {
            f.default = f.logins.last().map(|l| l.url.clone());
        }
        self.save(&f)?;
        Ok(removed)
    }
}

fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| SyncError::Io(format!("cannot create {}: {e}", dir.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o
        .open(path)
        .map_err(|e| SyncError::Io(format!("cannot write {}: {e}", path.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_is_private_and_round_trips() {
        let dir = std::env::temp_dir().join(format!("altinn-ls-store-{}", std::process::id()));
        let st = Store::with_secrets(dir.clone(), None);
        st.upsert(StoredLogin {
            url: "https://altinn.studio/repos".into(),
            user: "me".into(),
            token: "tok-123456".into(),
            keyring: false,
            mode: AuthMode::Basic,
            name: None,
            email: None,
        })
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let m = std::fs::metadata(st.path()).unwrap().permissions().mode();
            assert_eq!(m & 0o777, 0o600);
        }
        let opts = SyncOptions {
            config_dir: Some(dir.clone()),
            ..Default::default()
        };
        let c = opts.candidates("https://altinn.studio/repos/ttd/app.git");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].basic_pair(), ("me".into(), "tok-123456".into()));
        assert!(opts
            .candidates("https://evil.example/ttd/app.git")
            .is_empty());
        assert!(!format!("{:?}", c[0]).contains("tok-123456"));
        assert_eq!(st.remove(None).unwrap(), 1);
        assert!(!st.path().exists());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn token_as_user_and_redaction() {
        let opts = SyncOptions {
            explicit: Some(Credentials {
                url: String::new(),
                user: String::new(),
                token: "abcdef".into(),
            }),
            config_dir: Some(std::env::temp_dir().join("altinn-ls-no-such-config-dir")),
            ..Default::default()
        };
        let c = opts.candidates("https://x.example/a/b");
        assert_eq!(c[0].basic_pair(), ("abcdef".into(), String::new()));
        assert_eq!(redact("bad abcdef here", &["abcdef"]), "bad *** here");
        // Issue 15 (low): the base64 Basic form slipped through before (this failed then):
        // "alice:tok-secret-123" and "tok-secret-123:" in base64
        let echoed =
            "401: got Authorization: Basic YWxpY2U6dG9rLXNlY3JldC0xMjM= and dG9rLXNlY3JldC0xMjM6.";
        assert_eq!(
            redact(echoed, &["tok-secret-123"]),
            "401: got Authorization: Basic *** and ***."
        );
        assert_eq!(
            redact("Basic aGVsbG8gd29ybGQ=", &["tok-secret-123"]),
            "Basic aGVsbG8gd29ybGQ="
        );
    }

    /// Issue 15, medium 4: with HOME, XDG_CONFIG_HOME and APPDATA unset the store went to
    /// `./.altinn-ls` (the working directory, i.e. the repository); now there is none.
    #[test]
    fn no_config_folder_without_an_absolute_home() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(config_dir_from(&env(&[])), None);
        assert_eq!(
            config_dir_from(&env(&[("HOME", "."), ("XDG_CONFIG_HOME", "cfg")])),
            None
        );
        assert_eq!(
            config_dir_from(&env(&[("HOME", "/home/u")])),
            Some(PathBuf::from("/home/u/.config/altinn-ls"))
        );
        assert_eq!(
            config_dir_from(&env(&[("HOME", "rel"), ("XDG_CONFIG_HOME", "/x")])),
            Some(PathBuf::from("/x/altinn-ls"))
        );
    }

    #[test]
    fn keyring_holds_the_token_and_the_file_does_not() {
        use crate::keystore::{MemorySecrets, Secrets};
        let dir = std::env::temp_dir().join(format!("altinn-ls-keyring-{}", std::process::id()));
        let mem = std::sync::Arc::new(MemorySecrets::default());
        let st = Store::with_secrets(dir.clone(), Some(mem.clone()));
        let place = st
            .upsert(StoredLogin {
                url: "https://altinn.studio/repos".into(),
                user: "me".into(),
                token: "tok-in-keyring".into(),
                keyring: false,
                mode: AuthMode::Basic,
                name: None,
                email: None,
            })
            .unwrap();
        assert!(place.starts_with("the test keyring"), "{place}");
        let text = std::fs::read_to_string(st.path()).unwrap();
        assert!(!text.contains("tok-in-keyring"), "{text}");
        assert_eq!(st.load().unwrap().logins[0].token, "tok-in-keyring");
        // without the keyring the login has no token (and is skipped by `candidates`)
        let plain = Store::with_secrets(dir.clone(), None);
        assert_eq!(plain.load().unwrap().logins[0].token, "");
        assert_eq!(st.remove(None).unwrap(), 1);
        assert_eq!(mem.get("https://altinn.studio/repos"), None);
        let _ = std::fs::remove_dir_all(dir);
    }
}
