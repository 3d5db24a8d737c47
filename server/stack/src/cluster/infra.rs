//! The cluster side shared by the whole team: the instances' infrastructure that `stack up/down`
//! apply (stack/kubernetes/instances) and the instance list of `stack status`.

use super::instance;
use super::kube;
use crate::exec::Exec;
use crate::stack::{Progress, StackOptions};
use serde_json::Value;
use std::path::PathBuf;

/// `stack/kubernetes/instances`: the instances' namespace, rights, limits, reaper.
pub fn infra_dir(stack: &crate::plan::StackDir) -> Option<PathBuf> {
    let dir = stack.0.join("kubernetes").join("instances");
    dir.join("kustomization.yaml").is_file().then_some(dir)
}

/// What `stack up`/`down --target kubernetes` do with the instances' infrastructure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Infra {
    /// `up`: apply it
    Apply,
    /// `down`: delete every instance (their Deployments and Services, by label), keep the
    /// namespace and its rights, as `down` keeps the stack's volumes
    DeleteInstances,
    /// `down --volumes`: delete it all, namespace included (`kubectl delete -k`)
    DeleteAll,
}

impl Infra {
    pub fn down(volumes: bool) -> Infra {
        if volumes {
            Infra::DeleteAll
        } else {
            Infra::DeleteInstances
        }
    }
}

/// The commands `stack up`/`down --target kubernetes` add for the instances' infrastructure.
pub fn plan_infra(opts: &StackOptions, what: Infra) -> Vec<crate::plan::Cmd> {
    let ctx = opts.context.as_deref();
    infra_dir(&opts.stack_dir)
        .map(|dir| match what {
            Infra::Apply => crate::plan::kubectl_apply(ctx, &dir),
            Infra::DeleteAll => crate::plan::kubectl_delete(ctx, &dir),
            Infra::DeleteInstances => kube::delete_all(ctx),
        })
        .into_iter()
        .collect()
}

/// Carry out [`plan_infra`]. A failure is reported, not fatal: the stack itself works without
/// it (e.g. before Kubernetes 1.30, which the admission policy needs); `run --target
/// kubernetes` then says what is missing.
pub fn apply_infra(exec: &dyn Exec, opts: &StackOptions, what: Infra, progress: Progress) {
    for cmd in plan_infra(opts, what) {
        progress(&format!("$ {cmd}"));
        match exec.output(&cmd) {
            Ok(o) if o.success() => o.stdout.lines().for_each(progress),
            Ok(o) => progress(&format!(
                "Note: the app instances' namespace {} was not {} ({}). `altinn-ls run --target kubernetes` needs it.",
                instance::NAMESPACE,
                if what == Infra::Apply { "set up" } else { "cleaned up" },
                o.message().lines().next().unwrap_or("")
            )),
            Err(e) => progress(&format!("Note: {e}")),
        }
    }
}

/// One line per instance for `stack status --target kubernetes`.
pub fn status_lines(exec: &dyn Exec, context: Option<&str>, now_secs: u64) -> Vec<String> {
    let Ok(out) = exec.output(&kube::list(context)) else {
        return Vec::new();
    };
    if !out.success() {
        return vec![format!(
            "instances: cannot list namespace {} ({})",
            instance::NAMESPACE,
            out.message().lines().next().unwrap_or("")
        )];
    }
    parse_instances(&out.stdout, now_secs)
}

pub fn parse_instances(json_text: &str, now_secs: u64) -> Vec<String> {
    let Ok(v) = serde_json::from_str::<Value>(json_text) else {
        return Vec::new();
    };
    let items = v
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if items.is_empty() {
        return vec![format!(
            "no app instances in namespace {}",
            instance::NAMESPACE
        )];
    }
    let mut lines = Vec::new();
    for d in items {
        let s = |ptr: &str| {
            d.pointer(ptr)
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string()
        };
        let ready = d
            .pointer("/status/readyReplicas")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let last = d
            .pointer("/metadata/annotations/altinn.studio~1last-activity")
            .and_then(Value::as_str)
            .and_then(|t| t.parse::<u64>().ok())
            .map(|t| format!("last run {} min ago", now_secs.saturating_sub(t) / 60))
            .unwrap_or_else(|| "last run unknown".into());
        lines.push(format!(
            "instance {}: app {}, owner {} ({}), {}, {last}",
            s("/metadata/name"),
            s("/metadata/annotations/altinn.studio~1app-id"),
            s("/metadata/labels/altinn.studio~1owner"),
            s("/metadata/annotations/altinn.studio~1owner-identity"),
            if ready > 0 {
                "ready"
            } else {
                "not ready (starting or stopped)"
            },
        ));
    }
    lines
}
