//! `altinn-ls self update`: the newest release from a Gitea (Altinn Studio) or GitHub releases
//! API, checked against its SHA-256, swapped in atomically.
//!
//! A release carries, per platform, the bare binary `altinn-ls-<target>` (`.exe` on Windows)
//! and `altinn-ls-<target>.sha256` (`<hex>  <name>`), beside the archives for the install
//! scripts. Both APIs answer `GET …/releases/latest` with `{tag_name, assets: [{name,
//! browser_download_url}]}`. The download goes to a temporary file beside the installed binary;
//! only a file with the published checksum that runs `--version` replaces it (a rename, so the
//! old binary keeps working until the new one is complete, and after any failure).

use crate::error::{Result, SyncError};
use crate::server::{display_server, is_loopback_host, parse_url};
use reqwest::Url;
use serde::Deserialize;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// VS Code's name of the platform this binary was built for (also the release asset suffix).
pub const TARGET: &str = if cfg!(all(target_os = "linux", target_arch = "x86_64")) {
    "linux-x64"
} else if cfg!(all(target_os = "linux", target_arch = "aarch64")) {
    "linux-arm64"
} else if cfg!(all(target_os = "windows", target_arch = "x86_64")) {
    "win32-x64"
} else if cfg!(all(target_os = "windows", target_arch = "aarch64")) {
    "win32-arm64"
} else if cfg!(all(target_os = "macos", target_arch = "x86_64")) {
    "darwin-x64"
} else if cfg!(all(target_os = "macos", target_arch = "aarch64")) {
    "darwin-arm64"
} else {
    "unknown"
};

/// Where `self update` looks when neither `--from` nor `ALTINN_LS_RELEASES` says: the
/// repository a release build was made for (its `ALTINN_LS_RELEASES` at build time), else the
/// project's own (Cargo.toml's `repository`).
pub const DEFAULT_SOURCE: &str = match option_env!("ALTINN_LS_RELEASES") {
    Some(s) => s,
    None => env!("CARGO_PKG_REPOSITORY"),
};

#[derive(Debug, Deserialize)]
pub struct Release {
    pub tag_name: String,
    #[serde(default)]
    pub assets: Vec<Asset>,
}

#[derive(Debug, Deserialize)]
pub struct Asset {
    pub name: String,
    pub browser_download_url: String,
}

/// The file name of this platform's binary asset.
pub fn asset_name(target: &str) -> String {
    if target.starts_with("win32-") {
        format!("altinn-ls-{target}.exe")
    } else {
        format!("altinn-ls-{target}")
    }
}

/// The releases API of a repository, from what a user may give: a GitHub or Gitea repository
/// URL (`https://github.com/o/r`, `https://altinn.studio/repos/o/r`) or an API URL
/// (`https://api.github.com/repos/o/r`, `…/api/v1/repos/o/r`).
pub fn api_of(source: &str) -> Result<String> {
    let url = parse_url(source)?;
    let s = url.as_str().trim_end_matches('/').trim_end_matches(".git");
    if s.contains("/api/v1/repos/") || url.host_str() == Some("api.github.com") {
        return Ok(s.to_string());
    }
    let segs: Vec<&str> = url
        .path_segments()
        .map(|p| p.filter(|x| !x.is_empty()).collect())
        .unwrap_or_default();
    if segs.len() < 2 {
        return Err(SyncError::usage(
            "the release source must name a repository: https://HOST/OWNER/REPO",
        ));
    }
    let (owner, repo) = (
        segs[segs.len() - 2],
        segs[segs.len() - 1].trim_end_matches(".git"),
    );
    if url.host_str() == Some("github.com") {
        return Ok(format!("https://api.github.com/repos/{owner}/{repo}"));
    }
    let mut base = url.clone();
    base.set_path(&segs[..segs.len() - 2].join("/"));
    base.set_query(None);
    Ok(format!(
        "{}/api/v1/repos/{owner}/{repo}",
        base.as_str().trim_end_matches('/')
    ))
}

/// `a` newer than `b` (dotted numbers, a leading `v` and a `-suffix` ignored).
pub fn is_newer(a: &str, b: &str) -> bool {
    fn parts(v: &str) -> Vec<u64> {
        v.trim_start_matches('v')
            .split(['-', '+'])
            .next()
            .unwrap_or("")
            .split('.')
            .map(|p| p.parse().unwrap_or(0))
            .collect()
    }
    let (x, y) = (parts(a), parts(b));
    for i in 0..x.len().max(y.len()) {
        let (p, q) = (
            x.get(i).copied().unwrap_or(0),
            y.get(i).copied().unwrap_or(0),
        );
        if p != q {
            return p > q;
        }
    }
    false
}

/// Plain HTTP only to loopback, for every hop (a redirect to http elsewhere is refused).
fn allowed(url: &Url) -> bool {
    url.scheme() == "https"
        || (url.scheme() == "http" && is_loopback_host(url.host_str().unwrap_or("")))
}

fn client(timeout: Duration) -> Result<reqwest::blocking::Client> {
    crate::api::install_crypto_provider();
    reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(15))
        .timeout(timeout)
        .user_agent(concat!("altinn-ls/", env!("CARGO_PKG_VERSION")))
        // Release downloads are redirected to storage hosts (GitHub). No credentials are
        // sent here, but each hop must still be https (or loopback).
        .redirect(reqwest::redirect::Policy::custom(|a| {
            if a.previous().len() >= 5 {
                a.error("too many redirects")
            } else if allowed(a.url()) {
                a.follow()
            } else {
                a.error("redirect to plain HTTP refused")
            }
        }))
        .build()
        .map_err(|e| SyncError::Io(format!("cannot set up the HTTP client: {e}")))
}

fn get(
    c: &reqwest::blocking::Client,
    url: &str,
    what: &str,
) -> Result<reqwest::blocking::Response> {
    let u = parse_url(url)?;
    if !allowed(&u) {
        return Err(SyncError::InsecureHttp {
            host: u.host_str().unwrap_or("").to_string(),
        });
    }
    let r = c.get(u).send().map_err(|e| SyncError::Network {
        what: format!("{what} ({})", display_server(url)),
        detail: e.to_string(),
        advice:
            "Check the address and your network connection; the installed altinn-ls is unchanged."
                .into(),
    })?;
    if !r.status().is_success() {
        return Err(SyncError::Http {
            method: "GET".into(),
            path: Url::parse(url)
                .map(|u| u.path().to_string())
                .unwrap_or_default(),
            status: r.status().as_u16(),
            body: format!("{what} failed"),
        });
    }
    Ok(r)
}

/// The latest release (or the one tagged `tag`) of the repository behind `api`.
pub fn fetch_release(api: &str, tag: Option<&str>) -> Result<Release> {
    let c = client(Duration::from_secs(60))?;
    let url = match tag {
        Some(t) => format!("{api}/releases/tags/{t}"),
        None => format!("{api}/releases/latest"),
    };
    get(&c, &url, "reading the release")?
        .json::<Release>()
        .map_err(|e| SyncError::Io(format!("the release answer is not a release ({e})")))
}

/// Lower-case hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, data)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What `update` did.
#[derive(Debug)]
pub enum Updated {
    AlreadyCurrent {
        version: String,
    },
    Replaced {
        from: String,
        to: String,
        path: PathBuf,
    },
}

/// Downloads this platform's binary of `release`, checks it, and replaces `exe` with it.
pub fn install_from(release: &Release, exe: &Path, target: &str) -> Result<()> {
    let name = asset_name(target);
    let find = |n: &str| {
        release
            .assets
            .iter()
            .find(|a| a.name == n)
            .map(|a| a.browser_download_url.clone())
    };
    let (Some(bin_url), Some(sum_url)) = (find(&name), find(&format!("{name}.sha256"))) else {
        return Err(SyncError::usage(format!(
            "release {} has no {name} with a {name}.sha256 beside it",
            release.tag_name
        )));
    };
    let c = client(Duration::from_secs(900))?;
    let sums = get(&c, &sum_url, "downloading the checksum")?
        .text()
        .map_err(|e| SyncError::Io(format!("cannot read the checksum: {e}")))?;
    let want = sums
        .split_whitespace()
        .next()
        .filter(|h| h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()))
        .map(|h| h.to_ascii_lowercase())
        .ok_or_else(|| SyncError::Io(format!("{name}.sha256 holds no SHA-256")))?;
    let mut data = Vec::new();
    get(&c, &bin_url, "downloading the new altinn-ls")?
        .read_to_end(&mut data)
        .map_err(|e| {
            SyncError::Io(format!(
                "the download broke off: {e}; the installed altinn-ls is unchanged"
            ))
        })?;
    let got = sha256_hex(&data);
    if got != want {
        return Err(SyncError::Io(format!(
            "the downloaded {name} does not match its published SHA-256 (expected {want}, got {got}); nothing was replaced"
        )));
    }
    replace_exe(exe, &data)
}

/// Writes `data` next to `exe`, checks that it runs, then renames it over `exe`.
pub fn replace_exe(exe: &Path, data: &[u8]) -> Result<()> {
    let dir = exe
        .parent()
        .ok_or_else(|| SyncError::Io("the installed binary has no folder".into()))?;
    let file = exe
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or("altinn-ls");
    let tmp = dir.join(format!(".{file}.new-{}", std::process::id()));
    let io = |what: &str, e: std::io::Error| {
        SyncError::Io(format!(
            "{what} in {}: {e}; the installed altinn-ls is unchanged",
            dir.display()
        ))
    };
    std::fs::write(&tmp, data).map_err(|e| io("cannot write the new binary", e))?;
    let cleanup = |e: SyncError| {
        let _ = std::fs::remove_file(&tmp);
        e
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| cleanup(io("cannot make the new binary executable", e)))?;
    }
    // A binary for another platform, or a truncated one, must not replace a working one.
    let ok = std::process::Command::new(&tmp)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .output()
        .map(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains("altinn-ls"))
        .unwrap_or(false);
    if !ok {
        return Err(cleanup(SyncError::Io(
            "the downloaded binary does not run on this machine; nothing was replaced".into(),
        )));
    }
    if cfg!(windows) {
        // A running .exe cannot be overwritten but can be renamed.
        let old = dir.join(format!("{file}.old"));
        let _ = std::fs::remove_file(&old);
        std::fs::rename(exe, &old)
            .map_err(|e| cleanup(io("cannot move the old binary aside", e)))?;
        if let Err(e) = std::fs::rename(&tmp, exe) {
            let _ = std::fs::rename(&old, exe);
            return Err(cleanup(io("cannot put the new binary in place", e)));
        }
        let _ = std::fs::remove_file(&old);
    } else {
        std::fs::rename(&tmp, exe)
            .map_err(|e| cleanup(io("cannot put the new binary in place", e)))?;
    }
    Ok(())
}

/// `altinn-ls self update`: `source` (repository or API URL; default: `ALTINN_LS_RELEASES`,
/// else [`DEFAULT_SOURCE`]), `tag` (default: the latest), `force` (reinstall the same version).
pub fn update(source: Option<&str>, tag: Option<&str>, force: bool, exe: &Path) -> Result<Updated> {
    let env = std::env::var("ALTINN_LS_RELEASES")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let source = source
        .map(str::to_string)
        .or(env)
        .unwrap_or_else(|| DEFAULT_SOURCE.to_string());
    let api = api_of(&source)?;
    let release = fetch_release(&api, tag)?;
    let current = env!("CARGO_PKG_VERSION");
    if tag.is_none() && !force && !is_newer(&release.tag_name, current) {
        return Ok(Updated::AlreadyCurrent {
            version: current.to_string(),
        });
    }
    install_from(&release, exe, TARGET)?;
    Ok(Updated::Replaced {
        from: current.to_string(),
        to: release.tag_name.trim_start_matches('v').to_string(),
        path: exe.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_versions() {
        // Without --from or ALTINN_LS_RELEASES a build updates from the project's repository.
        if option_env!("ALTINN_LS_RELEASES").is_none() {
            assert_eq!(DEFAULT_SOURCE, env!("CARGO_PKG_REPOSITORY"));
        }
        assert!(api_of(DEFAULT_SOURCE).is_ok(), "{DEFAULT_SOURCE}");
        assert_eq!(
            api_of("https://github.com/o/altinn-ls").unwrap(),
            "https://api.github.com/repos/o/altinn-ls"
        );
        assert_eq!(
            api_of("https://altinn.studio/repos/o/altinn-ls.git").unwrap(),
            "https://altinn.studio/repos/api/v1/repos/o/altinn-ls"
        );
        assert_eq!(
            api_of("http://127.0.0.1:3000/api/v1/repos/o/r").unwrap(),
            "http://127.0.0.1:3000/api/v1/repos/o/r"
        );
        assert!(is_newer("v0.2.0", "0.1.9"));
        assert!(is_newer("1.10.0", "1.9.3"));
        assert!(!is_newer("v0.1.0", "0.1.0"));
        assert!(!is_newer("0.1.0-rc1", "0.1.0"));
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(!allowed(&Url::parse("http://example.com/x").unwrap()));
        assert!(allowed(&Url::parse("http://127.0.0.1:1/x").unwrap()));
    }

    #[test]
    fn a_binary_that_does_not_run_replaces_nothing() {
        let dir = std::env::temp_dir().join(format!("altinn-selfupd-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let exe = dir.join("altinn-ls");
        std::fs::write(&exe, b"old").unwrap();
        assert!(replace_exe(&exe, b"not a program").is_err());
        assert_eq!(std::fs::read(&exe).unwrap(), b"old");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temp file left"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
