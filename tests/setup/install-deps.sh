#!/usr/bin/env bash
# Installs the system packages the build and the test suites need (Debian; idempotent).
set -euo pipefail
need=()
# No libssl-dev/pkg-config: the build needs only Rust and a C compiler (git uses rustls).
# openssl: the CLI makes the throwaway CA of the HTTPS Gitea test.
for pkg in gcc curl openssl python3 python3-venv; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
command -v cargo >/dev/null || { echo "cargo not found: install Rust (rustup) first"; exit 1; }
rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy rustfmt || true
# Named, not installed (not Debian 12 packages new enough): Go >= 1.21 for the Gitea build (it fetches
# the toolchain Gitea's go.mod asks for), Node.js 20 for the VS Code suite.
if ! command -v go >/dev/null || ! go version | grep -qE 'go1\.(2[1-9]|[3-9][0-9])'; then
  echo "note: the gitea suite needs Go >= 1.21 (found: $(go version 2>/dev/null || echo none))"
fi
if ! command -v node >/dev/null || ! node --version | grep -qE '^v(2[0-9]|[3-9][0-9])\.'; then
  echo "note: the vscode suite needs Node.js >= 20 (found: $(node --version 2>/dev/null || echo none))"
fi
