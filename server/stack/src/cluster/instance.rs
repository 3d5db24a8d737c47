//! One developer's instance of one app: its name, labels and Kubernetes objects.
//!
//! The instance is a Deployment (one runner pod from the .NET SDK image) and a Service, in the
//! namespace of instances. The runner waits for the app's files, runs `dotnet run` in App/ and
//! restarts it whenever `altinn-ls run` bumps `.altinn-ls/generation`.

use crate::layout::fnv1a;
use serde_json::{json, Value};

/// Namespace of the instances (created with its rights by `stack/kubernetes/instances`).
pub const NAMESPACE: &str = "altinn-studio-apps";
/// Namespace of the stack (localtest's Service lives there).
pub const STACK_NAMESPACE: &str = "altinn-studio";
/// Port the app listens on in the runner (as with localtest's `dotnet run`).
pub const APP_PORT: u16 = 5005;
/// Longest instance name: pod names add 17 characters and must stay within 63.
pub const MAX_NAME: usize = 40;
pub const LABEL_INSTANCE: &str = "app.kubernetes.io/instance";
pub const LABEL_OWNER: &str = "altinn.studio/owner";
pub const LABEL_APP: &str = "altinn.studio/app";
pub const ANN_IDENTITY: &str = "altinn.studio/owner-identity";
pub const ANN_ACTIVITY: &str = "altinn.studio/last-activity";
pub const ANN_APP_ID: &str = "altinn.studio/app-id";
/// Selects every instance (the name label of instances, distinct from `app`, which the
/// stack's `runtime-app` Service selects).
pub const SELECTOR_ALL: &str = "app.kubernetes.io/name=app-instance";
/// The container in the runner pod.
pub const CONTAINER: &str = "runner";

/// Lower-case a-z0-9 and single '-', trimmed: the safe part of a DNS label.
pub fn sanitize(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Cap `s` at `max` characters; when cut, the end is a hash of `whole` so that names stay
/// distinct.
fn cap(s: &str, max: usize, whole: &str) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let hash = format!("{:08x}", fnv1a(whole.as_bytes()) & 0xffff_ffff);
    let keep = s[..max - 9].trim_end_matches('-');
    format!("{keep}-{hash}")
}

/// The developer as used in names and the owner label: the local part of an e-mail address,
/// sanitized, capped.
pub fn owner_label(user: &str) -> String {
    let local = user.split('@').next().unwrap_or(user);
    let s = sanitize(local);
    let s = if s.is_empty() { "user".to_string() } else { s };
    cap(&s, 30, user)
}

/// `<app>-<user>`, a DNS-1035 label of at most [`MAX_NAME`] characters.
pub fn instance_name(app: &str, user: &str) -> String {
    let a = sanitize(app);
    let a = if a.is_empty() { "app".to_string() } else { a };
    let mut name = format!("{a}-{}", owner_label(user));
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name = format!("app-{name}");
    }
    cap(&name, MAX_NAME, &format!("{app}/{user}"))
}

/// Everything that identifies one instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    pub name: String,
    pub org: String,
    pub app: String,
    /// the developer as given (e-mail or name)
    pub user: String,
    /// where the user came from ("--user", "git config user.email", …)
    pub user_source: String,
}

impl Instance {
    pub fn new(org: &str, app: &str, user: &str, user_source: &str) -> Instance {
        Instance {
            name: instance_name(app, user),
            org: org.to_string(),
            app: app.to_string(),
            user: user.to_string(),
            user_source: user_source.to_string(),
        }
    }
    pub fn owner(&self) -> String {
        owner_label(&self.user)
    }
    pub fn selector(&self) -> String {
        format!("{LABEL_INSTANCE}={}", self.name)
    }
    /// `/altinn-ls/use/<instance>/<org>/<app>/`: NGINX sets the routing cookie for the app's
    /// path and redirects to `/<org>/<app>/`.
    pub fn landing_path(&self) -> String {
        format!("/altinn-ls/use/{}/{}/{}/", self.name, self.org, self.app)
    }
    fn labels(&self) -> Value {
        json!({
            "app.kubernetes.io/name": "app-instance",
            LABEL_INSTANCE: self.name,
            "app.kubernetes.io/part-of": "altinn-studio",
            "app.kubernetes.io/managed-by": "altinn-ls",
            LABEL_OWNER: self.owner(),
            LABEL_APP: cap(&sanitize(&format!("{}-{}", self.org, self.app)), 63, &self.app),
        })
    }
}

/// What the runner pod needs besides the instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunnerSpec {
    pub image: String,
    /// the authenticated user (`kubectl auth whoami`), checked by the admission policy
    pub identity: String,
    /// seconds since the epoch: the reaper removes instances idle for longer than allowed
    pub now: u64,
    /// the runtime host name the browser uses (GeneralSettings__HostName)
    pub runtime_host: String,
}

/// The .NET SDK image for the app's target framework (`net8.0` → `sdk:8.0`), 8.0 when unknown.
pub fn sdk_image(csproj: &str) -> String {
    let version = csproj
        .split("<TargetFramework>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .map(str::trim)
        .and_then(|tf| tf.strip_prefix("net"))
        .filter(|v| v.split('.').count() == 2 && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .unwrap_or("8.0");
    format!("mcr.microsoft.com/dotnet/sdk:{version}")
}

/// The runner's loop (POSIX sh, PID 1): start `dotnet run` once files arrived, restart it when
/// the generation changes, stop it with its process group; write the generation to
/// `.altinn-ls/listening` once the app listens on 5005 (hex 138D in /proc/net/tcp*, no tools
/// needed), which `altinn-ls run` waits for.
pub const SUPERVISOR: &str = r#"set -u
A=/work/app; G=$A/.altinn-ls/generation; gen=""; pid=""; up=""
mkdir -p "$A" /work/home /work/nuget
stop_app() {
  [ -n "$pid" ] || return 0
  kill -TERM "-$pid" 2>/dev/null
  i=0; while kill -0 "-$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i+1)); done
  kill -KILL "-$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
}
trap 'stop_app; exit 0' TERM INT
echo "altinn-ls runner: waiting for the app's files (altinn-ls run --target kubernetes)"
while :; do
  new=$(cat "$G" 2>/dev/null || true)
  if [ -n "$new" ] && [ "$new" != "$gen" ]; then
    [ -n "$pid" ] && echo "altinn-ls runner: new files, restarting the app" && stop_app
    gen=$new
    echo "altinn-ls runner: dotnet run (generation $gen)"
    setsid sh -c 'cd /work/app/App && exec dotnet run --no-launch-profile' &
    pid=$!
  elif [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid"; echo "altinn-ls runner: the app exited (code $?); run altinn-ls run again"; pid=""
  elif [ -n "$pid" ] && [ "$up" != "$gen" ] && grep -q ':138D [0-9A-F]*:0000 0A' /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
    up=$gen; echo "$gen" > "$A/.altinn-ls/listening"; echo "altinn-ls runner: the app listens on port 5005"
  fi
  sleep 1
done
"#;

/// The instance's Deployment and Service.
pub fn objects(inst: &Instance, spec: &RunnerSpec) -> Vec<Value> {
    let labels = inst.labels();
    let runtime = format!("http://runtime.{STACK_NAMESPACE}.svc.cluster.local:5101");
    let platform = |api: &str| format!("{runtime}/{api}/api/v1/");
    let env: Vec<Value> = [
        ("ASPNETCORE_URLS", format!("http://+:{APP_PORT}")),
        ("ASPNETCORE_ENVIRONMENT", "Development".to_string()),
        ("DOTNET_CLI_HOME", "/work/home".to_string()),
        ("HOME", "/work/home".to_string()),
        ("NUGET_PACKAGES", "/work/nuget".to_string()),
        ("DOTNET_CLI_TELEMETRY_OPTOUT", "1".to_string()),
        ("DOTNET_NOLOGO", "1".to_string()),
        ("GeneralSettings__HostName", spec.runtime_host.clone()),
        ("PlatformSettings__ApiStorageEndpoint", platform("storage")),
        (
            "PlatformSettings__ApiRegisterEndpoint",
            platform("register"),
        ),
        ("PlatformSettings__ApiProfileEndpoint", platform("profile")),
        (
            "PlatformSettings__ApiAuthenticationEndpoint",
            platform("authentication"),
        ),
        (
            "PlatformSettings__ApiAuthorizationEndpoint",
            platform("authorization"),
        ),
        ("PlatformSettings__ApiEventsEndpoint", platform("events")),
        (
            "PlatformSettings__ApiNotificationEndpoint",
            platform("notifications"),
        ),
        (
            "AppSettings__OpenIdWellKnownEndpoint",
            format!("{runtime}/authentication/api/v1/openid/"),
        ),
    ]
    .into_iter()
    .map(|(k, v)| json!({"name": k, "value": v}))
    .collect();
    let annotations = json!({
        ANN_IDENTITY: spec.identity,
        ANN_ACTIVITY: spec.now.to_string(),
        ANN_APP_ID: format!("{}/{}", inst.org, inst.app),
        "altinn.studio/user": inst.user,
    });
    let deployment = json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": inst.name, "namespace": NAMESPACE, "labels": labels, "annotations": annotations},
        "spec": {
            "replicas": 1,
            "strategy": {"type": "Recreate"},
            "selector": {"matchLabels": {LABEL_INSTANCE: inst.name}},
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    "automountServiceAccountToken": false,
                    "enableServiceLinks": false,
                    "terminationGracePeriodSeconds": 15,
                    "securityContext": {
                        "runAsNonRoot": true,
                        "runAsUser": 1000,
                        "runAsGroup": 1000,
                        "fsGroup": 1000,
                        "seccompProfile": {"type": "RuntimeDefault"}
                    },
                    "containers": [{
                        "name": CONTAINER,
                        "image": spec.image,
                        "command": ["sh", "-c", SUPERVISOR],
                        "workingDir": "/work",
                        "env": env,
                        "ports": [{"name": "http", "containerPort": APP_PORT}],
                        // ready once the app listens; no liveness probe: the first build takes minutes
                        "readinessProbe": {"tcpSocket": {"port": "http"}, "periodSeconds": 5},
                        "resources": {
                            "requests": {"cpu": "250m", "memory": "768Mi", "ephemeral-storage": "1Gi"},
                            "limits": {"cpu": "2", "memory": "2Gi", "ephemeral-storage": "4Gi"}
                        },
                        "securityContext": {
                            "allowPrivilegeEscalation": false,
                            "readOnlyRootFilesystem": true,
                            "capabilities": {"drop": ["ALL"]}
                        },
                        "volumeMounts": [
                            {"name": "work", "mountPath": "/work"},
                            {"name": "tmp", "mountPath": "/tmp"}
                        ]
                    }],
                    "volumes": [
                        {"name": "work", "emptyDir": {"sizeLimit": "3Gi"}},
                        {"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}}
                    ]
                }
            }
        }
    });
    let service = json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": inst.name, "namespace": NAMESPACE, "labels": labels, "annotations": {ANN_IDENTITY: spec.identity}},
        "spec": {
            "selector": {LABEL_INSTANCE: inst.name},
            "ports": [{"name": "http", "port": APP_PORT, "targetPort": "http"}]
        }
    });
    vec![deployment, service]
}

/// YAML stream of JSON documents (kubectl and kubernetes-validate read it).
pub fn render(objects: &[Value]) -> String {
    let mut s = String::new();
    for o in objects {
        s.push_str("---\n");
        s.push_str(&serde_json::to_string_pretty(o).unwrap_or_default());
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_app_and_user() {
        assert_eq!(instance_name("my-app", "ola"), "my-app-ola");
        assert_eq!(
            instance_name("my-app", "Ola.Nordmann@digdir.no"),
            "my-app-ola-nordmann"
        );
        assert_ne!(
            instance_name("my-app", "kari"),
            instance_name("my-app", "ola")
        );
        assert_eq!(instance_name("3d-app", "ola"), "app-3d-app-ola");
        assert_eq!(instance_name("", "@"), "app-user");
    }

    #[test]
    fn long_names_are_cut_with_a_hash_and_stay_dns_labels() {
        let a = instance_name("a-very-long-application-name-for-testing", "someone");
        let b = instance_name("a-very-long-application-name-for-testing", "someone-else");
        assert!(a.len() <= MAX_NAME && b.len() <= MAX_NAME, "{a} {b}");
        assert_ne!(a, b);
        for n in [&a, &b] {
            assert!(n.starts_with(|c: char| c.is_ascii_lowercase()));
            assert!(n
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            assert!(!n.ends_with('-') && !n.contains("--"), "{n}");
        }
    }

    #[test]
    fn the_runner_looks_for_the_app_port_in_hex() {
        assert!(SUPERVISOR.contains(&format!(":{:04X} ", APP_PORT)));
        assert!(SUPERVISOR.contains(&format!("listens on port {APP_PORT}")));
    }

    #[test]
    fn sdk_image_follows_the_target_framework() {
        assert_eq!(
            sdk_image("<Project><PropertyGroup><TargetFramework>net9.0</TargetFramework>"),
            "mcr.microsoft.com/dotnet/sdk:9.0"
        );
        assert_eq!(sdk_image("<Project/>"), "mcr.microsoft.com/dotnet/sdk:8.0");
        assert_eq!(
            sdk_image("<TargetFramework>net8.0;evil</TargetFramework>"),
            "mcr.microsoft.com/dotnet/sdk:8.0"
        );
    }

    #[test]
    fn objects_are_labelled_with_owner_and_select_only_this_instance() {
        let inst = Instance::new("ttd", "my-app", "ola@example.org", "--user");
        let spec = RunnerSpec {
            image: "mcr.microsoft.com/dotnet/sdk:8.0".into(),
            identity: "ola@example.org".into(),
            now: 1_800_000_000,
            runtime_host: "local.altinn.cloud".into(),
        };
        let objs = objects(&inst, &spec);
        let d = &objs[0];
        assert_eq!(d["metadata"]["labels"][LABEL_OWNER], "ola");
        assert_eq!(d["metadata"]["labels"][LABEL_APP], "ttd-my-app");
        assert_eq!(d["metadata"]["annotations"][ANN_ACTIVITY], "1800000000");
        assert_eq!(
            d["spec"]["selector"]["matchLabels"][LABEL_INSTANCE],
            "my-app-ola"
        );
        assert_eq!(objs[1]["spec"]["selector"][LABEL_INSTANCE], "my-app-ola");
        let c = &d["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(c["resources"]["limits"]["memory"], "2Gi");
        assert!(render(&objs).starts_with("---\n{"));
        assert_eq!(inst.landing_path(), "/altinn-ls/use/my-app-ola/ttd/my-app/");
    }
}
