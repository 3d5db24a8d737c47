//! Entry points shared by the command line and the language server:
//! login / logout / repos, and `execute` for LSP `workspace/executeCommand`
//! (`altinn.sync.login`, `altinn.sync.status`, `altinn.sync.pull`, `altinn.sync.push`).

use crate::api::{Api, Repository};
use crate::creds::{AuthMode, Credentials, Login, Source, StoredLogin, SyncOptions};
use crate::error::{Result, SyncError};
use crate::ops;
use crate::server::{check_transport, display_server, normalize_base, parse_url};
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What the language server hands over for one command.
pub struct CommandContext {
    pub workspace_root: PathBuf,
    /// From `altinn/setCredentials` (editor secret storage); `None` → environment, stored
    /// login, git credential helpers.
    pub credentials: Option<Credentials>,
    /// Work-done progress messages.
    pub progress: Box<dyn Fn(&str) + Send + Sync>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LoginInfo {
    /// The Gitea root the credentials work for (with `/repos` for Altinn Studio).
    pub url: String,
    pub user: String,
    pub name: String,
    pub email: String,
    pub message: String,
}

/// Checks credentials against `GET /api/v1/user`. `url` may be the Altinn Studio host
/// (`https://altinn.studio`): when `/api/v1` is not there, `/repos/api/v1` is tried.
/// With `store`, the login is saved (0600 file) for later commands.
pub fn login(
    url: &str,
    user: Option<&str>,
    token: &str,
    mode: AuthMode,
    opts: &SyncOptions,
    store: bool,
) -> Result<LoginInfo> {
    let token = token.trim();
    if token.is_empty() {
        return Err(SyncError::usage(
            "no token given: pipe it on stdin or set ALTINN_STUDIO_TOKEN (create one in Gitea under Settings → Applications)",
        ));
    }
    let parsed = parse_url(url)?;
    check_transport(&parsed, opts.allow_http)?;
    if store {
        opts.store()?; // no place to keep it: say so before the token travels anywhere
    }
    let base = normalize_base(&parsed);
    let cand = Login {
        base: Some(base.clone()),
        user: user.unwrap_or("").to_string(),
        token: token.to_string(),
        mode: if user.unwrap_or("").is_empty() {
            AuthMode::TokenAsUser
        } else {
            mode
        },
        source: Source::Editor,
        name: None,
        email: None,
    };
    let try_base =
        |b: &str| -> Result<crate::api::User> { Api::new(b, opts, vec![cand.clone()])?.user() };
    let (base, u) = match try_base(&base) {
        Ok(u) => (base, u),
        Err(SyncError::Http { status: 404, .. }) | Err(SyncError::Io(_))
            if !parsed.path().trim_end_matches('/').ends_with("/repos") =>
        {
            let b2 = format!("{base}/repos");
            let u = try_base(&b2)?;
            (b2, u)
        }
        Err(e) => return Err(e),
    };
    let mut message = format!("Logged in to {} as {}", display_server(&base), u.login);
    if let Some(given) = user.filter(|g| !g.is_empty()) {
        if !given.eq_ignore_ascii_case(&u.login) {
            message.push_str(&format!(
                " (the token belongs to '{}', not '{given}'; using '{}')",
                u.login, u.login
            ));
        }
    }
    let name = if u.full_name.trim().is_empty() {
        u.login.clone()
    } else {
        u.full_name.clone()
    };
    let email = if u.email.trim().is_empty() {
        format!("{}@noreply.altinn.studio", u.login)
    } else {
        u.email.clone()
    };
    if store {
        let st = opts.store()?;
        let place = st.upsert(StoredLogin {
            url: base.clone(),
            user: u.login.clone(),
            token: token.to_string(),
            keyring: false,
            mode: if user.unwrap_or("").is_empty() && mode == AuthMode::TokenAsUser {
                AuthMode::TokenAsUser
            } else {
                mode
            },
            name: Some(name.clone()),
            email: Some(email.clone()),
        })?;
        message.push_str(&format!("; saved in {place}"));
    }
    Ok(LoginInfo {
        url: base,
        user: u.login,
        name,
        email,
        message,
    })
}

/// Removes the stored login for `url` (all when `None`).
pub fn logout(url: Option<&str>, opts: &SyncOptions) -> Result<String> {
    let st = opts.store()?;
    let base = match url {
        Some(u) => Some(normalize_base(&parse_url(u)?)),
        None => None,
    };
    let n = st.remove(base.as_deref())?;
    Ok(match (n, base) {
        (0, Some(b)) => format!("No stored login for {b}"),
        (0, None) => "No stored login".to_string(),
        (n, _) => format!("Removed {n} stored login(s) from {}", st.path().display()),
    })
}

/// Searches the repositories the user can see (own, organisations', public).
pub fn repos(server: Option<&str>, query: &str, opts: &SyncOptions) -> Result<Vec<Repository>> {
    let base = match server {
        Some(s) => normalize_base(&parse_url(s)?),
        None => ops::server_for(opts)?,
    };
    let api = Api::new(&base, opts, rest_candidates(&base, opts))?;
    api.search(query, 50)
}

/// Credentials for REST calls to `base`: the usual sources, then git's credential helpers.
pub fn rest_candidates(base: &str, opts: &SyncOptions) -> Vec<Login> {
    let mut c = opts.candidates(base);
    if opts.use_git_helpers {
        if let Some(h) = crate::creds::git_helper_login(base, None) {
            if !c.iter().any(|x| x.token == h.token) {
                c.push(h);
            }
        }
    }
    c
}

// ---------------------------------------------------------------------------------------------
// LSP

fn opts_for(ctx: &CommandContext) -> SyncOptions {
    let mut o = SyncOptions::from_env();
    o.explicit = ctx.credentials.clone();
    o
}

fn arg_str<'a>(args: &'a Value, key: &str) -> Option<&'a str> {
    // Accept both `{key: ...}` and `[{key: ...}]` (executeCommand passes an arguments array).
    args.get(key)
        .or_else(|| args.get(0).and_then(|a| a.get(key)))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn repo_path(args: &Value, ctx: &CommandContext) -> PathBuf {
    match arg_str(args, "path") {
        Some(p) if Path::new(p).is_absolute() => PathBuf::from(p),
        Some(p) => ctx.workspace_root.join(p),
        None => ctx.workspace_root.clone(),
    }
}

/// `altinn.sync.login`: who the credentials belong to, with the sync counts at zero (the
/// editor reads every sync result alike).
#[derive(Debug, Clone, Serialize)]
pub struct LoginResult {
    pub ok: bool,
    pub url: String,
    pub user: String,
    pub name: String,
    pub email: String,
    pub message: String,
    pub ahead: usize,
    pub behind: usize,
    pub conflicts: Vec<String>,
    pub changed: Vec<String>,
}

/// `altinn.sync.repos`.
#[derive(Debug, Clone, Serialize)]
pub struct ReposResult {
    pub repos: Vec<Repository>,
    pub message: String,
}

/// What a sync command returns (serialized as the bare object).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum SyncOutput {
    Login(LoginResult),
    /// `status`, `pull`, `push`, `clone`.
    Report(ops::SyncReport),
    Repos(ReposResult),
}

impl SyncOutput {
    /// The repository's state after the command: `(ahead, behind, conflicts)`; `None` when
    /// the command says nothing about a repository.
    pub fn sync_state(&self) -> Option<(usize, usize, &[String])> {
        match self {
            Self::Login(l) => Some((l.ahead, l.behind, &l.conflicts)),
            Self::Report(r) => Some((r.ahead, r.behind, &r.conflicts)),
            Self::Repos(_) => None,
        }
    }
}

/// LSP `workspace/executeCommand` for the sync commands. Blocking: run it on a blocking
/// thread. Every result but `repos` has at least `{ahead, behind, conflicts, changed, message}`.
pub fn execute(name: &str, args: Value, ctx: &CommandContext) -> Result<SyncOutput, String> {
    let opts = opts_for(ctx);
    let progress = |m: &str| (ctx.progress)(m);
    if opts.allow_http {
        progress("ALTINN_STUDIO_ALLOW_HTTP is on: plain http:// to other machines is allowed, and the token travels unencrypted there");
    }
    let secrets: Vec<String> = ctx
        .credentials
        .iter()
        .map(|c| c.token.clone())
        .chain(std::env::var("ALTINN_STUDIO_TOKEN").ok())
        .collect();
    let clean = |e: SyncError| {
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        crate::creds::redact(&e.to_string(), &refs)
    };
    match name {
        "altinn.sync.login" => {
            let c = ctx.credentials.clone().unwrap_or_default();
            let url = arg_str(&args, "url")
                .map(String::from)
                .or_else(|| Some(c.url.clone()).filter(|u| !u.is_empty()))
                .or_else(|| opts.configured_server())
                .ok_or_else(|| "no server URL: set credentials in the editor first".to_string())?;
            let user = arg_str(&args, "user").map(String::from).unwrap_or(c.user);
            let token = if c.token.is_empty() {
                std::env::var("ALTINN_STUDIO_TOKEN").unwrap_or_default()
            } else {
                c.token
            };
            let store = args
                .get("store")
                .or_else(|| args.get(0).and_then(|a| a.get("store")))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let mode = opts.auth_mode.unwrap_or(AuthMode::Basic);
            let info = login(&url, Some(&user), &token, mode, &opts, store).map_err(clean)?;
            Ok(SyncOutput::Login(LoginResult {
                ok: true,
                url: info.url,
                user: info.user,
                name: info.name,
                email: info.email,
                message: info.message,
                ahead: 0,
                behind: 0,
                conflicts: Vec::new(),
                changed: Vec::new(),
            }))
        }
        "altinn.sync.status" => ops::status(&repo_path(&args, ctx), &opts, &progress)
            .map(SyncOutput::Report)
            .map_err(clean),
        "altinn.sync.pull" => ops::pull(&repo_path(&args, ctx), &opts, &progress)
            .map(SyncOutput::Report)
            .map_err(clean),
        "altinn.sync.push" => ops::push(
            &repo_path(&args, ctx),
            arg_str(&args, "message"),
            &opts,
            &progress,
        )
        .map(SyncOutput::Report)
        .map_err(clean),
        "altinn.sync.clone" => {
            let spec = arg_str(&args, "repo").ok_or("missing argument 'repo' (ORG/REPO or URL)")?;
            let dir = arg_str(&args, "dir").map(|d| ctx.workspace_root.join(d));
            ops::clone(spec, dir.as_deref(), &opts, &progress)
                .map(SyncOutput::Report)
                .map_err(clean)
        }
        "altinn.sync.repos" => {
            let q = arg_str(&args, "query").unwrap_or("");
            repos(arg_str(&args, "url"), q, &opts)
                .map(|repos| {
                    SyncOutput::Repos(ReposResult {
                        message: format!("{} repositories", repos.len()),
                        repos,
                    })
                })
                .map_err(clean)
        }
        other => Err(format!("unknown sync command '{other}'")),
    }
}
