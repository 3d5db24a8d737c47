//! The exit-code table (docs/cli.md) for the commands that drive other tools: `stack` and
//! `run` exit 2 when they could not run, like `check` and `sync`. Nothing here reaches
//! Docker, Podman, kubectl or .NET: PATH is an empty folder.

use std::process::{Command, Output};

fn run(args: &[&str], path: &std::path::Path, cwd: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_altinn-ls"))
        .args(args)
        .env("PATH", path)
        .current_dir(cwd)
        .output()
        .unwrap()
}

#[test]
fn stack_and_run_exit_2_when_they_cannot_run() {
    let empty = tempfile::tempdir().unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let p = empty.path();
    let stderr = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();

    // Usage errors: a flag of another subcommand, a value outside the enum.
    for args in [
        &["stack", "status", "--follow", "--volumes"][..],
        &["stack", "up", "--target", "cloud"],
        &["stack", "up", "--engine", "lxc"],
        &["stack", "logs", "--no-wait"],
        &["stack", "up", "--json"],
        &["stack"],
    ] {
        let o = run(args, p, cwd.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
    }

    // No compose engine on PATH.
    let o = run(&["stack", "up"], p, cwd.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("Docker or Podman"), "{}", stderr(&o));
    // The legacy docker-compose is named, and why it cannot work.
    let o = run(
        &["stack", "up", "--engine", "docker-compose"],
        p,
        cwd.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("legacy docker-compose"),
        "{}",
        stderr(&o)
    );
    // No kubectl.
    let o = run(&["stack", "status", "--target", "k8s"], p, cwd.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("kubectl"), "{}", stderr(&o));
    // `run` outside an app.
    let o = run(&["run"], p, cwd.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("App/config/applicationmetadata.json"),
        "{}",
        stderr(&o)
    );
}
