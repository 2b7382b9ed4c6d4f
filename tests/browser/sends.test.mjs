// Sends in Chromium, against the reference send server on the page's origin, under the strict CSP:
// - privacy: a canary in every event and every unlisted property reaches no request's URL, headers or
//   body, and the page makes no request to any other origin;
// - page hide: a send the server asked to wait leaves in a beacon when the user navigates away, and the
//   next page's outbox (localStorage) sends the same key again, which the server answers as a replay;
// - offline: the outbox makes no request while the browser is offline and delivers when it is back;
// - two independent tabs of one user share the outbox: every send reaches the server exactly once.
// Run after `npm run build`: node --test tests/browser/*.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { confineTo, launchChromium, watchPage } from './chromium.mjs';
import { startServer } from './server.mjs';
import { until } from './until.mjs';
import { createSendService } from '../../demo/server/send-server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE = '/tests/browser/pages/sends.html';
const TIMEOUT_MS = 20_000;
const NINE = Date.parse('2026-05-04T09:00:00+05:30');
const DAY = 24 * 3_600_000;
const CANARY = 'CANARY-b7c3f1';

const CONFIG = {
  version: 1,
  languages: { default: 'en', supported: ['en', 'hi'] },
  content: {
    kyc_help: { kind: 'message', variants: {
      en: { title: 'Finish your KYC, {{profile.first_name | default: "friend"}}' },
      hi: { title: 'KYC पूरा करें' },
    } },
    invoice_nudge: { kind: 'message', variants: { en: { title: 'An invoice is due today' } } },
  },
  channels: {
    mobile_push: { cost: 0.0001, reachable: { 'push.token': { $exists: true } } },
    sms: { cost: 0.25, reachable: { phone: { $exists: true } } },
  },
  reactions: { events: { push_opened: 'opened' } },
  sends: { variables: ['first_name'] },
  campaigns: {
    kyc_rescue: {
      trigger: { event: 'kyc_stalled' }, content: ['kyc_help'], goal: { event: 'kyc_done', within: '3d' },
      plan: [{ channel: 'mobile_push' }, { channel: 'sms', after: '24h' }],
    },
    invoice_due: { trigger: { event: 'invoice_due' }, content: ['invoice_nudge'], plan: [{ channel: 'mobile_push' }] },
  },
};

// Everything but the allowlisted first name carries the canary.
const PROPERTIES = {
  first_name: 'Asha', push: { token: `tok-${CANARY}` }, phone: `+91 98000 ${CANARY}`,
  business: { category: 'kirana', gstin: CANARY }, notes: [CANARY, { deep: CANARY }],
};

const engineOptions = (userId, extra = {}) => ({
  config: CONFIG, userId, timeZone: 'Asia/Kolkata', properties: PROPERTIES, consent: { sends: true },
  sends: { baseDelayMs: 20, maxDelayMs: 200 }, ...extra,
});

let server;
let service;
let faults = [];
// Every POST as the server received it. Playwright does not report a beacon sent by a document that
// is unloading, so the privacy and page-hide checks read the wire here too.
const serverLog = [];

before(async () => {
  assert.ok(existsSync(new URL('../../dist/index.browser.mjs', import.meta.url)), 'dist/ is missing: run `npm run build` first');
  service = createSendService({ logger: () => {}, rateLimitPerMinute: 1_000_000, faults: () => faults.shift() ?? null });
  const api = async (req, res) => {
    if (req.method !== 'POST') return service.handle(req, res);
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    serverLog.push({ url: req.url, headers: req.headers, body: body.toString('utf8'), at: Date.now() });
    const copy = Object.assign(Readable.from([body]), { method: req.method, url: req.url, headers: req.headers, socket: req.socket });
    return service.handle(copy, res);
  };
  server = await startServer({ root: ROOT, api });
}, { timeout: 60_000 });

after(async () => {
  await server?.close();
  service?.close();
});

/** A fresh Chromium (its own profile, so its own localStorage and clock) confined to the test server. */
async function browserFor(t, { clockAt } = {}) {
  const browser = await launchChromium({ timeout: TIMEOUT_MS });
  t.after(() => browser.close());
  const blocked = await confineTo(browser.context, server.url);
  if (clockAt !== undefined) await browser.context.clock.install({ time: clockAt });
  // Every request any page or worker of this browser makes, as it went on the wire.
  const wire = [];
  browser.context.on('request', (request) => {
    wire.push(request.allHeaders().then((headers) => ({
      url: request.url(), method: request.method(), type: request.resourceType(), headers, body: request.postData() ?? '',
    })));
  });
  return { ...browser, blocked, requests: () => Promise.all(wire) };
}

async function openPage(context) {
  const page = await context.newPage();
  const log = await watchPage(page);
  await page.goto(server.url + PAGE);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  return { page, log };
}

const sendsOf = (userId) => service.sends().filter((send) => send.userId === userId);

test('privacy canary: push, then SMS a day later, and nothing but the payload contract leaves the page', { timeout: 60_000 }, async (t) => {
  const browser = await browserFor(t, { clockAt: NINE });
  const { page, log } = await openPage(browser.context);
  await page.evaluate((options) => window.__sends.create(options), engineOptions('merchant-canary'));
  const [push] = await page.evaluate((events) => window.__sends.track(events), [
    ['app_open', { screen: 'home', referrer: CANARY }],
    ['ledger_entry', { amount: 1250, party: CANARY, memo: { text: CANARY } }],
    ['kyc_stalled', { step: 'selfie', device: CANARY }],
  ]);
  assert.equal(push.channel, 'mobile_push');
  await page.evaluate(() => window.__sends.flush());
  await browser.context.clock.setSystemTime(NINE + DAY + 60_000);  // a day after the push, plus its page's start-up
  const [sms] = await page.evaluate(() => window.__sends.tick());
  assert.equal(sms.channel, 'sms');
  await page.evaluate(() => window.__sends.flush());

  const received = sendsOf('merchant-canary').map((s) => [s.id, s.channel, s.step, s.campaign, s.language, s.vars]);
  assert.deepEqual(received.sort((a, b) => a[2] - b[2]), [
    [push.id, 'mobile_push', 0, 'kyc_rescue', 'en', { first_name: 'Asha' }],
    [sms.id, 'sms', 1, 'kyc_rescue', 'en', { first_name: 'Asha' }],
  ]);
  assert.deepEqual(await page.evaluate(() => window.__sends.pending()), []);

  const requests = await browser.requests();
  const posts = requests.filter((r) => r.method === 'POST');
  assert.equal(posts.length, 2, 'one POST per send');
  for (const request of posts) {
    assert.equal(new URL(request.url).pathname, '/v1/sends');
    assert.deepEqual(Object.keys(JSON.parse(request.body)).sort(),
      ['campaign', 'channel', 'createdAt', 'id', 'item', 'language', 'schema', 'step', 'userId', 'variant', 'vars']);
  }
  for (const request of requests) {
    const seen = `${request.url}\n${JSON.stringify(request.headers)}\n${request.body}`;
    assert.ok(!seen.includes(CANARY), `the canary leaked in ${request.method} ${request.url}`);
    assert.equal(new URL(request.url).origin, server.url, `a request left the page's origin: ${request.url}`);
  }
  const atServer = serverLog.filter((r) => r.body.includes('merchant-canary'));
  assert.equal(atServer.length, 2);
  for (const request of atServer) {
    assert.ok(!`${request.url}\n${JSON.stringify(request.headers)}\n${request.body}`.includes(CANARY), 'the canary reached the server');
  }
  assert.deepEqual(browser.blocked, []);
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(await log.cspViolations(), []);
});

test('page hide hands a due send to a beacon; the next page sends the same key and the server replays it', { timeout: 60_000 }, async (t) => {
  const browser = await browserFor(t, { clockAt: NINE });
  const { page } = await openPage(browser.context);
  await page.evaluate((options) => window.__sends.create(options), engineOptions('merchant-beacon'));
  faults = ['status503:60'];  // the server asks the first attempt to come back in a minute
  const [push] = await page.evaluate(() => window.__sends.track([['kyc_stalled', {}]]));
  await until('the 503', () => page.evaluate(() => window.__sends.outcomes().some((o) => o.type === 'retry' && o.status === 503)));
  assert.deepEqual(sendsOf('merchant-beacon'), []);

  // Two minutes pass on the page's clock without its timers running: the send is due (a minute after
  // the 503, however long the page took to start) but not yet retried.
  await browser.context.clock.setSystemTime(NINE + 120_000);
  const left = Date.now();
  await page.goto('about:blank');  // the user leaves: pagehide
  await until('the beacon to arrive', () => sendsOf('merchant-beacon').length === 1);
  // The page itself made one request (the 503'd fetch); the second reached the server after it left.
  const fromPage = (await browser.requests()).filter((r) => r.method === 'POST');
  assert.equal(fromPage.length, 1);
  const atServer = serverLog.filter((r) => r.body.includes('merchant-beacon'));
  assert.equal(atServer.length, 2);
  assert.ok(atServer[1].at >= left, 'the second attempt was made as the page left');
  assert.equal(JSON.parse(atServer[1].body).id, push.id);

  // The beacon's answer was never read, so the record is still in localStorage: the next page
  // resumes it with the same key and the server answers from its ledger.
  const replayedBefore = service.counts().replayed;
  await page.goto(server.url + PAGE);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  await browser.context.clock.setSystemTime(NINE + 180_000);
  await page.evaluate((options) => window.__sends.create(options), engineOptions('merchant-beacon'));
  await page.evaluate(() => window.__sends.flush());
  await until('the outbox to empty', async () => (await page.evaluate(() => window.__sends.pending())).length === 0);
  assert.equal(service.counts().replayed, replayedBefore + 1);
  assert.deepEqual(sendsOf('merchant-beacon').map((s) => s.id), [push.id]);
  const outcomes = await page.evaluate(() => window.__sends.outcomes());
  assert.deepEqual(outcomes.map((o) => [o.type, o.id]), [['sent', push.id]]);
});

test('offline, the outbox makes no request and delivers once the browser is back online', { timeout: 60_000 }, async (t) => {
  const browser = await browserFor(t);
  const { page } = await openPage(browser.context);
  await page.evaluate((options) => window.__sends.create(options), engineOptions('merchant-offline'));
  await browser.context.setOffline(true);
  const [push] = await page.evaluate(() => window.__sends.track([['kyc_stalled', {}]]));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const pending = await page.evaluate(() => window.__sends.pending());
  assert.deepEqual(pending.map((r) => [r.request.id, r.attempts]), [[push.id, 0]], 'queued, never attempted');
  assert.equal((await browser.requests()).filter((r) => r.method === 'POST').length, 0);
  assert.deepEqual(await page.evaluate(() => window.__sends.outcomes()), []);

  await browser.context.setOffline(false);
  await until('the send after going online', () => sendsOf('merchant-offline').length === 1);
  assert.equal(sendsOf('merchant-offline')[0].id, push.id);
  await until('the outbox to empty', async () => (await page.evaluate(() => window.__sends.pending())).length === 0);
});

// Engines that do not coordinate (tabs: 'independent', or a browser without Web Locks) still share the
// outbox: two outboxes over one store never send a record twice. tabs.test.mjs covers shared tabs.
test('two independent tabs of one user, interleaved sends: each reaches the server exactly once', { timeout: 90_000 }, async (t) => {
  const ROUNDS = 10;
  const PER_ROUND = 5;
  const browser = await browserFor(t);
  const tabs = [(await openPage(browser.context)).page, (await openPage(browser.context)).page];
  for (const tab of tabs) await tab.evaluate((options) => window.__sends.create(options), engineOptions('merchant-tabs', { tabs: 'independent' }));
  const decided = [];
  for (let round = 0; round < ROUNDS; round++) {
    const tab = tabs[round % 2];
    const events = Array.from({ length: PER_ROUND }, (_, i) => ['invoice_due', { invoice: round * PER_ROUND + i }]);
    decided.push(...await tab.evaluate((list) => window.__sends.track(list), events));
  }
  assert.equal(decided.length, ROUNDS * PER_ROUND, 'every invoice_due decided one send');
  await Promise.all(tabs.map((tab) => tab.evaluate(() => window.__sends.flush())));
  await until('both outboxes to empty', async () => {
    const pending = await Promise.all(tabs.map((tab) => tab.evaluate(() => window.__sends.pending())));
    return pending.every((records) => records.length === 0);
  }, 30_000);
  const received = sendsOf('merchant-tabs').map((s) => s.id).sort();
  assert.deepEqual(received, decided.map((s) => s.id).sort());
  const posts = (await browser.requests()).filter((r) => r.method === 'POST').length;
  t.diagnostic(`${decided.length} sends from two tabs: ${posts} POSTs, ${service.counts().replayed} answered as replays`);
});
