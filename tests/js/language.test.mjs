import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createNudgeKit, loadLanguageTools, NudgeKitError } from '../../dist/index.node.mjs';

const lang = await loadLanguageTools();
const indian = ['hi', 'bn', 'te', 'mr', 'ta', 'ur', 'gu', 'kn', 'or', 'ml', 'pa', 'as', 'en'];

test('matchLanguage picks the supported tag as given, with the winning indexes', () => {
  assert.deepEqual(lang.matchLanguage(['hi-IN'], ['en', 'hi', 'ta']), { tag: 'hi', distance: 0, desiredIndex: 0, supportedIndex: 1 });
  assert.equal(lang.matchLanguage(['es-MX'], ['es', 'es-419']).tag, 'es-419');
  assert.equal(lang.matchLanguage(['pt-AO'], ['pt', 'pt-PT']).tag, 'pt-PT');
  assert.equal(lang.matchLanguage(['zh-TW'], ['zh-Hans', 'zh-Hant']).tag, 'zh-Hant');
  assert.equal(lang.matchLanguage(['zh-TW'], ['zh-Hans', 'en']), null);
  assert.equal(lang.matchLanguage(['de', 'ta-IN'], indian).tag, 'ta');
});

test('matchLanguage options: default locale, favor, threshold, demotion', () => {
  assert.deepEqual(lang.matchLanguage(['ja'], indian, { defaultLocale: 'en' }), { tag: 'en', distance: 100, desiredIndex: -1, supportedIndex: -1 });
  assert.equal(lang.matchLanguage(['hr'], ['sr-Cyrl', 'sl'], { favor: 'script' }).tag, 'sl');
  assert.equal(lang.matchLanguage(['en-GB'], ['en-US'], { threshold: 4 }), null);
  assert.equal(lang.matchLanguage(['en-AU', 'fr'], ['fr', 'en-US'], { demotion: 'none' }).tag, 'fr');
  assert.equal(lang.matchLanguage(['en-AU', 'fr'], ['fr', 'en-US']).tag, 'en-US');
});

test('matchLanguage leaves bad tags out, reports them, and refuses bad arguments', () => {
  const result = lang.matchLanguage(['not a tag', 'bn'], indian);
  assert.equal(result.tag, 'bn');
  assert.equal(result.invalid.code, 'language.invalid_tag');
  assert.equal(result.invalid.pointer, '/desired/0');
  assert.throws(() => lang.matchLanguage(['bn'], ['bn'], { defaultLocale: 'e' }), NudgeKitError);
  assert.throws(() => lang.matchLanguage('bn', ['bn']), /desired must be an array/);
  assert.throws(() => lang.matchLanguage([1], ['bn']), /desired\[0\] must be a string/);
  assert.throws(() => lang.matchLanguage(['bn'], ['bn'], { threshold: 500 }), /threshold/);
  assert.throws(() => lang.matchLanguage(['bn'], ['bn'], { favor: 'region' }), /favor/);
});

test('the supported list may change between calls', () => {
  const supported = ['en', 'hi'];
  assert.equal(lang.matchLanguage(['hi'], supported).tag, 'hi');
  supported[1] = 'ta';
  assert.equal(lang.matchLanguage(['hi'], supported), null);
  assert.equal(lang.matchLanguage(['ta'], supported).tag, 'ta');
});

test('tags: canonicalize, maximize, minimize, direction', () => {
  assert.equal(lang.canonicalizeTag('iw'), 'he');
  assert.equal(lang.canonicalizeTag('en_us'), 'en-US');
  assert.equal(lang.canonicalizeTag('sh'), 'sr-Latn');
  assert.equal(lang.maximizeTag('hi'), 'hi-Deva-IN');
  assert.equal(lang.minimizeTag('zh-Hant-TW'), 'zh-TW');
  assert.equal(lang.minimizeTag('zh-Hant-TW', 'script'), 'zh-Hant');
  for (const rtl of ['ur', 'pa-Arab', 'ar', 'he']) assert.equal(lang.textDirection(rtl), 'rtl', rtl);
  for (const ltr of ['pa', 'sd-Deva', 'hi', 'en']) assert.equal(lang.textDirection(ltr), 'ltr', ltr);
  assert.throws(() => lang.canonicalizeTag('e-'), (e) => e instanceof NudgeKitError && e.code === 'language.invalid_tag');
  assert.throws(() => lang.textDirection('--'), NudgeKitError);
  assert.throws(() => lang.maximizeTag(42), /must be a string/);
  assert.equal(lang.languageDistance('en-VI', 'en-GU'), 4);
});

test('regionLanguages: countries and Indian states, retired codes included', () => {
  assert.equal(lang.regionLanguages('IN-TN')[0].language, 'ta');
  assert.equal(lang.regionLanguages('IN-OR')[0].language, 'or');
  assert.equal(lang.regionLanguages('IN-TG')[0].language, 'te');
  assert.equal(lang.regionLanguages('IN')[0].language, 'hi');
  assert.deepEqual(lang.regionLanguages('ZZ-QQ'), []);
  assert.match(lang.dataVersion, /^\d+\.\d+/);
});

test('the tools share the module with engines', async () => {
  const nk = await createNudgeKit({ config: { version: 1 } });
  const again = await loadLanguageTools();
  assert.equal(again.matchLanguage(['bn-IN'], indian).tag, 'bn');
  nk.destroy();
});
