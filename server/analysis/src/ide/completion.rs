//! Completion: what kind of name goes at the cursor ([`super::navigation::classify`]) and the
//! names of that kind the app has.

use super::CompletionItem;
use crate::AppDb;

/// Expression function names (FORMATS.md §4), until the function table is used.
const FUNCTIONS: &[&str] = &[
    "argv",
    "value",
    "equals",
    "notEquals",
    "not",
    "greaterThan",
    "greaterThanEq",
    "lessThan",
    "lessThanEq",
    "plus",
    "minus",
    "multiply",
    "divide",
    "concat",
    "and",
    "or",
    "if",
    "instanceContext",
    "frontendSettings",
    "authContext",
    "component",
    "dataModel",
    "countDataElements",
    "externalApi",
    "displayValue",
    "optionLabel",
    "formatDate",
    "compare",
    "round",
    "text",
    "linkToComponent",
    "linkToPage",
    "language",
    "contains",
    "notContains",
    "startsWith",
    "endsWith",
    "commaContains",
    "stringReplace",
    "stringLength",
    "stringSlice",
    "stringIndexOf",
    "lowerCase",
    "upperCase",
    "lowerCaseFirst",
    "upperCaseFirst",
    "_experimentalSelectAndMap",
    "list",
    "object",
    "jmespath",
    "sum",
    "count",
    "average",
    "gatewayAction",
];

pub fn function_names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().copied()
}

pub fn completion(_db: &AppDb, _path: &str, _offset: u32) -> Vec<CompletionItem> {
    Vec::new()
}
