// The nudge API through the built package: track/tick return and emit nudges, nextNudges arbitrates,
// report feeds stats and caps, explain names the failing clause, and misuse gets NudgeKitError.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createNudgeKit, NudgeKitError } from '../../dist/index.node.mjs';

const START = Date.parse('2026-05-04T10:00:00+05:30');
const HOUR = 3_600_000;
const config = {
  version: 1,
  segments: { merchant: { 'profile.is_merchant': true } },
  fatigue: { perDay: 2, quietHours: { from: '22:00', to: '08:00' } },
  campaigns: {
    kyc_help: { trigger: { event: 'kyc_selfie' }, placement: 'modal', priority: 90, content: ['kyc_video'], goal: { event: 'kyc_done', within: '3d' } },
    promo: { trigger: { event: 'kyc_selfie' }, placement: 'modal', priority: 10, content: ['promo'] },
    gst_tip: { trigger: { screen: 'ledger' }, placement: 'card', content: ['gst'], audience: { segments: ['merchant'] } },
  },
};

async function engine() {
  let now = START;
  const nk = await createNudgeKit({ config, userId: 'u-1', timeZone: 'Asia/Kolkata', now: () => now });
  return { nk, at: (t) => { now = t; } };
}

test('track returns and emits the delivered nudges; priority wins the modal', async () => {
  const { nk } = await engine();
  const emitted = [];
  nk.on('nudge', (n) => emitted.push(n.campaign));
  const nudges = nk.track('kyc_selfie');
  assert.deepEqual(nudges.map((n) => n.campaign), ['kyc_help']);
  assert.deepEqual(emitted, ['kyc_help']);
  const [nudge] = nudges;
  assert.equal(nudge.placement, 'modal');
  assert.equal(nudge.variant, null);
  assert.equal(nudge.time, START);
  assert.match(nudge.id, /^kyc_help\./);
  assert.deepEqual(nk.nextNudges('modal').map((n) => n.id), [nudge.id]);
  assert.equal(nk.explain('promo').lastDecision.outcome, 'arbitration');
  nk.destroy();
});

test('report feeds stats and attribution; unknown ids and outcomes are refused', async () => {
  const { nk, at } = await engine();
  const [nudge] = nk.track('kyc_selfie');
  nk.report({ nudgeId: nudge.id, outcome: 'shown' });
  assert.deepEqual(nk.nextNudges('modal'), []);
  at(START + HOUR);
  nk.track('kyc_done');
  const stats = nk.stats().kyc_help.variants.default;
  assert.equal(stats.shown, 1);
  assert.equal(stats.converted, 1);
  assert.equal(stats.conversionRate, 100);
  assert.throws(() => nk.report({ nudgeId: 'nope.1', outcome: 'shown' }), (e) => e instanceof NudgeKitError && e.code === 'report.unknown_nudge');
  assert.throws(() => nk.report({ nudgeId: nudge.id, outcome: 'liked' }), (e) => e.code === 'report.invalid_outcome' && e.pointer === '/outcome');
  assert.throws(() => nk.nextNudges('popup'), (e) => e.code === 'engine.invalid_argument');
  nk.destroy();
});

test('a screen view triggers; explain names the audience clause with what it saw', async () => {
  const { nk } = await engine();
  assert.deepEqual(nk.screen('ledger'), []);
  const why = nk.explain('gst_tip');
  assert.equal(why.verdict, 'blocked');
  assert.equal(why.blockedBy, 'audience');
  assert.deepEqual(why.clauses.find((c) => c.clause === 'audience').segments, [{ segment: 'merchant', in: false }]);
  nk.setProperties({ profile: { is_merchant: true } });
  assert.equal(nk.explain('gst_tip').verdict, 'would_deliver');
  assert.deepEqual(nk.screen('ledger').map((n) => n.campaign), ['gst_tip']);
  assert.throws(() => nk.explain('nope'), (e) => e.code === 'explain.unknown_campaign');
  nk.destroy();
});

test('quiet hours hold a nudge until they end, and tick releases it', async () => {
  const { nk, at } = await engine();
  at(Date.parse('2026-05-04T23:00:00+05:30'));
  assert.deepEqual(nk.track('kyc_selfie'), []);
  assert.equal(nk.explain('kyc_help').lastDecision.outcome, 'held');
  at(Date.parse('2026-05-05T08:00:00+05:30'));
  const released = nk.tick();
  assert.deepEqual(released.map((n) => n.campaign), ['kyc_help']);
  assert.match(released[0].reason, /held for quiet hours/);
  nk.destroy();
});

test('an anonymous user gets a random id that a restored snapshot replaces; an explicit id is kept', async () => {
  const variants = { version: 1, campaigns: { offer: { trigger: { event: 'open' }, channel: 'sms', content: ['o'], variants: { A: 50, B: 50 } } } };
  const anonymous = await createNudgeKit({ config: variants, now: () => START });
  anonymous.track('open');
  const bytes = anonymous.snapshot();
  const again = await createNudgeKit({ config: variants, now: () => START });
  assert.deepEqual(again.restore(bytes), { ok: true, errors: [] });
  assert.deepEqual(again.snapshot(), bytes);
  await assert.rejects(createNudgeKit({ config: variants, userId: '' }), (e) => e.code === 'options.invalid_user_id');
  anonymous.destroy();
  again.destroy();
});
