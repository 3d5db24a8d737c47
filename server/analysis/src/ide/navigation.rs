//! "What is at this offset?" ([`target_at`]) and where else it is ([`definition`],
//! [`references`]). The same classification ([`classify`]) serves completion (what kind of
//! name goes here), hover, rename and the reference walker over every file.

use super::context::{scan, Scan, Seg, Slot};
use super::Location;
use crate::db::{Parsed, SourceFile};
use crate::model::components::PropType;
use crate::model::{DeclKind, FileKind};
use crate::syntax::{Json, JsonKind, TextRange, XmlElement};
use crate::AppDb;

/// A named thing of the app that features navigate between.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    TextKey(String),
    /// A component id within a layout set.
    ComponentId {
        set: String,
        id: String,
    },
    /// A dot path (indexes like `[0]` and `{0}` removed) in a data type's model.
    DataPath {
        data_type: String,
        path: String,
    },
    Page {
        set: String,
        name: String,
    },
    LayoutSet(String),
    /// A BPMN element id (tasks, events, gateways, flows).
    Task(String),
    DataType(String),
    CodeList(String),
    RuleFunction {
        set: String,
        object: String,
        name: String,
    },
    ExpressionFunction(String),
    ComponentType(String),
    Property {
        component_type: String,
        name: String,
    },
}

/// What kind of name belongs at a place, before knowing the name (completion uses this).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    TextKey,
    /// `task`: a Summary2 target's `taskId`, selecting another layout set.
    ComponentId {
        task: Option<String>,
    },
    ComponentType,
    /// A member key of a component object, or (`within`) of its `dataModelBindings` or
    /// `textResourceBindings`.
    Property {
        component_type: Option<String>,
        within: Option<&'static str>,
    },
    /// `data_type`: explicit (binding object, `dataModel` 2nd argument), else the set's default.
    DataPath {
        data_type: Option<String>,
    },
    DataType,
    Page,
    LayoutSet,
    Task,
    CodeList,
    RuleFunction {
        object: &'static str,
    },
    Function,
    /// A property key in a JSON schema's `properties`.
    SchemaProperty,
    /// One of a fixed set of values.
    Value(&'static [&'static str]),
}

/// Reads sibling values around a place: a member of the object at `depth` (the value at
/// `path[..depth]`) or an item of the array at `depth`.
pub trait Around {
    fn member_str(&self, depth: usize, key: &str) -> Option<String>;
    fn item_str(&self, depth: usize, index: usize) -> Option<String>;
}

impl Around for Scan<'_> {
    fn member_str(&self, depth: usize, key: &str) -> Option<String> {
        Scan::member_str(self, depth, key)
    }
    fn item_str(&self, depth: usize, index: usize) -> Option<String> {
        Scan::item_str(self, depth, index)
    }
}

/// The ancestors of a place in a parsed tree: `values[d]` is the value at `path[..d]`.
pub struct TreeAround<'a> {
    pub values: Vec<&'a Json>,
}

impl Around for TreeAround<'_> {
    fn member_str(&self, depth: usize, key: &str) -> Option<String> {
        self.values.get(depth)?.get_str(key).map(str::to_string)
    }
    fn item_str(&self, depth: usize, index: usize) -> Option<String> {
        self.values
            .get(depth)?
            .as_array()?
            .get(index)?
            .as_str()
            .map(str::to_string)
    }
}

pub const INSTANCE_KEYS: &[&str] = &[
    "instanceId",
    "appId",
    "instanceOwnerPartyId",
    "instanceOwnerPartyType",
    "instanceOwnerName",
];
pub const COMPARE_OPERATORS: &[&str] = &[
    "equals",
    "greaterThan",
    "greaterThanEq",
    "lessThan",
    "lessThanEq",
    "isBefore",
    "isBeforeEq",
    "isAfter",
    "isAfterEq",
    "isSameDay",
    "not",
];

/// Member keys whose arrays hold ids or objects, never expressions.
const NON_EXPR_KEYS: &[&str] = &[
    "layout",
    "children",
    "order",
    "groups",
    "excludeFromPdf",
    "tasks",
    "sets",
    "options",
    "rows",
    "cells",
    "tabs",
    "cards",
    "showValidations",
    "show",
    "taskNavigation",
    "allowedContentTypes",
    "dataTypes",
    "resources",
    "variables",
    "footer",
    "tableHeaders",
    "tableColumns",
    "columns",
    "queryParameters",
    "validationMessages",
    "dataTypeIds",
    "layers",
    "geometries",
    "mapping",
    "sortOrder",
    "validFileEndings",
    "tagsOptions",
];

/// Member keys that hold expressions (so an array typed there is one even before its function
/// name is complete).
const EXPR_KEYS: &[&str] = &[
    "hidden",
    "required",
    "readOnly",
    "removeWhenHidden",
    "forceShowInSummary",
    "optionFilter",
    "alertOnChange",
    "alertOnDelete",
    "openByDefault",
    "hiddenRow",
    "addButton",
    "deleteButton",
    "editButton",
    "saveButton",
    "saveAndNextButton",
    "value",
    "minDate",
    "maxDate",
    "format",
    "minTime",
    "maxTime",
    "prefix",
    "suffix",
    "thousandSeparator",
    "decimalSeparator",
    "colSpan",
    "minNumberOfAttachments",
    "maxNumberOfAttachments",
    "latitude",
    "longitude",
    "entryDisplayName",
    "navigationTitle",
    "hideAppNameInPdf",
    "condition",
    "message",
];

fn allows_expressions(kind: &FileKind) -> bool {
    matches!(
        kind,
        FileKind::Layout { .. }
            | FileKind::LayoutSettings { .. }
            | FileKind::RootSettings
            | FileKind::Validation { .. }
            | FileKind::LayoutSets
    )
}

/// Known expression function names (the function table when it exists).
pub fn is_function(name: &str) -> bool {
    super::completion::function_names().any(|f| f == name)
}

/// Is the array at `path[..depth]` an expression?
///
/// A loop, not recursion: arrays nested 100,000 deep (text being typed, a bad paste) must
/// not overflow the stack.
fn is_expr_array(kind: &FileKind, path: &[Seg<'_>], mut depth: usize, ar: &dyn Around) -> bool {
    if !allows_expressions(kind) {
        return false;
    }
    loop {
        if depth == 0 {
            return false;
        }
        match path[depth - 1] {
            Seg::Index(_) => {
                // An argument of an expression, or an item of an id list: as its array is.
                depth -= 1;
            }
            Seg::Key(k) => {
                if NON_EXPR_KEYS.contains(&k) {
                    return false;
                }
                let head_known = ar.item_str(depth, 0).is_some_and(|h| is_function(&h));
                let under_texts = depth >= 2 && path[depth - 2] == Seg::Key("textResourceBindings");
                return head_known || EXPR_KEYS.contains(&k) || under_texts;
            }
        }
    }
}

/// What kind of name is at `path` (a value, or for [`Slot::Key`] a key of the object at `path`).
pub fn classify(kind: &FileKind, path: &[Seg<'_>], slot: Slot, ar: &dyn Around) -> Option<Role> {
    let p: Vec<&str> = path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => *k,
            Seg::Index(_) => "#",
        })
        .collect();
    if slot == Slot::Key {
        return classify_key(kind, &p, ar);
    }
    // Expressions first: `["component", "x"]` anywhere an expression may be.
    if let Some(Seg::Index(i)) = path.last() {
        let d = path.len() - 1;
        if is_expr_array(kind, path, d, ar) {
            return expr_role(ar, d, *i);
        }
    }
    match kind {
        FileKind::Layout { .. } => match p.as_slice() {
            ["data", "layout", "#", rest @ ..] => component_role(rest, 3, ar),
            _ => None,
        },
        FileKind::LayoutSettings { .. } | FileKind::RootSettings => match p.as_slice() {
            ["pages", "order", "#"]
            | ["pages", "groups", "#", "order", "#"]
            | ["pages", "excludeFromPdf", "#"]
            | ["pages", "pdfLayoutName"] => Some(Role::Page),
            ["components", "excludeFromPdf", "#"] => Some(Role::ComponentId { task: None }),
            [.., "taskNavigation", "#", "taskId"] => Some(Role::Task),
            [.., "taskNavigation", "#", "name"] | ["pages", "groups", "#", "name"] => {
                Some(Role::TextKey)
            }
            ["defaultDataType"] => Some(Role::DataType),
            ["type"] => Some(Role::Value(&["subform"])),
            ["pages", "autoSaveBehavior"] => {
                Some(Role::Value(&["onChangeFormData", "onChangePage"]))
            }
            _ => None,
        },
        FileKind::LayoutSets => match p.as_slice() {
            ["sets", "#", "id"] => Some(Role::LayoutSet),
            ["sets", "#", "dataType"] => Some(Role::DataType),
            ["sets", "#", "tasks", "#"] | [.., "taskNavigation", "#", "taskId"] => Some(Role::Task),
            ["sets", "#", "type"] => Some(Role::Value(&["subform"])),
            _ => None,
        },
        FileKind::AppMetadata => match p.as_slice() {
            ["dataTypes", "#", "id"] => Some(Role::DataType),
            ["dataTypes", "#", "taskId"] => Some(Role::Task),
            ["onEntry", "show"] => Some(Role::LayoutSet),
            _ => None,
        },
        FileKind::TextResource { .. } => match p.as_slice() {
            ["resources", "#", "id"] => Some(Role::TextKey),
            ["resources", "#", "variables", "#", "key"] => {
                let src = ar.member_str(4, "dataSource")?;
                let dt = src.strip_prefix("dataModel.")?;
                Some(Role::DataPath {
                    data_type: (dt != "default").then(|| dt.to_string()),
                })
            }
            ["resources", "#", "variables", "#", "dataSource"] => Some(Role::Value(&[
                "dataModel.default",
                "instanceContext",
                "applicationSettings",
                "customTextParameters",
            ])),
            _ => None,
        },
        FileKind::Footer => match p.as_slice() {
            ["footer", "#", "title"] | ["footer", "#", "target"] => Some(Role::TextKey),
            ["footer", "#", "type"] => Some(Role::Value(&["Text", "Link", "Email", "Phone"])),
            ["footer", "#", "icon"] => Some(Role::Value(&["information", "email", "phone"])),
            _ => None,
        },
        FileKind::OptionList { .. } => match p.as_slice() {
            ["#", "label"] | ["#", "description"] | ["#", "helpText"] => Some(Role::TextKey),
            _ => None,
        },
        FileKind::RuleConfiguration { .. } => match p.as_slice() {
            ["data", "ruleConnection", _, "selectedFunction"] => Some(Role::RuleFunction {
                object: "ruleHandlerObject",
            }),
            ["data", "conditionalRendering", _, "selectedFunction"] => Some(Role::RuleFunction {
                object: "conditionalRuleHandlerObject",
            }),
            ["data", _, _, "inputParams", _] | ["data", _, _, "outParams", _] => {
                Some(Role::DataPath { data_type: None })
            }
            ["data", "conditionalRendering", _, "selectedFields", _]
            | ["data", "conditionalRendering", _, "repeatingGroup", "groupId"]
            | ["data", "conditionalRendering", _, "repeatingGroup", "childGroupId"] => {
                Some(Role::ComponentId { task: None })
            }
            ["data", "conditionalRendering", _, "selectedAction"] => {
                Some(Role::Value(&["Show", "Hide"]))
            }
            _ => None,
        },
        FileKind::Validation { .. } => match p.as_slice() {
            ["validations", _, "#", "message"] | ["definitions", _, "message"] => {
                Some(Role::TextKey)
            }
            ["validations", _, "#", "severity"] | ["definitions", _, "severity"] => {
                Some(Role::Value(&["error", "warning", "info", "success"]))
            }
            _ => None,
        },
        _ => None,
    }
}

fn classify_key(kind: &FileKind, p: &[&str], ar: &dyn Around) -> Option<Role> {
    match (kind, p) {
        (FileKind::Layout { .. }, ["data", "layout", "#"]) => Some(Role::Property {
            component_type: ar.member_str(3, "type"),
            within: None,
        }),
        (
            FileKind::Layout { .. },
            ["data", "layout", "#", w @ ("dataModelBindings" | "textResourceBindings")],
        ) => Some(Role::Property {
            component_type: ar.member_str(3, "type"),
            within: Some(if *w == "dataModelBindings" {
                "dataModelBindings"
            } else {
                "textResourceBindings"
            }),
        }),
        // Option `mapping`: data model paths (keys) sent as query parameters.
        (FileKind::Layout { .. }, ["data", "layout", "#", "mapping"]) => {
            Some(Role::DataPath { data_type: None })
        }
        (FileKind::Validation { name }, ["validations"]) => Some(Role::DataPath {
            data_type: Some(name.clone()),
        }),
        (FileKind::DataModelSchema { .. }, [.., "properties"]) => Some(Role::SchemaProperty),
        _ => None,
    }
}

fn component_role(rest: &[&str], depth: usize, ar: &dyn Around) -> Option<Role> {
    let cid = Some(Role::ComponentId { task: None });
    match rest {
        ["id"] => cid,
        ["type"] => Some(Role::ComponentType),
        ["children", "#"]
        | ["tabs", "#", "children", "#"]
        | ["cards", "#", "children", "#"]
        | ["rows", "#", "cells", "#", "component"]
        | ["componentRef"] => cid,
        ["target", "id"] => {
            let task = ar.member_str(depth + 1, "taskId");
            match ar.member_str(depth + 1, "type").as_deref() {
                Some("page") => Some(Role::Page),
                Some("layoutSet") => Some(Role::LayoutSet),
                _ => Some(Role::ComponentId { task }),
            }
        }
        ["target", "taskId"] => Some(Role::Task),
        ["target", "type"] => Some(Role::Value(&["component", "page", "layoutSet"])),
        ["textResourceBindings", _] => Some(Role::TextKey),
        ["rows", "#", "cells", "#", "text"] => Some(Role::TextKey),
        ["options", "#", "label"]
        | ["options", "#", "description"]
        | ["options", "#", "helpText"] => Some(Role::TextKey),
        ["dataModelBindings", _] => Some(Role::DataPath { data_type: None }),
        ["dataModelBindings", _, "field"] => Some(Role::DataPath {
            data_type: ar.member_str(depth + 2, "dataType"),
        }),
        ["dataModelBindings", _, "dataType"] => Some(Role::DataType),
        ["source", "group"] => Some(Role::DataPath { data_type: None }),
        ["source", "label"] | ["source", "description"] | ["source", "helpText"] => {
            Some(Role::TextKey)
        }
        ["overrides", "#", "componentId"] => cid,
        ["tabs", "#", "title"] | ["cards", "#", "title"] => Some(Role::TextKey),
        ["optionsId"] | ["dataListId"] => Some(Role::CodeList),
        ["layoutSet"] => Some(Role::LayoutSet),
        // Any other property our component model types as component ids
        // (`tableHeaders`, `excludedChildren`, ...).
        [prop] | [prop, "#"] => {
            let ty = ar.member_str(depth, "type")?;
            let def = crate::model::components::canonical_type(&ty)
                .and_then(crate::model::components::component)?;
            match (def.prop(prop)?.ty, rest.len()) {
                (PropType::ComponentId, 1) | (PropType::ComponentIds, 2) => cid,
                _ => None,
            }
        }
        _ => None,
    }
}

fn expr_role(ar: &dyn Around, d: usize, i: usize) -> Option<Role> {
    if i == 0 {
        return Some(Role::Function);
    }
    let head = ar.item_str(d, 0)?;
    Some(match (head.as_str(), i) {
        ("component" | "displayValue", 1) | ("linkToComponent", 2) => {
            Role::ComponentId { task: None }
        }
        ("linkToPage", 2) => Role::Page,
        ("text", 1) => Role::TextKey,
        ("dataModel", 1) => Role::DataPath {
            data_type: ar.item_str(d, 2),
        },
        ("dataModel", 2) | ("countDataElements", 1) => Role::DataType,
        ("optionLabel", 1) => Role::CodeList,
        ("instanceContext", 1) => Role::Value(INSTANCE_KEYS),
        ("compare", 2 | 3) => Role::Value(COMPARE_OPERATORS),
        ("if", 3) => Role::Value(&["else"]),
        _ => return None,
    })
}

/// The layout set a file belongs to.
pub fn set_id(db: &AppDb, file: &SourceFile) -> Option<String> {
    db.model().set_of_file(&file.kind).map(|s| s.id.clone())
}

/// Drops `[0]`/`{0}` indexes: the form data paths are compared in.
pub fn normalize_path(path: &str) -> String {
    crate::model::DataModel::segments(path).join(".")
}

/// The data type a path in this file refers to when none is given.
fn default_data_type(db: &AppDb, file: &SourceFile) -> Option<String> {
    let m = db.model();
    if let Some(s) = m.set_of_file(&file.kind) {
        return s.data_type.clone();
    }
    m.sets
        .iter()
        .find_map(|s| s.data_type.clone())
        .or_else(|| m.data_models.keys().next().cloned())
}

/// The target named by `value` in `role`, and how many leading bytes of the value are not part
/// of the name (`"0:field"` children).
pub fn target_of(db: &AppDb, file: &SourceFile, role: &Role, value: &str) -> Option<(Target, u32)> {
    if value.is_empty() {
        return None;
    }
    let set = || set_id(db, file).unwrap_or_default();
    let t = match role {
        Role::TextKey => Target::TextKey(value.to_string()),
        Role::ComponentId { task } => {
            let (skip, id) = match value.split_once(':') {
                Some((n, id)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                    (n.len() as u32 + 1, id)
                }
                _ => (0, value),
            };
            let set = task
                .as_ref()
                .and_then(|t| {
                    db.model()
                        .sets
                        .iter()
                        .find(|s| s.tasks.iter().any(|(x, _)| x == t) || s.id == *t)
                })
                .map(|s| s.id.clone())
                .unwrap_or_else(set);
            return Some((
                Target::ComponentId {
                    set,
                    id: id.to_string(),
                },
                skip,
            ));
        }
        Role::ComponentType => Target::ComponentType(value.to_string()),
        Role::Property {
            component_type,
            within,
        } => Target::Property {
            component_type: component_type.clone().unwrap_or_default(),
            name: match within {
                Some(w) => format!("{w}.{value}"),
                None => value.to_string(),
            },
        },
        Role::DataPath { data_type } => Target::DataPath {
            data_type: data_type
                .clone()
                .or_else(|| default_data_type(db, file))
                .unwrap_or_default(),
            path: normalize_path(value),
        },
        Role::DataType => Target::DataType(value.to_string()),
        Role::Page => Target::Page {
            set: set(),
            name: value.to_string(),
        },
        Role::LayoutSet => {
            if value == "new-instance" || value == "select-instance" {
                return None;
            }
            Target::LayoutSet(value.to_string())
        }
        Role::Task => Target::Task(value.to_string()),
        Role::CodeList => Target::CodeList(value.to_string()),
        Role::RuleFunction { object } => Target::RuleFunction {
            set: set(),
            object: object.to_string(),
            name: value.to_string(),
        },
        Role::Function => Target::ExpressionFunction(value.to_string()),
        Role::SchemaProperty | Role::Value(_) => return None,
    };
    Some((t, 0))
}

/// What is at `offset` in `path`, and the range of its name there.
pub fn target_at(db: &AppDb, path: &str, offset: u32) -> Option<(Target, TextRange)> {
    let file = db.file(path)?;
    match &file.parsed {
        Parsed::Json(doc) => {
            let text = &file.text;
            let scan_at = |off: u32| scan(text, doc.root.as_ref(), off);
            // A cursor right before the opening quote still means the string.
            let mut s = scan_at(offset)?;
            if s.string.is_none() && text.as_bytes().get(offset as usize) == Some(&b'"') {
                s = scan_at(offset + 1)?;
            }
            let st = s.string.clone()?;
            let path_segs = s.path();
            let role = classify(&file.kind, &path_segs, s.slot, &s)?;
            if role == Role::SchemaProperty {
                let key_range = TextRange::new(st.content.start - 1, st.content.end + 1);
                let FileKind::DataModelSchema { name } = &file.kind else {
                    return None;
                };
                let dm = db.model().data_model(name)?;
                let (p, _) = dm
                    .all_paths()
                    .into_iter()
                    .find(|(_, f)| f.decl == Some(key_range))?;
                return Some((
                    Target::DataPath {
                        data_type: name.clone(),
                        path: p,
                    },
                    st.content,
                ));
            }
            let (t, skip) = target_of(db, file, &role, &st.value)?;
            Some((
                t,
                TextRange::new(
                    (st.content.start + skip).min(st.content.end),
                    st.content.end,
                ),
            ))
        }
        Parsed::Xml(doc) => {
            if file.kind != FileKind::Process {
                return None;
            }
            let root = doc.root.as_ref()?;
            let mut found = None;
            walk_bpmn(root, &mut |t, r| {
                if found.is_none() && r.contains_inclusive(offset) {
                    found = Some((t, r));
                }
            });
            found
        }
        Parsed::Js(doc) => {
            let FileKind::RuleHandler { .. } = &file.kind else {
                return None;
            };
            let set = set_id(db, file).unwrap_or_default();
            for o in &doc.objects {
                for p in &o.properties {
                    if p.name_range.contains_inclusive(offset) {
                        return Some((
                            Target::RuleFunction {
                                set,
                                object: o.name.clone(),
                                name: p.name.clone(),
                            },
                            p.name_range,
                        ));
                    }
                }
            }
            None
        }
        Parsed::Text if file.kind == FileKind::CSharp => {
            super::csharp_nav::target_at(db, path, offset)
        }
        Parsed::Text => None,
    }
}

pub(crate) const BPMN_DATA_TYPE_ELEMENTS: &[&str] = &[
    "dataType",
    "signatureDataType",
    "paymentDataType",
    "paymentReceiptPdfDataType",
    "connectedDataTypeId",
    "signeeStatesDataTypeId",
    "signingPdfDataType",
];

/// Names in a BPMN file: element ids and references to them, data type ids.
fn walk_bpmn(root: &XmlElement, f: &mut dyn FnMut(Target, TextRange)) {
    for el in root.descendants() {
        if el
            .prefix()
            .is_some_and(|px| px.starts_with("bpmndi") || px == "dc" || px == "di")
        {
            continue;
        }
        let local = el.local_name();
        for a in &el.attrs {
            let name = a.name.rsplit(':').next().unwrap_or("");
            let is_ref = matches!(
                name,
                "sourceRef" | "targetRef" | "default" | "attachedToRef"
            );
            let is_id = name == "id" && local != "definitions" && local != "process";
            if (is_ref || is_id) && !a.value.is_empty() {
                f(Target::Task(a.value.clone()), a.value_range);
            }
        }
        if let Some(r) = el.text_range {
            if matches!(local, "incoming" | "outgoing" | "taskId") {
                f(Target::Task(el.text.clone()), r);
            } else if local == "filenameTextResourceKey" {
                f(Target::TextKey(el.text.clone()), r);
            } else if BPMN_DATA_TYPE_ELEMENTS.contains(&local) {
                f(Target::DataType(el.text.clone()), r);
            }
        }
    }
}

/// Task ids in a policy: `<Match>` elements on `urn:altinn:task`.
fn walk_policy(root: &XmlElement, f: &mut dyn FnMut(Target, TextRange)) {
    for m in root.descendants() {
        if m.local_name() != "Match" {
            continue;
        }
        let on_task = m
            .children
            .iter()
            .any(|c| c.attr_value("AttributeId") == Some("urn:altinn:task"));
        if !on_task {
            continue;
        }
        if let Some(v) = m.child("AttributeValue") {
            if let Some(r) = v.text_range {
                f(Target::Task(v.text.clone()), r);
            }
        }
    }
}

/// Calls `f` for every name in a file (declarations and uses), with the range of the name.
pub fn walk_targets(db: &AppDb, file: &SourceFile, f: &mut dyn FnMut(Target, TextRange)) {
    match &file.parsed {
        Parsed::Json(doc) => {
            if matches!(file.kind, FileKind::DataModelSchema { .. }) {
                return;
            }
            let Some(root) = &doc.root else { return };
            let mut w = Walker {
                db,
                file,
                path: Vec::new(),
                around: TreeAround { values: Vec::new() },
                f,
            };
            w.value(root);
        }
        Parsed::Xml(doc) => match (&file.kind, &doc.root) {
            (FileKind::Process, Some(root)) => walk_bpmn(root, f),
            (FileKind::Policy, Some(root)) => walk_policy(root, f),
            _ => {}
        },
        Parsed::Js(doc) => {
            let set = set_id(db, file).unwrap_or_default();
            for o in &doc.objects {
                for p in &o.properties {
                    f(
                        Target::RuleFunction {
                            set: set.clone(),
                            object: o.name.clone(),
                            name: p.name.clone(),
                        },
                        p.name_range,
                    );
                }
            }
        }
        Parsed::Text => {}
    }
}

struct Walker<'a, 'f> {
    db: &'a AppDb,
    file: &'a SourceFile,
    path: Vec<Seg<'a>>,
    around: TreeAround<'a>,
    f: &'f mut dyn FnMut(Target, TextRange),
}

impl<'a> Walker<'a, '_> {
    fn value(&mut self, v: &'a Json) {
        if self.path.len() > crate::syntax::MAX_DEPTH {
            return;
        }
        self.around.values.push(v);
        match &v.kind {
            JsonKind::Object(members) => {
                for m in members {
                    if let Some(role) =
                        classify(&self.file.kind, &self.path, Slot::Key, &self.around)
                    {
                        self.emit(&role, &m.key, m.key_range.inner_string());
                    }
                    self.path.push(Seg::Key(&m.key));
                    self.leaf_or_descend(&m.value);
                    self.path.pop();
                }
            }
            JsonKind::Array(items) => {
                for (i, it) in items.iter().enumerate() {
                    self.path.push(Seg::Index(i));
                    self.leaf_or_descend(it);
                    self.path.pop();
                }
            }
            _ => {}
        }
        self.around.values.pop();
    }

    fn leaf_or_descend(&mut self, v: &'a Json) {
        match &v.kind {
            JsonKind::String(s) => {
                if let Some(role) = classify(&self.file.kind, &self.path, Slot::Value, &self.around)
                {
                    self.emit(&role, s, v.content_range());
                }
            }
            JsonKind::Object(_) | JsonKind::Array(_) => self.value(v),
            _ => {}
        }
    }

    fn emit(&mut self, role: &Role, value: &str, range: TextRange) {
        if let Some((t, skip)) = target_of(self.db, self.file, role, value) {
            (self.f)(
                t,
                TextRange::new((range.start + skip).min(range.end), range.end),
            );
        }
    }
}

/// Where a target is declared.
pub fn declarations(db: &AppDb, t: &Target) -> Vec<Location> {
    let m = db.model();
    let loc = |file: &str, range: TextRange| Location {
        file: file.to_string(),
        range,
    };
    let mut out = Vec::new();
    match t {
        Target::TextKey(k) => {
            for tf in m.texts.values() {
                if let Some(e) = tf.keys.get(k) {
                    out.push(loc(&tf.file, e.range));
                }
            }
        }
        Target::ComponentId { set, id } => {
            if let Some(s) = m.set_by_id(set) {
                for &i in s.by_id.get(id).map(Vec::as_slice).unwrap_or(&[]) {
                    let c = &s.components[i];
                    out.push(loc(&c.file, c.id_range));
                }
            }
        }
        Target::DataPath { data_type, path } => {
            if let Some(dm) = m.data_model(data_type) {
                if let Ok(r) = dm.resolve(path) {
                    if let Some(d) = r.field.decl {
                        out.push(loc(&dm.file, d));
                    }
                }
                let xsd = format!("models/{data_type}.xsd");
                if let Some(x) = db
                    .file(&xsd)
                    .and_then(|f| f.xml())
                    .and_then(|d| d.root.as_ref())
                {
                    if let Some(r) = xsd_element(x, path) {
                        out.push(loc(&xsd, r));
                    }
                }
            }
            out.extend(super::csharp_nav::declaration(db, data_type, path));
        }
        Target::Page { set, name } => {
            if let Some(s) = m.set_by_id(set) {
                let p = s.layout_path(name);
                if db.file(&p).is_some() {
                    out.push(loc(&p, TextRange::empty(0)));
                }
            }
        }
        Target::LayoutSet(id) => {
            if let Some(s) = m.set_by_id(id) {
                if let Some((f, r)) = &s.decl {
                    out.push(loc(f, *r));
                } else if let Some(f) = &s.settings_file {
                    out.push(loc(f, TextRange::empty(0)));
                }
            }
        }
        Target::Task(id) => {
            if let Some(p) = &m.process {
                if let Some(e) = p.elements.iter().find(|e| e.id == *id) {
                    out.push(loc(&p.file, e.range));
                }
            }
        }
        Target::DataType(id) => {
            if let Some(d) = m.data_type(id) {
                out.push(loc("config/applicationmetadata.json", d.range));
            }
        }
        Target::CodeList(id) => {
            let p = format!("options/{id}.json");
            if db.file(&p).is_some() {
                out.push(loc(&p, TextRange::empty(0)));
            } else if let Some(d) = m
                .csharp
                .find(DeclKind::CodeList, id)
                .or_else(|| m.csharp.find(DeclKind::DataList, id))
            {
                out.push(loc(&d.file, d.range));
            }
        }
        Target::RuleFunction { set, object, name } => {
            let folder = m.set_by_id(set).map(|s| s.folder.as_str()).unwrap_or("");
            let p = if folder.is_empty() {
                "ui/RuleHandler.js".to_string()
            } else {
                format!("ui/{folder}/RuleHandler.js")
            };
            if let Some(js) = db.file(&p).and_then(|f| f.js()) {
                if let Some(prop) = js
                    .object(object)
                    .and_then(|o| o.properties.iter().find(|x| x.name == *name))
                {
                    out.push(loc(&p, prop.name_range));
                }
            }
        }
        Target::ExpressionFunction(_) | Target::ComponentType(_) | Target::Property { .. } => {}
    }
    out
}

/// The XSD element declaring the last segment of `path`: among the elements with that name, the
/// one nested in (or typed by a complex type named like) the most of the path's earlier
/// segments. A heuristic: XSDs reach the same name through named types and references.
fn xsd_element(root: &XmlElement, path: &str) -> Option<TextRange> {
    let segs: Vec<&str> = path.split('.').collect();
    let last = *segs.last()?;
    // Named types and the element names that use them (`<element name="Person" type="PersonType">`).
    let mut users: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for e in root.descendants() {
        if let (Some(n), Some(t)) = (e.attr_value("name"), e.attr_value("type")) {
            users
                .entry(t.rsplit(':').next().unwrap_or(t))
                .or_default()
                .push(n);
        }
    }
    let mut best: Option<(usize, TextRange)> = None;
    let mut stack: Vec<(&XmlElement, Vec<&str>)> = vec![(root, Vec::new())];
    while let Some((el, names)) = stack.pop() {
        for c in &el.children {
            let mut inner = names.clone();
            if matches!(c.local_name(), "element" | "complexType") {
                if let Some(n) = c.attr_value("name") {
                    inner.push(n);
                    if c.local_name() == "complexType" {
                        inner.extend(users.get(n).into_iter().flatten().copied());
                    }
                }
            }
            if c.local_name() == "element" && c.attr_value("name") == Some(last) {
                let score = segs[..segs.len() - 1]
                    .iter()
                    .filter(|s| names.contains(s))
                    .count();
                if best.is_none_or(|(b, _)| score > b) {
                    best = c.attr("name").map(|a| (score, a.value_range));
                }
            }
            if inner.len() < 64 {
                stack.push((c, inner));
            }
        }
    }
    best.map(|(_, r)| r)
}

pub fn definition(db: &AppDb, path: &str, offset: u32) -> Vec<Location> {
    let Some((t, _)) = target_at(db, path, offset) else {
        return Vec::new();
    };
    declarations(db, &t)
}

/// Whether a file can mention a target of this kind (skips files for speed).
pub(crate) fn may_mention(file: &SourceFile, t: &Target) -> bool {
    use FileKind as K;
    match t {
        Target::TextKey(_) => !matches!(
            file.kind,
            K::DataModelSchema { .. } | K::DataModelXsd { .. } | K::CSharp | K::Policy
        ),
        Target::ComponentId { .. } | Target::Page { .. } | Target::RuleFunction { .. } => matches!(
            file.kind,
            K::Layout { .. }
                | K::LayoutSettings { .. }
                | K::RootSettings
                | K::RuleConfiguration { .. }
                | K::RuleHandler { .. }
        ),
        Target::CodeList(_) => matches!(file.kind, K::Layout { .. }),
        Target::Task(_) => !matches!(
            file.kind,
            K::DataModelSchema { .. } | K::DataModelXsd { .. } | K::CSharp
        ),
        _ => !matches!(
            file.kind,
            K::DataModelSchema { .. } | K::DataModelXsd { .. } | K::CSharp | K::Policy
        ),
    }
}

/// Every place that names the target (uses and, where the walker sees them, declarations).
pub fn occurrences(db: &AppDb, t: &Target) -> Vec<Location> {
    let mut out = Vec::new();
    for file in db.files() {
        if !may_mention(file, t) {
            continue;
        }
        walk_targets(db, file, &mut |x, r| {
            if x == *t {
                out.push(Location {
                    file: file.path.clone(),
                    range: r,
                });
            }
        });
    }
    out
}

pub fn references(db: &AppDb, path: &str, offset: u32, include_declaration: bool) -> Vec<Location> {
    if db.file(path).is_some_and(|f| f.kind == FileKind::CSharp) {
        return super::csharp_nav::references(db, path, offset, include_declaration);
    }
    let Some((t, _)) = target_at(db, path, offset) else {
        return Vec::new();
    };
    references_of(db, &t, include_declaration)
}

pub fn references_of(db: &AppDb, t: &Target, include_declaration: bool) -> Vec<Location> {
    let decls = declarations(db, t);
    let mut out = occurrences(db, t);
    if include_declaration {
        out.extend(decls);
    } else {
        out.retain(|l| !decls.contains(l));
    }
    out.sort();
    out.dedup();
    out
}
