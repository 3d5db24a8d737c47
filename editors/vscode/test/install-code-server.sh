#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, outside the repository, reusing what is there:
#  - Debian packages: chromium, ripgrep, libkrb5-dev (code-server's kerberos module builds against it)
#  - code-server 4.100.3 (the last release that runs on Node 20) into $CODE_SERVER_DIR
#    (default ~/.cache/altinn-ls/code-server)
# Prints the path of the code-server executable on its last line.
set -euo pipefail
CODE_SERVER_VERSION=4.100.3
CS_DIR=${CODE_SERVER_DIR:-$HOME/.cache/altinn-ls/code-server}
BIN="$CS_DIR/node_modules/.bin/code-server"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
[ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
if ((${#need_apt[@]})); then
  echo "installing ${need_apt[*]} (apt)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >&2
fi

if [ -x "$BIN" ] && [ -f "$CS_DIR/.installed-$CODE_SERVER_VERSION" ]; then
  echo "$BIN"; exit 0
fi

echo "installing code-server $CODE_SERVER_VERSION into $CS_DIR" >&2
mkdir -p "$CS_DIR"
# @vscode/ripgrep's postinstall downloads ripgrep from GitHub unless it finds a tarball in its cache:
# build that tarball from Debian's rg.
tmp=$(node -p 'require("os").tmpdir()')
rgdir="$tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rgdir"
if [ ! -f "$rgdir/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
  st=$(mktemp -d); cp "$(command -v rg)" "$st/rg"
  tar czf "$rgdir/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$st" rg
  rm -rf "$st"
fi
cd "$CS_DIR"
[ -f package.json ] || echo '{"name":"altinn-ls-code-server","version":"1.0.0","private":true}' > package.json
# --unsafe-perm: code-server's postinstall refuses to run as root without it;
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`.
npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm "code-server@$CODE_SERVER_VERSION" >&2
touch "$CS_DIR/.installed-$CODE_SERVER_VERSION"
echo "$BIN"
