#!/usr/bin/env bash
# Runs Festa locally: Azurite (127.0.0.1:10000-10002, data in .azurite/) and the Functions host in Festa.Functions.
#
#   ./run.sh                  Table Storage on Azurite (the default)
#   ./run.sh --store cosmos   the Cosmos DB store on the local Cosmos DB test server (limits: see the warning it prints)
#   ./run.sh --check          only check the prerequisites and print what is missing
#
# Prerequisites are checked before anything is installed. Only Azurite (the package.json "dependencies") is
# installed for a Table run; --store cosmos adds the Cosmos DB test server ("devDependencies"). Both come from
# package-lock.json. FESTA_AZURITE_PORTS=blob,queue,table moves Azurite off its default ports.
set -euo pipefail
cd "$(dirname "$0")"

store=table
check=false
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=true ;;
    --store) store="${2:-}"; shift ;;
    --store=*) store="${1#--store=}" ;;
    -h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$store" in
  table|cosmos) ;;
  *) echo "run.sh: --store must be 'table' or 'cosmos', not '$store'" >&2; exit 2 ;;
esac

# --- Prerequisites (README, "Prerequisites"): one line for each that is missing. ---
sdk_wanted=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' global.json)
missing=0
lack() { echo "missing: $1" >&2; missing=1; }
if ! command -v dotnet >/dev/null 2>&1; then
  lack ".NET SDK ${sdk_wanted} or a later 10.0.x (global.json): https://dotnet.microsoft.com/download/dotnet/10.0"
elif ! sdk=$(dotnet --version 2>/dev/null); then
  lack ".NET SDK ${sdk_wanted} or a later 10.0.x (global.json); installed: $(dotnet --list-sdks 2>/dev/null | cut -d' ' -f1 | paste -sd' ' -): https://dotnet.microsoft.com/download/dotnet/10.0"
fi
if ! command -v node >/dev/null 2>&1; then
  lack "Node.js 20 or later (for Azurite): https://nodejs.org/"
elif ! node_version=$(node --version 2>/dev/null) || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  lack "Node.js 20 or later (for Azurite); found ${node_version:-none}: https://nodejs.org/"
fi
if ! command -v func >/dev/null 2>&1; then
  lack "Azure Functions Core Tools v4 (func): npm install -g azure-functions-core-tools@4 (or https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools)"
elif ! func_version=$(func --version 2>/dev/null) || [ "${func_version%%.*}" != 4 ]; then
  lack "Azure Functions Core Tools v4 (func); found ${func_version:-a func that does not answer --version}: npm install -g azure-functions-core-tools@4"
fi
if [ "$missing" -ne 0 ]; then exit 1; fi
if [ "$check" = true ]; then
  echo "All prerequisites found: .NET SDK ${sdk}, Node.js ${node_version}, Azure Functions Core Tools ${func_version}."
  exit 0
fi

# --- Emulators from package-lock.json: Azurite only, unless the Cosmos DB test server is wanted too. ---
stale() { [ ! -f "$1" ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }
if [ "$store" = cosmos ]; then
  if stale node_modules/azurite/dist/src/azurite.js || stale node_modules/@vercel/cosmosdb-server/lib/index.js; then
    npm ci --no-audit --no-fund
  fi
elif stale node_modules/azurite/dist/src/azurite.js; then
  npm ci --omit=dev --no-audit --no-fund
fi

exec node scripts/run-local.mjs --store "$store"
