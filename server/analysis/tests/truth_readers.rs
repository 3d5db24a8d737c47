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
    check_codes(with(base_app(), &[("ui/form/layouts/Page1.json", text)]), "AL000")
}

// ---- A: the first syntax error where a strict parser finds it ----

/// serde_json's error position as (line, column) in the convention of its `position_of_index`
/// (0-based byte column of the next unread byte), and ours converted the same way. serde_json
/// reports a "peeked" error one column further (at the byte it looked at), so a position
/// matches when serde_json's column is ours or one more.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..at];
    let line = before.iter().filter(|c| **c == b'\n').count() + 1;
    let line_start = before.iter().rposition(|c| *c == b'\n').map_or(0, |n| n + 1);
    (line, at - line_start)
}

/// Checks one broken text: our first reported problem is where serde_json stops.
fn assert_first_error_is_strict(text: &str) -> bool {
    let Err(serde) = serde_json::from_str::<serde::de::IgnoredAny>(text) else {
        return false;
    };
    let doc = parse_json(text);
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
    assert_eq!(first.kind, SyntaxErrorKind::Error, "{text:?}");
    if first.message.contains("'\\u' needs four hex digits") {
        // serde_json reads all four bytes before it complains; we point at the bad one.
        assert!(serde.line() == line && col < serde.column(), "{serde} {text:?}");
        return true;
    }
    // serde_json reports a byte it looked at one column on (past a line break: the next line).
    let start = first.range.start as usize;
    let next = start + text[start..].chars().next().map_or(0, char::len_utf8);
    let theirs = (serde.line(), serde.column());
    assert!(
        theirs == (line, col) || theirs == line_col(text, next),
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
    let inserts = [",", "\"", "}", "]", "{", "[", ":", "x", "1", "/", "'", "\\", "-", ".", "\t"];
    let mut seed: u64 = 0x5eed;
    let mut rand = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
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

#[test]
fn explore() {
    let t = LAYOUT_MULTILINE.replace("\"id\": \"age\",", "\"id\": \"age\"");
    eprintln!("{}", layout_check(&t));
}
