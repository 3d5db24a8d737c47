//! AL0100-AL0149: structure of layout pages and of each component, dispatched on the component
//! `type` and checked against our own component model (`model::components`), never against the
//! monolithic layout schema.
//!
//! Expression-capable properties are only checked for being expression-shaped or a literal of
//! the right type; the expression checker owns their content. Component ids (pattern,
//! uniqueness), references, bindings against the data model and text keys belong to other
//! families.

use super::codes::declare_codes;
use super::Ctx;
use crate::diagnostic::{Code, Diagnostic, FixData};
use crate::model::components::{self, ComponentDef, PropType, PAGE_PROPS};
use crate::model::util::did_you_mean;
use crate::model::{FileKind, FrontendMajor};
use crate::syntax::{Json, JsonKind, Member, TextRange};

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str = "Each rule checks the contract of the frontend the app runs \
(`model::versions`). Frontend v4 and the frontend bundled with Altinn.App v9 read a layout \
page's `data.layout` components after `cleanLayout` (features/form/layout) maps each `type` to \
a component ignoring case (frontend v3 does the same in its layout fetch saga since 3.47; the \
backend lower-cases the type too), so a mis-cased type is that type (AL0125 warns: Studio's \
editor does not recognise it). The properties, data model bindings and text keys of each type \
are the codegen component definitions (`src/layout/<Type>/config.ts` with the shared \
definitions of `src/codegen/Common.ts`, where the grid breakpoints are xs, sm, md, lg and xl) \
of app-frontend-react v4 and of altinn-studio `src/App/frontend` for v9, which renamed Header \
to Heading and OrganisationLookup to OrganizationLookup (frontend v4's developer tools validate \
layouts against them). Pull request 20083 of altinn-studio makes the v9 codegen accept only camelCase \
property names (PersonLookup and OrganizationLookup binding keys, RepeatingGroup button texts) \
and its `studioctl app upgrade v9` step renames them: on v9 both spellings are accepted and the \
old one gets a hint (AL0126); on v4 only the old one is read. Frontend v3 (app-frontend-react 3.68) \
knows the component folders of its `src/layout` (the Address component's JSON type is \
`AddressComponent`; there is no RepeatingGroup, Summary2, Subform, Tabs, Cards...; a Group with \
maxCount > 1 repeats; likert Groups, `triggers`, `panel.groupReference`, `edit.filter` and \
Button `go-to-task` are v3 constructs) and validates no layout at runtime: for v3 only the \
page structure, ids and types are checked. The grid breakpoints are xs-xl in v3 and v4 \
(`Common.ts` IGridStyling) and xs-lg in the frontend of v9, whose upgrade (`GridXlMigration`) \
removes xl as unsupported: on v9, xl is AL0109. Frontend v3 to v4 rewrites (quick fixes on AL0106, AL0109, AL0113, \
AL0121 in an app on frontend v4, and `altinn-ls upgrade --to v4`) follow the layout mutators of \
altinn-studio `src/cli` studioctl `app upgrade frontend-v4` (Upgrade/Frontend/Fev3Tov4, main of \
2026-08-22): AddressMutator renames `AddressComponent` to `Address`; RepeatingGroupMutator makes a \
Group with maxCount > 1 a RepeatingGroup (its `edit.filter` it converts to `hiddenRow` only with \
a warning, so a Group with a filter is not rewritten here; LikertMutator turns a Group with \
`edit.mode: likert` into a Likert, not rewritten here); GroupMutator turns `panel` into \
`groupingIndicator: \"panel\"` and `showGroupingIndicator: true` into `groupingIndicator: \
\"indented\"` (a panel with `groupReference` it deletes with a warning: not rewritten); \
TriggerMutator removes `triggers` (v4 shows all validations but required by default), turning \
`validatePage` / `validateAllPages` / `validateCurrentAndPreviousPages` on NavigationButtons into \
`validateOnNext` (`validateOnForward` on NavigationBar) with page current / all / \
currentAndPrevious and show [\"All\"], and `validation` / `validateRow` on a RepeatingGroup into \
`validateOnSaveRow: [\"All\"]`; PropertyCleanupMutator removes `componentType`, `textResourceId`, \
`customType`, `description`, `pageRef`, `required` and `readOnly` on components that are no form \
components, `size` on Paragraph and Panel and `textResourceBindings` on NavigationBar; \
AttachmentListMutator removes `includePDF`, adding `ref-data-as-pdf` to `dataTypeIds` when it \
was true; TrbMutator renames a Group's or RepeatingGroup's text `body` to `description`. \
`upgrade --to v4` also points `views/Home/Index.cshtml` at the v4 bundle (IndexFileRewriter).";

declare_codes! {
    AL0100 Error "Layout file without a \"data\" object",
    AL0101 Error "Layout \"data.layout\" missing or not an array of components",
    AL0102 Warning "Unknown key at the page level of a layout file",
    AL0103 Error "Component is not a JSON object",
    AL0104 Error "Component without a string \"id\"",
    AL0105 Error "Component without a string \"type\"",
    AL0106 Error "Unknown component type, or a type the app's frontend version does not know (a warning while that version is in doubt)",
    AL0107 Error "Component is missing a required property",
    AL0108 Error "Property value has the wrong type or is not one of the allowed values",
    AL0109 Warning "Unknown property for this component type",
    AL0110 Error "Missing required dataModelBindings key",
    AL0111 Warning "Unknown dataModelBindings key for this component type",
    AL0112 Error "dataModelBindings value is not a path string or {dataType, field}",
    AL0113 Warning "Unknown textResourceBindings key for this component type",
    AL0114 Error "Options component without optionsId, options or source",
    AL0115 Error "More than one of optionsId, options and source",
    AL0116 Error "\"secure\": true together with inline options or source",
    AL0117 Error "Summary2 overrides name the same component or type twice",
    AL0118 Error "Summary2 override with both componentId and componentType",
    AL0119 Error "Simplified Address bound to careOf or houseNumber",
    AL0120 Error "Negative maxCount on a group",
    AL0121 Warning "Group with maxCount > 1: the old repeating group format (frontend v4 and later)",
    AL0122 Error "Inline option without value or label, or with a value of the wrong type",
    AL0123 Warning "$schema of a layout file points to the schema of another file kind",
    AL0124 Warning "Duplicate key in a component or page object (the last one wins)",
    AL0125 Warning "Component type spelled with other letter case (the app accepts it, Studio's editor does not)",
    // A hint: today's v9 still reads the snake_case names (the rename is an open pull
    // request); it tells what the upgrade will change, not that the app is broken.
    AL0126 Hint "Binding or text key under its snake_case name, which the app frontend of Altinn.App v9 renames to camelCase",
}

pub fn check(ctx: &mut Ctx<'_>) {
    if !matches!(ctx.file.kind, FileKind::Layout { .. }) {
        return;
    }
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let v = &ctx.model.versions;
    let mut c = Checker {
        path: ctx.path(),
        fe: v.frontend.major,
        in_doubt: v.frontend_in_doubt(),
        reason: &v.frontend.reason,
        out: Vec::new(),
    };
    c.page(root);
    for d in c.out {
        ctx.report(d);
    }
}

struct Checker<'a> {
    path: &'a str,
    /// The app's frontend: which component types and keys it reads.
    fe: FrontendMajor,
    /// The frontend version is not declared and the files point both ways.
    in_doubt: bool,
    /// Why that frontend, in words (for messages).
    reason: &'a str,
    out: Vec<Diagnostic>,
}

/// The first character of a value (an object's `{`): where to point when something is missing.
fn head(v: &Json) -> TextRange {
    TextRange::new(v.range.start, (v.range.start + 1).min(v.range.end))
}

fn quoted_list(v: &[&str]) -> String {
    v.iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Strings the frontend casts to a boolean.
fn bool_like_str(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "true" | "false" | "1" | "0"
    )
}

impl Checker<'_> {
    fn diag(&mut self, code: Code, range: TextRange, msg: String) {
        self.out.push(Diagnostic::new(code, self.path, range, msg));
    }

    fn page(&mut self, root: &Json) {
        let Some(members) = root.as_object() else {
            if !root.is_invalid() {
                self.diag(
                    AL0100,
                    root.range,
                    format!(
                        "A layout file must be an object {{ \"data\": {{ \"layout\": [...] }} }}, found {}",
                        root.type_name()
                    ),
                );
            }
            return;
        };
        self.duplicates(members, || "the layout file".to_string());
        super::structure::check_schema_url(
            self.path,
            root,
            "layout.schema.v1.json",
            "a layout page",
            AL0123,
            &mut self.out,
        );
        for m in members {
            if m.key != "$schema" && m.key != "data" {
                self.unknown_key(m, &["$schema", "data"], "at the top level of a layout file");
            }
        }
        let Some(data) = root.member("data") else {
            self.diag(
                AL0100,
                head(root),
                "Layout file has no \"data\" property: expected { \"data\": { \"layout\": [...] } }"
                    .into(),
            );
            return;
        };
        let Some(dm) = data.value.as_object() else {
            if !data.value.is_invalid() {
                self.diag(
                    AL0100,
                    data.value.range,
                    format!(
                        "\"data\" must be an object with a \"layout\" array, found {}",
                        data.value.type_name()
                    ),
                );
            }
            return;
        };
        self.duplicates(dm, || "\"data\"".to_string());
        let names: Vec<&str> = PAGE_PROPS.iter().map(|p| p.name).collect();
        for m in dm {
            match PAGE_PROPS.iter().find(|p| p.name == m.key) {
                Some(p) if p.name != "layout" => self.value_type(m, p.ty, "the page"),
                Some(_) => {}
                None => self.unknown_key(m, &names, "in \"data\" of a layout file"),
            }
        }
        let Some(layout) = data.value.member("layout") else {
            self.diag(
                AL0101,
                data.key_range,
                "\"data\" has no \"layout\" array: add \"layout\": [ ...components ]".into(),
            );
            return;
        };
        let Some(items) = layout.value.as_array() else {
            if !layout.value.is_invalid() {
                self.diag(
                    AL0101,
                    layout.value.range,
                    format!(
                        "\"data.layout\" must be an array of components, found {}",
                        layout.value.type_name()
                    ),
                );
            }
            return;
        };
        for item in items {
            self.component(item);
        }
    }

    fn duplicates(&mut self, members: &[Member], owner: impl Fn() -> String) {
        for (first, dup) in super::structure::duplicate_keys(members) {
            let owner = owner();
            let d = Diagnostic::new(
                AL0124,
                self.path,
                dup.key_range,
                format!(
                    "Duplicate key '{}' in {owner}: JSON readers keep only the last one",
                    dup.key
                ),
            )
            .with_related(self.path, first.key_range, "first occurrence");
            self.out.push(d);
        }
    }

    fn unknown_key(&mut self, m: &Member, known: &[&str], place: &str) {
        let mut msg = format!("Unknown key '{}' {place}", m.key);
        let sugg = did_you_mean(&m.key, known.iter().copied());
        if let Some(s) = sugg {
            msg.push_str(&format!("; did you mean '{s}'?"));
        } else {
            msg.push_str(&format!(" (allowed: {})", quoted_list(known)));
        }
        let mut d = Diagnostic::new(AL0102, self.path, m.key_range, msg);
        if let Some(s) = sugg {
            d = d.with_fix(FixData::Replace(format!("\"{s}\"")));
        }
        self.out.push(d);
    }

    fn component(&mut self, c: &Json) {
        let Some(members) = c.as_object() else {
            if !c.is_invalid() {
                self.diag(
                    AL0103,
                    c.range,
                    format!(
                        "Each entry of \"layout\" must be a component object, found {}",
                        c.type_name()
                    ),
                );
            }
            return;
        };
        let ty = c.member("type");
        let ty_name = ty.and_then(|t| t.value.as_str());
        let id = c.member("id");
        let id_str = id.and_then(|m| m.value.as_str());
        // The label used in messages: `'name' (Input)`.
        let label = match (id_str, ty_name) {
            (Some(i), Some(t)) => format!("Component '{i}' ({t})"),
            (Some(i), None) => format!("Component '{i}'"),
            (None, Some(t)) => format!("{t} component"),
            (None, None) => "Component".to_string(),
        };
        self.duplicates(members, || label.clone());
        match id {
            None => {
                let at = ty.map(|t| t.value.content_range()).unwrap_or(head(c));
                self.diag(
                    AL0104,
                    at,
                    format!("{label} has no \"id\": every component needs an id, unique within the layout set"),
                );
            }
            Some(m) if m.value.as_str().is_none() && !m.value.is_invalid() => {
                self.diag(
                    AL0104,
                    m.value.range,
                    format!(
                        "{label}: \"id\" must be a string, found {}",
                        m.value.type_name()
                    ),
                );
            }
            _ => {}
        }
        let Some(ty) = ty else {
            let at = id.map(|m| m.value.content_range()).unwrap_or(head(c));
            self.diag(
                AL0105,
                at,
                format!(
                    "{label} has no \"type\": add the component type, e.g. \"type\": \"Input\""
                ),
            );
            return;
        };
        let Some(name) = ty_name else {
            if !ty.value.is_invalid() {
                self.diag(
                    AL0105,
                    ty.value.range,
                    format!(
                        "{label}: \"type\" must be a string naming the component type, found {}",
                        ty.value.type_name()
                    ),
                );
            }
            return;
        };
        let Some(def) = self.resolve_type(name, &ty.value, &label) else {
            return;
        };
        // Old-style repeating group: a Group with maxCount (still mapped by the backend).
        let mut def = def;
        if def.name == "Group" {
            if let Some(mc) = c.member("maxCount") {
                if let Some(n) = mc.value.as_f64() {
                    if n > 1.0 {
                        if let Some(rg) = components::component("RepeatingGroup") {
                            def = rg;
                        }
                        self.diag(
                            AL0121,
                            ty.value.content_range(),
                            format!("{label} has maxCount {n}: a Group with maxCount > 1 is the old repeating group format; use \"type\": \"RepeatingGroup\""),
                        );
                    }
                }
            }
        }
        self.props(c, members, def, &label, &ty.value);
        if self.fe == FrontendMajor::Next {
            self.grid_xl(c, &label);
        }
        if def.options {
            self.options(members, &label);
        }
        match def.name {
            "Summary2" => self.summary2(c, &label),
            "Address" => self.address(c, &label),
            _ => {}
        }
        if def.name == "RepeatingGroup" || def.name == "Group" {
            if let Some(mc) = c.member("maxCount") {
                if mc.value.as_f64().is_some_and(|n| n < 0.0) {
                    self.diag(
                        AL0120,
                        mc.value.range,
                        format!(
                            "{label} has a negative maxCount; it must be a positive number of rows"
                        ),
                    );
                }
            }
        }
    }

    /// AL0109 for the `xl` grid breakpoint on the frontend of Altinn.App v9: v3 and v4 read it,
    /// the v9 frontend's grid has xs-lg only (`codegen/Common.ts`), and `studioctl app upgrade
    /// v9` removes it as unsupported (`GridXlMigration`).
    fn grid_xl(&mut self, c: &Json, label: &str) {
        let Some(grid) = c.get("grid") else { return };
        let nested = ["labelGrid", "innerGrid", "validationGrid"]
            .into_iter()
            .filter_map(|k| Some((k, grid.get(k)?)));
        for (at, g) in std::iter::once(("grid", grid)).chain(nested) {
            if let Some(m) = g.member("xl") {
                let removal = g.as_object().map(|ms| super::upgrade::remove_member(ms, m));
                let path = if at == "grid" {
                    "grid.xl".to_string()
                } else {
                    format!("grid.{at}.xl")
                };
                self.diag(
                    AL0109,
                    m.key_range,
                    format!(
                        "{label}: '{path}' is ignored by the app frontend of Altinn.App v9, whose grid has the breakpoints xs, sm, md and lg (frontend v3 and v4 read xl; `studioctl app upgrade v9` removes it)"
                    ),
                );
                if let (Some(r), Some(d)) = (removal, self.out.last_mut()) {
                    *d = d
                        .clone()
                        .with_rewrite(format!("Remove '{path}'"), vec![r], true);
                }
            }
        }
    }

    /// The definition to check a component with, after reporting its type: a mis-cased type
    /// (AL0125), a type no generation knows or one of another generation than the app's
    /// (AL0106). None when there is nothing to check against: an unknown type, or any type on
    /// frontend v3 (whose component definitions we do not have).
    fn resolve_type(
        &mut self,
        name: &str,
        at: &Json,
        label: &str,
    ) -> Option<&'static ComponentDef> {
        // The common case first: a correctly spelled type of the app's (v4 or next) frontend.
        if self.fe != FrontendMajor::V3 {
            if let Some(def) =
                components::component(name).filter(|d| d.generations.supports(self.fe))
            {
                return Some(def);
            }
        }
        let range = at.content_range();
        let Some(canon) = components::canonical_type(name) else {
            self.unknown_type(name, range, label);
            return None;
        };
        if canon != name {
            let d = Diagnostic::new(
                AL0125,
                self.path,
                range,
                format!("{label}: spell the type '{canon}'; the app accepts '{name}' (the frontend and backend match component types ignoring case), but Studio's editor does not recognise it"),
            )
            .with_fix(FixData::Replace(canon.to_string()));
            self.out.push(d);
        }
        if !components::known_in(canon, self.fe) {
            self.other_generation(canon, range, label);
        }
        if self.fe == FrontendMajor::V3 {
            return None;
        }
        // A renamed type has the same properties under either name: keep checking.
        components::component(canon)
    }

    /// AL0106 for a type the app's frontend does not know but another generation does. An
    /// error when the frontend version is declared or nothing contradicts it; a warning while
    /// the app's files point to two generations.
    fn other_generation(&mut self, canon: &'static str, range: TextRange, label: &str) {
        let other = match (self.fe, canon) {
            (_, "AddressComponent") => Some("Address"),
            (FrontendMajor::V3, "Address") => Some("AddressComponent"),
            (FrontendMajor::V3, "Heading") => Some("Header"),
            (FrontendMajor::V3, _) => None,
            _ => components::renamed(canon),
        };
        let fe = self.fe_name();
        let known_by =
            if components::V3_TYPES.contains(&canon) && components::component(canon).is_none() {
                "only app frontend v3 knows it"
            } else if self.fe == FrontendMajor::V3 {
                "it is new in app frontend v4"
            } else if components::known_in(canon, FrontendMajor::Next) {
                "only the app frontend of Altinn.App v9 knows it"
            } else {
                "the app frontend of Altinn.App v9 renamed it"
            };
        let mut msg = format!(
            "{label}: {fe}, which this app runs ({}), does not know the type '{canon}': {known_by}",
            self.reason
        );
        match other {
            Some(o) => msg.push_str(&format!("; use '{o}'")),
            None if canon == "RepeatingGroup" => {
                msg.push_str("; frontend v3 repeats a Group with \"maxCount\" > 1")
            }
            None => {}
        }
        let mut d = Diagnostic::new(AL0106, self.path, range, msg);
        match other {
            // A type v9 renamed: its upgrade (HeadingLayoutMigration,
            // OrganizationLookupLayoutMigration) renames it, and so does `altinn-ls upgrade`.
            Some(o) if self.fe == FrontendMajor::Next && components::renamed(canon).is_some() => {
                d = d.with_rewrite(
                    format!("Rename the type to '{o}'"),
                    vec![(range, o.to_string())],
                    true,
                );
            }
            Some(o) => d = d.with_fix(FixData::Replace(o.to_string())),
            None => {}
        }
        if self.in_doubt {
            d.soften("the app does not declare its frontend version, and its files point to two generations");
        }
        self.out.push(d);
    }

    fn unknown_type(&mut self, name: &str, range: TextRange, label: &str) {
        let known = components::names_for(self.fe);
        let sugg = legacy_type_name(name)
            .filter(|s| components::known_in(s, self.fe))
            .or_else(|| did_you_mean(name, known.iter().copied()));
        let mut msg = format!("{label}: unknown component type '{name}'");
        match sugg {
            Some(s) => msg.push_str(&format!("; did you mean '{s}'?")),
            None => msg.push_str(" (no app frontend version knows it)"),
        }
        let mut d = Diagnostic::new(AL0106, self.path, range, msg);
        if let Some(s) = sugg {
            d = d.with_fix(FixData::Replace(s.to_string()));
        }
        self.out.push(d);
    }

    fn props(
        &mut self,
        c: &Json,
        members: &[Member],
        def: &'static ComponentDef,
        label: &str,
        ty: &Json,
    ) {
        for m in members {
            // `id` and `type` were checked by `component`.
            if m.key == "id" || m.key == "type" {
                continue;
            }
            let Some(p) = def.prop(&m.key) else {
                self.unknown_prop(m, def, label);
                continue;
            };
            match p.ty {
                PropType::DataModelBindings => self.bindings(m, def, label),
                PropType::TextResourceBindings => self.text_bindings(m, def, label),
                _ if super::structure::check_component_prop(
                    self.path,
                    label,
                    def.name,
                    m,
                    &mut self.out,
                ) => {}
                _ => self.value_type(m, p.ty, label),
            }
        }
        for p in def.required_props() {
            if p.name == "id" || p.name == "type" || c.member(p.name).is_some() {
                continue;
            }
            if p.ty == PropType::DataModelBindings {
                let keys: Vec<&str> = def
                    .bindings
                    .iter()
                    .filter(|b| b.required)
                    .map(|b| b.key)
                    .collect();
                self.diag(
                    AL0110,
                    ty.content_range(),
                    format!(
                        "{label} has no dataModelBindings; required: {}",
                        quoted_list(&keys)
                    ),
                );
                continue;
            }
            self.diag(
                AL0107,
                ty.content_range(),
                format!(
                    "{label} is missing the required property '{}' ({}: {})",
                    p.name,
                    p.ty.describe(),
                    p.doc
                ),
            );
        }
    }

    fn unknown_prop(&mut self, m: &Member, def: &ComponentDef, label: &str) {
        let sugg = did_you_mean(&m.key, def.props.iter().map(|p| p.name));
        let mut msg = format!(
            "{label}: property '{}' is not known for type {}",
            m.key, def.name
        );
        if let Some(s) = sugg {
            msg.push_str(&format!("; did you mean '{s}'?"));
        } else {
            msg.push_str(" and is ignored");
        }
        let mut d = Diagnostic::new(AL0109, self.path, m.key_range, msg);
        if let Some(s) = sugg {
            d = d.with_fix(FixData::Replace(format!("\"{s}\"")));
        }
        self.out.push(d);
    }

    /// Checks a value against a property type; reports AL0108.
    fn value_type(&mut self, m: &Member, ty: PropType, owner: &str) {
        let v = &m.value;
        if v.is_invalid() {
            return;
        }
        let ok = match ty {
            PropType::Bool => v.as_bool().is_some(),
            PropType::BoolExpr => match &v.kind {
                JsonKind::Bool(_) | JsonKind::Null | JsonKind::Array(_) => true,
                JsonKind::String(s) => bool_like_str(s),
                JsonKind::Number(n) => *n == 0.0 || *n == 1.0,
                _ => false,
            },
            PropType::Str | PropType::ComponentId => v.as_str().is_some(),
            PropType::StrExpr => !matches!(v.kind, JsonKind::Object(_)),
            PropType::Number => v.as_f64().is_some(),
            PropType::NumberExpr => match &v.kind {
                JsonKind::Number(_) | JsonKind::Null | JsonKind::Array(_) => true,
                JsonKind::String(s) => s.trim().parse::<f64>().is_ok(),
                _ => false,
            },
            PropType::Integer => v.as_f64().is_some_and(|n| n.fract() == 0.0),
            PropType::Enum(allowed) => {
                if let Some(s) = v.as_str() {
                    if !allowed.contains(&s) {
                        self.bad_enum(m, s, allowed, owner);
                    }
                    return;
                }
                false
            }
            PropType::IntEnum(allowed) => v
                .as_f64()
                .is_some_and(|n| allowed.iter().any(|a| *a as f64 == n)),
            PropType::EnumList(allowed) => {
                let Some(items) = v.as_array() else {
                    return self.wrong_type(m, ty, owner);
                };
                for it in items {
                    match it.as_str() {
                        Some(s) if allowed.contains(&s) => {}
                        Some(s) => {
                            let sugg = did_you_mean(s, allowed.iter().copied());
                            let mut msg = format!(
                                "{owner}: '{s}' is not allowed in '{}'; allowed: {}",
                                m.key,
                                quoted_list(allowed)
                            );
                            if let Some(x) = sugg {
                                msg.push_str(&format!(" (did you mean '{x}'?)"));
                            }
                            let mut d = Diagnostic::new(AL0108, self.path, it.content_range(), msg);
                            if let Some(x) = sugg {
                                d = d.with_fix(FixData::Replace(x.to_string()));
                            }
                            self.out.push(d);
                        }
                        None if it.is_invalid() => {}
                        None => self.diag(
                            AL0108,
                            it.range,
                            format!(
                                "{owner}: items of '{}' must be strings, found {}",
                                m.key,
                                it.type_name()
                            ),
                        ),
                    }
                }
                return;
            }
            PropType::ComponentIds | PropType::StrList => v
                .as_array()
                .is_some_and(|a| a.iter().all(|x| x.as_str().is_some() || x.is_invalid())),
            PropType::StrOrStrList => {
                v.as_str().is_some()
                    || v.as_array()
                        .is_some_and(|a| a.iter().all(|x| x.as_str().is_some()))
            }
            PropType::Object | PropType::DataModelBindings | PropType::TextResourceBindings => {
                v.as_object().is_some()
            }
            PropType::ObjectArray => v.as_array().is_some(),
            PropType::Any => true,
        };
        if !ok {
            self.wrong_type(m, ty, owner);
        }
    }

    fn wrong_type(&mut self, m: &Member, ty: PropType, owner: &str) {
        let found = match &m.value.kind {
            JsonKind::String(s) => format!("the string \"{s}\""),
            JsonKind::Number(n) => format!("the number {n}"),
            JsonKind::Bool(b) => format!("{b}"),
            _ => m.value.type_name().to_string(),
        };
        self.diag(
            AL0108,
            m.value.content_range(),
            format!(
                "{owner}: '{}' must be {}, found {found}",
                m.key,
                ty.describe()
            ),
        );
    }

    fn bad_enum(&mut self, m: &Member, s: &str, allowed: &[&'static str], owner: &str) {
        let sugg = did_you_mean(s, allowed.iter().copied());
        let mut msg = if allowed.len() > 12 {
            format!("{owner}: '{s}' is not an allowed value of '{}'", m.key)
        } else {
            format!(
                "{owner}: '{s}' is not an allowed value of '{}'; allowed: {}",
                m.key,
                quoted_list(allowed)
            )
        };
        if let Some(x) = sugg {
            msg.push_str(&format!(" (did you mean '{x}'?)"));
        }
        let mut d = Diagnostic::new(AL0108, self.path, m.value.content_range(), msg);
        if let Some(x) = sugg {
            d = d.with_fix(FixData::Replace(x.to_string()));
        }
        self.out.push(d);
    }

    fn fe_name(&self) -> &'static str {
        match self.fe {
            FrontendMajor::V3 => "app frontend v3",
            FrontendMajor::V4 => "app frontend v4",
            FrontendMajor::Next => "the app frontend of Altinn.App v9",
        }
    }

    /// AL0126: a key the v9 frontend renamed to camelCase, under its old name.
    fn renamed_key(&mut self, m: &Member, new: &str, place: &str, label: &str) {
        let d = Diagnostic::new(
            AL0126,
            self.path,
            m.key_range,
            format!("{label}: {place} key '{}' is the snake_case name, which the app frontend of Altinn.App v9 reads today; a coming change (altinn-studio pull request 20083) renames it to '{new}' and then ignores '{}' (`studioctl app upgrade v9` renames it in the layouts)", m.key, m.key),
        )
        // Not preferred, and not applied by `altinn-ls upgrade`: v9 as released (altinn-studio
        // main, e.g. PersonLookup config.ts) reads only the snake_case name; the camelCase one
        // comes with the pending branch `codex/camel-case-layout-properties`.
        .with_rewrite(
            format!("Rename to '{new}' (only for a v9 release with camelCase layout properties)"),
            vec![(m.key_range, format!("\"{new}\""))],
            false,
        );
        self.out.push(d);
    }

    fn bindings(&mut self, m: &Member, def: &ComponentDef, label: &str) {
        let Some(members) = m.value.as_object() else {
            if !m.value.is_invalid() {
                self.wrong_type(m, PropType::DataModelBindings, label);
            }
            return;
        };
        self.duplicates(members, || format!("{label} dataModelBindings"));
        let (renames, _) = components::v9_renames(def.name);
        for b in members {
            let v9_new = renames.iter().find(|(_, n)| *n == b.key);
            if self.fe == FrontendMajor::Next {
                if let Some((_, n)) = renames.iter().find(|(o, _)| *o == b.key) {
                    self.renamed_key(b, n, "dataModelBindings", label);
                }
            } else if let Some((old, _)) = v9_new {
                let d = Diagnostic::new(
                    AL0111,
                    self.path,
                    b.key_range,
                    format!("{label}: dataModelBindings key '{}' is the name the app frontend of Altinn.App v9 uses; {}, which this app runs, reads '{old}'", b.key, self.fe_name()),
                )
                .with_fix(FixData::Replace(format!("\"{old}\"")));
                self.out.push(d);
            } else if def.binding(&b.key).is_none() && !def.open_bindings {
                let sugg = did_you_mean(&b.key, def.bindings.iter().map(|x| x.key));
                let mut msg = format!(
                    "{label}: dataModelBindings key '{}' is not used by {}",
                    b.key, def.name
                );
                match sugg {
                    Some(s) => msg.push_str(&format!("; did you mean '{s}'?")),
                    None if def.bindings.is_empty() => {
                        msg.push_str(" (it takes no data model bindings)")
                    }
                    None => {
                        let keys: Vec<&str> = def.bindings.iter().map(|x| x.key).collect();
                        msg.push_str(&format!(" (known keys: {})", quoted_list(&keys)));
                    }
                }
                let mut d = Diagnostic::new(AL0111, self.path, b.key_range, msg);
                if let Some(s) = sugg {
                    d = d.with_fix(FixData::Replace(format!("\"{s}\"")));
                }
                self.out.push(d);
            }
            let v = &b.value;
            let ok = match &v.kind {
                JsonKind::String(_) | JsonKind::Invalid => true,
                JsonKind::Object(_) => {
                    v.get("field").and_then(|f| f.as_str()).is_some()
                        && v.get("dataType").and_then(|f| f.as_str()).is_some()
                }
                _ => false,
            };
            if !ok {
                let found = if v.as_object().is_some() {
                    "an object without string \"dataType\" and \"field\"".to_string()
                } else {
                    v.type_name().to_string()
                };
                self.diag(
                    AL0112,
                    v.range,
                    format!(
                        "{label}: binding '{}' must be a data model path string or {{ \"dataType\": \"...\", \"field\": \"...\" }}, found {found}",
                        b.key
                    ),
                );
            }
        }
        for b in def.bindings.iter().filter(|b| b.required) {
            // On v9, the camelCase name of a renamed key counts too.
            let new_name = renames
                .iter()
                .find(|(o, _)| *o == b.key)
                .map(|(_, n)| *n)
                .filter(|_| self.fe == FrontendMajor::Next);
            if m.value.member(b.key).is_none()
                && new_name.is_none_or(|n| m.value.member(n).is_none())
            {
                self.diag(
                    AL0110,
                    m.key_range,
                    format!(
                        "{label} is missing the required dataModelBindings key '{}'",
                        b.key
                    ),
                );
            }
        }
    }

    fn text_bindings(&mut self, m: &Member, def: &ComponentDef, label: &str) {
        let Some(members) = m.value.as_object() else {
            if !m.value.is_invalid() {
                self.wrong_type(m, PropType::TextResourceBindings, label);
            }
            return;
        };
        self.duplicates(members, || format!("{label} textResourceBindings"));
        let (_, renames) = components::v9_renames(def.name);
        for t in members {
            let v9_new = renames.iter().find(|(_, n)| *n == t.key);
            if self.fe == FrontendMajor::Next {
                if let Some((_, n)) = renames.iter().find(|(o, _)| *o == t.key) {
                    self.renamed_key(t, n, "textResourceBindings", label);
                }
            }
            if let (Some((old, _)), false) = (v9_new, self.fe == FrontendMajor::Next) {
                let d = Diagnostic::new(
                    AL0113,
                    self.path,
                    t.key_range,
                    format!("{label}: textResourceBindings key '{}' is the name the app frontend of Altinn.App v9 uses; {}, which this app runs, reads '{old}'", t.key, self.fe_name()),
                )
                .with_fix(FixData::Replace(format!("\"{old}\"")));
                self.out.push(d);
            } else if v9_new.is_none() && !def.has_text_binding(&t.key) {
                let sugg = did_you_mean(&t.key, def.text_bindings.iter().copied());
                let mut msg = format!(
                    "{label}: textResourceBindings key '{}' is not used by {}",
                    t.key, def.name
                );
                match sugg {
                    Some(s) => msg.push_str(&format!("; did you mean '{s}'?")),
                    None if def.text_bindings.is_empty() => msg.push_str(" (it shows no texts)"),
                    None => msg.push_str(&format!(
                        " (known keys: {})",
                        quoted_list(def.text_bindings)
                    )),
                }
                let mut d = Diagnostic::new(AL0113, self.path, t.key_range, msg);
                if let Some(s) = sugg {
                    d = d.with_fix(FixData::Replace(format!("\"{s}\"")));
                }
                self.out.push(d);
            }
            self.value_type(t, PropType::StrExpr, label);
        }
    }

    fn options(&mut self, members: &[Member], label: &str) {
        let present: Vec<&Member> = members
            .iter()
            .filter(|m| {
                matches!(m.key.as_str(), "optionsId" | "options" | "source")
                    && !m.value.is_null()
                    // Designer writes `"optionsId": ""` next to inline options; it counts as unset.
                    && m.value.as_str() != Some("")
            })
            .collect();
        match present.as_slice() {
            [] => {
                // Point at the type: where the component is declared.
                if let Some(ty) = members.iter().find(|m| m.key == "type") {
                    self.diag(
                        AL0114,
                        ty.value.content_range(),
                        format!("{label} has no options: set exactly one of \"optionsId\" (a code list), \"options\" (inline list) or \"source\" (rows of a repeating group)"),
                    );
                }
            }
            [first, rest @ ..] => {
                for other in rest {
                    let d = Diagnostic::new(
                        AL0115,
                        self.path,
                        other.key_range,
                        format!(
                            "{label} has both \"{}\" and \"{}\": use only one way to provide options",
                            first.key, other.key
                        ),
                    )
                    .with_related(self.path, first.key_range, format!("\"{}\" is set here", first.key));
                    self.out.push(d);
                }
            }
        }
        if let Some(secure) = members.iter().find(|m| m.key == "secure") {
            if secure.value.as_bool() == Some(true) {
                for p in present.iter().filter(|m| m.key != "optionsId") {
                    let d = Diagnostic::new(
                        AL0116,
                        self.path,
                        secure.key_range,
                        format!(
                            "{label}: \"secure\": true only applies to options fetched with \"optionsId\", not to \"{}\"",
                            p.key
                        ),
                    )
                    .with_related(self.path, p.key_range, format!("\"{}\" is set here", p.key));
                    self.out.push(d);
                }
            }
        }
        if let Some(opts) = members.iter().find(|m| m.key == "options") {
            for o in opts.value.as_array().unwrap_or_default() {
                self.inline_option(o, label);
            }
        }
    }

    fn inline_option(&mut self, o: &Json, label: &str) {
        let Some(_) = o.as_object() else {
            if !o.is_invalid() {
                self.diag(
                    AL0122,
                    o.range,
                    format!(
                        "{label}: each inline option must be an object {{ \"value\", \"label\" }}, found {}",
                        o.type_name()
                    ),
                );
            }
            return;
        };
        for key in ["value", "label"] {
            if o.member(key).is_none() {
                self.diag(
                    AL0122,
                    head(o),
                    format!("{label}: inline option without \"{key}\""),
                );
            }
        }
        if let Some(v) = o.member("value") {
            if matches!(v.value.kind, JsonKind::Object(_) | JsonKind::Array(_)) {
                self.diag(
                    AL0122,
                    v.value.range,
                    format!(
                        "{label}: option \"value\" must be a string, number, boolean or null, found {}",
                        v.value.type_name()
                    ),
                );
            }
        }
        if let Some(l) = o.member("label") {
            if l.value.as_str().is_none() && !l.value.is_invalid() {
                self.diag(
                    AL0122,
                    l.value.range,
                    format!(
                        "{label}: option \"label\" must be a string (text key or text), found {}",
                        l.value.type_name()
                    ),
                );
            }
        }
    }

    fn summary2(&mut self, c: &Json, label: &str) {
        let Some(overrides) = c.get("overrides").and_then(|o| o.as_array()) else {
            return;
        };
        let mut seen: Vec<(&str, &str, TextRange)> = Vec::new();
        for o in overrides {
            let id = o.member("componentId");
            let ty = o.member("componentType");
            if let (Some(_), Some(t)) = (id, ty) {
                self.diag(
                    AL0118,
                    t.key_range,
                    format!("{label}: a summary override has both \"componentId\" and \"componentType\"; use one of them"),
                );
            }
            for (key, m) in [("componentId", id), ("componentType", ty)] {
                let Some(m) = m else { continue };
                let Some(val) = m.value.as_str() else {
                    continue;
                };
                let r = m.value.content_range();
                if let Some((_, _, first)) = seen.iter().find(|(k, v, _)| *k == key && *v == val) {
                    let d = Diagnostic::new(
                        AL0117,
                        self.path,
                        r,
                        format!("{label}: duplicate {key} '{val}' in summary overrides (only one override per {})", if key == "componentId" { "component" } else { "type" }),
                    )
                    .with_related(self.path, *first, "first override for it");
                    self.out.push(d);
                } else {
                    seen.push((key, val, r));
                }
            }
        }
    }

    fn address(&mut self, c: &Json, label: &str) {
        // `simplified` defaults to true.
        if c.get("simplified").and_then(|s| s.as_bool()) == Some(false) {
            return;
        }
        let Some(b) = c.get("dataModelBindings") else {
            return;
        };
        for key in ["careOf", "houseNumber"] {
            if let Some(m) = b.member(key) {
                self.diag(
                    AL0119,
                    m.key_range,
                    format!("{label}: binding '{key}' is not supported by a simplified Address (simplified defaults to true); set \"simplified\": false or remove the binding"),
                );
            }
        }
    }
}

/// Misspelled type names seen in apps and the type they mean (case variants such as
/// `DatePicker` are the same type to the app: see [`components::canonical_type`]).
fn legacy_type_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "RadioButton" => "RadioButtons",
        "Checkbox" => "Checkboxes",
        "FileUploadWithTags" => "FileUploadWithTag",
        _ => return None,
    })
}
