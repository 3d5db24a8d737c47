//! Signature help inside expressions: the function whose argument list the cursor is in,
//! its parameters and which one the cursor is at (from the same function table completion
//! and hover use).

use super::context::{scan, Seg, Slot};
use super::navigation::{classify, Role};
use crate::expr::{self, ArgKind};
use crate::AppDb;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHelp {
    /// `name(arg: type, [opt: type], ...rest: type) -> type`.
    pub label: String,
    /// Markdown: what the function does and where it runs.
    pub documentation: String,
    /// Each parameter as written in `label` (each a substring of it).
    pub parameters: Vec<String>,
    /// The parameter the cursor is at; `None` on the function's name.
    pub active_parameter: Option<u32>,
}

pub fn signature_help(db: &AppDb, path: &str, offset: u32) -> Option<SignatureHelp> {
    let file = db.file(path)?;
    let doc = file.json()?;
    let s = scan(&file.text, doc.root.as_ref(), offset)?;
    if s.slot == Slot::Key {
        return None;
    }
    let path_segs = s.path();
    // The innermost array the cursor is in whose first item names a function, in a place
    // where an expression is read.
    for d in (0..s.frames.len()).rev() {
        let f = &s.frames[d];
        if !f.is_array {
            continue;
        }
        let Some(name) = s.item_str(d, 0) else {
            continue;
        };
        let Some(def) = expr::function(&name) else {
            continue;
        };
        let mut head: Vec<Seg<'_>> = path_segs.get(..d)?.to_vec();
        head.push(Seg::Index(0));
        if classify(&file.kind, &head, Slot::Value, &s) != Some(Role::Function) {
            continue;
        }
        let parameters = def.parameter_labels();
        let label = format!(
            "{}({}) -> {}",
            def.name,
            parameters.join(", "),
            def.returns.as_str()
        );
        let active_parameter = match f.index {
            0 => None,
            i => {
                let n = def.args.len();
                let rest = def.args.last().is_some_and(|a| a.kind == ArgKind::Rest);
                if i <= n {
                    Some((i - 1) as u32)
                } else if rest {
                    Some((n - 1) as u32)
                } else {
                    // More arguments than the function takes: none is active.
                    None
                }
            }
        };
        let documentation = super::completion::function_doc(def.name)
            .map(|(_, d)| d)
            .unwrap_or_else(|| def.description.to_string());
        return Some(SignatureHelp {
            label,
            documentation,
            parameters,
            active_parameter,
        });
    }
    None
}
