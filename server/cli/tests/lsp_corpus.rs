//! End-to-end on the real apps in `../shared/altinn/corpus`: the diagnostics the client
//! received (publishDiagnostics notifications) for a whole workspace equal, one by one (file,
//! range, code, severity, message), what `altinn-ls check --format json` reports.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeSet;
use support::{corpus, uri, Client, Options};

type Key = (String, u64, u64, u64, u64, String, u64, String);

fn severity(s: &str) -> u64 {
    match s {
        "error" => 1,
        "warning" => 2,
        "information" => 3,
        _ => 4,
    }
}

#[test]
fn server_diagnostics_equal_check_output_on_the_corpus() {
    let Some(corpus) = corpus("server_diagnostics_equal_check_output_on_the_corpus") else {
        return;
    };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_altinn-ls"))
        .args(["check", "--format", "json"])
        .arg(&corpus)
        .output()
        .expect("run check");
    let report: Value = serde_json::from_slice(&out.stdout).expect("check JSON");
    let n_apps = report["summary"]["apps"].as_u64().unwrap();
    let mut expected: BTreeSet<Key> = BTreeSet::new();
    for d in report["diagnostics"].as_array().unwrap() {
        let r = &d["range"];
        expected.insert((
            uri(&corpus.join(d["file"].as_str().unwrap())),
            r["start"]["line"].as_u64().unwrap(),
            r["start"]["character"].as_u64().unwrap(),
            r["end"]["line"].as_u64().unwrap(),
            r["end"]["character"].as_u64().unwrap(),
            d["code"].as_str().unwrap().to_string(),
            severity(d["severity"].as_str().unwrap()),
            d["message"].as_str().unwrap().to_string(),
        ));
    }
    let mut c = Client::start(Options {
        folders: vec![corpus.clone()],
        ..Default::default()
    });
    c.wait_notification("altinn/status", |p| {
        p["apps"].as_array().map(|a| a.len() as u64) == Some(n_apps)
    });
    // The server checks everything still queued and publishes it before it answers; its answer
    // names what it published. The publications travel on their own queue and may reach the
    // client after the answer (no ordering between them is promised), so wait until the client
    // has every non-empty list the server says it sent; what is compared is what was received.
    let state = c
        .request(
            "workspace/executeCommand",
            json!({"command": "altinn.debug.state", "arguments": []}),
        )
        .expect("state");
    let sent: Vec<(String, usize)> = state["diagnostics"]
        .as_object()
        .expect("debug state's diagnostics")
        .iter()
        .filter_map(|(u, l)| Some((u.clone(), l.as_array()?.len())).filter(|(_, n)| *n > 0))
        .collect();
    assert!(!sent.is_empty(), "the corpus has diagnostics");
    let received = c.wait_all_diagnostics(|all| {
        sent.iter()
            .all(|(u, n)| all.get(u).map(Vec::len) == Some(*n))
    });
    let mut got: BTreeSet<Key> = BTreeSet::new();
    let mut n_received = 0;
    for (u, list) in &received {
        n_received += list.len();
        for d in list {
            let r = &d["range"];
            got.insert((
                u.clone(),
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            ));
            assert_eq!(d["source"], "altinn-ls");
        }
    }
    let missing: Vec<_> = expected.difference(&got).take(5).collect();
    let extra: Vec<_> = got.difference(&expected).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "client and check disagree\nonly in check: {missing:#?}\nonly received: {extra:#?}"
    );
    // No duplicates hidden by the set: as many received as check reported.
    let n_check = report["diagnostics"].as_array().unwrap().len();
    assert_eq!(
        n_received, n_check,
        "received {n_received}, check {n_check}"
    );
    assert_eq!(c.shutdown(), Some(0));
}
