//! Rename: every occurrence of a name, checked for validity and collisions.

use super::FileEdit;
use crate::syntax::TextRange;
use crate::AppDb;

/// A file the client must rename together with the edits (page and layout set renames).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRename {
    pub old: String,
    pub new: String,
}

pub fn prepare_rename(
    _db: &AppDb,
    _path: &str,
    _offset: u32,
) -> Result<(TextRange, String), String> {
    Err("Nothing to rename here".into())
}

pub fn rename(
    _db: &AppDb,
    _path: &str,
    _offset: u32,
    _new_name: &str,
) -> Result<Vec<FileEdit>, String> {
    Err("Nothing to rename here".into())
}

/// Files (and folders' files) that must be renamed along with [`rename`]'s edits.
pub fn file_renames(_db: &AppDb, _path: &str, _offset: u32, _new_name: &str) -> Vec<FileRename> {
    Vec::new()
}
