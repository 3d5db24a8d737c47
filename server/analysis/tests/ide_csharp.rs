//! Navigation, hover and rename between data model paths and the C# model class.
mod common;

use altinn_analysis::ide::{self, Location};
use altinn_analysis::AppDb;
use common::{base_app, db, render, with, CS_MODEL as MODEL};

const CS: &str = "models/model.cs";
const PAGE1: &str = "ui/form/layouts/Page1.json";
const SCHEMA: &str = "models/model.schema.json";

fn app() -> Vec<(String, String)> {
    common::with_cs_model()
}

fn off_in(db: &AppDb, path: &str, needle: &str, delta: u32) -> u32 {
    db.file(path)
        .expect("file")
        .text
        .find(needle)
        .expect("needle") as u32
        + delta
}

fn show(db: &AppDb, locs: &[Location]) -> Vec<String> {
    locs.iter()
        .map(|l| {
            let f = db.file(&l.file).expect("file");
            format!("{} `{}`", l.file, f.slice(l.range))
        })
        .collect()
}

#[test]
fn binding_definition_lands_on_the_schema_and_the_csharp_property() {
    let db = db(app());
    let off = off_in(&db, PAGE1, "\"Person.Name\"", 8);
    assert_eq!(
        show(&db, &ide::definition(&db, PAGE1, off)),
        [
            "models/model.schema.json `\"Name\"`",
            "models/model.cs `Name`"
        ]
    );
    // A row field of a repeating group: through the list's element class.
    let db2 = common::db(with(
        app(),
        &[(
            "ui/form/layouts/Page2.json",
            r#"{ "data": { "layout": [ { "id": "pets", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": ["species"] }, { "id": "species", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.Species" } } ] } }"#,
        )],
    ));
    let p2 = "ui/form/layouts/Page2.json";
    let off = off_in(&db2, p2, "\"Pets.Species\"", 7);
    assert_eq!(
        show(&db2, &ide::definition(&db2, p2, off)),
        [
            "models/model.schema.json `\"Species\"`",
            "models/model.cs `Species`"
        ]
    );
}

#[test]
fn references_from_the_csharp_property_find_bindings_expressions_and_texts() {
    let db = db(app());
    let off = off_in(&db, CS, "string Name", 8);
    assert_eq!(
        show(&db, &ide::references(&db, CS, off, false)),
        [
            "config/texts/resource.en.json `Person.Name`",
            "config/texts/resource.nb.json `Person.Name`",
            "ui/form/layouts/Page1.json `Person.Name`",
            "ui/form/layouts/Page1.json `Person.Name`"
        ]
    );
    // With declarations: the schema property and the C# property too.
    let all = show(&db, &ide::references(&db, CS, off, true));
    assert!(
        all.contains(&"models/model.cs `Name`".to_string()),
        "{all:?}"
    );
    assert!(
        all.contains(&"models/model.schema.json `\"Name\"`".to_string()),
        "{all:?}"
    );
    // The JsonPropertyName string is the same field; definition from C# goes to the schema.
    let off = off_in(&db, CS, "JsonPropertyName(\"Name\")", 19);
    let defs = show(&db, &ide::definition(&db, CS, off));
    assert_eq!(
        defs,
        [
            "models/model.schema.json `\"Name\"`",
            "models/model.cs `Name`"
        ]
    );
    // Something else in the C# file is nothing.
    assert!(ide::definition(&db, CS, off_in(&db, CS, "namespace", 2)).is_empty());
}

#[test]
fn hover_on_a_binding_shows_the_csharp_type() {
    let db = db(app());
    let off = off_in(&db, PAGE1, "\"Person.Age\"", 8);
    let h = ide::hover(&db, PAGE1, off).expect("hover");
    assert!(
        h.markdown
            .contains("C#: `Person.Age` is `decimal?` (`models/model.cs`)"),
        "{}",
        h.markdown
    );
    // From the C# side: the same description.
    let off = off_in(&db, CS, "List<Pet> Pets", 12);
    let h = ide::hover(&db, CS, off).expect("hover");
    assert!(
        h.markdown.contains("C#: `Model.Pets` is `List<Pet>`"),
        "{}",
        h.markdown
    );
}

#[test]
fn rename_from_the_csharp_property_edits_every_side() {
    let files = app();
    let db = db(files.clone());
    let off = off_in(&db, CS, "string Name", 8);
    let (range, name) = ide::prepare_rename(&db, CS, off).expect("renamable");
    assert_eq!(
        (db.file(CS).unwrap().slice(range), name.as_str()),
        ("Name", "Name")
    );
    let edits = ide::rename(&db, CS, off, "FullName").expect("rename");
    let mut per_file: Vec<String> = edits.iter().map(|e| e.file.clone()).collect();
    per_file.dedup();
    assert_eq!(
        per_file,
        [
            "config/texts/resource.en.json",
            "config/texts/resource.nb.json",
            "models/model.cs",
            "models/model.schema.json",
            "ui/form/layouts/Page1.json"
        ]
    );
    let after = ide_rename_apply(&files, &edits);
    let cs = &after.iter().find(|(p, _)| p == CS).unwrap().1;
    assert!(cs.contains("[XmlElement(\"FullName\", Order = 1)]"));
    assert!(cs.contains("[JsonProperty(\"FullName\")]"));
    assert!(cs.contains("[JsonPropertyName(\"FullName\")]"));
    assert!(cs.contains("public string FullName { get; set; }"));
    // The renamed app checks as clean as before, C# agreement included.
    let after_db = common::db(after);
    assert_eq!(
        render(&after_db, &after_db.check_all()),
        "(no diagnostics)\n"
    );
}

#[test]
fn rename_from_a_binding_edits_the_csharp_property_too() {
    let files = app();
    let db = db(files.clone());
    let off = off_in(&db, PAGE1, "\"Person.Name\"", 10);
    let edits = ide::rename(&db, PAGE1, off, "Navn").expect("rename");
    let cs: Vec<&str> = edits
        .iter()
        .filter(|e| e.file == CS)
        .map(|e| db.file(CS).unwrap().slice(e.range))
        .collect();
    assert_eq!(cs, ["Name", "Name", "Name", "Name"]);
}

#[test]
fn rename_refusals_name_what_cannot_be_renamed() {
    // A data name with a dash cannot be the C# identifier that carries it.
    let db = db(app());
    let off = off_in(&db, CS, "string Name", 8);
    let err = ide::rename(&db, CS, off, "full-name").unwrap_err();
    assert!(err.contains("'full-name' is not a C# identifier"), "{err}");
    // A name the class already has.
    let err = ide::rename(&db, CS, off, "Age").unwrap_err();
    assert!(err.contains("already has a field 'Age'"), "{err}");
    // A JsonPropertyName different from the identifier: only the names change.
    let renamed = MODEL.replace(
        "[JsonPropertyName(\"Comment\")]\n    public string Comment",
        "[JsonPropertyName(\"Comment\")]\n    public string Kommentar",
    );
    let db = common::db(with(base_app(), &[(CS, &renamed)]));
    let off = off_in(&db, CS, "string Kommentar", 8);
    let edits = ide::rename(&db, CS, off, "note-text").expect("rename");
    let cs: Vec<&str> = edits
        .iter()
        .filter(|e| e.file == CS)
        .map(|e| db.file(CS).unwrap().slice(e.range))
        .collect();
    assert_eq!(cs, ["Comment", "Comment", "Comment"]);
    // An XSD-only model.
    let files = common::without(
        with(
            app(),
            &[(
                "models/model.xsd",
                "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>",
            )],
        ),
        &[SCHEMA],
    );
    let db = common::db(files);
    let off = off_in(&db, PAGE1, "\"Person.Name\"", 10);
    let err = ide::rename(&db, PAGE1, off, "Navn").unwrap_err();
    assert!(
        err.contains("only an XSD model (models/model.xsd)"),
        "{err}"
    );
}

fn ide_rename_apply(files: &[(String, String)], edits: &[ide::FileEdit]) -> Vec<(String, String)> {
    let mut out = files.to_vec();
    let mut sorted: Vec<&ide::FileEdit> = edits.iter().collect();
    sorted.sort_by(|a, b| (&b.file, b.range.start).cmp(&(&a.file, a.range.start)));
    for e in sorted {
        let (_, text) = out.iter_mut().find(|(p, _)| *p == e.file).expect("file");
        text.replace_range(e.range.start as usize..e.range.end as usize, &e.new_text);
    }
    out
}
