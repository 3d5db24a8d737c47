//! The services of the local stack (`stack/compose/compose.yaml`): which profile starts them,
//! which image variable names their image, which ports they publish on 127.0.0.1. Used by
//! `run --dry-run`, `stack status` and the preflight port checks; a test keeps it in step with
//! the compose file.

use crate::layout::read_env_file;
use crate::plan::{StackDir, PROFILE_STUDIO, PROFILE_WORKFLOW_ENGINE};

/// One compose service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    pub name: &'static str,
    /// the `.env` variable holding its image
    pub image_var: &'static str,
    /// None: part of the runtime (always started)
    pub profile: Option<&'static str>,
    /// host ports it publishes on 127.0.0.1; 0 stands for the stack port (STACK_PORT)
    pub ports: &'static [u16],
    pub what: &'static str,
}

pub const SERVICES: &[Service] = &[
    Service {
        name: "nginx",
        image_var: "NGINX_IMAGE",
        profile: None,
        ports: &[0],
        what: "the entry: local.altinn.cloud (and studio.localhost with the Designer)",
    },
    Service {
        name: "runtime",
        image_var: "RUNTIME_IMAGE",
        profile: None,
        ports: &[5101],
        what: "localtest: storage, register, profile, authentication, authorization, test users",
    },
    Service {
        name: "pdf",
        image_var: "PDF_IMAGE",
        profile: None,
        ports: &[5300],
        what: "the PDF service (apps call it on localhost:5300; /pdfservice/)",
    },
    Service {
        name: "workflow-engine",
        image_var: "WORKFLOW_ENGINE_IMAGE",
        profile: Some(PROFILE_WORKFLOW_ENGINE),
        ports: &[9090],
        what: "the workflow engine (Altinn.App v9 and later; localhost:9090)",
    },
    Service {
        name: "workflow-engine-db",
        image_var: "WORKFLOW_ENGINE_DB_IMAGE",
        profile: Some(PROFILE_WORKFLOW_ENGINE),
        ports: &[],
        what: "the workflow engine's PostgreSQL",
    },
    Service {
        name: "designer",
        image_var: "DESIGNER_IMAGE",
        profile: Some(PROFILE_STUDIO),
        ports: &[],
        what: "the Designer",
    },
    Service {
        name: "designer-migrations",
        image_var: "DESIGNER_MIGRATIONS_IMAGE",
        profile: Some(PROFILE_STUDIO),
        ports: &[],
        what: "the Designer's database schema (runs once)",
    },
    Service {
        name: "gitea",
        image_var: "GITEA_IMAGE",
        profile: Some(PROFILE_STUDIO),
        ports: &[],
        what: "the app repositories (/repos/)",
    },
    Service {
        name: "postgres",
        image_var: "POSTGRES_IMAGE",
        profile: Some(PROFILE_STUDIO),
        ports: &[],
        what: "the Designer's and Gitea's PostgreSQL",
    },
    Service {
        name: "redis",
        image_var: "REDIS_IMAGE",
        profile: Some(PROFILE_STUDIO),
        ports: &[],
        what: "the Designer's cache",
    },
    Service {
        name: "oidc-mock",
        image_var: "OIDC_MOCK_IMAGE",
        profile: Some(PROFILE_STUDIO),
        ports: &[],
        what: "sign-in for the Designer (/oidc/)",
    },
];

/// The services these profiles start (the runtime's always).
pub fn active<'a>(profiles: &'a [&'a str]) -> impl Iterator<Item = &'static Service> + 'a {
    SERVICES
        .iter()
        .filter(move |s| s.profile.is_none_or(|p| profiles.contains(&p)))
}

pub fn by_name(name: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.name == name)
}

/// An image variable's value as compose sees it: the environment wins over `compose/.env`;
/// empty when neither sets it.
pub fn image(stack: &StackDir, var: &str) -> String {
    if let Ok(v) = std::env::var(var) {
        if !v.trim().is_empty() {
            return v.trim().to_string();
        }
    }
    read_env_file(&stack.compose_env_file())
        .get(var)
        .cloned()
        .unwrap_or_default()
}

/// `--with-designer` needs the Designer's images, which Altinn does not publish.
pub fn check_designer_images(stack: &StackDir) -> Result<(), String> {
    let missing: Vec<&str> = ["DESIGNER_IMAGE", "DESIGNER_MIGRATIONS_IMAGE"]
        .into_iter()
        .filter(|v| image(stack, v).is_empty())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "No Designer image is configured ({} empty), so the Designer cannot start; nothing was started. \
Altinn does not publish the Designer's images. Fix: build them in a checkout of https://github.com/Altinn/altinn-studio \
(`docker build -t altinn-designer:local -f src/Designer/Dockerfile .` and \
`docker build -t altinn-designer-migrations:local -f src/Designer/backend/Migrations.Dockerfile src/Designer/backend`), \
then set DESIGNER_IMAGE=altinn-designer:local and DESIGNER_MIGRATIONS_IMAGE=altinn-designer-migrations:local \
in {} or in the environment. To test an app you need no Designer: `altinn-ls run` or `altinn-ls stack up` start the runtime alone.",
        missing.join(" and "),
        stack.compose_env_file().display()
    ))
}
