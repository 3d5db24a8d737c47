//! Rendering diagnostics: human (rustc-like), JSON (the pinned shape), SARIF 2.1.0.

use altinn_analysis::check::codes;
use altinn_analysis::syntax::PositionEncoding;
use altinn_analysis::{AppDb, Diagnostic, Position, Severity, TextRange};
use altinn_workspace::{AppLocation, Counts};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

/// One checked app as the printer sees it: where it is and its files (for positions and
/// source lines).
pub struct AppView<'a> {
    pub loc: &'a AppLocation,
    pub db: &'a AppDb,
}

fn rel(root: &Path, p: &Path) -> String {
    let r = p
        .strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/");
    r.trim_start_matches("./").to_string()
}

impl AppView<'_> {
    /// A file path relative to the report root.
    fn file_path(&self, root: &Path, app_rel: &str) -> String {
        let base = rel(root, &self.loc.app_dir);
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
    /// The app's name in JSON output: its repository relative to the root ("" for the root).
    fn name(&self, root: &Path) -> String {
        if self.loc.repo.strip_prefix(root).is_err() {
            return String::new();
        }
        let n = rel(root, &self.loc.repo);
        if n == "." {
            String::new()
        } else {
            n
        }
    }
}

fn range_json(p: (Position, Position)) -> Value {
    json!({"start": {"line": p.0.line, "character": p.0.character}, "end": {"line": p.1.line, "character": p.1.character}})
}

/// Writes a report while apps are checked, one app at a time, so that nothing but the app
/// being printed is held in memory. JSON (one document per root) and SARIF (one document)
/// stay valid documents: their arrays are written element by element.
///
/// Call [`Printer::begin_root`], then [`Printer::app`] per app, then [`Printer::end_root`],
/// for each root; then [`Printer::finish`].
pub struct Printer<W: Write> {
    w: W,
    format: Format,
    /// Whether an element was written into the current JSON or SARIF array.
    in_array: bool,
    root_counts: Counts,
    root_apps: usize,
    root_files: usize,
    total: Counts,
    apps: usize,
}

impl<W: Write> Printer<W> {
    pub fn begin(mut w: W, format: Format) -> std::io::Result<Self> {
        if let Format::Sarif = format {
            let rules: Vec<Value> = codes::all()
                .iter()
                .map(|c| json!({"id": c.code, "shortDescription": {"text": c.summary}, "defaultConfiguration": {"level": sarif_level(c.severity)}}))
                .collect();
            let tool = json!({"driver": {"name": "altinn-ls", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://altinn.studio", "rules": rules}});
            writeln!(w, "{{")?;
            writeln!(
                w,
                "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\","
            )?;
            writeln!(w, "  \"version\": \"2.1.0\",")?;
            writeln!(w, "  \"runs\": [")?;
            writeln!(w, "    {{")?;
            write!(w, "      \"tool\": ")?;
            write_indented(&mut w, &tool, 6)?;
            writeln!(w, ",")?;
            writeln!(w, "      \"columnKind\": \"utf16CodeUnits\",")?;
            write!(w, "      \"results\": [")?;
        }
        Ok(Printer {
            w,
            format,
            in_array: false,
            root_counts: Counts::default(),
            root_apps: 0,
            root_files: 0,
            total: Counts::default(),
            apps: 0,
        })
    }

    pub fn begin_root(&mut self, root: &Path) -> std::io::Result<()> {
        self.root_counts = Counts::default();
        self.root_apps = 0;
        self.root_files = 0;
        if let Format::Json = self.format {
            let w = &mut self.w;
            writeln!(w, "{{")?;
            writeln!(w, "  \"version\": 1,")?;
            writeln!(
                w,
                "  \"root\": {},",
                Value::String(root.to_string_lossy().into_owned())
            )?;
            write!(w, "  \"diagnostics\": [")?;
            self.in_array = false;
        }
        Ok(())
    }

    /// Prints one app's diagnostics; `files`: how many files were checked.
    pub fn app(
        &mut self,
        root: &Path,
        app: &AppView,
        files: usize,
        diagnostics: &[Diagnostic],
    ) -> std::io::Result<()> {
        self.root_apps += 1;
        self.apps += 1;
        self.root_files += files;
        let c = Counts::of(diagnostics);
        self.root_counts.merge(c);
        self.total.merge(c);
        match self.format {
            Format::Json => {
                let name = app.name(root);
                for d in diagnostics {
                    let v = json_diagnostic(root, app, &name, d);
                    self.element(&v, 4)?;
                }
            }
            Format::Sarif => {
                for d in diagnostics {
                    let v = sarif_result(root, app, d);
                    self.element(&v, 8)?;
                }
            }
            Format::Human => {
                for d in diagnostics {
                    human_diagnostic(&mut self.w, root, app, d)?;
                }
            }
        }
        Ok(())
    }

    /// One element of the open array, indented.
    fn element(&mut self, v: &Value, indent: usize) -> std::io::Result<()> {
        writeln!(self.w, "{}", if self.in_array { "," } else { "" })?;
        write!(self.w, "{}", " ".repeat(indent))?;
        write_indented(&mut self.w, v, indent)?;
        self.in_array = true;
        Ok(())
    }

    /// Closes the array, with the indentation of its key.
    fn close_array(&mut self, indent: usize) -> std::io::Result<()> {
        if self.in_array {
            write!(self.w, "\n{}]", " ".repeat(indent))?;
        } else {
            write!(self.w, "]")?;
        }
        self.in_array = false;
        Ok(())
    }

    pub fn end_root(&mut self) -> std::io::Result<()> {
        if let Format::Json = self.format {
            self.close_array(2)?;
            let c = self.root_counts;
            let summary = json!({"apps": self.root_apps, "files": self.root_files, "errors": c.errors, "warnings": c.warnings, "information": c.information, "hints": c.hints});
            writeln!(self.w, ",")?;
            write!(self.w, "  \"summary\": ")?;
            write_indented(&mut self.w, &summary, 2)?;
            writeln!(self.w, "\n}}")?;
        }
        Ok(())
    }

    /// Ends the output; returns the counts over every root.
    pub fn finish(mut self) -> std::io::Result<Counts> {
        let total = self.total;
        match self.format {
            Format::Sarif => {
                self.close_array(6)?;
                writeln!(self.w, "\n    }}\n  ]\n}}")?;
            }
            Format::Human => {
                let apps = self.apps;
                writeln!(
                    self.w,
                    "checked {apps} app{}: {} error{}, {} warning{}, {} information, {} hint{}",
                    if apps == 1 { "" } else { "s" },
                    total.errors,
                    if total.errors == 1 { "" } else { "s" },
                    total.warnings,
                    if total.warnings == 1 { "" } else { "s" },
                    total.information,
                    total.hints,
                    if total.hints == 1 { "" } else { "s" }
                )?;
            }
            Format::Json => {}
        }
        self.w.flush()?;
        Ok(total)
    }
}

/// Pretty JSON whose lines after the first are indented by `indent` (JSON strings hold no
/// raw line breaks, so this cannot change a value).
fn write_indented(w: &mut impl Write, v: &Value, indent: usize) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(v).map_err(std::io::Error::other)?;
    let pad = " ".repeat(indent);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            write!(w, "\n{pad}")?;
        }
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn json_diagnostic(root: &Path, app: &AppView, name: &str, d: &Diagnostic) -> Value {
    json!({
        "app": name,
        "file": app.file_path(root, &d.file),
        "range": range_json(app.position(&d.file, d.range)),
        "severity": d.severity.as_str(),
        "code": d.code,
        "message": d.message,
        "related": d.related.iter().map(|rel| json!({
            "file": app.file_path(root, &rel.file),
            "range": range_json(app.position(&rel.file, rel.range)),
            "message": rel.message,
        })).collect::<Vec<_>>(),
    })
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

fn sarif_location(app: &AppView, root: &Path, file: &str, range: TextRange) -> Value {
    let (s, e) = app.position(file, range);
    json!({"physicalLocation": {
        "artifactLocation": {"uri": app.file_path(root, file), "uriBaseId": "SRCROOT"},
        "region": {"startLine": s.line + 1, "startColumn": s.character + 1, "endLine": e.line + 1, "endColumn": e.character + 1},
    }})
}

fn sarif_result(root: &Path, app: &AppView, d: &Diagnostic) -> Value {
    json!({
        "ruleId": d.code,
        "level": sarif_level(d.severity),
        "message": {"text": d.message},
        "locations": [sarif_location(app, root, &d.file, d.range)],
        "relatedLocations": d.related.iter().enumerate().map(|(i, rel)| {
            let mut l = sarif_location(app, root, &rel.file, rel.range);
            l["id"] = json!(i);
            l["message"] = json!({"text": rel.message});
            l
        }).collect::<Vec<_>>(),
    })
}

fn human_diagnostic(
    w: &mut impl Write,
    root: &Path,
    app: &AppView,
    d: &Diagnostic,
) -> std::io::Result<()> {
    let path = app.file_path(root, &d.file);
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
            app.file_path(root, &rel.file),
            rs.line + 1,
            rs.character + 1
        )?;
    }
    writeln!(w)
}

pub fn codes_markdown() -> String {
    let mut s = String::from("| code | default severity | what it reports |\n|---|---|---|\n");
    for c in codes::all() {
        // The anchor is what the language server's `codeDescription` links point to.
        s.push_str(&format!(
            "| <a id=\"{}\"></a>`{}` | {} | {} |\n",
            c.code.as_str().to_ascii_lowercase(),
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
    s.push_str("\n## Altinn's `studioctl app vet` rules and the codes that cover them\n\n");
    s.push_str("The rules of Altinn's own checker (rule engine `Altinn.Studio.AppConfig`, altinn-studio branch `poc/studiolsp`), with their default severity.\n\n");
    s.push_str("| vet rule | vet severity | altinn-ls codes | difference |\n|---|---|---|---|\n");
    for (rule, sev, ours, note) in codes::STUDIOCTL_VET {
        s.push_str(&format!("| `{rule}` | {sev} | {ours} | {note} |\n"));
    }
    s
}
