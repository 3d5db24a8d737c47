//! The LSP entry point (`altinn_gitea::commands::execute`) end to end against a real Gitea,
//! called the way the language server calls it: on a blocking thread of a tokio runtime,
//! with credentials from the editor (`altinn/setCredentials`) and a progress sink.
//! `#[ignore]`d: tests/gitea/run-tests.sh starts Gitea and runs it with `--ignored`.

use altinn_gitea::commands::{execute, CommandContext};
use altinn_gitea::Credentials;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

struct Env {
    url: String,
    user: String,
    token: String,
    org: String,
}

fn env() -> Env {
    let Ok(url) = std::env::var("ALTINN_TEST_GITEA_URL") else {
        panic!("ALTINN_TEST_GITEA_URL not set; run tests/gitea/run-tests.sh");
    };
    Env {
        url,
        user: std::env::var("ALTINN_TEST_GITEA_USER").unwrap_or_default(),
        token: std::env::var("ALTINN_TEST_GITEA_TOKEN").unwrap_or_default(),
        org: std::env::var("ALTINN_TEST_GITEA_ORG").unwrap_or_else(|_| "ttd".into()),
    }
}

fn ctx(root: &Path, e: &Env, token: &str, log: Arc<Mutex<Vec<String>>>) -> CommandContext {
    CommandContext {
        workspace_root: root.to_path_buf(),
        credentials: Some(Credentials {
            url: e.url.clone(),
            user: e.user.clone(),
            token: token.to_string(),
        }),
        progress: Box::new(move |m| log.lock().unwrap().push(m.to_string())),
    }
}

async fn call(
    name: &'static str,
    args: Value,
    root: PathBuf,
    e: Arc<Env>,
    token: String,
) -> (Result<Value, String>, Vec<String>) {
    tokio::task::spawn_blocking(move || {
        let log = Arc::new(Mutex::new(Vec::new()));
        let c = ctx(&root, &e, &token, log.clone());
        let r = execute(name, args, &c).map(|o| serde_json::to_value(o).unwrap());
        let l = log.lock().unwrap().clone();
        (r, l)
    })
    .await
    .expect("join")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
async fn lsp_commands_login_status_pull_push() {
    let e = Arc::new(env());
    // Isolate from the developer's stored login and git config.
    let base = std::env::temp_dir().join(format!("altinn-sync-lsp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    std::env::set_var("ALTINN_LS_CONFIG_DIR", base.join("cfg"));
    for k in [
        "ALTINN_STUDIO_URL",
        "ALTINN_STUDIO_USER",
        "ALTINN_STUDIO_TOKEN",
        "ALTINN_STUDIO_AUTH",
    ] {
        std::env::remove_var(k);
    }
    let tok = e.token.clone();

    // login: checks the editor's credentials, stores nothing by default.
    let (r, _) = call(
        "altinn.sync.login",
        json!([{}]),
        base.clone(),
        e.clone(),
        tok.clone(),
    )
    .await;
    let r = r.expect("login");
    assert_eq!(r["user"], e.user.as_str());
    assert!(!base.join("cfg/credentials.json").exists());
    let (r, _) = call(
        "altinn.sync.login",
        json!([{}]),
        base.clone(),
        e.clone(),
        "wrong-token-123".into(),
    )
    .await;
    let err = r.expect_err("wrong token");
    assert!(
        err.contains("wrong user name or token") && !err.contains("wrong-token-123"),
        "{err}"
    );

    // Two clones of a fresh repository (clone is an extra command of the crate).
    let name = format!("lsp-{}", std::process::id());
    {
        let e2 = e.clone();
        let n = name.clone();
        tokio::task::spawn_blocking(move || {
            altinn_gitea::api::install_crypto_provider();
            let l = altinn_gitea::creds::Login {
                base: Some(e2.url.clone()),
                user: e2.user.clone(),
                token: e2.token.clone(),
                mode: altinn_gitea::AuthMode::Basic,
                source: altinn_gitea::creds::Source::Editor,
                name: None,
                email: None,
            };
            altinn_gitea::api::Api::new(&e2.url, &Default::default(), vec![l])
                .unwrap()
                .create_org_repo(&e2.org, &n, true, true)
                .unwrap();
        })
        .await
        .unwrap();
    }
    let repo = format!("{}/{}", e.org, name);
    for d in ["a", "b"] {
        let (r, progress) = call(
            "altinn.sync.clone",
            json!([{"repo": repo, "dir": d}]),
            base.clone(),
            e.clone(),
            tok.clone(),
        )
        .await;
        let r = r.expect("clone");
        assert_eq!(r["outcome"], "cloned");
        assert!(
            progress.iter().any(|m| m.starts_with("Cloning")),
            "{progress:?}"
        );
    }
    let (a, b) = (base.join("a"), base.join("b"));

    // push from a (workspace root = a), status + pull in b.
    std::fs::write(a.join("Page1.json"), "{}\n").unwrap();
    let (r, progress) = call(
        "altinn.sync.push",
        json!([{"message": "from the editor"}]),
        a.clone(),
        e.clone(),
        tok.clone(),
    )
    .await;
    let r = r.expect("push");
    assert_eq!(r["outcome"], "pushed");
    for k in ["ahead", "behind", "conflicts", "changed", "message"] {
        assert!(r.get(k).is_some(), "{k} missing in {r}");
    }
    assert!(
        progress.iter().any(|m| m.contains("Pushing")),
        "{progress:?}"
    );
    let (r, _) = call(
        "altinn.sync.status",
        json!([]),
        b.clone(),
        e.clone(),
        tok.clone(),
    )
    .await;
    let r = r.expect("status");
    assert_eq!(
        (r["ahead"].as_u64(), r["behind"].as_u64()),
        (Some(0), Some(1)),
        "{r}"
    );
    let (r, _) = call(
        "altinn.sync.pull",
        Value::Null,
        b.clone(),
        e.clone(),
        tok.clone(),
    )
    .await;
    let r = r.expect("pull");
    assert_eq!(r["outcome"], "fast-forward");
    assert_eq!(r["behind"], 0);
    assert_eq!(
        std::fs::read_to_string(b.join("Page1.json")).unwrap(),
        "{}\n"
    );

    // A conflict comes back as data (conflicts: [file]), not as an error.
    std::fs::write(a.join("Page1.json"), "{\"a\": 1}\n").unwrap();
    std::fs::write(b.join("Page1.json"), "{\"b\": 1}\n").unwrap();
    call(
        "altinn.sync.push",
        json!([]),
        a.clone(),
        e.clone(),
        tok.clone(),
    )
    .await
    .0
    .expect("push a");
    let (r, _) = call(
        "altinn.sync.push",
        json!([]),
        b.clone(),
        e.clone(),
        tok.clone(),
    )
    .await;
    let r = r.expect("push b returns the conflict as data");
    assert_eq!(r["outcome"], "conflicts");
    assert_eq!(r["conflicts"], json!(["Page1.json"]));
    let _ = std::fs::remove_dir_all(&base);
}
