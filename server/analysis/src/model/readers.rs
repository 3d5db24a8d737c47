//! Who reads each JSON file of an app, and how leniently: what strict JSON forbids (comments,
//! trailing commas) is an error only where the app's real reader rejects it, and a key spelled
//! in another letter case is only wrong where a reader matches keys case-sensitively.
//! `docs/readers.md` is the same table with its grounds.

use super::FileKind;

/// How a file kind's readers treat something strict JSON forbids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolerance {
    /// Every reader accepts it: nothing to report.
    Accepted,
    /// The app's readers accept it, a tool does not (the text says which): a warning.
    Warned(&'static str),
    /// A reader the running app depends on rejects it (the text says which): an error.
    Rejected(&'static str),
}

/// The readers of one JSON file kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonReaders {
    pub trailing_commas: Tolerance,
    pub comments: Tolerance,
    /// Keys are matched ignoring letter case by the readers the app runs on; the text says
    /// who, and who does not (for the hint on a key spelled in another case).
    pub keys_ignore_case: Option<&'static str>,
}

const STUDIO: &str = "Studio Designer reads it with System.Text.Json's defaults, which reject it";
/// Files the backend serves to the frontend as written, parsed there by `JSON.parse`.
const RAW_TO_FRONTEND: &str =
    "the backend serves this file to the frontend as written, and the frontend's JSON.parse rejects it";

impl JsonReaders {
    /// Strict JSON everywhere.
    const STRICT: JsonReaders = JsonReaders {
        trailing_commas: Tolerance::Rejected(RAW_TO_FRONTEND),
        comments: Tolerance::Rejected(RAW_TO_FRONTEND),
        keys_ignore_case: None,
    };
    /// Read by the backend with comments skipped and trailing commas allowed, then sent on
    /// re-serialised; only Studio is strict.
    const BACKEND_LENIENT: JsonReaders = JsonReaders {
        trailing_commas: Tolerance::Warned(STUDIO),
        comments: Tolerance::Warned(STUDIO),
        keys_ignore_case: None,
    };
}

/// The readers of a file kind (non-JSON kinds get the strict default, unused).
pub fn json_readers(kind: &FileKind) -> JsonReaders {
    match kind {
        // Backend v7-v9 (AppResourcesSI.GetLayoutsForSet / GetLayoutsInFolder) parse each page
        // with Newtonsoft.Json and serve the re-serialised result; the layout model for
        // validation reads it with comments skipped and trailing commas allowed.
        FileKind::Layout { .. } => JsonReaders::BACKEND_LENIENT,
        // System.Text.Json with AllowTrailingCommas and PropertyNameCaseInsensitive, but
        // comments are not skipped (AppMetadata.GetApplicationMetadata).
        FileKind::AppMetadata => JsonReaders {
            trailing_commas: Tolerance::Warned(STUDIO),
            comments: Tolerance::Rejected(
                "the backend reads applicationmetadata.json without comment handling (AppMetadata) and fails to start",
            ),
            keys_ignore_case: Some(
                "the backend (AppMetadata) and Studio Designer read its keys case-insensitively",
            ),
        },
        // AppResourcesSI.GetTexts: comments skipped, trailing commas allowed, keys ignoring
        // case; served re-serialised.
        FileKind::TextResource { .. } => JsonReaders {
            keys_ignore_case: Some(
                "the backend (AppResourcesSI.GetTexts) and Studio Designer read its keys case-insensitively",
            ),
            ..JsonReaders::BACKEND_LENIENT
        },
        // AppOptionsFileHandler: web defaults (keys ignoring case), comments skipped, trailing
        // commas allowed; served re-serialised by the options endpoint.
        FileKind::OptionList { .. } => JsonReaders {
            keys_ignore_case: Some(
                "the backend (AppOptionsFileHandler) reads its keys case-insensitively, Studio Designer's code list editor does not",
            ),
            ..JsonReaders::BACKEND_LENIENT
        },
        // ASP.NET Core's JSON configuration provider skips comments and allows trailing
        // commas; no strict reader.
        FileKind::AppSettings => JsonReaders {
            trailing_commas: Tolerance::Accepted,
            comments: Tolerance::Accepted,
            keys_ignore_case: None,
        },
        // Read by the backend without comment or trailing-comma handling
        // (ExpressionValidator) and served as written to the frontend.
        FileKind::Validation { .. } => JsonReaders {
            trailing_commas: Tolerance::Rejected(
                "the backend's expression validation (ExpressionValidator) and the frontend's JSON.parse reject it",
            ),
            comments: Tolerance::Rejected(
                "the backend's expression validation (ExpressionValidator) and the frontend's JSON.parse reject it",
            ),
            keys_ignore_case: None,
        },
        // Served as written (ResourceController): Settings.json, layout-sets.json,
        // footer.json, the data model's JSON schema, RuleConfiguration.json.
        FileKind::RootSettings
        | FileKind::LayoutSettings { .. }
        | FileKind::LayoutSets
        | FileKind::Footer
        | FileKind::DataModelSchema { .. }
        | FileKind::RuleConfiguration { .. } => JsonReaders::STRICT,
        _ => JsonReaders::STRICT,
    }
}
