//! `altinn-ls upgrade --to v9|v4 [--dry-run]`: checks each app as Altinn.App v9 (or app
//! frontend v4) and applies the
//! rewrites of its "old form in a newer app" findings (the quick fixes the editor offers one at
//! a time), shows them as a diff, and lists what it cannot rewrite.

use altinn_analysis::ide::upgrade;
use altinn_workspace as workspace;
use anyhow::{bail, Context};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// Altinn.App v9 with its bundled app frontend.
    V9,
    /// App frontend v4 (from v3): the index page and the layouts' v3 forms.
    V4,
}

#[derive(clap::Args)]
pub struct Args {
    /// Repository roots, `App/` folders, or folders above several apps (default: here).
    paths: Vec<PathBuf>,
    /// The version to upgrade to.
    #[arg(long, value_enum)]
    to: Target,
    /// Show the diff and what is left; write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut left_total = 0;
    for root in &roots {
        let apps = workspace::find_apps(root)
            .with_context(|| format!("cannot read {}", root.display()))?;
        if apps.is_empty() {
            bail!("no Altinn app found in {}", root.display());
        }
        for loc in apps {
            let rc = workspace::repo_config(&loc);
            if let Some(e) = &rc.error {
                bail!("bad altinn-ls.json:\n{e}");
            }
            let config = rc.config.clone();
            let mut loaded = workspace::load_app(loc, rc, config);
            let before: std::collections::BTreeMap<String, String> = loaded
                .db
                .files()
                .map(|f| (f.path.clone(), f.text.to_string()))
                .collect();
            let (result, name) = match args.to {
                Target::V9 => (upgrade::to_v9(&mut loaded.db), "v9"),
                Target::V4 => (upgrade::to_v4(&mut loaded.db), "frontend v4"),
            };
            let dir = &loaded.loc.app_dir;
            writeln!(out, "app {}: upgrade to {name}", dir.display())?;
            // Folders first (the v9 layout step), then the texts at their new paths, then
            // the files the upgrade deleted.
            for m in &result.moves {
                writeln!(out, "move {}/ -> {}/", m.from, m.to.join("/, "))?;
                if !args.dry_run {
                    move_folder(dir, &m.from, &m.to)?;
                }
            }
            for (file, new) in &result.changed {
                let old_path = result.renamed.get(file).unwrap_or(file);
                let old = before.get(old_path).map(String::as_str).unwrap_or("");
                if old != new {
                    write!(out, "{}", upgrade::line_diff(file, old, new))?;
                }
                if !args.dry_run {
                    let path = dir.join(file);
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent)
                            .with_context(|| format!("cannot create {}", parent.display()))?;
                    }
                    std::fs::write(&path, new)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
            }
            for file in &result.removed {
                writeln!(out, "delete {file}")?;
                if !args.dry_run {
                    let path = dir.join(file);
                    std::fs::remove_file(&path)
                        .with_context(|| format!("cannot delete {}", path.display()))?;
                }
            }
            for (file, title) in &result.applied {
                writeln!(out, "rewrote {file}: {title}")?;
            }
            if result.left.is_empty() {
                writeln!(out, "nothing left to do by hand")?;
            } else {
                writeln!(out, "not rewritten ({}):", result.left.len())?;
                for l in &result.left {
                    writeln!(out, "  {l}")?;
                }
            }
            left_total += result.left.len();
            if args.dry_run {
                writeln!(out, "(dry run: nothing written)")?;
            }
        }
    }
    out.flush()?;
    Ok(if left_total > 0 {
        crate::exit::FOUND
    } else {
        ExitCode::SUCCESS
    })
}

/// Moves `ui/<from>` to the one destination, or copies it to each and removes it unless it is
/// one of them (as studioctl's layout step does). Never outside the app folder.
fn move_folder(dir: &Path, from: &str, to: &[String]) -> anyhow::Result<()> {
    let inside = |p: &str| !p.split(['/', '\\']).any(|c| c == ".." || c.is_empty());
    if !inside(from) || !to.iter().all(|t| inside(t)) {
        bail!("refusing to move {from} outside the app folder");
    }
    let src = dir.join(from);
    if let [one] = to {
        let dst = dir.join(one);
        if dst.exists() {
            bail!(
                "{} exists already; not moving {}",
                dst.display(),
                src.display()
            );
        }
        return std::fs::rename(&src, &dst)
            .with_context(|| format!("cannot move {} to {}", src.display(), dst.display()));
    }
    for t in to.iter().filter(|t| *t != from) {
        copy_dir(&src, &dir.join(t))?;
    }
    if !to.iter().any(|t| t == from) {
        std::fs::remove_dir_all(&src)
            .with_context(|| format!("cannot remove {}", src.display()))?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for e in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let e = e?;
        let ft = e.file_type()?;
        let target = to.join(e.file_name());
        if ft.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else if ft.is_file() {
            std::fs::copy(e.path(), &target)
                .with_context(|| format!("cannot copy to {}", target.display()))?;
        }
    }
    Ok(())
}
