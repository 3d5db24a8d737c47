//! `stack up|down|status|logs` against a recorder: the commands issued and the messages when
//! the engine or the cluster is missing.
use altinn_stack::commands::{execute_with, CommandContext};
use altinn_stack::exec::{Output, Recorder};
use altinn_stack::plan::{Engine, StackDir, Target};
use altinn_stack::stack::{self, StackOptions};
use serde_json::json;
use std::path::PathBuf;
use std::sync::Mutex;

fn stack_dir() -> StackDir {
    StackDir(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../stack"
    )))
}

fn opts(target: Target) -> StackOptions {
    let mut o = StackOptions::new(target, stack_dir());
    o.timeout_secs = 10;
    o
}

/// A copy of the stack's settings with the Designer's images configured (they are empty in
/// the repository: Altinn does not publish them).
fn studio_stack() -> tempfile::TempDir {
    let t = tempfile::tempdir().expect("tempdir");
    let src = stack_dir().0;
    std::fs::create_dir_all(t.path().join("compose")).unwrap();
    std::fs::create_dir_all(t.path().join("kubernetes/base")).unwrap();
    let env = std::fs::read_to_string(src.join("compose/.env"))
        .unwrap()
        .replace(
            "DESIGNER_IMAGE=\n",
            "DESIGNER_IMAGE=altinn-designer:local\n",
        )
        .replace(
            "DESIGNER_MIGRATIONS_IMAGE=\n",
            "DESIGNER_MIGRATIONS_IMAGE=altinn-designer-migrations:local\n",
        );
    std::fs::write(t.path().join("compose/.env"), env).unwrap();
    std::fs::copy(
        src.join("compose/compose.yaml"),
        t.path().join("compose/compose.yaml"),
    )
    .unwrap();
    std::fs::copy(
        src.join("kubernetes/base/nginx.env"),
        t.path().join("kubernetes/base/nginx.env"),
    )
    .unwrap();
    t
}

fn studio_opts(t: &tempfile::TempDir) -> StackOptions {
    let mut o = StackOptions::new(Target::Local, StackDir(t.path().to_path_buf()));
    o.timeout_secs = 10;
    o.designer = true;
    o
}

fn healthy(r: Recorder) -> Recorder {
    r.on_http(":80 /healthz", vec![Ok(200)])
        .on_http("/repos/api/healthz", vec![Ok(200)])
        .on_http(" /health", vec![Ok(200)])
        .on_http("/Home/", vec![Ok(200)])
}

fn docker() -> Recorder {
    Recorder::new()
        .with_programs(&["docker"])
        .on(
            "docker compose version",
            vec![Output::ok("Docker Compose version v2.30.0")],
        )
        .on("docker info", vec![Output::ok("28.0.0")])
}

fn quiet(_: &str) {}

#[test]
fn no_engine_says_what_to_install() {
    let r = Recorder::new();
    let err = stack::up(&r, &opts(Target::Local), &quiet).unwrap_err();
    assert!(err.contains("No container engine found"), "{err}");
    assert!(
        err.contains("Fix: install Docker Desktop or Docker Engine"),
        "{err}"
    );
    assert!(err.contains("--target kubernetes"), "{err}");
    assert!(
        r.commands().is_empty(),
        "nothing may be run: {:?}",
        r.commands()
    );
}

#[test]
fn legacy_docker_compose_alone_is_named() {
    let r = Recorder::new().with_programs(&["docker-compose"]);
    let err = stack::up(&r, &opts(Target::Local), &quiet).unwrap_err();
    assert!(
        err.contains("Only the legacy docker-compose (v1) was found"),
        "{err}"
    );
    assert!(
        err.contains("Fix: install Docker Desktop or Docker Engine with the compose plugin"),
        "{err}"
    );
}

#[test]
fn podman_is_used_when_docker_is_absent() {
    let r = healthy(
        Recorder::new()
            .with_programs(&["podman"])
            .on(
                "podman compose version",
                vec![Output::ok("podman-compose 1.2")],
            )
            .on("podman info", vec![Output::ok("5.0")]),
    );
    stack::up(&r, &opts(Target::Local), &quiet).expect("up");
    assert!(r.commands().iter().any(|c| c
        .starts_with("podman compose --project-name altinn-studio")
        && c.ends_with("up --detach --remove-orphans")));
}

#[test]
fn docker_without_compose_and_daemon_down() {
    let r = Recorder::new().with_programs(&["docker"]).on(
        "docker compose version",
        vec![Output::fail(
            1,
            "docker: 'compose' is not a docker command.",
        )],
    );
    let err = stack::up(&r, &opts(Target::Local), &quiet).unwrap_err();
    assert!(err.contains("'docker compose' does not work"), "{err}");
    assert!(err.contains("Docker Compose plugin"), "{err}");

    let r = Recorder::new()
        .with_programs(&["docker"])
        .on("docker compose version", vec![Output::ok("v2")])
        .on(
            "docker info",
            vec![Output::fail(
                1,
                "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.",
            )],
        );
    let err = stack::status(&r, &opts(Target::Local)).unwrap_err();
    assert!(err.contains("docker is installed but not running"), "{err}");
    assert!(err.contains("Cannot connect to the Docker daemon"), "{err}");
    assert!(
        !r.commands().iter().any(|c| c.contains(" ps ")),
        "no ps after a failed preflight"
    );
}

#[test]
fn up_local_starts_compose_then_waits_for_health_through_nginx() {
    let t = studio_stack();
    let r = docker()
        .on("compose", vec![Output::ok("")])
        .on_http(":80 /healthz", vec![Err("refused".into()), Ok(200)])
        .on_http("/repos/api/healthz", vec![Ok(502), Ok(200)])
        .on_http(" /health", vec![Ok(503), Ok(503), Ok(200)])
        .on_http("/Home/", vec![Ok(302)]);
    let msgs = Mutex::new(Vec::<String>::new());
    let report = stack::up(&r, &studio_opts(&t), &|m: &str| {
        msgs.lock().unwrap().push(m.into())
    })
    .expect("healthy after a few attempts");
    let cmds = r.commands();
    let i_up = cmds
        .iter()
        .position(|c| c.contains(" up --detach"))
        .expect("compose up");
    let up = &cmds[i_up];
    assert!(
        up.contains("--profile studio up")
            && up.contains("DESIGNER_UPSTREAM=designer:5000 GITEA_UPSTREAM=gitea:3000 OIDC_UPSTREAM=oidc-mock:8080"),
        "{up}"
    );
    let i_info = cmds
        .iter()
        .position(|c| c.starts_with("docker info"))
        .expect("daemon check");
    assert!(
        i_info < i_up,
        "the daemon is checked before compose up: {cmds:?}"
    );
    let log = r.log();
    let first_probe = log
        .iter()
        .position(|l| l.starts_with("GET "))
        .expect("probed");
    let up_at = log.iter().position(|l| l.contains(" up --detach")).unwrap();
    // the preflight asks whether NGINX already answers (port check), then compose up, then health
    let health_probe = log[up_at..]
        .iter()
        .position(|l| l.starts_with("GET "))
        .expect("probed after up");
    assert!(first_probe < up_at && health_probe > 0);
    assert!(
        log.iter()
            .any(|l| l.starts_with("GET studio.localhost:80 /repos/api/healthz @127.0.0.1:80")),
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|l| l.starts_with("GET local.altinn.cloud:80 /Home/")),
        "{log:?}"
    );
    let msgs = msgs.into_inner().unwrap();
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("Waiting for") && m.contains("gitea, designer")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m == "All parts are healthy."),
        "{msgs:?}"
    );
    let urls: Vec<&str> = report.urls.iter().map(|(_, u)| u.as_str()).collect();
    assert_eq!(
        urls,
        vec![
            "http://local.altinn.cloud/",
            "http://studio.localhost/",
            "http://studio.localhost/repos/",
        ]
    );
}

#[test]
fn up_local_names_unhealthy_parts() {
    let t = studio_stack();
    let r = docker()
        .on_http(":80 /healthz", vec![Ok(200)])
        .on_http("/Home/", vec![Ok(200)]);
    let err = stack::up(&r, &studio_opts(&t), &quiet).unwrap_err();
    assert!(
        err.contains("Not healthy within 10 s: gitea, designer."),
        "{err}"
    );
    assert!(err.contains("altinn-ls stack logs gitea"), "{err}");
}

#[test]
fn compose_failure_explains_the_private_designer_image() {
    let r = docker().on(
        " up --detach",
        vec![Output::fail(1, "Error response from daemon: pull access denied for ghcr.io/altinn/altinn-studio/designer")],
    );
    let t = studio_stack();
    let err = stack::up(&r, &studio_opts(&t), &quiet).unwrap_err();
    assert!(err.contains("failed (exit code 1)"), "{err}");
    assert!(err.contains("DESIGNER_IMAGE="), "{err}");
}

#[test]
fn status_local_parses_compose_ps_and_lists_missing_parts() {
    let ps = "{\"Service\":\"nginx\",\"State\":\"running\",\"Health\":\"healthy\"}\n{\"Service\":\"designer\",\"State\":\"running\",\"Health\":\"starting\"}\n";
    let r = docker().on(" ps --all --format json", vec![Output::ok(ps)]);
    let rep = stack::status(&r, &opts(Target::Local)).expect("status");
    let get = |n: &str| rep.parts.iter().find(|p| p.name == n).cloned().expect(n);
    assert!(get("nginx").ready);
    assert_eq!(get("designer").state, "running (starting)");
    assert!(!get("designer").ready);
    // the runtime's services are listed even when compose has none of them; the Designer's
    // only when they exist (or --with-designer asks for them)
    assert_eq!(get("runtime").state, "not created");
    assert_eq!(get("pdf").state, "not created");
    assert!(rep.parts.iter().all(|p| p.name != "gitea"));
    // the older array form
    let parts = stack::parse_compose_ps("[{\"Service\":\"redis\",\"State\":\"exited\"}]");
    assert_eq!(parts.len(), 1);
    assert!(!parts[0].ready);
    assert!(stack::parse_compose_ps("garbage").is_empty());
    let parts = stack::parse_compose_ps(
        "{\"Service\":\"designer-migrations\",\"State\":\"exited\",\"ExitCode\":0}\n{\"Service\":\"gitea\",\"State\":\"exited\",\"ExitCode\":0}",
    );
    assert_eq!(
        (parts[0].state.as_str(), parts[0].ready),
        ("completed", true)
    );
    assert!(!parts[1].ready, "a server that exited is not ready");
}

#[test]
fn kubernetes_missing_kubectl_and_unreachable_cluster() {
    let r = Recorder::new();
    let err = stack::up(&r, &opts(Target::Kubernetes), &quiet).unwrap_err();
    assert!(err.contains("kubectl was not found on PATH"), "{err}");
    assert!(err.contains("--target local"), "{err}");

    let r = Recorder::new().with_programs(&["kubectl"]).on(
        "get --raw /readyz",
        vec![Output::fail(1, "error: context \"kind-x\" does not exist")],
    );
    let mut o = opts(Target::Kubernetes);
    o.context = Some("kind-x".into());
    let err = stack::up(&r, &o, &quiet).unwrap_err();
    assert!(
        err.contains("not reachable (context 'kind-x': error: context \"kind-x\" does not exist)"),
        "{err}"
    );
    assert!(err.contains("kubectl config get-contexts"), "{err}");
    assert!(
        !r.commands().iter().any(|c| c.contains(" apply ")),
        "no apply to an unreachable cluster"
    );
}

#[test]
fn up_kubernetes_applies_the_overlay_and_waits_for_each_workload() {
    let workloads = json!({"items": [
        {"kind": "Deployment", "metadata": {"name": "designer", "labels": {"app.kubernetes.io/name": "designer"}}, "spec": {"replicas": 2}, "status": {"readyReplicas": 2}},
        {"kind": "StatefulSet", "metadata": {"name": "postgres", "labels": {"app.kubernetes.io/name": "postgres"}}, "spec": {"replicas": 1}, "status": {}}
    ]});
    let ingress = json!({"items": [{"spec": {"tls": [{"hosts": ["studio.example.org"]}], "rules": [{"host": "studio.example.org"}, {"host": "runtime.example.org"}]}}]});
    let r = Recorder::new()
        .with_programs(&["kubectl"])
        .on("get --raw /readyz", vec![Output::ok("ok")])
        .on(
            "get deployments,statefulsets",
            vec![Output::ok(&workloads.to_string())],
        )
        .on("get ingress", vec![Output::ok(&ingress.to_string())])
        .on(
            "rollout status statefulset/postgres",
            vec![Output::fail(
                1,
                "error: timed out waiting for the condition",
            )],
        );
    let mut o = opts(Target::Kubernetes);
    o.context = Some("prod".into());
    o.overlay = "production".into();
    let err = stack::up(&r, &o, &quiet).unwrap_err();
    let cmds = r.commands();
    let overlay = stack_dir().overlay("production");
    let i_apply = cmds
        .iter()
        .position(|c| c == &format!("kubectl --context prod apply -k {}", overlay.display()))
        .expect("apply");
    let i_job = cmds
        .iter()
        .position(|c| c == "kubectl --context prod --namespace altinn-studio delete job designer-migrations --ignore-not-found --wait=true")
        .expect("old migrations job removed");
    assert!(i_job < i_apply, "{cmds:?}");
    assert!(cmds.contains(&"kubectl --context prod --namespace altinn-studio rollout status deployment/designer --timeout=10s".to_string()));
    assert!(
        err.contains("statefulset/postgres: error: timed out"),
        "{err}"
    );

    let rep = stack::status(&r, &o).expect("status");
    let designer = rep.parts.iter().find(|p| p.name == "designer").unwrap();
    assert!(designer.ready && designer.state == "deployment/designer: 2/2 ready");
    let pg = rep.parts.iter().find(|p| p.name == "postgres").unwrap();
    assert!(!pg.ready);
    assert_eq!(
        rep.urls[0],
        (
            "Designer".to_string(),
            "https://studio.example.org/".to_string()
        )
    );
    assert_eq!(
        rep.urls[2],
        (
            "Runtime".to_string(),
            "http://runtime.example.org/".to_string()
        )
    );
}

#[test]
fn unknown_overlay_is_refused_before_kubectl_runs() {
    let r = Recorder::new().with_programs(&["kubectl"]);
    let mut o = opts(Target::Kubernetes);
    o.overlay = "staging".into();
    let err = stack::up(&r, &o, &quiet).unwrap_err();
    assert!(err.contains("no kustomize overlay 'staging'"), "{err}");
    assert!(r.commands().is_empty());
}

#[test]
fn down_and_logs_commands() {
    let r = docker();
    let msg = stack::down(&r, &opts(Target::Local), false, &quiet).expect("down");
    assert!(msg.contains("volumes kept"), "{msg}");
    assert!(r
        .commands()
        .iter()
        .any(|c| c.ends_with("down --remove-orphans")));
    let r = docker().on(" logs ", vec![Output::ok("designer-1 | started\n")]);
    let lines = Mutex::new(Vec::<String>::new());
    let code = stack::logs(
        &r,
        &opts(Target::Local),
        false,
        5,
        &["designer".into()],
        &|l: &str| lines.lock().unwrap().push(l.into()),
    )
    .expect("logs");
    assert_eq!(code, 0);
    assert_eq!(lines.into_inner().unwrap(), vec!["designer-1 | started"]);
    let mut o = opts(Target::Local);
    o.engine = Some(Engine::Podman);
    let err = stack::logs(&docker(), &o, false, 5, &[], &|_: &str| {}).unwrap_err();
    assert!(err.contains("'podman' was not found on PATH"), "{err}");
}

#[test]
fn lsp_execute_dispatches_and_reports() {
    let ctx = CommandContext {
        workspace_root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        progress: Box::new(|_| {}),
    };
    let r = healthy(docker());
    let v = execute_with(
        &r,
        "altinn.stack.up",
        json!([{"target": "local", "timeoutSecs": 4}]),
        &ctx,
    )
    .expect("up");
    let v = serde_json::to_value(v).unwrap();
    assert_eq!(v["target"], "local");
    assert_eq!(v["urls"][0]["url"], "http://local.altinn.cloud/");
    let v = execute_with(&r, "altinn.stack.down", json!({"volumes": true}), &ctx).expect("down");
    let v = serde_json::to_value(v).unwrap();
    assert!(v["message"].as_str().unwrap().contains("volumes"));
    assert!(r
        .commands()
        .iter()
        .any(|c| c.ends_with("down --remove-orphans --volumes")));
    let err = execute_with(&r, "altinn.stack.restart", json!({}), &ctx).unwrap_err();
    assert!(
        err.contains("unknown command 'altinn.stack.restart'"),
        "{err}"
    );
    let err = execute_with(&r, "altinn.stack.status", json!({"target": "mars"}), &ctx).unwrap_err();
    assert!(err.contains("unknown target 'mars'"), "{err}");
    let err = execute_with(&r, "altinn.stack.status", json!("local"), &ctx).unwrap_err();
    assert!(err.contains("must be a JSON object"), "{err}");
    let err = execute_with(&Recorder::new(), "altinn.stack.status", json!(null), &ctx).unwrap_err();
    assert!(err.contains("No container engine found"), "{err}");
}

/// Issue 15, high 1: before the fix `up --overlay production` applied whatever the overlay
/// rendered, example secrets included (this test then failed at "refused").
#[test]
fn non_local_overlay_with_example_secrets_is_refused_before_apply() {
    // gitea-secrets with INTERNAL_TOKEN = "example-production-internal-token" (base64)
    let rendered = "apiVersion: v1\ndata:\n  GITEA__security__INTERNAL_TOKEN: ZXhhbXBsZS1wcm9kdWN0aW9uLWludGVybmFsLXRva2Vu\nkind: Secret\nmetadata:\n  name: gitea-secrets-5f\n  namespace: altinn-studio\n";
    let r = Recorder::new()
        .with_programs(&["kubectl"])
        .on("get --raw /readyz", vec![Output::ok("ok")])
        .on("kubectl kustomize", vec![Output::ok(rendered)]);
    let mut o = opts(Target::Kubernetes);
    o.overlay = "production".into();
    let err = stack::up(&r, &o, &quiet).unwrap_err();
    assert!(
        err.contains("Refusing to apply overlay 'production'"),
        "{err}"
    );
    assert!(
        err.contains("Secret/gitea-secrets-5f GITEA__security__INTERNAL_TOKEN"),
        "{err}"
    );
    assert!(
        !r.commands().iter().any(|c| c.contains(" apply ")),
        "nothing applied: {:?}",
        r.commands()
    );

    // the secrets files are missing: kustomize fails, the message says what to create
    let r = Recorder::new()
        .with_programs(&["kubectl"])
        .on("get --raw /readyz", vec![Output::ok("ok")])
        .on(
            "kubectl kustomize",
            vec![Output::fail(
                1,
                "error: loading KV pairs: env source files: [gitea-secrets.env]: no such file",
            )],
        );
    let err = stack::up(&r, &o, &quiet).unwrap_err();
    assert!(err.contains("*-secrets.env.example"), "{err}");
    assert!(!r.commands().iter().any(|c| c.contains(" apply ")));

    // the local overlay keeps its example values and is not rendered first
    let r = Recorder::new()
        .with_programs(&["kubectl"])
        .on("get --raw /readyz", vec![Output::ok("ok")])
        .on("kubectl kustomize", vec![Output::ok(rendered)]);
    let mut o = opts(Target::Kubernetes);
    o.wait = false;
    let _ = stack::up(&r, &o, &quiet);
    assert!(r.commands().iter().any(|c| c.contains(" apply -k ")));
}

/// Issue 15 (low): `stack down --target kubernetes` ran `kubectl delete -k`, which deletes the
/// PersistentVolumeClaims (every repository in Gitea) without asking. Now the volumes stay
/// unless `--volumes` is given (before: the first assert failed, `delete -k` was issued).
#[test]
fn kubernetes_down_keeps_the_volumes_unless_asked() {
    let kube = || {
        Recorder::new()
            .with_programs(&["kubectl"])
            .on("get --raw /readyz", vec![Output::ok("ok")])
    };
    let r = kube();
    let msg = stack::down(&r, &opts(Target::Kubernetes), false, &quiet).expect("down");
    let cmds = r.commands();
    assert!(!cmds.iter().any(|c| c.contains("delete -k")), "{cmds:?}");
    let del = cmds
        .iter()
        .find(|c| c.contains(" delete "))
        .expect("a delete");
    assert!(
        del.contains("--selector app.kubernetes.io/part-of=altinn-studio"),
        "{del}"
    );
    assert!(
        !del.contains("persistentvolumeclaims") && !del.contains("namespaces"),
        "{del}"
    );
    assert!(msg.contains("were kept"), "{msg}");
    let r = kube();
    let msg = stack::down(&r, &opts(Target::Kubernetes), true, &quiet).expect("down");
    assert!(r.commands().iter().any(|c| c.contains("delete -k")));
    assert!(msg.contains("with its volumes"), "{msg}");
}

#[test]
fn up_runtime_profile_starts_no_designer_and_waits_for_the_runtime_only() {
    let r = healthy(docker());
    let report = stack::up(&r, &opts(Target::Local), &quiet).expect("up");
    let cmds = r.commands();
    let up = cmds
        .iter()
        .find(|c| c.contains(" up --detach"))
        .expect("compose up");
    assert!(
        up.starts_with("docker compose --project-name altinn-studio --file ")
            && up.ends_with("compose.yaml up --detach --remove-orphans"),
        "no profile, no Designer upstreams: {up}"
    );
    let log = r.log();
    assert!(
        !log.iter().any(|l| l.contains("studio.localhost")),
        "the Designer is not waited for: {log:?}"
    );
    let urls: Vec<&str> = report.urls.iter().map(|(_, u)| u.as_str()).collect();
    assert_eq!(urls, vec!["http://local.altinn.cloud/"]);
}

#[test]
fn with_designer_without_an_image_stops_before_any_command() {
    let r = healthy(docker());
    let mut o = opts(Target::Local);
    o.designer = true;
    let err = stack::up(&r, &o, &quiet).unwrap_err();
    assert!(err.contains("No Designer image is configured"), "{err}");
    assert!(
        err.contains("DESIGNER_IMAGE=altinn-designer:local"),
        "{err}"
    );
    assert!(err.contains("nothing was started"), "{err}");
    assert!(r.log().is_empty(), "no engine call at all: {:?}", r.log());
}

#[test]
fn port_80_taken_falls_back_to_8000() {
    let r = docker()
        .with_busy_ports(&[80])
        .on_http(":8000 /healthz", vec![Ok(200)])
        .on_http(":8000 /Home/", vec![Ok(200)]);
    let msgs = Mutex::new(Vec::<String>::new());
    let report = stack::up(&r, &opts(Target::Local), &|m: &str| {
        msgs.lock().unwrap().push(m.into())
    })
    .expect("up on 8000");
    let up = r
        .commands()
        .into_iter()
        .find(|c| c.contains(" up --detach"))
        .expect("compose up");
    assert!(up.starts_with("STACK_PORT=8000 docker compose"), "{up}");
    assert_eq!(report.stack_port, Some(8000));
    assert_eq!(report.urls[0].1, "http://local.altinn.cloud:8000/");
    let msgs = msgs.into_inner().unwrap();
    assert!(
        msgs.iter().any(|m| m
            .starts_with("Port 80 is in use by another program: the runtime goes to port 8000")),
        "{msgs:?}"
    );
    // both taken: refused, with the setting to change
    let r = docker().with_busy_ports(&[80, 8000]);
    let err = stack::up(&r, &opts(Target::Local), &quiet).unwrap_err();
    assert!(
        err.contains("Port 80 (the runtime's entry, STACK_PORT) is in use"),
        "{err}"
    );
    assert!(err.contains("STACK_PORT=<port>"), "{err}");
    assert!(!r.commands().iter().any(|c| c.contains(" up ")));
}

#[test]
fn a_taken_service_port_is_named_before_compose_starts() {
    let r = healthy(docker()).with_busy_ports(&[5300]);
    let err = stack::up(&r, &opts(Target::Local), &quiet).unwrap_err();
    assert!(err.contains("Port 5300 is in use"), "{err}");
    assert!(err.contains("pdf"), "{err}");
    assert!(!r.commands().iter().any(|c| c.contains(" up ")));
    // the runtime's own running containers hold their ports: no complaint
    let ps = "{\"Service\":\"pdf\",\"State\":\"running\"}\n{\"Service\":\"runtime\",\"State\":\"running\"}\n";
    let r = healthy(docker())
        .with_busy_ports(&[5300, 5101])
        .on(" ps --all --format json", vec![Output::ok(ps)]);
    stack::up(&r, &opts(Target::Local), &quiet).expect("our own ports");
    // 9090 only matters with the workflow engine
    let r = healthy(docker()).with_busy_ports(&[9090]);
    stack::up(&r, &opts(Target::Local), &quiet).expect("no workflow engine");
    let mut o = opts(Target::Local);
    o.workflow_engine = true;
    let err = stack::up(&r, &o, &quiet).unwrap_err();
    assert!(
        err.contains("Port 9090") && err.contains("workflow-engine"),
        "{err}"
    );
}

#[test]
fn hosts_entry_missing_is_named_before_compose_starts() {
    let r = healthy(docker()).with_unresolved(&["local.altinn.cloud"]);
    let err = stack::up(&r, &opts(Target::Local), &quiet).unwrap_err();
    assert!(err.contains("local.altinn.cloud does not resolve"), "{err}");
    assert!(err.contains("127.0.0.1 local.altinn.cloud"), "{err}");
    assert!(
        !r.commands().iter().any(|c| c.contains(" up ")),
        "{:?}",
        r.commands()
    );
}

#[test]
fn status_is_a_table_with_running_health_and_ports() {
    let ps = concat!(
        "{\"Service\":\"nginx\",\"State\":\"running\",\"Health\":\"healthy\",\"Publishers\":[{\"URL\":\"127.0.0.1\",\"TargetPort\":80,\"PublishedPort\":80,\"Protocol\":\"tcp\"}]}\n",
        "{\"Service\":\"runtime\",\"State\":\"running\",\"Health\":\"\",\"Publishers\":[{\"URL\":\"127.0.0.1\",\"TargetPort\":5101,\"PublishedPort\":5101,\"Protocol\":\"tcp\"}]}\n",
        "{\"Service\":\"pdf\",\"State\":\"exited\",\"ExitCode\":137}\n"
    );
    let r = docker().on(" ps --all --format json", vec![Output::ok(ps)]);
    let rep = stack::status(&r, &opts(Target::Local)).expect("status");
    let text = rep.to_text();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("SERVICE") && lines[0].contains("HEALTH") && lines[0].contains("PORTS"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("  ok nginx")
            && lines[1].contains("healthy")
            && lines[1].ends_with("127.0.0.1:80->80"),
        "{text}"
    );
    assert!(
        lines[2].contains("runtime") && lines[2].ends_with("127.0.0.1:5101->5101"),
        "{text}"
    );
    assert!(
        lines[3].starts_with("  -- pdf") && lines[3].contains("exited"),
        "{text}"
    );
    let v = rep.to_json();
    assert_eq!(v["parts"][0]["name"], "nginx");
    assert_eq!(v["parts"][0]["running"], true);
    assert_eq!(v["parts"][0]["health"], "healthy");
    assert_eq!(v["parts"][0]["ports"][0], "127.0.0.1:80->80");
    assert_eq!(v["parts"][2]["running"], false);
    assert_eq!(v["parts"][1]["health"], serde_json::Value::Null);
    // the older `Ports` text
    let parts = stack::parse_compose_ps(
        "[{\"Service\":\"runtime\",\"State\":\"running\",\"Ports\":\"127.0.0.1:5101->5101/tcp\"}]",
    );
    assert_eq!(parts[0].ports, vec!["127.0.0.1:5101->5101"]);
}

#[test]
fn the_service_catalogue_matches_compose_yaml() {
    // every service of compose.yaml is in the catalogue with the same profile and image
    // variable, and the other way round (a YAML-free scan: two-space service keys)
    let text = std::fs::read_to_string(stack_dir().compose_file()).unwrap();
    let from = text.find("\nservices:\n").unwrap() + 1;
    // up to the next top-level key (networks:, volumes:)
    let to = text[from..]
        .match_indices('\n')
        .map(|(i, _)| from + i + 1)
        .find(|&i| text[i..].starts_with(|c: char| c.is_ascii_lowercase()))
        .unwrap_or(text.len());
    let body = &text[from + "services:\n".len()..to];
    let mut found = Vec::new();
    let mut current: Option<(String, String, Option<String>)> = None;
    for line in body.lines() {
        if let Some(name) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':')) {
            if !name.starts_with(' ') && !name.starts_with('#') {
                found.extend(current.take());
                current = Some((name.to_string(), String::new(), None));
                continue;
            }
        }
        if let Some(c) = current.as_mut() {
            if let Some(img) = line.strip_prefix("    image: ${") {
                c.1 = img.split([':', '}']).next().unwrap_or("").to_string();
            }
            if let Some(p) = line.strip_prefix("    profiles: [\"") {
                c.2 = Some(p.trim_end_matches("\"]").to_string());
            }
        }
    }
    found.extend(current);
    let catalogue: Vec<(String, String, Option<String>)> = altinn_stack::services::SERVICES
        .iter()
        .map(|s| {
            (
                s.name.to_string(),
                s.image_var.to_string(),
                s.profile.map(String::from),
            )
        })
        .collect();
    let mut a = found.clone();
    let mut b = catalogue.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}
