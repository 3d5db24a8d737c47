//! Validation: one module per family of rules, each with its own stable codes.
//!
//! Every check reports diagnostics located in the file being checked; causes in other files
//! come in through the [`AppModel`] and go out as related locations. That keeps
//! `AppDb::check_file` exact for the language server.

pub mod codes;

mod attachments;
mod bindings;
mod bpmn;
mod components;
pub mod conflicts;
mod csharp_model;
mod expressions;
mod layout;
mod metadata;
mod options;
mod pages;
mod rules;
mod sets;
mod structure;
mod syntax;
mod texts;
pub mod upgrade;
mod upgrade_v4;
pub mod versions;

use crate::config::Level;
use crate::db::{AppDb, SourceFile};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::AppModel;

/// What a check sees: the app, its model, and the file being checked.
pub struct Ctx<'a> {
    pub db: &'a AppDb,
    pub model: &'a AppModel,
    pub file: &'a SourceFile,
    out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn report(&mut self, d: Diagnostic) {
        self.out.push(d);
    }
    /// Path of the file being checked.
    pub fn path(&self) -> &'a str {
        &self.file.path
    }
}

pub fn check_file(db: &AppDb, file: &SourceFile) -> Vec<Diagnostic> {
    let mut ctx = Ctx {
        db,
        model: db.model(),
        file,
        out: Vec::new(),
    };
    syntax::check(&mut ctx);
    conflicts::check(&mut ctx);
    layout::check(&mut ctx);
    upgrade::check(&mut ctx);
    structure::check(&mut ctx);
    components::check(&mut ctx);
    pages::check(&mut ctx);
    bindings::check(&mut ctx);
    csharp_model::check(&mut ctx);
    texts::check(&mut ctx);
    sets::check(&mut ctx);
    metadata::check(&mut ctx);
    bpmn::check(&mut ctx);
    options::check(&mut ctx);
    rules::check(&mut ctx);
    attachments::check(&mut ctx);
    expressions::check(&mut ctx);
    versions::check(&mut ctx);
    versions::in_doubt(&mut ctx);
    upgrade_v4::attach(&mut ctx);
    ctx.out
}

/// Checking lives here, not in `db`: the database holds files and the model; the checks read
/// them (dependencies point from `check` to `db`, never back).
impl AppDb {
    /// Diagnostics located in one file (their causes may be in other files).
    pub fn check_file(&self, path: &str) -> Vec<Diagnostic> {
        let Some(file) = self.file(path) else {
            return Vec::new();
        };
        if self.is_ignored(path) {
            return Vec::new();
        }
        let mut out = check_file(self, file);
        self.apply_config(&mut out);
        out
    }

    /// Diagnostics of every file, sorted by file and position (see [`crate::db::sort_diagnostics`]).
    pub fn check_all(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self.paths().flat_map(|p| self.check_file(p)).collect();
        crate::db::sort_diagnostics(&mut out);
        out
    }

    /// Ignore globs may be written relative to the repository (`App/ui/**`) or the app folder.
    pub(crate) fn is_ignored(&self, path: &str) -> bool {
        self.config().is_ignored(path) || self.config().is_ignored(&format!("App/{path}"))
    }

    fn apply_config(&self, out: &mut Vec<Diagnostic>) {
        out.retain_mut(|d| match self.config().level(d.code.as_str(), d.severity) {
            Level::Off => false,
            Level::Is(s) => {
                d.severity = s;
                true
            }
        });
    }
}

/// A reference to a data type that is not a form data type (unknown, or without
/// `appLogic.classRef`): `what` says what it was used for. The message names the fix (did you
/// mean, with a Replace fix carrying `prefix` + the suggestion) or the data models there are, and
/// relates the declaration when the data type exists.
#[allow(clippy::too_many_arguments)]
pub(crate) fn not_a_form_data_type(
    model: &AppModel,
    code: Code,
    path: &str,
    range: crate::syntax::TextRange,
    dt: &str,
    what: &str,
    prefix: &str,
) -> Diagnostic {
    use crate::diagnostic::FixData;
    let forms = model.form_data_type_ids();
    let known = model.data_type(dt);
    let mut msg = match known {
        Some(_) => format!(
            "Data type '{dt}' has no appLogic.classRef in applicationmetadata.json, so {what}"
        ),
        None => format!("Data type '{dt}' is not defined in applicationmetadata.json"),
    };
    let mut d = match crate::model::util::did_you_mean(dt, forms.iter().copied()) {
        Some(s) => {
            msg.push_str(&format!("; did you mean '{prefix}{s}'?"));
            Diagnostic::new(code, path, range, msg).with_fix(FixData::Replace(s.to_string()))
        }
        None => {
            let list = if forms.is_empty() {
                "none".to_string()
            } else {
                forms.join(", ")
            };
            msg.push_str(&format!(" (data models: {list})"));
            Diagnostic::new(code, path, range, msg)
        }
    };
    if let Some(info) = known {
        d = d.with_related(
            "config/applicationmetadata.json",
            info.range,
            format!("data type '{dt}' is declared here"),
        );
    }
    d
}

/// Relates a diagnostic to the `dataTypes` list of applicationmetadata.json, when there is one.
pub(crate) fn relate_data_types(db: &AppDb, d: Diagnostic) -> Diagnostic {
    let member = db
        .file("config/applicationmetadata.json")
        .and_then(|f| f.json())
        .and_then(|doc| doc.root.as_ref())
        .and_then(|r| r.member("dataTypes"));
    match member {
        Some(m) => d.with_related(
            "config/applicationmetadata.json",
            m.key_range,
            "data types are declared here",
        ),
        None => d,
    }
}
