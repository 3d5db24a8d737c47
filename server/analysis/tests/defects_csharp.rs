//! AL12xx: the C# model class against the data model schema.
mod common;

use common::{check_codes, with, with_cs_model, CS_MODEL};

const CS: &str = "models/model.cs";

fn model(from: &str, to: &str) -> String {
    assert!(CS_MODEL.contains(from), "{from}");
    CS_MODEL.replacen(from, to, 1)
}

#[test]
fn generated_class_agrees() {
    assert_eq!(check_codes(with_cs_model(), "AL12"), "(no diagnostics)\n");
}

#[test]
fn bound_field_missing_in_csharp_is_an_error() {
    // Person.Name renamed by hand in C#: the binding's data is dropped.
    let cs = model(
        "[JsonPropertyName(\"Name\")]\n    public string Name",
        "[JsonPropertyName(\"FullName\")]\n    public string FullName",
    );
    insta::assert_snapshot!(check_codes(with(with_cs_model(), &[(CS, &cs)]), "AL12"));
}

#[test]
fn partial_or_unparsable_class_is_not_certain() {
    // A syntax error anywhere in the file: nothing is certain.
    let broken = model(
        "[JsonPropertyName(\"Name\")]\n    public string Name { get; set; }",
        "[JsonPropertyName(\"FullName\")]\n    public string FullName { get; set; }\n    public string {",
    );
    let out = check_codes(with(with_cs_model(), &[(CS, &broken)]), "AL120");
    assert!(!out.contains("AL1203") && !out.contains("AL1202"), "{out}");
    // The property may be declared in another part of a partial class: no error.
    let cs = model(
        "[JsonPropertyName(\"Name\")]\n    public string Name",
        "[JsonPropertyName(\"FullName\")]\n    public string FullName",
    )
    .replace("public class Person", "public partial class Person");
    insta::assert_snapshot!(check_codes(with(with_cs_model(), &[(CS, &cs)]), "AL12"));
}

#[test]
fn case_difference_is_a_warning() {
    let cs = model("[JsonPropertyName(\"Age\")]", "[JsonPropertyName(\"age\")]");
    insta::assert_snapshot!(check_codes(with(with_cs_model(), &[(CS, &cs)]), "AL12"));
}

#[test]
fn list_against_single_and_value_kinds() {
    let cs = model("public List<string> Tags", "public string Tags")
        .replacen("public decimal? Age", "public bool? Age", 1)
        .replacen("public string Comment", "public List<string> Comment", 1);
    insta::assert_snapshot!(check_codes(with(with_cs_model(), &[(CS, &cs)]), "AL12"));
}

#[test]
fn fields_on_one_side_only() {
    // Pets.PetName missing in C# (bound: an error at the binding), extra properties; Comment
    // missing (not bound: a warning in the schema only).
    let cs = model(
        "[JsonPropertyName(\"PetName\")]\n    public string PetName { get; set; }",
        "[JsonPropertyName(\"Nickname\")]\n    public string Nickname { get; set; }\n\n    public string Owner { get; set; }\n\n    [System.Text.Json.Serialization.JsonIgnore]\n    public string Cache { get; set; }",
    )
    .replacen(
        "[XmlElement(\"Comment\", Order = 4)]\n    [JsonProperty(\"Comment\")]\n    [JsonPropertyName(\"Comment\")]\n    public string Comment { get; set; }",
        "",
        1,
    );
    assert!(!cs.contains("Comment"));
    insta::assert_snapshot!(check_codes(with(with_cs_model(), &[(CS, &cs)]), "AL12"));
}
