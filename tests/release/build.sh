#!/usr/bin/env bash
# Builds the release artifacts of one platform into dist/:
#   altinn-ls-<target>.tar.gz (.zip on Windows) + .sha256     archive for install.sh / install.ps1
#   altinn-ls-<target>[.exe] + .sha256                         bare binary for `altinn-ls self update`
#   altinn-studio-tools-<version>-<target>.vsix                VS Code package with the server inside
#   tests/release/build.sh TARGET        TARGET: linux-x64 linux-arm64 win32-x64 darwin-x64 darwin-arm64
#   tests/release/build.sh none          only the VS Code package without a server (finds altinn-ls on PATH)
# Env: RUST_TARGET (default from TARGET), PROFILE (release), DIST (dist), SKIP_VSIX=1,
#      ALTINN_LS_RELEASES (baked into the binary: where `self update` looks by default).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TARGET="${1:?usage: tests/release/build.sh TARGET}"
DIST="${DIST:-$ROOT/dist}"
PROFILE="${PROFILE:-release}"
mkdir -p "$DIST"

sha() { # FILE -> FILE.sha256 ("<hex>  <name>", as sha256sum writes)
  (cd "$(dirname "$1")" && if command -v sha256sum >/dev/null; then sha256sum "$(basename "$1")"; else shasum -a 256 "$(basename "$1")"; fi) > "$1.sha256"
}

if [ "$TARGET" = none ]; then
  # The platform-independent files of a release: the install scripts and the server-less vsix.
  cp install.sh install.ps1 "$DIST/"
  out=$(cd editors/vscode && TARGET=none npm run --silent package | tail -n1)
  mv "$out" "$DIST/"; echo "$DIST/$(basename "$out")"; exit 0
fi

case "$TARGET" in
  linux-x64) RT=x86_64-unknown-linux-gnu ;;
  linux-arm64) RT=aarch64-unknown-linux-gnu ;;
  win32-x64) RT=x86_64-pc-windows-gnu ;;
  darwin-x64) RT=x86_64-apple-darwin ;;
  darwin-arm64) RT=aarch64-apple-darwin ;;
  *) echo "build.sh: unknown target $TARGET" >&2; exit 2 ;;
esac
RT="${RUST_TARGET:-$RT}"
EXE=altinn-ls; case "$TARGET" in win32-*) EXE=altinn-ls.exe ;; esac

# shellcheck source=cross-env.sh
. tests/release/cross-env.sh "$RT"
t0=$SECONDS
args=(-p altinn-ls --target "$RT"); [ "$PROFILE" = release ] && args+=(--release)
$CARGO_BUILD_CMD "${args[@]}" >&2
dir=$PROFILE; [ "$PROFILE" = dev ] && dir=debug
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/$RT/$dir/$EXE"
[ -f "$BIN" ] || { echo "build.sh: no binary at $BIN" >&2; exit 1; }
echo "build.sh: $TARGET built in $((SECONDS - t0)) s, $(stat -c %s "$BIN" 2>/dev/null || stat -f %z "$BIN") bytes" >&2

# Bare binary (self update) and archive (install scripts), each with its SHA-256.
bare="$DIST/altinn-ls-$TARGET"; [ "$EXE" = altinn-ls.exe ] && bare="$bare.exe"
cp "$BIN" "$bare"; sha "$bare"
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/altinn-ls-$TARGET"
cp "$BIN" "$stage/altinn-ls-$TARGET/$EXE"
[ -f LICENSE ] && cp LICENSE "$stage/altinn-ls-$TARGET/"
if [ "$EXE" = altinn-ls.exe ]; then
  arc="$DIST/altinn-ls-$TARGET.zip"
  python3 - "$stage" "altinn-ls-$TARGET" "$arc" <<'PY'
import os, sys, zipfile
stage, top, out = sys.argv[1:4]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(os.path.join(stage, top))):
        z.write(os.path.join(stage, top, name), f"{top}/{name}")
PY
else
  arc="$DIST/altinn-ls-$TARGET.tar.gz"
  tar -C "$stage" -czf "$arc" "altinn-ls-$TARGET"
fi
sha "$arc"

if [ "${SKIP_VSIX:-}" != 1 ]; then
  vsix=$(cd editors/vscode && ALTINN_LS_BIN="$BIN" TARGET="$TARGET" npm run --silent package | tail -n1)
  mv "$vsix" "$DIST/"
fi
ls -l "$DIST" >&2
