//! The expression language: function table and static checker (FORMATS.md §4).
//!
//! An expression is a JSON array `[functionName, ...args]`; arguments are literals or nested
//! expressions. [`check`] reports everything that can be known without evaluating: unknown
//! functions, arity, argument types (with the implicit casting rules of the runtimes), `if` and
//! `compare` forms, references that do not exist in the app, and functions the runtime that
//! evaluates the expression does not have.

mod cast;
mod checker;
mod functions;

pub use checker::{check, check_with, ExprContext, ExprIssue, Frontend};
pub use functions::{function, functions, ArgKind, ArgSpec, FunctionDef, Support};

/// Value types of the expression language. All are nullable except `List` and `Object`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExprType {
    Boolean,
    String,
    Number,
    /// A string parsable as an ISO 8601 date or date-time.
    Date,
    Any,
    /// Next frontend and backend only.
    List,
    /// Next frontend only.
    Object,
}

impl ExprType {
    pub fn as_str(self) -> &'static str {
        match self {
            ExprType::Boolean => "boolean",
            ExprType::String => "string",
            ExprType::Number => "number",
            ExprType::Date => "date",
            ExprType::Any => "any",
            ExprType::List => "list",
            ExprType::Object => "object",
        }
    }
    pub fn nullable(self) -> bool {
        !matches!(self, ExprType::List | ExprType::Object)
    }
    /// Whether a value of type `actual` may be passed where `self` is expected, before the
    /// runtime's casting (the frontends' static `accepts` table).
    pub fn accepts(self, actual: ExprType) -> bool {
        use ExprType::*;
        match self {
            Boolean | String | Number => matches!(actual, Boolean | String | Number | Any),
            Any => true,
            Date => matches!(actual, String | Date | Any),
            List => matches!(actual, List | Any),
            Object => matches!(actual, Object | Any),
        }
    }
}

impl From<crate::model::components::ExprType> for ExprType {
    fn from(t: crate::model::components::ExprType) -> Self {
        use crate::model::components::ExprType as C;
        match t {
            C::Boolean => ExprType::Boolean,
            C::String => ExprType::String,
            C::Number => ExprType::Number,
            C::Any => ExprType::Any,
        }
    }
}
