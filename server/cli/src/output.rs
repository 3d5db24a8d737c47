//! Rendering diagnostics: human (rustc-like), JSON (the pinned shape), SARIF 2.1.0.

use altinn_analysis::check::codes;
use altinn_analysis::syntax::PositionEncoding;
use altinn_analysis::{AppDb, Diagnostic, Position, Severity, TextRange};
use altinn_lsp::workspace::AppLocation;
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

pub struct ReportedApp {
    pub location: AppLocation,
    pub db: AppDb,
    pub diagnostics: Vec<Diagnostic>,
}

pub struct Report {
    pub root: PathBuf,
    pub apps: Vec<ReportedApp>,
}

fn rel(root: &Path, p: &Path) -> String {
    let r = p
        .strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/");
    r.trim_start_matches("./").to_string()
}

impl ReportedApp {
    /// A file path relative to the report root.
    fn file_path(&self, root: &Path, app_rel: &str) -> String {
        let base = rel(root, &self.location.app_dir);
        if base.is_empty() || base == "." {
            app_rel.to_string()
        } else {
            format!("{base}/{app_rel}")
        }
    }
    fn position(&self, file: &str, range: TextRange) -> (Position, Position) {
        match self.db.file(file) {
            Some(f) => f.line_index.range(&f.text, range, PositionEncoding::Utf16),
            None => (Position::default(), Position::default()),
        }
    }
}

fn range_json(p: (Position, Position)) -> Value {
    json!({"start": {"line": p.0.line, "character": p.0.character}, "end": {"line": p.1.line, "character": p.1.character}})
}

pub fn write(w: &mut impl Write, format: Format, reports: &[Report]) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            for r in reports {
                serde_json::to_writer_pretty(&mut *w, &json_report(r))?;
                writeln!(w)?;
            }
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut *w, &sarif(reports))?;
            writeln!(w)?;
        }
        Format::Human => human(w, reports)?,
    }
    Ok(())
}

fn counts<'a>(diags: impl Iterator<Item = &'a Diagnostic>) -> [usize; 4] {
    let mut c = [0; 4];
    for d in diags {
        c[d.severity as usize] += 1;
    }
    c
}

pub fn json_report(r: &Report) -> Value {
    let mut diags = Vec::new();
    let mut files = 0;
    for app in &r.apps {
        files += app.db.files().count();
        let app_name = rel(&r.root, &app.location.repo);
        for d in &app.diagnostics {
            diags.push(json!({
                "app": if app_name == "." { String::new() } else { app_name.clone() },
                "file": app.file_path(&r.root, &d.file),
                "range": range_json(app.position(&d.file, d.range)),
                "severity": d.severity.as_str(),
                "code": d.code,
                "message": d.message,
                "related": d.related.iter().map(|rel| json!({
                    "file": app.file_path(&r.root, &rel.file),
                    "range": range_json(app.position(&rel.file, rel.range)),
                    "message": rel.message,
                })).collect::<Vec<_>>(),
            }));
        }
    }
    let c = counts(r.apps.iter().flat_map(|a| &a.diagnostics));
    json!({
        "version": 1,
        "root": r.root.to_string_lossy(),
        "diagnostics": diags,
        "summary": {"apps": r.apps.len(), "files": files, "errors": c[0], "warnings": c[1], "information": c[2], "hints": c[3]},
    })
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

fn sarif_location(app: &ReportedApp, root: &Path, file: &str, range: TextRange) -> Value {
    let (s, e) = app.position(file, range);
    json!({"physicalLocation": {
        "artifactLocation": {"uri": app.file_path(root, file), "uriBaseId": "SRCROOT"},
        "region": {"startLine": s.line + 1, "startColumn": s.character + 1, "endLine": e.line + 1, "endColumn": e.character + 1},
    }})
}

pub fn sarif(reports: &[Report]) -> Value {
    let rules: Vec<Value> = codes::all()
        .iter()
        .map(|c| json!({"id": c.code, "shortDescription": {"text": c.summary}, "defaultConfiguration": {"level": sarif_level(c.severity)}}))
        .collect();
    let mut results = Vec::new();
    for r in reports {
        for app in &r.apps {
            for d in &app.diagnostics {
                results.push(json!({
                    "ruleId": d.code,
                    "level": sarif_level(d.severity),
                    "message": {"text": d.message},
                    "locations": [sarif_location(app, &r.root, &d.file, d.range)],
                    "relatedLocations": d.related.iter().enumerate().map(|(i, rel)| {
                        let mut l = sarif_location(app, &r.root, &rel.file, rel.range);
                        l["id"] = json!(i);
                        l["message"] = json!({"text": rel.message});
                        l
                    }).collect::<Vec<_>>(),
                }));
            }
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "altinn-ls", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://altinn.studio", "rules": rules}},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}

fn human(w: &mut impl Write, reports: &[Report]) -> std::io::Result<()> {
    let mut total = [0usize; 4];
    for r in reports {
        for app in &r.apps {
            for d in &app.diagnostics {
                let path = app.file_path(&r.root, &d.file);
                let (s, e) = app
                    .db
                    .file(&d.file)
                    .map(|f| f.line_index.range(&f.text, d.range, PositionEncoding::Utf8))
                    .unwrap_or_default();
                writeln!(w, "{}[{}]: {}", d.severity.as_str(), d.code, d.message)?;
                let gutter = format!("{}", s.line + 1).len();
                let pad = " ".repeat(gutter);
                let col = app
                    .db
                    .file(&d.file)
                    .map(|f| {
                        f.line_index
                            .position(&f.text, d.range.start, PositionEncoding::Utf16)
                            .character
                    })
                    .unwrap_or(0);
                writeln!(w, "{pad}--> {}:{}:{}", path, s.line + 1, col + 1)?;
                if let Some(f) = app.db.file(&d.file) {
                    let line_start = f.line_index.line_start(s.line).unwrap_or(0) as usize;
                    let line = f.text[line_start..].lines().next().unwrap_or("");
                    let line_disp: String = line.chars().take(160).collect();
                    writeln!(w, "{pad} |")?;
                    writeln!(w, "{} | {}", s.line + 1, line_disp.trim_end())?;
                    let before = line
                        .get(..s.character as usize)
                        .map(|b| b.chars().count())
                        .unwrap_or(0);
                    let width = if e.line == s.line {
                        line.get(s.character as usize..e.character as usize)
                            .map(|m| m.chars().count())
                            .unwrap_or(1)
                            .max(1)
                    } else {
                        line.chars().count().saturating_sub(before).max(1)
                    };
                    let indent: String = line
                        .chars()
                        .take(before)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    writeln!(w, "{pad} | {indent}{}", "^".repeat(width.min(160)))?;
                }
                for rel in &d.related {
                    let (rs, _) = app.position(&rel.file, rel.range);
                    writeln!(
                        w,
                        "{pad} = note: {}: {}:{}:{}",
                        rel.message,
                        app.file_path(&r.root, &rel.file),
                        rs.line + 1,
                        rs.character + 1
                    )?;
                }
                writeln!(w)?;
            }
            let c = counts(app.diagnostics.iter());
            for i in 0..4 {
                total[i] += c[i];
            }
        }
    }
    let apps: usize = reports.iter().map(|r| r.apps.len()).sum();
    writeln!(
        w,
        "checked {apps} app{}: {} error{}, {} warning{}, {} information, {} hint{}",
        if apps == 1 { "" } else { "s" },
        total[0],
        if total[0] == 1 { "" } else { "s" },
        total[1],
        if total[1] == 1 { "" } else { "s" },
        total[2],
        total[3],
        if total[3] == 1 { "" } else { "s" }
    )
}

pub fn codes_markdown() -> String {
    let mut s = String::from("| code | default severity | what it reports |\n|---|---|---|\n");
    for c in codes::all() {
        // The anchor is what the language server's `codeDescription` links point to.
        s.push_str(&format!(
            "| <a id=\"{}\"></a>`{}` | {} | {} |\n",
            c.code.to_ascii_lowercase(),
            c.code,
            c.severity.as_str(),
            c.summary
        ));
    }
    s.push_str("\n## What the rules rest on\n");
    for f in codes::families() {
        let (Some(first), Some(last)) = (f.codes.first(), f.codes.last()) else {
            continue;
        };
        let span = if first.code == last.code {
            format!("`{}`", first.code)
        } else {
            format!("`{}`–`{}`", first.code, last.code)
        };
        let grounds = if f.grounds.is_empty() {
            "Not written down yet."
        } else {
            f.grounds
        };
        s.push_str(&format!("\n### {} ({span})\n\n{grounds}\n", f.title));
    }
    s
}
