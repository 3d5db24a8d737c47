#!/usr/bin/env bash
# The Windows smoke suite of tests/run-all.sh: a debug build of the altinn-ls binary alone for
# x86_64-pc-windows-gnu (mingw), then under wine (tests/release/wine-run.sh) `check` on the demo
# app with a Windows path, and one language-server session with Windows URIs and CRLF
# (tests/release/lsp_smoke.py). The full Windows test build is tests/release/run-cross.sh (on request).
# Installs gcc-mingw-w64-x86-64 and wine64 (Debian) and the Rust target itself; where it cannot,
# it says "skipped". Ends with "windows: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RT=x86_64-pc-windows-gnu
skip() {
  echo "SKIPPED windows smoke: $*"
  echo "windows: 0 passed, 0 failed, 2 skipped"
  exit 0
}
need=()
for pkg in gcc-mingw-w64-x86-64 wine64; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
if ((${#need[@]})); then
  command -v apt-get >/dev/null || skip "no apt-get to install ${need[*]}"
  (export DEBIAN_FRONTEND=noninteractive
   apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}") ||
    skip "cannot install ${need[*]}"
fi
rustup target list --installed 2>/dev/null | grep -qx "$RT" || rustup target add "$RT" ||
  skip "cannot add the Rust target $RT (rustup target add $RT)"

t0=$SECONDS
# shellcheck source=cross-env.sh
( . tests/release/cross-env.sh "$RT" && cargo build -p altinn-ls --target "$RT" ) || {
  echo "windows: 0 passed, 1 failed, 1 skipped (the build failed)"; exit 1; }
echo "windows smoke: debug build of the binary in $((SECONDS - t0)) s"
exe="${CARGO_TARGET_DIR:-$ROOT/target}/$RT/debug/altinn-ls.exe"
app=$(mktemp -d); trap 'rm -rf "$app"' EXIT
cp -r examples/demo-app/. "$app/"
win="Z:${app//\//\\}"
p=0 f=0

t0=$SECONDS
out=$(tests/release/wine-run.sh "$exe" check "$win" 2>&1) && code=0 || code=$?
if [ "$code" = 1 ] && grep -q "AL0403" <<<"$out"; then
  echo "ok: check $win under wine ($((SECONDS - t0)) s, first run sets up the wine prefix)"; p=$((p + 1))
else
  echo "FAILED: check $win under wine: exit $code"; echo "$out" | tail -20; f=$((f + 1))
fi
if python3 tests/release/lsp_smoke.py --app "$app" --windows-path "$win" -- "$ROOT/tests/release/wine-run.sh" "$exe"; then
  p=$((p + 1))
else
  echo "FAILED: lsp_smoke.py under wine"; f=$((f + 1))
fi
echo "windows: $p passed, $f failed, 0 skipped"
((f == 0))
