//! Quick fixes from the fix data that checks attach to diagnostics
//! ([`crate::diagnostic::FixData`]): did-you-mean replacements, missing text keys, pages missing
//! from `pages.order`, duplicate component ids, merge conflicts (keep one version or both), and
//! upgrade rewrites ([`crate::diagnostic::Rewrite`]).

use super::{CodeAction, FileEdit};
use crate::diagnostic::{Diagnostic, FixData};
use crate::syntax::{Json, TextRange};
use crate::AppDb;

pub fn code_actions(
    db: &AppDb,
    path: &str,
    range: TextRange,
    diagnostics: &[Diagnostic],
) -> Vec<CodeAction> {
    let mut out = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if d.file != path || d.range.end < range.start || range.end < d.range.start {
            continue;
        }
        if let Some(rw) = &d.rewrite {
            out.push(CodeAction {
                title: rw.title.clone(),
                diagnostic_index: Some(i),
                edits: rw
                    .edits
                    .iter()
                    .map(|(range, text)| FileEdit {
                        file: d.file.clone(),
                        range: *range,
                        new_text: text.clone(),
                    })
                    .collect(),
                is_preferred: rw.preferred && d.fix.is_none(),
            });
        }
        let Some(fix) = &d.fix else { continue };
        if let FixData::MergeConflict = fix {
            // Several choices, none preferred: which version is right is the user's call.
            let text = db.file(&d.file).map(|f| &*f.text).unwrap_or("");
            for r in crate::check::conflicts::resolutions(text, d.range.start) {
                out.push(CodeAction {
                    title: r.title,
                    diagnostic_index: Some(i),
                    edits: vec![FileEdit {
                        file: d.file.clone(),
                        range: r.range,
                        new_text: r.new_text,
                    }],
                    is_preferred: false,
                });
            }
            continue;
        }
        let action = match fix {
            FixData::Replace(s) => Some(CodeAction {
                title: format!("Replace with {}", shown(s)),
                diagnostic_index: Some(i),
                edits: vec![FileEdit {
                    file: d.file.clone(),
                    range: d.range,
                    new_text: s.clone(),
                }],
                is_preferred: true,
            }),
            FixData::MissingTextKey(k) => {
                missing_text_key(db, k).map(|(title, edits)| CodeAction {
                    title,
                    diagnostic_index: Some(i),
                    edits,
                    is_preferred: true,
                })
            }
            FixData::PageNotInOrder {
                settings_file,
                page,
            } => add_to_order(db, settings_file, page).map(|e| CodeAction {
                title: format!("Add page '{page}' to pages.order in {settings_file}"),
                diagnostic_index: Some(i),
                edits: vec![e],
                is_preferred: true,
            }),
            FixData::DuplicateId { suggestion } => Some(CodeAction {
                title: format!("Rename this component to '{suggestion}'"),
                diagnostic_index: Some(i),
                edits: vec![FileEdit {
                    file: d.file.clone(),
                    range: d.range,
                    new_text: suggestion.clone(),
                }],
                is_preferred: true,
            }),
            FixData::MergeConflict => None,
        };
        out.extend(action);
    }
    out
}

fn shown(s: &str) -> String {
    if s.starts_with('"') {
        s.to_string()
    } else {
        format!("'{s}'")
    }
}

/// The indentation of the line holding `offset`.
fn indent_at(text: &str, offset: usize) -> &str {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Text that appends `item` (already JSON) to `array` in `text`, keeping valid JSON.
fn append_item(text: &str, array: &Json, item: &str) -> Option<(TextRange, String)> {
    let items = array.as_array()?;
    // A broken array (no closing bracket): no safe place to insert.
    let bytes = text.as_bytes();
    if array.range.len() < 2
        || bytes.get(array.range.end as usize - 1) != Some(&b']')
        || bytes.get(array.range.start as usize) != Some(&b'[')
    {
        return None;
    }
    match items.last() {
        Some(last) => {
            let at = last.range.end as usize;
            let between = text.get(at..array.range.end as usize - 1).unwrap_or("");
            let multiline = text
                .get(array.range.start as usize..at)
                .is_some_and(|s| s.contains('\n'));
            let sep = if multiline {
                format!("\n{}", indent_at(text, last.range.start as usize))
            } else {
                " ".into()
            };
            // A trailing comma is already there: reuse it.
            let comma = if between.trim_start().starts_with(',') {
                ""
            } else {
                ","
            };
            let at = if comma.is_empty() {
                at + between.find(',').unwrap_or(0) + 1
            } else {
                at
            };
            Some((TextRange::empty(at as u32), format!("{comma}{sep}{item}")))
        }
        None => {
            let at = array.range.start as usize + 1;
            let close = array.range.end.saturating_sub(1) as usize;
            let inner_multiline = text.get(at..close).is_some_and(|s| s.contains('\n'));
            if inner_multiline {
                let ind = indent_at(text, array.range.start as usize);
                Some((
                    TextRange::new(at as u32, close as u32),
                    format!("\n{ind}  {item}\n{ind}"),
                ))
            } else {
                Some((TextRange::new(at as u32, close as u32), format!(" {item} ")))
            }
        }
    }
}

fn missing_text_key(db: &AppDb, key: &str) -> Option<(String, Vec<FileEdit>)> {
    let m = db.model();
    let k = serde_json::to_string(key).ok()?;
    let v = serde_json::to_string(&format!("TODO: {key}")).ok()?;
    let entry = format!("{{ \"id\": {k}, \"value\": {v} }}");
    let mut edits = Vec::new();
    let mut langs = Vec::new();
    for tf in m.texts.values() {
        if tf.keys.contains_key(key) {
            continue;
        }
        let Some(file) = db.file(&tf.file) else {
            continue;
        };
        let Some(res) = file
            .json()
            .and_then(|d| d.root.as_ref())
            .and_then(|r| r.get("resources"))
        else {
            continue;
        };
        let Some((range, new_text)) = append_item(&file.text, res, &entry) else {
            continue;
        };
        edits.push(FileEdit {
            file: tf.file.clone(),
            range,
            new_text,
        });
        langs.push(tf.lang.clone());
    }
    if m.texts.is_empty() {
        let path = "config/texts/resource.nb.json".to_string();
        if db.file(&path).is_none() {
            edits.push(FileEdit {
                file: path,
                range: TextRange::empty(0),
                new_text: format!(
                    "{{\n  \"language\": \"nb\",\n  \"resources\": [\n    {entry}\n  ]\n}}\n"
                ),
            });
            langs.push("nb".into());
        }
    }
    if edits.is_empty() {
        return None;
    }
    Some((
        format!("Create text key '{key}' ({})", langs.join(", ")),
        edits,
    ))
}

fn add_to_order(db: &AppDb, settings_file: &str, page: &str) -> Option<FileEdit> {
    let file = db.file(settings_file)?;
    let pages = file.json()?.root.as_ref()?.get("pages")?;
    let order = match pages.get("order") {
        Some(o) => o,
        None => pages.get("groups")?.as_array()?.last()?.get("order")?,
    };
    let item = serde_json::to_string(page).ok()?;
    let (range, new_text) = append_item(&file.text, order, &item)?;
    Some(FileEdit {
        file: settings_file.to_string(),
        range,
        new_text,
    })
}
