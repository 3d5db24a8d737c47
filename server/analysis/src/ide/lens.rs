//! Code lenses: the things a file declares that others refer to ([`lens_targets`]: a page, its
//! component ids, text keys, data model fields, process tasks), and their references counted
//! for every target of the app in one walk ([`ReferenceIndex`]), so that resolving many lenses
//! costs one walk over the app, not one per lens. The answers equal
//! [`references_of`](super::navigation::references_of) without declarations.

use super::navigation::{self, Target};
use super::Location;
use crate::model::FileKind;
use crate::syntax::TextRange;
use crate::AppDb;
use std::collections::HashMap;

/// What `path` declares that has references elsewhere, with the range to show the lens at.
pub fn lens_targets(db: &AppDb, path: &str) -> Vec<(Target, TextRange)> {
    let Some(file) = db.file(path) else {
        return Vec::new();
    };
    let m = db.model();
    let mut out = Vec::new();
    match &file.kind {
        FileKind::Layout { .. } => {
            let Some(set) = m.set_of_file(&file.kind) else {
                return out;
            };
            if let Some(page) = set.pages.iter().find(|p| set.layout_path(p) == path) {
                out.push((
                    Target::Page {
                        set: set.id.clone(),
                        name: page.clone(),
                    },
                    TextRange::empty(0),
                ));
                for c in set.page_components(page) {
                    if !c.id.is_empty() && c.file == path {
                        out.push((
                            Target::ComponentId {
                                set: set.id.clone(),
                                id: c.id.clone(),
                            },
                            c.id_range,
                        ));
                    }
                }
            }
        }
        FileKind::TextResource { lang } => {
            if let Some(tf) = m.texts.get(lang).filter(|t| t.file == path) {
                for (key, e) in &tf.keys {
                    out.push((Target::TextKey(key.clone()), e.range));
                }
            }
        }
        FileKind::DataModelSchema { .. } => {
            for (id, dm) in &m.data_models {
                if dm.file != path {
                    continue;
                }
                for (p, f) in dm.all_paths() {
                    if let Some(d) = f.decl {
                        out.push((
                            Target::DataPath {
                                data_type: id.clone(),
                                path: p,
                            },
                            d,
                        ));
                    }
                }
            }
        }
        FileKind::Process => {
            if let Some(p) = m.process.as_ref().filter(|p| p.file == path) {
                for t in p.tasks() {
                    out.push((Target::Task(t.id.clone()), t.range));
                }
            }
        }
        _ => {}
    }
    out.sort_by_key(|(_, r)| (r.start, r.end));
    out
}

/// Every place each target of the app is named (the walk [`navigation::occurrences`] does for
/// one target, done once for all of them).
#[derive(Debug, Default)]
pub struct ReferenceIndex {
    by_target: HashMap<Target, Vec<Location>>,
}

impl ReferenceIndex {
    pub fn build(db: &AppDb) -> ReferenceIndex {
        let mut by_target: HashMap<Target, Vec<Location>> = HashMap::new();
        for file in db.files() {
            navigation::walk_targets(db, file, &mut |t, range| {
                if navigation::may_mention(file, &t) {
                    by_target.entry(t).or_default().push(Location {
                        file: file.path.clone(),
                        range,
                    });
                }
            });
        }
        ReferenceIndex { by_target }
    }

    /// The references of `t`, declarations left out, sorted: what
    /// [`navigation::references_of`]`(db, t, false)` returns.
    pub fn references(&self, db: &AppDb, t: &Target) -> Vec<Location> {
        let Some(all) = self.by_target.get(t) else {
            return Vec::new();
        };
        let decls = navigation::declarations(db, t);
        let mut out: Vec<Location> = all.iter().filter(|l| !decls.contains(l)).cloned().collect();
        out.sort();
        out.dedup();
        out
    }
}

/// "1 reference", "3 references".
pub fn count_title(n: usize) -> String {
    if n == 1 {
        "1 reference".to_string()
    } else {
        format!("{n} references")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn schema_properties_get_lenses_counted_like_references() {
        let schema = r#"{"properties": {"Person": {"type": "object", "properties": {"Name": {"type": "string"}}}}}"#;
        let meta = r#"{"id": "org/app", "dataTypes": [{"id": "model", "appLogic": {"classRef": "M"}}]}"#;
        let layout = r#"{"data": {"layout": [{"id": "a", "type": "Input", "dataModelBindings": {"simpleBinding": "Person.Name"}}]}}"#;
        let db = AppDb::from_files(
            [
                ("models/model.schema.json", schema),
                ("config/applicationmetadata.json", meta),
                ("ui/layouts/Page1.json", layout),
            ]
            .map(|(p, t)| (p.to_string(), t.to_string())),
            Config::default(),
        );
        let got = lens_targets(&db, "models/model.schema.json");
        let path = |p: &str| Target::DataPath {
            data_type: "model".into(),
            path: p.into(),
        };
        assert_eq!(
            got,
            vec![
                (path("Person"), TextRange::new(16, 24)),
                (path("Person.Name"), TextRange::new(60, 66)),
            ]
        );
        let index = ReferenceIndex::build(&db);
        for (t, _) in &got {
            assert_eq!(
                index.references(&db, t),
                navigation::references_of(&db, t, false),
                "{t:?}"
            );
        }
        assert_eq!(index.references(&db, &path("Person.Name")).len(), 1);
    }

    #[test]
    fn titles() {
        assert_eq!(count_title(0), "0 references");
        assert_eq!(count_title(1), "1 reference");
        assert_eq!(count_title(12), "12 references");
    }
}
