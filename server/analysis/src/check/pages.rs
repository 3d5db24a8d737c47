//! AL03xx: pages of a layout set: `Settings.json` page order vs the layout files,
//! `excludeFromPdf`, `pdfLayoutName`, page names.

use super::codes::declare_codes;
use super::Ctx;
use crate::diagnostic::{Code, Diagnostic, FixData};
use crate::model::util::did_you_mean;
use crate::model::{FileKind, SetInfo};
use crate::syntax::{Json, TextRange};
use std::collections::HashMap;

/// What these rules rest on in the real readers (which file and function of which version,
/// in words): printed under the code table by `altinn-ls codes`.
pub const GROUNDS: &str = "The backend reads a set's page order from `Settings.json` beside its \
`layouts/` folder (app-lib-dotnet `AppResourcesSI.GetLayoutSettings*`, the v9 equivalents in \
altinn-studio `src/App/backend`), a legacy app's from `ui/Settings.json`, by that exact file name: \
the Linux containers Altinn runs apps in have case-sensitive file systems, so `settings.json` \
is found on Windows and macOS only. The oldest apps' single `ui/FormLayout.json` is read instead \
of `ui/layouts/` when it exists (`GetLayouts`, 'for backwards compatibility'), as page \
`FormLayout`. Frontend v4 and the next frontend show the pages in `pages.order` (or the \
groups' orders) and no others; `pdfLayoutName` and `excludeFromPdf` name pages and components \
of the set.";

declare_codes! {
    AL0301 Error "Settings.json pages.order names a page that has no layout file",
    AL0302 Warning "Layout file is not in Settings.json pages.order (the page is never shown)",
    AL0303 Warning "Page is listed twice in Settings.json pages.order / groups",
    AL0304 Warning "excludeFromPdf names a page or component that does not exist",
    AL0305 Error "pdfLayoutName names a page that has no layout file",
    AL0306 Warning "Page name is not valid in Altinn Studio (2-28 letters, digits, '_' or '-')",
    AL0307 Warning "Settings.json spelled with other letter case: found on Windows and macOS, not by the runtime on Linux",
    AL0308 Warning "Layout in ui/layouts/ ignored because ui/FormLayout.json exists",
}

pub fn check(ctx: &mut Ctx<'_>) {
    match &ctx.file.kind {
        FileKind::Layout { page, .. } => {
            if let Some(set) = ctx.model.set_of_file(&ctx.file.kind) {
                check_layout_file(ctx, set, page);
            }
        }
        FileKind::MiscasedSettings => {
            let path = ctx.path();
            let right = match path.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/Settings.json"),
                None => "Settings.json".to_string(),
            };
            let there = if ctx.db.file(&right).is_some() {
                format!("; {right} exists too, and is the one the runtime reads")
            } else {
                format!(": rename it to {right}")
            };
            ctx.report(Diagnostic::new(
                AL0307,
                path,
                TextRange::new(0, 0),
                format!(
                    "The runtime reads '{right}' by that exact name; on Linux (where Altinn runs apps) '{path}' is not found, although Windows and macOS find it{there}"
                ),
            ));
        }
        FileKind::LayoutSettings { .. } | FileKind::RootSettings => {
            let Some(set) = ctx.model.set_of_file(&ctx.file.kind) else {
                return;
            };
            if set.settings_file.as_deref() != Some(ctx.path()) {
                return;
            }
            check_settings(ctx, set);
        }
        _ => {}
    }
}

/// Whether a page name passes Designer's `^[a-zA-Z0-9_\-]{2,28}$`.
pub fn valid_page_name(name: &str) -> bool {
    (2..=28).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Where a diagnostic about a whole layout file goes: its `data` key, else its first character.
fn file_anchor(root: Option<&Json>) -> TextRange {
    match root {
        Some(r) => r
            .member("data")
            .map(|m| m.key_range)
            .unwrap_or(TextRange::new(r.range.start, r.range.start + 1)),
        None => TextRange::new(0, 0),
    }
}

/// Whether the set's settings file declares a page order at all (else the structure checks
/// report the missing `pages.order`/`pages.groups`).
fn has_order(ctx: &Ctx<'_>, set: &SetInfo) -> bool {
    let Some(f) = set.settings_file.as_deref().and_then(|p| ctx.db.file(p)) else {
        return false;
    };
    let Some(pages) = f
        .json()
        .and_then(|d| d.root.as_ref())
        .and_then(|r| r.get("pages"))
    else {
        return false;
    };
    pages.get("order").is_some_and(|o| o.as_array().is_some())
        || pages.get("groups").is_some_and(|g| g.as_array().is_some())
}

fn check_layout_file(ctx: &mut Ctx<'_>, set: &SetInfo, page: &str) {
    let root = ctx.file.json().and_then(|d| d.root.as_ref());
    let anchor = file_anchor(root);
    let path = ctx.path();
    if set.single_layout && path != crate::model::SINGLE_LAYOUT {
        ctx.report(
            Diagnostic::new(
                AL0308,
                path,
                anchor,
                format!(
                    "Page '{page}' is never shown: the app has {}, which the backend reads instead of ui/layouts/; move the form into ui/layouts/ (and delete FormLayout.json) or drop this file",
                    crate::model::SINGLE_LAYOUT
                ),
            )
            .with_related(crate::model::SINGLE_LAYOUT, TextRange::new(0, 0), "the single layout"),
        );
        return;
    }
    if !valid_page_name(page) {
        let why = if page.len() < 2 {
            "it is shorter than 2 characters".to_string()
        } else if page.len() > 28 {
            format!("it is {} characters long (at most 28)", page.len())
        } else {
            "it may only contain letters a-z and A-Z, digits, '_' and '-'".to_string()
        };
        ctx.report(Diagnostic::new(
            AL0306,
            path,
            anchor,
            format!(
                "Page name '{page}' is not valid in Altinn Studio: {why}; rename the file (and its entry in pages.order)"
            ),
        ));
    }
    let Some(settings) = set.settings_file.as_deref() else {
        return;
    };
    if !has_order(ctx, set)
        || set.order.iter().any(|(p, _)| p == page)
        || set.pdf_layout_name.as_deref() == Some(page)
    {
        return;
    }
    let mut d = Diagnostic::new(
        AL0302,
        path,
        anchor,
        format!(
            "Page '{page}' is not in {settings} pages.order and will never be shown; add it to the order (or delete the file)"
        ),
    )
    .with_fix(FixData::PageNotInOrder {
        settings_file: settings.to_string(),
        page: page.to_string(),
    });
    if let Some((_, r)) = set.order.last() {
        d = d.with_related(settings, *r, "the page order ends here");
    }
    ctx.report(d);
}

fn check_settings(ctx: &mut Ctx<'_>, set: &SetInfo) {
    let path = ctx.path();
    let Some(root) = ctx.file.json().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let mut first: HashMap<&str, TextRange> = HashMap::new();
    let mut out = Vec::new();
    for (page, range) in &set.order {
        if let Some(prev) = first.get(page.as_str()) {
            out.push(
                Diagnostic::new(
                    AL0303,
                    path,
                    *range,
                    format!("Page '{page}' is already in the page order; remove this entry"),
                )
                .with_related(path, *prev, format!("first entry of '{page}'")),
            );
            continue;
        }
        first.insert(page, *range);
        if !set.pages.iter().any(|p| p == page) {
            out.push(missing_page(
                path,
                set,
                page,
                *range,
                "is in pages.order but",
                AL0301,
            ));
        }
    }
    let pages = root.get("pages");
    if let Some(v) = pages.and_then(|p| p.get("pdfLayoutName")) {
        if let Some(name) = v.as_str() {
            if !set.pages.iter().any(|p| p == name) {
                out.push(missing_page(
                    path,
                    set,
                    name,
                    v.content_range(),
                    "is the pdfLayoutName but",
                    AL0305,
                ));
            }
        }
    }
    for list in [
        pages.and_then(|p| p.get("excludeFromPdf")),
        root.get("excludeFromPdf"),
    ]
    .into_iter()
    .flatten()
    {
        for v in list.as_array().unwrap_or(&[]) {
            if let Some(name) = v.as_str() {
                if !set.pages.iter().any(|p| p == name) {
                    out.push(missing_page(
                        path,
                        set,
                        name,
                        v.content_range(),
                        "is in pages.excludeFromPdf but",
                        AL0304,
                    ));
                }
            }
        }
    }
    if let Some(list) = root
        .pointer(&["components", "excludeFromPdf"])
        .and_then(|l| l.as_array())
    {
        for v in list {
            let Some(id) = v.as_str() else { continue };
            if set.by_id.contains_key(id) {
                continue;
            }
            let mut msg = format!(
                "Component '{id}' is in components.excludeFromPdf but does not exist in layout set '{}'",
                set.id
            );
            let mut d;
            if let Some(s) = did_you_mean(id, set.components.iter().map(|c| c.id.as_str())) {
                msg.push_str(&format!("; did you mean '{s}'?"));
                d = Diagnostic::new(AL0304, path, v.content_range(), msg)
                    .with_fix(FixData::Replace(s.to_string()));
                if let Some(c) = set.component(s) {
                    d = d.with_related(&c.file, c.id_range, format!("'{s}' is defined here"));
                }
            } else {
                msg.push_str("; remove the entry");
                d = Diagnostic::new(AL0304, path, v.content_range(), msg);
            }
            out.push(d);
        }
    }
    for d in out {
        ctx.report(d);
    }
}

fn missing_page(
    path: &str,
    set: &SetInfo,
    page: &str,
    range: TextRange,
    what: &str,
    code: Code,
) -> Diagnostic {
    let file = set.layout_path(page);
    let mut msg = format!("Page '{page}' {what} has no layout file {file}");
    match did_you_mean(page, set.pages.iter().map(String::as_str)) {
        Some(s) => {
            msg.push_str(&format!("; did you mean '{s}'?"));
            let target = set.layout_path(s);
            Diagnostic::new(code, path, range, msg)
                .with_fix(FixData::Replace(s.to_string()))
                .with_related(
                    &target,
                    TextRange::new(0, 0),
                    format!("layout file of '{s}'"),
                )
        }
        None => {
            if set.pages.is_empty() {
                msg.push_str(" (the set has no layout files)");
            } else {
                msg.push_str(&format!(" (pages: {})", set.pages.join(", ")));
            }
            Diagnostic::new(code, path, range, msg)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_names() {
        assert!(super::valid_page_name("Side1"));
        assert!(super::valid_page_name("page_2-b"));
        assert!(!super::valid_page_name("a"));
        assert!(!super::valid_page_name("Side 1"));
        assert!(!super::valid_page_name("Sidenavnsomerveldigveldiglangt"));
        assert!(!super::valid_page_name("Søknad"));
    }
}
