// Issue 7's benchmark. The decisions: track() that picks a plan step's channel by the user's reactions
// ("auto": the cheapest channel the user answers) and builds its payload, and tick() that advances a
// due escalation step. The delivery: 1,000 of those payloads through the outbox (written to a store
// before each request, leased, retried) to the reference send server over HTTP on 127.0.0.1, side by
// side with 1,000 bare fetch() POSTs of the same bodies to the same server — the floor any client
// pays. Checked first: every send reaches the server exactly once, on the expected channel.
import { Outbox } from '../dist/outbox.mjs';
import { startSendServer } from '../demo/server/send-server.mjs';
import { fmt, markdownTable, median } from './stats.mjs';

const DAYS = 2000;
const SENDS = 1000;
const ROUNDS = 5;
const CONCURRENCY = 2;
const STEADY = 200;  // sends made one at a time, the usual case: a queue of one
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 4, 4, 4, 0);  // 09:30 in India
const TARGET_TRACK_P50_US = 20;

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const usSince = (start) => Number(process.hrtime.bigint() - start) / 1000;

const config = {
  version: 1,
  languages: { default: 'en', supported: ['en', 'hi'] },
  fatigue: { perDay: 100, perWeek: 500 },
  content: { emi_reminder: { kind: 'message', variants: { en: { title: 'EMI due, {{profile.first_name}}' }, hi: { title: 'EMI देय' } } } },
  channels: {
    mobile_push: { cost: 0.0001, reachable: { 'push.token': { $exists: true } } },
    sms: { cost: 0.25, reachable: { phone: { $exists: true } } },
    viber: { cost: 0.3, reachable: { phone: { $exists: true } } },
  },
  reactions: { events: { push_opened: 'opened' } },
  sends: { variables: ['first_name', 'emi_amount'] },
  campaigns: {
    emi: {
      trigger: { event: 'emi_due' }, content: ['emi_reminder'], goal: { event: 'emi_paid', within: '2d' },
      plan: [{ channel: 'auto', from: ['mobile_push', 'sms', 'viber'] }, { channel: 'sms', after: '20h' }],
    },
  },
};

export async function runSendsBench(api) {
  console.log('\n## Sends (issue 7): plan decisions, then the outbox against the reference send server\n');
  let now = START;
  const nk = await api.createNudgeKit({
    config, userId: 'borrower-1', timeZone: 'Asia/Kolkata', now: () => now,
    properties: { first_name: 'Asha', emi_amount: 4200, push: { token: 'tok' }, phone: '+919800000001', pan: 'ABCDE1234F' },
  });

  // ---- decisions: a push each day, opened two days in three; the SMS step fires only on the third --
  const trackUs = [];
  const tickUs = [];
  const payloads = [];
  const channels = new Map();
  let wrong = 0;
  for (let day = 0; day < DAYS; day++) {
    now = START + day * DAY;
    let start = process.hrtime.bigint();
    const [push] = nk.track('emi_due');
    trackUs.push(usSince(start));
    if (push?.channel !== 'mobile_push' || push.send === undefined) wrong++;
    if (push?.send) payloads.push(push.send);
    const opened = day % 3 !== 2;
    if (opened && push) nk.report({ nudgeId: push.id, outcome: 'opened', time: now + HOUR });
    now += 21 * HOUR;
    start = process.hrtime.bigint();
    const due = nk.tick();
    tickUs.push(usSince(start));
    for (const nudge of due) {
      channels.set(nudge.channel, (channels.get(nudge.channel) ?? 0) + 1);
      if (nudge.send) payloads.push(nudge.send);
    }
    if (opened === (due.length > 0)) wrong++;
  }
  nk.destroy();
  const smsExpected = Math.floor((DAYS + 0) / 3);
  const decisionsOk = wrong === 0 && channels.get('sms') === smsExpected && !channels.has('viber');
  console.log(`${decisionsOk ? 'ok  ' : 'FAIL'} ${fmt(DAYS)} days: a push every day, ${fmt(channels.get('sms') ?? 0)} SMS steps`
    + ` (expected ${fmt(smsExpected)}, one per unopened push), ${fmt(channels.get('viber') ?? 0)} Viber; ${fmt(wrong)} wrong decisions`);

  // ---- delivery: the same payloads, through the outbox and bare, to the real server -----------------
  const bodies = payloads.slice(0, SENDS);
  const server = await startSendServer({ rateLimitPerMinute: 1e9, logger: () => {} });
  const endpoint = `${server.url}/v1/sends`;
  const outboxMs = [];
  const bareMs = [];
  const steadyOutboxMs = [];
  const steadyBareMs = [];
  let deliveryOk = bodies.length === SENDS;
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved, the bare pass first on even rounds: neither gets the warmer machine every time.
    const passes = [['outbox', outboxPass], ['bare', barePass], ['steadyOutbox', steadyOutboxPass], ['steadyBare', steadyBarePass]];
    if (round % 2 === 0) passes.reverse();
    for (const [name, pass] of passes) {
      const batch = name.startsWith('steady') ? bodies.slice(0, STEADY) : bodies;
      const ids = batch.map((b) => `${b.id}-${name}-${round}`);
      const before = server.sends().length;
      const ms = await pass(endpoint, batch.map((b, i) => ({ ...b, id: ids[i] })));
      ({ outbox: outboxMs, bare: bareMs, steadyOutbox: steadyOutboxMs, steadyBare: steadyBareMs })[name].push(ms);
      const got = server.sends().slice(before).map((s) => s.id);
      if (got.length !== ids.length || new Set(got).size !== ids.length || !ids.every((id) => got.includes(id))) deliveryOk = false;
    }
  }
  const counts = server.counts();
  await server.close();
  if (counts.replayed !== 0 || counts.rejected !== 0) deliveryOk = false;
  console.log(`${deliveryOk ? 'ok  ' : 'FAIL'} ${fmt(ROUNDS)} rounds × ${fmt(2 * SENDS + 2 * STEADY)} sends: every send stored once by the server`
    + ` (${fmt(counts.accepted)} accepted, ${fmt(counts.replayed)} replays, ${fmt(counts.rejected)} rejected)\n`);

  trackUs.sort((a, b) => a - b);
  tickUs.sort((a, b) => a - b);
  const outbox = median(outboxMs);
  const bare = median(bareMs);
  console.log(markdownTable(['measure', 'median', 'p99', 'vs bare fetch'], [
    [`track(trigger) deciding an "auto" plan step and its payload (${fmt(DAYS)} calls)`, `${fmt(quantile(trackUs, 0.5), 2)} µs`,
      `${fmt(quantile(trackUs, 0.99), 2)} µs`, ''],
    [`tick() with the escalation step due or cancelled (${fmt(DAYS)} calls)`, `${fmt(quantile(tickUs, 0.5), 2)} µs`,
      `${fmt(quantile(tickUs, 0.99), 2)} µs`, ''],
    [`${fmt(STEADY)} sends one after another, bare fetch() (${ROUNDS} rounds)`, `${fmt(median(steadyBareMs) / STEADY * 1000, 1)} µs/send`, '', '1.00×'],
    [`${fmt(STEADY)} sends one after another through the outbox (each stored, leased, settled)`,
      `${fmt(median(steadyOutboxMs) / STEADY * 1000, 1)} µs/send`, '', `${fmt(median(steadyOutboxMs) / median(steadyBareMs), 2)}×`],
    [`${fmt(SENDS)} sends at once, bare fetch() POSTs, ${CONCURRENCY} at a time (${ROUNDS} rounds)`, `${fmt(bare / SENDS * 1000, 1)} µs/send`, '', '1.00×'],
    [`${fmt(SENDS)} sends at once through the outbox (all queued, ${CONCURRENCY} at a time)`, `${fmt(outbox / SENDS * 1000, 1)} µs/send`, '',
      `${fmt(outbox / bare, 2)}×`],
  ]));
  const p50 = quantile(trackUs, 0.5);
  console.log(`\nTarget: track() deciding a send p50 ≤ ${TARGET_TRACK_P50_US} µs: ${fmt(p50, 2)} µs — ${p50 <= TARGET_TRACK_P50_US ? 'met' : 'NOT met'}`);
  return decisionsOk && deliveryOk;
}

async function outboxPass(endpoint, bodies) {
  const { fetchTransport } = await import('../dist/transport.mjs');
  const { memoryStore } = await import('../dist/kv-store.mjs');
  let done = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const outbox = new Outbox({
    store: memoryStore(), transport: fetchTransport({ endpoint }), concurrency: CONCURRENCY,
    onOutcome: (o) => { if (o.type !== 'retry' && ++done === bodies.length) finish(); },
  });
  await outbox.load();
  const start = process.hrtime.bigint();
  for (const body of bodies) await outbox.enqueue(body);
  await finished;
  const ms = usSince(start) / 1000;
  outbox.stop();
  return ms;
}

async function barePass(endpoint, bodies) {
  const start = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const response = await fetch(endpoint, {
        method: 'POST', body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': body.id },
      });
      await response.arrayBuffer();
      if (response.status !== 202) throw new Error(`bench: bare POST answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return usSince(start) / 1000;
}

async function steadyOutboxPass(endpoint, bodies) {
  const { fetchTransport } = await import('../dist/transport.mjs');
  const { memoryStore } = await import('../dist/kv-store.mjs');
  let landed = () => {};
  const outbox = new Outbox({
    store: memoryStore(), transport: fetchTransport({ endpoint }),
    onOutcome: (o) => { if (o.type !== 'retry') landed(); },
  });
  await outbox.load();
  const start = process.hrtime.bigint();
  for (const body of bodies) {
    const done = new Promise((resolve) => (landed = resolve));
    await outbox.enqueue(body);
    await done;
  }
  const ms = usSince(start) / 1000;
  outbox.stop();
  return ms;
}

async function steadyBarePass(endpoint, bodies) {
  const start = process.hrtime.bigint();
  for (const body of bodies) {
    const response = await fetch(endpoint, {
      method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'Idempotency-Key': body.id },
    });
    await response.arrayBuffer();
  }
  return usSince(start) / 1000;
}
