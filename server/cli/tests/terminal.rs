//! `altinn-ls check` on a real terminal: the binary runs in a pseudo-terminal (util-linux
//! `script`), as a user would run it. Colour there, none with `--color never` or `NO_COLOR`,
//! none in a pipe; carets under wide characters and tabs, a window into long lines.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_altinn-ls")
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-app")
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

/// Whether `script` can give us a terminal; reports the skip (a failure in CI) when not.
fn have_script(test: &str) -> bool {
    let ok = Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let why = "util-linux `script` not found (it gives the test a terminal)";
        if std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false") {
            panic!("{test}: {why}; CI must provide it");
        }
        eprintln!("SKIPPED {test}: {why}");
    }
    ok
}

/// `altinn-ls <args> <app>` in a pseudo-terminal; `env`: variables to set (`NO_COLOR` and
/// `CLICOLOR_FORCE` are removed first). Returns the terminal's text (CR LF made LF) and the
/// exit code.
fn on_terminal(app: &Path, args: &str, env: &[(&str, &str)]) -> (String, Option<i32>) {
    let mut c = Command::new("script");
    c.args(["-qec", &format!("\"$ALS\" {args} \"$APP\""), "/dev/null"])
        .env("ALS", bin())
        .env("APP", app)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"),
        out.status.code(),
    )
}

fn in_pipe(app: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .arg(app)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\x1b' && it.peek() == Some(&'[') {
            for d in it.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn colour_on_a_terminal_and_none_when_asked_or_piped() {
    if !have_script("colour_on_a_terminal_and_none_when_asked_or_piped") {
        return;
    }
    let (text, code) = on_terminal(&demo(), "check", &[]);
    assert_eq!(code, Some(1), "{text}");
    // Bold bright red for the error's header, as rustc does.
    assert!(text.contains("\x1b[1m\x1b[91merror[AL0203]"), "{text:?}");

    let (never, _) = on_terminal(&demo(), "check --color never", &[]);
    assert!(!never.contains('\x1b'), "{never:?}");
    assert!(never.contains("error[AL0203]: "), "{never}");
    assert_eq!(
        never,
        strip_ansi(&text),
        "colour changes nothing but colour"
    );

    let (no_color, _) = on_terminal(&demo(), "check", &[("NO_COLOR", "1")]);
    assert!(!no_color.contains('\x1b'), "{no_color:?}");
    // The flag wins over the environment, in both directions.
    let (always, _) = on_terminal(&demo(), "check --color always", &[("NO_COLOR", "1")]);
    assert!(always.contains('\x1b'), "{always:?}");

    let piped = in_pipe(&demo(), &["check"]);
    assert!(!piped.stdout.contains(&0x1b));
    let forced = in_pipe(&demo(), &["check", "--color=always"]);
    assert!(forced.stdout.contains(&0x1b));
    let forced = Command::new(bin())
        .arg("check")
        .arg(demo())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(forced.stdout.contains(&0x1b));
}

/// The caret line under a line with an emoji, CJK characters and a tab before the error, and
/// one far into a long line.
#[test]
fn carets_under_wide_characters_and_long_lines() {
    if !have_script("carets_under_wide_characters_and_long_lines") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    copy_dir(&demo(), &app);
    let page = app.join("App/ui/form/layouts/Page1.json");
    let text = std::fs::read_to_string(&page).unwrap();
    let text = text
        .replace(
            "        \"dataModelBindings\": { \"simpleBinding\": \"Person.name\" },",
            "\t\"textResourceBindings\": { \"help\": \"😀漢字\" }, \"dataModelBindings\": { \"simpleBinding\": \"Person.name\" },",
        )
        .replace(
            "\"hidden\": [\"equal\",",
            &format!("\"hidden\": [\"and\", {}[\"equal\",", "true, ".repeat(60)),
        )
        .replace("\"Ola\"]", "\"Ola\"]]");
    std::fs::write(&page, text).unwrap();
    let (out, _) = on_terminal(&app, "check", &[]);
    let out = strip_ansi(&out);
    let lines: Vec<&str> = out.lines().collect();

    // The binding after the emoji: the column printed is VS Code's (UTF-16: the emoji counts
    // 2), the caret sits under the text as a terminal draws it (tab 4, emoji and CJK 2 each).
    let at = lines
        .iter()
        .position(|l| l.starts_with("error[AL0403]: Field 'Person.name'"))
        .unwrap_or_else(|| panic!("{out}"));
    let prefix = "\t\"textResourceBindings\": { \"help\": \"😀漢字\" }, \"dataModelBindings\": { \"simpleBinding\": \"";
    let utf16 = prefix.encode_utf16().count();
    assert!(
        lines[at + 1].ends_with(&format!("/layouts/Page1.json:8:{}", utf16 + 1)),
        "{}",
        lines[at + 1]
    );
    let source = lines[at + 3];
    let caret = lines[at + 4];
    assert!(source.starts_with("8 | "), "{source}");
    let display = 4 + (prefix.chars().count() - 1 - 3) + 6; // tab 4, the three wide ones 2 each
    assert_eq!(
        caret.find('^'),
        Some("8 | ".len() + display),
        "\n{source}\n{caret}"
    );
    assert_eq!(caret.matches('^').count(), "Person.name".len());

    // Far into a long line: a window around the error, not the whole prefix.
    let at = lines
        .iter()
        .position(|l| l.starts_with("error[AL1001]"))
        .unwrap_or_else(|| panic!("{out}"));
    let source = lines[at + 3];
    let caret = lines[at + 4];
    assert!(source.contains("| ..."), "{source}");
    assert!(source.chars().count() <= 140, "{source}");
    let col = caret.find('^').unwrap();
    assert_eq!(&source[col..col + 5], "equal", "\n{source}\n{caret}");
}

/// The bash completion script loads in bash and completes subcommands, their flags and values.
#[test]
fn bash_completion_completes_subcommands_and_flags() {
    let Ok(v) = Command::new("bash").arg("--version").output() else {
        eprintln!("SKIPPED bash_completion_completes_subcommands_and_flags: no bash");
        return;
    };
    assert!(v.status.success());
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("altinn-ls.bash");
    let out = Command::new(bin())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::write(&script, &out.stdout).unwrap();
    // `complete -F` names the function; call it as bash's completion would.
    let complete = |words: &[&str]| -> Vec<String> {
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let cword = words.len() - 1;
        let prog = format!(
            "source \"$1\" || exit 3
             f=$(complete -p altinn-ls | sed 's/.* -F \\([^ ]*\\) .*/\\1/')
             COMP_WORDS=({words}); COMP_CWORD={cword}
             \"$f\" altinn-ls \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            words = quoted.join(" ")
        );
        let out = Command::new("bash")
            .args(["--norc", "--noprofile", "-c", &prog, "bash"])
            .arg(&script)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(String::from)
            .collect()
    };
    let top = complete(&["altinn-ls", ""]);
    for sub in [
        "check",
        "lsp",
        "sync",
        "stack",
        "run",
        "explain",
        "completions",
        "man",
    ] {
        assert!(top.iter().any(|w| w == sub), "{sub} not in {top:?}");
    }
    assert_eq!(complete(&["altinn-ls", "ch"]), ["check"]);
    assert_eq!(complete(&["altinn-ls", "check", "--fo"]), ["--format"]);
    let shells = complete(&["altinn-ls", "completions", ""]);
    assert!(shells.iter().any(|w| w == "zsh"), "{shells:?}");
}

#[test]
fn man_pages_for_the_binary_and_each_subcommand() {
    let man = |args: &[&str]| {
        let out = Command::new(bin()).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let top = man(&["man"]);
    assert!(top.contains(".TH altinn-ls 1"), "{top}");
    assert!(top.contains(".SH SUBCOMMANDS"), "{top}");
    let check = man(&["man", "check"]);
    assert!(check.contains(".TH altinn-ls-check 1"), "{check}");
    assert!(check.contains("deny\\-warnings"), "{check}");
    let out = Command::new(bin()).args(["man", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn explain_a_code() {
    let out = Command::new(bin())
        .args(["explain", "al0403"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("AL0403 (error): "), "{text}");
    assert!(text.contains("\"AL0403\": \"off\""), "{text}");
    let out = Command::new(bin())
        .args(["explain", "AL9999"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

/// Drives a program in a pseudo-terminal (Python's `pty`): waits for the token prompt, then
/// for the terminal's echo to be off, types the token, and prints everything the terminal showed.
const TYPE_TOKEN_PY: &str = r#"
import os, pty, sys, time, select, termios
# argv: token, program, args...
token = sys.argv[1].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
out = b""
def read(until, limit=60):
    global out
    end = time.time() + limit
    while until not in out and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                b = os.read(fd, 4096)
            except OSError:
                return
            if not b:
                return
            out += b
read(b"input is hidden): ")
end = time.time() + 60
while termios.tcgetattr(fd)[3] & termios.ECHO and time.time() < end:
    time.sleep(0.05)
os.write(fd, token + b"\r")
read(b"\0")  # to the end
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
"#;

/// `sync login` on a terminal reads the token with echo off: it never shows on screen.
#[test]
fn the_token_prompt_echoes_nothing() {
    let test = "the_token_prompt_echoes_nothing";
    if Command::new("python3").arg("--version").output().is_err() {
        if std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false") {
            panic!("{test}: python3 not found; CI must provide it");
        }
        eprintln!("SKIPPED {test}: python3 not found (it gives the test a terminal)");
        return;
    }
    let config = tempfile::tempdir().unwrap();
    // A closed loopback port: the token is sent nowhere, and the error proves it was read
    // (an empty token stops before any request).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = Command::new("python3")
        .args(["-c", TYPE_TOKEN_PY, "s3cret-token-typed", bin()])
        .args(["sync", "login", "--url", &url])
        .env("ALTINN_LS_CONFIG_DIR", config.path())
        .env_remove("ALTINN_STUDIO_TOKEN")
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("input is hidden): "), "{screen}");
    assert!(!screen.contains("s3cret-token-typed"), "{screen}");
    assert!(
        screen.contains("/api/v1/user"),
        "the token was not read: {screen}"
    );
    assert_eq!(out.status.code(), Some(2), "{screen}");
}

/// `stack up --target kubernetes` against a stand-in kubectl whose `rollout status` waits until
/// the test lets it go (a file appears): on a terminal the wait is a spinner with the elapsed
/// time, in a pipe it is a plain line.
#[test]
fn waits_show_a_spinner_on_a_terminal_and_lines_in_a_pipe() {
    use std::io::Read;
    let test = "waits_show_a_spinner_on_a_terminal_and_lines_in_a_pipe";
    if !have_script(test) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bin_dir = dir.path().join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let go = dir.path().join("go");
    let kubectl = bin_dir.join("kubectl");
    std::fs::write(
        &kubectl,
        format!(
            r#"#!/bin/sh
case "$*" in
  *"get --raw /readyz"*) echo ok;;
  *rollout*) while [ ! -e '{go}' ]; do sleep 0.1; done;;
  *" get deployments,statefulsets "*)
    echo '{{"items":[{{"kind":"Deployment","metadata":{{"name":"designer","labels":{{"app.kubernetes.io/name":"designer"}}}},"spec":{{"replicas":1}},"status":{{"readyReplicas":1}}}}]}}';;
  *" get ingress "*) echo '{{"items":[]}}';;
esac
exit 0
"#,
            go = go.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&kubectl, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(&kubeconfig, "").unwrap();
    let stack_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../stack");
    let path = format!("{}:/usr/bin:/bin", bin_dir.display());
    let up = ["stack", "up", "--target", "kubernetes", "--timeout", "600"];

    // On a terminal: wait for the spinner to show, then let kubectl finish.
    let mut child = Command::new("script")
        .args(["-qec", &format!("\"$ALS\" {}", up.join(" ")), "/dev/null"])
        .env("ALS", bin())
        .env("PATH", &path)
        .env("KUBECONFIG", &kubeconfig)
        .env("ALTINN_STACK_DIR", &stack_dir)
        .env("TERM", "xterm-256color")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Should the spinner never show, kubectl is let go after a minute so that the test fails
    // on its assertions instead of hanging.
    let guard = go.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(60));
        let _ = std::fs::write(guard, "");
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stdout.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&seen);
        if text.contains("Waiting for deployment/designer… ") && !go.exists() {
            std::fs::write(&go, "").unwrap();
        }
    }
    let status = child.wait().unwrap();
    let text = String::from_utf8_lossy(&seen).into_owned();
    assert!(status.success(), "{text}");
    // A spinner frame, the message and the elapsed time, redrawn in place.
    let at = text
        .find("Waiting for deployment/designer… ")
        .unwrap_or_else(|| panic!("{text:?}"));
    let after = &text[at + "Waiting for deployment/designer… ".len()..];
    assert!(
        after.starts_with(|c: char| c.is_ascii_digit()) && after.contains('s'),
        "{text:?}"
    );
    assert!(text.contains("\x1b[2K"), "{text:?}");
    assert!(text.contains("Altinn Studio is up"), "{text}");

    // In a pipe: the same wait is one plain line on stderr.
    let out = Command::new(bin())
        .args(up)
        .env("PATH", &path)
        .env("KUBECONFIG", &kubeconfig)
        .env("ALTINN_STACK_DIR", &stack_dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.lines().any(|l| l == "Waiting for deployment/designer…"),
        "{err}"
    );
    assert!(!err.contains('\x1b'), "{err:?}");
}
