//! The git side: clone, status, pull ("fetch changes"), push ("share changes").
//!
//! Invariants:
//! - Uncommitted work is never overwritten: checkouts are SAFE (libgit2 refuses to touch a file
//!   that differs from HEAD) and, before any checkout, a pull compares the files changed locally
//!   with the files the incoming commits touch; on overlap it stops before touching the work tree.
//! - A branch ref moves only after the work tree and index were updated successfully.
//! - Network operations only add objects and move remote-tracking refs; a failure leaves the
//!   repository as it was (plus, at worst, unreferenced objects).
//! - Credentials only reach libgit2 through the credentials callback, bounded to a few attempts.

use crate::api::{Api, MAX_AUTH_ATTEMPTS};
use crate::creds::{git_helper_login, redact, Login, SyncOptions};
use crate::error::{Result, SyncError};
use crate::server::{
    check_transport, display_server, parse_owner_repo, parse_url, split_repo_url, RepoRef,
};
use crate::transport::{same_server, with_session, CredentialSource, Session};
use git2::{
    build::{CheckoutBuilder, RepoBuilder},
    AutotagOption, BranchType, CredentialType, ErrorClass, ErrorCode, FetchOptions, IndexAddOption,
    MergeOptions, Oid, PushOptions, RemoteCallbacks, Repository, RepositoryState, Signature,
    StatusOptions,
};
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// What an operation did; also the payload of the LSP commands (`altinn/sync`).
#[derive(Debug, Clone, Serialize, Default)]
pub struct SyncReport {
    /// `status`, `up-to-date`, `fast-forward`, `merged`, `conflicts`, `blocked`, `pushed`,
    /// `nothing-to-push`, `cloned`.
    pub outcome: String,
    pub path: String,
    pub branch: String,
    pub upstream: String,
    pub ahead: usize,
    pub behind: usize,
    /// Files with uncommitted changes (relative to the repository root).
    pub changed: Vec<String>,
    /// The same with a status letter each.
    pub changes: Vec<Change>,
    /// Files that need the user's attention: merge conflicts, or (outcome `blocked`) local
    /// uncommitted files that the incoming changes also touch.
    pub conflicts: Vec<String>,
    pub message: String,
    /// `false` when the server could not be reached (status works offline).
    pub online: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

impl SyncReport {
    /// Outcomes that need the user to act (exit code 1 on the command line).
    pub fn needs_attention(&self) -> bool {
        matches!(self.outcome.as_str(), "conflicts" | "blocked")
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    /// `modified`, `new`, `deleted`, `renamed`, `typechange`, `conflicted`.
    pub status: String,
}

/// Progress sink (CLI: stderr; LSP: work-done progress).
pub type Progress<'a> = &'a (dyn Fn(&str) + 'a);

/// Total time one git HTTP request may take, answer included (a whole pack for a clone);
/// connecting is bounded separately (15 s, as for the REST API).
const GIT_REQUEST_TIMEOUT_S: u64 = 600;

/// `ALTINN_STUDIO_TIMEOUT` (seconds) overrides both network timeouts (git and REST).
pub fn timeout_override() -> Option<u64> {
    std::env::var("ALTINN_STUDIO_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&s| s > 0 && s < 86_400)
}

fn prepare_globals(opts: &SyncOptions) -> Result<()> {
    crate::global::register_transport();
    if let Some(ca) = &opts.ca_file {
        if !ca.is_file() {
            return Err(SyncError::Io(format!("CA file {} not found", ca.display())));
        }
    }
    Ok(())
}

/// Total time one git HTTP request may take (its answer can be a whole pack).
fn git_request_timeout() -> std::time::Duration {
    std::time::Duration::from_secs(timeout_override().unwrap_or(GIT_REQUEST_TIMEOUT_S))
}

fn is_http(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

// ---------------------------------------------------------------------------------------------
// Network context: credentials callback (bounded), progress, per-ref push status

struct Net<'a> {
    server: String,
    opts: &'a SyncOptions,
    auth: Rc<Auth>,
    progress: Progress<'a>,
    last_pct: Cell<i64>,
    push_status: RefCell<Vec<(String, String)>>,
}

impl<'a> Net<'a> {
    fn new(url: &str, opts: &'a SyncOptions, progress: Progress<'a>) -> Result<Net<'a>> {
        if is_http(url) {
            check_transport(&parse_url(url)?, opts.allow_http)?;
        }
        prepare_globals(opts)?;
        Ok(Net {
            server: if is_http(url) {
                split_repo_url(&parse_url(url)?)
                    .map(|r| display_server(&r.base))
                    .unwrap_or_else(|_| display_server(url))
            } else {
                url.to_string()
            },
            opts,
            auth: Rc::new(Auth {
                url: url.to_string(),
                base: if is_http(url) {
                    split_repo_url(&parse_url(url)?).ok().map(|r| r.base)
                } else {
                    None
                },
                use_git_helpers: opts.use_git_helpers,
                candidates: RefCell::new(opts.candidates(url)),
                helper_asked: Cell::new(false),
                attempts: Cell::new(0),
                auth_failed: Cell::new(false),
                no_credentials: Cell::new(false),
                tried: RefCell::new(Vec::new()),
                used: Cell::new(None),
            }),
            progress,
            last_pct: Cell::new(-1),
            push_status: RefCell::new(Vec::new()),
        })
    }

    fn reset(&self) {
        self.auth.attempts.set(0);
        self.auth.auth_failed.set(false);
        self.auth.no_credentials.set(false);
        self.last_pct.set(-1);
        self.push_status.borrow_mut().clear();
    }

    fn secrets(&self) -> Vec<String> {
        self.auth
            .candidates
            .borrow()
            .iter()
            .map(|c| c.token.clone())
            .collect()
    }

    /// A fresh set of callbacks (libgit2 consumes them per operation).
    fn callbacks(&self) -> RemoteCallbacks<'_> {
        let mut cb = RemoteCallbacks::new();
        // Only reached by libgit2's own transports (http(s) goes through `transport`, which
        // asks `Auth` itself); the same rules apply.
        cb.credentials(move |url, _user, allowed| {
            if !allowed.contains(CredentialType::USER_PASS_PLAINTEXT) {
                return Err(git2::Error::from_str(
                    "the server asks for an authentication method other than user name + token",
                ));
            }
            let url = reqwest::Url::parse(url).map_err(|_| git2::Error::from_str("bad URL"))?;
            let (u, p) = self
                .auth
                .next_login(&url)
                .map_err(|m| git2::Error::from_str(&m))?;
            git2::Cred::userpass_plaintext(&u, &p)
        });
        cb.transfer_progress(move |p| {
            let total = p.total_objects() as i64;
            if total > 0 {
                let pct = (p.received_objects() as i64 * 100 / total) / 10 * 10;
                if pct != self.last_pct.get() {
                    self.last_pct.set(pct);
                    (self.progress)(&format!(
                        "Receiving objects: {pct}% ({}/{})",
                        p.received_objects(),
                        total
                    ));
                }
            }
            true
        });
        cb.push_transfer_progress(move |cur, total, _bytes| {
            if let Some(pct) = (cur * 100).checked_div(total) {
                let pct = pct as i64 / 10 * 10;
                if pct != self.last_pct.get() {
                    self.last_pct.set(pct);
                    (self.progress)(&format!("Sending objects: {pct}% ({cur}/{total})"));
                }
            }
        });
        cb.push_update_reference(move |refname, status| {
            if let Some(s) = status {
                self.push_status
                    .borrow_mut()
                    .push((refname.to_string(), s.to_string()));
            }
            Ok(())
        });
        cb
    }

    fn map_err(&self, e: git2::Error, what: &str, advice: &str) -> SyncError {
        if self.auth.auth_failed.get() || e.code() == ErrorCode::Auth {
            let mut tried = self.auth.tried.borrow().clone();
            tried.dedup();
            return SyncError::Auth {
                server: self.server.clone(),
                tried: if tried.is_empty() {
                    "no credentials".into()
                } else {
                    tried.join(", ")
                },
            };
        }
        if self.auth.no_credentials.get() {
            return SyncError::NoCredentials {
                server: self.server.clone(),
            };
        }
        let secrets = self.secrets();
        let refs: Vec<&str> = secrets.iter().map(|s| s.as_str()).collect();
        let detail = redact(e.message(), &refs);
        match e.class() {
            ErrorClass::Net
            | ErrorClass::Http
            | ErrorClass::Ssl
            | ErrorClass::Os
            | ErrorClass::Indexer
            | ErrorClass::Callback => SyncError::Network {
                what: format!("{what} ({})", self.server),
                advice: crate::error::network_advice(&detail, advice),
                detail,
            },
            _ => SyncError::Git(format!("{what}: {detail}")),
        }
    }

    fn used_login(&self) -> Option<Login> {
        self.auth
            .used
            .get()
            .and_then(|i| self.auth.candidates.borrow().get(i).cloned())
    }

    /// This operation's git HTTP session (see `transport`).
    fn session(&self) -> Result<Session> {
        let creds: Rc<dyn CredentialSource> = self.auth.clone();
        Session::new(self.opts, Some(creds), git_request_timeout())
    }

    /// Runs a libgit2 network call inside this operation's HTTP session.
    fn run<R>(&self, f: impl FnOnce() -> R) -> Result<R> {
        Ok(with_session(self.session()?, f))
    }
}

/// The credentials of one operation: tried in order, bounded, and only for the server the
/// operation was started on (a redirect or a URL elsewhere gets none).
struct Auth {
    url: String,
    /// The Gitea root of `url` (credentials are given only below it).
    base: Option<String>,
    use_git_helpers: bool,
    candidates: RefCell<Vec<Login>>,
    helper_asked: Cell<bool>,
    attempts: Cell<usize>,
    auth_failed: Cell<bool>,
    no_credentials: Cell<bool>,
    tried: RefCell<Vec<&'static str>>,
    used: Cell<Option<usize>>,
}

impl CredentialSource for Auth {
    fn next_login(&self, url: &reqwest::Url) -> std::result::Result<(String, String), String> {
        let base = self.base.as_deref().unwrap_or(&self.url);
        let same = parse_url(base)
            .map(|b| same_server(&b, url))
            .unwrap_or(false);
        if !same {
            self.auth_failed.set(true);
            return Err(format!(
                "{} asks for credentials, but it is not the server of this repository ({}): none sent",
                display_server(url.as_str()),
                display_server(base)
            ));
        }
        let n = self.attempts.get();
        self.attempts.set(n + 1);
        if n >= MAX_AUTH_ATTEMPTS {
            self.auth_failed.set(true);
            return Err("wrong user name or token".into());
        }
        let mut cands = self.candidates.borrow_mut();
        if n >= cands.len() && !self.helper_asked.get() && self.use_git_helpers {
            self.helper_asked.set(true);
            if let Some(l) = git_helper_login(&self.url, None) {
                if !cands.iter().any(|c| c.token == l.token && c.user == l.user) {
                    cands.push(l);
                }
            }
        }
        match cands.get(n) {
            Some(l) => {
                self.tried.borrow_mut().push(l.source.label());
                self.used.set(Some(n));
                Ok(l.basic_pair())
            }
            None => {
                if n == 0 {
                    self.no_credentials.set(true);
                } else {
                    self.auth_failed.set(true);
                }
                Err("wrong user name or token".into())
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Repository helpers

/// Opens the repository containing `path` (searching upwards).
pub fn open(path: &Path) -> Result<Repository> {
    let repo = Repository::discover(path).map_err(|_| {
        SyncError::usage(format!(
            "{} is not inside a git repository; clone one with `altinn-ls sync clone ORG/REPO`",
            path.display()
        ))
    })?;
    if repo.is_bare() {
        return Err(SyncError::usage(
            "the repository is bare (it has no work tree)",
        ));
    }
    Ok(repo)
}

fn workdir(repo: &Repository) -> PathBuf {
    repo.workdir().map(Path::to_path_buf).unwrap_or_default()
}

#[derive(Debug, Clone)]
struct BranchInfo {
    local_ref: String,
    short: String,
    remote: String,
    /// Remote branch name, when configured (`branch.<b>.merge`).
    remote_branch: Option<String>,
}

impl BranchInfo {
    fn tracking_ref(&self, remote_branch: &str) -> String {
        format!("refs/remotes/{}/{}", self.remote, remote_branch)
    }
}

fn branch_info(repo: &Repository) -> Result<BranchInfo> {
    let head = repo.find_reference("HEAD")?;
    let local_ref = match head.symbolic_target().ok().flatten() {
        Some(t) => t.to_string(),
        None => {
            return Err(SyncError::usage(
                "HEAD is detached (not on a branch); check out a branch first (e.g. `git checkout master`)",
            ))
        }
    };
    let short = local_ref
        .strip_prefix("refs/heads/")
        .unwrap_or(&local_ref)
        .to_string();
    let cfg = repo.config()?;
    let remote = cfg
        .get_string(&format!("branch.{short}.remote"))
        .unwrap_or_else(|_| "origin".to_string());
    let remote_branch = cfg
        .get_string(&format!("branch.{short}.merge"))
        .ok()
        .map(|m| m.strip_prefix("refs/heads/").unwrap_or(&m).to_string());
    if repo.find_remote(&remote).is_err() {
        return Err(SyncError::usage(format!(
            "the repository has no remote '{remote}'; clone it with `altinn-ls sync clone`"
        )));
    }
    Ok(BranchInfo {
        local_ref,
        short,
        remote,
        remote_branch,
    })
}

fn remote_url(repo: &Repository, remote: &str) -> Result<String> {
    let r = repo.find_remote(remote)?;
    let url = r
        .url()
        .map_err(|_| SyncError::usage(format!("remote '{remote}' has no usable URL")))?;
    Ok(url.to_string())
}

fn head_oid(repo: &Repository, local_ref: &str) -> Option<Oid> {
    repo.refname_to_id(local_ref).ok()
}

/// Local uncommitted changes (index or work tree), ignored files excluded.
pub fn local_changes(repo: &Repository) -> Result<Vec<Change>> {
    let mut so = StatusOptions::new();
    so.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .exclude_submodules(true);
    let st = repo.statuses(Some(&mut so))?;
    let mut out = Vec::new();
    for e in st.iter() {
        let s = e.status();
        if s.is_ignored() || s.is_empty() {
            continue;
        }
        let Ok(path) = e.path() else { continue };
        let status = if s.is_conflicted() {
            "conflicted"
        } else if s.is_wt_new() || s.is_index_new() {
            "new"
        } else if s.is_wt_deleted() || s.is_index_deleted() {
            "deleted"
        } else if s.is_wt_renamed() || s.is_index_renamed() {
            "renamed"
        } else if s.is_wt_typechange() || s.is_index_typechange() {
            "typechange"
        } else {
            "modified"
        };
        out.push(Change {
            path: path.to_string(),
            status: status.to_string(),
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn index_conflicts(repo: &Repository) -> Result<Vec<String>> {
    let idx = repo.index()?;
    let mut out = BTreeSet::new();
    if idx.has_conflicts() {
        for c in idx.conflicts()? {
            let c = c?;
            for e in [&c.ancestor, &c.our, &c.their].into_iter().flatten() {
                out.insert(String::from_utf8_lossy(&e.path).into_owned());
            }
        }
    }
    Ok(out.into_iter().collect())
}

/// Paths changed between two trees (old and new names).
fn changed_paths(repo: &Repository, from: Option<Oid>, to: Oid) -> Result<BTreeSet<String>> {
    let from_tree = match from {
        Some(c) => Some(repo.find_commit(c)?.tree()?),
        None => None,
    };
    let to_tree = repo.find_commit(to)?.tree()?;
    let diff = repo.diff_tree_to_tree(from_tree.as_ref(), Some(&to_tree), None)?;
    let mut out = BTreeSet::new();
    for d in diff.deltas() {
        for f in [d.old_file(), d.new_file()] {
            if let Some(p) = f.path().and_then(|p| p.to_str()) {
                out.insert(p.to_string());
            }
        }
    }
    Ok(out)
}

/// Does the local file `path` still hold conflict markers? (`<<<<<<< ` / `>>>>>>> ` lines;
/// a lone `=======` can be a Markdown heading underline, so it does not count.)
fn has_conflict_markers(root: &Path, path: &str) -> bool {
    match std::fs::read(root.join(path)) {
        Ok(bytes) => String::from_utf8_lossy(&bytes)
            .lines()
            .any(|l| l.starts_with("<<<<<<< ") || l.starts_with(">>>>>>> ")),
        Err(_) => false,
    }
}

fn safe_checkout() -> CheckoutBuilder<'static> {
    let mut cb = CheckoutBuilder::new();
    cb.safe().overwrite_ignored(false).recreate_missing(false);
    cb
}

/// Moves the branch `local_ref` (checked out) from its current commit to `target`, updating
/// index and work tree with a SAFE checkout first; the ref moves only if that succeeded.
fn move_branch(repo: &Repository, local_ref: &str, target: Oid, msg: &str) -> Result<()> {
    let commit = repo.find_commit(target)?;
    let tree = commit.tree()?;
    repo.checkout_tree(tree.as_object(), Some(&mut safe_checkout()))
        .map_err(|e| {
            SyncError::Git(format!(
                "could not update the work tree ({}); nothing was changed in your branch",
                e.message()
            ))
        })?;
    match repo.find_reference(local_ref) {
        Ok(mut r) => {
            r.set_target(target, msg)?;
        }
        Err(_) => {
            repo.reference(local_ref, target, false, msg)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Identity for commits

fn identity(repo: &Repository, net: &Net, api_base: Option<&str>) -> Signature<'static> {
    let fallback_user = net.used_login().map(|l| l.user).unwrap_or_default();
    if let Some(l) = net
        .used_login()
        .or_else(|| net.auth.candidates.borrow().first().cloned())
    {
        if let (Some(n), Some(e)) = (&l.name, &l.email) {
            if let Ok(s) = Signature::now(n, e) {
                return s;
            }
        }
    }
    if let Some(base) = api_base {
        let cands = net.auth.candidates.borrow().clone();
        if !cands.is_empty() {
            if let Ok(api) = Api::new(base, net.opts, cands) {
                if let Ok(u) = api.user() {
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
                    if let Ok(s) = Signature::now(&name, &email) {
                        return s;
                    }
                }
            }
        }
    }
    if let Ok(s) = repo.signature() {
        return s;
    }
    let user = if fallback_user.is_empty() || fallback_user.len() > 40 {
        "altinn-ls".to_string()
    } else {
        fallback_user
    };
    Signature::now(&user, &format!("{user}@noreply.altinn.studio")).unwrap_or_else(|_| {
        Signature::now("altinn-ls", "altinn-ls@noreply.altinn.studio").expect("static signature")
    })
}

fn api_base_of(url: &str) -> Option<String> {
    if !is_http(url) {
        return None;
    }
    parse_url(url)
        .ok()
        .and_then(|u| split_repo_url(&u).ok())
        .map(|r| r.base)
}

// ---------------------------------------------------------------------------------------------
// Fetch

struct Fetched {
    /// The remote branch we follow.
    remote_branch: String,
    upstream: Option<Oid>,
}

fn fetch(
    repo: &Repository,
    net: &Net,
    bi: &BranchInfo,
    what: &str,
    advice: &str,
) -> Result<Fetched> {
    net.reset();
    (net.progress)("Fetching from the server…");
    let mut remote = repo.find_remote(&bi.remote)?;
    let mut fo = FetchOptions::new();
    fo.remote_callbacks(net.callbacks());
    fo.download_tags(AutotagOption::Auto);
    net.run(|| remote.fetch::<&str>(&[], Some(&mut fo), Some("altinn-ls: fetch")))?
        .map_err(|e| net.map_err(e, what, advice))?;
    let default = remote.default_branch().ok().and_then(|b| {
        b.as_str()
            .ok()
            .map(|s| s.trim_start_matches("refs/heads/").to_string())
    });
    // Follow the configured upstream; else the same name if the remote has it; else the
    // remote's default branch (Altinn uses master).
    let remote_branch = match &bi.remote_branch {
        Some(b) => b.clone(),
        None => {
            if repo.refname_to_id(&bi.tracking_ref(&bi.short)).is_ok() {
                bi.short.clone()
            } else {
                default.unwrap_or_else(|| bi.short.clone())
            }
        }
    };
    let upstream = repo.refname_to_id(&bi.tracking_ref(&remote_branch)).ok();
    Ok(Fetched {
        remote_branch,
        upstream,
    })
}

fn set_upstream_if_missing(repo: &Repository, bi: &BranchInfo, remote_branch: &str) {
    if bi.remote_branch.is_none() {
        if let Ok(mut cfg) = repo.config() {
            let _ = cfg.set_str(&format!("branch.{}.remote", bi.short), &bi.remote);
            let _ = cfg.set_str(
                &format!("branch.{}.merge", bi.short),
                &format!("refs/heads/{remote_branch}"),
            );
        }
    }
}

fn ahead_behind(
    repo: &Repository,
    head: Option<Oid>,
    upstream: Option<Oid>,
) -> Result<(usize, usize)> {
    Ok(match (head, upstream) {
        (Some(h), Some(u)) => repo.graph_ahead_behind(h, u)?,
        (Some(h), None) => (count_commits(repo, h)?, 0),
        (None, Some(u)) => (0, count_commits(repo, u)?),
        (None, None) => (0, 0),
    })
}

fn count_commits(repo: &Repository, from: Oid) -> Result<usize> {
    let mut w = repo.revwalk()?;
    w.push(from)?;
    Ok(w.count())
}

fn base_report(repo: &Repository, bi: &BranchInfo, outcome: &str) -> Result<SyncReport> {
    let changes = local_changes(repo)?;
    Ok(SyncReport {
        outcome: outcome.to_string(),
        path: workdir(repo).display().to_string(),
        branch: bi.short.clone(),
        upstream: format!(
            "{}/{}",
            bi.remote,
            bi.remote_branch.clone().unwrap_or_else(|| bi.short.clone())
        ),
        changed: changes.iter().map(|c| c.path.clone()).collect(),
        changes,
        conflicts: index_conflicts(repo)?,
        online: true,
        ..Default::default()
    })
}

// ---------------------------------------------------------------------------------------------
// status

pub fn status(path: &Path, opts: &SyncOptions, progress: Progress) -> Result<SyncReport> {
    let repo = open(path)?;
    let bi = branch_info(&repo)?;
    let url = remote_url(&repo, &bi.remote)?;
    let net = Net::new(&url, opts, progress)?;
    let mut rep = base_report(&repo, &bi, "status")?;
    let head = head_oid(&repo, &bi.local_ref);
    let offline_note;
    let upstream = match fetch(
        &repo,
        &net,
        &bi,
        "fetching",
        "Showing the last known state.",
    ) {
        Ok(f) => {
            rep.upstream = format!("{}/{}", bi.remote, f.remote_branch);
            offline_note = None;
            f.upstream
        }
        Err(e @ SyncError::Network { .. }) => {
            rep.online = false;
            offline_note = Some(e.to_string());
            let rb = bi.remote_branch.clone().unwrap_or_else(|| bi.short.clone());
            repo.refname_to_id(&bi.tracking_ref(&rb)).ok()
        }
        Err(e) => return Err(e),
    };
    let (a, b) = ahead_behind(&repo, head, upstream)?;
    rep.ahead = a;
    rep.behind = b;
    let mut msg = format!(
        "On branch {} (following {}): {} ahead, {} behind; {} changed file(s)",
        rep.branch,
        rep.upstream,
        a,
        b,
        rep.changed.len()
    );
    if !rep.conflicts.is_empty() {
        msg.push_str(&format!(
            "; merge in progress with conflicts in: {}",
            rep.conflicts.join(", ")
        ));
    }
    if let Some(n) = offline_note {
        msg.push_str(&format!(". Offline: {n}"));
    }
    rep.message = msg;
    Ok(rep)
}

// ---------------------------------------------------------------------------------------------
// pull

pub fn pull(path: &Path, opts: &SyncOptions, progress: Progress) -> Result<SyncReport> {
    let repo = open(path)?;
    refuse_unfinished(&repo)?;
    let bi = branch_info(&repo)?;
    let url = remote_url(&repo, &bi.remote)?;
    let net = Net::new(&url, opts, progress)?;
    let f = fetch(
        &repo,
        &net,
        &bi,
        "fetching changes",
        "Nothing was changed locally; try again when the server is reachable.",
    )?;
    set_upstream_if_missing(&repo, &bi, &f.remote_branch);
    let mut rep = integrate(&repo, &net, &bi, &f, &url)?;
    rep.upstream = format!("{}/{}", bi.remote, f.remote_branch);
    Ok(rep)
}

fn refuse_unfinished(repo: &Repository) -> Result<()> {
    match repo.state() {
        RepositoryState::Clean => Ok(()),
        RepositoryState::Merge => {
            let c = index_conflicts(repo)?;
            Err(SyncError::MergeInProgress {
                files: if c.is_empty() {
                    String::new()
                } else {
                    format!(" (conflicts in: {})", c.join(", "))
                },
            })
        }
        other => Err(SyncError::usage(format!(
            "the repository is in the middle of another git operation ({other:?}); finish or abort it with git first"
        ))),
    }
}

/// Brings the fetched upstream into the checked-out branch: fast-forward, clean merge, or
/// a merge with conflicts left for the user. Stops before touching anything when the
/// incoming changes touch files with uncommitted local changes.
fn integrate(
    repo: &Repository,
    net: &Net,
    bi: &BranchInfo,
    f: &Fetched,
    url: &str,
) -> Result<SyncReport> {
    let head = head_oid(repo, &bi.local_ref);
    let Some(up) = f.upstream else {
        let mut rep = base_report(repo, bi, "up-to-date")?;
        let (a, _) = ahead_behind(repo, head, None)?;
        rep.ahead = a;
        rep.message = format!(
            "The server has no branch '{}' yet; nothing to fetch",
            f.remote_branch
        );
        return Ok(rep);
    };
    let (ahead, behind) = ahead_behind(repo, head, Some(up))?;
    if behind == 0 {
        let mut rep = base_report(repo, bi, "up-to-date")?;
        rep.ahead = ahead;
        rep.message = if ahead > 0 {
            format!("Already up to date; {ahead} local commit(s) not shared yet")
        } else {
            "Already up to date".to_string()
        };
        return Ok(rep);
    }
    // Never overwrite uncommitted work: compare before touching anything.
    let base = match head {
        Some(h) => repo.merge_base(h, up).ok(),
        None => None,
    };
    let incoming = changed_paths(repo, base, up)?;
    let local = local_changes(repo)?;
    let overlap: Vec<String> = local
        .iter()
        .filter(|c| {
            incoming.contains(&c.path)
                // an untracked directory reported as a whole, or a file under a changed dir
                || incoming.iter().any(|i| i.starts_with(&format!("{}/", c.path.trim_end_matches('/'))))
        })
        .map(|c| c.path.clone())
        .collect();
    let mut overlap = overlap;
    for p in untracked_in_the_way(repo, head, &incoming) {
        if !overlap.contains(&p) {
            overlap.push(p);
        }
    }
    overlap.sort();
    if !overlap.is_empty() {
        let mut rep = base_report(repo, bi, "blocked")?;
        rep.ahead = ahead;
        rep.behind = behind;
        rep.conflicts = overlap.clone();
        rep.message = format!(
            "Not merged: the incoming changes ({behind} commit(s)) touch {} file(s) you have changed but not shared, or that git does not track here (untracked or ignored): {}. Nothing in your work tree was changed. Share your changes first with `altinn-ls sync push` (it commits them, merges, and lists any real conflicts), or move those edits aside and pull again",
            overlap.len(),
            overlap.join(", ")
        );
        return Ok(rep);
    }
    (net.progress)("Merging…");
    let Some(h) = head.filter(|_| ahead > 0) else {
        // Fast-forward (also from an unborn branch).
        move_branch(repo, &bi.local_ref, up, "altinn-ls: fast-forward")?;
        let mut rep = base_report(repo, bi, "fast-forward")?;
        rep.commit = Some(up.to_string());
        rep.message = format!(
            "Fetched {behind} commit(s) from the server (fast-forward); {} file(s) changed",
            incoming.len()
        );
        return Ok(rep);
    };
    let ours = repo.find_commit(h)?;
    let theirs = repo.find_commit(up)?;
    let mut mo = MergeOptions::new();
    mo.find_renames(true);
    let mut idx = repo.merge_commits(&ours, &theirs, Some(&mo))?;
    if !idx.has_conflicts() {
        let tree_id = idx.write_tree_to(repo)?;
        let tree = repo.find_tree(tree_id)?;
        let sig = identity(repo, net, api_base_of(url).as_deref());
        let msg = format!(
            "Merge remote-tracking branch '{}/{}'",
            bi.remote, f.remote_branch
        );
        let merge = repo.commit(None, &sig, &sig, &msg, &tree, &[&ours, &theirs])?;
        move_branch(repo, &bi.local_ref, merge, "altinn-ls: merge")?;
        let mut rep = base_report(repo, bi, "merged")?;
        rep.ahead = ahead + 1;
        rep.commit = Some(merge.to_string());
        rep.message = format!(
            "Merged {behind} commit(s) from the server with your {ahead} local commit(s); no conflicts"
        );
        return Ok(rep);
    }
    // Conflicts: write the merge into the work tree with markers and leave it for the user.
    let ann = repo.find_annotated_commit(up)?;
    let mut co = safe_checkout();
    co.allow_conflicts(true).conflict_style_merge(true);
    repo.merge(&[&ann], Some(&mut mo), Some(&mut co))
        .map_err(|e| {
            SyncError::Git(format!(
                "could not write the merge into the work tree ({}); your branch was not changed",
                e.message()
            ))
        })?;
    let mut rep = base_report(repo, bi, "conflicts")?;
    rep.ahead = ahead;
    rep.behind = behind;
    rep.message = format!(
        "Conflicts: you and someone else changed the same lines in {} file(s): {}. Both versions are in the files between <<<<<<< and >>>>>>> markers; edit them, then run `altinn-ls sync push` to share the merge (or `git merge --abort` to go back)",
        rep.conflicts.len(),
        rep.conflicts.join(", ")
    );
    Ok(rep)
}

/// Paths in `index` that the tree `head` (None: unborn branch) does not have.
fn added_files(repo: &Repository, head: Option<Oid>, index: &git2::Index) -> Vec<String> {
    let tree = head.and_then(|t| repo.find_tree(t).ok());
    let Ok(diff) = repo.diff_tree_to_index(tree.as_ref(), Some(index), None) else {
        return Vec::new();
    };
    diff.deltas()
        .filter(|d| d.status() == git2::Delta::Added)
        .filter_map(|d| {
            d.new_file()
                .path()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

/// Work-tree entries that git does not track but the incoming commits need the place of: an
/// untracked or ignored file or folder at an incoming file's path, or an untracked file where
/// an incoming file needs a folder. The checkout would refuse them half-way; naming them up
/// front makes the pull `blocked` with the list instead.
fn untracked_in_the_way(
    repo: &Repository,
    head: Option<Oid>,
    incoming: &BTreeSet<String>,
) -> Vec<String> {
    let Some(root) = repo.workdir() else {
        return Vec::new();
    };
    let head_tree = head
        .and_then(|h| repo.find_commit(h).ok())
        .and_then(|c| c.tree().ok());
    let tracked = |p: &str| {
        head_tree
            .as_ref()
            .is_some_and(|t| t.get_path(Path::new(p)).is_ok())
    };
    let mut out = Vec::new();
    for p in incoming {
        if !tracked(p) && std::fs::symlink_metadata(root.join(p)).is_ok() {
            out.push(p.clone());
        }
        let mut anc = String::new();
        for comp in p.split('/').take(p.split('/').count().saturating_sub(1)) {
            if !anc.is_empty() {
                anc.push('/');
            }
            anc.push_str(comp);
            let is_file = std::fs::symlink_metadata(root.join(&anc)).is_ok_and(|m| !m.is_dir());
            if is_file && !tracked(&anc) && !out.contains(&anc) {
                out.push(anc.clone());
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// push

pub fn push(
    path: &Path,
    message: Option<&str>,
    opts: &SyncOptions,
    progress: Progress,
) -> Result<SyncReport> {
    let repo = open(path)?;
    let root = workdir(&repo);
    let in_merge = match repo.state() {
        RepositoryState::Clean => false,
        RepositoryState::Merge => {
            let unresolved: Vec<String> = index_conflicts(&repo)?
                .into_iter()
                .filter(|p| has_conflict_markers(&root, p))
                .collect();
            if !unresolved.is_empty() {
                return Err(SyncError::MergeInProgress {
                    files: format!(
                        " and these files still hold conflict markers: {}",
                        unresolved.join(", ")
                    ),
                });
            }
            true
        }
        other => {
            return Err(SyncError::usage(format!(
                "the repository is in the middle of another git operation ({other:?}); finish or abort it with git first"
            )))
        }
    };
    let bi = branch_info(&repo)?;
    let url = remote_url(&repo, &bi.remote)?;
    let net = Net::new(&url, opts, progress)?;

    // Stage everything (respecting .gitignore) and commit.
    let mut index = repo.index()?;
    index.add_all(["*"].iter(), IndexAddOption::DEFAULT, None)?;
    index.update_all(["*"].iter(), None)?;
    index.write()?;
    let tree_id = index.write_tree()?;
    let head = head_oid(&repo, &bi.local_ref);
    let head_tree = head
        .and_then(|h| repo.find_commit(h).ok())
        .map(|c| c.tree_id());
    // files that were untracked until now: named, so nothing is shared unnoticed
    let new_files = added_files(&repo, head_tree, &index);
    let mut committed = None;
    if in_merge || head_tree != Some(tree_id) {
        let tree = repo.find_tree(tree_id)?;
        let sig = identity(&repo, &net, api_base_of(&url).as_deref());
        let mut parents = Vec::new();
        if let Some(h) = head {
            parents.push(repo.find_commit(h)?);
        }
        if in_merge {
            let mut heads = Vec::new();
            let mut repo_mut = Repository::open(repo.path())?;
            repo_mut.mergehead_foreach(|oid| {
                heads.push(*oid);
                true
            })?;
            for h in heads {
                parents.push(repo.find_commit(h)?);
            }
        }
        let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
        let msg = match message.map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => m.to_string(),
            None if in_merge => "Merge changes from the server".to_string(),
            None => "Changes shared with altinn-ls".to_string(),
        };
        let oid = repo.commit(Some("HEAD"), &sig, &sig, &msg, &tree, &parent_refs)?;
        if in_merge {
            repo.cleanup_state()?;
        }
        committed = Some(oid);
        (net.progress)(&format!("Committed {}", &oid.to_string()[..10]));
        if !new_files.is_empty() {
            (net.progress)(&format!(
                "New files in this commit ({}): {}",
                new_files.len(),
                new_files.join(", ")
            ));
        }
    }

    // Push; on non-fast-forward: fetch, merge, push again (bounded).
    let mut merged_note = String::new();
    for round in 0..3 {
        let Some(local) = head_oid(&repo, &bi.local_ref) else {
            let mut rep = base_report(&repo, &bi, "nothing-to-push")?;
            rep.message = "Nothing to share: no commits and no changed files".to_string();
            return Ok(rep);
        };
        let remote_branch = bi.remote_branch.clone().unwrap_or_else(|| bi.short.clone());
        // Nothing committed now: is there anything of ours the server lacks?
        if round == 0 && committed.is_none() {
            let f = fetch(
                &repo,
                &net,
                &bi,
                "checking the server",
                "Try again when the server is reachable.",
            )?;
            if f.upstream.is_some() {
                let (ahead, behind) = ahead_behind(&repo, Some(local), f.upstream)?;
                if ahead == 0 {
                    let mut rep = base_report(&repo, &bi, "nothing-to-push")?;
                    rep.behind = behind;
                    rep.message = if behind > 0 {
                        format!("Nothing to share: no changed files and no unshared commits. The server has {behind} newer commit(s): run `altinn-ls sync pull`")
                    } else {
                        "Nothing to share: no changed files, and the server already has all your commits".to_string()
                    };
                    return Ok(rep);
                }
            }
        }
        match push_once(&repo, &net, &bi, &remote_branch) {
            Ok(()) => {
                set_upstream_if_missing(&repo, &bi, &remote_branch);
                let mut rep = base_report(&repo, &bi, "pushed")?;
                rep.upstream = format!("{}/{}", bi.remote, remote_branch);
                rep.commit = Some(local.to_string());
                rep.message = format!(
                    "Shared your changes: {} is now at {}{}",
                    rep.upstream,
                    &local.to_string()[..10],
                    merged_note
                );
                if committed.is_some() && !new_files.is_empty() {
                    rep.message.push_str(&format!(
                        ". New files committed ({}): {}",
                        new_files.len(),
                        new_files.join(", ")
                    ));
                    rep.changes = new_files
                        .iter()
                        .map(|p| Change {
                            path: p.clone(),
                            status: "new".into(),
                        })
                        .collect();
                }
                return Ok(rep);
            }
            Err(PushFail::NonFastForward) => {
                (net.progress)("The server has newer changes; fetching and merging…");
                let f = fetch(
                    &repo,
                    &net,
                    &bi,
                    "fetching changes",
                    "Your commit is saved locally; run `altinn-ls sync push` again when the server is reachable.",
                )?;
                let rep = integrate(&repo, &net, &bi, &f, &url)?;
                match rep.outcome.as_str() {
                    "merged" | "fast-forward" | "up-to-date" => {
                        merged_note = " (after merging the newer changes from the server)".into();
                        continue;
                    }
                    _ => return Ok(rep),
                }
            }
            Err(PushFail::Other(e)) => return Err(e),
        }
    }
    Err(SyncError::Git(
        "the server kept receiving newer changes while pushing; run `altinn-ls sync push` again"
            .into(),
    ))
}

enum PushFail {
    NonFastForward,
    Other(SyncError),
}

fn push_once(
    repo: &Repository,
    net: &Net,
    bi: &BranchInfo,
    remote_branch: &str,
) -> std::result::Result<(), PushFail> {
    net.reset();
    (net.progress)("Pushing to the server…");
    let mut remote = repo
        .find_remote(&bi.remote)
        .map_err(|e| PushFail::Other(e.into()))?;
    let mut po = PushOptions::new();
    po.remote_callbacks(net.callbacks());
    let spec = format!("{}:refs/heads/{remote_branch}", bi.local_ref);
    let pushed = net
        .run(|| remote.push(&[spec.as_str()], Some(&mut po)))
        .map_err(PushFail::Other)?;
    if let Err(e) = pushed {
        if e.code() == ErrorCode::NotFastForward {
            return Err(PushFail::NonFastForward);
        }
        return Err(PushFail::Other(net.map_err(
            e,
            "pushing",
            "Your commit is saved locally and the server was not changed by a partial push; run `altinn-ls sync push` again when the server is reachable.",
        )));
    }
    // git2's push returns Ok even when the server rejected a ref: check every status.
    let statuses = net.push_status.borrow().clone();
    if let Some((refname, reason)) = statuses.into_iter().next() {
        let r = reason.to_ascii_lowercase();
        if r.contains("non-fast-forward") || r.contains("fetch first") || r.contains("stale") {
            return Err(PushFail::NonFastForward);
        }
        return Err(PushFail::Other(SyncError::Rejected { refname, reason }));
    }
    // Keep the remote-tracking ref in step (libgit2 does this for matching fetch refspecs;
    // make sure, so that status is right offline).
    if let Some(local) = head_oid(repo, &bi.local_ref) {
        let _ = repo.reference(
            &bi.tracking_ref(remote_branch),
            local,
            true,
            "altinn-ls: push",
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// clone

/// Resolves `ORG/REPO` or a full URL to a repository on a server.
pub fn resolve_repo(spec: &str, opts: &SyncOptions) -> Result<RepoRef> {
    if let Some((owner, name)) = parse_owner_repo(spec) {
        let base = server_for(opts)?;
        return Ok(RepoRef { base, owner, name });
    }
    split_repo_url(&parse_url(spec)?)
}

/// The server to use when the user names none: editor/env URL, else the last login.
pub fn server_for(opts: &SyncOptions) -> Result<String> {
    if let Some(s) = opts.configured_server() {
        return Ok(crate::server::normalize_base(&parse_url(&s)?));
    }
    let f = opts.store()?.load()?;
    if let Some(d) = f
        .default
        .clone()
        .or_else(|| f.logins.last().map(|l| l.url.clone()))
    {
        return Ok(d);
    }
    Err(SyncError::usage(
        "no server given: pass a full repository URL, set ALTINN_STUDIO_URL, or log in with `altinn-ls sync login --url URL`",
    ))
}

/// `ORG/REPO` on a server given as `https://altinn.studio` (no `/repos`): ask the API where
/// the repository is — at the root, or under `/repos` as on Altinn Studio.
fn find_gitea_root(r: RepoRef, opts: &SyncOptions) -> Result<RepoRef> {
    let Ok(u) = parse_url(&r.base) else {
        return Ok(r);
    };
    if u.path().trim_end_matches('/').ends_with("/repos") {
        return Ok(r);
    }
    let probe = |base: &str| -> Result<bool> {
        let api = Api::new(base, opts, crate::commands::rest_candidates(base, opts))?;
        match api.repo(&r.owner, &r.name) {
            Ok(_) => Ok(true),
            Err(SyncError::Http { .. }) | Err(SyncError::Io(_)) => Ok(false),
            Err(e) => Err(e),
        }
    };
    let first = probe(&r.base);
    match first {
        Ok(true) => return Ok(r),
        Err(e @ SyncError::Network { .. }) | Err(e @ SyncError::InsecureHttp { .. }) => {
            return Err(e)
        }
        _ => {}
    }
    let sub = format!("{}/repos", r.base);
    match probe(&sub) {
        Ok(true) => Ok(RepoRef { base: sub, ..r }),
        // The root may be another application (Designer) answering 401: then the /repos
        // answer is the one that counts.
        Err(e) if e.is_auth() && !matches!(first, Ok(false)) => Err(e),
        _ => match first {
            Err(e) if e.is_auth() => Err(e),
            _ => Ok(r),
        },
    }
}

pub fn clone(
    spec: &str,
    dir: Option<&Path>,
    opts: &SyncOptions,
    progress: Progress,
) -> Result<SyncReport> {
    let mut r = resolve_repo(spec, opts)?;
    if parse_owner_repo(spec).is_some() {
        r = find_gitea_root(r, opts)?;
    }
    let url = r.clone_url();
    let dest = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(&r.name));
    let existed = dest.exists();
    if existed
        && std::fs::read_dir(&dest)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(SyncError::usage(format!(
            "{} already exists and is not empty; choose another folder",
            dest.display()
        )));
    }
    let net = Net::new(&url, opts, progress)?;
    progress(&format!(
        "Cloning {}/{} from {}…",
        r.owner,
        r.name,
        display_server(&r.base)
    ));
    let mut fo = FetchOptions::new();
    fo.remote_callbacks(net.callbacks());
    let mut b = RepoBuilder::new();
    b.fetch_options(fo);
    let repo = match net.run(|| b.clone(&url, &dest))? {
        Ok(r) => r,
        Err(e) => {
            // Leave nothing half-cloned behind.
            if !existed {
                let _ = std::fs::remove_dir_all(&dest);
            } else if let Ok(rd) = std::fs::read_dir(&dest) {
                for e in rd.flatten() {
                    let p = e.path();
                    let _ = if p.is_dir() {
                        std::fs::remove_dir_all(&p)
                    } else {
                        std::fs::remove_file(&p)
                    };
                }
            }
            return Err(net.map_err(e, "cloning", "Nothing was created."));
        }
    };
    // plain git, VS Code and JetBrains get the token through `altinn-ls sync credential`
    crate::credhelper::configure(&repo, &r.base);
    let bi = branch_info(&repo)?;
    let mut rep = base_report(&repo, &bi, "cloned")?;
    rep.commit = head_oid(&repo, &bi.local_ref).map(|o| o.to_string());
    rep.message = format!(
        "Cloned {}/{} into {} (branch {})",
        r.owner,
        r.name,
        dest.display(),
        bi.short
    );
    Ok(rep)
}

/// Local branches (for messages and tests).
pub fn local_branches(repo: &Repository) -> Vec<String> {
    repo.branches(Some(BranchType::Local))
        .map(|it| {
            it.flatten()
                .filter_map(|(b, _)| b.name().ok().flatten().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}
