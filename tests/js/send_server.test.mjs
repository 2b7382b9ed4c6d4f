// The reference send server (demo/server/send-server.mjs) over real HTTP on 127.0.0.1: the schema's
// 400s name the failing field, a retried key gets the original answer and is delivered once, a key
// reused for another send is refused, per-user rate limits answer 429 + Retry-After, and accepted
// sends survive a restart on a file database.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { startSendServer, validateSend } from '../../demo/server/send-server.mjs';

const quiet = () => {};

function send(n, overrides = {}) {
  return {
    schema: 'nudgekit.send/1', id: `send-${String(n).padStart(6, '0')}`, userId: 'merchant-1', campaign: 'kyc_rescue',
    variant: '', step: 0, channel: 'mobile_push', item: 'kyc_help', language: 'hi-IN', createdAt: 1777865400000,
    vars: { first_name: 'Asha' }, ...overrides,
  };
}

// Raw HTTP, so a test controls every byte and header (fetch would add and normalize some).
function post(url, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = httpRequest(`${url}/v1/sends`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, headers: res.headers, text, json: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function withServer(options, fn) {
  const server = await startSendServer({ logger: quiet, ...options });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

test('an accepted send answers 202 and reaches its channel adapter once', async () => {
  const delivered = [];
  const adapters = { mobile_push: { deliver: (s) => (delivered.push(s), { provider: 'test', reference: `p-${s.id}` }) } };
  await withServer({ adapters }, async (server) => {
    const answer = await post(server.url, send(1), { 'idempotency-key': 'send-000001' });
    assert.equal(answer.status, 202);
    assert.deepEqual(answer.json, { status: 'accepted', id: 'send-000001' });
    assert.equal(answer.headers['idempotent-replayed'], undefined);
    assert.equal(delivered.length, 1);
    assert.deepEqual(delivered[0], send(1));
    const [stored] = server.sends();
    assert.equal(stored.id, 'send-000001');
    assert.deepEqual(stored.delivery, { provider: 'test', reference: 'p-send-000001' });
    assert.deepEqual(server.counts().accepted, 1);
  });
});

test('a retry gets the original answer byte for byte, marked replayed, and nothing is delivered again', async () => {
  let deliveries = 0;
  await withServer({ adapters: { sms: { deliver: () => void deliveries++ } } }, async (server) => {
    const first = await post(server.url, send(2, { channel: 'sms' }));
    // The same send with its keys in another order and other whitespace is the same send.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(send(2, { channel: 'sms' })).reverse()), null, 2);
    const answers = await Promise.all([post(server.url, reordered), post(server.url, send(2, { channel: 'sms' }))]);
    for (const again of answers) {
      assert.equal(again.status, 202);
      assert.equal(again.text, first.text);
      assert.equal(again.headers['idempotent-replayed'], 'true');
    }
    assert.equal(deliveries, 1);
    assert.equal(server.sends().length, 1);
    assert.deepEqual(server.counts(), { accepted: 1, replayed: 2, rejected: 0, conflicts: 0, rateLimited: 0, faults: 0 });
  });
});

test('a key reused for a different send is refused with 409, and the first send stands', async () => {
  await withServer({}, async (server) => {
    await post(server.url, send(3));
    const other = await post(server.url, send(3, { channel: 'email' }));
    assert.equal(other.status, 409);
    assert.equal(other.json.error.field, '/id');
    assert.deepEqual(server.sends().map((s) => s.channel), ['mobile_push']);
  });
});

test('every schema violation is a 400 naming the field', async () => {
  const cases = [
    [{ ...send(4), profile: { email: 'a@b.c' } }, '/profile'],
    [{ ...send(4), 'we/ird~name': 1 }, '/we~1ird~0name'],
    [{ ...send(4), schema: 'nudgekit.send/2' }, '/schema'],
    [(({ schema, ...rest }) => rest)(send(4)), '/schema'],
    [(({ item, ...rest }) => rest)(send(4)), '/item'],
    [send(4, { id: 'short' }), '/id'],
    [send(4, { id: 'has space in it' }), '/id'],
    [send(4, { userId: '' }), '/userId'],
    [send(4, { userId: 'x'.repeat(257) }), '/userId'],
    [send(4, { campaign: 42 }), '/campaign'],
    [send(4, { step: -1 }), '/step'],
    [send(4, { step: 1.5 }), '/step'],
    [send(4, { channel: 'pigeon' }), '/channel'],
    [send(4, { channel: 'in_app' }), '/channel'],
    [send(4, { language: 'not a tag' }), '/language'],
    [send(4, { createdAt: '2026-05-04' }), '/createdAt'],
    [send(4, { vars: [] }), '/vars'],
    [send(4, { vars: { nested: { deep: 1 } } }), '/vars/nested'],
    [send(4, { vars: { list: [1] } }), '/vars/list'],
    [send(4, { vars: { long: 'x'.repeat(1025) } }), '/vars/long'],
    [send(4, { vars: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`v${i}`, i])) }), '/vars'],
    [[send(4)], ''],
    ['"a string"', ''],
    ['{"schema": "nudgekit.send/1",', ''],
    ['[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['.repeat(300), ''],
    [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), ''],
  ];
  await withServer({}, async (server) => {
    for (const [body, field] of cases) {
      const answer = await post(server.url, body);
      assert.equal(answer.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${answer.text}`);
      assert.equal(answer.json.error.field, field, answer.text);
      assert.ok(answer.json.error.message.length > 0);
    }
    assert.equal(server.sends().length, 0);
    assert.equal(server.counts().rejected, cases.length);
    // validateSend is the same check, usable by an app's own server.
    assert.throws(() => validateSend({ ...send(5), debug: true }), { field: '/debug' });
    assert.deepEqual(validateSend(send(5)), send(5));
  });
});

test('the header key must be the body key; a body over 64 KB is 413; only JSON is read', async () => {
  await withServer({}, async (server) => {
    const mismatch = await post(server.url, send(6), { 'idempotency-key': 'send-999999' });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.json.error.field, '/id');
    const huge = await post(server.url, { ...send(7), vars: { pad: 'x'.repeat(70 * 1024) } });
    assert.equal(huge.status, 413);
    const form = await post(server.url, 'id=send-000008', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415);
    assert.equal(server.sends().length, 0);
  });
});

test('more sends a minute for one user than the limit answer 429 with Retry-After; other users go on', async () => {
  let now = Date.parse('2026-05-04T09:00:00Z');
  await withServer({ rateLimitPerMinute: 3, now: () => now }, async (server) => {
    for (let n = 10; n < 13; n++) assert.equal((await post(server.url, send(n))).status, 202);
    now += 20_000;
    const limited = await post(server.url, send(13));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '40');
    assert.equal(limited.json.error.field, '/userId');
    assert.equal((await post(server.url, send(14, { userId: 'merchant-2' }))).status, 202);
    // A replay of an accepted send is not a new send: it is answered even while the user is limited.
    assert.equal((await post(server.url, send(10))).status, 202);
    now += 40_001;
    assert.equal((await post(server.url, send(13))).status, 202);
    assert.equal(server.counts().rateLimited, 1);
  });
});

test('GET lists the sends received (newest first, per user) and health answers', async () => {
  await withServer({}, async (server) => {
    await post(server.url, send(20));
    await post(server.url, send(21, { userId: 'merchant-2', channel: 'viber' }));
    const all = await (await fetch(`${server.url}/v1/sends`)).json();
    assert.deepEqual(all.sends.map((s) => s.id), ['send-000021', 'send-000020']);
    const one = await (await fetch(`${server.url}/v1/sends?userId=merchant-2`)).json();
    assert.deepEqual(one.sends.map((s) => [s.id, s.channel, s.userId]), [['send-000021', 'viber', 'merchant-2']]);
    assert.ok(one.sends[0].receivedAt > 0);
    assert.deepEqual(await (await fetch(`${server.url}/v1/health`)).json(), { status: 'ok', sends: 2 });
    assert.equal((await fetch(`${server.url}/v1/sends`, { method: 'DELETE' })).status, 405);
    assert.equal((await fetch(`${server.url}/elsewhere`)).status, 404);
  });
});

test('sends and keys survive a restart on a file database: a retry after it is still a replay', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nudgekit-server-'));
  const dbPath = join(dir, 'sends.db');
  try {
    let deliveries = 0;
    const adapters = { mobile_push: { deliver: () => void deliveries++ } };
    const first = await withServer({ dbPath, adapters }, (server) => post(server.url, send(30)));
    await withServer({ dbPath, adapters }, async (server) => {
      const again = await post(server.url, send(30));
      assert.equal(again.status, 202);
      assert.equal(again.text, first.text);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.deepEqual(server.sends().map((s) => s.id), ['send-000030']);
    });
    assert.equal(deliveries, 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a failing adapter is recorded, not retried into a second delivery', async () => {
  const errors = [];
  const adapters = { whatsapp: { deliver: () => { throw new Error('provider down'); } } };
  await withServer({ adapters, logger: { info() {}, warn() {}, error: (m) => errors.push(m) } }, async (server) => {
    assert.equal((await post(server.url, send(40, { channel: 'whatsapp' }))).status, 202);
    assert.equal((await post(server.url, send(40, { channel: 'whatsapp' }))).headers['idempotent-replayed'], 'true');
    assert.deepEqual(server.sends()[0].delivery, { error: 'provider down' });
    assert.equal(errors.length, 1);
  });
});
