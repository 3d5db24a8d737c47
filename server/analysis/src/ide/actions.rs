//! Quick fixes from the fix data that checks attach to diagnostics.

use super::CodeAction;
use crate::diagnostic::Diagnostic;
use crate::syntax::TextRange;
use crate::AppDb;

pub fn code_actions(
    _db: &AppDb,
    _path: &str,
    _range: TextRange,
    _diagnostics: &[Diagnostic],
) -> Vec<CodeAction> {
    Vec::new()
}
