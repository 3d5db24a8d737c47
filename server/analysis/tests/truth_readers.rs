//! Tests: syntax errors where a strict parser puts them, files read as their real readers read
//! them (trailing commas, comments), keys read case-insensitively where the backend does.
mod common;
use altinn_analysis::syntax::{parse_json, SyntaxErrorKind};
use common::*;

const LAYOUT_MULTILINE: &str = r#"{
  "$schema": "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout.schema.v1.json",
  "data": {
    "layout": [
      {
        "id": "name",
        "type": "Input",
        "dataModelBindings": {
          "simpleBinding": "Person.Name"
        },
        "textResourceBindings": {
          "title": "name.title"
        },
        "required": true
      },
      {
        "id": "age",
        "type": "Input",
        "dataModelBindings": {
          "simpleBinding": "Person.Age"
        },
        "textResourceBindings": {
          "title": "age.title"
        }
      },
      {
        "id": "nav1",
        "type": "NavigationButtons",
        "showBackButton": false
      }
    ]
  }
}"#;

fn layout_check(text: &str) -> String {
    check_codes(
        with(base_app(), &[("ui/form/layouts/Page1.json", text)]),
        "AL000",
    )
}

// ---- A: the first syntax error where a strict parser finds it ----

/// serde_json's error position as (line, column) in the convention of its `position_of_index`
/// (0-based byte column of the next unread byte), and ours converted the same way. serde_json
/// reports a "peeked" error one column further (at the byte it looked at), so a position
/// matches when serde_json's column is ours or one more.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..at];
    let line = before.iter().filter(|c| **c == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|c| *c == b'\n')
        .map_or(0, |n| n + 1);
    (line, at - line_start)
}

/// Checks one broken text: our first reported problem is where serde_json stops.
fn assert_first_error_is_strict(text: &str) -> bool {
    let Err(serde) = serde_json::from_str::<serde::de::IgnoredAny>(text) else {
        return false;
    };
    let doc = parse_json(text);
    for e in &doc.errors {
        let (a, b) = (e.range.start as usize, e.range.end as usize);
        assert!(
            a <= b && text.is_char_boundary(a) && text.is_char_boundary(b),
            "{e:?} in {text:?}"
        );
    }
    let first = doc
        .errors
        .iter()
        .min_by_key(|e| e.range.start)
        .unwrap_or_else(|| panic!("no error for {text:?} ({serde})"));
    let (line, col) = line_col(text, first.range.start as usize);
    if first.kind == SyntaxErrorKind::TrailingComma {
        // serde_json stops at the bracket after the comma; we point at the comma itself.
        let after = &text[first.range.end as usize..];
        let gap = after.len() - after.trim_start().len();
        let at = first.range.end as usize + gap;
        let theirs = (serde.line(), serde.column());
        assert!(
            theirs == line_col(text, at) || theirs == line_col(text, at + 1),
            "trailing comma at {line}:{col}, serde_json: {serde} in {text:?}"
        );
        return true;
    }
    // A mutation can make a `//` comment: serde_json stops at its first '/' like at an error.
    assert_ne!(first.kind, SyntaxErrorKind::TrailingComma, "{text:?}");
    if first.message.contains("'\\u' needs four hex digits") {
        // serde_json reads all four bytes before it complains; we point at the bad one.
        // (Four bytes may run past a line break.)
        let theirs = (serde.line(), serde.column());
        assert!(
            theirs > (line, col) && theirs.0 <= line + 1,
            "{serde} {text:?}"
        );
        return true;
    }
    // serde_json reports a byte it looked at one byte on (past a line break: the next line).
    let start = first.range.start as usize;
    let next = start + text[start..].chars().next().map_or(0, char::len_utf8);
    let theirs = (serde.line(), serde.column());
    assert!(
        theirs == (line, col) || theirs == (line, col + 1) || theirs == line_col(text, next),
        "first error at {line}:{col} `{}` ({}), serde_json: {serde}\n{text}",
        &text[first.range.start as usize..first.range.end as usize],
        first.message
    );
    true
}

/// Every single-byte deletion, and insertions and replacements of JSON's structural
/// characters at pseudo-random places, in the base app's JSON files and a pretty-printed
/// layout: wherever serde_json fails, our first error is at its position.
#[test]
fn first_error_is_where_a_strict_parser_stops() {
    let mut texts: Vec<String> = base_app()
        .into_iter()
        .filter(|(p, _)| p.ends_with(".json"))
        .map(|(_, t)| t)
        .collect();
    texts.push(LAYOUT_MULTILINE.to_string());
    texts.push(format!("{LAYOUT_MULTILINE}\n"));
    let inserts = [
        ",", "\"", "}", "]", "{", "[", ":", "x", "1", "/", "'", "\\", "-", ".", "\t", "é", "\\uæ",
        "\\ø", "0",
    ];
    let mut seed: u64 = 0x5eed;
    let mut rand = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    };
    let mut checked = 0;
    for text in &texts {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for &(i, c) in &chars {
            let mut t = text.clone();
            t.replace_range(i..i + c.len_utf8(), "");
            checked += usize::from(assert_first_error_is_strict(&t));
        }
        for _ in 0..400 {
            let (i, c) = chars[rand(chars.len())];
            let ins = inserts[rand(inserts.len())];
            let mut t = text.clone();
            t.insert_str(i, ins);
            checked += usize::from(assert_first_error_is_strict(&t));
            let mut t = text.clone();
            t.replace_range(i..i + c.len_utf8(), ins);
            checked += usize::from(assert_first_error_is_strict(&t));
        }
        // Two mistakes: the first one is reported first.
        for _ in 0..200 {
            let mut t = text.clone();
            for _ in 0..2 {
                let cs: Vec<(usize, char)> = t.char_indices().collect();
                let (i, c) = cs[rand(cs.len())];
                t.replace_range(i..i + c.len_utf8(), inserts[rand(inserts.len())]);
            }
            checked += usize::from(assert_first_error_is_strict(&t));
        }
    }
    assert!(checked > 5_000, "{checked}");
}

fn broken_layout(from: &str, to: &str) -> String {
    assert!(LAYOUT_MULTILINE.contains(from), "{from}");
    layout_check(&LAYOUT_MULTILINE.replacen(from, to, 1))
}

#[test]
fn syntax_errors_in_words_where_they_are() {
    let cases = [
        // The issue's case: the comma after `"id": "age"` dropped.
        (
            "missing comma between properties",
            "\"id\": \"age\",",
            "\"id\": \"age\"",
        ),
        (
            "missing comma between array items",
            "      },\n      {\n        \"id\": \"nav1\"",
            "      }\n      {\n        \"id\": \"nav1\"",
        ),
        ("unclosed string", "\"id\": \"age\",", "\"id\": \"age,"),
        (
            "missing colon",
            "\"type\": \"NavigationButtons\"",
            "\"type\" \"NavigationButtons\"",
        ),
        (
            "unquoted value",
            "\"showBackButton\": false",
            "\"showBackButton\": nope",
        ),
        (
            "one brace too many",
            "        \"required\": true\n      },",
            "        \"required\": true\n      }},",
        ),
        ("missing closing brace at the end", "  }\n}", "  }\n"),
    ];
    let mut out = String::new();
    for (name, from, to) in cases {
        out.push_str(&format!("--- {name}\n{}", broken_layout(from, to)));
    }
    // A missing comma is repaired in thought: the next mistake is still found exactly.
    let two = LAYOUT_MULTILINE
        .replacen("\"id\": \"age\",", "\"id\": \"age\"", 1)
        .replacen("\"showBackButton\": false", "\"showBackButton\" false", 1);
    out.push_str(&format!("--- two mistakes\n{}", layout_check(&two)));
    insta::assert_snapshot!(out);
}

// ---- B: files read as their real readers read them ----

fn check_file(path: &str, text: &str) -> String {
    check_codes(with(base_app(), &[(path, text)]), "AL000")
}

#[test]
fn trailing_commas_and_comments_per_reader() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "code list: trailing comma (the backend allows it)",
            "options/species.json",
            "[\n  { \"value\": \"dog\", \"label\": \"Hund\" },\n  { \"value\": \"cat\", \"label\": \"Katt\" },\n]",
        ),
        (
            "code list: trailing comma and a comment line",
            "options/species.json",
            "[\n  { \"value\": \"dog\", \"label\": \"Hund\" },\n  { \"value\": \"cat\", \"label\": \"Katt\" },\n  // { \"value\": \"cow\", \"label\": \"Ku\" }\n]",
        ),
        (
            "layout: comment (skipped by the backend's readers)",
            "ui/form/layouts/Page1.json",
            &LAYOUT_MULTILINE.replace("\"data\": {", "/* page one */\n  \"data\": {"),
        ),
        (
            "Settings.json: trailing comma (served as written to JSON.parse)",
            "ui/form/Settings.json",
            "{\n  \"pages\": { \"order\": [\"Page1\", \"Page2\",] }\n}",
        ),
        (
            "applicationmetadata.json: trailing comma allowed, comment not",
            "config/applicationmetadata.json",
            "{\n  // the app\n  \"id\": \"ttd/test-app\",\n  \"org\": \"ttd\",\n  \"dataTypes\": [\n    { \"id\": \"model\", \"allowedContentTypes\": [\"application/xml\"], \"appLogic\": { \"classRef\": \"Altinn.App.Models.Model\" }, \"taskId\": \"Task_1\" },\n  ],\n}",
        ),
        (
            "validation.json: trailing comma (the backend's validator is strict)",
            "models/model.validation.json",
            "{\n  \"validations\": {},\n}",
        ),
        (
            "appsettings.json: comments and trailing commas (ASP.NET Core's configuration reader)",
            "appsettings.json",
            "{\n  // logging\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\", } },\n}",
        ),
    ];
    let mut out = String::new();
    for (name, path, text) in cases {
        out.push_str(&format!("--- {name}\n{}", check_file(path, text)));
    }
    insta::assert_snapshot!(out);
}

// ---- C: keys the backend reads case-insensitively ----

#[test]
fn class_ref_in_another_case_is_read_like_the_backend_reads_it() {
    let files = base_app();
    let meta = &files
        .iter()
        .find(|(p, _)| p == "config/applicationmetadata.json")
        .unwrap()
        .1;
    let meta = meta
        .replace("\"classRef\"", "\"ClassRef\"")
        .replace("\"appLogic\"", "\"AppLogic\"");
    let files = with(files, &[("config/applicationmetadata.json", &meta)]);
    let all = check(files.clone());
    // The real problem is no longer hidden behind "no default data type".
    let without_schema = check(without(files, &["models/model.schema.json"]));
    insta::assert_snapshot!(format!(
        "--- ClassRef, AppLogic\n{all}--- and the schema file missing\n{without_schema}"
    ));
}
