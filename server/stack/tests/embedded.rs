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

#[test]
fn locate_prefers_a_stack_folder_above_the_start() {
    let start = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let s = layout::locate(None, &start).expect("found");
    assert!(s.compose_file().is_file());
    let err = layout::locate(Some(Path::new("/nonexistent/stack")), &start).unwrap_err();
    assert!(err.contains("is not a stack folder"), "{err}");
}
