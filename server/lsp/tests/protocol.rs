//! The protocol around the features, in process: what the server announces, its own
//! notifications, `workspace/executeCommand` results and `altinn/setCredentials`.

mod harness;

use harness::{fixtures, TestServer};
use serde_json::{json, Value};
use std::path::PathBuf;

fn tiny_app() -> PathBuf {
    fixtures().join("tiny-app").canonicalize().expect("fixture")
}

#[tokio::test]
async fn initialize_announces_every_provider_and_command() {
    let s = TestServer::start(&tiny_app()).await;
    assert_eq!(
        s.init,
        json!({
            "capabilities": {
                "positionEncoding": "utf-16",
                "textDocumentSync": {"openClose": true, "change": 2},
                "executeCommandProvider": {"commands": [
                    "altinn.check",
                    "altinn.sync.login", "altinn.sync.status", "altinn.sync.pull",
                    "altinn.sync.push", "altinn.sync.clone", "altinn.sync.repos",
                    "altinn.stack.up", "altinn.stack.down", "altinn.stack.status",
                    "altinn.run.start", "altinn.run.stop",
                ]},
                "workspace": {"workspaceFolders": {"supported": true, "changeNotifications": true}},
                "hoverProvider": true,
                "completionProvider": {"triggerCharacters": ["\"", ".", "/", "["], "resolveProvider": false},
                "definitionProvider": true,
                "referencesProvider": true,
                "renameProvider": {"prepareProvider": true},
                "codeActionProvider": {"codeActionKinds": ["quickfix", "source.altinn"]},
                "codeLensProvider": {"resolveProvider": true},
                "signatureHelpProvider": {"triggerCharacters": ["[", ","]},
                "documentHighlightProvider": true,
                "workspaceSymbolProvider": true,
                "inlayHintProvider": true,
                "documentSymbolProvider": true,
                "documentLinkProvider": {"resolveProvider": false},
                "foldingRangeProvider": true,
            },
            "serverInfo": {"name": "altinn-ls", "version": env!("CARGO_PKG_VERSION")},
        })
    );
}

#[tokio::test]
async fn the_client_is_asked_to_watch_the_app_files() {
    let s = TestServer::start(&tiny_app()).await;
    let status = s
        .wait_notification("altinn/status", |p| {
            p["apps"].as_array().is_some_and(|a| !a.is_empty())
        })
        .await;
    assert_eq!(status["health"], "ok");
    let reg = s.server_requests("client/registerCapability");
    assert_eq!(
        reg,
        vec![json!({"registrations": [{
            "id": "altinn-ls/watch",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {"watchers": [
                {"globPattern": "**/*.{json,xml,bpmn,xsd,js,cs}"},
                {"globPattern": "**/App"},
                {"globPattern": "**/App/**"},
            ]},
        }]})]
    );
}

#[tokio::test]
async fn altinn_check_returns_the_counts() {
    let mut s = TestServer::start(&tiny_app()).await;
    let r = s
        .ok(
            "workspace/executeCommand",
            json!({"command": "altinn.check", "arguments": []}),
        )
        .await;
    assert_eq!(
        r,
        json!({"apps": 1, "files": 10, "errors": 0, "warnings": 0, "information": 0, "hints": 0})
    );
}

/// `altinn.check` checks every file once and publishes from that same check: its counts are
/// those of the diagnostics the client is sent, also when asked twice.
#[tokio::test]
async fn altinn_check_counts_what_it_publishes() {
    let mut s = TestServer::start(&tiny_app()).await;
    let path = s.root.join("App/ui/form/layouts/Page2.json");
    let text = std::fs::read_to_string(&path)
        .expect("fixture")
        .replace(r#""componentRef": "name""#, r#""componentRef": "nmae""#)
        .replace("Pets.PetName", "Pets.PetNam");
    let u = harness::uri(&path);
    s.open_text(&u, &text).await;
    for _ in 0..2 {
        let r = s
            .ok(
                "workspace/executeCommand",
                json!({"command": "altinn.check", "arguments": []}),
            )
            .await;
        let page = s.wait_version(&u, 0).await;
        let mut codes: Vec<&str> = page.iter().filter_map(|d| d["code"].as_str()).collect();
        codes.sort_unstable();
        assert_eq!(codes, ["AL0204", "AL0403"], "{page:#?}");
        // The rest of the app is clean, so every count is this page's.
        let errors = page.iter().filter(|d| d["severity"] == 1).count();
        assert_eq!(errors, 2);
        assert_eq!(
            r,
            json!({"apps": 1, "files": 10, "errors": errors, "warnings": 0, "information": 0, "hints": 0})
        );
    }
}

#[tokio::test]
async fn an_unknown_command_is_refused_by_name() {
    let mut s = TestServer::start(&tiny_app()).await;
    let err = s
        .request(
            "workspace/executeCommand",
            json!({"command": "altinn.nope", "arguments": []}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        json!({"code": -32600, "message": "unknown command 'altinn.nope'"})
    );
}

#[tokio::test]
async fn credentials_are_taken_and_bad_ones_refused_without_echo() {
    let mut s = TestServer::start(&tiny_app()).await;
    let ok = s
        .request(
            "altinn/setCredentials",
            json!({"url": "https://studio.example", "user": "u", "token": "s3cret"}),
        )
        .await;
    assert_eq!(ok, Ok(Value::Null));
    let err = s
        .request(
            "altinn/setCredentials",
            json!({"user": "u", "token": "s3cret"}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        json!({"code": -32602, "message": "altinn/setCredentials expects {url, user, token} strings"})
    );
}
