//! End-to-end: merge conflicts (AL0004) through the language server — in an open layout with
//! unsaved conflict markers, and in a file on disk that a merge left conflicted.

mod support;

use serde_json::{json, Value};
use support::{fixtures, Client, Options, TempCopy};

fn tiny() -> TempCopy {
    TempCopy::of(&fixtures().join("tiny-app"))
}

fn codes(d: &[Value]) -> Vec<String> {
    d.iter()
        .map(|x| x["code"].as_str().unwrap_or("").to_string())
        .collect()
}

/// 0-based index of the first line that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> u64 {
    text.lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix}")) as u64
}

const PET_NAME: &str = r#"      { "id": "pet-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } },
"#;

/// Page2 of the tiny app as a merge leaves it when both sides changed the `pet-name` line.
fn conflicted_page(text: &str) -> String {
    assert!(text.contains(PET_NAME));
    text.replacen(
        PET_NAME,
        r#"<<<<<<< ours
      { "id": "pet-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" }, "readOnly": true },
=======
      { "id": "pet-name", "type": "TextArea", "dataModelBindings": { "simpleBinding": "Pets.PetName" } },
>>>>>>> theirs
"#,
        1,
    )
}

#[test]
fn open_layout_with_conflict_markers_gets_one_diagnostic_at_the_marker_line() {
    let app = tiny();
    let page = app.path.join("App/ui/form/layouts/Page2.json");
    let clean = std::fs::read_to_string(&page).unwrap();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    let text = conflicted_page(&clean);
    let uri = c.open(&page, &text);
    let d = c.wait_version(&uri, 0);
    // Exactly the conflict: no syntax errors from the markers, no "id used twice" between the
    // two versions of the same component.
    assert_eq!(codes(&d), ["AL0004"], "{d:#?}");
    let start = line_of(&text, "<<<<<<< ");
    assert_eq!(d[0]["range"]["start"]["line"], start);
    assert_eq!(d[0]["range"]["start"]["character"], 0);
    assert_eq!(d[0]["range"]["end"]["line"], start);
    assert_eq!(
        d[0]["range"]["end"]["character"],
        "<<<<<<< ours".len() as u64
    );
    assert_eq!(d[0]["severity"], 1, "an error");
    let msg = d[0]["message"].as_str().unwrap();
    assert!(msg.contains("merge conflict"), "{msg}");
    let related: Vec<u64> = d[0]["relatedInformation"]
        .as_array()
        .expect("related information")
        .iter()
        .map(|r| {
            assert_eq!(r["location"]["uri"], uri.as_str());
            r["location"]["range"]["start"]["line"].as_u64().unwrap()
        })
        .collect();
    assert_eq!(
        related,
        [line_of(&text, "======="), line_of(&text, ">>>>>>> ")]
    );

    // Resolve it in the editor: keep "theirs", then delete the `>>>>>>>` line.
    let sep = line_of(&text, "=======") as u32;
    c.change(&uri, 1, [start as u32, 0, sep + 1, 0], "");
    let d = c.wait_version(&uri, 1);
    assert_eq!(codes(&d), ["AL0004"], "the `>>>>>>>` line is left: {d:#?}");
    assert_eq!(d[0]["range"]["start"]["line"], start + 1);
    assert!(d[0]["message"].as_str().unwrap().contains("Leftover"));
    c.change(&uri, 2, [start as u32 + 1, 0, start as u32 + 2, 0], "");
    let d = c.wait_version(&uri, 2);
    assert!(d.is_empty(), "resolved: {d:#?}");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn conflicted_file_on_disk_is_reported_without_opening_it() {
    let app = tiny();
    let nb = app.path.join("App/config/texts/resource.nb.json");
    let text = std::fs::read_to_string(&nb).unwrap();
    let line = r#"    { "id": "name.title", "value": "Navn" },
"#;
    assert!(text.contains(line));
    // diff3 style with CRLF line breaks, as other git tools write it.
    let conflicted = text.replacen(
        line,
        "<<<<<<< HEAD\r\n    { \"id\": \"name.title\", \"value\": \"Fullt navn\" },\r\n||||||| base\r\n    { \"id\": \"name.title\", \"value\": \"Navn\" },\r\n=======\r\n    { \"id\": \"name.title\", \"value\": \"Ditt navn\" },\r\n>>>>>>> origin/master\r\n",
        1,
    );
    std::fs::write(&nb, &conflicted).unwrap();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    let uri = support::uri(&nb);
    let d = c.wait_diagnostics(&uri, |d| !d.is_empty());
    assert_eq!(codes(&d), ["AL0004"], "{d:#?}");
    assert_eq!(
        d[0]["range"]["start"]["line"],
        line_of(&conflicted, "<<<<<<< ")
    );
    assert_eq!(
        d[0]["range"]["end"]["character"],
        "<<<<<<< HEAD".len() as u64,
        "the range stops before the \\r"
    );
    assert_eq!(
        d[0]["relatedInformation"].as_array().map(Vec::len),
        Some(3),
        "base, separator and end marker: {d:#?}"
    );
    assert_eq!(c.shutdown(), Some(0));
}

/// What the editor sees after `altinn.sync.pull` (or any git merge) writes conflicts into a
/// closed file while the server runs, and after the file is resolved on disk.
#[test]
fn conflict_written_to_disk_while_running_appears_and_clears() {
    let app = tiny();
    let page = app.path.join("App/ui/form/layouts/Page2.json");
    let clean = std::fs::read_to_string(&page).unwrap();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    c.wait_notification("altinn/status", |p| {
        p["apps"].as_array().is_some_and(|a| a.len() == 1)
    });
    let uri = support::uri(&page);
    let conflicted = conflicted_page(&clean);
    std::fs::write(&page, &conflicted).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    );
    let d = c.wait_diagnostics(&uri, |d| !d.is_empty());
    assert_eq!(codes(&d), ["AL0004"], "{d:#?}");
    assert_eq!(
        d[0]["range"]["start"]["line"],
        line_of(&conflicted, "<<<<<<< ")
    );
    std::fs::write(&page, &clean).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 2}]}),
    );
    c.wait_diagnostics(&uri, |d| d.is_empty());
    assert_eq!(c.shutdown(), Some(0));
}

/// The text edits of a WorkspaceEdit for one document (`changes` or `documentChanges`).
fn edits_for(edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(e) = edit["changes"][uri].as_array() {
        return e.clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["textDocument"]["uri"] == uri)
        .flat_map(|d| d["edits"].as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn quick_fixes_keep_either_version_or_both() {
    let app = tiny();
    let page = app.path.join("App/ui/form/layouts/Page2.json");
    let clean = std::fs::read_to_string(&page).unwrap();
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    let text = conflicted_page(&clean);
    let uri = c.open(&page, &text);
    let d = c.wait_version(&uri, 0);
    assert_eq!(codes(&d), ["AL0004"], "{d:#?}");
    assert_eq!(d[0]["data"]["fix"]["kind"], "mergeConflict");
    let r = c
        .request(
            "textDocument/codeAction",
            // Quick fixes only (the `source.altinn` command actions are not asked for).
            json!({"textDocument": {"uri": uri}, "range": d[0]["range"],
                   "context": {"diagnostics": [d[0]], "only": ["quickfix"]}}),
        )
        .expect("codeAction");
    let actions = r.as_array().expect("actions");
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        [
            "Keep the first version (ours)",
            "Keep the second version (theirs)",
            "Keep both versions (first, then second)"
        ],
        "{r}"
    );
    // Apply "keep the second version" as the editor would.
    let edits = edits_for(&actions[1]["edit"], &uri);
    assert_eq!(edits.len(), 1, "{}", actions[1]);
    let e = &edits[0];
    let start = line_of(&text, "<<<<<<< ");
    assert_eq!(e["range"]["start"]["line"], start);
    assert_eq!(e["range"]["end"]["line"], line_of(&text, ">>>>>>> ") + 1);
    let new_text = e["newText"].as_str().unwrap();
    assert!(new_text.contains("\"TextArea\"") && !new_text.contains("readOnly"));
    let rg = |k: &str| e["range"][k]["line"].as_u64().unwrap() as u32;
    c.change(&uri, 1, [rg("start"), 0, rg("end"), 0], new_text);
    let d = c.wait_version(&uri, 1);
    assert!(d.is_empty(), "resolved by the quick fix: {d:#?}");
    assert_eq!(c.shutdown(), Some(0));
}
