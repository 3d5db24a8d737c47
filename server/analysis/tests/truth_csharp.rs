//! C# declarations read with the C# grammar: every shape an app uses to name a code list, a
//! data list or a process task type, and the rules that depend on them (AL0701/AL0702 task
//! types, AL0801 optionsId, AL0806 dataListId, AL1015 optionLabel). Sources are small
//! fixtures written for these tests.
mod common;

use altinn_analysis::model::{CSharpDecls, DeclKind};
use altinn_analysis::syntax::LineIndex;
use altinn_analysis::AppDb;
use common::{base_app, check_codes, with};
use std::collections::BTreeMap;

type Files = Vec<(String, String)>;

/// The declarations of some C# files, one line each: kind, id, file:line:col.
fn render(files: &[(&str, &str)]) -> String {
    let mut d = CSharpDecls::default();
    for (p, t) in files {
        d.set_file(p, t);
    }
    d.resolve();
    let texts: BTreeMap<&str, &str> = files.iter().copied().collect();
    let at = |file: &str, offset: u32| {
        let li = LineIndex::new(texts[file]);
        let p = li.position(
            texts[file],
            offset,
            altinn_analysis::syntax::PositionEncoding::Utf8,
        );
        format!("{file}:{}:{}", p.line + 1, p.character + 1)
    };
    let mut out = String::new();
    for kind in [DeclKind::CodeList, DeclKind::DataList, DeclKind::TaskType] {
        for (id, decl) in d.ids(kind) {
            out.push_str(&format!(
                "{kind:?} {id:?} at {}\n",
                at(&decl.file, decl.range.start)
            ));
        }
        if let Some(u) = d.unresolved(kind) {
            out.push_str(&format!(
                "{kind:?} unresolved: {} at {}\n",
                u.what,
                at(&u.file, u.range.start)
            ));
        }
    }
    out
}

#[test]
fn provider_id_shapes() {
    insta::assert_snapshot!(render(&[
        (
            "logic/Options/Shapes.cs",
            r#"using Altinn.App.Core.Features;
namespace Altinn.App.Options;

public class ExpressionBodied : IAppOptionsProvider
{
    public string Id => "expression-bodied";
}

public class AutoProperty : IAppOptionsProvider
{
    public string Id { get; set; } = "auto-property";
}

public class GetterBody : IAppOptionsProvider
{
    public string Id { get { return "getter-body"; } }
}

public class GetterArrow : Altinn.App.Core.Features.IAppOptionsProvider
{
    public string Id { get => @"getter-arrow"; }
}

public class ConstField : IAppOptionsProvider
{
    private const string ListId = "const-field";
    public string Id => ListId;
}

public class ReadonlyField : IAppOptionsProvider
{
    private readonly string _id = "readonly-field";
    public string Id => this._id;
}

public class OtherClassConstant : IAppOptionsProvider
{
    public string Id { get; set; } = Constants.CodeLists.Municipalities;
}

public class StaticUsing : IAppOptionsProvider
{
    public string Id => Regions;
}

public class NameOf : IAppOptionsProvider
{
    public string Id => nameof(Constants.CodeLists.Counties);
}

public class InstanceProvider : IInstanceAppOptionsProvider
{
    public string Id { get; } = "instance-options";
}

// Not a provider: its Id is not a code list.
public class Model
{
    public string Id => "not-a-code-list";
}
"#,
        ),
        (
            "logic/Constants.cs",
            r#"namespace Altinn.App;
public static class Constants
{
    public static class CodeLists
    {
        public const string Municipalities = "municipalities";
        public static readonly string Counties = "ignored: nameof gives the name";
    }
    public const string Regions = "regions";
}
"#,
        ),
    ]));
}

#[test]
fn constructor_set_ids() {
    insta::assert_snapshot!(render(&[
        (
            "logic/Options/Generic.cs",
            r#"public class StaticListProvider : IAppOptionsProvider
{
    public StaticListProvider(string id, IEnumerable<AppOption> options)
    {
        Id = id;
        _options = options;
    }
    public string Id { get; }
}

public class BackingField : IAppOptionsProvider
{
    private readonly string _id;
    public BackingField(string listId) { _id = listId; }
    public string Id => _id;
}

public class Primary(string id) : IAppOptionsProvider
{
    public string Id => id;
}

public abstract class ProviderBase : IAppOptionsProvider
{
    protected ProviderBase(string id) => Id = id;
    public string Id { get; }
}

public class Fruits : ProviderBase
{
    public Fruits() : base("fruits") { }
}

public class Berries() : ProviderBase(Constants.Berries);

public record Lists(string Id) : IDataListProvider;

public class FromSettings : IAppOptionsProvider
{
    public FromSettings(IOptions<ListSettings> settings) { Id = settings.Value.Id; }
    public string Id { get; }
}
"#,
        ),
        (
            "Program.cs",
            r#"void RegisterCustomAppServices(IServiceCollection services, IConfiguration config, IWebHostEnvironment env)
{
    services.AddTransient<IAppOptionsProvider>(sp => new StaticListProvider("colours", Colours.All));
    services.AddTransient<IAppOptionsProvider>(_ => new StaticListProvider(options: Sizes.All, id: "sizes"));
    services.AddTransient<IAppOptionsProvider>(_ => new BackingField("backing-field"));
    services.AddTransient<IAppOptionsProvider>(_ => new Primary("primary"));
    services.AddTransient<IDataListProvider>(_ => new Lists("people"));
    services.AddTransient<IAppOptionsProvider, Fruits>();
    services.AddTransient<IAppOptionsProvider, Berries>();
}
static class Constants { public const string Berries = "berries"; }
"#,
        ),
    ]));
}

#[test]
fn registration_helpers() {
    insta::assert_snapshot!(render(&[(
        "Program.cs",
        r#"void RegisterCustomAppServices(IServiceCollection services, IConfiguration config, IWebHostEnvironment env)
{
    services.AddAltinnCodelists();
    services.AddJoinedAppOptions("all-places", "kommuner", "poststed");
    services.AddAltinn2CodeList(id: "ASF_Land", transform: (code) => new() { Value = code.Code, Label = code.Value1 });
    services.AddAltinn3CodeList(optionId: "sectors", org: "ttd", codeListId: "sectors", version: "1");
    services.AddSSBClassificationCodelistProvider("countries", Classification.Countries);
    services.AddJoinedAppOptions(Ids.Joined, "a", "b");
    services.AddJoinedAppOptions(config["JoinedId"], "a", "b");
}
static class Ids { public const string Joined = "joined-by-constant"; }
"#,
    )]));
}

#[test]
fn task_types_and_data_lists() {
    insta::assert_snapshot!(render(&[
        (
            "logic/Tasks.cs",
            r#"using Altinn.App.Core.Internal.Process.ProcessTasks;
public class ArchiveTask : IServiceTask
{
    public string Type => "archive";
    public Task<ServiceTaskResult> Execute(ServiceTaskContext context) => Task.FromResult(ServiceTaskResult.Success());
}
public sealed class StepsTask : IPipelineServiceTask
{
    private const string TaskType = "steps";
    public string Type => TaskType;
}
public class ReviewTask : IProcessTask
{
    public string Type { get; } = "review";
}
public class ConfiguredTask : IServiceTask
{
    public ConfiguredTask(IConfiguration c) { Type = c["TaskType"]; }
    public string Type { get; }
}
"#,
        ),
        (
            "logic/Lists.cs",
            r#"public class People : IDataListProvider { public string Id { get; set; } = "people"; }
public class Cases : IInstanceDataListProvider { public string Id => "cases"; }
"#,
        ),
    ]));
}

#[test]
fn classes_from_outside_the_app_count_but_are_not_judged() {
    // A base class from a package may implement anything: its subclass's id counts for every
    // kind; one whose id is unknown is not reported as unresolved.
    insta::assert_snapshot!(render(&[(
        "logic/Shared.cs",
        r#"public class Regions : SharedLib.CachedOptionsProvider { public override string Id => "regions"; }
public class Unknown : SharedLib.CachedOptionsProvider { public Unknown(string id) : base(id) { } }
public class Disposable : IDisposable { public string Id => "not-a-list"; public void Dispose() { } }
public class NoId : IAppOptionsProvider { }
"#,
    )]));
}

const BPMN: &str = "config/process/process.bpmn";
const PAGE2: &str = "ui/form/layouts/Page2.json";

fn process_with(task_xml: &str) -> Files {
    let bpmn = base_app().into_iter().find(|(p, _)| p == BPMN).unwrap().1;
    let at = bpmn.find("    <bpmn:endEvent").unwrap();
    let mut new = bpmn.clone();
    new.insert_str(at, task_xml);
    with(base_app(), &[(BPMN, new.as_str())])
}

const CUSTOM_TASKS: &str = r#"    <bpmn:serviceTask id="Task_archive"><bpmn:extensionElements><altinn:taskExtension><altinn:taskType>archive</altinn:taskType></altinn:taskExtension></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:task id="Task_review"><bpmn:extensionElements><altinn:taskExtension><altinn:taskType>review</altinn:taskType></altinn:taskExtension></bpmn:extensionElements></bpmn:task>
"#;

#[test]
fn task_types_declared_in_csharp_are_known() {
    let files = process_with(CUSTOM_TASKS);
    // Without C#: the service task is a warning, the task an error.
    let without = check_codes(files.clone(), "AL070");
    let files = with(
        files,
        &[(
            "logic/Tasks.cs",
            r#"public class ArchiveTask : IServiceTask { public string Type => "archive"; }
public class ReviewTask : IProcessTask { public string Type => "review"; }"#,
        )],
    );
    assert_per_file_exact(&files);
    let declared = check_codes(files, "AL070");
    insta::assert_snapshot!(format!(
        "--- without C#\n{without}\n--- with the task classes\n{declared}"
    ));
}

#[test]
fn task_types_with_an_unresolved_task_class_are_less_sure() {
    let files = with(
        process_with(CUSTOM_TASKS),
        &[(
            "logic/Tasks.cs",
            r#"public class ConfiguredTask : IServiceTask
{
    public ConfiguredTask(IConfiguration c) { Type = c["TaskType"]; }
    public string Type { get; }
}"#,
        )],
    );
    insta::assert_snapshot!(check_codes(files, "AL070"));
}

fn page2_with(components: &str) -> Files {
    let page = base_app().into_iter().find(|(p, _)| p == PAGE2).unwrap().1;
    let new = page.replacen(
        r#""optionsId": "species" },"#,
        &format!("\"optionsId\": \"species\" }},\n      {components},"),
        1,
    );
    with(base_app(), &[(PAGE2, new.as_str())])
}

const LISTS: &str = r#"{ "id": "colour", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "colours" },
      { "id": "county", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "Fylker" },
      { "id": "places", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "all-places" },
      { "id": "size", "type": "Dropdown", "dataModelBindings": { "simpleBinding": "Comment" }, "optionsId": "sizes" },
      { "id": "label", "type": "Paragraph", "textResourceBindings": { "title": ["optionLabel", "sizes", "m"] } },
      { "id": "people", "type": "List", "dataModelBindings": { "name": "Comment" }, "tableHeaders": { "name": "name.title" }, "dataListId": "people" },
      { "id": "cases", "type": "List", "dataModelBindings": { "name": "Comment" }, "tableHeaders": { "name": "name.title" }, "dataListId": "case" }"#;

const PROGRAM: &str = r#"void RegisterCustomAppServices(IServiceCollection services, IConfiguration config, IWebHostEnvironment env)
{
    services.AddAltinnCodelists();
    services.AddJoinedAppOptions("all-places", "kommuner", "poststed");
    services.AddTransient<IAppOptionsProvider>(_ => new StaticListProvider("colours"));
}"#;

const PROVIDERS: &str = r#"public class StaticListProvider(string id) : IAppOptionsProvider { public string Id => id; }
public class People : IDataListProvider { public string Id => "people"; }
public class Cases : IInstanceDataListProvider { public string Id => "cases"; }"#;

#[test]
fn code_lists_and_data_lists_declared_in_csharp_are_known() {
    let files = with(
        page2_with(LISTS),
        &[("Program.cs", PROGRAM), ("logic/Providers.cs", PROVIDERS)],
    );
    // Known: colours (constructor argument), Fylker (AddAltinnCodelists, case ignored),
    // all-places (AddJoinedAppOptions), people. Left: sizes (AL0801, AL1015), case (AL0806).
    insta::assert_snapshot!(format!(
        "{}{}",
        check_codes(files.clone(), "AL08"),
        check_codes(files, "AL1015")
    ));
}

#[test]
fn code_lists_with_an_unresolved_registration_are_hints() {
    let program = PROGRAM.replace(
        "}",
        "    services.AddJoinedAppOptions(config[\"Joined\"], \"a\", \"b\");\n}",
    );
    let providers = PROVIDERS.to_string()
        + "\npublic class Configured : IDataListProvider { public Configured(IConfiguration c) { Id = c[\"Id\"]; } public string Id { get; } }";
    let files = with(
        page2_with(LISTS),
        &[
            ("Program.cs", program.as_str()),
            ("logic/Providers.cs", providers.as_str()),
        ],
    );
    assert_per_file_exact(&files);
    insta::assert_snapshot!(format!(
        "{}{}",
        check_codes(files.clone(), "AL08"),
        check_codes(files, "AL1015")
    ));
}

/// The language server's per-file check gives what `check` gives.
fn assert_per_file_exact(files: &Files) {
    let db = AppDb::from_files(files.clone(), Default::default());
    let show = |d: &altinn_analysis::Diagnostic| {
        format!(
            "{} {:?} {} {:?} {}",
            d.file, d.range, d.code, d.severity, d.message
        )
    };
    let mut all: Vec<String> = db.check_all().iter().map(show).collect();
    let mut per_file: Vec<String> = db
        .paths()
        .flat_map(|p| db.check_file(p))
        .map(|d| show(&d))
        .collect();
    all.sort();
    per_file.sort();
    assert_eq!(all, per_file);
}

/// Editing, adding or removing a .cs file updates the model to what a full build gives.
#[test]
fn csharp_updates_equal_a_rebuild() {
    let files = with(
        page2_with(LISTS),
        &[("Program.cs", PROGRAM), ("logic/Providers.cs", PROVIDERS)],
    );
    let mut db = AppDb::from_files(files, Default::default());
    let steps: [(&str, Option<&str>); 4] = [
        (
            "logic/Providers.cs",
            Some("public class P : IAppOptionsProvider { public string Id => Other.X; }"),
        ),
        (
            "logic/Other.cs",
            Some("static class Other { public const string X = \"sizes\"; }"),
        ),
        ("Program.cs", None),
        (
            "logic/Other.cs",
            Some("static class Other { public const string X = \"colours\"; }"),
        ),
    ];
    for (path, text) in steps {
        match text {
            Some(t) => db.set_file(path, t),
            None => {
                db.remove_file(path);
            }
        }
        let fresh = AppDb::from_files(
            db.files().map(|f| (f.path.clone(), f.text.to_string())),
            Default::default(),
        );
        assert_eq!(db.model(), fresh.model(), "after {path}");
    }
    assert!(db.model().csharp.has(DeclKind::CodeList, "colours"));
    assert!(!db.model().csharp.has(DeclKind::CodeList, "sizes"));
}

/// Go to definition on an optionsId or dataListId declared in C# lands on the declaration.
#[test]
fn definition_of_a_csharp_code_list() {
    let files = with(
        page2_with(LISTS),
        &[("Program.cs", PROGRAM), ("logic/Providers.cs", PROVIDERS)],
    );
    let db = AppDb::from_files(files, Default::default());
    let page = db.file(PAGE2).unwrap().text.to_string();
    let mut out = Vec::new();
    for needle in [r#""colours""#, r#""all-places""#, r#"Id": "people""#] {
        let off = page.find(needle).unwrap() as u32 + needle.len() as u32 - 2;
        for l in altinn_analysis::ide::definition(&db, PAGE2, off) {
            let text = db.file(&l.file).unwrap().slice(l.range).to_string();
            out.push(format!("{needle} -> {} `{text}`", l.file));
        }
    }
    assert_eq!(
        out,
        [
            // The provider's Id, which gets "colours" from `new StaticListProvider("colours")`.
            r#""colours" -> logic/Providers.cs `id`"#,
            r#""all-places" -> Program.cs `"all-places"`"#,
            r#"Id": "people" -> logic/Providers.cs `"people"`"#,
        ]
    );
}
