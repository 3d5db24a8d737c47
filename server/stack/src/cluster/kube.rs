//! The kubectl (and git) command lines for instances. Pure builders, so tests can assert on
//! the exact commands; every instance command names the instance namespace explicitly.

use super::instance::{Instance, CONTAINER, NAMESPACE, SELECTOR_ALL};
use crate::plan::Cmd;
use std::path::Path;

fn kubectl(context: Option<&str>) -> Cmd {
    let c = Cmd::new("kubectl");
    match context {
        Some(ctx) => c.arg("--context").arg(ctx),
        None => c,
    }
}

fn ns(context: Option<&str>) -> Cmd {
    kubectl(context).args(["--namespace", NAMESPACE])
}

pub fn git_config(app_root: &Path, key: &str) -> Cmd {
    Cmd::new("git")
        .arg("-C")
        .arg(app_root.to_string_lossy().into_owned())
        .args(["config", key])
}

/// The user name in the kube context (kubeconfig only, no cluster call).
pub fn context_user(context: Option<&str>) -> Cmd {
    kubectl(context).args([
        "config",
        "view",
        "--minify",
        "--output",
        "jsonpath={.contexts[0].context.user}",
    ])
}

/// The user the API server authenticates (Kubernetes ≥ 1.28), checked by the admission policy.
pub fn whoami(context: Option<&str>) -> Cmd {
    kubectl(context).args([
        "auth",
        "whoami",
        "--output",
        "jsonpath={.status.userInfo.username}",
    ])
}

pub fn apply(context: Option<&str>, file: &Path) -> Cmd {
    ns(context)
        .args(["apply", "--filename"])
        .arg(file.to_string_lossy().into_owned())
}

pub fn pods(context: Option<&str>, inst: &Instance) -> Cmd {
    ns(context).args([
        "get".to_string(),
        "pods".to_string(),
        "--selector".to_string(),
        inst.selector(),
        "--output".to_string(),
        "json".to_string(),
    ])
}

fn exec_sh(context: Option<&str>, pod: &str, script: &str) -> Cmd {
    ns(context).args([
        "exec",
        pod,
        "--container",
        CONTAINER,
        "--",
        "sh",
        "-c",
        script,
    ])
}

/// Clear a half-finished upload and print the manifest of what the pod holds (empty when
/// the pod is new: then everything is sent).
pub fn read_manifest(context: Option<&str>, pod: &str) -> Cmd {
    exec_sh(
        context,
        pod,
        "rm -rf /work/incoming; cat /work/app/.altinn-ls/manifest.json 2>/dev/null || true",
    )
}

/// `kubectl cp` the staged folder to /work/incoming (run from its parent folder with a
/// relative source, so that a Windows drive letter is never taken for a pod name).
pub fn copy_in(context: Option<&str>, pod: &str, stage: &Path) -> Cmd {
    let name = stage
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stage".into());
    let c = ns(context).args([
        "cp".to_string(),
        name,
        format!("{pod}:/work/incoming"),
        "--container".to_string(),
        CONTAINER.to_string(),
    ]);
    match stage.parent() {
        Some(dir) => c.cwd(dir),
        None => c,
    }
}

/// Move the upload into the app folder, delete removed files, then bump the generation
/// (the runner restarts `dotnet run` when it changes).
pub const INSTALL: &str = r#"set -e
A=/work/app; I=/work/incoming
mkdir -p "$A/.altinn-ls"
if [ -f "$I/.altinn-ls/removed" ]; then
  while IFS= read -r f; do [ -n "$f" ] && rm -f -- "$A/$f"; done < "$I/.altinn-ls/removed"
  rm -f "$I/.altinn-ls/removed"
fi
cp -R "$I/." "$A/"
rm -rf "$I"
echo "$1" > "$A/.altinn-ls/generation""#;

pub fn install(context: Option<&str>, pod: &str, generation: &str) -> Cmd {
    exec_sh(context, pod, INSTALL).args(["sh", generation])
}

/// The generation whose app listens (written by the runner), empty before.
pub fn listening(context: Option<&str>, pod: &str) -> Cmd {
    exec_sh(
        context,
        pod,
        "cat /work/app/.altinn-ls/listening 2>/dev/null || true",
    )
}

pub fn logs(context: Option<&str>, pod: &str, follow: bool) -> Cmd {
    let c = ns(context).args(["logs", pod, "--container", CONTAINER, "--tail=50"]);
    if follow {
        c.arg("--follow")
    } else {
        c
    }
}

/// Only this instance's Deployment and Service, by name (never `delete -k`, never a selector
/// that could match someone else's).
pub fn delete(context: Option<&str>, inst: &Instance) -> Cmd {
    ns(context).args([
        "delete".to_string(),
        format!("deployment/{}", inst.name),
        format!("service/{}", inst.name),
        "--ignore-not-found".to_string(),
        "--wait=false".to_string(),
    ])
}

/// Every developer's instance (`stack down` without `--volumes`), by the label only instances carry.
pub fn delete_all(context: Option<&str>) -> Cmd {
    ns(context).args([
        "delete",
        "deployments,services",
        "--selector",
        SELECTOR_ALL,
        "--ignore-not-found",
    ])
}

pub fn list(context: Option<&str>) -> Cmd {
    ns(context).args([
        "get",
        "deployments",
        "--selector",
        SELECTOR_ALL,
        "--output",
        "json",
    ])
}
