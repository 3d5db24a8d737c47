//! End-to-end: the language server over stdio — lifecycle, diagnostics, incremental edits
//! with non-ASCII text in both position encodings, robustness.

mod support;

use serde_json::{json, Value};
use support::{fixtures, Client, Options, TempCopy};

fn tiny() -> TempCopy {
    TempCopy::of(&fixtures().join("tiny-app"))
}

fn has(d: &[Value], code: &str) -> bool {
    d.iter().any(|x| x["code"] == code)
}

fn codes(d: &[Value]) -> Vec<String> {
    d.iter()
        .map(|x| x["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn initialize_announces_capabilities_and_shuts_down_cleanly() {
    let app = tiny();
    let c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    let caps = &c.init_result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    let cmds: Vec<&str> = caps["executeCommandProvider"]["commands"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    for name in [
        "altinn.check",
        "altinn.sync.login",
        "altinn.sync.status",
        "altinn.sync.pull",
        "altinn.sync.push",
        "altinn.stack.up",
        "altinn.stack.down",
        "altinn.stack.status",
        "altinn.run.start",
        "altinn.run.stop",
    ] {
        assert!(cmds.contains(&name), "{name} missing from {cmds:?}");
    }
    assert_eq!(c.init_result["serverInfo"]["name"], "altinn-ls");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn utf8_is_chosen_when_offered() {
    let c = Client::start(Options {
        encodings: vec!["utf-16", "utf-8"],
        ..Default::default()
    });
    assert_eq!(c.init_result["capabilities"]["positionEncoding"], "utf-8");
}

#[test]
fn status_carries_the_app_versions() {
    let app = tiny();
    std::fs::write(
        app.path.join("App/App.csproj"),
        r#"<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup>
  <PackageReference Include="Altinn.App.Api" Version="8.12.7" />
</ItemGroup></Project>"#,
    )
    .unwrap();
    std::fs::create_dir_all(app.path.join("App/views/Home")).unwrap();
    std::fs::write(
        app.path.join("App/views/Home/Index.cshtml"),
        r#"<script src="https://altinncdn.no/toolkits/altinn-app-frontend/4/altinn-app-frontend.js"></script>"#,
    )
    .unwrap();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    let st = c.wait_notification("altinn/status", |p| {
        p["health"] == "ok" && p["apps"].as_array().is_some_and(|a| a.len() == 1)
    });
    let v = &st["apps"][0]["versions"];
    assert_eq!(v["frontend"]["major"], "v4");
    assert_eq!(v["frontend"]["certainty"], "declared");
    assert_eq!(v["frontend"]["written"], "4");
    assert_eq!(v["backend"]["version"], "8.12.7");
    assert_eq!(v["backend"]["major"], 8);
}

#[test]
fn exits_when_stdin_closes() {
    let c = Client::start(Options::default());
    // No shutdown request: exit code 1, but the process ends.
    assert!(c.close_stdin().is_some());
}

#[test]
fn status_notification_lists_the_app() {
    let app = tiny();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    let st = c.wait_notification("altinn/status", |p| {
        p["health"] == "ok" && p["apps"].as_array().is_some_and(|a| a.len() == 1)
    });
    let a = &st["apps"][0];
    assert_eq!(a["root"], app.path.to_string_lossy().as_ref());
    assert_eq!(a["generation"], "layout-sets");
    assert_eq!(a["dataModels"], json!(["model"]));
    // Work-done progress ran for the first scan.
    assert!(!c
        .server_requests("window/workDoneProgress/create")
        .is_empty());
    let kinds: Vec<String> = c
        .notifications("$/progress")
        .iter()
        .map(|p| p["value"]["kind"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(kinds.first().map(String::as_str), Some("begin"));
    assert_eq!(kinds.last().map(String::as_str), Some("end"));
}

#[test]
fn syntax_error_in_a_closed_file_is_published_and_cleared_on_fix() {
    let app = tiny();
    let page = app.path.join("App/ui/form/layouts/Page2.json");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("\"layout\": [", "\"layout\": [ ,,", 1)).unwrap();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    let uri = support::uri(&page);
    let d = c.wait_diagnostics(&uri, |d| !d.is_empty());
    assert!(codes(&d).iter().any(|c| c == "AL0001"), "{d:?}");
    assert_eq!(d[0]["source"], "altinn-ls");
    assert!(d[0]["severity"].as_i64().is_some());
    // Fix it in the editor: diagnostics for that version are empty.
    c.open(&page, &std::fs::read_to_string(&page).unwrap());
    c.change_full(&uri, 1, &text);
    let d = c.wait_version(&uri, 1);
    assert!(!has(&d, "AL0001"), "{d:?}");
}

/// Types a broken string after Norwegian letters and emoji, then fixes it, addressing
/// characters in the negotiated encoding.
fn edit_after_non_ascii(encodings: Vec<&'static str>, utf8: bool) {
    let app = tiny();
    let nb = app.path.join("App/config/texts/resource.nb.json");
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        encodings,
        ..Default::default()
    });
    let (uri, text) = c.open_file(&nb);
    let d = c.wait_version(&uri, 0);
    assert!(!has(&d, "AL0001"), "{d:?}");
    let line_no = text.lines().position(|l| l.contains("😀")).unwrap();
    let line = text.lines().nth(line_no).unwrap();
    // Position just after the closing quote of the value (`...👍🏽"`).
    let byte = line.rfind('"').unwrap() + 1;
    let col = if utf8 {
        byte
    } else {
        line[..byte].encode_utf16().count()
    } as u32;
    let l = line_no as u32;
    // Insert a stray `💥 x` after the string: a syntax error right there.
    c.change(&uri, 1, [l, col, l, col], " 💥 x");
    let d = c.wait_version(&uri, 1);
    let d: Vec<Value> = d.into_iter().filter(|x| x["code"] == "AL0001").collect();
    assert!(!d.is_empty(), "expected a syntax error");
    let start = &d[0]["range"]["start"];
    assert_eq!(start["line"], l, "{d:?}");
    let err_char = start["character"].as_u64().unwrap() as u32;
    assert!(
        err_char >= col,
        "error at {err_char}, before the insertion at {col}: {d:?}"
    );
    // Delete exactly what was inserted: " 💥 x" is 7 UTF-8 bytes... in UTF-16: 5 units.
    let len = if utf8 {
        " 💥 x".len()
    } else {
        " 💥 x".encode_utf16().count()
    } as u32;
    c.change(&uri, 2, [l, col, l, col + len], "");
    let d = c.wait_version(&uri, 2);
    assert!(!has(&d, "AL0001"), "the text is back to valid: {d:?}");
}

#[test]
fn incremental_edits_after_norwegian_letters_and_emoji_utf16() {
    edit_after_non_ascii(vec![], false);
}

#[test]
fn incremental_edits_after_norwegian_letters_and_emoji_utf8() {
    edit_after_non_ascii(vec!["utf-8", "utf-16"], true);
}

#[test]
fn a_panic_in_a_request_becomes_an_error_and_the_server_keeps_running() {
    let app = tiny();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    let e = c
        .request(
            "workspace/executeCommand",
            json!({"command": "altinn.debug.panic", "arguments": []}),
        )
        .unwrap_err();
    assert!(
        e["message"]
            .as_str()
            .unwrap_or("")
            .contains("internal error"),
        "{e}"
    );
    let s = c
        .request(
            "workspace/executeCommand",
            json!({"command": "altinn.check", "arguments": []}),
        )
        .expect("still serving");
    assert_eq!(s["apps"], 1);
    assert!(s["files"].as_u64().unwrap() >= 9);
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn bad_initialization_options_get_a_message_not_a_crash() {
    let app = tiny();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        init_options: json!({"settings": 42}),
        ..Default::default()
    });
    let m = c.wait_notification("window/showMessage", |_| true);
    assert!(
        m["message"]
            .as_str()
            .unwrap()
            .contains("initializationOptions"),
        "{m}"
    );
    let m2 = {
        c.request(
            "workspace/executeCommand",
            json!({"command": "altinn.check", "arguments": []}),
        )
        .expect("serving")
    };
    assert_eq!(m2["apps"], 1);
    // Bad values inside a valid object: named, the rest applies.
    let mut c2 = Client::start(Options {
        folders: vec![app.path.clone()],
        init_options: json!({"settings": {"debounceMs": "soon", "colour": 1}}),
        ..Default::default()
    });
    let m = c2.wait_notification("window/showMessage", |_| true);
    let msg = m["message"].as_str().unwrap();
    assert!(
        msg.contains("debounceMs") && msg.contains("colour"),
        "{msg}"
    );
}

#[test]
fn sync_commands_reach_the_sync_crate_and_credentials_stay_secret() {
    // An app folder that is not a git repository: status must fail with a reason.
    let app = tiny();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    let r = c.request(
        "altinn/setCredentials",
        json!({"url": "http://127.0.0.1:9", "user": "u", "token": "secret-token-123"}),
    );
    assert!(r.is_ok(), "{r:?}");
    let e = c
        .request(
            "workspace/executeCommand",
            json!({"command": "altinn.sync.status", "arguments": []}),
        )
        .unwrap_err();
    let msg = e["message"].as_str().unwrap_or("");
    assert!(!msg.is_empty(), "{e}");
    assert!(!msg.contains("secret-token-123"));
    let bad = c
        .request(
            "altinn/setCredentials",
            json!({"token": "secret-token-123"}),
        )
        .unwrap_err();
    assert!(!bad.to_string().contains("secret-token-123"));
    let unknown = c
        .request(
            "workspace/executeCommand",
            json!({"command": "altinn.nope", "arguments": []}),
        )
        .unwrap_err();
    assert!(unknown["message"]
        .as_str()
        .unwrap_or("")
        .contains("unknown"));
}

/// A stand-in editor: another `altinn-ls lsp` waiting on its stdin, a process of the platform's
/// own kind (a Windows process under wine too), killed without closing anything.
fn editor_process() -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_altinn-ls"))
        .args(["lsp", "--stdio"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn the stand-in editor")
}

#[test]
fn exits_when_the_editor_process_dies() {
    let mut editor = editor_process();
    let c = Client::start(Options {
        process_id: Some(editor.id()),
        ..Default::default()
    });
    editor.kill().expect("kill the editor");
    let _ = editor.wait();
    // stdin stays open: only the watch on the editor's process can end the server.
    assert_eq!(c.wait_for_exit(), Some(1));
}

#[test]
fn an_editor_pid_not_seen_here_does_not_end_the_server() {
    // A remote or containerised editor sends a pid this machine does not have: the server must
    // go on (it ends when stdin closes). A process that has already ended stands in for it.
    let mut gone = editor_process();
    let pid = gone.id();
    gone.kill().expect("kill");
    let _ = gone.wait();
    // Windows keeps an ended process (and its pid) while a handle to it is open: close ours.
    drop(gone);
    let mut c = Client::start(Options {
        process_id: Some(pid),
        ..Default::default()
    });
    c.request(
        "workspace/executeCommand",
        json!({"command": "altinn.debug.noop", "arguments": []}),
    )
    .expect("the server still answers");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn an_invalid_repository_config_is_reported_in_the_status() {
    let app = tiny();
    std::fs::write(app.path.join("altinn-ls.json"), r#"{"severity": 3}"#).unwrap();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    let st = c.wait_notification("altinn/status", |p| p["health"] == "error");
    assert!(
        st["message"].as_str().unwrap().contains("altinn-ls.json"),
        "{st}"
    );
    let m = c.wait_notification("window/showMessage", |_| true);
    assert!(m["message"].as_str().unwrap().contains("severity"), "{m}");
}
