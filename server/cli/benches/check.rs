//! `cargo bench -p altinn-ls --bench check`: batch validation speed and memory.
//!
//! Scenarios: definition set-up (first use of grammars and tables), the whole corpus cold
//! (read + parse + check every app in ../shared/altinn/corpus), the largest corpus app, and a
//! generated large app (300 pages × 40 components, 2 languages, 2,000 fields), in memory and
//! from disk. Prints median and p95 of N runs and the process's peak RSS.

use altinn_analysis::config::Config;
use altinn_analysis::testgen::{generate, GenSpec};
use altinn_analysis::AppDb;
use altinn_workspace::{check_app, find_apps, load_app, repo_config};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let p = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    (p(0.5), p(0.95))
}

fn run(name: &str, n: usize, mut f: impl FnMut() -> usize) {
    let mut times = Vec::new();
    let mut count = 0;
    let cpu0 = cpu_seconds();
    for _ in 0..n {
        let t = Instant::now();
        count = f();
        times.push(t.elapsed());
    }
    let cpu = (cpu_seconds() - cpu0) / n.max(1) as f64;
    let (p50, p95) = stats(times);
    println!(
        "{name:<48} median {:>9.2} ms   p95 {:>9.2} ms   cpu {:>7.1} ms/run   ({count} diagnostics)",
        p50.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        cpu * 1e3
    );
}

/// User + system CPU time of this process (all threads) in seconds: unlike wall time, it does
/// not grow when other processes compete for the cores. 0 where /proc is missing.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
    // USER_HZ is 100 on Linux.
    (ticks(11) + ticks(12)) / 100.0
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<f64>()
                    .unwrap_or(0.0)
            })
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn check_dir(root: &Path) -> usize {
    let apps = find_apps(root).unwrap_or_default();
    apps.into_iter()
        .map(|loc| {
            let rc = repo_config(&loc);
            let config = rc.config.clone();
            check_app(&load_app(loc, rc, config)).len()
        })
        .sum()
}

fn main() {
    let n: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let shared = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/altinn/corpus"
    ));

    // Set-up: grammars, parser objects and the code table are created on first use.
    let t = Instant::now();
    let tiny = AppDb::from_files(
        vec![(
            "ui/layouts/a.json".into(),
            "{\"data\":{\"layout\":[]}}".into(),
        )],
        Config::default(),
    );
    let _ = tiny.check_all();
    println!(
        "{:<48} {:>9.2} ms (once)",
        "definitions and parser set-up",
        t.elapsed().as_secs_f64() * 1e3
    );

    if shared.is_dir() {
        run("whole corpus, cold (read + parse + check)", n, || {
            check_dir(&shared)
        });
        let largest = std::fs::read_dir(&shared)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .max_by_key(|p| dir_size(p))
            .unwrap();
        let name = format!(
            "largest corpus app ({})",
            largest.file_name().unwrap().to_string_lossy()
        );
        run(&name, n, || check_dir(&largest));
    } else {
        println!("skipped corpus scenarios: ../shared/altinn/corpus not found");
    }

    let files = generate(GenSpec::default());
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    println!(
        "generated large app: {} files, {:.1} MB",
        files.len(),
        bytes as f64 / 1e6
    );
    run("generated large app, in memory (parse + check)", n, || {
        let db = AppDb::from_files(files.clone(), Config::default());
        db.check_all().len()
    });
    // "Did you mean" for thousands of unresolved references in one layout set.
    let summaries = unresolved_summaries(8_000);
    run("8,000 Summary components → missing ids", n.min(3), || {
        let db = AppDb::from_files(summaries.clone(), Config::default());
        db.check_all().len()
    });
    let texts = unresolved_text_keys(8_000);
    run("8,000 text keys → missing keys", n.min(3), || {
        let db = AppDb::from_files(texts.clone(), Config::default());
        db.check_all().len()
    });

    let dir = std::env::temp_dir().join(format!("altinn-ls-bench-{}", std::process::id()));
    for (p, t) in &files {
        let path = dir.join("App").join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, t).unwrap();
    }
    run("generated large app, from disk", n, || check_dir(&dir));
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "{:<48} {:>9.1} MB",
        "peak resident memory of this process",
        peak_rss_mb()
    );
}

/// A legacy app whose one page holds `n` Summary components, each pointing at a component
/// that does not exist: every reference asks "did you mean" against every id of the set.
fn unresolved_summaries(n: usize) -> Vec<(String, String)> {
    let comps: Vec<String> = (0..n)
        .map(|i| {
            format!(r#"{{"id": "summary{i}", "type": "Summary", "componentRef": "missing{i}"}}"#)
        })
        .collect();
    vec![
        (
            "config/applicationmetadata.json".into(),
            r#"{"id": "ttd/s", "org": "ttd", "title": {"nb": "S"}, "dataTypes": []}"#.into(),
        ),
        (
            "ui/layouts/Page.json".into(),
            format!(
                "{{\"data\": {{\"layout\": [\n{}\n]}}}}\n",
                comps.join(",\n")
            ),
        ),
    ]
}

/// A legacy app with `n` text keys and one page of `n` components whose title names a key
/// with a typo: every unresolved key asks "did you mean" against every key of the language.
fn unresolved_text_keys(n: usize) -> Vec<(String, String)> {
    let comps: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id": "para{i}", "type": "Paragraph", "textResourceBindings": {{"title": "field.{i}.titel"}}}}"#
            )
        })
        .collect();
    let keys: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id": "field.{i}.title", "value": "Field {i}"}}"#))
        .collect();
    vec![
        (
            "config/applicationmetadata.json".into(),
            r#"{"id": "ttd/t", "org": "ttd", "title": {"nb": "T"}, "dataTypes": []}"#.into(),
        ),
        (
            "config/texts/resource.nb.json".into(),
            format!(
                "{{\"language\": \"nb\", \"resources\": [\n{}\n]}}\n",
                keys.join(",\n")
            ),
        ),
        (
            "ui/layouts/Page.json".into(),
            format!(
                "{{\"data\": {{\"layout\": [\n{}\n]}}}}\n",
                comps.join(",\n")
            ),
        ),
    ]
}

fn dir_size(p: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![p.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(_) => total += e.metadata().map(|m| m.len()).unwrap_or(0),
                _ => {}
            }
        }
    }
    total
}
