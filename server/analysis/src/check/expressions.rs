//! Rule family: expressions (to be filled in).

use super::codes::CodeInfo;
use super::Ctx;

pub const CODES: &[CodeInfo] = &[];

pub fn check(_ctx: &mut Ctx<'_>) {}
