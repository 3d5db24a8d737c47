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
use std::hash::{Hash, Hasher};
use std::sync::Arc;

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

/// Every place each lens target of the app is named (the walk [`navigation::occurrences`]
/// does for one target, done for all of them), kept up to date file by file: [`update`]
/// walks again only the files whose text changed since (all of them when the app's shape
/// changed: its layout sets, their data types and tasks, its data models, on which the names
/// found in an unchanged file depend).
///
/// [`update`]: ReferenceIndex::update
#[derive(Debug, Default)]
pub struct ReferenceIndex {
    shape: u64,
    /// Interned targets and, by target id, where each is named: (file id, range).
    ids: HashMap<Target, u32>,
    uses: Vec<Vec<(u32, TextRange)>>,
    /// Interned paths; by file id, the text walked (kept, so that a replaced text can never
    /// share its address) and the targets it named.
    file_ids: HashMap<String, u32>,
    paths: Vec<String>,
    walked: Vec<Option<(Arc<str>, Vec<u32>)>>,
}

/// The kinds of target [`lens_targets`] shows counts for (the only ones indexed).
fn counted(t: &Target) -> bool {
    matches!(
        t,
        Target::Page { .. }
            | Target::ComponentId { .. }
            | Target::TextKey(_)
            | Target::DataPath { .. }
            | Target::Task(_)
    )
}

/// What the targets named in an unchanged file depend on besides its text.
fn shape(db: &AppDb) -> u64 {
    let m = db.model();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    m.generation.map(|g| g.as_str()).hash(&mut h);
    for s in &m.sets {
        (&s.id, &s.folder, &s.data_type).hash(&mut h);
        for (t, _) in &s.tasks {
            t.hash(&mut h);
        }
    }
    for k in m.data_models.keys() {
        k.hash(&mut h);
    }
    h.finish()
}

impl ReferenceIndex {
    pub fn build(db: &AppDb) -> ReferenceIndex {
        let mut index = ReferenceIndex::default();
        index.update(db);
        index
    }

    /// Brings the index up to date with `db`.
    pub fn update(&mut self, db: &AppDb) {
        let shape = shape(db);
        if shape != self.shape || self.paths.is_empty() {
            *self = ReferenceIndex {
                shape,
                ..Default::default()
            };
        }
        let gone: Vec<u32> = self
            .file_ids
            .iter()
            .filter(|(p, _)| db.file(p).is_none())
            .map(|(_, &f)| f)
            .collect();
        for f in gone {
            self.forget(f);
        }
        for file in db.files() {
            let f = match self.file_ids.get(&file.path) {
                Some(&f) => f,
                None => {
                    let f = self.paths.len() as u32;
                    self.paths.push(file.path.clone());
                    self.walked.push(None);
                    self.file_ids.insert(file.path.clone(), f);
                    f
                }
            };
            if let Some((text, _)) = &self.walked[f as usize] {
                if Arc::ptr_eq(text, &file.text) {
                    continue;
                }
            }
            self.forget(f);
            let mut named: Vec<u32> = Vec::new();
            let (ids, uses) = (&mut self.ids, &mut self.uses);
            navigation::walk_targets(db, file, &mut |t, range| {
                if !counted(&t) || !navigation::may_mention(file, &t) {
                    return;
                }
                let next = uses.len() as u32;
                let id = *ids.entry(t).or_insert(next);
                if id == next {
                    uses.push(Vec::new());
                }
                uses[id as usize].push((f, range));
                named.push(id);
            });
            named.sort_unstable();
            named.dedup();
            self.walked[f as usize] = Some((file.text.clone(), named));
        }
    }

    /// Drops what file `f` named (its target ids stay interned, perhaps with no use left).
    fn forget(&mut self, f: u32) {
        if let Some((_, named)) = self.walked.get_mut(f as usize).and_then(Option::take) {
            for id in named {
                if let Some(v) = self.uses.get_mut(id as usize) {
                    v.retain(|(x, _)| *x != f);
                }
            }
        }
    }

    /// The references of `t`, declarations left out, sorted: what
    /// [`navigation::references_of`]`(db, t, false)` returns.
    pub fn references(&self, db: &AppDb, t: &Target) -> Vec<Location> {
        let Some(&id) = self.ids.get(t) else {
            return Vec::new();
        };
        let decls = navigation::declarations(db, t);
        let mut out: Vec<Location> = self.uses[id as usize]
            .iter()
            .map(|&(f, range)| Location {
                file: self.paths[f as usize].clone(),
                range,
            })
            .filter(|l| !decls.contains(l))
            .collect();
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
        let meta =
            r#"{"id": "org/app", "dataTypes": [{"id": "model", "appLogic": {"classRef": "M"}}]}"#;
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
    fn an_updated_index_equals_a_fresh_one() {
        let meta =
            r#"{"id": "org/app", "dataTypes": [{"id": "model", "appLogic": {"classRef": "M"}}]}"#;
        let schema = r#"{"properties": {"A": {"type": "string"}, "B": {"type": "string"}}}"#;
        let page = |b: &str| {
            format!(
                r#"{{"data": {{"layout": [{{"id": "x", "type": "Input", "dataModelBindings": {{"simpleBinding": "{b}"}}, "textResourceBindings": {{"title": "t"}}}}]}}}}"#
            )
        };
        let mut db = AppDb::from_files(
            [
                ("config/applicationmetadata.json", meta.to_string()),
                ("models/model.schema.json", schema.to_string()),
                ("ui/layouts/Page1.json", page("A")),
                ("ui/layouts/Page2.json", page("A")),
            ]
            .map(|(p, t)| (p.to_string(), t)),
            Config::default(),
        );
        let mut index = ReferenceIndex::build(&db);
        let a = Target::DataPath {
            data_type: "model".into(),
            path: "A".into(),
        };
        let b = Target::DataPath {
            data_type: "model".into(),
            path: "B".into(),
        };
        assert_eq!(index.references(&db, &a).len(), 2);
        // A page's binding moves from A to B; a page disappears; the text key stays named once.
        db.set_file("ui/layouts/Page1.json", page("B"));
        index.update(&db);
        assert_eq!(index.references(&db, &a).len(), 1);
        assert_eq!(index.references(&db, &b).len(), 1);
        db.remove_file("ui/layouts/Page2.json");
        index.update(&db);
        for t in [&a, &b, &Target::TextKey("t".into())] {
            assert_eq!(
                index.references(&db, t),
                ReferenceIndex::build(&db).references(&db, t)
            );
            assert_eq!(
                index.references(&db, t),
                navigation::references_of(&db, t, false)
            );
        }
        assert_eq!(index.references(&db, &a).len(), 0);
        // The data model renamed (the app's shape): every file is walked again.
        db.remove_file("models/model.schema.json");
        db.set_file("models/other.schema.json", schema);
        index.update(&db);
        assert_eq!(
            index.references(&db, &b),
            navigation::references_of(&db, &b, false)
        );
    }

    #[test]
    fn titles() {
        assert_eq!(count_title(0), "0 references");
        assert_eq!(count_title(1), "1 reference");
        assert_eq!(count_title(12), "12 references");
    }
}
