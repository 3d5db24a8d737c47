#!/usr/bin/env bash
# Stop the Gitea started by start-gitea.sh:  tests/gitea/stop-gitea.sh DIR [--keep]
set -uo pipefail
DIR="${1:?usage: stop-gitea.sh DIR [--keep]}"
if [ -f "$DIR/gitea.pid" ]; then
  pid="$(cat "$DIR/gitea.pid")"
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  rm -f "$DIR/gitea.pid"
fi
if [ "${2:-}" != "--keep" ] && [ -f "$DIR/app.ini" ]; then rm -rf "$DIR"; fi
