//! Credentials: where they come from (editor → environment → stored login → git credential
//! helpers), how they are stored (a 0600 JSON file under the user's config dir), how they are
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

    pub fn store(&self) -> Store {
        Store::new(self.config_dir.clone().unwrap_or_else(default_config_dir))
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
        if let Ok(file) = self.store().load() {
            // Longest matching base first.
            let mut logins: Vec<&StoredLogin> = file
                .logins
                .iter()
                .filter(|l| under_base(url, &l.url))
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

/// Replaces every secret in `msg` by `***`.
pub fn redact(msg: &str, secrets: &[&str]) -> String {
    let mut s = msg.to_string();
    for sec in secrets {
        if sec.len() >= 4 {
            s = s.replace(sec, "***");
        }
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Stored login

#[derive(Clone, Serialize, Deserialize)]
pub struct StoredLogin {
    pub url: String,
    pub user: String,
    pub token: String,
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

/// `$XDG_CONFIG_HOME/altinn-ls` or `~/.config/altinn-ls`.
pub fn default_config_dir() -> PathBuf {
    if let Some(x) = env_nonempty("XDG_CONFIG_HOME") {
        return PathBuf::from(x).join("altinn-ls");
    }
    if let Some(h) = env_nonempty("HOME") {
        return PathBuf::from(h).join(".config").join("altinn-ls");
    }
    if let Some(a) = env_nonempty("APPDATA") {
        return PathBuf::from(a).join("altinn-ls");
    }
    PathBuf::from(".altinn-ls")
}

pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn new(dir: PathBuf) -> Store {
        Store { dir }
    }
    pub fn path(&self) -> PathBuf {
        self.dir.join("credentials.json")
    }

    pub fn load(&self) -> Result<StoreFile> {
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

    pub fn upsert(&self, login: StoredLogin) -> Result<()> {
        let mut f = self.load().unwrap_or_default();
        f.version = 1;
        f.logins.retain(|l| l.url != login.url);
        f.default = Some(login.url.clone());
        f.logins.push(login);
        self.save(&f)
    }

    /// Removes the login for `base` (all logins when `None`). Returns how many were removed.
    pub fn remove(&self, base: Option<&str>) -> Result<usize> {
        let mut f = self.load().unwrap_or_default();
        let before = f.logins.len();
        match base {
            Some(b) => f.logins.retain(|l| l.url != b),
            None => f.logins.clear(),
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
        let st = Store::new(dir.clone());
        st.upsert(StoredLogin {
            url: "https://altinn.studio/repos".into(),
            user: "me".into(),
            token: "tok-123456".into(),
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
    }
}
