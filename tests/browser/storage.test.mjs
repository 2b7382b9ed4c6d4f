// The engine's storage in Chromium, under the strict CSP: a reload keeps segments, scores, caps and the
// outbox (IndexedDB, the default); a change made just before the user leaves is written on page hide;
// a corrupted IndexedDB record is reported and reset while the outbox survives; localStorage filled to
// its quota by another script costs raw events, not the outbox; and when IndexedDB (or all storage)
// fails as in private modes, the engine falls back and says so instead of failing to start.
// Run after `npm run build`: node --test tests/browser/*.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { confineTo, launchChromium, watchPage } from './chromium.mjs';
import { startServer } from './server.mjs';
import { createSendService } from '../../demo/server/send-server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE = '/tests/browser/pages/storage.html';
const TIMEOUT_MS = 20_000;

const CONFIG = {
  version: 1,
  segments: {
    busy: { $event: { name: 'ledger_entry', within: '7d', count: { $gte: 3 } } },
    kirana: { 'business.category': 'kirana' },
  },
  scores: { lead: { halfLife: '7d', rules: [{ id: 'entry', event: 'ledger_entry', points: 10 }], grades: [{ name: 'hot', min: 20 }] } },
  languages: { default: 'en' },
  content: { tip: { kind: 'tip', variants: { en: { title: 'Send a reminder' } } } },
  channels: { sms: { cost: 0.25, reachable: { phone: { $exists: true } } } },
  campaigns: {
    reminder_tip: { trigger: { event: 'ledger_entry' }, placement: 'card', content: ['tip'], caps: { perDay: 1 } },
    dues: { trigger: { event: 'invoice_due' }, content: ['tip'], plan: [{ channel: 'sms' }] },
  },
};
const options = (extra = {}) => ({ config: CONFIG, userId: 'merchant-7', timeZone: 'Asia/Kolkata', ...extra });

let server;
let service;

before(async () => {
  assert.ok(existsSync(new URL('../../dist/index.browser.mjs', import.meta.url)), 'dist/ is missing: run `npm run build` first');
  service = createSendService({ logger: () => {} });
  server = await startServer({ root: ROOT, api: service.handle });
}, { timeout: 60_000 });

after(async () => {
  await server?.close();
  service?.close();
});

async function browserFor(t) {
  const browser = await launchChromium({ timeout: TIMEOUT_MS });
  t.after(() => browser.close());
  const blocked = await confineTo(browser.context, server.url);
  const page = await browser.context.newPage();
  const log = await watchPage(page);
  const open = async (query = '') => {
    await page.goto(server.url + PAGE + query);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  };
  const call = (name, ...args) => page.evaluate(([n, a]) => window.__storage[n](...a), [name, args]);
  t.after(async () => {
    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(blocked, []);
  });
  return { page, open, call };
}

// A kirana merchant with three ledger entries (the card shown once: today's cap), and an SMS held in the
// outbox because they have not consented to sends.
async function merchantDay(call) {
  const [card] = await call('track', [['ledger_entry', { amount: 500 }]]);
  assert.equal(card.campaign, 'reminder_tip');
  await call('report', card.id, 'shown');
  await call('track', [['ledger_entry', { amount: 700 }], ['ledger_entry', { amount: 900 }]]);
  const [due] = await call('track', [['invoice_due', {}]]);
  assert.ok(due.send, 'the SMS was decided');
  return due.send;
}

async function expectCarriedOn(call, sendId) {
  const state = await call('state');
  assert.deepEqual(state.segments, ['busy', 'kirana']);
  assert.equal(state.scores.lead.grade, 'hot');
  assert.equal(state.stats.reminder_tip.variants.default.shown, 1);
  assert.deepEqual(await call('track', [['ledger_entry', {}]]), [], 'the day cap holds across the reload');
  assert.deepEqual(await call('pending'), [sendId]);
}

test('a reload keeps segments, scores, caps and the outbox in IndexedDB', { timeout: 60_000 }, async (t) => {
  const { page, open, call } = await browserFor(t);
  await open();
  assert.equal(await call('create', options({ properties: { business: { category: 'kirana' }, phone: '+91' } })), 'indexeddb');
  const sendId = await merchantDay(call);
  await page.waitForTimeout(600);  // the batching interval passes: written without being asked
  await page.reload();
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  assert.equal(await call('create', options()), 'indexeddb');
  await expectCarriedOn(call, sendId);
  assert.deepEqual(await call('errors'), []);
  assert.deepEqual(service.sends(), [], 'no consent: nothing left the device');
});

test('a change made right before the user leaves is written on page hide', { timeout: 60_000 }, async (t) => {
  const { page, open, call } = await browserFor(t);
  await open();
  await call('create', options({ properties: { business: { category: 'kirana' }, phone: '+91' } }));
  const sendId = await merchantDay(call);
  await page.goto('about:blank');  // at once: the batch has not been written yet
  await open();
  await call('create', options());
  await expectCarriedOn(call, sendId);
});

test('a corrupted IndexedDB record is reported and reset; the outbox survives', { timeout: 60_000 }, async (t) => {
  const { open, call } = await browserFor(t);
  await open();
  await call('create', options({ properties: { business: { category: 'kirana' }, phone: '+91' } }));
  const sendId = await merchantDay(call);
  await call('persist');
  await call('corruptIndexedDb', 'profile:merchant-7', '{"format":"nudgekit.profile","version":1,"checksum":"deadbeef","data":"AAAA"}');
  await open();
  await call('create', options());
  assert.deepEqual((await call('errors')).map((e) => [e.code, e.pointer]), [['storage.corrupted', '/storage']]);
  const state = await call('state');
  assert.deepEqual(state.segments, [], 'a clean start');
  assert.deepEqual(await call('pending'), [sendId]);
  // The reset is stored: the next page starts without an error.
  await call('track', [['ledger_entry', {}]]);
  await call('persist');
  await open();
  await call('create', options());
  assert.deepEqual(await call('errors'), []);
});

test('localStorage filled to its quota by another script: raw events are shed, the outbox is intact', { timeout: 60_000 }, async (t) => {
  const { open, call } = await browserFor(t);
  await open();
  assert.equal(await call('create', options({ storage: 'localstorage', properties: { phone: '+91' } })), 'localstorage');
  const [due] = await call('track', [['invoice_due', {}]]);
  await call('track', Array.from({ length: 50 }, (_, i) => ['ledger_entry', { note: `entry ${i} `.repeat(30) }]));
  await call('persist');
  assert.ok(await call('fillLocalStorage') > 1_000_000);
  await call('track', Array.from({ length: 200 }, (_, i) => ['ledger_entry', { note: `more ${i} `.repeat(30) }]));
  await call('persist');
  const errors = await call('errors');
  assert.ok(errors.length > 0 && errors.every((e) => e.code === 'storage.quota_exceeded'), JSON.stringify(errors));
  assert.deepEqual((await call('state')).segments, ['busy'], 'the engine keeps deciding');
  await open();
  await call('create', options({ storage: 'localstorage' }));
  assert.deepEqual(await call('pending'), [due.send]);
  assert.deepEqual((await call('state')).segments, ['busy'], 'the shed profile was stored and restored');
});

test('IndexedDB failing as in private mode falls back to localStorage; all storage failing, to memory', { timeout: 60_000 }, async (t) => {
  const { open, call } = await browserFor(t);
  await open('?block=indexeddb');
  assert.equal(await call('create', options()), 'localstorage');
  const [fallback] = await call('errors');
  assert.equal(fallback.code, 'storage.unavailable');
  assert.equal(fallback.pointer, '/storage');
  assert.match(fallback.message, /indexeddb storage is unavailable \(InvalidStateError.*using localstorage/);

  await open('?block=all');
  assert.equal(await call('create', options()), 'memory');
  assert.deepEqual((await call('errors')).map((e) => e.message.split(' ')[0]), ['indexeddb', 'localstorage']);
  assert.deepEqual((await call('track', [['ledger_entry', {}]])).map((n) => n.campaign), ['reminder_tip'], 'and still decides');
});

test('persistStorage asks the browser once and reports its answer; without it nothing is asked', { timeout: 60_000 }, async (t) => {
  const { page, open, call } = await browserFor(t);
  await open();
  await call('stubPersist', true);
  await call('create', options());
  assert.equal(await call('persistCalls'), 0, 'never asked unbidden (Firefox would prompt)');
  assert.equal(await call('storagePersisted'), null);
  await page.reload();
  await open();
  await call('stubPersist', true);
  await call('create', options({ persistStorage: true }));
  assert.equal(await call('persistCalls'), 1);
  assert.equal(await call('storagePersisted'), true);
  await page.reload();
  await open();
  await call('stubPersist', false);
  assert.equal(await call('create', options({ persistStorage: true })), 'indexeddb', 'a refusal is an answer, not a failure');
  assert.equal(await call('storagePersisted'), false);
  assert.deepEqual(await call('errors'), []);
});
