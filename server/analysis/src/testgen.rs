//! Generated apps of any size, for benchmarks and scale tests (`altinn-ls gen-app`).
//! Valid by construction: every binding, text key and id resolves.

/// Size of a generated app.
#[derive(Debug, Clone, Copy)]
pub struct GenSpec {
    pub pages: usize,
    pub components_per_page: usize,
    /// Data model fields (flat string fields under one root object, plus one repeating group).
    pub fields: usize,
    /// Languages of text files (`nb`, `en`, `nn` ... taken in that order).
    pub languages: usize,
}

impl Default for GenSpec {
    fn default() -> Self {
        // The issue's "large app": 300 pages of 40 components, 2 languages, 2,000 fields.
        GenSpec {
            pages: 300,
            components_per_page: 40,
            fields: 2000,
            languages: 2,
        }
    }
}

const LANGS: &[&str] = &["nb", "en", "nn", "se"];

/// Files of the app, paths relative to the app folder (`App/`).
pub fn generate(spec: GenSpec) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let fields = spec.fields.max(1);
    files.push((
        "config/applicationmetadata.json".to_string(),
        r#"{
  "id": "ttd/generated", "org": "ttd", "title": { "nb": "Generert app" },
  "partyTypesAllowed": { "person": true, "organisation": false, "subUnit": false, "bankruptcyEstate": false },
  "dataTypes": [
    { "id": "ref-data-as-pdf", "allowedContentTypes": ["application/pdf"], "maxCount": 0, "minCount": 0 },
    { "id": "model", "allowedContentTypes": ["application/xml"], "appLogic": { "autoCreate": true, "classRef": "Altinn.App.Models.Model" }, "taskId": "Task_1", "maxCount": 1, "minCount": 1 }
  ]
}"#
        .to_string(),
    ));
    files.push((
        "config/process/process.bpmn".to_string(),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:altinn="http://altinn.no/process" id="D1">
  <bpmn:process id="Process_1" isExecutable="false">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="Task_1"><bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:extensionElements><altinn:taskExtension><altinn:taskType>data</altinn:taskType></altinn:taskExtension></bpmn:extensionElements></bpmn:task>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>"#
            .to_string(),
    ));
    // Data model: Root.F0..Fn (strings) and a repeating group Rows[].{A, B}.
    let mut props = String::new();
    for i in 0..fields {
        props.push_str(&format!("        \"F{i}\": {{ \"type\": \"string\", \"maxLength\": 200, \"description\": \"Field number {i}\" }},\n"));
    }
    files.push((
        "models/model.schema.json".to_string(),
        format!(
            r##"{{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {{
    "Root": {{ "$ref": "#/$defs/Root" }},
    "Rows": {{ "type": "array", "items": {{ "type": "object", "properties": {{ "A": {{ "type": "string" }}, "B": {{ "type": "number" }} }} }} }}
  }},
  "$defs": {{
    "Root": {{
      "type": "object",
      "properties": {{
{props}        "Last": {{ "type": "string" }}
      }}
    }}
  }}
}}"##
        ),
    ));
    files.push((
        "ui/layout-sets.json".to_string(),
        r#"{ "sets": [ { "id": "form", "dataType": "model", "tasks": ["Task_1"] } ] }"#.to_string(),
    ));
    let order: Vec<String> = (0..spec.pages).map(|p| format!("\"Page{p}\"")).collect();
    files.push((
        "ui/form/Settings.json".to_string(),
        format!("{{ \"pages\": {{ \"order\": [{}] }} }}", order.join(", ")),
    ));

    let mut texts: Vec<String> = Vec::new();
    for p in 0..spec.pages {
        let mut comps = Vec::new();
        for c in 0..spec.components_per_page {
            let n = p * spec.components_per_page + c;
            let id = format!("p{p}-c{c}x");
            let key = format!("text.p{p}.c{c}");
            texts.push(key.clone());
            let comp = match c % 8 {
                0 => format!(
                    r#"{{ "id": "{id}", "type": "Header", "size": "L", "textResourceBindings": {{ "title": "{key}" }} }}"#
                ),
                1 => format!(
                    r#"{{ "id": "{id}", "type": "Paragraph", "textResourceBindings": {{ "title": "{key}" }} }}"#
                ),
                2 => format!(
                    r#"{{ "id": "{id}", "type": "TextArea", "dataModelBindings": {{ "simpleBinding": "Root.F{}" }}, "textResourceBindings": {{ "title": "{key}" }}, "readOnly": ["equals", ["dataModel", "Root.F{}"], "locked"] }}"#,
                    n % fields,
                    (n + 1) % fields
                ),
                3 => format!(
                    r#"{{ "id": "{id}", "type": "Checkboxes", "dataModelBindings": {{ "simpleBinding": "Root.F{}" }}, "textResourceBindings": {{ "title": "{key}" }}, "options": [ {{ "value": "a", "label": "{key}" }}, {{ "value": "b", "label": "{key}" }} ] }}"#,
                    n % fields
                ),
                _ => format!(
                    r#"{{ "id": "{id}", "type": "Input", "dataModelBindings": {{ "simpleBinding": "Root.F{}" }}, "textResourceBindings": {{ "title": "{key}" }}, "required": true, "hidden": ["and", ["equals", ["component", "p{p}-c0x"], "x"], ["notEquals", ["dataModel", "Root.F{}"], null]] }}"#,
                    n % fields,
                    (n + 7) % fields
                ),
            };
            comps.push(format!("      {comp}"));
        }
        files.push((
            format!("ui/form/layouts/Page{p}.json"),
            format!(
                "{{\n  \"$schema\": \"https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout.schema.v1.json\",\n  \"data\": {{\n    \"layout\": [\n{}\n    ]\n  }}\n}}\n",
                comps.join(",\n")
            ),
        ));
    }
    for lang in LANGS.iter().take(spec.languages.max(1)) {
        let mut res = vec![format!(
            "    {{ \"id\": \"appName\", \"value\": \"Generert app ({lang})\" }}"
        )];
        for k in &texts {
            res.push(format!(
                "    {{ \"id\": \"{k}\", \"value\": \"Tekst {k} på {lang}: blåbærsyltetøy\" }}"
            ));
        }
        files.push((
            format!("config/texts/resource.{lang}.json"),
            format!(
                "{{\n  \"language\": \"{lang}\",\n  \"resources\": [\n{}\n  ]\n}}\n",
                res.join(",\n")
            ),
        ));
    }
    files
}

/// A small seedable random generator (xorshift64*) for randomised tests and fuzz-like
/// stress runs: deterministic, so a failing seed replays exactly. Not for anything secret.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// A generator whose state is the seed mixed (splitmix64), so small seeds give unrelated
    /// streams; `Rng(seed)` uses the seed as the state directly.
    pub fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0.max(1);
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
    /// An index into a collection of `n` items (0 when `n` is 0).
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }
    /// True with the given percentage.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// One of `items`. Panics on an empty slice: for tests, where that is the test's mistake.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        assert!(!items.is_empty(), "Rng::pick from an empty slice");
        &items[self.index(items.len())]
    }
}
