//! `install.sh` and `altinn-ls self update` against a real Gitea's releases API: a release with
//! assets made through the API, installed from, updated to a newer one, a bad checksum refused.
//! Needs a Gitea that anonymous users can read (tests/gitea/run-tests.sh starts one and sets
//! ALTINN_TEST_RELEASE_GITEA_*); skips itself otherwise.

use altinn_gitea::release::{asset_name, sha256_hex, TARGET};
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_altinn-ls");

struct G {
    url: String,
    token: String,
    org: String,
}

fn gitea() -> Option<G> {
    let Ok(url) = std::env::var("ALTINN_TEST_RELEASE_GITEA_URL") else {
        eprintln!("skipped: ALTINN_TEST_RELEASE_GITEA_URL not set (run tests/gitea/run-tests.sh)");
        return None;
    };
    Some(G {
        url: url.trim_end_matches('/').to_string(),
        token: std::env::var("ALTINN_TEST_RELEASE_GITEA_TOKEN").unwrap_or_default(),
        org: std::env::var("ALTINN_TEST_RELEASE_GITEA_ORG").unwrap_or_else(|_| "ttd".into()),
    })
}

fn curl(args: &[&str]) -> String {
    let out = Command::new("curl")
        .args(["-fsS"])
        .args(args)
        .output()
        .expect("curl");
    assert!(
        out.status.success(),
        "curl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl G {
    fn auth(&self) -> String {
        format!("Authorization: token {}", self.token)
    }
    fn api(&self, method: &str, path: &str, body: &str) -> serde_json::Value {
        let url = format!("{}/api/v1{path}", self.url);
        let out = curl(&[
            "-X",
            method,
            "-H",
            &self.auth(),
            "-H",
            "Content-Type: application/json",
            "-d",
            body,
            &url,
        ]);
        serde_json::from_str(&out).unwrap_or(serde_json::Value::Null)
    }
    /// A release `tag` with the given assets (name, file).
    fn release(&self, repo: &str, tag: &str, assets: &[(String, PathBuf)]) {
        let r = self.api(
            "POST",
            &format!("/repos/{repo}/releases"),
            &format!(r#"{{"tag_name":"{tag}","target_commitish":"master","name":"{tag}"}}"#),
        );
        let id = r["id"].as_i64().expect("release id");
        for (name, file) in assets {
            let url = format!(
                "{}/api/v1/repos/{repo}/releases/{id}/assets?name={name}",
                self.url
            );
            curl(&[
                "-X",
                "POST",
                "-H",
                &self.auth(),
                "-F",
                &format!("attachment=@{}", file.display()),
                &url,
            ]);
        }
    }
}

fn write_sum(file: &Path, name: &str, out: &Path) {
    let data = std::fs::read(file).unwrap();
    std::fs::write(out, format!("{}  {name}\n", sha256_hex(&data))).unwrap();
}

/// The files of one release for this platform: archive + .sha256, bare binary + .sha256.
/// `bin` is the binary to publish; `bad_sums` publishes wrong checksums.
fn assets(dir: &Path, bin: &Path, bad_sums: bool) -> Vec<(String, PathBuf)> {
    std::fs::create_dir_all(dir).unwrap();
    let bare = asset_name(TARGET);
    let top = format!("altinn-ls-{TARGET}");
    let stage = dir.join("stage");
    std::fs::create_dir_all(stage.join(&top)).unwrap();
    std::fs::copy(bin, stage.join(&top).join("altinn-ls")).unwrap();
    let arc = format!("{top}.tar.gz");
    let st = Command::new("tar")
        .args([
            "-C",
            stage.to_str().unwrap(),
            "-czf",
            dir.join(&arc).to_str().unwrap(),
            &top,
        ])
        .status()
        .unwrap();
    assert!(st.success());
    std::fs::copy(bin, dir.join(&bare)).unwrap();
    let mut out = Vec::new();
    for name in [arc, bare] {
        let sum = dir.join(format!("{name}.sha256"));
        if bad_sums {
            std::fs::write(&sum, format!("{}  {name}\n", sha256_hex(b"something else"))).unwrap();
        } else {
            write_sum(&dir.join(&name), &name, &sum);
        }
        out.push((name.clone(), dir.join(&name)));
        out.push((format!("{name}.sha256"), sum));
    }
    out
}

fn run(cmd: &mut Command) -> (bool, String) {
    let o = cmd.output().expect("run");
    (
        o.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

#[test]
fn install_update_and_refuse_a_bad_checksum() {
    if !cfg!(unix) {
        return;
    }
    let Some(g) = gitea() else { return };
    let root = std::env::temp_dir().join(format!("altinn-release-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let name = format!("altinn-ls-{}", std::process::id());
    g.api(
        "POST",
        &format!("/orgs/{}/repos", g.org),
        &format!(
            r#"{{"name":"{name}","private":false,"auto_init":true,"default_branch":"master"}}"#
        ),
    );
    let repo = format!("{}/{name}", g.org);
    let source = format!("{}/{repo}", g.url);

    // v0.1.0: this build.
    g.release(
        &repo,
        "v0.1.0",
        &assets(&root.join("r1"), Path::new(BIN), false),
    );
    let dir = root.join("bin");
    let installer = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../install.sh");
    let (ok, out) = run(Command::new("sh").arg(&installer).args([
        "--from",
        &source,
        "--dir",
        dir.to_str().unwrap(),
    ]));
    assert!(ok, "install.sh: {out}");
    let installed = dir.join("altinn-ls");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(BIN).unwrap()
    );
    assert!(out.contains("installed altinn-ls"), "{out}");

    // v0.2.0: a different file (the same program with bytes appended: it still runs).
    let mut newer = std::fs::read(BIN).unwrap();
    newer.extend_from_slice(b"\n-- altinn-ls test release v0.2.0 --\n");
    let newer_path = root.join("altinn-ls-v2");
    std::fs::write(&newer_path, &newer).unwrap();
    g.release(
        &repo,
        "v0.2.0",
        &assets(&root.join("r2"), &newer_path, false),
    );
    let (ok, out) = run(Command::new(&installed).args(["self", "update", "--from", &source]));
    assert!(ok, "self update: {out}");
    assert!(out.contains("updated from 0.1.0 to 0.2.0"), "{out}");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        newer,
        "the new binary is in place"
    );
    let (ok, out) = run(Command::new(&installed).arg("--version"));
    assert!(ok && out.contains("altinn-ls"), "{out}");

    // v0.3.0 with wrong checksums: refused by both, the installed binary unchanged and working.
    let mut tampered = newer.clone();
    tampered.extend_from_slice(b"tampered");
    let tampered_path = root.join("altinn-ls-v3");
    std::fs::write(&tampered_path, &tampered).unwrap();
    g.release(
        &repo,
        "v0.3.0",
        &assets(&root.join("r3"), &tampered_path, true),
    );
    let (ok, out) = run(Command::new(&installed).args(["self", "update", "--from", &source]));
    assert!(!ok, "a bad checksum must fail: {out}");
    assert!(
        out.contains("does not match its published SHA-256"),
        "{out}"
    );
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        newer,
        "nothing replaced"
    );
    let (ok, out) = run(Command::new("sh").arg(&installer).args([
        "--from",
        &source,
        "--dir",
        dir.to_str().unwrap(),
    ]));
    assert!(!ok && out.contains("SHA-256 mismatch"), "install.sh: {out}");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        newer,
        "nothing replaced"
    );
    let (ok, _) = run(Command::new(&installed).arg("--version"));
    assert!(ok, "the old binary still runs");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");

    // An older tag on request (downgrade) works too.
    let (ok, out) = run(
        Command::new(&installed).args(["self", "update", "--from", &source, "--tag", "v0.1.0"])
    );
    assert!(ok, "{out}");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(BIN).unwrap()
    );
    let _ = std::fs::remove_dir_all(&root);
}
