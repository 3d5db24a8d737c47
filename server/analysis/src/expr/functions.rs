//! The function table of the expression language (FORMATS.md §4): argument specs, return types,
//! which runtimes know each function, and a one-line description for completion and hover.

use super::ExprType;

/// How an argument position is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    Required,
    Optional,
    /// Any number (zero or more) of further arguments of this type.
    Rest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgSpec {
    pub name: &'static str,
    pub ty: ExprType,
    pub kind: ArgKind,
}

/// Which runtimes implement a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Support {
    /// app-frontend-react v4 (classic apps).
    pub v4: bool,
    /// The next app frontend in the monorepo (ui-folder apps).
    pub next: bool,
    /// The app backend (C#): gateway conditions, validation.json, hidden/required on the server.
    pub backend: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionDef {
    pub name: &'static str,
    pub args: &'static [ArgSpec],
    pub returns: ExprType,
    pub support: Support,
    pub description: &'static str,
    /// `name(arg: type, [opt: type], ...rest: type) -> type`, for completion and hover.
    pub signature: &'static str,
}

impl FunctionDef {
    /// Fewest arguments accepted.
    pub fn min_args(&self) -> usize {
        self.args
            .iter()
            .take_while(|a| a.kind == ArgKind::Required)
            .count()
    }
    /// Most arguments accepted; `None` when the last argument is a rest argument.
    pub fn max_args(&self) -> Option<usize> {
        match self.args.last() {
            Some(a) if a.kind == ArgKind::Rest => None,
            _ => Some(self.args.len()),
        }
    }
    /// The spec for argument `i` (0-based), following a rest argument.
    pub fn arg(&self, i: usize) -> Option<&ArgSpec> {
        self.args
            .get(i)
            .or_else(|| self.args.last().filter(|a| a.kind == ArgKind::Rest))
    }
    /// `1`, `1-2`, `2+`, as the frontend writes arities.
    pub fn arity_text(&self) -> String {
        let min = self.min_args();
        match self.max_args() {
            None => format!("{min}+"),
            Some(max) if max == min => format!("{min}"),
            Some(max) => format!("{min}-{max}"),
        }
    }
    /// Each parameter as the signature shows it: `name: type`, `[name: type]` when optional,
    /// `...name: type` for the rest.
    pub fn parameter_labels(&self) -> Vec<String> {
        self.args
            .iter()
            .map(|a| match a.kind {
                ArgKind::Required => format!("{}: {}", a.name, a.ty.as_str()),
                ArgKind::Optional => format!("[{}: {}]", a.name, a.ty.as_str()),
                ArgKind::Rest => format!("...{}: {}", a.name, a.ty.as_str()),
            })
            .collect()
    }
    /// The signature built from [`Self::args`] (the static [`Self::signature`] is checked against it).
    pub fn build_signature(&self) -> String {
        let args = self.parameter_labels();
        format!(
            "{}({}) -> {}",
            self.name,
            args.join(", "),
            self.returns.as_str()
        )
    }
}

const fn r(name: &'static str, ty: ExprType) -> ArgSpec {
    ArgSpec {
        name,
        ty,
        kind: ArgKind::Required,
    }
}
const fn o(name: &'static str, ty: ExprType) -> ArgSpec {
    ArgSpec {
        name,
        ty,
        kind: ArgKind::Optional,
    }
}
const fn rest(name: &'static str, ty: ExprType) -> ArgSpec {
    ArgSpec {
        name,
        ty,
        kind: ArgKind::Rest,
    }
}

/// Everywhere: both frontends and the backend.
const ALL: Support = Support {
    v4: true,
    next: true,
    backend: true,
};
/// Both frontends, not the backend.
const FE: Support = Support {
    v4: true,
    next: true,
    backend: false,
};
/// The next frontend and the backend (functions added with the monorepo).
const NEXT_BE: Support = Support {
    v4: false,
    next: true,
    backend: true,
};
const NEXT_ONLY: Support = Support {
    v4: false,
    next: true,
    backend: false,
};
const BACKEND_ONLY: Support = Support {
    v4: false,
    next: false,
    backend: true,
};

use ExprType::{Any, Boolean as B, Date, List, Number as N, Object, String as S};

macro_rules! f {
    ($name:literal, [$($arg:expr),*], $ret:expr, $sup:expr, $sig:literal, $desc:literal) => {
        FunctionDef { name: $name, args: &[$($arg),*], returns: $ret, support: $sup, signature: $sig, description: $desc }
    };
}

/// Sorted by name (byte order) for binary search.
static FUNCTIONS: &[FunctionDef] = &[
    f!("_experimentalSelectAndMap", [r("path", S), r("property", S), o("prepend", S), o("append", S), o("appendToLast", B)], S, FE,
       "_experimentalSelectAndMap(path: string, property: string, [prepend: string], [append: string], [appendToLast: boolean]) -> string",
       "Experimental: joins one property of every row of a repeating group into a string"),
    f!("and", [r("a", B), rest("more", B)], B, ALL,
       "and(a: boolean, ...more: boolean) -> boolean",
       "True when every argument is true"),
    f!("argv", [r("index", N)], Any, ALL,
       "argv(index: number) -> any",
       "A positional argument of the evaluation (in validation.json: 0 is the field being validated)"),
    f!("authContext", [r("action", S)], B, FE,
       "authContext(action: string) -> boolean",
       "Whether the user may perform an action (read, write, confirm, sign, reject, ...) in the current task"),
    f!("average", [r("list", List), r("decimals", N)], N, NEXT_BE,
       "average(list: list, decimals: number) -> number",
       "The average of the numbers in a list"),
    f!("commaContains", [r("list", S), r("value", S)], B, ALL,
       "commaContains(list: string, value: string) -> boolean",
       "Whether a comma-separated string contains a value"),
    f!("compare", [r("a", Any), r("operator", Any), r("b", Any), o("c", Any)], B, ALL,
       "compare(a: any, operator: any, b: any, [c: any]) -> boolean",
       "Compares two values with an operator (equals, greaterThan, isBefore, ...), optionally negated with \"not\""),
    f!("component", [r("id", S)], Any, ALL,
       "component(id: string) -> any",
       "The value bound (simpleBinding) to a component, null when it is hidden"),
    f!("concat", [rest("strings", S)], S, ALL,
       "concat(...strings: string) -> string",
       "Joins strings together"),
    f!("contains", [r("string", S), r("search", S)], B, ALL,
       "contains(string: string, search: string) -> boolean",
       "Whether a string contains another (case-sensitive)"),
    f!("count", [r("list", List)], N, NEXT_BE,
       "count(list: list) -> number",
       "The number of items in a list"),
    f!("countDataElements", [r("dataType", S)], N, ALL,
       "countDataElements(dataType: string) -> number",
       "How many data elements of a data type the instance has"),
    f!("dataModel", [r("path", S), o("dataType", S)], Any, ALL,
       "dataModel(path: string, [dataType: string]) -> any",
       "A value from the data model (the set's default data type unless one is given)"),
    f!("displayValue", [r("id", S)], S, FE,
       "displayValue(id: string) -> string",
       "The text a component shows for its value (option labels, formatted numbers, ...)"),
    f!("divide", [r("dividend", N), r("divisor", N)], N, ALL,
       "divide(dividend: number, divisor: number) -> number",
       "Divides two numbers"),
    f!("endsWith", [r("string", S), r("suffix", S)], B, ALL,
       "endsWith(string: string, suffix: string) -> boolean",
       "Whether a string ends with another"),
    f!("equals", [r("a", S), r("b", S)], B, ALL,
       "equals(a: string, b: string) -> boolean",
       "Whether two values are equal (compared as strings)"),
    f!("externalApi", [r("apiId", S), r("path", S)], S, FE,
       "externalApi(apiId: string, path: string) -> string",
       "A value from an external API configured in the app"),
    f!("formatDate", [r("date", Date), o("format", S)], S, ALL,
       "formatDate(date: date, [format: string]) -> string",
       "Formats a date (Unicode date tokens such as dd.MM.yyyy)"),
    f!("frontendSettings", [r("key", S)], Any, ALL,
       "frontendSettings(key: string) -> any",
       "A value from FrontEndSettings in appsettings.json"),
    f!("gatewayAction", [], S, BACKEND_ONLY,
       "gatewayAction() -> string",
       "The action that led to the gateway (BPMN gateway conditions only)"),
    f!("greaterThan", [r("a", N), r("b", N)], B, ALL,
       "greaterThan(a: number, b: number) -> boolean",
       "Whether a > b"),
    f!("greaterThanEq", [r("a", N), r("b", N)], B, ALL,
       "greaterThanEq(a: number, b: number) -> boolean",
       "Whether a >= b"),
    f!("if", [r("condition", B), r("then", Any), o("else", S), o("otherwise", Any)], Any, ALL,
       "if(condition: boolean, then: any, [else: string], [otherwise: any]) -> any",
       "The second argument when the condition is true, else the fourth (form: [\"if\", c, a, \"else\", b])"),
    f!("instanceContext", [r("key", S)], S, ALL,
       "instanceContext(key: string) -> string",
       "instanceId, appId, instanceOwnerPartyId, instanceOwnerPartyType or instanceOwnerName"),
    f!("jmespath", [r("data", Any), r("query", S)], Any, NEXT_BE,
       "jmespath(data: any, query: string) -> any",
       "Runs a JMESPath query over a list or object"),
    f!("language", [], S, ALL,
       "language() -> string",
       "The current language code (nb, nn, en, ...)"),
    f!("lessThan", [r("a", N), r("b", N)], B, ALL,
       "lessThan(a: number, b: number) -> boolean",
       "Whether a < b"),
    f!("lessThanEq", [r("a", N), r("b", N)], B, ALL,
       "lessThanEq(a: number, b: number) -> boolean",
       "Whether a <= b"),
    f!("linkToComponent", [r("text", S), r("id", S), o("backButton", B)], S, FE,
       "linkToComponent(text: string, id: string, [backButton: boolean]) -> string",
       "An HTML link that navigates to a component"),
    f!("linkToPage", [r("text", S), r("page", S), o("backButton", B)], S, FE,
       "linkToPage(text: string, page: string, [backButton: boolean]) -> string",
       "An HTML link that navigates to a page"),
    f!("list", [rest("items", Any)], List, NEXT_BE,
       "list(...items: any) -> list",
       "A list of the arguments"),
    f!("lowerCase", [r("string", S)], S, ALL,
       "lowerCase(string: string) -> string",
       "The string in lower case"),
    f!("lowerCaseFirst", [r("string", S)], S, ALL,
       "lowerCaseFirst(string: string) -> string",
       "The string with its first letter in lower case"),
    f!("minus", [r("a", N), r("b", N)], N, ALL,
       "minus(a: number, b: number) -> number",
       "Subtracts b from a"),
    f!("multiply", [r("a", N), rest("more", N)], N, ALL,
       "multiply(a: number, ...more: number) -> number",
       "Multiplies numbers"),
    f!("not", [r("value", B)], B, ALL,
       "not(value: boolean) -> boolean",
       "Negates a boolean"),
    f!("notContains", [r("string", S), r("search", S)], B, ALL,
       "notContains(string: string, search: string) -> boolean",
       "Whether a string does not contain another"),
    f!("notEquals", [r("a", S), r("b", S)], B, ALL,
       "notEquals(a: string, b: string) -> boolean",
       "Whether two values differ (compared as strings)"),
    f!("object", [rest("keysAndValues", Any)], Object, NEXT_ONLY,
       "object(...keysAndValues: any) -> object",
       "An object from key/value argument pairs"),
    f!("optionLabel", [r("optionsId", S), r("value", Any)], S, FE,
       "optionLabel(optionsId: string, value: any) -> string",
       "The label of an option in a code list"),
    f!("or", [r("a", B), rest("more", B)], B, ALL,
       "or(a: boolean, ...more: boolean) -> boolean",
       "True when any argument is true"),
    f!("plus", [r("a", N), rest("more", N)], N, ALL,
       "plus(a: number, ...more: number) -> number",
       "Adds numbers"),
    f!("round", [r("number", N), o("decimals", N)], S, ALL,
       "round(number: number, [decimals: number]) -> string",
       "Rounds a number to a number of decimals, as a string"),
    f!("startsWith", [r("string", S), r("prefix", S)], B, ALL,
       "startsWith(string: string, prefix: string) -> boolean",
       "Whether a string starts with another"),
    f!("stringIndexOf", [r("string", S), r("search", S)], N, ALL,
       "stringIndexOf(string: string, search: string) -> number",
       "The position of a substring, null when it is not found"),
    f!("stringLength", [r("string", S)], N, ALL,
       "stringLength(string: string) -> number",
       "The length of a string"),
    f!("stringReplace", [r("string", S), r("search", S), r("replacement", S)], S, ALL,
       "stringReplace(string: string, search: string, replacement: string) -> string",
       "Replaces every occurrence of a substring"),
    f!("stringSlice", [r("string", S), r("start", N), o("end", N)], S, ALL,
       "stringSlice(string: string, start: number, [end: number]) -> string",
       "A part of a string"),
    f!("sum", [r("list", List)], N, NEXT_BE,
       "sum(list: list) -> number",
       "The sum of the numbers in a list"),
    f!("text", [r("key", S)], S, ALL,
       "text(key: string) -> string",
       "The text resource with this key in the current language"),
    f!("upperCase", [r("string", S)], S, ALL,
       "upperCase(string: string) -> string",
       "The string in upper case"),
    f!("upperCaseFirst", [r("string", S)], S, ALL,
       "upperCaseFirst(string: string) -> string",
       "The string with its first letter in upper case"),
    f!("value", [o("key", S)], Any, FE,
       "value([key: string]) -> any",
       "The value being filtered or validated (optionFilter: value, label, ...)"),
];

/// Every function, sorted by name.
pub fn functions() -> &'static [FunctionDef] {
    FUNCTIONS
}

/// A function by its exact (case-sensitive) name.
pub fn function(name: &str) -> Option<&'static FunctionDef> {
    FUNCTIONS
        .binary_search_by(|f| f.name.cmp(name))
        .ok()
        .map(|i| &FUNCTIONS[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_signatures_match_args() {
        for w in FUNCTIONS.windows(2) {
            assert!(w[0].name < w[1].name, "{} before {}", w[0].name, w[1].name);
        }
        for f in FUNCTIONS {
            assert_eq!(f.signature, f.build_signature());
            assert!(!f.description.is_empty());
        }
        assert_eq!(
            function("equals").map(|f| f.arity_text()).as_deref(),
            Some("2")
        );
        assert_eq!(
            function("dataModel").map(|f| f.arity_text()).as_deref(),
            Some("1-2")
        );
        assert_eq!(
            function("and").map(|f| f.arity_text()).as_deref(),
            Some("1+")
        );
        assert_eq!(
            function("concat").map(|f| f.arity_text()).as_deref(),
            Some("0+")
        );
        assert!(function("Equals").is_none());
    }
}
