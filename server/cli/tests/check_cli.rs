//! End-to-end tests of `altinn-ls check`: discovery, exit codes, the pinned JSON shape,
//! SARIF, human output and `altinn-ls.json`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_altinn-ls"))
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn demo() -> PathBuf {
    repo_root().join("examples/demo-app")
}

fn temp_copy(src: &Path) -> PathBuf {
    let dst = std::env::temp_dir().join(format!(
        "altinn-ls-test-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    copy_dir(src, &dst);
    dst
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

fn json_of(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn json_output_has_the_pinned_shape() {
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(demo())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the demo app has errors");
    let v = json_of(&out);
    assert_eq!(v["version"], 1);
    assert!(v["root"].as_str().unwrap().ends_with("demo-app"));
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    for d in diags {
        assert_eq!(d["app"], "");
        let file = d["file"].as_str().unwrap();
        assert!(file.starts_with("App/"), "{file}");
        assert!(!file.contains('\\'));
        for k in ["start", "end"] {
            assert!(d["range"][k]["line"].is_u64() && d["range"][k]["character"].is_u64());
        }
        assert!(
            ["error", "warning", "information", "hint"].contains(&d["severity"].as_str().unwrap())
        );
        let code = d["code"].as_str().unwrap();
        assert!(code.starts_with("AL") && code.len() == 6);
        assert!(!d["message"].as_str().unwrap().is_empty());
        assert!(d["related"].is_array());
    }
    let s = &v["summary"];
    assert_eq!(s["apps"], 1);
    assert!(s["files"].as_u64().unwrap() >= 10);
    let errors = diags.iter().filter(|d| d["severity"] == "error").count() as u64;
    assert_eq!(s["errors"].as_u64().unwrap(), errors);
}

#[test]
fn app_folder_itself_and_folders_above_apps() {
    // The App/ folder given directly: files are relative to it and app is ''.
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(demo().join("App"))
        .output()
        .unwrap();
    let v = json_of(&out);
    let f = v["diagnostics"][0]["file"].as_str().unwrap();
    assert!(
        !f.starts_with("App/")
            && (f.starts_with("ui/") || f.starts_with("config/") || f.starts_with("models/")),
        "{f}"
    );
    // A folder above the app: the app is named relative to it.
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(repo_root().join("examples"))
        .output()
        .unwrap();
    let v = json_of(&out);
    assert_eq!(v["diagnostics"][0]["app"], "demo-app");
    assert!(v["diagnostics"][0]["file"]
        .as_str()
        .unwrap()
        .starts_with("demo-app/App/"));
}

#[test]
fn exit_codes() {
    // 2: nothing to check; stdout stays empty and stderr says why.
    let empty = std::env::temp_dir().join(format!("altinn-ls-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let out = bin().arg("check").arg(&empty).output().unwrap();
    let _ = std::fs::remove_dir_all(&empty);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no Altinn app found"));
    let out = bin()
        .args(["check", "/definitely/not/here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());

    // 0: a valid app (the generated one).
    let gen = std::env::temp_dir().join(format!("altinn-ls-gen-{}", std::process::id()));
    let st = bin()
        .args([
            "gen-app",
            "--pages",
            "3",
            "--components",
            "8",
            "--fields",
            "20",
        ])
        .arg(&gen)
        .status()
        .unwrap();
    assert!(st.success());
    let out = bin().arg("check").arg(&gen).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let _ = std::fs::remove_dir_all(&gen);
}

#[test]
fn config_file_overrides_severity_and_ignores() {
    let dir = temp_copy(&demo());
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    let before = json_of(&out);
    let codes: Vec<String> = before["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(!codes.is_empty());
    // Turn every reported code off: the check passes.
    let sev: serde_json::Map<String, serde_json::Value> =
        codes.iter().map(|c| (c.clone(), "off".into())).collect();
    std::fs::write(
        dir.join("altinn-ls.json"),
        serde_json::json!({"severity": sev}).to_string(),
    )
    .unwrap();
    let out = bin().arg("check").arg(&dir).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Ignore globs drop files.
    std::fs::write(dir.join("altinn-ls.json"), r#"{"ignore": ["App/**"]}"#).unwrap();
    let v = json_of(
        &bin()
            .args(["check", "--format", "json"])
            .arg(&dir)
            .output()
            .unwrap(),
    );
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0);
    // A bad config is exit 2 with the file and position.
    std::fs::write(dir.join("altinn-ls.json"), "{\n  \"colour\": 1\n}").unwrap();
    let out = bin().arg("check").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("altinn-ls.json:2:3") && err.contains("colour"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sarif_output() {
    let out = bin()
        .args(["check", "--format", "sarif"])
        .arg(demo())
        .output()
        .unwrap();
    let v = json_of(&out);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "altinn-ls");
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for r in results {
        assert!(rules.contains(&r["ruleId"].as_str().unwrap()));
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(
            region["startLine"].as_u64().unwrap() >= 1
                && region["startColumn"].as_u64().unwrap() >= 1
        );
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
    }
}

#[test]
fn human_output_points_at_the_source() {
    let out = bin().arg("check").arg(demo()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // Every diagnostic has a `--> file:line:col` line and an underline.
    assert!(text.contains("--> App/ui/form/layouts/"), "{text}");
    assert!(text.contains('^'));
    assert!(text.lines().last().unwrap().starts_with("checked 1 app:"));
}

#[test]
fn broken_files_do_not_stop_the_check() {
    let dir = temp_copy(&demo());
    let layout = dir.join("App/ui/form/layouts/Page3.json");
    std::fs::write(
        &layout,
        "{\n  \"data\": { \"layout\": [ { \"id\": \"x\", \"type\": \"Paragraph\" ",
    )
    .unwrap();
    std::fs::write(
        dir.join("App/ui/form/layouts/Bin.json"),
        [0xff, 0xfe, b'{', b'}'],
    )
    .unwrap();
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(diags
        .iter()
        .any(|d| d["file"] == "App/ui/form/layouts/Page3.json" && d["code"] == "AL0001"));
    assert!(diags
        .iter()
        .any(|d| d["file"] == "App/ui/form/layouts/Bin.json" && d["code"] == "AL0002"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verbose_check_prints_the_detected_versions() {
    let dir = std::env::temp_dir().join(format!("altinn-ls-versions-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("App/config")).unwrap();
    std::fs::create_dir_all(dir.join("App/views/Home")).unwrap();
    std::fs::write(
        dir.join("App/config/applicationmetadata.json"),
        r#"{ "id": "ttd/old", "org": "ttd", "dataTypes": [] }"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("App/views/Home/Index.cshtml"),
        r#"<script src="https://altinncdn.no/toolkits/altinn-app-frontend/3/altinn-app-frontend.js"></script>"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("App/App.csproj"),
        r#"<Project><ItemGroup><PackageReference Include="Altinn.App.Core" Version="7.4.0" /></ItemGroup></Project>"#,
    )
    .unwrap();
    let out = bin().args(["check", "-v"]).arg(&dir).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("versions: frontend v3 [3] (declared: views/Home/Index.cshtml loads altinn-app-frontend/3), backend Altinn.App.Core 7.4.0"),
        "{err}"
    );
    // Both out of support: one warning each, on the file that says so.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("AL0010") && stdout.contains("AL0011"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn docs_code_table_is_current() {
    let out = bin().arg("codes").output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let doc = std::fs::read_to_string(repo_root().join("docs/codes.md")).unwrap();
    assert!(
        doc.ends_with(&table),
        "docs/codes.md is stale: regenerate the table with `altinn-ls codes`"
    );
    assert!(table.lines().count() > 100);
}

/// `upgrade --to v9`: `--dry-run` shows the rewrite as a diff and writes nothing; without it
/// the file is rewritten, and what it cannot rewrite is listed (exit 1).
#[test]
fn upgrade_to_v9_rewrites_and_lists_the_rest() {
    let dir = temp_copy(&demo());
    let page = dir.join("App/ui/form/layouts/Page1.json");
    let text = std::fs::read_to_string(&page).unwrap();
    let text = text.replacen(
        "\"layout\": [",
        "\"layout\": [\n      { \"id\": \"start\", \"type\": \"Button\", \"mode\": \"instantiate\", \"textResourceBindings\": { \"title\": \"name.title\" } },",
        1,
    );
    std::fs::write(&page, &text).unwrap();
    let out = bin()
        .args(["upgrade", "--to", "v9", "--dry-run"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("+      { \"id\": \"start\", \"type\": \"InstantiationButton\""),
        "{stdout}"
    );
    // The layout set of two tasks is copied to both task folders, as studioctl does.
    assert!(
        stdout.contains("move ui/form/ -> ui/Task_1/, ui/Task_2/"),
        "{stdout}"
    );
    assert!(
        stdout.contains("rewrote ui/Task_1/layouts/Page1.json: Make it an InstantiationButton"),
        "{stdout}"
    );
    assert!(stdout.contains("delete ui/layout-sets.json"), "{stdout}");
    assert!(stdout.contains("(dry run: nothing written)"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&page).unwrap(), text);
    let out = bin()
        .args(["upgrade", "--to", "v9"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("nothing left to do by hand"), "{stdout}");
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(!dir.join("App/ui/form").exists());
    assert!(!dir.join("App/ui/layout-sets.json").exists());
    for task in ["Task_1", "Task_2"] {
        let after =
            std::fs::read_to_string(dir.join(format!("App/ui/{task}/layouts/Page1.json"))).unwrap();
        assert!(
            after.contains(
                "{ \"id\": \"start\", \"type\": \"InstantiationButton\", \"textResourceBindings\""
            ),
            "{after}"
        );
    }
    // Read as it now is on disk, the app's UI is where v9 looks (the demo's own defects stay).
    let out = bin().arg("check").arg(&dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("App/ui/Task_1/layouts/Page1.json"),
        "{stdout}"
    );
    assert!(!stdout.contains("AL0013"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn explain_and_list_codes() {
    let out = bin().args(["explain", "al0161"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(stdout.starts_with("AL0161 (hint): "), "{stdout}");
    assert!(stdout.contains("getComponentFromMode"), "{stdout}");
    let out = bin().args(["explain", "AL9999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["check", "--list-codes"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.lines().any(|l| l.starts_with("AL0654\terror\t")),
        "{stdout}"
    );
}

#[test]
fn a_misspelt_code_in_the_config_is_an_error_with_a_suggestion() {
    let dir = temp_copy(&demo());
    std::fs::write(
        dir.join("altinn-ls.json"),
        "{\n  \"severity\": { \"AL5010\": \"off\" },\n  \"ignor\": []\n}\n",
    )
    .unwrap();
    let out = bin().arg("check").arg(&dir).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("altinn-ls.json:2:17: unknown code AL5010; did you mean AL0510?"),
        "{err}"
    );
    assert!(
        err.contains("altinn-ls.json:3:3: unknown key 'ignor'; did you mean 'ignore'?"),
        "{err}"
    );
}

/// One repository URL everywhere: Cargo.toml's `repository` (also `self update`'s default and
/// the diagnostics' code links) is the one the VS Code package, the JetBrains template and
/// installer, the install scripts' defaults and the README name.
#[test]
fn one_repository_url_everywhere() {
    let root = repo_root();
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let url = env!("CARGO_PKG_REPOSITORY");
    assert!(
        url.starts_with("https://"),
        "Cargo.toml's repository: {url:?}"
    );
    assert!(read("Cargo.toml").contains(&format!("repository = \"{url}\"")));
    let pkg: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package.json")).unwrap();
    assert_eq!(pkg["repository"]["url"], url);
    assert_eq!(pkg["homepage"], url);
    assert_eq!(pkg["bugs"]["url"], format!("{url}/issues"));
    let installer = read("editors/jetbrains/lsp4ij-template/installer.json");
    for script in ["install.sh", "install.ps1"] {
        let from = format!("{url}/releases/latest/download/{script}");
        assert!(installer.contains(&from), "installer.json runs {from}");
    }
    assert!(read("install.sh").contains(&format!("SRC=\"${{ALTINN_LS_RELEASES:-{url}}}\"")));
    assert!(read("install.ps1").contains(&format!("else {{ '{url}' }}")));
    assert!(read("README.md").contains(url));
    // No other spelling of the project's own repository (placeholders say OWNER).
    let files = [
        "README.md",
        "install.sh",
        "install.ps1",
        "editors/vscode/package.json",
        "editors/vscode/README.md",
        "editors/jetbrains/lsp4ij-template/installer.json",
        "editors/jetbrains/lsp4ij-template/template.json",
        "editors/jetbrains/lsp4ij-template/README.md",
        "tests/release/README.md",
    ];
    for f in files {
        let text = read(f);
        for (i, _) in text.match_indices("https://") {
            let link: String = text[i..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !"\"'`),}<>".contains(*c))
                .collect();
            let ours = link.contains("language-tools") || link.contains("/altinn-ls");
            if ours && !link.contains("OWNER") && !link.starts_with(url) {
                panic!("{f}: {link} is not under {url}");
            }
        }
    }
}
