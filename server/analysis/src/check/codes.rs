//! The table of every diagnostic code: default severity and a one-line summary.
//! `cargo run -p altinn-ls -- codes` prints it; the README's table is generated from it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::TextRange;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

pub const fn code(code: &'static str, severity: Severity, summary: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity,
        summary,
    }
}

/// Every family's codes, in code order.
pub fn all() -> Vec<CodeInfo> {
    let mut v: Vec<CodeInfo> = [
        super::syntax::CODES,
        super::conflicts::CODES,
        super::layout::CODES,
        super::structure::CODES,
        super::components::CODES,
        super::pages::CODES,
        super::bindings::CODES,
        super::texts::CODES,
        super::sets::CODES,
        super::metadata::CODES,
        super::bpmn::CODES,
        super::options::CODES,
        super::rules::CODES,
        super::attachments::CODES,
        super::expressions::CODES,
        super::versions::CODES,
        super::upgrade::CODES,
    ]
    .concat();
    v.sort_by_key(|c| c.code);
    v
}

/// A rule family: one check module, its codes and what its rules rest on.
pub struct Family {
    pub title: &'static str,
    pub codes: &'static [CodeInfo],
    pub grounds: &'static str,
}

/// Every family, in code order.
pub fn families() -> Vec<Family> {
    let mut v = vec![
        Family {
            title: "App versions",
            codes: super::versions::CODES,
            grounds: super::versions::GROUNDS,
        },
        Family {
            title: "Syntax and readers",
            codes: super::syntax::CODES,
            grounds: super::syntax::GROUNDS,
        },
        Family {
            title: "Merge conflicts",
            codes: super::conflicts::CODES,
            grounds: super::conflicts::GROUNDS,
        },
        Family {
            title: "Layout pages and components",
            codes: super::layout::CODES,
            grounds: super::layout::GROUNDS,
        },
        Family {
            title: "Configuration files",
            codes: super::structure::CODES,
            grounds: super::structure::GROUNDS,
        },
        Family {
            title: "Component ids and references",
            codes: super::components::CODES,
            grounds: super::components::GROUNDS,
        },
        Family {
            title: "Pages",
            codes: super::pages::CODES,
            grounds: super::pages::GROUNDS,
        },
        Family {
            title: "Data model bindings",
            codes: super::bindings::CODES,
            grounds: super::bindings::GROUNDS,
        },
        Family {
            title: "Text resources",
            codes: super::texts::CODES,
            grounds: super::texts::GROUNDS,
        },
        Family {
            title: "Layout sets and UI folders",
            codes: super::sets::CODES,
            grounds: super::sets::GROUNDS,
        },
        Family {
            title: "Application metadata",
            codes: super::metadata::CODES,
            grounds: super::metadata::GROUNDS,
        },
        Family {
            title: "Process and policy",
            codes: super::bpmn::CODES,
            grounds: super::bpmn::GROUNDS,
        },
        Family {
            title: "Code lists",
            codes: super::options::CODES,
            grounds: super::options::GROUNDS,
        },
        Family {
            title: "Legacy rules",
            codes: super::rules::CODES,
            grounds: super::rules::GROUNDS,
        },
        Family {
            title: "Attachments",
            codes: super::attachments::CODES,
            grounds: super::attachments::GROUNDS,
        },
        Family {
            title: "Old forms in a v9 app (upgrades)",
            codes: super::upgrade::CODES,
            grounds: super::upgrade::GROUNDS,
        },
        Family {
            title: "Expressions",
            codes: super::expressions::CODES,
            grounds: super::expressions::GROUNDS,
        },
    ];
    v.sort_by_key(|f| f.codes.first().map(|c| c.code));
    v
}

fn table() -> &'static HashMap<&'static str, CodeInfo> {
    static T: OnceLock<HashMap<&'static str, CodeInfo>> = OnceLock::new();
    T.get_or_init(|| all().into_iter().map(|c| (c.code, c)).collect())
}

pub fn info(code: &str) -> Option<CodeInfo> {
    table().get(code).copied()
}

pub fn default_severity(code: &str) -> Severity {
    info(code).map(|c| c.severity).unwrap_or(Severity::Error)
}

impl Diagnostic {
    /// A diagnostic of `code` at its default severity (from this table).
    pub fn new(
        code: &'static str,
        file: &str,
        range: TextRange,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.to_string(),
            range,
            severity: default_severity(code),
            code,
            message: message.into(),
            related: Vec::new(),
            fix: None,
            rewrite: None,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_unique_and_well_formed() {
        let all = super::all();
        let mut seen = std::collections::HashSet::new();
        for c in &all {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            assert!(
                c.code.len() == 6
                    && c.code.starts_with("AL")
                    && c.code[2..].chars().all(|d| d.is_ascii_digit()),
                "{}",
                c.code
            );
            assert!(!c.summary.is_empty());
        }
    }
}
