//! `altinn-ls run` / `altinn.run.start|stop` against a recorder.
use altinn_stack::commands::{execute_with, CommandContext};
use altinn_stack::exec::{Output, Recorder};
use altinn_stack::plan::{StackDir, Target};
use altinn_stack::run::{self, RunOptions};
use altinn_stack::stack::StackOptions;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn stack_dir() -> StackDir {
    StackDir(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../stack"
    )))
}

fn opts(target: Target) -> RunOptions {
    let mut s = StackOptions::new(target, stack_dir());
    s.timeout_secs = 4;
    RunOptions {
        stack: s,
        app_command: None,
        app_port: None,
        app_timeout_secs: 10,
    }
}

/// An app folder and a private state dir for pid/log files.
fn app(id: &str) -> tempfile::TempDir {
    let t = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(t.path().join("App/config")).unwrap();
    std::fs::create_dir_all(t.path().join("App/ui/form")).unwrap();
    std::fs::write(
        t.path().join("App/config/applicationmetadata.json"),
        json!({"id": id, "org": "ttd"}).to_string(),
    )
    .unwrap();
    t
}

fn state_dir() {
    // One folder for the whole test binary (tests run in parallel threads), under Cargo's
    // per-target scratch folder rather than the system temp dir (a folder per run piled up
    // there); emptied once per run.
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let d = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("run-ops-state");
        let _ = std::fs::remove_dir_all(&d);
        d
    });
    std::env::set_var("ALTINN_LS_STATE_DIR", dir);
}

fn runtime_up(r: Recorder) -> Recorder {
    r.on_http("local.altinn.cloud:80 /healthz", vec![Ok(200)])
        .on_http("local.altinn.cloud:80 /Home/", vec![Ok(200)])
}

fn quiet(_: &str) {}

#[test]
fn find_app_from_anywhere_inside_it() {
    let a = app("ttd/my-app");
    let info = run::find_app(&a.path().join("App/ui/form")).expect("found");
    assert_eq!(info.root, a.path());
    assert_eq!((info.org.as_str(), info.app.as_str()), ("ttd", "my-app"));
    assert_eq!(info.path(), "/ttd/my-app/");
    let bad = app("no-slash");
    assert_eq!(run::find_app(bad.path()).unwrap().path(), "/");
    let none = tempfile::tempdir().unwrap();
    let err = run::find_app(none.path()).unwrap_err();
    assert!(err.contains("App/config/applicationmetadata.json"), "{err}");
}

#[test]
fn start_with_the_runtime_up_spawns_dotnet_and_waits_for_nginx() {
    state_dir();
    let a = app("ttd/app1");
    let r = runtime_up(Recorder::new().with_programs(&["dotnet", "kill"])).on_http(
        "local.altinn.cloud:80 /ttd/app1/",
        vec![Ok(502), Ok(502), Ok(200)],
    );
    let running = run::start(
        &r,
        a.path(),
        &opts(Target::Local),
        run::Output::LogFile,
        &quiet,
    )
    .expect("started");
    assert_eq!(running.state, "running");
    assert_eq!(running.url, "http://local.altinn.cloud/ttd/app1/");
    let cmds = r.commands();
    assert!(
        !cmds.iter().any(|c| c.contains("compose")),
        "runtime was up: {cmds:?}"
    );
    let spawn = cmds
        .iter()
        .find(|c| c.starts_with("spawn: "))
        .expect("spawned");
    assert!(spawn.contains("/App && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://0.0.0.0:5005 PORT=5005 dotnet run --no-launch-profile)"), "{spawn}");
    let files = run::run_files(a.path());
    let pid: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files.pid_file).unwrap()).unwrap();
    assert_eq!(pid["pid"], running.pid);
    assert_eq!(pid["group"], true);
    assert_eq!(running.log.as_deref(), Some(files.log_file.as_path()));

    // a second start is refused while the first one lives
    let r2 = runtime_up(Recorder::new().with_programs(&["dotnet", "kill"]));
    let err = run::start(
        &r2,
        a.path(),
        &opts(Target::Local),
        run::Output::LogFile,
        &quiet,
    )
    .err()
    .expect("refused");
    assert!(err.contains("already running"), "{err}");

    // stop: TERM to the process group, then it is gone
    let r3 = Recorder::new().with_programs(&["kill"]).on(
        "kill -0",
        vec![Output::ok(""), Output::fail(1, "No such process")],
    );
    let msg = run::stop(&r3, a.path(), None, &quiet).expect("stopped");
    assert!(msg.contains("was stopped"), "{msg}");
    assert!(r3
        .commands()
        .contains(&format!("kill -TERM -- -{}", running.pid)));
    assert!(!files.pid_file.exists());
    let msg = run::stop(&r3, a.path(), None, &quiet).expect("nothing");
    assert!(msg.contains("No app started by altinn-ls"), "{msg}");
}

#[test]
fn start_brings_the_stack_up_when_the_runtime_is_down() {
    state_dir();
    let a = app("ttd/app2");
    let r = Recorder::new()
        .with_programs(&["docker", "kill"])
        .on("docker compose version", vec![Output::ok("v2")])
        .on("docker info", vec![Output::ok("28")]);
    let mut o = opts(Target::Local);
    o.app_command = Some("python3 -m http.server 5005".into());
    o.app_port = Some(5099);
    let err = run::start(&r, a.path(), &o, run::Output::LogFile, &quiet)
        .err()
        .expect("no health");
    assert!(
        r.commands()
            .iter()
            .any(|c| c.starts_with("APP_PORT=5099 docker compose") && c.contains(" up --detach")),
        "{:?}",
        r.commands()
    );
    assert!(err.contains("Not healthy within 4 s"), "{err}");
    assert!(
        !r.commands().iter().any(|c| c.starts_with("spawn")),
        "no app without a runtime"
    );
}

#[test]
fn start_refusals() {
    state_dir();
    let a = app("ttd/app3");
    // no dotnet
    let r = runtime_up(Recorder::new().with_programs(&["kill"]));
    let err = run::start(
        &r,
        a.path(),
        &opts(Target::Local),
        run::Output::LogFile,
        &quiet,
    )
    .err()
    .unwrap();
    assert!(
        err.contains("The .NET SDK (`dotnet`) was not found"),
        "{err}"
    );
    assert!(err.contains("--app-command"), "{err}");
    // port taken
    let r = runtime_up(Recorder::new().with_programs(&["dotnet"])).with_busy_ports(&[5005]);
    let err = run::start(
        &r,
        a.path(),
        &opts(Target::Local),
        run::Output::LogFile,
        &quiet,
    )
    .err()
    .unwrap();
    assert!(err.contains("Port 5005 is already in use"), "{err}");
    // kubernetes
    let err = run::start(
        &Recorder::new(),
        a.path(),
        &opts(Target::Kubernetes),
        run::Output::LogFile,
        &quiet,
    )
    .err()
    .unwrap();
    assert!(err.contains("runtime-app Service"), "{err}");
}

#[test]
fn slow_app_is_reported_as_starting() {
    state_dir();
    let a = app("ttd/app4");
    let r = runtime_up(Recorder::new().with_programs(&["sh", "kill"]));
    let mut o = opts(Target::Local);
    o.app_command = Some("sleep 1000".into());
    o.app_port = Some(6001);
    o.app_timeout_secs = 4;
    let lines: Arc<dyn Fn(&str) + Send + Sync> = Arc::new(|_| {});
    let running =
        run::start(&r, a.path(), &o, run::Output::Lines(lines), &quiet).expect("starting");
    assert_eq!(running.state, "starting");
    assert!(running.log.is_none());
    let pid: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run::run_files(a.path()).pid_file).unwrap())
            .unwrap();
    assert_eq!(
        pid["group"], false,
        "a foreground app shares our process group (Ctrl-C)"
    );
    run::forget(a.path());
}

#[test]
fn lsp_run_start_returns_state_and_url() {
    state_dir();
    let a = app("ttd/app5");
    let ctx = CommandContext {
        workspace_root: a.path().join("App"),
        progress: Box::new(|_| {}),
    };
    let r = runtime_up(Recorder::new().with_programs(&["sh", "kill"]))
        .on_http("local.altinn.cloud:80 /ttd/app5/", vec![Ok(200)]);
    let v = execute_with(
        &r,
        "altinn.run.start",
        json!({"appCommand": "python3 -m http.server 7000", "port": 7000, "stackDir": stack_dir().0}),
        &ctx,
    )
    .expect("start");
    let v = serde_json::to_value(v).unwrap();
    assert_eq!(v["state"], "running");
    assert_eq!(v["url"], "http://local.altinn.cloud/ttd/app5/");
    assert!(r
        .commands()
        .iter()
        .any(|c| c.contains("ASPNETCORE_URLS=http://0.0.0.0:7000")
            && c.contains("sh -c 'python3 -m http.server 7000'")));
    let err = execute_with(&r, "altinn.run.start", json!({"port": 70000}), &ctx).unwrap_err();
    assert!(err.contains("port must be a number"), "{err}");
    let r2 = Recorder::new()
        .with_programs(&["kill"])
        .on("kill -0", vec![Output::fail(1, "")]);
    let v = execute_with(&r2, "altinn.run.stop", json!({}), &ctx).expect("stop");
    let v = serde_json::to_value(v).unwrap();
    assert_eq!(v["state"], "stopped");
    assert!(v["message"].as_str().unwrap().contains("already stopped"));
    assert!(!Path::new(&run::run_files(a.path()).pid_file).exists());
}

/// Issue 15 (low): `--stop` trusted the pid file, so a pid reused by another process after the
/// app ended got SIGTERM. Now the start time recorded at launch must match (before: the
/// `kill -TERM` assert failed).
#[test]
fn stop_never_signals_a_process_that_reused_the_pid() {
    state_dir();
    let a = app("ttd/app-reused");
    let files = run::run_files(a.path());
    std::fs::create_dir_all(files.pid_file.parent().unwrap()).unwrap();
    std::fs::write(
        &files.pid_file,
        json!({"pid": 4242, "group": true, "started": "Sun Dec  6 07:00:00 2026"}).to_string(),
    )
    .unwrap();
    let r = Recorder::new()
        .with_programs(&["kill", "ps"])
        .on("kill -0", vec![Output::ok("")])
        .on(
            "ps -o lstart= -p 4242",
            vec![Output::ok("Sun Dec  6 08:15:00 2026\n")],
        );
    let msg = run::stop(&r, a.path(), None, &quiet).expect("ok");
    assert!(msg.contains("now belongs to another process"), "{msg}");
    assert!(
        !r.commands()
            .iter()
            .any(|c| c.contains("-TERM") || c.contains("-KILL")),
        "{:?}",
        r.commands()
    );
    assert!(!files.pid_file.exists());

    // the same start time: it is ours, it is stopped
    std::fs::write(
        &files.pid_file,
        json!({"pid": 4242, "group": true, "started": "Sun Dec  6 07:00:00 2026"}).to_string(),
    )
    .unwrap();
    let r = Recorder::new()
        .with_programs(&["kill", "ps"])
        .on("kill -0", vec![Output::ok(""), Output::fail(1, "")])
        .on(
            "ps -o lstart= -p 4242",
            vec![Output::ok("Sun Dec  6 07:00:00 2026\n")],
        );
    let msg = run::stop(&r, a.path(), None, &quiet).expect("ok");
    assert!(msg.contains("was stopped"), "{msg}");
    assert!(r.commands().contains(&"kill -TERM -- -4242".to_string()));
}

/// Issue 15 (low): the app listened on 0.0.0.0 (every interface). On Linux it now listens on
/// the container bridge's gateway, which is what host.docker.internal reaches (before: the
/// spawn line had 0.0.0.0).
#[cfg(target_os = "linux")]
#[test]
fn the_app_listens_on_the_bridge_gateway_not_on_every_interface() {
    state_dir();
    let a = app("ttd/app-listen");
    let r = runtime_up(Recorder::new().with_programs(&["dotnet", "kill", "docker"]))
        .on(
            "docker network inspect bridge",
            vec![Output::ok("172.17.0.1 \n")],
        )
        .on_http("local.altinn.cloud:80 /ttd/app-listen/", vec![Ok(200)]);
    run::start(
        &r,
        a.path(),
        &opts(Target::Local),
        run::Output::LogFile,
        &quiet,
    )
    .expect("started");
    let spawn = r
        .commands()
        .into_iter()
        .find(|c| c.starts_with("spawn: "))
        .unwrap();
    assert!(
        spawn.contains("ASPNETCORE_URLS=http://172.17.0.1:5005"),
        "{spawn}"
    );
    assert!(!spawn.contains("0.0.0.0"), "{spawn}");
    let _ = run::stop(&Recorder::new(), a.path(), None, &quiet);
    run::forget(a.path());
}

fn with_backend(a: &tempfile::TempDir, version: &str) {
    std::fs::write(
        a.path().join("App/App.csproj"),
        format!("<Project Sdk=\"Microsoft.NET.Sdk.Web\"><ItemGroup><PackageReference Include=\"Altinn.App.Api\" Version=\"{version}\" /></ItemGroup></Project>"),
    )
    .unwrap();
}

fn docker_engine(r: Recorder) -> Recorder {
    r.on("docker compose version", vec![Output::ok("v2")])
        .on("docker info", vec![Output::ok("28")])
}

#[test]
fn preflight_order_no_docker_call_when_dotnet_is_missing() {
    state_dir();
    let a = app("ttd/app6");
    // the runtime is down, docker is there, .NET is not: nothing may touch docker
    let r = docker_engine(Recorder::new().with_programs(&["docker", "kill"]));
    let err = run::start(
        &r,
        a.path(),
        &opts(Target::Local),
        run::Output::LogFile,
        &quiet,
    )
    .err()
    .expect("refused");
    assert!(
        err.contains("The .NET SDK (`dotnet`) was not found"),
        "{err}"
    );
    assert!(
        r.log().is_empty(),
        "nothing asked before .NET: {:?}",
        r.log()
    );
    // then the app's port, then the hosts entry, still before any engine call
    let r = docker_engine(Recorder::new().with_programs(&["docker", "dotnet"]))
        .with_busy_ports(&[5005]);
    let err = run::start(
        &r,
        a.path(),
        &opts(Target::Local),
        run::Output::LogFile,
        &quiet,
    )
    .err()
    .unwrap();
    assert!(err.contains("Port 5005"), "{err}");
    assert!(r.commands().is_empty(), "{:?}", r.commands());
    let r = docker_engine(Recorder::new().with_programs(&["docker", "dotnet"]))
        .with_unresolved(&["local.altinn.cloud"]);
    let err = run::start(
        &r,
        a.path(),
        &opts(Target::Local),
        run::Output::LogFile,
        &quiet,
    )
    .err()
    .unwrap();
    assert!(err.contains("127.0.0.1 local.altinn.cloud"), "{err}");
    assert!(r.commands().is_empty(), "{:?}", r.commands());
    // then the engine, then the runtime's ports, then compose
    let r = docker_engine(Recorder::new().with_programs(&["docker", "dotnet"]))
        .with_busy_ports(&[5101]);
    let err = run::start(
        &r,
        a.path(),
        &opts(Target::Local),
        run::Output::LogFile,
        &quiet,
    )
    .err()
    .unwrap();
    assert!(
        err.contains("Port 5101") && err.contains("runtime"),
        "{err}"
    );
    let cmds = r.commands();
    assert!(
        cmds.iter().any(|c| c.starts_with("docker info")),
        "{cmds:?}"
    );
    assert!(!cmds.iter().any(|c| c.contains(" up ")), "{cmds:?}");
}

#[test]
fn workflow_engine_only_for_backend_v9() {
    state_dir();
    for (version, want) in [("9.0.0", true), ("8.7.2", false)] {
        let a = app("ttd/app7");
        with_backend(&a, version);
        let info = run::find_app(a.path()).unwrap();
        assert_eq!(info.needs_workflow_engine(), want, "{version}");
        let p = run::plan(
            &Recorder::new(),
            a.path(),
            &opts(Target::Local),
            altinn_stack::plan::Engine::Docker,
            &quiet,
        )
        .expect("plan");
        let names: Vec<&str> = p.services.iter().map(|s| s.0.as_str()).collect();
        if want {
            assert_eq!(
                names,
                [
                    "nginx",
                    "runtime",
                    "pdf",
                    "workflow-engine",
                    "workflow-engine-db"
                ]
            );
            assert!(
                p.commands[0].contains("--profile workflow-engine up"),
                "{:?}",
                p.commands
            );
        } else {
            assert_eq!(names, ["nginx", "runtime", "pdf"]);
            assert!(!p.commands[0].contains("--profile"), "{:?}", p.commands);
        }
        assert!(p.to_text().contains(&format!("Altinn.App.Api {version}")));
    }
}

#[test]
fn run_finds_the_runtime_on_the_fallback_port() {
    state_dir();
    let a = app("ttd/app8");
    let r = Recorder::new()
        .with_programs(&["dotnet", "kill"])
        .on_http("local.altinn.cloud:8000 /healthz", vec![Ok(200)])
        .on_http("local.altinn.cloud:8000 /Home/", vec![Ok(200)])
        .on_http("local.altinn.cloud:8000 /ttd/app8/", vec![Ok(200)]);
    let running = run::start(
        &r,
        a.path(),
        &opts(Target::Local),
        run::Output::LogFile,
        &quiet,
    )
    .expect("started");
    assert_eq!(running.url, "http://local.altinn.cloud:8000/ttd/app8/");
    assert!(!r.commands().iter().any(|c| c.contains("compose")));
    let r3 = Recorder::new()
        .with_programs(&["kill"])
        .on("kill -0", vec![Output::ok(""), Output::fail(1, "")]);
    run::stop(&r3, a.path(), None, &quiet).expect("stopped");
}
