#!/usr/bin/env bash
# What the content module adds to the .wasm: links each probe against the wasm build's core library
# with the release flags and prints raw and gzip sizes of the differences. The bindings do not call
# the content module yet, so the shipped nudgekit.wasm does not contain it; these probes stand in.
# Usage: bench/size-probes/run.sh   (after a wasm build: npm run build)
set -euo pipefail
cd "$(dirname "$0")/../.."
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
lib=build-wasm/libnudgekit_core.a
[ -f "$lib" ] || { echo "no $lib: run npm run build first"; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
flags=(-std=c++17 -O3 -fwasm-exceptions -flto -DNDEBUG -Iinclude -Ibuild-wasm/json-include -sFILESYSTEM=0 -sMALLOC=emmalloc)
size() { gzip -9c "$1" | wc -c; }
for probe in format_base format_probe content_base content_probe; do
  em++ "${flags[@]}" "bench/size-probes/$probe.cpp" "$lib" -o "$out/$probe.js"
done
report() {
  local raw=$(( $(stat -c%s "$out/$2.wasm") - $(stat -c%s "$out/$1.wasm") ))
  local gz=$(( $(size "$out/$2.wasm") - $(size "$out/$1.wasm") ))
  printf '%-44s %8d B raw  %7d B gzip\n' "$3" "$raw" "$gz"
}
report format_base format_probe "number/date formatting + CLDR tables"
report content_base content_probe "whole content module (catalog, templates, formats)"
