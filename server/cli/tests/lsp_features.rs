//! End-to-end: the IDE features over LSP on the fixture app (positions in UTF-16, the
//! LSP default; the analysis works in bytes, the server converts).

mod support;

use serde_json::{json, Value};
use std::path::PathBuf;
use support::{fixtures, uri, Client, Options, TempCopy};

struct Fx {
    _app: TempCopy,
    c: Client,
    root: PathBuf,
}

fn setup() -> Fx {
    let app = TempCopy::of(&fixtures().join("tiny-app"));
    let root = app.path.clone();
    let c = Client::start(Options {
        folders: vec![root.clone()],
        ..Default::default()
    });
    Fx { _app: app, c, root }
}

/// LSP position (UTF-16) of the `nth` occurrence of `needle` in `text`, plus `delta` chars.
fn find(text: &str, needle: &str, nth: usize, delta: usize) -> Value {
    let off = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} not found"))
        .0;
    let before = &text[..off];
    let line = before.matches('\n').count();
    let ls = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let ch = text[ls..off].encode_utf16().count() + delta;
    json!({"line": line, "character": ch})
}

impl Fx {
    fn open(&mut self, rel: &str) -> (String, String) {
        let (u, t) = self.c.open_file(&self.root.join(rel));
        self.c.wait_version(&u, 0);
        (u, t)
    }
    fn at(&mut self, method: &str, u: &str, pos: Value, extra: Value) -> Value {
        let mut p = json!({"textDocument": {"uri": u}, "position": pos});
        if let Value::Object(o) = extra {
            for (k, v) in o {
                p[k] = v;
            }
        }
        self.c
            .request(method, p)
            .unwrap_or_else(|e| panic!("{method}: {e}"))
    }
}

const PAGE1: &str = "App/ui/form/layouts/Page1.json";

#[test]
fn hover_on_a_text_key_shows_every_language() {
    let mut f = setup();
    let (u, t) = f.open(PAGE1);
    let h = f.at(
        "textDocument/hover",
        &u,
        find(&t, "\"name.title\"", 0, 3),
        json!({}),
    );
    let md = h["contents"]["value"].as_str().unwrap_or("");
    assert!(md.contains("Navn") && md.contains("Name"), "{h}");
    assert_eq!(h["contents"]["kind"], "markdown");
}

#[test]
fn completion_offers_text_keys_in_a_text_binding() {
    let mut f = setup();
    let (u, t) = f.open(PAGE1);
    let r = f.at(
        "textDocument/completion",
        &u,
        find(&t, "\"name.title\"", 0, 1),
        json!({}),
    );
    let labels: Vec<&str> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"name.title") && labels.contains(&"emoji.title"),
        "{labels:?}"
    );
}

#[test]
fn definition_of_a_text_key_is_in_each_resource_file() {
    let mut f = setup();
    let (u, t) = f.open(PAGE1);
    let r = f.at(
        "textDocument/definition",
        &u,
        find(&t, "\"name.title\"", 0, 2),
        json!({}),
    );
    let uris: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["uri"].as_str())
        .collect();
    let nb = uri(&f.root.join("App/config/texts/resource.nb.json"));
    let en = uri(&f.root.join("App/config/texts/resource.en.json"));
    assert!(
        uris.contains(&nb.as_str()) && uris.contains(&en.as_str()),
        "{r}"
    );
    // The range in the nb file points at the key: after the emoji line, in UTF-16.
    let nb_text =
        std::fs::read_to_string(f.root.join("App/config/texts/resource.nb.json")).unwrap();
    let loc = r
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["uri"] == nb.as_str())
        .unwrap();
    let line = loc["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(nb_text.lines().nth(line).unwrap().contains("name.title"));
}

#[test]
fn references_of_a_component_id_include_the_summary() {
    let mut f = setup();
    let (u, t) = f.open(PAGE1);
    let r = f.at(
        "textDocument/references",
        &u,
        find(&t, "\"id\": \"name\"", 0, 8),
        json!({"context": {"includeDeclaration": true}}),
    );
    let page2 = uri(&f.root.join("App/ui/form/layouts/Page2.json"));
    let list = r.as_array().unwrap();
    assert!(list.iter().any(|l| l["uri"] == page2.as_str()), "{r}");
    assert!(list.iter().any(|l| l["uri"] == u.as_str()), "{r}");
}

#[test]
fn rename_of_a_component_id_edits_every_file_and_refuses_bad_names() {
    let mut f = setup();
    let (u, t) = f.open(PAGE1);
    let pos = find(&t, "\"id\": \"name\"", 0, 8);
    let prep = f.at("textDocument/prepareRename", &u, pos.clone(), json!({}));
    assert_eq!(prep["placeholder"], "name", "{prep}");
    let e = f.at(
        "textDocument/rename",
        &u,
        pos.clone(),
        json!({"newName": "fullName"}),
    );
    let page2 = uri(&f.root.join("App/ui/form/layouts/Page2.json"));
    let changes = &e["changes"];
    assert!(changes[&u].as_array().is_some_and(|a| !a.is_empty()), "{e}");
    assert!(
        changes[&page2].as_array().is_some_and(|a| !a.is_empty()),
        "{e}"
    );
    // Taken or invalid: a clear error, not an edit.
    let err =
        f.c.request(
            "textDocument/rename",
            json!({"textDocument": {"uri": u}, "position": pos, "newName": "age"}),
        )
        .unwrap_err();
    assert!(!err["message"].as_str().unwrap_or("").is_empty(), "{err}");
}

#[test]
fn quick_fix_creates_a_missing_text_key() {
    let mut f = setup();
    let (u, t) = f.open(PAGE1);
    // Point the title at a key that does not exist.
    let pos = find(&t, "\"name.title\"", 0, 1);
    let end = find(&t, "\"name.title\"", 0, 11);
    f.c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 1},
               "contentChanges": [{"range": {"start": pos, "end": end}, "text": "brand.new.key"}]}),
    );
    let d = f.c.wait_version(&u, 1);
    let missing: Vec<&Value> = d
        .iter()
        .filter(|x| {
            x["message"]
                .as_str()
                .unwrap_or("")
                .contains("brand.new.key")
        })
        .collect();
    assert!(!missing.is_empty(), "{d:?}");
    let r =
        f.c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": missing[0]["range"],
                   "context": {"diagnostics": [missing[0]]}}),
        )
        .expect("codeAction");
    let actions = r.as_array().unwrap();
    let nb = uri(&f.root.join("App/config/texts/resource.nb.json"));
    let fix = actions
        .iter()
        .find(|a| a["edit"].to_string().contains(&nb))
        .unwrap_or_else(|| panic!("no fix editing resource.nb.json: {r}"));
    assert_eq!(fix["kind"], "quickfix");
    assert!(fix["edit"].to_string().contains("brand.new.key"));
}

#[test]
fn document_symbols_list_the_components() {
    let mut f = setup();
    let (u, _) = f.open(PAGE1);
    let r =
        f.c.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": u}}),
        )
        .expect("symbols");
    // Every symbol (the tree flattened): name, detail, line of its id. (Searching the response
    // text for "name" proved nothing: every symbol has a "name" key.)
    fn flat(v: &Value, out: &mut Vec<String>) {
        for s in v.as_array().into_iter().flatten() {
            let name = s["name"].as_str().unwrap_or("?");
            let detail = s["detail"].as_str().unwrap_or("?");
            out.push(format!(
                "{name} {detail} {}",
                s["selectionRange"]["start"]["line"]
            ));
            flat(&s["children"], out);
        }
    }
    let mut got = Vec::new();
    flat(&r, &mut got);
    assert_eq!(
        got,
        [
            "Page1 page 0",
            "name Input 4",
            "age Input 5",
            "nav1 NavigationButtons 6"
        ],
        "{r}"
    );
}

#[test]
fn document_links_and_folding() {
    let mut f = setup();
    let (u, _) = f.open(PAGE1);
    let links =
        f.c.request(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": u}}),
        )
        .expect("links");
    assert!(
        links.to_string().contains("https://altinncdn.no"),
        "{links}"
    );
    let folds =
        f.c.request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": u}}),
        )
        .expect("folding");
    assert!(folds.as_array().is_some_and(|a| !a.is_empty()), "{folds}");
}

#[test]
fn requests_on_files_outside_apps_return_nothing() {
    let mut f = setup();
    let outside = std::env::temp_dir().join("altinn-ls-not-an-app.json");
    let u = uri(&outside);
    f.c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "json", "version": 0, "text": "{}"}}),
    );
    let h = f.at(
        "textDocument/hover",
        &u,
        json!({"line": 0, "character": 0}),
        json!({}),
    );
    assert!(h.is_null());
}

#[test]
fn completion_in_a_large_app_is_capped_and_marked_incomplete() {
    use altinn_analysis::testgen::{generate, GenSpec};
    let dir = std::env::temp_dir().join(format!("altinn-ls-gen-{}", std::process::id()));
    for (rel, text) in generate(GenSpec {
        pages: 30,
        components_per_page: 40,
        fields: 100,
        languages: 1,
    }) {
        let p = dir.join("App").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let app = TempCopy::of(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let mut c = Client::start(Options {
        folders: vec![app.path.clone()],
        ..Default::default()
    });
    let (u, t) = c.open_file(&app.path.join("App/ui/form/layouts/Page3.json"));
    c.wait_version(&u, 0);
    let title = t.find("\"title\": \"").unwrap() + "\"title\": \"".len();
    let before = &t[..title];
    let line = before.matches('\n').count();
    let ch = t[before.rfind('\n').map(|i| i + 1).unwrap_or(0)..title]
        .encode_utf16()
        .count();
    let r = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": u}, "position": {"line": line, "character": ch}}),
        )
        .expect("completion");
    let n = r["items"].as_array().unwrap().len();
    assert!(n > 0 && n <= 500, "{n} items");
    assert_eq!(r["isIncomplete"], true, "1,200 text keys cannot fit");
}
