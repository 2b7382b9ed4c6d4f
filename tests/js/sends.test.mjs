// Sends through the built package, against real HTTP servers on 127.0.0.1: the escalation story with a
// fake clock, consent, reloads, a pluggable transport, forget(), and the privacy canary (no event or
// unlisted property reaches any request's URL, headers or body).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';

import { createNudgeKit, memoryStore } from '../../dist/index.node.mjs';
import { startSendServer } from '../../demo/server/send-server.mjs';

const NINE = Date.parse('2026-05-04T09:00:00+05:30');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CANARY = 'CANARY-9d41e7';

const config = {
  version: 1,
  languages: { default: 'en', supported: ['en', 'hi'] },
  content: {
    kyc_help: { kind: 'message', variants: {
      en: { title: 'Finish your KYC, {{profile.first_name | default: "friend"}}' },
      hi: { title: 'KYC पूरा करें' },
    } },
  },
  channels: {
    mobile_push: { cost: 0.0001, reachable: { 'push.token': { $exists: true } } },
    sms: { cost: 0.25, reachable: { phone: { $exists: true } } },
    viber: { cost: 0.3, reachable: { phone: { $exists: true } } },
  },
  reactions: { events: { push_opened: 'opened' } },
  sends: { variables: ['first_name'] },
  campaigns: {
    kyc_rescue: {
      trigger: { event: 'kyc_stalled' }, content: ['kyc_help'], goal: { event: 'kyc_done', within: '3d' },
      plan: [{ channel: 'mobile_push' }, { channel: 'sms', after: '24h' }],
    },
  },
};
const reachable = { first_name: 'Asha', push: { token: 'tok-1' }, phone: '+919800000001' };

async function engine(options = {}) {
  let now = options.start ?? NINE;
  const nk = await createNudgeKit({
    config, userId: options.userId ?? 'merchant-1', timeZone: 'Asia/Kolkata', now: () => now,
    properties: options.properties ?? reachable, consent: { sends: options.consent ?? true },
    sends: { baseDelayMs: 5, maxDelayMs: 50, ...options.sends },
  });
  return { nk, at: (t) => { now = t; } };
}

test('push at 09:00, no open, SMS at 09:00 the next day: the server gets both, once each', async (t) => {
  const server = await startSendServer({ logger: () => {} });
  t.after(() => server.close());
  const { nk, at } = await engine({ sends: { endpoint: `${server.url}/v1/sends` } });
  const [push] = nk.track('kyc_stalled');
  assert.equal(push.channel, 'mobile_push');
  assert.equal(push.step, 0);
  assert.match(push.send.id, /^nk-[0-9a-f]{32}$/);
  await nk.flushSends();
  at(NINE + 23 * HOUR);
  assert.deepEqual(nk.tick(), []);
  at(NINE + DAY);
  const [sms] = nk.tick();
  assert.equal(sms.channel, 'sms');
  assert.equal(sms.plan, push.id);
  await nk.flushSends();
  const sends = server.sends().map((s) => [s.channel, s.step, s.campaign, s.language]).sort();
  assert.deepEqual(sends, [['mobile_push', 0, 'kyc_rescue', 'en'], ['sms', 1, 'kyc_rescue', 'en']]);
  assert.deepEqual(await nk.pendingSends(), []);
  nk.destroy();
});

test('an opened push (reported, or as a tracked event) means no SMS', async (t) => {
  const server = await startSendServer({ logger: () => {} });
  t.after(() => server.close());
  for (const how of ['report', 'event']) {
    const { nk, at } = await engine({ userId: `opener-${how}`, sends: { endpoint: `${server.url}/v1/sends` } });
    const [push] = nk.track('kyc_stalled');
    at(NINE + 2 * HOUR);
    if (how === 'report') nk.report({ nudgeId: push.id, outcome: 'opened' });
    else nk.track('push_opened', { nudgeId: push.id });
    at(NINE + DAY);
    assert.deepEqual(nk.tick(), [], how);
    assert.equal(nk.explain('kyc_rescue').lastDecision.outcome, 'plan.reacted');
    await nk.flushSends();
    nk.destroy();
  }
  assert.deepEqual(server.sends().map((s) => s.channel), ['mobile_push', 'mobile_push']);
});

test('auto: a user who opens pushes never costs a Viber message; explain says why', async () => {
  const requests = [];
  const transport = { async send(request) { requests.push(request); return { status: 202, retryAfter: null }; } };
  const lender = structuredClone(config);
  lender.campaigns = { emi: { trigger: { event: 'emi_due' }, content: ['kyc_help'], plan: [{ channel: 'auto', from: ['mobile_push', 'viber'] }] } };
  let now = NINE;
  const nk = await createNudgeKit({ config: lender, userId: 'borrower-1', timeZone: 'Asia/Kolkata', now: () => now,
    properties: reachable, consent: { sends: true }, sends: { transport } });
  for (let day = 0; day < 20; day++, now += DAY) {
    const [nudge] = nk.track('emi_due');
    assert.equal(nudge.channel, 'mobile_push', `day ${day}`);
    if (day % 3 !== 2) nk.report({ nudgeId: nudge.id, outcome: 'opened', time: now + HOUR });
  }
  await nk.flushSends();
  assert.equal(requests.length, 20);
  assert.ok(requests.every((r) => r.channel === 'mobile_push'));
  const step = nk.explain('emi').plan.steps[0];
  assert.equal(step.now, 'mobile_push');
  assert.match(step.reason, /^mobile_push chosen: reacted to \d+ of the last \d+/);
  assert.deepEqual(step.considered.map((c) => [c.channel, c.outcome]), [['mobile_push', 'chosen'], ['viber', 'skipped']]);
  assert.match(step.considered[1].reason, /^cost/);
  nk.destroy();
});

test('without consent nothing leaves; consent sends what waited; "discard" drops it', async (t) => {
  const server = await startSendServer({ logger: () => {} });
  t.after(() => server.close());
  const { nk } = await engine({ consent: false, sends: { endpoint: `${server.url}/v1/sends` } });
  nk.track('kyc_stalled');
  await nk.flushSends();
  assert.equal(server.sends().length, 0);
  assert.equal((await nk.pendingSends()).length, 1);
  await nk.setConsent({ sends: true });
  assert.equal(server.sends().length, 1);
  nk.destroy();

  const dropper = await engine({ userId: 'dropper', consent: false, sends: { endpoint: `${server.url}/v1/sends`, withoutConsent: 'discard' } });
  assert.equal(dropper.nk.track('kyc_stalled').length, 1, 'the decision still runs');
  assert.deepEqual(await dropper.nk.pendingSends(), []);
  await dropper.nk.setConsent({ sends: true });
  assert.equal(server.sends().length, 1);
  dropper.nk.destroy();
});

test('a send decided before a reload is delivered after it, with the same key', async (t) => {
  const server = await startSendServer({ logger: () => {} });
  t.after(() => server.close());
  const store = memoryStore();
  const first = await engine({ consent: false, sends: { endpoint: `${server.url}/v1/sends`, store } });
  const [push] = first.nk.track('kyc_stalled');
  first.nk.destroy();  // the page goes away before consent
  const second = await engine({ consent: true, sends: { endpoint: `${server.url}/v1/sends`, store } });
  await second.nk.flushSends();
  assert.deepEqual(server.sends().map((s) => s.id), [push.send.id]);
  second.nk.destroy();
});

test('forget() deletes the user: profile, history, plans and the outbox', async () => {
  const { nk, at } = await engine({ consent: false, sends: { transport: { send: async () => ({ status: 202, retryAfter: null }) } } });
  nk.track('kyc_stalled');
  assert.equal((await nk.pendingSends()).length, 1);
  await nk.forget();
  assert.deepEqual(nk.properties(), {});
  assert.deepEqual(await nk.pendingSends(), []);
  assert.deepEqual(nk.explain('kyc_rescue').plan.pending, []);
  assert.equal(nk.explain('kyc_rescue').lastDecision, null);
  at(NINE + DAY);
  assert.deepEqual(nk.tick(), [], 'the SMS step left with the user');
  nk.destroy();
});

// Every request any send makes, raw: method, URL, headers and body.
async function recordingServer() {
  const seen = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(202, { 'Content-Type': 'application/json' });
      response.end('{"status":"accepted"}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { seen, url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

test('privacy canary: no event and no unlisted property reaches any request', async (t) => {
  const server = await recordingServer();
  t.after(() => server.close());
  const { nk, at } = await engine({
    properties: {
      ...reachable, last_name: CANARY, email: `${CANARY}@example.in`, business: { name: CANARY, gstin: CANARY },
      device: { languages: ['en-IN'] }, notes: [CANARY], [`key_${CANARY}`]: 1,
    },
    sends: { endpoint: `${server.url}/v1/sends`, headers: { Authorization: 'Bearer app-token' } },
  });
  nk.track('ledger_entry_added', { amount: 1250, customer: CANARY, [`k_${CANARY}`]: CANARY });
  nk.track(`screen_${CANARY}`.slice(0, 60), { note: CANARY });
  nk.track('kyc_stalled', { reason: CANARY });
  at(NINE + DAY);
  nk.track('app_open', { ref: CANARY });
  nk.tick();
  await nk.flushSends();
  assert.equal(server.seen.length, 2, 'the push and the SMS');
  for (const request of server.seen) {
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/v1/sends');
    const raw = JSON.stringify(request);
    assert.ok(!raw.includes(CANARY), `canary in ${raw}`);
    const body = JSON.parse(request.body);
    assert.deepEqual(Object.keys(body).sort(),
      ['campaign', 'channel', 'createdAt', 'id', 'item', 'language', 'schema', 'step', 'userId', 'variant', 'vars']);
    assert.deepEqual(body.vars, { first_name: 'Asha' });
    assert.equal(request.headers['idempotency-key'], body.id);
    assert.equal(request.headers.authorization, 'Bearer app-token');
  }
  nk.destroy();
});

test('junk sends and consent options are refused with the option named, and no engine is left behind', async () => {
  const cases = [
    [{ sends: 5 }, 'options.invalid_sends', '/sends'],
    [{ sends: { endpoint: 5 } }, 'options.invalid_sends', '/sends/endpoint'],
    [{ sends: { endpont: '/v1/sends' } }, 'options.invalid_sends', '/sends/endpont'],
    [{ sends: { transport: {} } }, 'options.invalid_sends', '/sends/transport'],
    [{ sends: { store: { get() {} } } }, 'options.invalid_sends', '/sends/store'],
    [{ sends: { endpoint: '/x', headers: { Authorization: 1 } } }, 'options.invalid_sends', '/sends/headers/Authorization'],
    [{ sends: { endpoint: '/x', maxAgeMs: Number.NaN } }, 'options.invalid_sends', '/sends/maxAgeMs'],
    [{ sends: { endpoint: '/x', withoutConsent: 'send' } }, 'options.invalid_sends', '/sends/withoutConsent'],
    [{ consent: true }, 'options.invalid_consent', '/consent'],
    [{ consent: { sends: 'yes' } }, 'options.invalid_consent', '/consent'],
  ];
  for (const [options, code, pointer] of cases) {
    await assert.rejects(createNudgeKit({ config, ...options }), (error) => error.code === code && error.pointer === pointer,
      JSON.stringify(options));
  }
  const nk = await createNudgeKit({ config, userId: 'merchant-1' });
  await assert.rejects(nk.setConsent('yes'), { code: 'engine.invalid_argument' });
  nk.destroy();
});
