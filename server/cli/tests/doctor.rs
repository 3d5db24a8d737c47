//! `altinn-ls doctor` end to end, with a PATH of stub tools (the subject is doctor itself, not
//! the tools), a hosts file of the test's own, a fake Gitea and an address nobody listens on.
#![cfg(unix)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

/// A stub: a shell script answering by its arguments (`case "$*" in …`).
fn stub(dir: &Path, name: &str, cases: &str) {
    let p = dir.join(name);
    std::fs::write(
        &p,
        format!(
            "#!/bin/sh\ncase \"$*\" in\n{cases}\n*) echo \"unexpected: $*\" >&2; exit 3;;\nesac\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// An app repository whose project targets .NET 8.
fn app(dir: &Path) {
    std::fs::create_dir_all(dir.join("App/config")).unwrap();
    std::fs::write(
        dir.join("App/config/applicationmetadata.json"),
        r#"{ "id": "ttd/doctor", "org": "ttd" }"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("App/App.csproj"),
        r#"<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>"#,
    )
    .unwrap();
}

/// A Gitea that answers `/api/v1/version` and, with a token, `/api/v1/user`.
fn fake_gitea() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    std::thread::spawn(move || {
        for s in l.incoming() {
            let Ok(mut s) = s else { continue };
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut first = String::new();
            let _ = r.read_line(&mut first);
            let mut auth = false;
            loop {
                let mut h = String::new();
                if r.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                    break;
                }
                auth |= h.to_ascii_lowercase().starts_with("authorization:");
            }
            let (status, body) = if first.contains("/api/v1/version") {
                ("200 OK", r#"{"version":"1.22.0"}"#)
            } else if first.contains("/api/v1/user") && auth {
                ("200 OK", r#"{"login":"tester"}"#)
            } else {
                ("401 Unauthorized", r#"{"message":"no"}"#)
            };
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}")
}

/// An address nobody listens on (bound, then closed).
fn closed_port_url() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let a = l.local_addr().unwrap();
    drop(l);
    format!("http://{a}")
}

fn doctor(tmp: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, Value) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_altinn-ls"));
    c.env_clear()
        .env("PATH", tmp.join("bin"))
        .env("HOME", tmp.join("home"))
        .env("XDG_CONFIG_HOME", tmp.join("home/.config"))
        .env("ALTINN_LS_CONFIG_DIR", tmp.join("config"))
        .arg("doctor")
        .arg(tmp.join("repo"))
        .args(["--format", "json", "--timeout", "5", "--hosts-file"])
        .arg(tmp.join("hosts"))
        .args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

/// name → (status, detail) of every check.
fn statuses(v: &Value) -> Value {
    let mut m = serde_json::Map::new();
    for c in v["checks"].as_array().unwrap() {
        m.insert(
            c["name"].as_str().unwrap().to_string(),
            json!([c["status"], c["detail"]]),
        );
    }
    Value::Object(m)
}

fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for d in ["bin", "home", "config", "repo"] {
        std::fs::create_dir_all(tmp.path().join(d)).unwrap();
    }
    app(&tmp.path().join("repo"));
    tmp
}

#[test]
fn everything_found_is_ok_and_exits_0() {
    let tmp = setup();
    let t = tmp.path();
    let bin = t.join("bin");
    stub(&bin, "git", r#"--version) echo "git version 2.45.1";;"#);
    stub(
        &bin,
        "docker",
        r#"--version) echo "Docker version 27.1.1, build 6312585";;
"compose version") echo "Docker Compose version v2.29.1";;
info*) echo "27.1.1";;"#,
    );
    stub(
        &bin,
        "kubectl",
        r#""config current-context") echo "kind-dev";;
"--context kind-dev get --raw /readyz --request-timeout=10s") echo "ok";;"#,
    );
    stub(
        &bin,
        "dotnet",
        r#"--list-sdks) echo "6.0.428 [/usr/share/dotnet/sdk]"; echo "8.0.404 [/usr/share/dotnet/sdk]";;"#,
    );
    stub(&bin, "node", r#"--version) echo "v20.11.1";;"#);
    std::fs::write(
        t.join("repo/package.json"),
        r#"{ "engines": { "node": ">=18" } }"#,
    )
    .unwrap();
    std::fs::write(
        t.join("hosts"),
        "127.0.0.1 localhost\n127.0.0.1 local.altinn.cloud\n",
    )
    .unwrap();
    let url = fake_gitea();
    let (code, v) = doctor(
        t,
        &[
            ("ALTINN_STUDIO_URL", &url),
            ("ALTINN_STUDIO_TOKEN", "secret-token"),
        ],
        &[],
    );
    let hosts = t.join("hosts");
    assert_eq!(
        statuses(&v),
        json!({
            "git": ["ok", "git version 2.45.1"],
            "containers": ["ok", "docker compose (Docker version 27.1.1, build 6312585)"],
            "kubectl": ["ok", "context 'kind-dev' reachable"],
            "dotnet": ["ok", "SDK 8.0.404 (App.csproj targets net8.0)"],
            "node": ["ok", "node v20.11.1 (the repository has a package.json)"],
            "hosts": ["ok", format!("local.altinn.cloud is 127.0.0.1 in {}", hosts.display())],
            "studio": ["ok", format!("{url} answers (Gitea 1.22.0)")],
            "credentials": ["ok", "ALTINN_STUDIO_TOKEN: logged in as tester"],
        })
    );
    assert_eq!(
        (code, &v["failed"], &v["warnings"]),
        (0, &json!(0), &json!(0))
    );
    // The token never appears.
    assert!(!v.to_string().contains("secret-token"));
}

#[test]
fn missing_tools_wrong_versions_a_bad_hosts_entry_and_an_unreachable_server_fail_with_fixes() {
    let tmp = setup();
    let t = tmp.path();
    let bin = t.join("bin");
    stub(&bin, "git", r#"--version) echo "git version 2.45.1";;"#);
    stub(
        &bin,
        "dotnet",
        r#"--list-sdks) echo "6.0.428 [/usr/share/dotnet/sdk]";;"#,
    );
    std::fs::write(t.join("hosts"), "10.1.2.3 local.altinn.cloud\n").unwrap();
    let url = closed_port_url();
    let (code, v) = doctor(t, &[], &["--url", &url]);
    let hosts = t.join("hosts");
    assert_eq!(
        statuses(&v),
        json!({
            "git": ["ok", "git version 2.45.1"],
            "containers": ["fail", "No container engine found (looked for `docker compose` and `podman compose` on PATH). The local target runs Altinn Studio with Docker or Podman."],
            "kubectl": ["warn", "kubectl was not found on PATH (only `altinn-ls stack --target kubernetes` needs it)"],
            "dotnet": ["fail", "no SDK 8 or later (App.csproj targets net8.0); found 6.0.428"],
            "hosts": ["fail", format!("{} sends local.altinn.cloud to 10.1.2.3, not to this machine, so the browser would not reach the local runtime", hosts.display())],
            "studio": ["fail", format!("cannot connect to {url}/api/v1/version")],
            "credentials": ["warn", format!("no credentials for {url} (editor, ALTINN_STUDIO_TOKEN, stored login, git credential helper)")],
        })
    );
    // Every line that is not ok says how to fix it.
    for c in v["checks"].as_array().unwrap() {
        assert_eq!(c["status"] != "ok", c.get("fix").is_some(), "{c}");
    }
    let fix = |name: &str| {
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()["fix"]
            .clone()
    };
    assert_eq!(
        fix("dotnet"),
        json!("install the .NET 8 SDK: https://dotnet.microsoft.com/download")
    );
    assert_eq!(
        fix("hosts"),
        json!("change that line to `127.0.0.1 local.altinn.cloud`")
    );
    assert_eq!(
        (code, &v["failed"], &v["warnings"]),
        (1, &json!(4), &json!(2))
    );
}

#[test]
fn no_server_configured_is_a_warning_and_a_missing_path_cannot_run() {
    let tmp = setup();
    let t = tmp.path();
    let (_, v) = doctor(t, &[], &[]);
    assert_eq!(
        statuses(&v)["studio"],
        json!([
            "warn",
            "no Altinn Studio server configured (only `sync` needs one)"
        ])
    );
    assert_eq!(statuses(&v)["git"][0], "fail");
    let out = Command::new(env!("CARGO_BIN_EXE_altinn-ls"))
        .args(["doctor", "/no/such/folder/at/all"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
