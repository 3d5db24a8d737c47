#!/usr/bin/env bash
# Builds the .vsix for one platform, with the altinn-ls server inside (server/altinn-ls).
#
#   npm run package                        # linux-x64, release build of altinn-ls
#   PROFILE=debug npm run package          # use a debug build (faster to build; bigger, slower)
#   TARGET=darwin-arm64 RUST_TARGET=aarch64-apple-darwin npm run package
#                                          # another platform: cross-compile altinn-ls with cargo --target
#                                          # (or build it on that platform) and name the VS Code target
#   ALTINN_LS_BIN=/path/to/altinn-ls npm run package   # package a binary built elsewhere
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

if [ -n "${ALTINN_LS_BIN:-}" ]; then
  BIN=$ALTINN_LS_BIN
else
  args=(build -p altinn-ls)
  [ "$PROFILE" = release ] && args+=(--release)
  [ -n "${RUST_TARGET:-}" ] && args+=(--target "$RUST_TARGET")
  (cd "$ROOT" && cargo "${args[@]}") >&2
  dir=$PROFILE; [ "$PROFILE" = dev ] && dir=debug
  if [ -n "${RUST_TARGET:-}" ]; then BIN=$ROOT/target/$RUST_TARGET/$dir/$EXE; else BIN=$ROOT/target/$dir/$EXE; fi
fi
[ -x "$BIN" ] || { echo "altinn-ls binary not found at $BIN" >&2; exit 2; }

rm -rf server && mkdir -p server
cp "$BIN" "server/$EXE"
chmod 755 "server/$EXE"
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
npx --no-install vsce package --no-dependencies --allow-missing-repository --skip-license \
  "${links[@]}" --target "$TARGET" -o "$OUT" >&2
echo "$OUT"
