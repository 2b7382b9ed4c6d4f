// The control strip: the signals an app would have about a new merchant (the ad that brought them,
// where they are, their phone's languages, a language picked in the app) and the demo's clock. Every
// value can come from the page's URL (?utm=hi&state=IN-UP&device=en-US&lang=&at=10:00&consent=1), so
// a story is a link; the strip writes its state back into the URL.
import { $, element, indiaTime, IST_MS } from './dom.mjs';

export const STATES = [
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

// The app's languages: English name first (readable without Indic fonts), then the native one.
export const LANGUAGES = [
  ['en', 'English', ''], ['hi', 'Hindi', 'हिन्दी'], ['bn', 'Bengali', 'বাংলা'], ['te', 'Telugu', 'తెలుగు'],
  ['mr', 'Marathi', 'मराठी'], ['ta', 'Tamil', 'தமிழ்'], ['gu', 'Gujarati', 'ગુજરાતી'], ['kn', 'Kannada', 'ಕನ್ನಡ'],
  ['ml', 'Malayalam', 'മലയാളം'], ['pa', 'Punjabi', 'ਪੰਜਾਬੀ'], ['or', 'Odia', 'ଓଡ଼ିଆ'], ['as', 'Assamese', 'অসমীয়া'],
  ['ur', 'Urdu', 'اردو'], ['kok', 'Konkani', 'कोंकणी'], ['es', 'Spanish', 'español'], ['ar', 'Arabic', 'العربية'],
  ['uk', 'Ukrainian', 'українська'],
];

export const languageName = (tag) => {
  const row = LANGUAGES.find(([code]) => code === tag?.split('-')[0]);
  return row ? (row[2] ? `${row[1]} · ${row[2]}` : row[1]) : '';
};

/**
 * The engine's clock: today in India at `at` (10:00 unless the URL says), moving with real time, plus
 * whatever the time-travel buttons added. The engine reads it through `now`, so time is an input.
 */
export class DemoClock {
  #start;
  #startedAt = performance.now();
  #offset = 0;

  constructor(at = '10:00') {
    const [hours, minutes] = /^([01]\d|2[0-3]):([0-5]\d)$/.test(at) ? at.split(':').map(Number) : [10, 0];
    const today = new Date(Date.now() + IST_MS);
    this.#start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), hours, minutes) - IST_MS;
  }

  now = () => Math.round(this.#start + (performance.now() - this.#startedAt) + this.#offset);

  advance(ms) { this.#offset += ms; }

  get label() { return indiaTime(this.now()); }
}

/** The strip's values as they start: from the URL, else a new merchant in Uttar Pradesh on an English phone. */
export function initialSignals(search = location.search) {
  const query = new URLSearchParams(search);
  const get = (name, fallback) => (query.has(name) ? query.get(name) : fallback);
  return {
    utm: get('utm', ''),
    country: get('country', 'IN'),
    state: get('state', 'IN-UP'),
    device: get('device', 'en-US'),
    deviceChosen: get('chosen', '0') === '1',
    app: get('lang', ''),
    at: get('at', '10:00'),
    consent: get('consent', '0') === '1',
  };
}

export function fillControls(signals) {
  const option = ([code, english, native]) => element('option', { value: code },
    native ? `${english} · ${native}` : english);
  $('utm').append(...LANGUAGES.map(([code, english, native]) =>
    element('option', { value: code }, `a ${english} ad${native ? ` · ${native}` : ''}`)));
  $('app-language').append(...LANGUAGES.map(option));
  $('region').append(...STATES.map(([code, name]) => element('option', { value: code }, `${name} (${code})`)));
  $('utm').value = signals.utm;
  $('country').value = signals.country;
  $('region').value = signals.state;
  $('region').disabled = signals.country !== 'IN';
  $('device-languages').value = signals.device;
  $('device-chosen').checked = signals.deviceChosen;
  $('app-language').value = signals.app;
  $('consent').checked = signals.consent;
}

export function readControls() {
  return {
    utm: $('utm').value,
    country: $('country').value,
    state: $('region').value,
    device: $('device-languages').value.trim(),
    deviceChosen: $('device-chosen').checked,
    app: $('app-language').value,
    consent: $('consent').checked,
  };
}

/** The signals as profile properties: what to set, and which paths to clear. */
export function signalProperties(signals) {
  const set = {};
  const unset = [];
  const put = (path, value) => { if (value === '' || value === undefined) unset.push(path); else set[path] = value; };
  put('utm.language', signals.utm);
  put('geo.country', signals.country);
  put('geo.region', signals.country === 'IN' ? signals.state : '');
  const languages = signals.device.split(',').map((tag) => tag.trim()).filter(Boolean);
  if (languages.length > 0) set['device.languages'] = languages;
  else unset.push('device.languages');
  set['device.languagesChosen'] = signals.deviceChosen;
  put('app.language', signals.app);
  return { set, unset };
}

/** Keeps the URL in step with the strip, so the page can be reloaded or shared as it is. */
export function writeUrl(signals, at) {
  const query = new URLSearchParams();
  if (signals.utm) query.set('utm', signals.utm);
  query.set('country', signals.country);
  if (signals.country === 'IN') query.set('state', signals.state);
  query.set('device', signals.device);
  if (signals.deviceChosen) query.set('chosen', '1');
  if (signals.app) query.set('lang', signals.app);
  if (at !== '10:00') query.set('at', at);
  if (signals.consent) query.set('consent', '1');
  history.replaceState(null, '', `${location.pathname}?${query}`);
}
