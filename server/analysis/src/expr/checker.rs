//! The static checker: walks one expression and reports what is wrong without evaluating it.

use super::cast::{as_number, check_date, literal_cast_error, DateTz};
use super::functions::{function, functions, FunctionDef};
use super::ExprType;
use crate::check::codes::{
    AL1000, AL1001, AL1002, AL1003, AL1004, AL1005, AL1006, AL1007, AL1008, AL1009, AL1010, AL1011,
    AL1012, AL1013, AL1014, AL1015, AL1016, AL1017, AL1020, AL1021, AL1022, AL1023,
};
use crate::diagnostic::{Code, Severity};
use crate::model::util::did_you_mean;
use crate::model::{AppModel, DeclKind, SetInfo};
use crate::syntax::{Json, JsonKind, TextRange};

/// Which app frontend evaluates an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frontend {
    /// app-frontend-react v4 (classic apps with layout-sets.json, legacy single-set apps).
    V4,
    /// The next frontend (ui-folder apps).
    Next,
    /// Unknown: accept what either frontend accepts.
    Any,
}

/// What the checker knows about the place an expression sits in. Every part is optional: with
/// `ExprContext::default()` only the language itself is checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExprContext<'a> {
    pub model: Option<&'a AppModel>,
    /// The layout set for `component`/`displayValue`/`linkToComponent` ids and `linkToPage` pages.
    pub set: Option<&'a SetInfo>,
    /// The default data type of `dataModel` paths.
    pub data_type: Option<&'a str>,
    /// The frontend that evaluates it; `None` when no frontend does (BPMN gateway conditions).
    pub frontend: Option<Frontend>,
    /// Where the app backend certainly evaluates it ("gateway condition", "validation.json"):
    /// functions it lacks are errors (AL1020).
    pub backend: Option<&'a str>,
    /// Where the app backend evaluates it when the form is processed on the server ("hidden",
    /// "required"): functions it lacks are warnings (AL1021).
    pub backend_maybe: Option<&'a str>,
    /// How many positional arguments `argv` can read here (validation.json: 1); `None` = unknown.
    pub positional_args: Option<usize>,
    /// A BPMN gateway condition: the backend evaluates it without a component context.
    pub gateway: bool,
}

/// One problem in an expression, located in the text the expression was parsed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprIssue {
    pub range: TextRange,
    pub code: Code,
    pub message: String,
    /// A replacement for `range` (did-you-mean).
    pub fix: Option<String>,
    /// Another place that explains the issue: (file relative to the app folder, range, message).
    pub related: Option<(String, TextRange, String)>,
    /// Set when this issue is less sure than its code's default severity says.
    pub severity: Option<Severity>,
}

/// Checks an expression in a property whose value must be of type `expected`. Values that are
/// not arrays are literals, not expressions, and give no issues (except object literals).
pub fn check(value: &Json, expected: ExprType, ctx: &ExprContext<'_>) -> Vec<ExprIssue> {
    let mut out = Vec::new();
    check_with(value, expected, ctx, &mut out);
    out
}

/// [`check`] appending to a caller's vector.
pub fn check_with(
    value: &Json,
    expected: ExprType,
    ctx: &ExprContext<'_>,
    out: &mut Vec<ExprIssue>,
) {
    if !matches!(value.kind, JsonKind::Array(_) | JsonKind::Object(_)) {
        return;
    }
    let mut w = Walker { ctx, out };
    if let Ty::Known(t) = w.value(value) {
        if !expected.accepts(t) {
            let name = value
                .as_array()
                .and_then(|a| a.first())
                .and_then(|f| f.as_str())
                .unwrap_or("");
            w.issue(
                value.range,
                AL1008,
                format!(
                    "This expression returns a {} (from {name}) but a {} is expected here",
                    t.as_str(),
                    expected.as_str()
                ),
            );
        }
    }
}

/// The static type of a value: known, the literal null, or unknown (an invalid expression).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Known(ExprType),
    Null,
    Unknown,
}

const COMPARE_OPS: &[(&str, ExprType)] = &[
    ("equals", ExprType::String),
    ("greaterThan", ExprType::Number),
    ("greaterThanEq", ExprType::Number),
    ("lessThan", ExprType::Number),
    ("lessThanEq", ExprType::Number),
    ("isBefore", ExprType::Date),
    ("isBeforeEq", ExprType::Date),
    ("isAfter", ExprType::Date),
    ("isAfterEq", ExprType::Date),
    ("isSameDay", ExprType::Date),
];
const COMPARE_OPS_TEXT: &str = "\"equals\", \"greaterThan\", \"greaterThanEq\", \"lessThan\", \"lessThanEq\", \"isBefore\", \"isBeforeEq\", \"isAfter\", \"isAfterEq\", \"isSameDay\"";

pub(crate) const INSTANCE_CONTEXT_KEYS: &[&str] = &[
    "instanceId",
    "appId",
    "instanceOwnerPartyId",
    "instanceOwnerPartyType",
    "instanceOwnerName",
];
const AUTH_CONTEXT_KEYS_V4: &[&str] = &[
    "read",
    "write",
    "instantiate",
    "confirm",
    "sign",
    "reject",
    "complete",
];

struct Walker<'c, 'a> {
    ctx: &'c ExprContext<'a>,
    out: &'c mut Vec<ExprIssue>,
}

impl Walker<'_, '_> {
    fn issue(&mut self, range: TextRange, code: Code, message: String) {
        self.out.push(ExprIssue {
            range,
            code,
            message,
            fix: None,
            related: None,
            severity: None,
        });
    }
    fn issue_fix(&mut self, range: TextRange, code: Code, message: String, fix: &str) {
        self.out.push(ExprIssue {
            range,
            code,
            message,
            fix: Some(fix.to_string()),
            related: None,
            severity: None,
        });
    }
    /// Attaches a related location to the last issue.
    fn relate(&mut self, file: &str, range: TextRange, message: String) {
        if let Some(last) = self.out.last_mut() {
            last.related = Some((file.to_string(), range, message));
        }
    }

    fn value(&mut self, v: &Json) -> Ty {
        match &v.kind {
            JsonKind::String(_) => Ty::Known(ExprType::String),
            JsonKind::Number(_) => Ty::Known(ExprType::Number),
            JsonKind::Bool(_) => Ty::Known(ExprType::Boolean),
            JsonKind::Null => Ty::Null,
            JsonKind::Invalid => Ty::Unknown,
            JsonKind::Object(_) => {
                self.issue(
                    v.range,
                    AL1000,
                    "Invalid type \"object\": objects cannot be used in expressions (use a nested [\"function\", ...] array or a literal)".into(),
                );
                Ty::Unknown
            }
            JsonKind::Array(items) => self.call(v, items),
        }
    }

    fn call(&mut self, v: &Json, items: &[Json]) -> Ty {
        let Some(first) = items.first() else {
            self.issue(
                v.range,
                AL1000,
                "Missing function name in expression: an expression is [\"functionName\", ...arguments]".into(),
            );
            return Ty::Unknown;
        };
        let Some(name) = first.as_str() else {
            self.issue(
                first.range,
                AL1000,
                format!(
                    "Function name in expression should be string, got {} (an expression is [\"functionName\", ...arguments])",
                    first.type_name()
                ),
            );
            return Ty::Unknown;
        };
        let name_range = first.content_range();
        let args = &items[1..];
        let Some(def) = function(name) else {
            self.unknown_function(name, name_range);
            for a in args {
                self.value(a);
            }
            return Ty::Unknown;
        };
        self.availability(def, name_range);

        let n = args.len();
        let arity_ok = if def.name == "if" {
            true
        } else {
            let ok = n >= def.min_args() && def.max_args().is_none_or(|m| n <= m);
            if !ok {
                let range = match def.max_args() {
                    Some(max) if n > max => {
                        TextRange::new(args[max].range.start, args[n - 1].range.end)
                    }
                    _ => name_range,
                };
                self.issue(
                    range,
                    AL1002,
                    format!(
                        "Expected {} argument(s), got {n}: {}",
                        def.arity_text(),
                        def.signature
                    ),
                );
            }
            ok
        };

        // Both frontends (v4 since 4ba19157) cast scientific notation ("5E2") to numbers.
        let exponent = true;
        for (i, a) in args.iter().enumerate() {
            let t = self.value(a);
            if let Some(spec) = def.arg(i) {
                self.arg_type(def, spec.ty, i, a, t, exponent);
            }
        }
        if arity_ok {
            self.special(def, name_range, args, exponent);
        }
        Ty::Known(def.returns)
    }

    fn unknown_function(&mut self, name: &str, range: TextRange) {
        let names = functions().iter().map(|f| f.name);
        match did_you_mean(name, names) {
            Some(s) if s.eq_ignore_ascii_case(name) => self.issue_fix(
                range,
                AL1001,
                format!("Function \"{name}\" not implemented: function names are case-sensitive, did you mean \"{s}\"?"),
                s,
            ),
            Some(s) => self.issue_fix(
                range,
                AL1001,
                format!("Function \"{name}\" not implemented; did you mean \"{s}\"?"),
                s,
            ),
            None => self.issue(
                range,
                AL1001,
                format!("Function \"{name}\" not implemented (it is not a function of the expression language)"),
            ),
        }
    }

    fn availability(&mut self, def: &FunctionDef, range: TextRange) {
        let s = def.support;
        let name = def.name;
        if let Some(fe) = self.ctx.frontend {
            let ok = match fe {
                Frontend::V4 => s.v4,
                Frontend::Next => s.next,
                Frontend::Any => s.v4 || s.next,
            };
            if !ok {
                if !s.v4 && !s.next {
                    self.issue(
                        range,
                        AL1023,
                        format!("Function '{name}' only exists in BPMN gateway conditions (evaluated by the app backend); the app frontend does not know it"),
                    );
                } else if fe == Frontend::V4 {
                    self.issue(
                        range,
                        AL1022,
                        format!("Function '{name}' is only available in the next app frontend (apps with task-named UI folders); this classic app runs app-frontend v4"),
                    );
                } else {
                    self.issue(
                        range,
                        AL1022,
                        format!("Function '{name}' is only available in app-frontend v4; this app uses the next app frontend"),
                    );
                }
            }
        }
        if self.ctx.gateway && name == "component" {
            self.issue(
                range,
                AL1020,
                format!("Function '{name}' cannot be used in a gateway condition: the app backend evaluates it without a component context (use dataModel instead)"),
            );
            return;
        }
        if !s.backend {
            if let Some(place) = self.ctx.backend {
                self.issue(
                    range,
                    AL1020,
                    format!("Function '{name}' is not supported by the app backend (used in {place}); the backend fails with \"Function not implemented\""),
                );
            } else if let Some(place) = self.ctx.backend_maybe {
                self.issue(
                    range,
                    AL1021,
                    format!("Function '{name}' is not supported by the app backend, which also evaluates '{place}' when it processes this form (hidden-data removal and validation fail)"),
                );
            }
        }
    }

    fn arg_type(
        &mut self,
        def: &FunctionDef,
        ty: ExprType,
        i: usize,
        a: &Json,
        t: Ty,
        exponent: bool,
    ) {
        match t {
            Ty::Unknown => {}
            Ty::Null => {
                if !ty.nullable() {
                    self.issue(
                        a.range,
                        AL1003,
                        format!(
                            "Expected argument to be {}, got null (argument {} of {})",
                            ty.as_str(),
                            i + 1,
                            def.signature
                        ),
                    );
                }
            }
            Ty::Known(actual) => {
                if !ty.accepts(actual) {
                    let from = match a
                        .as_array()
                        .and_then(|x| x.first())
                        .and_then(|f| f.as_str())
                    {
                        Some(f) => format!(" (returned by {f})"),
                        None => String::new(),
                    };
                    self.issue(
                        a.range,
                        AL1003,
                        format!(
                            "Expected argument to be {}, got {}{from}: {}",
                            ty.as_str(),
                            actual.as_str(),
                            def.signature
                        ),
                    );
                } else if !matches!(a.kind, JsonKind::Array(_)) {
                    self.literal_cast(a, ty, exponent);
                }
            }
        }
    }

    fn literal_cast(&mut self, a: &Json, ty: ExprType, exponent: bool) {
        if let Some(msg) = literal_cast_error(a, ty, exponent) {
            let hint = match ty {
                ExprType::Boolean => {
                    "only true/false, \"true\"/\"false\", 1/0 and \"1\"/\"0\" cast to boolean"
                }
                ExprType::Number => {
                    "only numbers and numeric strings such as \"12\" or \"-1.5\" cast to number"
                }
                _ => "dates are written YYYY-MM-DD or as an ISO 8601 date-time",
            };
            self.issue(a.range, AL1003, format!("{msg} ({hint})"));
        }
    }

    /// Function-specific forms and references, once the arity is right.
    fn special(&mut self, def: &FunctionDef, name_range: TextRange, args: &[Json], exponent: bool) {
        let lit = |i: usize| args.get(i).and_then(|a| a.as_str());
        let is_null = |i: usize| args.get(i).is_some_and(|a| a.is_null());
        match def.name {
            "if" => {
                let n = args.len();
                if n == 2 {
                    return;
                }
                if n > 2 && lit(2) != Some("else") {
                    self.issue(
                        args[2].range,
                        AL1004,
                        "Expected third argument to be \"else\": [\"if\", condition, then, \"else\", otherwise]".into(),
                    );
                }
                if n != 4 {
                    self.issue(
                        name_range,
                        AL1004,
                        format!("Expected either 2 arguments (if) or 4 (if + else), got {n}"),
                    );
                }
            }
            "compare" => self.compare(args, exponent),
            "dataModel" => {
                if args.len() > 1 && !is_null(1) && lit(1).is_none() {
                    self.issue(
                        args[1].range,
                        AL1006,
                        "The data type must be a string (expressions cannot be used here)".into(),
                    );
                }
                if is_null(0) {
                    self.null_arg(&args[0], "Cannot lookup dataModel null");
                } else if let Some(path) = lit(0) {
                    self.data_model_path(&args[0], path, args.get(1));
                }
            }
            "component" | "displayValue" => {
                if is_null(0) {
                    self.null_arg(&args[0], "Cannot lookup component null");
                } else if let Some(id) = lit(0) {
                    self.component_id(&args[0], id);
                } else {
                    self.issue(
                        args[0].range,
                        AL1006,
                        format!("The component id of {} must be a literal string (expressions cannot be used here)", def.name),
                    );
                }
            }
            "linkToComponent" => {
                if let Some(id) = lit(1) {
                    self.component_id(&args[1], id);
                }
            }
            "linkToPage" => {
                if let Some(page) = lit(1) {
                    self.page(&args[1], page);
                }
            }
            "optionLabel" => match lit(0) {
                Some(id) => self.options_id(&args[0], id),
                None => self.issue(
                    args[0].range,
                    AL1006,
                    "The first argument must be a string (expressions cannot be used here): the options id of optionLabel".into(),
                ),
            },
            "text" => {
                if let Some(key) = lit(0) {
                    self.text_key(&args[0], key);
                }
            }
            "countDataElements" => {
                if is_null(0) {
                    self.null_arg(&args[0], "Expected dataType argument to be a string");
                } else if let Some(dt) = lit(0) {
                    self.count_data_type(&args[0], dt);
                }
            }
            "instanceContext" => {
                if is_null(0) {
                    self.null_arg(&args[0], "Unknown Instance context property null");
                } else if let Some(key) = lit(0) {
                    if !INSTANCE_CONTEXT_KEYS.contains(&key) {
                        self.unknown_key(&args[0], "Instance context", key, INSTANCE_CONTEXT_KEYS);
                    }
                }
            }
            "authContext" => {
                if is_null(0) {
                    self.null_arg(&args[0], "Auth context key cannot be null");
                } else if let Some(key) = lit(0) {
                    let known = AUTH_CONTEXT_KEYS_V4.contains(&key)
                        || (self.ctx.frontend != Some(Frontend::V4) && key == "pay");
                    if !known && self.ctx.frontend == Some(Frontend::V4) {
                        self.unknown_key(&args[0], "Auth context", key, AUTH_CONTEXT_KEYS_V4);
                    }
                }
            }
            "frontendSettings" if is_null(0) => {
                self.null_arg(&args[0], "Value cannot be null. (Parameter 'key')");
            }
            "stringSlice" => {
                for a in &args[1..] {
                    if a.is_null() {
                        self.null_arg(a, "Start/end index cannot be null");
                    }
                }
            }
            "divide" => {
                let zero = match &args[1].kind {
                    // null is treated as 0 by the arithmetic functions.
                    JsonKind::Null => true,
                    JsonKind::Number(n) => *n == 0.0,
                    JsonKind::String(s) => as_number(s, exponent) == Some(0.0),
                    _ => false,
                };
                if zero {
                    self.issue(
                        args[1].range,
                        AL1003,
                        "The second argument is 0, cannot divide by 0".into(),
                    );
                }
            }
            "argv" => {
                if is_null(0) {
                    self.null_arg(&args[0], "Index null out of range");
                } else if let Some(count) = self.ctx.positional_args {
                    if count == 0 {
                        self.issue(
                            name_range,
                            AL1009,
                            "No positional arguments available: argv() only has arguments in validation.json conditions (argv 0 is the validated field)".into(),
                        );
                    } else if let Some(i) = args[0].as_f64() {
                        if i < 0.0 || i >= count as f64 {
                            self.issue(
                                args[0].range,
                                AL1009,
                                format!("Index {i} out of range: there are {count} positional argument(s) here"),
                            );
                        }
                    }
                }
            }
            "object" => self.object(name_range, args),
            "sum" | "average" => {
                // Literal items of a literal list must be numbers.
                if let Some(items) = args[0].as_array() {
                    if items.first().and_then(|f| f.as_str()) == Some("list") {
                        for item in &items[1..] {
                            if matches!(item.kind, JsonKind::Array(_)) {
                                continue;
                            }
                            self.literal_cast(item, ExprType::Number, exponent);
                        }
                    }
                }
            }
            "jmespath" if is_null(1) => {
                self.null_arg(&args[1], "Expected argument to be string");
            }
            _ => {}
        }
    }

    fn null_arg(&mut self, a: &Json, upstream: &str) {
        self.issue(
            a.range,
            AL1003,
            format!("{upstream} (a literal null always fails here)"),
        );
    }

    fn unknown_key(&mut self, a: &Json, what: &str, key: &str, valid: &[&'static str]) {
        let msg = format!(
            "Unknown {what} property {key} (valid: {})",
            valid.join(", ")
        );
        match did_you_mean(key, valid.iter().copied()) {
            Some(s) => self.issue_fix(
                a.content_range(),
                AL1016,
                format!("{msg}; did you mean '{s}'?"),
                s,
            ),
            None => self.issue(a.content_range(), AL1016, msg),
        }
    }

    fn compare(&mut self, args: &[Json], exponent: bool) {
        if args.len() == 4 && args[1].as_str() != Some("not") {
            self.issue(
                args[1].range,
                AL1005,
                "Second argument must be \"not\" when providing 4 arguments in total: [\"compare\", a, \"not\", operator, b]".into(),
            );
            return;
        }
        let op_idx = if args.len() == 4 { 2 } else { 1 };
        let op_arg = &args[op_idx];
        let Some(op) = op_arg.as_str() else {
            self.issue(
                op_arg.range,
                AL1005,
                "Invalid operator (it cannot be an expression or null)".into(),
            );
            return;
        };
        let Some(&(_, ty)) = COMPARE_OPS.iter().find(|(o, _)| *o == op) else {
            let msg = format!("Invalid operator \"{op}\", valid operators are {COMPARE_OPS_TEXT}");
            match did_you_mean(op, COMPARE_OPS.iter().map(|(o, _)| *o)) {
                Some(s) => self.issue_fix(
                    op_arg.content_range(),
                    AL1005,
                    format!("{msg}; did you mean \"{s}\"?"),
                    s,
                ),
                None => self.issue(op_arg.content_range(), AL1005, msg),
            }
            return;
        };
        let (a, b) = (&args[0], &args[op_idx + 1]);
        if ty == ExprType::Date {
            if let (Some(Ok(ta)), Some(Ok(tb))) = (
                a.as_str().filter(|s| !s.is_empty()).map(check_date),
                b.as_str().filter(|s| !s.is_empty()).map(check_date),
            ) {
                if ta != tb && (ta == DateTz::Local || tb == DateTz::Local) {
                    self.issue(
                        TextRange::new(a.range.start, b.range.end),
                        AL1003,
                        "Can not compare timestamps where only one specify timezone (give both a zone, or neither)".into(),
                    );
                } else if ta != tb && op == "isSameDay" {
                    self.issue(
                        TextRange::new(a.range.start, b.range.end),
                        AL1003,
                        "Can not figure out if timestamps in different timezones are in the same day".into(),
                    );
                }
            }
        }
        for a in [a, b] {
            let actual = match a.kind {
                JsonKind::String(_) => ExprType::String,
                JsonKind::Number(_) => ExprType::Number,
                JsonKind::Bool(_) => ExprType::Boolean,
                _ => continue,
            };
            if !ty.accepts(actual) {
                self.issue(
                    a.range,
                    AL1003,
                    format!(
                        "Expected argument to be {}, got {} (operator \"{op}\" compares {}s)",
                        ty.as_str(),
                        actual.as_str(),
                        ty.as_str()
                    ),
                );
            } else {
                self.literal_cast(a, ty, exponent);
            }
        }
    }

    fn object(&mut self, name_range: TextRange, args: &[Json]) {
        if args.len() % 2 == 1 {
            self.issue(
                name_range,
                AL1007,
                "The object function must have an even number of arguments: [\"object\", key1, value1, key2, value2, ...]".into(),
            );
        }
        for (i, k) in args.iter().enumerate().step_by(2) {
            match &k.kind {
                JsonKind::String(s) => {
                    if args[..i].iter().step_by(2).any(|p| p.as_str() == Some(s)) {
                        self.issue(
                            k.range,
                            AL1007,
                            format!("Object keys must be unique: \"{s}\" is used twice"),
                        );
                    }
                }
                JsonKind::Array(_) | JsonKind::Invalid => {}
                _ => self.issue(
                    k.range,
                    AL1007,
                    format!("Object keys must be strings, got {}", k.type_name()),
                ),
            }
        }
    }

    fn component_id(&mut self, a: &Json, id: &str) {
        let Some(set) = self.ctx.set else { return };
        if set.by_id.contains_key(id) {
            return;
        }
        let msg = format!(
            "Unable to find component with identifier {id} in layout set '{}'",
            set.id
        );
        match set.component_id_suggestion(id) {
            Some(s) => {
                let s = s.to_string();
                self.issue_fix(
                    a.content_range(),
                    AL1010,
                    format!("{msg}; did you mean '{s}'?"),
                    &s,
                );
                if let Some(c) = set.component(&s) {
                    self.relate(
                        &c.file,
                        c.id_range,
                        format!("component '{s}' is declared here"),
                    );
                }
            }
            None => self.issue(a.content_range(), AL1010, msg),
        }
    }

    fn page(&mut self, a: &Json, page: &str) {
        let Some(set) = self.ctx.set else { return };
        if set.pages.is_empty() || set.pages.iter().any(|p| p == page) {
            return;
        }
        let msg = format!(
            "Page '{page}' does not exist in layout set '{}' (pages: {})",
            set.id,
            set.pages.join(", ")
        );
        match did_you_mean(page, set.pages.iter().map(String::as_str)) {
            Some(s) => {
                let s = s.to_string();
                self.issue_fix(
                    a.content_range(),
                    AL1014,
                    format!("{msg}; did you mean '{s}'?"),
                    &s,
                )
            }
            None => self.issue(a.content_range(), AL1014, msg),
        }
    }

    fn options_id(&mut self, a: &Json, id: &str) {
        let Some(m) = self.ctx.model else { return };
        if m.option_files.contains(id) || m.csharp.has(DeclKind::CodeList, id) {
            return;
        }
        match m.csharp.unresolved(DeclKind::CodeList) {
            Some(u) => {
                self.issue(
                    a.content_range(),
                    AL1015,
                    format!("No code list '{id}' in App/options or among the app's C# code list providers; the app also registers code lists in C# that altinn-ls cannot resolve ({}), so it may be one of those", u.what),
                );
                let (file, range) = (u.file.clone(), u.range);
                self.relate(&file, range, "code list registered in C# with an id altinn-ls cannot resolve".into());
                if let Some(last) = self.out.last_mut() {
                    last.severity = Some(Severity::Hint);
                }
            }
            None => self.issue(
                a.content_range(),
                AL1015,
                format!("No code list '{id}' in App/options or among the app's C# code list providers (it may come from a code list library)"),
            ),
        }
    }

    fn text_key(&mut self, a: &Json, key: &str) {
        let Some(m) = self.ctx.model else { return };
        if m.texts.is_empty() || m.texts.values().any(|t| t.keys.contains_key(key)) {
            return;
        }
        let langs: Vec<&str> = m.texts.keys().map(String::as_str).collect();
        self.issue(
            a.content_range(),
            AL1013,
            format!(
                "Text resource '{key}' not found in any text resource file ({}); text() would show the key itself",
                langs.join(", ")
            ),
        );
    }

    fn count_data_type(&mut self, a: &Json, dt: &str) {
        let Some(m) = self.ctx.model else { return };
        if m.data_types.is_empty() || m.data_type(dt).is_some() {
            return;
        }
        let msg = format!(
            "No data type '{dt}' in applicationmetadata.json: countDataElements(\"{dt}\") is always 0"
        );
        match did_you_mean(dt, m.data_types.iter().map(|d| d.id.as_str())) {
            Some(s) => {
                let s = s.to_string();
                self.issue_fix(
                    a.content_range(),
                    AL1017,
                    format!("{msg}; did you mean '{s}'?"),
                    &s,
                );
            }
            None => self.issue(a.content_range(), AL1017, msg),
        }
        self.relate_data_types(m, dt);
    }

    fn relate_data_types(&mut self, m: &AppModel, dt: &str) {
        let near = did_you_mean(dt, m.data_types.iter().map(|d| d.id.as_str()));
        let target = near
            .and_then(|n| m.data_type(n))
            .or_else(|| m.data_types.first());
        if let Some(t) = target {
            let msg = if near.is_some() {
                format!("data type '{}' is declared here", t.id)
            } else {
                "the app's data types are declared here".to_string()
            };
            self.relate("config/applicationmetadata.json", t.range, msg);
        }
    }

    /// Reports an unknown data type; returns whether the data type exists.
    fn data_type(&mut self, a: &Json, dt: &str, used_by: &str) -> bool {
        let Some(m) = self.ctx.model else { return true };
        if m.data_types.is_empty() || m.data_type(dt).is_some() {
            return true;
        }
        let msg = format!(
            "Data model with type {dt} not found: no data type '{dt}' in applicationmetadata.json (used by {used_by})"
        );
        match did_you_mean(dt, m.data_types.iter().map(|d| d.id.as_str())) {
            Some(s) => {
                let s = s.to_string();
                self.issue_fix(
                    a.content_range(),
                    AL1012,
                    format!("{msg}; did you mean '{s}'?"),
                    &s,
                );
            }
            None => self.issue(a.content_range(), AL1012, msg),
        }
        self.relate_data_types(m, dt);
        false
    }

    fn data_model_path(&mut self, a: &Json, path: &str, data_type_arg: Option<&Json>) {
        let Some(m) = self.ctx.model else { return };
        let dt = match data_type_arg {
            Some(d) => match d.as_str() {
                Some(s) => {
                    if !self.data_type(d, s, "dataModel") {
                        return;
                    }
                    s
                }
                None => return,
            },
            None => match self.ctx.data_type {
                Some(s) => s,
                None => return,
            },
        };
        let Some(model) = m.data_model(dt) else {
            return;
        };
        if path.is_empty() {
            return;
        }
        let Err(miss) = model.resolve(path) else {
            return;
        };
        // Below an object the schema does not describe (no properties), anything may exist.
        let segs = crate::model::DataModel::segments(path);
        if let Some(parent) = model.field_at(&segs[..miss.segment.min(segs.len())]) {
            if parent.children.is_empty() && !miss.through_scalar {
                return;
            }
        }
        let base = format!("Field '{path}' not found in data model '{dt}'");
        let detail = if miss.through_scalar {
            format!(
                " ('{}' is a value without properties)",
                segs[..miss.segment].join(".")
            )
        } else {
            String::new()
        };
        match miss.suggestion.map(|s| reindex(path, &s)) {
            Some(s) => self.issue_fix(
                a.content_range(),
                AL1011,
                format!("{base}{detail}; did you mean '{s}'?"),
                &s,
            ),
            None => self.issue(a.content_range(), AL1011, format!("{base}{detail}")),
        }
        let parent_path = &segs[..miss.segment.min(segs.len())];
        let parent_decl = model.field_at(parent_path).and_then(|f| f.decl);
        match parent_decl {
            Some(r) => self.relate(
                &model.file,
                r,
                format!("'{}' is declared here", parent_path.join(".")),
            ),
            None => self.relate(
                &model.file,
                TextRange::empty(0),
                format!("data model '{dt}'"),
            ),
        }
    }
}

/// Puts the row indexes (`[0]`, `{0}`) of `original` back on the segments of a corrected path.
fn reindex(original: &str, corrected: &str) -> String {
    if !original.contains(['[', '{']) {
        return corrected.to_string();
    }
    let orig: Vec<&str> = original.split('.').collect();
    let fixed: Vec<&str> = corrected.split('.').collect();
    if orig.len() != fixed.len() {
        return corrected.to_string();
    }
    orig.iter()
        .zip(&fixed)
        .map(|(o, f)| match o.find(['[', '{']) {
            Some(i) => format!("{f}{}", &o[i..]),
            None => (*f).to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_json;

    fn issues(src: &str, expected: ExprType, ctx: &ExprContext<'_>) -> Vec<String> {
        let doc = parse_json(src);
        let v = doc.root.expect("test JSON parses");
        check(&v, expected, ctx)
            .into_iter()
            .map(|i| {
                format!(
                    "{} {}",
                    i.code,
                    &src[i.range.start as usize..i.range.end as usize]
                )
            })
            .collect()
    }

    #[test]
    fn literals_are_not_expressions() {
        let ctx = ExprContext::default();
        assert!(issues(r#""equals""#, ExprType::Boolean, &ctx).is_empty());
        assert!(issues("true", ExprType::Boolean, &ctx).is_empty());
    }

    #[test]
    fn return_type_must_fit_the_property() {
        let ctx = ExprContext::default();
        assert_eq!(
            issues(r#"["list", 1]"#, ExprType::Boolean, &ctx),
            [r#"AL1008 ["list", 1]"#]
        );
        assert!(issues(r#"["concat", "a"]"#, ExprType::Boolean, &ctx).is_empty());
    }

    #[test]
    fn availability_depends_on_where_it_is_evaluated() {
        let gateway = ExprContext {
            backend: Some("gateway condition"),
            gateway: true,
            ..Default::default()
        };
        assert!(issues(
            r#"["equals", ["gatewayAction"], "sign"]"#,
            ExprType::Boolean,
            &gateway
        )
        .is_empty());
        assert_eq!(
            issues(r#"["authContext", "sign"]"#, ExprType::Boolean, &gateway),
            ["AL1020 authContext"]
        );
        let v4 = ExprContext {
            frontend: Some(Frontend::V4),
            ..Default::default()
        };
        assert_eq!(
            issues(
                r#"["equals", ["gatewayAction"], "sign"]"#,
                ExprType::Boolean,
                &v4
            ),
            ["AL1023 gatewayAction"]
        );
        assert_eq!(
            issues(r#"["authContext", "pay"]"#, ExprType::Boolean, &v4),
            ["AL1016 pay"]
        );
        let next = ExprContext {
            frontend: Some(Frontend::Next),
            ..Default::default()
        };
        assert!(issues(r#"["authContext", "pay"]"#, ExprType::Boolean, &next).is_empty());
    }

    #[test]
    fn reindexes_suggestions() {
        assert_eq!(reindex("a[0].bb.c", "A.bb.C"), "A[0].bb.C");
        assert_eq!(reindex("a.b", "A.b"), "A.b");
    }
}
