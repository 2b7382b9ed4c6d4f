// The outbox against a fake transport, a fake clock and fake timers: the outcome table of
// docs/sends.md, persistence before any request, backoff bounds, pause, reload and corruption.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Outbox, checksum, encodeRecords, retryAfterMs } from '../../dist/outbox.mjs';
import { memoryStore, webStorageStore } from '../../dist/kv-store.mjs';
import { fetchTransport, beaconSend, sendPayload } from '../../dist/transport.mjs';

const START = 1_700_000_000_000;
const KEY = 'nudgekit.outbox';

function request(n, overrides = {}) {
  return {
    schema: 'nudgekit.send/1', id: `send-${String(n).padStart(6, '0')}`, userId: 'user-1', campaign: 'winback', variant: '',
    step: 0, channel: 'email', item: 'tip-1', language: 'en', createdAt: START, vars: { name: 'Asha', points: 3 }, ...overrides,
  };
}

// Lets every pending promise and immediate run: memory stores answer in microtasks.
async function settle() {
  for (let i = 0; i < 30; i++) await new Promise((resolve) => setImmediate(resolve));
}

function fakeTime(start = START) {
  let now = start;
  let seq = 0;
  const timers = new Map();
  return {
    now: () => now,
    setTimer: (fn, ms) => {
      timers.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimer: (id) => timers.delete(id),
    skip: (ms) => {
      now += ms;
    },
    async advance(ms) {
      const end = now + ms;
      await settle();
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
        await settle();
      }
      now = end;
      await settle();
    },
  };
}

// Answers from a script: a number is a status, {status, retryAfter}, 'error' rejects, a function is called.
function fakeTransport(script = [], fallback = 202) {
  const calls = [];
  return {
    calls,
    async send(req, options) {
      calls.push({ id: req.id, request: req, options });
      const step = script.length > 0 ? script.shift() : fallback;
      const answer = typeof step === 'function' ? await step(req, options) : step;
      if (answer === 'error') throw new TypeError('fetch failed');
      return typeof answer === 'number' ? { status: answer, retryAfter: null } : answer;
    },
  };
}

function setup(options = {}) {
  const time = fakeTime();
  const store = options.store ?? memoryStore();
  const transport = options.transport ?? fakeTransport();
  const outcomes = [];
  const errors = [];
  const outbox = new Outbox({
    store, transport, now: time.now, setTimer: time.setTimer, clearTimer: time.clearTimer, random: () => 0.5,
    onOutcome: (o) => outcomes.push(o), onError: (e) => errors.push(e), ...options.outbox,
  });
  return { time, store, transport, outcomes, errors, outbox };
}

test('a send is in the store before any request, and enqueue waits for the write', async () => {
  const log = [];
  const inner = memoryStore();
  const store = {
    get: (k) => inner.get(k),
    async set(k, v) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`set ${v.includes('send-000001')}`);
      await inner.set(k, v);
    },
    delete: (k) => inner.delete(k),
  };
  const transport = fakeTransport([async (req) => {
    log.push(`send ${req.id}`);
    assert.match(await inner.get(KEY), /send-000001/, 'the record is stored when the request starts');
    return 202;
  }]);
  const { outbox, time, outcomes } = setup({ store, transport });
  await outbox.enqueue(request(1));
  assert.deepEqual(log.slice(0, 1), ['set true']);
  await time.advance(100);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual(log.slice(0, 3), ['set true', 'set true', 'send send-000001'], 'queued, leased, then sent');
  assert.deepEqual(outcomes.map((o) => o.type), ['sent']);
  assert.equal(await inner.get(KEY), null, 'a sent record leaves the store');
  outbox.stop();
});

test('enqueue of an id already queued is a no-op', async () => {
  const { outbox } = setup({ outbox: { paused: true } });
  assert.equal(await outbox.enqueue(request(1)), true);
  assert.equal(await outbox.enqueue(request(1, { item: 'other' })), false);
  const pending = await outbox.pending();
  assert.equal(pending.length, 1);
  assert.equal(pending[0].request.item, 'tip-1');
});

test('backoff doubles up to maxDelayMs, with full jitter within [0, cap)', async () => {
  for (const [name, random] of [['top of the range', () => 0.999999], ['seeded', seeded(7)]]) {
    const draws = [];
    const transport = fakeTransport([], 500);
    const { outbox, time, outcomes } = setup({
      transport,
      outbox: { baseDelayMs: 1000, maxDelayMs: 20_000, random: () => { const r = random(); draws.push(r); return r; } },
    });
    await outbox.enqueue(request(1));
    await time.advance(200_000);
    const retries = outcomes.filter((o) => o.type === 'retry');
    assert.ok(retries.length >= 8, `${name}: ${retries.length} retries`);
    let failedAt = START;
    for (const [i, retry] of retries.entries()) {
      const cap = Math.min(20_000, 1000 * 2 ** i);
      const delay = retry.nextAttemptAt - failedAt;
      assert.equal(retry.attempt, i + 1);
      assert.equal(retry.reason, 'http 500');
      assert.equal(delay, Math.ceil(draws[i] * cap), `${name}: retry ${i + 1}`);
      assert.ok(delay >= 0 && delay <= cap, `${name}: retry ${i + 1} waits ${delay} of at most ${cap}`);
      failedAt = retry.nextAttemptAt;
    }
    if (name === 'top of the range') {
      assert.deepEqual(retries.slice(0, 7).map((r, i) => r.nextAttemptAt - (i === 0 ? START : retries[i - 1].nextAttemptAt)),
        [1000, 2000, 4000, 8000, 16000, 20000, 20000]);
    }
    outbox.stop();
  }
});

test('429 with Retry-After in seconds waits exactly that long', async () => {
  const transport = fakeTransport([{ status: 429, retryAfter: '7' }, 202]);
  const { outbox, time, outcomes } = setup({ transport });
  await outbox.enqueue(request(1));
  await time.advance(0);
  assert.deepEqual(outcomes[0], { type: 'retry', id: 'send-000001', status: 429, reason: 'http 429', attempt: 1, nextAttemptAt: START + 7000 });
  await time.advance(6999);
  assert.equal(transport.calls.length, 1);
  await time.advance(1);
  assert.equal(transport.calls.length, 2);
  assert.equal(outcomes[1].type, 'sent');
  outbox.stop();
});

test('503 with Retry-After as an HTTP-date waits until that date', async () => {
  const date = new Date(START + 42_000).toUTCString();
  const transport = fakeTransport([{ status: 503, retryAfter: date }, 202]);
  const { outbox, time, outcomes } = setup({ transport });
  await outbox.enqueue(request(1));
  await time.advance(0);
  assert.equal(outcomes[0].nextAttemptAt, START + 42_000);
  await time.advance(41_999);
  assert.equal(transport.calls.length, 1);
  await time.advance(1);
  assert.deepEqual(outcomes.map((o) => o.type), ['retry', 'sent']);
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 27, 0)), 60_000);
  assert.equal(retryAfterMs('soon', START), undefined);
  outbox.stop();
});

test('429 without Retry-After backs off like a 5xx', async () => {
  const transport = fakeTransport([{ status: 429, retryAfter: null }, 202]);
  const { outbox, time, outcomes } = setup({ transport, outbox: { baseDelayMs: 1000 } });
  await outbox.enqueue(request(1));
  await time.advance(0);
  assert.equal(outcomes[0].nextAttemptAt, START + 500, 'random 0.5 × base');
  outbox.stop();
});

test('400 and 404 are dropped with their reason; 500 is retried', async () => {
  const transport = fakeTransport([400, 404, 500, 202]);
  const { outbox, time, outcomes } = setup({ transport, outbox: { concurrency: 1 } });
  await outbox.enqueue(request(1));
  await outbox.enqueue(request(2, { createdAt: START + 1 }));
  await outbox.enqueue(request(3, { createdAt: START + 2 }));
  await time.advance(10_000);
  assert.deepEqual(outcomes.map(({ type, id, status, reason, attempt }) => ({ type, id, status, reason, attempt })), [
    { type: 'dropped', id: 'send-000001', status: 400, reason: 'http 400', attempt: 1 },
    { type: 'dropped', id: 'send-000002', status: 404, reason: 'http 404', attempt: 1 },
    { type: 'retry', id: 'send-000003', status: 500, reason: 'http 500', attempt: 1 },
    { type: 'sent', id: 'send-000003', status: 202, reason: undefined, attempt: 2 },
  ]);
  assert.deepEqual(await outbox.pending(), []);
  outbox.stop();
});

test('network errors and timeouts are retried; a send older than maxAgeMs is given up', async () => {
  const hang = (_req, { signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
  const transport = fakeTransport(['error', hang], 500);
  const { outbox, time, outcomes } = setup({ transport, outbox: { maxAgeMs: 60_000, timeoutMs: 5000, baseDelayMs: 1000, maxDelayMs: 8000 } });
  await outbox.enqueue(request(1));
  await time.advance(120_000);
  assert.equal(outcomes[0].reason, 'network: fetch failed');
  assert.equal(outcomes[1].reason, 'timeout');
  const last = outcomes.at(-1);
  assert.equal(last.type, 'gave_up');
  assert.match(last.reason, /^max age; last error: http 500$/);
  assert.ok(outcomes.filter((o) => o.type === 'retry').every((o) => o.nextAttemptAt < START + 60_000));
  assert.deepEqual(await outbox.pending(), []);

  // Queued while paused and kept past maxAgeMs (the age counts in the outbox's clock, from when the
  // send was queued: the engine's createdAt may come from another clock): given up without a request.
  const calls = transport.calls.length;
  outbox.pause();
  await outbox.enqueue(request(2, { createdAt: 0 }));
  await time.advance(30_000);
  await outbox.resume();
  await time.advance(0);
  assert.equal(transport.calls.length, calls + 1, 'an old createdAt alone does not give a send up');
  outbox.pause();
  await outbox.enqueue(request(3));
  await time.advance(61_000);
  await outbox.resume();
  await time.advance(0);
  assert.equal(transport.calls.length, calls + 1);
  assert.deepEqual(outcomes.at(-1), { type: 'gave_up', id: 'send-000003', reason: 'max age', attempt: 0 });
  outbox.stop();
});

test('paused sends nothing and keeps the records; resume sends them', async () => {
  const { outbox, time, transport, outcomes } = setup({ outbox: { paused: true } });
  await outbox.enqueue(request(1));
  await outbox.enqueue(request(2));
  await outbox.flush();
  await time.advance(3_600_000);
  assert.equal(transport.calls.length, 0);
  assert.equal((await outbox.pending()).length, 2);
  await outbox.resume();
  await time.advance(0);
  assert.deepEqual(outcomes.map((o) => o.type), ['sent', 'sent']);
  outbox.pause();
  await outbox.enqueue(request(3));
  await time.advance(60_000);
  assert.equal(transport.calls.length, 2);
  outbox.stop();
});

test('a corrupted store value is reported and treated as empty', async () => {
  for (const corrupt of [
    (raw) => raw.replace('user-1', 'user-2'), // a changed byte fails the checksum
    (raw) => raw.slice(0, raw.length - 10), // truncated
    () => 'not json at all',
    () => '{"version":1,"checksum":"00000000","records":[]}',
    () => '{"version":2,"checksum":"00000000","records":[]}',
    (raw) => raw.replace('"attempts":0', '"attempts":3'), // still valid JSON, another record
  ]) {
    const store = memoryStore();
    await store.set(KEY, corrupt(encodeRecords([{ request: request(1), attempts: 0, nextAttemptAt: START, firstQueuedAt: START }])));
    const { outbox, errors, transport, time } = setup({ store });
    await outbox.load();
    assert.deepEqual(await outbox.pending(), []);
    assert.equal(errors.length, 1, 'reported once');
    assert.equal(errors[0].code, 'outbox.corrupted');
    await outbox.enqueue(request(9));
    await time.advance(0);
    assert.deepEqual(transport.calls.map((c) => c.id), ['send-000009'], 'the outbox works on after the corruption');
    outbox.stop();
  }
  const store = memoryStore();
  await store.set(KEY, '{"version":3,"checksum":"00000000","records":[]}');
  const { outbox, errors } = setup({ store });
  await outbox.load();
  assert.equal(errors[0].code, 'outbox.unknown_version');
});

test('an outbox stored by version 1 (one checksum over the whole text) is read and its sends go out', async () => {
  const store = memoryStore();
  const text = JSON.stringify([{ request: request(1), attempts: 0, nextAttemptAt: START, firstQueuedAt: START }]);
  await store.set(KEY, `{"version":1,"checksum":"${checksum(text)}","records":${text}}`);
  const { outbox, errors, transport, time } = setup({ store });
  await outbox.load();
  await time.advance(0);
  assert.deepEqual(errors, []);
  assert.deepEqual(transport.calls.map((c) => c.id), ['send-000001']);
  outbox.stop();
});

test('a reload (a new Outbox over the same store) resumes the pending sends', async () => {
  const store = memoryStore();
  const first = setup({ store, transport: fakeTransport([], 500), outbox: { timeoutMs: 10_000 } });
  await first.outbox.enqueue(request(1));
  await first.outbox.enqueue(request(2));
  await first.time.advance(0);
  // A third is in flight when the page goes away: its lease must lapse before anyone else sends it.
  first.transport.send = (req, { signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('gone'))));
  await first.outbox.enqueue(request(3));
  await first.time.advance(0);
  first.outbox.stop();
  const before = await new Outbox({ store, transport: fakeTransport() }).pending();
  assert.equal(before.length, 3);
  assert.ok(before.find((r) => r.request.id === 'send-000003').inFlightUntil > START);

  const second = setup({ store });
  await second.outbox.load();
  await second.time.advance(2000);
  assert.deepEqual(second.transport.calls.map((c) => c.id).sort(), ['send-000001', 'send-000002']);
  await second.time.advance(20_000);
  assert.deepEqual(second.transport.calls.map((c) => c.id).sort(), ['send-000001', 'send-000002', 'send-000003']);
  assert.deepEqual(await second.outbox.pending(), []);
  second.outbox.stop();
});

test('two outboxes over one store never have one id in flight twice and send each once', async () => {
  const store = memoryStore();
  const inFlight = new Map();
  const attempts = new Map();
  const accepted = new Map();
  let overlap = 0;
  const transport = {
    async send(req) {
      if (inFlight.get(req.id)) overlap++;
      inFlight.set(req.id, true);
      await new Promise((resolve) => setTimeout(resolve, 1 + (req.id.charCodeAt(12) % 3)));
      inFlight.set(req.id, false);
      const attempt = (attempts.get(req.id) ?? 0) + 1;
      attempts.set(req.id, attempt);
      // Ids ending in 7 fail their first attempt.
      if (req.id.endsWith('7') && attempt === 1) return { status: 500, retryAfter: null };
      accepted.set(req.id, (accepted.get(req.id) ?? 0) + 1);
      return { status: 202, retryAfter: null };
    },
  };
  const a = new Outbox({ store, transport, baseDelayMs: 1 });
  const b = new Outbox({ store, transport, baseDelayMs: 1 });
  for (let i = 0; i < 60; i++) await (i % 2 ? a : b).enqueue(request(i, { createdAt: Date.now() }));
  await Promise.all([a.flush(), b.flush(), a.flush()]);
  for (let i = 0; i < 100 && (await a.pending()).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(overlap, 0);
  assert.equal(accepted.size, 60);
  assert.ok([...accepted.values()].every((n) => n === 1));
  assert.deepEqual(await b.pending(), []);
  a.stop();
  b.stop();
});

test('discard drops every record and aborts requests in flight', async () => {
  let aborted = false;
  const transport = fakeTransport([(_req, { signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => {
    aborted = true;
    reject(new Error('aborted'));
  }))]);
  const { outbox, time, store, outcomes } = setup({ transport, outbox: { concurrency: 1 } });
  await outbox.enqueue(request(1));
  await outbox.enqueue(request(2));
  await time.advance(0);
  await outbox.discard();
  await time.advance(60_000);
  assert.equal(aborted, true);
  assert.deepEqual(await outbox.pending(), []);
  assert.equal(await store.get(KEY), null);
  assert.deepEqual(outcomes, []);
  assert.equal(transport.calls.length, 1);
  outbox.stop();
});

test('online() retries network failures now, but keeps a server-asked wait', async () => {
  const transport = fakeTransport(['error', { status: 429, retryAfter: '600' }]);
  const { outbox, time } = setup({ transport, outbox: { baseDelayMs: 60_000, concurrency: 1 } });
  await outbox.enqueue(request(1));
  await outbox.enqueue(request(2, { createdAt: START + 1 }));
  await time.advance(0);
  assert.equal(transport.calls.length, 2);
  await outbox.online();
  await time.advance(0);
  assert.deepEqual(transport.calls.map((c) => c.id), ['send-000001', 'send-000002', 'send-000001']);
  outbox.stop();
});

test('flushOnHide beacons due records until the browser refuses; a later flush confirms them', async () => {
  const beaconed = [];
  let accept = 2;
  const transport = fakeTransport([500, 500, 500]);
  const { outbox, time } = setup({
    transport,
    outbox: { timeoutMs: 1000, concurrency: 1, beacon: (req) => (accept-- > 0 ? (beaconed.push(req.id), true) : false) },
  });
  for (const n of [1, 2, 3]) await outbox.enqueue(request(n, { createdAt: START + n }));
  await time.advance(0);
  assert.equal(transport.calls.length, 3, 'each failed once and waits 500 ms');
  time.skip(600); // the page hides before the retry timer runs
  assert.equal(outbox.flushOnHide(), 2);
  assert.deepEqual(beaconed, ['send-000001', 'send-000002']);
  assert.equal((await outbox.pending()).length, 3, 'beaconed records stay queued');
  await time.advance(0);
  assert.deepEqual(transport.calls.slice(3).map((c) => c.id), ['send-000003'], 'the beaconed ones are held while the beacon may be in flight');
  await time.advance(1000);
  assert.deepEqual(transport.calls.slice(4).map((c) => c.id), ['send-000001', 'send-000002']);
  assert.deepEqual(await outbox.pending(), []);
  outbox.pause();
  assert.equal(outbox.flushOnHide(), 0);
  outbox.stop();
});

test('enqueue refuses a request the server would refuse, and a store that cannot write', async () => {
  const { outbox, transport } = setup();
  await assert.rejects(outbox.enqueue(request(1, { channel: 'fax' })), (e) => e.code === 'send.invalid_request' && e.pointer === '/channel');
  await assert.rejects(outbox.enqueue(request(1, { id: 'short' })), (e) => e.pointer === '/id');
  await assert.rejects(outbox.enqueue(request(1, { vars: { nested: { a: 1 } } })), (e) => e.pointer === '/vars/nested');
  await assert.rejects(outbox.enqueue(request(1, { step: 1.5 })), (e) => e.pointer === '/step');
  const full = { get: async () => null, set: async () => { throw new DOMException('quota', 'QuotaExceededError'); }, delete: async () => {} };
  const quota = setup({ store: full });
  await assert.rejects(quota.outbox.enqueue(request(1)), (e) => e.code === 'outbox.store_failed' && /quota/.test(e.message));
  await settle();
  assert.equal(quota.transport.calls.length + transport.calls.length, 0, 'nothing unstored is sent');
  outbox.stop();
  quota.outbox.stop();
});

test('the payload is built from the schema fields only', () => {
  const payload = sendPayload({ ...request(1), profile: { email: 'x@y' }, events: [1] });
  assert.deepEqual(Object.keys(payload), ['schema', 'id', 'userId', 'campaign', 'variant', 'step', 'channel', 'item', 'language', 'createdAt', 'vars']);
});

test('fetchTransport posts JSON with the idempotency key, keepalive and a timeout', async () => {
  const seen = [];
  const fakeFetch = async (url, init) => {
    seen.push({ url, init });
    if (seen.length === 2) {
      return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    }
    return new Response('{"status":"accepted"}', { status: 202, headers: { 'Retry-After': '3' } });
  };
  const transport = fetchTransport({ endpoint: '/v1/sends', headers: { Authorization: 'Bearer t', 'Idempotency-Key': 'spoof' }, fetch: fakeFetch, timeoutMs: 50 });
  const answer = await transport.send({ ...request(1), extra: 'no' }, {});
  assert.deepEqual(answer, { status: 202, retryAfter: '3' });
  const { url, init } = seen[0];
  assert.equal(url, '/v1/sends');
  assert.equal(init.method, 'POST');
  assert.equal(init.keepalive, true);
  assert.equal(init.credentials, 'same-origin');
  assert.equal(init.headers.get('content-type'), 'application/json');
  assert.equal(init.headers.get('idempotency-key'), 'send-000001');
  assert.equal(init.headers.get('authorization'), 'Bearer t');
  assert.deepEqual(JSON.parse(init.body), request(1));
  await assert.rejects(transport.send(request(2), {}), (e) => e.name === 'TimeoutError');
});

test('beaconSend sends a JSON Blob of the schema fields', async () => {
  const sent = [];
  const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: { sendBeacon: (url, blob) => (sent.push({ url, blob }), true) }, configurable: true });
  try {
    assert.equal(beaconSend('/v1/sends', { ...request(1), secret: 'no' }), true);
  } finally {
    if (original) Object.defineProperty(globalThis, 'navigator', original);
    else delete globalThis.navigator;
  }
  assert.equal(sent[0].blob.type, 'application/json');
  assert.deepEqual(JSON.parse(await sent[0].blob.text()), request(1));
});

test('webStorageStore keeps keys under its prefix', async () => {
  const items = new Map();
  const storage = { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, String(v)), removeItem: (k) => items.delete(k) };
  const store = webStorageStore(storage, 'nk:');
  await store.set('a', '1');
  assert.deepEqual([...items.keys()], ['nk:a']);
  assert.equal(await store.get('a'), '1');
  await store.delete('a');
  assert.equal(await store.get('a'), null);
});

function seeded(seed) {
  return () => (seed = (seed * 48271) % 2147483647) / 2147483647;
}
