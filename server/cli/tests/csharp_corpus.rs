//! The C# cross-reference on real apps: in every app with a C# model (`App/models/*.cs`), a
//! go to definition on a layout binding lands on the C# property when the class has it, and
//! the references of that C# property find the binding again.
//!
//! Apps come from ../shared/altinn/corpus and, when present, the extracted real-app set
//! (`ALTINN_REALAPPS`, default /work/realapps, made by tests/realapps/extract.sh). Without
//! ../shared the test skips visibly (a failure under CI); with no app holding a C# model it
//! says so as a skip, never as a pass.

use altinn_analysis::ide;
use altinn_analysis::syntax::TextRange;
use altinn_workspace as workspace;
use std::io::Write;
use std::path::PathBuf;

#[path = "../../../tests/support/prereq.rs"]
mod prereq;

const TEST: &str = "csharp_cross_reference_on_real_apps";

#[test]
fn csharp_cross_reference_on_real_apps() {
    let Some(corpus) = prereq::shared("altinn/corpus", TEST) else {
        return;
    };
    let mut roots = vec![corpus];
    let real = std::env::var_os("ALTINN_REALAPPS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/realapps"));
    if real.is_dir() {
        roots.push(real);
    }
    let (mut apps, mut bindings) = (0usize, 0usize);
    for root in &roots {
        for loc in workspace::find_apps(root).unwrap() {
            let rc = workspace::repo_config(&loc);
            let config = rc.config.clone();
            let app = workspace::load_app(loc, rc, config);
            let db = &app.db;
            let has_cs = db
                .files()
                .any(|f| f.path.starts_with("models/") && f.path.ends_with(".cs"));
            if !has_cs {
                continue;
            }
            apps += 1;
            bindings += check_app(db, &app.loc.app_dir.display().to_string());
        }
    }
    if apps == 0 {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {TEST}: no app with App/models/*.cs in the corpus or ALTINN_REALAPPS"
        );
        return;
    }
    assert!(
        bindings > 0,
        "{apps} apps with C# models, but no binding reached a C# property"
    );
    eprintln!("{TEST}: {apps} apps with C# models, {bindings} bindings cross-referenced");
}

/// Every simple binding string of every layout: its definitions include a `.cs` property when
/// one is found, and that property's references include the binding. Returns how many did.
fn check_app(db: &altinn_analysis::AppDb, name: &str) -> usize {
    let mut n = 0;
    let layouts: Vec<String> = db
        .files()
        .filter(|f| {
            f.path.starts_with("ui/") && f.path.contains("/layouts/")
                || f.path == "ui/FormLayout.json"
        })
        .map(|f| f.path.clone())
        .collect();
    for path in layouts {
        let file = db.file(&path).unwrap();
        for range in binding_strings(&file.text) {
            let off = range.start + 1;
            let defs = ide::definition(db, &path, off);
            let Some(cs) = defs.iter().find(|l| l.file.ends_with(".cs")) else {
                if std::env::var_os("CSHARP_CORPUS_MISSES").is_some() && !defs.is_empty() {
                    eprintln!(
                        "miss {name} {path}: {}",
                        &file.text[range.start as usize..range.end as usize]
                    );
                }
                continue;
            };
            let cs_text = &db.file(&cs.file).unwrap().text;
            let ident = &cs_text[cs.range.start as usize..cs.range.end as usize];
            assert!(
                ident.chars().all(|c| c.is_alphanumeric() || c == '_'),
                "{name}: {path}@{off} lands on `{ident}` in {}, not a property name",
                cs.file
            );
            let refs = ide::references(db, &cs.file, cs.range.start, false);
            assert!(
                refs.iter()
                    .any(|r| r.file == path && r.range.start <= off && off <= r.range.end),
                "{name}: references of {}:{ident} miss the binding in {path}@{off}: {refs:?}",
                cs.file
            );
            n += 1;
        }
    }
    n
}

/// The content ranges of the string values of `"simpleBinding"` members (a text scan: the
/// binding form every app uses).
fn binding_strings(text: &str) -> Vec<TextRange> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("\"simpleBinding\"") {
        let rest = &text[i + 15..];
        let Some(colon) = rest.find(':') else {
            continue;
        };
        let after = &rest[colon + 1..];
        let ws = after.len() - after.trim_start().len();
        if !after[ws..].starts_with('"') {
            continue;
        }
        let start = i + 15 + colon + 1 + ws + 1;
        if let Some(len) = text[start..].find('"') {
            out.push(TextRange::new(start as u32, (start + len) as u32));
        }
    }
    out
}
