//! The REST calls and response fields of `altinn_gitea::api` exist in Gitea's API spec
//! (`../shared/gitea/swagger.v1.json`, Swagger 2.0, basePath `/api/v1`).

#[path = "../../../tests/support/prereq.rs"]
mod prereq;

use altinn_gitea::api::{ENDPOINTS, RESPONSE_FIELDS};
use serde_json::Value;

fn spec(test: &str) -> Option<Value> {
    let p = prereq::shared("gitea/swagger.v1.json", test)?;
    let t = std::fs::read_to_string(p).expect("swagger.v1.json readable");
    Some(serde_json::from_str(&t).expect("swagger.v1.json is JSON"))
}

fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => spec
            .pointer(&r.replacen('#', "", 1))
            .unwrap_or_else(|| panic!("dangling $ref {r}")),
        None => v,
    }
}

#[test]
fn endpoints_exist_with_their_parameters() {
    let Some(spec) = spec("endpoints_exist_with_their_parameters") else {
        return;
    };
    assert_eq!(spec["basePath"], "/api/v1");
    for (method, path, query, body) in ENDPOINTS {
        let op = spec["paths"][path][method].clone();
        assert!(op.is_object(), "{method} {path} is not in the spec");
        let params: Vec<Value> = op["parameters"].as_array().cloned().unwrap_or_default();
        for q in *query {
            assert!(
                params.iter().any(|p| p["in"] == "query" && p["name"] == *q),
                "{method} {path}: no query parameter '{q}'"
            );
        }
        for p in params.iter().filter(|p| p["in"] == "path") {
            let name = p["name"].as_str().unwrap_or("");
            assert!(
                path.contains(&format!("{{{name}}}")),
                "{path}: path parameter {name}"
            );
        }
        if !body.is_empty() {
            let b = params
                .iter()
                .find(|p| p["in"] == "body")
                .expect("body parameter");
            let schema = resolve(&spec, &b["schema"]);
            for f in *body {
                assert!(
                    schema["properties"].get(f).is_some(),
                    "{method} {path}: body has no field '{f}'"
                );
            }
            for r in schema["required"].as_array().into_iter().flatten() {
                let r = r.as_str().unwrap_or("");
                assert!(
                    body.contains(&r),
                    "{method} {path}: required body field '{r}' not sent"
                );
            }
        }
        assert!(op["responses"]
            .as_object()
            .is_some_and(|r| r.keys().any(|k| k.starts_with('2'))));
    }
}

#[test]
fn response_fields_exist() {
    let Some(spec) = spec("response_fields_exist") else {
        return;
    };
    for (def, fields) in RESPONSE_FIELDS {
        let d = &spec["definitions"][def];
        assert!(d.is_object(), "definition {def} missing");
        for f in *fields {
            assert!(d["properties"].get(f).is_some(), "{def} has no field '{f}'");
        }
    }
    // /repos/search answers SearchResults, /user answers User.
    let search = resolve(
        &spec,
        &spec["paths"]["/repos/search"]["get"]["responses"]["200"],
    );
    assert_eq!(
        resolve(&spec, &search["schema"]),
        &spec["definitions"]["SearchResults"]
    );
}
