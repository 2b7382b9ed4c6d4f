// Server-side rendering: importing either entry in Node without `window` does nothing observable (no
// globals, no timers, no network, no module load), and createNudgeKit there runs on memory storage with
// no runtime timer, so a render process exits on its own. Each check runs in a fresh Node process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

function runNode(source) {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', source], { cwd: DIST, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.killed ? 'timeout' : error.code) : 0, stdout, stderr });
    });
  });
}

for (const entry of ['index.node.mjs', 'index.browser.mjs']) {
  test(`importing ${entry} without a window has no side effects`, async () => {
    const { code, stdout, stderr } = await runNode(`
      const before = new Set(Object.getOwnPropertyNames(globalThis));
      globalThis.fetch = () => { throw new Error('fetch during import'); };
      const handles = process.getActiveResourcesInfo().length;
      const api = await import('./${entry}');
      await new Promise((resolve) => setImmediate(resolve));  // the loader's own file reads settle
      const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
      console.log(JSON.stringify({ added, handles: process.getActiveResourcesInfo().length - handles,
        exports: typeof api.createNudgeKit, window: typeof window }));
    `);
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), { added: [], handles: 0, exports: 'function', window: 'undefined' });
  });
}

test('createNudgeKit in Node: memory storage, no timer, and the process exits without destroy()', async () => {
  const { code, stdout, stderr } = await runNode(`
    import { createNudgeKit } from './index.node.mjs';
    const nk = await createNudgeKit({ config: { version: 1, segments: { in: { 'geo.country': 'IN' } } },
      properties: { geo: { country: 'IN' } } });
    console.log(JSON.stringify({ storage: nk.storage, segments: nk.segments() }));
    // no destroy(): nothing may keep the process alive
  `);
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout), { storage: 'memory', segments: ['in'] });
});
