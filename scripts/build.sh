#!/usr/bin/env bash
# Builds everything without testing: the native core and its tests, the wasm module, and dist/.
# Extra arguments go to the wasm configure step, e.g. `npm run build -- -DNK_WASM_OPT=-O1` while iterating.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"   # em++'s JS optimizer needs Debian's acorn
jobs="$(nproc)"

cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-native -j"$jobs"

closure=OFF
if [ -x node_modules/.bin/google-closure-compiler ]; then
  export EM_CLOSURE_COMPILER="$PWD/node_modules/.bin/google-closure-compiler"
  closure=ON
fi
emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node -DNK_CLOSURE="$closure" "$@" >/dev/null
cmake --build build-wasm -j"$jobs"

rm -rf dist
mkdir -p dist/wasm
cp build-wasm/wasm/nudgekit.mjs build-wasm/wasm/nudgekit.wasm dist/wasm/
cp web/src/wasm/nudgekit.d.mts dist/wasm/   # tsc does not copy hand-written declarations
node_modules/.bin/tsc -p tsconfig.json
echo "build: dist/ ready ($(du -sh dist | cut -f1))"
