//! `altinn-ls lsp [--stdio]`: the language server on stdin/stdout.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Accepted for editor clients that append it; stdio is the only transport.
    #[arg(long)]
    stdio: bool,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    let code = altinn_lsp::run_stdio()?;
    // Leave at once: background threads (file watcher, state owner, a blocked stdin read)
    // must not keep the process alive after `exit` or a closed stdin.
    std::process::exit(code);
}
