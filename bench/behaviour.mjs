// Issue 4's benchmark: the 200 workload segments answered from event histories instead of counters.
// Correctness first (every answer equals expected.json), then track() latency with those segments
// loaded, tick() and snapshot/restore for a user with a year of heavy use — all through the JS API.
import { gzipSync } from 'node:zlib';

import { DAY, placeEvents, profileWithoutCounters, rewriteCondition } from './history.mjs';
import { fmt, markdownTable, median } from './stats.mjs';
import { check } from './workload.mjs';

const TARGET_TRACK_P50_US = 5;
const TARGET_TRACK_P99_US = 50;
const TARGET_TICK_US = 100;
const NOW = Date.UTC(2026, 10, 1, 12, 0);
const TIME_ZONE = 'Asia/Kolkata';

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const usSince = (start) => Number(process.hrtime.bigint() - start) / 1000;

export async function runBehaviourBench(api, workload) {
  console.log('\n## Behaviour (issue 4): the same 200 segments from event histories\n');
  const { users, conditions } = workload;
  const segments = Object.fromEntries(conditions.map(({ id, condition }) => [id, rewriteCondition(condition)]));
  const config = { version: 1, segments };
  const rewritten = conditions.filter(({ condition }) => JSON.stringify(condition).includes('"events.')).length;
  let now = NOW;
  const nk = await api.createNudgeKit({ config, now: () => now, timeZone: TIME_ZONE });
  const blank = nk.snapshot();  // restoring it starts the next user with no history and no properties

  // ---- correctness, and every track() timed on the way --------------------------------------------
  const index = new Map(conditions.map(({ id }, c) => [id, c]));
  const answers = new Uint8Array(conditions.length * users.length);
  const trackUs = [];
  let events = 0;
  for (let u = 0; u < users.length; u++) {
    nk.restore(blank);
    nk.setProperties(profileWithoutCounters(users[u]), { replace: true });
    for (const event of placeEvents(users[u], NOW)) {
      now = event.time;  // the app tracks each event as it happens
      const start = process.hrtime.bigint();
      nk.track(event.name);
      trackUs.push(usSince(start));
      events++;
    }
    now = NOW;
    for (const name of nk.segments()) answers[index.get(name) * users.length + u] = 1;
  }
  const result = check(workload, (c, u) => answers[c * users.length + u] === 1);
  const ok = result.agree === result.total;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${rewritten} of ${conditions.length} conditions rewritten to $event/$recency over`
    + ` ${fmt(events)} generated events; segments() agrees with expected.json: ${fmt(result.agree)}/${fmt(result.total)}`);
  for (const d of result.disagreements) {
    console.log(`       ${d.condition} × ${d.user}: expected ${d.want}, got ${d.got} — ${JSON.stringify(segments[d.condition])}`);
  }
  nk.destroy();
  if (!ok) return false;

  // ---- a year of a heavy user: 50 events a day across 30 names ---------------------------------------
  const names = Array.from({ length: 30 }, (_, i) => (i < 6 ? Object.keys(users[0].events)[i] : `event_${i}`));
  let seed = 20240603;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  now = NOW - 365 * DAY;
  const heavy = await api.createNudgeKit({ config, now: () => now, timeZone: TIME_ZONE });
  heavy.setProperties(profileWithoutCounters(users[0]), { replace: true });
  for (let day = 0; day < 365; day++) {
    for (let i = 0; i < 50; i++) {
      now += Math.floor(DAY / 50);
      heavy.track(names[Math.floor(random() * names.length)], { amount: Math.floor(random() * 5000) });
    }
  }
  const tickUs = [];
  for (let i = 0; i < 500; i++) {
    now += 60_000;
    const start = process.hrtime.bigint();
    heavy.tick();
    tickUs.push(usSince(start));
  }
  const snapshot = heavy.snapshot();
  const restoreUs = [];
  const restored = await api.createNudgeKit({ config, now: () => now, timeZone: TIME_ZONE });
  for (let i = 0; i < 9; i++) {
    const start = process.hrtime.bigint();
    const answer = restored.restore(snapshot);
    restoreUs.push(usSince(start));
    if (!answer.ok) throw new Error(`bench: restore failed: ${JSON.stringify(answer.errors)}`);
  }
  const same = JSON.stringify(restored.segments()) === JSON.stringify(heavy.segments());
  heavy.destroy();
  restored.destroy();

  trackUs.sort((a, b) => a - b);
  tickUs.sort((a, b) => a - b);
  const p50 = quantile(trackUs, 0.5);
  const p99 = quantile(trackUs, 0.99);
  const tick = quantile(tickUs, 0.5);
  console.log(markdownTable(['measure', 'median', 'p99', 'target'], [
    [`track(name) with the 200 segments loaded (${fmt(trackUs.length)} calls)`, `${fmt(p50, 2)} µs`, `${fmt(p99, 2)} µs`,
      `p50 ≤ ${TARGET_TRACK_P50_US} µs, p99 ≤ ${TARGET_TRACK_P99_US} µs`],
    ['tick(), a year of 50 events/day over 30 names (500 calls)', `${fmt(tick, 2)} µs`, `${fmt(quantile(tickUs, 0.99), 2)} µs`, `≤ ${TARGET_TICK_US} µs`],
    ['restore(snapshot) of that year (9 calls)', `${fmt(median(restoreUs) / 1000, 2)} ms`, '', ''],
  ]));
  console.log(`\nSnapshot of that year: ${fmt(snapshot.length)} bytes (${fmt(gzipSync(snapshot, { level: 9 }).length)} gzip);`
    + ` restored engine answers the same segments: ${same ? 'yes' : 'NO'}.`);
  console.log('\nTargets (judged on the median, p99 where stated):');
  console.log(`- track() p50 ≤ ${TARGET_TRACK_P50_US} µs: ${fmt(p50, 2)} µs — ${p50 <= TARGET_TRACK_P50_US ? 'met' : 'NOT met'}`);
  console.log(`- track() p99 ≤ ${TARGET_TRACK_P99_US} µs: ${fmt(p99, 2)} µs — ${p99 <= TARGET_TRACK_P99_US ? 'met' : 'NOT met'}`);
  console.log(`- tick() for a heavy year ≤ ${TARGET_TICK_US} µs: ${fmt(tick, 2)} µs — ${tick <= TARGET_TICK_US ? 'met' : 'NOT met'}`);
  return same;
}
