//! `altinn-ls check`: find apps, check them, print diagnostics, exit 0/1/2.

use crate::output::{self, Format, Report, ReportedApp};
use altinn_lsp::workspace;
use anyhow::{bail, Context};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Repository roots, `App/` folders, or folders above several apps.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Say which apps and generations were found.
    #[arg(short, long)]
    verbose: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut reports = Vec::new();
    for root in &roots {
        let apps = workspace::find_apps(root)
            .with_context(|| format!("cannot read {}", root.display()))?;
        if apps.is_empty() {
            bail!(
                "no Altinn app found in {} (looked for App/config/applicationmetadata.json or config/applicationmetadata.json)",
                root.display()
            );
        }
        let mut checked = Vec::new();
        for loc in apps {
            let config = workspace::load_config(&loc.repo)
                .map_err(|e| anyhow::anyhow!("bad altinn-ls.json:\n{e}"))?;
            let loaded = workspace::load_app(loc, config);
            if args.verbose {
                let m = loaded.db.model();
                eprintln!(
                    "app {}: generation {}, {} files, {} layout sets, data models: {}",
                    loaded.location.repo.display(),
                    m.generation
                        .map(|g| g.as_str())
                        .unwrap_or("none (no layouts)"),
                    loaded.db.files().count(),
                    m.sets.len(),
                    m.data_models.keys().cloned().collect::<Vec<_>>().join(", ")
                );
                eprintln!("  versions: {}", m.versions.describe());
            }
            let mut diagnostics = loaded.load_issues;
            diagnostics.extend(loaded.db.check_all());
            checked.push(ReportedApp {
                location: loaded.location,
                db: loaded.db,
                diagnostics,
            });
        }
        reports.push(Report {
            root: root.clone(),
            apps: checked,
        });
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    output::write(&mut out, args.format, &reports)?;
    std::io::Write::flush(&mut out)?;
    let (errors, warnings) = reports
        .iter()
        .flat_map(|r| &r.apps)
        .flat_map(|a| &a.diagnostics)
        .fold((0, 0), |(e, w), d| match d.severity {
            altinn_analysis::Severity::Error => (e + 1, w),
            altinn_analysis::Severity::Warning => (e, w + 1),
            _ => (e, w),
        });
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
