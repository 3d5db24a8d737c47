#!/usr/bin/env bash
# The timings of docs/sync.md ("Measured"): `altinn-ls sync` against a throwaway Gitea on loopback,
# with a corpus app. Prints every single measurement, then the table; docs/sync.md quotes the table
# and keeps this script's whole output beside it:
#
#   bash tests/gitea/sync-timings.sh > docs/sync-timings.txt
#
# Env: APP (default ../shared/altinn/corpus/designer-testdata-app), RUNS (5), ALTINN_LS (default
# target/debug/altinn-ls, built when missing). Needs the Gitea of tests/gitea (build-gitea.sh,
# cached), git, curl, python3. Not part of CI.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
APP=${APP:-$root/../shared/altinn/corpus/designer-testdata-app}
RUNS=${RUNS:-5}
BIN=${ALTINN_LS:-$root/target/debug/altinn-ls}
[ -x "$BIN" ] || (cd "$root" && cargo build -q -p altinn-ls)
[ -d "$APP" ] || { echo "sync-timings: $APP not found" >&2; exit 2; }

GITEA=$("$here/build-gitea.sh" | tail -n1)
ENVF=$("$here/start-gitea.sh" "$GITEA" | tail -n1)
work=$(mktemp -d)
cleanup() { "$here/stop-gitea.sh" "$(dirname "$ENVF")" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
# shellcheck disable=SC1090
. "$ENVF"
export HOME=$work/home ALTINN_LS_CONFIG_DIR=$work/cfg GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0
export ALTINN_STUDIO_URL=$ALTINN_TEST_GITEA_URL ALTINN_STUDIO_USER=$ALTINN_TEST_GITEA_USER \
  ALTINN_STUDIO_TOKEN=$ALTINN_TEST_GITEA_TOKEN
mkdir -p "$HOME"
repo=timings-$$
curl -sf -X POST -H "Authorization: token $ALTINN_TEST_GITEA_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"name\": \"$repo\", \"auto_init\": true, \"default_branch\": \"master\"}" \
  "$ALTINN_TEST_GITEA_URL/api/v1/orgs/$ALTINN_TEST_GITEA_ORG/repos" > /dev/null

sync() { "$BIN" sync -q "$@" > /dev/null; }
# timed NAME COMMAND...: runs it, prints "NAME <ms>" (a raw line), fails when the command fails.
timed() {
  local name=$1 t0 t1; shift
  t0=$(date +%s%N)
  "$@" > /dev/null 2> "$work/err" || { echo "sync-timings: '$*' failed: $(cat "$work/err")" >&2; exit 1; }
  t1=$(date +%s%N)
  echo "$name $(((t1 - t0) / 1000000))" | tee -a "$work/raw"
}
touch_files() { # DIR FIRST: appends a newline to 10 JSON files of the app (files FIRST..FIRST+9)
  (cd "$1" && find App -name '*.json' | sort | sed -n "$2,$(($2 + 9))p" | while read -r f; do echo >> "$f"; done)
}

echo "# bash tests/gitea/sync-timings.sh: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$root" rev-parse --short HEAD)"
echo "# $(nproc) cores, $(uname -sr), load average at start $(cut -d' ' -f1-3 /proc/loadavg); binary $BIN"
echo "# app: $APP ($(find "$APP" -type f | wc -l) files, $(du -sh "$APP" | cut -f1)); $RUNS runs each"
(cd "$work" && sync clone "$ALTINN_TEST_GITEA_ORG/$repo" a)
cp -R "$APP/." "$work/a/"
timed "first-push-of-the-app" "$BIN" sync -q -C "$work/a" push -m "the app"
(cd "$work" && timed "clone-of-the-app" "$BIN" sync -q clone "$ALTINN_TEST_GITEA_ORG/$repo" b)
for _ in $(seq "$RUNS"); do timed "status-up-to-date" "$BIN" sync -q -C "$work/b" status; done
for i in $(seq "$RUNS"); do
  touch_files "$work/a" 1 && sync -C "$work/a" push -m "a $i"
  timed "pull-fast-forward-10-files" "$BIN" sync -q -C "$work/b" pull
done
for i in $(seq "$RUNS"); do
  touch_files "$work/b" 1
  timed "push-10-files" "$BIN" sync -q -C "$work/b" push -m "b $i"
done
sync -C "$work/a" pull
for i in $(seq "$RUNS"); do
  sync -C "$work/b" pull && touch_files "$work/b" 1 && sync -C "$work/b" push -m "b moves on $i"
  touch_files "$work/a" 11
  timed "push-after-the-server-moved-on" "$BIN" sync -q -C "$work/a" push -m "a $i"
done
echo "# load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| operation | runs | min | median | max |"
echo "| --- | ---: | ---: | ---: | ---: |"
python3 - "$work/raw" <<'PY'
import sys, collections
runs = collections.OrderedDict()
for line in open(sys.argv[1]):
    name, ms = line.split()
    runs.setdefault(name, []).append(int(ms))
for name, v in runs.items():
    v.sort()
    print(f"| {name} | {len(v)} | {v[0]} ms | {v[(len(v) - 1) // 2]} ms | {v[-1]} ms |")
PY
