//! Security regression (issue 15): git uses the same proxy settings as the REST client
//! (`https_proxy` / `http_proxy`); libgit2's own transport ignored them and went direct.
//! Its own test binary: it sets proxy variables for the whole process.

mod support;
use altinn_gitea::{ops, SyncOptions};
use support::fake_http::{repo_with_origin, serve, status};

#[test]
fn git_goes_through_the_configured_proxy() {
    let proxy = serve("127.0.0.1", |_| status("403 Forbidden", ""));
    let purl = format!("http://127.0.0.1:{}", proxy.port);
    for k in ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"] {
        std::env::set_var(k, &purl);
    }
    for k in ["no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"] {
        std::env::remove_var(k);
    }
    let dir = std::env::temp_dir().join(format!("altinn-proxy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let opts = SyncOptions {
        use_env: false,
        use_git_helpers: false,
        allow_http: true,
        config_dir: Some(dir.join("cfg")),
        ..Default::default()
    };
    // https: a CONNECT to the proxy.
    repo_with_origin(&dir.join("a"), "https://git.example.invalid/ttd/app.git");
    let _ = ops::status(&dir.join("a"), &opts, &|_| {});
    // http: the absolute URL to the proxy.
    repo_with_origin(&dir.join("b"), "http://git.example.invalid/ttd/app.git");
    let _ = ops::status(&dir.join("b"), &opts, &|_| {});
    let seen = proxy.seen.lock().unwrap().clone();
    assert!(
        seen.iter()
            .any(|h| h.starts_with("CONNECT git.example.invalid:443")),
        "no CONNECT through the proxy: {seen:?}"
    );
    assert!(
        seen.iter().any(|h| h.starts_with(
            "GET http://git.example.invalid/ttd/app.git/info/refs?service=git-upload-pack"
        )),
        "no plain-HTTP request through the proxy: {seen:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
