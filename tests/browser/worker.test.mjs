// The engine hosted in a worker, in Chromium under the strict CSP: the same API with Promises, events
// forwarded, errors as NudgeKitError with their pointers. In a SharedWorker, three tabs of one user
// share one engine: 3 × 1,000 interleaved events are all counted, a day cap reached in one tab holds
// in the others, and the stored profile a later tab restores has exactly 3,000.
// Run after `npm run build`: node --test tests/browser/*.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { confineTo, launchChromium, watchPage } from './chromium.mjs';
import { startServer } from './server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE = '/tests/browser/pages/worker.html';
const CONFIG = {
  version: 1,
  segments: {
    kirana: { 'business.category': 'kirana' },
    busy: { $event: { name: 'ledger_entry', within: '7d', count: { $gte: 3 } } },
  },
  languages: { default: 'en' },
  content: { tip: { kind: 'tip', variants: { en: { title: 'Send a reminder' } } } },
  campaigns: { reminder_tip: { trigger: { event: 'ledger_entry' }, placement: 'card', content: ['tip'], caps: { perDay: 1 } } },
};
const countIs = (n) => ({ $event: { name: 'ledger_entry', count: { $gte: n } } });

let server;
before(async () => {
  assert.ok(existsSync(new URL('../../dist/index.browser.mjs', import.meta.url)), 'dist/ is missing: run `npm run build` first');
  server = await startServer({ root: ROOT });
});
after(() => server?.close());

async function openTab(context) {
  const page = await context.newPage();
  const log = await watchPage(page);
  await page.goto(server.url + PAGE);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  return { page, log, call: (method, ...args) => page.evaluate(([m, a]) => window.__worker.call(m, ...a), [method, args]) };
}

test('in a dedicated worker: the same API as Promises, events and errors come back', { timeout: 60_000 }, async (t) => {
  const browser = await launchChromium({ timeout: 20_000 });
  t.after(() => browser.close());
  const blocked = await confineTo(browser.context, server.url);
  const { page, log, call } = await openTab(browser.context);
  const created = await page.evaluate((config) => window.__worker.create('dedicated', { config, userId: 'w-1', storage: 'memory', properties: { business: { category: 'kirana' } } }), CONFIG);
  assert.deepEqual(created, { userId: 'w-1', storage: 'memory' });
  assert.deepEqual(await call('segments'), ['kirana']);
  assert.deepEqual(await page.evaluate(() => window.__worker.trackAll([['ledger_entry', {}], ['ledger_entry', {}], ['ledger_entry', {}]])), ['reminder_tip']);
  assert.deepEqual(await call('segments'), ['busy', 'kirana']);
  await page.waitForFunction(() => window.__worker.segmentEvents().length >= 1);
  assert.deepEqual(await page.evaluate(() => window.__worker.segmentEvents()), [['busy', true]]);
  assert.deepEqual(await page.evaluate(() => window.__worker.badCondition()), ['NudgeKitError', 'condition.unknown_operator', '/age/$gtee']);
  assert.deepEqual(await page.evaluate((config) => window.__worker.notCloneable({ config }), CONFIG), ['NudgeKitError', 'options.not_cloneable', '/now']);
  await page.evaluate(() => window.__worker.destroy());
  assert.deepEqual(await page.evaluate(() => window.__worker.refused(() => window.__worker.call('segments'))), ['NudgeKitError', 'engine.destroyed', '']);
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(await log.cspViolations(), []);
  assert.deepEqual(blocked, []);
});

test('in a SharedWorker: 3 tabs × 1,000 interleaved events, all counted, caps across tabs, stored exactly', { timeout: 120_000 }, async (t) => {
  const browser = await launchChromium({ timeout: 30_000 });
  t.after(() => browser.close());
  const blocked = await confineTo(browser.context, server.url);
  const tabs = [await openTab(browser.context), await openTab(browser.context), await openTab(browser.context)];
  for (const tab of tabs) {
    const created = await tab.page.evaluate((config) => window.__worker.create('shared', { config, userId: 'merchant-tabs', storage: 'indexeddb' }), CONFIG);
    assert.deepEqual(created, { userId: 'merchant-tabs', storage: 'indexeddb' });
  }
  const delivered = [];
  const BATCH = 50;
  for (let round = 0; round < 1000 / BATCH; round++) {
    // All three tabs at once, each with its batch in flight: the worker sees them interleaved.
    const answers = await Promise.all(tabs.map((tab, i) => tab.page.evaluate((events) => window.__worker.trackAll(events),
      Array.from({ length: BATCH }, (_, k) => ['ledger_entry', { tab: i, n: round * BATCH + k }]))));
    for (const campaigns of answers) delivered.push(...campaigns);
  }
  assert.deepEqual(delivered, ['reminder_tip'], 'one card in all three tabs together: the day cap holds across tabs');
  for (const tab of tabs) {
    assert.equal(await tab.call('evaluate', countIs(3000)), true);
    assert.equal(await tab.call('evaluate', countIs(3001)), false);
  }
  await tabs[0].call('persist');
  for (const tab of tabs) await tab.page.evaluate(() => window.__worker.destroy());  // the last one frees the engine

  const later = await openTab(browser.context);
  await later.page.evaluate((config) => window.__worker.create('shared', { config, userId: 'merchant-tabs', storage: 'indexeddb' }), CONFIG);
  assert.equal(await later.call('evaluate', countIs(3000)), true, 'restored from IndexedDB');
  assert.equal(await later.call('evaluate', countIs(3001)), false);
  assert.deepEqual(await later.page.evaluate(() => window.__worker.trackAll([['ledger_entry', {}]])), [], 'the cap was stored too');
  for (const tab of [...tabs, later]) assert.deepEqual(tab.log.pageErrors, []);
  assert.deepEqual(blocked, []);
});

test('in a dedicated worker: what was tracked just before the page goes is written (the page tells the worker)', { timeout: 60_000 }, async (t) => {
  const browser = await launchChromium({ timeout: 20_000 });
  t.after(() => browser.close());
  const blocked = await confineTo(browser.context, server.url);
  const { page, log } = await openTab(browser.context);
  await page.evaluate((config) => window.__worker.create('dedicated', { config, userId: 'w-leave', storage: 'indexeddb' }), CONFIG);
  await page.evaluate(() => window.__worker.trackAll([['ledger_entry', {}], ['ledger_entry', {}]]));
  await page.goto(server.url + PAGE);  // at once: within the 250 ms batch, and the worker goes with the page
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  await page.evaluate((config) => window.__worker.create('dedicated', { config, userId: 'w-leave', storage: 'indexeddb' }), CONFIG);
  assert.equal(await page.evaluate((c) => window.__worker.call('evaluate', c), countIs(2)), true, 'both events were stored');
  assert.equal(await page.evaluate((c) => window.__worker.call('evaluate', c), countIs(3)), false);
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(blocked, []);
});
