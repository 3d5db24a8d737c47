//! Where the `stack/` folder is: named explicitly, or the copy built into the binary (written
//! to a cache folder on first use), so the editors' bundled server works without a checkout of
//! this repository, and a repository being edited never supplies the stack.

use crate::plan::StackDir;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file of `stack/`, built in (path relative to `stack/`, contents).
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "README.md",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/README.md"
        )),
    ),
    (
        "compose/.env",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/compose/.env"
        )),
    ),
    (
        "compose/compose.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/compose/compose.yaml"
        )),
    ),
    (
        "compose/workflow-engine-db-init.sql",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/compose/workflow-engine-db-init.sql"
        )),
    ),
    (
        "kubernetes/base/designer-migrations.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/designer-migrations.yaml"
        )),
    ),
    (
        "kubernetes/base/designer.env",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/designer.env"
        )),
    ),
    (
        "kubernetes/base/designer.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/designer.yaml"
        )),
    ),
    (
        "kubernetes/base/gitea.env",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/gitea.env"
        )),
    ),
    (
        "kubernetes/base/gitea.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/gitea.yaml"
        )),
    ),
    (
        "kubernetes/base/ingress.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/ingress.yaml"
        )),
    ),
    (
        "kubernetes/base/kustomization.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/kustomization.yaml"
        )),
    ),
    (
        "kubernetes/base/namespace.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/namespace.yaml"
        )),
    ),
    (
        "kubernetes/base/networkpolicy.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/networkpolicy.yaml"
        )),
    ),
    (
        "kubernetes/base/nginx.env",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/nginx.env"
        )),
    ),
    (
        "kubernetes/base/nginx.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/nginx.yaml"
        )),
    ),
    (
        "kubernetes/base/postgres-init.sh",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/postgres-init.sh"
        )),
    ),
    (
        "kubernetes/base/postgres.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/postgres.yaml"
        )),
    ),
    (
        "kubernetes/base/redis.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/redis.yaml"
        )),
    ),
    (
        "kubernetes/base/runtime.env",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/runtime.env"
        )),
    ),
    (
        "kubernetes/base/runtime.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/base/runtime.yaml"
        )),
    ),
    (
        "kubernetes/instances/admission.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/instances/admission.yaml"
        )),
    ),
    (
        "kubernetes/instances/kustomization.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/instances/kustomization.yaml"
        )),
    ),
    (
        "kubernetes/instances/limits.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/instances/limits.yaml"
        )),
    ),
    (
        "kubernetes/instances/namespace.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/instances/namespace.yaml"
        )),
    ),
    (
        "kubernetes/instances/networkpolicy.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/instances/networkpolicy.yaml"
        )),
    ),
    (
        "kubernetes/instances/rbac.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/instances/rbac.yaml"
        )),
    ),
    (
        "kubernetes/instances/reaper.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/instances/reaper.yaml"
        )),
    ),
    (
        "kubernetes/overlays/local/kustomization.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/overlays/local/kustomization.yaml"
        )),
    ),
    (
        "kubernetes/overlays/local/oidc-mock.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/overlays/local/oidc-mock.yaml"
        )),
    ),
    (
        "kubernetes/overlays/local/small-resources.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/overlays/local/small-resources.yaml"
        )),
    ),
    (
        "kubernetes/overlays/production/.gitignore",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/overlays/production/.gitignore"
        )),
    ),
    (
        "kubernetes/overlays/production/designer-secrets.env.example",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/overlays/production/designer-secrets.env.example"
        )),
    ),
    (
        "kubernetes/overlays/production/disruption-budgets.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/overlays/production/disruption-budgets.yaml"
        )),
    ),
    (
        "kubernetes/overlays/production/gitea-secrets.env.example",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/overlays/production/gitea-secrets.env.example"
        )),
    ),
    (
        "kubernetes/overlays/production/ingress-tls.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/overlays/production/ingress-tls.yaml"
        )),
    ),
    (
        "kubernetes/overlays/production/kustomization.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/overlays/production/kustomization.yaml"
        )),
    ),
    (
        "kubernetes/overlays/production/replicas-and-resources.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/kubernetes/overlays/production/replicas-and-resources.yaml"
        )),
    ),
    (
        "nginx/instances/instances.http.inc.template",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/nginx/instances/instances.http.inc.template"
        )),
    ),
    (
        "nginx/instances/instances.runtime.inc.template",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/nginx/instances/instances.runtime.inc.template"
        )),
    ),
    (
        "nginx/instances/kustomization.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/nginx/instances/kustomization.yaml"
        )),
    ),
    (
        "nginx/kustomization.yaml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/nginx/kustomization.yaml"
        )),
    ),
    (
        "nginx/templates/default.conf.template",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../stack/nginx/templates/default.conf.template"
        )),
    ),
];

/// Find the stack folder: `explicit` (`--stack-dir`, the editor's `stackDir` argument), else
/// `ALTINN_STACK_DIR`, else the copy built into this binary. Never a `stack/` found in the
/// workspace or its parents: a repository must not be able to choose what `stack up` runs
/// (a crafted compose file could mount `/`, and `--remove-orphans` would remove the real
/// stack; its manifests would go to the current kube context). `_start` is kept for callers.
pub fn locate(explicit: Option<&Path>, _start: &Path) -> Result<StackDir, String> {
    if let Some(dir) = explicit {
        return check(dir);
    }
    if let Some(dir) = std::env::var_os("ALTINN_STACK_DIR").filter(|d| !d.is_empty()) {
        return check(Path::new(&dir));
    }
    materialize(&cache_root())
}

fn check(dir: &Path) -> Result<StackDir, String> {
    let s = StackDir(dir.to_path_buf());
    if s.compose_file().is_file() {
        Ok(s)
    } else {
        Err(format!(
            "{} is not a stack folder (it has no compose/compose.yaml); point --stack-dir at the repository's stack/ folder",
            dir.display()
        ))
    }
}

fn cache_root() -> PathBuf {
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(d).join("altinn-ls");
    }
    if let Some(h) = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")) {
        return PathBuf::from(h).join(".cache").join("altinn-ls");
    }
    std::env::temp_dir().join("altinn-ls")
}

/// FNV-1a: a stable short hash (std's hasher may change between Rust versions).
pub fn fnv1a(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Write the built-in stack below `root` (once per content version) and return it.
pub fn materialize(root: &Path) -> Result<StackDir, String> {
    let mut all = Vec::new();
    for (p, c) in EMBEDDED {
        all.extend_from_slice(p.as_bytes());
        all.extend_from_slice(c.as_bytes());
    }
    let dir = root.join(format!("stack-{:016x}", fnv1a(&all)));
    for (rel, contents) in EMBEDDED {
        let path = dir.join(rel);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(*contents) {
            continue;
        }
        crate::exec::write_file(&path, contents)?;
    }
    Ok(StackDir(dir))
}

/// `KEY=VALUE` lines of an env file (comments and blanks skipped).
pub fn read_env_file(path: &Path) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    if let Ok(text) = std::fs::read_to_string(path) {
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((k, v)) = line.split_once('=') {
                let v = v.trim().trim_matches('"').trim_matches('\'');
                map.insert(k.trim().to_string(), v.to_string());
            }
        }
    }
    map
}
