// The runtime's clock in Chromium, with Playwright's fake timers: tick() runs on a timer while the page
// is visible, so a time-window segment is left without any call from the app; hidden, it stops; shown
// again, it ticks at once. The device's time zone is read at tick time when the app set none.
// Run after `npm run build`: node --test tests/browser/*.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { confineTo, launchChromium, watchPage } from './chromium.mjs';
import { startServer } from './server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE = '/tests/browser/pages/storage.html';
const START = Date.parse('2026-05-04T10:00:00+05:30');
const MINUTE = 60_000;

const CONFIG = {
  version: 1,
  segments: { recently_active: { $event: { name: 'ledger_entry', within: '1h', count: { $gte: 1 } } } },
};

let server;
before(async () => {
  assert.ok(existsSync(new URL('../../dist/index.browser.mjs', import.meta.url)), 'dist/ is missing: run `npm run build` first');
  server = await startServer({ root: ROOT });
});
after(() => server?.close());

test('tick() runs on a timer while visible, stops while hidden, and runs at once when shown again', { timeout: 60_000 }, async (t) => {
  const browser = await launchChromium({ timeout: 20_000 });
  t.after(() => browser.close());
  const blocked = await confineTo(browser.context, server.url);
  await browser.context.clock.install({ time: START });
  const page = await browser.context.newPage();
  const log = await watchPage(page);
  await page.goto(server.url + PAGE);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const call = (name, ...args) => page.evaluate(([n, a]) => window.__storage[n](...a), [name, args]);

  await call('create', { config: CONFIG, userId: 'merchant-9', storage: 'memory', tickIntervalMs: MINUTE });
  assert.equal(await call('timeZone'), await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone));
  await call('track', [['ledger_entry', {}]]);
  await page.evaluate(() => window.__storage.state());  // the queued refresh runs: entered
  assert.deepEqual((await call('segmentEvents')).map((e) => [e.segment, e.entered]), [['recently_active', true]]);

  await browser.context.clock.runFor(61 * MINUTE);
  assert.ok(await call('ticks') >= 60, 'about one tick a minute');
  const events = await call('segmentEvents');
  assert.deepEqual(events.map((e) => [e.segment, e.entered]), [['recently_active', true], ['recently_active', false]],
    'left by the timer alone, within a minute of the window closing');
  assert.ok(events[1].time - events[0].time <= 61 * MINUTE);

  await call('setVisibility', 'hidden');
  const hiddenAt = await call('ticks');
  await browser.context.clock.runFor(30 * MINUTE);
  assert.equal(await call('ticks'), hiddenAt, 'no ticks while hidden');
  await call('setVisibility', 'visible');
  assert.equal(await call('ticks'), hiddenAt + 1, 'one at once when shown');
  await browser.context.clock.runFor(MINUTE);
  assert.equal(await call('ticks'), hiddenAt + 2, 'and the timer again');

  assert.deepEqual(await call('errors'), []);
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(blocked, []);
});

test('tickIntervalMs 0 turns the timer off; a bad value is refused with its pointer', { timeout: 60_000 }, async (t) => {
  const browser = await launchChromium({ timeout: 20_000 });
  t.after(() => browser.close());
  await browser.context.clock.install({ time: START });
  const page = await browser.context.newPage();
  await page.goto(server.url + PAGE);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const call = (name, ...args) => page.evaluate(([n, a]) => window.__storage[n](...a), [name, args]);
  await call('create', { config: CONFIG, userId: 'merchant-10', storage: 'memory', tickIntervalMs: 0 });
  await browser.context.clock.runFor(10 * MINUTE);
  assert.equal(await call('ticks'), 0);
  const refused = await page.evaluate(async (config) => {
    const { createNudgeKit } = await import('/dist/index.browser.mjs');
    try {
      await createNudgeKit({ config, tickIntervalMs: -5 });
      return null;
    } catch (error) {
      return [error.code, error.pointer];
    }
  }, CONFIG);
  assert.deepEqual(refused, ['options.invalid_tick_interval', '/tickIntervalMs']);
});
