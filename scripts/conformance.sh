#!/usr/bin/env bash
# npm run conformance -- <file>: a public case file through the built package (builds dist/ if missing).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
[ -f "$here/dist/index.node.mjs" ] || (cd "$here" && bash scripts/bootstrap.sh && bash scripts/build.sh)
exec node "$here/tests/conformance/run.mjs" "$@"
