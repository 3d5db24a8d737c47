//! The harness's base app is valid: every fixture test's diagnostics come from its own change.
mod common;

#[test]
fn base_app_has_no_diagnostics() {
    assert_eq!(common::check(common::base_app()), "(no diagnostics)\n");
}
