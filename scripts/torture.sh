#!/usr/bin/env bash
# The torture test's long mode: more seeds and more steps per run than CI's default (3 seeds × 200 steps).
# Usage: scripts/torture.sh [SEEDS] [STEPS]   e.g. scripts/torture.sh 1-50 600
# A failing run prints its seed and the whole operation history; rerun one seed with SEEDS=<seed>.
set -euo pipefail
cd "$(dirname "$0")/.."
export FESTA_TORTURE_SEEDS="${1:-1-20}"
export FESTA_TORTURE_STEPS="${2:-400}"
exec ./test.sh --filter "FullyQualifiedName~Torture"
