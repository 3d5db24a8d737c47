//! `check` and the language server share one workspace (issue 14): the same app, with a
//! repository-level `altinn-ls.json`, checked from the repository root, from `App/`, and as
//! one file of it, gives the same diagnostics for that file in `check` and in the server.

mod support;

use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use support::{fixtures, uri, Client, Options, TempCopy};

const PAGE1: &str = "App/ui/form/layouts/Page1.json";

/// A diagnostic reduced to what both front ends must agree on.
type Key = (String, String, [u64; 4], String);

fn severity_name(n: &Value) -> String {
    match n.as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "information",
        Some(4) => "hint",
        _ => "?",
    }
    .to_string()
}

fn range(r: &Value) -> [u64; 4] {
    let n = |v: &Value| v.as_u64().unwrap_or(u64::MAX);
    [
        n(&r["start"]["line"]),
        n(&r["start"]["character"]),
        n(&r["end"]["line"]),
        n(&r["end"]["character"]),
    ]
}

fn sorted(mut v: Vec<Key>) -> Vec<Key> {
    v.sort();
    v
}

/// `check --format json <path>`: the diagnostics located in Page1.
fn check(path: &Path, page1_as: &str) -> Vec<Key> {
    let out = Command::new(env!("CARGO_BIN_EXE_altinn-ls"))
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    sorted(
        diags
            .iter()
            .filter(|d| d["file"] == page1_as)
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                    range(&d["range"]),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect(),
    )
}

fn lsp_keys(d: &[Value]) -> Vec<Key> {
    sorted(
        d.iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    severity_name(&d["severity"]),
                    range(&d["range"]),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect(),
    )
}

/// The server started on `folder` (none: the file is opened with no folder): Page1's
/// diagnostics once every file is checked.
fn server(folder: Option<&Path>, page1: &Path) -> Vec<Key> {
    let mut c = Client::start(Options {
        folders: folder.into_iter().map(Path::to_path_buf).collect(),
        ..Default::default()
    });
    let u = uri(page1);
    let d = match folder {
        Some(_) => {
            c.request(
                "workspace/executeCommand",
                json!({"command": "altinn.check", "arguments": []}),
            )
            .unwrap();
            c.wait_diagnostics(&u, |d| !d.is_empty())
        }
        None => {
            let text = std::fs::read_to_string(page1).unwrap();
            let u = c.open(page1, &text);
            c.wait_version(&u, 0)
        }
    };
    lsp_keys(&d)
}

#[test]
fn check_and_server_agree_from_the_root_from_app_and_on_one_file() {
    let app = TempCopy::of(&fixtures().join("tiny-app"));
    let repo = &app.path;
    let page1 = repo.join(PAGE1);
    // A wrong binding (AL0403), a missing text key, a duplicate id.
    let text = std::fs::read_to_string(&page1)
        .unwrap()
        .replace("Person.Name\"", "Person.Nme\"")
        .replace("\"age.title\"", "\"no.such.key\"")
        .replace("\"id\": \"nav1\"", "\"id\": \"name\"");
    std::fs::write(&page1, text).unwrap();
    // The repository's configuration turns the binding error into a hint.
    std::fs::write(
        repo.join("altinn-ls.json"),
        r#"{"severity": {"AL0403": "hint"}}"#,
    )
    .unwrap();

    let from_root = check(repo, PAGE1);
    assert!(
        from_root.iter().any(|k| k.0 == "AL0403" && k.1 == "hint"),
        "the repository's altinn-ls.json applies: {from_root:?}"
    );
    assert!(
        from_root.len() >= 2,
        "more than one diagnostic: {from_root:?}"
    );
    let from_app = check(&repo.join("App"), "ui/form/layouts/Page1.json");
    assert_eq!(from_app, from_root, "check App/ ≠ check <repo>");
    let one_file = check(&page1, PAGE1);
    assert_eq!(one_file, from_root, "check <file> ≠ check <repo>");

    let lsp_root = server(Some(repo), &page1);
    assert_eq!(lsp_root, from_root, "server on <repo> ≠ check");
    let lsp_app = server(Some(&repo.join("App")), &page1);
    assert_eq!(lsp_app, from_root, "server on App/ ≠ check");
    let lsp_file = server(None, &page1);
    assert_eq!(lsp_file, from_root, "server on one file ≠ check");
}
