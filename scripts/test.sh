#!/usr/bin/env bash
# Every test layer, from a fresh clone: install what is missing, build, then native tests (plain and
# under ASan/UBSan), a libFuzzer smoke run, the Node suite against dist/, type tests, Chromium tests,
# and the packed tarball installed into an empty folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
jobs="$(nproc)"
step() { printf '\n=== %s\n' "$*"; }
# ctest lists one line per test case; keep the log, show the summary, and the failures if any.
run_ctest() {
  if ! ctest --test-dir "$1" --output-on-failure -j"$jobs" >"$1/ctest.log" 2>&1; then
    grep -E -A40 "\*\*\*Failed|\*\*\*Exception|Errors while running" "$1/ctest.log" | head -n 200
    exit 1
  fi
  tail -n 3 "$1/ctest.log"
}

step bootstrap
bash scripts/bootstrap.sh
step build
bash scripts/build.sh

step "native tests (GoogleTest)"
run_ctest build-native

step "native tests under ASan/UBSan"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DNK_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 run_ctest build-asan

step "fuzz smoke (libFuzzer)"
bash scripts/fuzz.sh 20

step "type tests (tsc --noEmit on a consumer)"
node_modules/.bin/tsc -p tests/types/tsconfig.json

step "Node tests against dist/"
node --test tests/js/*.test.mjs

step "browser tests (Chromium)"
node --test tests/browser/*.test.mjs

step "package smoke test (npm pack → empty folder → import and require)"
bash scripts/pack-smoke.sh
