// Issue 8's storage benchmark, in Node with a store that keeps strings in memory (the browser's
// IndexedDB adds its own commit time on top, which only a browser can measure). A merchant with a full
// event ring (1,000 raw events with props, 60 days of aggregates): what one write costs (snapshot,
// envelope, store), what a restore at createNudgeKit costs against a fresh start, and how many writes a
// burst of 200 tracked events makes. Checked first: the restored engine answers like the original.
import { fmt, markdownTable, median } from './stats.mjs';

const DAY = 86_400_000;
const START = Date.UTC(2026, 4, 4, 4, 0);
const EVENTS = 1000;
const ROUNDS = 31;
const BURST = 200;

const config = {
  version: 1,
  events: { sum: { ledger_entry: 'amount' } },
  segments: {
    busy: { $event: { name: 'ledger_entry', within: '7d', count: { $gte: 10 } } },
    big_week: { $event: { name: 'ledger_entry', within: '7d', sum: { $gte: 50_000 } } },
    upi_user: { $event: { name: 'ledger_entry', where: { mode: 'upi' }, within: '30d', count: { $gte: 5 } } },
  },
  scores: { lead: { halfLife: '7d', rules: [{ id: 'entry', event: 'ledger_entry', points: 1 }], grades: [{ name: 'hot', min: 20 }] } },
  languages: { default: 'en' },
  content: { tip: { kind: 'tip', variants: { en: { title: 'Send a reminder' } } } },
  campaigns: { tip: { trigger: { event: 'ledger_entry' }, placement: 'card', content: ['tip'], caps: { perDay: 1 } } },
};

function stringStore() {
  const values = new Map();
  let writes = 0;
  return {
    values, writes: () => writes,
    async get(key) { return values.get(key) ?? null; },
    async set(key, value) { writes++; values.set(key, value); },
    async delete(key) { values.delete(key); },
  };
}

const msSince = (start) => Number(process.hrtime.bigint() - start) / 1e6;

export async function runStorageBench(api) {
  console.log('\n## Storage (issue 8): one user\'s profile record written and restored\n');
  let now = START;
  const store = stringStore();
  const nk = await api.createNudgeKit({ config, userId: 'merchant-1', timeZone: 'Asia/Kolkata', now: () => now, storage: store });
  for (let i = 0; i < EVENTS; i++) {
    now = START + Math.floor((i * 60 * DAY) / EVENTS);
    nk.track('ledger_entry', { amount: 100 + (i % 37) * 50, mode: i % 3 ? 'cash' : 'upi', party: `party-${i % 41}` });
  }
  await nk.persist();
  const record = store.values.get('profile:merchant-1');
  const snapshotBytes = nk.snapshot().length;
  const expected = { segments: nk.segments(), scores: nk.scores() };

  const restored = await api.createNudgeKit({ config, userId: 'merchant-1', timeZone: 'Asia/Kolkata', now: () => now, storage: store });
  const same = JSON.stringify({ segments: restored.segments(), scores: restored.scores() }) === JSON.stringify(expected);
  restored.destroy();
  if (!same) {
    console.log('storage: the restored engine answers differently from the one that wrote it');
    return false;
  }

  const writeMs = [];
  for (let r = 0; r < ROUNDS; r++) {
    nk.setProperties({ round: r });
    const start = process.hrtime.bigint();
    await nk.persist();
    writeMs.push(msSince(start));
  }
  const restoreMs = [];
  const freshMs = [];
  for (let r = 0; r < ROUNDS; r++) {
    let start = process.hrtime.bigint();
    const again = await api.createNudgeKit({ config, userId: 'merchant-1', timeZone: 'Asia/Kolkata', now: () => now, storage: store });
    restoreMs.push(msSince(start));
    again.destroy();
    start = process.hrtime.bigint();
    const fresh = await api.createNudgeKit({ config, userId: 'nobody', timeZone: 'Asia/Kolkata', now: () => now, storage: 'memory' });
    freshMs.push(msSince(start));
    fresh.destroy();
  }
  const before = store.writes();
  for (let i = 0; i < BURST; i++) nk.track('ledger_entry', { amount: 10, mode: 'upi' });
  await new Promise((resolve) => setTimeout(resolve, 400));
  const burstWrites = store.writes() - before;
  nk.destroy();

  console.log(markdownTable(['measure', 'median', 'note'], [
    ['profile record', `${fmt(record.length / 1024, 1)} KB`, `snapshot ${fmt(snapshotBytes / 1024, 1)} KB as base64 in its envelope; ${EVENTS} raw events`],
    ['persist() (snapshot + envelope + store)', `${fmt(median(writeMs), 2)} ms`, `${ROUNDS} writes`],
    ['createNudgeKit restoring the record', `${fmt(median(restoreMs), 2)} ms`, `vs ${fmt(median(freshMs), 2)} ms fresh (${fmt(median(restoreMs) / median(freshMs), 2)}×)`],
    [`writes for a burst of ${BURST} track()`, String(burstWrites), 'batched within 250 ms'],
  ]));
  return burstWrites === 1;
}
