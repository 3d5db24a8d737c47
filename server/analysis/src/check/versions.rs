//! AL0010-AL0019: the app frontend and backend versions the app runs (`model::versions`):
//! versions out of support, and evidence that points both ways. The other families read the
//! versions to apply the contract of the app's version; [`in_doubt`] softens their
//! version-dependent errors when the version is not known.

use super::codes::declare_codes;
use super::codes::{
    AL0107, AL0108, AL0110, AL0112, AL0119, AL0121, AL0201, AL0504, AL0506, AL0651, AL1001, AL1016,
    AL1022,
};
use super::Ctx;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Certainty, FrontendMajor};

pub const GROUNDS: &str = "The app backend (Altinn.App.Api `HomeController.Index`; in v9 \
`IndexPageGenerator`) serves `views/Home/Index.cshtml` when the app has one, and that page's \
script names the frontend (`altinncdn.no/toolkits/altinn-app-frontend/<major or version>/`); \
an Altinn.App v9 app without it gets the frontend bundled in the Altinn.App.Api package. The \
backend version is the `Altinn.App.Api` / `Altinn.App.Core` `PackageReference` of the project \
file (as Altinn's own tools read it: studioctl's upgrade project checks, the frontend's \
test-app scanner). Frontend v3 (last release 3.68, August 2024) and backend v7 (last release \
7.15, January 2024) no longer get releases; Altinn's studioctl upgrades them with `app upgrade \
frontend-v4` and `app upgrade backend-v8`. Without an index page or project file, constructs \
that frontend v4 removed (the `AddressComponent` type, likert Groups, `triggers`, \
`panel.groupReference`, `edit.filter`, Button `go-to-task`) or introduced (RepeatingGroup, \
Summary2, Subform, …) are the evidence. The UI layout must match the backend (AL0013): v8 \
(AppResourcesSI.GetLayoutSets / GetLayoutSet) reads `ui/layout-sets.json` and without it the \
single `ui/layouts` folder, so task-named folders alone are never read; v9 (altinn-studio \
`src/App/backend`) no longer reads `layout-sets.json` and finds a task's UI in `ui/<task id>/`.";

declare_codes! {
    AL0010 Warning "The app runs app frontend v3, which is out of support",
    AL0011 Warning "The app runs an app backend (Altinn.App) before v8, which is out of support",
    AL0013 Error "The Altinn.App version does not read the app's UI layout: v8 with task-named UI folders and no ui/layout-sets.json, or v9 with layout sets in folders not named after their task (a warning when they are)",
    AL0012 Information "The frontend version is not declared and the app's files point to two generations: version-dependent rules warn instead of erroring",
}

/// Codes whose error depends on the frontend generation: while the version is in doubt
/// ([`crate::model::Versions::frontend_in_doubt`]) they are warnings. (AL0106 decides per type:
/// a type no generation knows stays an error.)
const VERSION_DEPENDENT: &[Code] = &[
    AL0107, AL0108, AL0110, AL0112, AL0119, AL0121, AL0201, AL0504, AL0506, AL0651, AL1001, AL1016,
    AL1022,
];

/// Softens the version-dependent errors of one file while the frontend version is in doubt.
pub fn in_doubt(ctx: &mut Ctx<'_>) {
    let v = &ctx.model.versions;
    if !v.frontend_in_doubt() {
        return;
    }
    let why = format!(
        "the app does not declare its frontend version, and it is not clear: {}",
        v.frontend.reason
    );
    for d in &mut ctx.out {
        if d.severity == Severity::Error && VERSION_DEPENDENT.contains(&d.code) {
            d.soften(&why);
        }
    }
}

pub fn check(ctx: &mut Ctx<'_>) {
    let v = &ctx.model.versions;
    let path = ctx.path();
    let f = &v.frontend;
    if f.major == FrontendMajor::V3 && f.conflict.is_none() {
        if let Some(e) = f.evidence.as_ref().filter(|e| e.file == path) {
            let how = match f.certainty {
                Certainty::Declared => "runs",
                _ => "looks like it runs",
            };
            ctx.report(Diagnostic::new(
                AL0010,
                path,
                e.range,
                format!(
                    "The app {how} app frontend v3 ({}), which no longer gets releases; \
                     upgrade with `studioctl app upgrade frontend-v4`. Rules of v4 that v3 does \
                     not have are not applied",
                    f.reason
                ),
            ));
        }
    }
    if let Some(b) = v.backend.as_ref().filter(|b| b.file == path) {
        if b.major.is_some_and(|m| m <= 7) {
            ctx.report(Diagnostic::new(
                AL0011,
                path,
                b.range,
                format!(
                    "{} {} is out of support (backend v7 and older no longer get releases); \
                     upgrade with `studioctl app upgrade backend-v8`",
                    b.package, b.version
                ),
            ));
        }
    }
    if let Some(b) = v.backend.as_ref().filter(|b| b.file == path) {
        layout_matches_backend(ctx, b);
    }
    if v.frontend_in_doubt() {
        if let Some(c) = f.conflict.as_ref().filter(|c| c.file == path) {
            let d = Diagnostic::new(
                AL0012,
                path,
                c.range,
                format!(
                    "Which app frontend runs this app is not declared (no {} names it), and the \
                     files disagree: {}, while {}. Checking with frontend {} rules; where the \
                     versions differ, errors are warnings",
                    crate::model::versions::INDEX_PAGE,
                    c.what,
                    f.reason,
                    f.major.as_str()
                ),
            );
            let d = match &f.evidence {
                Some(e) => d.with_related(&e.file, e.range, e.what.clone()),
                None => d,
            };
            ctx.report(d);
        }
    }
}

/// AL0013 at the package version: the UI layout this backend reads is not the app's.
fn layout_matches_backend(ctx: &mut Ctx<'_>, b: &crate::model::versions::BackendVersion) {
    use crate::model::Generation;
    let Some(major) = b.major else { return };
    let m = ctx.model;
    let has_sets_file = ctx.db.file("ui/layout-sets.json").is_some();
    let path = ctx.path();
    if major <= 8 && m.generation == Some(Generation::UiFolders) && !has_sets_file {
        ctx.report(Diagnostic::new(
            AL0013,
            path,
            b.range,
            format!(
                "{} {} reads the app's layout sets from ui/layout-sets.json (and without it only ui/layouts), but this app has task-named UI folders and no layout-sets.json, the layout of Altinn.App v9: its forms are not found. Reference the v9 packages, or add ui/layout-sets.json",
                b.package, b.version
            ),
        ));
    }
    if major >= 9 && has_sets_file && m.generation == Some(Generation::LayoutSets) {
        let tasks: Vec<&str> = m
            .process
            .as_ref()
            .map(|p| p.tasks().map(|t| t.id.as_str()).collect())
            .unwrap_or_default();
        let stateless = m.on_entry_show.as_ref().map(|(s, _)| s.as_str());
        let misnamed: Vec<&str> = m
            .sets
            .iter()
            .filter(|s| !s.subform && Some(s.id.as_str()) != stateless)
            .filter(|s| !s.tasks.is_empty() && !tasks.contains(&s.folder.as_str()))
            .map(|s| s.folder.as_str())
            .collect();
        let mut d = Diagnostic::new(
            AL0013,
            path,
            b.range,
            format!(
                "{} {} does not read ui/layout-sets.json: it finds each task's UI in ui/<task id>/{}; `studioctl app upgrade v9` moves the layout sets",
                b.package,
                b.version,
                if misnamed.is_empty() {
                    String::from(" (every set's folder is already named after its task, so only the file is unused)")
                } else {
                    format!(", so the folder{} {} {} not found", if misnamed.len() > 1 { "s" } else { "" }, misnamed.join(", "), if misnamed.len() > 1 { "are" } else { "is" })
                }
            ),
        );
        if misnamed.is_empty() {
            d = d.with_severity(Severity::Warning);
        }
        ctx.report(d);
    }
}
