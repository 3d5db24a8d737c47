//! AL00xx: files that do not parse, or are not what their name says.

use super::codes::{code, CodeInfo};
use super::Ctx;
use crate::db::Parsed;
use crate::diagnostic::{Diagnostic, Severity};

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
    // A file with merge-conflict markers gets one AL0004 per conflict block (check/conflicts.rs)
    // instead of the parse errors the markers cause. Those cannot be told apart from real ones
    // by position: after a marker the tolerant parser's recovery lands anywhere (on the first
    // line of the other version, as "missing }" at the end of the file), and two versions side
    // by side are rarely valid even without their markers. So the syntax errors of such a file
    // are those of the file read with every conflict resolved to its first version
    // (`conflicts::mask`: same offsets, the rest blanked out) — real errors, not artefacts.
    // An error the parser still puts on a (blanked) marker line is dropped: where the markers
    // are is AL0004's to say.
    if let Some(masked) = super::conflicts::mask(&ctx.file.text) {
        let mut errors = match &ctx.file.parsed {
            Parsed::Json(_) => crate::syntax::parse_json(&masked).errors,
            Parsed::Xml(_) => crate::syntax::parse_xml(&masked).errors,
            Parsed::Js(_) => crate::syntax::parse_js_objects(&masked).errors,
            Parsed::Text => return,
        };
        let markers: Vec<crate::syntax::TextRange> = super::conflicts::find(&ctx.file.text)
            .iter()
            .flat_map(|c| [c.start, c.base, c.separator, c.end])
            .flatten()
            .collect();
        errors.retain(|e| !markers.iter().any(|m| m.contains_inclusive(e.range.start)));
        report(ctx, &errors);
        return;
    }
    let errors = match &ctx.file.parsed {
        Parsed::Json(d) => &d.errors,
        Parsed::Xml(d) => &d.errors,
        Parsed::Js(d) => &d.errors,
        Parsed::Text => return,
    };
    report(ctx, errors);
}

fn report(ctx: &mut Ctx<'_>, errors: &[crate::syntax::SyntaxError]) {
    for e in errors {
        let code = if e.trailing_comma { "AL0003" } else { "AL0001" };
        let d = Diagnostic::new(code, ctx.path(), e.range, e.message.clone());
        ctx.report(d);
    }
}
