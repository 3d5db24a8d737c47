# Counting what a suite did, from its output (sourced by tests/run-all.sh and tests/gitea/run-tests.sh).
# Every function prints "passed failed skipped".

# cargo test output: the sum of libtest's "test result:" lines. Ignored tests are skipped, and so is
# a test that wrote "SKIPPED <test>: <why>" (tests/support/prereq.rs: ../shared missing); libtest
# counted that one as passed, so it is moved from passed to skipped.
cargo_counts() {
  awk '
    /^test result: / {
      for (i = 2; i <= NF; i++) {
        if ($i ~ /^passed/) p += $(i - 1)
        if ($i ~ /^failed/) f += $(i - 1)
        if ($i ~ /^ignored/) s += $(i - 1)
      }
    }
    /SKIPPED [A-Za-z0-9_:-]+: / { k++ }
    END { print p - k + 0, f + 0, s + k + 0 }' "$1"
}

# Why cargo tests were skipped: "N × reason" per distinct ignore reason / SKIPPED line.
cargo_skip_reasons() {
  { sed -n 's/^test .* \.\.\. ignored, \(.*\)$/\1/p' "$1"
    grep -o 'SKIPPED [A-Za-z0-9_:-]*: .*' "$1" | sed 's/^SKIPPED [^:]*: //'
  } | sort | uniq -c | sed 's/^ *\([0-9]*\) /\1 × /'
}

# The suites with their own counting end with a line "[name: ]N passed, N failed[, N skipped]".
# Colour codes are dropped first: Maven leaves a reset (ESC[0m) at the start of the next line.
line_counts() {
  sed -e 's/\x1b\[[0-9;]*m//g' "$1" | sed -n 's/^\([a-z]*: \)\{0,1\}\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\(, \([0-9][0-9]*\) skipped\)\{0,1\}$/\2 \3 \5/p' |
    tail -n1 | awk '{ print $1 + 0, $2 + 0, $3 + 0 }'
}
