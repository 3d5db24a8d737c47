//! Our component model (`model::components`) agrees with the published layout schemas in
//! `../shared/altinn/schemas/`: the same component types, properties, required keys, enum
//! values, expression-typed properties, dataModelBindings keys and textResourceBindings keys.
//! Deliberate deviations are listed below with their reason.

#[path = "../../../tests/support/prereq.rs"]
mod prereq;

use altinn_analysis::model::components::{self, ExprType, Generations, PropType};
use altinn_analysis::model::FrontendMajor;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn load(rel: &str, test: &str) -> Option<Value> {
    let path = prereq::shared(rel, test)?;
    let text = std::fs::read_to_string(path).expect("schema file readable");
    Some(serde_json::from_str(&text).expect("schema is JSON"))
}

/// What the schema says about one component type.
#[derive(Debug, Default)]
struct SchemaComp {
    props: BTreeSet<String>,
    required: BTreeSet<String>,
    /// Property -> its definition (the first non-`true` one found).
    defs: BTreeMap<String, Value>,
}

struct Schema {
    defs: serde_json::Map<String, Value>,
}

impl Schema {
    fn new(v: &Value) -> Schema {
        Schema {
            defs: v["definitions"].as_object().expect("definitions").clone(),
        }
    }
    fn deref<'a>(&'a self, mut v: &'a Value) -> &'a Value {
        while let Some(r) = v.get("$ref").and_then(|r| r.as_str()) {
            match r.strip_prefix("#/definitions/") {
                Some(name) => v = &self.defs[name],
                None => break,
            }
        }
        v
    }
    fn types(&self) -> Vec<String> {
        self.defs["AnyComponent"]["properties"]["type"]["enum"]
            .as_array()
            .expect("type enum")
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect()
    }
    fn collect(&self, v: &Value, out: &mut BTreeMap<String, Value>) {
        let v = self.deref(v);
        if let Some(props) = v.get("properties").and_then(|p| p.as_object()) {
            for (k, d) in props {
                if d != &Value::Bool(true) && (!out.contains_key(k) || k == "textResourceBindings")
                {
                    out.insert(k.clone(), d.clone());
                }
            }
        }
        if let Some(all) = v.get("allOf").and_then(|a| a.as_array()) {
            for s in all {
                self.collect(s, out);
            }
        }
    }
    fn component(&self, ty: &str) -> SchemaComp {
        let c = self.deref(&self.defs[&format!("Comp{ty}")]);
        let last = c["allOf"].as_array().and_then(|a| a.last()).expect("allOf");
        let props = last["properties"]
            .as_object()
            .expect("props")
            .keys()
            .cloned()
            .collect();
        let required = last["required"]
            .as_array()
            .expect("required")
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect();
        let mut defs = BTreeMap::new();
        self.collect(c, &mut defs);
        SchemaComp {
            props,
            required,
            defs,
        }
    }
    /// Keys and required keys of an object schema (following `$ref` and `allOf`).
    fn keys(&self, v: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
        let v = self.deref(v);
        let mut keys = BTreeSet::new();
        let mut req = BTreeSet::new();
        if let Some(p) = v.get("properties").and_then(|p| p.as_object()) {
            keys.extend(p.keys().cloned());
        }
        if let Some(r) = v.get("required").and_then(|r| r.as_array()) {
            req.extend(r.iter().filter_map(|x| x.as_str().map(String::from)));
        }
        for key in ["allOf", "anyOf"] {
            if let Some(all) = v.get(key).and_then(|a| a.as_array()) {
                for s in all {
                    let (k, r) = self.keys(s);
                    keys.extend(k);
                    if key == "allOf" {
                        req.extend(r);
                    }
                }
            }
        }
        (keys, req)
    }
    /// Enum values of a property definition, if it is a plain enum (or a list of consts).
    fn enum_values(&self, v: &Value) -> Option<Vec<String>> {
        let v = self.deref(v);
        if let Some(e) = v.get("enum").and_then(|e| e.as_array()) {
            return Some(
                e.iter()
                    .map(|x| x.to_string().trim_matches('"').to_string())
                    .collect(),
            );
        }
        if let Some(c) = v.get("const") {
            return Some(vec![c.to_string().trim_matches('"').to_string()]);
        }
        let alts = v.get("anyOf").and_then(|a| a.as_array())?;
        alts.iter()
            .map(|a| {
                self.deref(a)
                    .get("const")
                    .map(|c| c.to_string().trim_matches('"').to_string())
            })
            .collect()
    }
    /// The expression type when the property is (only) an expression reference.
    fn expr_type(&self, v: &Value) -> Option<ExprType> {
        let r = v.get("$ref")?.as_str()?;
        match r.strip_prefix("expression.schema.v1.json#/definitions/")? {
            "boolean" => Some(ExprType::Boolean),
            "string" => Some(ExprType::String),
            "number" => Some(ExprType::Number),
            _ => None,
        }
    }
}

fn ours_for(gen: FrontendMajor) -> BTreeSet<String> {
    components::for_frontend(gen)
        .map(|c| c.name.to_string())
        .collect()
}

fn check_schema(schema: &Schema, gen: FrontendMajor) -> Vec<String> {
    let mut problems = Vec::new();
    let theirs: BTreeSet<String> = schema.types().into_iter().collect();
    let ours = ours_for(gen);
    if theirs != ours {
        problems.push(format!(
            "types differ: only in schema {:?}, only ours {:?}",
            theirs.difference(&ours).collect::<Vec<_>>(),
            ours.difference(&theirs).collect::<Vec<_>>()
        ));
    }
    for ty in theirs.intersection(&ours) {
        let sc = schema.component(ty);
        let def = components::component(ty).expect("ours");
        let our_props: BTreeSet<String> = def.props.iter().map(|p| p.name.to_string()).collect();
        if our_props != sc.props {
            problems.push(format!(
                "{ty}: props only in schema {:?}, only ours {:?}",
                sc.props.difference(&our_props).collect::<Vec<_>>(),
                our_props.difference(&sc.props).collect::<Vec<_>>()
            ));
        }
        let our_req: BTreeSet<String> = def.required_props().map(|p| p.name.to_string()).collect();
        if our_req != sc.required {
            problems.push(format!(
                "{ty}: required differs: schema {:?}, ours {:?}",
                sc.required, our_req
            ));
        }
        for p in def.props {
            let Some(sd) = sc.defs.get(p.name) else {
                continue;
            };
            // Enums: same values in the same order.
            match p.ty {
                PropType::Enum(vals) => {
                    let theirs = schema.enum_values(sd);
                    let ours: Vec<String> = vals.iter().map(|s| s.to_string()).collect();
                    if theirs.as_ref() != Some(&ours) {
                        problems.push(format!(
                            "{ty}.{}: enum differs: schema {theirs:?}, ours {ours:?}",
                            p.name
                        ));
                    }
                }
                PropType::IntEnum(vals) => {
                    let theirs = schema.enum_values(sd);
                    let ours: Vec<String> = vals.iter().map(|s| s.to_string()).collect();
                    if theirs.as_ref() != Some(&ours) {
                        problems.push(format!(
                            "{ty}.{}: enum differs: schema {theirs:?}, ours {ours:?}",
                            p.name
                        ));
                    }
                }
                _ => {
                    if p.name != "type" {
                        if let Some(vals) = schema.enum_values(sd) {
                            problems.push(format!(
                                "{ty}.{}: schema has enum {vals:?}, ours is {:?}",
                                p.name, p.ty
                            ));
                        }
                    }
                }
            }
            // Expression-typed properties.
            let theirs = schema.expr_type(sd);
            let ours = p.ty.expr_type();
            // Deliberate: minDate/maxDate/minTime/maxTime are "string expression or a
            // literal": the schema spells it as anyOf, we as StrExpr.
            let any_of_string_expr = sd.get("anyOf").and_then(|a| a.as_array()).is_some_and(|a| {
                a.iter()
                    .any(|x| schema.expr_type(x) == Some(ExprType::String))
            });
            if theirs != ours && !(any_of_string_expr && ours == Some(ExprType::String)) {
                problems.push(format!(
                    "{ty}.{}: expression type differs: schema {theirs:?}, ours {ours:?}",
                    p.name
                ));
            }
        }
        // dataModelBindings keys.
        if let Some(b) = sc.defs.get("dataModelBindings") {
            let (keys, req) = schema.keys(b);
            let our_keys: BTreeSet<String> =
                def.bindings.iter().map(|b| b.key.to_string()).collect();
            let our_req: BTreeSet<String> = def
                .bindings
                .iter()
                .filter(|b| b.required)
                .map(|b| b.key.to_string())
                .collect();
            if keys != our_keys {
                problems.push(format!(
                    "{ty}: binding keys differ: schema {keys:?}, ours {our_keys:?}"
                ));
            }
            // Deliberate: FileUpload/FileUploadWithTag take `simpleBinding` OR `list`
            // (anyOf); neither key is required on its own, and so neither is in ours.
            if req != our_req {
                problems.push(format!(
                    "{ty}: required binding keys differ: schema {req:?}, ours {our_req:?}"
                ));
            }
            let open = schema
                .deref(b)
                .get("additionalProperties")
                .is_some_and(|a| a.is_object());
            if open != def.open_bindings {
                problems.push(format!(
                    "{ty}: open bindings: schema {open}, ours {}",
                    def.open_bindings
                ));
            }
        } else if !def.bindings.is_empty() {
            problems.push(format!("{ty}: we list bindings the schema does not have"));
        }
        // textResourceBindings keys (the closing `additionalProperties: false` list).
        if let Some(t) = sc.defs.get("textResourceBindings") {
            let t = schema.deref(t);
            let mut keys = BTreeSet::new();
            let parts: Vec<&Value> = match t.get("allOf").and_then(|a| a.as_array()) {
                Some(a) => a.iter().collect(),
                None => vec![t],
            };
            for part in parts {
                let part = schema.deref(part);
                if part.get("additionalProperties") == Some(&Value::Bool(false)) {
                    if let Some(p) = part.get("properties").and_then(|p| p.as_object()) {
                        keys.extend(p.keys().cloned());
                    }
                }
            }
            if keys.is_empty() {
                // A single shared definition without a closing list (Cards, Divider, ...).
                keys = schema.keys(t).0;
            }
            let ours: BTreeSet<String> = def.text_bindings.iter().map(|s| s.to_string()).collect();
            if keys != ours {
                problems.push(format!(
                    "{ty}: text keys differ: schema {keys:?}, ours {ours:?}"
                ));
            }
        }
        // Options support follows the presence of optionsId.
        if def.options != sc.props.contains("optionsId") {
            problems.push(format!("{ty}: options flag differs"));
        }
    }
    problems
}

#[test]
fn v4_layout_schema_agrees_with_our_component_model() {
    let Some(v) = load(
        "altinn/schemas/app-frontend-react-v4/layout/layout.schema.v1.json",
        "v4_layout_schema_agrees_with_our_component_model",
    ) else {
        return;
    };
    let problems = check_schema(&Schema::new(&v), FrontendMajor::V4);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn next_frontend_layout_schema_agrees_with_our_component_model() {
    let Some(v) = load(
        "altinn/schemas/altinn-studio-monorepo/layout/layout.schema.v1.json",
        "next_frontend_layout_schema_agrees_with_our_component_model",
    ) else {
        return;
    };
    let problems = check_schema(&Schema::new(&v), FrontendMajor::Next);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn renamed_types_are_generation_specific() {
    for (old, new) in [
        ("Header", "Heading"),
        ("OrganisationLookup", "OrganizationLookup"),
    ] {
        assert_eq!(
            components::component(old).unwrap().generations,
            Generations::V4
        );
        assert_eq!(
            components::component(new).unwrap().generations,
            Generations::Next
        );
        assert_eq!(components::renamed(old), Some(new));
    }
}
