//! Which app frontend and app backend an app runs, so that every rule can apply the contract of
//! that version.
//!
//! What decides it at runtime (read in the backend's `HomeController` / `IndexPageGenerator`):
//! an app with `views/Home/Index.cshtml` serves that page, and the page's `<script src>` names
//! the frontend (`…/altinn-app-frontend/3/…` or `/4/`, or a pinned `4.9.6`); an Altinn.App v9
//! app without it serves the frontend bundled in the Altinn.App.Api package (the "next"
//! frontend). The backend version is the `Altinn.App.Api` / `Altinn.App.Core` package version
//! in the project file. When neither file says, the app's own files give evidence (constructs
//! only frontend v3 reads, the task-named UI folders only v9 has); when there is none, the
//! current version of the app's layout format is assumed.

use super::{ComponentInfo, Era, FileKind, Generation};
use crate::source::SourceFile;
use crate::syntax::Json;
use crate::syntax::TextRange;
use std::collections::BTreeMap;

/// The app frontend generations whose contracts differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FrontendMajor {
    /// app-frontend-react 3.x (out of support).
    V3,
    /// app-frontend-react 4.x (backend v8).
    V4,
    /// The frontend bundled with Altinn.App v9 (task-named UI folders).
    Next,
}

impl FrontendMajor {
    pub fn as_str(self) -> &'static str {
        match self {
            FrontendMajor::V3 => "v3",
            FrontendMajor::V4 => "v4",
            FrontendMajor::Next => "next",
        }
    }
    /// The frontend named for a message: "app frontend v4", "the frontend bundled with v9".
    pub fn name(self) -> &'static str {
        match self {
            FrontendMajor::V3 => "app frontend v3",
            FrontendMajor::V4 => "app frontend v4",
            FrontendMajor::Next => "the app frontend bundled with Altinn.App v9",
        }
    }
}

/// How sure the detection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certainty {
    /// Named by the file the runtime reads (Index.cshtml, the project file).
    Declared,
    /// Inferred from what the app's files use.
    Inferred,
    /// Nothing says: the current version of the app's layout format.
    Assumed,
}

impl Certainty {
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::Declared => "declared",
            Certainty::Inferred => "inferred",
            Certainty::Assumed => "assumed",
        }
    }
}

/// A place in a file that shows the version.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub file: String,
    pub range: TextRange,
    /// What it shows, in words ("loads altinn-app-frontend/3").
    pub what: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FrontendVersion {
    pub major: FrontendMajor,
    pub certainty: Certainty,
    /// The version as written (`3`, `4.9.6`), when a file names it.
    pub written: Option<String>,
    /// Why this version, in words.
    pub reason: String,
    pub evidence: Option<Evidence>,
    /// Evidence pointing at another generation than `major` (used only when not declared).
    pub conflict: Option<Evidence>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BackendVersion {
    /// `Altinn.App.Api`, `Altinn.App.Core`, …
    pub package: String,
    /// As written (after resolving a `$(Property)`), e.g. `8.12.7`, `9.0.0-preview.4`, `*-*`.
    pub version: String,
    /// None when the version is not a number (`*-*`, an unresolved property).
    pub major: Option<u32>,
    pub file: String,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Versions {
    pub frontend: FrontendVersion,
    pub backend: Option<BackendVersion>,
}

impl Default for Versions {
    fn default() -> Self {
        Versions {
            frontend: FrontendVersion {
                major: FrontendMajor::V4,
                certainty: Certainty::Assumed,
                written: None,
                reason: "no file names the frontend".into(),
                evidence: None,
                conflict: None,
            },
            backend: None,
        }
    }
}

impl Versions {
    /// Altinn.App v9 with its bundled frontend, as an upgrade would leave the app (`why` says so).
    pub fn v9(why: &str) -> Versions {
        Versions {
            frontend: FrontendVersion {
                major: FrontendMajor::Next,
                certainty: Certainty::Declared,
                written: None,
                reason: why.to_string(),
                evidence: None,
                conflict: None,
            },
            backend: Some(BackendVersion {
                package: "Altinn.App.Api".into(),
                version: "9".into(),
                major: Some(9),
                file: String::new(),
                range: TextRange::empty(0),
            }),
        }
    }

    /// Whether rules that differ between frontend generations should only warn: the version is
    /// not declared and the app's files point both ways.
    pub fn frontend_in_doubt(&self) -> bool {
        self.frontend.certainty != Certainty::Declared && self.frontend.conflict.is_some()
    }

    pub fn backend_major(&self) -> Option<u32> {
        self.backend.as_ref().and_then(|b| b.major)
    }

    /// One line for `check -v` and the status bar: `frontend v3 (declared: …), backend 7.4.0`.
    pub fn describe(&self) -> String {
        let f = &self.frontend;
        let mut s = format!(
            "frontend {} ({}: {})",
            f.written
                .as_deref()
                .map(|w| format!("{} [{w}]", f.major.as_str()))
                .unwrap_or_else(|| f.major.as_str().to_string()),
            f.certainty.as_str(),
            f.reason
        );
        match &self.backend {
            Some(b) => s.push_str(&format!(", backend {} {}", b.package, b.version)),
            None => s.push_str(", backend unknown (no Altinn.App package reference found)"),
        }
        s
    }
}

/// Path of the legacy index page, relative to the app folder.
pub const INDEX_PAGE: &str = "views/Home/Index.cshtml";

/// Reads the versions from the app's files. `components` are every layout component of the
/// app (for evidence of the generation when no file names it).
pub fn detect<'a>(
    files: &BTreeMap<String, SourceFile>,
    generation: Option<Generation>,
    components: impl Iterator<Item = &'a ComponentInfo>,
) -> Versions {
    let backend = files
        .iter()
        .filter(|(_, f)| f.kind == FileKind::ProjectFile)
        .find_map(|(p, f)| backend_version(p, &f.text));
    let index = files.get(INDEX_PAGE).map(|f| index_frontend(&f.text));
    let (mut v3, mut v4) = (None, None);
    for c in components {
        let slot = match c.era {
            Some(Era::V3Only(what)) => (&mut v3, what, "only app frontend v3 reads"),
            Some(Era::V4Plus(what)) => (&mut v4, what, "app frontend v3 does not know"),
            None => continue,
        };
        if slot.0.is_none() {
            *slot.0 = Some(Evidence {
                file: c.file.clone(),
                range: c.ty_range,
                what: format!("'{}' uses {}, which {}", c.id, slot.1, slot.2),
            });
        }
        if v3.is_some() && v4.is_some() {
            break;
        }
    }
    let frontend = frontend_version(index, backend.as_ref(), generation, v3, v4);
    Versions { frontend, backend }
}

/// The frontend generation a component's JSON shows, if any: constructs frontend v4 removed or
/// renamed (its `cleanLayout` migrations and the v3→v4 upgrade tool name them), and component
/// types v4 introduced.
pub fn era_of(c: &Json) -> Option<Era> {
    // One pass over the component's keys (this runs for every component of every page).
    let (mut ty, mut mode, mut edit, mut panel, mut triggers) = ("", None, None, None, false);
    for m in c.as_object().unwrap_or(&[]) {
        match m.key.as_str() {
            "type" => ty = m.value.as_str().unwrap_or(""),
            "mode" => mode = m.value.as_str(),
            "edit" => edit = Some(&m.value),
            "panel" => panel = Some(&m.value),
            "triggers" => triggers = true,
            _ => {}
        }
    }
    let v3 = if ty.eq_ignore_ascii_case("AddressComponent") {
        Some("the type 'AddressComponent' (v4: 'Address')")
    } else if ty.eq_ignore_ascii_case("Group")
        && edit.and_then(|e| e.get_str("mode")) == Some("likert")
    {
        Some("a Group with edit.mode 'likert' (v4: the Likert component)")
    } else if mode == Some("go-to-task") {
        Some("Button mode 'go-to-task'")
    } else if triggers {
        Some("'triggers' (v4: showValidations)")
    } else if panel.and_then(|p| p.get("groupReference")).is_some() {
        Some("panel.groupReference")
    } else if edit.and_then(|e| e.get("filter")).is_some() {
        Some("edit.filter")
    } else {
        None
    };
    if let Some(what) = v3 {
        return Some(Era::V3Only(what));
    }
    const V4_TYPES: &[&str] = &[
        "RepeatingGroup",
        "Summary2",
        "Subform",
        "Tabs",
        "Cards",
        "Number",
        "Text",
        "Payment",
        "PaymentDetails",
        "CustomButton",
        "Audio",
        "Video",
    ];
    V4_TYPES
        .iter()
        .find(|t| t.eq_ignore_ascii_case(ty))
        .map(|_| Era::V4Plus("a component type new in frontend v4"))
}

/// What `Index.cshtml` loads: `Some((major, written, range))` for the CDN's
/// `altinn-app-frontend/<version>/` path, `None` for another script (a local build, a custom URL).
fn index_frontend(text: &str) -> Option<(FrontendMajor, String, TextRange)> {
    const MARK: &str = "altinn-app-frontend/";
    let mut from = 0;
    while let Some(i) = text[from..].find(MARK) {
        let start = from + i + MARK.len();
        let rest = &text[start..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            .unwrap_or(rest.len());
        let written = &rest[..len];
        from = start;
        // Only a version segment followed by a path (`/3/altinn-app-frontend.js`).
        if len == 0 || !rest[len..].starts_with('/') {
            continue;
        }
        let major = match written
            .split('.')
            .next()
            .and_then(|m| m.parse::<u32>().ok())
        {
            Some(3) => FrontendMajor::V3,
            Some(4) => FrontendMajor::V4,
            Some(n) if n >= 5 => FrontendMajor::Next,
            _ => continue,
        };
        let range = TextRange::new(start as u32, (start + len) as u32);
        return Some((major, written.to_string(), range));
    }
    None
}

fn frontend_version(
    index: Option<Option<(FrontendMajor, String, TextRange)>>,
    backend: Option<&BackendVersion>,
    generation: Option<Generation>,
    v3_construct: Option<Evidence>,
    v4_construct: Option<Evidence>,
) -> FrontendVersion {
    let backend_major = backend.and_then(|b| b.major);
    if let Some(Some((major, written, range))) = &index {
        return FrontendVersion {
            major: *major,
            certainty: Certainty::Declared,
            written: Some(written.clone()),
            reason: format!("{INDEX_PAGE} loads altinn-app-frontend/{written}"),
            evidence: Some(Evidence {
                file: INDEX_PAGE.into(),
                range: *range,
                what: format!("loads altinn-app-frontend/{written}"),
            }),
            conflict: None,
        };
    }
    let custom = matches!(index, Some(None));
    // Without an index page, Altinn.App v9 serves the frontend it bundles.
    if !custom && index.is_none() && backend_major.is_some_and(|m| m >= 9) {
        let b = backend.expect("major implies backend");
        return FrontendVersion {
            major: FrontendMajor::Next,
            certainty: Certainty::Declared,
            written: None,
            reason: format!(
                "no {INDEX_PAGE}: {} {} serves its bundled frontend",
                b.package, b.version
            ),
            evidence: Some(Evidence {
                file: b.file.clone(),
                range: b.range,
                what: format!("{} {}", b.package, b.version),
            }),
            conflict: None,
        };
    }
    let prefix = if custom {
        format!("{INDEX_PAGE} loads a frontend build that is not on the CDN; ")
    } else {
        String::new()
    };
    let backend_evidence = |b: &BackendVersion, what: String| Evidence {
        file: b.file.clone(),
        range: b.range,
        what,
    };
    // Evidence of a generation after v3: a v4+ construct, or a backend of v8+.
    let later = v4_construct.clone().or_else(|| {
        backend
            .filter(|b| b.major.is_some_and(|m| m >= 8))
            .map(|b| {
                backend_evidence(
                    b,
                    format!("{} {} runs frontend v4 or later", b.package, b.version),
                )
            })
    });
    let current = if generation == Some(Generation::UiFolders) {
        FrontendMajor::Next
    } else {
        FrontendMajor::V4
    };
    let old_backend = backend.filter(|b| b.major.is_some_and(|m| m <= 7));
    let (major, certainty, reason, evidence, conflict) = if let Some(b) = old_backend {
        // A backend before v8 cannot run frontend v4.
        let what = format!(
            "{} {} predates frontend v4, which needs backend v8",
            b.package, b.version
        );
        (
            FrontendMajor::V3,
            Certainty::Inferred,
            format!("{prefix}{what}"),
            Some(backend_evidence(b, what)),
            v4_construct,
        )
    } else if let Some(v3) = v3_construct {
        if later.is_none() && current == FrontendMajor::V4 {
            (
                FrontendMajor::V3,
                Certainty::Inferred,
                format!("{prefix}{}", v3.what),
                Some(v3),
                None,
            )
        } else {
            // Both ways: the current generation of the layout format, in doubt.
            let reason = match &later {
                Some(l) => l.what.clone(),
                None => "task-named UI folders are the layout of v9 and its frontend".into(),
            };
            (
                current,
                if later.is_some() {
                    Certainty::Inferred
                } else {
                    Certainty::Assumed
                },
                format!("{prefix}{reason}"),
                later,
                Some(v3),
            )
        }
    } else if current == FrontendMajor::Next {
        (
            current,
            Certainty::Assumed,
            format!("{prefix}task-named UI folders are the layout of v9 and its frontend"),
            None,
            None,
        )
    } else {
        (
            current,
            Certainty::Assumed,
            format!("{prefix}no file names the frontend; the current one for this layout format"),
            None,
            None,
        )
    };
    FrontendVersion {
        major,
        certainty,
        written: None,
        reason,
        evidence,
        conflict,
    }
}

/// The Altinn.App package the project references, with its version. `Altinn.App.Api` first,
/// then `Altinn.App.Core`, then the v1–v4 `Altinn.App.Common` / `Altinn.App.PlatformServices`.
pub fn backend_version(path: &str, text: &str) -> Option<BackendVersion> {
    const PACKAGES: &[&str] = &[
        "Altinn.App.Api",
        "Altinn.App.Api.Experimental",
        "Altinn.App.Core",
        "Altinn.App.Common",
        "Altinn.App.PlatformServices",
    ];
    let refs = package_refs(text);
    PACKAGES.iter().find_map(|p| {
        let (name, version, range) = refs.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(p))?;
        let resolved = resolve_property(text, version).unwrap_or_else(|| version.clone());
        // NuGet ranges: `[9.0.0-preview.4]`, `[8.0.0, 9.0.0)`: the lower bound.
        let resolved = resolved
            .trim_start_matches(['[', '('])
            .split(',')
            .next()
            .unwrap_or("")
            .trim_end_matches([']', ')'])
            .trim()
            .to_string();
        let major = resolved
            .split(['.', '-'])
            .next()
            .and_then(|m| m.parse::<u32>().ok());
        Some(BackendVersion {
            package: name.clone(),
            version: resolved,
            major,
            file: path.to_string(),
            range: *range,
        })
    })
}

/// `<PackageReference Include="X" Version="V" />` (or a nested `<Version>V</Version>`):
/// (name, version, range of the version text).
fn package_refs(text: &str) -> Vec<(String, String, TextRange)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("<PackageReference") {
        let start = from + i;
        let Some(tag_end) = text[start..].find('>').map(|e| start + e) else {
            break;
        };
        from = tag_end;
        let tag = &text[start..tag_end];
        let Some((name, _)) = attr(tag, "Include") else {
            continue;
        };
        if let Some((v, at)) = attr(tag, "Version") {
            let s = start + at;
            out.push((
                name,
                v,
                TextRange::new(s as u32, (s + v_len(tag, at)) as u32),
            ));
        } else if !tag.ends_with('/') {
            // Nested element form.
            let body_end = text[tag_end..]
                .find("</PackageReference")
                .map_or(text.len(), |e| tag_end + e);
            let body = &text[tag_end..body_end];
            if let Some(vs) = body.find("<Version>") {
                let s = tag_end + vs + "<Version>".len();
                if let Some(ve) = text[s..body_end].find('<') {
                    let v = text[s..s + ve].trim().to_string();
                    out.push((name, v, TextRange::new(s as u32, (s + ve) as u32)));
                }
            }
        }
    }
    out
}

fn v_len(tag: &str, at: usize) -> usize {
    tag[at..].find('"').unwrap_or(0)
}

/// An attribute's value and the offset of the value in `tag`.
fn attr(tag: &str, name: &str) -> Option<(String, usize)> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = tag[..at].ends_with(|c: char| c.is_whitespace());
        let rest = tag[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value_start = tag.len() - rest.len() + 1;
        let end = tag[value_start..].find(quote)?;
        return Some((tag[value_start..value_start + end].to_string(), value_start));
    }
    None
}

/// `$(Name)` → the `<Name>value</Name>` property of the same project file.
fn resolve_property(text: &str, version: &str) -> Option<String> {
    let name = version.strip_prefix("$(")?.strip_suffix(')')?;
    let open = format!("<{name}>");
    let s = text.find(&open)? + open.len();
    let e = text[s..].find('<')?;
    Some(text[s..s + e].trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_frontend_from_the_index_page() {
        let cdn = r#"<script src="https://altinncdn.no/toolkits/altinn-app-frontend/3/altinn-app-frontend.js"></script>"#;
        let (m, w, _) = index_frontend(cdn).unwrap();
        assert_eq!((m, w.as_str()), (FrontendMajor::V3, "3"));
        let pinned = "<link href=\"https://altinncdn.no/toolkits/altinn-app-frontend/4.9.6/altinn-app-frontend.css\">";
        let (m, w, _) = index_frontend(pinned).unwrap();
        assert_eq!((m, w.as_str()), (FrontendMajor::V4, "4.9.6"));
        assert_eq!(
            index_frontend(r#"<script src="http://localhost:8080/altinn-app-frontend.js">"#),
            None
        );
    }

    #[test]
    fn reads_the_backend_from_the_project_file() {
        let p = r#"<Project><ItemGroup>
    <PackageReference Include="Altinn.App.Core" Version="7.4.0" />
    <PackageReference Include="Altinn.App.Api" Version="7.4.0">
      <CopyToOutputDirectory>lib</CopyToOutputDirectory>
    </PackageReference></ItemGroup></Project>"#;
        let b = backend_version("App.csproj", p).unwrap();
        assert_eq!(
            (b.package.as_str(), b.version.as_str(), b.major),
            ("Altinn.App.Api", "7.4.0", Some(7))
        );
        assert_eq!(&p[b.range.start as usize..b.range.end as usize], "7.4.0");

        let var = r#"<Project><PropertyGroup><AltinnVersion>9.0.0-preview.4</AltinnVersion></PropertyGroup>
<ItemGroup><PackageReference Include="Altinn.App.Api"><Version>$(AltinnVersion)</Version></PackageReference></ItemGroup></Project>"#;
        let b = backend_version("App.csproj", var).unwrap();
        assert_eq!((b.version.as_str(), b.major), ("9.0.0-preview.4", Some(9)));

        let range = r#"<PackageReference Include="Altinn.App.Api" Version="[9.0.0-preview.4]" />"#;
        assert_eq!(backend_version("App.csproj", range).unwrap().major, Some(9));
        let star = r#"<PackageReference Include="Altinn.App.Api" Version="*-*" />"#;
        assert_eq!(backend_version("App.csproj", star).unwrap().major, None);
        assert!(backend_version("App.csproj", "<Project/>").is_none());
    }

    #[test]
    fn evidence_without_an_index_page() {
        let v3 = Evidence {
            file: "ui/layouts/A.json".into(),
            range: TextRange::new(0, 1),
            what: "x".into(),
        };
        let backend = |v: &str, major| BackendVersion {
            package: "Altinn.App.Api".into(),
            version: v.into(),
            major,
            file: "App.csproj".into(),
            range: TextRange::new(0, 1),
        };
        let f = frontend_version(None, None, Some(Generation::LayoutSets), None, None);
        assert_eq!(
            (f.major, f.certainty),
            (FrontendMajor::V4, Certainty::Assumed)
        );
        let f = frontend_version(None, None, Some(Generation::UiFolders), None, None);
        assert_eq!(f.major, FrontendMajor::Next);
        let f = frontend_version(None, Some(&backend("9.0.0", Some(9))), None, None, None);
        assert_eq!(
            (f.major, f.certainty),
            (FrontendMajor::Next, Certainty::Declared)
        );
        let f = frontend_version(None, Some(&backend("7.1.0", Some(7))), None, None, None);
        assert_eq!(
            (f.major, f.certainty),
            (FrontendMajor::V3, Certainty::Inferred)
        );
        let f = frontend_version(None, None, Some(Generation::Legacy), Some(v3.clone()), None);
        assert_eq!(
            (f.major, f.certainty),
            (FrontendMajor::V3, Certainty::Inferred)
        );
        assert!(f.conflict.is_none());
        // A v3 construct next to a backend of v8 or a v4 component type: the current
        // generation, in doubt.
        let f = frontend_version(
            None,
            Some(&backend("8.1.0", Some(8))),
            Some(Generation::Legacy),
            Some(v3.clone()),
            None,
        );
        assert_eq!(f.major, FrontendMajor::V4);
        assert!(
            f.conflict.is_some(),
            "backend 8 and a v3 construct disagree"
        );
        let f = frontend_version(
            None,
            None,
            Some(Generation::LayoutSets),
            Some(v3.clone()),
            Some(v3.clone()),
        );
        assert_eq!(f.major, FrontendMajor::V4);
        assert!(f.conflict.is_some());
        // A backend before v8 runs v3; a v4 component type then is in doubt.
        let f = frontend_version(
            None,
            Some(&backend("7.1.0", Some(7))),
            Some(Generation::LayoutSets),
            None,
            Some(v3),
        );
        assert_eq!(f.major, FrontendMajor::V3);
        assert!(f.conflict.is_some());
        // An index page on the CDN wins over everything else.
        let idx = Some(Some((
            FrontendMajor::V4,
            "4".to_string(),
            TextRange::new(0, 1),
        )));
        let f = frontend_version(idx, Some(&backend("9.0.0", Some(9))), None, None, None);
        assert_eq!(
            (f.major, f.certainty),
            (FrontendMajor::V4, Certainty::Declared)
        );
    }
}
