//! Rule family: structure of non-layout files (to be filled in).

use super::codes::CodeInfo;
use super::Ctx;

pub const CODES: &[CodeInfo] = &[];

pub fn check(_ctx: &mut Ctx<'_>) {}
