#!/usr/bin/env bash
# What users get: pack the tarball, install it into an empty folder, import and require it, evaluate,
# then bundle it with Vite 7 and esbuild and run each build in Chromium (tests/bundlers/).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$(npm pack --silent --pack-destination "$work" 2>/dev/null | tail -n 1)"
cd "$work"
npm init -y >/dev/null 2>&1
npm install --no-audit --no-fund --loglevel=error "./$tarball" >/dev/null 2>&1
cat > esm.mjs <<'JS'
import { createNudgeKit, NudgeKitError } from 'nudgekit';
const nk = await createNudgeKit({ config: { version: 1, segments: { in: { 'geo.country': 'IN' } } } });
nk.setProperties({ 'geo.country': 'IN' });
if (nk.segments().join() !== 'in') throw new Error('esm: wrong segments ' + nk.segments());
if (typeof NudgeKitError !== 'function') throw new Error('esm: NudgeKitError missing');
nk.destroy();
console.log('esm ok');
JS
cat > cjs.cjs <<'JS'
const { createNudgeKit, NudgeKitError } = require('nudgekit');
createNudgeKit({ config: { version: 1, segments: { adult: { age: { $gte: 18 } } } } }).then((nk) => {
  nk.setProperties({ age: 30 });
  if (nk.segments().join() !== 'adult') throw new Error('cjs: wrong segments');
  try { nk.evaluate({ age: { $bogus: 1 } }); throw new Error('cjs: no error'); }
  catch (e) { if (!(e instanceof NudgeKitError) || e.code !== 'condition.unknown_operator') throw e; }
  nk.destroy();
  console.log('cjs ok');
});
JS
node esm.mjs
node cjs.cjs
test -f node_modules/nudgekit/dist/wasm/nudgekit.wasm
node -e "require.resolve('nudgekit/nudgekit.wasm')" >/dev/null
# The same tarball in a consumer's Vite 7 and esbuild builds, loaded in Chromium.
node "$repo/tests/bundlers/run.mjs" "$work"
echo "pack-smoke: $(basename "$tarball") installs, imports, requires, evaluates, and bundles with Vite and esbuild"
