// Shared tabs through the built package in Node: Node 20 has BroadcastChannel, and the Web Locks API
// is stood in for by a faithful lock manager (one holder per name, a queue, `ifAvailable`). Engines
// over one store with `tabs: 'shared'` act as tabs of one user: the first leads, the others follow;
// a follower's events are decided by the leader and its nudges come back to the follower's listeners;
// when the leader goes, a follower leads with what it did meanwhile. Real tabs: tests/browser/tabs.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { createNudgeKit, memoryStore, NudgeKitError } from '../../dist/index.node.mjs';
import { installWebLocks } from '../support/web-locks.mjs';

let restore;
before(() => {
  restore = installWebLocks();
});
after(() => restore());

const START = Date.parse('2026-05-04T10:00:00+05:30');
const config = {
  version: 1,
  segments: { busy: { $event: { name: 'ledger_entry', within: '7d', count: { $gte: 3 } } } },
  languages: { default: 'en' },
  content: { tip: { kind: 'tip', variants: { en: { title: 'Send a reminder' } } } },
  campaigns: { reminder_tip: { trigger: { event: 'ledger_entry' }, placement: 'card', content: ['tip'], caps: { perDay: 1 } } },
};
const countIs = (n) => ({ $event: { name: 'ledger_entry', count: { $gte: n } } });
const exactly = (nk, n) => nk.evaluate(countIs(n)) && !nk.evaluate(countIs(n + 1));
const settle = (ms = 120) => new Promise((resolve) => setTimeout(resolve, ms));

async function tabsOf(count, userId, store = memoryStore()) {
  const tabs = [];
  for (let i = 0; i < count; i++) {
    const nk = await createNudgeKit({ config, userId, storage: store, tabs: 'shared', now: () => START + i, timeZone: 'Asia/Kolkata' });
    const seen = { nudges: [], segments: [] };
    nk.on('nudge', (nudge) => seen.nudges.push(nudge));
    nk.on('segment', (change) => seen.segments.push([change.segment, change.entered]));
    tabs.push({ nk, seen });
  }
  return { tabs, store };
}

test('the first engine leads; a follower records at once but the leader decides, and its nudge comes back', async () => {
  const { tabs: [leader, follower] } = await tabsOf(2, 'u-follow');
  assert.equal(leader.nk.leading, true);
  assert.equal(follower.nk.leading, false);
  for (let i = 0; i < 3; i++) assert.deepEqual(follower.nk.track('ledger_entry'), [], 'a follower returns no decisions');
  assert.ok(exactly(follower.nk, 3), 'its own reads are current at once');
  assert.deepEqual(follower.nk.segments(), ['busy']);
  await settle();
  assert.ok(exactly(leader.nk, 3), 'the leader applied all three');
  assert.deepEqual(follower.seen.nudges.map((nudge) => nudge.campaign), ['reminder_tip'], 'the card reaches the follower\'s listener');
  assert.deepEqual(follower.seen.segments, [['busy', true]]);
  assert.deepEqual(leader.seen.nudges, [], 'and not the leader\'s: the event was the follower\'s');
  const [card] = follower.seen.nudges;
  assert.deepEqual(follower.nk.nextNudges('card').map((nudge) => nudge.id), [card.id], 'the follower can report on it: it has the leader\'s state');
  follower.nk.report({ nudgeId: card.id, outcome: 'clicked' });
  await settle();
  assert.equal(leader.nk.stats().reminder_tip.variants.default.clicked, 1);
  leader.nk.track('ledger_entry');
  await settle();
  assert.ok(exactly(follower.nk, 4), 'the leader\'s own events reach the follower in its snapshot');
  assert.deepEqual(leader.seen.nudges, [], 'the day cap holds for the leader\'s event too');
  for (const { nk } of [leader, follower]) nk.destroy();
});

test('the leader goes: a follower leads with what it did meanwhile, decides, and writes the store', async () => {
  const { tabs: [first, second, third], store } = await tabsOf(3, 'u-handover');
  second.nk.track('ledger_entry', { n: 1 });
  third.nk.track('ledger_entry', { n: 2 });
  await settle();
  first.nk.destroy();  // releases the lock; the next in the queue leads
  await settle();
  assert.deepEqual([second.nk.leading, third.nk.leading], [true, false]);
  third.nk.track('ledger_entry', { n: 3 });
  await settle();
  assert.ok(exactly(second.nk, 3) && exactly(third.nk, 3));
  assert.equal([...second.seen.nudges, ...third.seen.nudges].length, 1, 'one card, from one decision');
  await third.nk.persist();  // a follower's persist: the new leader writes
  second.nk.destroy();
  third.nk.destroy();
  const later = await createNudgeKit({ config, userId: 'u-handover', storage: store, tabs: 'shared', now: () => START + 10, timeZone: 'Asia/Kolkata' });
  assert.equal(later.leading, true);
  assert.ok(exactly(later, 3), 'the store holds all three');
  later.destroy();
});

test('independent tabs, persistStorage in memory, and bad options', async () => {
  const store = memoryStore();
  const a = await createNudgeKit({ config, userId: 'u-alone', storage: store });
  const b = await createNudgeKit({ config, userId: 'u-alone', storage: store });
  assert.equal(a.leading && b.leading, true, 'a custom store is not shared unless the app says so');
  a.destroy();
  b.destroy();
  await assert.rejects(createNudgeKit({ config, storage: store, tabs: 'all' }),
    (error) => error instanceof NudgeKitError && error.code === 'options.invalid_tabs' && error.pointer === '/tabs');
  await assert.rejects(createNudgeKit({ config, storage: 'memory', persistStorage: 'yes' }),
    (error) => error instanceof NudgeKitError && error.code === 'options.invalid_persist_storage' && error.pointer === '/persistStorage');
  const memory = await createNudgeKit({ config, storage: 'memory', persistStorage: true });
  assert.equal(memory.storagePersisted, null, 'nothing to make persistent in memory');
  memory.destroy();
});
