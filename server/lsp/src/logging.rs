//! Logs and traces on stderr (`tracing`), which editors show in the server's output channel.
//!
//! `ALTINN_LS_LOG` sets what is written, as `tracing-subscriber` targets: a level
//! (`error`, `warn`, `info`, `debug`, `trace`) or `target=level` pairs separated by commas,
//! e.g. `ALTINN_LS_LOG=warn,altinn_lsp=debug`. The default is `warn`. At `debug`, every
//! message to the state thread, every request and every check round is a span whose close
//! line carries its time (`time.busy`: working, `time.idle`: waiting), so one keystroke
//! reads as: `message{kind="change"}` (edit + reparse + model update), then `flush` with
//! one `check` event per file checked and published. `ALTINN_LS_TIMING=1` (older name)
//! means `warn,altinn_lsp=debug`.

use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::prelude::*;

/// The filter for a value of `ALTINN_LS_LOG`; an unreadable value falls back to `warn`
/// (and says so).
pub fn filter(spec: Option<&str>, timing: bool) -> (Targets, Option<String>) {
    let default = if timing {
        "warn,altinn_lsp=debug"
    } else {
        "warn"
    };
    match spec.map(str::trim).filter(|s| !s.is_empty()) {
        None => (parse(default), None),
        Some(s) => match s.parse::<Targets>() {
            Ok(t) => (t, None),
            Err(e) => (
                parse(default),
                Some(format!(
                    "ALTINN_LS_LOG={s:?} is not a log filter ({e}); using {default:?}"
                )),
            ),
        },
    }
}

fn parse(s: &str) -> Targets {
    s.parse().unwrap_or_default()
}

/// Installs the stderr subscriber (once per process; later calls do nothing).
pub fn init() {
    let spec = std::env::var("ALTINN_LS_LOG").ok();
    let timing = std::env::var("ALTINN_LS_TIMING").is_ok_and(|v| v == "1");
    let (targets, problem) = filter(spec.as_deref(), timing);
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_span_events(FmtSpan::CLOSE)
        .with_target(false);
    if tracing_subscriber::registry()
        .with(layer.with_filter(targets))
        .try_init()
        .is_ok()
    {
        if let Some(p) = problem {
            tracing::warn!("{p}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::level_filters::LevelFilter;

    #[test]
    fn the_default_is_warnings_and_a_bad_value_falls_back_to_it() {
        let (t, p) = filter(None, false);
        assert_eq!(t.to_string(), "warn");
        assert!(p.is_none());
        let (t, _) = filter(None, true);
        assert!(t.would_enable("altinn_lsp::main_loop", &tracing::Level::DEBUG));
        let (t, p) = filter(Some("altinn_lsp=trace"), false);
        assert!(t.would_enable("altinn_lsp::state", &tracing::Level::TRACE));
        assert!(!t.would_enable("tower_lsp_server", &tracing::Level::ERROR));
        assert!(p.is_none());
        let (t, p) = filter(Some("=nonsense="), false);
        assert_eq!(t.default_level(), Some(LevelFilter::WARN));
        assert!(p.unwrap().contains("not a log filter"));
    }
}
