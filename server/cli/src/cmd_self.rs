//! `altinn-ls self update`: replace this binary with the newest release (see
//! `altinn_gitea::release`).

use clap::{Args as ClapArgs, Subcommand};
use std::process::ExitCode;

#[derive(ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    command: SelfCommand,
}

#[derive(Subcommand)]
enum SelfCommand {
    /// Download the newest release for this platform, check its SHA-256 and replace this
    /// binary (a failed or tampered download leaves it as it is).
    Update {
        /// The repository that publishes the releases (a Gitea/Altinn Studio or GitHub URL);
        /// default: ALTINN_LS_RELEASES, else the one this binary was built for (the project's
        /// repository unless the release build said otherwise).
        #[arg(long, value_name = "URL")]
        from: Option<String>,
        /// Install this release tag instead of the latest.
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        /// Reinstall even when the latest release is not newer.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    match a.command {
        SelfCommand::Update { from, tag, force } => {
            let exe = std::env::current_exe()?;
            let exe = std::fs::canonicalize(&exe).unwrap_or(exe);
            match altinn_gitea::release::update(from.as_deref(), tag.as_deref(), force, &exe) {
                Ok(altinn_gitea::release::Updated::AlreadyCurrent { version }) => {
                    println!("altinn-ls {version} is the latest release");
                    Ok(ExitCode::SUCCESS)
                }
                Ok(altinn_gitea::release::Updated::Replaced { from, to, path }) => {
                    println!("altinn-ls updated from {from} to {to} ({})", path.display());
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("altinn-ls: self update failed: {e}");
                    Ok(crate::exit::could_not_run())
                }
            }
        }
    }
}
