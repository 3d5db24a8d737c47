#!/usr/bin/env bash
# Cross-platform smoke tests on Linux: builds altinn-ls for Windows (mingw) and linux-arm64,
# runs `check` and a language-server session (tests/release/lsp_smoke.py) under wine64 and
# qemu-aarch64, and the Windows-only Rust tests (server/cli/tests/windows_paths.rs) under wine.
#   bash tests/release/run-cross.sh            (run-all.sh runs it when ALTINN_CROSS=1)
# Installs: gcc-mingw-w64-x86-64 wine64 gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user
# (Debian) and the two Rust targets. Debug builds (a release build is not needed to test).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
need=()
for pkg in gcc-mingw-w64-x86-64 wine64 gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
rustup target add x86_64-pc-windows-gnu aarch64-unknown-linux-gnu >/dev/null
TD=${CARGO_TARGET_DIR:-$ROOT/target}
app=$(mktemp -d); trap 'rm -rf "$app"' EXIT
cp -r examples/demo-app/. "$app/"
p=0 f=0
ok() { if "$@"; then p=$((p + 1)); else f=$((f + 1)); fi; }

echo "--- win32-x64 (wine)"
ok eval '( . tests/release/cross-env.sh x86_64-pc-windows-gnu
  cargo build -p altinn-ls --target x86_64-pc-windows-gnu
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$ROOT/tests/release/wine-run.sh"
  cargo test -p altinn-ls --target x86_64-pc-windows-gnu --test windows_paths --test lsp_basic )'
exe="$TD/x86_64-pc-windows-gnu/debug/altinn-ls.exe"
out=$(tests/release/wine-run.sh "$exe" check "Z:${app//\//\\}" 2>&1) && code=0 || code=$?
ok eval '[ $code = 1 ] && grep -q "AL0403" <<<"$out" && echo "check under wine: ok" || { echo "check under wine: exit $code"; echo "$out" | tail -5; false; }'
ok python3 tests/release/lsp_smoke.py --app "$app" --windows-path "Z:${app//\//\\}" -- "$ROOT/tests/release/wine-run.sh" "$exe"

echo "--- linux-arm64 (qemu)"
ok eval '( . tests/release/cross-env.sh aarch64-unknown-linux-gnu
  cargo build -p altinn-ls --target aarch64-unknown-linux-gnu )'
arm="$TD/aarch64-unknown-linux-gnu/debug/altinn-ls"
q=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
out=$("${q[@]}" "$arm" check "$app" 2>&1) && code=0 || code=$?
ok eval '[ $code = 1 ] && grep -q "AL0403" <<<"$out" && echo "check under qemu: ok" || { echo "check under qemu: exit $code"; echo "$out" | tail -5; false; }'
ok python3 tests/release/lsp_smoke.py --app "$app" -- "${q[@]}" "$arm"
echo "cross: $p passed, $f failed"
((f == 0))
