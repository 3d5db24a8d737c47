//! `--color auto|always|never`, `NO_COLOR` and `CLICOLOR_FORCE`, decided once per run.

use std::ffi::OsString;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when the output is a terminal, unless `NO_COLOR` is set (`CLICOLOR_FORCE` forces it).
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream that is (`is_terminal`) or is not a terminal. An explicit
    /// `--color` wins over the environment; `auto` never colours a pipe or a file unless
    /// `CLICOLOR_FORCE` asks for it.
    pub fn enabled(self, is_terminal: bool) -> bool {
        self.enabled_with(is_terminal, &|k| std::env::var_os(k))
    }

    fn enabled_with(self, is_terminal: bool, env: &dyn Fn(&str) -> Option<OsString>) -> bool {
        let set = |k: &str| env(k).is_some_and(|v| !v.is_empty() && v != "0");
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if set("CLICOLOR_FORCE") {
                    return true;
                }
                if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                    return false;
                }
                is_terminal && env("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }

    /// The choice for clap's own output (help, usage errors), which is printed before the
    /// arguments are parsed: the `--color` given, read from the raw arguments.
    pub fn from_raw_args(args: &[OsString]) -> ColorChoice {
        let mut choice = ColorChoice::Auto;
        let mut it = args.iter().skip(1);
        while let Some(a) = it.next() {
            let value = match a.to_str() {
                Some("--") => break,
                Some("--color") => it.next().and_then(|v| v.to_str()),
                Some(s) => s.strip_prefix("--color="),
                None => None,
            };
            match value {
                Some("always") => choice = ColorChoice::Always,
                Some("never") => choice = ColorChoice::Never,
                Some("auto") => choice = ColorChoice::Auto,
                _ => {}
            }
        }
        choice
    }

    pub fn for_clap(self) -> clap::ColorChoice {
        match self {
            ColorChoice::Auto => clap::ColorChoice::Auto,
            ColorChoice::Always => clap::ColorChoice::Always,
            ColorChoice::Never => clap::ColorChoice::Never,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn auto_follows_the_terminal_and_the_environment() {
        let a = ColorChoice::Auto;
        assert!(a.enabled_with(true, &with(&[])));
        assert!(!a.enabled_with(false, &with(&[])));
        assert!(!a.enabled_with(true, &with(&[("NO_COLOR", "1")])));
        // An empty NO_COLOR is "not set" (no-color.org).
        assert!(a.enabled_with(true, &with(&[("NO_COLOR", "")])));
        assert!(!a.enabled_with(true, &with(&[("TERM", "dumb")])));
        assert!(a.enabled_with(false, &with(&[("CLICOLOR_FORCE", "1")])));
        assert!(!a.enabled_with(false, &with(&[("CLICOLOR_FORCE", "0")])));
    }

    #[test]
    fn an_explicit_choice_wins_over_the_environment() {
        assert!(ColorChoice::Always.enabled_with(false, &with(&[("NO_COLOR", "1")])));
        assert!(!ColorChoice::Never.enabled_with(true, &with(&[("CLICOLOR_FORCE", "1")])));
    }

    #[test]
    fn the_raw_arguments_give_clap_its_choice() {
        let args = |s: &[&str]| s.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            ColorChoice::from_raw_args(&args(&["altinn-ls", "check", "--color", "never"])),
            ColorChoice::Never
        );
        assert_eq!(
            ColorChoice::from_raw_args(&args(&["altinn-ls", "--color=always", "check"])),
            ColorChoice::Always
        );
        assert_eq!(
            ColorChoice::from_raw_args(&args(&["altinn-ls", "check", "--", "--color=never"])),
            ColorChoice::Auto
        );
    }
}
