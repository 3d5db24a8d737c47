//! `altinn-ls sync` behaviour that needs no Gitea: where the login is stored, the git
//! credential helper, the `--allow-http` notice. A tiny loopback HTTP server stands in for
//! Gitea's `GET /api/v1/user` where one is needed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_altinn-ls");

/// Answers every request with Gitea's user object; returns the base URL.
fn fake_gitea() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut line = String::new();
            while r.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let body =
                r#"{"id":1,"login":"alice","full_name":"Alice","email":"alice@example.org"}"#;
            let mut s = s;
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}")
}

/// `altinn-ls sync ARGS` in `dir` with exactly `env` (plus PATH) and `stdin`.
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut c = Command::new(BIN);
    c.arg("sync").args(args).current_dir(dir).env_clear();
    if let Ok(p) = std::env::var("PATH") {
        c.env("PATH", p);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn files_below(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in walk(dir) {
        out.push(e.strip_prefix(dir).unwrap().display().to_string());
    }
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            v.extend(walk(&p));
        }
        v.push(p);
    }
    v
}

/// Issue 15, medium 4: with HOME, XDG_CONFIG_HOME and APPDATA unset, `sync login` wrote
/// `./.altinn-ls/credentials.json` into the working directory (a repository: the next push
/// would share the token). Before the fix this test failed: exit 0 and that file existed.
#[test]
fn login_without_home_never_writes_into_the_working_directory() {
    let url = fake_gitea();
    let repo = tempfile::tempdir().unwrap();
    let out = run(
        repo.path(),
        &["login", "--url", &url],
        &[],
        "tok-secret-123\n",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains("no folder for the stored login"), "{err}");
    assert!(!err.contains("tok-secret-123"));
    assert!(
        files_below(repo.path()).is_empty(),
        "{:?}",
        files_below(repo.path())
    );
    // a relative HOME is the working directory too
    let out = run(
        repo.path(),
        &["login", "--url", &url],
        &[("HOME", ".")],
        "tok-secret-123\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(files_below(repo.path()).is_empty());
    // with a home it works, and the file is not in the working directory
    let home = tempfile::tempdir().unwrap();
    let h = home.path().to_str().unwrap();
    let out = run(
        repo.path(),
        &["login", "--url", &url],
        &[("HOME", h)],
        "tok-secret-123\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(home
        .path()
        .join(".config/altinn-ls/credentials.json")
        .is_file());
    assert!(files_below(repo.path()).is_empty());
}

fn git_credential_fill(cwd: &Path, home: &Path, input: &str, extra_env: &[(&str, &str)]) -> String {
    let mut c = Command::new("git");
    c.current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .args([
            "-c",
            &format!("credential.helper=!'{BIN}' sync credential"),
            "credential",
            "fill",
        ]);
    for (k, v) in extra_env {
        c.env(k, v);
    }
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("git");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let _ = child.wait();
    out
}

/// The credential helper through real git (`git credential fill`): the stored token for the
/// stored server only; nothing for any other host, for http to a remote host, or for a token
/// from the environment that names no server.
#[test]
fn credential_helper_hands_the_token_only_to_its_server() {
    let url = fake_gitea();
    let home = tempfile::tempdir().unwrap();
    let h = home.path().to_str().unwrap();
    let base = format!("{url}/repos");
    let out = run(
        home.path(),
        &["login", "--url", &base, "--user", "alice"],
        &[("HOME", h)],
        "tok-secret-123\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hostport = url.trim_start_matches("http://");

    // git's default request: protocol + host, no path
    let ans = git_credential_fill(
        home.path(),
        home.path(),
        &format!("protocol=http\nhost={hostport}\n\n"),
        &[],
    );
    assert!(
        ans.contains("username=alice\n") && ans.contains("password=tok-secret-123\n"),
        "{ans}"
    );
    // with a path under the server
    let ans = git_credential_fill(
        home.path(),
        home.path(),
        &format!("protocol=http\nhost={hostport}\npath=repos/ttd/app.git\n\n"),
        &[],
    );
    assert!(ans.contains("password=tok-secret-123"), "{ans}");

    // another host: the helper says nothing, git asks nobody else (no prompt): no password
    for other in [
        "protocol=https\nhost=evil.example\n\n",
        "protocol=http\nhost=127.0.0.2:9\n\n",
        "protocol=http\nhost=evil.example\npath=repos/x.git\n\n",
    ] {
        let ans = git_credential_fill(home.path(), home.path(), other, &[]);
        assert!(!ans.contains("tok-secret-123"), "{other:?} -> {ans}");
    }
    // a token from the environment without ALTINN_STUDIO_URL is never handed out
    let ans = git_credential_fill(
        home.path(),
        home.path(),
        "protocol=https\nhost=evil.example\n\n",
        &[("ALTINN_STUDIO_TOKEN", "env-token-456")],
    );
    assert!(!ans.contains("env-token-456"), "{ans}");
    // `store` and `erase` change nothing
    let r = run(
        home.path(),
        &["credential", "erase"],
        &[("HOME", h)],
        &format!("protocol=http\nhost={hostport}\n\n"),
    );
    assert!(r.status.success() && r.stdout.is_empty());
    let ans = git_credential_fill(
        home.path(),
        home.path(),
        &format!("protocol=http\nhost={hostport}\n\n"),
        &[],
    );
    assert!(ans.contains("password=tok-secret-123"), "{ans}");
}

/// Issue 15 (low): `--allow-http` used to be silent once set.
#[test]
fn allow_http_says_it_is_on() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path().to_str().unwrap();
    let out = run(home.path(), &["--allow-http", "logout"], &[("HOME", h)], "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--allow-http is on"), "{err}");
    let out = run(
        home.path(),
        &["logout"],
        &[("HOME", h), ("ALTINN_STUDIO_ALLOW_HTTP", "1")],
        "",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-http is on"));
    let out = run(home.path(), &["logout"], &[("HOME", h)], "");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("allow-http"));
}
