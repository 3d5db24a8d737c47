//! The table of every diagnostic code: default severity and a one-line summary.
//! `cargo run -p altinn-ls -- codes` prints it; the README's table is generated from it.

pub use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::TextRange;
use std::collections::HashMap;
use std::sync::OnceLock;

// Every code as a constant, wherever it is declared: `use crate::check::codes::AL0002;`.
pub use super::attachments::ids::*;
pub use super::bindings::ids::*;
pub use super::bpmn::ids::*;
pub use super::components::ids::*;
pub use super::conflicts::ids::*;
pub use super::csharp_model::ids::*;
pub use super::expressions::ids::*;
pub use super::layout::ids::*;
pub use super::metadata::ids::*;
pub use super::options::ids::*;
pub use super::pages::ids::*;
pub use super::rules::ids::*;
pub use super::sets::ids::*;
pub use super::structure::ids::*;
pub use super::syntax::ids::*;
pub use super::texts::ids::*;
pub use super::upgrade::ids::*;
pub use super::versions::ids::*;

#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: Code,
    pub severity: Severity,
    pub summary: &'static str,
}

/// Declares a family's codes once: a constant per code (in the family's `ids` module, glob
/// imported into the family and re-exported by `check::codes`) and the family's `CODES` table.
///
/// ```ignore
/// declare_codes! {
///     AL0401 Error "Binding names a data type that is not a form data type",
/// }
/// ```
macro_rules! declare_codes {
    ($($code:ident $severity:ident $summary:literal,)*) => {
        /// This family's codes as constants.
        pub mod ids {
            $(
                #[doc = $summary]
                pub const $code: $crate::diagnostic::Code =
                    $crate::diagnostic::Code::declare(stringify!($code));
            )*
        }
        #[allow(unused_imports)]
        pub use ids::*;
        pub const CODES: &[$crate::check::codes::CodeInfo] = &[$(
            $crate::check::codes::CodeInfo {
                code: ids::$code,
                severity: $crate::diagnostic::Severity::$severity,
                summary: $summary,
            },
        )*];
    };
}
pub(crate) use declare_codes;

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
        super::csharp_model::CODES,
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
            title: "C# data model",
            codes: super::csharp_model::CODES,
            grounds: super::csharp_model::GROUNDS,
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
    T.get_or_init(|| all().into_iter().map(|c| (c.code.as_str(), c)).collect())
}

/// The table row of a code given as text (a user's `altinn-ls explain AL0403`).
pub fn info(code: &str) -> Option<CodeInfo> {
    table().get(code).copied()
}

pub fn default_severity(code: Code) -> Severity {
    info(code.as_str())
        .map(|c| c.severity)
        .unwrap_or(Severity::Error)
}

impl Diagnostic {
    /// A diagnostic of `code` at its default severity (from this table).
    pub fn new(code: Code, file: &str, range: TextRange, message: impl Into<String>) -> Self {
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

/// The rules of Altinn's own checker (`studioctl app vet` / `studioctl-lsp`, rule engine
/// `Altinn.Studio.AppConfig` on altinn-studio branch `poc/studiolsp`, 2026-07-20) and the codes
/// of ours that cover each: (rule id, its default severity, our codes, how they compare).
pub const STUDIOCTL_VET: &[(&str, &str, &str, &str)] = &[
    ("APP-VERSION-SUPPORTED", "error", "AL0010, AL0011", "vet refuses apps before v9; altinn-ls checks v3/v4/next and v7/v8/v9 apps with each version's contract and says when a version is out of support"),
    ("BINDING-KIND", "error", "AL0404", ""),
    ("CROSS-GROUP-CHILD-PAGE", "error", "AL0208", "every container, not only groups"),
    ("CROSS-POLICY-APP-MATCHES-METADATA", "error", "AL0715", "a warning"),
    ("CROSS-REPGROUP-CHILD-INDEX", "error", "AL0408", "with a quick fix"),
    ("CROSS-TASK-HAS-DATATYPE", "warning", "AL0716, AL0661", "AL0716: a data task without UI; AL0661: its form data type not created at that task (no taskId, a task the process has not passed, or autoCreate off); ProcessTaskInitializer creates only data types with the task's id and autoCreate"),
    ("DATATYPE-COUNT", "error", "AL0656, AL0659", "minCount > maxCount is an error; a form data type with maxCount other than 1 a warning (subform and stateless data types excepted)"),
    ("LAYOUTSET-FORM-DATATYPE", "error", "AL0604, AL0610", ""),
    ("MULTILINGUAL-COMPLETENESS", "warning", "—", "a title language without a resource file is never offered by the language selector; the reverse (an offered language without a title) is AL0660"),
    ("PARSER-COVERAGE-GAP", "info", "—", "altinn-ls reads every construct it knows and checks the rest of the file after a syntax error"),
    ("PROCESS-TASK-TYPE", "warning", "AL0701, AL0702, AL0714", "the app's own IServiceTask/IProcessTask types are read from its C#"),
    ("REF-CSHARP-TYPE", "warning", "AL0658", ""),
    ("REF-DATAMODEL-PATH", "error", "AL0403, AL0405, AL1011, AL0906", "also in expressions and rule files"),
    ("REF-DATATYPE-ID", "error", "AL0401, AL0603, AL0610, AL0705, AL1012", ""),
    ("REF-LAYOUT-COMPONENT-ID", "error", "AL0204, AL0207, AL1010, AL0904", "settings that only adjust other components (overrides, excludedChildren, table columns) are warnings: the app ignores them"),
    ("REF-LAYOUT-SET", "error", "AL0611, AL0612", ""),
    ("REF-OPTIONS-ID", "warning", "AL0801, AL1015", "C# providers, AddJoinedAppOptions and AddAltinnCodelists count"),
    ("REF-PAGE-FILE", "error", "AL0301, AL0305", ""),
    ("REF-TASK-ID", "error", "AL0206, AL0601, AL0652, AL0712", ""),
    ("REF-TEXT-RESOURCE-KEY", "warning", "AL0501, AL1013", "an error when the key is clearly a key and the app would show it raw"),
    ("SELECTION-OPTIONS", "warning", "AL0114, AL0115", "an error: the component renders no options"),
    ("SHAPE-APP-ID", "error", "AL0657", "an error for the shape AppIdentifier rejects, a warning for letters Studio does not use"),
    ("SYNTAX-VALID", "error", "AL0001, AL0003", "per reader: what a lenient reader accepts is a warning"),
    ("TEXT-RESOURCE-COVERAGE", "info", "AL0510", "a warning, once per missing text"),
    ("UNIQUE-COMPONENT-ID", "error", "AL0202, AL0203", "at every occurrence, by what the frontend drops"),
    ("UNIQUE-DATATYPE-ID", "error", "AL0653", ""),
    ("UNIQUE-PAGE-IN-ORDER", "error", "AL0303", "a warning"),
    ("UNUSED-LAYOUT-FOLDER", "warning", "AL0608, AL0609, AL0613", ""),
];

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_unique_and_well_formed() {
        let all = super::all();
        let mut seen = std::collections::HashSet::new();
        for c in &all {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            assert!(!c.summary.is_empty());
        }
    }
}
