//! Checking a whole app, and counting diagnostics by severity: the one "check everything"
//! path of `altinn-ls check` and the server's `altinn.check`.

use crate::load::LoadedApp;
use altinn_analysis::db::sort_diagnostics;
use altinn_analysis::{Diagnostic, Severity};
use rayon::prelude::*;

/// Every diagnostic of an app: problems reading files and the checks of every file, sorted
/// by file, position and code. Files are checked in parallel; the result is the same as
/// [`altinn_analysis::AppDb::check_all`] plus the reading problems.
pub fn check_app(app: &LoadedApp) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = check_by_file(app)
        .into_iter()
        .flat_map(|(_, d)| d)
        .collect();
    sort_diagnostics(&mut out);
    out
}

/// The diagnostics of every path of an app ([`LoadedApp::paths`]), file by file in path
/// order, checked in parallel: for a caller that publishes per file (the server's
/// `altinn.check`) without checking twice.
pub fn check_by_file(app: &LoadedApp) -> Vec<(&str, Vec<Diagnostic>)> {
    let paths: Vec<&str> = app.paths().into_iter().collect();
    paths
        .into_par_iter()
        .map(|p| (p, app.file_diagnostics(p)))
        .collect()
}

/// Diagnostics counted by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub information: usize,
    pub hints: usize,
}

impl Counts {
    pub fn of<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) -> Counts {
        let mut c = Counts::default();
        for d in diags {
            c.add(d.severity);
        }
        c
    }

    pub fn add(&mut self, s: Severity) {
        match s {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Information => self.information += 1,
            Severity::Hint => self.hints += 1,
        }
    }

    pub fn merge(&mut self, o: Counts) {
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.information += o.information;
        self.hints += o.hints;
    }
}
