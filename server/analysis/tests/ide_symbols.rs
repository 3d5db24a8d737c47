//! Document symbols, links and folding ranges.
mod common;

use altinn_analysis::ide::{self, LinkTarget, Symbol, SymbolKind};
use altinn_analysis::AppDb;
use common::{base_app, db};

fn outline(db: &AppDb, path: &str, syms: &[Symbol], depth: usize, out: &mut Vec<String>) {
    let f = db.file(path).unwrap();
    for s in syms {
        assert!(s.range.contains_range(s.selection_range), "{s:?}");
        out.push(format!(
            "{}{} {:?} {} [{}]",
            "  ".repeat(depth),
            s.name,
            s.kind,
            s.detail.as_deref().unwrap_or("-"),
            f.slice(s.selection_range)
        ));
        outline(db, path, &s.children, depth + 1, out);
    }
}

fn show(db: &AppDb, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    outline(db, path, &ide::document_symbols(db, path), 0, &mut out);
    out
}

#[test]
fn layout_outline_follows_children() {
    let db = db(base_app());
    assert_eq!(
        show(&db, "ui/form/layouts/Page2.json"),
        [
            "Page2 Page page []",
            "  pets Component RepeatingGroup [pets]",
            "    pet-species Component Dropdown [pet-species]",
            "    pet-name Component Input [pet-name]",
            "  upload Component FileUpload [upload]",
            "  summary-name Component Summary [summary-name]",
            "  nav2 Component NavigationButtons [nav2]",
        ]
    );
}

#[test]
fn text_and_bpmn_outlines() {
    let db = db(base_app());
    let t = show(&db, "config/texts/resource.nb.json");
    assert_eq!(t[0], "appName TextKey Testapp [appName]");
    assert_eq!(t.len(), 5);
    assert_eq!(
        show(&db, "config/process/process.bpmn"),
        [
            "Process_1 Other process [Process_1]",
            "  StartEvent_1 Event startEvent [StartEvent_1]",
            "  Task_1 Task Utfylling (data) [Task_1]",
            "  EndEvent_1 Event endEvent [EndEvent_1]",
        ]
    );
    let m = show(&db, "config/applicationmetadata.json");
    assert!(
        m.contains(&"model DataType Altinn.App.Models.Model [model]".to_string()),
        "{m:?}"
    );
    let s = show(&db, "models/model.schema.json");
    assert_eq!(s[0], "Person Property #/$defs/Person [\"Person\"]");
}

#[test]
fn links_to_schemas_and_code_lists() {
    let db = db(base_app());
    let p = "ui/form/layouts/Page2.json";
    let links = ide::document_links(&db, p);
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(matches!(&links[0].target, LinkTarget::Url(u) if u.ends_with("layout.schema.v1.json")));
    assert_eq!(
        links[1].target,
        LinkTarget::File("options/species.json".into())
    );
    assert_eq!(db.file(p).unwrap().slice(links[1].range), "species");
}

#[test]
fn folding_multiline_objects_and_arrays_only() {
    let db = db(base_app());
    let p = "ui/form/layouts/Page1.json";
    let f = db.file(p).unwrap();
    let ranges = ide::folding_ranges(&db, p);
    // The root, `data` and `layout`: the components are one line each.
    assert_eq!(ranges.len(), 3, "{ranges:?}");
    for r in &ranges {
        assert!(f.slice(*r).contains('\n'));
    }
    assert!(!ide::folding_ranges(&db, "config/process/process.bpmn").is_empty());
    let _ = SymbolKind::File;
}

#[test]
fn links_to_pages_and_data_models() {
    let db = db(base_app());
    let links = ide::document_links(&db, "ui/form/Settings.json");
    let files: Vec<&LinkTarget> = links.iter().map(|l| &l.target).collect();
    assert!(files.contains(&&LinkTarget::File("ui/form/layouts/Page1.json".into())));
    assert!(files.contains(&&LinkTarget::File("ui/form/layouts/Page2.json".into())));
    let links = ide::document_links(&db, "ui/layout-sets.json");
    assert!(links
        .iter()
        .any(|l| l.target == LinkTarget::File("models/model.schema.json".into())));
    let links = ide::document_links(&db, "config/applicationmetadata.json");
    assert_eq!(links.len(), 1, "{links:?}");
}
