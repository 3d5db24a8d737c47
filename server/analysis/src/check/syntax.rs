//! AL00xx: files that do not parse, or are not what their name says.

use super::codes::declare_codes;
use super::Ctx;
use crate::db::Parsed;
use crate::diagnostic::Diagnostic;
use crate::model::readers::{json_readers, Tolerance};
use crate::syntax::SyntaxErrorKind;

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str =
    "AL0001: the first JSON syntax error is placed where a strict parser stops \
(serde_json, .NET's System.Text.Json and the browser's JSON.parse, which every frontend version \
uses through axios, reject at the same byte; a test compares with serde_json on thousands of \
broken variants), and a missing ',' or ':' is repaired in thought so the next mistake is exact \
too. Comments and trailing commas are judged by the file's real reader (model::readers, \
docs/readers.md): backend v7-v9 read layouts with Newtonsoft.Json (GetLayoutsForSet, \
GetLayoutsInFolder) and the layout model with trailing commas allowed and comments skipped, \
texts (AppResourcesSI.GetTexts) and code lists (AppOptionsFileHandler) the same way, and \
appsettings through ASP.NET Core's configuration provider; AppMetadata allows trailing commas \
but not comments. Files the ResourceController serves as written (Settings.json, \
layout-sets.json, footer.json, the JSON schema, validation and rule configuration) reach the \
frontend's strict JSON.parse, and ExpressionValidator parses validation files strictly: there \
both are errors. AL0003 and AL0005 warn where the app reads the file but Studio Designer \
(AltinnAppGitRepository, System.Text.Json defaults) does not.";

declare_codes! {
    AL0001 Error "Syntax error (JSON, XML or JavaScript)",
    AL0003 Warning "Trailing comma in JSON (accepted by the app backend, rejected by strict JSON tools)",
    AL0005 Warning "Comment in JSON (skipped by the app's reader, rejected by strict JSON tools)",
    AL0002 Error "File could not be read: too large, unreadable or not UTF-8",
}

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

/// Comments and trailing commas are errors only where the file's real reader rejects them
/// (`model::readers`).
fn report(ctx: &mut Ctx<'_>, errors: &[crate::syntax::SyntaxError]) {
    let readers = json_readers(&ctx.file.kind);
    for e in errors {
        let (tolerance, what) = match e.kind {
            SyntaxErrorKind::Error => {
                let d = Diagnostic::new(AL0001, ctx.path(), e.range, e.message.clone());
                ctx.report(d);
                continue;
            }
            SyntaxErrorKind::TrailingComma => (readers.trailing_commas, "Trailing comma"),
            SyntaxErrorKind::Comment => (readers.comments, "Comment"),
        };
        let (code, msg) = match (tolerance, e.kind) {
            (Tolerance::Accepted, _) => continue,
            (Tolerance::Rejected(who), _) => (AL0001, format!("{what}: not valid JSON, and {who}")),
            (Tolerance::Warned(who), SyntaxErrorKind::TrailingComma) => (
                AL0003,
                format!("{what}: the app reads it, but it is not valid JSON: {who}"),
            ),
            (Tolerance::Warned(who), _) => (
                AL0005,
                format!("{what}: the app skips it, but it is not valid JSON: {who}"),
            ),
        };
        ctx.report(Diagnostic::new(code, ctx.path(), e.range, msg));
    }
}
