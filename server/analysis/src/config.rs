//! `altinn-ls.json` at the repository root (and the same keys from the editor's settings).

use crate::diagnostic::Severity;
use crate::model::util::did_you_mean;
use crate::syntax::{parse_json, JsonKind};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::BTreeMap;

/// How a code is reported: a severity, or not at all.
/// The longest debounce accepted (ms), from the editor or `altinn-ls.json`.
pub const MAX_DEBOUNCE_MS: u64 = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    Is(Severity),
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Per-code overrides, e.g. `AL0501 → warning`.
    pub severity: BTreeMap<String, Level>,
    /// Globs relative to the repository root (or app folder) whose files are not checked.
    pub ignore: Vec<String>,
    ignore_set: Option<GlobSet>,
    /// Languages whose resource file must hold every text key used (default: `nb`).
    pub required_languages: Vec<String>,
    pub debounce_ms: Option<u64>,
}

/// A problem in the configuration itself, with its byte offset in the file when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub offset: u32,
    /// The end of what is wrong (the key, or the value): where an editor underlines it.
    pub end: u32,
    pub message: String,
}

impl Config {
    pub fn required_languages(&self) -> Vec<String> {
        if self.required_languages.is_empty() {
            vec!["nb".to_string()]
        } else {
            self.required_languages.clone()
        }
    }

    /// Parses `altinn-ls.json` text; unknown keys and bad values are errors with positions.
    pub fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        let doc = parse_json(text);
        let mut errors: Vec<ConfigError> = doc
            .errors
            .iter()
            .map(|e| ConfigError {
                offset: e.range.start,
                end: e.range.end,
                message: e.message.clone(),
            })
            .collect();
        let mut cfg = Config::default();
        let Some(root) = doc.root else {
            return Err(errors);
        };
        let Some(members) = root.as_object() else {
            errors.push(ConfigError {
                offset: root.range.start,
                end: root.range.end,
                message: "altinn-ls.json must be an object".into(),
            });
            return Err(errors);
        };
        for m in members {
            let err = |msg: String| ConfigError {
                offset: m.value.range.start,
                end: m.value.range.end,
                message: msg,
            };
            match m.key.as_str() {
                "$schema" => {}
                "severity" => match &m.value.kind {
                    JsonKind::Object(codes) => {
                        for c in codes {
                            // A misspelt code would silently configure nothing.
                            if crate::check::codes::info(&c.key).is_none() {
                                errors.push(ConfigError {
                                    offset: c.key_range.start,
                                    end: c.key_range.end,
                                    message: unknown_code(&c.key),
                                });
                                continue;
                            }
                            match c.value.as_str().and_then(parse_level) {
                                Some(level) => {
                                    cfg.severity.insert(c.key.clone(), level);
                                }
                                None => errors.push(ConfigError {
                                    offset: c.value.range.start,
                                    end: c.value.range.end,
                                    message: format!(
                                        "severity of '{}' must be one of \"error\", \"warning\", \"information\", \"hint\", \"off\"",
                                        c.key
                                    ),
                                }),
                            }
                        }
                    }
                    _ => errors.push(err("'severity' must be an object of code → level".into())),
                },
                "ignore" => match string_list(&m.value) {
                    Some(list) => cfg.ignore = list,
                    None => errors.push(err("'ignore' must be an array of glob strings".into())),
                },
                "requiredLanguages" => match string_list(&m.value) {
                    Some(list) => cfg.required_languages = list,
                    None => errors.push(err(
                        "'requiredLanguages' must be an array of language codes".into(),
                    )),
                },
                // bounded: a repository's altinn-ls.json must not be able to silence the
                // server (1e30 ms would postpone every check forever)
                "debounceMs" => match m.value.as_f64() {
                    Some(n) if (0.0..=MAX_DEBOUNCE_MS as f64).contains(&n) => {
                        cfg.debounce_ms = Some(n as u64)
                    }
                    _ => errors.push(err(format!(
                        "'debounceMs' must be a number from 0 to {MAX_DEBOUNCE_MS}"
                    ))),
                },
                other => errors.push(ConfigError {
                    offset: m.key_range.start,
                    end: m.key_range.end,
                    message: match did_you_mean(other, KEYS.iter().copied()) {
                        Some(k) => format!("unknown key '{other}'; did you mean '{k}'?"),
                        None => format!("unknown key '{other}' (allowed: {})", KEYS.join(", ")),
                    },
                }),
            }
        }
        if let Err(e) = cfg.compile_ignore() {
            errors.push(ConfigError {
                offset: 0,
                end: 0,
                message: e,
            });
        }
        if errors.is_empty() {
            Ok(cfg)
        } else {
            Err(errors)
        }
    }

    /// Builds the glob matcher; call after changing `ignore`.
    pub fn compile_ignore(&mut self) -> Result<(), String> {
        let mut b = GlobSetBuilder::new();
        for g in &self.ignore {
            b.add(Glob::new(g).map_err(|e| format!("bad ignore glob '{g}': {e}"))?);
        }
        self.ignore_set = Some(b.build().map_err(|e| e.to_string())?);
        Ok(())
    }

    /// Whether a path (relative to the repository root or the app folder) is ignored.
    pub fn is_ignored(&self, path: &str) -> bool {
        self.ignore_set.as_ref().is_some_and(|s| s.is_match(path))
    }

    /// The level a code is reported at, after overrides.
    pub fn level(&self, code: &str, default: Severity) -> Level {
        self.severity
            .get(code)
            .copied()
            .unwrap_or(Level::Is(default))
    }
}

/// The keys of `altinn-ls.json` (besides `$schema`).
const KEYS: [&str; 4] = ["severity", "ignore", "requiredLanguages", "debounceMs"];

/// "unknown code AL5010; did you mean AL0510?": a different case first (`al0510`), then two
/// neighbouring characters swapped (the usual slip in a number), then the closest code.
fn unknown_code(key: &str) -> String {
    let upper = key.to_ascii_uppercase();
    let known = |k: &str| crate::check::codes::info(k).is_some();
    let mut guess = known(&upper).then(|| upper.clone());
    if guess.is_none() {
        let chars: Vec<char> = upper.chars().collect();
        guess = (1..chars.len()).find_map(|i| {
            let mut c = chars.clone();
            c.swap(i - 1, i);
            let k: String = c.into_iter().collect();
            known(&k).then_some(k)
        });
    }
    if guess.is_none() {
        let all = crate::check::codes::all();
        guess = did_you_mean(&upper, all.iter().map(|c| c.code.as_str())).map(str::to_string);
    }
    match guess {
        Some(g) => format!("unknown code {key}; did you mean {g}?"),
        None => format!("unknown code {key} (`altinn-ls check --list-codes` lists them)"),
    }
}

pub fn parse_level(s: &str) -> Option<Level> {
    if s.eq_ignore_ascii_case("off") || s.eq_ignore_ascii_case("none") {
        return Some(Level::Off);
    }
    Severity::parse(s).map(Level::Is)
}

fn string_list(v: &crate::syntax::Json) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|s| s.as_str().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_config() {
        let cfg = Config::parse(r#"{"severity": {"AL0501": "warning", "AL0102": "off"}, "ignore": ["App/ui/old/**"], "requiredLanguages": ["nb", "en"]}"#).unwrap();
        assert_eq!(
            cfg.level("AL0501", Severity::Error),
            Level::Is(Severity::Warning)
        );
        assert_eq!(cfg.level("AL0102", Severity::Error), Level::Off);
        assert!(cfg.is_ignored("App/ui/old/layouts/a.json"));
        assert!(!cfg.is_ignored("App/ui/new/layouts/a.json"));
        assert_eq!(cfg.required_languages(), ["nb", "en"]);
    }

    #[test]
    fn reports_bad_config_with_positions() {
        let errs = Config::parse(r#"{"severity": {"AL0501": "loud"}, "colour": 1}"#).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs[0].message.contains("AL0501"));
        assert!(errs[1].message.contains("colour"));
    }

    #[test]
    fn unknown_codes_and_keys_say_what_was_meant_and_where() {
        let text = r#"{"severity": {"AL5010": "off", "al0501": "warning", "AL0102": "off", "XX": "off"}, "requiredLanguage": ["nb"]}"#;
        let errs = Config::parse(text).unwrap_err();
        let msgs: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "unknown code AL5010; did you mean AL0510?",
                "unknown code al0501; did you mean AL0501?",
                "unknown code XX (`altinn-ls check --list-codes` lists them)",
                "unknown key 'requiredLanguage'; did you mean 'requiredLanguages'?",
            ]
        );
        // At the key itself.
        assert_eq!(errs[0].offset as usize, text.find("\"AL5010\"").unwrap());
        assert_eq!(
            errs[3].offset as usize,
            text.find("\"requiredLanguage\"").unwrap()
        );
    }
}
