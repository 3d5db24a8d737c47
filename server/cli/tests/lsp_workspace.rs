//! End-to-end: cross-file updates, files changed on disk, settings, several apps.

mod support;

use serde_json::{json, Value};
use std::path::Path;
use support::{fixtures, uri, Client, Options, TempCopy};

fn tiny() -> TempCopy {
    TempCopy::of(&fixtures().join("tiny-app"))
}

fn has(d: &[Value], code: &str) -> bool {
    d.iter().any(|x| x["code"] == code)
}

fn start(folders: Vec<&Path>) -> Client {
    Client::start(Options {
        folders: folders.into_iter().map(Path::to_path_buf).collect(),
        ..Default::default()
    })
}

const MODEL: &str = "App/models/model.schema.json";
const PAGE1: &str = "App/ui/form/layouts/Page1.json";

/// `"Name": {` in the model → `"Nme": {`: the binding `Person.Name` in Page1 breaks.
fn break_model(text: &str) -> String {
    text.replacen("\"Name\": {", "\"Nme\": {", 1)
}

#[test]
fn editing_the_data_model_updates_a_closed_layout() {
    let app = tiny();
    let mut c = start(vec![&app.path]);
    let page1 = uri(&app.path.join(PAGE1));
    let (model_uri, text) = c.open_file(&app.path.join(MODEL));
    c.wait_version(&model_uri, 0);
    c.change_full(&model_uri, 1, &break_model(&text));
    let d = c.wait_diagnostics(&page1, |d| has(d, "AL0403"));
    let bad = d.iter().find(|x| x["code"] == "AL0403").unwrap();
    assert!(
        bad["message"].as_str().unwrap().contains("Person.Name"),
        "{bad}"
    );
    // The published version of a closed file is absent.
    c.change_full(&model_uri, 2, &text);
    c.wait_diagnostics(&page1, |d| !has(d, "AL0403"));
}

#[test]
fn deleting_a_text_key_shows_errors_in_closed_layouts() {
    let app = tiny();
    let mut c = start(vec![&app.path]);
    let page1 = uri(&app.path.join(PAGE1));
    let nb = app.path.join("App/config/texts/resource.nb.json");
    let (nb_uri, text) = c.open_file(&nb);
    c.wait_version(&nb_uri, 0);
    let line = text
        .lines()
        .position(|l| l.contains("\"name.title\""))
        .unwrap() as u32;
    // Delete the whole line holding the key.
    c.change(&nb_uri, 1, [line, 0, line + 1, 0], "");
    let d = c.wait_diagnostics(&page1, |d| {
        d.iter()
            .any(|x| x["message"].as_str().unwrap_or("").contains("name.title"))
    });
    // Exactly one: the missing key (AL0501, an error: other languages have it) where Page1
    // binds it.
    let missing: Vec<&Value> = d
        .iter()
        .filter(|x| x["message"].as_str().unwrap_or("").contains("name.title"))
        .collect();
    assert_eq!(missing.len(), 1, "{d:?}");
    assert_eq!(missing[0]["code"], "AL0501", "{d:?}");
    assert_eq!(missing[0]["severity"], 1, "{d:?}");
    let page1_text = std::fs::read_to_string(app.path.join(PAGE1)).unwrap();
    let bound_at = page1_text
        .lines()
        .position(|l| l.contains("\"title\": \"name.title\""))
        .unwrap();
    assert_eq!(missing[0]["range"]["start"]["line"], bound_at, "{d:?}");
    // Add it back: cleared.
    let orig_line = text.lines().nth(line as usize).unwrap();
    c.change(&nb_uri, 2, [line, 0, line, 0], &format!("{orig_line}\n"));
    c.wait_diagnostics(&page1, |d| {
        !d.iter()
            .any(|x| x["message"].as_str().unwrap_or("").contains("name.title"))
    });
}

#[test]
fn a_duplicate_id_typed_in_one_page_shows_in_both_pages() {
    let app = tiny();
    let mut c = start(vec![&app.path]);
    let page2 = uri(&app.path.join("App/ui/form/layouts/Page2.json"));
    let (page1, text) = c.open_file(&app.path.join(PAGE1));
    c.wait_version(&page1, 0);
    // Page2 already has 'nav2': typing it on Page1 shows the error where it was typed, and
    // the closed Page2 is republished with its own occurrence.
    c.change_full(&page1, 1, &text.replacen("\"nav1\"", "\"nav2\"", 1));
    let typed = c.wait_diagnostics(&page1, |d| has(d, "AL0203"));
    let here = typed.iter().find(|x| x["code"] == "AL0203").unwrap();
    assert_eq!(
        here["relatedInformation"][0]["location"]["uri"], page2,
        "{here}"
    );
    c.wait_diagnostics(&page2, |d| has(d, "AL0203"));
    // Undo: cleared in both.
    c.change_full(&page1, 2, &text);
    c.wait_diagnostics(&page1, |d| !has(d, "AL0203"));
    c.wait_diagnostics(&page2, |d| !has(d, "AL0203"));
}

#[test]
fn files_changed_on_disk_are_reloaded_via_did_change_watched_files() {
    let app = tiny();
    let mut c = start(vec![&app.path]);
    let page1 = uri(&app.path.join(PAGE1));
    let model = app.path.join(MODEL);
    let text = std::fs::read_to_string(&model).unwrap();
    c.wait_notification("altinn/status", |p| {
        p["apps"].as_array().is_some_and(|a| a.len() == 1)
    });
    // The client registered watchers dynamically.
    let regs = c.server_requests("client/registerCapability");
    assert!(
        regs.iter()
            .any(|r| r.to_string().contains("workspace/didChangeWatchedFiles")),
        "{regs:?}"
    );
    std::fs::write(&model, break_model(&text)).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&model), "type": 2}]}),
    );
    c.wait_diagnostics(&page1, |d| has(d, "AL0403"));
    std::fs::write(&model, &text).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&model), "type": 2}]}),
    );
    c.wait_diagnostics(&page1, |d| !has(d, "AL0403"));
}

#[test]
fn deleted_files_get_their_diagnostics_cleared() {
    let app = tiny();
    let page2 = app.path.join("App/ui/form/layouts/Page2.json");
    std::fs::write(&page2, "{ \"data\": { \"layout\": [ ,, ] } }").unwrap();
    let mut c = start(vec![&app.path]);
    let u = uri(&page2);
    c.wait_diagnostics(&u, |d| has(d, "AL0001"));
    std::fs::remove_file(&page2).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": u, "type": 3}]}),
    );
    c.wait_diagnostics(&u, |d| d.is_empty());
}

#[test]
fn without_client_watchers_the_server_watches_the_disk_itself() {
    let app = tiny();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        dynamic_watch: false,
        ..Default::default()
    });
    let page1 = uri(&app.path.join(PAGE1));
    let model = app.path.join(MODEL);
    let text = std::fs::read_to_string(&model).unwrap();
    c.wait_notification("altinn/status", |p| {
        p["apps"].as_array().is_some_and(|a| a.len() == 1)
    });
    c.sync();
    assert!(c.server_requests("client/registerCapability").is_empty());
    // The server starts its own watcher before the scan, so this change cannot be missed.
    std::fs::write(&model, break_model(&text)).unwrap();
    c.wait_diagnostics(&page1, |d| has(d, "AL0403"));
    std::fs::write(&model, &text).unwrap();
    c.wait_diagnostics(&page1, |d| !has(d, "AL0403"));
}

#[test]
fn settings_changes_apply_without_restart() {
    let app = tiny();
    let model = app.path.join(MODEL);
    let text = std::fs::read_to_string(&model).unwrap();
    std::fs::write(&model, break_model(&text)).unwrap();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        configuration: Some(json!({"debounceMs": 0})),
        ..Default::default()
    });
    let page1 = uri(&app.path.join(PAGE1));
    let d = c.wait_diagnostics(&page1, |d| has(d, "AL0403"));
    let sev = d.iter().find(|x| x["code"] == "AL0403").unwrap()["severity"].clone();
    assert_eq!(sev, 1, "error by default");
    // Pulled through workspace/configuration after didChangeConfiguration.
    c.set_configuration(json!({"debounceMs": 0, "severity": {"AL0403": "hint"}}));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    c.wait_diagnostics(&page1, |d| {
        d.iter()
            .any(|x| x["code"] == "AL0403" && x["severity"] == 4)
    });
    c.set_configuration(json!({"severity": {"AL0403": "off"}}));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    c.wait_diagnostics(&page1, |d| !has(d, "AL0403"));
    assert!(!c.server_requests("workspace/configuration").is_empty());
}

#[test]
fn settings_pushed_without_configuration_support_and_repo_config_apply() {
    let app = tiny();
    let model = app.path.join(MODEL);
    let text = std::fs::read_to_string(&model).unwrap();
    std::fs::write(&model, break_model(&text)).unwrap();
    std::fs::write(
        app.path.join("altinn-ls.json"),
        r#"{"severity": {"AL0403": "warning"}}"#,
    )
    .unwrap();
    let mut c = start(vec![&app.path]);
    let page1 = uri(&app.path.join(PAGE1));
    c.wait_diagnostics(&page1, |d| {
        d.iter()
            .any(|x| x["code"] == "AL0403" && x["severity"] == 2)
    });
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"altinnStudio": {"severity": {"AL0403": "information"}}}}),
    );
    c.wait_diagnostics(&page1, |d| {
        d.iter()
            .any(|x| x["code"] == "AL0403" && x["severity"] == 3)
    });
}

#[test]
fn several_apps_in_several_folders_including_one_opened_at_app() {
    let a = tiny();
    let b = tiny();
    std::fs::write(
        b.path.join("App/ui/form/layouts/Page2.json"),
        "{ \"data\": { \"layout\": [ ,, ] } }",
    )
    .unwrap();
    let b_app = b.path.join("App");
    let mut c = start(vec![&a.path, &b_app]);
    let st = c.wait_notification("altinn/status", |p| {
        p["apps"].as_array().is_some_and(|x| x.len() == 2)
    });
    let roots: Vec<&str> = st["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["appDir"].as_str().unwrap())
        .collect();
    assert!(
        roots.contains(&b_app.to_string_lossy().as_ref()),
        "{roots:?}"
    );
    c.wait_diagnostics(&uri(&b_app.join("ui/form/layouts/Page2.json")), |d| {
        has(d, "AL0001")
    });
    // A folder added later is scanned; removing it clears its diagnostics.
    let extra = tiny();
    let broken = extra.path.join("App/ui/form/layouts/Page1.json");
    std::fs::write(&broken, "{ ,, }").unwrap();
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [{"uri": uri(&extra.path), "name": "extra"}], "removed": []}}),
    );
    c.wait_diagnostics(&uri(&broken), |d| has(d, "AL0001"));
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": [{"uri": uri(&extra.path), "name": "extra"}]}}),
    );
    c.wait_diagnostics(&uri(&broken), |d| d.is_empty());
}

#[test]
fn a_file_opened_without_workspace_folders_finds_its_app() {
    let app = tiny();
    let page2 = app.path.join("App/ui/form/layouts/Page2.json");
    let mut c = start(vec![]);
    let u = c.open(&page2, "{ \"data\": { \"layout\": [ ,, ] } }");
    let d = c.wait_version(&u, 0);
    assert!(has(&d, "AL0001"), "{d:?}");
    // Closing reloads the (valid) text from disk.
    c.close(&u);
    c.wait_diagnostics(&u, |d| !has(d, "AL0001"));
}

#[test]
fn pulled_settings_apply_to_the_first_diagnostics() {
    let app = tiny();
    let model = app.path.join(MODEL);
    let text = std::fs::read_to_string(&model).unwrap();
    std::fs::write(&model, break_model(&text)).unwrap();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        configuration: Some(json!({"debounceMs": 0, "severity": {"AL0403": "hint"}})),
        ..Default::default()
    });
    let page1 = uri(&app.path.join(PAGE1));
    c.wait_diagnostics(&page1, |d| has(d, "AL0403"));
    // Every publication for Page1 so far used the editor's severity: no flicker.
    for n in c.notifications("textDocument/publishDiagnostics") {
        if n["uri"] == page1.as_str() {
            for d in n["diagnostics"].as_array().unwrap() {
                if d["code"] == "AL0403" {
                    assert_eq!(d["severity"], 4, "{d}");
                }
            }
        }
    }
}

#[test]
fn a_new_unsaved_file_is_checked_and_cleared_when_closed() {
    let app = tiny();
    let mut c = start(vec![&app.path]);
    let page3 = app.path.join("App/ui/form/layouts/Page3.json");
    let u = c.open(&page3, "{ \"data\": { \"layout\": [ ,, ] } }");
    let d = c.wait_version(&u, 0);
    assert!(has(&d, "AL0001"), "{d:?}");
    // Never saved: closing removes it from the app, and its diagnostics go away.
    c.close(&u);
    c.wait_diagnostics(&u, |d| d.is_empty());
}
