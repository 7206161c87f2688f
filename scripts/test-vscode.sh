#!/usr/bin/env bash
# Every test that needs a real VS Code (code-server here; see test/vscode/code-server-launcher.js):
#   1. the editor-API suites (test/suite: in the fixture Magento tree, in a standalone module's folder
#      test/fixtures/module, and in a window without a folder) against the development build,
#   2. the UI scenario (test/ui/scenario.js) against the development build,
#   3. both again against the packaged .vsix installed with --install-extension (catches files missing
#      from the package).
# Installs what it needs first (scripts/setup-vscode-test.sh, cached outside git). Run after `npm run build`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-vscode-test.sh
export MAGENTO_VSCODE_SCREENSHOT_DIR="${MAGENTO_VSCODE_SCREENSHOT_DIR:-$(mktemp -d)}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Runs a step, keeping its output for the closing tally (set -e and pipefail stop at the first failure).
step() { "$@" 2>&1 | tee -a "$log"; }

echo "== editor-API suite, development build"
step node test/vscode/runTests.js
step node test/vscode/runTests.js --suite test/out/suite/standalone/index.js --fixture module
step node test/vscode/runTests.js --suite test/out/suite/noFolder/index.js --no-folder

echo "== UI scenario, development build"
step node test/ui/scenario.js --dev --out "$MAGENTO_VSCODE_SCREENSHOT_DIR/dev"

echo "== packaged extension"
node scripts/package-vsix.mjs
extensions=$(mktemp -d)
trap 'rm -rf "$extensions" "$log"' EXIT
MAGENTO_VSCODE_EXTENSIONS_DIR="$extensions" node test/vscode/code-server-launcher.js --install-extension integration-acl-xml.vsix
ls "$extensions" | grep -q '^integration-acl-tools.integration-acl-xml-' || { echo "the .vsix did not install"; exit 1; }

echo "== editor-API suite, installed .vsix"
# The development path must not be the extension itself, or its copy would shadow the installed one.
step node test/vscode/runTests.js --extension test/out/suite --extensions-dir "$extensions"
step node test/vscode/runTests.js --extension test/out/suite --extensions-dir "$extensions" --suite test/out/suite/standalone/index.js --fixture module
step node test/vscode/runTests.js --extension test/out/suite --extensions-dir "$extensions" --suite test/out/suite/noFolder/index.js --no-folder

echo "== UI scenario, installed .vsix"
step node test/ui/scenario.js --vsix integration-acl-xml.vsix --out "$MAGENTO_VSCODE_SCREENSHOT_DIR/vsix"
echo "screenshots: $MAGENTO_VSCODE_SCREENSHOT_DIR"
# Mocha's "N passing" per suite run, plus one per UI scenario run; any failure has stopped the script above.
passed=$(( $(grep -Eo '^ *[0-9]+ passing' "$log" | awk '{s+=$1} END {print s+0}') + $(grep -c '^\[ui\] passed in' "$log") ))
echo "vscode: $passed passed, 0 failed"
