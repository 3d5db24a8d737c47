//! Definition, references and the target resolver on the harness app.
mod common;

use altinn_analysis::ide::{self, Location, Target};
use altinn_analysis::AppDb;
use common::{base_app, db, with};

/// Puts the cursor at the first `|` of `text` in `path`, returns the db and the offset.
fn at(path: &str, text: &str) -> (AppDb, u32) {
    let off = text.find('|').expect("cursor marker") as u32;
    let clean = text.replacen('|', "", 1);
    (db(with(base_app(), &[(path, &clean)])), off)
}

/// Offset of `needle` (plus `delta`) in a base app file.
fn off_in(db: &AppDb, path: &str, needle: &str, delta: u32) -> u32 {
    let f = db.file(path).expect("file");
    f.text.find(needle).expect("needle") as u32 + delta
}

fn show(db: &AppDb, locs: &[Location]) -> Vec<String> {
    locs.iter()
        .map(|l| {
            let f = db.file(&l.file).expect("file");
            format!("{} `{}`", l.file, f.slice(l.range))
        })
        .collect()
}

const PAGE1: &str = "ui/form/layouts/Page1.json";
const PAGE2: &str = "ui/form/layouts/Page2.json";

#[test]
fn text_key_definition_and_references() {
    let db = db(base_app());
    let off = off_in(&db, PAGE1, "\"name.title\"", 3);
    let (t, r) = ide::navigation::target_at(&db, PAGE1, off).expect("target");
    assert_eq!(t, Target::TextKey("name.title".into()));
    assert_eq!(db.file(PAGE1).unwrap().slice(r), "name.title");
    let defs = show(&db, &ide::definition(&db, PAGE1, off));
    assert_eq!(
        defs,
        [
            "config/texts/resource.en.json `name.title`",
            "config/texts/resource.nb.json `name.title`"
        ]
    );
    let refs = show(&db, &ide::references(&db, PAGE1, off, false));
    assert_eq!(refs, ["ui/form/layouts/Page1.json `name.title`"]);
    let all = ide::references(&db, PAGE1, off, true);
    assert_eq!(all.len(), 3);
    // From the declaration side as well.
    let nb = "config/texts/resource.nb.json";
    let off = off_in(&db, nb, "\"name.title\"", 2);
    assert_eq!(show(&db, &ide::references(&db, nb, off, false)), refs);
}

#[test]
fn component_id_uses_and_expression_text() {
    let (db, off) = at(
        PAGE2,
        r#"{ "data": { "layout": [
      { "id": "pets", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": ["pet-species", "pet-name"] },
      { "id": "pet-species", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Pets.Species" }, "optionsId": "species" },
      { "id": "pet-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } },
      { "id": "summary-name", "type": "Summary", "componentRef": "na|me" },
      { "id": "s2", "type": "Summary2", "target": { "type": "component", "id": "name" } },
      { "id": "p", "type": "Paragraph", "textResourceBindings": { "title": ["concat", ["text", "age.title"], ["component", "name"]] } }
    ] } }"#,
    );
    let defs = show(&db, &ide::definition(&db, PAGE2, off));
    assert_eq!(defs, ["ui/form/layouts/Page1.json `name`"]);
    let refs = show(&db, &ide::references(&db, PAGE2, off, false));
    assert_eq!(
        refs,
        [
            "ui/form/layouts/Page2.json `name`",
            "ui/form/layouts/Page2.json `name`",
            "ui/form/layouts/Page2.json `name`"
        ]
    );
    let text_off = off_in(&db, PAGE2, "\"age.title\"", 1);
    let refs = show(&db, &ide::references(&db, PAGE2, text_off, false));
    assert_eq!(
        refs,
        [
            "ui/form/layouts/Page1.json `age.title`",
            "ui/form/layouts/Page2.json `age.title`"
        ]
    );
}

#[test]
fn binding_to_schema_and_back() {
    let db = db(base_app());
    let off = off_in(&db, PAGE1, "\"Person.Name\"", 8);
    let defs = show(&db, &ide::definition(&db, PAGE1, off));
    assert_eq!(defs, ["models/model.schema.json `\"Name\"`"]);
    let schema = "models/model.schema.json";
    let off = off_in(&db, schema, "\"Name\"", 2);
    let refs = show(&db, &ide::references(&db, schema, off, false));
    // The binding, the dataModel expression and the text variable.
    assert_eq!(
        refs,
        [
            "config/texts/resource.en.json `Person.Name`",
            "config/texts/resource.nb.json `Person.Name`",
            "ui/form/layouts/Page1.json `Person.Name`",
            "ui/form/layouts/Page1.json `Person.Name`"
        ]
    );
}

#[test]
fn page_task_set_code_list_and_data_type() {
    let db = db(base_app());
    let settings = "ui/form/Settings.json";
    let off = off_in(&db, settings, "\"Page2\"", 2);
    let defs = ide::definition(&db, settings, off);
    assert_eq!(defs.len(), 1);
    assert_eq!(defs[0].file, PAGE2);
    assert_eq!(defs[0].range.start, 0);

    let sets = "ui/layout-sets.json";
    let off = off_in(&db, sets, "\"Task_1\"", 2);
    assert_eq!(
        show(&db, &ide::definition(&db, sets, off)),
        ["config/process/process.bpmn `Task_1`"]
    );
    let refs = show(&db, &ide::references(&db, sets, off, false));
    assert!(
        refs.contains(&"config/applicationmetadata.json `Task_1`".to_string()),
        "{refs:?}"
    );
    assert!(
        refs.contains(&"ui/layout-sets.json `Task_1`".to_string()),
        "{refs:?}"
    );
    assert!(
        refs.contains(&"config/process/process.bpmn `Task_1`".to_string()),
        "{refs:?}"
    );

    let off = off_in(&db, PAGE2, "\"species\"", 2);
    let defs = ide::definition(&db, PAGE2, off);
    assert_eq!(defs[0].file, "options/species.json");

    let off = off_in(&db, sets, "\"model\"", 2);
    assert_eq!(
        show(&db, &ide::definition(&db, sets, off)),
        ["config/applicationmetadata.json `model`"]
    );
    let off = off_in(&db, sets, "\"form\"", 2);
    let refs = ide::references(&db, sets, off, true);
    assert_eq!(show(&db, &refs), ["ui/layout-sets.json `form`"]);
}

#[test]
fn rule_function_to_rule_handler() {
    let conf = r#"{ "data": { "ruleConnection": { "a1": { "selectedFunction": "su|m", "inputParams": { "a": "Person.Age" }, "outParams": { "outParam0": "Comment" } } },
      "conditionalRendering": { "c1": { "selectedFunction": "isBig", "inputParams": { "v": "Person.Age" }, "selectedAction": "Hide", "selectedFields": { "x1": "name" } } } } }"#;
    let js = "var ruleHandlerObject = { sum: function (obj) { return obj.a; } };\nvar conditionalRuleHandlerObject = { isBig: function (obj) { return obj.v > 10; } };\n";
    let off = conf.find('|').unwrap() as u32;
    let db = db(with(
        base_app(),
        &[
            ("ui/form/RuleConfiguration.json", &conf.replacen('|', "", 1)),
            ("ui/form/RuleHandler.js", js),
        ],
    ));
    let p = "ui/form/RuleConfiguration.json";
    assert_eq!(
        show(&db, &ide::definition(&db, p, off)),
        ["ui/form/RuleHandler.js `sum`"]
    );
    // selectedFields are component references.
    let off = off_in(&db, p, "\"name\"", 2);
    assert_eq!(
        show(&db, &ide::definition(&db, p, off)),
        ["ui/form/layouts/Page1.json `name`"]
    );
}

#[test]
fn hovers() {
    let db = db(base_app());
    let h = |path: &str, needle: &str, delta: u32| {
        let off = off_in(&db, path, needle, delta);
        ide::hover(&db, path, off).map(|h| {
            (
                db.file(path).unwrap().slice(h.range).to_string(),
                h.markdown,
            )
        })
    };
    let (range, md) = h(PAGE1, "\"name.title\"", 1).unwrap();
    assert_eq!(range, "name.title");
    assert!(
        md.contains("- **nb**: Navn") && md.contains("- **en**: Name"),
        "{md}"
    );

    let (_, md) = h(PAGE1, "\"Person.Name\"", 3).unwrap();
    assert!(
        md.contains("`string`") && md.contains("maxLength: 100"),
        "{md}"
    );

    let (_, md) = h(PAGE2, "\"Pets.Species\"", 3).unwrap();
    assert!(md.contains("repeating rows of `Pets`"), "{md}");

    let (_, md) = h(PAGE2, "\"componentRef\": \"name\"", 18).unwrap();
    assert!(md.contains("`Input` on page **Page1**"), "{md}");

    let (_, md) = h("ui/layout-sets.json", "\"Task_1\"", 2).unwrap();
    assert!(
        md.contains("Task type: `data`") && md.contains("Utfylling"),
        "{md}"
    );

    let (_, md) = h(PAGE1, "\"Input\"", 2).unwrap();
    assert!(md.contains("**Input** component"), "{md}");

    let (_, md) = h(PAGE1, "\"equals\"", 2).unwrap();
    assert!(md.contains("equals("), "{md}");

    let (_, md) = h(PAGE2, "\"species\"", 2).unwrap();
    assert!(
        md.contains("2 options") && md.contains("`dog`: Hund"),
        "{md}"
    );

    // Property keys of a component.
    let (_, md) = h(PAGE1, "\"required\"", 2).unwrap();
    assert!(md.starts_with("**required**"), "{md}");

    // Nothing on punctuation or on a number.
    assert!(h(PAGE2, "10,", 0).is_none());
}

#[test]
fn hover_on_binding_keys() {
    let db = db(base_app());
    let off = off_in(&db, PAGE1, "\"simpleBinding\"", 2);
    let h = ide::hover(&db, PAGE1, off).expect("hover");
    assert!(
        h.markdown
            .starts_with("**simpleBinding**: required binding to a single value"),
        "{}",
        h.markdown
    );
    let off = off_in(&db, PAGE1, "\"title\"", 2);
    let h = ide::hover(&db, PAGE1, off).expect("hover");
    assert!(h.markdown.contains("Text of `Input`"), "{}", h.markdown);
}

#[test]
fn component_id_properties_from_the_component_model() {
    let (db, off) = at(
        PAGE2,
        r#"{ "data": { "layout": [
      { "id": "pets", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": ["pet-species", "pet-name"], "tableHeaders": ["pet-na|me"] },
      { "id": "pet-species", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Pets.Species" }, "optionsId": "species" },
      { "id": "pet-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } },
      { "id": "sum", "type": "Summary", "componentRef": "pets", "excludedChildren": ["pet-name"] }
    ] } }"#,
    );
    assert_eq!(
        show(&db, &ide::definition(&db, PAGE2, off)),
        ["ui/form/layouts/Page2.json `pet-name`"]
    );
    assert_eq!(ide::references(&db, PAGE2, off, false).len(), 3);
}

#[test]
fn task_references_include_the_policy() {
    let policy = r#"<?xml version="1.0" encoding="utf-8"?>
<xacml:Policy xmlns:xacml="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="p" RuleCombiningAlgId="x">
  <xacml:Rule RuleId="r1" Effect="Permit">
    <xacml:Target><xacml:AnyOf><xacml:AllOf>
      <xacml:Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">
        <xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">Task_1</xacml:AttributeValue>
        <xacml:AttributeDesignator AttributeId="urn:altinn:task" Category="urn:oasis:names:tc:xacml:3.0:attribute-category:resource" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false" />
      </xacml:Match>
    </xacml:AllOf></xacml:AnyOf></xacml:Target>
  </xacml:Rule>
</xacml:Policy>"#;
    let db = db(with(
        base_app(),
        &[("config/authorization/policy.xml", policy)],
    ));
    let sets = "ui/layout-sets.json";
    let off = off_in(&db, sets, "\"Task_1\"", 2);
    let refs = show(&db, &ide::references(&db, sets, off, false));
    assert!(
        refs.contains(&"config/authorization/policy.xml `Task_1`".to_string()),
        "{refs:?}"
    );
}

#[test]
fn option_mapping_keys_are_data_paths() {
    let (db, off) = at(
        PAGE2,
        r#"{ "data": { "layout": [
      { "id": "pet-species", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Pets.Species" }, "optionsId": "species", "mapping": { "Person.A|ge": "age" } }
    ] } }"#,
    );
    assert_eq!(
        show(&db, &ide::definition(&db, PAGE2, off)),
        ["models/model.schema.json `\"Age\"`"]
    );
}

#[test]
fn binding_definition_includes_the_xsd_element() {
    let xsd = r#"<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="Model"><xs:complexType><xs:sequence>
    <xs:element name="Person"><xs:complexType><xs:sequence>
      <xs:element name="Name" type="xs:string" />
      <xs:element name="Age" type="xs:int" />
    </xs:sequence></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;
    let db = db(with(base_app(), &[("models/model.xsd", xsd)]));
    let off = off_in(&db, PAGE1, "\"Person.Age\"", 9);
    assert_eq!(
        show(&db, &ide::definition(&db, PAGE1, off)),
        [
            "models/model.schema.json `\"Age\"`",
            "models/model.xsd `Age`"
        ]
    );
}

#[test]
fn xsd_element_prefers_the_one_under_the_parent_segment() {
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="Model" type="ModelType" />
  <xs:complexType name="ModelType"><xs:sequence>
    <xs:element name="Comment" type="xs:string" />
    <xs:element name="Pets" type="PetType" maxOccurs="unbounded" />
    <xs:element name="Person" type="PersonType" />
  </xs:sequence></xs:complexType>
  <xs:complexType name="PersonType"><xs:sequence><xs:element name="Name" type="xs:string" /></xs:sequence></xs:complexType>
  <xs:complexType name="PetType"><xs:sequence><xs:element name="Name" type="xs:string" /></xs:sequence></xs:complexType>
</xs:schema>"#;
    let db = db(with(base_app(), &[("models/model.xsd", xsd)]));
    let off = off_in(&db, PAGE1, "\"Person.Name\"", 9);
    let defs = ide::definition(&db, PAGE1, off);
    let x = defs
        .iter()
        .find(|l| l.file == "models/model.xsd")
        .expect("xsd");
    let before = &db.file("models/model.xsd").unwrap().text[..x.range.start as usize];
    assert!(
        before.contains("PersonType\"><xs:sequence><xs:element name=\""),
        "{before}"
    );
}
