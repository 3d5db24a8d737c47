//! The `altinnStudio` settings section from the editor, merged with the repository's
//! `altinn-ls.json`. Editor settings win key by key: severity entries override the file's
//! entries for the same code, ignore globs are added, `requiredLanguages` and `debounceMs`
//! replace the file's values when set.

use altinn_analysis::config::Config;
use serde_json::Value;

/// Debounce used when neither the editor nor `altinn-ls.json` sets one.
pub const DEFAULT_DEBOUNCE_MS: u64 = 50;

/// Keys of the section that only the editor client reads (VS Code's `package.json` has them;
/// a client that forwards the whole section must not get "unknown key" for them).
const CLIENT_ONLY: &[&str] = &["server", "trace", "studioUrl", "runtime", "run"];

#[derive(Debug, Clone, Default)]
pub struct ClientSettings {
    pub config: Config,
    /// Whether the editor set `requiredLanguages` (an empty list then means "default").
    pub debounce_ms: Option<u64>,
}

/// Parses the section. Returns the settings that are valid and one message per problem
/// (unknown keys, wrong types); never fails as a whole.
pub fn parse(section: &Value) -> (ClientSettings, Vec<String>) {
    let mut out = ClientSettings::default();
    let mut problems = Vec::new();
    let obj = match section {
        Value::Null => return (out, problems),
        Value::Object(o) => o,
        other => {
            problems.push(format!(
                "settings 'altinnStudio' must be an object, got {}",
                type_name(other)
            ));
            return (out, problems);
        }
    };
    for (key, value) in obj {
        if CLIENT_ONLY.contains(&key.as_str()) || value.is_null() {
            continue;
        }
        let one = serde_json::json!({ key: value }).to_string();
        match Config::parse(&one) {
            Ok(c) => match key.as_str() {
                "severity" => out.config.severity.extend(c.severity),
                "ignore" => out.config.ignore = c.ignore,
                "requiredLanguages" => out.config.required_languages = c.required_languages,
                "debounceMs" => out.debounce_ms = c.debounce_ms,
                _ => {}
            },
            Err(errs) => {
                for e in errs {
                    problems.push(format!("setting altinnStudio.{key}: {}", e.message));
                }
            }
        }
    }
    (out, problems)
}

/// Finds the section in `initializationOptions`: `{settings: {...section}}`,
/// `{settings: {altinnStudio: {...}}}` or `{altinnStudio: {...}}`.
pub fn from_initialization_options(opts: &Value) -> Result<Option<Value>, String> {
    match opts {
        Value::Null => Ok(None),
        Value::Object(o) => {
            if let Some(s) = o.get("settings") {
                match s {
                    Value::Object(so) => Ok(Some(
                        so.get("altinnStudio").cloned().unwrap_or_else(|| s.clone()),
                    )),
                    Value::Null => Ok(None),
                    other => Err(format!(
                        "initializationOptions.settings must be an object, got {}",
                        type_name(other)
                    )),
                }
            } else {
                Ok(o.get("altinnStudio").cloned())
            }
        }
        other => Err(format!(
            "initializationOptions must be an object, got {}",
            type_name(other)
        )),
    }
}

/// The configuration one app is checked with.
pub fn merge(repo: &Config, client: &ClientSettings) -> Config {
    let mut c = repo.clone();
    for (k, v) in &client.config.severity {
        c.severity.insert(k.clone(), *v);
    }
    c.ignore.extend(client.config.ignore.iter().cloned());
    if !client.config.required_languages.is_empty() {
        c.required_languages = client.config.required_languages.clone();
    }
    if client.debounce_ms.is_some() {
        c.debounce_ms = client.debounce_ms;
    }
    if c.compile_ignore().is_err() {
        // Each glob was compiled on its own already; a failure here cannot name a culprit.
        c.ignore.clear();
        let _ = c.compile_ignore();
    }
    c
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use altinn_analysis::config::Level;
    use altinn_analysis::Severity;
    use serde_json::json;

    #[test]
    fn parses_valid_keys_and_reports_bad_ones() {
        let (s, problems) = parse(&json!({
            "debounceMs": 10,
            "severity": {"AL0501": "off"},
            "requiredLanguages": "nb",
            "server": {"path": "/x"},
            "studioUrl": "dev",
            "runtime": {"target": "local"},
            "run": {"appCommand": "x"},
            "colour": 1
        }));
        assert_eq!(s.debounce_ms, Some(10));
        assert_eq!(s.config.level("AL0501", Severity::Error), Level::Off);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("requiredLanguages")));
        assert!(problems.iter().any(|p| p.contains("colour")));
    }

    #[test]
    fn editor_settings_override_the_repository_file() {
        let repo = Config::parse(
            r#"{"severity": {"AL0501": "warning", "AL0502": "hint"}, "debounceMs": 300}"#,
        )
        .unwrap();
        let (client, _) = parse(&json!({"severity": {"AL0501": "error"}, "ignore": ["App/x/**"]}));
        let c = merge(&repo, &client);
        assert_eq!(
            c.level("AL0501", Severity::Hint),
            Level::Is(Severity::Error)
        );
        assert_eq!(
            c.level("AL0502", Severity::Error),
            Level::Is(Severity::Hint)
        );
        assert_eq!(c.debounce_ms, Some(300));
        assert!(c.is_ignored("App/x/y.json"));
    }

    /// Issue 15 (low): before the bound, `debounceMs: 1e30` was accepted and postponed every
    /// check forever (this test then failed on `debounce_ms == None`).
    #[test]
    fn debounce_is_bounded() {
        let (s, problems) = parse(&json!({"debounceMs": 1e30}));
        assert_eq!(s.debounce_ms, None);
        assert!(problems[0].contains("from 0 to 5000"), "{problems:?}");
        let (s, problems) = parse(&json!({"debounceMs": 5000}));
        assert_eq!((s.debounce_ms, problems.len()), (Some(5000), 0));
        let repo = Config::parse(r#"{"debounceMs": 1e30}"#);
        assert!(repo.is_err(), "altinn-ls.json is bounded too");
    }

    #[test]
    fn finds_section_in_initialization_options() {
        let a =
            from_initialization_options(&json!({"settings": {"altinnStudio": {"debounceMs": 1}}}));
        assert_eq!(a.unwrap().unwrap()["debounceMs"], 1);
        let b = from_initialization_options(&json!({"settings": {"debounceMs": 2}}));
        assert_eq!(b.unwrap().unwrap()["debounceMs"], 2);
        assert!(from_initialization_options(&json!("bad")).is_err());
        assert!(from_initialization_options(&json!({"settings": 3})).is_err());
    }
}
