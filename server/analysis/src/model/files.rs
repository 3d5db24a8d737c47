//! Which file is what, from its path relative to the app folder (`App/`).

/// Paths are relative to the app folder, with forward slashes: `ui/form/layouts/Page1.json`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FileKind {
    AppMetadata,
    TextResource {
        lang: String,
    },
    Process,
    Policy,
    /// `models/<name>.schema.json`
    DataModelSchema {
        name: String,
    },
    /// `models/<name>.xsd`
    DataModelXsd {
        name: String,
    },
    /// `models/<name>.validation.json`
    Validation {
        name: String,
    },
    /// `options/<id>.json`
    OptionList {
        id: String,
    },
    LayoutSets,
    Footer,
    /// `ui/Settings.json`: page settings of a legacy single-set app, global settings otherwise.
    RootSettings,
    /// `ui/<folder>/Settings.json` (folder "" never occurs here: that is `RootSettings`).
    LayoutSettings {
        folder: String,
    },
    /// `ui/<folder>/layouts/<page>.json`; folder "" is the legacy `ui/layouts/`.
    Layout {
        folder: String,
        page: String,
    },
    RuleConfiguration {
        folder: String,
    },
    RuleHandler {
        folder: String,
    },
    /// C# sources: scanned for option and data list providers.
    CSharp,
    /// `appsettings*.json`: `FrontEndSettings` for `frontendSettings()`.
    AppSettings,
    /// `ui/settings.json` or `ui/<folder>/SETTINGS.json`: found on Windows and macOS, not by
    /// the runtime on Linux, which looks for `Settings.json`.
    MiscasedSettings,
    /// A `.json` file in `config/texts/` not named `resource.<lang>.json` (`text.en.json`,
    /// `en.texts.json`): the backend reads texts only by that name, so never this file.
    StrayTexts,
    /// `views/Home/Index.cshtml`: the page that loads the app frontend (before v9).
    IndexPage,
    /// `*.csproj` in the app folder: the Altinn.App package versions.
    ProjectFile,
    Other,
}

impl FileKind {
    pub fn classify(path: &str) -> FileKind {
        let parts: Vec<&str> = path.split('/').collect();
        let file = parts.last().copied().unwrap_or("");
        match parts.as_slice() {
            ["config", "applicationmetadata.json"] => FileKind::AppMetadata,
            ["config", "texts", f] => match f
                .strip_prefix("resource.")
                .and_then(|s| s.strip_suffix(".json"))
            {
                Some(lang) => FileKind::TextResource {
                    lang: lang.to_string(),
                },
                None if f.ends_with(".json") => FileKind::StrayTexts,
                None => FileKind::Other,
            },
            ["config", "process", "process.bpmn"] => FileKind::Process,
            ["config", "authorization", "policy.xml"] => FileKind::Policy,
            ["models", f] => {
                if let Some(n) = f.strip_suffix(".schema.json") {
                    FileKind::DataModelSchema {
                        name: n.to_string(),
                    }
                } else if let Some(n) = f.strip_suffix(".validation.json") {
                    FileKind::Validation {
                        name: n.to_string(),
                    }
                } else if let Some(n) = f.strip_suffix(".xsd") {
                    FileKind::DataModelXsd {
                        name: n.to_string(),
                    }
                } else if f.ends_with(".cs") {
                    FileKind::CSharp
                } else {
                    FileKind::Other
                }
            }
            ["options", f] if f.ends_with(".json") => FileKind::OptionList {
                id: f.trim_end_matches(".json").to_string(),
            },
            ["ui", "layout-sets.json"] => FileKind::LayoutSets,
            ["ui", "footer.json"] => FileKind::Footer,
            ["ui", "Settings.json"] => FileKind::RootSettings,
            ["ui", "RuleConfiguration.json"] => FileKind::RuleConfiguration {
                folder: String::new(),
            },
            ["ui", "RuleHandler.js"] => FileKind::RuleHandler {
                folder: String::new(),
            },
            // The single layout of the oldest apps: the backend reads it instead of `ui/layouts/`.
            ["ui", "FormLayout.json"] => FileKind::Layout {
                folder: String::new(),
                page: "FormLayout".to_string(),
            },
            ["ui", f] | ["ui", _, f]
                if *f != "Settings.json" && f.eq_ignore_ascii_case("Settings.json") =>
            {
                FileKind::MiscasedSettings
            }
            ["ui", "layouts", p] if p.ends_with(".json") => FileKind::Layout {
                folder: String::new(),
                page: p.trim_end_matches(".json").to_string(),
            },
            ["ui", folder, "Settings.json"] => FileKind::LayoutSettings {
                folder: folder.to_string(),
            },
            ["ui", folder, "RuleConfiguration.json"] => FileKind::RuleConfiguration {
                folder: folder.to_string(),
            },
            ["ui", folder, "RuleHandler.js"] => FileKind::RuleHandler {
                folder: folder.to_string(),
            },
            ["ui", folder, "layouts", p] if p.ends_with(".json") => FileKind::Layout {
                folder: folder.to_string(),
                page: p.trim_end_matches(".json").to_string(),
            },
            [f] if f.starts_with("appsettings") && f.ends_with(".json") => FileKind::AppSettings,
            ["views", "Home", "Index.cshtml"] => FileKind::IndexPage,
            [f] if f.ends_with(".csproj") => FileKind::ProjectFile,
            _ if file.ends_with(".cs") => FileKind::CSharp,
            _ => FileKind::Other,
        }
    }

    /// Whether the analysis wants this file at all (the loaders skip the rest).
    pub fn is_relevant(path: &str) -> bool {
        !matches!(FileKind::classify(path), FileKind::Other)
    }

    pub fn syntax(&self) -> Syntax {
        match self {
            FileKind::Process | FileKind::Policy | FileKind::DataModelXsd { .. } => Syntax::Xml,
            FileKind::RuleHandler { .. } => Syntax::Js,
            FileKind::CSharp
            | FileKind::IndexPage
            | FileKind::ProjectFile
            | FileKind::MiscasedSettings
            | FileKind::StrayTexts
            | FileKind::Other => Syntax::Text,
            _ => Syntax::Json,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Xml,
    Js,
    Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        assert_eq!(
            FileKind::classify("ui/form/layouts/Side1.json"),
            FileKind::Layout {
                folder: "form".into(),
                page: "Side1".into()
            }
        );
        assert_eq!(
            FileKind::classify("ui/layouts/Side1.json"),
            FileKind::Layout {
                folder: "".into(),
                page: "Side1".into()
            }
        );
        assert_eq!(
            FileKind::classify("config/texts/resource.nb.json"),
            FileKind::TextResource { lang: "nb".into() }
        );
        assert_eq!(
            FileKind::classify("models/model.schema.json"),
            FileKind::DataModelSchema {
                name: "model".into()
            }
        );
        assert_eq!(
            FileKind::classify("ui/Settings.json"),
            FileKind::RootSettings
        );
        assert_eq!(
            FileKind::classify("logic/Options/Provider.cs"),
            FileKind::CSharp
        );
        assert_eq!(FileKind::classify("wwwroot/x.js"), FileKind::Other);
        assert_eq!(
            FileKind::classify("ui/FormLayout.json"),
            FileKind::Layout {
                folder: "".into(),
                page: "FormLayout".into()
            }
        );
        assert_eq!(
            FileKind::classify("ui/settings.json"),
            FileKind::MiscasedSettings
        );
        assert_eq!(
            FileKind::classify("ui/form/settings.json"),
            FileKind::MiscasedSettings
        );
        assert_eq!(
            FileKind::classify("ui/form/Settings.json"),
            FileKind::LayoutSettings {
                folder: "form".into()
            }
        );
        assert_eq!(
            FileKind::classify("views/Home/Index.cshtml"),
            FileKind::IndexPage
        );
        assert_eq!(FileKind::classify("App.csproj"), FileKind::ProjectFile);
    }
}
