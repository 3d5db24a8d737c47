//! AL0150-AL0199: structure of the files other than layouts, against our own definitions
//! (FORMATS.md §2 and §9): `Settings.json` (per set, and the global one of ui-folders apps),
//! `layout-sets.json`, `footer.json`, `applicationmetadata.json`, `resource.<lang>.json`,
//! `options/*.json` and `models/*.validation.json`.
//!
//! A tiny walker over static shape tables: no schema engine, nothing built at run time.
//! Cross-file meaning (tasks, data types, text ids, duplicate options, expression content)
//! belongs to other families.

use super::codes::declare_codes;
use super::codes::{AL0107, AL0108, AL0109, AL0124};
use super::Ctx;
use crate::diagnostic::{Code, Diagnostic, FixData, Severity};
use crate::model::util::did_you_mean;
use crate::model::{FileKind, Generation};
use crate::syntax::{Json, JsonKind, Member, TextRange};

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str = "Letter case of keys (AL0151, AL0158) follows the file's real reader \
(model::readers, docs/readers.md): the backend v7-v9 reads applicationmetadata.json (AppMetadata), \
text resources (AppResourcesSI.GetTexts) and code lists (AppOptionsFileHandler, web defaults) with \
System.Text.Json matching property names case-insensitively and serves them re-serialised, so \
'ClassRef' works and is only a hint to write the documented spelling; Studio Designer reads \
applicationmetadata and texts case-insensitively too. Settings.json, layout-sets.json and \
footer.json are served to the frontend as written and read by its case-sensitive JSON.parse \
objects, so there a key in another case is an unknown key. Code lists: app backend v8 and later read \
them with AppOptionConverter (AppOption.cs), which matches value, label, description, helpText \
and tags ignoring case and throws on any other property, so the whole list fails to load: an \
unknown key there is an error (backend v7 read them with Newtonsoft, which ignores it: a \
warning).";

declare_codes! {
    AL0150 Error "File root has the wrong JSON type (object or array expected)",
    AL0151 Warning "Unknown key in a configuration file",
    AL0152 Error "Value has the wrong type or is not one of the allowed values",
    AL0153 Error "Missing required key",
    AL0154 Error "Settings.json pages has both \"order\" and \"groups\"",
    AL0155 Error "Settings.json pages has neither \"order\" nor \"groups\"",
    AL0156 Warning "$schema points to the schema of another file kind",
    AL0157 Warning "Duplicate key in a JSON object (the last one wins)",
    AL0158 Hint "Key in another letter case than documented (its readers match keys ignoring case)",
}

/// The accepted shape of a JSON value.
#[derive(Clone, Copy)]
enum Shape {
    Any,
    Bool,
    /// Boolean, null, a castable string/number, or an expression (array).
    BoolExpr,
    Str,
    /// Anything but an object (string literal, cast literal or expression).
    StrExpr,
    Int,
    Num,
    /// `"auto"` or an integer 1-12 (grid column spans).
    GridSize,
    /// true/false or one of these strings.
    BoolOr(&'static [&'static str]),
    IntOrNull,
    StrOrInt,
    /// String, number, boolean or null (option values).
    Scalar,
    /// A string, null, or an object of language -> string (option labels).
    Label,
    Enum(&'static [&'static str]),
    EnumList(&'static [&'static str]),
    StrList,
    Obj(&'static Obj),
    ArrOf(&'static Shape),
    /// An object with free keys; every value has this shape.
    MapOf(&'static Shape),
    /// A string (a reference) or an object of this shape.
    StrOrObj(&'static Obj),
    /// An object of this shape or null (empty grid cells).
    ObjOrNull(&'static Obj),
    /// An array of this shape or null (a text's `variables`: every reader checks it is set).
    ArrOrNull(&'static Shape),
}

impl Shape {
    fn describe(self) -> String {
        fn list(v: &[&str]) -> String {
            v.iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(", ")
        }
        match self {
            Shape::Any => "any value".into(),
            Shape::Bool => "true or false".into(),
            Shape::BoolExpr => "true, false or a boolean expression".into(),
            Shape::Str => "a string".into(),
            Shape::StrExpr => "a string or a string expression".into(),
            Shape::Int => "an integer".into(),
            Shape::Num => "a number".into(),
            Shape::GridSize => "'auto' or an integer from 1 to 12".into(),
            Shape::BoolOr(v) => format!("true, false or {}", list(v)),
            Shape::IntOrNull => "an integer or null".into(),
            Shape::StrOrInt => "a string or an integer".into(),
            Shape::Scalar => "a string, number, boolean or null".into(),
            Shape::Label => "a string (text key or text)".into(),
            Shape::Enum(v) => format!("one of {}", list(v)),
            Shape::EnumList(v) => format!("an array of {}", list(v)),
            Shape::StrList => "an array of strings".into(),
            Shape::Obj(_) | Shape::MapOf(_) => "an object".into(),
            Shape::ArrOf(_) => "an array".into(),
            Shape::StrOrObj(_) => "a string or an object".into(),
            Shape::ObjOrNull(_) => "an object or null".into(),
            Shape::ArrOrNull(_) => "an array or null".into(),
        }
    }
}

#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    shape: Shape,
    required: bool,
}

const fn f(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: false,
    }
}

const fn req(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: true,
    }
}

/// Extra rules an object shape has beyond its fields.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Post {
    None,
    /// Exactly one of `order`/`groups` (#21).
    Pages,
    /// A group with several pages needs a name.
    PageGroup,
    /// `taskId` or `type: "receipt"`.
    TaskNav,
    /// `target` for Email/Link/Phone; `icon` only on Link.
    FooterItem,
    /// `message` and `condition` unless `ref` is given.
    Validation,
}

struct Obj {
    fields: &'static [Field],
    /// Keys accepted without being checked (written by tools, older versions).
    tolerated: &'static [&'static str],
    post: Post,
}

const VALIDATION_MASKS: &[&str] = &[
    "Schema",
    "Component",
    "Expression",
    "CustomBackend",
    "Required",
    "AllExceptRequired",
    "All",
];

static PAGE_VALIDATION: Obj = Obj {
    fields: &[
        req(
            "page",
            Shape::Enum(&["current", "currentAndPrevious", "all"]),
        ),
        req("show", Shape::EnumList(VALIDATION_MASKS)),
    ],
    tolerated: &[],
    post: Post::None,
};

static TASK_NAV: Obj = Obj {
    fields: &[
        f("taskId", Shape::Str),
        f("name", Shape::Str),
        f("type", Shape::Enum(&["receipt"])),
    ],
    tolerated: &[],
    post: Post::TaskNav,
};

/// The global page settings keys, after the given extra fields.
macro_rules! global_fields {
    ($($extra:expr),* $(,)?) => {
        [
            $($extra,)*
            f("hideCloseButton", Shape::Bool),
            f("showLanguageSelector", Shape::Bool),
            f("showExpandWidthButton", Shape::Bool),
            f("expandedWidth", Shape::Bool),
            f("showProgress", Shape::Bool),
            f(
                "autoSaveBehavior",
                Shape::Enum(&["onChangeFormData", "onChangePage"]),
            ),
            f("navigationTitle", Shape::StrExpr),
            f("taskNavigation", Shape::ArrOf(&Shape::Obj(&TASK_NAV))),
            f("validationOnNavigation", Shape::Obj(&PAGE_VALIDATION)),
            f("hideAppNameInPdf", Shape::BoolExpr),
        ]
    };
}

static GLOBAL_SETTINGS: Obj = Obj {
    fields: &global_fields!(f("$schema", Shape::Str)),
    tolerated: &[],
    post: Post::None,
};

static PAGE_GROUP: Obj = Obj {
    fields: &[
        f("name", Shape::Str),
        req("order", Shape::StrList),
        f("type", Shape::Enum(&["default", "info"])),
        f("markWhenCompleted", Shape::Bool),
        f("expandedByDefault", Shape::Bool),
    ],
    tolerated: &[],
    post: Post::PageGroup,
};

static PAGES: Obj = Obj {
    fields: &global_fields!(
        f("order", Shape::StrList),
        f("groups", Shape::ArrOf(&Shape::Obj(&PAGE_GROUP))),
        f("excludeFromPdf", Shape::StrList),
        f("pdfLayoutName", Shape::Str),
    ),
    // Old apps carry `receiptLayoutName` (FORMATS.md §9).
    tolerated: &["receiptLayoutName"],
    post: Post::Pages,
};

static COMPONENT_SETTINGS: Obj = Obj {
    fields: &[req("excludeFromPdf", Shape::StrList)],
    tolerated: &[],
    post: Post::None,
};

/// `ui/<set>/Settings.json` of classic apps and `ui/Settings.json` of legacy apps.
static LAYOUT_SETTINGS_V4: Obj = Obj {
    fields: &[
        f("$schema", Shape::Str),
        req("pages", Shape::Obj(&PAGES)),
        f("components", Shape::Obj(&COMPONENT_SETTINGS)),
    ],
    tolerated: &[],
    post: Post::None,
};

/// `ui/<task>/Settings.json` of ui-folders apps (next frontend).
static LAYOUT_SETTINGS_NEXT: Obj = Obj {
    fields: &[
        f("$schema", Shape::Str),
        req("pages", Shape::Obj(&PAGES)),
        f("components", Shape::Obj(&COMPONENT_SETTINGS)),
        f("defaultDataType", Shape::Str),
        f("type", Shape::Enum(&["subform"])),
    ],
    tolerated: &[],
    post: Post::None,
};

static LAYOUT_SET: Obj = Obj {
    fields: &[
        req("id", Shape::Str),
        // Designer-created sets may have no dataType (FORMATS.md §9).
        f("dataType", Shape::Str),
        f("tasks", Shape::StrList),
        // Designer writes `"type": "subform"` (FORMATS.md §2.2).
        f("type", Shape::Enum(&["subform"])),
    ],
    tolerated: &[],
    post: Post::None,
};

static LAYOUT_SETS: Obj = Obj {
    fields: &[
        f("$schema", Shape::Str),
        req("sets", Shape::ArrOf(&Shape::Obj(&LAYOUT_SET))),
        f("uiSettings", Shape::Obj(&GLOBAL_SETTINGS)),
    ],
    tolerated: &[],
    post: Post::None,
};

static FOOTER_ITEM: Obj = Obj {
    fields: &[
        req("type", Shape::Enum(&["Email", "Link", "Phone", "Text"])),
        req("title", Shape::Str),
        f("target", Shape::Str),
        f("icon", Shape::Enum(&["information", "email", "phone"])),
    ],
    tolerated: &[],
    post: Post::FooterItem,
};

static FOOTER: Obj = Obj {
    fields: &[
        f("$schema", Shape::Str),
        f("footer", Shape::ArrOf(&Shape::Obj(&FOOTER_ITEM))),
    ],
    tolerated: &[],
    post: Post::None,
};

static VARIABLE: Obj = Obj {
    fields: &[
        req("key", Shape::Str),
        req("dataSource", Shape::Str),
        f("defaultValue", Shape::Str),
    ],
    tolerated: &[],
    post: Post::None,
};

static RESOURCE: Obj = Obj {
    fields: &[
        req("id", Shape::Str),
        req("value", Shape::Str),
        // null is read as "no variables" by frontend v3 (`if (textResourceCopy.variables)`),
        // v4 (`textResource.variables ? … : …`) and the backend (a nullable list).
        f("variables", Shape::ArrOrNull(&Shape::Obj(&VARIABLE))),
    ],
    tolerated: &[],
    post: Post::None,
};

static TEXT_RESOURCES: Obj = Obj {
    fields: &[
        f("$schema", Shape::Str),
        req("language", Shape::Str),
        req("resources", Shape::ArrOf(&Shape::Obj(&RESOURCE))),
    ],
    tolerated: &[],
    post: Post::None,
};

static OPTION: Obj = Obj {
    fields: &[
        req("value", Shape::Scalar),
        req("label", Shape::Label),
        f("description", Shape::Label),
        f("helpText", Shape::Label),
        f("tags", Shape::StrList),
    ],
    tolerated: &[],
    post: Post::None,
};

static OPTION_LIST: Shape = Shape::ArrOf(&Shape::Obj(&OPTION));

static VALIDATION: Obj = Obj {
    fields: &[
        f("message", Shape::StrExpr),
        f("condition", Shape::BoolExpr),
        f(
            "severity",
            Shape::Enum(&["error", "warning", "info", "success"]),
        ),
        f("showImmediately", Shape::Bool),
        f("ref", Shape::Str),
    ],
    tolerated: &[],
    post: Post::Validation,
};

static VALIDATION_FILE: Obj = Obj {
    fields: &[
        f("$schema", Shape::Str),
        req(
            "validations",
            Shape::MapOf(&Shape::ArrOf(&Shape::StrOrObj(&VALIDATION))),
        ),
        f("definitions", Shape::MapOf(&Shape::Obj(&VALIDATION))),
    ],
    tolerated: &[],
    post: Post::None,
};

// ---- applicationmetadata.json ----

static INSTANCE_SELECTION: Obj = Obj {
    fields: &[
        f("sortDirection", Shape::Enum(&["asc", "desc"])),
        f("rowsPerPageOptions", Shape::ArrOf(&Shape::Int)),
        f("defaultSelectedOption", Shape::Int),
    ],
    tolerated: &[],
    post: Post::None,
};

static ON_ENTRY: Obj = Obj {
    fields: &[
        req("show", Shape::Str),
        f("instanceSelection", Shape::Obj(&INSTANCE_SELECTION)),
    ],
    // Written by current Designer/app-lib, missing from the v4 schema (FORMATS.md §9).
    tolerated: &["promptForParty"],
    post: Post::None,
};

static SHADOW_FIELDS: Obj = Obj {
    fields: &[f("prefix", Shape::Str), f("saveToDataType", Shape::Str)],
    tolerated: &[],
    post: Post::None,
};

static APP_LOGIC: Obj = Obj {
    fields: &[
        f("autoCreate", Shape::Bool),
        f("classRef", Shape::Str),
        f("schemaRef", Shape::Str),
        f("allowAnonymousOnStateless", Shape::Bool),
        f("autoDeleteOnProcessEnd", Shape::Bool),
        f("disallowUserCreate", Shape::Bool),
        f("disallowUserDelete", Shape::Bool),
        f("shadowFields", Shape::Obj(&SHADOW_FIELDS)),
        // Written by current Designer/app-lib, missing from the v4 schema (FORMATS.md §9).
        f("allowInSubform", Shape::Bool),
        f("allowUserCreate", Shape::Bool),
        f("allowUserDelete", Shape::Bool),
    ],
    tolerated: &[],
    post: Post::None,
};

static DATA_TYPE: Obj = Obj {
    fields: &[
        req("id", Shape::Str),
        f("description", Shape::MapOf(&Shape::Str)),
        f("allowedContentTypes", Shape::StrList),
        f("allowedContributers", Shape::StrList),
        f("allowedContributors", Shape::StrList),
        f("appLogic", Shape::Obj(&APP_LOGIC)),
        f("taskId", Shape::Str),
        f("maxSize", Shape::IntOrNull),
        f("maxCount", Shape::Int),
        f("minCount", Shape::Int),
        f("grouping", Shape::Str),
        f("enablePdfCreation", Shape::Bool),
        f("enableFileScan", Shape::Bool),
        f("validationErrorOnPendingFileScan", Shape::Bool),
        f("enabledFileAnalysers", Shape::StrList),
        f("enabledFileValidators", Shape::StrList),
        f("allowedKeysForUserDefinedMetadata", Shape::StrList),
        f("actionRequiredToRead", Shape::Str),
        f("actionRequiredToWrite", Shape::Str),
    ],
    tolerated: &[],
    post: Post::None,
};

static PARTY_TYPES: Obj = Obj {
    fields: &[
        f("bankruptcyEstate", Shape::Bool),
        f("organisation", Shape::Bool),
        f("person", Shape::Bool),
        f("subUnit", Shape::Bool),
    ],
    tolerated: &[],
    post: Post::None,
};

static DATA_FIELD: Obj = Obj {
    fields: &[
        req("id", Shape::Str),
        req("path", Shape::Str),
        req("dataTypeId", Shape::Str),
    ],
    tolerated: &[],
    post: Post::None,
};

static E_FORMIDLING: Obj = Obj {
    fields: &[
        f("serviceId", Shape::Enum(&["DPO", "DPV", "DPF", "DPI"])),
        f("dpfShipmentType", Shape::Str),
        f("receiver", Shape::Str),
        f("sendAfterTaskId", Shape::Str),
        f("process", Shape::Str),
        f("standard", Shape::Str),
        f("typeVersion", Shape::Str),
        f("type", Shape::Str),
        f("securityLevel", Shape::StrOrInt),
        f("dataTypes", Shape::StrList),
    ],
    tolerated: &[],
    post: Post::None,
};

static COPY_INSTANCE: Obj = Obj {
    fields: &[
        f("enabled", Shape::Bool),
        f("excludedDataTypes", Shape::StrList),
        f("excludedDataFields", Shape::StrList),
        f("includeAttachments", Shape::Bool),
    ],
    tolerated: &[],
    post: Post::None,
};

static MESSAGE_BOX: Obj = Obj {
    fields: &[f("hideSettings", Shape::Any)],
    tolerated: &[],
    post: Post::None,
};

static LOGO: Obj = Obj {
    fields: &[
        req("source", Shape::Enum(&["org", "resource"])),
        f("displayAppOwnerNameInHeader", Shape::Bool),
        f("size", Shape::Enum(&["small", "medium", "large"])),
    ],
    tolerated: &[],
    post: Post::None,
};

static API_SCOPES: Obj = Obj {
    fields: &[
        f("read", Shape::Str),
        f("write", Shape::Str),
        f("errorMessageTextResourceKey", Shape::Str),
    ],
    tolerated: &[],
    post: Post::None,
};

static API_SCOPES_CONFIG: Obj = Obj {
    fields: &[
        f("users", Shape::Obj(&API_SCOPES)),
        f("serviceOwners", Shape::Obj(&API_SCOPES)),
        f("errorMessageTextResourceKey", Shape::Str),
    ],
    tolerated: &[],
    post: Post::None,
};

static ACCESS: Obj = Obj {
    fields: &[
        f("rightDescription", Shape::MapOf(&Shape::Str)),
        f("delegable", Shape::Bool),
        f("visible", Shape::Bool),
    ],
    tolerated: &[],
    post: Post::None,
};

static CONTACT_POINT: Obj = Obj {
    fields: &[
        f("category", Shape::Str),
        f("email", Shape::Str),
        f("telephone", Shape::Str),
        f("contactPage", Shape::Str),
    ],
    tolerated: &[],
    post: Post::None,
};

static KEYWORD: Obj = Obj {
    fields: &[req("word", Shape::Str), req("language", Shape::Str)],
    tolerated: &[],
    post: Post::None,
};

static APP_METADATA: Obj = Obj {
    fields: &[
        f("$schema", Shape::Str),
        req("id", Shape::Str),
        req("org", Shape::Str),
        req("title", Shape::MapOf(&Shape::Str)),
        // A test app without partyTypesAllowed still runs (FORMATS.md §9): not required.
        f("partyTypesAllowed", Shape::Obj(&PARTY_TYPES)),
        req("dataTypes", Shape::ArrOf(&Shape::Obj(&DATA_TYPE))),
        f("processId", Shape::Str),
        f("onEntry", Shape::Obj(&ON_ENTRY)),
        f("eFormidling", Shape::Obj(&E_FORMIDLING)),
        f("dataFields", Shape::ArrOf(&Shape::Obj(&DATA_FIELD))),
        f("presentationFields", Shape::ArrOf(&Shape::Obj(&DATA_FIELD))),
        f("autoDeleteOnProcessEnd", Shape::Bool),
        f("copyInstanceSettings", Shape::Obj(&COPY_INSTANCE)),
        f("disallowUserInstantiation", Shape::Bool),
        f("validTo", Shape::Str),
        f("validFrom", Shape::Str),
        f("description", Shape::MapOf(&Shape::Str)),
        f("versionId", Shape::Str),
        f("created", Shape::Str),
        f("createdBy", Shape::Str),
        f("lastChanged", Shape::Str),
        f("lastChangedBy", Shape::Str),
        f("messageBoxConfig", Shape::Obj(&MESSAGE_BOX)),
        f("logo", Shape::Obj(&LOGO)),
        f("preventInstanceDeletionForDays", Shape::Int),
        f("apiScopes", Shape::Obj(&API_SCOPES_CONFIG)),
        f("homepage", Shape::Str),
        f("keywords", Shape::ArrOf(&Shape::Obj(&KEYWORD))),
        f("access", Shape::Obj(&ACCESS)),
        f("contactPoints", Shape::ArrOf(&Shape::Obj(&CONTACT_POINT))),
    ],
    // Written by current Designer/app-lib, missing from the v4 schema (FORMATS.md §9).
    tolerated: &["promptForParty", "storageAccountNumber", "externalApiIds"],
    post: Post::None,
};

// ---- objects inside layout components (reported with the layout family's codes) ----

static GRID_STYLING: Obj = Obj {
    fields: &[
        f("xs", Shape::GridSize),
        f("sm", Shape::GridSize),
        f("md", Shape::GridSize),
        f("lg", Shape::GridSize),
        f("xl", Shape::GridSize),
    ],
    tolerated: &[],
    post: Post::None,
};

static GRID: Shape = Shape::Obj(&Obj {
    fields: &[
        f("xs", Shape::GridSize),
        f("sm", Shape::GridSize),
        f("md", Shape::GridSize),
        f("lg", Shape::GridSize),
        f("xl", Shape::GridSize),
        f("labelGrid", Shape::Obj(&GRID_STYLING)),
        f("innerGrid", Shape::Obj(&GRID_STYLING)),
        f("validationGrid", Shape::Obj(&GRID_STYLING)),
    ],
    tolerated: &[],
    post: Post::None,
});

static PAGE_BREAK: Shape = Shape::Obj(&Obj {
    fields: &[
        f("breakBefore", Shape::StrExpr),
        f("breakAfter", Shape::StrExpr),
    ],
    tolerated: &[],
    post: Post::None,
});

static LABEL_SETTINGS: Shape = Shape::Obj(&Obj {
    fields: &[f("optionalIndicator", Shape::Bool)],
    tolerated: &[],
    post: Post::None,
});

static OPTION_SOURCE: Shape = Shape::Obj(&Obj {
    fields: &[
        req("group", Shape::Str),
        req("label", Shape::StrExpr),
        req("value", Shape::Str),
        f("description", Shape::StrExpr),
        f("helpText", Shape::StrExpr),
        f("dataType", Shape::Str),
    ],
    tolerated: &[],
    post: Post::None,
});

static SUMMARY2_TARGET: Shape = Shape::Obj(&Obj {
    fields: &[
        f("type", Shape::Enum(&["page", "layoutSet", "component"])),
        f("id", Shape::Str),
        f("taskId", Shape::Str),
    ],
    tolerated: &[],
    post: Post::None,
});

static GROUP_EDIT: Shape = Shape::Obj(&Obj {
    fields: &[
        f(
            "mode",
            Shape::Enum(&["hideTable", "showTable", "showAll", "onlyTable"]),
        ),
        f("addButton", Shape::BoolExpr),
        f("saveButton", Shape::BoolExpr),
        f("deleteButton", Shape::BoolExpr),
        f("editButton", Shape::BoolExpr),
        f("multiPage", Shape::Bool),
        f("openByDefault", Shape::BoolOr(&["first", "last"])),
        f("alertOnDelete", Shape::BoolExpr),
        f("saveAndNextButton", Shape::BoolExpr),
        f("alwaysShowAddButton", Shape::Bool),
        f("compactButtons", Shape::Bool),
        f("buttonLayout", Shape::Enum(&["horizontal", "vertical"])),
    ],
    tolerated: &[],
    post: Post::None,
});

static SUMMARY_DISPLAY: Shape = Shape::Obj(&Obj {
    fields: &[
        f("hideChangeButton", Shape::Bool),
        f("hideValidationMessages", Shape::Bool),
        f("useComponentGrid", Shape::Bool),
        f("hideBottomBorder", Shape::Bool),
        f("nextButton", Shape::Bool),
    ],
    tolerated: &[],
    post: Post::None,
});

static TABS: Shape = Shape::ArrOf(&Shape::Obj(&Obj {
    fields: &[
        req("id", Shape::Str),
        req("title", Shape::Str),
        f("icon", Shape::Str),
        req("children", Shape::StrList),
    ],
    tolerated: &[],
    post: Post::None,
}));

static GROUP_PAGINATION: Shape = Shape::Obj(&Obj {
    fields: &[req("rowsPerPage", Shape::Int)],
    tolerated: &[],
    post: Post::None,
});

static LIST_PAGINATION: Shape = Shape::Obj(&Obj {
    fields: &[
        req("alternatives", Shape::ArrOf(&Shape::Num)),
        req("default", Shape::Num),
    ],
    tolerated: &[],
    post: Post::None,
});

static TEXT_OVERFLOW: Obj = Obj {
    fields: &[f("lineWrap", Shape::Bool), f("maxHeight", Shape::Num)],
    tolerated: &[],
    post: Post::None,
};

const ALIGN_TEXT: &[&str] = &["left", "center", "right"];

static COLUMN_OPTIONS: Obj = Obj {
    fields: &[
        f("width", Shape::Str),
        f("alignText", Shape::Enum(ALIGN_TEXT)),
        f("textOverflow", Shape::Obj(&TEXT_OVERFLOW)),
        f("hidden", Shape::BoolExpr),
    ],
    tolerated: &[],
    post: Post::None,
};

/// A grid cell: a component reference, a text or a label taken from a component (or null).
static GRID_CELL: Obj = Obj {
    fields: &[
        f("component", Shape::Str),
        f("text", Shape::Str),
        f("help", Shape::Str),
        f("labelFrom", Shape::Str),
        f("width", Shape::Str),
        f("alignText", Shape::Enum(ALIGN_TEXT)),
        f("textOverflow", Shape::Obj(&TEXT_OVERFLOW)),
        f("hidden", Shape::BoolExpr),
        f("columnOptions", Shape::Obj(&COLUMN_OPTIONS)),
        f("cellStyle", Shape::Any),
    ],
    tolerated: &[],
    post: Post::None,
};

static GRID_ROWS: Shape = Shape::ArrOf(&Shape::Obj(&Obj {
    fields: &[
        f("header", Shape::Bool),
        f("readOnly", Shape::Bool),
        f("columnOptions", Shape::Obj(&COLUMN_OPTIONS)),
        req("cells", Shape::ArrOf(&Shape::ObjOrNull(&GRID_CELL))),
    ],
    tolerated: &[],
    post: Post::None,
}));

static GROUP_TABLE_COLUMNS: Shape = Shape::MapOf(&Shape::Obj(&Obj {
    fields: &[
        f("width", Shape::Str),
        f("alignText", Shape::Enum(ALIGN_TEXT)),
        f("textOverflow", Shape::Obj(&TEXT_OVERFLOW)),
        f("hidden", Shape::BoolExpr),
        f("editInTable", Shape::Bool),
        f("showInExpandedEdit", Shape::Bool),
    ],
    tolerated: &[],
    post: Post::None,
}));

static CARDS: Shape = Shape::ArrOf(&Shape::Obj(&Obj {
    fields: &[
        f("media", Shape::Str),
        f("title", Shape::Str),
        f("description", Shape::Str),
        f("footer", Shape::Str),
        f("children", Shape::StrList),
    ],
    tolerated: &[],
    post: Post::None,
}));

static STRING_MAP: Shape = Shape::MapOf(&Shape::Str);
static STRING_EXPR_MAP: Shape = Shape::MapOf(&Shape::StrExpr);

/// Checks the inside of a component property we know the shape of (`grid`, `source`, `edit`,
/// ...), including its JSON type. Returns false when we have no shape for it.
pub(super) fn check_component_prop(
    path: &str,
    comp_label: &str,
    def_name: &str,
    m: &Member,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let shape = match (def_name, m.key.as_str()) {
        (_, "grid") => GRID,
        (_, "pageBreak") => PAGE_BREAK,
        (_, "labelSettings") => LABEL_SETTINGS,
        (_, "source") => OPTION_SOURCE,
        (_, "mapping") => STRING_MAP,
        (_, "queryParameters") => STRING_EXPR_MAP,
        ("Summary2", "target") => SUMMARY2_TARGET,
        ("RepeatingGroup", "edit") => GROUP_EDIT,
        ("RepeatingGroup", "pagination") => GROUP_PAGINATION,
        ("List", "pagination") => LIST_PAGINATION,
        ("Summary", "display") => SUMMARY_DISPLAY,
        ("Tabs", "tabs") => TABS,
        ("Cards", "cards") => CARDS,
        ("Grid", "rows") | ("RepeatingGroup", "rowsBefore" | "rowsAfter") => GRID_ROWS,
        ("RepeatingGroup", "tableColumns") => GROUP_TABLE_COLUMNS,
        _ => return false,
    };
    let mut w = Walker {
        path,
        file_label: comp_label,
        component: true,
        codes: &COMPONENT_CODES,
        gen: Generation::LayoutSets,
        ignore_case: None,
        segs: vec![Seg::Key(&m.key, m.key_range)],
        out: Vec::new(),
    };
    w.value(&m.value, shape);
    out.append(&mut w.out);
    true
}

/// Pairs `(first, later)` of members with the same key. Small objects (the usual case) are
/// compared pairwise; large ones go through a map.
pub(super) fn duplicate_keys(members: &[Member]) -> Vec<(&Member, &Member)> {
    let mut out = Vec::new();
    if members.len() <= 32 {
        for (i, m) in members.iter().enumerate() {
            if let Some(first) = members[..i].iter().find(|x| x.key == m.key) {
                out.push((first, m));
            }
        }
    } else {
        let mut seen: std::collections::HashMap<&str, &Member> =
            std::collections::HashMap::with_capacity(members.len());
        for m in members {
            match seen.get(m.key.as_str()) {
                Some(first) => out.push((*first, m)),
                None => {
                    seen.insert(&m.key, m);
                }
            }
        }
    }
    out
}

/// The schema file a `$schema` URL names (`layout.schema.v1.json`), when it is one of ours.
pub(super) fn schema_file_name(url: &str) -> Option<&str> {
    let name = url.trim().rsplit('/').next()?;
    name.ends_with(".schema.v1.json").then_some(name)
}

/// Reports a `$schema` that names the schema of another file kind.
pub(super) fn check_schema_url(
    path: &str,
    root: &Json,
    expected: &str,
    what: &str,
    code: Code,
    out: &mut Vec<Diagnostic>,
) {
    let Some(v) = root.get("$schema") else {
        return;
    };
    let Some(name) = v.as_str().and_then(schema_file_name) else {
        return;
    };
    // Prefill files and data models have schemas of their own; only flag our known kinds.
    const KNOWN: &[&str] = &[
        "layout.schema.v1.json",
        "layoutSettings.schema.v1.json",
        "layout-sets.schema.v1.json",
        "footer.schema.v1.json",
        "application-metadata.schema.v1.json",
        "text-resources.schema.v1.json",
        "validation.schema.v1.json",
    ];
    if name != expected && KNOWN.contains(&name) {
        out.push(Diagnostic::new(
            code,
            path,
            v.content_range(),
            format!("$schema points to '{name}', but this is {what} (expected '{expected}'); editors will validate the file against the wrong schema"),
        ));
    }
}

pub fn check(ctx: &mut Ctx<'_>) {
    let gen = ctx.model.generation.unwrap_or(Generation::LayoutSets);
    let (root_shape, file_label, schema): (Shape, &str, &str) = match &ctx.file.kind {
        FileKind::LayoutSettings { .. } if gen == Generation::UiFolders => (
            Shape::Obj(&LAYOUT_SETTINGS_NEXT),
            "Settings.json",
            "layoutSettings.schema.v1.json",
        ),
        FileKind::LayoutSettings { .. } => (
            Shape::Obj(&LAYOUT_SETTINGS_V4),
            "Settings.json",
            "layoutSettings.schema.v1.json",
        ),
        FileKind::RootSettings => match gen {
            Generation::Legacy => (
                Shape::Obj(&LAYOUT_SETTINGS_V4),
                "Settings.json",
                "layoutSettings.schema.v1.json",
            ),
            Generation::UiFolders => (
                Shape::Obj(&GLOBAL_SETTINGS),
                "global ui/Settings.json",
                "layoutSettings.schema.v1.json",
            ),
            // Classic apps keep global settings in layout-sets.json `uiSettings`.
            Generation::LayoutSets => return,
        },
        FileKind::LayoutSets => (
            Shape::Obj(&LAYOUT_SETS),
            "layout-sets.json",
            "layout-sets.schema.v1.json",
        ),
        FileKind::Footer => (Shape::Obj(&FOOTER), "footer.json", "footer.schema.v1.json"),
        FileKind::AppMetadata => (
            Shape::Obj(&APP_METADATA),
            "applicationmetadata.json",
            "application-metadata.schema.v1.json",
        ),
        FileKind::TextResource { .. } => (
            Shape::Obj(&TEXT_RESOURCES),
            "text resource file",
            "text-resources.schema.v1.json",
        ),
        FileKind::OptionList { .. } => (OPTION_LIST, "code list", ""),
        FileKind::Validation { .. } => (
            Shape::Obj(&VALIDATION_FILE),
            "validation file",
            "validation.schema.v1.json",
        ),
        _ => return,
    };
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let mut w = Walker {
        path: ctx.path(),
        file_label,
        component: false,
        codes: &FILE_CODES,
        gen,
        ignore_case: crate::model::readers::json_readers(&ctx.file.kind).keys_ignore_case,
        segs: Vec::new(),
        out: Vec::new(),
    };
    let root_ok = match root_shape {
        Shape::Obj(_) => root.as_object().is_some(),
        _ => root.as_array().is_some(),
    };
    if !root_ok {
        if !root.is_invalid() {
            let want = match root_shape {
                Shape::Obj(_) => "an object",
                _ => "an array of options",
            };
            w.diag(
                AL0150,
                root.range,
                format!("A {file_label} must be {want}, found {}", root.type_name()),
            );
        }
    } else {
        w.value(root, root_shape);
        if !schema.is_empty() {
            let what = format!("a {file_label}");
            check_schema_url(ctx.path(), root, schema, &what, AL0156, &mut w.out);
        }
    }
    // App backend v8 and later read a code list with AppOptionConverter, which throws on any
    // property but value, label, description, helpText and tags: the whole list fails to load.
    // v7 read it with Newtonsoft, which ignores unknown properties.
    let strict_options = matches!(ctx.file.kind, FileKind::OptionList { .. })
        && ctx.model.versions.backend_major().is_none_or(|m| m >= 8);
    for mut d in w.out {
        if strict_options && d.code == AL0151 {
            if let Some(msg) = d.message.strip_suffix(" (it is ignored)") {
                d.message = format!(
                    "{msg}: app backend v8 and later refuse the whole code list ('Unknown property … on AppOption'), so none of its options load; an option may have value, label, description, helpText and tags"
                );
                d.severity = Severity::Error;
            }
        }
        ctx.report(d);
    }
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    /// A member key and the range of the key token.
    Key(&'a str, TextRange),
    Index(usize),
}

/// The codes a walker reports with: the structure family's own, or the layout family's when it
/// checks objects inside a component.
struct Codes {
    unknown: Code,
    wrong: Code,
    missing: Code,
}

static FILE_CODES: Codes = Codes {
    unknown: AL0151,
    wrong: AL0152,
    missing: AL0153,
};

static COMPONENT_CODES: Codes = Codes {
    unknown: AL0109,
    wrong: AL0108,
    missing: AL0107,
};

struct Walker<'a> {
    path: &'a str,
    /// The file kind ("layout-sets.json"), or the component ("Component 'x' (Input)").
    file_label: &'a str,
    /// Checking an object inside a layout component.
    component: bool,
    codes: &'static Codes,
    gen: Generation,
    /// The file's real readers match keys ignoring case (`model::readers`): who they are.
    ignore_case: Option<&'static str>,
    segs: Vec<Seg<'a>>,
    out: Vec<Diagnostic>,
}

impl<'a> Walker<'a> {
    fn diag(&mut self, code: Code, range: TextRange, msg: String) {
        self.out.push(Diagnostic::new(code, self.path, range, msg));
    }

    /// Where to point for something missing in an object: the key it sits under, else its
    /// opening brace.
    fn anchor(&self, v: &Json) -> TextRange {
        match self.segs.last() {
            Some(Seg::Key(_, r)) => *r,
            _ => TextRange::new(v.range.start, (v.range.start + 1).min(v.range.end)),
        }
    }

    /// What a message is about: `'pages.order' in Settings.json` or
    /// `Component 'x' (Input): 'grid.xs'`.
    fn subject(&self) -> String {
        if self.component {
            format!("{}: {}", self.file_label, self.where_())
        } else {
            format!("{} in {}", self.where_(), self.file_label)
        }
    }

    /// `pages.groups[1].order`; "the file" at the root.
    fn where_(&self) -> String {
        let mut s = String::new();
        for seg in &self.segs {
            match seg {
                Seg::Key(k, _) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Seg::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        if s.is_empty() {
            format!("the {}", self.file_label)
        } else {
            format!("'{s}'")
        }
    }

    fn wrong(&mut self, v: &Json, shape: Shape) {
        if v.is_invalid() {
            return;
        }
        let found = match &v.kind {
            JsonKind::String(s) => format!("the string \"{s}\""),
            JsonKind::Number(n) => format!("the number {n}"),
            JsonKind::Bool(b) => format!("{b}"),
            _ => v.type_name().to_string(),
        };
        let msg = format!(
            "{} must be {}, found {found}",
            self.subject(),
            shape.describe()
        );
        self.diag(self.codes.wrong, v.content_range(), msg);
    }

    fn value(&mut self, v: &'a Json, shape: Shape) {
        if v.is_invalid() {
            return;
        }
        let ok = match shape {
            Shape::Any => true,
            Shape::Bool => v.as_bool().is_some(),
            Shape::BoolExpr => match &v.kind {
                JsonKind::Bool(_) | JsonKind::Null | JsonKind::Array(_) => true,
                JsonKind::String(s) => {
                    matches!(
                        s.trim().to_ascii_lowercase().as_str(),
                        "true" | "false" | "1" | "0"
                    )
                }
                JsonKind::Number(n) => *n == 0.0 || *n == 1.0,
                _ => false,
            },
            Shape::Str => v.as_str().is_some(),
            Shape::StrExpr => !matches!(v.kind, JsonKind::Object(_)),
            Shape::Int => v.as_f64().is_some_and(|n| n.fract() == 0.0),
            Shape::Num => v.as_f64().is_some(),
            Shape::GridSize => {
                v.as_str() == Some("auto")
                    || v.as_f64()
                        .is_some_and(|n| n.fract() == 0.0 && (1.0..=12.0).contains(&n))
            }
            Shape::BoolOr(allowed) => {
                v.as_bool().is_some() || v.as_str().is_some_and(|x| allowed.contains(&x))
            }
            Shape::IntOrNull => v.is_null() || v.as_f64().is_some_and(|n| n.fract() == 0.0),
            Shape::StrOrInt => v.as_str().is_some() || v.as_f64().is_some_and(|n| n.fract() == 0.0),
            Shape::Scalar => !matches!(v.kind, JsonKind::Object(_) | JsonKind::Array(_)),
            Shape::Label => match &v.kind {
                JsonKind::String(_) | JsonKind::Null => true,
                JsonKind::Object(m) => m.iter().all(|x| x.value.as_str().is_some()),
                _ => false,
            },
            Shape::Enum(allowed) => match v.as_str() {
                Some(s) if allowed.contains(&s) => true,
                Some(s) => {
                    self.bad_enum(v, s, allowed);
                    return;
                }
                None => false,
            },
            Shape::EnumList(allowed) => {
                let Some(items) = v.as_array() else {
                    return self.wrong(v, shape);
                };
                for (i, it) in items.iter().enumerate() {
                    self.segs.push(Seg::Index(i));
                    self.value(it, Shape::Enum(allowed));
                    self.segs.pop();
                }
                return;
            }
            Shape::StrList => {
                let Some(items) = v.as_array() else {
                    return self.wrong(v, shape);
                };
                for (i, it) in items.iter().enumerate() {
                    if it.as_str().is_none() {
                        self.segs.push(Seg::Index(i));
                        self.wrong(it, Shape::Str);
                        self.segs.pop();
                    }
                }
                return;
            }
            Shape::ArrOf(inner) => {
                let Some(items) = v.as_array() else {
                    return self.wrong(v, shape);
                };
                for (i, it) in items.iter().enumerate() {
                    self.segs.push(Seg::Index(i));
                    self.value(it, *inner);
                    self.segs.pop();
                }
                return;
            }
            Shape::MapOf(inner) => {
                let Some(members) = v.as_object() else {
                    return self.wrong(v, shape);
                };
                for m in members {
                    self.segs.push(Seg::Key(&m.key, m.key_range));
                    self.value(&m.value, *inner);
                    self.segs.pop();
                }
                return;
            }
            Shape::StrOrObj(obj) => {
                if v.as_str().is_some() {
                    return;
                }
                if v.as_object().is_some() {
                    self.object(v, obj);
                    return;
                }
                false
            }
            Shape::ArrOrNull(inner) => {
                if v.is_null() {
                    return;
                }
                return self.value(v, Shape::ArrOf(inner));
            }
            Shape::ObjOrNull(obj) => {
                if v.is_null() {
                    return;
                }
                if v.as_object().is_some() {
                    self.object(v, obj);
                    return;
                }
                false
            }
            Shape::Obj(obj) => {
                if v.as_object().is_some() {
                    self.object(v, obj);
                    return;
                }
                false
            }
        };
        if !ok {
            self.wrong(v, shape);
        }
    }

    fn bad_enum(&mut self, v: &Json, s: &str, allowed: &[&'static str]) {
        let sugg = did_you_mean(s, allowed.iter().copied());
        let list = allowed
            .iter()
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut msg = format!("{}: '{s}' is not allowed; allowed: {list}", self.subject());
        if let Some(x) = sugg {
            msg.push_str(&format!(" (did you mean '{x}'?)"));
        }
        let mut d = Diagnostic::new(self.codes.wrong, self.path, v.content_range(), msg);
        if let Some(x) = sugg {
            d = d.with_fix(FixData::Replace(x.to_string()));
        }
        self.out.push(d);
    }

    fn object(&mut self, v: &'a Json, obj: &'static Obj) {
        let Some(members) = v.as_object() else {
            return;
        };
        for (first, dup) in duplicate_keys(members) {
            let code = if self.component { AL0124 } else { AL0157 };
            let msg = format!(
                "Duplicate key '{}' in {}: JSON readers keep only the last one",
                dup.key,
                self.subject()
            );
            let d = Diagnostic::new(code, self.path, dup.key_range, msg).with_related(
                self.path,
                first.key_range,
                "first occurrence",
            );
            self.out.push(d);
        }
        for m in members {
            let field = obj.fields.iter().find(|fd| fd.name == m.key).or_else(|| {
                let fd = obj.fields.iter().find(|fd| {
                    self.ignore_case.is_some() && fd.name.eq_ignore_ascii_case(&m.key)
                })?;
                self.other_case(m, fd.name);
                Some(fd)
            });
            match field {
                Some(fd) => {
                    self.segs.push(Seg::Key(&m.key, m.key_range));
                    self.value(&m.value, fd.shape);
                    self.segs.pop();
                }
                None if obj.tolerated.contains(&m.key.as_str()) => {}
                None => self.unknown_key(m, obj),
            }
        }
        for fd in obj.fields.iter().filter(|fd| fd.required) {
            let present = match self.ignore_case {
                Some(_) => v.member_ignore_case(fd.name).is_some(),
                None => v.member(fd.name).is_some(),
            };
            if !present {
                // Exactly-one rules of Settings pages are reported by the post check.
                if obj.post == Post::Pages {
                    continue;
                }
                let msg = format!(
                    "{} is missing the required key '{}' ({})",
                    self.subject(),
                    fd.name,
                    fd.shape.describe()
                );
                self.diag(self.codes.missing, self.anchor(v), msg);
            }
        }
        self.post(v, obj.post);
    }

    /// A known key in another letter case, in a file whose readers match keys ignoring case:
    /// it works, but the documented spelling is the one every tool and example uses.
    fn other_case(&mut self, m: &'a Member, name: &str) {
        let who = self.ignore_case.unwrap_or_default();
        self.segs.push(Seg::Key(&m.key, m.key_range));
        let msg = format!(
            "{}: write it as '{name}'. It works as is: {who}",
            self.subject()
        );
        self.segs.pop();
        let d = Diagnostic::new(AL0158, self.path, m.key_range, msg)
            .with_fix(FixData::Replace(format!("\"{name}\"")));
        self.out.push(d);
    }

    fn unknown_key(&mut self, m: &'a Member, obj: &Obj) {
        let sugg = did_you_mean(&m.key, obj.fields.iter().map(|fd| fd.name));
        self.segs.push(Seg::Key(&m.key, m.key_range));
        let mut msg = if self.component {
            format!("{}: unknown key {}", self.file_label, self.where_())
        } else {
            format!("Unknown key {} in {}", self.where_(), self.file_label)
        };
        self.segs.pop();
        if let Some(s) = sugg {
            msg.push_str(&format!("; did you mean '{s}'?"));
        } else if matches!(m.key.as_str(), "defaultDataType" | "type")
            && self.gen != Generation::UiFolders
            && std::ptr::eq(obj, &LAYOUT_SETTINGS_V4)
        {
            msg.push_str(" (only read by the next frontend in apps with task-named UI folders)");
        } else {
            msg.push_str(" (it is ignored)");
        }
        let mut d = Diagnostic::new(self.codes.unknown, self.path, m.key_range, msg);
        if let Some(s) = sugg {
            d = d.with_fix(FixData::Replace(format!("\"{s}\"")));
        }
        self.out.push(d);
    }

    fn post(&mut self, v: &Json, post: Post) {
        match post {
            Post::None => {}
            Post::Pages => {
                let order = v.member("order");
                let groups = v.member("groups");
                match (order, groups) {
                    (Some(_), Some(g)) => {
                        let d = Diagnostic::new(
                            AL0154,
                            self.path,
                            g.key_range,
                            "Settings.json \"pages\" has both \"order\" and \"groups\": use exactly one of them",
                        )
                        .with_related(
                            self.path,
                            order.map(|o| o.key_range).unwrap_or_default(),
                            "\"order\" is set here",
                        );
                        self.out.push(d);
                    }
                    (None, None) => self.diag(
                        AL0155,
                        self.anchor(v),
                        "Settings.json \"pages\" has neither \"order\" nor \"groups\": list the pages in \"order\": [...] (or in \"groups\")".into(),
                    ),
                    _ => {}
                }
            }
            Post::PageGroup => {
                let many = v
                    .get("order")
                    .and_then(|o| o.as_array())
                    .is_some_and(|o| o.len() > 1);
                if many && v.member("name").is_none() {
                    let msg = format!(
                        "{} in {}: a page group with several pages needs a \"name\"",
                        self.where_(),
                        self.file_label
                    );
                    self.diag(AL0153, self.anchor(v), msg);
                }
            }
            Post::TaskNav => {
                if v.member("taskId").is_none() && v.member("type").is_none() {
                    let msg = format!(
                        "{} in {}: a task navigation entry needs \"taskId\" (or \"type\": \"receipt\")",
                        self.where_(),
                        self.file_label
                    );
                    self.diag(AL0153, self.anchor(v), msg);
                }
            }
            Post::FooterItem => {
                let ty = v.get_str("type").unwrap_or("");
                if matches!(ty, "Email" | "Link" | "Phone") && v.member("target").is_none() {
                    let msg = format!(
                        "{} in {}: a footer {ty} needs a \"target\"",
                        self.where_(),
                        self.file_label
                    );
                    self.diag(AL0153, self.anchor(v), msg);
                }
                if ty != "Link" && !ty.is_empty() {
                    if let Some(icon) = v.member("icon") {
                        let msg = format!(
                            "{} in {}: \"icon\" is only used by footer Link items, not {ty}",
                            self.where_(),
                            self.file_label
                        );
                        self.diag(AL0151, icon.key_range, msg);
                    }
                }
            }
            Post::Validation => {
                if v.member("ref").is_none() {
                    for key in ["message", "condition"] {
                        if v.member(key).is_none() {
                            let msg = format!(
                                "{} in {}: a validation without \"ref\" needs \"{key}\"",
                                self.where_(),
                                self.file_label
                            );
                            self.diag(AL0153, self.anchor(v), msg);
                        }
                    }
                }
            }
        }
    }
}
