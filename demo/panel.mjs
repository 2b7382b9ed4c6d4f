// The marketer panel: what the engine knows about the merchant and why it decides what it decides —
// segments, scores, the language and the signal behind it, each campaign's funnel and explanation,
// and what the send server actually received. Everything here is read from the engine on the device.
import { $, element, indiaTime } from './dom.mjs';
import { languageName } from './signals.mjs';

const SOURCES = {
  app: 'picked in the app', campaign: 'the ad that acquired them', device_chosen: 'device languages set by the user',
  region: 'their state or country', device: 'the device’s factory languages', default: 'the config’s default',
};

export function renderLanguage(nk) {
  const decision = nk.language();
  $('language-tag').textContent = decision.tag ?? '—';
  $('language-name').textContent = languageName(decision.tag);
  $('language-source').textContent = `${decision.source} — ${SOURCES[decision.source] ?? ''}`;
  $('language-source').dataset.source = decision.source;
  $('language-direction').textContent = decision.direction;
  $('language-chain').textContent = decision.chain.join(' → ');
}

export function renderScores(nk) {
  const { rfm, lead, lifecycle } = nk.scores();
  $('score-stage').textContent = lifecycle?.stage
    ? `${lifecycle.stage}${lifecycle.since ? ` since ${indiaTime(lifecycle.since)}` : ''}` : 'none yet';
  $('score-rfm').textContent = rfm ? `${rfm.r} ${rfm.f} ${rfm.m}${rfm.cell ? ` · ${rfm.cell}` : ''}` : '—';
  $('score-lead').textContent = lead ? `${lead.points}${lead.grade ? ` · ${lead.grade}` : ''}` : '—';
}

export function renderSegments(nk, conditions) {
  const matching = nk.segments();
  const inSegment = new Set(matching);
  const all = Object.keys(conditions).sort();
  const chip = (name) => element('li', { dataset: { segment: name }, title: JSON.stringify(conditions[name] ?? {}) }, name);
  $('matching').replaceChildren(...matching.map(chip));
  $('not-matching').replaceChildren(...all.filter((name) => !inSegment.has(name)).map(chip));
  $('segment-summary').textContent = matching.length === 0
    ? `In no segment (of ${all.length}).` : `In ${matching.length} of ${all.length} segments.`;
}

const STAGES = ['eligible', 'shown', 'clicked', 'converted'];

/** Per campaign, its variants added up: a bar per funnel stage, as wide as its share of eligible. */
export function renderFunnels(nk, campaigns) {
  const stats = nk.stats();
  $('funnels').replaceChildren(...campaigns.map((id) => {
    const variants = Object.values(stats[id]?.variants ?? {});
    const total = Object.fromEntries(STAGES.map((s) => [s, variants.reduce((sum, v) => sum + (v[s] ?? 0), 0)]));
    const control = stats[id]?.control;
    const bars = element('ol', { class: 'bars', 'aria-label': `${id} funnel` }, ...STAGES.map((stage) => {
      const bar = element('span', { class: `bar ${stage}` });
      bar.style.inlineSize = total.eligible === 0 ? '0' : `${(100 * total[stage]) / total.eligible}%`;
      return element('li', { dataset: { stage, count: String(total[stage]) } },
        element('span', { class: 'stage-name' }, stage), element('span', { class: 'track' }, bar),
        element('span', { class: 'stage-count' }, String(total[stage])));
    }));
    const rate = total.shown === 0 ? '—' : `${((100 * total.converted) / total.shown).toFixed(0)}%`;
    return element('section', { class: 'funnel', dataset: { campaign: id } },
      element('h4', {}, id, element('span', { class: 'muted' }, ` conversion ${rate}`,
        control ? ` · control: ${control.eligible} eligible, ${control.converted} converted` : '')),
      bars);
  }));
}

// A detail's value in words: scalars as they are, small objects and lists as compact JSON.
// A cap's {used, limit} reads as "1 of 4" (or "1, no limit"), an instant as a time; the rest as JSON.
function show(value) {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'used' in value && 'limit' in value) {
    return value.limit === null ? `${value.used}, no limit` : `${value.used} of ${value.limit}`;
  }
  if (typeof value === 'number' && value > 1e12) return indiaTime(value);  // an instant
  return JSON.stringify(value);
}

function clauseItem(clause) {
  const { clause: name, ok, ...details } = clause;
  const entries = Object.entries(details);
  return element('li', { class: ok ? 'ok' : 'failed', dataset: { clause: name } },
    element('span', { class: 'mark', 'aria-label': ok ? 'passes' : 'fails' }, ok ? '✓' : '✗'),
    ` ${name}`,
    entries.length === 0 ? null : element('ul', {}, ...entries.map(([key, value]) =>
      element('li', {}, element('span', { class: 'key' }, `${key}: `), element('code', {}, show(value))))));
}

export function renderExplain(nk, campaign) {
  if (!campaign) return;
  const answer = nk.explain(campaign);
  const steps = answer.plan?.steps ?? [];
  $('explain').replaceChildren(element('ul', { class: 'tree', 'aria-label': `Why ${campaign}` },
    element('li', { class: `verdict ${answer.verdict}`, dataset: { verdict: answer.verdict } },
      element('strong', {}, answer.verdict.replace('_', ' ')),
      answer.blockedBy ? ` — blocked by ${answer.blockedBy}` : '', ` at ${indiaTime(answer.now)}`),
    element('li', { dataset: { clause: 'trigger' } }, element('span', { class: 'key' }, 'trigger: '), answer.trigger),
    ...answer.clauses.map(clauseItem),
    steps.length === 0 ? null : element('li', { dataset: { clause: 'plan' } }, 'plan',
      element('ol', {}, ...steps.map((step) => element('li', {},
        `${step.channel}${step.after ? ` after ${step.after / 3_600_000} h` : ''} → ${step.now ?? 'none'}`,
        step.reason ? element('span', { class: 'muted' }, ` (${step.reason})`) : null,
        step.considered.length === 0 ? null : element('ul', {}, ...step.considered.map((c) =>
          element('li', { class: c.outcome === 'chosen' ? 'ok' : 'failed' }, `${c.channel}: ${c.outcome}, ${c.reason}`))))))),
    element('li', { dataset: { clause: 'last' } }, element('span', { class: 'key' }, 'last decision: '),
      answer.lastDecision
        ? `${answer.lastDecision.outcome}${answer.lastDecision.reason ? ` (${answer.lastDecision.reason})` : ''} at ${indiaTime(answer.lastDecision.time)}`
        : 'never fired')));
}

/**
 * The server's sends, bodies as received, and a check that none of them holds an event name or a
 * profile value other than the allowlisted one.
 */
export function renderSends(sends, pending, { consent, eventNames, allowed }) {
  $('received').replaceChildren(...(sends.length === 0 ? [element('li', { class: 'dim' }, 'Nothing yet.')]
    : sends.map((send) => {
      const { receivedAt, delivery, ...body } = send;
      return element('li', { dataset: { channel: send.channel } },
        element('strong', {}, `${send.channel} · ${send.campaign} step ${send.step} · ${send.language}`),
        ` received ${indiaTime(receivedAt)}`,
        element('pre', { class: 'code-block' }, JSON.stringify(body, null, 2)));
    })));
  const leaked = sends.filter((send) => {
    const text = JSON.stringify(send);
    return [...eventNames].some((name) => text.includes(`"${name}"`)) || Object.keys(send.vars ?? {}).some((k) => !allowed.includes(k));
  });
  $('privacy-check').textContent = sends.length === 0 ? ''
    : leaked.length === 0 ? `${sends.length} received; none holds an event or a profile value beyond ${allowed.join(', ')}.`
      : `${leaked.length} of ${sends.length} hold more than the allowlist!`;
  $('privacy-check').classList.toggle('failed', leaked.length > 0);
  $('outbox').replaceChildren(...(pending.length === 0 ? [element('li', { class: 'dim' }, 'Empty.')]
    : pending.map((r) => element('li', {},
      `${r.request.channel} · ${r.request.campaign} step ${r.request.step} · ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}`
      + (consent ? '' : ' · waiting for consent')))));
}

export function renderEvents(log) {
  $('events-summary').textContent = `${log.length} event${log.length === 1 ? '' : 's'} recorded on this device; none is sent anywhere.`;
  $('events').replaceChildren(...log.slice(-8).reverse().map(({ name, props, time }) => element('li', {},
    element('code', {}, name), props ? ` ${JSON.stringify(props)}` : '', element('span', { class: 'muted' }, ` ${indiaTime(time)}`))));
}
