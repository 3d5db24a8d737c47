//! Document symbols, links and folding ranges.

use super::{Link, Symbol};
use crate::syntax::TextRange;
use crate::AppDb;

pub fn document_symbols(_db: &AppDb, _path: &str) -> Vec<Symbol> {
    Vec::new()
}

pub fn document_links(_db: &AppDb, _path: &str) -> Vec<Link> {
    Vec::new()
}

pub fn folding_ranges(_db: &AppDb, _path: &str) -> Vec<TextRange> {
    Vec::new()
}
