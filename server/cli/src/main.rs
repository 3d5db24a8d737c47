//! `altinn-ls`: argument parsing and output only; the work is in the library crates.

mod cmd_check;
mod cmd_cluster;
mod cmd_doctor;
mod cmd_lsp;
mod cmd_self;
mod cmd_stack;
mod cmd_sync;
mod cmd_upgrade;
mod color;
mod exit;
mod human;
mod output;
mod spin;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "altinn-ls",
    version,
    about = "Altinn Studio language tools: language server, checker, Gitea sync and stack"
)]
struct Cli {
    /// Colour: `auto` on a terminal unless NO_COLOR is set; never in a pipe.
    #[arg(long, global = true, value_enum, default_value_t = color::ColorChoice::Auto)]
    color: color::ColorChoice,
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
    /// Rewrite the old forms an app keeps into those of a newer Altinn.App (diff with --dry-run).
    Upgrade(cmd_upgrade::Args),
    /// Check the tools, versions, hosts entry, credentials and server an app developer needs.
    Doctor(cmd_doctor::Args),
    /// Print the table of diagnostic codes (Markdown).
    Codes,
    /// Manage this installation: `self update`.
    #[command(name = "self")]
    SelfCmd(cmd_self::Args),
    /// Explain one diagnostic code: severity, summary, and what its rule family rests on.
    Explain { code: String },
    /// Print a shell completion script: `altinn-ls completions bash > ~/.local/share/bash-completion/completions/altinn-ls`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) of altinn-ls or of one subcommand: `altinn-ls man check | man -l -`.
    Man { subcommand: Option<String> },
    /// Write a generated app of the given size (for benchmarks and scale tests).
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

/// `altinn-ls explain CODE` (the competitor's `vet explain`).
fn explain(code: &str) -> anyhow::Result<ExitCode> {
    let code = code.trim().to_ascii_uppercase();
    let Some(info) = altinn_analysis::check::codes::info(&code) else {
        anyhow::bail!("unknown code {code} (see `altinn-ls check --list-codes`)");
    };
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(
        o,
        "{} ({}): {}",
        info.code,
        info.severity.as_str(),
        info.summary
    );
    if let Some(f) = altinn_analysis::check::codes::families()
        .into_iter()
        .find(|f| f.codes.iter().any(|c| c.code == info.code))
    {
        let _ = writeln!(o, "\nFamily: {}\n\n{}", f.title, f.grounds);
    }
    let _ = writeln!(
        o,
        "\nConfigure it in altinn-ls.json: {{ \"severity\": {{ \"{}\": \"off\" }} }}",
        info.code
    );
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cmd = <Cli as clap::CommandFactory>::command()
        .color(color::ColorChoice::from_raw_args(&raw).for_clap());
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&cmd.get_matches_from(raw)) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let result = match cli.command {
        Command::Lsp(a) => cmd_lsp::run(a),
        Command::Check(a) => cmd_check::run(a, cli.color),
        Command::Sync(a) => cmd_sync::run(a),
        Command::Upgrade(a) => cmd_upgrade::run(a),
        Command::Doctor(a) => cmd_doctor::run(a),
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
        Command::Explain { code } => explain(&code),
        Command::Completions { shell } => completions(shell),
        Command::Man { subcommand } => man(subcommand.as_deref()),
        Command::Codes => {
            print!("{}", output::codes_markdown());
            Ok(ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("altinn-ls: {e:#}");
            exit::could_not_run()
        }
    }
}

fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "altinn-ls", &mut out);
    let mut text = String::from_utf8(out)?;
    if let clap_complete::Shell::Bash = shell {
        // clap_complete 4.6 writes the `-` of the binary's name as `__` where it tracks the
        // subcommand typed and as `__subcmd__` in the case labels that match it, so nothing
        // after the first word completed; make the labels the same (tests/completions in
        // server/cli/tests/terminal.rs runs the script in bash).
        text = text.replace("altinn__subcmd__ls", "altinn__ls");
    }
    let _ = std::io::stdout().write_all(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// The manual page of `altinn-ls`, or of one subcommand (`altinn-ls-check(1)`, as git has them).
fn man(sub: Option<&str>) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let top = <Cli as clap::CommandFactory>::command();
    let cmd = match sub {
        None => top,
        Some(name) => {
            let Some(c) = top.find_subcommand(name).filter(|c| !c.is_hide_set()) else {
                anyhow::bail!("no subcommand {name} (see `altinn-ls --help`)");
            };
            // clap's names are `&'static str` (without its "string" feature); once per run.
            let page: &'static str = Box::leak(format!("altinn-ls-{name}").into_boxed_str());
            c.clone()
                .name(page)
                .bin_name(format!("altinn-ls {name}"))
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = std::io::stdout().write_all(&out);
    Ok(ExitCode::SUCCESS)
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
