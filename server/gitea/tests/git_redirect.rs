//! Security regression (issue 15): the git token must not follow a redirect to another server.
//! libgit2's own HTTP transport followed a first-request redirect off-site and answered the
//! new host's 401 with the user's token (302 from 127.0.0.1 -> 127.0.0.2 sent `alice:<token>`).

mod support;
use altinn_gitea::{ops, Credentials, SyncOptions};
use support::fake_http::{repo_with_origin, serve, status};

fn opts(home: &std::path::Path, url: &str) -> SyncOptions {
    SyncOptions {
        use_env: false,
        use_git_helpers: false,
        config_dir: Some(home.join("cfg")),
        explicit: Some(Credentials {
            url: url.into(),
            user: "alice".into(),
            token: "s3cret-token-for-the-test".into(),
        }),
        ..Default::default()
    }
}

fn tmp(name: &str) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("altinn-redirect-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

#[test]
fn a_redirect_to_another_host_gets_no_credentials() {
    // The other host asks for credentials and records what it gets.
    let evil = serve("127.0.0.2", |_| {
        status(
            "401 Unauthorized",
            "WWW-Authenticate: Basic realm=\"x\"\r\n",
        )
    });
    let evil_port = evil.port;
    let home = serve("127.0.0.1", move |head| {
        let path = head.split_whitespace().nth(1).unwrap_or("");
        status(
            "302 Found",
            &format!("Location: http://127.0.0.2:{evil_port}{path}\r\n"),
        )
    });
    let base = format!("http://127.0.0.1:{}", home.port);
    let dir = tmp("offsite");
    repo_with_origin(&dir.join("w"), &format!("{base}/ttd/app.git"));
    let o = opts(&dir, &base);
    let rep = ops::status(&dir.join("w"), &o, &|_| {});
    let evil_seen = evil.seen.lock().unwrap().clone();
    for h in &evil_seen {
        assert!(
            !h.to_ascii_lowercase().contains("authorization:"),
            "credentials were sent to the other host: {h}"
        );
    }
    assert!(
        evil_seen.is_empty(),
        "the redirect to another host was followed: {evil_seen:?}"
    );
    // The operation tells why (status works offline: the reason is in the message).
    let msg = match rep {
        Ok(r) => r.message,
        Err(e) => e.to_string(),
    };
    assert!(msg.contains("another server"), "{msg}");
    assert!(!msg.contains("s3cret"), "{msg}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_redirect_on_the_same_server_is_followed_with_credentials() {
    // /old/app.git -> /ttd/app.git on the same server, which asks for credentials, then
    // answers a (broken) advertisement: enough to see that the login went there.
    let srv = serve("127.0.0.1", |head| {
        let path = head.split_whitespace().nth(1).unwrap_or("");
        if path.starts_with("/old/") {
            return status(
                "301 Moved Permanently",
                &format!("Location: {}\r\n", path.replacen("/old/", "/ttd/", 1)),
            );
        }
        if !head.to_ascii_lowercase().contains("authorization: basic") {
            return status(
                "401 Unauthorized",
                "WWW-Authenticate: Basic realm=\"x\"\r\n",
            );
        }
        status("404 Not Found", "")
    });
    let base = format!("http://127.0.0.1:{}", srv.port);
    let dir = tmp("same");
    repo_with_origin(&dir.join("w"), &format!("{base}/old/app.git"));
    let _ = ops::status(&dir.join("w"), &opts(&dir, &base), &|_| {});
    let seen = srv.seen.lock().unwrap().clone();
    assert!(
        seen.iter().any(|h| h.contains("/ttd/app.git/info/refs")
            && h.to_ascii_lowercase().contains("authorization: basic")),
        "{seen:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
