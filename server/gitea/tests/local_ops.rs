//! The merge logic of `altinn_gitea::ops` against a local bare repository (no server, no
//! network): runs in every `cargo test`. The same scenarios run against a real Gitea in
//! server/cli/tests/sync_gitea.rs.

use altinn_gitea::ops;
use altinn_gitea::SyncOptions;
use std::path::{Path, PathBuf};

struct Tmp(PathBuf);
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
fn tmp(name: &str) -> Tmp {
    let p = std::env::temp_dir().join(format!("altinn-local-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    Tmp(p)
}

fn opts(home: &Path) -> SyncOptions {
    SyncOptions {
        use_env: false,
        use_git_helpers: false,
        config_dir: Some(home.join("cfg")),
        ..Default::default()
    }
}

fn quiet(_: &str) {}

/// A bare "server" with one commit on master, and `n` clones of it.
fn setup(root: &Path, clones: &[&str]) -> PathBuf {
    let bare = root.join("server.git");
    let repo = git2::Repository::init_bare(&bare).unwrap();
    repo.set_head("refs/heads/master").unwrap();
    let seed = root.join("seed");
    let r = git2::Repository::init(&seed).unwrap();
    std::fs::write(seed.join("README.md"), "seed\n").unwrap();
    let mut idx = r.index().unwrap();
    idx.add_path(Path::new("README.md")).unwrap();
    idx.write().unwrap();
    let tree = r.find_tree(idx.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("t", "t@example.com").unwrap();
    r.commit(Some("refs/heads/master"), &sig, &sig, "seed", &tree, &[])
        .unwrap();
    r.remote("origin", bare.to_str().unwrap()).unwrap();
    r.find_remote("origin")
        .unwrap()
        .push(&["refs/heads/master:refs/heads/master"], None)
        .unwrap();
    for c in clones {
        // `ops::clone` takes ORG/REPO or an http(s) URL; a local path is cloned with git2.
        git2::Repository::clone(bare.to_str().unwrap(), root.join(c)).unwrap();
    }
    bare
}

fn write(p: &Path, s: &str) {
    std::fs::write(p, s).unwrap();
}

#[test]
fn fast_forward_and_clean_merge() {
    let t = tmp("ff");
    let root = &t.0;
    setup(root, &["a", "b"]);
    let (a, b) = (root.join("a"), root.join("b"));
    write(&a.join("one.txt"), "a\n");
    let r = ops::push(&a, Some("a"), &opts(root), &quiet).unwrap();
    assert_eq!(r.outcome, "pushed");
    let r = ops::status(&b, &opts(root), &quiet).unwrap();
    assert_eq!((r.ahead, r.behind), (0, 1));
    let r = ops::pull(&b, &opts(root), &quiet).unwrap();
    assert_eq!(r.outcome, "fast-forward");
    assert_eq!(std::fs::read_to_string(b.join("one.txt")).unwrap(), "a\n");
    write(&a.join("two.txt"), "a2\n");
    write(&b.join("three.txt"), "b\n");
    ops::push(&a, None, &opts(root), &quiet).unwrap();
    let r = ops::push(&b, None, &opts(root), &quiet).unwrap();
    assert_eq!(r.outcome, "pushed", "{}", r.message);
    assert!(b.join("two.txt").is_file());
    let r = ops::pull(&a, &opts(root), &quiet).unwrap();
    assert_eq!(r.outcome, "fast-forward");
    assert!(a.join("three.txt").is_file());
}

#[test]
fn overlap_with_uncommitted_work_blocks_the_pull() {
    let t = tmp("block");
    let root = &t.0;
    setup(root, &["a", "b"]);
    let (a, b) = (root.join("a"), root.join("b"));
    write(&b.join("README.md"), "from b\n");
    ops::push(&b, None, &opts(root), &quiet).unwrap();
    write(&a.join("README.md"), "mine, unsaved\r\n");
    let r = ops::pull(&a, &opts(root), &quiet).unwrap();
    assert_eq!(r.outcome, "blocked");
    assert_eq!(r.conflicts, vec!["README.md".to_string()]);
    assert!(r.needs_attention());
    assert_eq!(
        std::fs::read(a.join("README.md")).unwrap(),
        b"mine, unsaved\r\n"
    );
}

#[test]
fn same_lines_conflict_then_resolution() {
    let t = tmp("conflict");
    let root = &t.0;
    setup(root, &["a", "b"]);
    let (a, b) = (root.join("a"), root.join("b"));
    write(&a.join("README.md"), "A\n");
    write(&b.join("README.md"), "B\n");
    ops::push(&a, None, &opts(root), &quiet).unwrap();
    let r = ops::push(&b, Some("b"), &opts(root), &quiet).unwrap();
    assert_eq!(r.outcome, "conflicts");
    assert_eq!(r.conflicts, vec!["README.md".to_string()]);
    let text = std::fs::read_to_string(b.join("README.md")).unwrap();
    assert!(
        text.contains("A\n") && text.contains("B\n") && text.contains("<<<<<<<"),
        "{text}"
    );
    // Markers left: refused, the file named.
    let e = ops::push(&b, None, &opts(root), &quiet)
        .unwrap_err()
        .to_string();
    assert!(e.contains("README.md"), "{e}");
    let e = ops::pull(&b, &opts(root), &quiet).unwrap_err().to_string();
    assert!(e.contains("merge is in progress"), "{e}");
    write(&b.join("README.md"), "A+B\n");
    let r = ops::push(&b, None, &opts(root), &quiet).unwrap();
    assert_eq!(r.outcome, "pushed", "{}", r.message);
    let repo = git2::Repository::open(&b).unwrap();
    assert_eq!(repo.state(), git2::RepositoryState::Clean);
    assert_eq!(
        repo.head()
            .unwrap()
            .peel_to_commit()
            .unwrap()
            .parent_count(),
        2
    );
    ops::pull(&a, &opts(root), &quiet).unwrap();
    assert_eq!(
        std::fs::read_to_string(a.join("README.md")).unwrap(),
        "A+B\n"
    );
}

/// Issue 15 (low): an incoming file where the user has an untracked folder of the same name,
/// or an ignored file (or an untracked file where a folder comes in), made the pull fail in
/// the checkout (exit 2, no file named). Now it is `blocked` with the file listed and nothing
/// changed. Before the fix the `blocked` asserts failed (the pull returned an error).
#[test]
fn untracked_folder_and_ignored_file_block_the_pull_by_name() {
    let t = tmp("blocked-untracked");
    let root = &t.0;
    setup(root, &["a", "b"]);
    let (a, b) = (root.join("a"), root.join("b"));
    // b ignores *.log and has an ignored file, an untracked folder and an untracked file
    write(&b.join(".git/info/exclude"), "*.log\n");
    write(&b.join("debug.log"), "mine\n");
    std::fs::create_dir_all(b.join("data")).unwrap();
    write(&b.join("data/keep.txt"), "mine\n");
    write(&b.join("assets"), "an untracked file\n");
    // a adds a file `data` (b has a folder there), `debug.log` (ignored in b) and `assets/x`
    write(&a.join("data"), "theirs\n");
    write(&a.join("debug.log"), "theirs\n");
    std::fs::create_dir_all(a.join("assets")).unwrap();
    write(&a.join("assets/x.png"), "theirs\n");
    let r = ops::push(&a, Some("a"), &opts(root), &quiet).unwrap();
    assert_eq!(r.outcome, "pushed");
    let head_before = git2::Repository::open(&b).unwrap().head().unwrap().target();
    let r = ops::pull(&b, &opts(root), &quiet).expect("a result, not an error");
    assert_eq!(r.outcome, "blocked", "{}", r.message);
    assert!(r.needs_attention());
    for f in ["data", "debug.log", "assets"] {
        assert!(
            r.conflicts.iter().any(|c| c == f),
            "{f} not in {:?}",
            r.conflicts
        );
    }
    assert_eq!(
        std::fs::read_to_string(b.join("debug.log")).unwrap(),
        "mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(b.join("data/keep.txt")).unwrap(),
        "mine\n"
    );
    assert_eq!(
        git2::Repository::open(&b).unwrap().head().unwrap().target(),
        head_before
    );
}

/// Issue 15 (low): push committed every untracked file without saying which. Now the new files
/// are named in the progress, the message and `changes` (before: none of the asserts held).
#[test]
fn push_names_the_new_files_it_commits() {
    let t = tmp("push-new");
    let root = &t.0;
    setup(root, &["a"]);
    let a = root.join("a");
    write(&a.join("README.md"), "edited\n");
    write(&a.join("notes.txt"), "new\n");
    std::fs::create_dir_all(a.join("App")).unwrap();
    write(&a.join("App/secret.env"), "new\n");
    let seen = std::sync::Mutex::new(Vec::<String>::new());
    let progress = |m: &str| seen.lock().unwrap().push(m.to_string());
    let r = ops::push(&a, Some("x"), &opts(root), &progress).unwrap();
    assert_eq!(r.outcome, "pushed");
    assert!(
        r.message
            .contains("New files committed (2): App/secret.env, notes.txt"),
        "{}",
        r.message
    );
    let paths: Vec<&str> = r.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["App/secret.env", "notes.txt"]);
    assert!(seen
        .lock()
        .unwrap()
        .iter()
        .any(|m| m.contains("New files in this commit (2)")));
    // an edit alone lists nothing
    write(&a.join("README.md"), "edited again\n");
    let r = ops::push(&a, None, &opts(root), &quiet).unwrap();
    assert!(!r.message.contains("New files"), "{}", r.message);
}
