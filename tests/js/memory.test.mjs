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

test('a year of a heavy user (50 events a day across 30 names) stays under 2 MB of wasm heap', async () => {
  const module = await loadModule({}, readWasm);
  const DAY = 86_400_000;
  let now = Date.UTC(2025, 10, 1);
  const names = Array.from({ length: 30 }, (_, i) => `event_${i}`);
  const segments = Object.fromEntries(names.map((name, i) => [`s${i}`, { $event: { name, within: '30d', count: { $gte: 3 } } }]));
  const before = module.heapInUse();
  const nk = await createNudgeKit({ now: () => now, timeZone: 'Asia/Kolkata', config: { version: 1, segments } });
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let day = 0; day < 365; day++) {
    for (let i = 0; i < 50; i++) {
      now += Math.floor(DAY / 50);
      nk.track(names[Math.floor(random() * names.length)], { amount: Math.floor(random() * 5000), mode: 'upi' });
    }
  }
  nk.tick();
  const used = module.heapInUse() - before;
  assert.ok(used < 2_000_000, `a heavy year holds ${used} bytes of wasm heap`);
  // And it all comes back from its snapshot, in a fresh engine, to the same segments.
  const copy = await createNudgeKit({ now: () => now, timeZone: 'Asia/Kolkata', config: { version: 1, segments } });
  assert.deepEqual(copy.restore(nk.snapshot()), { ok: true, errors: [] });
  assert.deepEqual(copy.segments(), nk.segments());
  nk.destroy();
  copy.destroy();
});
