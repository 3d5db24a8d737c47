//! Our own compact definitions of every component type: properties and their types, required
//! keys, data model binding keys, text keys, options support, how children are declared and which
//! frontend generation knows the type. Written from the component facts of the app frontend
//! (v4 line, plus the next frontend's renames); `tests/components_schema_agreement.rs` checks
//! that these tables agree with the published layout schema.
//!
//! Static data only: lookups are a binary search over names, nothing is built at run time.

use super::FrontendMajor;

/// What a component is for (used by completion and hover).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Reads or writes data (has data model bindings, uploads, subforms).
    Form,
    /// Holds other components (children, tabs, cards, grid cells).
    Container,
    /// Shows text, media or summaries.
    Presentation,
    /// Buttons, links and navigation.
    Action,
}

/// The type an expression in a property must evaluate to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExprType {
    Boolean,
    String,
    Number,
    /// Several types are accepted.
    Any,
}

impl ExprType {
    pub fn as_str(self) -> &'static str {
        match self {
            ExprType::Boolean => "boolean",
            ExprType::String => "string",
            ExprType::Number => "number",
            ExprType::Any => "any",
        }
    }
}

/// The accepted JSON value of a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropType {
    Bool,
    /// `true`/`false` or a boolean expression.
    BoolExpr,
    Str,
    /// A string or a string expression.
    StrExpr,
    Number,
    /// A number or a number expression.
    NumberExpr,
    Integer,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// One of these integers.
    IntEnum(&'static [i64]),
    /// An array of strings, each one of these.
    EnumList(&'static [&'static str]),
    /// A component id (same layout set).
    ComponentId,
    /// An array of component ids.
    ComponentIds,
    /// An array of strings.
    StrList,
    /// A string or an array of strings.
    StrOrStrList,
    /// A structured object (its inner keys are not checked by the type table).
    Object,
    /// An array of objects.
    ObjectArray,
    /// The `dataModelBindings` object (keys in [`ComponentDef::bindings`]).
    DataModelBindings,
    /// The `textResourceBindings` object (keys in [`ComponentDef::text_bindings`]).
    TextResourceBindings,
    /// Anything (several shapes are accepted).
    Any,
}

impl PropType {
    /// The expression type when the property accepts an expression.
    pub fn expr_type(self) -> Option<ExprType> {
        match self {
            PropType::BoolExpr => Some(ExprType::Boolean),
            PropType::StrExpr => Some(ExprType::String),
            PropType::NumberExpr => Some(ExprType::Number),
            _ => None,
        }
    }

    /// What is accepted, for messages: "a boolean or a boolean expression", "one of 'a', 'b'".
    pub fn describe(self) -> String {
        fn list<T: std::fmt::Display>(v: &[T]) -> String {
            v.iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(", ")
        }
        match self {
            PropType::Bool => "true or false".into(),
            PropType::BoolExpr => "true, false or a boolean expression".into(),
            PropType::Str => "a string".into(),
            PropType::StrExpr => "a string or a string expression".into(),
            PropType::Number => "a number".into(),
            PropType::NumberExpr => "a number or a number expression".into(),
            PropType::Integer => "an integer".into(),
            PropType::Enum(v) => format!("one of {}", list(v)),
            PropType::IntEnum(v) => format!("one of {}", list(v)),
            PropType::EnumList(v) => format!("an array of {}", list(v)),
            PropType::ComponentId => "a component id (string)".into(),
            PropType::ComponentIds => "an array of component ids".into(),
            PropType::StrList => "an array of strings".into(),
            PropType::StrOrStrList => "a string or an array of strings".into(),
            PropType::Object | PropType::DataModelBindings | PropType::TextResourceBindings => {
                "an object".into()
            }
            PropType::ObjectArray => "an array of objects".into(),
            PropType::Any => "any value".into(),
        }
    }
}

/// One property of a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropDef {
    pub name: &'static str,
    pub ty: PropType,
    pub required: bool,
    pub doc: &'static str,
}

const fn prop(name: &'static str, ty: PropType, doc: &'static str) -> PropDef {
    PropDef {
        name,
        ty,
        required: false,
        doc,
    }
}

impl PropDef {
    const fn req(self) -> PropDef {
        PropDef {
            required: true,
            ..self
        }
    }
}

/// What a data model binding must point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BindingKind {
    /// A single value: string, number, integer or boolean.
    Scalar,
    /// An array of scalars.
    List,
    /// An array of objects (rows).
    Group,
    /// Anything (custom components).
    Any,
}

/// One `dataModelBindings` key of a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BindingDef {
    pub key: &'static str,
    pub required: bool,
    pub kind: BindingKind,
    /// When set: this binding must point inside the rows of that other binding key
    /// (Likert `answer` inside `questions`, `checked` inside `group`, ...), if that key is bound.
    pub within: Option<&'static str>,
}

const fn binding(key: &'static str, required: bool, kind: BindingKind) -> BindingDef {
    BindingDef {
        key,
        required,
        kind,
        within: None,
    }
}

impl BindingDef {
    const fn within(self, parent: &'static str) -> BindingDef {
        BindingDef {
            within: Some(parent),
            ..self
        }
    }
}

/// How a container declares its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Container {
    /// Not a container.
    None,
    /// `children: [id, ...]` (RepeatingGroup children may carry an `N:` page prefix).
    Children,
    /// `tabs[].children`.
    Tabs,
    /// `cards[].children` (and `cards[].media`).
    Cards,
    /// `rows[].cells[].component`.
    Grid,
}

/// Which frontend generation knows a component type (v4 and later; frontend v3 has its own
/// list, [`V3_TYPES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Generations {
    /// The v4 frontend and the next frontend (bundled with Altinn.App v9).
    Both,
    /// Only the v4 frontend (renamed in the next one).
    V4,
    /// Only the next frontend.
    Next,
}

impl Generations {
    /// Whether an app on this frontend can use the type (by the table; frontend v3 also needs
    /// the type in [`V3_TYPES`], see [`known_in`]).
    pub fn supports(self, fe: FrontendMajor) -> bool {
        match self {
            Generations::Both => true,
            Generations::V4 => fe != FrontendMajor::Next,
            Generations::Next => fe == FrontendMajor::Next,
        }
    }
}

/// The component types of app frontend v3 (3.68, its last release): the component folders of
/// `src/layout`, with `AddressComponent` as the JSON name of the Address component.
pub const V3_TYPES: &[&str] = &[
    "Accordion",
    "AccordionGroup",
    "ActionButton",
    "AddressComponent",
    "Alert",
    "AttachmentList",
    "Button",
    "ButtonGroup",
    "Checkboxes",
    "Custom",
    "Datepicker",
    "Dropdown",
    "FileUpload",
    "FileUploadWithTag",
    "Grid",
    "Group",
    "Header",
    "IFrame",
    "Image",
    "Input",
    "InstanceInformation",
    "InstantiationButton",
    "Likert",
    "Link",
    "List",
    "Map",
    "MultipleSelect",
    "NavigationBar",
    "NavigationButtons",
    "Panel",
    "Paragraph",
    "PrintButton",
    "RadioButtons",
    "Summary",
    "TextArea",
];

/// Whether an app on this frontend knows the type (exact name).
pub fn known_in(name: &str, fe: FrontendMajor) -> bool {
    match fe {
        FrontendMajor::V3 => V3_TYPES.contains(&name),
        _ => component(name).is_some_and(|d| d.generations.supports(fe)),
    }
}

/// The type names an app on this frontend knows.
pub fn names_for(fe: FrontendMajor) -> Vec<&'static str> {
    match fe {
        FrontendMajor::V3 => V3_TYPES.to_vec(),
        _ => for_frontend(fe).map(|d| d.name).collect(),
    }
}

/// The name of a type as some frontend generation spells it, matched ignoring case as every
/// frontend does before reading a layout (`cleanLayout` maps the lower-cased type to its
/// component) and the backend does: `"subform"` -> `Subform`. None for a type no generation
/// knows.
pub fn canonical_type(name: &str) -> Option<&'static str> {
    if let Some(d) = component(name) {
        return Some(d.name);
    }
    if let Some(v3) = V3_TYPES.iter().find(|t| **t == name) {
        return Some(v3);
    }
    COMPONENTS
        .iter()
        .map(|d| d.name)
        .chain(V3_TYPES.iter().copied())
        .find(|t| t.eq_ignore_ascii_case(name))
}

/// A component's type as the app reads it: the canonical spelling when some generation knows
/// it, else as written ("" without a string `type`).
pub fn type_of(c: &crate::syntax::Json) -> &str {
    let raw = c.get_str("type").unwrap_or("");
    canonical_type(raw).unwrap_or(raw)
}

/// Pairs (old name, new name).
pub type Renames = &'static [(&'static str, &'static str)];

/// Keys the next frontend renamed from snake_case to camelCase, per component type:
/// (data model binding keys, text resource binding keys), each as (old, new). From altinn-studio
/// pull request 20083 (the frontend's codegen then accepts only camelCase property names) and its
/// `studioctl app upgrade v9` step `CamelCaseLayoutPropertyMigration`, which renames them.
pub fn v9_renames(ty: &str) -> (Renames, Renames) {
    match ty {
        "PersonLookup" => (
            &[
                ("person_lookup_ssn", "ssn"),
                ("person_lookup_name", "fullName"),
                ("person_lookup_first_name", "firstName"),
                ("person_lookup_middle_name", "middleName"),
                ("person_lookup_last_name", "lastName"),
            ],
            &[],
        ),
        "OrganizationLookup" => (
            &[
                ("organization_lookup_orgnr", "orgnr"),
                ("organization_lookup_name", "name"),
            ],
            &[],
        ),
        "RepeatingGroup" => (
            &[],
            &[
                ("add_button_full", "addButtonFull"),
                ("add_button", "addButton"),
                ("save_button", "saveButton"),
                ("save_and_next_button", "saveAndNextButton"),
                ("edit_button_close", "editButtonClose"),
                ("edit_button_open", "editButtonOpen"),
                ("pagination_next_button", "paginationNextButton"),
                ("pagination_back_button", "paginationBackButton"),
                ("multipage_back_button", "multipageBackButton"),
                ("multipage_next_button", "multipageNextButton"),
            ],
        ),
        _ => (&[], &[]),
    }
}

/// One component type.
#[derive(Debug, Clone, Copy)]
pub struct ComponentDef {
    pub name: &'static str,
    pub doc: &'static str,
    pub category: Category,
    /// Every accepted top-level property, including `id`, `type`, `dataModelBindings` and
    /// `textResourceBindings`.
    pub props: &'static [PropDef],
    pub bindings: &'static [BindingDef],
    /// Whether `dataModelBindings` may hold keys besides [`Self::bindings`] (Custom, List).
    pub open_bindings: bool,
    pub text_bindings: &'static [&'static str],
    /// Supports `optionsId` / `options` / `source`.
    pub options: bool,
    pub container: Container,
    pub generations: Generations,
    /// Expressions below the top level: dotted paths where `*` is any array item or any key
    /// (`edit.addButton`, `source.label`, `queryParameters.*`, `rows.*.columnOptions.hidden`).
    pub nested_exprs: &'static [(&'static str, ExprType)],
}

impl ComponentDef {
    pub fn prop(&self, name: &str) -> Option<&'static PropDef> {
        self.props.iter().find(|p| p.name == name)
    }
    pub fn binding(&self, key: &str) -> Option<&'static BindingDef> {
        self.bindings.iter().find(|b| b.key == key)
    }
    pub fn required_props(&self) -> impl Iterator<Item = &'static PropDef> {
        self.props.iter().filter(|p| p.required)
    }
    pub fn has_text_binding(&self, key: &str) -> bool {
        self.text_bindings.contains(&key)
    }
}

/// The definition of a component type (exact, case-sensitive name), any generation.
pub fn component(name: &str) -> Option<&'static ComponentDef> {
    COMPONENTS
        .binary_search_by(|c| c.name.cmp(name))
        .ok()
        .map(|i| &COMPONENTS[i])
}

/// Every component type of every generation, sorted by name.
pub fn all() -> &'static [ComponentDef] {
    COMPONENTS
}

/// The component types an app on this frontend can use (with a definition of ours: for
/// frontend v3, the v3 types that v4 kept under the same name).
pub fn for_frontend(fe: FrontendMajor) -> impl Iterator<Item = &'static ComponentDef> {
    COMPONENTS.iter().filter(move |c| {
        c.generations.supports(fe) && (fe != FrontendMajor::V3 || V3_TYPES.contains(&c.name))
    })
}

/// The other generation's name of a renamed type (`Header` <-> `Heading`,
/// `OrganisationLookup` <-> `OrganizationLookup`).
pub fn renamed(name: &str) -> Option<&'static str> {
    match name {
        "Header" => Some("Heading"),
        "Heading" => Some("Header"),
        "OrganisationLookup" => Some("OrganizationLookup"),
        "OrganizationLookup" => Some("OrganisationLookup"),
        _ => None,
    }
}

/// The top-level properties that accept an expression, with the type it must evaluate to.
/// `textResourceBindings` values (string expressions) and [`ComponentDef::nested_exprs`]
/// come on top of these.
pub fn expr_props(def: &ComponentDef) -> impl Iterator<Item = (&'static str, ExprType)> {
    def.props
        .iter()
        .filter_map(|p| p.ty.expr_type().map(|t| (p.name, t)))
}

/// Page-level (`data.*`) properties of a layout file.
pub const PAGE_PROPS: &[PropDef] = &[
    prop(
        "layout",
        PropType::ObjectArray,
        "The components of the page, in display order",
    )
    .req(),
    prop(
        "hidden",
        PropType::BoolExpr,
        "Hides the whole page when true (boolean or expression)",
    ),
    prop(
        "expandedWidth",
        PropType::Bool,
        "Use the expanded page width",
    ),
    prop(
        "validationOnNavigation",
        PropType::Object,
        "Validation run when the user leaves the page",
    ),
];

// ---- generated tables (our own summary of the component facts) ----

const VALIDATION_MASKS: &[&str] = &[
    "Schema",
    "Component",
    "Expression",
    "CustomBackend",
    "Required",
    "AllExceptRequired",
    "All",
];
const AUTOCOMPLETE: &[&str] = &[
    "on",
    "off",
    "name",
    "honorific-prefix",
    "given-name",
    "additional-name",
    "family-name",
    "honorific-suffix",
    "nickname",
    "email",
    "username",
    "new-password",
    "current-password",
    "one-time-code",
    "organization-title",
    "organization",
    "street-address",
    "address-line1",
    "address-line2",
    "address-line3",
    "address-level4",
    "address-level3",
    "address-level2",
    "address-level1",
    "country",
    "country-name",
    "postal-code",
    "cc-name",
    "cc-given-name",
    "cc-additional-name",
    "cc-family-name",
    "cc-number",
    "cc-exp",
    "cc-exp-month",
    "cc-exp-year",
    "cc-csc",
    "cc-type",
    "transaction-currency",
    "transaction-amount",
    "language",
    "bday",
    "bday-day",
    "bday-month",
    "bday-year",
    "sex",
    "tel",
    "tel-country-code",
    "tel-national",
    "tel-area-code",
    "tel-local",
    "tel-extension",
    "url",
    "photo",
];
const AUTOCOMPLETE_TEXTAREA: &[&str] = &[
    "on",
    "off",
    "name",
    "honorific-prefix",
    "given-name",
    "additional-name",
    "family-name",
    "honorific-suffix",
    "nickname",
    "email",
    "username",
    "new-password",
    "current-password",
    "one-time-code",
    "organization-title",
    "organization",
    "street-address",
    "address-line1",
    "address-line2",
    "address-line3",
    "address-level4",
    "address-level3",
    "address-level2",
    "address-level1",
    "country",
    "country-name",
    "postal-code",
    "cc-name",
    "cc-given-name",
    "cc-additional-name",
    "cc-family-name",
    "cc-number",
    "cc-exp",
    "cc-exp-month",
    "cc-exp-year",
    "cc-csc",
    "cc-type",
    "transaction-currency",
    "transaction-amount",
    "language",
    "bday",
    "bday-day",
    "bday-month",
    "bday-year",
    "sex",
    "tel",
    "tel-country-code",
    "tel-national",
    "tel-area-code",
    "tel-local",
    "tel-extension",
    "impp",
    "url",
    "photo",
];

const ALERT_ON_CHANGE: PropDef = prop(
    "alertOnChange",
    PropType::BoolExpr,
    "Ask for confirmation before a selection is changed (boolean or expression)",
);
const CHILDREN: PropDef = prop(
    "children",
    PropType::ComponentIds,
    "Ids of the components shown inside this one",
);
const DATA_MODEL_BINDINGS: PropDef = prop(
    "dataModelBindings",
    PropType::DataModelBindings,
    "Where the component reads and writes its value in the data model",
);
const DELETION_STRATEGY: PropDef = prop(
    "deletionStrategy",
    PropType::Enum(&["soft", "hard"]),
    "With a group binding: delete unchecked rows (hard) or mark them unchecked (soft)",
);
const DIRECTION: PropDef = prop(
    "direction",
    PropType::Enum(&["horizontal", "vertical"]),
    "Show the label and value side by side or stacked",
);
const FORCE_SHOW_IN_SUMMARY: PropDef = prop(
    "forceShowInSummary",
    PropType::BoolExpr,
    "Show in a summary even when empty fields are hidden (boolean or expression)",
);
const GRID: PropDef = prop(
    "grid",
    PropType::Object,
    "Column widths of the component, its label and input (xs/sm/md/lg/xl, 1-12)",
);
const HIDDEN: PropDef = prop(
    "hidden",
    PropType::BoolExpr,
    "Hides the component when true (boolean or expression)",
);
const ICON: PropDef = prop(
    "icon",
    PropType::Str,
    "URL of an icon shown next to the value",
);
const ID: PropDef = prop(
    "id",
    PropType::Str,
    "Unique id of the component within the layout set",
);
const LABEL_SETTINGS: PropDef = prop(
    "labelSettings",
    PropType::Object,
    "Settings for the label, such as the optional indicator",
);
const LAYOUT: PropDef = prop(
    "layout",
    PropType::Enum(&["column", "row", "table"]),
    "How the options are arranged (column, row or table)",
);
const MAPPING: PropDef = prop(
    "mapping",
    PropType::Object,
    "Maps data model paths to query parameters sent when fetching",
);
const OPTIONS: PropDef = prop(
    "options",
    PropType::ObjectArray,
    "Inline list of options ({value, label, description?, helpText?})",
);
const OPTIONS_ID: PropDef = prop(
    "optionsId",
    PropType::Str,
    "Id of a code list served by the app (App/options/<id>.json or a C# provider)",
);
const OPTION_FILTER: PropDef = prop(
    "optionFilter",
    PropType::BoolExpr,
    "Expression evaluated per option; options where it is false are hidden",
);
const PAGE_BREAK: PropDef = prop(
    "pageBreak",
    PropType::Object,
    "Page breaks before/after the component in the PDF",
);
const PRESELECTED_OPTION_INDEX: PropDef = prop(
    "preselectedOptionIndex",
    PropType::Integer,
    "Index of the option selected when nothing is chosen yet",
);
const QUERY_PARAMETERS: PropDef = prop(
    "queryParameters",
    PropType::Object,
    "Query parameters (values may be expressions) sent when fetching the code list",
);
const READ_ONLY: PropDef = prop(
    "readOnly",
    PropType::BoolExpr,
    "Shows the value without allowing edits (boolean or expression)",
);
const REMOVE_WHEN_HIDDEN: PropDef = prop(
    "removeWhenHidden",
    PropType::BoolExpr,
    "Whether data bound to the component is removed when it is hidden (boolean or expression)",
);
const RENDER_AS_SUMMARY: PropDef = prop(
    "renderAsSummary",
    PropType::Bool,
    "Render the component as it appears in a summary",
);
const REQUIRED: PropDef = prop(
    "required",
    PropType::BoolExpr,
    "The user must fill in a value (boolean or expression)",
);
const SAVE_WHILE_TYPING: PropDef = prop(
    "saveWhileTyping",
    PropType::Number,
    "Milliseconds to wait after typing before the value is saved",
);
const SECURE: PropDef = prop(
    "secure",
    PropType::Bool,
    "Fetch the code list from the instance-aware (secure) endpoint",
);
const SHOW_LABELS_IN_TABLE: PropDef = prop(
    "showLabelsInTable",
    PropType::Bool,
    "Show the option label when the component is shown in a table",
);
const SHOW_VALIDATIONS: PropDef = prop(
    "showValidations",
    PropType::EnumList(VALIDATION_MASKS),
    "Which kinds of validation messages are shown immediately",
);
const SORT_ORDER: PropDef = prop(
    "sortOrder",
    PropType::Enum(&["asc", "desc"]),
    "Sort the options by label, ascending or descending",
);
const SOURCE: PropDef = prop(
    "source",
    PropType::Object,
    "Builds options from the rows of a repeating group in the data model",
);
const TEXT_RESOURCE_BINDINGS: PropDef = prop(
    "textResourceBindings",
    PropType::TextResourceBindings,
    "Texts shown by the component: text resource keys, literal text or string expressions",
);
const TYPE: PropDef = prop("type", PropType::Str, "Component type");

static COMPONENTS: &[ComponentDef] = &[
    ComponentDef {
        name: "Accordion",
        doc: "Collapsible section with a title and child components",
        category: Category::Container,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, CHILDREN.req(), prop("openByDefault", PropType::BoolExpr, "Whether the accordion starts expanded (boolean or expression)"), prop("headingLevel", PropType::IntEnum(&[2, 3, 4, 5, 6]), "HTML heading level (2-6) of the title")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title"],
        options: false,
        container: Container::Children,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "AccordionGroup",
        doc: "Groups several Accordion components",
        category: Category::Container,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, CHILDREN.req()],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title"],
        options: false,
        container: Container::Children,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "ActionButton",
        doc: "Button that performs a process action (confirm, sign, reject, instantiate)",
        category: Category::Action,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("action", PropType::Enum(&["instantiate", "confirm", "sign", "reject"]), "Process action performed when the button is clicked").req(), prop("buttonStyle", PropType::Enum(&["primary", "secondary"]), "Visual style of the button").req()],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "AddToList",
        doc: "Lets the user add entries to a list in the data model through a dialog",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("title", PropType::Str, "Title of the list").req(), REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req()],
        bindings: &[binding("data", true, BindingKind::Group)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Address",
        doc: "Norwegian address fields: address, zip code, post place (and optionally care-of, house number)",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req(), SAVE_WHILE_TYPING, prop("simplified", PropType::Bool, "Show only address, zip code and post place (no careOf/houseNumber)")],
        bindings: &[binding("address", true, BindingKind::Scalar), binding("zipCode", true, BindingKind::Scalar), binding("postPlace", true, BindingKind::Scalar), binding("careOf", false, BindingKind::Scalar), binding("houseNumber", false, BindingKind::Scalar)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "careOfTitle", "zipCodeTitle", "postPlaceTitle", "houseNumberTitle"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Alert",
        doc: "Coloured message box (success, warning, danger, info)",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("severity", PropType::Enum(&["success", "warning", "danger", "info"]), "Kind of alert: success, warning, danger or info").req()],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title", "body"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "AttachmentList",
        doc: "Lists attachments and generated PDFs of the instance",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("dataTypeIds", PropType::StrList, "Ids of the data types whose attachments are listed"), prop("links", PropType::Bool, "Link each attachment so it can be downloaded"), prop("groupByDataTypeGrouping", PropType::Bool, "Group the attachments by the grouping of their data type"), prop("showDataTypeDescriptions", PropType::Bool, "Show the description of each data type")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Audio",
        doc: "Plays an audio file",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("audio", PropType::Object, "Audio source per language")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["altText"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Button",
        doc: "Button that submits, saves or instantiates",
        category: Category::Action,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, prop("size", PropType::Enum(&["sm", "md", "lg"]), "Size of the component"), prop("textAlign", PropType::Enum(&["left", "center", "right"]), "Horizontal alignment of the button text"), prop("fullWidth", PropType::Bool, "Let the button take the full available width"), prop("position", PropType::Enum(&["left", "center", "right"]), "Horizontal placement of the button"), TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("mode", PropType::Enum(&["submit", "save", "instantiate"]), "What the button does: submit, save or instantiate"), prop("mapping", PropType::Object, "Maps data model paths to keys sent along when the button acts")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "ButtonGroup",
        doc: "Places button-like children side by side",
        category: Category::Container,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, CHILDREN.req()],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::Children,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Cards",
        doc: "Shows content in cards, each with media, text and child components",
        category: Category::Container,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("mediaPosition", PropType::Enum(&["top", "bottom"]), "Whether card media is shown above or below the text"), prop("minMediaHeight", PropType::Str, "Minimum height of card media (CSS length)"), prop("minWidth", PropType::Str, "Minimum width of a card (CSS length)"), prop("color", PropType::Enum(&["neutral", "subtle"]), "Background colour of the cards").req(), prop("cards", PropType::ObjectArray, "The cards: title, description, media and child components of each").req()],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle"],
        options: false,
        container: Container::Cards,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Checkboxes",
        doc: "Multiple choice between options, shown as checkboxes",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, OPTIONS_ID, MAPPING, QUERY_PARAMETERS, OPTIONS, SECURE, SORT_ORDER, SOURCE, OPTION_FILTER, PRESELECTED_OPTION_INDEX, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req(), DELETION_STRATEGY, LAYOUT, SHOW_LABELS_IN_TABLE, ALERT_ON_CHANGE],
        bindings: &[binding("simpleBinding", true, BindingKind::Scalar), binding("label", false, BindingKind::Scalar), binding("metadata", false, BindingKind::Scalar), binding("group", false, BindingKind::Group), binding("checked", false, BindingKind::Scalar).within("group")],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: true,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("queryParameters.*", ExprType::String), ("source.label", ExprType::String), ("source.description", ExprType::String), ("source.helpText", ExprType::String)],
    },
    ComponentDef {
        name: "Custom",
        doc: "A custom web component registered by the app",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, prop("dataModelBindings", PropType::DataModelBindings, "Any binding keys the custom web component uses"), prop("tagName", PropType::Str, "Tag name of the custom web component").req()],
        bindings: &[],
        open_bindings: true,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "CustomButton",
        doc: "Button that runs client and server actions",
        category: Category::Action,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), prop("actions", PropType::ObjectArray, "Client and server actions run in order when the button is clicked").req(), prop("buttonStyle", PropType::Enum(&["primary", "secondary", "tertiary"]), "Visual style of the button"), prop("buttonColor", PropType::Enum(&["first", "second", "success", "danger"]), "Colour of the button"), prop("buttonSize", PropType::Enum(&["sm", "md", "lg", "small", "medium", "large"]), "Size of the button"), TEXT_RESOURCE_BINDINGS],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title", "tableTitle"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Date",
        doc: "Displays a date value (read-only)",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("format", PropType::Str, "Display format (date-fns pattern), e.g. dd.MM.yyyy"), prop("value", PropType::StrExpr, "The date to display (ISO string or expression)").req(), DIRECTION, ICON],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Datepicker",
        doc: "Date input with a calendar",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req(), prop("autocomplete", PropType::Enum(&["bday"]), "HTML autocomplete hint for the browser"), prop("minDate", PropType::StrExpr, "Earliest allowed date (ISO date, today/yesterday/tomorrow/oneYearAgo/oneYearFromNow, or expression)"), prop("maxDate", PropType::StrExpr, "Latest allowed date (ISO date, today/yesterday/tomorrow/oneYearAgo/oneYearFromNow, or expression)"), prop("timeStamp", PropType::Bool, "Store date and time (true) or only the date (false)"), prop("format", PropType::Str, "Date format shown to the user, e.g. dd.MM.yyyy")],
        bindings: &[binding("simpleBinding", true, BindingKind::Scalar)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Divider",
        doc: "Horizontal line between components",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Dropdown",
        doc: "Single choice between options, shown as a drop-down list",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, OPTIONS_ID, MAPPING, QUERY_PARAMETERS, OPTIONS, SECURE, SORT_ORDER, SOURCE, OPTION_FILTER, PRESELECTED_OPTION_INDEX, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, ALERT_ON_CHANGE, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req()],
        bindings: &[binding("simpleBinding", true, BindingKind::Scalar), binding("label", false, BindingKind::Scalar), binding("metadata", false, BindingKind::Scalar)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: true,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("queryParameters.*", ExprType::String), ("source.label", ExprType::String), ("source.description", ExprType::String), ("source.helpText", ExprType::String)],
    },
    ComponentDef {
        name: "FileUpload",
        doc: "Upload of attachments (stored as a data type with the component id)",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS, prop("maxFileSizeInMB", PropType::Integer, "Largest allowed file size in megabytes").req(), prop("maxNumberOfAttachments", PropType::NumberExpr, "Most files the user may upload (number or expression)").req(), prop("minNumberOfAttachments", PropType::NumberExpr, "Fewest files the user must upload (number or expression)").req(), prop("displayMode", PropType::Enum(&["simple", "list"]), "Show uploaded files as a simple list or a table").req(), prop("hasCustomFileEndings", PropType::Bool, "Restrict uploads to the file endings in validFileEndings"), prop("validFileEndings", PropType::StrOrStrList, "Allowed file endings (comma-separated string or list)"), prop("alertOnDelete", PropType::BoolExpr, "Ask for confirmation before a file is deleted (boolean or expression)")],
        bindings: &[binding("simpleBinding", false, BindingKind::Scalar), binding("list", false, BindingKind::List)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "FileUploadWithTag",
        doc: "Upload of attachments where each file gets a tag chosen from options",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, OPTIONS_ID, MAPPING, QUERY_PARAMETERS, OPTIONS, SECURE, SORT_ORDER, SOURCE, OPTION_FILTER, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS, prop("maxFileSizeInMB", PropType::Integer, "Largest allowed file size in megabytes").req(), prop("maxNumberOfAttachments", PropType::NumberExpr, "Most files the user may upload (number or expression)").req(), prop("minNumberOfAttachments", PropType::NumberExpr, "Fewest files the user must upload (number or expression)").req(), prop("displayMode", PropType::Enum(&["simple", "list"]), "Show uploaded files as a simple list or a table").req(), prop("hasCustomFileEndings", PropType::Bool, "Restrict uploads to the file endings in validFileEndings"), prop("validFileEndings", PropType::StrOrStrList, "Allowed file endings (comma-separated string or list)"), prop("alertOnDelete", PropType::BoolExpr, "Ask for confirmation before a file is deleted (boolean or expression)")],
        bindings: &[binding("simpleBinding", false, BindingKind::Scalar), binding("list", false, BindingKind::List)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help", "tagTitle"],
        options: true,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("queryParameters.*", ExprType::String), ("source.label", ExprType::String), ("source.description", ExprType::String), ("source.helpText", ExprType::String)],
    },
    ComponentDef {
        name: "Grid",
        doc: "Table layout of components and texts",
        category: Category::Container,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("rows", PropType::ObjectArray, "Rows of the grid; each cell is a component reference, a text or a label").req()],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::Grid,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("rows.*.columnOptions.hidden", ExprType::Boolean)],
    },
    ComponentDef {
        name: "Group",
        doc: "Non-repeating group of child components",
        category: Category::Container,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("groupingIndicator", PropType::Enum(&["indented", "panel"]), "Visually group the children by indenting them or drawing a panel"), CHILDREN.req(), prop("headingLevel", PropType::IntEnum(&[2, 3, 4, 5, 6]), "HTML heading level (2-6) of the title")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "description"],
        options: false,
        container: Container::Children,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Header",
        doc: "Heading text (v4 name; renamed to Heading in the next frontend)",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("size", PropType::Enum(&["L", "M", "S", "h2", "h3", "h4"]), "Heading size: L/M/S or h2/h3/h4").req()],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "help"],
        options: false,
        container: Container::None,
        generations: Generations::V4,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Heading",
        doc: "Heading text (next-frontend name of Header)",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("size", PropType::Enum(&["L", "M", "S", "h2", "h3", "h4"]), "Heading size: L/M/S or h2/h3/h4").req()],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Next,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "IFrame",
        doc: "Shows HTML content in a sandboxed iframe",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("sandbox", PropType::Object, "Sandbox permissions of the iframe")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Image",
        doc: "Shows an image",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("image", PropType::Object, "Image source per language, width and alignment")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["altTextImg", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "ImageUpload",
        doc: "Upload of an image with cropping",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("crop", PropType::Any, "Crop shape and size of the uploaded image"), REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS],
        bindings: &[binding("simpleBinding", true, BindingKind::Scalar)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Input",
        doc: "Single-line text or number input",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req(), SAVE_WHILE_TYPING, prop("formatting", PropType::Object, "Number/currency/unit formatting of the value"), prop("variant", PropType::Enum(&["text", "search"]), "Plain text field or search field"), prop("autocomplete", PropType::Enum(AUTOCOMPLETE), "HTML autocomplete hint for the browser"), prop("maxLength", PropType::Integer, "Maximum number of characters (shows a counter)")],
        bindings: &[binding("simpleBinding", true, BindingKind::Scalar)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help", "prefix", "suffix"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("formatting.number.format", ExprType::String), ("formatting.number.thousandSeparator", ExprType::Any), ("formatting.number.decimalSeparator", ExprType::String), ("formatting.number.suffix", ExprType::String), ("formatting.number.prefix", ExprType::String)],
    },
    ComponentDef {
        name: "InstanceInformation",
        doc: "Facts about the instance: date sent, sender, receiver, reference number",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, LABEL_SETTINGS, TYPE.req(), prop("elements", PropType::Object, "Which facts about the instance are shown"), TEXT_RESOURCE_BINDINGS],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "InstantiationButton",
        doc: "Button that creates a new instance (stateless apps)",
        category: Category::Action,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("mapping", PropType::Object, "Maps data model paths of the current form to fields of the new instance")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Likert",
        doc: "Table of questions answered on a common scale (one row per item of the questions binding)",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, prop("columns", PropType::ObjectArray, "Settings for the answer columns (divider)"), OPTIONS_ID, MAPPING, QUERY_PARAMETERS, OPTIONS, SECURE, SORT_ORDER, SOURCE, OPTION_FILTER, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req(), prop("filter", PropType::ObjectArray, "Which rows of the questions binding are shown (start/stop)")],
        bindings: &[binding("answer", true, BindingKind::Scalar).within("questions"), binding("questions", true, BindingKind::Group)],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "description", "leftColumnHeader", "questions", "questionDescriptions", "questionHelpTexts"],
        options: true,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("queryParameters.*", ExprType::String), ("source.label", ExprType::String), ("source.description", ExprType::String), ("source.helpText", ExprType::String)],
    },
    ComponentDef {
        name: "LikertItem",
        doc: "One row of a Likert table (generated from Likert)",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, prop("columns", PropType::ObjectArray, "Settings for the answer columns (divider)"), OPTIONS_ID, MAPPING, QUERY_PARAMETERS, OPTIONS, SECURE, SORT_ORDER, SOURCE, OPTION_FILTER, PRESELECTED_OPTION_INDEX, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req(), SHOW_LABELS_IN_TABLE, LAYOUT],
        bindings: &[binding("simpleBinding", true, BindingKind::Scalar), binding("label", false, BindingKind::Scalar), binding("metadata", false, BindingKind::Scalar)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: true,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("queryParameters.*", ExprType::String), ("source.label", ExprType::String), ("source.description", ExprType::String), ("source.helpText", ExprType::String)],
    },
    ComponentDef {
        name: "Link",
        doc: "Link shown as a button or plain link",
        category: Category::Action,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, prop("size", PropType::Enum(&["sm", "md", "lg"]), "Size of the component"), prop("textAlign", PropType::Enum(&["left", "center", "right"]), "Horizontal alignment of the button text"), prop("fullWidth", PropType::Bool, "Let the button take the full available width"), prop("position", PropType::Enum(&["left", "center", "right"]), "Horizontal placement of the button"), TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("style", PropType::Enum(&["primary", "secondary", "link"]), "Whether the link looks like a primary/secondary button or a plain link").req(), prop("openInNewTab", PropType::Bool, "Open the link in a new browser tab")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["target", "title", "download"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "List",
        doc: "Table of rows from a data list provider; the user picks one or several",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS, DELETION_STRATEGY, prop("tableHeaders", PropType::Object, "Maps data list fields to column header texts").req(), prop("sortableColumns", PropType::StrList, "Column keys the user can sort by (the data list provider must support it)"), prop("pagination", PropType::Object, "Page sizes and default of the list"), prop("dataListId", PropType::Str, "Id of a data list provided by C# code in the app").req(), SECURE, MAPPING, QUERY_PARAMETERS, prop("summaryBinding", PropType::Str, "Which dataModelBindings key is shown in the summary"), prop("bindingToShowInSummary", PropType::Str, "Deprecated: use summaryBinding"), prop("tableHeadersMobile", PropType::StrList, "Columns shown on small screens")],
        bindings: &[binding("group", false, BindingKind::Group), binding("checked", false, BindingKind::Scalar).within("group")],
        open_bindings: true,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("queryParameters.*", ExprType::String)],
    },
    ComponentDef {
        name: "Map",
        doc: "Map where the user picks a location or draws geometries",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req(), prop("layers", PropType::ObjectArray, "Map tile or WMS layers"), prop("centerLocation", PropType::Object, "Initial centre of the map (latitude/longitude)"), prop("zoom", PropType::Number, "Initial zoom level of the map"), prop("geometryType", PropType::Enum(&["GeoJSON", "WKT"]), "Format of the geometries in the data model (GeoJSON or WKT)"), prop("toolbar", PropType::Object, "Which drawing tools are available (booleans or expressions)")],
        bindings: &[binding("simpleBinding", false, BindingKind::Scalar), binding("geometries", false, BindingKind::Group), binding("geometryLabel", false, BindingKind::Scalar).within("geometries"), binding("geometryData", false, BindingKind::Scalar).within("geometries"), binding("geometryIsEditable", false, BindingKind::Scalar).within("geometries"), binding("geometryIsHidden", false, BindingKind::Scalar).within("geometries"), binding("geometryStyle", false, BindingKind::Scalar).within("geometries")],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("centerLocation.latitude", ExprType::Number), ("centerLocation.longitude", ExprType::Number), ("toolbar.polyline", ExprType::Boolean), ("toolbar.polygon", ExprType::Boolean), ("toolbar.rectangle", ExprType::Boolean), ("toolbar.circle", ExprType::Boolean), ("toolbar.marker", ExprType::Boolean)],
    },
    ComponentDef {
        name: "MultipleSelect",
        doc: "Multiple choice between options, shown as a searchable multi-select",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, OPTIONS_ID, MAPPING, QUERY_PARAMETERS, OPTIONS, SECURE, SORT_ORDER, SOURCE, OPTION_FILTER, PRESELECTED_OPTION_INDEX, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, ALERT_ON_CHANGE, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req(), DELETION_STRATEGY],
        bindings: &[binding("simpleBinding", true, BindingKind::Scalar), binding("label", false, BindingKind::Scalar), binding("metadata", false, BindingKind::Scalar), binding("group", false, BindingKind::Group), binding("checked", false, BindingKind::Scalar).within("group")],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: true,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("queryParameters.*", ExprType::String), ("source.label", ExprType::String), ("source.description", ExprType::String), ("source.helpText", ExprType::String)],
    },
    ComponentDef {
        name: "NavigationBar",
        doc: "Page navigation menu",
        category: Category::Action,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), prop("compact", PropType::Bool, "Compact navigation bar on desktop"), prop("validateOnForward", PropType::Object, "Validation run when navigating forward"), prop("validateOnBackward", PropType::Object, "Validation run when navigating backward")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &[],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "NavigationButtons",
        doc: "Next/back buttons between pages",
        category: Category::Action,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("showBackButton", PropType::Bool, "Show a back button next to the next button"), prop("validateOnNext", PropType::Object, "Validation run before moving to the next page"), prop("validateOnPrevious", PropType::Object, "Validation run before moving to the previous page")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["back", "next", "backToPage"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Number",
        doc: "Displays a number value (read-only)",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("formatting", PropType::Object, "Number/currency/unit formatting of the value"), prop("value", PropType::NumberExpr, "The number to display (literal or expression)").req(), DIRECTION, ICON],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("formatting.number.format", ExprType::String), ("formatting.number.thousandSeparator", ExprType::Any), ("formatting.number.decimalSeparator", ExprType::String), ("formatting.number.suffix", ExprType::String), ("formatting.number.prefix", ExprType::String)],
    },
    ComponentDef {
        name: "Option",
        doc: "Displays the label of an option value (read-only)",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, OPTIONS_ID, MAPPING, QUERY_PARAMETERS, OPTIONS, SECURE, SORT_ORDER, SOURCE, OPTION_FILTER, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("value", PropType::StrExpr, "The option value whose label is displayed (literal or expression)").req(), DIRECTION, ICON],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: true,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("queryParameters.*", ExprType::String), ("source.label", ExprType::String), ("source.description", ExprType::String), ("source.helpText", ExprType::String)],
    },
    ComponentDef {
        name: "OrganisationLookup",
        doc: "Looks up an organisation by number (v4 name; OrganizationLookup in the next frontend)",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req()],
        bindings: &[binding("organisation_lookup_orgnr", true, BindingKind::Scalar), binding("organisation_lookup_name", false, BindingKind::Scalar)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::V4,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "OrganizationLookup",
        doc: "Looks up an organisation by number (next-frontend name of OrganisationLookup)",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req()],
        bindings: &[binding("organization_lookup_orgnr", true, BindingKind::Scalar), binding("organization_lookup_name", false, BindingKind::Scalar)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Next,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "PDFPreviewButton",
        doc: "Button that opens a preview of the PDF",
        category: Category::Action,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("buttonStyle", PropType::Enum(&["primary", "secondary"]), "Visual style of the button").req()],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Panel",
        doc: "Highlighted panel with a title and body text",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("variant", PropType::Enum(&["info", "warning", "error", "success"]), "Colour/icon of the panel: info, warning, error or success"), prop("showIcon", PropType::Bool, "Show the icon in the panel header")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title", "body"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Paragraph",
        doc: "Paragraph of text",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Payment",
        doc: "Payment step of a payment task",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "description"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "PaymentDetails",
        doc: "Shows the order lines and total of a payment",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("mapping", PropType::Object, "Maps data model paths to keys used when fetching the payment details")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title", "description"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "PersonLookup",
        doc: "Looks up a person by national identity number and name",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req()],
        bindings: &[binding("person_lookup_ssn", true, BindingKind::Scalar), binding("person_lookup_name", false, BindingKind::Scalar), binding("person_lookup_last_name", false, BindingKind::Scalar), binding("person_lookup_middle_name", false, BindingKind::Scalar), binding("person_lookup_first_name", false, BindingKind::Scalar)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "PrintButton",
        doc: "Button that prints the page",
        category: Category::Action,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "RadioButtons",
        doc: "Single choice between options, shown as radio buttons",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, OPTIONS_ID, MAPPING, QUERY_PARAMETERS, OPTIONS, SECURE, SORT_ORDER, SOURCE, OPTION_FILTER, PRESELECTED_OPTION_INDEX, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req(), LAYOUT, ALERT_ON_CHANGE, SHOW_LABELS_IN_TABLE, prop("showAsCard", PropType::Bool, "Show each option as a card")],
        bindings: &[binding("simpleBinding", true, BindingKind::Scalar), binding("label", false, BindingKind::Scalar), binding("metadata", false, BindingKind::Scalar)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: true,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("queryParameters.*", ExprType::String), ("source.label", ExprType::String), ("source.description", ExprType::String), ("source.helpText", ExprType::String)],
    },
    ComponentDef {
        name: "RepeatingGroup",
        doc: "Repeats its children once per row of an array in the data model",
        category: Category::Container,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("rowsBefore", PropType::ObjectArray, "Grid rows shown above the repeating group table"), prop("rowsAfter", PropType::ObjectArray, "Grid rows shown below the repeating group table"), REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req(), SHOW_VALIDATIONS, prop("validateOnSaveRow", PropType::EnumList(VALIDATION_MASKS), "Validation run when a row is saved"), prop("edit", PropType::Object, "Edit mode and buttons of the rows (buttons may be expressions)"), prop("pagination", PropType::Object, "Rows per page of the table"), prop("maxCount", PropType::Integer, "Largest number of rows the user can add"), prop("minCount", PropType::Integer, "Smallest number of rows required"), prop("tableHeaders", PropType::ComponentIds, "Ids of the children shown as table columns"), prop("tableColumns", PropType::Object, "Per-child column settings (width, alignment, editInTable, showInExpandedEdit)"), prop("hiddenRow", PropType::BoolExpr, "Expression evaluated per row; rows where it is true are hidden"), prop("stickyHeader", PropType::Bool, "Keep the table header visible while scrolling"), LABEL_SETTINGS, prop("addButton", PropType::Object, "Settings of the add button"), CHILDREN.req()],
        bindings: &[binding("group", true, BindingKind::Group)],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "description", "add_button_full", "add_button", "save_button", "save_and_next_button", "edit_button_close", "edit_button_open", "pagination_next_button", "pagination_back_button", "multipage_back_button", "multipage_next_button"],
        options: false,
        container: Container::Children,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("rowsBefore.*.columnOptions.hidden", ExprType::Boolean), ("rowsAfter.*.columnOptions.hidden", ExprType::Boolean), ("edit.addButton", ExprType::Boolean), ("edit.saveButton", ExprType::Boolean), ("edit.deleteButton", ExprType::Boolean), ("edit.editButton", ExprType::Boolean), ("edit.alertOnDelete", ExprType::Boolean), ("edit.saveAndNextButton", ExprType::Boolean), ("tableColumns.*.hidden", ExprType::Boolean)],
    },
    ComponentDef {
        name: "SigneeList",
        doc: "Lists the signees of a signing task and their status",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title", "description", "help", "summaryTitle"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "SigningActions",
        doc: "Sign/reject panel of a signing task",
        category: Category::Action,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["awaitingSignaturePanelTitle", "checkboxLabel", "checkboxDescription", "signingButton", "noActionRequiredPanelTitleHasSigned", "noActionRequiredPanelTitleNotSigned", "noActionRequiredPanelDescriptionHasSigned", "noActionRequiredPanelDescriptionNotSigned", "noActionRequiredButton", "awaitingOtherSignaturesPanelTitle", "awaitingOtherSignaturesPanelDescriptionNotSigning", "awaitingOtherSignaturesPanelDescriptionSigned", "submitPanelTitle", "submitPanelDescription", "submitButton", "errorPanelTitle", "errorPanelDescription", "rejectModalTitle", "rejectModalDescription", "rejectModalButton", "rejectModalCloseButton", "rejectModalTriggerButton"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "SigningDocumentList",
        doc: "Lists the documents to be signed",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["title", "description", "help", "summaryTitle"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "SimpleTable",
        doc: "Table of rows from an array in the data model",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("title", PropType::Str, "Title of the table").req(), REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS, prop("columns", PropType::ObjectArray, "Columns of the table: header and how each cell is rendered").req(), prop("zebra", PropType::Bool, "Striped table rows"), prop("enableDelete", PropType::Bool, "Let the user delete rows"), prop("enableEdit", PropType::Bool, "Let the user edit rows"), prop("size", PropType::Enum(&["sm", "md", "lg"]), "Size of the table"), prop("externalApi", PropType::Object, "Fetch the table data from an external API")],
        bindings: &[binding("tableData", true, BindingKind::Group)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Subform",
        doc: "Table of subform entries, each filled in with another layout set",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("layoutSet", PropType::Str, "Id of the subform layout set opened for each entry").req(), prop("showAddButton", PropType::Bool, "Show the button that adds a new subform entry"), prop("showDeleteButton", PropType::Bool, "Show the button that deletes a subform entry"), prop("entryDisplayName", PropType::StrExpr, "Name of each subform entry (string or expression)"), prop("tableColumns", PropType::ObjectArray, "Columns of the subform entry table: header text and cell content").req(), prop("summaryDelimiter", PropType::Str, "Separator between values in plain-text summaries")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "addButton", "tableEditButton"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String), ("tableColumns.*.cellContent.value", ExprType::String)],
    },
    ComponentDef {
        name: "Summary",
        doc: "Summary of another component, group or page (v4 summary)",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), prop("componentRef", PropType::ComponentId, "Id of the component this summary shows").req(), prop("largeGroup", PropType::Bool, "Show a repeating group summary in the large format"), prop("excludedChildren", PropType::ComponentIds, "Ids of group children left out of the summary"), TEXT_RESOURCE_BINDINGS, prop("display", PropType::Object, "Display options of the summary (hide change button, etc.)")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["returnToSummaryButtonTitle"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Summary2",
        doc: "Summary of a component, page or layout set (new summary)",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), prop("target", PropType::Any, "What is summarised: a component, a page, a layout set (with optional taskId)"), prop("showPageInAccordion", PropType::Bool, "Show each page of the summary in an accordion"), prop("isCompact", PropType::Bool, "Compact summary layout"), prop("hideEmptyFields", PropType::Bool, "Leave out fields that have no value"), prop("overrides", PropType::ObjectArray, "Per-component or per-page adjustments of the summary")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &[],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Tabs",
        doc: "Tabs, each with its own child components",
        category: Category::Container,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("size", PropType::Enum(&["small", "medium", "large"]), "Size of the tab headers"), prop("defaultTab", PropType::Str, "Id of the tab opened first"), prop("tabs", PropType::ObjectArray, "The tabs: id, title, icon and child components of each").req()],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle"],
        options: false,
        container: Container::Tabs,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Text",
        doc: "Displays a text value (read-only)",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("value", PropType::StrExpr, "The text to display (literal or expression)").req(), DIRECTION, ICON],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "TextArea",
        doc: "Multi-line text input",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req(), SAVE_WHILE_TYPING, prop("autocomplete", PropType::Enum(AUTOCOMPLETE_TEXTAREA), "HTML autocomplete hint for the browser"), prop("maxLength", PropType::Integer, "Maximum number of characters (shows a counter)")],
        bindings: &[binding("simpleBinding", true, BindingKind::Scalar)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "TimePicker",
        doc: "Time input",
        category: Category::Form,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, READ_ONLY, REQUIRED, SHOW_VALIDATIONS, RENDER_AS_SUMMARY, FORCE_SHOW_IN_SUMMARY, LABEL_SETTINGS, TYPE.req(), TEXT_RESOURCE_BINDINGS, REMOVE_WHEN_HIDDEN, DATA_MODEL_BINDINGS.req(), prop("autocomplete", PropType::Enum(&["time"]), "HTML autocomplete hint for the browser"), prop("format", PropType::Enum(&["HH:mm", "HH:mm:ss", "hh:mm a", "hh:mm:ss a"]), "Time format: HH:mm, HH:mm:ss, hh:mm a or hh:mm:ss a"), prop("minTime", PropType::StrExpr, "Earliest allowed time (HH:mm or expression)"), prop("maxTime", PropType::StrExpr, "Latest allowed time (HH:mm or expression)")],
        bindings: &[binding("simpleBinding", true, BindingKind::Scalar)],
        open_bindings: false,
        text_bindings: &["tableTitle", "shortName", "requiredValidation", "summaryTitle", "summaryAccessibleTitle", "title", "description", "help"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
    ComponentDef {
        name: "Video",
        doc: "Plays a video",
        category: Category::Presentation,
        props: &[ID.req(), HIDDEN, GRID, PAGE_BREAK, TYPE.req(), TEXT_RESOURCE_BINDINGS, prop("video", PropType::Object, "Video source per language")],
        bindings: &[],
        open_bindings: false,
        text_bindings: &["altText"],
        options: false,
        container: Container::None,
        generations: Generations::Both,
        nested_exprs: &[("pageBreak.breakBefore", ExprType::String), ("pageBreak.breakAfter", ExprType::String)],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_and_found() {
        for w in COMPONENTS.windows(2) {
            assert!(w[0].name < w[1].name, "{} before {}", w[0].name, w[1].name);
        }
        assert_eq!(COMPONENTS.len(), 63);
        assert!(component("Input").is_some());
        assert!(component("input").is_none());
        let input = component("Input").unwrap();
        assert!(input.binding("simpleBinding").unwrap().required);
        assert!(expr_props(input).any(|(n, t)| n == "hidden" && t == ExprType::Boolean));
        assert!(!known_in("Header", FrontendMajor::Next));
        assert!(known_in("Heading", FrontendMajor::Next));
        assert!(known_in("Header", FrontendMajor::V3));
        assert!(!known_in("RepeatingGroup", FrontendMajor::V3));
        assert!(known_in("AddressComponent", FrontendMajor::V3));
        assert!(!known_in("AddressComponent", FrontendMajor::V4));
        assert_eq!(canonical_type("subForm"), Some("Subform"));
        assert_eq!(
            canonical_type("navigationButtons"),
            Some("NavigationButtons")
        );
        assert_eq!(canonical_type("addresscomponent"), Some("AddressComponent"));
        assert_eq!(canonical_type("Nope"), None);
        for t in V3_TYPES {
            assert!(*t == "AddressComponent" || component(t).is_some(), "{t}");
        }
        for c in COMPONENTS {
            assert!(c.prop("id").is_some_and(|p| p.required), "{}", c.name);
            assert!(!c.doc.is_empty());
            assert!(c.props.iter().all(|p| !p.doc.is_empty()), "{}", c.name);
        }
    }
}
