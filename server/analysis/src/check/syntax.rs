//! AL00xx: files that do not parse, or are not what their name says.

use super::codes::{code, CodeInfo};
use super::Ctx;
use crate::db::Parsed;
use crate::diagnostic::{Diagnostic, Severity};

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str = "";

pub const CODES: &[CodeInfo] = &[
    code(
        "AL0001",
        Severity::Error,
        "Syntax error (JSON, XML or JavaScript)",
    ),
    code(
        "AL0003",
        Severity::Warning,
        "Trailing comma in JSON (accepted by the app backend, rejected by strict JSON tools)",
    ),
    code(
        "AL0002",
        Severity::Error,
        "File could not be read: too large, unreadable or not UTF-8",
    ),
];

pub fn check(ctx: &mut Ctx<'_>) {
    let errors = match &ctx.file.parsed {
        Parsed::Json(d) => &d.errors,
        Parsed::Xml(d) => &d.errors,
        Parsed::Js(d) => &d.errors,
        Parsed::Text => return,
    };
    // A file with merge-conflict markers was parsed as if every conflict were resolved to its
    // first version (`conflicts::mask`, see `db::parse`: same offsets, the rest blanked out),
    // so its errors are real ones, not the parser's recovery from the markers. An error still
    // placed on a (blanked) marker line is dropped: the markers are AL0004's to report.
    let conflicts = &ctx.file.conflicts;
    if conflicts.is_empty() {
        report(ctx, errors);
        return;
    }
    let markers: Vec<crate::syntax::TextRange> = conflicts
        .iter()
        .flat_map(|c| [c.start, c.base, c.separator, c.end])
        .flatten()
        .collect();
    let errors: Vec<_> = errors
        .iter()
        .filter(|e| !markers.iter().any(|m| m.contains_inclusive(e.range.start)))
        .cloned()
        .collect();
    report(ctx, &errors);
}

fn report(ctx: &mut Ctx<'_>, errors: &[crate::syntax::SyntaxError]) {
    for e in errors {
        let code = if e.trailing_comma { "AL0003" } else { "AL0001" };
        let d = Diagnostic::new(code, ctx.path(), e.range, e.message.clone());
        ctx.report(d);
    }
}
