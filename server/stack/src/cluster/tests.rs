use super::*;
use crate::exec::{Output as Out, Recorder};
use crate::plan::{StackDir, Target};
use std::sync::Arc;

fn app() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let r = d.path();
    std::fs::create_dir_all(r.join("App/config")).unwrap();
    std::fs::create_dir_all(r.join("App/bin")).unwrap();
    std::fs::write(
        r.join("App/config/applicationmetadata.json"),
        r#"{"id":"ttd/my-app","org":"ttd"}"#,
    )
    .unwrap();
    std::fs::write(
        r.join("App/App.csproj"),
        "<Project><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>",
    )
    .unwrap();
    std::fs::write(r.join("App/bin/App.dll"), "x").unwrap();
    d
}

fn opts(stack: &Path, user: &str) -> ClusterOptions {
    let mut s = StackOptions::new(Target::Kubernetes, StackDir(stack.to_path_buf()));
    s.context = Some("team".into());
    s.timeout_secs = 60;
    let mut o = ClusterOptions::new(s);
    o.app_timeout_secs = 4;
    o.user = Some(user.into());
    o.state_dir = Some(stack.join("state"));
    o
}

const POD_JSON: &str = r#"{"items":[
 {"metadata":{"name":"old","deletionTimestamp":"2026-01-01T00:00:00Z"},"status":{"phase":"Running"}},
 {"metadata":{"name":"my-app-ola-5d8-x1"},"status":{"phase":"Running"}}]}"#;

#[test]
fn dry_run_names_the_instance_after_app_and_user_and_copies_the_files() {
    let a = app();
    let st = tempfile::tempdir().unwrap();
    let rec = Recorder::new();
    let lines = dry_run(&rec, a.path(), &opts(st.path(), "ola")).unwrap();
    let text = lines.join("\n");
    assert!(
        text.contains("# instance my-app-ola (app ttd/my-app, user 'ola' from --user"),
        "{text}"
    );
    assert!(
        text.contains("kubectl --context team --namespace altinn-studio-apps apply --filename "),
        "{text}"
    );
    assert!(text.contains("cluster/my-app-ola/instance.yaml"), "{text}");
    assert!(
        text.contains("\"kind\":\"Deployment\"") && text.contains("\"name\":\"my-app-ola\""),
        "{text}"
    );
    assert!(text.contains("get pods --selector app.kubernetes.io/instance=my-app-ola --output json   # until a pod runs: POD"), "{text}");
    assert!(
        text.contains("cp stage POD:/work/incoming --container runner"),
        "{text}"
    );
    assert!(text.contains("# Sending 2 of 2 files"), "{text}");
    assert!(text.contains("#   + App/App.csproj"), "{text}");
    assert!(text.contains("# Not sent: App/bin/"), "{text}");
    assert!(
        text.contains("# open: http://local.altinn.cloud/altinn-ls/use/my-app-ola/ttd/my-app/"),
        "{text}"
    );
    assert!(text.contains("mcr.microsoft.com/dotnet/sdk:8.0"), "{text}");
    // nothing was run against the cluster
    assert!(
        rec.commands().iter().all(|c| !c.starts_with("kubectl")),
        "{:?}",
        rec.commands()
    );

    let kari = dry_run(&rec, a.path(), &opts(st.path(), "kari@example.org"))
        .unwrap()
        .join("\n");
    assert!(kari.contains("# instance my-app-kari "), "{kari}");
    assert!(!kari.contains("my-app-ola"), "{kari}");
}

#[test]
fn stop_deletes_only_this_instance_by_name() {
    let a = app();
    let st = tempfile::tempdir().unwrap();
    let rec = Recorder::new().with_programs(&["kubectl"]).on(
        "delete",
        vec![Out::ok("deployment.apps \"my-app-ola\" deleted\n")],
    );
    let msg = stop(&rec, a.path(), &opts(st.path(), "ola"), &|_| {}).unwrap();
    assert!(msg.contains("The instance my-app-ola was deleted"), "{msg}");
    let cmds = rec.commands();
    let deletes: Vec<&String> = cmds.iter().filter(|c| c.contains(" delete")).collect();
    assert_eq!(
        deletes,
        ["kubectl --context team --namespace altinn-studio-apps delete deployment/my-app-ola service/my-app-ola --ignore-not-found --wait=false"]
    );
    assert!(cmds
        .iter()
        .all(|c| !c.contains("delete -k") && !c.contains("--selector")));
    let plan = plan_stop(&rec, a.path(), &opts(st.path(), "kari")).unwrap();
    assert!(plan[1].contains("deployment/my-app-kari service/my-app-kari"));
}

#[test]
fn start_applies_copies_installs_and_streams_the_log() {
    let a = app();
    let st = tempfile::tempdir().unwrap();
    let rec = Recorder::new()
        .with_programs(&["kubectl"])
        .on("auth whoami", vec![Out::ok("ola@example.org")])
        .on("get ingress", vec![Out::ok(r#"{"items":[{"spec":{"rules":[{"host":"studio.example.org"},{"host":"runtime.example.org"}],"tls":[{"hosts":["runtime.example.org"]}]}}]}"#)])
        .on("get pods", vec![Out::ok(POD_JSON)])
        .on("cat /work/app", vec![Out::ok("")]);
    let lines = std::sync::Mutex::new(Vec::<String>::new());
    let progress = |m: &str| lines.lock().unwrap().push(m.to_string());
    let running = start(
        &rec,
        a.path(),
        &opts(st.path(), "ola"),
        Output::Lines(Arc::new(|_: &str| {})),
        &progress,
    )
    .unwrap();
    // the runner never reported the new generation listening (the recorder answers "")
    assert_eq!(running.state, "starting");
    assert_eq!(
        running.url,
        "https://runtime.example.org/altinn-ls/use/my-app-ola/ttd/my-app/"
    );
    let cmds = rec.commands();
    let pos = |needle: &str| {
        cmds.iter()
            .position(|c| c.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not in {cmds:#?}"))
    };
    assert!(pos("get --raw /readyz") < pos(" apply --filename "));
    assert!(pos(" apply --filename ") < pos(" get pods "));
    assert!(pos(" get pods ") < pos("cat /work/app/.altinn-ls/manifest.json"));
    assert!(pos("exec my-app-ola-5d8-x1 --container runner -- sh -c 'rm -rf /work/incoming") > 0);
    assert!(pos("cp stage my-app-ola-5d8-x1:/work/incoming --container runner") < pos("cp -R"));
    assert!(pos("spawn: kubectl --context team --namespace altinn-studio-apps logs my-app-ola-5d8-x1 --container runner --tail=50 --follow") > pos("cp -R"));
    let applied =
        std::fs::read_to_string(st.path().join("state/cluster/my-app-ola/instance.yaml")).unwrap();
    assert!(applied.contains("\"altinn.studio/owner-identity\": \"ola@example.org\""));
    assert!(applied.contains("\"value\": \"runtime.example.org\""));
    let log = lines.lock().unwrap().join("\n");
    assert!(log.contains("Sending 2 of 2 files"), "{log}");
    // the local record of what was sent: a dry run now sees nothing to send
    let dry = dry_run(&rec, a.path(), &opts(st.path(), "ola"))
        .unwrap()
        .join("\n");
    assert!(
        dry.contains("# Sending 0 of 2 files (0 B), deleting 0: no changed files"),
        "{dry}"
    );
}

#[test]
fn waits_for_the_pod_and_names_why_it_does_not_run() {
    let a = app();
    let st = tempfile::tempdir().unwrap();
    let pulling = r#"{"items":[{"metadata":{"name":"p"},"status":{"phase":"Pending",
      "containerStatuses":[{"state":{"waiting":{"reason":"ImagePullBackOff"}}}]}}]}"#;
    let rec = Recorder::new().with_programs(&["kubectl"]).on(
        "get pods",
        vec![Out::ok(r#"{"items":[]}"#), Out::ok(pulling)],
    );
    let err = match start(
        &rec,
        a.path(),
        &opts(st.path(), "ola"),
        Output::LogFile,
        &|_| {},
    ) {
        Err(e) => e,
        Ok(_) => panic!("the pod never ran"),
    };
    assert!(
        err.contains("is not running after 60 s (Pending: ImagePullBackOff)"),
        "{err}"
    );
    let polls = rec
        .commands()
        .iter()
        .filter(|c| c.contains(" get pods "))
        .count();
    assert_eq!(polls, 30);
}

#[test]
fn forbidden_apply_explains_the_rights() {
    let a = app();
    let st = tempfile::tempdir().unwrap();
    let rec = Recorder::new().with_programs(&["kubectl"]).on(
        " apply ",
        vec![Out::fail(1, "Error from server (Forbidden): deployments.apps is forbidden: User \"kari\" cannot create resource")],
    );
    let err = match start(
        &rec,
        a.path(),
        &opts(st.path(), "kari"),
        Output::LogFile,
        &|_| {},
    ) {
        Err(e) => e,
        Ok(_) => panic!("apply was refused"),
    };
    assert!(err.contains("altinn-studio-developers"), "{err}");
}

#[test]
fn an_admission_policy_denial_says_whose_instance_it_is() {
    let a = app();
    let st = tempfile::tempdir().unwrap();
    let rec = Recorder::new().with_programs(&["kubectl"]).on(
        " apply ",
        vec![Out::fail(1, "Error from server (Forbidden): error when applying patch: deployments.apps \"my-app-ola\" is forbidden: ValidatingAdmissionPolicy 'altinn-app-instance-owner' with binding 'altinn-app-instance-owner' denied request: this app instance belongs to another user")],
    );
    let err = match start(
        &rec,
        a.path(),
        &opts(st.path(), "ola"),
        Output::LogFile,
        &|_| {},
    ) {
        Err(e) => e,
        Ok(_) => panic!("apply was refused"),
    };
    assert!(err.contains("The admission policy refused it"), "{err}");
    assert!(!err.contains("altinn-studio-developers"), "{err}");
}

#[test]
fn a_pod_being_deleted_is_not_used() {
    assert_eq!(running_pod(POD_JSON).as_deref(), Ok("my-app-ola-5d8-x1"));
    assert_eq!(running_pod(r#"{"items":[]}"#), Err("no pod yet".into()));
    assert_eq!(running_pod("garbage"), Err("no answer".into()));
    let pulling = r#"{"items":[{"metadata":{"name":"p"},"status":{"phase":"Pending",
      "containerStatuses":[{"state":{"waiting":{"reason":"ImagePullBackOff"}}}]}}]}"#;
    assert_eq!(
        running_pod(pulling),
        Err("Pending: ImagePullBackOff".into())
    );
}

#[test]
fn status_lists_instances_with_owners() {
    let json = r#"{"items":[{"metadata":{"name":"my-app-ola","labels":{"altinn.studio/owner":"ola"},
      "annotations":{"altinn.studio/app-id":"ttd/my-app","altinn.studio/owner-identity":"ola@example.org","altinn.studio/last-activity":"1000"}},
      "status":{"readyReplicas":1}}]}"#;
    let lines = parse_instances(json, 1000 + 600);
    assert_eq!(
        lines,
        ["instance my-app-ola: app ttd/my-app, owner ola (ola@example.org), ready, last run 10 min ago"]
    );
    assert_eq!(
        parse_instances(r#"{"items":[]}"#, 0),
        ["no app instances in namespace altinn-studio-apps"]
    );
}

#[test]
fn the_editor_commands_with_target_kubernetes_reach_the_instance() {
    let a = app();
    let stack_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../stack");
    let ctx = crate::commands::CommandContext {
        workspace_root: a.path().to_path_buf(),
        progress: Box::new(|_| {}),
    };
    let rec = Recorder::new().with_programs(&["kubectl"]).on(
        "delete",
        vec![Out::ok("deployment.apps \"my-app-kari\" deleted\n")],
    );
    let v = crate::commands::execute_with(
        &rec,
        "altinn.run.stop",
        serde_json::json!([{"target": "kubernetes", "context": "team", "user": "kari", "stackDir": stack_dir}]),
        &ctx,
    )
    .unwrap();
    let v = serde_json::to_value(v).unwrap();
    assert_eq!(v["state"], "stopped");
    assert!(rec.commands().iter().any(|c| c
        == "kubectl --context team --namespace altinn-studio-apps delete deployment/my-app-kari service/my-app-kari --ignore-not-found --wait=false"));
    // without a target, run.stop is the local one (no kubectl)
    let rec2 = Recorder::new().with_programs(&["kubectl"]);
    let _ = crate::commands::execute_with(&rec2, "altinn.run.stop", serde_json::json!({}), &ctx);
    assert!(rec2.commands().iter().all(|c| !c.starts_with("kubectl")));
}
