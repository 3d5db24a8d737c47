#!/usr/bin/env bash
# Side-by-side benchmarks (not part of CI; ~10-20 min):  bash tests/bench/compare.sh
#
# Installs the peers (npm) into a cache folder outside the repository, builds altinn-ls in
# release mode, runs the batch / interactive / scale benchmarks and writes tests/bench/RESULTS.md.
# Environment: BENCH_CACHE (default ~/.cache/altinn-ls-bench), ALTINN_SHARED (default ../shared),
# and the BENCH_* knobs documented at the top of tests/bench/bench.cjs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${ALTINN_SHARED:-$repo/../shared}
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/altinn-ls-bench}

if [ ! -d "$shared/altinn/corpus" ] || [ ! -d "$shared/altinn/schemas/app-frontend-react-v4" ]; then
  echo "compare.sh: $shared/altinn/{corpus,schemas} not found (set ALTINN_SHARED)" >&2
  exit 2
fi
command -v node >/dev/null || { echo "compare.sh: node (>= 18) is needed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "compare.sh: /usr/bin/time is needed (Debian package 'time')" >&2; exit 2; }

peers=(vscode-json-languageservice@5.7.2 vscode-langservers-extracted@4.10.0)
mkdir -p "$cache/node"
if [ ! -f "$cache/node/.installed" ] || [ "$(cat "$cache/node/.installed")" != "${peers[*]}" ]; then
  echo "[bench] npm install ${peers[*]} into $cache/node" >&2
  (cd "$cache/node" && { [ -f package.json ] || echo '{"private": true}' > package.json; } \
    && npm install --no-audit --no-fund --loglevel=error "${peers[@]}" >&2)
  echo "${peers[*]}" > "$cache/node/.installed"
fi

# cargo's own rule: CARGO_TARGET_DIR if set (relative to the repository), else target/.
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$repo/$target ;; esac
bin=$target/release/altinn-ls
if [ "${BENCH_NO_BUILD:-}" = 1 ] && [ -x "$bin" ]; then
  echo "[bench] BENCH_NO_BUILD=1: using the existing $bin" >&2
else
  echo "[bench] cargo build --release -p altinn-ls" >&2
  (cd "$repo" && cargo build --release -p altinn-ls >&2)
fi

# The tables go to RESULTS.md, every measurement behind them to RESULTS.raw.json, and the whole
# console output of this run to RESULTS.log (all three kept in the repository, side by side).
node "$here/bench.cjs" --bin "$bin" --node "$cache/node" \
  --shared "$shared" --work "$cache/work" --out "$here/RESULTS.md" 2>&1 | tee "$here/RESULTS.log"
exit "${PIPESTATUS[0]}"
