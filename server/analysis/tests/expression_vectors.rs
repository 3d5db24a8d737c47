//! The official shared expression test vectors (`../shared/altinn/expression-tests/`) against the
//! static checker: v4 vectors as a classic app (app-frontend v4), monorepo vectors as a
//! ui-folders app (next frontend).
//!
//! - No valid case (`expects`) may get any issue.
//! - Every expected failure that is knowable without evaluating is reported, with the code
//!   [`EXPECTED_CODE`] gives for its upstream message (another issue does not count); the
//!   upstream validator's failures (unknown function, arity, `if`/`compare` forms, object
//!   literals, ...) must be reported with the upstream message text.
//! - Expected failures the checker does not report must be explained by [`runtime_only`]; the
//!   test prints each reason with its count.

#[path = "../../../tests/support/prereq.rs"]
mod prereq;

use altinn_analysis::expr::{self, ExprContext, ExprIssue, ExprType, Frontend};
use altinn_analysis::model::{AppModel, ComponentInfo, DataTypeInfo, SetInfo};
use altinn_analysis::syntax::{parse_json, TextRange};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

/// Upstream static-validator messages: when a vector expects one of these, the checker must
/// report an issue whose message contains the expected text.
const STATIC_MESSAGES: &[&str] = &[
    "Missing function name in expression",
    "Function name in expression should be string",
    "Invalid type \"",
    "\" not implemented",
    " argument(s), got ",
    "Expected third argument to be \"else\"",
    "Expected either 2 arguments (if) or 4 (if + else)",
    "Second argument must be \"not\"",
    "Invalid operator",
    "The data type must be a string",
    "The object function must have an even number of arguments",
    "Object keys must be",
];

/// Which code answers an upstream failure message: the first entry whose text the message
/// equals (`Exact`) or contains. An expected failure counts as reported only with this code.
const EXPECTED_CODE: &[(Match, &str)] = &[
    (
        Match::Contains("Missing function name in expression"),
        "AL1000",
    ),
    (
        Match::Contains("Function name in expression should be string"),
        "AL1000",
    ),
    (Match::Contains("Invalid type \""), "AL1000"),
    (Match::Contains("\" not implemented"), "AL1001"),
    (Match::Contains(" argument(s), got "), "AL1002"),
    // The vectors that say only "Invalid" are arity errors (divide, minus, multiply, plus).
    (Match::Exact("Invalid"), "AL1002"),
    (
        Match::Contains("Expected either 2 arguments (if) or 4 (if + else)"),
        "AL1004",
    ),
    (
        Match::Contains("Expected third argument to be \"else\""),
        "AL1004",
    ),
    (Match::Contains("Invalid operator"), "AL1005"),
    (Match::Contains("Second argument must be \"not\""), "AL1005"),
    (Match::Contains("The data type must be a string"), "AL1006"),
    (Match::Contains("Object keys must be"), "AL1007"),
    (
        Match::Contains("The object function must have an even number"),
        "AL1007",
    ),
    (Match::Contains(" out of range"), "AL1009"),
    (
        Match::Contains("No positional arguments available"),
        "AL1009",
    ),
    (
        Match::Contains("Unable to find component with identifier"),
        "AL1010",
    ),
    (Match::Contains("Data model with type "), "AL1012"),
    (Match::Contains("Could not find options with id"), "AL1015"),
    // instanceContext(null): the literal null fails (a wrong argument), not an unknown key.
    (Match::Exact("Unknown Instance context property "), "AL1003"),
    (
        Match::Contains("Unknown Instance context property "),
        "AL1016",
    ),
    (Match::Contains("Unknown Auth context property "), "AL1016"),
    (Match::Contains("Expected boolean, got value"), "AL1003"),
    (Match::Contains("Expected number, got value"), "AL1003"),
    (Match::Contains("Expected argument to be "), "AL1003"),
    (Match::Contains("Unable to parse date"), "AL1003"),
    (Match::Contains("Can not compare timestamps"), "AL1003"),
    (Match::Contains("cannot divide by"), "AL1003"),
    (Match::Contains("Cannot lookup "), "AL1003"),
    (Match::Contains("Value cannot be null"), "AL1003"),
    // The vectors with an empty message are date arguments of the wrong type (formatDate(2),
    // compare(2020, "isSameDay", ...)).
    (Match::Exact(""), "AL1003"),
];

enum Match {
    Exact(&'static str),
    Contains(&'static str),
}

fn expected_code(failure: &str) -> Option<&'static str> {
    EXPECTED_CODE.iter().find_map(|(m, code)| {
        let hit = match m {
            Match::Exact(t) => failure == *t,
            Match::Contains(t) => failure.contains(t),
        };
        hit.then_some(*code)
    })
}

/// Codes about the app around the expression that the vectors do not describe, with why a
/// valid vector may get them.
const HARNESS_IGNORED: &[(&str, &str)] = &[(
    "AL1017",
    "countDataElements of a data type missing from applicationmetadata.json (a warning; vectors declare no application metadata)",
)];

/// Functions whose result comes from the data, settings, layout state or evaluation context.
const DATA_FUNCTIONS: &[&str] = &[
    "dataModel",
    "component",
    "argv",
    "value",
    "frontendSettings",
    "instanceContext",
    "displayValue",
    "externalApi",
    "countDataElements",
    "language",
    "text",
    "authContext",
];

fn uses_any(expr: &Value, names: &[&str]) -> bool {
    match expr {
        Value::Array(a) => {
            a.first()
                .and_then(|f| f.as_str())
                .is_some_and(|f| names.contains(&f))
                || a.iter().any(|x| uses_any(x, names))
        }
        _ => false,
    }
}

/// The expected failures the checker cannot know without evaluating, with how many vectors
/// (v4 + monorepo) fall under each reason. [`runtime_only`] assigns the reasons; the test fails
/// when the counts change, so every new runtime-only case gets looked at.
const RUNTIME_ONLY: &[(&str, usize)] = &[
    (COMPONENT_ROW, 2),
    (DISPLAY_VALUE, 2),
    (AUTH_NEXT, 1),
    (JMESPATH, 1),
    (VALUE_KEYS, 2),
    (DATA_READ, 4),
];
const COMPONENT_ROW: &str = "component exists, but not in the repeating-group row the expression is evaluated in (row context)";
const DISPLAY_VALUE: &str = "whether a component type produces a display value is decided by the component's runtime implementation";
const AUTH_NEXT: &str =
    "next frontend: the valid authContext keys are the actions of the current process task";
const JMESPATH: &str = "JMESPath query syntax is not parsed statically";
const VALUE_KEYS: &str =
    "value() keys depend on the evaluation context (optionFilter/validation data)";
const DATA_READ: &str = "the failing value is read at runtime (data model, component, settings, instance, text or auth context)";

/// Why an expected failure can only be known by evaluating, or `None` when it should have
/// been reported.
fn runtime_only(
    expr: &Value,
    failure: &str,
    frontend: Frontend,
    set: Option<&SetInfo>,
) -> Option<&'static str> {
    let f0 = expr
        .as_array()
        .and_then(|a| a.first())
        .and_then(|f| f.as_str())
        .unwrap_or("");
    if failure.starts_with("Unable to find component with identifier") {
        let id = expr
            .as_array()
            .and_then(|a| a.get(1))
            .and_then(|v| v.as_str());
        if let (Some(set), Some(id)) = (set, id) {
            if set.by_id.contains_key(id) {
                return Some(COMPONENT_ROW);
            }
        }
        return None;
    }
    if failure.contains("does not have a displayValue") {
        return Some(DISPLAY_VALUE);
    }
    if failure.starts_with("Unknown Auth context property") && frontend == Frontend::Next {
        return Some(
            "next frontend: the valid authContext keys are the actions of the current process task",
        );
    }
    if failure == "Jmespath error" {
        return Some(JMESPATH);
    }
    if failure.starts_with("Unknown key") && f0 == "value" {
        return Some(
            "value() keys depend on the evaluation context (optionFilter/validation data)",
        );
    }
    if uses_any(expr, DATA_FUNCTIONS) {
        return Some(DATA_READ);
    }
    None
}

struct VectorCtx {
    model: AppModel,
    set: Option<SetInfo>,
    positional: usize,
}

fn build_ctx(root: &Value, case: &Value) -> VectorCtx {
    let get = |k: &str| case.get(k).or_else(|| root.get(k));
    let mut model = AppModel::default();
    if let Some(list) = get("dataModels").and_then(|d| d.as_array()) {
        for dm in list {
            if let Some(dt) = dm.pointer("/dataElement/dataType").and_then(|d| d.as_str()) {
                model.data_types.push(DataTypeInfo {
                    id: dt.to_string(),
                    range: TextRange::default(),
                    class_ref: Some("X".into()),
                    task_id: None,
                    allowed_content_types: Vec::new(),
                });
            }
        }
    }
    if let Some(cl) = get("codeLists").and_then(|c| c.as_object()) {
        model.option_files.extend(cl.keys().cloned());
    }
    let set = get("layouts").and_then(|l| l.as_object()).map(|layouts| {
        let mut set = SetInfo {
            id: "vector".into(),
            ..Default::default()
        };
        for (page, layout) in layouts {
            set.pages.push(page.clone());
            for c in layout
                .pointer("/data/layout")
                .and_then(|l| l.as_array())
                .into_iter()
                .flatten()
            {
                let Some(id) = c.get("id").and_then(|i| i.as_str()) else {
                    continue;
                };
                set.by_id
                    .entry(id.to_string())
                    .or_default()
                    .push(set.components.len());
                set.components.push(ComponentInfo {
                    id: id.to_string(),
                    id_range: TextRange::default(),
                    ty: c.get("type").and_then(|t| t.as_str()).unwrap_or("").into(),
                    ty_range: TextRange::default(),
                    file: String::new(),
                    page: page.clone(),
                    index: 0,
                    range: TextRange::default(),
                    era: None,
                });
            }
        }
        set
    });
    let positional = get("positionalArguments")
        .and_then(|p| p.as_array())
        .map_or(0, |a| a.len());
    VectorCtx {
        model,
        set,
        positional,
    }
}

#[derive(Default)]
struct Tally {
    valid: usize,
    failures: usize,
    caught: usize,
    runtime: BTreeMap<&'static str, Vec<String>>,
    problems: Vec<String>,
}

fn issues_text(issues: &[ExprIssue]) -> String {
    issues
        .iter()
        .map(|i| format!("{} {}", i.code, i.message))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn run_suite(dir: &Path, frontend: Frontend, tally: &mut Tally) {
    let mut files = Vec::new();
    json_files(&dir.join("functions"), &mut files);
    json_files(&dir.join("invalid"), &mut files);
    assert!(files.len() > 100, "too few vectors in {}", dir.display());
    for file in files {
        let name = file
            .strip_prefix(dir.parent().unwrap_or(dir))
            .unwrap_or(&file)
            .display()
            .to_string();
        let text = std::fs::read_to_string(&file).expect("readable vector");
        let root: Value = serde_json::from_str(&text).expect("vector is JSON");
        let cases: Vec<&Value> = match root.get("testCases").and_then(|t| t.as_array()) {
            Some(list) => list.iter().collect(),
            None => vec![&root],
        };
        for case in cases {
            let Some(expr_value) = case.get("expression") else {
                continue;
            };
            let label = format!(
                "{name} [{}] {}",
                case.get("name").and_then(|n| n.as_str()).unwrap_or(""),
                expr_value
            );
            let vc = build_ctx(&root, case);
            let ctx = ExprContext {
                model: Some(&vc.model),
                set: vc.set.as_ref(),
                frontend: Some(frontend),
                positional_args: Some(vc.positional),
                ..Default::default()
            };
            let src = serde_json::to_string(expr_value).expect("serializable");
            let doc = parse_json(&src);
            let Some(parsed) = doc.root.as_ref() else {
                tally.problems.push(format!("unparseable: {label}"));
                continue;
            };
            let mut issues = expr::check(parsed, ExprType::Any, &ctx);
            issues.retain(|i| !HARNESS_IGNORED.iter().any(|(c, _)| *c == i.code.as_str()));
            match case.get("expectsFailure") {
                None => {
                    tally.valid += 1;
                    if !issues.is_empty() {
                        tally.problems.push(format!(
                            "valid case flagged: {label}: {}",
                            issues_text(&issues)
                        ));
                    }
                }
                Some(f) => {
                    tally.failures += 1;
                    let failure = f.as_str().unwrap_or("");
                    let is_static = STATIC_MESSAGES.iter().any(|m| failure.contains(m));
                    if !issues.is_empty() {
                        if std::env::var("SHOW_CAUGHT").is_ok() {
                            eprintln!("CAUGHT {label} -> {failure:?}: {}", issues_text(&issues));
                        }
                        match expected_code(failure) {
                            Some(code) if issues.iter().any(|i| i.code.as_str() == code) => {
                                tally.caught += 1
                            }
                            Some(code) => tally.problems.push(format!(
                                "expected failure {failure:?} reported, but not as {code}: {label}: {}",
                                issues_text(&issues)
                            )),
                            None => tally.problems.push(format!(
                                "no EXPECTED_CODE entry for the failure {failure:?}: {label}: {}",
                                issues_text(&issues)
                            )),
                        }
                        if is_static && !issues.iter().any(|i| i.message.contains(failure)) {
                            tally.problems.push(format!(
                                "reported without the upstream text {failure:?}: {label}: {}",
                                issues_text(&issues)
                            ));
                        }
                    } else if is_static {
                        tally
                            .problems
                            .push(format!("static failure {failure:?} not reported: {label}"));
                    } else {
                        match runtime_only(expr_value, failure, frontend, vc.set.as_ref()) {
                            Some(reason) => tally
                                .runtime
                                .entry(reason)
                                .or_default()
                                .push(format!("{label} -> {failure}")),
                            None => tally.problems.push(format!(
                                "expected failure {failure:?} neither reported nor explained: {label}"
                            )),
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn official_expression_vectors() {
    let Some(root) = prereq::shared("altinn/expression-tests", "official_expression_vectors")
    else {
        return;
    };
    let mut tally = Tally::default();
    run_suite(
        &root.join("app-frontend-react-v4"),
        Frontend::V4,
        &mut tally,
    );
    run_suite(
        &root.join("altinn-studio-monorepo"),
        Frontend::Next,
        &mut tally,
    );
    let runtime_total: usize = tally.runtime.values().map(Vec::len).sum();
    eprintln!(
        "expression vectors: {} valid (none flagged: {}), {} expected failures: {} reported, {} runtime-only",
        tally.valid,
        tally.problems.iter().all(|p| !p.starts_with("valid")),
        tally.failures,
        tally.caught,
        runtime_total
    );
    for (reason, cases) in &tally.runtime {
        eprintln!("  runtime-only ({}): {reason}", cases.len());
        for c in cases {
            eprintln!("      {c}");
        }
    }
    assert!(
        tally.problems.is_empty(),
        "{} problem(s):\n{}",
        tally.problems.len(),
        tally.problems.join("\n")
    );
    assert_eq!(tally.caught + runtime_total, tally.failures);
    let counts: Vec<(&str, usize)> = RUNTIME_ONLY
        .iter()
        .map(|(r, _)| (*r, tally.runtime.get(r).map_or(0, Vec::len)))
        .collect();
    assert_eq!(
        counts, RUNTIME_ONLY,
        "runtime-only reasons and counts changed"
    );
    assert!(tally.valid > 900 && tally.failures > 250);
}
