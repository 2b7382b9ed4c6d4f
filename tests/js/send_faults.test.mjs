// The outbox and fetchTransport against the reference send server (demo/server/send-server.mjs) with
// faults injected: 1,000 sends from two "tabs" sharing one store, through 5xx, 429, resets before and
// after commit, timeouts, a reload and an outage. The server's counts are the judge: every send is
// delivered exactly once. And a privacy check: nothing outside the payload contract reaches the wire.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { Outbox } from '../../dist/outbox.mjs';
import { memoryStore } from '../../dist/kv-store.mjs';
import { beaconSend, fetchTransport } from '../../dist/transport.mjs';

const TOTAL = 1000;
const TIMEOUT_MS = 250;

function seeded(seed) {
  return () => (seed = (seed * 48271) % 2147483647) / 2147483647;
}

function request(n, overrides = {}) {
  return {
    schema: 'nudgekit.send/1', id: `fault-${String(n).padStart(6, '0')}`, userId: `user-${n % 17}`, campaign: 'winback',
    variant: n % 2 ? 'b' : '', step: n % 3, channel: 'email', item: 'tip-1', language: 'en', createdAt: Date.now(),
    vars: { name: 'Asha', points: n, vip: n % 5 === 0, note: null }, ...overrides,
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test(`${TOTAL} sends through injected faults, a reload and an outage are each delivered exactly once`, { timeout: 60_000 }, async () => {
  const { startSendServer } = await import('../../demo/server/send-server.mjs');
  const dir = await mkdtemp(join(tmpdir(), 'nudgekit-sends-'));
  const dbPath = join(dir, 'sends.db');
  const random = seeded(20260501);
  const injected = new Map();
  const faults = (req) => {
    if (req.method !== 'POST') return null;
    const r = random();
    const fault = r < 0.07 ? 'status500'
      : r < 0.11 ? 'status503'
      : r < 0.15 ? 'status429'
      : r < 0.19 ? 'reset-before'
      : r < 0.23 ? 'reset-after-commit'
      : r < 0.25 ? 'refuse'
      : r < 0.28 ? `delay:${TIMEOUT_MS * 2}`
      : null;
    if (fault !== null) {
      const kind = fault.startsWith('delay:') ? 'delay' : fault;
      injected.set(kind, (injected.get(kind) ?? 0) + 1);
    }
    return fault;
  };
  const serverOptions = { dbPath, rateLimitPerMinute: 1_000_000, faults, logger: { info() {}, warn() {}, error() {}, log() {} } };
  let server = await startSendServer(serverOptions);
  const port = server.port;
  const transport = fetchTransport({ endpoint: `http://127.0.0.1:${port}/v1/sends`, timeoutMs: TIMEOUT_MS * 4 });

  const store = memoryStore();
  const outcomes = [];
  const errors = [];
  const jitter = seeded(7);
  const tab = () => new Outbox({
    store, transport, baseDelayMs: 5, maxDelayMs: 200, timeoutMs: TIMEOUT_MS, random: jitter,
    onOutcome: (o) => outcomes.push(o), onError: (e) => errors.push(e),
  });
  const tabs = [tab(), tab()];
  await Promise.all(tabs.map((t) => t.load()));

  const started = Date.now();
  const expected = [];
  for (let n = 0; n < TOTAL; n++) {
    const req = request(n);
    expected.push(req.id);
    await tabs[n % 2].enqueue(req);
    if (n % 25 === 24) await sleep(5);
    if (n === 400) {
      // A reload of the first tab: its requests in flight are cut off, a new outbox takes over its store.
      tabs[0].stop();
      tabs[0] = tab();
      await tabs[0].load();
    }
    if (n === 600) {
      // The server goes down for a while; sends queue up and fail on the network, then it comes back
      // on the same port with the same database, so the idempotency keys it stored survive.
      await server.close();
      await sleep(400);
      server = await startSendServer({ ...serverOptions, port });
      await Promise.all(tabs.map((t) => t.online()));
    }
  }

  // Everything drains: poll the shared store until it is empty and nothing is in flight.
  for (;;) {
    const pending = await tabs[0].pending();
    if (pending.length === 0 && outcomes.filter((o) => o.type !== 'retry').length >= TOTAL) break;
    if (Date.now() - started > 50_000) assert.fail(`still pending after 50 s: ${pending.length} records`);
    await sleep(20);
  }
  const elapsed = Date.now() - started;
  for (const t of tabs) t.stop();

  const final = outcomes.filter((o) => o.type !== 'retry');
  assert.deepEqual(final.filter((o) => o.type !== 'sent'), [], 'nothing dropped or given up');
  assert.equal(new Set(final.map((o) => o.id)).size, TOTAL, 'one final outcome per send');
  assert.deepEqual(errors, []);
  assert.deepEqual(await tabs[1].pending(), [], 'the outbox is empty');

  const counts = await server.counts();
  const sends = await server.sends();
  await server.close();
  await rm(dir, { recursive: true, force: true });
  judge(counts, sends, expected);
  const retries = outcomes.filter((o) => o.type === 'retry').length;
  console.log(`# ${TOTAL} sends in ${elapsed} ms; ${retries} retries; faults ${JSON.stringify(Object.fromEntries(injected))}; counts ${JSON.stringify(counts)}`);
  for (const kind of ['status500', 'status503', 'status429', 'reset-before', 'reset-after-commit', 'delay']) {
    assert.ok((injected.get(kind) ?? 0) > 0, `fault ${kind} was injected`);
  }
});

// The server's own record decides: each expected id delivered once, nothing else delivered.
function judge(counts, sends, expected) {
  const ids = sends.map((s) => s.id ?? s.body?.id ?? s.request?.id);
  const delivered = new Map();
  for (const id of ids) delivered.set(id, (delivered.get(id) ?? 0) + 1);
  const doubled = [...delivered].filter(([, n]) => n > 1);
  const lost = expected.filter((id) => !delivered.has(id));
  assert.deepEqual(doubled, [], 'none doubled');
  assert.deepEqual(lost, [], 'none lost');
  assert.equal(delivered.size, expected.length, 'nothing unexpected delivered');
  void counts;
}

test('nothing outside the payload contract reaches the wire, through fetch or a beacon', async () => {
  const CANARY = 'canary-7f3a91e2';
  const seen = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ url: req.url, headers: JSON.stringify(req.rawHeaders), body });
      res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"status":"accepted"}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${server.address().port}/v1/sends`;
  try {
    const store = memoryStore();
    const outbox = new Outbox({ store, transport: fetchTransport({ endpoint, headers: { 'X-App': 'demo' } }), baseDelayMs: 5 });
    const leaky = [
      { ...request(1), profile: { email: `${CANARY}@example.com` }, rawEvents: [{ name: 'purchase', note: CANARY }] },
      { ...request(2), [CANARY]: true, debug: CANARY },
      Object.assign(Object.create({ inherited: CANARY }), request(3)),
      { ...request(4), vars: Object.assign(Object.create({ hidden: CANARY }), { name: 'Asha' }) },
    ];
    for (const req of leaky) await outbox.enqueue(req);
    const stored = await store.get('nudgekit.outbox');
    assert.ok(stored === null || !stored.includes(CANARY), 'the canary is not even stored');
    for (let i = 0; i < 100 && seen.length < leaky.length; i++) await sleep(10);
    outbox.stop();

    // A beacon on page hide carries the same body (here, the beacon is posted with fetch).
    const beacons = [];
    const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      value: { sendBeacon: (url, blob) => (beacons.push(fetch(url, { method: 'POST', body: blob })), true) },
    });
    try {
      assert.equal(beaconSend(endpoint, { ...request(5), secret: CANARY }), true);
    } finally {
      if (original) Object.defineProperty(globalThis, 'navigator', original);
      else delete globalThis.navigator;
    }
    await Promise.all(beacons);

    assert.equal(seen.length, leaky.length + 1);
    for (const { url, headers, body } of seen) {
      assert.ok(!url.includes(CANARY) && !headers.includes(CANARY) && !body.includes(CANARY), `canary leaked: ${url} ${headers} ${body}`);
      assert.deepEqual(Object.keys(JSON.parse(body)), ['schema', 'id', 'userId', 'campaign', 'variant', 'step', 'channel', 'item', 'language', 'createdAt', 'vars']);
    }
    assert.ok(seen.slice(0, 4).every((s) => s.headers.includes('Idempotency-Key') && s.headers.includes('X-App')));
  } finally {
    server.close();
  }
});
