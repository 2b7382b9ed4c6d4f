// Issue 8's shared-tabs benchmark, in Node: three engines of one user over one store with
// `tabs: 'shared'`, coordinated through Node's BroadcastChannel and a Web Locks stand-in (one holder
// per name, a queue). What a track() costs in a tab alone, in the leader and in a follower (which
// applies it as a replica and posts it), how long until every tab counts a follower's event, and how
// big the snapshot the leader broadcasts is. Checked first: after the bursts every tab counts exactly.
// Browsers' BroadcastChannel crosses processes and costs more per message than Node's in-process one.
import { installWebLocks } from '../tests/support/web-locks.mjs';
import { fmt, markdownTable, median } from './stats.mjs';

const START = Date.UTC(2026, 4, 4, 4, 0);
const BURST = 200;
const ROUNDS = 15;

const config = {
  version: 1,
  segments: {
    busy: { $event: { name: 'ledger_entry', within: '7d', count: { $gte: 10 } } },
    upi_user: { $event: { name: 'ledger_entry', where: { mode: 'upi' }, within: '30d', count: { $gte: 5 } } },
  },
  scores: { lead: { halfLife: '7d', rules: [{ id: 'entry', event: 'ledger_entry', points: 1 }], grades: [{ name: 'hot', min: 20 }] } },
  languages: { default: 'en' },
  content: { tip: { kind: 'tip', variants: { en: { title: 'Send a reminder' } } } },
  campaigns: { tip: { trigger: { event: 'ledger_entry' }, placement: 'card', content: ['tip'], caps: { perDay: 1 } } },
};

const usSince = (start) => Number(process.hrtime.bigint() - start) / 1e3;
const tick = () => new Promise((resolve) => setImmediate(resolve));
const count = (nk, n) => nk.evaluate({ $event: { name: 'ledger_entry', count: { $gte: n } } }) &&
  !nk.evaluate({ $event: { name: 'ledger_entry', count: { $gte: n + 1 } } });

async function burstUs(nk, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) nk.track('ledger_entry', { amount: 100 + i, mode: i % 3 ? 'cash' : 'upi' });
  return usSince(start) / n;
}

export async function runTabsBench(api) {
  console.log('\n## Shared tabs (issue 8): three engines of one user, one leading\n');
  const restore = installWebLocks();
  try {
    const options = (userId, storage, tabs) => ({ config, userId, timeZone: 'Asia/Kolkata', storage, tabs, now: () => START });
    const alone = await api.createNudgeKit(options('alone', api.memoryStore(), 'independent'));
    const store = api.memoryStore();
    const tabs = [];
    for (let i = 0; i < 3; i++) tabs.push(await api.createNudgeKit(options('merchant', store, 'shared')));
    if (!tabs[0].leading || tabs[1].leading || tabs[2].leading) {
      console.log('tabs: the first engine should lead and the others follow');
      return false;
    }
    const aloneUs = [];
    const leaderUs = [];
    const followerUs = [];
    const syncUs = [];
    for (let r = 0; r < ROUNDS; r++) {
      aloneUs.push(await burstUs(alone, BURST));
      leaderUs.push(await burstUs(tabs[0], BURST));
      followerUs.push(await burstUs(tabs[1], BURST));
      // One follower event, until every tab counts it.
      const expected = (r + 1) * (2 * BURST + 1);
      const start = process.hrtime.bigint();
      tabs[2].track('ledger_entry', { amount: 1, mode: 'upi' });
      while (!tabs.every((nk) => count(nk, expected))) await tick();
      syncUs.push(usSince(start));
    }
    const total = ROUNDS * (2 * BURST + 1);
    const exact = tabs.every((nk) => count(nk, total));
    const snapshotKb = tabs[0].snapshot().length / 1024;
    for (const nk of [alone, ...tabs]) nk.destroy();
    if (!exact) {
      console.log(`tabs: not every tab counts exactly ${total} events`);
      return false;
    }
    console.log(markdownTable(['measure', 'median', 'note'], [
      ['track(), one tab alone', `${fmt(median(aloneUs), 1)} µs`, `bursts of ${BURST}`],
      ['track() in the leading tab', `${fmt(median(leaderUs), 1)} µs`, `${fmt(median(leaderUs) / median(aloneUs), 2)}× alone (the snapshot broadcast is batched, at most every 40 ms)`],
      ['track() in a following tab', `${fmt(median(followerUs), 1)} µs`, `${fmt(median(followerUs) / median(aloneUs), 2)}× alone: replica apply + post; the leader applies it again`],
      ['a follower\'s event counted in all 3 tabs', `${fmt(median(syncUs) / 1000, 2)} ms`, 'leader applies, batches 40 ms, broadcasts; followers restore and replay'],
      ['snapshot the leader broadcasts', `${fmt(snapshotKb, 1)} KB`, `after ${total} events`],
    ]));
    return true;
  } finally {
    restore();
  }
}
