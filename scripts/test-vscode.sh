#!/usr/bin/env bash
# Every test that needs a real VS Code (code-server here; see test/vscode/code-server-launcher.js):
#   1. the editor-API suite (test/suite) against the development build,
#   2. the UI scenario (test/ui/scenario.js) against the development build,
#   3. both again against the packaged .vsix installed with --install-extension (catches files missing
#      from the package).
# Installs what it needs first (scripts/setup-vscode-test.sh, cached outside git). Run after `npm run build`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-vscode-test.sh
export MAGENTO_VSCODE_SCREENSHOT_DIR="${MAGENTO_VSCODE_SCREENSHOT_DIR:-$(mktemp -d)}"

echo "== editor-API suite, development build"
node test/vscode/runTests.js

if [ -f test/ui/scenario.js ]; then
  echo "== UI scenario, development build"
  node test/ui/scenario.js --dev --out "$MAGENTO_VSCODE_SCREENSHOT_DIR/dev"
fi

echo "== packaged extension"
npx vsce package --no-dependencies --out magento-integration.vsix
extensions=$(mktemp -d)
trap 'rm -rf "$extensions"' EXIT
MAGENTO_VSCODE_EXTENSIONS_DIR="$extensions" node test/vscode/code-server-launcher.js --install-extension magento-integration.vsix
ls "$extensions" | grep -q '^magento-integration-tools.magento-integration-' || { echo "the .vsix did not install"; exit 1; }

echo "== editor-API suite, installed .vsix"
# The development path must not be the extension itself, or its copy would shadow the installed one.
node test/vscode/runTests.js --extension test/out/suite --extensions-dir "$extensions"

if [ -f test/ui/scenario.js ]; then
  echo "== UI scenario, installed .vsix"
  node test/ui/scenario.js --vsix magento-integration.vsix --out "$MAGENTO_VSCODE_SCREENSHOT_DIR/vsix"
fi
echo "screenshots: $MAGENTO_VSCODE_SCREENSHOT_DIR"
