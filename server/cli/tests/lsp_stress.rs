//! End-to-end stress: thousands of random insertions and deletions (including positions
//! past line ends, past the end of the text, inside surrogate pairs and reversed ranges),
//! then the server's text and diagnostics must equal those of a fresh server that opens
//! the final text (a full re-parse).

mod support;

use altinn_analysis::testgen::Rng;
use serde_json::{json, Value};
use support::{fixtures, offset, Client, Options, TempCopy};

const PIECES: &[&str] = &[
    "a",
    "ø",
    "æ",
    "å",
    "Å",
    "😀",
    "👍🏽",
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\n",
    "\r\n",
    "\"id\": \"x\"",
    "null",
    "12",
    "\\",
    "\t",
    "é",
    "𝄞",
];

fn random_text(rng: &mut Rng) -> String {
    let n = rng.below(4);
    (0..n)
        .map(|_| PIECES[rng.below(PIECES.len() as u64) as usize])
        .collect()
}

fn run(utf8: bool, seed: u64, edits: usize) {
    let app = TempCopy::of(&fixtures().join("tiny-app"));
    let encodings = if utf8 { vec!["utf-8"] } else { vec![] };
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        encodings: encodings.clone(),
        ..Default::default()
    });
    let files = [
        app.path.join("App/config/texts/resource.nb.json"),
        app.path.join("App/ui/form/layouts/Page1.json"),
    ];
    let mut docs: Vec<(String, String, i64)> = files
        .iter()
        .map(|p| {
            let (u, t) = c.open_file(p);
            (u, t, 0)
        })
        .collect();
    let mut rng = Rng(seed);
    for step in 0..edits {
        let d = rng.below(docs.len() as u64) as usize;
        let (uri, text, version) = &mut docs[d];
        let lines = text.split('\n').count() as u64;
        let pos = |rng: &mut Rng| {
            let line = rng.below(lines + 2) as u32;
            // Characters up to a bit past the longest line, in units of the encoding.
            let character = rng.below(140) as u32;
            (line, character)
        };
        let n_changes = 1 + rng.below(3) as usize;
        let mut changes = Vec::new();
        for _ in 0..n_changes {
            let (l1, c1) = pos(&mut rng);
            let (l2, c2) = if rng.below(3) == 0 {
                (l1, c1)
            } else if rng.below(10) == 0 {
                pos(&mut rng) // possibly reversed
            } else {
                (l1, c1 + rng.below(6) as u32)
            };
            let new_text = random_text(&mut rng);
            let s = offset(text, l1, c1, utf8);
            let e = offset(text, l2, c2, utf8).max(s);
            text.replace_range(s..e, &new_text);
            changes.push(json!({
                "range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}},
                "text": new_text
            }));
        }
        *version += 1;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
        if step % 500 == 499 {
            c.sync();
        }
    }
    let state = c
        .request(
            "workspace/executeCommand",
            json!({"command": "altinn.debug.state", "arguments": []}),
        )
        .expect("server alive after the stress run");
    for (uri, text, _) in &docs {
        assert_eq!(
            state["texts"][uri].as_str(),
            Some(text.as_str()),
            "server text of {uri} differs from the client's"
        );
    }
    // A fresh server, opening the final texts: a full parse from scratch.
    let mut fresh = Client::start(Options {
        folders: vec![app.path.clone()],
        encodings,
        ..Default::default()
    });
    for (i, (_, text, _)) in docs.iter().enumerate() {
        fresh.open(&files[i], text);
    }
    let fresh_state = fresh
        .request(
            "workspace/executeCommand",
            json!({"command": "altinn.debug.state", "arguments": []}),
        )
        .expect("fresh server state");
    let norm = |v: &Value| -> Vec<(String, Value)> {
        let mut out: Vec<(String, Value)> = v
            .as_object()
            .map(|o| {
                o.iter()
                    .filter(|(_, d)| d.as_array().is_some_and(|a| !a.is_empty()))
                    .map(|(k, d)| (k.clone(), d.clone()))
                    .collect()
            })
            .unwrap_or_default();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    };
    let a = norm(&state["diagnostics"]);
    let b = norm(&fresh_state["diagnostics"]);
    assert!(
        !a.is_empty(),
        "random edits of JSON should leave some diagnostics"
    );
    if a != b {
        for ((ka, da), (kb, db)) in a.iter().zip(b.iter()) {
            if ka != kb || da != db {
                panic!(
                    "diagnostics differ after random edits (seed {seed}):\nincremental {ka}: {da:#}\nfresh {kb}: {db:#}"
                );
            }
        }
        panic!(
            "diagnostics differ after random edits (seed {seed}): {} vs {} files",
            a.len(),
            b.len()
        );
    }
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn random_edits_utf16_match_a_fresh_parse() {
    run(false, 0x9E37_79B9_7F4A_7C15, 3000);
}

#[test]
fn random_edits_utf8_match_a_fresh_parse() {
    run(true, 0xD1B5_4A32_D192_ED03, 3000);
}
