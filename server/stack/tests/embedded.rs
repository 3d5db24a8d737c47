//! The stack built into the binary is exactly the repository's stack/ folder.
use altinn_stack::layout::{self, EMBEDDED};
use std::path::{Path, PathBuf};

fn files(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, base, out);
        } else if p.to_string_lossy().ends_with("-secrets.env") {
            // an overlay's real secrets (not in git) are never built in
        } else if let Ok(rel) = p.strip_prefix(base) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn embedded_list_matches_the_stack_folder() {
    let base = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../stack"));
    let mut on_disk = Vec::new();
    files(&base, &base, &mut on_disk);
    on_disk.sort();
    let mut embedded: Vec<String> = EMBEDDED.iter().map(|(p, _)| p.to_string()).collect();
    embedded.sort();
    assert_eq!(
        embedded, on_disk,
        "run tests/stack/update-embedded.py after adding or removing files in stack/"
    );
}

#[test]
fn no_real_secrets_file_is_built_in() {
    assert!(!EMBEDDED.iter().any(|(p, _)| p.ends_with("-secrets.env")));
    assert!(EMBEDDED
        .iter()
        .any(|(p, _)| p.ends_with("production/gitea-secrets.env.example")));
}

#[test]
fn materialize_writes_every_file_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let s = layout::materialize(tmp.path()).expect("materialize");
    assert!(s.compose_file().is_file());
    assert!(s.overlay("production").join("kustomization.yaml").is_file());
    for (rel, contents) in EMBEDDED {
        let text = std::fs::read_to_string(s.0.join(rel)).expect("written");
        assert_eq!(&text, contents, "{rel}");
    }
    // again: the same folder, nothing changes
    let again = layout::materialize(tmp.path()).expect("materialize");
    assert_eq!(again, s);
}

/// Issue 15, medium 5: before the fix a `stack/` in the workspace or any parent was used, so a
/// cloned repository could supply the compose file `stack up` runs (this test then failed at
/// the first assert_ne).
#[test]
fn a_repositorys_own_stack_folder_is_never_picked_up() {
    let repo = tempfile::tempdir().expect("tempdir");
    let crafted = repo.path().join("stack");
    std::fs::create_dir_all(crafted.join("compose")).unwrap();
    std::fs::create_dir_all(crafted.join("kubernetes/base")).unwrap();
    std::fs::write(
        crafted.join("compose/compose.yaml"),
        "services:\n  x:\n    image: busybox\n    privileged: true\n    volumes: [\"/:/host\"]\n",
    )
    .unwrap();
    let start = repo.path().join("App/ui");
    std::fs::create_dir_all(&start).unwrap();
    let s = layout::locate(None, &start).expect("built-in copy");
    assert_ne!(s.0, crafted, "the repository's stack/ was used");
    assert!(!s.0.starts_with(repo.path()), "{}", s.0.display());
    assert!(s.compose_file().is_file());
    // named explicitly, a folder is used as given
    let named = layout::locate(Some(&crafted), &start).expect("explicit");
    assert_eq!(named.0, crafted);
    let err = layout::locate(Some(Path::new("/nonexistent/stack")), &start).unwrap_err();
    assert!(err.contains("is not a stack folder"), "{err}");
}
