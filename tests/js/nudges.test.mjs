// The nudge API through the built package: track/tick return and emit nudges, nextNudges arbitrates,
// report feeds stats and caps, explain names the failing clause, and misuse gets NudgeKitError.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createNudgeKit, NudgeKitError } from '../../dist/index.node.mjs';

const START = Date.parse('2026-05-04T10:00:00+05:30');
const HOUR = 3_600_000;
const config = {
  version: 1,
  segments: {
    merchant: { 'profile.is_merchant': true },
    quiz_done: { $event: { name: 'quiz_answered', where: { completed: true } } },
  },
  languages: { default: 'en' },
  fatigue: { perDay: 2, quietHours: { from: '22:00', to: '08:00' } },
  content: {
    kyc_video: { kind: 'video', variants: {
      en: { title: 'Finish your KYC, {{profile.first_name | default: "friend"}}', media: { video: 'https://cdn.example.in/kyc.mp4' } },
    } },
    promo: { kind: 'offer', variants: { en: { title: '₹{{vars.cashback | default: 50}} cashback', cta: { label: 'Get it', url: 'https://example.in/o?u={{user.id}}' } } } },
    gst: { kind: 'tip', variants: { en: { title: 'GST bills in one tap' } } },
    wheel: { kind: 'wheel', widget: { prizes: [{ id: 'cashback', weight: 1, limit: { total: 1 } }, { id: 'again', weight: 3 }], spins: { perDay: 1 } },
      variants: { en: { title: 'Spin', widget: { labels: { cashback: '₹50 cashback', again: 'Try again' } } } } },
    quiz: { kind: 'quiz', widget: { answers: { q1: 'b' } },
      variants: { en: { title: 'Quiz', widget: { questions: [{ id: 'q1', text: 'Bill above?', choices: [{ id: 'a', text: '₹100' }, { id: 'b', text: '₹200' }] }] } } } },
  },
  rewards: { streaks: [{ id: 'three_days', event: 'ledger_entry_added', days: 3 }] },
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
  assert.deepEqual(nudge.content, {
    item: 'kyc_video', kind: 'video', language: 'en', direction: 'ltr', title: 'Finish your KYC, friend',
    media: { type: 'video', url: 'https://cdn.example.in/kyc.mp4' },
  });
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
  const variants = { version: 1, languages: { default: 'en' }, content: { o: { kind: 'offer', variants: { en: { title: 'Offer' } } } },
    campaigns: { offer: { trigger: { event: 'open' }, channel: 'sms', content: ['o'], variants: { A: 50, B: 50 } } } };
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

test('renderContent fills templates for the user now; unknown items are refused', async () => {
  const { nk } = await engine();
  nk.setProperties({ first_name: 'Asha' });
  assert.equal(nk.renderContent('kyc_video').title, 'Finish your KYC, Asha');
  assert.equal(nk.renderContent('promo').cta.url, 'https://example.in/o?u=u-1');
  assert.throws(() => nk.renderContent('kyc_vide'), (e) => e instanceof NudgeKitError && e.code === 'content.unknown_item');
  assert.throws(() => nk.renderContent(42), (e) => e.code === 'engine.invalid_argument');
  nk.destroy();
});

test('the wheel draws in the core: a seed replays it, limits hold', async () => {
  const { nk, at } = await engine();
  const first = nk.spin('wheel', { seed: 7n });
  assert.ok(['cashback', 'again'].includes(first.prize));
  assert.equal(first.label, first.prize === 'cashback' ? '₹50 cashback' : 'Try again');
  assert.deepEqual(first.spinsLeft, { today: 0, week: null, total: null });
  assert.throws(() => nk.spin('wheel'), (e) => e.code === 'game.no_spins_left');
  const twin = (await engine()).nk;
  assert.equal(twin.spin('wheel', { seed: 7n }).prize, first.prize);
  let cashbacks = first.prize === 'cashback' ? 1 : 0;
  for (let day = 1; day <= 30; day++) {
    at(START + day * 24 * HOUR);
    if (nk.spin('wheel').prize === 'cashback') cashbacks++;
  }
  assert.equal(cashbacks, 1);
  assert.throws(() => nk.spin('quiz'), (e) => e.code === 'game.not_a_wheel');
  assert.throws(() => nk.spin('wheel', { seed: 1 }), (e) => e.code === 'engine.invalid_argument');
  nk.destroy();
  twin.destroy();
});

test('a quiz keeps the first answer; streak rewards are emitted once per streak', async () => {
  const { nk, at } = await engine();
  const entered = [];
  nk.on('segment', (s) => entered.push(s.segment));
  const wrong = nk.answerQuiz({ itemId: 'quiz', questionId: 'q1', choiceId: 'a' });
  assert.deepEqual(entered, ['quiz_done']);
  assert.equal(wrong.correct, false);
  assert.equal(wrong.answer, 'b');
  assert.equal(wrong.completed, true);
  assert.equal(wrong.passed, false);
  assert.equal(nk.answerQuiz({ itemId: 'quiz', questionId: 'q1', choiceId: 'b' }).repeat, true);
  assert.throws(() => nk.answerQuiz({ itemId: 'quiz', questionId: 'q7', choiceId: 'b' }), (e) => e.code === 'game.unknown_question');
  const earned = [];
  nk.on('reward', (r) => earned.push(r.id));
  for (let day = 0; day < 4; day++) {
    at(START + day * 24 * HOUR);
    nk.track('ledger_entry_added');
  }
  assert.deepEqual(earned, ['three_days']);
  const rewards = nk.rewards();
  assert.deepEqual(rewards.earned, [{ id: 'three_days', time: START + 2 * 24 * HOUR }]);
  assert.deepEqual(rewards.streaks, [{ id: 'three_days', event: 'ledger_entry_added', days: 3, current: 4 }]);
  nk.destroy();
});

test('a campaign naming a missing item, or sending a wheel, is refused at load', async () => {
  const bad = structuredClone(config);
  bad.campaigns.promo.content = ['promos'];
  await assert.rejects(createNudgeKit({ config: bad }), (e) => e.code === 'campaign.unknown_content' && e.pointer === '/campaigns/promo/content/0');
  const send = structuredClone(config);
  send.campaigns.spin = { trigger: { event: 'open' }, channel: 'sms', content: ['wheel'] };
  await assert.rejects(createNudgeKit({ config: send }), (e) => e.code === 'campaign.game_not_in_app');
});

test('language() names the signal that decided; content follows an explicit choice', async () => {
  const multi = {
    version: 1,
    languages: { default: 'en', supported: ['hi', 'ta', 'ur', 'en'] },
    content: { tip: { kind: 'tip', variants: { en: { title: 'Hello' }, hi: { title: 'नमस्ते' }, ta: { title: 'வணக்கம்' }, ur: { title: 'سلام' } } } },
    campaigns: { c: { trigger: { event: 'app_open' }, placement: 'banner', content: ['tip'] } },
  };
  const nk = await createNudgeKit({ config: multi, now: () => START, timeZone: 'Asia/Kolkata' });
  nk.setProperties({ 'geo.country': 'IN', 'geo.region': 'IN-UP', 'device.languages': ['en-US'], 'utm.language': 'hi' });
  assert.deepEqual(nk.language(), { tag: 'hi', source: 'campaign', direction: 'ltr', chain: ['hi', 'en'] });
  assert.equal(nk.track('app_open')[0].content.title, 'नमस्ते');
  nk.setProperties({ 'app.language': 'ur' });
  assert.deepEqual(nk.language(), { tag: 'ur', source: 'app', direction: 'rtl', chain: ['ur', 'hi', 'en'] });
  assert.equal(nk.renderContent('tip').direction, 'rtl');
  assert.equal(nk.language({ supported: ['ta', 'en'] }).tag, 'en');
  assert.throws(() => nk.language({ supported: ['hi', 'not a tag'] }), (e) => e.code === 'language.invalid_tag' && e.pointer === '/supported/1');
  nk.destroy();
});

test("loadBucketingTools().hash is GrowthBook's, and variants are bucketed by it", async () => {
  const { loadBucketingTools } = await import('../../dist/index.node.mjs');
  const { hash } = await loadBucketingTools();
  assert.equal(hash('', 'a', 1), 0.22);
  assert.equal(hash('salt', 'कविता', 2), 0.3354);
  assert.equal(hash('a', 'b', 99), null);
  assert.throws(() => hash(1, 'b', 2), (e) => e instanceof NudgeKitError && e.code === 'engine.invalid_argument');
  // A 50/50 campaign without a salt puts a user in A exactly when GrowthBook's v2 hash of (campaign id, user id) < 0.5.
  const split = { version: 1, languages: { default: 'en' }, content: { o: { kind: 'offer', variants: { en: { title: 'Offer' } } } },
    campaigns: { offer: { trigger: { event: 'open' }, placement: 'card', content: ['o'], variants: { A: 50, B: 50 } } } };
  for (const userId of ['u-1', 'u-2', 'u-3', 'merchant-1042', 'कविता']) {
    const nk = await createNudgeKit({ config: split, userId, now: () => START });
    const [nudge] = nk.track('open');
    assert.equal(nudge.variant, hash('offer', userId, 2) < 0.5 ? 'A' : 'B', userId);
    nk.destroy();
  }
});

test('language is an attribute of segments: the decision, recomputed as signals change', async () => {
  const cfg = { version: 1, languages: { default: 'en', supported: ['hi', 'ta', 'en'] }, segments: { hindi: { language: 'hi' } } };
  const nk = await createNudgeKit({ config: cfg, now: () => START });
  assert.deepEqual(nk.segments(), []);
  nk.setProperties({ 'geo.region': 'IN-UP' });
  assert.deepEqual(nk.segments(), ['hindi']);
  nk.setProperties({ 'app.language': 'ta' });
  assert.deepEqual(nk.segments(), []);
  nk.destroy();
});
