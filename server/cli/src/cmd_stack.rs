use std::process::ExitCode;

#[derive(clap::Args)]
pub struct StackArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

#[derive(clap::Args)]
pub struct RunArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

pub fn run_stack(_args: StackArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("stack is not built yet")
}

pub fn run_run(_args: RunArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("run is not built yet")
}
