//! The app model: what an app's files declare, indexed for the checks and the IDE features.

mod app;
pub mod components;
pub mod csharp;
pub mod csmodel;
pub mod datamodel;
mod files;
pub mod readers;
pub mod util;
pub mod versions;

pub use app::{
    child_refs, strip_page_prefix, ChildRef, FileChange, SINGLE_LAYOUT, SINGLE_LAYOUT_PAGE,
};
pub use app::{
    AppModel, ComponentInfo, DataTypeInfo, Era, Generation, ProcessInfo, SetInfo, TaskInfo,
    TextEntry, TextFile,
};
pub use csharp::{CSharpDecls, DeclKind};
pub use datamodel::{DataModel, Field, FieldType};
pub use files::{FileKind, Syntax};
pub use versions::{Certainty, FrontendMajor, Versions};
