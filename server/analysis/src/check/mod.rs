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

use crate::db::{AppDb, SourceFile};
use crate::diagnostic::Diagnostic;
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
    layout::check(&mut ctx);
    structure::check(&mut ctx);
    components::check(&mut ctx);
    pages::check(&mut ctx);
    bindings::check(&mut ctx);
    texts::check(&mut ctx);
    sets::check(&mut ctx);
    metadata::check(&mut ctx);
    bpmn::check(&mut ctx);
    options::check(&mut ctx);
    rules::check(&mut ctx);
    attachments::check(&mut ctx);
    expressions::check(&mut ctx);
    ctx.out
}
