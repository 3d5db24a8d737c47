//! Rename of a process task: every file that names the task, and the task-named UI folder.
//!
//! Grounded in what Altinn Studio Designer does when a task id changes in the process editor:
//! the modeler changes the element id and every reference to it in `process.bpmn` (flows'
//! `sourceRef`/`targetRef`, the diagram's `bpmnElement`, a PDF task's `autoPdfTaskIds`), and
//! the backend's `ProcessTaskIdChanged` handlers then edit `applicationmetadata.json`
//! (`dataTypes[].taskId`), `layout-sets.json` (`tasks`), the layouts (Summary2
//! `target.taskId`), `policy.xml` (`urn:altinn:task` values and the old id inside rule
//! descriptions) and, in a v9 app without `layout-sets.json`, rename the `ui/<task>/` folder.
//! The new id is validated as Designer's process editor validates it.
//!
//! Not edited: C# code and other free text that compares with the task id (`taskId == "Task_1"`
//! in a task handler): a string in code may mean something else, so it is left to the developer.

use super::navigation::{references_of, Target};
use super::rename::FileRename;
use super::FileEdit;
use crate::model::{FileKind, Generation};
use crate::syntax::{TextRange, XmlElement};
use crate::AppDb;

/// Designer's rules for a task id (`useValidateBpmnTaskId`): 1 to 50 characters, ASCII
/// letters, digits, `_` and `-`, not starting with "custom" (reserved).
fn check_task_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > 50 {
        return Err(format!(
            "'{id}' is not a valid task id: it must have 1 to 50 characters"
        ));
    }
    if !id
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    {
        return Err(format!(
            "'{id}' is not a valid task id: use only the letters a-z and A-Z, digits, '_' and '-'"
        ));
    }
    if id.to_ascii_lowercase().starts_with("custom") {
        return Err(format!(
            "'{id}' is not a valid task id: ids starting with 'custom' are reserved by Altinn Studio"
        ));
    }
    Ok(())
}

/// The edits and the folder move of renaming task `old` to `new`, or why it cannot be done.
pub fn rename_task(
    db: &AppDb,
    old: &str,
    new: &str,
) -> Result<(Vec<FileEdit>, Vec<FileRename>), String> {
    let m = db.model();
    let p = m
        .process
        .as_ref()
        .ok_or("There is no config/process/process.bpmn to rename the task in")?;
    let Some(el) = p.elements.iter().find(|e| e.id == old) else {
        return Err(format!(
            "'{old}' is not an element of process.bpmn; rename the task there first"
        ));
    };
    if p.task(old).is_none() {
        return Err(format!(
            "'{old}' is not a task in process.bpmn but an element ({}); only task ids can be renamed here (other BPMN elements in the process editor)",
            el.element
        ));
    }
    if new == old {
        return Ok((Vec::new(), Vec::new()));
    }
    check_task_id(new)?;
    if let Some(e) = p.elements.iter().find(|e| e.id.eq_ignore_ascii_case(new)) {
        return Err(format!(
            "'{}' is already the id of an element ({}) in process.bpmn (ids are unique, ignoring case)",
            e.id, e.element
        ));
    }
    let folder = task_folder(db, old);
    if folder.is_some() && db.paths().any(|f| f.starts_with(&format!("ui/{new}/"))) {
        return Err(format!(
            "The folder ui/{new}/ already exists: the task's UI folder ui/{old}/ cannot be moved there"
        ));
    }
    let mut edits: Vec<FileEdit> = references_of(db, &Target::Task(old.to_string()), true)
        .into_iter()
        .filter(|l| !l.range.is_empty())
        .map(|l| FileEdit {
            file: l.file,
            range: l.range,
            new_text: new.to_string(),
        })
        .collect();
    if let Some(root) = db
        .file(&p.file)
        .and_then(|f| f.xml())
        .and_then(|d| d.root.as_ref())
    {
        diagram_edits(root, &p.file, old, new, p, &mut edits);
    }
    for f in db.files().filter(|f| f.kind == FileKind::Policy) {
        if let Some(root) = f.xml().and_then(|d| d.root.as_ref()) {
            let rules = root
                .descendants()
                .into_iter()
                .filter(|e| e.local_name() == "Rule");
            for d in rules.filter_map(|r| r.child("Description")) {
                if let Some(r) = d.text_range {
                    for at in word_matches(f.slice(r), old) {
                        let s = r.start + at as u32;
                        edits.push(FileEdit {
                            file: f.path.clone(),
                            range: TextRange::new(s, s + old.len() as u32),
                            new_text: new.to_string(),
                        });
                    }
                }
            }
        }
    }
    edits.sort_by(|a, b| (&a.file, a.range).cmp(&(&b.file, b.range)));
    edits.dedup();
    let moves = folder
        .map(|f| {
            vec![FileRename {
                old: f,
                new: format!("ui/{new}"),
            }]
        })
        .unwrap_or_default();
    Ok((edits, moves))
}

/// `ui/<task>` when the app keeps its UI in task-named folders (v9, no `layout-sets.json`) and
/// this task has one.
fn task_folder(db: &AppDb, task: &str) -> Option<String> {
    let m = db.model();
    (m.generation == Some(Generation::UiFolders) && m.sets.iter().any(|s| s.folder == task))
        .then(|| format!("ui/{task}"))
}

/// The diagram's references: `bpmnElement="<old>"`, and the shape's own id `<old>_di` (the
/// modeler's naming) when `<new>_di` is free.
fn diagram_edits(
    root: &XmlElement,
    file: &str,
    old: &str,
    new: &str,
    p: &crate::model::ProcessInfo,
    edits: &mut Vec<FileEdit>,
) {
    let di_old = format!("{old}_di");
    let di_new = format!("{new}_di");
    let all = root.descendants();
    let di_free = !all.iter().any(|e| {
        e.attr_value("id")
            .is_some_and(|v| v.eq_ignore_ascii_case(&di_new))
    }) && !p
        .elements
        .iter()
        .any(|e| e.id.eq_ignore_ascii_case(&di_new));
    for e in all {
        if !e.prefix().is_some_and(|px| px.starts_with("bpmndi")) {
            continue;
        }
        for a in &e.attrs {
            let name = a.name.rsplit(':').next().unwrap_or("");
            let hit = (name == "bpmnElement" && a.value == old)
                || (name == "id" && a.value == di_old && di_free);
            if hit {
                edits.push(FileEdit {
                    file: file.to_string(),
                    range: a.value_range,
                    new_text: if name == "id" {
                        di_new.clone()
                    } else {
                        new.to_string()
                    },
                });
            }
        }
    }
}

/// Byte offsets of `word` in `text` not inside a longer id (`Task_1` is not in `Task_10`).
fn word_matches(text: &str, word: &str) -> Vec<usize> {
    let id_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            !before.is_some_and(id_char) && !after.is_some_and(id_char)
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_id_rules() {
        for ok in ["Task_2", "a", "fill-in", "Task2"] {
            assert!(check_task_id(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "Task 2",
            "Oppgåve",
            "custom_1",
            "CustomTask",
            "a.b",
            &"x".repeat(51),
        ] {
            assert!(check_task_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn words_only() {
        assert_eq!(
            word_matches("Task_1 and Task_10, (Task_1)", "Task_1"),
            vec![0, 21]
        );
    }
}
