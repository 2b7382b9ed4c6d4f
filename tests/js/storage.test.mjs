// The engine's durable state through the built package, with the app's own store (the custom-adapter
// path a native bridge uses): a new engine on the same store carries on where the last one stopped
// (segments, scores, caps, the outbox); damaged or foreign records are reported and reset without
// touching pending sends; a full quota sheds raw events first; forget() deletes what was stored.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createNudgeKit, memoryStore, NudgeKitError } from '../../dist/index.node.mjs';

const START = Date.parse('2026-05-04T10:00:00+05:30');
const HOUR = 3_600_000;
const config = {
  version: 1,
  segments: {
    busy: { $event: { name: 'ledger_entry', within: '7d', count: { $gte: 3 } } },
    kirana: { 'business.category': 'kirana' },
  },
  scores: { lead: { halfLife: '7d', rules: [{ id: 'entry', event: 'ledger_entry', points: 10 }], grades: [{ name: 'hot', min: 20 }] } },
  languages: { default: 'en' },
  content: { tip: { kind: 'tip', variants: { en: { title: 'Send a reminder' } } } },
  channels: {
    sms: { cost: 0.25, reachable: { phone: { $exists: true } } },
    mobile_push: { cost: 0.0001, reachable: { phone: { $exists: true } } },
  },
  campaigns: {
    reminder_tip: { trigger: { event: 'ledger_entry' }, placement: 'card', content: ['tip'], caps: { perDay: 1 } },
    dues: { trigger: { event: 'invoice_due' }, content: ['tip'], plan: [{ channel: 'sms' }] },
    kyc: { trigger: { event: 'kyc_stalled' }, content: ['tip'], plan: [{ channel: 'mobile_push' }, { channel: 'sms', after: '24h' }] },
  },
};

/** A store that records every value, and can be made to fail like a browser's. */
function recordingStore() {
  const inner = memoryStore();
  const store = {
    values: new Map(),
    quota: Infinity,
    failReads: false,
    async get(key) {
      if (store.failReads) throw new Error('read blocked');
      return inner.get(key);
    },
    async set(key, value) {
      if (value.length > store.quota) throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
      store.values.set(key, value);
      return inner.set(key, value);
    },
    async delete(key) {
      store.values.delete(key);
      return inner.delete(key);
    },
  };
  return store;
}

async function engine(storage, options = {}) {
  let now = options.now ?? START;
  const nk = await createNudgeKit({
    config, userId: options.userId ?? 'merchant-1', timeZone: 'Asia/Kolkata', now: () => now, storage,
    sends: { transport: { send: () => new Promise(() => {}) } }, consent: { sends: false }, ...options.extra,
  });
  const errors = [];
  nk.on('error', (error) => errors.push(error));
  return { nk, errors, at: (t) => { now = t; } };
}

const flushMicrotasks = () => new Promise((resolve) => setImmediate(resolve));

test('Node without a DOM uses memory; a custom store is used as given', async () => {
  const plain = await createNudgeKit({ config });
  assert.equal(plain.storage, 'memory');
  plain.destroy();
  const { nk } = await engine(recordingStore());
  assert.equal(nk.storage, 'custom');
  nk.destroy();
});

test('a new engine on the same store has the segments, scores, caps and outbox of the last one', async () => {
  const store = recordingStore();
  const first = await engine(store, { extra: { properties: { business: { category: 'kirana' }, phone: '+91' } } });
  const [card] = first.nk.track('ledger_entry');
  first.nk.report({ nudgeId: card.id, outcome: 'shown' });
  first.nk.track('ledger_entry');
  first.nk.track('ledger_entry');
  const [due] = first.nk.track('invoice_due');
  assert.equal(due.channel, 'sms');
  await first.nk.persist();
  assert.ok(store.values.has('profile:merchant-1'));
  const segments = first.nk.segments();
  assert.deepEqual(segments, ['busy', 'kirana']);
  const scores = first.nk.scores();
  first.nk.destroy();

  const second = await engine(store, { now: START + HOUR });
  assert.deepEqual(second.nk.segments(), segments);
  const lead = second.nk.scores().lead;
  assert.equal(lead.grade, scores.lead.grade);
  assert.ok(lead.points < scores.lead.points && lead.points > 0.99 * scores.lead.points, 'kept, and decayed by the hour since');
  assert.deepEqual(second.nk.properties(), { business: { category: 'kirana' }, phone: '+91' });
  assert.equal(second.nk.stats().reminder_tip.variants.default.shown, 1);
  assert.deepEqual(second.nk.track('ledger_entry'), [], 'the day cap, counted before the reload, holds after it');
  assert.deepEqual((await second.nk.pendingSends()).map((r) => r.request.id), [due.send.id]);
  assert.deepEqual(second.errors, []);
  second.nk.destroy();
});

test('a pending plan step survives the reload: the SMS a day after the push comes from the next engine', async () => {
  const store = recordingStore();
  const first = await engine(store, { extra: { properties: { phone: '+91' } } });
  const [push] = first.nk.track('kyc_stalled');
  assert.equal(push.channel, 'mobile_push');
  first.nk.destroy();  // the app closed within the batching interval: destroy() writes what changed
  await flushMicrotasks();

  const second = await engine(store, { now: START + 23 * HOUR });
  assert.deepEqual(second.nk.tick(), []);
  second.at(START + 24 * HOUR);
  const [sms] = second.nk.tick();
  assert.equal(sms.channel, 'sms');
  assert.equal(sms.plan, push.id);
  assert.equal(sms.step, 1);
  assert.deepEqual((await second.nk.pendingSends()).map((r) => r.request.channel).sort(), ['mobile_push', 'sms']);
  second.nk.destroy();
});

test('changes are written once per batch, not once per call', async () => {
  const store = recordingStore();
  let writes = 0;
  const set = store.set;
  store.set = async (key, value) => {
    if (key.startsWith('profile:')) writes++;
    return set(key, value);
  };
  const { nk } = await engine(store);
  for (let i = 0; i < 200; i++) nk.track('ledger_entry', { i });
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(writes, 1);
  await nk.persist();
  assert.equal(writes, 1, 'nothing new to write');
  nk.track('ledger_entry');
  nk.destroy();  // the change made just before destroy is written too
  await flushMicrotasks();
  assert.equal(writes, 2);
});

test('a damaged or foreign profile record is reported, reset, and the outbox is untouched', async () => {
  for (const bad of ['{"format":"nudgekit.profile","version":1,"checksum":"00000000","data":"AAAA"}', 'not json', '{"theme":"dark"}',
    '{"format":"nudgekit.profile","version":9,"checksum":"0","data":""}']) {
    const store = recordingStore();
    const first = await engine(store, { extra: { properties: { phone: '+91' } } });
    const [due] = first.nk.track('invoice_due');
    await first.nk.persist();
    first.nk.destroy();
    await store.set('profile:merchant-1', bad);

    const errors = [];
    const nk = await createNudgeKit({ config, userId: 'merchant-1', storage: store, sends: { transport: { send: () => new Promise(() => {}) } } });
    nk.on('error', (error) => errors.push(error));  // added after create: the error waited for it
    await flushMicrotasks();
    assert.deepEqual(errors.map((e) => [e.code, e.pointer]), [['storage.corrupted', '/storage']], bad);
    assert.ok(errors[0] instanceof NudgeKitError);
    assert.deepEqual(nk.properties(), {}, 'a clean start');
    assert.equal(store.values.has('profile:merchant-1'), false, 'the bad record is gone');
    assert.deepEqual((await nk.pendingSends()).map((r) => r.request.id), [due.send.id], 'the outbox is kept');
    nk.destroy();
  }
});

test('a snapshot the core refuses (truncated bytes in a valid envelope) is reported and reset', async () => {
  const store = recordingStore();
  const first = await engine(store);
  first.nk.track('ledger_entry');
  await first.nk.persist();
  first.nk.destroy();
  const envelope = JSON.parse(store.values.get('profile:merchant-1'));
  const bytes = Buffer.from(envelope.data, 'base64');
  const data = bytes.subarray(0, bytes.length - 7).toString('base64');
  const { checksum } = await import('../../dist/outbox.mjs');
  await store.set('profile:merchant-1', JSON.stringify({ ...envelope, data, checksum: checksum(data) }));
  const { nk, errors } = await engine(store);
  await flushMicrotasks();
  assert.deepEqual(errors.map((e) => e.code), ['storage.corrupted']);
  assert.match(errors[0].message, /snapshot/);
  assert.equal(nk.segments().includes('busy'), false);
  nk.destroy();
});

test('over quota, the oldest raw events are shed until the profile fits; aggregates stay', async () => {
  const store = recordingStore();
  const { nk, errors } = await engine(store);
  for (let i = 0; i < 300; i++) nk.track('ledger_entry', { note: `entry ${i} `.repeat(20) });
  await nk.persist();
  const full = store.values.get('profile:merchant-1').length;
  nk.track('ledger_entry');
  store.quota = Math.floor(full / 3);
  await nk.persist();
  assert.deepEqual(errors.map((e) => e.code), ['storage.quota_exceeded']);
  assert.ok(store.values.get('profile:merchant-1').length <= store.quota);
  assert.deepEqual(nk.segments(), ['busy'], 'the windowed count is kept by the aggregates');
  // Nothing fits at all: reported, and the last stored profile stays.
  store.quota = 10;
  const before = store.values.get('profile:merchant-1');
  nk.track('ledger_entry');
  await nk.persist();
  assert.equal(errors.at(-1).code, 'storage.quota_exceeded');
  assert.match(errors.at(-1).message, /not saved/);
  assert.equal(store.values.get('profile:merchant-1'), before);
  nk.destroy();
});

test('a store that fails to read is reported and the engine still works', async () => {
  const store = recordingStore();
  store.failReads = true;
  const { nk, errors } = await engine(store);
  await flushMicrotasks();
  assert.ok(errors.some((e) => e.code === 'storage.read_failed'));
  assert.deepEqual(nk.track('ledger_entry').map((n) => n.campaign), ['reminder_tip']);
  nk.destroy();
});

test('forget() deletes the stored profile', async () => {
  const store = recordingStore();
  const { nk } = await engine(store, { extra: { properties: { phone: '+91' } } });
  nk.track('invoice_due');
  await nk.persist();
  assert.ok(store.values.has('profile:merchant-1'));
  await nk.forget();
  assert.equal(store.values.has('profile:merchant-1'), false);
  assert.deepEqual([...store.values.keys()].filter((k) => !k.startsWith('profile:')).length, 0, 'nor any outbox record');
  nk.destroy();
});

test('a storage option that is not one is refused with its pointer', async () => {
  for (const storage of ['cookies', 42, { get() {} }, null]) {
    await assert.rejects(createNudgeKit({ config, storage }), (e) => e instanceof NudgeKitError && e.code === 'options.invalid_storage' && e.pointer === '/storage');
  }
});

test('the profile envelope: base64 matches Node\'s for every tail length, and bad data is refused', async () => {
  const { encodeProfile, decodeProfile } = await import('../../dist/profile-store.mjs');
  for (let length = 0; length < 64; length++) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + length * 7) & 255);
    const text = encodeProfile(bytes, 42);
    assert.equal(JSON.parse(text).data, Buffer.from(bytes).toString('base64'));
    const decoded = decodeProfile(text);
    assert.deepEqual([...decoded.bytes], [...bytes]);
    assert.equal(decoded.savedAt, 42);
  }
  const { checksum } = await import('../../dist/outbox.mjs');
  for (const data of ['AAA', 'AA=A', 'A€AA', '====', 'AAAA!AAA']) {
    const error = decodeProfile(JSON.stringify({ format: 'nudgekit.profile', version: 1, checksum: checksum(data), savedAt: 1, data }));
    assert.ok(error instanceof NudgeKitError && error.code === 'storage.corrupted', data);
  }
});
