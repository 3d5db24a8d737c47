//! `altinn-ls sync`: Gitea login, clone, status, pull ("fetch changes"), push ("share changes").
//! Argument parsing and output only; the work is in `altinn_gitea`.

use altinn_gitea::commands;
use altinn_gitea::ops::{self, SyncReport};
use altinn_gitea::{AuthMode, SyncOptions};
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(
    after_help = "Credentials, in this order: the environment (ALTINN_STUDIO_URL, ALTINN_STUDIO_USER, \
ALTINN_STUDIO_TOKEN), the stored login (`sync login`), git credential helpers. \
Exit codes: 0 done; 1 conflicts to resolve (files listed); 2 error."
)]
pub struct Args {
    #[command(subcommand)]
    cmd: Sub,
    /// Extra CA certificates (PEM) trusted for git and the REST API [env: ALTINN_STUDIO_CA_FILE].
    #[arg(long, global = true, value_name = "PEM")]
    ca_file: Option<PathBuf>,
    /// Allow plain http:// to a host that is not this machine (credentials travel unencrypted)
    /// [env: ALTINN_STUDIO_ALLOW_HTTP=1].
    #[arg(long, global = true)]
    allow_http: bool,
    /// Send the token as the user name with an empty password (Altinn Studio's proxy form)
    /// [env: ALTINN_STUDIO_AUTH=token-as-user].
    #[arg(long, global = true)]
    token_as_user: bool,
    /// Print the result as JSON.
    #[arg(long, global = true)]
    json: bool,
    /// Run in this folder instead of the current one.
    #[arg(short = 'C', long = "cwd", global = true, value_name = "DIR")]
    cwd: Option<PathBuf>,
    /// No progress messages on stderr.
    #[arg(short, long, global = true)]
    quiet: bool,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Check a token against the Gitea API and store it (0600 file under your config dir).
    /// The token is read from stdin, or from ALTINN_STUDIO_TOKEN.
    Login {
        /// Gitea or Altinn Studio URL, e.g. https://altinn.studio (Gitea under /repos is found).
        #[arg(long)]
        url: String,
        /// User name (default: the token's owner).
        #[arg(long)]
        user: Option<String>,
    },
    /// Remove the stored login (for one server, or all).
    Logout {
        #[arg(long)]
        url: Option<String>,
    },
    /// Clone ORG/REPO (from the server you logged in to) or a full repository URL.
    Clone { repo: String, dir: Option<PathBuf> },
    /// Search the repositories you can see (yours, your organisations', public ones).
    Repos {
        query: Option<String>,
        /// Server (default: ALTINN_STUDIO_URL or the last login).
        #[arg(long)]
        url: Option<String>,
    },
    /// Branch, ahead/behind the server (fetches, never merges), changed files.
    Status,
    /// Fetch changes from the server and merge them; never overwrites uncommitted work.
    Pull,
    /// Commit everything, then share (push); merges newer server changes first if needed.
    Push {
        /// Commit message.
        #[arg(short, long)]
        message: Option<String>,
    },
    /// git credential helper (`get`/`store`/`erase` on stdin, git's protocol): hands the stored
    /// token to git only for its own server. `sync clone` configures it in the repositories
    /// it makes (`credential.<server>.helper`).
    Credential {
        /// get, store or erase (store and erase do nothing: use login/logout)
        action: String,
    },
}

fn options(a: &Args) -> SyncOptions {
    let mut o = SyncOptions::from_env();
    if a.ca_file.is_some() {
        o.ca_file = a.ca_file.clone();
    }
    o.allow_http |= a.allow_http;
    if a.token_as_user {
        o.auth_mode = Some(AuthMode::TokenAsUser);
    }
    o
}

fn read_token(url: &str) -> anyhow::Result<String> {
    if let Ok(t) = std::env::var("ALTINN_STUDIO_TOKEN") {
        if !t.trim().is_empty() {
            return Ok(t.trim().to_string());
        }
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        // Typed (or pasted) with echo off: the token never shows on screen or in scrollback.
        let token = rpassword::prompt_password(format!(
            "Access token for {url} (Gitea: Settings → Applications; input is hidden): "
        ))?;
        return Ok(token.trim().to_string());
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    Ok(line.trim().to_string())
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let opts = options(&a);
    if let Sub::Credential { action } = &a.cmd {
        let mut input = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::stdin(), &mut input);
        if action == "get" {
            let req = altinn_gitea::credhelper::parse_request(&input);
            print!("{}", altinn_gitea::credhelper::get(&req, &opts));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if opts.allow_http {
        // never silent: credentials may cross the network unencrypted
        eprintln!("altinn-ls: --allow-http is on (or ALTINN_STUDIO_ALLOW_HTTP): plain http:// to other machines is allowed, and the token travels unencrypted there");
    }
    let quiet = a.quiet || a.json;
    let progress = move |m: &str| {
        if !quiet {
            eprintln!("{m}");
        }
    };
    let cwd = match &a.cwd {
        Some(d) => d.clone(),
        None => std::env::current_dir()?,
    };
    let report = match &a.cmd {
        Sub::Login { url, user } => {
            let token = read_token(url)?;
            let mode = opts.auth_mode.unwrap_or(AuthMode::Basic);
            let info = commands::login(url, user.as_deref(), &token, mode, &opts, true)?;
            if a.json {
                println!("{}", serde_json::to_string_pretty(&info)?);
            } else {
                println!("{}", info.message);
            }
            return Ok(ExitCode::SUCCESS);
        }
        Sub::Logout { url } => {
            let msg = commands::logout(url.as_deref(), &opts)?;
            if a.json {
                println!("{}", serde_json::json!({ "message": msg }));
            } else {
                println!("{msg}");
            }
            return Ok(ExitCode::SUCCESS);
        }
        Sub::Repos { query, url } => {
            let repos = commands::repos(url.as_deref(), query.as_deref().unwrap_or(""), &opts)?;
            if a.json {
                println!("{}", serde_json::to_string_pretty(&repos)?);
            } else if repos.is_empty() {
                println!("No repositories found");
            } else {
                for r in &repos {
                    let vis = if r.private { "private" } else { "public" };
                    let desc = if r.description.is_empty() {
                        String::new()
                    } else {
                        format!("  {}", r.description)
                    };
                    println!(
                        "{:<40} {:<8} {}{}",
                        r.full_name, vis, r.default_branch, desc
                    );
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        Sub::Clone { repo, dir } => {
            let dir = dir.as_ref().map(|d| cwd.join(d));
            let dir = match dir {
                Some(d) => d,
                None => {
                    let r = ops::resolve_repo(repo, &opts)?;
                    cwd.join(&r.name)
                }
            };
            ops::clone(repo, Some(&dir), &opts, &progress)?
        }
        Sub::Credential { .. } => return Ok(ExitCode::SUCCESS), // handled above
        Sub::Status => ops::status(&cwd, &opts, &progress)?,
        Sub::Pull => ops::pull(&cwd, &opts, &progress)?,
        Sub::Push { message } => ops::push(&cwd, message.as_deref(), &opts, &progress)?,
    };
    print_report(&report, a.json, matches!(a.cmd, Sub::Status))?;
    Ok(if report.needs_attention() {
        crate::exit::FOUND
    } else {
        ExitCode::SUCCESS
    })
}

fn print_report(r: &SyncReport, json: bool, is_status: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(r)?);
        return Ok(());
    }
    println!("{}", r.message);
    if !r.conflicts.is_empty() {
        let title = if r.outcome == "blocked" {
            "Files changed both locally (not shared) and on the server:"
        } else {
            "Conflicts to resolve:"
        };
        println!("{title}");
        for c in &r.conflicts {
            println!("  {c}");
        }
    }
    if is_status && !r.changes.is_empty() {
        println!("Changed files:");
        for c in &r.changes {
            println!("  {:<10} {}", c.status, c.path);
        }
    }
    Ok(())
}
