// The engine must not grow the wasm heap across repeated calls, failing calls included: a leak per
// call is the classic way wasm libraries exhaust memory in long-lived pages.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { createNudgeKit } from '../../dist/index.node.mjs';
import { loadModule } from '../../dist/loader.mjs';

const readWasm = () => readFile(new URL('../../dist/wasm/nudgekit.wasm', import.meta.url));

test('repeated calls, failing ones included, do not grow the heap', async () => {
  const module = await loadModule({}, readWasm);
  const config = { version: 1, segments: { a: { x: { $gt: 1 } }, b: { tags: { $in: ['p', 'q'] } } } };
  const exercise = async (rounds) => {
    for (let i = 0; i < rounds; i++) {
      const nk = await createNudgeKit({ config });
      nk.setProperties({ x: i, tags: ['p'], text: 'y'.repeat(i % 50) });
      nk.segments();
      nk.evaluate({ x: { $lt: 100 } });
      assert.throws(() => nk.evaluate({ x: { $nope: 1 } }));
      assert.throws(() => nk.setProperties({ bad: NaN }));
      nk.loadConfig('{"version": 1, "segments": {');
      nk.loadConfig({ version: 1, segments: { s: { a: { $regex: '(' } } } });
      nk.loadConfig(config);
      nk.destroy();
    }
  };
  await exercise(200);  // warm up: buffers reach their working size
  const before = module.heapInUse();
  await exercise(2000);
  const after = module.heapInUse();
  assert.ok(after - before <= 4096, `heap grew by ${after - before} bytes over 2000 rounds`);
});
