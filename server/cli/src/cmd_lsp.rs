use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Accepted for editor clients that append it; stdio is the only transport.
    #[arg(long)]
    stdio: bool,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the language server is not built yet")
}
