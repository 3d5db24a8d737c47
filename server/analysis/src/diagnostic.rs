//! Diagnostics as plain data: file path, byte range, code, message, related locations.

use crate::syntax::TextRange;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "error" => Severity::Error,
            "warning" | "warn" => Severity::Warning,
            "information" | "info" => Severity::Information,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }
}

/// A diagnostic code such as `AL0201`. Codes exist only as the constants each rule family
/// declares with `declare_codes!` (`check::codes::AL0201`), so a misspelled or undeclared code
/// does not compile; the code table (`check::codes`) holds their severities and summaries.
///
/// ```compile_fail
/// // No family declares AL0999.
/// let _ = altinn_analysis::check::codes::AL0999;
/// ```
/// ```compile_fail
/// // Not of the form AL and four digits: rejected when the constant is evaluated.
/// const C: altinn_analysis::diagnostic::Code = altinn_analysis::diagnostic::Code::declare("AL403");
/// let _ = C;
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(&'static str);

impl Code {
    /// For `declare_codes!` only: the name must have the form `AL` and four digits, checked
    /// when the constant is evaluated (at compile time).
    #[doc(hidden)]
    pub const fn declare(name: &'static str) -> Self {
        let b = name.as_bytes();
        assert!(
            b.len() == 6 && b[0] == b'A' && b[1] == b'L',
            "a code is AL and four digits"
        );
        let mut i = 2;
        while i < 6 {
            assert!(b[i].is_ascii_digit(), "a code is AL and four digits");
            i += 1;
        }
        Code(name)
    }
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// As the string, so that debug output and snapshots read as before.
impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0, f)
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

/// Another place that explains a diagnostic (the first duplicate, the missing definition's home).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Path relative to the app folder (the folder holding `config/applicationmetadata.json`).
    pub file: String,
    pub range: TextRange,
    pub message: String,
}

/// What a quick fix needs to know, carried with the diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixData {
    /// Replace the diagnostic's range with this text (did-you-mean).
    Replace(String),
    /// A text resource key that does not exist yet.
    MissingTextKey(String),
    /// A page that exists as a layout file but is not in `pages.order`.
    PageNotInOrder { settings_file: String, page: String },
    /// A duplicate component id; the fix proposes this unused id.
    DuplicateId { suggestion: String },
    /// A complete merge-conflict block at the diagnostic's range: keep one version or both.
    MergeConflict,
}

/// A rewrite of the diagnostic's own file that turns an old form into the one a newer version
/// reads (an upgrade step, one finding at a time). The edits do not overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    pub title: String,
    pub edits: Vec<(TextRange, String)>,
    /// False when the rewrite is for a version that is not released yet.
    pub preferred: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the app folder, forward slashes.
    pub file: String,
    pub range: TextRange,
    pub severity: Severity,
    /// Stable code such as `AL0201`; the table is in `check::codes`.
    pub code: Code,
    pub message: String,
    pub related: Vec<Related>,
    pub fix: Option<FixData>,
    /// An upgrade rewrite (quick fix, and what `altinn-ls upgrade` applies).
    pub rewrite: Option<Box<Rewrite>>,
}

// `Diagnostic::new`, which takes a code's default severity from the code table, is defined
// in `check::codes` next to that table: this module knows nothing of the checks.
impl Diagnostic {
    pub fn with_related(
        mut self,
        file: &str,
        range: TextRange,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file: file.to_string(),
            range,
            message: message.into(),
        });
        self
    }
    pub fn with_fix(mut self, fix: FixData) -> Self {
        self.fix = Some(fix);
        self
    }
    pub fn with_rewrite(
        mut self,
        title: impl Into<String>,
        edits: Vec<(TextRange, String)>,
        preferred: bool,
    ) -> Self {
        self.rewrite = Some(Box::new(Rewrite {
            title: title.into(),
            edits,
            preferred,
        }));
        self
    }
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
    /// Makes an error the checker cannot be sure of a warning that says why:
    /// "… (a warning: `why`)".
    pub fn soften(&mut self, why: &str) {
        self.severity = Severity::Warning;
        self.message.push_str(" (a warning: ");
        self.message.push_str(why);
        self.message.push(')');
    }
}
