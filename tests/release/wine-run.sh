#!/usr/bin/env bash
# Runs a Windows program (x86_64-pc-windows-gnu build) under wine64, for tests on Linux.
#   tests/release/wine-run.sh PROGRAM.exe [ARGS...]
# Also the cargo runner:  CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=$PWD/tests/release/wine-run.sh
# Uses a private wine prefix (ALTINN_WINEPREFIX, default ~/.cache/altinn-ls/wine) that holds a
# TEST-ONLY bcryptprimitives.dll stand-in (bcryptprimitives-standin.c; wine 8 lacks the DLL that
# Rust's std imports). The stand-in never goes into a package.
# Needs: wine64, gcc-mingw-w64-x86-64 (Debian packages).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export WINEPREFIX="${ALTINN_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/altinn-ls/wine}"
export WINEDEBUG="${WINEDEBUG:--all}"
# insta finds the workspace with `cargo metadata`, which a Windows program cannot run here.
export INSTA_WORKSPACE_ROOT="${INSTA_WORKSPACE_ROOT:-$(cd "$here/../.." && pwd)}"
export WINEDLLOVERRIDES="bcryptprimitives=n;mscoree=;mshtml=;${WINEDLLOVERRIDES:-}"
WINE="$(command -v wine64 || true)"
[ -n "$WINE" ] || WINE=/usr/lib/wine/wine64
[ -x "$WINE" ] || { echo "wine-run: wine64 not found (apt-get install wine64)" >&2; exit 3; }
sys32="$WINEPREFIX/drive_c/windows/system32"
dll="$sys32/bcryptprimitives.dll"
if [ ! -f "$dll" ] || [ "$here/bcryptprimitives-standin.c" -nt "$dll" ]; then
  mkdir -p "$WINEPREFIX"
  [ -d "$sys32" ] || "$WINE" wineboot --init >/dev/null 2>&1 || true
  mkdir -p "$sys32"
  x86_64-w64-mingw32-gcc -shared -O2 -o "$dll.tmp" "$here/bcryptprimitives-standin.c" -ladvapi32
  mv "$dll.tmp" "$dll"
fi
exec "$WINE" "$@"
