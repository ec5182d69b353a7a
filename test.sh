#!/usr/bin/env bash
# Runs all of Festa's tests. Installs the pinned emulators from npm if needed, starts them on free
# loopback ports, runs `dotnet test`, stops them. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"
# Both emulators (run.sh may have installed Azurite alone, with --omit=dev).
if [ ! -f node_modules/azurite/dist/src/azurite.js ] || [ ! -f node_modules/@vercel/cosmosdb-server/lib/index.js ] ||
  [ ! -f node_modules/.bin/redocly ] || [ ! -f node_modules/.bin/spectral ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec node scripts/test.mjs "$@"
