//! `altinn-ls`: argument parsing and output only; the work is in the library crates.

mod cmd_check;
mod cmd_cluster;
mod cmd_lsp;
mod cmd_self;
mod cmd_stack;
mod cmd_sync;
mod output;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "altinn-ls",
    version,
    about = "Altinn Studio language tools: language server, checker, Gitea sync and stack"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the language server over stdio.
    Lsp(cmd_lsp::Args),
    /// Check every app below the given paths (default: the current directory).
    Check(cmd_check::Args),
    /// Gitea: log in, clone, status, pull ("fetch changes"), push ("share changes").
    Sync(cmd_sync::Args),
    /// Deploy Designer, Runtime, Gitea and NGINX (compose or Kubernetes).
    Stack(cmd_stack::StackArgs),
    /// Launch the test runtime for the app in the current directory.
    Run(cmd_stack::RunArgs),
    /// Print the table of diagnostic codes (Markdown).
    Codes,
    /// Manage this installation: `self update`.
    #[command(name = "self")]
    SelfCmd(cmd_self::Args),
    /// Write a generated app of the given size (for benchmarks and scale tests).
    #[command(hide = true)]
    GenApp {
        dir: std::path::PathBuf,
        #[arg(long, default_value_t = 300)]
        pages: usize,
        #[arg(long, default_value_t = 40)]
        components: usize,
        #[arg(long, default_value_t = 2000)]
        fields: usize,
        #[arg(long, default_value_t = 2)]
        languages: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Lsp(a) => cmd_lsp::run(a),
        Command::Check(a) => cmd_check::run(a),
        Command::Sync(a) => cmd_sync::run(a),
        Command::Stack(a) => cmd_stack::run_stack(a),
        Command::Run(a) => cmd_stack::run_run(a),
        Command::SelfCmd(a) => cmd_self::run(a),
        Command::GenApp {
            dir,
            pages,
            components,
            fields,
            languages,
        } => gen_app(&dir, pages, components, fields, languages),
        Command::Codes => {
            print!("{}", output::codes_markdown());
            Ok(ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("altinn-ls: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn gen_app(
    dir: &std::path::Path,
    pages: usize,
    components: usize,
    fields: usize,
    languages: usize,
) -> anyhow::Result<ExitCode> {
    use altinn_analysis::testgen::{generate, GenSpec};
    let spec = GenSpec {
        pages,
        components_per_page: components,
        fields,
        languages,
    };
    for (p, text) in generate(spec) {
        let path = dir.join("App").join(p);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(ExitCode::SUCCESS)
}
