// The behaviour API through the built package: events refused with their pointer and leaving no trace,
// the time and clock rules, listeners, scores(), and snapshots that survive storage mishaps.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createNudgeKit, NudgeKitError } from '../../dist/index.node.mjs';

const DAY = 86_400_000;
const START = Date.UTC(2026, 2, 1, 4, 30);  // 10:00 in India
const config = {
  version: 1,
  events: { sum: { ledger_entry_added: 'amount' } },
  scores: {
    lead: { halfLife: '7d', rules: [{ id: 'entry', event: 'ledger_entry_added', points: 10 }], grades: [{ name: 'hot', min: 20 }] },
  },
  segments: {
    active: { $event: { name: 'ledger_entry_added', within: '7d', count: { $gte: 2 } } },
    big_spender: { $event: { name: 'ledger_entry_added', within: '30d', sum: { $gte: 5000 } } },
    hot: { $score: { 'lead.grade': 'hot' } },
  },
};

async function engine(options = {}) {
  let now = START;
  const nk = await createNudgeKit({ config, timeZone: 'Asia/Kolkata', now: () => now, ...options });
  return { nk, at: (time) => { now = time; } };
}

const refusal = (code, pointer) => (error) => {
  assert.ok(error instanceof NudgeKitError, String(error));
  assert.equal(error.code, code, error.message);
  assert.equal(error.pointer, pointer);
  return true;
};

test('a refused event leaves no trace: the snapshot is byte for byte the same', async () => {
  const { nk } = await engine();
  nk.track('ledger_entry_added', { amount: 1200 });
  const before = nk.snapshot();
  assert.throws(() => nk.track('9starts_with_a_digit'), refusal('event.invalid_name', '/name'));
  assert.throws(() => nk.track(42), refusal('event.invalid_name', '/name'));
  assert.throws(() => nk.track('ledger_entry_added', { amount: Number.NaN }), refusal('event.invalid_value', '/props/amount'));
  assert.throws(() => nk.track('ledger_entry_added', { note: 'x'.repeat(5000) }), (e) => e.code === 'event.invalid_props' && e.pointer.startsWith('/props'));
  assert.throws(() => nk.track('ledger_entry_added', { amount: 10n }), refusal('event.invalid_value', '/props/amount'));
  assert.throws(() => nk.track('ledger_entry_added', {}, { time: START + 6 * 60_000 }), refusal('event.in_future', '/time'));
  assert.throws(() => nk.track('ledger_entry_added', {}, { time: START - 401 * DAY }), refusal('event.too_old', '/time'));
  assert.throws(() => nk.track('ledger_entry_added', {}, { time: 'yesterday' }), refusal('event.invalid_time', '/time'));
  assert.deepEqual(nk.snapshot(), before);
  nk.destroy();
});

test('back-dated events count on their own day; one a little ahead of the clock is recorded at now', async () => {
  const { nk, at } = await engine();
  nk.track('ledger_entry_added', { amount: 3000 }, { time: START - 8 * DAY });
  assert.deepEqual(nk.segments(), []);
  nk.track('ledger_entry_added', { amount: 3000 }, { time: START - 3 * DAY });
  assert.deepEqual(nk.segments(), ['big_spender']);
  nk.track('ledger_entry_added', { amount: 10 }, { time: START + 4 * 60_000 });
  // Lead points: 10 from each entry, halving weekly from its own time: 4.53 + 7.43 + 10 ≥ 20.
  assert.deepEqual(nk.segments(), ['active', 'big_spender', 'hot']);
  // Recorded at now, not 4 minutes later: 7 days on, the window no longer holds it.
  at(START + 7 * DAY + 1);
  nk.tick();
  assert.deepEqual(nk.segments(), ['big_spender']);
  nk.destroy();
});

test('segment and stage listeners: on() returns an unsubscribe function; unknown events are refused', async () => {
  const { nk, at } = await engine();
  const seen = [];
  const unsubscribe = nk.on('segment', (change) => seen.push(change));
  nk.track('ledger_entry_added', { amount: 100 });
  at(START + 60_000);
  nk.track('ledger_entry_added', { amount: 100 });
  assert.deepEqual(seen, [
    { segment: 'active', entered: true, time: START + 60_000 },
    { segment: 'hot', entered: true, time: START + 60_000 },
  ]);
  unsubscribe();
  at(START + 8 * DAY);
  nk.tick();
  assert.equal(seen.length, 2);
  assert.deepEqual(nk.segments(), []);
  assert.throws(() => nk.on('segmnet', () => {}), refusal('engine.invalid_argument', ''));
  nk.destroy();
});

test('scores() is plain data, with null for the parts the config does not define', async () => {
  const { nk, at } = await engine();
  nk.track('ledger_entry_added', { amount: 100 });
  assert.deepEqual(nk.scores(), { rfm: null, lead: { points: 10, grade: null }, lifecycle: null });
  at(START + 7 * DAY);
  nk.tick();
  assert.deepEqual(nk.scores().lead, { points: 5, grade: null });
  assert.equal(Object.getPrototypeOf(nk.scores()), Object.prototype);
  nk.destroy();
});

test('restore refuses truncated, corrupted, newer and non-byte snapshots, keeping the state', async () => {
  const { nk } = await engine();
  nk.track('ledger_entry_added', { amount: 6000 });
  const good = nk.snapshot();
  assert.ok(good instanceof Uint8Array);
  const { nk: other } = await engine();
  other.track('ledger_entry_added', { amount: 1 });
  other.track('ledger_entry_added', { amount: 1 });
  const kept = other.snapshot();
  const flipped = good.slice();
  flipped[Math.floor(flipped.length / 2)] ^= 0x40;
  const newer = good.slice();
  newer[4] += 1;  // the format version follows the 4-byte magic
  const cases = [
    [good.subarray(0, good.length - 3), 'snapshot.truncated'],
    [flipped, 'snapshot.checksum'],
    [newer, 'snapshot.newer_version'],
    ['not bytes', 'snapshot.invalid_type'],
    [new Uint8Array(0), 'snapshot.truncated'],
  ];
  for (const [bytes, code] of cases) {
    const result = other.restore(bytes);
    assert.equal(result.ok, false, code);
    assert.equal(result.errors[0].code, code, result.errors[0].message);
    assert.deepEqual(other.snapshot(), kept, `${code}: state unchanged`);
  }
  assert.deepEqual(other.restore(good.buffer.slice(0)), { ok: true, errors: [] });
  assert.deepEqual(other.segments(), ['big_spender']);
  assert.deepEqual(other.scores(), nk.scores());
  nk.destroy();
  other.destroy();
});

test('a snapshot restores into a newer config: segments it no longer has are dropped, new ones start fresh', async () => {
  const { nk } = await engine();
  nk.track('ledger_entry_added', { amount: 6000 });
  assert.deepEqual(nk.segments(), ['big_spender']);
  const bytes = nk.snapshot();
  const changed = {
    ...config,
    segments: { whale: { $event: { name: 'ledger_entry_added', sum: { $gte: 6000 } } }, active: config.segments.active },
  };
  const next = await createNudgeKit({ config: changed, timeZone: 'Asia/Kolkata', now: () => START });
  assert.deepEqual(next.restore(bytes), { ok: true, errors: [] });
  const entered = [];
  next.on('segment', (change) => entered.push(change.segment));
  assert.deepEqual(next.segments(), ['whale']);
  assert.deepEqual(entered, ['whale']);
  nk.destroy();
  next.destroy();
});

test('options: an unknown zone and a non-function clock are refused when creating', async () => {
  await assert.rejects(createNudgeKit({ config, timeZone: 'Asia/Bombay_Nope' }), refusal('options.invalid_time_zone', '/timeZone'));
  await assert.rejects(createNudgeKit({ config, now: 5 }), refusal('options.invalid_now', '/now'));
  const nk = await createNudgeKit({ config, now: () => Number.NaN });
  assert.throws(() => nk.track('ledger_entry_added'), (e) => e.code === 'options.invalid_now');
  nk.destroy();
});

test('local days follow the zone: a streak across midnight in India is two days, in UTC one', async () => {
  const streak = { version: 1, segments: { two_days: { $streak: { name: 'app_open', days: { $gte: 2 } } } } };
  const evening = Date.UTC(2026, 2, 1, 18, 0);  // 23:30 in India, 18:00 UTC
  const lateNight = evening + 60 * 60_000;      // 00:30 the next day in India, 19:00 UTC
  for (const [timeZone, expected] of [['Asia/Kolkata', ['two_days']], ['UTC', []]]) {
    let now = evening;
    const nk = await createNudgeKit({ config: streak, timeZone, now: () => now });
    nk.track('app_open');
    now = lateNight;
    nk.track('app_open');
    assert.deepEqual(nk.segments(), expected, timeZone);
    nk.destroy();
  }
});
