//! Building the cross-file index from parsed files, and keeping it current when one file
//! changes: an edit recomputes only what that file feeds (one page of one set, one language's
//! texts, one data model), so a keystroke costs the same in a 300-page app as in a small one.

use super::csharp::CSharpDecls;
use super::csmodel::CsModels;
use super::datamodel::DataModel;
use super::files::FileKind;
use super::versions::{self, Versions};
use crate::source::{Parsed, SourceFile};
use crate::syntax::{Json, TextRange};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How the app maps process tasks to UI folders (FORMATS.md §0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    /// `ui/layout-sets.json` lists the sets.
    LayoutSets,
    /// Each `ui/<TaskId>/` folder is a set; `Settings.json` has `defaultDataType`.
    UiFolders,
    /// A single `ui/layouts/` folder.
    Legacy,
}

impl Generation {
    pub fn as_str(self) -> &'static str {
        match self {
            Generation::LayoutSets => "layout-sets",
            Generation::UiFolders => "ui-folders",
            Generation::Legacy => "legacy",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComponentInfo {
    pub id: String,
    pub id_range: TextRange,
    /// The type as the app reads it: the canonical spelling when some frontend generation
    /// knows it ignoring case (`subform` -> `Subform`), else as written. Empty when the
    /// component has no string `type`.
    pub ty: String,
    pub ty_range: TextRange,
    pub file: String,
    pub page: String,
    /// Index in `data.layout`.
    pub index: usize,
    pub range: TextRange,
    /// What only one frontend generation reads, as evidence of the app's frontend version.
    pub era: Option<Era>,
}

/// A construct only some frontend generations read (evidence of the app's frontend version).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    /// Only frontend v3 reads it (v4 renamed or removed it).
    V3Only(&'static str),
    /// Frontend v4 and later only (new in v4).
    V4Plus(&'static str),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetInfo {
    pub id: String,
    /// Folder under `ui/`; "" for the legacy `ui/layouts/`.
    pub folder: String,
    /// Default data type (layout-sets `dataType` or Settings `defaultDataType`).
    pub data_type: Option<String>,
    pub data_type_range: Option<(String, TextRange)>,
    pub tasks: Vec<(String, TextRange)>,
    pub subform: bool,
    /// Declaration in layout-sets.json (the `id` value), when there is one.
    pub decl: Option<(String, TextRange)>,
    /// The Settings.json with the page order of this set.
    pub settings_file: Option<String>,
    /// Page names that have a layout file, in display order (order first, then the rest by name).
    pub pages: Vec<String>,
    /// `pages.order` or all `pages.groups[].order`, with ranges in the settings file.
    pub order: Vec<(String, TextRange)>,
    pub pdf_layout_name: Option<String>,
    pub components: Vec<ComponentInfo>,
    pub by_id: HashMap<String, Vec<usize>>,
    /// Indexes into `components` of each page's components (they are contiguous, in page order).
    pub page_ranges: HashMap<String, std::ops::Range<usize>>,
    /// Every child reference (children, Tabs, Cards, Grid cells, RepeatingGroup rows), in page
    /// and component order.
    pub child_refs: Vec<ChildRef>,
    /// Child id (without a multi-page `N:` prefix) → indexes into `child_refs`, in claim order.
    pub claims: HashMap<String, Vec<usize>>,
    /// The oldest apps' single `ui/FormLayout.json` (page `FormLayout`): the backend reads it
    /// instead of `ui/layouts/` when it exists.
    pub single_layout: bool,
    /// The component ids prepared for "did you mean" (built on first use; dropped when a
    /// page's ids change).
    pub id_names: crate::model::util::LazyNames,
}

/// A container's reference to a child component (a claim: the child is rendered inside it).
/// The single layout file of the oldest apps and its page name (backend `GetLayouts`).
pub const SINGLE_LAYOUT: &str = "ui/FormLayout.json";
pub const SINGLE_LAYOUT_PAGE: &str = "FormLayout";

#[derive(Debug, Clone, PartialEq)]
pub struct ChildRef {
    /// Index of the claiming component in `SetInfo::components`.
    pub parent: usize,
    /// The referenced id, without a multi-page `N:` prefix.
    pub id: String,
    /// Range of the reference string's content (prefix included) in the parent's file.
    pub range: TextRange,
    /// RepeatingGroup `rowsBefore`/`rowsAfter` cells: rendered once, not in every row.
    pub outside_rows: bool,
}

impl SetInfo {
    /// The component id closest to an unknown one ("did you mean"), through an index built
    /// once per set: thousands of unresolved references must not each scan every id.
    pub fn component_id_suggestion(&self, wanted: &str) -> Option<&str> {
        self.id_names
            .get_or_init(|| {
                crate::model::util::NameIndex::new(self.components.iter().map(|c| c.id.as_str()))
            })
            .suggest(wanted)
    }

    pub fn layout_path(&self, page: &str) -> String {
        if self.single_layout && page == SINGLE_LAYOUT_PAGE {
            SINGLE_LAYOUT.to_string()
        } else if self.folder.is_empty() {
            format!("ui/layouts/{page}.json")
        } else {
            format!("ui/{}/layouts/{page}.json", self.folder)
        }
    }
    /// The first component (in page order) with this id.
    pub fn component(&self, id: &str) -> Option<&ComponentInfo> {
        self.by_id
            .get(id)
            .and_then(|v| v.first())
            .map(|&i| &self.components[i])
    }
    /// The components of one page, in layout order.
    pub fn page_components(&self, page: &str) -> &[ComponentInfo] {
        self.page_ranges
            .get(page)
            .and_then(|r| self.components.get(r.clone()))
            .unwrap_or(&[])
    }
    /// The component that claims `id` first (its container), if any.
    pub fn parent_of(&self, id: &str) -> Option<&ComponentInfo> {
        self.components.get(self.claim_of(id)?.parent)
    }
    /// The first claim of `id` (the reference in its container).
    pub fn claim_of(&self, id: &str) -> Option<&ChildRef> {
        self.child_refs.get(*self.claims.get(id)?.first()?)
    }
    pub fn page_rank(&self, page: &str) -> usize {
        self.pages
            .iter()
            .position(|p| p == page)
            .unwrap_or(usize::MAX)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DataTypeInfo {
    pub id: String,
    pub range: TextRange,
    pub class_ref: Option<String>,
    pub task_id: Option<(String, TextRange)>,
    pub allowed_content_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskInfo {
    pub id: String,
    pub range: TextRange,
    /// BPMN element local name: `task`, `serviceTask`, `startEvent`, `exclusiveGateway`, …
    pub element: String,
    pub task_type: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProcessInfo {
    pub file: String,
    /// Every BPMN element with an id (tasks, events, gateways, flows).
    pub elements: Vec<TaskInfo>,
}

impl ProcessInfo {
    pub fn tasks(&self) -> impl Iterator<Item = &TaskInfo> {
        self.elements
            .iter()
            .filter(|e| e.element.ends_with("task") || e.element.ends_with("Task"))
    }
    pub fn task(&self, id: &str) -> Option<&TaskInfo> {
        self.tasks().find(|t| t.id == id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextEntry {
    /// Range of the `id` value.
    pub range: TextRange,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextFile {
    pub file: String,
    pub lang: String,
    pub keys: HashMap<String, TextEntry>,
    /// Offset just before the closing `]` of `resources`, where new entries go.
    pub insert_at: Option<u32>,
    /// The keys indexed for "did you mean", built on first use (a `TextFile` is rebuilt, not
    /// edited, when its file changes).
    pub key_names: crate::model::util::LazyNames,
}

impl TextFile {
    /// The key closest to an unknown one ("did you mean"), through an index built once per
    /// file: thousands of unresolved keys must not each scan every key.
    pub fn key_suggestion(&self, wanted: &str) -> Option<&str> {
        self.key_names
            .get_or_init(|| {
                crate::model::util::NameIndex::new(self.keys.keys().map(String::as_str))
            })
            .suggest(wanted)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppModel {
    pub generation: Option<Generation>,
    pub sets: Vec<SetInfo>,
    pub data_types: Vec<DataTypeInfo>,
    pub on_entry_show: Option<(String, TextRange)>,
    /// By language code.
    pub texts: BTreeMap<String, TextFile>,
    /// By data type id (the schema file's base name).
    pub data_models: BTreeMap<String, DataModel>,
    pub process: Option<ProcessInfo>,
    /// `options/<id>.json` files.
    pub option_files: BTreeSet<String>,
    /// What the app's C# code declares: code list and data list providers, task types.
    pub csharp: CSharpDecls,
    /// The data model classes of `models/*.cs`.
    pub cs_models: CsModels,
    /// The app frontend and backend versions the app runs.
    pub versions: Versions,
}

impl AppModel {
    pub fn set_by_folder(&self, folder: &str) -> Option<&SetInfo> {
        self.sets.iter().find(|s| s.folder == folder)
    }
    pub fn set_by_id(&self, id: &str) -> Option<&SetInfo> {
        self.sets.iter().find(|s| s.id == id)
    }
    /// Data types with a data model (`appLogic.classRef`): the ones forms bind to.
    pub fn form_data_types(&self) -> impl Iterator<Item = &DataTypeInfo> {
        self.data_types.iter().filter(|d| d.class_ref.is_some())
    }
    /// Ids of the [`AppModel::form_data_types`].
    pub fn form_data_type_ids(&self) -> Vec<&str> {
        self.form_data_types().map(|d| d.id.as_str()).collect()
    }
    pub fn data_type(&self, id: &str) -> Option<&DataTypeInfo> {
        self.data_types.iter().find(|d| d.id == id)
    }
    /// Data model for a data type id: its schema file `models/<id>.schema.json`, or else the
    /// one named after the class of its `appLogic.classRef` ([`AppModel::fallback_model`]).
    pub fn data_model(&self, id: &str) -> Option<&DataModel> {
        self.data_models.get(id).or_else(|| self.fallback_model(id))
    }

    /// When `models/<id>.schema.json` is missing, the schema named after the class the data
    /// type's `appLogic.classRef` names (`Altinn.App.Models.Skjema` → `models/Skjema.schema.json`):
    /// the runtime data is that class, and Studio generates both files from one model, so
    /// bindings can still be checked against it.
    pub fn fallback_model(&self, id: &str) -> Option<&DataModel> {
        if self.data_models.contains_key(id) {
            return None;
        }
        let class = self.data_type(id)?.class_ref.as_deref()?;
        let name = class.rsplit('.').next()?;
        // A placeholder schema without fields is no model to check against.
        self.data_models
            .get(name)
            .filter(|dm| !dm.root.children.is_empty())
    }
    /// The set a file belongs to (layouts, settings, rule files), by folder.
    pub fn set_of_file(&self, kind: &FileKind) -> Option<&SetInfo> {
        match kind {
            FileKind::Layout { folder, .. }
            | FileKind::LayoutSettings { folder }
            | FileKind::RuleConfiguration { folder }
            | FileKind::RuleHandler { folder } => self.set_by_folder(folder),
            FileKind::RootSettings if self.generation == Some(Generation::Legacy) => {
                self.set_by_folder("")
            }
            _ => None,
        }
    }

    pub fn build(files: &BTreeMap<String, SourceFile>) -> AppModel {
        let mut m = AppModel::default();
        for (path, f) in files {
            match &f.kind {
                FileKind::AppMetadata => {
                    if let Some(root) = f.json().and_then(|d| d.root.as_ref()) {
                        read_metadata(&mut m, root);
                    }
                }
                FileKind::TextResource { lang } => m.read_text_file(files, path, lang),
                FileKind::DataModelSchema { name } => m.read_data_model(files, path, name),
                FileKind::Process => m.process = read_process_file(f),
                FileKind::OptionList { id } => {
                    m.option_files.insert(id.clone());
                }
                FileKind::CSharp => m.read_csharp(path, &f.text),
                _ => {}
            }
        }
        m.csharp.resolve();

        let names: Vec<String> = m.data_models.keys().cloned().collect();
        for name in names {
            apply_root_element(&mut m, files, &name);
        }
        m.rebuild_sets(files);
        m.detect_versions(files);
        m
    }

    /// The versions from the index page, the project file and the layouts' constructs (no
    /// parsing: one pass over the component index).
    fn detect_versions(&mut self, files: &BTreeMap<String, SourceFile>) {
        self.versions = versions::detect(
            files,
            self.generation,
            self.sets.iter().flat_map(|s| s.components.iter()),
        );
    }

    /// The generation and the layout sets with their pages and components. They depend on
    /// which files exist, the layout sets / settings / layout files and the metadata's data
    /// types; not on texts, data models or the process.
    fn rebuild_sets(&mut self, files: &BTreeMap<String, SourceFile>) {
        let has = |p: &str| files.contains_key(p);
        let ui_folder = files.keys().any(|k| {
            let parts: Vec<&str> = k.split('/').collect();
            parts.len() >= 3
                && parts[0] == "ui"
                && parts[1] != "layouts"
                && (parts[2] == "layouts" || parts[2] == "Settings.json")
        });
        self.generation = if has("ui/layout-sets.json") {
            Some(Generation::LayoutSets)
        } else if files.keys().any(|k| k.starts_with("ui/layouts/")) || has(SINGLE_LAYOUT) {
            Some(Generation::Legacy)
        } else if ui_folder {
            Some(Generation::UiFolders)
        } else if has("ui/Settings.json") {
            // A legacy app before its first page: the backend reads this file's page order.
            Some(Generation::Legacy)
        } else {
            // No layouts at all (a stateless API-only app, or one not started yet).
            None
        };
        self.sets = match self.generation {
            Some(Generation::LayoutSets) => read_layout_sets(files),
            Some(Generation::Legacy) => vec![SetInfo {
                id: "layouts".into(),
                folder: String::new(),
                settings_file: has("ui/Settings.json").then(|| "ui/Settings.json".to_string()),
                data_type: self.form_data_types().next().map(|d| d.id.clone()),
                single_layout: has(SINGLE_LAYOUT),
                ..Default::default()
            }],
            Some(Generation::UiFolders) => read_ui_folders(files, self),
            None => Vec::new(),
        };
        for set in &mut self.sets {
            fill_set(set, files);
        }
    }

    /// Brings the model up to date after `path` was edited, added or removed in `files`.
    /// The result equals [`AppModel::build`] over the new files; only what that file feeds is
    /// recomputed. Files that shape the sets (layout sets, settings) and pages coming or going
    /// rebuild the sets; the metadata rebuilds everything.
    pub fn update(&mut self, files: &BTreeMap<String, SourceFile>, path: &str, change: FileChange) {
        let kind = FileKind::classify(path);
        match (&kind, change) {
            (FileKind::Layout { folder, page }, FileChange::Edited) => {
                for set in self.sets.iter_mut().filter(|s| s.folder == *folder) {
                    if set.page_ranges.contains_key(page) {
                        replace_page(set, files, page);
                    }
                }
            }
            (FileKind::TextResource { lang }, _) => {
                self.texts.remove(lang);
                if files.contains_key(path) {
                    self.read_text_file(files, path, lang);
                }
            }
            (FileKind::DataModelSchema { name }, _) => {
                self.data_models.remove(name);
                if files.contains_key(path) {
                    self.read_data_model(files, path, name);
                    apply_root_element(self, files, name);
                }
            }
            (FileKind::Process, _) => self.process = files.get(path).and_then(read_process_file),
            (FileKind::OptionList { .. }, FileChange::Edited) => {}
            (FileKind::OptionList { id }, _) => {
                if files.contains_key(path) {
                    self.option_files.insert(id.clone());
                } else {
                    self.option_files.remove(id);
                }
            }
            (FileKind::CSharp, _) => {
                match files.get(path) {
                    Some(f) => self.read_csharp(path, &f.text),
                    None => {
                        self.csharp.remove_file(path);
                        self.cs_models.remove_file(path);
                    }
                }
                self.csharp.resolve();
            }
            // Data types feed the data models' roots and the sets: start over.
            (FileKind::AppMetadata, _) => *self = AppModel::build(files),
            (
                FileKind::LayoutSets
                | FileKind::RootSettings
                | FileKind::LayoutSettings { .. }
                | FileKind::Layout { .. },
                _,
            ) => self.rebuild_sets(files),
            // Nothing else feeds the index: those files are only checked.
            _ => {}
        }
        // Versions depend on the index page, the project file, the generation and the layouts'
        // constructs: a text, data model, process or C# edit leaves them as they are.
        if matches!(
            kind,
            FileKind::IndexPage
                | FileKind::ProjectFile
                | FileKind::LayoutSets
                | FileKind::RootSettings
                | FileKind::LayoutSettings { .. }
                | FileKind::Layout { .. }
        ) {
            self.detect_versions(files);
        }
    }

    fn read_text_file(&mut self, files: &BTreeMap<String, SourceFile>, path: &str, lang: &str) {
        if let Some(doc) = files.get(path).and_then(|f| f.json()) {
            self.texts
                .insert(lang.to_string(), read_texts(path, lang, doc.root.as_ref()));
        }
    }

    /// One C# file into both C# indexes; a data model file is parsed once for the two.
    fn read_csharp(&mut self, path: &str, text: &str) {
        if super::csmodel::is_model_file(path) {
            let tree = super::csharp::parse(text);
            self.csharp.set_file_parsed(path, text, tree.as_ref());
            self.cs_models.set_file_parsed(path, text, tree.as_ref());
        } else {
            self.csharp.set_file(path, text);
        }
    }

    fn read_data_model(&mut self, files: &BTreeMap<String, SourceFile>, path: &str, name: &str) {
        if let Some(root) = files
            .get(path)
            .and_then(|f| f.json())
            .and_then(|d| d.root.as_ref())
        {
            self.data_models
                .insert(name.to_string(), DataModel::from_schema(name, path, root));
        }
    }
}

/// How a file changed, for [`AppModel::update`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileChange {
    Edited,
    Added,
    Removed,
}

fn read_process_file(f: &SourceFile) -> Option<ProcessInfo> {
    f.xml().map(|doc| read_process(&f.path, doc.root.as_ref()))
}

/// The backend reads applicationmetadata.json and the text files with keys matched ignoring
/// case (`model::readers`), so these readers do too.
fn read_metadata(m: &mut AppModel, root: &Json) {
    if let Some(list) = root.get_ignore_case("dataTypes").and_then(|d| d.as_array()) {
        for dt in list {
            let Some(id) = dt.get_ignore_case("id") else {
                continue;
            };
            let Some(id_str) = id.as_str() else { continue };
            m.data_types.push(DataTypeInfo {
                id: id_str.to_string(),
                range: id.content_range(),
                class_ref: dt
                    .pointer_ignore_case(&["appLogic", "classRef"])
                    .and_then(|c| c.as_str())
                    .map(str::to_string),
                task_id: dt
                    .get_ignore_case("taskId")
                    .and_then(|t| Some((t.as_str()?.to_string(), t.content_range()))),
                allowed_content_types: dt
                    .get_ignore_case("allowedContentTypes")
                    .and_then(|a| a.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
    }
    if let Some(show) = root.pointer_ignore_case(&["onEntry", "show"]) {
        if let Some(s) = show.as_str() {
            m.on_entry_show = Some((s.to_string(), show.content_range()));
        }
    }
}

fn read_texts(path: &str, lang: &str, root: Option<&Json>) -> TextFile {
    let mut tf = TextFile {
        file: path.to_string(),
        lang: lang.to_string(),
        ..Default::default()
    };
    let Some(res) = root.and_then(|r| r.get_ignore_case("resources")) else {
        return tf;
    };
    if let Some(list) = res.as_array() {
        tf.insert_at = Some(res.range.end.saturating_sub(1));
        for r in list {
            let Some(id) = r.get_ignore_case("id") else {
                continue;
            };
            let Some(key) = id.as_str() else { continue };
            let value = r
                .get_ignore_case("value")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            tf.keys.entry(key.to_string()).or_insert(TextEntry {
                range: id.content_range(),
                value,
            });
        }
    }
    tf
}

fn read_process(path: &str, root: Option<&crate::syntax::XmlElement>) -> ProcessInfo {
    let mut p = ProcessInfo {
        file: path.to_string(),
        elements: Vec::new(),
    };
    let Some(root) = root else { return p };
    for el in root.descendants() {
        // Diagram elements repeat the ids of the process elements; keep only the model's.
        if el
            .prefix()
            .is_some_and(|px| px.starts_with("bpmndi") || px == "dc" || px == "di")
        {
            continue;
        }
        let Some(id) = el.attr("id") else { continue };
        if el.local_name() == "process" || el.local_name() == "definitions" {
            continue;
        }
        let task_type = el.attr_value("tasktype").map(str::to_string).or_else(|| {
            el.descendants()
                .into_iter()
                .find(|d| d.local_name() == "taskType")
                .map(|d| d.text.clone())
        });
        p.elements.push(TaskInfo {
            id: id.value.clone(),
            range: id.value_range,
            element: el.local_name().to_string(),
            task_type,
            name: el.attr_value("name").map(str::to_string),
        });
    }
    p
}

fn read_layout_sets(files: &BTreeMap<String, SourceFile>) -> Vec<SetInfo> {
    let path = "ui/layout-sets.json";
    let mut out = Vec::new();
    let Some(Parsed::Json(doc)) = files.get(path).map(|f| &f.parsed) else {
        return out;
    };
    let Some(sets) = doc
        .root
        .as_ref()
        .and_then(|r| r.get("sets"))
        .and_then(|s| s.as_array())
    else {
        return out;
    };
    for s in sets {
        let Some(id) = s.get("id") else { continue };
        let Some(id_str) = id.as_str() else { continue };
        let dt = s.get("dataType");
        out.push(SetInfo {
            id: id_str.to_string(),
            folder: id_str.to_string(),
            data_type: dt.and_then(|d| d.as_str()).map(str::to_string),
            data_type_range: dt.map(|d| (path.to_string(), d.content_range())),
            tasks: s
                .get("tasks")
                .and_then(|t| t.as_array())
                .map(|t| {
                    t.iter()
                        .filter_map(|x| Some((x.as_str()?.to_string(), x.content_range())))
                        .collect()
                })
                .unwrap_or_default(),
            subform: s.get_str("type") == Some("subform"),
            decl: Some((path.to_string(), id.content_range())),
            ..Default::default()
        });
    }
    out
}

fn read_ui_folders(files: &BTreeMap<String, SourceFile>, m: &AppModel) -> Vec<SetInfo> {
    let mut folders: BTreeSet<&str> = BTreeSet::new();
    for path in files.keys() {
        let parts: Vec<&str> = path.split('/').collect();
        if parts.len() >= 3
            && parts[0] == "ui"
            && (parts[2] == "layouts" || parts[2] == "Settings.json")
        {
            folders.insert(parts[1]);
        }
    }
    folders
        .into_iter()
        .map(|folder| {
            let settings = format!("ui/{folder}/Settings.json");
            let root = match files.get(&settings).map(|f| &f.parsed) {
                Some(Parsed::Json(doc)) => doc.root.as_ref(),
                _ => None,
            };
            let ddt = root.and_then(|r| r.get("defaultDataType"));
            let data_type = ddt
                .and_then(|d| d.as_str())
                .map(str::to_string)
                .or_else(|| m.form_data_types().next().map(|d| d.id.clone()));
            SetInfo {
                id: folder.to_string(),
                folder: folder.to_string(),
                data_type,
                data_type_range: ddt.map(|d| (settings.clone(), d.content_range())),
                subform: root.and_then(|r| r.get_str("type")) == Some("subform"),
                ..Default::default()
            }
        })
        .collect()
}

/// Reads a set's page order and components from its files.
fn fill_set(set: &mut SetInfo, files: &BTreeMap<String, SourceFile>) {
    let settings = if set.folder.is_empty() {
        "ui/Settings.json".to_string()
    } else {
        format!("ui/{}/Settings.json", set.folder)
    };
    if let Some(Parsed::Json(doc)) = files.get(&settings).map(|f| &f.parsed) {
        set.settings_file = Some(settings.clone());
        if let Some(pages) = doc.root.as_ref().and_then(|r| r.get("pages")) {
            let mut push_order = |list: &Json| {
                for p in list.as_array().unwrap_or(&[]) {
                    if let Some(s) = p.as_str() {
                        set.order.push((s.to_string(), p.content_range()));
                    }
                }
            };
            if let Some(order) = pages.get("order") {
                push_order(order);
            }
            for g in pages
                .get("groups")
                .and_then(|g| g.as_array())
                .unwrap_or(&[])
            {
                if let Some(order) = g.get("order") {
                    push_order(order);
                }
            }
            set.pdf_layout_name = pages.get_str("pdfLayoutName").map(str::to_string);
        }
    }
    let prefix = if set.folder.is_empty() {
        "ui/layouts/".to_string()
    } else {
        format!("ui/{}/layouts/", set.folder)
    };
    let mut pages: Vec<String> = if set.single_layout {
        vec![SINGLE_LAYOUT_PAGE.to_string()]
    } else {
        files
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter_map(|(k, _)| {
                let rest = &k[prefix.len()..];
                (!rest.contains('/')).then(|| rest.trim_end_matches(".json").to_string())
            })
            .collect()
    };
    pages.sort_by_key(|p| {
        (
            set.order
                .iter()
                .position(|(o, _)| o == p)
                .unwrap_or(usize::MAX),
            p.clone(),
        )
    });
    for page in &pages {
        let path = set.layout_path(page);
        let base = set.components.len();
        let (components, refs) = read_page(files, &path, page, base);
        for (k, c) in components.iter().enumerate() {
            set.by_id.entry(c.id.clone()).or_default().push(base + k);
        }
        for (k, r) in refs.iter().enumerate() {
            let at = set.child_refs.len() + k;
            set.claims.entry(r.id.clone()).or_default().push(at);
        }
        set.components.extend(components);
        set.child_refs.extend(refs);
        // Every page gets a range (empty when its layout cannot be read), so an edit can
        // splice its components in place.
        set.page_ranges
            .insert(page.clone(), base..set.components.len());
    }
    set.pages = pages;
}

/// The components of one page and their child references; `base` is the index of the page's
/// first component in its set (child references point at their parent by that index).
fn read_page(
    files: &BTreeMap<String, SourceFile>,
    path: &str,
    page: &str,
    base: usize,
) -> (Vec<ComponentInfo>, Vec<ChildRef>) {
    let mut components = Vec::new();
    let mut refs = Vec::new();
    let Some(layout) = files
        .get(path)
        .and_then(|f| f.json())
        .and_then(|d| d.root.as_ref())
        .and_then(|r| r.pointer(&["data", "layout"]))
        .and_then(|l| l.as_array())
    else {
        return (components, refs);
    };
    for (index, c) in layout.iter().enumerate() {
        let Some(id) = c.get("id") else { continue };
        let Some(id_str) = id.as_str() else { continue };
        for (child, range, outside_rows) in child_refs(c) {
            refs.push(ChildRef {
                parent: base + components.len(),
                id: child.to_string(),
                range,
                outside_rows,
            });
        }
        let ty = c.get("type");
        components.push(ComponentInfo {
            id: id_str.to_string(),
            id_range: id.content_range(),
            // As the app reads it: the canonical spelling of a mis-cased type.
            ty: super::components::type_of(c).to_string(),
            ty_range: ty.map(|t| t.content_range()).unwrap_or(id.content_range()),
            file: path.to_string(),
            page: page.to_string(),
            index,
            range: c.range,
            era: super::versions::era_of(c),
        });
    }
    (components, refs)
}

/// Re-reads one edited page of a set and splices its components and child references into
/// the set's index in place; the indexes of later pages shift by the change in count.
fn replace_page(set: &mut SetInfo, files: &BTreeMap<String, SourceFile>, page: &str) {
    let Some(old) = set.page_ranges.get(page).cloned() else {
        return;
    };
    let (components, refs) = read_page(files, &set.layout_path(page), page, old.start);
    let old_refs = set.child_refs.partition_point(|r| r.parent < old.start)
        ..set.child_refs.partition_point(|r| r.parent < old.end);

    // Ids of this page and the claims it makes: drop the old entries, shift the later ones,
    // add the new ones (each list stays in ascending order, i.e. page order).
    let old_ids: Vec<String> = set.components[old.clone()]
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let new_ids: Vec<String> = components.iter().map(|c| c.id.clone()).collect();
    splice_index(&mut set.by_id, &old_ids, old.clone(), &new_ids);
    if old_ids != new_ids {
        set.id_names = Default::default();
    }
    let old_claims: Vec<String> = set.child_refs[old_refs.clone()]
        .iter()
        .map(|r| r.id.clone())
        .collect();
    let new_claims: Vec<String> = refs.iter().map(|r| r.id.clone()).collect();
    splice_index(&mut set.claims, &old_claims, old_refs.clone(), &new_claims);

    let new_end = old.start + components.len();
    let shift = |i: &mut usize| *i = *i + new_end - old.end;
    set.components.splice(old.clone(), components);
    let refs_end = old_refs.start + refs.len();
    set.child_refs.splice(old_refs, refs);
    if new_end != old.end {
        for r in &mut set.child_refs[refs_end..] {
            shift(&mut r.parent);
        }
        // Pages are laid out in `pages` order: the ones after this page move.
        let rank = set.page_rank(page);
        for p in set.pages.iter().skip(rank.saturating_add(1)) {
            if let Some(r) = set.page_ranges.get_mut(p) {
                shift(&mut r.start);
                shift(&mut r.end);
            }
        }
    }
    set.page_ranges.insert(page.to_string(), old.start..new_end);
}

/// Updates an id → ascending positions index after the positions `old` (holding `old_ids`)
/// were replaced by `new_ids` starting at `old.start`.
fn splice_index(
    index: &mut HashMap<String, Vec<usize>>,
    old_ids: &[String],
    old: std::ops::Range<usize>,
    new_ids: &[String],
) {
    for id in old_ids {
        if let Some(v) = index.get_mut(id) {
            v.retain(|i| !old.contains(i));
        }
    }
    let new_end = old.start + new_ids.len();
    if new_end != old.end {
        for v in index.values_mut() {
            for i in v.iter_mut().filter(|i| **i >= old.end) {
                *i = *i + new_end - old.end;
            }
        }
    }
    for (k, id) in new_ids.iter().enumerate() {
        let v = index.entry(id.clone()).or_default();
        let at = v.partition_point(|&i| i < old.start + k);
        v.insert(at, old.start + k);
    }
    index.retain(|_, v| !v.is_empty());
}

/// The app frontend binds paths below the schema's *root element*, not always below the schema
/// root (AFR `getRootElementPath`): `info.rootNode` when present (`""` = the schema root), else
/// `info.meldingsnavn`'s property `$ref`, else the definition named like the data type's
/// `classRef` (`Altinn.App.Models.Skjema` → `#/definitions/Skjema` or `#/$defs/Skjema`).
pub fn root_element_pointer(schema: &Json, class_ref: Option<&str>) -> String {
    let info = schema.get("info");
    if let Some(rn) = info.and_then(|i| i.get("rootNode")) {
        if let Some(s) = rn.as_str() {
            return s.to_string();
        }
    }
    if let Some(name) = info
        .and_then(|i| i.get_str("meldingsnavn"))
        .filter(|s| !s.is_empty())
    {
        if let Some(props) = schema.get("properties") {
            return props
                .get(name)
                .and_then(|p| p.get_str("$ref"))
                .unwrap_or("")
                .to_string();
        }
    }
    if let Some(cr) = class_ref {
        let cr = cr
            .strip_prefix("Altinn.App.Models.")
            .map(str::to_string)
            .unwrap_or_else(|| cr.replacen("Altinn.App.Models.", "", 1));
        // v4 looks the definition up by the classRef without `Altinn.App.Models.`; the data is
        // the class itself, so its bare name (a classRef in another namespace) is tried too.
        let bare = cr.rsplit('.').next().unwrap_or(&cr).to_string();
        for name in [&cr, &bare] {
            for defs in ["$defs", "definitions"] {
                if schema.get(defs).and_then(|d| d.get(name)).is_some() {
                    return format!("#/{defs}/{name}");
                }
            }
        }
    }
    String::new()
}

/// Re-roots a data model at its root element (see [`root_element_pointer`]).
fn apply_root_element(m: &mut AppModel, files: &BTreeMap<String, SourceFile>, name: &str) {
    use crate::syntax::{JsonKind, Member};
    let Some(dm) = m.data_models.get(name) else {
        return;
    };
    let Some(root) = files
        .get(&dm.file)
        .and_then(|f| f.json())
        .and_then(|d| d.root.as_ref())
    else {
        return;
    };
    // The data type of this schema: by id, else the one whose classRef names it (fallback).
    let class_ref = m
        .data_types
        .iter()
        .find(|d| d.id == name)
        .or_else(|| {
            m.data_types.iter().find(|d| {
                d.class_ref
                    .as_deref()
                    .is_some_and(|c| c.rsplit('.').next() == Some(name))
            })
        })
        .and_then(|d| d.class_ref.as_deref());
    let ptr = root_element_pointer(root, class_ref);
    let known = !ptr.is_empty() || root.pointer(&["info", "rootNode"]).is_some();
    if ptr.is_empty() || ptr == "#" {
        if let Some(dm) = m.data_models.get_mut(name) {
            dm.root_known = known;
        }
        return;
    }
    // Usually a root property refers to the root element: take its field.
    let via_prop = root
        .get("properties")
        .and_then(|p| p.as_object())
        .and_then(|props| props.iter().find(|p| p.value.get_str("$ref") == Some(&ptr)))
        .map(|p| p.key.clone());
    let file = dm.file.clone();
    let new_root = match via_prop.and_then(|k| dm.root.children.get(&k)) {
        Some(f) => f.clone(),
        None => {
            // Otherwise build from a schema that is just `$ref` to it plus the definitions.
            let mut members = vec![Member {
                key: "$ref".into(),
                key_range: root.range,
                value: Json {
                    kind: JsonKind::String(ptr.clone()),
                    range: root.range,
                },
            }];
            for defs in ["$defs", "definitions"] {
                if let Some(mem) = root.member(defs) {
                    members.push(mem.clone());
                }
            }
            let synthetic = Json {
                kind: JsonKind::Object(members),
                range: root.range,
            };
            DataModel::from_schema(name, &file, &synthetic).root
        }
    };
    if let Some(dm) = m.data_models.get_mut(name) {
        dm.root = new_root;
        dm.root_known = known;
    }
}

/// Strips a multi-page group's `N:` prefix from a child id (`"0:field1"` → `"field1"`).
pub fn strip_page_prefix(id: &str) -> &str {
    match id.split_once(':') {
        Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => id,
    }
}

/// The child references a component makes: `children` (Group, RepeatingGroup, Accordion,
/// AccordionGroup, ButtonGroup, …), `tabs[].children`, `cards[].children` and `cards[].media`,
/// Grid `rows[].cells[].component` and RepeatingGroup `rowsBefore`/`rowsAfter` cells.
/// The flag is true for RepeatingGroup `rowsBefore`/`rowsAfter` (outside the rows).
pub fn child_refs(c: &Json) -> Vec<(&str, TextRange, bool)> {
    let mut out = Vec::new();
    fn push_list<'a>(list: Option<&'a Json>, out: &mut Vec<(&'a str, TextRange, bool)>) {
        for v in list.and_then(|l| l.as_array()).unwrap_or(&[]) {
            if let Some(s) = v.as_str() {
                out.push((strip_page_prefix(s), v.content_range(), false));
            }
        }
    }
    // Summary-like components have no children; Likert's rows come from its binding.
    push_list(c.get("children"), &mut out);
    for key in ["tabs", "cards"] {
        for item in c.get(key).and_then(|l| l.as_array()).unwrap_or(&[]) {
            push_list(item.get("children"), &mut out);
            if let Some(m) = item.get("media") {
                if let Some(s) = m.as_str() {
                    out.push((s, m.content_range(), false));
                }
            }
        }
    }
    for key in ["rows", "rowsBefore", "rowsAfter"] {
        for row in c.get(key).and_then(|l| l.as_array()).unwrap_or(&[]) {
            for cell in row.get("cells").and_then(|l| l.as_array()).unwrap_or(&[]) {
                if let Some(comp) = cell.get("component") {
                    if let Some(s) = comp.as_str() {
                        out.push((s, comp.content_range(), key != "rows"));
                    }
                }
            }
        }
    }
    out
}
