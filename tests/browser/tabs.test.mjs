// Many tabs of one user with in-page engines (no worker), in real Chromium tabs under the strict CSP:
// one engine leads (a Web Lock) and the others follow over a BroadcastChannel.
// - 3 tabs × 1,000 interleaved events: every tab counts all 3,000, the day cap of a card holds across
//   tabs (one card in all), a dismissal in a follower counts in the leader, and the stored profile a
//   later tab restores has exactly 3,000;
// - a send triggered in all three tabs at once is decided once and reaches the server once;
// - the leader's tab closes: a follower takes over, what it did meanwhile is kept, and it decides.
// Run after `npm run build`: node --test tests/browser/*.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { confineTo, launchChromium, watchPage } from './chromium.mjs';
import { startServer } from './server.mjs';
import { until } from './until.mjs';
import { createSendService } from '../../demo/server/send-server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE = '/tests/browser/pages/tabs.html';
const CONFIG = {
  version: 1,
  segments: {
    busy: { $event: { name: 'ledger_entry', within: '7d', count: { $gte: 3 } } },
  },
  languages: { default: 'en' },
  content: {
    tip: { kind: 'tip', variants: { en: { title: 'Send a reminder' } } },
    kyc_help: { kind: 'message', variants: { en: { title: 'Finish your KYC' } } },
  },
  channels: { mobile_push: { cost: 0.0001, reachable: { 'push.token': { $exists: true } } } },
  campaigns: {
    reminder_tip: { trigger: { event: 'ledger_entry' }, placement: 'card', content: ['tip'], caps: { perDay: 1 } },
    kyc_rescue: { trigger: { event: 'kyc_stalled' }, content: ['kyc_help'], plan: [{ channel: 'mobile_push' }], caps: { total: 1 } },
  },
};
const countIs = (n) => ({ $event: { name: 'ledger_entry', count: { $gte: n } } });
const countIsExactly = async (tab, n) => await tab.call('evaluate', countIs(n)) && !await tab.call('evaluate', countIs(n + 1));

let server;
let service;
before(async () => {
  assert.ok(existsSync(new URL('../../dist/index.browser.mjs', import.meta.url)), 'dist/ is missing: run `npm run build` first');
  service = createSendService({ logger: () => {}, rateLimitPerMinute: 1_000_000 });
  server = await startServer({ root: ROOT, api: (req, res) => service.handle(req, res) });
}, { timeout: 60_000 });
after(async () => {
  await server?.close();
  service?.close();
});

async function openTab(context, options) {
  const page = await context.newPage();
  const log = await watchPage(page);
  await page.goto(server.url + PAGE);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const created = await page.evaluate((o) => window.__tabs.create(o), options);
  return {
    page, log, created,
    call: (method, ...args) => page.evaluate(([m, a]) => window.__tabs[m](...a), [method, args]),
  };
}

test('3 tabs × 1,000 interleaved events: all counted in every tab, caps across tabs, stored exactly', { timeout: 120_000 }, async (t) => {
  const browser = await launchChromium({ timeout: 30_000 });
  t.after(() => browser.close());
  const blocked = await confineTo(browser.context, server.url);
  const options = { config: CONFIG, userId: 'merchant-tabs' };
  const tabs = [];
  for (let i = 0; i < 3; i++) tabs.push(await openTab(browser.context, options));
  assert.deepEqual(tabs.map((tab) => tab.created), [
    { leading: true, storage: 'indexeddb' }, { leading: false, storage: 'indexeddb' }, { leading: false, storage: 'indexeddb' },
  ], 'the first tab leads, the others follow');

  const BATCH = 50;
  const returned = [];
  for (let round = 0; round < 1000 / BATCH; round++) {
    const answers = await Promise.all(tabs.map((tab, i) => tab.call('trackAll',
      Array.from({ length: BATCH }, (_, k) => ['ledger_entry', { tab: i, n: round * BATCH + k }]))));
    returned.push(answers);
  }
  for (const tab of tabs) await until('every tab to count 3,000', () => countIsExactly(tab, 3000), 15_000);
  assert.ok(returned.every(([, second, third]) => second.length === 0 && third.length === 0), 'followers decide nothing themselves');

  const cards = (await Promise.all(tabs.map((tab) => tab.call('nudges')))).flat();
  assert.deepEqual(cards.map((nudge) => nudge.campaign), ['reminder_tip'], 'one card in all three tabs together: the day cap holds across tabs');
  const owner = (await Promise.all(tabs.map((tab) => tab.call('nudges')))).findIndex((list) => list.length === 1);
  assert.equal(owner, 0, 'the card reaches the tab whose event triggered it: the first event of the first round is the leader\'s');
  for (const tab of tabs) assert.deepEqual((await tab.call('nextNudges', 'card')).map((nudge) => nudge.id), [cards[0].id], 'every tab has the card under one id');
  await tabs[2].call('report', cards[0].id, 'dismissed');  // in a follower
  await until('the dismissal to count in the leader', async () => (await tabs[0].call('stats')).reminder_tip?.variants?.default?.dismissed === 1);
  for (const tab of tabs) assert.deepEqual((await tab.call('segmentEvents')).map(([s, e]) => [s, e]), tab === tabs[0] ? [['busy', true]] : [], 'busy entered once, in the tab whose event did it');

  await tabs[1].call('persist');  // a follower's persist(): the leader writes, after what that tab sent
  for (const tab of tabs) await tab.call('destroy');
  const later = await openTab(browser.context, options);
  assert.equal(later.created.leading, true);
  assert.ok(await countIsExactly(later, 3000), 'restored from IndexedDB with exactly 3,000');
  assert.deepEqual(await later.call('trackAll', [['ledger_entry', {}]]), [], 'the cap was stored too');
  assert.equal((await later.call('stats')).reminder_tip?.variants?.default?.dismissed, 1);
  for (const tab of [...tabs, later]) {
    assert.deepEqual(tab.log.pageErrors, []);
    assert.deepEqual(await tab.call('errors').catch(() => []), []);
  }
  assert.deepEqual(blocked, []);
});

test('a send triggered in three tabs at once is decided once and reaches the server once', { timeout: 90_000 }, async (t) => {
  const browser = await launchChromium({ timeout: 30_000 });
  t.after(() => browser.close());
  const blocked = await confineTo(browser.context, server.url);
  const options = {
    config: CONFIG, userId: 'wallet-kyc', consent: { sends: true }, sends: { endpoint: '/v1/sends', baseDelayMs: 20, maxDelayMs: 200 },
    properties: { push: { token: 'tok-1' } },
  };
  const tabs = [];
  for (let i = 0; i < 3; i++) tabs.push(await openTab(browser.context, options));
  await Promise.all(tabs.map((tab) => tab.call('trackAll', [['kyc_stalled', { step: 'selfie' }]])));
  const decided = await until('the push to be decided', async () => {
    const all = (await Promise.all(tabs.map((tab) => tab.call('nudges')))).flat();
    return all.length > 0 ? all : null;
  });
  await new Promise((resolve) => setTimeout(resolve, 500));  // time for any second decision to show
  const all = (await Promise.all(tabs.map((tab) => tab.call('nudges')))).flat();
  assert.deepEqual(all.map((nudge) => [nudge.campaign, nudge.channel]), [['kyc_rescue', 'mobile_push']]);
  assert.ok(typeof decided[0].send === 'string', 'the push has its idempotency key');
  await until('the server to receive it', () => service.sends().some((send) => send.userId === 'wallet-kyc'));
  await Promise.all(tabs.map((tab) => tab.call('flush')));
  await until('every outbox to be empty', async () => (await Promise.all(tabs.map((tab) => tab.call('pending')))).every((ids) => ids.length === 0));
  assert.deepEqual(service.sends().filter((send) => send.userId === 'wallet-kyc').map((send) => [send.id, send.channel]), [[decided[0].send, 'mobile_push']]);
  for (const tab of tabs) assert.deepEqual(tab.log.pageErrors, []);
  assert.deepEqual(blocked, []);
});

test('the leader\'s tab closes: a follower takes over with everything it did meanwhile, and decides', { timeout: 90_000 }, async (t) => {
  const browser = await launchChromium({ timeout: 30_000 });
  t.after(() => browser.close());
  const blocked = await confineTo(browser.context, server.url);
  const options = { config: CONFIG, userId: 'merchant-handover' };
  const first = await openTab(browser.context, options);
  const second = await openTab(browser.context, options);
  const third = await openTab(browser.context, options);
  assert.deepEqual([first.created.leading, second.created.leading, third.created.leading], [true, false, false]);
  await first.call('trackAll', Array.from({ length: 10 }, () => ['kyc_selfie', {}]));
  await second.call('trackAll', [['ledger_entry', {}], ['ledger_entry', {}]]);
  await third.call('trackAll', [['ledger_entry', {}]]);
  await first.page.close({ runBeforeUnload: false });
  const leaders = await until('one follower to lead', async () => {
    const leading = [await second.call('leading'), await third.call('leading')];
    return leading.some(Boolean) ? leading : null;
  });
  assert.equal(leaders.filter(Boolean).length, 1, 'exactly one new leader');
  await second.call('trackAll', [['ledger_entry', {}]]);
  await third.call('trackAll', [['ledger_entry', {}]]);
  for (const tab of [second, third]) await until('both tabs to count 5', () => countIsExactly(tab, 5));
  const cards = (await Promise.all([first, second, third].map((tab) => tab.page.isClosed() ? [] : tab.call('nudges')))).flat();
  assert.deepEqual(cards.map((nudge) => nudge.campaign), ['reminder_tip'], 'still one card a day across the tabs');
  for (const tab of [second, third]) assert.deepEqual(tab.log.pageErrors, []);
  assert.deepEqual(blocked, []);
});
