// The nudgekit demo: Bahi, a ledger app for small shopkeepers, with nudgekit inside. The merchant uses
// the app (entries, reminders, KYC, reports); the control strip simulates what the app knows about
// them (ad, state, device languages) and moves the clock; nudgekit/render draws the in-app nudges in
// the phone; the marketer panel shows what the engine knows and why it decided. Runs under a strict
// CSP: behaviour lives here and in the modules next to it, styling in style.css.
import { createNudgeKit, loadLanguageTools, memoryStore } from '/dist/index.browser.mjs';
import { mountNudges, mountStreaks } from '/dist/render/index.mjs';
import { $, describeError, element, errorList, indiaDay, indiaTime } from './dom.mjs';
import * as panel from './panel.mjs';
import { DemoClock, fillControls, initialSignals, readControls, signalProperties, writeUrl } from './signals.mjs';

// A new kirana shop on an old app version, GST registered, push on, WhatsApp off.
const SHOP = {
  'shop.name': 'Sharma Kirana', 'business.category': 'kirana', 'profile.plan': 'free', 'app.version': '4.11.0',
  tags: ['gst_registered', 'push_opt_in'],
};

const STARTING_CONDITION = {
  'geo.region': { $inGroup: 'hindi_belt' },
  $event: { name: 'ledger_entry_added', within: '7d', count: { $gte: 1 } },
};

const STREAKS = { first_entry_today: 'An entry today', three_days: '3 days in a row', week_of_entries: 'A week of entries' };
const KYC_STEPS = ['kyc_started', 'kyc_pan_submitted', 'kyc_selfie_opened', 'kyc_done'];
const KYC_STATUS = {
  kyc_started: 'KYC started. Next: your PAN.', kyc_pan_submitted: 'PAN received. Next: a selfie.',
  kyc_selfie_opened: 'The selfie camera is open…', kyc_done: 'Verified. You can collect UPI payments.',
};

const signals = initialSignals();
const clock = new DemoClock(signals.at);
const userId = `merchant-${crypto.randomUUID().slice(0, 8)}`;
const eventLog = [];
const entries = [];
const sendNudges = new Map();  // "campaign:step" → the nudge a send came from, to react to it
const openedSends = new Set();

let nk;
let languageTools;  // the engine's own language module, for the direction of what the server sends
let defaultConfigText = '';
let config = {};

// Every change the merchant or the strip makes redraws the panel once, after the change's own work.
let panelScheduled = false;
function refreshPanel() {
  if (panelScheduled) return;
  panelScheduled = true;
  queueMicrotask(() => {
    panelScheduled = false;
    panel.renderLanguage(nk);
    panel.renderScores(nk);
    panel.renderSegments(nk, config.segments ?? {});
    panel.renderFunnels(nk, Object.keys(config.campaigns ?? {}));
    panel.renderExplain(nk, $('explain-campaign').value);
    panel.renderEvents(eventLog);
    $('clock').textContent = clock.label;
  });
}

// The panel's list of what stays on the device: every event the demo hands the engine.
function record(name, props) {
  eventLog.push({ name, props, time: clock.now() });
}

function track(name, props) {
  record(name, props);
  const nudges = nk.track(name, props);
  refreshPanel();
  return nudges;
}

function screen(name) {
  record('screen_view', { screen: name });
  nk.screen(name);
  refreshPanel();
}

async function refreshSends() {
  const response = await fetch(`/v1/sends?userId=${encodeURIComponent(userId)}`);
  const { sends = [] } = response.ok ? await response.json() : {};
  panel.renderSends(sends, await nk.pendingSends(), {
    consent: $('consent').checked, eventNames: new Set(eventLog.map((e) => e.name)), allowed: config.sends?.variables ?? [],
  });
  renderNotifications(sends);
}

// What reaches the phone: the app's server renders the send from the same catalog and delivers it.
function renderNotifications(sends) {
  $('notifications').replaceChildren(...sends.filter((send) => !openedSends.has(send.id)).map((send) => {
    const variants = config.content?.[send.item]?.variants ?? {};
    const text = variants[send.language] ?? variants[config.languages?.default] ?? { title: send.item };
    const rtl = languageTools.textDirection(send.language) === 'rtl';
    const open = element('button', { type: 'button', class: 'open' }, send.channel === 'mobile_push' ? 'Open' : 'Read');
    open.addEventListener('click', () => {
      openedSends.add(send.id);
      const nudge = sendNudges.get(`${send.campaign}:${send.step}`);
      if (nudge && send.channel === 'mobile_push') track('push_opened', { nudgeId: nudge.id });
      if (send.item === 'kyc_selfie_help') selectTab('kyc');
      void refreshSends();
    });
    return element('div', { class: 'notification', role: 'listitem', dataset: { channel: send.channel }, lang: send.language, dir: rtl ? 'rtl' : 'ltr' },
      element('span', { class: 'channel', lang: 'en', dir: 'ltr' }, send.channel === 'mobile_push' ? 'Bahi · push' : `Bahi · ${send.channel}`),
      element('strong', {}, text.title), text.body ? element('span', { class: 'text' }, text.body) : null, open);
  }));
}

// ---- The app's screens -----------------------------------------------------------------------------

const TABS = ['ledger', 'kyc', 'reports', 'inbox', 'shop'];

function selectTab(name, { focus = false } = {}) {
  for (const tab of TABS) {
    const button = $(`tab-${tab}`);
    const selected = tab === name;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    $(`screen-${tab}`).hidden = !selected;
    if (selected && focus) button.focus();
  }
  screen(name);
}

function wireTabs() {
  for (const tab of TABS) $(`tab-${tab}`).addEventListener('click', () => selectTab(tab));
  // The WAI-ARIA tabs pattern: arrows move between tabs, Home and End jump.
  document.querySelector('.app-tabs').addEventListener('keydown', (event) => {
    const index = TABS.findIndex((tab) => $(`tab-${tab}`).getAttribute('aria-selected') === 'true');
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    selectTab(TABS[(next + TABS.length) % TABS.length], { focus: true });
  });
}

function renderEntries() {
  $('entries').replaceChildren(...entries.slice().reverse().map((entry) => {
    const remind = element('button', { type: 'button', class: 'remind', disabled: entry.reminded }, entry.reminded ? 'Reminded' : 'Remind');
    remind.addEventListener('click', () => {
      entry.reminded = true;
      track('reminder_sent', { channel: 'whatsapp' });
      renderEntries();
    });
    return element('li', {}, element('span', {}, `${entry.customer} · ₹${entry.amount.toLocaleString('en-IN')}`),
      element('span', { class: 'muted' }, ` ${indiaTime(entry.time)}`), remind);
  }));
  const today = indiaDay(clock.now());
  const todays = entries.filter((e) => indiaDay(e.time) === today);
  $('report-entries').textContent = String(todays.length);
  $('report-credit').textContent = `₹${todays.reduce((sum, e) => sum + e.amount, 0).toLocaleString('en-IN')}`;
  $('report-reminders').textContent = String(entries.filter((e) => e.reminded).length);
}

function wireLedger(streaks) {
  $('entry-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const amount = Math.round(Number($('entry-amount').value));
    if (!Number.isFinite(amount) || amount <= 0) {
      $('entry-amount').setAttribute('aria-invalid', 'true');
      return;
    }
    $('entry-amount').removeAttribute('aria-invalid');
    const customer = $('entry-customer').value.trim() || 'Customer';
    entries.push({ customer, amount, time: clock.now(), reminded: false });
    renderEntries();
    track('ledger_entry_added', { amount });  // the customer's name stays in the app: the engine needs none
    void streaks.refresh();
  });
  $('wheel-open').addEventListener('click', () => track('wheel_opened'));
}

function wireKyc() {
  const draw = () => {
    const done = new Set(eventLog.filter((e) => KYC_STEPS.includes(e.name)).map((e) => e.name));
    const next = KYC_STEPS.find((step) => !done.has(step));
    for (const item of $('kyc-steps').children) {
      const step = item.dataset.step;
      item.classList.toggle('done', done.has(step));
      item.querySelector('button').disabled = step !== next;
    }
    const last = [...done].pop();
    $('kyc-status').textContent = last ? KYC_STATUS[last] : 'Four steps, about two minutes.';
  };
  $('kyc-steps').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-event]');
    if (!button) return;
    track(button.dataset.event);
    draw();
  });
  draw();
}

function wireShop() {
  const form = $('shop-form');
  for (const [name, value] of Object.entries(SHOP)) {
    if (name === 'tags') for (const box of form.elements.tags) box.checked = value.includes(box.value);
    else form.elements[name].value = value;
  }
  const apply = () => {
    const properties = {};
    for (const field of form.elements) if (field.name && field.name !== 'tags' && field.value.trim() !== '') properties[field.name] = field.value.trim();
    properties.tags = [...form.elements.tags].filter((box) => box.checked).map((box) => box.value);
    nk.setProperties(properties);
    $('shop-title').textContent = properties['shop.name'] ?? '';
    refreshPanel();
  };
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
  return apply;
}

// ---- The control strip -------------------------------------------------------------------------

function applySignals() {
  const current = readControls();
  $('region').disabled = current.country !== 'IN';
  const { set, unset } = signalProperties(current);
  if (unset.length > 0) nk.unsetProperties(unset);
  nk.setProperties(set);
  writeUrl(current, signals.at);
  refreshPanel();
}

function wireControls() {
  for (const id of ['utm', 'country', 'region', 'device-languages', 'device-chosen', 'app-language']) {
    $(id).addEventListener('change', applySignals);
  }
  $('consent').addEventListener('change', async () => {
    await nk.setConsent({ sends: $('consent').checked });
    writeUrl(readControls(), signals.at);
    await refreshSends();
  });
  for (const button of document.querySelectorAll('[data-advance]')) {
    button.addEventListener('click', async () => {
      clock.advance(Number(button.dataset.advance));
      nk.tick();
      refreshPanel();
      await nk.flushSends();
      await refreshSends();
    });
  }
  $('new-merchant').addEventListener('click', () => location.reload());
  setInterval(() => { $('clock').textContent = clock.label; }, 15_000);
}

// ---- Marketer tools: the config and a condition ----------------------------------------------------

function loadConfig() {
  const text = $('config').value;
  const result = nk.loadConfig(text);
  const box = $('config-result');
  box.classList.toggle('ok', result.ok);
  box.classList.toggle('failed', !result.ok);
  if (result.ok) {
    config = JSON.parse(text);
    fillExplainChoices();
    const count = (key) => Object.keys(config[key] ?? {}).length;
    box.replaceChildren(element('p', { class: 'result-title' },
      `Loaded: ${count('segments')} segments, ${count('content')} content items, ${count('campaigns')} campaigns.`));
  } else {
    const count = result.errors.length;
    box.replaceChildren(element('p', { class: 'result-title' },
      `Not loaded: ${count} error${count === 1 ? '' : 's'}. The previous config is still in force.`), errorList(result.errors));
  }
  refreshPanel();
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
    out.replaceChildren(element('strong', {}, String(value)), value ? ' — the merchant matches.' : ' — the merchant does not match.');
  } catch (error) {
    out.classList.add('failed');
    out.replaceChildren(errorList(describeError(error)));
  }
}

function fillExplainChoices() {
  const select = $('explain-campaign');
  const previous = select.value;
  const ids = Object.keys(config.campaigns ?? {});
  select.replaceChildren(...ids.map((id) => element('option', { value: id }, id)));
  select.value = ids.includes(previous) ? previous : (ids.includes('kyc_rescue') ? 'kyc_rescue' : ids[0] ?? '');
}

function wireMarketerTools() {
  $('explain-campaign').addEventListener('change', refreshPanel);
  $('config').value = defaultConfigText;
  $('config-form').addEventListener('submit', (event) => {
    event.preventDefault();
    loadConfig();
  });
  $('config-reset').addEventListener('click', () => {
    $('config').value = defaultConfigText;
    loadConfig();
  });
  $('condition').value = JSON.stringify(STARTING_CONDITION, null, 2);
  $('condition-form').addEventListener('submit', (event) => {
    event.preventDefault();
    evaluateCondition();
  });
}

// ---- Start -----------------------------------------------------------------------------------------

async function main() {
  fillControls(signals);
  const response = await fetch(new URL('config.json', import.meta.url));
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  defaultConfigText = await response.text();
  config = JSON.parse(defaultConfigText);

  const started = performance.now();
  nk = await createNudgeKit({
    config: defaultConfigText, userId, now: clock.now, timeZone: 'Asia/Kolkata', storage: 'memory',
    consent: { sends: signals.consent }, sends: { endpoint: '/v1/sends', store: memoryStore(), baseDelayMs: 500 },
  });
  const ms = Math.round(performance.now() - started);
  languageTools = await loadLanguageTools();  // shares the module the engine loaded

  const applyShop = wireShop();
  applyShop();
  applySignals();
  nk.on('nudge', (nudge) => {
    if (nudge.channel) sendNudges.set(`${nudge.campaign}:${nudge.step}`, nudge);
    refreshPanel();
  });
  nk.on('send', () => void refreshSends());

  const countInbox = () => {
    const count = $('app-inbox').querySelector('nudgekit-inbox')?.shadowRoot?.querySelectorAll('li').length ?? 0;
    $('inbox-count').textContent = count === 0 ? '' : String(count);
    $('inbox-empty').hidden = count > 0;
  };

  // What the renderer does is reported to the engine; the panel redraws after each report.
  const source = {
    on: (type, listener) => nk.on(type, listener),
    nextNudges: (placement) => nk.nextNudges(placement),
    report: (options) => { nk.report(options); refreshPanel(); countInbox(); },
    spin: (item) => { const result = nk.spin(item); refreshPanel(); return result; },
    answerQuiz: (options) => {
      const answer = nk.answerQuiz(options);
      if (!answer.repeat) record('quiz_answered', { item: answer.item, correct: answer.correct });
      refreshPanel();
      return answer;
    },
  };
  mountNudges(source, {
    root: $('phone'),
    containers: { card: $('app-cards'), inbox: $('app-inbox') },
    onAction: (nudge, url) => {
      const route = url.includes('#') ? url.slice(url.indexOf('#') + 1) : '';
      if (route === 'kyc' || route === 'ledger') selectTab(route);
      if (route === 'reminders') { selectTab('ledger'); $('entries').querySelector('button.remind:not([disabled])')?.focus(); }
      return false;  // the app routes by itself
    },
  });
  nk.on('nudge', (nudge) => { if (nudge.placement === 'inbox') queueMicrotask(countInbox); });
  const streaks = mountStreaks(nk, $('app-streaks'), { label: (id) => STREAKS[id] ?? id });

  wireTabs();
  wireLedger(streaks);
  wireKyc();
  wireControls();
  wireMarketerTools();
  fillExplainChoices();
  evaluateCondition();
  renderEntries();

  track('app_open');
  selectTab('ledger');
  await refreshSends();
  $('engine-status').textContent = `Engine ready in ${ms} ms · ${userId}`;
  document.body.dataset.user = userId;
  document.body.dataset.state = 'ready';
}

main().catch((error) => {
  const status = $('engine-status');
  status.classList.add('failed');
  status.replaceChildren('The engine could not start: ', errorList(describeError(error)));
  document.body.dataset.state = 'failed';
  console.error(error);
});
