#!/usr/bin/env bash
# npm run bench: nudgekit vs GrowthBook / sift / json-logic-js on <repo>/../shared/bench-workload.
# Installs bench/'s own devDependencies only when bench/node_modules is missing or older than its lock
# file, builds dist/ only when it is missing (rebuild yourself after changing the engine), then runs.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=bench/node_modules/.nudgekit-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s bench/package-lock.json "$stamp"; then
  echo "bench: installing bench/ devDependencies (npm ci --prefix bench)"
  npm ci --prefix bench --no-audit --no-fund --loglevel=error
  cp bench/package-lock.json "$stamp"
fi

if [ ! -f dist/index.node.mjs ] || [ ! -f dist/wasm/nudgekit.wasm ] || [ ! -f dist/wasm/nudgekit.mjs ]; then
  echo "bench: dist/ is missing; building it (npm run build)"
  # A fresh clone has no root node_modules (tsc, closure compiler) yet; bootstrap is a no-op otherwise.
  bash scripts/bootstrap.sh
  npm run build
fi

exec node bench/run.mjs "$@"
