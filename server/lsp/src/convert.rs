//! Conversions between the analysis core's plain data and LSP types: positions in the
//! negotiated encoding, diagnostics, URIs ↔ file paths.

use altinn_analysis::diagnostic::{Code, FixData};
use altinn_analysis::syntax::PositionEncoding;
use altinn_analysis::{Diagnostic, LineIndex, Position, Severity, TextRange};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;
use tower_lsp_server::ls_types as lsp;

/// Text with its line index: what every position conversion needs.
pub struct TextRef<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl TextRef<'_> {
    /// Byte offset of an LSP position; invalid positions clamp, never panic.
    pub fn offset(&self, p: lsp::Position, enc: PositionEncoding) -> u32 {
        self.index.offset(
            self.text,
            Position {
                line: p.line,
                character: p.character,
            },
            enc,
        )
    }

    /// Byte range of an LSP range; an end before the start collapses onto the start.
    pub fn range_to_text(&self, r: lsp::Range, enc: PositionEncoding) -> TextRange {
        let start = self.offset(r.start, enc);
        let end = self.offset(r.end, enc).max(start);
        TextRange::new(start, end)
    }

    pub fn position(&self, offset: u32, enc: PositionEncoding) -> lsp::Position {
        let p = self.index.position(self.text, offset, enc);
        lsp::Position::new(p.line, p.character)
    }

    pub fn range(&self, r: TextRange, enc: PositionEncoding) -> lsp::Range {
        lsp::Range::new(self.position(r.start, enc), self.position(r.end, enc))
    }
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// Where the codes are documented: `docs/codes.md` in the repository (Cargo.toml's
/// `repository`, on GitHub), one anchor per code (`#al0101`).
pub const CODES_PAGE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/codes.md");

/// The `codeDescription` link of a code: its row in [`CODES_PAGE`]. Built once per code
/// (diagnostics are converted on every keystroke).
pub fn code_link(code: Code) -> Option<lsp::CodeDescription> {
    static LINKS: OnceLock<HashMap<Code, lsp::Uri>> = OnceLock::new();
    let links = LINKS.get_or_init(|| {
        altinn_analysis::check::codes::all()
            .into_iter()
            .filter_map(|c| {
                let href = format!("{CODES_PAGE}#{}", c.code.as_str().to_ascii_lowercase());
                Some((c.code, parse_uri(&href)?))
            })
            .collect()
    });
    links
        .get(&code)
        .map(|href| lsp::CodeDescription { href: href.clone() })
}

/// What a quick fix needs, as JSON in the diagnostic's `data`.
pub fn fix_data(fix: &FixData) -> Value {
    match fix {
        FixData::Replace(text) => json!({"kind": "replace", "text": text}),
        FixData::MissingTextKey(key) => json!({"kind": "missingTextKey", "key": key}),
        FixData::PageNotInOrder {
            settings_file,
            page,
        } => json!({"kind": "pageNotInOrder", "settingsFile": settings_file, "page": page}),
        FixData::DuplicateId { suggestion } => {
            json!({"kind": "duplicateId", "suggestion": suggestion})
        }
        FixData::MergeConflict => json!({"kind": "mergeConflict"}),
    }
}

/// Converts one diagnostic. `text` is the file the diagnostic is in; `related_text` resolves
/// related locations (file path relative to the app → its text and URI).
pub fn diagnostic<'a>(
    d: &Diagnostic,
    text: Option<&TextRef<'_>>,
    enc: PositionEncoding,
    related: &dyn Fn(&str) -> Option<(lsp::Uri, TextRef<'a>)>,
) -> lsp::Diagnostic {
    let range = text
        .map(|t| t.range(d.range, enc))
        .unwrap_or_else(|| lsp::Range::new(lsp::Position::new(0, 0), lsp::Position::new(0, 0)));
    let related_information: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let (uri, t) = related(&r.file)?;
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location::new(uri, t.range(r.range, enc)),
                message: r.message.clone(),
            })
        })
        .collect();
    let mut data = json!({"code": d.code});
    if let Some(fix) = &d.fix {
        data["fix"] = fix_data(fix);
    }
    lsp::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: code_link(d.code),
        source: Some("altinn-ls".to_string()),
        message: d.message.clone(),
        related_information: if related_information.is_empty() {
            None
        } else {
            Some(related_information)
        },
        tags: None,
        data: Some(data),
    }
}

/// The file path of a `file:` URI.
pub fn uri_to_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let scheme = uri.scheme().as_str();
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| one_spelling(p.into_owned()))
}

/// Windows: one spelling per file. Clients send the same file as `file:///c%3A/…` and
/// `file:///C:/…`, and a folder may be opened in another case than the files inside it are
/// reported in (the file system ignores case; path comparison does not). Each existing
/// component takes its name as it is on disk (links are not resolved: the user's path stays
/// the user's path), so a file is never in the app model twice. Elsewhere: the path as given.
#[cfg(windows)]
fn one_spelling(p: PathBuf) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    let mut on_disk = true;
    for c in p.components() {
        match c {
            Component::Prefix(pre) => {
                let s = pre.as_os_str().to_string_lossy();
                if s.len() == 2 && s.as_bytes()[1] == b':' {
                    out.push(s.to_uppercase());
                } else {
                    out.push(pre.as_os_str());
                }
            }
            Component::Normal(name) if on_disk => match name_on_disk(&out, name) {
                Some(real) => out.push(real),
                None => {
                    on_disk = false;
                    out.push(name);
                }
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The entry of `dir` named `name`, ignoring case (an exact match first).
#[cfg(windows)]
fn name_on_disk(dir: &Path, name: &std::ffi::OsStr) -> Option<std::ffi::OsString> {
    let want = name.to_string_lossy().to_lowercase();
    let mut other_case = None;
    for e in std::fs::read_dir(dir).ok()?.flatten() {
        let n = e.file_name();
        if n == name {
            return Some(n);
        }
        if other_case.is_none() && n.to_string_lossy().to_lowercase() == want {
            other_case = Some(n);
        }
    }
    other_case
}

#[cfg(not(windows))]
fn one_spelling(p: PathBuf) -> PathBuf {
    p
}

pub fn path_to_uri(path: &Path) -> Option<lsp::Uri> {
    let uri = lsp::Uri::from_file_path(path)?;
    Some(
        plain_drive_colon(uri.as_str())
            .and_then(|s| parse_uri(&s))
            .unwrap_or(uri),
    )
}

/// Windows: `file:///C%3A/x` (what from_file_path makes) -> `file:///C:/x` (RFC 8089, what
/// most clients write and compare).
fn plain_drive_colon(s: &str) -> Option<String> {
    let rest = s.strip_prefix("file:///")?;
    let drive = rest.chars().next().filter(char::is_ascii_alphabetic)?;
    let after = rest[1..].strip_prefix("%3A")?;
    Some(format!("file:///{drive}:{after}"))
}

/// Parses a URI string (used for `rootUri` fallbacks and tests).
pub fn parse_uri(s: &str) -> Option<lsp::Uri> {
    lsp::Uri::from_str(s).ok()
}

/// Position encoding chosen from what the client offers: UTF-8 when offered, else UTF-16.
pub fn negotiate_encoding(
    caps: &lsp::ClientCapabilities,
) -> (PositionEncoding, lsp::PositionEncodingKind) {
    let offered = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|v| v.contains(&lsp::PositionEncodingKind::UTF8)) {
        (PositionEncoding::Utf8, lsp::PositionEncodingKind::UTF8)
    } else {
        (PositionEncoding::Utf16, lsp::PositionEncodingKind::UTF16)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn drive_letters_keep_their_colon() {
        assert_eq!(
            plain_drive_colon("file:///C%3A/x/y.json").as_deref(),
            Some("file:///C:/x/y.json")
        );
        assert_eq!(plain_drive_colon("file:///tmp/x"), None);
        assert_eq!(plain_drive_colon("file:///C:/x"), None);
    }

    use super::*;

    #[test]
    fn positions_round_trip_in_both_encodings() {
        let text = "{\n  \"a\": \"blåbær 😀 x\"\n}";
        let index = LineIndex::new(text);
        let t = TextRef {
            text,
            index: &index,
        };
        let x = text.find(" x").unwrap() as u32 + 1;
        for enc in [PositionEncoding::Utf8, PositionEncoding::Utf16] {
            let p = t.position(x, enc);
            assert_eq!(t.offset(p, enc), x);
        }
        // Reversed ranges collapse; far-away positions clamp.
        let r = t.range_to_text(
            lsp::Range::new(lsp::Position::new(1, 5), lsp::Position::new(0, 0)),
            PositionEncoding::Utf16,
        );
        assert!(r.is_empty());
        assert_eq!(
            t.offset(lsp::Position::new(99, 99), PositionEncoding::Utf16),
            text.len() as u32
        );
    }

    #[test]
    fn codes_link_to_their_row_in_the_code_table() {
        let d = code_link(altinn_analysis::check::codes::AL0101).unwrap();
        assert_eq!(
            d.href.as_str(),
            "https://github.com/Altinn/altinn-studio-language-tools/blob/main/docs/codes.md#al0101"
        );
    }

    #[test]
    fn file_uris_round_trip() {
        let (p, start) = if cfg!(windows) {
            (
                r"C:\tmp\blåbær app\App\ui\layouts\Side 1.json",
                "file:///C:/tmp/",
            )
        } else {
            ("/tmp/blåbær app/App/ui/layouts/Side 1.json", "file:///tmp/")
        };
        let p = Path::new(p);
        let uri = path_to_uri(p).unwrap();
        assert!(uri.as_str().starts_with(start), "{}", uri.as_str());
        assert_eq!(uri_to_path(&uri).unwrap(), p);
    }
}
