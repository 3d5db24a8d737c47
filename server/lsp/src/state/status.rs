//! `altinn/status`: the apps, their generation, data models and versions, and health.

use super::*;

impl State {
    pub(super) fn status_value(&self, health: &str, message: Option<&str>) -> Value {
        let apps: Vec<Value> = self
            .apps
            .iter()
            .map(|a| {
                let m = a.db.model();
                json!({
                    "root": a.loc.repo.display().to_string(),
                    "appDir": a.loc.app_dir.display().to_string(),
                    "generation": m.generation.map(|g| g.as_str()),
                    "dataModels": m.data_models.keys().cloned().collect::<Vec<_>>(),
                    "versions": versions_value(&m.versions),
                })
            })
            .collect();
        let mut v = json!({"health": health, "apps": apps});
        if let Some(m) = message {
            v["message"] = json!(m);
        }
        v
    }

    pub(super) fn send_status_now(&mut self, health: &str, message: Option<&str>) {
        let v = self.status_value(health, message);
        self.last_status = Some(v.clone());
        self.send(Out::Status(v));
    }

    /// Sends `altinn/status` when it differs from the last one sent.
    pub fn send_status(&mut self) {
        let errors: Vec<&str> = self.config_errors.values().map(String::as_str).collect();
        let joined = errors.join("; ");
        let (health, msg) = if !errors.is_empty() {
            ("error", Some(joined.as_str()))
        } else if self.apps.is_empty() {
            ("ok", Some("No Altinn app found in the workspace"))
        } else {
            ("ok", None)
        };
        let v = self.status_value(health, msg);
        if self.last_status.as_ref() != Some(&v) {
            self.last_status = Some(v.clone());
            self.send(Out::Status(v));
        }
    }
}

/// The app's versions for `altinn/status`: what the editors show in their status bar.
fn versions_value(v: &altinn_analysis::model::Versions) -> Value {
    let f = &v.frontend;
    json!({
        "frontend": {
            "major": f.major.as_str(),
            "written": f.written,
            "certainty": f.certainty.as_str(),
            "reason": f.reason,
            "inDoubt": v.frontend_in_doubt(),
        },
        "backend": v.backend.as_ref().map(|b| json!({
            "package": b.package,
            "version": b.version,
            "major": b.major,
        })),
        "summary": v.describe(),
    })
}
