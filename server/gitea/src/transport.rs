//! git's smart HTTP protocol on the REST client's stack (reqwest + rustls, no OpenSSL).
//!
//! libgit2 is built without its own HTTPS; [`crate::global::register_transport`] hands it this
//! transport for every `http://` and `https://` URL. So git and the REST API share one TLS
//! stack and one set of rules:
//! - CA certificates: the platform's roots plus `--ca-file` (as the REST client);
//! - proxies: `https_proxy` / `http_proxy` / `all_proxy` / `no_proxy` (reqwest reads them);
//! - plain HTTP only to loopback unless `--allow-http`, checked for every request;
//! - redirects: only the first request (the ref advertisement) may be redirected, and only on
//!   the same server (same scheme, host and port, or http -> https on the same host): the
//!   credentials never travel to a host the user did not name.
//!
//! Credentials: libgit2 gives a custom transport no way to call the operation's credentials
//! callback, so an operation runs inside [`with_session`], which puts the HTTP client and the
//! operation's [`CredentialSource`] in a thread-local (libgit2 drives the transport on the
//! calling thread). On a 401 the transport asks the source for the next login, as libgit2's
//! own HTTP transport asks the callback.

use crate::creds::SyncOptions;
use crate::error::{Result, SyncError};
use crate::server::{display_server, is_loopback_host};
use git2::transport::{Service, SmartSubtransport, SmartSubtransportStream, Transport};
use reqwest::blocking::{Client, Response};
use reqwest::{StatusCode, Url};
use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Where a transport gets credentials after a 401.
pub trait CredentialSource {
    /// The next (user name, secret) to try for `url`, or why there is none (no more
    /// candidates, too many attempts, a URL on another server).
    fn next_login(&self, url: &Url) -> std::result::Result<(String, String), String>;
}

/// What one git network operation needs: the client, the HTTP rule and its credentials.
pub struct Session {
    client: Client,
    allow_http: bool,
    creds: Option<Rc<dyn CredentialSource>>,
    /// The login that worked in this session: sent up front on the next requests.
    login: RefCell<Option<(String, String)>>,
}

impl Session {
    pub fn new(
        opts: &SyncOptions,
        creds: Option<Rc<dyn CredentialSource>>,
        total_timeout: Duration,
    ) -> Result<Session> {
        Ok(Session {
            client: crate::api::client_builder(opts, total_timeout)?
                .build()
                .map_err(|e| SyncError::Io(format!("cannot set up the HTTP client: {e}")))?,
            allow_http: opts.allow_http,
            creds,
            login: RefCell::new(None),
        })
    }
}

thread_local! {
    static SESSION: RefCell<Option<Rc<Session>>> = const { RefCell::new(None) };
}

/// Runs `f` (a libgit2 fetch, push or clone) with `session` as this thread's git HTTP session.
pub fn with_session<R>(session: Session, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Rc<Session>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let prev = self.0.take();
            SESSION.with(|c| *c.borrow_mut() = prev);
        }
    }
    let prev = SESSION.with(|c| c.borrow_mut().replace(Rc::new(session)));
    let _restore = Restore(prev);
    f()
}

fn current_session() -> Rc<Session> {
    if let Some(s) = SESSION.with(|c| c.borrow().clone()) {
        return s;
    }
    // A git operation outside `with_session`: no credentials, default rules.
    let opts = SyncOptions::default();
    let client = crate::api::client_builder(&opts, Duration::from_secs(600))
        .and_then(|b| {
            b.build()
                .map_err(|e| SyncError::Io(format!("cannot set up the HTTP client: {e}")))
        })
        .unwrap_or_else(|_| Client::new());
    Rc::new(Session {
        client,
        allow_http: false,
        creds: None,
        login: RefCell::new(None),
    })
}

/// The factory registered with libgit2 for `http://` and `https://`.
pub(crate) fn factory(remote: &git2::Remote<'_>) -> std::result::Result<Transport, git2::Error> {
    Transport::smart(remote, true, HttpSubtransport::default())
}

#[derive(Default)]
struct HttpSubtransport {
    /// The repository URL after an allowed redirect of the ref advertisement: the pack
    /// request goes there too (as libgit2 does).
    redirected: Arc<Mutex<Option<String>>>,
}

impl SmartSubtransport for HttpSubtransport {
    fn action(
        &self,
        url: &str,
        service: Service,
    ) -> std::result::Result<Box<dyn SmartSubtransportStream>, git2::Error> {
        let mut slot = self.redirected.lock().unwrap_or_else(|p| p.into_inner());
        let base = match service {
            Service::UploadPackLs | Service::ReceivePackLs => {
                *slot = None;
                url.to_string()
            }
            Service::UploadPack | Service::ReceivePack => {
                slot.clone().unwrap_or_else(|| url.to_string())
            }
        };
        Ok(Box::new(HttpStream {
            base: base.trim_end_matches('/').to_string(),
            service,
            redirected: self.redirected.clone(),
            body: Vec::new(),
            response: None,
        }))
    }

    fn close(&self) -> std::result::Result<(), git2::Error> {
        Ok(())
    }
}

struct HttpStream {
    base: String,
    service: Service,
    redirected: Arc<Mutex<Option<String>>>,
    /// The request body (the pack negotiation or the pack), sent on the first read.
    body: Vec<u8>,
    response: Option<Response>,
}

const MAX_REDIRECTS: usize = 5;
const MAX_LOGINS: usize = 8;

fn err(kind: io::ErrorKind, msg: impl Into<String>) -> io::Error {
    io::Error::new(kind, msg.into())
}

/// `true` when a redirect from `from` to `to` stays on the same server (or only upgrades
/// http to https on the same host and default port).
pub fn same_server(from: &Url, to: &Url) -> bool {
    let host_eq = from
        .host_str()
        .unwrap_or("")
        .eq_ignore_ascii_case(to.host_str().unwrap_or(""));
    if !host_eq {
        return false;
    }
    if from.scheme() == to.scheme() {
        return from.port_or_known_default() == to.port_or_known_default();
    }
    from.scheme() == "http"
        && to.scheme() == "https"
        && (from.port().is_none() && to.port().is_none()
            || from.port_or_known_default() == to.port_or_known_default())
}

/// Plain HTTP only to loopback, unless allowed.
fn check_scheme(url: &Url, allow_http: bool) -> io::Result<()> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if allow_http || is_loopback_host(url.host_str().unwrap_or("")) => Ok(()),
        "http" => Err(err(
            io::ErrorKind::PermissionDenied,
            format!(
                "refusing plain HTTP to {}: credentials would travel unencrypted (use https://, or --allow-http if you really mean it)",
                url.host_str().unwrap_or("")
            ),
        )),
        other => Err(err(
            io::ErrorKind::InvalidInput,
            format!("unsupported URL scheme '{other}'"),
        )),
    }
}

fn describe(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}

impl HttpStream {
    fn endpoint(&self) -> (&'static str, &'static str, bool) {
        // (path suffix, service name, is the ref advertisement)
        match self.service {
            Service::UploadPackLs => ("/info/refs?service=git-upload-pack", "upload-pack", true),
            Service::ReceivePackLs => ("/info/refs?service=git-receive-pack", "receive-pack", true),
            Service::UploadPack => ("/git-upload-pack", "upload-pack", false),
            Service::ReceivePack => ("/git-receive-pack", "receive-pack", false),
        }
    }

    fn send(&mut self) -> io::Result<Response> {
        let session = current_session();
        let (suffix, svc, is_ls) = self.endpoint();
        let mut url = Url::parse(&format!("{}{suffix}", self.base)).map_err(|e| {
            err(
                io::ErrorKind::InvalidInput,
                format!("bad repository URL: {e}"),
            )
        })?;
        let mut redirects = 0;
        let mut logins = 0;
        loop {
            check_scheme(&url, session.allow_http)?;
            let mut req = if is_ls {
                session.client.get(url.clone()).header("Pragma", "no-cache")
            } else {
                session
                    .client
                    .post(url.clone())
                    .header("Content-Type", format!("application/x-git-{svc}-request"))
                    .header("Accept", format!("application/x-git-{svc}-result"))
                    .body(self.body.clone())
            };
            req = req.header(
                "User-Agent",
                concat!("git/2.0 (altinn-ls ", env!("CARGO_PKG_VERSION"), ")"),
            );
            if let Some((u, p)) = session.login.borrow().as_ref() {
                req = req.basic_auth(u, Some(p));
            }
            let resp = req.send().map_err(|e| {
                let kind = if e.is_timeout() {
                    io::ErrorKind::TimedOut
                } else {
                    io::ErrorKind::Other
                };
                err(kind, describe(&e))
            })?;
            let status = resp.status();
            if status == StatusCode::UNAUTHORIZED {
                let Some(creds) = &session.creds else {
                    return Err(err(
                        io::ErrorKind::PermissionDenied,
                        "the server asks for a user name and token",
                    ));
                };
                logins += 1;
                if logins > MAX_LOGINS {
                    return Err(err(
                        io::ErrorKind::PermissionDenied,
                        "wrong user name or token",
                    ));
                }
                let next = creds
                    .next_login(&url)
                    .map_err(|m| err(io::ErrorKind::PermissionDenied, m))?;
                *session.login.borrow_mut() = Some(next);
                continue;
            }
            if status.is_redirection() {
                let to = resp
                    .headers()
                    .get("Location")
                    .and_then(|l| l.to_str().ok())
                    .and_then(|l| url.join(l).ok());
                let Some(to) = to else {
                    return Err(err(
                        io::ErrorKind::Other,
                        format!("the server answered {status} without a usable Location"),
                    ));
                };
                if !is_ls || redirects >= MAX_REDIRECTS {
                    return Err(err(
                        io::ErrorKind::Other,
                        format!("the server redirected a git request ({status}); altinn-ls follows a redirect only for the first request"),
                    ));
                }
                if !same_server(&url, &to) {
                    return Err(err(
                        io::ErrorKind::PermissionDenied,
                        format!(
                            "the server redirected to {}, another server; altinn-ls does not follow it (your credentials would go there). Use that address for the repository if you trust it",
                            display_server(to.as_str())
                        ),
                    ));
                }
                let new_base = to
                    .as_str()
                    .split_once("/info/refs")
                    .map(|(b, _)| b.to_string())
                    .unwrap_or_else(|| to.as_str().to_string());
                *self.redirected.lock().unwrap_or_else(|p| p.into_inner()) = Some(new_base);
                url = to;
                redirects += 1;
                continue;
            }
            if !status.is_success() {
                let kind = if status == StatusCode::NOT_FOUND {
                    io::ErrorKind::NotFound
                } else {
                    io::ErrorKind::Other
                };
                return Err(err(
                    kind,
                    format!("unexpected http status code: {}", status.as_u16()),
                ));
            }
            let ctype = resp
                .headers()
                .get("Content-Type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_ascii_lowercase();
            let want = if is_ls {
                format!("application/x-git-{svc}-advertisement")
            } else {
                format!("application/x-git-{svc}-result")
            };
            if !ctype.starts_with(&want) {
                return Err(err(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{} is not a git smart HTTP server (answered with '{ctype}')",
                        display_server(url.as_str())
                    ),
                ));
            }
            return Ok(resp);
        }
    }
}

impl Read for HttpStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.response.is_none() {
            let resp = self.send()?;
            self.response = Some(resp);
        }
        match self.response.as_mut() {
            Some(r) => r.read(buf),
            None => Ok(0),
        }
    }
}

impl Write for HttpStream {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.response.is_some() {
            return Err(err(
                io::ErrorKind::Other,
                "git wrote after reading the answer (not supported over HTTP)",
            ));
        }
        self.body.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_stay_on_the_server() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(same_server(
            &u("https://a.example/x"),
            &u("https://A.example/y")
        ));
        assert!(same_server(
            &u("http://a.example/x"),
            &u("https://a.example/x")
        ));
        assert!(!same_server(
            &u("https://a.example/x"),
            &u("http://a.example/x")
        ));
        assert!(!same_server(
            &u("https://a.example/x"),
            &u("https://b.example/x")
        ));
        assert!(!same_server(
            &u("http://127.0.0.1:18081/x"),
            &u("http://127.0.0.2:18082/x")
        ));
        assert!(!same_server(
            &u("http://127.0.0.1:1/x"),
            &u("http://127.0.0.1:2/x")
        ));
    }

    #[test]
    fn plain_http_only_to_loopback() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(check_scheme(&u("http://127.0.0.1:3000/a"), false).is_ok());
        assert!(check_scheme(&u("http://git.example/a"), false).is_err());
        assert!(check_scheme(&u("http://git.example/a"), true).is_ok());
        assert!(check_scheme(&u("https://git.example/a"), false).is_ok());
    }
}
