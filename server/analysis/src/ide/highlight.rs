//! Document highlight: every place in the current file that names the same thing as the
//! cursor (a component id, text key, data model path, page, task ...), declarations marked.

use super::navigation;
use crate::syntax::TextRange;
use crate::AppDb;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub range: TextRange,
    /// The place that declares it (a component's `id`, a text's `id`, a schema property).
    pub declaration: bool,
}

pub fn document_highlights(db: &AppDb, path: &str, offset: u32) -> Vec<Highlight> {
    let Some(file) = db.file(path) else {
        return Vec::new();
    };
    let Some((t, _)) = navigation::target_at(db, path, offset) else {
        return Vec::new();
    };
    let decls: Vec<TextRange> = navigation::declarations(db, &t)
        .into_iter()
        .filter(|l| l.file == path && !l.range.is_empty())
        .map(|l| l.range)
        .collect();
    let mut ranges: Vec<TextRange> = decls.clone();
    navigation::walk_targets(db, file, &mut |x, r| {
        if x == t {
            ranges.push(r);
        }
    });
    ranges.sort_by_key(|r| (r.start, r.end));
    ranges.dedup();
    ranges
        .into_iter()
        .map(|range| Highlight {
            range,
            declaration: decls.contains(&range),
        })
        .collect()
}
