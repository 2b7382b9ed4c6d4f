#!/usr/bin/env bash
# libFuzzer over config loading + evaluation (engine) and over templates + the content catalog
# (content). `npm run fuzz` runs each for 10 minutes; `npm test` a short smoke.
# Usage: scripts/fuzz.sh [seconds per target] [engine|content]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
targets="${2:-engine content}"
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DNK_FUZZ=ON >/dev/null
for target in $targets; do
  cmake --build build-fuzz -j"$(nproc)" --target "nudgekit_fuzz_$target"
done
for target in $targets; do
  corpus="build-fuzz/corpus-$target"
  seeds="fuzz/seeds"
  [ "$target" = engine ] || seeds="fuzz/seeds-$target"
  mkdir -p "$corpus"
  cp "$seeds"/* "$corpus"/ 2>/dev/null || true
  echo "fuzz: $target for ${seconds}s"
  "build-fuzz/nudgekit_fuzz_$target" "$corpus" -max_total_time="$seconds" -max_len=4096 -timeout=5 \
    -rss_limit_mb=2048 -print_final_stats=1 2>&1 | grep -E "^(Done|stat::number_of_executed_units|==|SUMMARY)" || true
done
# libFuzzer exits non-zero on a crash, but the grep above hides it: check for a crash artifact instead.
if ls crash-* leak-* timeout-* oom-* >/dev/null 2>&1; then
  echo "fuzz: found a failing input:"; ls crash-* leak-* timeout-* oom-* 2>/dev/null; exit 1
fi
echo "fuzz: no crash in ${seconds}s per target ($targets)"
