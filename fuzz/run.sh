#!/usr/bin/env bash
# Runs the fuzz targets one after another for a bounded time each (not in CI).
#   fuzz/run.sh                 # every target, 600 s each
#   fuzz/run.sh 120 json_parse  # one target, 120 s
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a C++ compiler; works on stable Rust via
# RUSTC_BOOTSTRAP=1. Findings land in fuzz/artifacts/<target>/, logs in fuzz/logs/.
set -u
cd "$(dirname "$0")"
secs="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(json_parse xml_parse js_parse app_check incremental_edit)
python3 seed.py
mkdir -p logs
export RUSTC_BOOTSTRAP=1
status=0
for t in "${targets[@]}"; do
  case "$t" in
    app_check) len=131072 ;;
    incremental_edit) len=70000 ;;
    *) len=65536 ;;
  esac
  echo "== $t: ${secs}s" >&2
  cargo fuzz run "$t" -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=3072 \
    -max_len="$len" -print_final_stats=1 >"logs/$t.log" 2>&1 || status=1
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|==[0-9]+== ERROR)" "logs/$t.log" >&2
  grep -E "Test unit written to" "logs/$t.log" >&2
done
exit $status
