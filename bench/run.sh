#!/usr/bin/env bash
# Runs the benchmark on a fresh in-memory Azurite (free loopback ports). Writes bench/out/results.md and
# bench/out/results.json (untracked) unless --out / --out-json name other files; the committed results are
# refreshed with: bench/run.sh --out bench/results.md --out-json bench/results.json
# Other arguments go to the benchmark, e.g. bench/run.sh --applicants 500 --instances 2, or --quick.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/azurite/dist/src/azurite.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec node scripts/bench.mjs "$@"
