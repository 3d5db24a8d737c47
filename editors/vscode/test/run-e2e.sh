#!/usr/bin/env bash
# The VS Code extension's whole test suite, self-contained:
#   1. installs what it needs (apt: chromium ripgrep libkrb5-dev; code-server 4.100.3 into
#      ~/.cache/altinn-ls/code-server, reused when present; npm ci in editors/vscode)
#   2. type-checks the extension and runs its unit tests (vitest)
#   3. builds altinn-ls and the .vsix (PROFILE=debug by default here: the CI has built debug already;
#      PROFILE=release to test the release binary)
#   4. runs the end-to-end test in code-server + Chromium (screenshots in tests/out/vscode/)
# Exits non-zero when anything failed; the last line is "N passed, N failed, N skipped" (the sync
# steps are skipped without a cached Gitea binary, except in CI, where Gitea is built when missing).
set -uo pipefail
cd "$(dirname "$0")/.."
EXT=$PWD
ROOT=$(cd ../.. && pwd)
OUT=${E2E_OUT:-$ROOT/tests/out/vscode}
mkdir -p "$OUT"
passed=0
failed=0
skipped=0
note() { echo "--- $*"; }
fail_setup() { echo "not ok - $1"; failed=$((failed + 1)); echo "$passed passed, $failed failed, $skipped skipped"; exit 1; }

t0=$SECONDS
note "installing code-server and browser (cached)"
CODE_SERVER=$(bash test/install-code-server.sh | tail -1) || fail_setup "installing code-server"
[ -x "$CODE_SERVER" ] || fail_setup "code-server not found after install ($CODE_SERVER)"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  note "npm ci"
  npm ci --no-audit --no-fund >/dev/null || fail_setup "npm ci in editors/vscode"
fi

note "type check"
if npx --no-install tsc --noEmit -p .; then echo "ok - tsc --noEmit"; passed=$((passed + 1)); else echo "not ok - tsc --noEmit"; failed=$((failed + 1)); fi

note "unit tests (vitest)"
npx --no-install vitest run --reporter=default --reporter=json --outputFile="$OUT/unit.json"
unit_rc=$?
if [ -f "$OUT/unit.json" ]; then
  read -r up uf < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites||0))' "$OUT/unit.json")
  passed=$((passed + up)); failed=$((failed + uf))
  [ "$unit_rc" -ne 0 ] && [ "$uf" -eq 0 ] && failed=$((failed + 1))
else
  echo "not ok - vitest produced no report"; failed=$((failed + 1))
fi

note "building altinn-ls and the .vsix"
VSIX=$(PROFILE=${PROFILE:-debug} bash scripts/package.sh | tail -1)
if [ -f "$VSIX" ]; then
  echo "ok - packaged $(basename "$VSIX") ($(stat -c %s "$VSIX") bytes)"; passed=$((passed + 1))
else
  fail_setup "packaging the .vsix"
fi

# Fetch/Share against a real Gitea when tests/gitea has a cached binary (the gitea suite builds it; building
# it here would take too long): set ALTINN_VSCODE_GITEA=0 to skip, GITEA_BIN to use another binary.
GITEA_ENV=
GITEA_BIN=${GITEA_BIN:-$(ls -d "${ALTINN_LS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/altinn-ls}"/gitea-*/bin/gitea 2>/dev/null | tail -1)}
case "${CI:-}" in ""|0|false) ;; *)
  # In CI a skip is a failure: build (and cache) Gitea when the gitea suite has not.
  if [ "${ALTINN_VSCODE_GITEA:-1}" != 0 ] && { [ -z "$GITEA_BIN" ] || [ ! -x "$GITEA_BIN" ]; }; then
    note "CI: building Gitea for the sync steps"
    GITEA_BIN=$(bash "$ROOT/tests/gitea/build-gitea.sh" | tail -1) || fail_setup "building Gitea (tests/gitea/build-gitea.sh)"
  fi;;
esac
if [ "${ALTINN_VSCODE_GITEA:-1}" != 0 ] && [ -n "$GITEA_BIN" ] && [ -x "$GITEA_BIN" ]; then
  note "starting Gitea for the sync steps"
  GITEA_ENV=$(bash "$ROOT/tests/gitea/start-gitea.sh" "$GITEA_BIN" | tail -1) || GITEA_ENV=
  [ -f "$GITEA_ENV" ] || { echo "not ok - starting Gitea ($GITEA_BIN)"; failed=$((failed + 1)); GITEA_ENV=; }
else
  note "no cached Gitea binary: the sync steps are skipped"
fi

note "end-to-end test in code-server"
E2E_LOG="$OUT/e2e.log"
(
  if [ -n "$GITEA_ENV" ]; then . "$GITEA_ENV"; fi
  timeout 600 node test/e2e/e2e.mjs --code-server "$CODE_SERVER" --vsix "$VSIX" --out "$OUT"
) 2>&1 | tee "$E2E_LOG"
e2e_rc=${PIPESTATUS[0]}
if [ -n "$GITEA_ENV" ]; then bash "$ROOT/tests/gitea/stop-gitea.sh" "$(dirname "$GITEA_ENV")"; fi
read -r ep ef < <(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$E2E_LOG" | tail -1)
ep=${ep:-0}; ef=${ef:-0}
es=$(grep -c '^# skipped:' "$E2E_LOG" 2>/dev/null); es=${es:-0}
passed=$((passed + ep)); failed=$((failed + ef)); skipped=$((skipped + es))
if [ "$e2e_rc" -ne 0 ] && [ "$ef" -eq 0 ]; then echo "not ok - e2e exited with $e2e_rc"; failed=$((failed + 1)); fi

echo "vscode suite took $((SECONDS - t0)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
