//! Server and repository URLs: normalising, the `/repos` sub-path, loopback detection,
//! and the "no plain HTTP except loopback" rule.

use crate::error::{Result, SyncError};
use reqwest::Url;
use std::net::IpAddr;

/// Parses a user-given server or repository URL. Refuses URLs with credentials in them
/// (they would end up in `.git/config` and in logs); the message never repeats the URL.
pub fn parse_url(s: &str) -> Result<Url> {
    let s = s.trim();
    let with_scheme = if s.contains("://") {
        s.to_string()
    } else {
        format!("https://{s}")
    };
    let url =
        Url::parse(&with_scheme).map_err(|e| SyncError::usage(format!("not a valid URL: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(SyncError::usage(
            "the URL contains a user name or password; remove it and use `altinn-ls sync login` or ALTINN_STUDIO_TOKEN instead (credentials must not be stored in URLs)",
        ));
    }
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(SyncError::usage(format!(
                "unsupported URL scheme '{other}': use https:// (or http:// for a server on this machine)"
            )))
        }
    }
    if url.host_str().is_none() {
        return Err(SyncError::usage("the URL has no host"));
    }
    Ok(url)
}

/// The server base (Gitea root, e.g. `https://altinn.studio/repos`) without trailing slash,
/// query or fragment.
pub fn normalize_base(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    let s = u.as_str().trim_end_matches('/').to_string();
    s
}

/// `true` for localhost and loopback addresses.
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    if h.eq_ignore_ascii_case("localhost") || h.to_ascii_lowercase().ends_with(".localhost") {
        return true;
    }
    h.parse::<IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(false)
}

/// Plain HTTP only for loopback, unless the user insists.
pub fn check_transport(url: &Url, allow_http: bool) -> Result<()> {
    if url.scheme() == "http" && !allow_http {
        let host = url.host_str().unwrap_or("");
        if !is_loopback_host(host) {
            return Err(SyncError::InsecureHttp {
                host: host.to_string(),
            });
        }
    }
    Ok(())
}

/// A repository on a server: `base` is the Gitea root, `owner/name` the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoRef {
    pub base: String,
    pub owner: String,
    pub name: String,
}

impl RepoRef {
    pub fn clone_url(&self) -> String {
        format!("{}/{}/{}.git", self.base, self.owner, self.name)
    }
    pub fn api_base(&self) -> String {
        format!("{}/api/v1", self.base)
    }
}

/// Splits a repository URL (`https://host/repos/ttd/app.git`, with or without `.git`) into
/// the server base and owner/name.
pub fn split_repo_url(url: &Url) -> Result<RepoRef> {
    let segs: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    if segs.len() < 2 {
        return Err(SyncError::usage(
            "a repository URL must end in /OWNER/REPO (for example https://altinn.studio/repos/ttd/my-app.git)",
        ));
    }
    let name = segs[segs.len() - 1].trim_end_matches(".git").to_string();
    let owner = segs[segs.len() - 2].to_string();
    let mut base = url.clone();
    base.set_query(None);
    base.set_fragment(None);
    base.set_path(&segs[..segs.len() - 2].join("/"));
    Ok(RepoRef {
        base: normalize_base(&base),
        owner,
        name,
    })
}

/// `ORG/REPO` (two plain names) → owner, name.
pub fn parse_owner_repo(s: &str) -> Option<(String, String)> {
    let s = s.trim().trim_end_matches(".git");
    let (o, r) = s.split_once('/')?;
    let ok = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
    };
    if ok(o) && ok(r) && !s.contains("://") {
        Some((o.to_string(), r.to_string()))
    } else {
        None
    }
}

/// Does `url` (a repository or server URL) live under the server base `base`?
pub fn under_base(url: &str, base: &str) -> bool {
    let (Ok(u), Ok(b)) = (Url::parse(url), Url::parse(base)) else {
        return false;
    };
    if u.scheme() != b.scheme()
        || !u
            .host_str()
            .unwrap_or("")
            .eq_ignore_ascii_case(b.host_str().unwrap_or(""))
        || u.port_or_known_default() != b.port_or_known_default()
    {
        return false;
    }
    let bp = b.path().trim_end_matches('/');
    let up = u.path();
    up == bp || up.starts_with(&format!("{bp}/")) || bp.is_empty()
}

/// Host (and port) for messages: never the full URL with a path that could hold secrets.
pub fn display_server(url: &str) -> String {
    match Url::parse(url) {
        Ok(u) => {
            let mut s = format!("{}://{}", u.scheme(), u.host_str().unwrap_or(""));
            if let Some(p) = u.port() {
                s.push_str(&format!(":{p}"));
            }
            s.push_str(u.path().trim_end_matches('/'));
            s
        }
        Err(_) => "the server".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_altinn_urls() {
        let u = parse_url("https://altinn.studio/repos/ttd/my-app.git").unwrap();
        let r = split_repo_url(&u).unwrap();
        assert_eq!(r.base, "https://altinn.studio/repos");
        assert_eq!((r.owner.as_str(), r.name.as_str()), ("ttd", "my-app"));
        assert_eq!(r.clone_url(), "https://altinn.studio/repos/ttd/my-app.git");
        let u = parse_url("http://127.0.0.1:3000/org/app").unwrap();
        let r = split_repo_url(&u).unwrap();
        assert_eq!(r.base, "http://127.0.0.1:3000");
        assert_eq!(r.api_base(), "http://127.0.0.1:3000/api/v1");
    }

    #[test]
    fn refuses_credentials_in_urls() {
        let e = parse_url("https://me:secret@altinn.studio/repos").unwrap_err();
        assert!(!e.to_string().contains("secret"));
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for h in [
            "http://localhost:3000",
            "http://127.0.0.1",
            "http://[::1]:8080",
        ] {
            assert!(
                check_transport(&parse_url(h).unwrap(), false).is_ok(),
                "{h}"
            );
        }
        let remote = parse_url("http://altinn.studio/repos").unwrap();
        assert!(check_transport(&remote, false).is_err());
        assert!(check_transport(&remote, true).is_ok());
        assert!(check_transport(&parse_url("https://altinn.studio").unwrap(), false).is_ok());
    }

    #[test]
    fn owner_repo_and_prefix() {
        assert_eq!(
            parse_owner_repo("ttd/app"),
            Some(("ttd".into(), "app".into()))
        );
        assert_eq!(parse_owner_repo("https://x/y"), None);
        assert!(under_base(
            "https://altinn.studio/repos/ttd/a.git",
            "https://altinn.studio/repos"
        ));
        assert!(!under_base(
            "https://altinn.studio/reposx/ttd/a.git",
            "https://altinn.studio/repos"
        ));
        assert!(!under_base(
            "https://evil.example/repos/a/b",
            "https://altinn.studio/repos"
        ));
        assert!(under_base(
            "http://127.0.0.1:3000/o/r.git",
            "http://127.0.0.1:3000"
        ));
    }
}
