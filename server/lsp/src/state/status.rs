//! `altinn/status`: the apps, their generation, data models and versions, and health.
//! The editors read these fields (VS Code: `editors/vscode/src/format.ts`, `StatusParams`).

use super::*;
use serde::{Deserialize, Serialize};

/// The parameters of `altinn/status` (Deserialize only because a notification's type must
/// read back too).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusParams {
    pub health: Health,
    pub apps: Vec<AppStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    Ok,
    Busy,
    Error,
}

/// One app: where it is and what it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// The repository folder.
    pub root: String,
    pub app_dir: String,
    /// `layout-sets`, `ui-folders` or `legacy`; null when the app has no UI yet.
    pub generation: Option<String>,
    pub data_models: Vec<String>,
    pub versions: VersionsStatus,
}

/// The app's versions: what the editors show in their status bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionsStatus {
    pub frontend: FrontendStatus,
    pub backend: Option<BackendStatus>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FrontendStatus {
    /// `v3`, `v4` or `next`.
    pub major: String,
    pub written: Option<String>,
    /// `declared`, `inferred` or `assumed`.
    pub certainty: String,
    pub reason: String,
    pub in_doubt: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackendStatus {
    pub package: String,
    pub version: String,
    pub major: Option<u32>,
}

impl State {
    pub(super) fn status(&self, health: Health, message: Option<&str>) -> StatusParams {
        let apps = self
            .apps
            .iter()
            .map(|a| {
                let m = a.db.model();
                AppStatus {
                    root: a.loc.repo.display().to_string(),
                    app_dir: a.loc.app_dir.display().to_string(),
                    generation: m.generation.map(|g| g.as_str().to_string()),
                    data_models: m.data_models.keys().cloned().collect(),
                    versions: versions_status(&m.versions),
                }
            })
            .collect();
        StatusParams {
            health,
            apps,
            message: message.map(str::to_string),
        }
    }

    pub(super) fn send_status_now(&mut self, health: Health, message: Option<&str>) {
        let v = self.status(health, message);
        self.last_status = Some(v.clone());
        self.send(Out::Status(v));
    }

    /// Sends `altinn/status` when it differs from the last one sent.
    pub fn send_status(&mut self) {
        let errors: Vec<&str> = self.config_errors.values().map(String::as_str).collect();
        let joined = errors.join("; ");
        let (health, msg) = if !errors.is_empty() {
            (Health::Error, Some(joined.as_str()))
        } else if self.apps.is_empty() {
            (Health::Ok, Some("No Altinn app found in the workspace"))
        } else {
            (Health::Ok, None)
        };
        let v = self.status(health, msg);
        if self.last_status.as_ref() != Some(&v) {
            self.last_status = Some(v.clone());
            self.send(Out::Status(v));
        }
    }
}

fn versions_status(v: &altinn_analysis::model::Versions) -> VersionsStatus {
    let f = &v.frontend;
    VersionsStatus {
        frontend: FrontendStatus {
            major: f.major.as_str().to_string(),
            written: f.written.clone(),
            certainty: f.certainty.as_str().to_string(),
            reason: f.reason.clone(),
            in_doubt: v.frontend_in_doubt(),
        },
        backend: v.backend.as_ref().map(|b| BackendStatus {
            package: b.package.clone(),
            version: b.version.clone(),
            major: b.major,
        }),
        summary: v.describe(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape the editors read (VS Code `format.ts`: StatusParams, AppInfo, VersionsInfo).
    #[test]
    fn status_serializes_to_the_shape_the_editors_read() {
        let s = StatusParams {
            health: Health::Ok,
            apps: vec![AppStatus {
                root: "/r".into(),
                app_dir: "/r/App".into(),
                generation: None,
                data_models: vec!["model".into()],
                versions: VersionsStatus {
                    frontend: FrontendStatus {
                        major: "v4".into(),
                        written: Some("4".into()),
                        certainty: "declared".into(),
                        reason: "why".into(),
                        in_doubt: false,
                    },
                    backend: Some(BackendStatus {
                        package: "Altinn.App.Api".into(),
                        version: "8.0.0".into(),
                        major: Some(8),
                    }),
                    summary: "sum".into(),
                },
            }],
            message: None,
        };
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"health":"ok","apps":[{"root":"/r","appDir":"/r/App","generation":null,"dataModels":["model"],"versions":{"frontend":{"major":"v4","written":"4","certainty":"declared","reason":"why","inDoubt":false},"backend":{"package":"Altinn.App.Api","version":"8.0.0","major":8},"summary":"sum"}}]}"#
        );
        let busy = StatusParams {
            health: Health::Busy,
            apps: vec![],
            message: Some("Loading apps".into()),
        };
        assert_eq!(
            serde_json::to_string(&busy).unwrap(),
            r#"{"health":"busy","apps":[],"message":"Loading apps"}"#
        );
    }
}
