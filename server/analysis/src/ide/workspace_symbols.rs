//! Workspace symbols of one app: component ids, pages, layout sets, text keys, process tasks
//! and data model roots, matched against a query (case-insensitive: exact, prefix, substring,
//! then the query's characters in order). The server merges the apps and cuts the list.

use super::{Location, SymbolKind};
use crate::syntax::TextRange;
use crate::AppDb;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    /// Where it lives inside the app (page, layout set, text file); the server puts the app's
    /// name in front.
    pub container: Option<String>,
    pub location: Location,
    /// How well the name matches the query: lower is better (0 exact, 1 prefix, 2 substring,
    /// 3 the query's characters in order).
    pub score: u8,
}

/// How `name` matches `query` (already lowercase), `None` when it does not. An empty query
/// matches everything (score 3). ASCII names are compared without allocating (a large app has
/// tens of thousands of names per keystroke).
pub fn match_score(query: &str, name: &str) -> Option<u8> {
    if query.is_empty() {
        return Some(3);
    }
    if !name.is_ascii() || !query.is_ascii() {
        return match_score_lowered(query, &name.to_lowercase());
    }
    let (q, n) = (query.as_bytes(), name.as_bytes());
    if n.len() < q.len() {
        return None;
    }
    let eq = |a: &[u8]| a.eq_ignore_ascii_case(q);
    if n.len() == q.len() && eq(n) {
        Some(0)
    } else if eq(&n[..q.len()]) {
        Some(1)
    } else if n.windows(q.len()).any(eq) {
        Some(2)
    } else {
        let mut rest = n.iter();
        q.iter()
            .all(|&c| rest.by_ref().any(|b| b.to_ascii_lowercase() == c))
            .then_some(3)
    }
}

fn match_score_lowered(query: &str, lower: &str) -> Option<u8> {
    if lower == query {
        Some(0)
    } else if lower.starts_with(query) {
        Some(1)
    } else if lower.contains(query) {
        Some(2)
    } else {
        let mut rest = lower.chars();
        query
            .chars()
            .all(|q| rest.by_ref().any(|c| c == q))
            .then_some(3)
    }
}

/// A match before its strings are copied: most matches of a short query are cut.
struct Candidate<'a> {
    score: u8,
    name: &'a str,
    kind: SymbolKind,
    container: Container<'a>,
    file: &'a str,
    range: TextRange,
}

enum Container<'a> {
    None,
    Name(&'a str),
    SetPage(&'a str, &'a str),
    FileName(&'a str),
}

impl Container<'_> {
    fn text(&self) -> Option<String> {
        match self {
            Container::None => None,
            Container::Name(n) => Some(n.to_string()),
            Container::SetPage(set, page) => Some(format!("{set}/{page}")),
            Container::FileName(f) => Some(f.rsplit('/').next().unwrap_or(f).to_string()),
        }
    }
}

/// The symbols of the app matching `query`, the best `limit` of them (by score, then name).
pub fn workspace_symbols<'a>(db: &'a AppDb, query: &str, limit: usize) -> Vec<WorkspaceSymbol> {
    let q = query.trim().to_lowercase();
    let m = db.model();
    let order = |a: &Candidate<'_>, b: &Candidate<'_>| {
        (a.score, a.name, a.file, a.range).cmp(&(b.score, b.name, b.file, b.range))
    };
    // Cut to the best `limit` whenever the list grows past a few times that: an empty or
    // one-letter query matches every name of a large app.
    let cut = limit.max(1).saturating_mul(8);
    let mut found: Vec<Candidate<'a>> = Vec::with_capacity(cut.min(4096));
    let mut push = |name: &'a str, kind, container, file: &'a str, range| {
        if let Some(score) = match_score(&q, name) {
            if found.len() >= cut && limit > 0 {
                found.select_nth_unstable_by(limit - 1, order);
                found.truncate(limit);
            }
            found.push(Candidate {
                score,
                name,
                kind,
                container,
                file,
                range,
            });
        }
    };
    let several_sets = m.sets.len() > 1;
    for s in &m.sets {
        if let Some((file, range)) = &s.decl {
            push(&s.id, SymbolKind::LayoutSet, Container::None, file, *range);
        }
        for (page, path) in s.pages.iter().zip(page_paths(db, s)) {
            let container = if several_sets {
                Container::Name(&s.id)
            } else {
                Container::None
            };
            push(page, SymbolKind::Page, container, path, TextRange::empty(0));
        }
        for c in &s.components {
            if c.id.is_empty() {
                continue;
            }
            let container = if several_sets {
                Container::SetPage(&s.id, &c.page)
            } else {
                Container::Name(&c.page)
            };
            push(&c.id, SymbolKind::Component, container, &c.file, c.id_range);
        }
    }
    // A text key once, in the language the app is written in first (nb, else the first).
    let primary = m.texts.get("nb").or_else(|| m.texts.values().next());
    if let Some(tf) = primary {
        for (key, e) in &tf.keys {
            push(
                key,
                SymbolKind::TextKey,
                Container::FileName(&tf.file),
                &tf.file,
                e.range,
            );
        }
        for other in m.texts.values() {
            if std::ptr::eq(other, tf) {
                continue;
            }
            for (key, e) in &other.keys {
                if !tf.keys.contains_key(key) {
                    let c = Container::FileName(&other.file);
                    push(key, SymbolKind::TextKey, c, &other.file, e.range);
                }
            }
        }
    }
    if let Some(p) = &m.process {
        for t in p.tasks() {
            let c = t.name.as_deref().map_or(Container::None, Container::Name);
            push(&t.id, SymbolKind::Task, c, &p.file, t.range);
        }
    }
    for (id, dm) in &m.data_models {
        push(
            id,
            SymbolKind::DataType,
            Container::None,
            &dm.file,
            TextRange::empty(0),
        );
    }
    if found.len() > limit && limit > 0 {
        found.select_nth_unstable_by(limit - 1, order);
    }
    found.truncate(limit);
    found.sort_by(order);
    found
        .into_iter()
        .map(|c| WorkspaceSymbol {
            name: c.name.to_string(),
            kind: c.kind,
            container: c.container.text(),
            location: Location {
                file: c.file.to_string(),
                range: c.range,
            },
            score: c.score,
        })
        .collect()
}

/// Each page's layout file path, as the file table spells it (borrowed from the database).
fn page_paths<'a>(db: &'a AppDb, s: &'a crate::model::SetInfo) -> Vec<&'a str> {
    s.pages
        .iter()
        .map(|p| {
            let path = s.layout_path(p);
            db.file(&path).map_or("", |f| f.path.as_str())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::match_score;

    #[test]
    fn exact_then_prefix_then_substring_then_in_order() {
        assert_eq!(match_score("name", "Name"), Some(0));
        assert_eq!(match_score("name", "name.title"), Some(1));
        assert_eq!(match_score("name", "pet-name"), Some(2));
        assert_eq!(match_score("pn", "pet-name"), Some(3));
        assert_eq!(match_score("np", "pet-name"), None);
        assert_eq!(match_score("", "anything"), Some(3));
        assert_eq!(match_score("blå", "Blåbær"), Some(1));
        assert_eq!(match_score("bær", "Blåbær"), Some(2));
    }
}
