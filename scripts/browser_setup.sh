#!/usr/bin/env bash
# Test setup for the browser tests: Debian's Chromium (Playwright's own browser download does
# not work offline) and axe-core from the npm registry. Installs what is missing, once.
set -euo pipefail
cd "$(dirname "$0")/.."
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  echo "Chromium installeren (apt-get) voor de browsertests..."
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "Chromium ontbreekt en apt-get kan niet als root draaien. Installeer het pakket" \
         "'chromium' (Debian), of zet CHROMIUM=/pad/naar/chromium." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
"$CHROMIUM" --version 2>/dev/null
if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null || { echo "npm ontbreekt: installeer Node.js (Debian: nodejs npm)." >&2; exit 1; }
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi
echo "axe-core $(node -p "require('./tests/browser/node_modules/axe-core/package.json').version" 2>/dev/null || echo '?')"
