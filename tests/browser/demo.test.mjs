// The demo (demo/) in Chromium under the strict CSP: a merchant fills the profile form and sees their
// segments; a broken config is refused with its JSON pointer shown and the previous config keeps
// working; the KYC rescue sends a push, then an SMS a day later, through the outbox to the reference
// send server on the same origin, only after consent, and an opened push stops the SMS.
// Run after `npm run build`: node --test tests/browser/*.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { confineTo, launchChromium, watchPage } from './chromium.mjs';
import { CSP, startServer } from './server.mjs';
import { createSendService } from '../../demo/server/send-server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TIMEOUT_MS = 20_000;

// The starting profile: a new kirana in Uttar Pradesh, stuck at the KYC selfie, on an old app.
const STARTING_SEGMENTS = ['gst_registered_kirana', 'hindi_belt_new', 'kyc_stalled_selfie', 'needs_upgrade'];
// A busy, verified, up-to-date kirana in Karnataka.
const BENGALURU_KIRANA = {
  fields: {
    '#region': 'IN-KA', '#language': 'kn', '#version': '4.13.2', '#signup-days': '200', '#active-days': '1',
    '#entries': '450', '#plan': 'pro', '#category': 'kirana', '#kyc': 'verified', '#campaign': 'kannada_ipl_yt',
  },
  tags: ['gst_registered', 'whatsapp_opt_in', 'reminders_used', 'upi_qr_linked'],
  segments: ['gst_registered_kirana', 'power_merchants', 'south_india'],
};

let server;
let sendService;
let browser;
let blocked;
let page;
let log;

before(async () => {
  assert.ok(existsSync(new URL('../../dist/index.browser.mjs', import.meta.url)), 'dist/ is missing: run `npm run build` first');
  sendService = createSendService({ logger: () => {} });
  server = await startServer({ root: ROOT, redirects: { '/': '/demo/' }, api: sendService.handle });
  browser = await launchChromium({ timeout: TIMEOUT_MS });
  blocked = await confineTo(browser.context, server.url);
  page = await browser.context.newPage();
  log = await watchPage(page);
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
  await server?.close();
  sendService?.close();
}, { timeout: 60_000 });

const matching = () => page.locator('#matching li').evaluateAll((items) => items.map((li) => li.dataset.segment));

async function expectMatching(expected) {
  await page.waitForFunction(
    (names) => JSON.stringify([...document.querySelectorAll('#matching li')].map((li) => li.dataset.segment)) === JSON.stringify(names),
    expected, { timeout: 5_000 },
  ).catch(() => {});
  assert.deepEqual(await matching(), expected);
}

async function fillProfile({ fields, tags }) {
  for (const [selector, value] of Object.entries(fields)) {
    const field = page.locator(selector);
    if (await field.evaluate((el) => el.tagName === 'SELECT')) await field.selectOption(value);
    else await field.fill(value);
  }
  for (const box of await page.locator('input[name="tags"]').all()) {
    await box.setChecked(tags.includes(await box.getAttribute('value')));
  }
}

describe('demo in Chromium under a strict CSP', { timeout: 120_000 }, () => {
  test('/ redirects to the demo, which starts the engine with the starting profile', async () => {
    const response = await page.goto(`${server.url}/`);
    assert.equal(new URL(page.url()).pathname, '/demo/');
    assert.equal(response.headers()['content-security-policy'], CSP);
    await page.waitForSelector('body[data-state="ready"]', { timeout: TIMEOUT_MS });
    await expectMatching(STARTING_SEGMENTS);
    assert.match(await page.locator('#segment-summary').textContent(), /^4 of 14 segments match/);
    assert.equal(await page.locator('#condition-result strong').textContent(), 'true');
  });

  test('filling the profile form and submitting shows the matching segments', async () => {
    await fillProfile(BENGALURU_KIRANA);
    await page.getByRole('button', { name: 'Apply profile' }).click();
    await expectMatching(BENGALURU_KIRANA.segments);
    assert.equal(await page.locator('#profile-result').textContent(), 'Profile applied.');
    const stored = JSON.parse(await page.locator('#stored-profile').textContent());
    assert.deepEqual(stored.geo, { country: 'IN', region: 'IN-KA' });
    assert.equal(stored.activity.entries_30d, 450, 'numbers reach the engine as numbers');
    assert.deepEqual([...stored.tags].sort(), [...BENGALURU_KIRANA.tags].sort());
  });

  test('segments follow the form live, without submitting', async () => {
    await page.locator('#active-days').fill('40');
    await expectMatching(['gst_registered_kirana', 'lapsed', 'south_india']);
    await page.locator('#country').selectOption('NP');
    await expectMatching(['gst_registered_kirana', 'lapsed', 'outside_india']);
    assert.equal(await page.locator('#region').isDisabled(), true);
    await page.locator('#country').selectOption('IN');
    await page.locator('#active-days').fill('1');
    await expectMatching(BENGALURU_KIRANA.segments);
  });

  test('an ad-hoc condition is evaluated, and a bad one shows its error pointer', async () => {
    await page.locator('#condition').fill(JSON.stringify({ 'geo.region': { $inGroup: 'south_india' }, 'app.language': 'kn' }));
    await page.getByRole('button', { name: 'Evaluate' }).click();
    assert.equal(await page.locator('#condition-result strong').textContent(), 'true');
    await page.locator('#condition').fill(JSON.stringify({ 'activity.entries_30d': { $gtt: 100 } }));
    await page.getByRole('button', { name: 'Evaluate' }).click();
    assert.equal(await page.locator('#condition-result .error-code').textContent(), 'condition.unknown_operator');
    assert.equal(await page.locator('#condition-result .error-pointer').textContent(), '/activity.entries_30d/$gtt');
  });

  test('a bad config is refused with its pointer shown, and the previous segments keep working', async () => {
    const config = JSON.parse(await page.locator('#config').inputValue());
    config.segments.lapsed = { 'lifecycle.days_since_active': { $gtee: 21 } };
    config.segments.south_india = { 'geo.region': { $inGroup: 'deep_south' } };
    await page.locator('#config').fill(JSON.stringify(config, null, 2));
    await page.getByRole('button', { name: 'Load', exact: true }).click();

    const result = page.locator('#config-result');
    assert.match(await result.locator('.result-title').textContent(), /^Not loaded: 2 errors/);
    const errors = await result.locator('.error-item').evaluateAll((items) => items.map((li) => ({
      code: li.querySelector('.error-code').textContent, pointer: li.querySelector('.error-pointer').textContent,
    })));
    assert.deepEqual(errors.sort((a, b) => a.pointer.localeCompare(b.pointer)), [
      { code: 'condition.unknown_operator', pointer: '/segments/lapsed/lifecycle.days_since_active/$gtee' },
      { code: 'condition.unknown_group', pointer: '/segments/south_india/geo.region/$inGroup' },
    ]);

    // The demo config is still in force: the same profile, the same segments, and live updates still work.
    await page.getByRole('button', { name: 'Apply profile' }).click();
    await expectMatching(BENGALURU_KIRANA.segments);
    await page.locator('#active-days').fill('40');
    await expectMatching(['gst_registered_kirana', 'lapsed', 'south_india']);
    await page.locator('#active-days').fill('1');
    await expectMatching(BENGALURU_KIRANA.segments);
  });

  test('JSON that does not parse is refused too, and a good config loads', async () => {
    await page.locator('#config').fill('{"version": 1, "segments": {');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    assert.match(await page.locator('#config-result .result-title').textContent(), /^Not loaded/);
    assert.ok(await page.locator('#config-result .error-code').count() >= 1);
    await expectMatching(BENGALURU_KIRANA.segments);

    await page.locator('#config').fill(JSON.stringify({ version: 1, segments: { kannada_ui: { 'app.language': 'kn' } } }));
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    assert.match(await page.locator('#config-result .result-title').textContent(), /^Loaded: 1 segment\./);
    await expectMatching(['kannada_ui']);
    await page.getByRole('button', { name: 'Reset to demo config' }).click();
    await expectMatching(BENGALURU_KIRANA.segments);
  });

  test('KYC rescue: the push waits for consent, the SMS follows a day later, an opened push stops it', async () => {
    await page.locator('#kyc').selectOption('selfie_pending');
    await page.locator('input[name="tags"][value="push_opt_in"]').setChecked(true);
    const received = () => sendService.sends().map((s) => `${s.channel}:${s.step}`);
    const waitForReceived = async (count) => {
      await page.waitForFunction((n) => document.querySelectorAll('#received li[data-channel]').length === n, count, { timeout: 5_000 });
    };

    await page.getByRole('button', { name: 'KYC stalls now' }).click();
    await page.waitForFunction(() => document.querySelector('#send-decisions').textContent.includes('mobile_push (step 0)'));
    assert.match(await page.locator('#outbox').textContent(), /mobile_push · nk-[0-9a-f]{32} · 0 attempts · waiting for consent/);
    assert.deepEqual(received(), [], 'nothing leaves before consent');

    await page.locator('#consent').check();
    await waitForReceived(1);
    await page.getByRole('button', { name: '+24 hours' }).click();
    await waitForReceived(2);
    assert.deepEqual(received(), ['mobile_push:0', 'sms:1']);
    for (const send of sendService.sends()) {
      assert.deepEqual(send.vars, { 'business.category': 'kirana' }, 'only the allowlisted property');
      assert.equal(send.language, 'kn', 'the app language the merchant chose');
    }
    assert.equal(await page.locator('#outbox').textContent(), 'Empty.');

    await page.getByRole('button', { name: 'KYC stalls now' }).click();
    await waitForReceived(3);
    await page.getByRole('button', { name: 'Open the push' }).click();
    await page.getByRole('button', { name: '+24 hours' }).click();
    await page.waitForFunction(() => document.querySelector('#send-decisions').textContent.startsWith('+24 hours: no send'));
    assert.match(await page.locator('#send-decisions').textContent(), /plan\.reacted/);
    assert.deepEqual(received(), ['mobile_push:0', 'sms:1', 'mobile_push:0']);
    assert.equal(sendService.counts().replayed, 0);
  });

  test('in the app: a tip card after a ledger entry (once a day), the streak strip, and the Diwali wheel', async () => {
    const cards = page.locator('#app-cards nudgekit-nudge');
    await page.getByRole('button', { name: 'Add a ledger entry' }).click();
    await cards.first().waitFor();
    assert.equal(await cards.locator('.title').textContent(), 'Entry saved. Remind the customer in one tap',
      'Kannada has no variant of this tip: the English default');
    assert.equal(await cards.getAttribute('lang'), 'en');
    const streak = page.locator('#app-streaks nudgekit-streaks li[data-reward="first_entry_today"]');
    await streak.locator('.badge').waitFor();
    await page.getByRole('button', { name: 'Add a ledger entry' }).click();
    assert.equal(await cards.count(), 1, 'the card\'s day cap');
    await cards.locator('a.cta').click();
    assert.equal(await page.locator('#profile-result').textContent(), 'The merchant tapped “Send a reminder”.');

    await page.getByRole('button', { name: 'Open the Diwali wheel' }).click();
    const wheel = page.locator('nudgekit-nudge[data-placement="modal"]');
    await wheel.locator('button.spin').click();
    await wheel.locator('.result').filter({ hasText: 'You got:' }).waitFor({ timeout: 10_000 });
    assert.match(await wheel.locator('.result').textContent(), /^You got: (₹50 cashback|A shop sticker|Try again)$/);
    await page.keyboard.press('Escape');
    assert.equal(await wheel.count(), 0, 'Escape closes the wheel');
  });

  test('no console errors, CSP violations or requests beyond the local server', async () => {
    assert.deepEqual(log.problems(), [], 'console errors or warnings');
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
    assert.deepEqual(await log.cspViolations(), [], 'CSP violations');
    assert.deepEqual(log.failed, [], 'failed requests');
    assert.deepEqual(log.responses.filter((r) => r.status >= 400), [], 'HTTP errors');
    assert.deepEqual(log.requests.filter((url) => new URL(url).origin !== server.url), []);
    assert.deepEqual(blocked, []);
    const wasm = log.responses.filter((r) => new URL(r.url).pathname.endsWith('.wasm'));
    assert.ok(wasm.length > 0);
    for (const r of wasm) assert.equal(r.contentType, 'application/wasm', r.url);
  });
});
