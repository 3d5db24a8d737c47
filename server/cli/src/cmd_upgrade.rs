//! `altinn-ls upgrade --to v9|v4 [--dry-run]`: checks each app as Altinn.App v9 (or app
//! frontend v4) and applies the
//! rewrites of its "old form in a newer app" findings (the quick fixes the editor offers one at
//! a time), shows them as a diff, and lists what it cannot rewrite.

use altinn_analysis::ide::upgrade;
use altinn_workspace as workspace;
use anyhow::{bail, Context};
use std::io::Write;
use std::path::PathBuf;
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
            for (file, new) in &result.changed {
                let old = before.get(file).map(String::as_str).unwrap_or("");
                write!(out, "{}", upgrade::line_diff(file, old, new))?;
                if !args.dry_run {
                    let path = dir.join(file);
                    std::fs::write(&path, new)
                        .with_context(|| format!("cannot write {}", path.display()))?;
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
