//! `altinn-ls sync` against a real Gitea (tests/gitea/run-tests.sh builds and starts one).
//! Every test is `#[ignore]`d, so a plain `cargo test` lists them as ignored (not passed);
//! `tests/gitea/run-tests.sh` starts Gitea and runs them with `--ignored`, and there a missing
//! ALTINN_TEST_GITEA_URL fails the test.
//!
//! Env (written by tests/gitea/start-gitea.sh): ALTINN_TEST_GITEA_URL, _USER, _TOKEN, _ORG.

use altinn_gitea::api::Api;
use altinn_gitea::creds::{AuthMode, Login, Source, SyncOptions};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_altinn-ls");

struct Gitea {
    url: String,
    user: String,
    token: String,
    org: String,
}

fn gitea(test: &str) -> Gitea {
    let Ok(url) = std::env::var("ALTINN_TEST_GITEA_URL") else {
        panic!("{test}: ALTINN_TEST_GITEA_URL not set; run tests/gitea/run-tests.sh");
    };
    let get = |k: &str| std::env::var(k).unwrap_or_default();
    Gitea {
        url: url.trim_end_matches('/').to_string(),
        user: get("ALTINN_TEST_GITEA_USER"),
        token: get("ALTINN_TEST_GITEA_TOKEN"),
        org: std::env::var("ALTINN_TEST_GITEA_ORG").unwrap_or_else(|_| "ttd".into()),
    }
}

impl Gitea {
    fn api(&self) -> Api {
        altinn_gitea::api::install_crypto_provider();
        let login = Login {
            base: Some(self.url.clone()),
            user: self.user.clone(),
            token: self.token.clone(),
            mode: AuthMode::Basic,
            source: Source::Environment,
            name: None,
            email: None,
        };
        Api::new(&self.url, &SyncOptions::default(), vec![login]).expect("api client")
    }
    /// A fresh repository (initial commit with README.md on master); returns "org/name".
    fn new_repo(&self, name: &str) -> String {
        let name = format!("{name}-{}", std::process::id());
        self.api()
            .create_org_repo(&self.org, &name, true, true)
            .expect("create repo");
        format!("{}/{}", self.org, name)
    }
}

/// A temp folder removed on drop.
struct Tmp(PathBuf);
impl Tmp {
    fn new(name: &str) -> Tmp {
        let p = std::env::temp_dir().join(format!("altinn-sync-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Tmp(p)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `altinn-ls sync ARGS` in `dir` with an isolated home/config and the given env.
/// A watchdog kills it after 120 s so that a hang fails the test instead of blocking CI.
fn sync(
    home: &Path,
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: Option<&str>,
) -> Output {
    let mut c = Command::new(BIN);
    c.arg("sync").args(args).current_dir(dir);
    for k in [
        "ALTINN_STUDIO_URL",
        "ALTINN_STUDIO_USER",
        "ALTINN_STUDIO_TOKEN",
        "ALTINN_STUDIO_AUTH",
        "ALTINN_STUDIO_CA_FILE",
        "ALTINN_STUDIO_ALLOW_HTTP",
        "XDG_CONFIG_HOME",
    ] {
        c.env_remove(k);
    }
    c.env("HOME", home)
        .env("ALTINN_LS_CONFIG_DIR", home.join("cfg"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0");
    for (k, v) in env {
        c.env(k, v);
    }
    c.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn altinn-ls");
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    let done = Arc::new(AtomicBool::new(false));
    let pid = child.id();
    let d2 = done.clone();
    let watchdog = std::thread::spawn(move || {
        for _ in 0..1200 {
            if d2.load(Ordering::SeqCst) {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        true
    });
    let out = child.wait_with_output().expect("wait");
    done.store(true, Ordering::SeqCst);
    let killed = watchdog.join().unwrap_or(false);
    assert!(
        !killed,
        "altinn-ls sync {args:?} did not finish (killed by the watchdog)"
    );
    out
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(o)))
}

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git");
    assert!(o.status.success(), "git {args:?}: {}", text(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn assert_fsck_clean(dir: &Path) {
    let o = Command::new("git")
        .args(["fsck", "--full", "--no-dangling"])
        .current_dir(dir)
        .output()
        .expect("git fsck");
    let t = text(&o);
    assert!(o.status.success(), "git fsck failed: {t}");
    for bad in ["error", "missing", "corrupt", "broken"] {
        assert!(!t.to_lowercase().contains(bad), "git fsck: {t}");
    }
}

/// Env that authenticates with the test token (token as the HTTP password).
fn token_env(g: &Gitea) -> Vec<(&'static str, String)> {
    vec![
        ("ALTINN_STUDIO_URL", g.url.clone()),
        ("ALTINN_STUDIO_USER", g.user.clone()),
        ("ALTINN_STUDIO_TOKEN", g.token.clone()),
    ]
}

fn env_ref<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, s)| (*k, s.as_str())).collect()
}

fn clone(g: &Gitea, home: &Path, into: &Path, repo: &str) {
    let env = token_env(g);
    let o = sync(
        home,
        into.parent().unwrap(),
        &["clone", repo, into.file_name().unwrap().to_str().unwrap()],
        &env_ref(&env),
        None,
    );
    assert!(o.status.success(), "clone: {}", text(&o));
}

fn write(p: &Path, s: &str) {
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(p, s).unwrap();
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn clone_with_token_keeps_it_out_of_config_and_output() {
    let g = gitea("clone_with_token");
    let t = Tmp::new("clone");
    let repo = g.new_repo("clone");
    let env = token_env(&g);
    let o = sync(
        t.path(),
        t.path(),
        &["clone", &repo, "app"],
        &env_ref(&env),
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    let app = t.path().join("app");
    assert!(app.join("README.md").is_file(), "README.md cloned");
    assert!(!text(&o).contains(&g.token), "token printed");
    let cfg = read(&app.join(".git/config"));
    assert!(
        !cfg.contains(&g.token) && !cfg.contains('@'),
        "credentials in .git/config: {cfg}"
    );
    assert!(
        cfg.contains("merge = refs/heads/master"),
        "follows master: {cfg}"
    );
    // Cloning by full URL works too, with the token as the user name (Altinn proxy form).
    let url = format!("{}/{repo}.git", g.url);
    let env2 = [
        ("ALTINN_STUDIO_TOKEN", g.token.as_str()),
        ("ALTINN_STUDIO_AUTH", "token-as-user"),
    ];
    let o = sync(t.path(), t.path(), &["clone", &url, "app2"], &env2, None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(t.path().join("app2/README.md").is_file());
    // Refuses a non-empty destination.
    let o = sync(
        t.path(),
        t.path(),
        &["clone", &repo, "app"],
        &env_ref(&env),
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("not empty"), "{}", text(&o));
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn login_stores_a_private_file_and_later_commands_use_it() {
    let g = gitea("login");
    let t = Tmp::new("login");
    let repo = g.new_repo("login");
    let o = sync(
        t.path(),
        t.path(),
        &["login", "--url", &g.url],
        &[],
        Some(&format!("{}\n", g.token)),
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(&g.user), "{}", text(&o));
    assert!(!text(&o).contains(&g.token));
    let f = t.path().join("cfg/credentials.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // Altinn Studio serves Gitea under /repos: the host alone is enough to log in.
    if let Some(host) = g.url.strip_suffix("/repos") {
        let o = sync(
            t.path(),
            t.path(),
            &["login", "--url", host, "--json"],
            &[],
            Some(&g.token),
        );
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(json(&o)["url"], g.url.as_str(), "found the /repos sub-path");
    }
    // No env: the stored login is used (and the server comes from it).
    let o = sync(t.path(), t.path(), &["clone", &repo, "app"], &[], None);
    assert!(o.status.success(), "{}", text(&o));
    let o = sync(t.path(), t.path(), &["logout"], &[], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!f.exists(), "logout removes the file");
    // Wrong token at login: clear error, nothing stored.
    let o = sync(
        t.path(),
        t.path(),
        &["login", "--url", &g.url],
        &[],
        Some("not-a-token\n"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("wrong user name or token"),
        "{}",
        text(&o)
    );
    assert!(!f.exists());
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn edit_push_then_second_clone_pulls_and_pushes_back() {
    let g = gitea("edit_push");
    let t = Tmp::new("editpush");
    let repo = g.new_repo("editpush");
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    clone(&g, t.path(), &a, &repo);
    clone(&g, t.path(), &b, &repo);
    let env = token_env(&g);
    write(
        &a.join("App/ui/layouts/Page1.json"),
        "{\"data\": {\"layout\": []}}\n",
    );
    let o = sync(
        t.path(),
        &a,
        &["push", "-m", "Add Page1"],
        &env_ref(&env),
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Shared"), "{}", text(&o));
    let author = git(&a, &["log", "-1", "--format=%an|%ae|%s"]);
    assert_eq!(
        author.trim(),
        format!("{}|{}@example.com|Add Page1", g.user, g.user)
    );

    let o = sync(t.path(), &b, &["pull", "--json"], &env_ref(&env), None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(json(&o)["outcome"], "fast-forward");
    assert_eq!(
        read(&b.join("App/ui/layouts/Page1.json")),
        "{\"data\": {\"layout\": []}}\n"
    );

    write(
        &b.join("App/config/texts/resource.nb.json"),
        "{\"language\": \"nb\", \"resources\": []}\n",
    );
    let o = sync(t.path(), &b, &["push"], &env_ref(&env), None);
    assert!(o.status.success(), "{}", text(&o));
    // a has nothing of its own to share and is behind: push says so and does not merge.
    let o = sync(t.path(), &a, &["push", "--json"], &env_ref(&env), None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        (json(&o)["outcome"].as_str(), json(&o)["behind"].as_u64()),
        (Some("nothing-to-push"), Some(1))
    );
    assert!(!a.join("App/config/texts/resource.nb.json").exists());
    let o = sync(t.path(), &a, &["pull"], &env_ref(&env), None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(a.join("App/config/texts/resource.nb.json").is_file());
    // Nothing left: push says so and succeeds.
    let o = sync(t.path(), &a, &["push", "--json"], &env_ref(&env), None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(json(&o)["outcome"], "nothing-to-push");
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn both_edit_different_files_merge_cleanly() {
    let g = gitea("clean_merge");
    let t = Tmp::new("cleanmerge");
    let repo = g.new_repo("cleanmerge");
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    clone(&g, t.path(), &a, &repo);
    clone(&g, t.path(), &b, &repo);
    let env = token_env(&g);
    write(&a.join("one.txt"), "from a\n");
    write(&b.join("two.txt"), "from b\n");
    let o = sync(t.path(), &a, &["push", "-m", "a"], &env_ref(&env), None);
    assert!(o.status.success(), "{}", text(&o));
    // b is behind: push must fetch, merge and push again.
    let o = sync(
        t.path(),
        &b,
        &["push", "-m", "b", "--json"],
        &env_ref(&env),
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    let r = json(&o);
    assert_eq!(r["outcome"], "pushed", "{r}");
    assert_eq!(r["conflicts"].as_array().map(Vec::len), Some(0));
    assert_eq!(read(&b.join("one.txt")), "from a\n");
    let o = sync(t.path(), &a, &["pull"], &env_ref(&env), None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(read(&a.join("two.txt")), "from b\n");
    assert_eq!(read(&a.join("one.txt")), "from a\n");
    let parents = git(&a, &["log", "-1", "--format=%p"]);
    assert_eq!(parents.split_whitespace().count(), 2, "a merge commit");
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn both_edit_same_lines_conflict_loses_nothing() {
    let g = gitea("conflict");
    let t = Tmp::new("conflict");
    let repo = g.new_repo("conflict");
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    clone(&g, t.path(), &a, &repo);
    let env = token_env(&g);
    write(&a.join("texts.json"), "{\n  \"title\": \"Original\"\n}\n");
    assert!(
        sync(t.path(), &a, &["push", "-m", "base"], &env_ref(&env), None)
            .status
            .success()
    );
    clone(&g, t.path(), &b, &repo);
    write(
        &a.join("texts.json"),
        "{\n  \"title\": \"Title from A\"\n}\n",
    );
    write(
        &b.join("texts.json"),
        "{\n  \"title\": \"Title from B\"\n}\n",
    );
    let o = sync(
        t.path(),
        &a,
        &["push", "-m", "A's title"],
        &env_ref(&env),
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = sync(
        t.path(),
        &b,
        &["push", "-m", "B's title", "--json"],
        &env_ref(&env),
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "conflicts exit with 1: {}",
        text(&o)
    );
    let r = json(&o);
    assert_eq!(r["outcome"], "conflicts");
    assert_eq!(r["conflicts"], serde_json::json!(["texts.json"]));
    // Nothing lost: B's commit is kept, both versions are in the file, the server has A's.
    assert!(git(&b, &["log", "--format=%s"]).contains("B's title"));
    let f = read(&b.join("texts.json"));
    assert!(
        f.contains("Title from A") && f.contains("Title from B") && f.contains("<<<<<<<"),
        "{f}"
    );
    // Pushing with markers still in the file is refused.
    let o = sync(t.path(), &b, &["push"], &env_ref(&env), None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("texts.json"), "{}", text(&o));
    // Pull is refused during the merge too, and lists the file.
    let o = sync(t.path(), &b, &["pull"], &env_ref(&env), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("texts.json"), "{}", text(&o));
    // Resolve and share.
    write(
        &b.join("texts.json"),
        "{\n  \"title\": \"Title from A and B\"\n}\n",
    );
    let o = sync(
        t.path(),
        &b,
        &["push", "-m", "resolved"],
        &env_ref(&env),
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = sync(t.path(), &a, &["pull"], &env_ref(&env), None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        read(&a.join("texts.json")),
        "{\n  \"title\": \"Title from A and B\"\n}\n"
    );
    assert_fsck_clean(&b);
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn pull_never_overwrites_uncommitted_edits() {
    let g = gitea("uncommitted");
    let t = Tmp::new("uncommitted");
    let repo = g.new_repo("uncommitted");
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    clone(&g, t.path(), &a, &repo);
    let env = token_env(&g);
    write(&a.join("layout.json"), "{\"a\": 1}\n");
    write(&a.join("other.json"), "{\"o\": 1}\n");
    assert!(
        sync(t.path(), &a, &["push", "-m", "base"], &env_ref(&env), None)
            .status
            .success()
    );
    clone(&g, t.path(), &b, &repo);
    // b changes layout.json on the server.
    write(&b.join("layout.json"), "{\"a\": 2, \"from\": \"b\"}\n");
    assert!(sync(
        t.path(),
        &b,
        &["push", "-m", "b edits layout"],
        &env_ref(&env),
        None
    )
    .status
    .success());
    // a edits the same file without committing, plus a new untracked file; bytes incl. CRLF.
    let mine = "{\"a\": 1,\r\n \"mine\": \"unsaved \u{e6}\u{f8}\u{e5}\"}\r\n";
    write(&a.join("layout.json"), mine);
    write(&a.join("notes/new.txt"), "untracked\n");
    let head_before = git(&a, &["rev-parse", "HEAD"]);
    let o = sync(t.path(), &a, &["pull", "--json"], &env_ref(&env), None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let r = json(&o);
    assert_eq!(r["outcome"], "blocked");
    assert_eq!(r["conflicts"], serde_json::json!(["layout.json"]));
    assert_eq!(
        std::fs::read(a.join("layout.json")).unwrap(),
        mine.as_bytes(),
        "byte for byte"
    );
    assert_eq!(read(&a.join("notes/new.txt")), "untracked\n");
    assert_eq!(
        git(&a, &["rev-parse", "HEAD"]),
        head_before,
        "HEAD not moved"
    );
    assert_eq!(r["behind"], 1);

    // An uncommitted edit in a file the incoming change does not touch: fast-forward, kept.
    let c = t.path().join("c");
    clone(&g, t.path(), &c, &repo);
    write(&c.join("other.json"), "{\"o\": \"local edit\"}\n");
    write(&c.join("staged.json"), "{\"staged\": true}\n");
    git(&c, &["add", "staged.json"]);
    write(&b.join("layout.json"), "{\"a\": 3}\n");
    assert!(sync(
        t.path(),
        &b,
        &["push", "-m", "b again"],
        &env_ref(&env),
        None
    )
    .status
    .success());
    let o = sync(t.path(), &c, &["pull", "--json"], &env_ref(&env), None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(json(&o)["outcome"], "fast-forward");
    assert_eq!(read(&c.join("layout.json")), "{\"a\": 3}\n");
    assert_eq!(read(&c.join("other.json")), "{\"o\": \"local edit\"}\n");
    assert_eq!(
        json(&o)["changed"],
        serde_json::json!(["other.json", "staged.json"])
    );
    assert_eq!(read(&c.join("staged.json")), "{\"staged\": true}\n");
    assert!(
        git(&c, &["status", "--porcelain"]).contains("A  staged.json"),
        "still staged: {}",
        git(&c, &["status", "--porcelain"])
    );
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn wrong_token_fails_clearly_after_bounded_retries() {
    let g = gitea("wrong_token");
    let t = Tmp::new("wrongtoken");
    let repo = g.new_repo("wrongtoken");
    let bad = "0123456789abcdef0123456789abcdef01234567";
    let env = [
        ("ALTINN_STUDIO_URL", g.url.as_str()),
        ("ALTINN_STUDIO_USER", g.user.as_str()),
        ("ALTINN_STUDIO_TOKEN", bad),
    ];
    let o = sync(t.path(), t.path(), &["clone", &repo, "app"], &env, None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let msg = text(&o);
    assert!(msg.contains("wrong user name or token"), "{msg}");
    assert!(!msg.contains(bad), "token leaked: {msg}");
    assert!(!t.path().join("app").exists(), "no half clone left");
    // Same for an existing clone (pull) and for the REST API (repos).
    let a = t.path().join("a");
    clone(&g, t.path(), &a, &repo);
    let o = sync(t.path(), &a, &["pull"], &env, None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("wrong user name or token"),
        "{}",
        text(&o)
    );
    let o = sync(t.path(), t.path(), &["repos"], &env, None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("wrong user name or token"),
        "{}",
        text(&o)
    );
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn repos_search_and_status_ahead_behind() {
    let g = gitea("repos_status");
    let t = Tmp::new("reposstatus");
    let repo = g.new_repo("searchable-status");
    let env = token_env(&g);
    let o = sync(
        t.path(),
        t.path(),
        &["repos", "searchable-status", "--json"],
        &env_ref(&env),
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    let names: Vec<String> = json(&o)
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["full_name"].as_str().map(String::from))
        .collect();
    assert!(names.contains(&repo), "{names:?}");
    let o = sync(
        t.path(),
        t.path(),
        &["repos", "no-such-repo-anywhere"],
        &env_ref(&env),
        None,
    );
    assert!(o.status.success());
    assert!(text(&o).contains("No repositories"));

    let (a, b) = (t.path().join("a"), t.path().join("b"));
    clone(&g, t.path(), &a, &repo);
    clone(&g, t.path(), &b, &repo);
    write(&b.join("x.txt"), "1\n");
    assert!(
        sync(t.path(), &b, &["push", "-m", "x1"], &env_ref(&env), None)
            .status
            .success()
    );
    write(&b.join("x.txt"), "2\n");
    assert!(
        sync(t.path(), &b, &["push", "-m", "x2"], &env_ref(&env), None)
            .status
            .success()
    );
    write(&a.join("y.txt"), "local\n");
    git(&a, &["add", "y.txt"]);
    git(&a, &["commit", "-m", "local only"]);
    write(&a.join("z.txt"), "uncommitted\n");
    let o = sync(t.path(), &a, &["status", "--json"], &env_ref(&env), None);
    assert!(o.status.success(), "{}", text(&o));
    let r = json(&o);
    assert_eq!(
        (r["ahead"].as_u64(), r["behind"].as_u64()),
        (Some(1), Some(2)),
        "{r}"
    );
    assert_eq!(r["changed"], serde_json::json!(["z.txt"]));
    assert_eq!(r["branch"], "master");
    assert_eq!(r["online"], true);
    // status never merges
    assert!(!a.join("x.txt").exists());
}

// ---------------------------------------------------------------------------------------------
// Network faults: a loopback TCP proxy in front of Gitea that drops the connection after a
// number of bytes (the server "going away" mid-transfer), or that is closed (server down).

struct Proxy {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    /// Forwards to `target`; cuts every connection once `up_limit` request bytes or
    /// `down_limit` response bytes have passed (None: no limit).
    fn start(target: &str, up_limit: Option<usize>, down_limit: Option<usize>) -> Proxy {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let target = target.to_string();
        let stop = Arc::new(AtomicBool::new(false));
        let s2 = stop.clone();
        l.set_nonblocking(true).unwrap();
        std::thread::spawn(move || {
            while !s2.load(Ordering::SeqCst) {
                match l.accept() {
                    Ok((client, _)) => {
                        client.set_nonblocking(false).unwrap();
                        let Ok(server) = TcpStream::connect(&target) else {
                            continue;
                        };
                        let cut = Arc::new(AtomicUsize::new(0));
                        pump(
                            client.try_clone().unwrap(),
                            server.try_clone().unwrap(),
                            up_limit,
                            cut.clone(),
                        );
                        pump(server, client, down_limit, cut);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Proxy { port, stop }
    }
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn pump(mut from: TcpStream, mut to: TcpStream, limit: Option<usize>, cut: Arc<AtomicUsize>) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        let mut total = 0usize;
        loop {
            if cut.load(Ordering::SeqCst) > 0 {
                break;
            }
            let n = match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            total += n;
            if limit.is_some_and(|l| total > l) {
                cut.store(1, Ordering::SeqCst);
                break;
            }
            if to.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = from.shutdown(Shutdown::Both);
        let _ = to.shutdown(Shutdown::Both);
    });
}

/// Incompressible bytes, so the pack is large.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn server_gone_mid_operation_leaves_the_repository_consistent() {
    let g = gitea("network_faults");
    let t = Tmp::new("netfault");
    let repo = g.new_repo("netfault");
    let rest = g.url.trim_start_matches("http://");
    let (target, subpath) = match rest.find('/') {
        Some(i) => (rest[..i].to_string(), rest[i..].to_string()),
        None => (rest.to_string(), String::new()),
    };
    // Token only (no URL), so that it applies to the proxy's address as well.
    let env = [
        ("ALTINN_STUDIO_USER", g.user.as_str()),
        ("ALTINN_STUDIO_TOKEN", g.token.as_str()),
    ];
    let a = t.path().join("a");
    let direct = t.path().join("direct");
    clone(&g, t.path(), &direct, &repo);

    // 1. Push through a proxy that drops the connection after 200 KB of a 2 MB upload.
    let cutting = Proxy::start(&target, Some(200_000), None);
    let o = sync(
        t.path(),
        t.path(),
        &[
            "clone",
            &format!("{}{subpath}/{repo}.git", cutting.url()),
            "a",
        ],
        &env,
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    std::fs::write(a.join("big.bin"), noise(2_000_000, 7)).unwrap();
    write(&a.join("small.txt"), "x\n");
    let o = sync(t.path(), &a, &["push", "-m", "big"], &env, None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let msg = text(&o);
    assert!(
        msg.contains("pushing") && msg.contains("run `altinn-ls sync push` again"),
        "{msg}"
    );
    assert!(!msg.contains(&g.token));
    assert_fsck_clean(&a);
    assert!(
        git(&a, &["log", "-1", "--format=%s"]).contains("big"),
        "commit kept locally"
    );
    assert_eq!(
        git(&a, &["status", "--porcelain"]),
        "",
        "work tree clean and consistent"
    );
    // The server did not get a partial update.
    let o = sync(t.path(), &direct, &["pull", "--json"], &env, None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(json(&o)["outcome"], "up-to-date");

    // 2. Server down: status works offline, push fails clearly, nothing changes.
    drop(cutting);
    std::thread::sleep(Duration::from_millis(100));
    let o = sync(t.path(), &a, &["status", "--json"], &env, None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(json(&o)["online"], false);
    assert_eq!(json(&o)["ahead"], 1);
    let o = sync(t.path(), &a, &["pull"], &env, None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("Nothing was changed locally"),
        "{}",
        text(&o)
    );
    assert_fsck_clean(&a);

    // 3. Push again through a working path: succeeds.
    git(
        &a,
        &[
            "remote",
            "set-url",
            "origin",
            &format!("{}/{repo}.git", g.url),
        ],
    );
    let o = sync(t.path(), &a, &["push"], &env, None);
    assert!(o.status.success(), "{}", text(&o));

    // 4. Fetch through a proxy that drops the download after 200 KB of the 2 MB pack.
    let cutting = Proxy::start(&target, None, Some(200_000));
    git(
        &direct,
        &[
            "remote",
            "set-url",
            "origin",
            &format!("{}{subpath}/{repo}.git", cutting.url()),
        ],
    );
    let head_before = git(&direct, &["rev-parse", "HEAD"]);
    let o = sync(t.path(), &direct, &["pull"], &env, None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("Nothing was changed locally"),
        "{}",
        text(&o)
    );
    assert_eq!(git(&direct, &["rev-parse", "HEAD"]), head_before);
    assert_eq!(git(&direct, &["status", "--porcelain"]), "");
    assert_fsck_clean(&direct);
    drop(cutting);
    git(
        &direct,
        &[
            "remote",
            "set-url",
            "origin",
            &format!("{}/{repo}.git", g.url),
        ],
    );
    let o = sync(t.path(), &direct, &["pull"], &env, None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        std::fs::read(direct.join("big.bin")).unwrap(),
        noise(2_000_000, 7)
    );
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn https_with_a_private_ca_reaches_git_and_the_api() {
    let Ok(url) = std::env::var("ALTINN_TEST_GITEA_HTTPS_URL") else {
        panic!("ALTINN_TEST_GITEA_HTTPS_URL not set; run tests/gitea/run-tests.sh");
    };
    let get = |k: &str| std::env::var(k).unwrap_or_default();
    let g = Gitea {
        url,
        user: get("ALTINN_TEST_GITEA_HTTPS_USER"),
        token: get("ALTINN_TEST_GITEA_HTTPS_TOKEN"),
        org: get("ALTINN_TEST_GITEA_HTTPS_ORG"),
    };
    let ca = get("ALTINN_TEST_GITEA_HTTPS_CA_FILE");
    let t = Tmp::new("https");
    // The test's own API client must trust the CA too.
    altinn_gitea::api::install_crypto_provider();
    let opts = SyncOptions {
        ca_file: Some(PathBuf::from(&ca)),
        ..Default::default()
    };
    let login = Login {
        base: Some(g.url.clone()),
        user: g.user.clone(),
        token: g.token.clone(),
        mode: AuthMode::Basic,
        source: Source::Environment,
        name: None,
        email: None,
    };
    let name = format!("tls-{}", std::process::id());
    Api::new(&g.url, &opts, vec![login])
        .unwrap()
        .create_org_repo(&g.org, &name, true, true)
        .expect("create repo over https");
    let repo = format!("{}/{name}", g.org);
    let env = token_env(&g);
    // Without the CA: refused, with advice.
    let o = sync(
        t.path(),
        t.path(),
        &["clone", &repo, "app"],
        &env_ref(&env),
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--ca-file"), "{}", text(&o));
    let o = sync(t.path(), t.path(), &["repos"], &env_ref(&env), None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--ca-file"), "{}", text(&o));
    // With the CA (flag for git, env for REST and git): clone, push, search.
    let o = sync(
        t.path(),
        t.path(),
        &["--ca-file", &ca, "clone", &repo, "app"],
        &env_ref(&env),
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    let app = t.path().join("app");
    write(&app.join("f.txt"), "over tls\n");
    let mut env2 = env_ref(&env);
    env2.push(("ALTINN_STUDIO_CA_FILE", ca.as_str()));
    let o = sync(t.path(), &app, &["push"], &env2, None);
    assert!(o.status.success(), "{}", text(&o));
    let o = sync(t.path(), t.path(), &["repos", &name], &env2, None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(&repo), "{}", text(&o));
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn plain_http_is_refused_for_remote_hosts() {
    // No server needed: the refusal happens before any connection.
    let t = Tmp::new("plainhttp");
    let env = [("ALTINN_STUDIO_TOKEN", "some-token-value")];
    let o = sync(
        t.path(),
        t.path(),
        &["clone", "http://example.invalid/repos/ttd/app.git"],
        &env,
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("refusing plain HTTP to example.invalid"),
        "{}",
        text(&o)
    );
    assert!(!t.path().join("app").exists());
    let o = sync(
        t.path(),
        t.path(),
        &["clone", "https://me:secret@example.invalid/ttd/app.git"],
        &env,
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!text(&o).contains("secret"), "{}", text(&o));
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn rejected_ref_is_an_error_not_a_silent_success() {
    let g = gitea("rejected_ref");
    let t = Tmp::new("rejected");
    let repo = g.new_repo("rejected");
    let a = t.path().join("a");
    clone(&g, t.path(), &a, &repo);
    // Protect master against pushes: Gitea's pre-receive hook declines the ref.
    let _: serde_json::Value = g
        .api()
        .post_json(
            &format!("/repos/{repo}/branch_protections"),
            &serde_json::json!({"rule_name": "master", "enable_push": false}),
        )
        .expect("protect master");
    write(&a.join("f.txt"), "change\n");
    let env = token_env(&g);
    let o = sync(
        t.path(),
        &a,
        &["push", "-m", "blocked"],
        &env_ref(&env),
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let msg = text(&o);
    assert!(
        msg.contains("rejected refs/heads/master") && msg.contains("declined"),
        "{msg}"
    );
    assert!(
        git(&a, &["log", "-1", "--format=%s"]).contains("blocked"),
        "commit kept locally"
    );
    let o = sync(t.path(), &a, &["status", "--json"], &env_ref(&env), None);
    assert_eq!(json(&o)["ahead"], 1, "the server did not take it");
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn git_credential_helper_is_the_last_resort() {
    let g = gitea("credential_helper");
    let t = Tmp::new("credhelper");
    let repo = g.new_repo("credhelper");
    // No env, no stored login: only ~/.gitconfig's credential.helper knows the token.
    let helper = t.path().join("helper.sh");
    write(
        &helper,
        &format!(
            "#!/bin/sh\n[ \"$1\" = get ] || exit 0\necho username={}\necho password={}\n",
            g.user, g.token
        ),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    write(
        &t.path().join(".gitconfig"),
        &format!("[credential]\n\thelper = {}\n", helper.display()),
    );
    let url = format!("{}/{repo}.git", g.url);
    let o = sync(t.path(), t.path(), &["clone", &url, "app"], &[], None);
    assert!(o.status.success(), "{}", text(&o));
    let o = sync(
        t.path(),
        t.path(),
        &["repos", "credhelper", "--url", &g.url],
        &[],
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(&repo), "{}", text(&o));
    let cfg = read(&t.path().join("app/.git/config"));
    assert!(!cfg.contains(&g.token));
}

/// An Altinn-Studio-like front: serves Gitea under `/repos` (strips the prefix, 404 for
/// anything else), one request per connection (`Connection: close`) so the rest can be piped.
fn start_subpath_proxy(target: &str) -> (u16, Arc<AtomicBool>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let stop = Arc::new(AtomicBool::new(false));
    let s2 = stop.clone();
    let target = target.to_string();
    l.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        while !s2.load(Ordering::SeqCst) {
            let Ok((mut client, _)) = l.accept() else {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            let target = target.clone();
            std::thread::spawn(move || {
                client.set_nonblocking(false).unwrap();
                let mut head = Vec::new();
                let mut b = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match client.read(&mut b) {
                        Ok(1) => head.push(b[0]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let mut lines = head.split("\r\n");
                let first = lines.next().unwrap_or("");
                let mut parts = first.splitn(3, ' ');
                let (m, path, v) = (
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                );
                let Some(rest) = path.strip_prefix("/repos/") else {
                    let _ = client.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
                    );
                    return;
                };
                let mut out = format!("{m} /{rest} {v}\r\n");
                for h in lines.filter(|h| !h.is_empty()) {
                    if !h.to_ascii_lowercase().starts_with("connection:") {
                        out.push_str(h);
                        out.push_str("\r\n");
                    }
                }
                out.push_str("Connection: close\r\n\r\n");
                let Ok(mut server) = TcpStream::connect(&target) else {
                    return;
                };
                if server.write_all(out.as_bytes()).is_err() {
                    return;
                }
                let cut = Arc::new(AtomicUsize::new(0));
                pump(
                    client.try_clone().unwrap(),
                    server.try_clone().unwrap(),
                    None,
                    cut.clone(),
                );
                pump(server, client, None, cut);
            });
        }
    });
    (port, stop)
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn altinn_style_repos_subpath() {
    let g = gitea("repos_subpath");
    let t = Tmp::new("subpath");
    let repo = g.new_repo("subpath");
    let target = g.url.trim_start_matches("http://").to_string();
    assert!(
        !target.contains('/'),
        "the test Gitea must be served at the root (tests/gitea/start-gitea.sh)"
    );
    let (port, stop) = start_subpath_proxy(&target);
    let host = format!("http://127.0.0.1:{port}");
    // Log in with the bare host: the Gitea API is found under /repos.
    let o = sync(
        t.path(),
        t.path(),
        &["login", "--url", &host, "--json"],
        &[],
        Some(&g.token),
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(json(&o)["url"], format!("{host}/repos"));
    // ORG/REPO resolves against https?://host/repos; clone, push and pull work through it.
    let o = sync(t.path(), t.path(), &["clone", &repo, "a"], &[], None);
    assert!(o.status.success(), "{}", text(&o));
    let a = t.path().join("a");
    let cfg = read(&a.join(".git/config"));
    assert!(
        cfg.contains(&format!("url = {host}/repos/{repo}.git")),
        "{cfg}"
    );
    write(&a.join("App/ui/layouts/Page1.json"), "{}\n");
    let o = sync(t.path(), &a, &["push", "-m", "via /repos"], &[], None);
    assert!(o.status.success(), "{}", text(&o));
    let o = sync(t.path(), t.path(), &["repos", "subpath"], &[], None);
    assert!(
        o.status.success() && text(&o).contains(&repo),
        "{}",
        text(&o)
    );
    let o = sync(t.path(), &a, &["status", "--json"], &[], None);
    assert_eq!(
        (json(&o)["ahead"].as_u64(), json(&o)["online"].as_bool()),
        (Some(0), Some(true))
    );
    // ALTINN_STUDIO_URL with the bare host (no stored login): clone finds /repos too.
    let env = [
        ("ALTINN_STUDIO_URL", host.as_str()),
        ("ALTINN_STUDIO_TOKEN", g.token.as_str()),
    ];
    let home2 = t.path().join("home2");
    std::fs::create_dir_all(&home2).unwrap();
    let o = sync(&home2, t.path(), &["clone", &repo, "b"], &env, None);
    assert!(o.status.success(), "{}", text(&o));
    let cfg = read(&t.path().join("b/.git/config"));
    assert!(
        cfg.contains(&format!("url = {host}/repos/{repo}.git")),
        "{cfg}"
    );
    stop.store(true, Ordering::SeqCst);
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn silent_server_times_out_with_a_clear_message() {
    let g = gitea("silent_server");
    let t = Tmp::new("silent");
    let repo = g.new_repo("silent");
    let a = t.path().join("a");
    clone(&g, t.path(), &a, &repo);
    // A server that accepts connections and never answers.
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut keep = Vec::new();
        for c in l.incoming().flatten() {
            keep.push(c);
        }
    });
    git(
        &a,
        &[
            "remote",
            "set-url",
            "origin",
            &format!("http://127.0.0.1:{port}/{repo}.git"),
        ],
    );
    let env = [
        ("ALTINN_STUDIO_TOKEN", g.token.as_str()),
        ("ALTINN_STUDIO_TIMEOUT", "2"),
    ];
    let head = git(&a, &["rev-parse", "HEAD"]);
    let o = sync(t.path(), &a, &["pull"], &env, None);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("Nothing was changed locally"),
        "{}",
        text(&o)
    );
    let o = sync(t.path(), &a, &["status", "--json"], &env, None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(json(&o)["online"], false);
    assert_eq!(git(&a, &["rev-parse", "HEAD"]), head);
    assert_fsck_clean(&a);
}

/// A private Gitea for the kill test (the shared one must keep running for the others).
struct OwnGitea {
    dir: PathBuf,
    vars: std::collections::HashMap<String, String>,
    /// The `gitea web` started by `restart` (the first one belongs to start-gitea.sh).
    child: std::cell::RefCell<Option<std::process::Child>>,
}

impl OwnGitea {
    fn start(dir: &Path) -> OwnGitea {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/gitea/start-gitea.sh"
        );
        let o = Command::new("bash")
            .arg(script)
            .args(std::env::var("ALTINN_TEST_GITEA_BIN").ok())
            .env("GITEA_TEST_DIR", dir)
            .output()
            .expect("start-gitea.sh");
        assert!(o.status.success(), "start-gitea.sh: {}", text(&o));
        let envfile = String::from_utf8_lossy(&o.stdout)
            .lines()
            .last()
            .unwrap_or("")
            .to_string();
        let vars = read(Path::new(&envfile))
            .lines()
            .filter_map(|l| l.strip_prefix("export "))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        OwnGitea {
            dir: dir.to_path_buf(),
            vars,
            child: std::cell::RefCell::new(None),
        }
    }
    fn var(&self, k: &str) -> String {
        self.vars.get(k).cloned().unwrap_or_default()
    }
    fn gitea(&self) -> Gitea {
        Gitea {
            url: self.var("ALTINN_TEST_GITEA_URL"),
            user: self.var("ALTINN_TEST_GITEA_USER"),
            token: self.var("ALTINN_TEST_GITEA_TOKEN"),
            org: self.var("ALTINN_TEST_GITEA_ORG"),
        }
    }
    fn pid(&self) -> String {
        read(&self.dir.join("gitea.pid")).trim().to_string()
    }
    fn kill9(&self) {
        let _ = Command::new("kill").args(["-9", &self.pid()]).status();
        if let Some(mut c) = self.child.borrow_mut().take() {
            let _ = c.wait();
        }
    }
    /// Starts `gitea web` again on the same data.
    fn restart(&self) {
        let bin = self.var("ALTINN_TEST_GITEA_BIN");
        let child = Command::new(&bin)
            .arg("--config")
            .arg(self.dir.join("app.ini"))
            .arg("--work-path")
            .arg(&self.dir)
            .arg("web")
            .env("GITEA_WORK_DIR", &self.dir)
            .env("HOME", self.dir.join("home"))
            .env("GITEA_I_AM_BEING_UNSAFE_RUNNING_AS_ROOT", "true")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gitea web");
        std::fs::write(self.dir.join("gitea.pid"), child.id().to_string()).unwrap();
        *self.child.borrow_mut() = Some(child);
        let addr = self
            .var("ALTINN_TEST_GITEA_URL")
            .trim_start_matches("http://")
            .to_string();
        for _ in 0..300 {
            if let Ok(mut s) = TcpStream::connect(&addr) {
                let _ = s.write_all(b"GET /api/healthz HTTP/1.0\r\n\r\n");
                let mut r = String::new();
                let _ = s.read_to_string(&mut r);
                if r.starts_with("HTTP/1.1 200") || r.starts_with("HTTP/1.0 200") {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("gitea did not come back");
    }
}

impl Drop for OwnGitea {
    fn drop(&mut self) {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/gitea/stop-gitea.sh"
        );
        let _ = Command::new("bash")
            .arg(script)
            .arg(&self.dir)
            .arg("--keep")
            .status();
    }
}

/// Spawns `altinn-ls sync ARGS`; once a progress line on stderr contains `trigger`, waits
/// `delay` and kills the Gitea process (kill -9). Returns the output. Fails the test when the
/// trigger never came or the command had already ended at the kill: then nothing was killed
/// mid-operation and the test would prove nothing.
fn sync_while_killing(
    home: &Path,
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    own: &OwnGitea,
    trigger: &str,
    delay: Duration,
) -> Output {
    use std::io::BufRead;
    let mut c = Command::new(BIN);
    c.arg("sync").args(args).current_dir(dir);
    c.env("HOME", home)
        .env("ALTINN_LS_CONFIG_DIR", home.join("cfg"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("ALTINN_STUDIO_URL");
    for (k, v) in env {
        c.env(k, v);
    }
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut err = String::new();
    let mut killed = false;
    for line in std::io::BufReader::new(stderr).lines() {
        let Ok(line) = line else { break };
        if !killed && line.contains(trigger) {
            std::thread::sleep(delay);
            let running = child.try_wait().unwrap().is_none();
            own.kill9();
            killed = true;
            assert!(
                running,
                "`sync {}` had ended before Gitea was killed (after {trigger:?} + {delay:?})",
                args.join(" ")
            );
        }
        err.push_str(&line);
        err.push('\n');
    }
    assert!(
        killed,
        "`sync {}` never printed {trigger:?}; stderr:\n{err}",
        args.join(" ")
    );
    let mut out = child.wait_with_output().unwrap();
    out.stderr = err.into_bytes();
    out
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn gitea_killed_mid_push_and_mid_fetch() {
    gitea("gitea_killed"); // the environment must be there (the test starts its own Gitea)
    let t = Tmp::new("killed");
    let own = OwnGitea::start(&t.path().join("gitea"));
    let g = own.gitea();
    let repo = g.new_repo("killed");
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    clone(&g, t.path(), &a, &repo);
    clone(&g, t.path(), &b, &repo);
    let env = [
        ("ALTINN_STUDIO_USER", g.user.as_str()),
        ("ALTINN_STUDIO_TOKEN", g.token.as_str()),
    ];

    // Kill -9 Gitea while a push of 8 MB is in flight (the server's receive-pack + hooks take
    // hundreds of ms). Whatever phase it hits: a clear error or a completed push, never a
    // broken local repository.
    std::fs::write(a.join("big.bin"), noise(8_000_000, 3)).unwrap();
    let o = sync_while_killing(
        t.path(),
        &a,
        &["push", "-m", "big"],
        &env,
        &own,
        "Sending objects",
        Duration::from_millis(30),
    );
    let code = o.status.code();
    eprintln!(
        "push while Gitea was killed: exit {code:?}: {}",
        text(&o).trim()
    );
    assert!(code == Some(0) || code == Some(2), "{code:?}: {}", text(&o));
    if code == Some(2) {
        assert!(
            text(&o).contains("run `altinn-ls sync push` again"),
            "{}",
            text(&o)
        );
    }
    assert_fsck_clean(&a);
    assert_eq!(git(&a, &["status", "--porcelain"]), "");
    assert!(git(&a, &["log", "-1", "--format=%s"]).contains("big"));

    // Back up: the push completes (or is already there), and the server's copy is whole.
    own.restart();
    let o = sync(t.path(), &a, &["push", "--json"], &env, None);
    assert!(o.status.success(), "{}", text(&o));

    // Kill it while b fetches the 8 MB.
    let head = git(&b, &["rev-parse", "HEAD"]);
    let o = sync_while_killing(
        t.path(),
        &b,
        &["pull"],
        &env,
        &own,
        "Fetching",
        Duration::from_millis(40),
    );
    let code = o.status.code();
    eprintln!(
        "pull while Gitea was killed: exit {code:?}: {}",
        text(&o).trim()
    );
    assert!(code == Some(0) || code == Some(2), "{code:?}: {}", text(&o));
    assert_fsck_clean(&b);
    assert_eq!(git(&b, &["status", "--porcelain"]), "");
    if code == Some(2) {
        assert_eq!(
            git(&b, &["rev-parse", "HEAD"]),
            head,
            "HEAD unchanged after a failed pull"
        );
        assert!(
            text(&o).contains("Nothing was changed locally"),
            "{}",
            text(&o)
        );
    }
    own.restart();
    let o = sync(t.path(), &b, &["pull"], &env, None);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        std::fs::read(b.join("big.bin")).unwrap(),
        noise(8_000_000, 3)
    );
}

/// Copies a folder tree (the test fixtures are small).
fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        let to = dst.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn conflicting_pull_shows_up_in_check_at_the_marker_line() {
    let g = gitea("conflict-check");
    let t = Tmp::new("conflict-check");
    let repo = g.new_repo("conflict-check");
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    clone(&g, t.path(), &a, &repo);
    let env = token_env(&g);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny-app");
    copy_tree(&fixture, &a);
    let o = sync(t.path(), &a, &["push", "-m", "app"], &env_ref(&env), None);
    assert!(o.status.success(), "{}", text(&o));
    clone(&g, t.path(), &b, &repo);
    let page = "App/ui/form/layouts/Page2.json";
    let line = r#""type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } },"#;
    // A shares a change to the pet-name component; B commits another change to the same line.
    let original = read(&a.join(page));
    assert!(original.contains(line), "{original}");
    write(
        &a.join(page),
        &original.replacen(line, &line.replace("\"Input\"", "\"TextArea\""), 1),
    );
    let o = sync(t.path(), &a, &["push", "-m", "A"], &env_ref(&env), None);
    assert!(o.status.success(), "{}", text(&o));
    write(
        &b.join(page),
        &original.replacen(line, &line.replace(" } },", " }, \"readOnly\": true },"), 1),
    );
    git(&b, &["commit", "-qam", "B"]);
    let o = sync(t.path(), &b, &["pull", "--json"], &env_ref(&env), None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(json(&o)["conflicts"], serde_json::json!([page]));
    let merged = read(&b.join(page));
    let marker = merged
        .lines()
        .position(|l| l.starts_with("<<<<<<< "))
        .unwrap_or_else(|| panic!("no conflict markers: {merged}"));

    // `altinn-ls check` reports the conflict at the `<<<<<<<` line, without syntax noise.
    let o = Command::new(BIN)
        .args(["check", "--format", "json"])
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "an error: {}", text(&o));
    let v = json(&o);
    let on_page: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == page)
        .collect();
    let codes: Vec<&str> = on_page.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["AL0004"], "{on_page:#?}");
    assert_eq!(on_page[0]["severity"], "error");
    assert_eq!(on_page[0]["range"]["start"]["line"], marker as u64);
    assert_eq!(on_page[0]["range"]["start"]["character"], 0);
}

/// `sync clone` configures `altinn-ls sync credential` for its server, so plain git (and VS
/// Code's or JetBrains' git) pushes with the stored login; the token itself is nowhere in
/// `.git/config`. Before this change plain git had no credentials (`git push` failed).
#[test]
#[ignore = "needs a running Gitea: tests/gitea/run-tests.sh runs these with --ignored"]
fn plain_git_pushes_through_the_credential_helper_clone_configured() {
    let g = gitea("credential_helper");
    let t = Tmp::new("plaingit");
    let repo = g.new_repo("plaingit");
    let o = sync(
        t.path(),
        t.path(),
        &["login", "--url", &g.url],
        &[],
        Some(&format!("{}\n", g.token)),
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = sync(t.path(), t.path(), &["clone", &repo, "app"], &[], None);
    assert!(o.status.success(), "{}", text(&o));
    let app = t.path().join("app");
    let cfg = std::fs::read_to_string(app.join(".git/config")).unwrap();
    assert!(
        cfg.contains(&format!("[credential \"{}\"]", g.url)),
        "{cfg}"
    );
    assert!(cfg.contains("sync credential"), "{cfg}");
    assert!(!cfg.contains(&g.token));
    // the list is reset first: no other helper answers for (or stores) this server's token
    let helpers = git(
        &app,
        &[
            "config",
            "--get-all",
            &format!("credential.{}.helper", g.url),
        ],
    );
    let helpers: Vec<&str> = helpers.lines().collect();
    assert_eq!(helpers.len(), 2, "{helpers:?}");
    assert_eq!(helpers[0], "");
    assert!(helpers[1].ends_with("sync credential"), "{helpers:?}");
    std::fs::write(app.join("plain-git.txt"), "pushed by plain git\n").unwrap();
    let plain = |args: &[&str]| {
        Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
            .args(args)
            .current_dir(&app)
            .env_remove("ALTINN_STUDIO_TOKEN")
            .env_remove("ALTINN_STUDIO_URL")
            .env_remove("XDG_CONFIG_HOME")
            .env("HOME", t.path())
            .env("ALTINN_LS_CONFIG_DIR", t.path().join("cfg"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .output()
            .expect("git")
    };
    assert!(plain(&["add", "plain-git.txt"]).status.success());
    assert!(plain(&["commit", "-m", "plain git"]).status.success());
    let o = plain(&["push"]);
    assert!(o.status.success(), "plain git push: {}", text(&o));
    assert!(!text(&o).contains(&g.token));
    // the other direction: a fresh clone through altinn-ls sees the commit
    let o = sync(t.path(), t.path(), &["clone", &repo, "second"], &[], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(t.path().join("second/plain-git.txt").is_file());
}
