//! Hover: what the name at the cursor refers to, from the app model.

use super::completion::function_doc;
use super::navigation::{target_at, Target};
use super::Hover;
use crate::model::components;
use crate::model::{DeclKind, FieldType};
use crate::AppDb;

pub fn hover(db: &AppDb, path: &str, offset: u32) -> Option<Hover> {
    let (t, range) = target_at(db, path, offset)?;
    let markdown = describe(db, &t)?;
    Some(Hover { range, markdown })
}

fn esc(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Markdown describing a target.
pub fn describe(db: &AppDb, t: &Target) -> Option<String> {
    let m = db.model();
    let s = match t {
        Target::TextKey(k) => {
            let mut s = format!("**Text** `{k}`\n\n");
            let mut any = false;
            for tf in m.texts.values() {
                match tf.keys.get(k) {
                    Some(e) => {
                        any = true;
                        s.push_str(&format!("- **{}**: {}\n", tf.lang, esc(&e.value)));
                    }
                    None => s.push_str(&format!("- **{}**: _missing_\n", tf.lang)),
                }
            }
            if !any {
                s.push_str("\nNot defined in any text resource file: the key itself is shown.");
            }
            s
        }
        Target::ComponentId { set, id } => {
            let x = m.set_by_id(set)?;
            let list = x.by_id.get(id);
            match list.map(Vec::as_slice) {
                Some([]) | None => format!(
                    "**Component** `{id}`\n\nNo component with this id in layout set `{set}`."
                ),
                Some(list) => {
                    let mut s = format!("**Component** `{id}`\n\n");
                    for &i in list {
                        let c = &x.components[i];
                        s.push_str(&format!(
                            "- `{}` on page **{}** (`{}`)\n",
                            if c.ty.is_empty() { "?" } else { &c.ty },
                            c.page,
                            c.file
                        ));
                    }
                    s
                }
            }
        }
        Target::DataPath { data_type, path } => {
            let cs = super::csharp_nav::describe(db, data_type, path);
            let Some(r) = m.data_model(data_type).and_then(|dm| dm.resolve(path).ok()) else {
                return cs.map(|c| format!("**{path}**\n\n{c}"));
            };
            let dm = m.data_model(data_type)?;
            let f = r.field;
            let ty = match (f.ty(), f.item_ty) {
                (FieldType::Array, Some(it)) => format!("array of {}", it.as_str()),
                (t, _) => t.as_str().to_string(),
            };
            let mut s = format!(
                "**{path}**: `{ty}`{}\n\nData model `{data_type}` (`{}`)",
                if f.nullable { " (nullable)" } else { "" },
                dm.file
            );
            if !r.arrays.is_empty() {
                s.push_str(&format!(
                    "\n\nInside repeating rows of `{}`",
                    r.arrays.join("`, `")
                ));
            }
            if !f.restrictions.is_empty() {
                s.push_str("\n\nRestrictions:\n");
                for x in &f.restrictions {
                    s.push_str(&format!("- `{x}`\n"));
                }
            }
            if let Some(c) = cs {
                s.push_str(&format!("\n\n{c}"));
            }
            if let Some(d) = &f.description {
                s.push_str(&format!("\n\n{d}"));
            }
            s
        }
        Target::Page { set, name } => {
            let x = m.set_by_id(set)?;
            let pos = x.order.iter().position(|(p, _)| p == name);
            let file = x.layout_path(name);
            let components = x.components.iter().filter(|c| c.page == *name).count();
            format!(
                "**Page** `{name}` (`{file}`)\n\n{}\n\n{}",
                match pos {
                    Some(i) => format!("Page {} of {} in `pages.order`", i + 1, x.order.len()),
                    None => "Not in `pages.order`".to_string(),
                },
                if db.file(&file).is_some() {
                    format!("{components} components")
                } else {
                    "The layout file does not exist".to_string()
                }
            )
        }
        Target::LayoutSet(id) => {
            let x = m.set_by_id(id)?;
            let tasks: Vec<&str> = x.tasks.iter().map(|(t, _)| t.as_str()).collect();
            format!(
                "**Layout set** `{id}`{}\n\n- data type: `{}`\n- tasks: {}\n- pages: {}",
                if x.subform { " (subform)" } else { "" },
                x.data_type.as_deref().unwrap_or("?"),
                if tasks.is_empty() {
                    "none".into()
                } else {
                    tasks.join(", ")
                },
                x.pages.len()
            )
        }
        Target::Task(id) => {
            let p = m.process.as_ref()?;
            let e = p.elements.iter().find(|e| e.id == *id)?;
            let mut s = format!("**{}** `{id}`", e.element);
            if let Some(n) = &e.name {
                s.push_str(&format!(" \"{n}\""));
            }
            if let Some(tt) = &e.task_type {
                s.push_str(&format!("\n\nTask type: `{tt}`"));
            }
            if let Some(set) = m
                .sets
                .iter()
                .find(|x| x.tasks.iter().any(|(t, _)| t == id) || x.id == *id)
            {
                s.push_str(&format!("\n\nLayout set: `{}`", set.id));
            }
            s
        }
        Target::DataType(id) => {
            let d = m.data_type(id)?;
            let mut s = format!("**Data type** `{id}`");
            if let Some(c) = &d.class_ref {
                s.push_str(&format!("\n\nForm data: `{c}`"));
            }
            if let Some((t, _)) = &d.task_id {
                s.push_str(&format!("\n\nTask: `{t}`"));
            }
            if !d.allowed_content_types.is_empty() {
                s.push_str(&format!(
                    "\n\nContent types: {}",
                    d.allowed_content_types.join(", ")
                ));
            }
            s
        }
        Target::CodeList(id) => {
            let file = format!("options/{id}.json");
            match db
                .file(&file)
                .and_then(|f| f.json())
                .and_then(|d| d.root.as_ref())
            {
                Some(root) => {
                    let opts = root.as_array().unwrap_or(&[]);
                    let mut s = format!(
                        "**Code list** `{id}` (`{file}`): {} options\n\n",
                        opts.len()
                    );
                    for o in opts.iter().take(10) {
                        let v = o.get("value").map(|v| match v.as_str() {
                            Some(x) => x.to_string(),
                            None => db
                                .file(&file)
                                .map(|f| f.slice(v.range).to_string())
                                .unwrap_or_default(),
                        });
                        s.push_str(&format!(
                            "- `{}`: {}\n",
                            v.unwrap_or_default(),
                            esc(o.get_str("label").unwrap_or(""))
                        ));
                    }
                    if opts.len() > 10 {
                        s.push_str("- …\n");
                    }
                    s
                }
                None if m.csharp.has(DeclKind::CodeList, id) => {
                    format!("**Code list** `{id}`\n\nProvided by a C# options provider")
                }
                None if m.csharp.has(DeclKind::DataList, id) => {
                    format!("**Data list** `{id}`\n\nProvided by a C# data list provider")
                }
                None => format!("**Code list** `{id}`\n\nNo `{file}` and no C# provider found"),
            }
        }
        Target::RuleFunction { object, name, .. } => {
            format!("**Rule function** `{name}` in `{object}` (RuleHandler.js)")
        }
        Target::ExpressionFunction(name) => {
            let (sig, desc) = function_doc(name)?;
            format!("```\n{sig}\n```\n\n{desc}")
        }
        Target::ComponentType(name) => {
            let d = components::canonical_type(name).and_then(components::component)?;
            let mut s = format!("**{}** component\n\n{}", d.name, d.doc);
            let req: Vec<&str> = d
                .required_props()
                .map(|p| p.name)
                .filter(|n| *n != "id" && *n != "type")
                .collect();
            if !req.is_empty() {
                s.push_str(&format!("\n\nRequired: `{}`", req.join("`, `")));
            }
            let b: Vec<&str> = d.bindings.iter().map(|b| b.key).collect();
            if !b.is_empty() {
                s.push_str(&format!("\n\nBindings: `{}`", b.join("`, `")));
            }
            s
        }
        Target::Property {
            component_type,
            name,
        } => {
            let d = components::canonical_type(component_type).and_then(components::component)?;
            if let Some(key) = name.strip_prefix("dataModelBindings.") {
                let b = d.binding(key)?;
                return Some(format!(
                    "**{key}**: {}\n\nData model binding of `{}`",
                    super::completion::binding_detail(b),
                    d.name
                ));
            }
            if let Some(key) = name.strip_prefix("textResourceBindings.") {
                if !d.has_text_binding(key) {
                    return None;
                }
                return Some(format!(
                    "**{key}**: text resource key, literal text or string expression\n\nText of `{}`",
                    d.name
                ));
            }
            let p = d.prop(name)?;
            format!(
                "**{}**{}: {}\n\n{}",
                p.name,
                if p.required { " (required)" } else { "" },
                p.ty.describe(),
                p.doc
            )
        }
    };
    Some(s)
}
