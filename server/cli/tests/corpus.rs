//! The real apps in ../shared/altinn/corpus: nothing crashes, and every error `check` reports is
//! a real defect of that app, listed with a reason in `corpus_known_defects.tsv`. The list must
//! also stay exact: a listed defect that is no longer reported fails the test too.
//!
//! Everything else is pinned as well: every diagnostic of every severity (file, line, column,
//! severity, code, message) is the insta snapshot `snapshots/corpus__every_diagnostic.snap`
//! (our output about the corpus, not corpus files). A change shows there and is reviewed with
//! `INSTA_UPDATE=always cargo test -p altinn-ls --test corpus`.

use std::collections::BTreeMap;
use std::process::Command;

#[path = "../../../tests/support/prereq.rs"]
mod prereq;

#[test]
fn corpus_apps_check_without_crash_and_only_known_defects() {
    let Some(corpus) = prereq::shared(
        "altinn/corpus",
        "corpus_apps_check_without_crash_and_only_known_defects",
    ) else {
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_altinn-ls"))
        .args(["check", "--format", "json"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "check failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let apps = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .count();
    assert_eq!(
        v["summary"]["apps"].as_u64().unwrap() as usize,
        apps,
        "every corpus folder is found as an app"
    );

    // Every diagnostic, 1-based line:column, in check's order.
    let every: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = &d["range"]["start"];
            format!(
                "{}:{}:{} {} {} {}",
                d["file"].as_str().unwrap(),
                s["line"].as_u64().unwrap() + 1,
                s["character"].as_u64().unwrap() + 1,
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!("every_diagnostic", every.join("\n"));

    // Reported errors, counted per (file, code).
    let mut reported: BTreeMap<(String, String), usize> = BTreeMap::new();
    for d in v["diagnostics"].as_array().unwrap() {
        if d["severity"] == "error" {
            *reported
                .entry((
                    d["file"].as_str().unwrap().to_string(),
                    d["code"].as_str().unwrap().to_string(),
                ))
                .or_default() += 1;
        }
    }
    let listed_text = include_str!("corpus_known_defects.tsv");
    let mut listed: BTreeMap<(String, String), usize> = BTreeMap::new();
    for line in listed_text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(
            cols.len() >= 4 && !cols[3].trim().is_empty(),
            "each line needs file, code, count and a reason: {line}"
        );
        listed.insert(
            (cols[0].to_string(), cols[1].to_string()),
            cols[2].parse().unwrap(),
        );
    }
    let mut problems = Vec::new();
    for (k, n) in &reported {
        match listed.get(k) {
            Some(m) if m == n => {}
            Some(m) => problems.push(format!("{} {}: reported {n} errors, listed {m}", k.0, k.1)),
            None => problems.push(format!("{} {}: {n} unexpected error(s)", k.0, k.1)),
        }
    }
    for (k, m) in &listed {
        if !reported.contains_key(k) {
            problems.push(format!(
                "{} {}: listed ({m}) but no longer reported",
                k.0, k.1
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "corpus errors differ from the known-defect list:\n{}",
        problems.join("\n")
    );
}
