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
/// matches everything (score 3).
pub fn match_score(query: &str, name: &str) -> Option<u8> {
    if query.is_empty() {
        return Some(3);
    }
    let lower = name.to_lowercase();
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

/// The symbols of the app matching `query`, the best `limit` of them (by score, then name).
pub fn workspace_symbols(db: &AppDb, query: &str, limit: usize) -> Vec<WorkspaceSymbol> {
    let q = query.trim().to_lowercase();
    let m = db.model();
    let mut out: Vec<WorkspaceSymbol> = Vec::new();
    // The container is built only for names that match (most do not).
    let mut push = |name: &str,
                    kind,
                    container: &dyn Fn() -> Option<String>,
                    file: &str,
                    range: TextRange| {
        if let Some(score) = match_score(&q, name) {
            out.push(WorkspaceSymbol {
                name: name.to_string(),
                kind,
                container: container(),
                location: Location {
                    file: file.to_string(),
                    range,
                },
                score,
            });
        }
    };
    let several_sets = m.sets.len() > 1;
    for s in &m.sets {
        if let Some((file, range)) = &s.decl {
            push(&s.id, SymbolKind::LayoutSet, &|| None, file, *range);
        }
        for page in &s.pages {
            push(
                page,
                SymbolKind::Page,
                &|| several_sets.then(|| s.id.clone()),
                &s.layout_path(page),
                TextRange::empty(0),
            );
        }
        for c in &s.components {
            if c.id.is_empty() {
                continue;
            }
            let container = || {
                Some(if several_sets {
                    format!("{}/{}", s.id, c.page)
                } else {
                    c.page.clone()
                })
            };
            push(
                &c.id,
                SymbolKind::Component,
                &container,
                &c.file,
                c.id_range,
            );
        }
    }
    // A text key once, in the language the app is written in first (nb, else the first).
    let primary = m.texts.get("nb").or_else(|| m.texts.values().next());
    if let Some(tf) = primary {
        let name = || Some(tf.file.rsplit('/').next().unwrap_or(&tf.file).to_string());
        for (key, e) in &tf.keys {
            push(key, SymbolKind::TextKey, &name, &tf.file, e.range);
        }
        for other in m.texts.values() {
            if std::ptr::eq(other, tf) {
                continue;
            }
            let name = || Some(other.file.rsplit('/').next().unwrap_or(&other.file).to_string());
            for (key, e) in &other.keys {
                if !tf.keys.contains_key(key) {
                    push(key, SymbolKind::TextKey, &name, &other.file, e.range);
                }
            }
        }
    }
    if let Some(p) = &m.process {
        for t in p.tasks() {
            push(&t.id, SymbolKind::Task, &|| t.name.clone(), &p.file, t.range);
        }
    }
    for (id, dm) in &m.data_models {
        push(id, SymbolKind::DataType, &|| None, &dm.file, TextRange::empty(0));
    }
    out.sort_by(|a, b| {
        (a.score, &a.name, &a.location.file).cmp(&(b.score, &b.name, &b.location.file))
    });
    out.truncate(limit);
    out
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
    }
}
