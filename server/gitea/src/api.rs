//! The Gitea REST API v1 client (reqwest, rustls with the ring provider).

use crate::creds::{Login, SyncOptions};
use crate::error::{Result, SyncError};
use crate::server::{check_transport, display_server, parse_url};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::time::Duration;

/// Every REST call this crate makes: (method, path template, query parameters, body fields).
/// `tests/spec_gitea.rs` checks them against Gitea's swagger spec.
pub const ENDPOINTS: &[(&str, &str, &[&str], &[&str])] = &[
    ("get", "/user", &[], &[]),
    (
        "get",
        "/repos/search",
        &["q", "limit", "sort", "order"],
        &[],
    ),
    ("get", "/repos/{owner}/{repo}", &[], &[]),
    (
        "post",
        "/orgs/{org}/repos",
        &[],
        &["name", "private", "auto_init", "default_branch", "readme"],
    ),
];

/// Response fields this crate reads: (swagger definition, fields).
pub const RESPONSE_FIELDS: &[(&str, &[&str])] = &[
    ("User", &["login", "full_name", "email"]),
    (
        "Repository",
        &[
            "full_name",
            "description",
            "private",
            "default_branch",
            "clone_url",
            "html_url",
            "updated_at",
        ],
    ),
    ("SearchResults", &["data"]),
];

/// At most this many credential sets are tried against one server before giving up.
pub const MAX_AUTH_ATTEMPTS: usize = 3;

#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub login: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Repository {
    pub full_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub private: bool,
    #[serde(default)]
    pub default_branch: String,
    #[serde(default)]
    pub clone_url: String,
    #[serde(default)]
    pub html_url: String,
    #[serde(default)]
    pub updated_at: String,
}

#[derive(Debug, Deserialize)]
struct SearchResults {
    #[serde(default)]
    data: Vec<Repository>,
}

/// Installs rustls' ring crypto provider once per process (reqwest is built without one).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

pub struct Api {
    client: reqwest::blocking::Client,
    /// e.g. `https://altinn.studio/repos/api/v1`
    api: String,
    server: String,
    candidates: Vec<Login>,
    /// Index of the candidate that worked last.
    working: std::cell::Cell<Option<usize>>,
}

pub fn http_client(opts: &SyncOptions) -> Result<reqwest::blocking::Client> {
    client_builder(
        opts,
        Duration::from_secs(crate::ops::timeout_override().unwrap_or(60)),
    )?
    .build()
    .map_err(|e| SyncError::Io(format!("cannot set up the HTTP client: {e}")))
}

/// The HTTP client settings shared by the REST API and git (`transport`): timeouts, user
/// agent, no redirects (a redirect could carry the Authorization header elsewhere; git's
/// transport follows the allowed ones itself), the extra CA file. Proxies come from the
/// environment (`https_proxy`, `http_proxy`, `all_proxy`, `no_proxy`).
pub(crate) fn client_builder(
    opts: &SyncOptions,
    total_timeout: Duration,
) -> Result<reqwest::blocking::ClientBuilder> {
    install_crypto_provider();
    let mut b = reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(
            crate::ops::timeout_override().unwrap_or(15).min(15),
        ))
        .timeout(total_timeout)
        .user_agent(concat!("altinn-ls/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none());
    if let Some(ca) = &opts.ca_file {
        let pem = std::fs::read(ca)
            .map_err(|e| SyncError::Io(format!("cannot read CA file {}: {e}", ca.display())))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
            SyncError::Io(format!(
                "CA file {} holds no PEM certificates: {e}",
                ca.display()
            ))
        })?;
        b = b.tls_certs_merge(certs);
    }
    Ok(b)
}

impl Api {
    /// `base` is the Gitea root (`https://altinn.studio/repos`).
    pub fn new(base: &str, opts: &SyncOptions, candidates: Vec<Login>) -> Result<Api> {
        let url = parse_url(base)?;
        check_transport(&url, opts.allow_http)?;
        Ok(Api {
            client: http_client(opts)?,
            api: format!("{}/api/v1", base.trim_end_matches('/')),
            server: display_server(base),
            candidates,
            working: std::cell::Cell::new(None),
        })
    }

    fn secrets(&self) -> Vec<&str> {
        self.candidates.iter().map(|c| c.token.as_str()).collect()
    }

    /// GET with the bounded credential loop: each candidate once, at most MAX_AUTH_ATTEMPTS.
    pub fn get_json<T: DeserializeOwned>(&self, path: &str, query: &[(&str, String)]) -> Result<T> {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.api, path))
            .map_err(|e| SyncError::usage(format!("bad API URL: {e}")))?;
        if !query.is_empty() {
            let mut q = url.query_pairs_mut();
            for (k, v) in query {
                q.append_pair(k, v);
            }
        }
        let order: Vec<usize> = match self.working.get() {
            Some(i) => std::iter::once(i)
                .chain((0..self.candidates.len()).filter(|&j| j != i))
                .collect(),
            None => (0..self.candidates.len()).collect(),
        };
        let mut tried = Vec::new();
        let mut attempts: Vec<Option<usize>> = order
            .into_iter()
            .take(MAX_AUTH_ATTEMPTS)
            .map(Some)
            .collect();
        if attempts.is_empty() {
            attempts.push(None);
        }
        for cand in attempts {
            let mut req = self
                .client
                .get(url.clone())
                .header("Accept", "application/json");
            if let Some(i) = cand {
                let (u, p) = self.candidates[i].basic_pair();
                req = req.basic_auth(u, Some(p));
                tried.push(self.candidates[i].source.label());
            }
            let resp = req.send().map_err(|e| self.net_err(path, e))?;
            let status = resp.status();
            if status == reqwest::StatusCode::UNAUTHORIZED {
                if cand.is_none() {
                    return Err(SyncError::NoCredentials {
                        server: self.server.clone(),
                    });
                }
                continue;
            }
            if !status.is_success() {
                let body = resp.text().unwrap_or_default();
                let body = crate::creds::redact(&body, &self.secrets());
                let msg = serde_json::from_str::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(String::from))
                    .unwrap_or_else(|| body.chars().take(200).collect());
                return Err(SyncError::Http {
                    method: "GET".into(),
                    path: format!("/api/v1{path}"),
                    status: status.as_u16(),
                    body: msg,
                });
            }
            self.working.set(cand);
            return resp.json::<T>().map_err(|e| {
                SyncError::Io(format!(
                    "{} answered GET /api/v1{path} with something that is not the expected JSON ({e}); is this a Gitea server?",
                    self.server
                ))
            });
        }
        tried.dedup();
        Err(SyncError::Auth {
            server: self.server.clone(),
            tried: tried.join(", "),
        })
    }

    fn net_err(&self, path: &str, e: reqwest::Error) -> SyncError {
        let mut detail = e.to_string();
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            detail.push_str(": ");
            detail.push_str(&s.to_string());
            src = s.source();
        }
        let detail = crate::creds::redact(&detail, &self.secrets());
        SyncError::Network {
            what: format!("GET /api/v1{path} on {}", self.server),
            advice: crate::error::network_advice(
                &detail,
                "Check the URL and your network connection, then try again.",
            ),
            detail,
        }
    }

    /// The candidate that authenticated last (after a successful call).
    pub fn working_login(&self) -> Option<&Login> {
        self.working.get().and_then(|i| self.candidates.get(i))
    }

    pub fn user(&self) -> Result<User> {
        self.get_json("/user", &[])
    }

    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<Repository>> {
        let r: SearchResults = self.get_json(
            "/repos/search",
            &[
                ("q", query.to_string()),
                ("limit", limit.to_string()),
                ("sort", "alpha".to_string()),
                ("order", "asc".to_string()),
            ],
        )?;
        Ok(r.data)
    }

    /// POST with the first candidate (no retry loop: writes are not repeated blindly).
    pub fn post_json<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<T> {
        let url = format!("{}{}", self.api, path);
        let mut req = self.client.post(&url).json(body);
        let cand = self.working.get().or(if self.candidates.is_empty() {
            None
        } else {
            Some(0)
        });
        if let Some(i) = cand {
            let (u, p) = self.candidates[i].basic_pair();
            req = req.basic_auth(u, Some(p));
        }
        let resp = req.send().map_err(|e| self.net_err(path, e))?;
        let status = resp.status();
        if status == reqwest::StatusCode::UNAUTHORIZED {
            return Err(SyncError::Auth {
                server: self.server.clone(),
                tried: cand
                    .map(|i| self.candidates[i].source.label())
                    .unwrap_or("no credentials")
                    .to_string(),
            });
        }
        if !status.is_success() {
            let body = crate::creds::redact(&resp.text().unwrap_or_default(), &self.secrets());
            let msg = serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(String::from))
                .unwrap_or_else(|| body.chars().take(200).collect());
            return Err(SyncError::Http {
                method: "POST".into(),
                path: format!("/api/v1{path}"),
                status: status.as_u16(),
                body: msg,
            });
        }
        resp.json::<T>()
            .map_err(|e| SyncError::Io(format!("unexpected answer to POST /api/v1{path}: {e}")))
    }

    /// Creates a repository in an organisation (`POST /orgs/{org}/repos`), with an initial
    /// commit on `master` when `auto_init`.
    pub fn create_org_repo(
        &self,
        org: &str,
        name: &str,
        private: bool,
        auto_init: bool,
    ) -> Result<Repository> {
        self.post_json(
            &format!("/orgs/{org}/repos"),
            &serde_json::json!({
                "name": name, "private": private, "auto_init": auto_init,
                "default_branch": "master", "readme": if auto_init { "Default" } else { "" },
            }),
        )
    }

    pub fn repo(&self, owner: &str, name: &str) -> Result<Repository> {
        self.get_json(&format!("/repos/{owner}/{name}"), &[])
    }
}

/// `GET <base>/api/v1/version` without credentials (public on Gitea), bounded by `timeout`
/// (connect and answer): the server's version, or why it could not be had. For `doctor`.
pub fn probe_version(
    base: &str,
    opts: &SyncOptions,
    timeout: Duration,
) -> std::result::Result<String, String> {
    let url = parse_url(base).map_err(|e| e.to_string())?;
    check_transport(&url, opts.allow_http).map_err(|e| e.to_string())?;
    let client = client_builder(opts, timeout)
        .map_err(|e| e.to_string())?
        .connect_timeout(timeout)
        .build()
        .map_err(|e| format!("cannot set up the HTTP client: {e}"))?;
    let api = format!("{}/api/v1/version", base.trim_end_matches('/'));
    let resp = client.get(&api).send().map_err(|e| {
        if e.is_timeout() {
            format!("no answer from {api} within {} s", timeout.as_secs())
        } else if e.is_connect() {
            format!("cannot connect to {api}")
        } else {
            format!("GET {api} failed: {e}")
        }
    })?;
    let status = resp.status();
    if !status.is_success() {
        return Err(format!("{api} answered HTTP {}", status.as_u16()));
    }
    let body = resp.text().unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&body)
        .map_err(|_| format!("{api} did not answer with Gitea's version JSON; is this the Gitea root (on Altinn Studio: https://<host>/repos)?"))?;
    v.get("version")
        .and_then(|x| x.as_str())
        .map(str::to_string)
        .ok_or_else(|| format!("{api} answered without a version; is this a Gitea server?"))
}
