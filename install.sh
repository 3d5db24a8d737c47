#!/bin/sh
# Installs altinn-ls from a release: downloads the archive for this machine, checks its SHA-256,
# puts `altinn-ls` in a folder on PATH. No Rust needed.
#
#   curl -fsSL https://github.com/Altinn/altinn-studio-language-tools/releases/latest/download/install.sh | sh
#   sh install.sh [--from REPOSITORY_URL] [--version TAG] [--dir FOLDER]
#
# REPOSITORY_URL: the repository that publishes the releases: by default the project's own
# (https://github.com/Altinn/altinn-studio-language-tools, Cargo.toml's `repository`), or a copy on Altinn Studio's Gitea
# (https://altinn.studio/repos/OWNER/altinn-ls) or another GitHub repository.
# Env: ALTINN_LS_RELEASES (= --from), ALTINN_LS_VERSION (= --version, default: the latest),
#      ALTINN_LS_INSTALL_DIR (= --dir, default: ~/.local/bin).
# Needs: curl (or wget), tar, sha256sum (or shasum).
set -eu

SRC="${ALTINN_LS_RELEASES:-https://github.com/Altinn/altinn-studio-language-tools}"
TAG="${ALTINN_LS_VERSION:-}"
DIR="${ALTINN_LS_INSTALL_DIR:-$HOME/.local/bin}"
while [ $# -gt 0 ]; do
  case "$1" in
    --from) SRC="$2"; shift 2 ;;
    --version) TAG="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
die() { echo "install.sh: $*" >&2; exit 1; }
[ -n "$SRC" ] || die "no release source: pass --from https://HOST/OWNER/altinn-ls or set ALTINN_LS_RELEASES"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) die "unsupported system $(uname -s) (on Windows use install.ps1)" ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=x64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) die "unsupported processor $(uname -m)" ;;
esac
TARGET="$os-$arch"
ARCHIVE="altinn-ls-$TARGET.tar.gz"

# The releases API: GitHub or Gitea (same JSON for what we read).
SRC="${SRC%/}"; SRC="${SRC%.git}"
case "$SRC" in
  */api/v1/repos/*|https://api.github.com/repos/*) API="$SRC" ;;
  https://github.com/*) API="https://api.github.com/repos/${SRC#https://github.com/}" ;;
  *) owner_repo="$(echo "$SRC" | awk -F/ '{print $(NF-1) "/" $NF}')"
     base="${SRC%/*/*}"
     API="$base/api/v1/repos/$owner_repo" ;;
esac
case "$API" in
  https://*) ;;
  http://127.*|http://localhost[:/]*|http://\[::1\]*) ;;
  *) die "refusing plain HTTP to a remote host: $API" ;;
esac
if [ -n "$TAG" ]; then REL="$API/releases/tags/$TAG"; else REL="$API/releases/latest"; fi

fetch() { # URL FILE
  if command -v curl >/dev/null 2>&1; then curl -fsSL --proto '=https,http' -o "$2" "$1"
  else wget -q -O "$2" "$1"; fi
}
sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT INT TERM
fetch "$REL" "$TMP/release.json" || die "cannot read the release at $REL"
# The download URL of an asset by name (the JSON is one line or pretty-printed: split on commas).
asset_url() {
  tr ',{}' '\n\n\n' < "$TMP/release.json" | grep '"browser_download_url"' \
    | sed 's/.*"browser_download_url" *: *"\([^"]*\)".*/\1/' | grep "/$1\$" | head -n1
}
URL="$(asset_url "$ARCHIVE")"; SUMURL="$(asset_url "$ARCHIVE.sha256")"
[ -n "$URL" ] && [ -n "$SUMURL" ] || die "the release has no $ARCHIVE with $ARCHIVE.sha256 (platform $TARGET)"
fetch "$URL" "$TMP/$ARCHIVE" || die "download failed: $URL"
fetch "$SUMURL" "$TMP/sum" || die "download failed: $SUMURL"
want="$(cut -d' ' -f1 < "$TMP/sum" | tr 'A-F' 'a-f')"
got="$(sha256 "$TMP/$ARCHIVE")"
[ "$want" = "$got" ] || die "SHA-256 mismatch for $ARCHIVE (expected $want, got $got): nothing installed"
mkdir -p "$TMP/x" && tar -xzf "$TMP/$ARCHIVE" -C "$TMP/x"
BIN="$(find "$TMP/x" -type f -name altinn-ls | head -n1)"
[ -n "$BIN" ] || die "$ARCHIVE holds no altinn-ls"
"$BIN" --version >/dev/null 2>&1 || die "the downloaded altinn-ls does not run on this machine"
mkdir -p "$DIR"
cp "$BIN" "$DIR/.altinn-ls.new.$$" && chmod 755 "$DIR/.altinn-ls.new.$$"
mv -f "$DIR/.altinn-ls.new.$$" "$DIR/altinn-ls"   # atomic: a running altinn-ls keeps working
echo "installed $("$DIR/altinn-ls" --version) to $DIR/altinn-ls"
case ":$PATH:" in
  *":$DIR:"*) ;;
  *) echo "note: $DIR is not on your PATH; add it, e.g.: echo 'export PATH=\"$DIR:\$PATH\"' >> ~/.profile" ;;
esac
