// The nudgekit demo: a merchant's profile goes into the engine, the matching segments come out, live.
// Runs under a strict CSP, so all behaviour lives here and all styling in style.css (classes and the
// `hidden` attribute only, never inline styles).
import { createNudgeKit, memoryStore, NudgeKitError } from '/dist/index.browser.mjs';
import { mountNudges, mountStreaks } from '/dist/render/index.mjs';

const STATES = [
  ['IN-AN', 'Andaman and Nicobar Islands'], ['IN-AP', 'Andhra Pradesh'], ['IN-AR', 'Arunachal Pradesh'],
  ['IN-AS', 'Assam'], ['IN-BR', 'Bihar'], ['IN-CH', 'Chandigarh'], ['IN-CG', 'Chhattisgarh'],
  ['IN-DH', 'Dadra and Nagar Haveli and Daman and Diu'], ['IN-DL', 'Delhi'], ['IN-GA', 'Goa'],
  ['IN-GJ', 'Gujarat'], ['IN-HR', 'Haryana'], ['IN-HP', 'Himachal Pradesh'], ['IN-JK', 'Jammu and Kashmir'],
  ['IN-JH', 'Jharkhand'], ['IN-KA', 'Karnataka'], ['IN-KL', 'Kerala'], ['IN-LA', 'Ladakh'],
  ['IN-LD', 'Lakshadweep'], ['IN-MP', 'Madhya Pradesh'], ['IN-MH', 'Maharashtra'], ['IN-MN', 'Manipur'],
  ['IN-ML', 'Meghalaya'], ['IN-MZ', 'Mizoram'], ['IN-NL', 'Nagaland'], ['IN-OD', 'Odisha'],
  ['IN-PY', 'Puducherry'], ['IN-PB', 'Punjab'], ['IN-RJ', 'Rajasthan'], ['IN-SK', 'Sikkim'],
  ['IN-TN', 'Tamil Nadu'], ['IN-TS', 'Telangana'], ['IN-TR', 'Tripura'], ['IN-UP', 'Uttar Pradesh'],
  ['IN-UK', 'Uttarakhand'], ['IN-WB', 'West Bengal'],
];

// The app's languages: English name first (readable even without Indic fonts), then the native one.
const LANGUAGES = [
  ['en', 'English', ''], ['hi', 'Hindi', 'हिन्दी'], ['bn', 'Bengali', 'বাংলা'], ['te', 'Telugu', 'తెలుగు'],
  ['mr', 'Marathi', 'मराठी'], ['ta', 'Tamil', 'தமிழ்'], ['gu', 'Gujarati', 'ગુજરાતી'], ['kn', 'Kannada', 'ಕನ್ನಡ'],
  ['ml', 'Malayalam', 'മലയാളം'], ['pa', 'Punjabi', 'ਪੰਜਾਬੀ'], ['or', 'Odia', 'ଓଡ଼ିଆ'], ['as', 'Assamese', 'অসমীয়া'],
  ['ur', 'Urdu', 'اردو'],
];

// A new shopkeeper in Uttar Pradesh, stuck at the KYC selfie, on an old app version.
const STARTING_PROFILE = {
  'geo.country': 'IN', 'geo.region': 'IN-UP', 'app.language': 'hi', 'app.version': '4.9.1',
  'lifecycle.days_since_signup': '3', 'lifecycle.days_since_active': '0', 'activity.entries_30d': '42',
  'profile.plan': 'free', 'business.category': 'kirana', 'kyc.status': 'selfie_pending',
  'acquisition.campaign': 'hindi_diwali_fb', tags: ['gst_registered', 'whatsapp_opt_in', 'push_opt_in'],
};

const STARTING_CONDITION = {
  'geo.region': { $inGroup: 'hindi_belt' },
  'app.version': { $vgte: '4.9.0' },
  tags: { $all: ['whatsapp_opt_in'] },
};

const NUMBER_FIELDS = new Set(['lifecycle.days_since_signup', 'lifecycle.days_since_active', 'activity.entries_30d']);

const $ = (id) => document.getElementById(id);
const form = $('profile-form');

let nk;
let clockOffset = 0;  // the "+24 hours" button moves the engine's clock, not the machine's
let lastPush = null;
let defaultConfigText = '';
let segmentConditions = {}; // name → condition of the config in force, for display

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

function fillChoices() {
  $('region').append(...STATES.map(([code, name]) => element('option', { value: code }, `${name} (${code})`)));
  $('language').append(...LANGUAGES.map(([code, english, native]) =>
    element('option', { value: code }, native ? `${english} · ${native} (${code})` : `${english} (${code})`)));
}

function fillForm(profile) {
  for (const field of form.elements) {
    if (!field.name) continue;
    if (field.type === 'checkbox') field.checked = profile.tags.includes(field.value);
    else field.value = profile[field.name] ?? '';
  }
}

/** The form as setProperties input: dot-path keys, numbers as numbers, blanks left out. */
function readForm() {
  const data = new FormData(form);
  const properties = {};
  for (const [name, raw] of data) {
    if (name === 'tags') continue;
    const value = String(raw).trim();
    if (value === '') continue;
    if (NUMBER_FIELDS.has(name)) {
      const number = Number(value);
      if (!Number.isFinite(number)) throw new Error(`${name} must be a number`);
      properties[name] = number;
    } else {
      properties[name] = value;
    }
  }
  if (properties['geo.country'] !== 'IN') delete properties['geo.region'];
  properties.tags = data.getAll('tags').map(String);
  return properties;
}

function describeError(error) {
  if (error instanceof NudgeKitError) return error.errors;
  return [{ code: 'demo.error', pointer: '', message: String(error?.message ?? error) }];
}

function errorList(errors) {
  return element('ul', { class: 'error-list' }, ...errors.map((e) => element('li', { class: 'error-item' },
    element('code', { class: 'error-code' }, e.code),
    ' at ',
    element('code', { class: 'error-pointer' }, e.pointer === '' ? '(root)' : e.pointer),
    element('span', { class: 'error-message' }, e.message))));
}

function renderSegments() {
  const matching = nk.segments();
  const inSegment = new Set(matching);
  const all = Object.keys(segmentConditions).sort();
  const item = (name) => element('li', { dataset: { segment: name } },
    element('span', { class: 'segment-name' }, name),
    element('code', { class: 'segment-condition' }, JSON.stringify(segmentConditions[name] ?? {})));
  $('matching').replaceChildren(...matching.map(item));
  $('not-matching').replaceChildren(...all.filter((name) => !inSegment.has(name)).map(item));
  $('segment-summary').textContent = matching.length === 0
    ? `No segment matches (of ${all.length}).`
    : `${matching.length} of ${all.length} segments match.`;
  $('stored-profile').textContent = JSON.stringify(nk.properties(), null, 2);
}

function applyProfile({ announce = false } = {}) {
  const result = $('profile-result');
  try {
    nk.setProperties(readForm(), { replace: true });
    form.classList.remove('has-error');
    result.replaceChildren(announce ? 'Profile applied.' : '');
  } catch (error) {
    form.classList.add('has-error');
    result.replaceChildren('Not applied: ', errorList(describeError(error)));
  }
  renderSegments();
}

function loadConfig() {
  const text = $('config').value;
  const result = nk.loadConfig(text);
  const box = $('config-result');
  box.classList.toggle('ok', result.ok);
  box.classList.toggle('failed', !result.ok);
  if (result.ok) {
    segmentConditions = JSON.parse(text).segments ?? {};
    const count = Object.keys(segmentConditions).length;
    box.replaceChildren(element('p', { class: 'result-title' }, `Loaded: ${count} segment${count === 1 ? '' : 's'}.`));
  } else {
    const count = result.errors.length;
    box.replaceChildren(
      element('p', { class: 'result-title' },
        `Not loaded: ${count} error${count === 1 ? '' : 's'}. The previous config is still in force.`),
      errorList(result.errors));
  }
  box.append(element('details', {}, element('summary', {}, 'Raw result'),
    element('pre', { class: 'code-block' }, JSON.stringify(result, null, 2))));
  renderSegments();
  return result;
}

function evaluateCondition() {
  const out = $('condition-result');
  out.className = 'inline-result';
  let condition;
  try {
    condition = JSON.parse($('condition').value);
  } catch (error) {
    out.classList.add('failed');
    out.replaceChildren(`Not valid JSON: ${error.message}`);
    return;
  }
  try {
    const value = nk.evaluate(condition);
    out.classList.add(value ? 'true' : 'false');
    out.replaceChildren(element('strong', {}, String(value)),
      value ? ' — the profile matches this condition.' : ' — the profile does not match.');
  } catch (error) {
    out.classList.add('failed');
    out.replaceChildren(errorList(describeError(error)));
  }
}

const USER_ID = 'demo-merchant';
const time = (ms) => new Date(ms).toLocaleString('en-IN', { dateStyle: 'medium', timeStyle: 'short' });

function describeNudge(nudge) {
  return `${nudge.channel ?? nudge.placement} (step ${nudge.step}): “${nudge.content.title}” [${nudge.content.language}]`
    + (nudge.channelReason ? ` — ${nudge.channelReason}` : '');
}

function showDecisions(nudges, what) {
  const out = $('send-decisions');
  if (nudges.length === 0) {
    const last = nk.explain('kyc_rescue').lastDecision;
    out.replaceChildren(`${what}: no send.${last ? ` Last decision: ${last.outcome}${last.reason ? ` (${last.reason})` : ''}.` : ''}`);
    return;
  }
  out.replaceChildren(`${what}: `, ...nudges.map((n) => element('span', { class: 'decision' }, describeNudge(n))));
  for (const nudge of nudges) if (nudge.channel === 'mobile_push') lastPush = nudge;
}

async function renderSends() {
  $('clock').textContent = `Engine clock: ${time(Date.now() + clockOffset)}${clockOffset ? ` (+${clockOffset / 3_600_000} h)` : ''}`;
  const pending = await nk.pendingSends();
  $('outbox').replaceChildren(...(pending.length === 0 ? [element('li', { class: 'dim' }, 'Empty.')]
    : pending.map((r) => element('li', {}, `${r.request.channel} · ${r.request.id} · ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}`
      + ($('consent').checked ? '' : ' · waiting for consent')))));
  const response = await fetch(`/v1/sends?userId=${encodeURIComponent(USER_ID)}`);
  const { sends = [] } = response.ok ? await response.json() : {};
  $('received').replaceChildren(...(sends.length === 0 ? [element('li', { class: 'dim' }, 'Nothing yet.')]
    : sends.map((s) => element('li', { dataset: { channel: s.channel } },
      element('strong', {}, `${s.channel} · step ${s.step}`), ` received ${time(s.receivedAt)}`,
      element('pre', { class: 'code-block' }, JSON.stringify((({ receivedAt, delivery, ...body }) => body)(s), null, 2))))));
}

function wireSends() {
  $('consent').addEventListener('change', async () => {
    await nk.setConsent({ sends: $('consent').checked });
    await renderSends();
  });
  $('kyc-stall').addEventListener('click', async () => {
    showDecisions(nk.track('kyc_stalled'), 'kyc_stalled');
    await nk.flushSends();
    await renderSends();
  });
  $('push-open').addEventListener('click', async () => {
    if (lastPush === null) {
      $('send-decisions').replaceChildren('No push to open yet.');
      return;
    }
    nk.track('push_opened', { nudgeId: lastPush.id });
    $('send-decisions').replaceChildren(`Push ${lastPush.id} opened: the SMS step will not be sent.`);
    await renderSends();
  });
  $('time-travel').addEventListener('click', async () => {
    clockOffset += 24 * 3_600_000;
    showDecisions(nk.tick(), '+24 hours');
    await nk.flushSends();
    await renderSends();
  });
  nk.on('send', () => void renderSends());
}

const STREAK_NAMES = { first_entry_today: 'Entry today', week_of_entries: 'A week of entries' };

// The in-app half: the renderer draws what the engine delivers and reports outcomes itself.
function wireInApp() {
  mountNudges(nk, {
    containers: { card: $('app-cards') },
    onAction: (nudge, url) => {
      $('profile-result').textContent = `The merchant tapped “${nudge.content.cta?.label ?? url}”.`;
      return false;  // a real app routes here; the demo stays on the page
    },
  });
  const streaks = mountStreaks(nk, $('app-streaks'), { label: (id) => STREAK_NAMES[id] ?? id });
  $('ledger-add').addEventListener('click', () => {
    nk.track('ledger_entry_added', { amount: 500 });
    void streaks.refresh();
  });
  $('wheel-open').addEventListener('click', () => nk.track('wheel_opened'));
}

async function main() {
  fillChoices();
  fillForm(STARTING_PROFILE);
  $('condition').value = JSON.stringify(STARTING_CONDITION, null, 2);
  const response = await fetch(new URL('config.json', import.meta.url));
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  defaultConfigText = await response.text();
  $('config').value = defaultConfigText;

  const started = performance.now();
  nk = await createNudgeKit({
    config: defaultConfigText, userId: USER_ID, now: () => Date.now() + clockOffset, timeZone: 'Asia/Kolkata',
    consent: { sends: false }, sends: { endpoint: '/v1/sends', store: memoryStore(), baseDelayMs: 500 },
  });
  const ms = Math.round(performance.now() - started);
  segmentConditions = JSON.parse(defaultConfigText).segments ?? {};

  form.addEventListener('input', () => applyProfile());
  form.addEventListener('change', () => applyProfile());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    applyProfile({ announce: true });
  });
  $('country').addEventListener('change', () => { $('region').disabled = $('country').value !== 'IN'; });
  $('config-form').addEventListener('submit', (event) => {
    event.preventDefault();
    loadConfig();
  });
  $('config-reset').addEventListener('click', () => {
    $('config').value = defaultConfigText;
    loadConfig();
  });
  $('condition-form').addEventListener('submit', (event) => {
    event.preventDefault();
    evaluateCondition();
  });

  wireSends();
  wireInApp();
  applyProfile();
  evaluateCondition();
  await renderSends();
  $('engine-status').textContent = `Engine ready in ${ms} ms · ${Object.keys(segmentConditions).length} segments`;
  document.body.dataset.state = 'ready';
}

main().catch((error) => {
  const status = $('engine-status');
  status.classList.add('failed');
  status.replaceChildren('The engine could not start: ', errorList(describeError(error)));
  document.body.dataset.state = 'failed';
  console.error(error);
});
