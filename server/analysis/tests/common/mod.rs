//! Test harness: build an app from (path, text) pairs, check it, render diagnostics as text
//! for snapshots (file:line:col, severity, code, message, related).
#![allow(dead_code)]

use altinn_analysis::config::Config;
use altinn_analysis::syntax::PositionEncoding;
use altinn_analysis::{AppDb, Diagnostic};

/// A minimal valid classic app (layout sets) with one set `form`, data type `model`, task
/// `Task_1`, two pages, texts in nb and en. Tests override or add files.
pub fn base_app() -> Vec<(String, String)> {
    let files: &[(&str, &str)] = &[
        (
            "config/applicationmetadata.json",
            r#"{
  "id": "ttd/test-app",
  "org": "ttd",
  "title": { "nb": "Testapp" },
  "partyTypesAllowed": { "person": true, "organisation": false, "subUnit": false, "bankruptcyEstate": false },
  "dataTypes": [
    { "id": "ref-data-as-pdf", "allowedContentTypes": ["application/pdf"], "maxCount": 0, "minCount": 0 },
    { "id": "model", "allowedContentTypes": ["application/xml"], "appLogic": { "autoCreate": true, "classRef": "Altinn.App.Models.Model" }, "taskId": "Task_1", "maxCount": 1, "minCount": 1 },
    { "id": "attachments", "allowedContentTypes": ["application/pdf"], "taskId": "Task_1", "maxCount": 5, "minCount": 0 },
    { "id": "upload", "allowedContentTypes": ["application/pdf"], "taskId": "Task_1", "maxCount": 5, "minCount": 0 }
  ]
}"#,
        ),
        (
            "config/texts/resource.nb.json",
            r#"{
  "language": "nb",
  "resources": [
    { "id": "appName", "value": "Testapp" },
    { "id": "name.title", "value": "Navn" },
    { "id": "age.title", "value": "Alder" },
    { "id": "upload.title", "value": "Vedlegg" },
    { "id": "greeting", "value": "Hei {0}", "variables": [ { "key": "Person.Name", "dataSource": "dataModel.model" } ] }
  ]
}"#,
        ),
        (
            "config/texts/resource.en.json",
            r#"{
  "language": "en",
  "resources": [
    { "id": "appName", "value": "Test app" },
    { "id": "name.title", "value": "Name" },
    { "id": "age.title", "value": "Age" },
    { "id": "upload.title", "value": "Attachments" },
    { "id": "greeting", "value": "Hello {0}", "variables": [ { "key": "Person.Name", "dataSource": "dataModel.model" } ] }
  ]
}"#,
        ),
        (
            "config/process/process.bpmn",
            r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:altinn="http://altinn.no/process" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="Process_1" isExecutable="false">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="Task_1" name="Utfylling">
      <bpmn:incoming>Flow_1</bpmn:incoming>
      <bpmn:outgoing>Flow_2</bpmn:outgoing>
      <bpmn:extensionElements><altinn:taskExtension><altinn:taskType>data</altinn:taskType></altinn:taskExtension></bpmn:extensionElements>
    </bpmn:task>
    <bpmn:endEvent id="EndEvent_1"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="EndEvent_1" />
  </bpmn:process>
</bpmn:definitions>"#,
        ),
        (
            "models/model.schema.json",
            r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "schema.json",
  "type": "object",
  "properties": {
    "Person": { "$ref": "#/$defs/Person" },
    "Pets": { "type": "array", "items": { "$ref": "#/$defs/Pet" } },
    "Tags": { "type": "array", "items": { "type": "string" } },
    "Comment": { "type": "string" }
  },
  "$defs": {
    "Person": { "type": "object", "properties": { "Name": { "type": "string", "maxLength": 100 }, "Age": { "type": "integer" } } },
    "Pet": { "type": "object", "properties": { "Species": { "type": "string" }, "PetName": { "type": "string" } } }
  }
}"##,
        ),
        (
            "ui/layout-sets.json",
            r#"{
  "$schema": "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout-sets.schema.v1.json",
  "sets": [ { "id": "form", "dataType": "model", "tasks": ["Task_1"] } ]
}"#,
        ),
        (
            "ui/form/Settings.json",
            r#"{
  "$schema": "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layoutSettings.schema.v1.json",
  "pages": { "order": ["Page1", "Page2"] }
}"#,
        ),
        (
            "ui/form/layouts/Page1.json",
            r#"{
  "$schema": "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout.schema.v1.json",
  "data": {
    "layout": [
      { "id": "name", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Name" }, "textResourceBindings": { "title": "name.title" }, "required": true },
      { "id": "age", "type": "Input", "dataModelBindings": { "simpleBinding": "Person.Age" }, "textResourceBindings": { "title": "age.title" }, "hidden": ["equals", ["dataModel", "Person.Name"], "skip"] },
      { "id": "nav1", "type": "NavigationButtons", "showBackButton": false }
    ]
  }
}"#,
        ),
        (
            "ui/form/layouts/Page2.json",
            r#"{
  "$schema": "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout.schema.v1.json",
  "data": {
    "layout": [
      { "id": "pets", "type": "RepeatingGroup", "dataModelBindings": { "group": "Pets" }, "children": ["pet-species", "pet-name"] },
      { "id": "pet-species", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Pets.Species" }, "optionsId": "species" },
      { "id": "pet-name", "type": "Input", "dataModelBindings": { "simpleBinding": "Pets.PetName" } },
      { "id": "upload", "type": "FileUpload", "textResourceBindings": { "title": "upload.title" }, "maxNumberOfAttachments": 5, "minNumberOfAttachments": 0, "maxFileSizeInMB": 10, "displayMode": "list" },
      { "id": "summary-name", "type": "Summary", "componentRef": "name" },
      { "id": "nav2", "type": "NavigationButtons", "showBackButton": true }
    ]
  }
}"#,
        ),
        (
            "options/species.json",
            r#"[
  { "value": "dog", "label": "Hund" },
  { "value": "cat", "label": "Katt" }
]"#,
        ),
    ];
    files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

/// Replaces or adds files of an app.
pub fn with(mut files: Vec<(String, String)>, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    for (p, t) in changes {
        match files.iter_mut().find(|(fp, _)| fp == p) {
            Some(f) => f.1 = t.to_string(),
            None => files.push((p.to_string(), t.to_string())),
        }
    }
    files
}

/// Removes files of an app.
pub fn without(files: Vec<(String, String)>, paths: &[&str]) -> Vec<(String, String)> {
    files
        .into_iter()
        .filter(|(p, _)| !paths.contains(&p.as_str()))
        .collect()
}

pub fn db(files: Vec<(String, String)>) -> AppDb {
    AppDb::from_files(files, Config::default())
}

/// One line per diagnostic (plus one per related location), 1-based line:col in UTF-16 units.
pub fn render(db: &AppDb, diags: &[Diagnostic]) -> String {
    let pos = |file: &str, off: u32| {
        db.file(file)
            .map(|f| {
                let p = f.line_index.position(&f.text, off, PositionEncoding::Utf16);
                format!("{}:{}", p.line + 1, p.character + 1)
            })
            .unwrap_or_else(|| "?".into())
    };
    let snippet = |file: &str, d: &Diagnostic| {
        db.file(file)
            .map(|f| f.slice(d.range).chars().take(60).collect::<String>())
            .unwrap_or_default()
    };
    let mut s = String::new();
    for d in diags {
        s.push_str(&format!(
            "{}:{} {} {} {} [`{}`]\n",
            d.file,
            pos(&d.file, d.range.start),
            d.severity.as_str(),
            d.code,
            d.message,
            snippet(&d.file, d)
        ));
        for r in &d.related {
            s.push_str(&format!(
                "    related {}:{} {}\n",
                r.file,
                pos(&r.file, r.range.start),
                r.message
            ));
        }
    }
    if s.is_empty() {
        s.push_str("(no diagnostics)\n");
    }
    s
}

/// Checks an app and renders all diagnostics.
pub fn check(files: Vec<(String, String)>) -> String {
    let db = db(files);
    let diags = db.check_all();
    render(&db, &diags)
}

/// Checks an app and renders only the diagnostics with the given code prefix (e.g. "AL02").
pub fn check_codes(files: Vec<(String, String)>, prefix: &str) -> String {
    let db = db(files);
    let diags: Vec<_> = db
        .check_all()
        .into_iter()
        .filter(|d| d.code.as_str().starts_with(prefix))
        .collect();
    render(&db, &diags)
}

/// An app project file referencing Altinn.App.Api and Altinn.App.Core at `version`.
pub fn csproj(version: &str) -> String {
    format!(
        r#"<Project Sdk="Microsoft.NET.Sdk.Web">
  <ItemGroup>
    <PackageReference Include="Altinn.App.Api" Version="{version}" />
    <PackageReference Include="Altinn.App.Core" Version="{version}" />
  </ItemGroup>
</Project>"#
    )
}

/// The base app's model as Designer generates it (element names in JsonPropertyName).
pub const CS_MODEL: &str = r#"#nullable disable
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Xml.Serialization;
using Newtonsoft.Json;
namespace Altinn.App.Models
{
  [XmlRoot(ElementName="Model")]
  public class Model
  {
    [XmlElement("Person", Order = 1)]
    [JsonProperty("Person")]
    [JsonPropertyName("Person")]
    public Person Person { get; set; }

    [XmlElement("Pets", Order = 2)]
    [JsonProperty("Pets")]
    [JsonPropertyName("Pets")]
    public List<Pet> Pets { get; set; }

    [XmlElement("Tags", Order = 3)]
    [JsonProperty("Tags")]
    [JsonPropertyName("Tags")]
    public List<string> Tags { get; set; }

    [XmlElement("Comment", Order = 4)]
    [JsonProperty("Comment")]
    [JsonPropertyName("Comment")]
    public string Comment { get; set; }
  }

  public class Person
  {
    [XmlElement("Name", Order = 1)]
    [JsonProperty("Name")]
    [JsonPropertyName("Name")]
    public string Name { get; set; }

    [XmlElement("Age", Order = 2)]
    [JsonProperty("Age")]
    [JsonPropertyName("Age")]
    public decimal? Age { get; set; }
  }

  public class Pet
  {
    [XmlAttribute("altinnRowId")]
    [JsonPropertyName("altinnRowId")]
    [System.Text.Json.Serialization.JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    [Newtonsoft.Json.JsonIgnore]
    public Guid AltinnRowId { get; set; }

    [XmlElement("Species", Order = 1)]
    [JsonProperty("Species")]
    [JsonPropertyName("Species")]
    public string Species { get; set; }

    [XmlElement("PetName", Order = 2)]
    [JsonProperty("PetName")]
    [JsonPropertyName("PetName")]
    public string PetName { get; set; }
  }
}
"#;

/// The base app with its C# model class `models/model.cs`.
pub fn with_cs_model() -> Vec<(String, String)> {
    with(base_app(), &[("models/model.cs", CS_MODEL)])
}
