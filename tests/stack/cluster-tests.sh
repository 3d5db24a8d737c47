#!/usr/bin/env bash
# `altinn-ls run --target kubernetes` (developers' app instances in the cluster), with real
# tools and no cluster: kubectl kustomize + kubernetes-validate --strict on the instances'
# infrastructure and on the instance manifests altinn-ls applies; the commands issued (a fake
# kubectl that keeps a fake pod's /work on disk and runs altinn-ls's own install script there);
# the routing of two developers' instances through the real NGINX (cluster_routing.py).
# Called by run-tests.sh; prints PASS/FAIL lines.
# usage: cluster-tests.sh BIN WORK PY VENV NGINX BASE_PORT
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=$1; W=$2; PY=$3; VENV=$4; NGINX=$5; BASE=$6
NP=$((BASE + 6)); P_INST=$((BASE + 7)); P_DNS=$((BASE + 8))
P_DESIGNER=$((BASE + 1)); P_GITEA=$((BASE + 2)); P_RUNTIME=$((BASE + 3)); P_APP=$((BASE + 4)); P_OIDC=$((BASE + 5))
PIDS=()
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
contains() { grep -qF -- "$2" "$1"; }
cleanup() {
  [ -f "$W/nginx/nginx.pid" ] && kill -QUIT "$(cat "$W/nginx/nginx.pid")" 2>/dev/null
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
}
trap cleanup EXIT
rm -rf "$W"; mkdir -p "$W/bin" "$W/state" "$W/pods"
KV=$VENV/bin/kubernetes-validate

echo "=== instances: manifests"
check "kubectl kustomize stack/kubernetes/instances renders" \
  sh -c "kubectl kustomize '$ROOT/stack/kubernetes/instances' > '$W/infra.yaml'"
for kv in 1.37.0 1.33.0; do
  check "instances infrastructure passes kubernetes-validate --strict -k $kv" "$KV" --strict --quiet -k "$kv" "$W/infra.yaml"
done
# (production renders only with its secrets files, which are not in git: a copy with made-up values)
rm -rf "$W/stack-copy"; cp -r "$ROOT/stack" "$W/stack-copy"
for f in "$W"/stack-copy/kubernetes/overlays/*/*-secrets.env.example; do
  [ -f "$f" ] && sed -E 's/example-[a-z-]+/test-only-s3cret/g' "$f" > "${f%.example}"
done
for ov in local production; do
  check "overlays/$ov renders with the instance routing component" \
    sh -c "kubectl kustomize '$W/stack-copy/kubernetes/overlays/$ov' > '$W/$ov.yaml'"
done
"$PY" - "$W/infra.yaml" "$W/local.yaml" "$W/production.yaml" "$ROOT/stack/nginx/instances" <<'PY'
import sys, yaml
def report(ok, name, why=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f": {why}"))
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
kinds = {(d["kind"], d["metadata"]["name"]): d for d in docs}
ns = kinds.get(("Namespace", "altinn-studio-apps"))
report(ns is not None and ns["metadata"]["labels"].get("pod-security.kubernetes.io/enforce") == "restricted",
       "instances: own namespace with Pod Security 'restricted'")
for d in docs:
    if d["kind"] in ("Namespace", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"):
        continue
    n = d["metadata"].get("namespace")
    ok = n == "altinn-studio-apps" or (d["kind"] in ("Role", "RoleBinding") and d["metadata"]["name"].endswith("-read") and n == "altinn-studio")
    report(ok, f"instances: {d['kind']}/{d['metadata']['name']} in the instances' namespace (or read-only in the stack's)", str(n))
    report(d["metadata"].get("labels", {}).get("app.kubernetes.io/part-of") == "altinn-studio", f"instances: {d['kind']}/{d['metadata']['name']} part-of=altinn-studio")
dev = kinds[("Role", "app-instance-developer")]
res = {r for rule in dev["rules"] for r in rule["resources"]}
verbs = {v for rule in dev["rules"] for v in rule["verbs"]}
report(res == {"deployments", "services", "pods", "pods/log", "pods/exec", "events"} and "*" not in verbs,
       "instances: developers may manage deployments/services, read pods and logs, exec (kubectl cp); nothing else", str(res))
read = kinds[("Role", "app-instance-developer-read")]
report(all(set(r["verbs"]) <= {"get", "list"} for r in read["rules"])
       and {x for r in read["rules"] for x in r["resources"]} == {"ingresses", "deployments", "statefulsets"},
       "instances: in the stack's namespace developers only read the Ingress and the workloads")
rb = kinds[("RoleBinding", "app-instance-developers")]
report(rb["subjects"][0] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "altinn-studio-developers"},
       "instances: rights go to the group altinn-studio-developers")
vap = kinds[("ValidatingAdmissionPolicy", "altinn-app-instance-owner")]
exprs = " ".join(v["expression"] for v in vap["spec"]["validations"])
report("oldObject.metadata.annotations['altinn.studio/owner-identity'] == request.userInfo.username" in exprs
       and "object.metadata.annotations['altinn.studio/owner-identity'] == request.userInfo.username" in exprs,
       "instances: admission policy: only the owner identity creates, changes, deletes")
vb = kinds[("ValidatingAdmissionPolicyBinding", "altinn-app-instance-owner")]
report(vb["spec"]["validationActions"] == ["Deny"] and vb["spec"]["matchResources"]["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "altinn-studio-apps"},
       "instances: the policy denies, in the instances' namespace only")
cj = kinds[("CronJob", "instance-reaper")]
pod = cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
c = pod["containers"][0]
cm = c["envFrom"][0]["configMapRef"]["name"]
report(("ConfigMap", cm) in kinds and "IDLE_MINUTES" in kinds[("ConfigMap", cm)]["data"], "instances: the reaper reads IDLE_MINUTES from an existing ConfigMap")
report(pod["serviceAccountName"] == "instance-reaper" and pod["securityContext"]["runAsNonRoot"] is True
       and c["securityContext"]["allowPrivilegeEscalation"] is False and "/" in c["image"] and ":" in c["image"],
       "instances: the reaper runs non-root with its own ServiceAccount and a pinned image", c["image"])
reaper = kinds[("Role", "instance-reaper")]
report({v for r in reaper["rules"] for v in r["verbs"]} <= {"list", "delete"}, "instances: the reaper may only list and delete")
report("app.kubernetes.io/name=app-instance" in c["args"][0] and "altinn\\.studio/last-activity" in c["args"][0], "instances: the reaper looks at instances' last-activity only")
q = kinds[("ResourceQuota", "app-instances")]["spec"]["hard"]
report("requests.cpu" in q and "limits.memory" in q and "count/deployments.apps" in q, "instances: a quota bounds them all")
np = kinds[("NetworkPolicy", "app-instance-ingress")]["spec"]
report(np["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": "app-instance"}
       and np["ingress"][0]["from"][0]["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": "nginx"},
       "instances: only the stack's NGINX reaches them")
# the overlays: NGINX gets the instance templates and settings
import os
for ov, path in (("local", sys.argv[2]), ("production", sys.argv[3])):
    od = [d for d in yaml.safe_load_all(open(path)) if d]
    names = {(d["kind"], d["metadata"]["name"]) for d in od}
    ngx = [d for d in od if d["kind"] == "Deployment" and d["metadata"]["name"] == "nginx"][0]
    vol = [v for v in ngx["spec"]["template"]["spec"]["volumes"] if v["name"] == "templates"][0]
    srcs = [s["configMap"]["name"] for s in vol.get("projected", {}).get("sources", [])]
    report("configMap" not in vol and len(srcs) == 2 and all(("ConfigMap", s) in names for s in srcs),
           f"{ov}: NGINX mounts its template and the instance templates (both ConfigMaps exist)", str(vol))
    tm = [d for d in od if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("nginx-instance-templates")][0]["data"]
    same = all(tm.get(f) == open(os.path.join(sys.argv[4], f)).read() for f in ("instances.http.inc.template", "instances.runtime.inc.template"))
    report(same, f"{ov}: the instance templates are stack/nginx/instances verbatim")
    env = [d for d in od if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("nginx-env")][0]["data"]
    report(env.get("APP_INSTANCE_DOMAIN") == "altinn-studio-apps.svc.cluster.local" and env.get("APP_INSTANCE_PORT") == "5005"
           and env.get("APP_INSTANCE_RESOLVER"), f"{ov}: NGINX knows the instances' domain, port and resolver", str(env))
PY

echo "=== run --target kubernetes --dry-run"
mkdir -p "$W/app/App/config" "$W/app/App/ui/layouts" "$W/app/App/bin/Debug" "$W/app/App/obj" "$W/app/.git" "$W/app/App/node_modules/x"
echo '{"id": "ttd/my-app", "org": "ttd"}' > "$W/app/App/config/applicationmetadata.json"
echo '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>' > "$W/app/App/App.csproj"
echo '{"data": {"layout": []}}' > "$W/app/App/ui/layouts/page1.json"
echo binary > "$W/app/App/bin/Debug/App.dll"; echo '{}' > "$W/app/App/obj/project.assets.json"
echo 'ref: refs/heads/main' > "$W/app/.git/HEAD"; echo 'x' > "$W/app/App/node_modules/x/index.js"
export ALTINN_LS_STATE_DIR=$W/state
(cd "$W/app/App" && env PATH="$W/emptybin" "$BIN" run --target kubernetes --context team --user ola@example.org --dry-run) > "$W/dry-ola.txt" 2>&1; rc=$?
(cd "$W/app" && env PATH="$W/emptybin" "$BIN" run --target kubernetes --context team --user kari --dry-run) > "$W/dry-kari.txt" 2>&1
check "dry-run: exit 0 without kubectl" test "$rc" = 0
check "dry-run: names the instance after app and user" contains "$W/dry-ola.txt" "# instance my-app-ola (app ttd/my-app, user 'ola@example.org' from --user"
check "dry-run: applies the instance in its namespace" contains "$W/dry-ola.txt" "kubectl --context team --namespace altinn-studio-apps apply --filename $W/state/cluster/my-app-ola/instance.yaml"
dry_copy_ok() {
  grep -q 'get pods --selector app.kubernetes.io/instance=my-app-ola --output json   # until a pod runs: POD' "$W/dry-ola.txt" &&
    contains "$W/dry-ola.txt" "(cd $W/state/cluster/my-app-ola && kubectl --context team --namespace altinn-studio-apps cp stage POD:/work/incoming --container runner)" &&
    contains "$W/dry-ola.txt" "exec POD --container runner -- sh -c 'set -e" &&
    contains "$W/dry-ola.txt" "\"\$A/.altinn-ls/generation\"' sh GENERATION"
}
check "dry-run: waits for the runner pod, copies the files, installs them" dry_copy_ok
check "dry-run: streams the log" contains "$W/dry-ola.txt" "logs POD --container runner --tail=50 --follow"
check "dry-run: says what is sent and what is not" \
  sh -c "grep -q '# Sending 3 of 3 files' '$W/dry-ola.txt' && grep -q '#   + App/ui/layouts/page1.json' '$W/dry-ola.txt' && grep -q '# Not sent: .git/, App/bin/, App/node_modules/, App/obj/' '$W/dry-ola.txt'"
check "dry-run: the URL sets the instance cookie" contains "$W/dry-ola.txt" "# open: http://local.altinn.cloud/altinn-ls/use/my-app-ola/ttd/my-app/"
check "dry-run: a second user gets a different instance" \
  sh -c "grep -q '# instance my-app-kari ' '$W/dry-kari.txt' && ! grep -q 'my-app-ola' '$W/dry-kari.txt'"
check "dry-run: never deletes" sh -c "! grep -q ' delete' '$W/dry-ola.txt'"
sed -n 's/^#   {/{/p' "$W/dry-ola.txt" | sed 's/^/---\n/' > "$W/dry-objects.yaml"
for kv in 1.37.0 1.33.0; do
  check "dry-run instance manifest passes kubernetes-validate --strict -k $kv" "$KV" --strict --quiet -k "$kv" "$W/dry-objects.yaml"
done
(cd "$W/app" && env PATH="$W/emptybin" "$BIN" run --target kubernetes --user kari --stop --dry-run) > "$W/o.txt" 2>&1
check "--stop --dry-run: deletes only that instance, by name" \
  sh -c "grep -qx 'kubectl --namespace altinn-studio-apps delete deployment/my-app-kari service/my-app-kari --ignore-not-found --wait=false' '$W/o.txt' && ! grep -q 'delete -k' '$W/o.txt'"

echo "=== run --target kubernetes with a fake kubectl (a fake pod's /work on disk)"
cat > "$W/bin/kubectl" <<EOF
#!/bin/bash
# record, then behave like a cluster with one runner pod per instance under $W/pods/<pod>
echo "kubectl \$*" >> "$W/kubectl.log"
args=("\$@")
sel=\$(printf '%s\n' "\$@" | sed -n 's/^app.kubernetes.io\/instance=//p' | head -1)
case "\$*" in
  *"get --raw /readyz"*) echo ok;;
  *"auth whoami"*) printf '%s' "\${FAKE_WHOAMI:-ola@example.org}";;
  *" get ingress "*) echo '{"items":[{"spec":{"rules":[{"host":"studio.localhost"},{"host":"local.altinn.cloud"}]}}]}';;
  *" apply --filename "*)
    n=\$(ls "$W"/applied-*.yaml 2>/dev/null | wc -l); cp "\${args[-1]}" "$W/applied-\$n.yaml"
    echo "deployment.apps/x configured"; echo "service/x unchanged";;
  *" get pods "*) echo "{\"items\":[{\"metadata\":{\"name\":\"\$sel-5d8f-x\"},\"status\":{\"phase\":\"Running\"}}]}";;
  *" get deployments --selector app.kubernetes.io/name=app-instance "*)
    echo '{"items":[{"metadata":{"name":"my-app-ola","labels":{"altinn.studio/owner":"ola"},"annotations":{"altinn.studio/app-id":"ttd/my-app","altinn.studio/owner-identity":"ola@example.org","altinn.studio/last-activity":"1"}},"status":{"readyReplicas":1}},{"metadata":{"name":"my-app-kari","labels":{"altinn.studio/owner":"kari"},"annotations":{"altinn.studio/app-id":"ttd/my-app","altinn.studio/owner-identity":"kari@example.org","altinn.studio/last-activity":"1"}},"status":{}}]}';;
  *" get deployments,statefulsets "*) echo '{"items":[]}';;
  *" exec "*)
    for i in "\${!args[@]}"; do [ "\${args[\$i]}" = exec ] && pod=\${args[\$((i+1))]} && break; done
    root="$W/pods/\$pod"; mkdir -p "\$root"
    # find the script after "sh -c" and run it with /work moved to the fake pod
    for i in "\${!args[@]}"; do [ "\${args[\$i]}" = "-c" ] && s=\$((i+1)); done
    script=\${args[\$s]//\/work/\$root}
    sh -c "\$script" "\${args[@]:\$((s+1))}"
    # the runner (tested on its own below) reports the new generation once the app listens
    case "\$script" in *'.altinn-ls/generation'*) cp "\$root/app/.altinn-ls/generation" "\$root/app/.altinn-ls/listening";; esac;;
  *" cp "*)
    for i in "\${!args[@]}"; do [ "\${args[\$i]}" = cp ] && src=\${args[\$((i+1))]} && dst=\${args[\$((i+2))]}; done
    pod=\${dst%%:*}; mkdir -p "$W/pods/\$pod"; cp -R "\$src" "$W/pods/\$pod/incoming";;
  *" logs "*) echo "altinn-ls runner: dotnet run (generation 1)"; echo "Now listening on: http://[::]:5005";;
  *" delete "*) echo "deployment.apps \"\$(printf '%s\n' "\$@" | sed -n 's/^deployment\///p')\" deleted";;
esac
exit 0
EOF
chmod +x "$W/bin/kubectl"
KPATH="$W/bin:/usr/bin:/bin"
: > "$W/kubectl.log"
(cd "$W/app" && env PATH="$KPATH" "$BIN" run --target kubernetes --context team --user ola@example.org --detach) > "$W/o1.txt" 2> "$W/e1.txt"; rc=$?
POD=$W/pods/my-app-ola-5d8f-x
check "first run: exit 0, prints the instance URL" sh -c "[ $rc = 0 ] && grep -qx 'http://local.altinn.cloud/altinn-ls/use/my-app-ola/ttd/my-app/' '$W/o1.txt'"
check "first run: sends every file of the app" contains "$W/e1.txt" "Sending 3 of 3 files"
check "first run: waits until the runner reports the app listening" contains "$W/e1.txt" "The app is running: http://local.altinn.cloud/altinn-ls/use/my-app-ola/ttd/my-app/"
check "first run: the pod holds the app's files, no bin/ obj/ .git/ node_modules/" \
  sh -c "[ -f '$POD/app/App/ui/layouts/page1.json' ] && [ -f '$POD/app/App/App.csproj' ] && [ ! -e '$POD/app/App/bin' ] && [ ! -e '$POD/app/App/obj' ] && [ ! -e '$POD/app/.git' ] && [ ! -e '$POD/app/App/node_modules' ] && [ ! -e '$POD/incoming' ]"
check "first run: the generation was bumped (the runner restarts the app)" test -s "$POD/app/.altinn-ls/generation"
check "first run: the pod keeps the manifest of what it holds" grep -q '"App/App.csproj"' "$POD/app/.altinn-ls/manifest.json"
check "first run: applied with the identity from kubectl auth whoami" grep -q '"altinn.studio/owner-identity": "ola@example.org"' "$W/applied-0.yaml"
for kv in 1.37.0 1.33.0; do
  check "applied instance manifest passes kubernetes-validate --strict -k $kv" "$KV" --strict --quiet -k "$kv" "$W/applied-0.yaml"
done
check "first run: order apply → pod running → read manifest → cp → install → logs" "$PY" - "$W/kubectl.log" <<'PY'
import sys
log = open(sys.argv[1]).read().splitlines()
want = [" apply --filename ", " get pods ", "cat /work/app/.altinn-ls/manifest.json", " cp stage my-app-ola-5d8f-x:/work/incoming", "cp -R", " logs my-app-ola-5d8f-x "]
pos = [next((i for i, l in enumerate(log) if w in l), -1) for w in want]
sys.exit(0 if -1 not in pos and pos == sorted(pos) else 1)
PY
first_gen=$(cat "$POD/app/.altinn-ls/generation")
echo '{"data": {"layout": [{"id": "a", "type": "Paragraph"}]}}' > "$W/app/App/ui/layouts/page1.json"
echo rebuilt > "$W/app/App/bin/Debug/App.dll"
echo '{}' > "$W/app/App/ui/layouts/page2.json"
sleep 1
: > "$W/kubectl.log"
(cd "$W/app" && env PATH="$KPATH" "$BIN" run --target kubernetes --context team --user ola@example.org --detach) > /dev/null 2> "$W/e2.txt"; rc=$?
check "second run: sends only the changed and new file (bin/ ignored)" \
  sh -c "[ $rc = 0 ] && grep -q 'Sending 2 of 4 files' '$W/e2.txt' && grep -q '  + App/ui/layouts/page1.json' '$W/e2.txt' && grep -q '  + App/ui/layouts/page2.json' '$W/e2.txt' && ! grep -q 'App.csproj' '$W/e2.txt'"
check "second run: the pod has the new content" grep -q Paragraph "$POD/app/App/ui/layouts/page1.json"
check "second run: the app is restarted (new generation)" sh -c "[ \"\$(cat '$POD/app/.altinn-ls/generation')\" != '$first_gen' ]"
rm "$W/app/App/ui/layouts/page2.json"
(cd "$W/app" && env PATH="$KPATH" "$BIN" run --target kubernetes --context team --user ola@example.org --detach) > /dev/null 2> "$W/e3.txt"
check "third run: a deleted file is deleted in the pod, nothing else sent" \
  sh -c "grep -q 'Sending 0 of 3 files (0 B), deleting 1' '$W/e3.txt' && [ ! -e '$POD/app/App/ui/layouts/page2.json' ] && [ -f '$POD/app/App/ui/layouts/page1.json' ]"
rm -rf "$POD/app"
(cd "$W/app" && env PATH="$KPATH" "$BIN" run --target kubernetes --context team --user ola@example.org --detach) > /dev/null 2> "$W/e4.txt"
check "a new pod (empty /work) gets everything again" sh -c "grep -q 'Sending 3 of 3 files' '$W/e4.txt' && [ -f '$POD/app/App/App.csproj' ]"
(cd "$W/app" && env PATH="$KPATH" FAKE_WHOAMI=kari@example.org "$BIN" run --target kubernetes --context team --user kari@example.org --detach) > "$W/o5.txt" 2>&1
check "a second developer: own instance and pod, the first one untouched" \
  sh -c "grep -q 'http://local.altinn.cloud/altinn-ls/use/my-app-kari/ttd/my-app/' '$W/o5.txt' && [ -f '$W/pods/my-app-kari-5d8f-x/app/App/App.csproj' ] && grep -q Paragraph '$POD/app/App/ui/layouts/page1.json'"
(cd "$W/app" && env PATH="$KPATH" "$BIN" run --target kubernetes --context team --user ola@example.org) > "$W/fg.out" 2> "$W/fg.err"
check "foreground run: streams the instance's log" contains "$W/fg.out" "[app] Now listening on: http://[::]:5005"
: > "$W/kubectl.log"
(cd "$W/app" && env PATH="$KPATH" "$BIN" run --target kubernetes --context team --user kari@example.org --stop) > "$W/o.txt" 2>&1; rc=$?
check "--stop: deletes only kari's instance, by name" \
  sh -c "[ $rc = 0 ] && grep -q 'The instance my-app-kari was deleted' '$W/o.txt' && [ \"\$(grep -c ' delete ' '$W/kubectl.log')\" = 1 ] && grep -q 'delete deployment/my-app-kari service/my-app-kari --ignore-not-found' '$W/kubectl.log' && ! grep -q -- '-k \|my-app-ola' '$W/kubectl.log'"
env PATH="$KPATH" "$BIN" stack status --target kubernetes --context team > "$W/o.txt" 2>&1
check "stack status: lists the instances and their owners" \
  sh -c "grep -q 'instance my-app-ola: app ttd/my-app, owner ola (ola@example.org), ready' '$W/o.txt' && grep -q 'instance my-app-kari: app ttd/my-app, owner kari (kari@example.org), not ready' '$W/o.txt'"
: > "$W/kubectl.log"
env PATH="$KPATH" "$BIN" stack up --target kubernetes --context team --no-wait > /dev/null 2>&1
check "stack up: applies the instances' infrastructure after the overlay" \
  sh -c "grep -n 'apply -k' '$W/kubectl.log' | grep -q 'overlays/local' && grep 'apply -k' '$W/kubectl.log' | tail -1 | grep -q 'kubernetes/instances'"
: > "$W/kubectl.log"
env PATH="$KPATH" "$BIN" stack down --target kubernetes --context team > /dev/null 2>&1
check "stack down: deletes every instance by its label, keeps the instances' namespace (no delete -k)" \
  sh -c "grep -q 'kubectl --context team --namespace altinn-studio-apps delete deployments,services --selector app.kubernetes.io/name=app-instance --ignore-not-found' '$W/kubectl.log' && ! grep -q 'delete -k' '$W/kubectl.log'"
: > "$W/kubectl.log"
env PATH="$KPATH" "$BIN" stack down --target kubernetes --context team --volumes > /dev/null 2>&1
check "stack down --volumes: deletes the instances' namespace and rights too (delete -k kubernetes/instances)" \
  grep -q 'delete -k .*/kubernetes/instances --ignore-not-found' "$W/kubectl.log"
(cd "$W" && mkdir -p noid/App/config && echo '{}' > noid/App/config/applicationmetadata.json && cd noid && env PATH="$KPATH" "$BIN" run --target kubernetes --user x --dry-run) > "$W/o.txt" 2>&1; rc=$?
check "an app without an id: exit 2 and why" sh -c "[ $rc = 2 ] && grep -q 'no usable \"id\"' '$W/o.txt'"
(cd "$W/app" && env PATH="$KPATH" "$BIN" run --target kubernetes --user ola --max-upload-mb 0 --dry-run) > "$W/o.txt" 2>&1; rc=$?
check "the upload cap: exit 2 naming the biggest files" sh -c "[ $rc = 2 ] && grep -q 'bigger than the upload cap' '$W/o.txt' && grep -q 'App/' '$W/o.txt'"

echo "=== the runner's own scripts (from the applied manifest and the binary's install step) with a stand-in dotnet"
R=$W/runner
mkdir -p "$R/bin"
# the supervisor exactly as applied, with /work moved here and the app port moved to P_INST
"$PY" -c '
import json, sys
docs = [json.loads(d) for d in open(sys.argv[1]).read().split("---\n") if d.strip()]
s = docs[0]["spec"]["template"]["spec"]["containers"][0]["command"][2]
print(s.replace("/work", sys.argv[2]).replace(":138D ", ":%04X " % int(sys.argv[3])).replace("5005", sys.argv[3]))
' "$W/applied-0.yaml" "$R" "$P_INST" > "$R/supervisor.sh"
# the install step exactly as the dry run prints it (between "sh -c '" and "' sh GENERATION")
"$PY" -c '
import sys
t = open(sys.argv[1]).read()
start = t.index("sh -c '"'"'set -e") + len("sh -c '"'"'")
end = t.index("'"'"' sh GENERATION")
print(t[start:end].replace("/work", sys.argv[2]))
' "$W/dry-ola.txt" "$R" > "$R/install.sh"
cat > "$R/bin/dotnet" <<EOF
#!/bin/sh
echo "stand-in dotnet \$* in \$(pwd)"
exec "$PY" -m http.server --bind 127.0.0.1 $P_INST
EOF
chmod +x "$R/bin/dotnet"
(PATH="$R/bin:$PATH" exec setsid sh "$R/supervisor.sh" > "$R/log.txt" 2>&1 &)
runner_install() {  # what altinn-ls does through kubectl: the files into incoming/, then install
  mkdir -p "$R/incoming/App" "$R/incoming/.altinn-ls"
  echo "$2" > "$R/incoming/App/file.txt"; : > "$R/incoming/.altinn-ls/removed"
  sh -c "$(cat "$R/install.sh")" sh "$1"
}
wait_file() { for _ in $(seq 1 80); do [ "$(cat "$1" 2>/dev/null)" = "$2" ] && return 0; sleep 0.25; done; return 1; }
sleep 1
check "runner: waits for the files, starts nothing before" \
  sh -c "grep -q 'waiting for the app' '$R/log.txt' && ! grep -q 'stand-in dotnet' '$R/log.txt'"
runner_install gen-1 one
check "runner: runs dotnet run in App/ and reports when the app listens" \
  sh -c "$(declare -f wait_file); wait_file '$R/app/.altinn-ls/listening' gen-1 && grep -q 'stand-in dotnet run --no-launch-profile in $R/app/App' '$R/log.txt'"
OLD=$(pgrep -f "http.server --bind 127.0.0.1 $P_INST" | head -1)
runner_install gen-2 two
check "runner: a new generation stops the old app (process group) and starts the new files" \
  sh -c "$(declare -f wait_file); wait_file '$R/app/.altinn-ls/listening' gen-2 && ! kill -0 ${OLD:-999999} 2>/dev/null && grep -q 'restarting the app' '$R/log.txt' && grep -qx two '$R/app/App/file.txt'"
SUP=$(pgrep -f "sh $R/supervisor.sh" | head -1)
[ -n "$SUP" ] && kill -TERM "$SUP"
for _ in $(seq 1 40); do kill -0 "${SUP:-999999}" 2>/dev/null || break; sleep 0.25; done
LEFT=$(pgrep -f "http.server --bind 127.0.0.1 $P_INST")
check "runner: TERM (the pod is deleted) stops the runner and the app" \
  sh -c "[ -n '$SUP' ] && ! kill -0 $SUP 2>/dev/null && [ -z '$LEFT' ]"

echo "=== routing of two developers' instances through the real NGINX"
mkdir -p "$W/nginx/conf.d/instances" "$W/nginx/logs" "$W/nginx/tmp"
export NGINX_LISTEN=127.0.0.1:$NP STUDIO_HOST=studio.localhost RUNTIME_HOST=local.altinn.cloud \
  DESIGNER_UPSTREAM=127.0.0.1:$P_DESIGNER GITEA_UPSTREAM=127.0.0.1:$P_GITEA \
  RUNTIME_UPSTREAM=127.0.0.1:$P_RUNTIME APP_UPSTREAM=127.0.0.1:$P_APP OIDC_UPSTREAM=127.0.0.1:$P_OIDC \
  APP_INSTANCE_RESOLVER=127.0.0.1:$P_DNS APP_INSTANCE_DOMAIN=instances.test APP_INSTANCE_PORT=$P_INST \
  PDF_UPSTREAM=127.0.0.1:9 RECEIPT_UPSTREAM=127.0.0.1:9 ACCESSMANAGEMENT_UPSTREAM=127.0.0.1:9
# as the nginx image does: every defined variable, every template (subfolders kept)
ALL="$(printf '${%s} ' $(env | cut -d= -f1 | grep -E '^[A-Za-z_][A-Za-z0-9_]*$'))"
envsubst "$ALL" < "$ROOT/stack/nginx/templates/default.conf.template" > "$W/nginx/conf.d/default.conf"
for t in instances.http.inc instances.runtime.inc; do
  envsubst "$ALL" < "$ROOT/stack/nginx/instances/$t.template" > "$W/nginx/conf.d/instances/$t"
done
check "instance templates leave no \${...} unrendered" sh -c "! grep -v '^ *#' '$W/nginx/conf.d/instances/'* | grep -q '\${'"
cat > "$W/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $W/nginx/nginx.pid;
error_log $W/nginx/logs/error.log info;
events { worker_connections 256; }
http {
  access_log $W/nginx/logs/access.log;
  client_body_temp_path $W/nginx/tmp/body; proxy_temp_path $W/nginx/tmp/proxy;
  fastcgi_temp_path $W/nginx/tmp/fastcgi; uwsgi_temp_path $W/nginx/tmp/uwsgi; scgi_temp_path $W/nginx/tmp/scgi;
  include $W/nginx/conf.d/*.conf;
}
EOF
check "nginx -t accepts the config with the instance includes" "$NGINX" -t -q -c "$W/nginx/nginx.conf" -p "$W/nginx"
check "the rendered config includes the instance files" sh -c "grep -q 'include conf.d/instances/\*.runtime.inc;' '$W/nginx/conf.d/default.conf'"
"$PY" "$ROOT/tests/stack/upstream.py" app "$P_APP" & PIDS+=($!)
"$NGINX" -c "$W/nginx/nginx.conf" -p "$W/nginx" || fail "nginx did not start"
for _ in $(seq 1 50); do curl -s -o /dev/null -H 'Host: local.altinn.cloud' "http://127.0.0.1:$NP/healthz" && curl -s -o /dev/null "http://127.0.0.1:$P_APP/" && break; sleep 0.2; done
"$PY" "$ROOT/tests/stack/cluster_routing.py" "127.0.0.1:$NP" local.altinn.cloud instances.test "$P_DNS" "$P_INST"
rc=$?; [ "$rc" -gt 200 ] && fail "cluster_routing.py crashed (exit $rc)"
exit 0
