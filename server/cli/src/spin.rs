//! Progress of long waits (`stack up` waiting for health, `run` waiting for the app): a
//! spinner with the elapsed time on a terminal, the library's lines as they come otherwise
//! (a log or CI wants them; a terminal does not want a new line every 2 s).

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

struct Spin {
    tty: bool,
    bar: Mutex<Option<ProgressBar>>,
}

fn spin() -> &'static Spin {
    static S: OnceLock<Spin> = OnceLock::new();
    S.get_or_init(|| Spin {
        tty: std::io::stderr().is_terminal()
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb"),
        bar: Mutex::new(None),
    })
}

/// "Waiting for nginx, runtime (6 s)…" → "Waiting for nginx, runtime" (the spinner counts).
fn waiting(msg: &str) -> Option<&str> {
    if !msg.starts_with("Waiting for") {
        return None;
    }
    let end = msg.rfind(" (").unwrap_or(msg.len());
    Some(msg[..end].trim_end_matches('…'))
}

/// One progress line from the stack library.
pub fn report(msg: &str) {
    let s = spin();
    if !s.tty {
        eprintln!("{msg}");
        return;
    }
    let mut bar = s.bar.lock().unwrap_or_else(|e| e.into_inner());
    match waiting(msg) {
        Some(what) => {
            let b = bar.get_or_insert_with(|| {
                let b = ProgressBar::new_spinner();
                if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}… {elapsed}") {
                    b.set_style(style);
                }
                b.enable_steady_tick(Duration::from_millis(120));
                b
            });
            b.set_message(what.to_string());
        }
        None => {
            // The wait is over (or something else happened): the spinner goes, the line stays.
            if let Some(b) = bar.take() {
                b.finish_and_clear();
            }
            eprintln!("{msg}");
        }
    }
}

/// Removes the spinner (before an error or the result is printed).
pub fn clear() {
    if let Some(b) = spin().bar.lock().unwrap_or_else(|e| e.into_inner()).take() {
        b.finish_and_clear();
    }
}

/// `clear` after a step that may have waited, passing its result on.
pub fn done<T>(result: T) -> T {
    clear();
    result
}

/// Runs `f` (which prints) with the spinner hidden, so their lines do not mix.
pub fn suspend(f: impl FnOnce()) {
    let bar = spin().bar.lock().unwrap_or_else(|e| e.into_inner()).clone();
    match bar {
        Some(b) => b.suspend(f),
        None => f(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_wait_text_loses_its_seconds() {
        assert_eq!(
            super::waiting("Waiting for nginx, runtime (6 s)…"),
            Some("Waiting for nginx, runtime")
        );
        assert_eq!(
            super::waiting("Waiting for deployment/designer…"),
            Some("Waiting for deployment/designer")
        );
        assert_eq!(super::waiting("All parts are healthy."), None);
    }
}
