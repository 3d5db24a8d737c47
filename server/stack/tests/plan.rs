//! Which commands `altinn-ls stack` / `run` issue: the pure builders.
use altinn_stack::plan::{self, Engine, StackDir, Target};
use std::path::{Path, PathBuf};

fn stack() -> StackDir {
    StackDir(PathBuf::from("/s"))
}

#[test]
fn compose_commands_per_engine() {
    let s = stack();
    assert_eq!(
        plan::compose_up(Engine::Docker, &s, &[]).to_string(),
        "docker compose --project-name altinn-studio --file /s/compose/compose.yaml up --detach --remove-orphans"
    );
    assert_eq!(
        plan::compose_up(Engine::Podman, &s, &["workflow-engine", "studio"]).to_string(),
        "podman compose --project-name altinn-studio --file /s/compose/compose.yaml --profile workflow-engine --profile studio up --detach --remove-orphans"
    );
    // down, ps and logs act on every profile: the Designer's parts are stopped and shown
    // whichever `up` started them
    assert_eq!(
        plan::compose_down(Engine::Docker, &s, true).to_string(),
        "docker compose --project-name altinn-studio --file /s/compose/compose.yaml --profile '*' down --remove-orphans --volumes"
    );
    assert_eq!(
        plan::compose_ps(Engine::Docker, &s).to_string(),
        "docker compose --project-name altinn-studio --file /s/compose/compose.yaml --profile '*' ps --all --format json"
    );
    assert_eq!(
        plan::compose_logs(Engine::Docker, &s, true, 50, &["designer".into()]).to_string(),
        "docker compose --project-name altinn-studio --file /s/compose/compose.yaml --profile '*' logs --tail 50 --follow designer"
    );
    assert_eq!(
        plan::compose_version(Engine::Podman).to_string(),
        "podman compose version"
    );
    assert_eq!(
        plan::engine_info(Engine::Docker).to_string(),
        "docker info --format '{{.ServerVersion}}'"
    );
}

#[test]
fn kubectl_commands_with_and_without_context() {
    let ov = stack().overlay("local");
    assert_eq!(
        plan::kubectl_apply(Some("kind-dev"), &ov).to_string(),
        "kubectl --context kind-dev apply -k /s/kubernetes/overlays/local"
    );
    assert_eq!(
        plan::kubectl_delete(None, &ov).to_string(),
        "kubectl delete -k /s/kubernetes/overlays/local --ignore-not-found"
    );
    assert_eq!(
        plan::kubectl_readyz(Some("x")).to_string(),
        "kubectl --context x get --raw /readyz --request-timeout=10s"
    );
    assert_eq!(
        plan::kubectl_rollout_status(None, "statefulset", "postgres", 90).to_string(),
        "kubectl --namespace altinn-studio rollout status statefulset/postgres --timeout=90s"
    );
    assert_eq!(
        plan::kubectl_workloads(None).to_string(),
        "kubectl --namespace altinn-studio get deployments,statefulsets --selector app.kubernetes.io/part-of=altinn-studio --output json"
    );
    assert_eq!(
        plan::kubectl_logs(Some("c"), true, 10, Some("designer")).to_string(),
        "kubectl --context c --namespace altinn-studio logs --selector app.kubernetes.io/name=designer --all-containers --prefix --tail=10 --max-log-requests=20 --follow"
    );
    assert_eq!(
        plan::kubectl_logs(None, false, 200, None).to_string(),
        "kubectl --namespace altinn-studio logs --selector app.kubernetes.io/part-of=altinn-studio --all-containers --prefix --tail=200 --max-log-requests=20"
    );
}

#[test]
fn app_process_like_localtest() {
    let c = plan::app_process(Path::new("/w/app"), 5005, None);
    assert_eq!(c.program, "dotnet");
    assert_eq!(c.args, vec!["run", "--no-launch-profile"]);
    assert_eq!(c.cwd.as_deref(), Some(Path::new("/w/app/App")));
    assert!(c.env.contains(&(
        "ASPNETCORE_URLS".to_string(),
        "http://0.0.0.0:5005".to_string()
    )));
    assert!(c.env.contains(&(
        "ASPNETCORE_ENVIRONMENT".to_string(),
        "Development".to_string()
    )));
    if cfg!(unix) {
        let c = plan::app_process(Path::new("/w/app"), 6000, Some("npm start"));
        assert_eq!(
            c.to_string(),
            "(cd /w/app/App && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://0.0.0.0:6000 PORT=6000 sh -c 'npm start')"
        );
        assert_eq!(
            plan::kill_process_group(42, false).to_string(),
            "kill -TERM -- -42"
        );
        assert_eq!(
            plan::kill_process_group(42, true).to_string(),
            "kill -KILL -- -42"
        );
    }
}

#[test]
fn parse_target_and_engine() {
    assert_eq!(Target::parse("local"), Ok(Target::Local));
    assert_eq!(Target::parse("k8s"), Ok(Target::Kubernetes));
    let e = Target::parse("cloud").unwrap_err();
    assert!(e.contains("'local'") && e.contains("'kubernetes'"), "{e}");
    assert_eq!(Engine::parse("podman"), Ok(Engine::Podman));
    assert!(Engine::parse("lxc").is_err());
    let e = Engine::parse("docker-compose").unwrap_err();
    assert!(e.contains("legacy docker-compose (v1)"), "{e}");
}

#[test]
fn display_quotes_what_a_shell_would_split() {
    let c = plan::Cmd::new("sh").arg("-c").arg("echo 'hi' there");
    assert_eq!(c.to_string(), r"sh -c 'echo '\''hi'\'' there'");
    assert_eq!(plan::Cmd::new("x").arg("").to_string(), "x ''");
}
