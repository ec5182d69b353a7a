#!/usr/bin/env bash
# Runs Festa locally: Azurite (default ports, data in .azurite/) and `func start` in Festa.Functions.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f node_modules/azurite/dist/src/azurite.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec node scripts/run-local.mjs "$@"
