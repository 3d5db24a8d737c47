//! `altinn-ls sync credential get|store|erase`: git's credential-helper protocol
//! (`key=value` lines on stdin, answer on stdout), so that plain git, VS Code's Source Control
//! and JetBrains' VCS can push and pull in repositories `altinn-ls sync clone` made.
//!
//! Same rule as everywhere else: a token goes only to the server it belongs to. `get` answers
//! only for a URL under a known server base (a stored login, the editor's or
//! `ALTINN_STUDIO_URL`'s server); a token from `ALTINN_STUDIO_TOKEN` without
//! `ALTINN_STUDIO_URL` is never handed out, and plain `http://` only for loopback hosts (or
//! with `--allow-http`). `store` and `erase` do nothing: `sync login`/`logout` own the store.

use crate::creds::SyncOptions;
use crate::server::{check_transport, parse_url, under_base};
use std::collections::BTreeMap;
use std::path::Path;

/// The request's `key=value` lines up to the first blank line.
pub fn parse_request(input: &str) -> BTreeMap<String, String> {
    input
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The answer to `get` (`username=…\npassword=…\n`), or empty when this helper has nothing
/// for that URL (git then asks the next helper or the user).
pub fn get(req: &BTreeMap<String, String>, opts: &SyncOptions) -> String {
    let url = match req.get("url") {
        Some(u) => u.clone(),
        None => {
            let (Some(proto), Some(host)) = (req.get("protocol"), req.get("host")) else {
                return String::new();
            };
            let path = req.get("path").map(String::as_str).unwrap_or("");
            format!("{proto}://{host}/{}", path.trim_start_matches('/'))
        }
    };
    let Ok(parsed) = parse_url(&url) else {
        return String::new();
    };
    if check_transport(&parsed, opts.allow_http).is_err() {
        return String::new();
    }
    // Without a path (git's default: credential.useHttpPath=false) match on the server's
    // origin: git already chose this helper by the URL it is configured for.
    let has_path = !parsed.path().trim_matches('/').is_empty();
    let mut opts = opts.clone();
    opts.use_git_helpers = false; // never ask git (and so ourselves) again
    for l in opts.candidates(parsed.as_str()).into_iter().chain(
        (!has_path)
            .then(|| origin_candidates(&opts, parsed.as_str()))
            .into_iter()
            .flatten(),
    ) {
        let Some(base) = &l.base else {
            continue; // a token without a server: never handed out
        };
        if !(under_base(parsed.as_str(), base) || (!has_path && same_origin(parsed.as_str(), base)))
        {
            continue;
        }
        if req.get("username").is_some_and(|u| {
            let (user, _) = l.basic_pair();
            !u.is_empty() && *u != user
        }) {
            continue;
        }
        let (user, pass) = l.basic_pair();
        if user.contains('\n') || pass.contains('\n') {
            continue;
        }
        return format!("username={user}\npassword={pass}\n");
    }
    String::new()
}

/// Logins whose base has the origin of `url` (for requests without a path).
fn origin_candidates(opts: &SyncOptions, url: &str) -> Vec<crate::creds::Login> {
    let Ok(store) = opts.store().and_then(|s| s.load()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for l in store.logins.iter().filter(|l| same_origin(url, &l.url)) {
        out.extend(opts.candidates(&l.url));
    }
    out
}

fn same_origin(a: &str, b: &str) -> bool {
    let (Ok(a), Ok(b)) = (parse_url(a), parse_url(b)) else {
        return false;
    };
    a.scheme() == b.scheme()
        && a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && a.port_or_known_default() == b.port_or_known_default()
}

/// The `credential.helper` value that runs this executable (`!` = through git's shell; git
/// appends `get`/`store`/`erase`).
pub fn helper_command(exe: &Path) -> String {
    let p = exe
        .to_string_lossy()
        .replace('\\', "/")
        .replace('\'', "'\\''");
    format!("!'{p}' sync credential")
}

/// Configures this executable as the credential helper for `base` in `repo` (clone does
/// this), when this process is altinn-ls itself (not a test harness or another embedder).
pub fn configure(repo: &git2::Repository, base: &str) {
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let is_us = exe
        .file_stem()
        .is_some_and(|s| s.to_string_lossy() == "altinn-ls");
    if !is_us {
        return;
    }
    // an empty value first resets the helper list for this server: the user's global helpers
    // (osxkeychain, manager, store) neither answer for it nor get the token to `store`
    let key = format!("credential.{base}.helper");
    let Ok(mut cfg) = repo
        .config()
        .and_then(|c| c.open_level(git2::ConfigLevel::Local))
    else {
        return;
    };
    let _ = cfg.set_str(&key, "");
    let _ = cfg.set_multivar(&key, "^altinn-ls-never-matches$", &helper_command(&exe));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_requests_and_quotes_the_command() {
        let r = parse_request(
            "protocol=https\nhost=altinn.studio\npath=repos/ttd/a.git\n\nignored=1\n",
        );
        assert_eq!(r.len(), 3);
        assert_eq!(r["host"], "altinn.studio");
        assert_eq!(
            helper_command(Path::new("/opt/my tools/altinn-ls")),
            "!'/opt/my tools/altinn-ls' sync credential"
        );
    }
}
