#!/usr/bin/env bash
# The in-repository benchmarks whose figures README.md and docs/ quote, each run with its whole
# output kept in tests/bench/raw/<bench>.txt (date, commit, machine and load first). Not part of CI.
#
#   bash tests/bench/figures.sh                      # all four
#   FIGURES="reparse lsp_latency" bash tests/bench/figures.sh
#
# Which figure comes from which file: tests/bench/README.md ("Where each figure comes from").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
raw="$here/raw"
mkdir -p "$raw"
cd "$repo"
for bench in ${FIGURES:-check lsp_latency ide reparse}; do
  case $bench in
    check | lsp_latency) pkg=altinn-ls ;;
    ide | reparse) pkg=altinn-analysis ;;
    *) echo "figures: unknown bench '$bench'" >&2; exit 2 ;;
  esac
  out="$raw/$bench.txt"
  echo "[figures] cargo bench -p $pkg --bench $bench > ${out#"$repo"/}" >&2
  {
    echo "# cargo bench -p $pkg --bench $bench   (bash tests/bench/figures.sh)"
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + uncommitted changes')"
    echo "# $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo), $(uname -sr); load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
    cargo bench -q -p "$pkg" --bench "$bench" 2>&1
    echo "# load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  } | tee "$out.new"
  mv "$out.new" "$out"
done
