//! `altinn-ls check`: find apps, check them, print diagnostics, exit 0/1/2.
//!
//! Apps are loaded, checked and printed one at a time (memory is bounded by the largest app,
//! not the sum); finding apps and reading their `altinn-ls.json` come first, so that a path
//! that cannot be checked stops the run before anything is printed (exit 2, stdout empty).

use crate::output::{AppView, Format, Printer};
use altinn_analysis::Diagnostic;
use altinn_workspace::{self as workspace, AppLocation, RepoConfig};
use anyhow::{bail, Context};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Repository roots, `App/` folders, folders above several apps, or files and folders
    /// inside an app (then only the diagnostics located in them are printed).
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
    /// Print every diagnostic code with its severity and summary, and exit.
    #[arg(long)]
    list_codes: bool,
}

/// Progress on stderr from this many apps on (and only when stderr is a terminal).
const PROGRESS_FROM_APPS: usize = 5;

/// One path given on the command line, resolved.
struct Root {
    path: PathBuf,
    apps: Vec<(AppLocation, RepoConfig)>,
    only: Option<String>,
}

fn resolve(path: PathBuf) -> anyhow::Result<Root> {
    let target = workspace::resolve_target(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if target.apps.is_empty() {
        bail!(
            "no Altinn app found in {} (looked for App/config/applicationmetadata.json or config/applicationmetadata.json)",
            path.display()
        );
    }
    let mut apps = Vec::new();
    for loc in target.apps {
        let rc = workspace::repo_config(&loc);
        if let Some(e) = &rc.error {
            bail!("bad altinn-ls.json:\n{e}");
        }
        apps.push((loc, rc));
    }
    Ok(Root {
        path,
        apps,
        only: target.only,
    })
}

/// Whether a diagnostic lies in the file or folder `only` (relative to the app folder).
fn located_in(d: &Diagnostic, only: &str) -> bool {
    only.is_empty()
        || d.file == only
        || (d.file.starts_with(only) && d.file.as_bytes().get(only.len()) == Some(&b'/'))
}

pub fn run(args: Args, color: crate::color::ColorChoice) -> anyhow::Result<ExitCode> {
    if args.list_codes {
        use std::io::Write;
        let mut o = std::io::stdout().lock();
        for c in altinn_analysis::check::codes::all() {
            // A closed pipe (`| head`) ends the listing.
            if writeln!(o, "{}\t{}\t{}", c.code, c.severity.as_str(), c.summary).is_err() {
                break;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let roots = paths
        .into_iter()
        .map(resolve)
        .collect::<anyhow::Result<Vec<Root>>>()?;
    let total_apps: usize = roots.iter().map(|r| r.apps.len()).sum();
    let progress = total_apps >= PROGRESS_FROM_APPS && std::io::stderr().is_terminal();
    let stdout = std::io::stdout();
    let color = color.enabled(stdout.is_terminal());
    let mut printer = Printer::begin(std::io::BufWriter::new(stdout.lock()), args.format, color)?;
    let mut done = 0;
    for root in roots {
        printer.begin_root(&root.path)?;
        for (loc, rc) in root.apps {
            done += 1;
            if progress {
                eprint!(
                    "\r\x1b[Kchecking app {done}/{total_apps}: {}",
                    loc.repo.display()
                );
            }
            let config = rc.config.clone();
            let app = workspace::load_app(loc, rc, config);
            if args.verbose {
                verbose(&app);
            }
            let mut diagnostics = workspace::check_app(&app);
            let mut files = app.db.paths().count();
            if let Some(only) = &root.only {
                diagnostics.retain(|d| located_in(d, only));
                files = app
                    .paths()
                    .into_iter()
                    .filter(|p| {
                        only.is_empty()
                            || *p == only
                            || p.strip_prefix(only.as_str())
                                .is_some_and(|r| r.starts_with('/'))
                    })
                    .count();
            }
            let view = AppView {
                loc: &app.loc,
                db: &app.db,
            };
            // Inside an app, paths are written as from its repository (as when the
            // repository is checked), not relative to the file given.
            let paths_from = if root.only.is_some() {
                &view.loc.repo
            } else {
                &root.path
            };
            printer.app(paths_from, &view, files, &diagnostics)?;
        }
        printer.end_root()?;
    }
    if progress {
        eprint!("\r\x1b[K");
    }
    let total = printer.finish()?;
    Ok(
        if total.errors > 0 || (args.deny_warnings && total.warnings > 0) {
            crate::exit::FOUND
        } else {
            ExitCode::SUCCESS
        },
    )
}

fn verbose(app: &workspace::LoadedApp) {
    let m = app.db.model();
    eprintln!(
        "app {}: generation {}, {} files, {} layout sets, data models: {}",
        app.loc.repo.display(),
        m.generation
            .map(|g| g.as_str())
            .unwrap_or("none (no layouts)"),
        app.db.files().count(),
        m.sets.len(),
        m.data_models.keys().cloned().collect::<Vec<_>>().join(", ")
    );
    eprintln!("  versions: {}", m.versions.describe());
}
