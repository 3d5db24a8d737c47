#!/usr/bin/env bash
# Build (or reuse) Gitea, start it on loopback, run the sync tests against it, stop it.
#
#   tests/gitea/run-tests.sh [extra cargo test args]
#
# Needs: go + gcc (first run only, to build Gitea; the binary is cached), git, curl, python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

t0=$(date +%s)
BIN="$("$here/build-gitea.sh" | tail -n1)"
echo "run-tests: Gitea binary $BIN ($(( $(date +%s) - t0 ))s)" >&2

ENVFILE="$("$here/start-gitea.sh" "$BIN" | tail -n1)"
DIR="$(dirname "$ENVFILE")"
HTTPS_DIR=""
REL_DIR=""
cleanup() {
  "$here/stop-gitea.sh" "$DIR" ${KEEP_GITEA:+--keep}
  [ -n "$HTTPS_DIR" ] && "$here/stop-gitea.sh" "$HTTPS_DIR" ${KEEP_GITEA:+--keep}
  [ -n "$REL_DIR" ] && "$here/stop-gitea.sh" "$REL_DIR" ${KEEP_GITEA:+--keep}
}
trap cleanup EXIT
# A second instance over HTTPS with a private CA (for the custom-CA test).
HTTPS_ENV="$(GITEA_PROTOCOL=https GITEA_TEST_DIR= "$here/start-gitea.sh" "$BIN" | tail -n1)"
HTTPS_DIR="$(dirname "$HTTPS_ENV")"
# shellcheck disable=SC1090
. <(sed 's/ALTINN_TEST_GITEA_/ALTINN_TEST_GITEA_HTTPS_/' "$HTTPS_ENV")
# A third one that anonymous users can read, for install.sh and `self update` (release_gitea.rs).
REL_ENV="$(GITEA_REQUIRE_SIGNIN_VIEW=false GITEA_TEST_DIR= "$here/start-gitea.sh" "$BIN" | tail -n1)"
REL_DIR="$(dirname "$REL_ENV")"
# shellcheck disable=SC1090
. <(sed 's/ALTINN_TEST_GITEA_/ALTINN_TEST_RELEASE_GITEA_/' "$REL_ENV")
# shellcheck disable=SC1090
. "$ENVFILE"

cd "$root"
rc=0
# The Gitea tests are #[ignore]d in a plain `cargo test`; here they run (and only they).
cargo test -p altinn-ls --test sync_gitea "$@" -- --ignored --test-threads=2 || rc=$?
cargo test -p altinn-gitea --test commands_gitea "$@" -- --ignored || rc=$?
cargo test -p altinn-ls --test release_gitea "$@" || rc=$?
if [ $rc != 0 ]; then
  echo "run-tests: FAILED; Gitea log: $DIR/log (kept with KEEP_GITEA=1)" >&2
fi
exit $rc
