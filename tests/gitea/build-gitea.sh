#!/usr/bin/env bash
# Build a pinned Gitea release from its Go module (sqlite, API only) and cache the binary
# outside the clone, so later runs on the same machine reuse it.
#
#   tests/gitea/build-gitea.sh            # prints the path of the binary on the last line of stdout
#
# Env: GITEA_VERSION (default below), GITEA_BUILD_TIMEOUT (seconds, default 3600),
#      ALTINN_LS_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/altinn-ls).
# Needs: go >= 1.21 (an older-than-go.mod Go fetches the newer toolchain through the Go module proxy:
# GOTOOLCHAIN=auto), gcc (CGO for sqlite), git at run time.
set -euo pipefail

VER="${GITEA_VERSION:-v1.24.6}"
CACHE="${ALTINN_LS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/altinn-ls}"
OUT="$CACHE/gitea-$VER"              # folder: bin/gitea, options/, templates/ (served from disk: no bindata)
BIN="$OUT/bin/gitea"
TIMEOUT="${GITEA_BUILD_TIMEOUT:-3600}"

if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1 && [ -d "$OUT/options" ] && [ -d "$OUT/templates" ]; then
  echo "reusing cached Gitea: $("$BIN" --version)" >&2
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { echo "build-gitea: 'go' not found on PATH" >&2; exit 3; }
command -v gcc >/dev/null || { echo "build-gitea: 'gcc' not found (CGO is needed for sqlite)" >&2; exit 3; }
mkdir -p "$CACHE"

start=$(date +%s)
echo "build-gitea: downloading code.gitea.io/gitea@$VER from the Go module proxy" >&2
json=$(timeout "$TIMEOUT" go mod download -json "code.gitea.io/gitea@$VER")
SRC=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' | head -n1)
[ -d "$SRC" ] || { echo "build-gitea: module download gave no source dir:" >&2; printf '%s\n' "$json" >&2; exit 3; }
echo "build-gitea: source in $SRC ($(( $(date +%s) - start ))s)" >&2

# Build inside the module dir (its go.mod has replace directives, which `go install pkg@ver` ignores).
# No `bindata` tag: templates and options are read from disk (copied next to the binary below);
# the frontend assets (public/assets, built by npm) are not needed for the API and git over HTTP.
tmp="$OUT.tmp.$$"
rm -rf "$tmp"; mkdir -p "$tmp/bin"
trap 'rm -rf "$tmp"' EXIT
left=$(( TIMEOUT - ($(date +%s) - start) ))
echo "build-gitea: go build (CGO_ENABLED=1, tags 'sqlite sqlite_unlock_notify'), time-box ${left}s" >&2
( cd "$SRC" && CGO_ENABLED=1 GOFLAGS="-mod=readonly -buildvcs=false" GOTOOLCHAIN="${GOTOOLCHAIN:-auto}" \
    timeout "$left" nice -n 10 go build -trimpath -tags 'sqlite sqlite_unlock_notify' \
      -ldflags "-s -w -X main.Version=${VER#v} -X main.Tags=sqlite,sqlite_unlock_notify" \
      -o "$tmp/bin/gitea" . ) || { rc=$?; [ $rc = 124 ] && echo "build-gitea: timed out after ${TIMEOUT}s" >&2; exit $rc; }
cp -r "$SRC/options" "$SRC/templates" "$tmp/"
mkdir -p "$tmp/public"; [ -d "$SRC/public" ] && cp -r "$SRC/public/." "$tmp/public/" || true
chmod -R u+w "$tmp"
rm -rf "$OUT"; mv "$tmp" "$OUT"; trap - EXIT
dur=$(( $(date +%s) - start ))
echo "build-gitea: built $("$BIN" --version) in ${dur}s ($(( dur / 60 ))m$(( dur % 60 ))s)" >&2
echo "$dur" > "$OUT/build-seconds"
echo "$BIN"
