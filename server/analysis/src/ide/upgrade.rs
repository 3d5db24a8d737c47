//! `altinn-ls upgrade --to v9` / `--to v4`: the app checked as Altinn.App v9 (or as app
//! frontend v4), and every "old form in a newer app" finding whose rewrite that version already
//! reads applied, round after round until none is left. What it cannot rewrite is returned as
//! findings, never guessed.

use crate::check::codes::{AL0106, AL0109, AL0113, AL0121, AL0126, AL0654, AL0655};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::versions::INDEX_PAGE;
use crate::model::{Generation, Versions};
use crate::syntax::TextRange;
use crate::AppDb;
use std::collections::BTreeMap;

/// The outcome of an upgrade (nothing is written: the caller writes `changed`).
#[derive(Debug, Default)]
pub struct Upgrade {
    /// New text of each changed file (relative path).
    pub changed: BTreeMap<String, String>,
    /// The rewrites applied: (file, title), in order.
    pub applied: Vec<(String, String)>,
    /// Findings left after the rewrites that an upgrade has to deal with by hand (or that
    /// `studioctl app upgrade v9` does), and app-wide steps we do not take.
    pub left: Vec<String>,
    /// Folders moved or copied (v9: layout sets to task folders), before `changed` is written.
    pub moves: Vec<super::upgrade_sets::FolderMove>,
    /// Files deleted after `changed` is written.
    pub removed: Vec<String>,
    /// Files of `changed` that a move brought from another path: new path -> old path.
    pub renamed: BTreeMap<String, String>,
}

/// Codes of the "old form in a newer app" findings.
pub fn is_upgrade_code(code: Code) -> bool {
    crate::check::upgrade::CODES.iter().any(|c| c.code == code)
        || matches!(code, AL0126 | AL0654 | AL0655)
}

/// Edits of one rewrite, in the diagnostic's file.
type Edits<'a> = &'a [(TextRange, String)];
/// The rewrites planned for one file: (file, edits, titles).
type Planned = (String, Vec<(TextRange, String)>, Vec<String>);

/// The rewrite a finding carries, if `upgrade` applies it.
fn safe_rewrite(d: &Diagnostic) -> Option<(&str, Edits<'_>)> {
    let rw = d.rewrite.as_ref().filter(|r| r.preferred)?;
    Some((rw.title.as_str(), rw.edits.as_slice()))
}

/// Upgrades `db` in place (the texts in `db` are the upgraded ones afterwards).
pub fn to_v9(db: &mut AppDb) -> Upgrade {
    let before: BTreeMap<String, String> = db
        .files()
        .map(|f| (f.path.clone(), f.text.to_string()))
        .collect();
    db.assume_versions(Versions::v9("altinn-ls upgrade --to v9"));
    let mut out = Upgrade::default();
    if let Err(e) = super::upgrade_sets::to_task_folders(db, &mut out) {
        out.left.push(format!(
            "ui/layout-sets.json: not moved to task UI folders: {e}"
        ));
    }
    apply_rewrites(db, &mut out);
    for f in db.files() {
        if before.get(&f.path).map(String::as_str) != Some(&*f.text) {
            out.changed.insert(f.path.clone(), f.text.to_string());
        }
    }
    for d in db.check_all() {
        if is_upgrade_code(d.code) || d.code == AL0109 && d.message.contains("xl") {
            out.left.push(format!(
                "{} {} {}: {}",
                d.file,
                d.severity.as_str(),
                d.code,
                d.message
            ));
        }
    }
    if db.paths().any(|p| p.ends_with(".csproj")) {
        out.left.push("App.csproj: set the Altinn.App.Api and Altinn.App.Core package versions to the v9 release you target (altinn-ls does not pick a version)".into());
    }
    if db.file(INDEX_PAGE).is_some() {
        out.left.push(format!("{INDEX_PAGE}: v9 serves its bundled frontend without it; `studioctl app upgrade v9` moves its customisations to assets configuration"));
    }
    if db.paths().any(|p| p.ends_with("RuleHandler.js")) {
        out.left.push("RuleHandler.js / RuleConfiguration.json: v9 does not run them; `studioctl app upgrade v9` turns them into expressions and C# data processors".into());
    }
    out
}

/// Applies every preferred rewrite the checks offer, round after round: each round applies the
/// non-overlapping rewrites of each file; a later round picks up what overlapped (and anything a
/// rewrite uncovered).
fn apply_rewrites(db: &mut AppDb, out: &mut Upgrade) {
    for _ in 0..8 {
        let diags = db.check_all();
        let mut by_file: BTreeMap<&str, Vec<(&Diagnostic, &str, Edits<'_>)>> = BTreeMap::new();
        for d in &diags {
            if let Some((title, edits)) = safe_rewrite(d) {
                by_file
                    .entry(d.file.as_str())
                    .or_default()
                    .push((d, title, edits));
            }
        }
        if by_file.is_empty() {
            break;
        }
        let mut planned: Vec<Planned> = Vec::new();
        for (file, rewrites) in by_file {
            let mut taken: Vec<(TextRange, String)> = Vec::new();
            let mut titles = Vec::new();
            for (_, title, edits) in rewrites {
                let clash = edits
                    .iter()
                    .any(|(r, _)| taken.iter().any(|(t, _)| overlaps(*r, *t)));
                if clash {
                    continue;
                }
                taken.extend(edits.iter().cloned());
                titles.push(title.to_string());
            }
            planned.push((file.to_string(), taken, titles));
        }
        for (file, mut edits, titles) in planned {
            let Some(f) = db.file(&file) else { continue };
            let mut text = f.text.to_string();
            edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
            for (r, t) in &edits {
                let (s, e) = (r.start as usize, r.end as usize);
                if e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e) {
                    text.replace_range(s..e, t);
                }
            }
            db.set_file(&file, text);
            out.applied
                .extend(titles.into_iter().map(|t| (file.clone(), t)));
        }
    }
}

/// The findings of the v3 forms an app on frontend v4 may keep (their rewrites come from
/// `check::upgrade_v4`).
pub fn is_v4_upgrade_code(code: Code) -> bool {
    matches!(code, AL0106 | AL0109 | AL0113 | AL0121)
}

/// Upgrades `db` in place to app frontend v4 (the texts in `db` are the upgraded ones
/// afterwards): the index page loads the v4 bundle, and the v3 forms of the layouts are
/// rewritten as `studioctl app upgrade frontend-v4` rewrites them, where that is safe.
pub fn to_v4(db: &mut AppDb) -> Upgrade {
    let before: BTreeMap<String, String> = db
        .files()
        .map(|f| (f.path.clone(), f.text.to_string()))
        .collect();
    let mut versions = db.model().versions.clone();
    versions.frontend = crate::model::versions::FrontendVersion {
        major: crate::model::FrontendMajor::V4,
        certainty: crate::model::versions::Certainty::Declared,
        written: Some("4".into()),
        reason: "altinn-ls upgrade --to v4".into(),
        evidence: None,
        conflict: None,
    };
    db.assume_versions(versions);
    let mut out = Upgrade::default();
    if let Some(f) = db.file(INDEX_PAGE) {
        let new = index_to_v4(&f.text);
        if new != *f.text {
            db.set_file(INDEX_PAGE, new);
            out.applied.push((
                INDEX_PAGE.to_string(),
                "Load app frontend v4 (altinn-app-frontend/4)".into(),
            ));
        }
    }
    apply_rewrites(db, &mut out);
    for f in db.files() {
        if before.get(&f.path).map(String::as_str) != Some(&*f.text) {
            out.changed.insert(f.path.clone(), f.text.to_string());
        }
    }
    for d in db.check_all() {
        if is_v4_upgrade_code(d.code) {
            out.left.push(format!(
                "{} {} {}: {}",
                d.file,
                d.severity.as_str(),
                d.code,
                d.message
            ));
        }
    }
    if db.file(INDEX_PAGE).is_none() {
        out.left.push(format!("{INDEX_PAGE}: not found, so nothing names the frontend version; add the page that loads altinn-app-frontend/4 (or upgrade to v9, which bundles its frontend)"));
    }
    if db.model().generation == Some(Generation::Legacy) {
        out.left.push("ui/layouts: `studioctl app upgrade frontend-v4` moves a single ui/layouts folder into a layout set with ui/layout-sets.json (LayoutSetUpgrader); altinn-ls does not".into());
    }
    if let Some(b) = db
        .model()
        .versions
        .backend
        .as_ref()
        .filter(|b| b.major.is_some_and(|m| m < 8))
    {
        out.left.push(format!("{}: {} {} is out of support; studioctl upgrades the backend separately (`app upgrade backend-v8`); altinn-ls does not", b.file, b.package, b.version));
    }
    out
}

/// The index page with every `altinn-app-frontend/<3…>/` bundle URL pointing at major 4.
fn index_to_v4(text: &str) -> String {
    const MARK: &str = "altinn-app-frontend/";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(MARK) {
        let (head, tail) = rest.split_at(i + MARK.len());
        out.push_str(head);
        let seg_len = tail.find('/').unwrap_or(0);
        let seg = &tail[..seg_len];
        if seg_len > 0 && (seg == "3" || seg.starts_with("3.")) {
            out.push('4');
        } else {
            out.push_str(seg);
        }
        rest = &tail[seg_len..];
    }
    out.push_str(rest);
    out
}

fn overlaps(a: TextRange, b: TextRange) -> bool {
    a.start < b.end && b.start < a.end || a.start == b.start
}

/// A unified-style diff of two texts, line by line (for `--dry-run`).
pub fn line_diff(path: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Longest common subsequence over lines: files are small (layouts, metadata).
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > 4_000_000 {
        return format!("--- {path}\n+++ {path}\n(file too large to show a diff)\n");
    }
    let mut l = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            l[i][j] = if a[i] == b[j] {
                l[i + 1][j + 1] + 1
            } else {
                l[i + 1][j].max(l[i][j + 1])
            };
        }
    }
    let mut s = format!("--- {path}\n+++ {path}\n");
    let (mut i, mut j) = (0, 0);
    let mut in_hunk = false;
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            i += 1;
            j += 1;
            in_hunk = false;
            continue;
        }
        if !in_hunk {
            s.push_str(&format!("@@ line {} @@\n", i + 1));
            in_hunk = true;
        }
        if i < n && (j == m || l[i + 1][j] >= l[i][j + 1]) {
            s.push_str(&format!("-{}\n", a[i]));
            i += 1;
        } else {
            s.push_str(&format!("+{}\n", b[j]));
            j += 1;
        }
    }
    s
}
