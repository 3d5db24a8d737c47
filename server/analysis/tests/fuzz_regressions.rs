//! Replays every input the fuzzers (`fuzz/`) found, kept in `tests/fuzz_regressions/` and named
//! `<target>-<what>`, through the same checks the fuzz target runs.
mod fuzz_support;

use std::path::Path;

#[test]
fn fuzz_findings_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fuzz_regressions exists")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        !names.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    for name in &names {
        let data = std::fs::read(dir.join(name)).expect("read input");
        let target = name.split('-').next().unwrap_or("");
        eprintln!("replaying {name}");
        match target {
            "json_parse" => fuzz_support::json_parse(&data),
            "xml_parse" => fuzz_support::xml_parse(&data),
            "js_parse" => fuzz_support::js_parse(&data),
            "app_check" => fuzz_support::app_check(&data),
            "incremental_edit" => fuzz_support::incremental_edit(&data),
            other => panic!("{name}: unknown fuzz target `{other}` (name inputs <target>-<what>)"),
        }
    }
}
