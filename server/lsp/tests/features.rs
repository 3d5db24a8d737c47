//! The IDE features over LSP on the fixture app, in process (positions in UTF-16, the LSP
//! default; the analysis works in bytes, the server converts). Every assertion is on the
//! whole answer.

mod harness;

use harness::{find, fixtures, range, uri, TestServer};
use serde_json::{json, Value};
use std::path::PathBuf;

const PAGE1: &str = "App/ui/form/layouts/Page1.json";

fn tiny_app() -> PathBuf {
    fixtures().join("tiny-app").canonicalize().expect("fixture")
}

/// A server on the fixture app with Page1 open and its first diagnostics in.
async fn page1() -> (TestServer, String, String) {
    let mut s = TestServer::start(&tiny_app()).await;
    let (u, t) = s.open(PAGE1).await;
    assert_eq!(s.wait_version(&u, 0).await, Vec::<Value>::new());
    (s, u, t)
}

fn at(line: u32, from: u32, to: u32) -> Value {
    json!({"start": {"line": line, "character": from}, "end": {"line": line, "character": to}})
}

fn file(s: &TestServer, rel: &str) -> String {
    uri(&s.root.join(rel))
}

#[tokio::test]
async fn hover_on_a_text_key_shows_every_language() {
    let (mut s, u, t) = page1().await;
    let h = s
        .at(
            "textDocument/hover",
            &u,
            find(&t, "\"name.title\"", 0, 3),
            json!({}),
        )
        .await;
    assert_eq!(
        h,
        json!({
            "contents": {"kind": "markdown", "value": "**Text** `name.title`\n\n- **en**: Name\n- **nb**: Navn\n"},
            "range": at(4, 132, 142),
        })
    );
}

#[tokio::test]
async fn completion_offers_every_text_key_in_a_text_binding() {
    let (mut s, u, t) = page1().await;
    let r = s
        .at(
            "textDocument/completion",
            &u,
            find(&t, "\"name.title\"", 0, 1),
            json!({}),
        )
        .await;
    // Every text key, sorted, each replacing the whole string (132..142 in UTF-16 units).
    let item = |label: &str, nb: &str, en: &str| {
        json!({
            "label": label,
            "kind": 1,
            "detail": nb,
            "documentation": {"kind": "markdown", "value": format!("- **en**: {en}\n- **nb**: {nb}")},
            "textEdit": {"range": at(4, 132, 142), "newText": label},
        })
    };
    assert_eq!(
        r,
        json!({
            "isIncomplete": false,
            "items": [
                item("age.title", "Alder", "Age"),
                item("appName", "Testapp", "Test app"),
                item("emoji.title", "Blåbærsyltetøy på brødskiva 😀👍🏽", "Blueberry jam 😀"),
                item("greeting", "Hei {0}", "Hello {0}"),
                item("name.title", "Navn", "Name"),
                item("upload.title", "Vedlegg", "Attachments"),
            ],
        })
    );
}

#[tokio::test]
async fn definition_of_a_text_key_is_in_each_resource_file() {
    let (mut s, u, t) = page1().await;
    let r = s
        .at(
            "textDocument/definition",
            &u,
            find(&t, "\"name.title\"", 0, 2),
            json!({}),
        )
        .await;
    // Line 5 of both files is `{ "id": "name.title", … }`; the key's characters 13..23.
    assert_eq!(
        r,
        json!([
            {"uri": file(&s, "App/config/texts/resource.en.json"), "range": at(5, 13, 23)},
            {"uri": file(&s, "App/config/texts/resource.nb.json"), "range": at(5, 13, 23)},
        ])
    );
}

#[tokio::test]
async fn references_of_a_component_id_include_the_summary() {
    let (mut s, u, t) = page1().await;
    let r = s
        .at(
            "textDocument/references",
            &u,
            find(&t, "\"id\": \"name\"", 0, 8),
            json!({"context": {"includeDeclaration": true}}),
        )
        .await;
    assert_eq!(
        r,
        json!([
            {"uri": u, "range": at(4, 15, 19)},
            // `"componentRef": "name"` of the Summary on Page2.
            {"uri": file(&s, "App/ui/form/layouts/Page2.json"), "range": at(8, 66, 70)},
        ])
    );
}

#[tokio::test]
async fn rename_of_a_component_id_edits_every_file_and_refuses_a_taken_name() {
    let (mut s, u, t) = page1().await;
    let pos = find(&t, "\"id\": \"name\"", 0, 8);
    let prep = s
        .at("textDocument/prepareRename", &u, pos.clone(), json!({}))
        .await;
    assert_eq!(prep, json!({"range": at(4, 15, 19), "placeholder": "name"}));
    let e = s
        .at(
            "textDocument/rename",
            &u,
            pos.clone(),
            json!({"newName": "fullName"}),
        )
        .await;
    let page2 = file(&s, "App/ui/form/layouts/Page2.json");
    assert_eq!(
        e,
        json!({"changes": {
            u.clone(): [{"range": at(4, 15, 19), "newText": "fullName"}],
            page2: [{"range": at(8, 66, 70), "newText": "fullName"}],
        }})
    );
    // Taken: a clear error (RequestFailed), not an edit.
    let err = s
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": u}, "position": pos, "newName": "age"}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        json!({
            "code": -32803,
            "message": "Component id 'age' is already used on page 'Page1' (ids must be unique within the layout set)",
        })
    );
}

#[tokio::test]
async fn a_missing_text_key_is_reported_with_its_link_and_fixed_in_every_language() {
    let (mut s, u, t) = page1().await;
    // Point the title at a key that does not exist.
    let r = range(
        find(&t, "\"name.title\"", 0, 1),
        find(&t, "\"name.title\"", 0, 11),
    );
    s.change(&u, 1, r, "brand.new.key").await;
    let nb = file(&s, "App/config/texts/resource.nb.json");
    let en = file(&s, "App/config/texts/resource.en.json");
    let diagnostic = json!({
        "range": at(4, 132, 145),
        "severity": 1,
        "code": "AL0501",
        "codeDescription": {"href": "https://altinn.studio/repos/altinn-ls/src/branch/main/docs/codes.md#al0501"},
        "source": "altinn-ls",
        "message": "Text resource 'brand.new.key' (textResourceBindings.title) not found in resource.nb.json; the app shows the key itself. Add the text",
        "relatedInformation": [{
            "location": {"uri": nb, "range": at(9, 2, 2)},
            "message": "texts of language 'nb'",
        }],
        "data": {"code": "AL0501", "fix": {"kind": "missingTextKey", "key": "brand.new.key"}},
    });
    assert_eq!(s.wait_version(&u, 1).await, vec![diagnostic.clone()]);
    let actions = s
        .ok(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": diagnostic["range"],
                   "context": {"diagnostics": [diagnostic]}}),
        )
        .await;
    // Appended after the last resource of each file (line 8, after its closing brace).
    let add = ",\n    { \"id\": \"brand.new.key\", \"value\": \"TODO: brand.new.key\" }";
    assert_eq!(
        actions,
        json!([{
            "title": "Create text key 'brand.new.key' (en, nb)",
            "kind": "quickfix",
            "diagnostics": [diagnostic],
            "edit": {"changes": {
                en: [{"range": at(8, 122, 122), "newText": add}],
                nb: [{"range": at(8, 120, 120), "newText": add}],
            }},
            "isPreferred": true,
        }])
    );
}

#[tokio::test]
async fn document_symbols_list_the_page_and_its_components() {
    let (mut s, u, _) = page1().await;
    let r = s
        .ok(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": u}}),
        )
        .await;
    let component = |name: &str, ty: &str, line: u32, end: u32| {
        json!({
            "name": name,
            "detail": ty,
            "kind": 19,
            "range": at(line, 6, end),
            "selectionRange": at(line, 15, 15 + name.len() as u32),
        })
    };
    assert_eq!(
        r,
        json!([{
            "name": "Page1",
            "detail": "page",
            "kind": 3,
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 1}},
            "selectionRange": at(0, 0, 0),
            "children": [
                component("name", "Input", 4, 165),
                component("age", "Input", 5, 204),
                component("nav1", "NavigationButtons", 6, 76),
            ],
        }])
    );
}

#[tokio::test]
async fn document_links_and_folding() {
    let (mut s, u, _) = page1().await;
    let links = s
        .ok(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": u}}),
        )
        .await;
    assert_eq!(
        links,
        json!([{
            "range": at(1, 14, 107),
            "target": "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout.schema.v1.json",
        }])
    );
    let folds = s
        .ok(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": u}}),
        )
        .await;
    // The file, `data` and `layout`.
    assert_eq!(
        folds,
        json!([
            {"startLine": 0, "endLine": 9},
            {"startLine": 2, "endLine": 8},
            {"startLine": 3, "endLine": 7},
        ])
    );
}

#[tokio::test]
async fn requests_on_files_outside_apps_return_nothing() {
    let mut s = TestServer::start(&tiny_app()).await;
    let u = uri(&std::env::temp_dir().join("altinn-ls-not-an-app.json"));
    s.open_text(&u, "{}").await;
    let pos = json!({"line": 0, "character": 0});
    for method in [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
    ] {
        assert_eq!(
            s.at(method, &u, pos.clone(), json!({})).await,
            Value::Null,
            "{method}"
        );
    }
    let err = s
        .request(
            "textDocument/prepareRename",
            json!({"textDocument": {"uri": u}, "position": pos}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        json!({"code": -32803, "message": "This file is not part of an Altinn app"})
    );
}

#[tokio::test]
async fn completion_in_a_large_app_is_capped_and_marked_incomplete() {
    use altinn_analysis::testgen::{generate, GenSpec};
    let dir = std::env::temp_dir().join(format!("altinn-lsp-gen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
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
    let dir = dir.canonicalize().unwrap();
    let mut s = TestServer::start(&dir).await;
    let (u, t) = s.open("App/ui/form/layouts/Page3.json").await;
    s.wait_version(&u, 0).await;
    let title = t.find("\"title\": \"").unwrap() + "\"title\": \"".len();
    let r = s
        .at(
            "textDocument/completion",
            &u,
            harness::pos_of(&t, title, 0),
            json!({}),
        )
        .await;
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(r["isIncomplete"], true, "1,200 text keys cannot fit");
    assert_eq!(
        r["items"].as_array().map(Vec::len),
        Some(altinn_lsp::requests::completion::MAX_COMPLETIONS)
    );
}
