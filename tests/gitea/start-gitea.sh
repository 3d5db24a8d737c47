#!/usr/bin/env bash
# Start a throwaway Gitea on loopback for the sync tests.
#
#   tests/gitea/start-gitea.sh [GITEA_BINARY]     (default: output of build-gitea.sh)
#
# Creates $GITEA_TEST_DIR (default: a new temp dir) with app.ini (sqlite, INSTALL_LOCK, no SSH,
# no mail, no registration), an admin user, an organisation and an access token, starts
# `gitea web` on 127.0.0.1:<free port>, waits until the API answers, and writes
# $GITEA_TEST_DIR/env with the ALTINN_TEST_GITEA_* variables the tests read. Prints that path.
# Stop it with tests/gitea/stop-gitea.sh $GITEA_TEST_DIR.
# GITEA_REQUIRE_SIGNIN_VIEW=false: anonymous users may read public repositories (the release
# tests download as an anonymous installer would).
# GITEA_PROTOCOL=https: serve HTTPS with a certificate from a throwaway CA (made with the
# openssl CLI); the env file then also holds ALTINN_TEST_GITEA_CA_FILE.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
BIN="${1:-}"
if [ -z "$BIN" ]; then BIN="$("$here/build-gitea.sh" | tail -n1)"; fi
[ -x "$BIN" ] || { echo "start-gitea: no Gitea binary at '$BIN'" >&2; exit 3; }
ASSETS="$(cd "$(dirname "$BIN")/.." && pwd)"     # options/ and templates/ (no bindata build)

DIR="${GITEA_TEST_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/altinn-gitea.XXXXXX")}"
mkdir -p "$DIR/data" "$DIR/repos" "$DIR/log" "$DIR/home"
PORT="${GITEA_PORT:-$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')}"
USER_NAME="${GITEA_TEST_USER:-tester}"
PASSWORD="pw-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
ORG="${GITEA_TEST_ORG:-ttd}"
rand() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
PROTO="${GITEA_PROTOCOL:-http}"
# Sub-path (Altinn Studio: /repos). Gitea itself does not strip it: a reverse proxy in front
# must (Altinn's gitea-proxy does). So only the root path works without such a proxy.
SUBPATH="${GITEA_SUBPATH-}"
TLS_INI=""
if [ "$PROTO" = https ]; then
  command -v openssl >/dev/null || { echo "start-gitea: https needs the openssl CLI" >&2; exit 3; }
  mkdir -p "$DIR/tls"
  (
    cd "$DIR/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
      -subj "/CN=altinn-ls test CA" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n' > ext.cnf
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext.cnf 2>/dev/null
  )
  TLS_INI="CERT_FILE = $DIR/tls/server.pem
KEY_FILE = $DIR/tls/server.key"
fi

cat > "$DIR/app.ini" <<INI
APP_NAME = altinn-ls test Gitea
RUN_MODE = prod
RUN_USER = $(id -un)
WORK_PATH = $DIR

[server]
PROTOCOL = $PROTO
$TLS_INI
HTTP_ADDR = 127.0.0.1
HTTP_PORT = $PORT
ROOT_URL = $PROTO://127.0.0.1:$PORT$SUBPATH/
DISABLE_SSH = true
START_SSH_SERVER = false
OFFLINE_MODE = true
LFS_START_SERVER = false
STATIC_ROOT_PATH = $ASSETS
APP_DATA_PATH = $DIR/data

[database]
DB_TYPE = sqlite3
PATH = $DIR/data/gitea.db
SQLITE_JOURNAL_MODE = WAL

[repository]
ROOT = $DIR/repos
DEFAULT_BRANCH = master

[security]
INSTALL_LOCK = true
SECRET_KEY = $(rand)
INTERNAL_TOKEN = $(rand)
PASSWORD_HASH_ALGO = pbkdf2

[oauth2]
JWT_SECRET = $(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')

[service]
DISABLE_REGISTRATION = true
REQUIRE_SIGNIN_VIEW = ${GITEA_REQUIRE_SIGNIN_VIEW:-true}
ENABLE_NOTIFY_MAIL = false

[mailer]
ENABLED = false

[session]
PROVIDER = memory

[cache]
ADAPTER = memory

[indexer]
REPO_INDEXER_ENABLED = false

[cron]
ENABLED = false

[actions]
ENABLED = false

[packages]
ENABLED = false

[log]
MODE = file
LEVEL = Info
ROOT_PATH = $DIR/log
INI

export GITEA_WORK_DIR="$DIR" HOME="$DIR/home" GITEA_CUSTOM="$DIR/custom"
# Gitea refuses to run as root (CI containers often are root): allow it for this throwaway instance.
[ "$(id -u)" = 0 ] && export GITEA_I_AM_BEING_UNSAFE_RUNNING_AS_ROOT=true
G() { "$BIN" --config "$DIR/app.ini" --work-path "$DIR" "$@"; }

G migrate >"$DIR/log/setup.log" 2>&1
G admin user create --username "$USER_NAME" --password "$PASSWORD" --email "$USER_NAME@example.com" \
  --admin --must-change-password=false >>"$DIR/log/setup.log" 2>&1
TOKEN="$(G admin user generate-access-token --username "$USER_NAME" --token-name "altinn-ls-tests" \
  --scopes all --raw 2>>"$DIR/log/setup.log" | tail -n1)"
[ -n "$TOKEN" ] || { echo "start-gitea: token creation failed, see $DIR/log/setup.log" >&2; exit 1; }

setsid "$BIN" --config "$DIR/app.ini" --work-path "$DIR" web >"$DIR/log/web.out" 2>&1 < /dev/null &
echo $! > "$DIR/gitea.pid"
URL="$PROTO://127.0.0.1:$PORT$SUBPATH"
CURL_CA=(); [ "$PROTO" = https ] && CURL_CA=(--cacert "$DIR/tls/ca.pem")
for _ in $(seq 1 150); do
  if curl -fsS "${CURL_CA[@]}" "$URL/api/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$(cat "$DIR/gitea.pid")" 2>/dev/null; then
    echo "start-gitea: gitea exited; last log lines:" >&2; tail -n 30 "$DIR/log/web.out" >&2; exit 1
  fi
  sleep 0.2
done
curl -fsS "${CURL_CA[@]}" "$URL/api/healthz" >/dev/null || { echo "start-gitea: API did not come up on $URL" >&2; exit 1; }

# Organisation through the API (as Altinn Studio has: apps live in orgs).
curl -fsS "${CURL_CA[@]}" -X POST -H "Authorization: token $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$ORG\",\"visibility\":\"public\"}" "$URL/api/v1/orgs" >/dev/null

cat > "$DIR/env" <<ENV
export ALTINN_TEST_GITEA_URL=$URL
export ALTINN_TEST_GITEA_USER=$USER_NAME
export ALTINN_TEST_GITEA_PASSWORD=$PASSWORD
export ALTINN_TEST_GITEA_TOKEN=$TOKEN
export ALTINN_TEST_GITEA_ORG=$ORG
export ALTINN_TEST_GITEA_DIR=$DIR
export ALTINN_TEST_GITEA_BIN=$BIN
ENV
[ "$PROTO" = https ] && echo "export ALTINN_TEST_GITEA_CA_FILE=$DIR/tls/ca.pem" >> "$DIR/env"
chmod 600 "$DIR/env"
echo "start-gitea: $("$BIN" --version | head -n1) on $URL (dir $DIR)" >&2
echo "$DIR/env"
