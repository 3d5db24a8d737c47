//! Navigation between data model paths and the C# model classes (`models/*.cs`).
//!
//! A property of a model class is the same [`Target::DataPath`] as the bindings, expressions
//! and text variables naming it: [`target_at`] finds the path from the data type's root class
//! (its `classRef`) to the property under the cursor, so definition, references, hover and
//! rename work from the C# side with the same code as from a binding; [`declaration`] adds the
//! C# property to a path's declarations.

use super::navigation::Target;
use super::{FileEdit, Location};
use crate::model::csmodel::{CsClass, CsProp, Step};
use crate::model::DataModel;
use crate::syntax::TextRange;
use crate::AppDb;

/// The data path of the model property at `offset` in a `models/*.cs` file (the shortest,
/// when its class is shared by several fields: see [`references`]).
pub fn target_at(db: &AppDb, path: &str, offset: u32) -> Option<(Target, TextRange)> {
    let (mut targets, range) = targets_at(db, path, offset, 1)?;
    Some((targets.pop()?, range))
}

/// Every data path of the model property at `offset` (at most `limit` per data type), and
/// the range of its name.
fn targets_at(
    db: &AppDb,
    path: &str,
    offset: u32,
    limit: usize,
) -> Option<(Vec<Target>, TextRange)> {
    let m = db.model();
    let (class, prop) = m.cs_models.prop_at(path, offset)?;
    let range = match &prop.json_name {
        Some((_, r)) if r.contains_inclusive(offset) => *r,
        _ => prop.name_range,
    };
    // The data types whose root class reaches the property; the one named after the file first.
    let stem = path
        .strip_prefix("models/")
        .and_then(|f| f.strip_suffix(".cs"))
        .unwrap_or("");
    let mut types: Vec<(&str, &str)> = m
        .form_data_types()
        .filter_map(|d| Some((d.id.as_str(), d.class_ref.as_deref()?)))
        .collect();
    types.sort_by_key(|(id, _)| *id != stem);
    let mut out = Vec::new();
    for (id, cr) in types {
        let Some(root) = m.cs_models.root_class(id, cr) else {
            continue;
        };
        for p in m.cs_models.paths_to(root, path, class, prop, limit) {
            out.push(Target::DataPath {
                data_type: id.to_string(),
                path: p,
            });
        }
        if out.len() >= limit {
            break;
        }
    }
    out.truncate(limit);
    (!out.is_empty()).then_some((out, range))
}

/// References of a C# model property: the uses of every data path reaching it (a class
/// shared by several fields is reached by each).
pub fn references(db: &AppDb, path: &str, offset: u32, include_declaration: bool) -> Vec<Location> {
    let Some((targets, _)) = targets_at(db, path, offset, MAX_PATHS) else {
        return Vec::new();
    };
    let mut out: Vec<Location> = targets
        .iter()
        .flat_map(|t| super::navigation::references_of(db, t, include_declaration))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// How many data paths of one property [`references`] follows.
const MAX_PATHS: usize = 64;

/// The C# properties along a data path of a data type, outermost first.
pub fn steps<'a>(db: &'a AppDb, data_type: &str, path: &str) -> Option<Vec<Step<'a>>> {
    let m = db.model();
    let cr = m.data_type(data_type)?.class_ref.as_deref()?;
    let root = m.cs_models.root_class(data_type, cr)?;
    m.cs_models.resolve(root, &DataModel::segments(path)).ok()
}

/// Where the C# property of a data path is declared.
pub fn declaration(db: &AppDb, data_type: &str, path: &str) -> Option<Location> {
    let (file, _, p) = *steps(db, data_type, path)?.last()?;
    Some(Location {
        file: file.to_string(),
        range: p.name_range,
    })
}

/// A hover line: the C# class and property of a data path and its type.
pub fn describe(db: &AppDb, data_type: &str, path: &str) -> Option<String> {
    let (file, class, p) = *steps(db, data_type, path)?.last()?;
    Some(format!(
        "C#: `{}.{}` is `{}` (`{file}`)",
        class.name, p.name, p.ty
    ))
}

fn is_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && cs.all(|c| c.is_alphanumeric() || c == '_')
}

/// The edits renaming the last property of a data path in the C# model to `new_name`: the
/// attribute strings naming it (`JsonPropertyName`, `JsonProperty`, `XmlElement`,
/// `XmlAttribute`) and the identifier when it is the old name. `Ok(empty)` when the app has
/// no C# model for the data type; an error when the path is not in it.
pub fn rename_edits(
    db: &AppDb,
    data_type: &str,
    path: &str,
    new_name: &str,
) -> Result<Vec<FileEdit>, String> {
    let m = db.model();
    let Some(cr) = m.data_type(data_type).and_then(|d| d.class_ref.as_deref()) else {
        return Ok(Vec::new());
    };
    let Some(root) = m.cs_models.root_class(data_type, cr) else {
        return Ok(Vec::new());
    };
    let Ok(steps) = m.cs_models.resolve(root, &DataModel::segments(path)) else {
        return Err(format!(
            "'{path}' has no property in the C# class {} ({}): rename it there by hand or regenerate the class",
            root.1.name, root.0
        ));
    };
    let Some(&(file, class, p)) = steps.last() else {
        return Ok(Vec::new());
    };
    prop_edits(file, class, p, new_name)
}

fn prop_edits(
    file: &str,
    class: &CsClass,
    p: &CsProp,
    new_name: &str,
) -> Result<Vec<FileEdit>, String> {
    let old = p.data_name().to_string();
    let edit = |range: TextRange| FileEdit {
        file: file.to_string(),
        range,
        new_text: new_name.to_string(),
    };
    let mut out: Vec<FileEdit> = p
        .name_strings
        .iter()
        .filter(|(v, _)| *v == old)
        .map(|(_, r)| edit(*r))
        .collect();
    if p.name == old {
        if class.props.iter().any(|x| x.name == new_name) {
            return Err(format!(
                "The C# class {} ({file}) already has a property {new_name}",
                class.name
            ));
        }
        if !is_identifier(new_name) {
            return Err(format!(
                "The C# property {}.{} ({file}) takes the data name as its identifier, and '{new_name}' is not a C# identifier: add [JsonPropertyName(\"{old}\")] to it first, or regenerate the class in Altinn Studio",
                class.name, p.name
            ));
        }
        out.push(edit(p.name_range));
    }
    Ok(out)
}
