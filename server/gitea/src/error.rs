//! Errors of the sync operations. Messages say what happened and what to do; they never
//! contain a token (every message goes through [`crate::creds::redact`] before it leaves).

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SyncError {
    /// The server refused every credential we had (after a bounded number of attempts).
    #[error("wrong user name or token for {server} (tried: {tried}). Log in again with `altinn-ls sync login --url {server}`, or set ALTINN_STUDIO_TOKEN (and ALTINN_STUDIO_USER)")]
    Auth { server: String, tried: String },
    /// No credentials at all for a server that asked for them.
    #[error("{server} asks for credentials and none were found. Log in with `altinn-ls sync login --url {server}`, or set ALTINN_STUDIO_TOKEN (and ALTINN_STUDIO_USER)")]
    NoCredentials { server: String },
    /// Connection refused, dropped, timed out, TLS failure...
    #[error("{what} failed: {detail}. {advice}")]
    Network {
        what: String,
        detail: String,
        advice: String,
    },
    #[error("refusing plain HTTP to {host}: credentials would travel unencrypted. Use https://, or pass --allow-http (ALTINN_STUDIO_ALLOW_HTTP=1) if you really mean it")]
    InsecureHttp { host: String },
    /// The server rejected a pushed reference (protected branch, hook, ...).
    #[error("the server rejected {refname}: {reason}. Nothing was changed on the server; your commit is kept locally")]
    Rejected { refname: String, reason: String },
    #[error("a merge is in progress{files}. Resolve the conflicts (remove the <<<<<<< ======= >>>>>>> markers), then run `altinn-ls sync push`; or abandon the merge with `git merge --abort`")]
    MergeInProgress { files: String },
    #[error("{0}")]
    Usage(String),
    #[error("git: {0}")]
    Git(String),
    #[error("{0}")]
    Io(String),
    #[error("Gitea API {method} {path} answered {status}: {body}")]
    Http {
        method: String,
        path: String,
        status: u16,
        body: String,
    },
}

impl SyncError {
    pub fn usage(msg: impl Into<String>) -> Self {
        SyncError::Usage(msg.into())
    }
    /// Wrong or missing credentials.
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            SyncError::Auth { .. } | SyncError::NoCredentials { .. }
        )
    }
}

impl From<git2::Error> for SyncError {
    fn from(e: git2::Error) -> Self {
        SyncError::Git(e.message().to_string())
    }
}

impl From<std::io::Error> for SyncError {
    fn from(e: std::io::Error) -> Self {
        SyncError::Io(e.to_string())
    }
}

/// Advice for a network failure: a certificate problem gets the CA hint.
pub fn network_advice(detail: &str, default: &str) -> String {
    let d = detail.to_ascii_lowercase();
    if d.contains("certificate")
        || d.contains("ssl")
        || d.contains("tls")
        || d.contains("unknownissuer")
    {
        format!("The server's certificate is not trusted: if it uses a private CA, pass --ca-file CA.pem (or set ALTINN_STUDIO_CA_FILE). {default}")
    } else {
        default.to_string()
    }
}

pub type Result<T, E = SyncError> = std::result::Result<T, E>;
