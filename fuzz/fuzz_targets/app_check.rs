//! Fuzz target `app_check`: the checks live in `server/analysis/tests/fuzz_support` (shared with the
//! regression test that replays found inputs); see `fuzz/README.md`.
#![no_main]

#[path = "../../server/analysis/tests/fuzz_support/mod.rs"]
mod support;

libfuzzer_sys::fuzz_target!(|data: &[u8]| support::app_check(data));
