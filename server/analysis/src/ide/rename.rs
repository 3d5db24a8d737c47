//! Rename: every occurrence of a name in every file, checked for validity and collisions.
//!
//! Renamable: component ids, text keys, page names, layout set ids (classic apps), data model
//! fields and process tasks (`rename_task.rs`). A page or layout set rename also renames files (the page's layout file, the set's
//! folder): [`rename`] returns the text edits and [`file_renames`] the files the client must
//! rename with them (the language server sends both in one workspace edit).
//!
//! A data model field rename edits every binding, expression, text variable and rule path that
//! goes through the field, the property (and its `required` entry) in the `.schema.json`, and the
//! C# model property (its `JsonPropertyName`/`JsonProperty`/`XmlElement`/`XmlAttribute` names,
//! and its identifier when that is the data name; C# code using the identifier is not edited:
//! the compiler shows it). The XSD is not edited: Altinn Studio regenerates it from the schema.

use super::navigation::{references_of, target_at, walk_targets, Target};
use super::FileEdit;
use crate::model::{DataModel, Generation};
use crate::syntax::{Json, JsonKind, TextRange};
use crate::AppDb;

/// A file the client must rename together with the edits (page and layout set renames).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRename {
    pub old: String,
    pub new: String,
}

/// The component id pattern of the layout schema:
/// `^[0-9a-zA-Z][0-9a-zA-Z-]*(-?[a-zA-Z]+|[a-zA-Z][0-9]+|-[0-9]{6,})$`.
pub fn valid_component_id(id: &str) -> bool {
    let b = id.as_bytes();
    let n = b.len();
    if n < 2 || !b[0].is_ascii_alphanumeric() {
        return false;
    }
    if !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-') {
        return false;
    }
    // The suffix group must start at index 1 or later.
    if b[n - 1].is_ascii_alphabetic() {
        return true;
    }
    let digits = b.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits >= n {
        return false;
    }
    let at = n - digits - 1;
    at >= 1 && (b[at].is_ascii_alphabetic() || (b[at] == b'-' && digits >= 6))
}

/// Page and layout set names (Designer's `^[a-zA-Z0-9_\-]{2,28}$`).
fn valid_file_name(name: &str) -> bool {
    (2..=28).contains(&name.len())
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

fn valid_text_key(k: &str) -> bool {
    !k.is_empty() && k.trim() == k && !k.chars().any(|c| c == '"' || c == '\\' || c.is_control())
}

fn valid_field_name(n: &str) -> bool {
    let mut cs = n.chars();
    cs.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && cs.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The target at the cursor, narrowed for data paths to the segment under the cursor.
fn renamable(db: &AppDb, path: &str, offset: u32) -> Result<(Target, TextRange, String), String> {
    let (t, range) = target_at(db, path, offset).ok_or("Nothing that can be renamed here")?;
    let file = db.file(path).ok_or("Unknown file")?;
    let raw = file.slice(range).to_string();
    match &t {
        Target::DataPath { data_type, path: p } => {
            // The schema side: the key is the whole field.
            if matches!(
                file.kind,
                crate::model::FileKind::DataModelSchema { .. } | crate::model::FileKind::CSharp
            ) {
                let name = p.rsplit('.').next().unwrap_or(p).to_string();
                return Ok((t.clone(), range, name));
            }
            let rel = offset.saturating_sub(range.start) as usize;
            let mut start = 0usize;
            for (i, seg) in raw.split('.').enumerate() {
                let end = start + seg.len();
                if rel <= end {
                    let name_len = seg.find(['[', '{']).unwrap_or(seg.len());
                    let prefix: Vec<&str> = DataModel::segments(&raw).into_iter().take(i + 1).collect();
                    let r = TextRange::new(range.start + start as u32, range.start + (start + name_len) as u32);
                    return Ok((
                        Target::DataPath {
                            data_type: data_type.clone(),
                            path: prefix.join("."),
                        },
                        r,
                        seg[..name_len].to_string(),
                    ));
                }
                start = end + 1;
            }
            Err("Nothing that can be renamed here".into())
        }
        Target::TextKey(k) | Target::LayoutSet(k) => Ok((t.clone(), range, k.clone())),
        Target::ComponentId { id, .. } => Ok((t.clone(), range, id.clone())),
        Target::Page { name, .. } => Ok((t.clone(), range, name.clone())),
        Target::Task(id) => Ok((t.clone(), range, id.clone())),
        Target::DataType(_) => Err("Data type ids cannot be renamed here: they also name the data model files and the C# class".into()),
        _ => Err("This name cannot be renamed".into()),
    }
}

pub fn prepare_rename(db: &AppDb, path: &str, offset: u32) -> Result<(TextRange, String), String> {
    let (t, range, name) = renamable(db, path, offset)?;
    if let Target::DataPath { data_type, path } = &t {
        let dm = db
            .model()
            .data_model(data_type)
            .ok_or_else(|| no_schema(db, data_type))?;
        dm.resolve(path)
            .map_err(|_| format!("'{path}' is not a field of data model '{data_type}'"))?;
    }
    if let Target::Task(id) = &t {
        // Renaming to itself runs every check on the old id (is it a task of the process).
        super::rename_task::rename_task(db, id, id)?;
    }
    Ok((range, name))
}

pub fn rename(
    db: &AppDb,
    path: &str,
    offset: u32,
    new_name: &str,
) -> Result<Vec<FileEdit>, String> {
    let (t, _, old) = renamable(db, path, offset)?;
    if new_name == old {
        return Ok(Vec::new());
    }
    let m = db.model();
    let mut edits: Vec<FileEdit> = Vec::new();
    // Targets renamed together with the one at the cursor.
    let mut also: Vec<Target> = Vec::new();
    match &t {
        Target::TextKey(_) => {
            if !valid_text_key(new_name) {
                return Err(format!("'{new_name}' is not a valid text key: it must not be empty, start or end with spaces, or contain quotes, backslashes or control characters"));
            }
            if let Some(tf) = m.texts.values().find(|tf| tf.keys.contains_key(new_name)) {
                return Err(format!(
                    "Text key '{new_name}' already exists in {}",
                    tf.file
                ));
            }
        }
        Target::ComponentId { set, .. } => {
            if !valid_component_id(new_name) {
                return Err(format!("'{new_name}' is not a valid component id: use letters, digits and '-', start with a letter or digit, and do not end in '-<digits>' (reserved for repeating group rows)"));
            }
            if let Some(c) = m.set_by_id(set).and_then(|s| s.component(new_name)) {
                return Err(format!("Component id '{new_name}' is already used on page '{}' (ids must be unique within the layout set)", c.page));
            }
            // A FileUpload's id is the id of its attachment data type: rename both.
            let upload = m
                .set_by_id(set)
                .and_then(|s| s.component(&old))
                .is_some_and(|c| c.ty.starts_with("FileUpload"));
            if upload && m.data_type(&old).is_some() {
                if m.data_type(new_name).is_some() {
                    return Err(format!("'{new_name}' is already a data type id in applicationmetadata.json (a FileUpload's id names its attachment data type)"));
                }
                also.push(Target::DataType(old.clone()));
            }
            if m.data_type(new_name).is_some() && !upload {
                return Err(format!("'{new_name}' is a data type id in applicationmetadata.json; Altinn Studio refuses component ids that clash with data types"));
            }
        }
        Target::Page { set, .. } => {
            if old.contains(['/', '\\']) || old == ".." || old == "." {
                return Err(format!("'{old}' is not a page file of this app (a page name is a file name, not a path); rename refused"));
            }
            if !valid_file_name(new_name) {
                return Err(format!(
                    "'{new_name}' is not a valid page name: 2 to 28 letters, digits, '_' or '-'"
                ));
            }
            let s = m.set_by_id(set).ok_or("Unknown layout set")?;
            if s.pages.iter().any(|p| p.eq_ignore_ascii_case(new_name)) {
                return Err(format!(
                    "Page '{new_name}' already exists in layout set '{set}'"
                ));
            }
        }
        Target::LayoutSet(_) => {
            if m.generation != Some(Generation::LayoutSets) {
                return Err("Without layout-sets.json the folder name is the task id: rename the task in the process instead".into());
            }
            if !valid_file_name(new_name) {
                return Err(format!("'{new_name}' is not a valid layout set id: 2 to 28 letters, digits, '_' or '-'"));
            }
            if m.sets.iter().any(|s| s.id.eq_ignore_ascii_case(new_name)) {
                return Err(format!("Layout set '{new_name}' already exists"));
            }
        }
        Target::Task(id) => return super::rename_task::rename_task(db, id, new_name).map(|r| r.0),
        Target::DataPath { data_type, path: p } => {
            if !valid_field_name(new_name) {
                return Err(format!("'{new_name}' is not a valid field name: start with a letter or '_', then letters, digits, '_' or '-'"));
            }
            return rename_field(db, data_type, p, new_name);
        }
        _ => return Err("This name cannot be renamed".into()),
    }
    also.insert(0, t.clone());
    for l in also.iter().flat_map(|x| references_of(db, x, true)) {
        if l.range.is_empty() {
            continue; // A file itself (page layout): renamed by `file_renames`.
        }
        edits.push(FileEdit {
            file: l.file,
            range: l.range,
            new_text: new_name.to_string(),
        });
    }
    edits.sort_by(|a, b| (&a.file, a.range).cmp(&(&b.file, b.range)));
    edits.dedup();
    Ok(edits)
}

fn rename_field(
    db: &AppDb,
    data_type: &str,
    path: &str,
    new_name: &str,
) -> Result<Vec<FileEdit>, String> {
    let m = db.model();
    let dm = m
        .data_model(data_type)
        .ok_or_else(|| no_schema(db, data_type))?;
    let field = dm
        .resolve(path)
        .map_err(|_| format!("'{path}' is not a field of data model '{data_type}'"))?
        .field;
    let segs = DataModel::segments(path);
    let parent = dm
        .field_at(&segs[..segs.len() - 1])
        .ok_or("Unknown parent field")?;
    if parent.children.contains_key(new_name) {
        return Err(format!(
            "'{}' already has a field '{new_name}'",
            if segs.len() > 1 {
                segs[..segs.len() - 1].join(".")
            } else {
                "The data model root".into()
            }
        ));
    }
    // Every path that reaches the same schema property (shared definitions).
    let affected: Vec<Vec<String>> = match field.decl {
        Some(d) => dm
            .all_paths()
            .into_iter()
            .filter(|(_, f)| f.decl == Some(d))
            .map(|(p, _)| p.split('.').map(str::to_string).collect())
            .collect(),
        None => vec![segs.iter().map(|s| s.to_string()).collect()],
    };
    let mut edits = Vec::new();
    for file in db.files() {
        walk_targets(db, file, &mut |t, range| {
            let Target::DataPath {
                data_type: dt,
                path: p,
            } = t
            else {
                return;
            };
            if dt != data_type {
                return;
            }
            let occ: Vec<&str> = p.split('.').collect();
            let Some(k) = affected
                .iter()
                .find(|a| a.len() <= occ.len() && a.iter().zip(&occ).all(|(x, y)| x == y))
                .map(|a| a.len() - 1)
            else {
                return;
            };
            // Find segment k in the raw text.
            let raw = file.slice(range);
            let mut start = 0usize;
            for (i, seg) in raw.split('.').enumerate() {
                if i == k {
                    let len = seg.find(['[', '{']).unwrap_or(seg.len());
                    edits.push(FileEdit {
                        file: file.path.clone(),
                        range: TextRange::new(
                            range.start + start as u32,
                            range.start + (start + len) as u32,
                        ),
                        new_text: new_name.to_string(),
                    });
                    break;
                }
                start += seg.len() + 1;
            }
        });
    }
    // The schema: the property key and its `required` entry.
    if let (Some(d), Some(root)) = (
        field.decl,
        db.file(&dm.file)
            .and_then(|f| f.json())
            .and_then(|j| j.root.as_ref()),
    ) {
        let old = segs.last().copied().unwrap_or("");
        edits.push(FileEdit {
            file: dm.file.clone(),
            range: d.inner_string(),
            new_text: new_name.to_string(),
        });
        if let Some(r) = required_entry(root, d, old) {
            edits.push(FileEdit {
                file: dm.file.clone(),
                range: r,
                new_text: new_name.to_string(),
            });
        }
    }
    edits.extend(super::csharp_nav::rename_edits(
        db, data_type, path, new_name,
    )?);
    edits.sort_by(|a, b| (&a.file, a.range).cmp(&(&b.file, b.range)));
    edits.dedup();
    Ok(edits)
}

/// Why a field of this data type cannot be renamed: no `.schema.json` (an XSD-only model is
/// not edited).
fn no_schema(db: &AppDb, data_type: &str) -> String {
    let xsd = format!("models/{data_type}.xsd");
    if db.file(&xsd).is_some() {
        format!("Data type '{data_type}' has only an XSD model ({xsd}), which rename does not edit: rename the field in Altinn Studio's data model editor")
    } else {
        format!("No data model for data type '{data_type}'")
    }
}

/// The `required` array entry naming the property declared at `decl`, in the object schema
/// whose `properties` hold it.
fn required_entry(v: &Json, decl: TextRange, name: &str) -> Option<TextRange> {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match &v.kind {
            JsonKind::Object(ms) => {
                if let Some(props) = v.get("properties").and_then(|p| p.as_object()) {
                    if props.iter().any(|m| m.key_range == decl) {
                        return v
                            .get("required")?
                            .as_array()?
                            .iter()
                            .find(|x| x.as_str() == Some(name))
                            .map(|x| x.content_range());
                    }
                }
                stack.extend(ms.iter().map(|m| &m.value));
            }
            JsonKind::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    None
}

/// A page's layout file may be renamed only when it is a file of this app with a plain name: a
/// name from Settings.json such as `../../x` must never make the client move a file elsewhere.
fn page_file_of_app(db: &AppDb, rel: &str) -> bool {
    db.file(rel).is_some()
        && !rel
            .split(['/', '\\'])
            .any(|c| c == ".." || c == "." || c.is_empty())
}

/// Files that must be renamed along with [`super::rename`]'s edits: a page's layout file, every file in
/// a layout set's folder, a task's `ui/<task>` folder (one folder move). Empty for other renames and when the rename is refused.
pub fn file_renames(db: &AppDb, path: &str, offset: u32, new_name: &str) -> Vec<FileRename> {
    if rename(db, path, offset, new_name).is_err() {
        return Vec::new();
    }
    let Ok((t, _, _)) = renamable(db, path, offset) else {
        return Vec::new();
    };
    let m = db.model();
    match t {
        Target::Page { set, name } => m
            .set_by_id(&set)
            .filter(|s| page_file_of_app(db, &s.layout_path(&name)))
            .map(|s| {
                vec![FileRename {
                    old: s.layout_path(&name),
                    new: s.layout_path(new_name),
                }]
            })
            .unwrap_or_default(),
        Target::LayoutSet(id) if valid_file_name(&id) => {
            let prefix = format!("ui/{id}/");
            db.paths()
                .filter(|p| p.starts_with(&prefix))
                .map(|p| FileRename {
                    old: p.to_string(),
                    new: format!("ui/{new_name}/{}", &p[prefix.len()..]),
                })
                .collect()
        }
        Target::Task(id) => super::rename_task::rename_task(db, &id, new_name)
            .map(|r| r.1)
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_id_pattern() {
        for ok in [
            "name",
            "ab",
            "pet-name",
            "field1",
            "x-123456",
            "Input-abc",
            "AB1",
            "grp-a",
            "0a",
        ] {
            assert!(valid_component_id(ok), "{ok}");
        }
        for bad in [
            "", "a", "A1", "-a", "a_b", "a.b", "pet-1", "x-12345", "1", "name-", "æ", "a1-2",
        ] {
            assert!(!valid_component_id(bad), "{bad}");
        }
    }
}
