//! Windows only (run under wine here, see tests/release/README.md): the spellings of one file
//! that Windows clients send — `file:///c%3A/…` (VS Code), `file:///C:/…`, another case of the
//! folders above the app (case-insensitive file system), CRLF text — reach the same file:
//! no second copy of it in the app model, diagnostics on the right lines. And `check` takes
//! backslash, forward-slash and lower-case-drive paths alike.
#![cfg(windows)]

mod support;

use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use support::{fixtures, Client, Options, TempCopy};

/// A `file:` URI for `p` (`C:\x\y`) in one of the spellings clients use.
fn spell(p: &Path, lower_drive: bool, encode_colon: bool, upper_parent: Option<&Path>) -> String {
    // Clients never send the verbatim prefix that canonicalize adds (\\?\C:\...).
    let raw = p.to_string_lossy().into_owned();
    let mut text = raw.strip_prefix(r"\\?\").unwrap_or(&raw).replace('\\', "/");
    if let Some(parent) = upper_parent {
        // Another case for the folders above `parent`'s last component (not inside the app).
        let rawp = parent.to_string_lossy().into_owned();
        let pre = rawp
            .strip_prefix(r"\\?\")
            .unwrap_or(&rawp)
            .replace('\\', "/");
        if let Some(rest) = text.strip_prefix(&pre) {
            text = format!("{}{rest}", pre[..3].to_string() + &pre[3..].to_uppercase());
        }
    }
    let (drive, rest) = text.split_at(1);
    let drive = if lower_drive {
        drive.to_lowercase()
    } else {
        drive.to_uppercase()
    };
    let rest = &rest[1..]; // after the ':'
    let mut s = format!("file:///{drive}{}", if encode_colon { "%3A" } else { ":" });
    for b in rest.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                s.push(b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}

fn codes(d: &[Value]) -> Vec<String> {
    d.iter()
        .map(|x| x["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn every_windows_spelling_of_a_file_is_one_file() {
    let app = TempCopy::of(&fixtures().join("tiny-app"));
    let root = app.path.clone();
    let temp_parent = root.parent().unwrap().to_path_buf();
    // The workspace folder as VS Code sends it: lower-case drive, encoded colon.
    let folder = spell(&root, true, true, None);
    let mut c = Client::start(Options {
        folder_uris: vec![folder],
        ..Default::default()
    });
    // Page2 opened with another spelling: upper-case drive, plain colon, other folder case,
    // CRLF line ends, and a component id that Page1 has too (AL0203 on line 5, 0-based 4).
    let page2 = root.join("App/ui/form/layouts/Page2.json");
    let text = std::fs::read_to_string(&page2)
        .unwrap()
        .replace("\r\n", "\n");
    let text = text
        .replace("\"id\": \"pet-name\"", "\"id\": \"name\"")
        .replace('\n', "\r\n");
    let uri2 = spell(&page2, false, false, Some(&temp_parent));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri2, "languageId": "json", "version": 1, "text": text}}),
    );
    let d = c.wait_diagnostics(&uri2, |d| codes(d).iter().any(|x| x == "AL0203"));
    let dup = d.iter().find(|x| x["code"] == "AL0203").unwrap();
    let line = dup["range"]["start"]["line"].as_u64().unwrap();
    let expected_line = text
        .split("\r\n")
        .position(|l| l.contains("\"id\": \"name\""))
        .unwrap() as u64;
    assert_eq!(line, expected_line, "CRLF lines: {dup}");
    // The page is in the model once: its own ids are not reported as duplicates.
    let all = c.all_diagnostics();
    for (u, ds) in &all {
        for x in ds
            .iter()
            .filter(|x| x["code"] == "AL0202" || x["code"] == "AL0203")
        {
            let m = x["message"].as_str().unwrap_or("");
            assert!(
                !(m.contains("'pets'") || m.contains("'upload'") || m.contains("'nav2'")),
                "a second copy of Page2 is in the model ({u}): {m}"
            );
        }
    }
    // Diagnostics of Page2 are published under the client's URI only.
    let page2_uris: Vec<&String> = all
        .keys()
        .filter(|u| {
            u.to_lowercase()
                .replace("%3a", ":")
                .ends_with("/layouts/page2.json")
        })
        .filter(|u| all[*u].iter().any(|x| x["code"] == "AL0203"))
        .collect();
    assert_eq!(
        page2_uris,
        vec![&uri2],
        "{:?}",
        all.keys().collect::<Vec<_>>()
    );
    // Page1 (not open) gets its side of the duplicate.
    let page1_has_it = |all: &std::collections::HashMap<String, Vec<Value>>| {
        all.iter().any(|(u, d)| {
            u.to_lowercase().ends_with("/layouts/page1.json")
                && d.iter().any(|x| x["code"] == "AL0203")
        })
    };
    let mut all = c.all_diagnostics();
    for _ in 0..100 {
        if page1_has_it(&all) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        all = c.all_diagnostics();
    }
    if !page1_has_it(&all) {
        let seen: Vec<String> = c
            .notifications("textDocument/publishDiagnostics")
            .iter()
            .map(|n| {
                format!(
                    "{} {:?}",
                    n["uri"],
                    codes(n["diagnostics"].as_array().unwrap())
                )
            })
            .collect();
        panic!("Page1 has no AL0203; published: {seen:#?}");
    }
    let page1: Vec<&String> = all
        .keys()
        .filter(|u| u.to_lowercase().ends_with("/layouts/page1.json"))
        .collect();
    assert_eq!(page1.len(), 1, "Page1 under one URI: {page1:?}");
    // Closing the document with the same spelling works; the disk version comes back.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri2}}),
    );
    c.wait_all_diagnostics(|all| !all.values().flatten().any(|x| x["code"] == "AL0203"));
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn check_takes_backslashes_slashes_and_any_drive_case() {
    let app = TempCopy::of(&fixtures().join("tiny-app"));
    let p = app.path.to_string_lossy().to_string();
    let variants = [
        p.clone(),
        p.replace('\\', "/"),
        format!("{}{}", &p[..1].to_lowercase(), &p[1..]),
        format!("{}\\", p),
    ];
    let mut outs = Vec::new();
    for v in &variants {
        let o = Command::new(env!("CARGO_BIN_EXE_altinn-ls"))
            .args(["check", "--format", "json", v])
            .output()
            .unwrap();
        assert!(
            o.status.code() == Some(0) || o.status.code() == Some(1),
            "{v}: {o:?}"
        );
        let j: Value = serde_json::from_slice(&o.stdout).unwrap();
        for d in j["diagnostics"].as_array().unwrap() {
            let f = d["file"].as_str().unwrap();
            assert!(!f.contains('\\'), "file with a backslash: {f}");
        }
        outs.push((j["diagnostics"].clone(), j["summary"].clone()));
    }
    for o in &outs[1..] {
        assert_eq!(o, &outs[0]);
    }
}
