// The ICU / CLDR language test files, run through the BUILT package's loadLanguageTools():
//   *localeMatcherTest*       ICU LocaleMatcher: "desired >> match | desired"
//   *likelySubtags*           CLDR: Source ; AddLikely ; RemoveFavorScript ; RemoveFavorRegion
//   *localeCanonicalization*  CLDR: source ; canonical
//   *localeDistanceTest*      ICU: desired ; supported ; distance ; reverse distance (≥ 50 reads as 100)
// Same rules as the native runner (tests/conformance/language_native.cpp).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

import { loadLanguageTools, NudgeKitError } from '../../dist/index.node.mjs';

export const isLanguageFile = (path) => /localeMatcherTest|likelySubtags|localeCanonicalization|localeDistanceTest/.test(basename(path));

const stripComment = (line) => line.replace(/#.*/, '').trim();
const dashes = (s) => s.replaceAll('_', '-');
const tryTag = (f) => {
  try {
    return f();
  } catch (error) {
    if (error instanceof NudgeKitError) return `error: ${error.message}`;
    throw error;
  }
};

function matcher(lines, lang) {
  const out = [];
  let supported = [];
  let options = {};
  let defaultOptions = true;
  lines.forEach((raw, n) => {
    if (raw.startsWith('** test')) {
      supported = [];
      options = {};
      defaultOptions = true;
      return;
    }
    const text = stripComment(raw);
    if (text === '') return;
    if (text.startsWith('@')) {
      const [key, value = ''] = text.slice(1).split('=').map((s) => s.trim());
      if (key === 'supported') supported = value === '' ? [] : value.split(',').map((s) => s.trim());
      else if (key === 'default') options.defaultLocale = value === '' ? undefined : value;
      else if (key === 'favor') {
        options.favor = value === 'script' ? 'script' : 'language';
        defaultOptions &&= value !== 'script';
      } else if (key === 'threshold') {
        options.threshold = value === '' ? 50 : Number(value);
        defaultOptions &&= value === '' || value === '50';
      }
      return;
    }
    const arrow = text.indexOf('>>');
    if (arrow < 0) return;
    const desired = text.slice(0, arrow).split(',').map((s) => s.trim());
    const [expMatch = '', expDesired = ''] = text.slice(arrow + 2).split('|').map((s) => s.trim());
    let defaultLocale = options.defaultLocale;
    if (defaultLocale === undefined) {
      // ICU's implicit default is the first supported locale.
      defaultLocale = supported.length > 0 && !tryTag(() => lang.canonicalizeTag(supported[0])).startsWith('error') ? supported[0] : '';
    }
    const match = lang.matchLanguage(desired, supported, { ...options, defaultLocale });
    const got = match?.tag ?? 'null';
    const gotDesired = match && match.desiredIndex >= 0 ? desired[match.desiredIndex] : 'null';
    const pass = (expMatch === '' || expMatch === got) && (expDesired === '' || !match || match.desiredIndex < 0 || expDesired === gotDesired);
    out.push({ pass, defaultOptions, what: `line ${n + 1}: ${text}  → got ${got} | ${gotDesired}` });
  });
  return out;
}

function likely(lines, lang) {
  return lines.map(stripComment).filter((t) => t !== '').flatMap((text) => {
    const f = text.split(';').map((s) => s.trim());
    if (f.length < 2) return [];
    const add = dashes(f[1]);
    const favorScript = f[2] ? dashes(f[2]) : add;
    const favorRegion = f[3] ? dashes(f[3]) : favorScript;
    if (add === 'FAIL') {
      // Our maximize keeps a tag it can add nothing to: that is the FAIL case.
      const max = tryTag(() => lang.maximizeTag(f[0]));
      return [{ pass: max === tryTag(() => lang.canonicalizeTag(f[0])), what: `${f[0]} expected FAIL, got ${max}` }];
    }
    const got = [tryTag(() => lang.maximizeTag(f[0])), tryTag(() => lang.minimizeTag(f[0], 'script')), tryTag(() => lang.minimizeTag(f[0], 'region'))];
    return [{ pass: got[0] === add && got[1] === favorScript && got[2] === favorRegion, what: `${f[0]}: expected ${add} ; ${favorScript} ; ${favorRegion}, got ${got.join(' ; ')}` }];
  });
}

function canonical(lines, lang) {
  return lines.map(stripComment).filter((t) => t !== '').flatMap((text) => {
    const f = text.split(';').map((s) => s.trim());
    if (f.length < 2) return [];
    const got = tryTag(() => lang.canonicalizeTag(f[0]));
    return [{ pass: got === dashes(f[1]), what: `${f[0]}: expected ${dashes(f[1])}, got ${got}` }];
  });
}

function distance(lines, lang) {
  const capped = (d) => (d >= 50 ? 100 : d);
  return lines.map(stripComment).filter((t) => t !== '' && !t.startsWith('@')).flatMap((text) => {
    const f = text.split(';').map((s) => s.trim());
    if (f.length < 3) return [];
    const expected = Number(f[2]);
    const reverse = f[3] ? Number(f[3]) : expected;
    const d1 = capped(lang.languageDistance(f[0], f[1]));
    const d2 = capped(lang.languageDistance(f[1], f[0]));
    return [{ pass: d1 === expected && d2 === reverse, what: `${text}: got ${d1} ; ${d2}` }];
  });
}

/** Runs one file, prints the tally; returns the process exit code. */
export async function runLanguageFile(path) {
  const lang = await loadLanguageTools();
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const name = basename(path);
  const outcomes = /localeMatcherTest/.test(name) ? matcher(lines, lang)
    : /likelySubtags/.test(name) ? likely(lines, lang)
    : /localeCanonicalization/.test(name) ? canonical(lines, lang)
    : distance(lines, lang);
  const failed = outcomes.filter((o) => !o.pass);
  console.log(`${path} (CLDR ${lang.dataVersion})`);
  for (const o of failed) console.log(`  FAIL ${o.what}`);
  const defaults = outcomes.filter((o) => o.defaultOptions);
  if (defaults.length > 0) console.log(`  default options (no favor, threshold 50): ${defaults.filter((o) => o.pass).length} of ${defaults.length} passed`);
  console.log(`${outcomes.length - failed.length} passed, ${failed.length} failed`);
  return failed.length === 0 ? 0 : 1;
}
