#!/usr/bin/env bash
# Builds the .vsix for one platform, with the altinn-ls server inside (server/altinn-ls).
#
#   npm run package                        # linux-x64, release build of altinn-ls
#   PROFILE=debug npm run package          # use a debug build (faster to build; bigger, slower)
#   TARGET=darwin-arm64 RUST_TARGET=aarch64-apple-darwin npm run package
#                                          # another platform: cross-compile altinn-ls with cargo --target
#                                          # (or build it on that platform) and name the VS Code target
#   ALTINN_LS_BIN=/path/to/altinn-ls npm run package   # package a binary built elsewhere
#   TARGET=none npm run package            # no server inside: the extension finds altinn-ls on PATH
#                                          # (or altinnStudio.server.path); installs on every platform
# Cross builds here (Debian): win32-x64 needs gcc-mingw-w64-x86-64, linux-arm64 gcc-aarch64-linux-gnu
# (tests/release/cross-env.sh sets the linker), darwin-* cargo-zigbuild + ziglang.
#   VSCE_BASE_URL=https://…/editors/vscode/ npm run package   # absolute README links for the Marketplace
#
# Output: editors/vscode/altinn-studio-tools-<version>-<target>.vsix (the path is printed last).
# Works offline once `npm ci` has run.
set -euo pipefail
cd "$(dirname "$0")/.."
EXT=$PWD
ROOT=$(cd ../.. && pwd)
TARGET=${TARGET:-linux-x64}
PROFILE=${PROFILE:-release}
EXE=altinn-ls
case "$TARGET" in win32-*) EXE=altinn-ls.exe ;; esac

if [ "$TARGET" = none ]; then
  BIN=
elif [ -n "${ALTINN_LS_BIN:-}" ]; then
  BIN=$ALTINN_LS_BIN
else
  args=(build -p altinn-ls)
  [ "$PROFILE" = release ] && args+=(--release)
  CARGO_BUILD_CMD="cargo build"
  if [ -n "${RUST_TARGET:-}" ]; then
    args+=(--target "$RUST_TARGET")
    # shellcheck source=../../../tests/release/cross-env.sh
    . "$ROOT/tests/release/cross-env.sh" "$RUST_TARGET"
  fi
  args=("${args[@]:1}")   # drop "build": CARGO_BUILD_CMD has it
  (cd "$ROOT" && $CARGO_BUILD_CMD "${args[@]}") >&2
  dir=$PROFILE; [ "$PROFILE" = dev ] && dir=debug
  TD=${CARGO_TARGET_DIR:-$ROOT/target}
  if [ -n "${RUST_TARGET:-}" ]; then BIN=$TD/$RUST_TARGET/$dir/$EXE; else BIN=$TD/$dir/$EXE; fi
fi

rm -rf server
if [ -n "$BIN" ]; then
  [ -f "$BIN" ] || { echo "altinn-ls binary not found at $BIN" >&2; exit 2; }
  mkdir -p server
  cp "$BIN" "server/$EXE"
  chmod 755 "server/$EXE"
fi
cp "$ROOT/LICENSE" LICENSE
[ -d node_modules ] || npm ci --no-audit --no-fund >&2
node esbuild.mjs >&2
VERSION=$(node -p 'require("./package.json").version')
OUT=$EXT/altinn-studio-tools-$VERSION-$TARGET.vsix
# README images: relative links work in VS Code's extension view (media/ is in the package). For the
# Marketplace page set VSCE_BASE_URL to where the repository's editors/vscode/ folder is browsable,
# e.g. https://github.com/<org>/<repo>/raw/main/editors/vscode/ ; vsce then rewrites the links.
links=(--no-rewrite-relative-links)
if [ -n "${VSCE_BASE_URL:-}" ]; then links=(--baseContentUrl "$VSCE_BASE_URL" --baseImagesUrl "$VSCE_BASE_URL"); fi
# --no-dependencies: dist/extension.js already bundles vscode-languageclient.
target=(--target "$TARGET")
if [ "$TARGET" = none ]; then target=(); OUT=$EXT/altinn-studio-tools-$VERSION.vsix; fi
npx --no-install vsce package --no-dependencies "${links[@]}" "${target[@]}" -o "$OUT" >&2
echo "$OUT"
