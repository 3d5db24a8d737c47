#!/usr/bin/env bash
# JVM test of the LSP4IJ template (editors/jetbrains/lsp4ij-template): builds altinn-ls, then runs
# the Maven/JUnit tests, which start the server exactly as the template tells LSP4IJ to and talk
# to it through Eclipse LSP4J (the library LSP4IJ is built on). Exits non-zero on failure.
# Needs JDK 17+ and Maven (installed with apt-get when missing and running as root); dependencies
# come from Maven Central on the first run and from ~/.m2 afterwards.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"

if ! command -v mvn >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "jetbrains: installing Maven and JDK 17 (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven openjdk-17-jdk-headless >/dev/null
  else
    echo "jetbrains: Maven and a JDK 17+ are needed (mvn, javac not found)" >&2
    exit 2
  fi
fi

echo "jetbrains: cargo build -p altinn-ls"
(cd "$ROOT" && cargo build -q -p altinn-ls)
export ALTINN_LS_BIN="${ALTINN_LS_BIN:-$ROOT/target/debug/altinn-ls}"
[ -x "$ALTINN_LS_BIN" ] || { echo "jetbrains: $ALTINN_LS_BIN is not an executable" >&2; exit 2; }

cd "$HERE"
# -ntp: no download progress. Surefire's summary ("Tests run: N, Failures: N, Errors: N,
# Skipped: N", the last such line) becomes the "N passed, N failed, N skipped" line run-all reads.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
mvn -B -ntp test 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^\[[A-Z]+\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' | tail -n1 |
  sed -E 's/.*Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+), Skipped: ([0-9]+)/\1 \2 \3 \4/' |
  awk '{ print $1 - $2 - $3 - $4 " passed, " $2 + $3 " failed, " $4 " skipped" }'
exit "$rc"
