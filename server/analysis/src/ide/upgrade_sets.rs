//! The v9 layout step of `altinn-ls upgrade --to v9`: `ui/layout-sets.json` becomes task-named
//! UI folders, as `studioctl app upgrade v9` does it (altinn-studio `src/cli`,
//! LayoutSetsToTaskUiMigrator): each set's folder moves to `ui/<task id>/` (copied to each task
//! when the set has several; a set without tasks, a subform, keeps its folder), its `dataType`
//! and `type` go into that folder's `Settings.json` as `defaultDataType` and `type`, a non-empty
//! `uiSettings` becomes `ui/Settings.json`, and `layout-sets.json` is deleted. Like studioctl, it
//! refuses when a destination folder exists already or two sets claim one.

use super::upgrade::Upgrade;
use crate::check::upgrade::insert_members;
use crate::syntax::Json;
use crate::AppDb;

/// A folder of `ui/` moved (one destination) or copied (several; the source is then removed
/// unless it is one of them). Paths relative to the app folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderMove {
    pub from: String,
    pub to: Vec<String>,
}

struct Plan {
    source: String,
    dests: Vec<String>,
    data_type: Option<String>,
    kind: Option<String>,
}

const SETS: &str = "ui/layout-sets.json";

/// Applies the step to `db` and records it in `out`; `Err` says why nothing was moved.
pub fn to_task_folders(db: &mut AppDb, out: &mut Upgrade) -> Result<(), String> {
    let Some(file) = db.file(SETS) else {
        return Ok(());
    };
    let text = file.text.to_string();
    let root = file
        .json()
        .and_then(|d| d.root.as_ref())
        .filter(|r| r.as_object().is_some())
        .ok_or("layout-sets.json is not a valid JSON object")?;
    let sets = root
        .get("sets")
        .and_then(Json::as_array)
        .ok_or("layout-sets.json has no 'sets' array")?;
    let folder_has_files =
        |db: &AppDb, f: &str| db.paths().any(|p| p.starts_with(&format!("ui/{f}/")));
    let mut plans = Vec::new();
    for s in sets {
        let Some(id) = s.get_str("id").filter(|i| !i.trim().is_empty()) else {
            continue;
        };
        if id.contains(['/', '\\']) || id == ".." || id == "." {
            return Err(format!("layout set id '{id}' is not a folder name"));
        }
        if !folder_has_files(db, id) {
            return Err(format!(
                "the UI folder of layout set '{id}' (ui/{id}/) is missing"
            ));
        }
        let mut dests: Vec<String> = Vec::new();
        for t in s.get("tasks").and_then(Json::as_array).unwrap_or(&[]) {
            if let Some(t) = t.as_str().filter(|t| !t.trim().is_empty()) {
                if t.contains(['/', '\\']) || t == ".." || t == "." {
                    return Err(format!("task id '{t}' is not a folder name"));
                }
                if !dests.iter().any(|d| d == t) {
                    dests.push(t.to_string());
                }
            }
        }
        if dests.is_empty() {
            dests.push(id.to_string());
        }
        plans.push(Plan {
            source: id.to_string(),
            dests,
            data_type: s.get_str("dataType").map(str::to_string),
            kind: s.get_str("type").map(str::to_string),
        });
    }
    let mut claimed: Vec<(&str, &str)> = Vec::new();
    for p in &plans {
        for d in &p.dests {
            if *d != p.source && folder_has_files(db, d) {
                return Err(format!(
                    "layout set '{}' cannot move to ui/{d}/: that folder exists already",
                    p.source
                ));
            }
            match claimed.iter().find(|(c, _)| c == d) {
                Some((_, other)) if *other != p.source => {
                    return Err(format!(
                        "layout sets '{other}' and '{}' both belong to task '{d}'",
                        p.source
                    ));
                }
                Some(_) => {}
                None => claimed.push((d, &p.source)),
            }
        }
    }
    let ui_settings = root
        .get("uiSettings")
        .filter(|u| u.as_object().is_some_and(|m| !m.is_empty()))
        .map(|u| text[u.range.start as usize..u.range.end as usize].to_string());
    for p in &plans {
        let prefix = format!("ui/{}/", p.source);
        let files: Vec<(String, String)> = db
            .files()
            .filter_map(|f| {
                f.path
                    .strip_prefix(&prefix)
                    .map(|rest| (rest.to_string(), f.text.to_string()))
            })
            .collect();
        let moved = p.dests.iter().any(|d| *d != p.source);
        if moved && !p.dests.contains(&p.source) {
            for (rest, _) in &files {
                db.remove_file(&format!("{prefix}{rest}"));
            }
        }
        for d in &p.dests {
            if *d != p.source {
                for (rest, t) in &files {
                    let new = format!("ui/{d}/{rest}");
                    out.renamed.insert(new.clone(), format!("{prefix}{rest}"));
                    db.set_file(&new, t.clone());
                }
            }
            upsert_settings(db, &format!("ui/{d}/Settings.json"), p);
            out.applied.push((
                SETS.to_string(),
                if *d == p.source {
                    format!("Keep layout set '{}' in ui/{d}/ (v9 UI folder)", p.source)
                } else {
                    format!(
                        "Move layout set '{}' to ui/{d}/ (the task's UI folder in v9)",
                        p.source
                    )
                },
            ));
        }
        if moved {
            out.moves.push(FolderMove {
                from: format!("ui/{}", p.source),
                to: p.dests.iter().map(|d| format!("ui/{d}")).collect(),
            });
        }
    }
    if let Some(u) = ui_settings {
        db.set_file("ui/Settings.json", u);
        out.applied.push((
            SETS.to_string(),
            "Move uiSettings to ui/Settings.json".into(),
        ));
    }
    db.remove_file(SETS);
    out.removed.push(SETS.to_string());
    Ok(())
}

/// `defaultDataType` and `type` of the set in its folder's `Settings.json`.
fn upsert_settings(db: &mut AppDb, path: &str, p: &Plan) {
    let pairs: Vec<(&str, &str)> = [("defaultDataType", &p.data_type), ("type", &p.kind)]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect();
    if pairs.is_empty() {
        return;
    }
    let quoted = |v: &str| serde_json::to_string(v).unwrap_or_else(|_| "\"\"".into());
    let Some(f) = db.file(path) else {
        let body: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("  \"{k}\": {}", quoted(v)))
            .collect();
        db.set_file(path, format!("{{\n{}\n}}\n", body.join(",\n")));
        return;
    };
    let Some(root) = f.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let mut edits = Vec::new();
    let mut add = Vec::new();
    for (k, v) in &pairs {
        match root.member(k) {
            Some(m) => edits.push((m.value.range, quoted(v))),
            None => add.push(format!("\"{k}\": {}", quoted(v))),
        }
    }
    if !add.is_empty() {
        match insert_members(&f.text, root, &add) {
            Some(e) => edits.push(e),
            None => return,
        }
    }
    // Applied one after the other: from the end, so earlier ranges stay valid.
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    db.edit_file(path, &edits);
}
