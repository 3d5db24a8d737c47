#!/usr/bin/env bash
# Tests of stack/ and `altinn-ls stack` / `altinn-ls run` with real tools, on loopback only:
#   - kubectl kustomize renders both overlays; kubernetes-validate --strict; structural checks
#   - compose file: check-jsonschema --builtin-schema vendor.compose-spec; structural checks
#   - the NGINX template rendered with loopback upstreams: nginx -t, then real NGINX in front
#     of stand-in upstreams routes every path (websocket upgrade, 64 MB git push included)
#   - altinn-ls stack/run: commands issued (fake docker/kubectl that record), clear messages
#     when engine/cluster/dotnet are missing, and `run` end to end with a stand-in app
# Installs what it needs (apt nginx, a pip venv outside the repo); idempotent.
# Last line: "N passed, N failed"; exit code 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=${STACK_TEST_DIR:-/tmp/altinn-stack-tests}
VENV=${STACK_TEST_VENV:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/altinn-ls/stack-test-venv}
# twelve free loopback ports in a row (nginx, upstreams, app, one that stays closed; 6-8 for the
# cluster tests, 10-11 for the PDF and receipt stand-ins)
BASE_PORT=${STACK_TEST_PORT:-$(python3 - <<'PY'
import socket
for base in range(28480, 60000, 1000):
    try:
        socks = []
        for p in range(base, base + 12):
            s = socket.socket(); s.bind(("127.0.0.1", p)); socks.append(s)
        print(base); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
PY
)}
NP=$BASE_PORT                 # nginx
P_DESIGNER=$((BASE_PORT + 1)); P_GITEA=$((BASE_PORT + 2)); P_RUNTIME=$((BASE_PORT + 3))
P_APP=$((BASE_PORT + 4)); P_OIDC=$((BASE_PORT + 5)); P_PDF=$((BASE_PORT + 10)); P_RECEIPT=$((BASE_PORT + 11))
P_DEAD=$((BASE_PORT + 9))
PUSH_MB=${PUSH_MB:-64}
PASS=0; FAIL=0
PIDS=()

pass() { PASS=$((PASS + 1)); echo "PASS $*"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL $*"; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
# run a checker that prints PASS/FAIL lines; count them
pycheck() {
  local out rc p f
  out=$("$@" 2>&1); rc=$?
  echo "$out" | grep -E '^(PASS|FAIL)'
  p=$(grep -c '^PASS' <<<"$out"); f=$(grep -c '^FAIL' <<<"$out")
  PASS=$((PASS + p)); FAIL=$((FAIL + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then fail "$* (exit $rc): $(tail -5 <<<"$out")"; fi
}
contains() { grep -qF -- "$2" "$1"; }

HOSTS_ADDED=""
cleanup() {
  [ -f "$WORK/nginx/nginx.pid" ] && kill -QUIT "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null
  # the hosts entry this run added (see "hosts entry" below)
  if [ -n "$HOSTS_ADDED" ]; then
    grep -vxF "127.0.0.1 local.altinn.cloud # altinn-ls stack tests" /etc/hosts > "$WORK/hosts.new" && cat "$WORK/hosts.new" > /etc/hosts
  fi
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  # an app left by a failed run test
  for f in "$WORK"/state/*.json; do
    [ -f "$f" ] || continue
    pid=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["pid"])' "$f" 2>/dev/null) || continue
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null
  done
}
trap cleanup EXIT

echo "=== setup"
rm -rf "$WORK"; mkdir -p "$WORK"
if ! command -v nginx >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null) \
    || apt-get install -y -qq nginx >/dev/null || echo "could not install nginx"
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for tool in envsubst:gettext-base curl:curl; do
  command -v "${tool%%:*}" >/dev/null || apt-get install -y -qq "${tool##*:}" >/dev/null || echo "could not install ${tool##*:}"
done
if ! [ -x "$VENV/bin/kubernetes-validate" ] || ! [ -x "$VENV/bin/check-jsonschema" ] || ! "$VENV/bin/python" -c 'import yaml' 2>/dev/null; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q kubernetes-validate check-jsonschema pyyaml \
    || echo "could not install the validators"
fi
PY=$("$VENV/bin/python" -c 'import sys; print(sys.executable)' 2>/dev/null || command -v python3)
if ! command -v kubectl >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq kubernetes-client >/dev/null) || echo "kubectl is not installed and not in apt"
fi
cargo build -q -p altinn-ls || { fail "cargo build -p altinn-ls"; }
BIN=$ROOT/target/debug/altinn-ls
TEMPLATE=$ROOT/stack/nginx/templates/default.conf.template

echo "=== kustomize + kubernetes-validate"
# production takes its secrets from env files that are not in git: without them it must not
# render; the tests render a copy with made-up (non-example) values
check "overlays/production refuses to render without its secrets files (not in git)" \
  sh -c "! kubectl kustomize '$ROOT/stack/kubernetes/overlays/production' >/dev/null 2>'$WORK/prod-nosecrets.err' && grep -q 'gitea-secrets.env' '$WORK/prod-nosecrets.err'"
check "git ignores the overlays' *-secrets.env" git check-ignore -q stack/kubernetes/overlays/production/gitea-secrets.env
rm -rf "$WORK/stack-copy"; cp -r "$ROOT/stack" "$WORK/stack-copy"
for f in "$WORK"/stack-copy/kubernetes/overlays/production/*-secrets.env.example; do
  sed -E 's/example-[a-z-]+/test-only-s3cret/g' "$f" > "${f%.example}"
done
for ov in local production; do
  dir=$ROOT/stack/kubernetes/overlays/$ov; [ "$ov" = production ] && dir=$WORK/stack-copy/kubernetes/overlays/$ov
  check "kubectl kustomize overlays/$ov renders" \
    sh -c "kubectl kustomize '$dir' > '$WORK/$ov.yaml' 2> '$WORK/$ov.err'"
  for kv in 1.37.0 1.33.0; do
    check "overlays/$ov passes kubernetes-validate --strict -k $kv" \
      "$VENV/bin/kubernetes-validate" --strict --quiet -k "$kv" "$WORK/$ov.yaml"
  done
  pycheck "$PY" tests/stack/check_manifests.py "$ov" "$WORK/$ov.yaml" "$TEMPLATE"
done
sed 's/runAsNonRoot: true/runAsNonRoot: true\n        runAsNonRooot: true/' "$WORK/local.yaml" > "$WORK/broken.yaml"
check "kubernetes-validate --strict rejects an unknown field (the check can fail)" \
  sh -c "! '$VENV/bin/kubernetes-validate' --strict --quiet '$WORK/broken.yaml' >/dev/null 2>&1"

echo "=== compose"
check "compose.yaml passes check-jsonschema vendor.compose-spec" \
  "$VENV/bin/check-jsonschema" --builtin-schema vendor.compose-spec "$ROOT/stack/compose/compose.yaml"
sed 's/^    env_file:$/    env_files:/' "$ROOT/stack/compose/compose.yaml" > "$WORK/broken-compose.yaml"
check "check-jsonschema rejects a broken compose file (the check can fail)" \
  sh -c "! '$VENV/bin/check-jsonschema' --builtin-schema vendor.compose-spec '$WORK/broken-compose.yaml' >/dev/null 2>&1"
pycheck "$PY" tests/stack/check_manifests.py compose "$ROOT/stack/compose/compose.yaml" "$ROOT/stack/compose/.env"
# semantic check with a real compose implementation: Debian's docker-compose (v1) `config`
# resolves .env interpolation, env_file paths and service references without an engine.
# v1 predates the top-level `name:`, so that one line is left out of its copy.
if ! command -v docker-compose >/dev/null; then
  apt-get install -y -qq --no-install-recommends docker-compose >/dev/null 2>&1 || echo "could not install docker-compose"
fi
# (paths resolve against --project-directory, so the copy can live outside the repository)
sed '/^name: altinn-studio$/d' "$ROOT/stack/compose/compose.yaml" > "$WORK/compose-v1.yaml"
(cd "$WORK" && docker-compose -f "$WORK/compose-v1.yaml" --project-directory "$ROOT/stack/compose" config) > "$WORK/compose-config.yaml" 2> "$WORK/compose-config.err"; rc=$?
(cd "$WORK" && STACK_PORT=9123 DESIGNER_IMAGE=altinn-designer:local DESIGNER_UPSTREAM=designer:5000 docker-compose -f "$WORK/compose-v1.yaml" --project-directory "$ROOT/stack/compose" config) > "$WORK/compose-config2.yaml" 2>&1
check "docker-compose config resolves the compose file (.env, env_file, references)" test "$rc" = 0
pycheck "$PY" - "$WORK/compose-config.yaml" "$WORK/compose-config2.yaml" <<'PY'
import sys, yaml
c = yaml.safe_load(open(sys.argv[1]))["services"]
c2 = yaml.safe_load(open(sys.argv[2]))["services"]
def check(ok, name):
    print(("PASS " if ok else "FAIL ") + name)
d = c["designer"]["environment"]
check(d.get("ServiceRepositorySettings__ApiEndPoint") == "http://gitea:3000/api/v1/", "compose config: Designer gets the shared designer.env")
check(d.get("ASPNETCORE_ENVIRONMENT") == "Development", "compose config: compose overrides win over designer.env")
check(d.get("StudioOidcLoginSettings__Authority") == "http://studio.localhost:80/oidc", "compose config: OIDC authority on the published port")
g = c["gitea"]["environment"]
check(g.get("GITEA__service__ENABLE_REVERSE_PROXY_AUTHENTICATION") == "true" and g.get("GITEA__server__ROOT_URL") == "http://studio.localhost:80/repos/", "compose config: Gitea reverse-proxy auth and ROOT_URL")
n = c["nginx"]["environment"]
check(n.get("APP_UPSTREAM") == "host.docker.internal:5005" and n.get("PDF_UPSTREAM") == "pdf:5031" and n.get("RUNTIME_UPSTREAM") == "runtime:5101", "compose config: NGINX upstreams")
check(n.get("DESIGNER_UPSTREAM") == n.get("GITEA_UPSTREAM") == n.get("OIDC_UPSTREAM") == "127.0.0.1:9", "compose config: without the studio profile the Designer's upstreams name nothing (NGINX starts without them)")
check(c2["nginx"]["environment"].get("DESIGNER_UPSTREAM") == "designer:5000", "compose config: altinn-ls --with-designer points NGINX at the Designer")
check(c["runtime"]["image"].startswith("ghcr.io/altinn/altinn-studio/runtime-localtest:") and c["pdf"]["image"].startswith("ghcr.io/altinn/altinn-studio/runtime-pdf3-worker:"), "compose config: the public localtest and PDF images from .env")
check(c["nginx"]["ports"][0] in ("127.0.0.1:80:80", {"host_ip": "127.0.0.1", "published": "80", "target": 80, "mode": "ingress", "protocol": "tcp"}) or "80:80" in str(c["nginx"]["ports"][0]), "compose config: port 80 by default (as Altinn's localtest)")
check(c["pdf"]["environment"]["PDF3_LOCALTEST_PUBLIC_BASE_URL"] == "http://local.altinn.cloud:80" and c2["pdf"]["environment"]["PDF3_LOCALTEST_PUBLIC_BASE_URL"] == "http://local.altinn.cloud:9123", "compose config: the PDF service renders pages through the runtime host on the stack port")
check(c2["runtime"]["environment"]["GeneralSettings__BaseUrl"] == "http://local.altinn.cloud:9123", "compose config: localtest's base URL follows STACK_PORT")
check(not any("/testdata" in str(v) for v in c["runtime"].get("volumes", [])), "compose config: nothing over the runtime's /testdata")
ports2 = [str(p) for p in c2["nginx"]["ports"]]
check(any("9123" in p for p in ports2) and c2["nginx"]["environment"]["NGINX_LISTEN"] == "9123", "compose config: STACK_PORT from the environment moves the published port and NGINX's listen")
check(c2["designer"]["image"] == "altinn-designer:local", "compose config: DESIGNER_IMAGE from the environment wins over .env")
PY

echo "=== nginx: render, nginx -t"
mkdir -p "$WORK/nginx/conf.d" "$WORK/nginx/logs" "$WORK/nginx/tmp"
export NGINX_LISTEN=127.0.0.1:$NP STUDIO_HOST=studio.localhost RUNTIME_HOST=local.altinn.cloud \
  DESIGNER_UPSTREAM=127.0.0.1:$P_DESIGNER GITEA_UPSTREAM=127.0.0.1:$P_GITEA \
  RUNTIME_UPSTREAM=127.0.0.1:$P_RUNTIME APP_UPSTREAM=127.0.0.1:$P_APP OIDC_UPSTREAM=127.0.0.1:$P_OIDC \
  PDF_UPSTREAM=127.0.0.1:$P_PDF RECEIPT_UPSTREAM=127.0.0.1:$P_RECEIPT ACCESSMANAGEMENT_UPSTREAM=127.0.0.1:$P_DEAD
# the variable list the nginx image's entrypoint uses: the template's ${VARS}
VARS=$(grep -o '\${[A-Z_]*}' "$TEMPLATE" | sort -u | tr '\n' ' ')
envsubst "$VARS" < "$TEMPLATE" > "$WORK/nginx/conf.d/default.conf"
check "template variables are exactly the 11 documented ones" \
  test "$VARS" = '${ACCESSMANAGEMENT_UPSTREAM} ${APP_UPSTREAM} ${DESIGNER_UPSTREAM} ${GITEA_UPSTREAM} ${NGINX_LISTEN} ${OIDC_UPSTREAM} ${PDF_UPSTREAM} ${RECEIPT_UPSTREAM} ${RUNTIME_HOST} ${RUNTIME_UPSTREAM} ${STUDIO_HOST} '
# the nginx image substitutes EVERY defined environment variable (its 20-envsubst-on-templates.sh
# passes all their names): that must give the same file
envsubst "$(printf '${%s} ' $(env | cut -d= -f1 | grep -E '^[A-Za-z_][A-Za-z0-9_]*$'))" < "$TEMPLATE" > "$WORK/all-vars.conf"
check "rendering with all environment variables (as the nginx image does) gives the same config" \
  cmp -s "$WORK/all-vars.conf" "$WORK/nginx/conf.d/default.conf"
check "rendered config has no unrendered \${UPPER_CASE}" sh -c "! grep -v '^ *#' '$WORK/nginx/conf.d/default.conf' | grep -q '\${[A-Z_]*}'"
check "rendered config keeps nginx's own variables (\$host, \$uri)" grep -q 'altinn_gitea\$uri' "$WORK/nginx/conf.d/default.conf"
cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log info;
events { worker_connections 256; }
http {
  access_log $WORK/nginx/logs/access.log;
  client_body_temp_path $WORK/nginx/tmp/body; proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi; uwsgi_temp_path $WORK/nginx/tmp/uwsgi; scgi_temp_path $WORK/nginx/tmp/scgi;
  include $WORK/nginx/conf.d/*.conf;
}
EOF
check "nginx -t accepts the rendered config" "$NGINX" -t -q -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"

echo "=== nginx: routing with stand-in upstreams"
for u in designer:$P_DESIGNER gitea:$P_GITEA runtime:$P_RUNTIME oidc:$P_OIDC pdf:$P_PDF receipt:$P_RECEIPT; do
  "$PY" tests/stack/upstream.py "${u%%:*}" "${u##*:}" & PIDS+=($!)
done
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" || fail "nginx did not start"
wait_http() {  # host port path: bounded wait until anything answers
  for _ in $(seq 1 50); do curl -s -o /dev/null -H "Host: $1" "http://127.0.0.1:$2$3" && return 0; sleep 0.2; done; return 1
}
for p in $P_DESIGNER $P_GITEA $P_RUNTIME $P_OIDC $P_PDF $P_RECEIPT $NP; do
  wait_http studio.localhost "$p" /healthz || fail "nothing answers on 127.0.0.1:$p"
done
PUSH_MB=$PUSH_MB APP_RUNNING=0 pycheck "$PY" tests/stack/routing_test.py "127.0.0.1:$NP" studio.localhost local.altinn.cloud

# the variables above were for rendering the template; compose must not see them
unset NGINX_LISTEN STUDIO_HOST RUNTIME_HOST DESIGNER_UPSTREAM GITEA_UPSTREAM RUNTIME_UPSTREAM APP_UPSTREAM \
  OIDC_UPSTREAM PDF_UPSTREAM RECEIPT_UPSTREAM ACCESSMANAGEMENT_UPSTREAM

echo "=== altinn-ls stack: missing engine / cluster"
# the stack folder is never taken from the current repository: name this checkout's stack/
export ALTINN_STACK_DIR=$ROOT/stack
mkdir -p "$WORK/emptybin" "$WORK/bin-nocompose" "$WORK/bin-down" "$WORK/bin-docker" "$WORK/bin-kubectl" "$WORK/state"
export ALTINN_LS_STATE_DIR=$WORK/state
env PATH="$WORK/emptybin" "$BIN" stack up > "$WORK/o.txt" 2> "$WORK/e.txt"; rc=$?
check "no engine: exit code 2" test "$rc" = 2
check "no engine: says what is missing" contains "$WORK/e.txt" "No container engine found"
check "no engine: gives the fix" contains "$WORK/e.txt" "Fix: install Docker Desktop or Docker Engine with the compose plugin"

cat > "$WORK/bin-nocompose/docker" <<'EOF'
#!/bin/sh
echo "docker: 'compose' is not a docker command." >&2; exit 1
EOF
cat > "$WORK/bin-down/docker" <<'EOF'
#!/bin/sh
case "$*" in
  "compose version") echo "Docker Compose version v2.99.0"; exit 0;;
  info*) echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1;;
esac
exit 0
EOF
cat > "$WORK/bin-docker/docker" <<EOF
#!/bin/sh
echo "docker \$*" >> "$WORK/docker.log"
echo "STACK_PORT=\${STACK_PORT-unset} DESIGNER_UPSTREAM=\${DESIGNER_UPSTREAM-unset} docker \$*" >> "$WORK/docker-env.log"
case "\$*" in
  "compose version") echo "Docker Compose version v2.99.0"; exit 0;;
  info*) echo "28.0.0"; exit 0;;
  *" ps --all --format json")
    [ -n "\${FAKE_PS_EMPTY:-}" ] && exit 0   # nothing created yet
    for s in nginx designer runtime pdf gitea postgres redis oidc-mock; do
      echo "{\"Service\":\"\$s\",\"State\":\"running\",\"Health\":\"healthy\"}"; done
    echo '{"Service":"designer-migrations","State":"exited","ExitCode":0}';;
  *" logs "*) echo "designer-1  | Now listening on: http://[::]:5000";;
esac
exit 0
EOF
cat > "$WORK/bin-kubectl/kubectl" <<EOF
#!/bin/sh
echo "kubectl \$*" >> "$WORK/kubectl.log"
case "\$*" in
  *"get --raw /readyz"*) echo ok;;
  *" get deployments,statefulsets "*)
    echo '{"items":[{"kind":"Deployment","metadata":{"name":"designer","labels":{"app.kubernetes.io/name":"designer"}},"spec":{"replicas":1},"status":{"readyReplicas":1}},{"kind":"StatefulSet","metadata":{"name":"postgres","labels":{"app.kubernetes.io/name":"postgres"}},"spec":{"replicas":1},"status":{"readyReplicas":1}}]}';;
  *" get ingress "*)
    echo '{"items":[{"spec":{"rules":[{"host":"studio.localhost"},{"host":"local.altinn.cloud"}]}}]}';;
  *" apply -k "*) echo "deployment.apps/designer configured";;
esac
exit 0
EOF
chmod +x "$WORK"/bin-*/*

env PATH="$WORK/bin-nocompose" "$BIN" stack up > /dev/null 2> "$WORK/e.txt"; rc=$?
check "docker without compose: exit 2 and names the plugin" sh -c "[ $rc = 2 ] && grep -q 'install the Docker Compose plugin' '$WORK/e.txt'"
env PATH="$WORK/bin-down" "$BIN" stack status > /dev/null 2> "$WORK/e.txt"; rc=$?
check "daemon not running: exit 2, says so, gives the fix" \
  sh -c "[ $rc = 2 ] && grep -q 'installed but not running' '$WORK/e.txt' && grep -q 'systemctl start docker' '$WORK/e.txt'"
env PATH="$WORK/emptybin" "$BIN" stack up --target kubernetes > /dev/null 2> "$WORK/e.txt"; rc=$?
check "no kubectl: exit 2 and the install hint" sh -c "[ $rc = 2 ] && grep -q 'kubectl was not found' '$WORK/e.txt' && grep -q 'Fix: install kubectl' '$WORK/e.txt'"
if command -v kubectl >/dev/null; then
  cat > "$WORK/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: dead, cluster: {server: "https://127.0.0.1:$P_DEAD"}}]
users: [{name: u, user: {token: x}}]
contexts: [{name: dead-cluster, context: {cluster: dead, user: u}}]
current-context: dead-cluster
EOF
  KUBECONFIG=$WORK/kubeconfig "$BIN" stack up --target kubernetes --context dead-cluster > /dev/null 2> "$WORK/e.txt"; rc=$?
  check "cluster unreachable (real kubectl): exit 2, names the context and the fix" \
    sh -c "[ $rc = 2 ] && grep -q \"not reachable (context 'dead-cluster'\" '$WORK/e.txt' && grep -q 'kind create cluster' '$WORK/e.txt'"
else
  fail "kubectl missing: cannot test the unreachable-cluster message"
fi

FAKEPATH="$WORK/bin-docker:$WORK/bin-kubectl:/usr/bin:/bin"
echo "=== preflight: the hosts entry for local.altinn.cloud"
if ! getent hosts local.altinn.cloud >/dev/null 2>&1; then
  : > "$WORK/docker.log"
  env PATH="$FAKEPATH" STACK_PORT=$NP "$BIN" stack up --timeout 4 > /dev/null 2> "$WORK/e.txt"; rc=$?
  check "no hosts entry (offline): exit 2, names the line to add, before compose starts anything" \
    sh -c "[ $rc = 2 ] && grep -q 'add the line .127.0.0.1 local.altinn.cloud. to /etc/hosts' '$WORK/e.txt' && ! grep -q ' up ' '$WORK/docker.log'"
  # what a user does: add it (removed again at exit)
  if echo "127.0.0.1 local.altinn.cloud # altinn-ls stack tests" >> /etc/hosts; then HOSTS_ADDED=1
  else fail "cannot add local.altinn.cloud to /etc/hosts (the rest needs it)"; fi
else
  echo "(local.altinn.cloud resolves here: the missing-entry message is covered by the Rust tests)"
fi

echo "=== altinn-ls stack: commands issued (fake docker/kubectl) + health through the real nginx"
: > "$WORK/docker.log"
env PATH="$FAKEPATH" STACK_PORT=$NP "$BIN" stack up --timeout 20 > "$WORK/o.txt" 2> "$WORK/e.txt"; rc=$?
check "stack up (local, the runtime profile): exit 0 once nginx and the runtime answer through nginx" test "$rc" = 0
check "stack up issued docker compose up with the stack's compose file, no profile" \
  contains "$WORK/docker.log" "docker compose --project-name altinn-studio --file $ROOT/stack/compose/compose.yaml up --detach --remove-orphans"
check "stack up checked the daemon first" grep -q '^docker info' "$WORK/docker.log"
check "stack up prints the Runtime URL" contains "$WORK/o.txt" "Runtime: http://local.altinn.cloud:$NP/"
check "stack up (runtime) starts no Designer profile" sh -c "! grep -q -- '--profile studio' '$WORK/docker.log'"
check "stack up showed progress" contains "$WORK/e.txt" "All parts are healthy."
: > "$WORK/docker.log"
env PATH="$FAKEPATH" STACK_PORT=$NP "$BIN" stack up --with-designer --timeout 4 > "$WORK/o.txt" 2> "$WORK/e.txt"; rc=$?
check "stack up --with-designer without a Designer image: exit 2, clear message, no docker call" \
  sh -c "[ $rc = 2 ] && grep -q 'No Designer image is configured' '$WORK/e.txt' && grep -q 'DESIGNER_IMAGE=altinn-designer:local' '$WORK/e.txt' && ! [ -s '$WORK/docker.log' ]"
: > "$WORK/docker.log"; : > "$WORK/docker-env.log"
env PATH="$FAKEPATH" STACK_PORT=$NP DESIGNER_IMAGE=altinn-designer:local DESIGNER_MIGRATIONS_IMAGE=altinn-designer-migrations:local \
  "$BIN" stack up --with-designer --timeout 20 > "$WORK/o.txt" 2> "$WORK/e.txt"; rc=$?
check "stack up --with-designer (images configured): exit 0 once designer, gitea, runtime answer through nginx" test "$rc" = 0
check "stack up --with-designer: compose up with the studio profile and NGINX pointed at the Designer" \
  sh -c "grep -q -- '--profile studio up --detach' '$WORK/docker.log' && grep -q 'DESIGNER_UPSTREAM=designer:5000 docker compose .* up ' '$WORK/docker-env.log'"
check "stack up --with-designer prints the Designer and Gitea URLs" \
  sh -c "grep -qF 'Designer: http://studio.localhost:$NP/' '$WORK/o.txt' && grep -qF 'Gitea: http://studio.localhost:$NP/repos/' '$WORK/o.txt'"
: > "$WORK/docker.log"
env PATH="$FAKEPATH" STACK_PORT=$P_DEAD "$BIN" stack up --timeout 4 > /dev/null 2> "$WORK/e.txt"; rc=$?
check "stack up: unhealthy parts are named with a hint (exit 2)" \
  sh -c "[ $rc = 2 ] && grep -q 'Not healthy within 4 s: nginx, runtime' '$WORK/e.txt' && grep -q 'altinn-ls stack logs nginx' '$WORK/e.txt'"
# port 80 (the default) taken by another program: the stack goes to 8000 and says so
if "$PY" - <<'PY'
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", 8000)); s.close()
except OSError:
    sys.exit(1)
PY
then
  "$PY" -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",80)); s.listen(); time.sleep(60)' 2>/dev/null & HOLD80=$!; PIDS+=($HOLD80)
  sleep 0.3
  if kill -0 $HOLD80 2>/dev/null; then
    : > "$WORK/docker-env.log"
    env -u STACK_PORT FAKE_PS_EMPTY=1 PATH="$FAKEPATH" "$BIN" stack up --no-wait > "$WORK/o.txt" 2> "$WORK/e.txt"; rc=$?
    check "port 80 taken: stack up falls back to 8000 (compose gets STACK_PORT=8000) and says so" \
      sh -c "[ $rc = 0 ] && grep -q 'STACK_PORT=8000 DESIGNER_UPSTREAM=unset docker compose .* up --detach' '$WORK/docker-env.log' && grep -q 'Port 80 is in use by another program: the runtime goes to port 8000' '$WORK/e.txt' && grep -qF 'Runtime: http://local.altinn.cloud:8000/' '$WORK/o.txt'"
    env FAKE_PS_EMPTY=1 PATH="$FAKEPATH" STACK_PORT=80 "$BIN" stack up --no-wait > /dev/null 2> "$WORK/e.txt"; rc=$?
    check "port 80 taken and chosen explicitly (STACK_PORT=80): refused with the setting to change" \
      sh -c "[ $rc = 2 ] && grep -q 'Port 80 (the runtime.s entry, STACK_PORT) is in use' '$WORK/e.txt'"
    kill $HOLD80 2>/dev/null
  else
    echo "(port 80 is in use here already: the fallback is covered by the Rust tests)"
  fi
else
  echo "(port 8000 is in use here: the fallback is covered by the Rust tests)"
fi
env PATH="$FAKEPATH" "$BIN" stack status > "$WORK/o.txt" 2>&1; rc=$?
check "stack status: a table of every part with its state and health" \
  sh -c "[ $rc = 0 ] && grep -q 'SERVICE *STATE *HEALTH *PORTS' '$WORK/o.txt' && grep -q 'ok designer .*running (healthy) *healthy' '$WORK/o.txt' && grep -q 'ok designer-migrations *completed' '$WORK/o.txt' && grep -q 'ok oidc-mock' '$WORK/o.txt' && grep -q 'ok nginx .*127.0.0.1:80' '$WORK/o.txt'"
env PATH="$FAKEPATH" "$BIN" stack status --json > "$WORK/o.json" 2>&1; rc=$?
check "stack status --json: parts with running, health, ports" \
  "$PY" -c "import json,sys; v=json.load(open('$WORK/o.json')); p={x['name']:x for x in v['parts']}; sys.exit(0 if $rc==0 and p['runtime']['running'] and p['nginx']['health']=='healthy' and p['designer-migrations']['state']=='completed' and isinstance(p['nginx']['ports'], list) else 1)"
: > "$WORK/docker.log"
env PATH="$FAKEPATH" "$BIN" stack down --volumes > "$WORK/o.txt" 2>&1
check "stack down --volumes issued compose down --volumes for every profile" contains "$WORK/docker.log" "compose.yaml --profile * down --remove-orphans --volumes"
env PATH="$FAKEPATH" "$BIN" stack logs designer gitea > "$WORK/o.txt" 2>&1
check "stack logs designer gitea issued compose logs for those parts" contains "$WORK/docker.log" "compose.yaml --profile * logs --tail 200 designer gitea"
check "stack logs streamed the output" contains "$WORK/o.txt" "Now listening on"
: > "$WORK/kubectl.log"
env PATH="$FAKEPATH" "$BIN" stack up --target kubernetes --context kind-test --timeout 60 > "$WORK/o.txt" 2> "$WORK/e.txt"; rc=$?
check "stack up (kubernetes): exit 0" test "$rc" = 0
check "kubernetes: checked the cluster with the context" contains "$WORK/kubectl.log" "kubectl --context kind-test get --raw /readyz"
check "kubernetes: the finished migrations Job is removed before apply" \
  sh -c "grep -n 'delete job designer-migrations' '$WORK/kubectl.log' | cut -d: -f1 | head -1 | xargs -I{} sh -c 'test {} -lt \$(grep -n \" apply -k \" \"$WORK/kubectl.log\" | cut -d: -f1 | head -1)'"
check "kubernetes: kubectl apply -k the local overlay" contains "$WORK/kubectl.log" "kubectl --context kind-test apply -k $ROOT/stack/kubernetes/overlays/local"
check "kubernetes: waited for each workload" \
  sh -c "grep -q 'rollout status deployment/designer --timeout=60s' '$WORK/kubectl.log' && grep -q 'rollout status statefulset/postgres' '$WORK/kubectl.log'"
check "kubernetes: URLs from the ingress" contains "$WORK/o.txt" "Designer: http://studio.localhost/"
: > "$WORK/kubectl.log"
env PATH="$FAKEPATH" "$BIN" stack down --target kubernetes --overlay production > /dev/null 2>&1
check "kubernetes down: keeps the PersistentVolumeClaims (no delete -k without --volumes)" \
  sh -c "! grep -q 'delete -k' '$WORK/kubectl.log' && grep -q 'delete deployments,statefulsets,.* --selector app.kubernetes.io/part-of=altinn-studio' '$WORK/kubectl.log'"
: > "$WORK/kubectl.log"
env PATH="$FAKEPATH" "$BIN" stack down --target kubernetes --overlay production --volumes > /dev/null 2>&1
check "kubernetes down --volumes: kubectl delete -k the production overlay" \
  contains "$WORK/kubectl.log" "kubectl delete -k $ROOT/stack/kubernetes/overlays/production --ignore-not-found"
env PATH="$FAKEPATH" "$BIN" stack up --target kubernetes --overlay nope > /dev/null 2> "$WORK/e.txt"
check "kubernetes: an unknown overlay is named" contains "$WORK/e.txt" "no kustomize overlay 'nope'"
env PATH="$WORK/emptybin" "$BIN" stack up --dry-run > "$WORK/o.txt" 2>&1
check "--dry-run prints the compose command" contains "$WORK/o.txt" "docker compose --project-name altinn-studio --file $ROOT/stack/compose/compose.yaml up --detach"
(cd "$WORK" && env -u ALTINN_STACK_DIR PATH="$WORK/emptybin" "$BIN" stack up --dry-run > "$WORK/o.txt" 2>&1)
check "without --stack-dir/ALTINN_STACK_DIR the built-in stack copy is used" sh -c "grep -q 'altinn-ls/stack-[0-9a-f]*/compose/compose.yaml' '$WORK/o.txt'"
COPY_DIR=$(grep -o '/[^ ]*/altinn-ls/stack-[0-9a-f]*' "$WORK/o.txt" | head -1)
check "the built-in copy renders with kubectl kustomize like stack/ does" \
  sh -c "kubectl kustomize '$COPY_DIR/kubernetes/overlays/local' | cmp -s - '$WORK/local.yaml'"
# a cloned repository with a stack/ of its own (issue 15, medium 5): never used unless named
mkdir -p "$WORK/evilrepo/stack/compose" "$WORK/evilrepo/stack/kubernetes/base" "$WORK/evilrepo/App"
printf 'services:\n  x:\n    image: busybox\n    privileged: true\n    volumes: ["/:/host"]\n' > "$WORK/evilrepo/stack/compose/compose.yaml"
(cd "$WORK/evilrepo/App" && env -u ALTINN_STACK_DIR PATH="$WORK/emptybin" "$BIN" stack up --dry-run > "$WORK/o2.txt" 2>&1)
check "a repository's own stack/ is not used by stack up" sh -c "! grep -q evilrepo '$WORK/o2.txt' && grep -q 'altinn-ls/stack-[0-9a-f]*/compose/compose.yaml' '$WORK/o2.txt'"
(cd "$WORK/evilrepo/App" && env -u ALTINN_STACK_DIR PATH="$WORK/emptybin" "$BIN" stack up --dry-run --stack-dir ../stack > "$WORK/o2.txt" 2>&1)
check "… only when named with --stack-dir" grep -q -- '--file ../stack/compose/compose.yaml' "$WORK/o2.txt"

echo "=== altinn-ls run: the app behind the real nginx"
mkdir -p "$WORK/app/App/config" "$WORK/app/App/ui"
echo '{"id": "ttd/app", "org": "ttd"}' > "$WORK/app/App/config/applicationmetadata.json"
APPCMD="exec '$PY' '$ROOT/tests/stack/upstream.py' app $P_APP"
: > "$WORK/docker.log"
(cd "$WORK/app/App/ui" && env PATH="$FAKEPATH" STACK_PORT=$NP "$BIN" run --app-command "$APPCMD" --port $P_APP --detach --app-timeout 30) > "$WORK/o.txt" 2> "$WORK/e.txt"; rc=$?
check "run --detach: exit 0" test "$rc" = 0
check "run: reports the app URL" contains "$WORK/o.txt" "http://local.altinn.cloud:$NP/ttd/app/"
check "run: the runtime was already up, so no compose up" sh -c "! grep -q ' up ' '$WORK/docker.log'"
check "run: log file named" contains "$WORK/e.txt" "Log: $WORK/state/"
PUSH_MB=1 APP_RUNNING=1 pycheck "$PY" tests/stack/routing_test.py "127.0.0.1:$NP" studio.localhost local.altinn.cloud
(cd "$WORK/app" && env PATH="$FAKEPATH" STACK_PORT=$NP "$BIN" run --app-command "$APPCMD" --port $P_APP --detach) > /dev/null 2> "$WORK/e.txt"; rc=$?
check "run twice: refused with the stop hint" sh -c "[ $rc = 2 ] && grep -q 'already running' '$WORK/e.txt'"
APP_PID=$(python3 -c 'import json,glob;print(json.load(open(glob.glob("'"$WORK"'/state/*.json")[0]))["pid"])')
(cd "$WORK/app" && env PATH="$FAKEPATH" "$BIN" run --stop) > "$WORK/o.txt" 2>&1; rc=$?
check "run --stop: exit 0 and says so" sh -c "[ $rc = 0 ] && grep -q 'was stopped' '$WORK/o.txt'"
check "run --stop: the app process is gone" sh -c "! kill -0 $APP_PID 2>/dev/null"
code=$(curl -s -o "$WORK/body.txt" -w '%{http_code}' -H 'Host: local.altinn.cloud' "http://127.0.0.1:$NP/ttd/app/")
check "after --stop nginx answers 502 with the hint" sh -c "[ $code = 502 ] && grep -q 'altinn-ls run' '$WORK/body.txt'"
(cd "$WORK/app" && "$BIN" run --stop) > "$WORK/o.txt" 2>&1
check "run --stop with nothing running: says so" contains "$WORK/o.txt" "No app started by altinn-ls is running"

# foreground: streams the log, ends when stopped
(cd "$WORK/app" && exec env PATH="$FAKEPATH" STACK_PORT=$NP "$BIN" run --app-command "echo app-log-line; $APPCMD" --port $P_APP) > "$WORK/fg.out" 2> "$WORK/fg.err" &
FG=$!; PIDS+=($FG)
for _ in $(seq 1 100); do grep -q '^Open ' "$WORK/fg.err" && break; sleep 0.2; done
check "run (foreground): reports the URL when the app answers" contains "$WORK/fg.err" "Open http://local.altinn.cloud:$NP/ttd/app/"
check "run (foreground): streams the app's log" contains "$WORK/fg.out" "[app] app-log-line"
(cd "$WORK/app" && "$BIN" run --stop) > /dev/null 2>&1
for _ in $(seq 1 50); do kill -0 "$FG" 2>/dev/null || break; sleep 0.2; done
check "run (foreground): ends after run --stop" sh -c "! kill -0 $FG 2>/dev/null"

# foreground + Ctrl-C (SIGINT to the terminal's process group) stops the app too
"$PY" -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.setsid(); os.chdir(sys.argv[1]); os.execvp(sys.argv[2], sys.argv[2:])' \
  "$WORK/app" env PATH="$FAKEPATH" STACK_PORT=$NP "$BIN" run --app-command "$APPCMD" --port $P_APP > "$WORK/fg2.out" 2> "$WORK/fg2.err" &
FG2=$!; PIDS+=($FG2)
for _ in $(seq 1 100); do grep -q '^Open ' "$WORK/fg2.err" && break; sleep 0.2; done
check "run (foreground, own terminal): the app answers" contains "$WORK/fg2.err" "Open http://local.altinn.cloud:$NP/ttd/app/"
kill -INT -- "-$FG2" 2>/dev/null
for _ in $(seq 1 50); do kill -0 "$FG2" 2>/dev/null || break; sleep 0.2; done
code=502
for _ in $(seq 1 50); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: local.altinn.cloud' "http://127.0.0.1:$NP/ttd/app/")
  [ "$code" = 502 ] && break; sleep 0.2
done
check "run (foreground): Ctrl-C stops altinn-ls and the app (nginx answers 502 again)" sh -c "! kill -0 $FG2 2>/dev/null && [ $code = 502 ]"
# Ctrl-C leaves the pid file (the next run/--stop treats it as stale); stop a survivor, then drop it
for f in "$WORK"/state/*.json; do
  [ -f "$f" ] || continue
  pid=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["pid"])' "$f" 2>/dev/null) && kill "$pid" 2>/dev/null
  rm -f "$f"
done

# runtime down: run starts the stack first
: > "$WORK/docker.log"
(cd "$WORK/app" && env PATH="$FAKEPATH" STACK_PORT=$P_DEAD "$BIN" run --app-command "$APPCMD" --port $P_APP --timeout 2) > /dev/null 2> "$WORK/e.txt"; rc=$?
check "run with the runtime down: starts the stack (compose up issued)" contains "$WORK/docker.log" "compose.yaml up --detach"
check "run with the runtime down and no health: exit 2 with the reason" sh -c "[ $rc = 2 ] && grep -q 'Not healthy within 2 s' '$WORK/e.txt'"
(cd "$WORK/app" && env PATH="$WORK/emptybin" STACK_PORT=$NP "$BIN" run --port $P_APP) > /dev/null 2> "$WORK/e.txt"; rc=$?
check "run without dotnet: exit 2 and the .NET SDK hint" sh -c "[ $rc = 2 ] && grep -q 'The .NET SDK (.dotnet.) was not found' '$WORK/e.txt'"
# preflight order: docker is there and the runtime is down, but without .NET nothing touches docker
: > "$WORK/docker.log"
(cd "$WORK/app" && env PATH="$WORK/bin-docker" STACK_PORT=$P_DEAD "$BIN" run --port $P_APP --timeout 2) > /dev/null 2> "$WORK/e.txt"; rc=$?
check "run without dotnet (docker present, runtime down): refused before any docker call" \
  sh -c "[ $rc = 2 ] && grep -q 'The .NET SDK (.dotnet.) was not found' '$WORK/e.txt' && ! [ -s '$WORK/docker.log' ]"
# the app's port taken: named before docker is asked
"$PY" "$ROOT/tests/stack/upstream.py" squatter $P_APP & SQUAT=$!; PIDS+=($SQUAT); sleep 0.3
: > "$WORK/docker.log"
(cd "$WORK/app" && env PATH="$FAKEPATH" STACK_PORT=$P_DEAD "$BIN" run --app-command "$APPCMD" --port $P_APP --timeout 2) > /dev/null 2> "$WORK/e.txt"; rc=$?
check "run with the app's port taken: refused before any docker call" \
  sh -c "[ $rc = 2 ] && grep -q 'Port $P_APP is already in use' '$WORK/e.txt' && ! [ -s '$WORK/docker.log' ]"
kill $SQUAT 2>/dev/null
(cd "$WORK" && "$BIN" run) > /dev/null 2> "$WORK/e.txt"; rc=$?
check "run outside an app: exit 2, says what an app is" sh -c "[ $rc = 2 ] && grep -q 'App/config/applicationmetadata.json' '$WORK/e.txt'"
env PATH="$WORK/emptybin" "$BIN" run "$WORK/app" --app-command "$APPCMD" --port $P_APP --dry-run > "$WORK/o.txt" 2>&1
check "run --dry-run: the app command in App/ with port and environment" \
  contains "$WORK/o.txt" "(cd $WORK/app/App && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://0.0.0.0:$P_APP"
env PATH="$WORK/emptybin" "$BIN" run "$WORK/app" --dry-run > "$WORK/o.txt" 2>&1
check "run --dry-run (default): dotnet run --no-launch-profile on port 5005" \
  contains "$WORK/o.txt" "ASPNETCORE_URLS=http://0.0.0.0:5005 PORT=5005 dotnet run --no-launch-profile)"
(cd "$ROOT/examples/demo-app" && env PATH="$WORK/emptybin" "$BIN" run --dry-run) > "$WORK/o.txt" 2>&1
check "run --dry-run in the demo app: the runtime services with the public localtest image, no Designer, no database" \
  sh -c "grep -q '^  runtime  *ghcr.io/altinn/altinn-studio/runtime-localtest:' '$WORK/o.txt' && grep -q '^  pdf  *ghcr.io/altinn/altinn-studio/runtime-pdf3-worker:' '$WORK/o.txt' && grep -q '^  nginx ' '$WORK/o.txt' && ! grep -Eq 'designer|postgres|gitea|redis|--profile' '$WORK/o.txt' && grep -q 'Open http://local.altinn.cloud/ttd/demo-app/' '$WORK/o.txt'"
mkdir -p "$WORK/app9/App/config"; cp "$WORK/app/App/config/applicationmetadata.json" "$WORK/app9/App/config/"
echo '<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="Altinn.App.Api" Version="9.0.0" /></ItemGroup></Project>' > "$WORK/app9/App/App.csproj"
env PATH="$WORK/emptybin" "$BIN" run "$WORK/app9" --dry-run --json > "$WORK/o.json" 2> "$WORK/e.txt"
check "run --dry-run --json for an Altinn.App v9 app: the workflow engine and its database too" \
  "$PY" -c "import json,sys; v=json.load(open('$WORK/o.json')); n=[s['name'] for s in v['services']]; sys.exit(0 if n==['nginx','runtime','pdf','workflow-engine','workflow-engine-db'] and v['workflowEngine'] and '--profile workflow-engine' in v['commands'][0] else 1)"

echo "=== run --target kubernetes: developers' app instances (tests/stack/cluster-tests.sh)"
pycheck bash tests/stack/cluster-tests.sh "$BIN" "$WORK/cluster" "$PY" "$VENV" "$NGINX" "$BASE_PORT"

echo
echo "stack: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
