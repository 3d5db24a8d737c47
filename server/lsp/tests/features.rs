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
    // Every text key (a reference), sorted, each replacing the whole string (132..142 in UTF-16
    // units).
    let item = |label: &str, nb: &str, en: &str| {
        json!({
            "label": label,
            "kind": 18,
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
        "codeDescription": {"href": "https://github.com/Altinn/altinn-studio-language-tools/blob/main/docs/codes.md#al0501"},
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
    let mut expected = vec![json!({
            "title": "Create text key 'brand.new.key' (en, nb)",
            "kind": "quickfix",
            "diagnostics": [diagnostic],
            "edit": {"changes": {
                en: [{"range": at(8, 122, 122), "newText": add}],
                nb: [{"range": at(8, 120, 120), "newText": add}],
            }},
            "isPreferred": true,
    })];
    // Then the command actions (source kind: VS Code keeps them out of the light bulb).
    expected.extend(command_actions(&harness::plain_path(&s.root)));
    assert_eq!(actions, Value::Array(expected));
}

/// The `source.altinn` actions offered in every file of the app at `repo`.
fn command_actions(repo: &str) -> Vec<Value> {
    [
        ("Altinn: show status", "altinn.sync.status"),
        ("Altinn: fetch changes from Studio", "altinn.sync.pull"),
        ("Altinn: share changes to Studio", "altinn.sync.push"),
        ("Altinn: run app", "altinn.run.start"),
        ("Altinn: stop app", "altinn.run.stop"),
        ("Altinn: check all apps", "altinn.check"),
    ]
    .iter()
    .map(|(title, command)| {
        json!({
            "title": title,
            "kind": "source.altinn",
            "command": {"title": title, "command": command, "arguments": [{"path": repo}]},
        })
    })
    .collect()
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
    let dir = harness::generated_app("gen", 30, 100);
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

/// Workspace symbols in a large app: at most 128 (as rust-analyzer), the best matches, each
/// file's URI the same string for all its symbols.
#[tokio::test]
async fn workspace_symbols_in_a_large_app_are_capped_at_128() {
    let dir = harness::generated_app("gen-sym", 10, 20);
    let mut s = TestServer::start(&dir).await;
    let (u, _) = s.open("App/ui/form/layouts/Page3.json").await;
    s.wait_version(&u, 0).await;
    let r = s.ok("workspace/symbol", json!({"query": ""})).await;
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(r.as_array().map(Vec::len), Some(128), "400 ids cannot fit");
    assert_eq!(altinn_lsp::requests::workspace_symbol::MAX_SYMBOLS, 128);
}

#[tokio::test]
async fn workspace_symbols_find_ids_text_keys_and_tasks_across_the_app() {
    let (mut s, _, _) = page1().await;
    let p1 = file(&s, PAGE1);
    let p2 = file(&s, "App/ui/form/layouts/Page2.json");
    let nb = file(&s, "App/config/texts/resource.nb.json");
    let sym = |name: &str, kind: u32, uri: &str, range: Value, container: &str| json!({"name": name, "kind": kind, "location": {"uri": uri, "range": range}, "containerName": container});
    // Exact match first, then prefix, then substring (by name); components are objects (19),
    // text keys strings (15), each with its app and page or text file.
    assert_eq!(
        s.ok("workspace/symbol", json!({"query": "name"})).await,
        json!([
            sym("name", 19, &p1, at(4, 15, 19), "tiny-app / Page1"),
            sym(
                "name.title",
                15,
                &nb,
                at(5, 13, 23),
                "tiny-app / resource.nb.json"
            ),
            sym(
                "appName",
                15,
                &nb,
                at(3, 13, 20),
                "tiny-app / resource.nb.json"
            ),
            sym("pet-name", 19, &p2, at(6, 15, 23), "tiny-app / Page2"),
            sym("summary-name", 19, &p2, at(8, 15, 27), "tiny-app / Page2"),
        ])
    );
    // The query's letters in order, any case: tasks (12, with their name), pages (3), the data
    // model (23) and the layout set (4).
    let bpmn = file(&s, "App/config/process/process.bpmn");
    assert_eq!(
        s.ok("workspace/symbol", json!({"query": "TASK"})).await,
        json!([sym(
            "Task_1",
            12,
            &bpmn,
            at(4, 19, 25),
            "tiny-app / Utfylling"
        )])
    );
    let zero = at(0, 0, 0);
    assert_eq!(
        s.ok("workspace/symbol", json!({"query": "pge2"})).await,
        json!([sym("Page2", 3, &p2, zero.clone(), "tiny-app")])
    );
    assert_eq!(
        s.ok("workspace/symbol", json!({"query": "model"})).await,
        json!([sym(
            "model",
            23,
            &file(&s, "App/models/model.schema.json"),
            zero,
            "tiny-app"
        )])
    );
    let sets = file(&s, "App/ui/layout-sets.json");
    assert_eq!(
        s.ok("workspace/symbol", json!({"query": "form"})).await,
        json!([sym("form", 4, &sets, at(2, 21, 25), "tiny-app")])
    );
}

#[tokio::test]
async fn code_lenses_count_references_lazily_and_show_them() {
    let (mut s, u, _) = page1().await;
    let lenses = s
        .ok("textDocument/codeLens", json!({"textDocument": {"uri": u}}))
        .await;
    // The page (at the top) and its three component ids; counted on resolve.
    let lens =
        |range: Value, offset: u32| json!({"range": range, "data": {"uri": u, "offset": offset}});
    assert_eq!(
        lenses,
        json!([
            lens(at(0, 0, 0), 0),
            lens(at(4, 15, 19), 155),
            lens(at(5, 15, 18), 322),
            lens(at(6, 15, 19), 528),
        ])
    );
    let mut resolved = Vec::new();
    for l in lenses.as_array().unwrap() {
        resolved.push(s.ok("codeLens/resolve", l.clone()).await["command"].clone());
    }
    let show = |title: &str, pos: Value, locations: Value| json!({"title": title, "command": "editor.action.showReferences", "arguments": [u, pos, locations]});
    let settings = file(&s, "App/ui/form/Settings.json");
    let page2 = file(&s, "App/ui/form/layouts/Page2.json");
    assert_eq!(
        resolved,
        vec![
            // `pages.order` names Page1.
            show(
                "1 reference",
                json!({"line": 0, "character": 0}),
                json!([{"uri": settings, "range": at(2, 24, 29)}])
            ),
            // The Summary's componentRef on Page2 (the declaration itself is not counted).
            show(
                "1 reference",
                json!({"line": 4, "character": 15}),
                json!([{"uri": page2, "range": at(8, 66, 70)}])
            ),
            show(
                "0 references",
                json!({"line": 5, "character": 15}),
                json!([])
            ),
            show(
                "0 references",
                json!({"line": 6, "character": 15}),
                json!([])
            ),
        ]
    );
    // After an edit the counts follow (the index is built again for the new revision).
    let (u2, t2) = s.open("App/ui/form/layouts/Page2.json").await;
    let r = range(
        find(&t2, "\"componentRef\": \"name\"", 0, 17),
        find(&t2, "\"componentRef\": \"name\"", 0, 21),
    );
    s.change(&u2, 1, r, "age").await;
    let name = s.ok("codeLens/resolve", lenses[1].clone()).await;
    let age = s.ok("codeLens/resolve", lenses[2].clone()).await;
    assert_eq!(name["command"]["title"], json!("0 references"));
    assert_eq!(
        age["command"],
        show(
            "1 reference",
            json!({"line": 5, "character": 15}),
            json!([{"uri": page2, "range": at(8, 66, 69)}])
        )
    );
}

#[tokio::test]
async fn code_lenses_on_texts_tasks_and_the_data_model_and_run_app() {
    let mut s = TestServer::start(&tiny_app()).await;
    // Text keys: each resource's id; name.title is used on Page1.
    let nb = file(&s, "App/config/texts/resource.nb.json");
    let lenses = s
        .ok(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": nb}}),
        )
        .await;
    let ranges: Vec<Value> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"].clone())
        .collect();
    assert_eq!(
        ranges,
        vec![
            at(3, 13, 20),
            at(4, 13, 24),
            at(5, 13, 23),
            at(6, 13, 22),
            at(7, 13, 25),
            at(8, 13, 21)
        ]
    );
    let title = s.ok("codeLens/resolve", lenses[2].clone()).await["command"]["title"].clone();
    assert_eq!(title, json!("1 reference"));
    // The process: Task_1 is named by the data types' taskId, the BPMN flows and the layout
    // set; and "▶ Run app" on top.
    let bpmn = file(&s, "App/config/process/process.bpmn");
    let lenses = s
        .ok(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": bpmn}}),
        )
        .await;
    let repo = harness::plain_path(&s.root);
    assert_eq!(
        lenses[0],
        json!({"range": at(0, 0, 0), "command": {"title": "▶ Run app", "command": "altinn.run.start", "arguments": [{"path": repo}]}})
    );
    assert_eq!(lenses.as_array().unwrap().len(), 2);
    let task = s.ok("codeLens/resolve", lenses[1].clone()).await;
    let locations = task["command"]["arguments"][2].clone();
    let refs: Vec<String> = locations
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{} {}",
                l["uri"].as_str().unwrap().rsplit('/').next().unwrap(),
                l["range"]["start"]["line"]
            )
        })
        .collect();
    assert_eq!(task["command"]["title"], json!("6 references"));
    assert_eq!(
        refs,
        [
            "applicationmetadata.json 7",
            "applicationmetadata.json 8",
            "applicationmetadata.json 9",
            "process.bpmn 10",
            "process.bpmn 11",
            "layout-sets.json 2",
        ]
    );
    // The data model: one lens per property (8, nested ones included); Person.Name is bound on
    // Page1, used in an expression there and in the text variable of both languages.
    let schema = file(&s, "App/models/model.schema.json");
    let lenses = s
        .ok(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": schema}}),
        )
        .await;
    assert_eq!(lenses.as_array().unwrap().len(), 8);
    let name = lenses
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["range"] == at(11, 50, 56))
        .expect("a lens on Person.Name")
        .clone();
    let r = s.ok("codeLens/resolve", name).await;
    assert_eq!(r["command"]["title"], json!("4 references"));
}

#[tokio::test]
async fn inlay_hints_show_the_text_of_a_key_in_the_editors_language() {
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}});
    let hint = |line: u32, ch: u32, label: &str, tip: &str| {
        json!({
            "position": {"line": line, "character": ch},
            "label": label,
            "tooltip": {"kind": "markdown", "value": tip},
            "paddingLeft": true,
        })
    };
    // No locale: the app's nb. After the closing quote of each title.
    let (mut s, u, _) = page1().await;
    let r = s
        .ok(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": u}, "range": whole}),
        )
        .await;
    assert_eq!(
        r,
        json!([
            hint(4, 143, "Navn", "**nb**: Navn"),
            hint(5, 140, "Alder", "**nb**: Alder"),
        ])
    );
    // Only the range asked for.
    let line5 = json!({"start": {"line": 5, "character": 0}, "end": {"line": 6, "character": 0}});
    let r = s
        .ok(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": u}, "range": line5}),
        )
        .await;
    assert_eq!(r, json!([hint(5, 140, "Alder", "**nb**: Alder")]));
    // An English editor (`initialize.locale`).
    let mut s =
        TestServer::start_with_params(&tiny_app(), json!({}), json!({"locale": "en-US"})).await;
    let (u, _) = s.open(PAGE1).await;
    let r = s
        .ok(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": u}, "range": whole}),
        )
        .await;
    assert_eq!(
        r,
        json!([
            hint(4, 143, "Name", "**en**: Name"),
            hint(5, 140, "Age", "**en**: Age"),
        ])
    );
}

#[tokio::test]
async fn document_highlight_marks_the_same_name_in_the_file() {
    let (mut s, u, t) = page1().await;
    // A data model path: the binding and the expression's argument (both reads).
    let r = s
        .at(
            "textDocument/documentHighlight",
            &u,
            find(&t, "Person.Name", 1, 2),
            json!({}),
        )
        .await;
    assert_eq!(
        r,
        json!([
            {"range": at(4, 80, 91), "kind": 2},
            {"range": at(5, 180, 191), "kind": 2},
        ])
    );
    // A component id: its declaration (write).
    let r = s
        .at(
            "textDocument/documentHighlight",
            &u,
            find(&t, "\"id\": \"name\"", 0, 8),
            json!({}),
        )
        .await;
    assert_eq!(r, json!([{"range": at(4, 15, 19), "kind": 3}]));
    // A property of a component type.
    let r = s
        .at(
            "textDocument/documentHighlight",
            &u,
            find(&t, "\"required\"", 0, 2),
            json!({}),
        )
        .await;
    assert_eq!(r, json!([{"range": at(4, 148, 156), "kind": 2}]));
    // Nothing named there (a boolean).
    let r = s
        .at(
            "textDocument/documentHighlight",
            &u,
            find(&t, "true", 0, 1),
            json!({}),
        )
        .await;
    assert_eq!(r, json!([]));
}

#[tokio::test]
async fn signature_help_follows_the_argument_of_an_expression() {
    let (mut s, u, t) = page1().await;
    let equals = |active: Value| {
        let mut sig = json!({
            "label": "equals(a: string, b: string) -> boolean",
            "documentation": {"kind": "markdown", "value": "Whether two values are equal (compared as strings)\n\nSupported by: app-frontend v4, next frontend, backend"},
            "parameters": [{"label": "a: string"}, {"label": "b: string"}],
        });
        let mut help = json!({"signatures": [], "activeSignature": 0});
        if !active.is_null() {
            sig["activeParameter"] = active.clone();
            help["activeParameter"] = active;
        }
        help["signatures"] = json!([sig]);
        help
    };
    // In "skip": the second argument of equals.
    let r = s
        .at(
            "textDocument/signatureHelp",
            &u,
            find(&t, "\"skip\"", 0, 1),
            json!({}),
        )
        .await;
    assert_eq!(r, equals(json!(1)));
    // On the name itself: no active parameter.
    let r = s
        .at(
            "textDocument/signatureHelp",
            &u,
            find(&t, "\"equals\"", 0, 2),
            json!({}),
        )
        .await;
    assert_eq!(r, equals(Value::Null));
    // In the inner call: dataModel's path.
    let r = s
        .at(
            "textDocument/signatureHelp",
            &u,
            find(&t, "Person.Name\"]", 0, 1),
            json!({}),
        )
        .await;
    assert_eq!(
        r,
        json!({
            "signatures": [{
                "label": "dataModel(path: string, [dataType: string]) -> any",
                "documentation": {"kind": "markdown", "value": "A value from the data model (the set's default data type unless one is given)\n\nSupported by: app-frontend v4, next frontend, backend"},
                "parameters": [{"label": "path: string"}, {"label": "[dataType: string]"}],
                "activeParameter": 0,
            }],
            "activeSignature": 0,
            "activeParameter": 0,
        })
    );
    // Not in an expression.
    let r = s
        .at(
            "textDocument/signatureHelp",
            &u,
            find(&t, "\"Input\"", 0, 2),
            json!({}),
        )
        .await;
    assert_eq!(r, Value::Null);
}

#[tokio::test]
async fn completion_items_carry_the_kind_of_name() {
    let (mut s, u, t) = page1().await;
    let kinds = |r: Value| -> Vec<(String, u64)> {
        let items = r["items"].as_array().cloned().unwrap_or_default();
        let mut v: Vec<(String, u64)> = items
            .iter()
            .map(|i| {
                (
                    i["label"].as_str().unwrap().to_string(),
                    i["kind"].as_u64().unwrap(),
                )
            })
            .collect();
        v.truncate(3);
        v
    };
    let mut got = Vec::new();
    for (needle, nth, delta) in [
        ("\"equals\"", 0, 1),      // expression function: Function (3)
        ("\"Person.Name\"", 0, 1), // data model path: Field (5)
        ("\"Input\"", 0, 1),       // component type: Class (7)
        ("\"required\"", 0, 1),    // property: Property (10)
        ("\"skip\"", 0, 1),        // free string: nothing
    ] {
        let pos = find(&t, needle, nth, delta);
        got.push(kinds(
            s.at("textDocument/completion", &u, pos, json!({})).await,
        ));
    }
    let k = |v: &[(&str, u64)]| {
        v.iter()
            .map(|(l, k)| (l.to_string(), *k))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        got,
        vec![
            k(&[("_experimentalSelectAndMap", 3), ("and", 3), ("argv", 3)]),
            k(&[("Comment", 5), ("Person", 5), ("Pets", 5)]),
            k(&[("Accordion", 7), ("AccordionGroup", 7), ("ActionButton", 7)]),
            k(&[("hidden", 10), ("grid", 10), ("pageBreak", 10)]),
            vec![],
        ]
    );
    // A fixed value (Constant, 21) and a component id (Reference, 18) on Page2.
    let (u2, t2) = s.open("App/ui/form/layouts/Page2.json").await;
    let r = s
        .at(
            "textDocument/completion",
            &u2,
            find(&t2, "\"list\"", 0, 1),
            json!({}),
        )
        .await;
    assert_eq!(kinds(r), k(&[("simple", 21), ("list", 21)]));
    let r = s
        .at(
            "textDocument/completion",
            &u2,
            find(&t2, "\"componentRef\": \"", 0, 17),
            json!({}),
        )
        .await;
    assert_eq!(kinds(r), k(&[("name", 18), ("age", 18), ("nav1", 18)]));
}

/// A copy of the tiny app as a git repository whose `origin` is a bare repository next to it,
/// one commit shared; `None` (and a visible "skipped") without `git`.
fn tiny_app_repo(tag: &str) -> Option<(PathBuf, PathBuf)> {
    use std::process::Command;
    let base = std::env::temp_dir().join(format!("altinn-lsp-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (work, bare) = (base.join("tiny-app"), base.join("origin.git"));
    let git = |dir: &std::path::Path, args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    std::fs::create_dir_all(&base).ok()?;
    if !git(&base, &["--version"]) {
        eprintln!("skipped: git is not installed");
        return None;
    }
    let src = tiny_app();
    for entry in walk(&src) {
        let rel = entry.strip_prefix(&src).ok()?;
        let to = work.join(rel);
        std::fs::create_dir_all(to.parent()?).ok()?;
        std::fs::copy(&entry, &to).ok()?;
    }
    let ok = git(&work, &["init", "-q", "-b", "main"])
        && git(&work, &["add", "-A"])
        && git(&work, &["commit", "-q", "-m", "first"])
        && git(&base, &["clone", "-q", "--bare", "tiny-app", "origin.git"])
        && git(&work, &["remote", "add", "origin", bare.to_str()?])
        && git(&work, &["fetch", "-q", "origin"])
        && git(&work, &["branch", "-q", "--set-upstream-to=origin/main"]);
    assert!(ok, "setting up the git repository failed");
    Some((base, work.canonicalize().ok()?))
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test]
async fn source_actions_run_the_servers_commands_on_the_files_app() {
    let Some((base, repo)) = tiny_app_repo("actions") else {
        return;
    };
    let mut s = TestServer::start(&repo).await;
    let (u, _) = s.open(PAGE1).await;
    s.wait_version(&u, 0).await;
    let ask = |only: Value| {
        json!({"textDocument": {"uri": u}, "range": at(0, 0, 0),
               "context": {"diagnostics": [], "only": only}})
    };
    // Asked for source actions (VS Code's "Source Action...", LSP4IJ's intentions): the commands.
    let actions = s
        .ok("textDocument/codeAction", ask(json!(["source"])))
        .await;
    let repo_s = harness::plain_path(&repo);
    assert_eq!(actions, Value::Array(command_actions(&repo_s)));
    // Asked for quick fixes only, on a clean file: nothing.
    let none = s
        .ok("textDocument/codeAction", ask(json!(["quickfix"])))
        .await;
    assert_eq!(none, json!([]));
    // Running an action's command: the status of this app's repository (one commit, in step
    // with its origin), and a check of every app.
    let status = actions[0]["command"].clone();
    let r = s
        .ok(
            "workspace/executeCommand",
            json!({"command": status["command"], "arguments": status["arguments"]}),
        )
        .await;
    assert_eq!(
        (&r["branch"], &r["ahead"], &r["behind"], &r["changed"]),
        (&json!("main"), &json!(0), &json!(0), &json!([])),
        "{r}"
    );
    let check = actions[5]["command"].clone();
    let r = s
        .ok(
            "workspace/executeCommand",
            json!({"command": check["command"], "arguments": check["arguments"]}),
        )
        .await;
    assert_eq!(
        r,
        json!({"apps": 1, "files": 10, "errors": 0, "warnings": 0, "information": 0, "hints": 0})
    );
    drop(s);
    let _ = std::fs::remove_dir_all(base);
}

/// The fixture app as a v9 app in a temporary folder: the UI in `ui/Task_1/`, no layout-sets.json.
fn v9_copy() -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&tiny_app(), dir.path());
    let ui = dir.path().join("App/ui");
    std::fs::remove_file(ui.join("layout-sets.json")).unwrap();
    std::fs::rename(ui.join("form"), ui.join("Task_1")).unwrap();
    std::fs::write(
        ui.join("Task_1/Settings.json"),
        r#"{ "defaultDataType": "model", "pages": { "order": ["Page1", "Page2"] } }"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("App/App.csproj"),
        r#"<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="Altinn.App.Api" Version="9.0.0" /><PackageReference Include="Altinn.App.Core" Version="9.0.0" /></ItemGroup></Project>"#,
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn rename_of_a_task_moves_its_ui_folder_when_the_client_can_rename_files() {
    let dir = v9_copy();
    let root = dir.path().canonicalize().unwrap();
    let caps = json!({"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create", "rename"]}});
    let mut s = TestServer::start_with_workspace(&root, caps).await;
    let (u, t) = s.open("App/config/process/process.bpmn").await;
    s.wait_version(&u, 0).await;
    let pos = find(&t, "<bpmn:task id=\"Task_1\"", 0, 16);
    let prep = s
        .at("textDocument/prepareRename", &u, pos.clone(), json!({}))
        .await;
    assert_eq!(
        prep,
        json!({"range": at(4, 19, 25), "placeholder": "Task_1"})
    );
    let e = s
        .at("textDocument/rename", &u, pos, json!({"newName": "Fill"}))
        .await;
    let edit = |file: String, edits: Value| json!({"textDocument": {"uri": file, "version": null}, "edits": edits});
    let ed =
        |line: u32, from: u32, to: u32| json!({"range": at(line, from, to), "newText": "Fill"});
    assert_eq!(
        e,
        json!({"documentChanges": [
            edit(file(&s, "App/config/applicationmetadata.json"), json!([ed(7, 151, 157), ed(8, 77, 83), ed(9, 82, 88)])),
            edit(u.clone(), json!([ed(4, 19, 25), ed(10, 71, 77), ed(11, 46, 52)])),
            {"kind": "rename", "oldUri": file(&s, "App/ui/Task_1"), "newUri": file(&s, "App/ui/Fill")},
        ]})
    );
}

#[tokio::test]
async fn rename_of_a_task_that_must_move_a_folder_is_refused_when_the_client_cannot() {
    let dir = v9_copy();
    let root = dir.path().canonicalize().unwrap();
    let mut s = TestServer::start(&root).await;
    let (u, t) = s.open("App/config/process/process.bpmn").await;
    s.wait_version(&u, 0).await;
    let pos = find(&t, "<bpmn:task id=\"Task_1\"", 0, 16);
    let err = s
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": u}, "position": pos, "newName": "Fill"}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        json!({
            "code": -32803,
            "message": "This rename must move the folder ui/Task_1/ to ui/Fill/, and the editor did not say it can rename files (workspaceEdit.resourceOperations 'rename'); rename the folder and the task yourself, or use an editor that can",
        })
    );
}

/// The fixture app in a temporary folder (for tests that change files on disk).
fn tiny_copy() -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&tiny_app(), dir.path());
    dir
}

/// Waits for an empty list of diagnostics published for `u` outside any document version
/// (a closed document's).
async fn wait_cleared(s: &TestServer, u: &str) {
    let u = u.to_string();
    s.wait_notification("textDocument/publishDiagnostics", move |p| {
        p["uri"] == u.as_str()
            && p["version"].is_null()
            && p["diagnostics"].as_array().is_some_and(Vec::is_empty)
    })
    .await;
}

#[tokio::test]
async fn an_open_file_deleted_on_disk_and_closed_has_its_diagnostics_cleared() {
    let dir = tiny_copy();
    let root = dir.path().canonicalize().unwrap();
    let mut s = TestServer::start(&root).await;
    let (u, t) = s.open(PAGE1).await;
    s.wait_version(&u, 0).await;
    // Broken in the editor: a syntax error.
    s.change(&u, 1, range(pos_end(&t), pos_end(&t)), "x").await;
    assert!(!s.wait_version(&u, 1).await.is_empty());
    // Moved away on disk (its layout set's folder renamed), then closed by the editor.
    let (old, new) = (root.join("App/ui/form"), root.join("App/ui/form2"));
    std::fs::rename(&old, &new).unwrap();
    s.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}))
        .await;
    wait_cleared(&s, &u).await;
}

fn pos_end(t: &str) -> Value {
    harness::pos_of(t, t.len(), 0)
}

#[tokio::test]
async fn a_checked_file_deleted_on_disk_has_its_diagnostics_cleared() {
    let dir = tiny_copy();
    let root = dir.path().canonicalize().unwrap();
    let page2 = root.join("App/ui/form/layouts/Page2.json");
    let text = std::fs::read_to_string(&page2).unwrap();
    std::fs::write(&page2, format!("{text}x")).unwrap();
    let mut s = TestServer::start(&root).await;
    let u = harness::uri(&page2);
    let u2 = u.clone();
    s.wait_notification("textDocument/publishDiagnostics", move |p| {
        p["uri"] == u2.as_str() && p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
    })
    .await;
    std::fs::remove_file(&page2).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": u, "type": 3}]}),
    )
    .await;
    wait_cleared(&s, &u).await;
}

#[tokio::test]
async fn unknown_codes_in_altinn_ls_json_are_errors_on_the_file_while_typed() {
    let dir = tiny_copy();
    let root = dir.path().canonicalize().unwrap();
    let mut s = TestServer::start(&root).await;
    let (p, _) = s.open(PAGE1).await;
    s.wait_version(&p, 0).await;
    let u = harness::uri(&root.join("altinn-ls.json"));
    let text = "{\n  \"severity\": {\"AL5010\": \"off\"}\n}\n";
    s.open_text(&u, text).await;
    let u2 = u.clone();
    let d = s
        .wait_notification("textDocument/publishDiagnostics", move |p| {
            p["uri"] == u2.as_str() && p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
        })
        .await;
    assert_eq!(
        d["diagnostics"],
        json!([{"range": at(1, 15, 23), "severity": 1, "source": "altinn-ls",
                "message": "unknown code AL5010; did you mean AL0510?"}])
    );
    // Fixed in the editor (not saved): cleared.
    s.change(&u, 1, at(1, 18, 20), "05").await;
    wait_cleared(&s, &u).await;
}
