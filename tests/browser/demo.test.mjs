// The demo (demo/) in Chromium under the strict CSP, driven through the seed stories: a Hindi-ad
// merchant in Uttar Pradesh on an English phone sees Hindi first, a Tamil Nadu one Tamil, an Arabic
// phone right-to-left; a KYC stalled at the selfie gets the rescue modal, then one push, then one SMS
// at the send server, which never sees an event; converting stops the plan; the ledger's tips, inbox,
// coach mark and quiz stop at the fatigue line; the wheel's prizes stay within their limits; the
// marketer panel explains; quiet hours hold a nudge till morning; a broken config is refused with its
// pointer; axe finds nothing serious.
// Screenshots go to test-output/demo/. Run after `npm run build`: node --test tests/browser/*.test.mjs
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { axeViolations } from './axe.mjs';
import { confineTo, launchChromium, watchPage } from './chromium.mjs';
import { CSP, startServer } from './server.mjs';
import { createSendService } from '../../demo/server/send-server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUTPUT = fileURLToPath(new URL('../../test-output/demo/', import.meta.url));
const CONFIG = JSON.parse(readFileSync(new URL('../../demo/config.json', import.meta.url), 'utf8'));
const TIMEOUT_MS = 20_000;

let server;
let sendService;
let browser;
let blocked;
const logs = [];

before(async () => {
  assert.ok(existsSync(new URL('../../dist/index.browser.mjs', import.meta.url)), 'dist/ is missing: run `npm run build` first');
  mkdirSync(OUTPUT, { recursive: true });
  sendService = createSendService({ logger: () => {} });
  server = await startServer({ root: ROOT, redirects: { '/': '/demo/' }, api: sendService.handle });
  browser = await launchChromium({ timeout: TIMEOUT_MS });
  blocked = await confineTo(browser.context, server.url);
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
  await server?.close();
  sendService?.close();
}, { timeout: 60_000 });

/** A page whose console, requests and CSP violations the last test checks; closed after the test. */
async function newPage(t) {
  const page = await browser.context.newPage();
  const log = await watchPage(page);
  logs.push(log);
  t.after(async () => {
    log.csp = await log.cspViolations();
    await page.close();
  });
  return page;
}

/** A new merchant: the demo at `query`, ready, in a page of its own (the engine keeps nothing between). */
async function openDemo(t, query = '', { reducedMotion = 'no-preference' } = {}) {
  const page = await newPage(t);
  await page.emulateMedia({ reducedMotion });
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`${server.url}/demo/${query}`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: TIMEOUT_MS });
  const userId = await page.locator('body').getAttribute('data-user');
  const nudge = (placement) => page.locator(`#phone nudgekit-nudge[data-placement="${placement}"]`);
  const advance = async (label) => {
    const before = await page.locator('#clock').textContent();
    await page.getByRole('button', { name: label, exact: true }).click();
    await page.waitForFunction((b) => document.querySelector('#clock').textContent !== b, before);
  };
  const received = () => sendService.sends().filter((s) => s.userId === userId);
  const funnel = async (campaign) => Object.fromEntries(await page.locator(`#funnels [data-campaign="${campaign}"] li`)
    .evaluateAll((items) => items.map((li) => [li.dataset.stage, Number(li.dataset.count)])));
  // The welcome banner lies over the top of the screen until the merchant closes it.
  const closeBanner = async () => {
    await nudge('banner').locator('button.close').click();
    await nudge('banner').waitFor({ state: 'detached' });
  };
  // KYC up to the selfie step, where the rescue's stall begins.
  const reachTheSelfie = async () => {
    await closeBanner();
    await page.getByRole('tab', { name: 'KYC' }).click();
    for (const step of ['Start KYC', 'Submit PAN', 'Open the selfie camera']) await page.getByRole('button', { name: step }).click();
  };
  return { page, userId, nudge, advance, received, funnel, closeBanner, reachTheSelfie };
}

const variantTitle = (item, language, shop = 'Sharma Kirana') =>
  CONFIG.content[item].variants[language].title.replace(/\{\{profile\.shop\.name \| default: "[^"]*"\}\}/, shop);

/** A screenshot once the nudges' entrance animations (in their shadow roots too) have finished. */
async function snapshot(page, name) {
  // Chromium's document.getAnimations() leaves shadow roots out: each nudge's root is asked too.
  await page.evaluate(() => Promise.all([document, ...[...document.querySelectorAll('nudgekit-nudge')].map((host) => host.shadowRoot)]
    .flatMap((root) => root.getAnimations()).map((animation) => animation.finished)));
  await page.screenshot({ path: `${OUTPUT}${name}` });
}

async function waitForSends(received, count) {
  const deadline = Date.now() + 5_000;
  while (received().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return received();
}

describe('the demo in Chromium under a strict CSP', { timeout: 180_000 }, () => {
  test('/ opens the demo; a new merchant in Uttar Pradesh on an English phone is welcomed in Hindi (their state)', async (t) => {
    const page = await newPage(t);
    const response = await page.goto(`${server.url}/`);
    assert.equal(new URL(page.url()).pathname, '/demo/');
    assert.equal(response.headers()['content-security-policy'], CSP);
    await page.waitForSelector('body[data-state="ready"]', { timeout: TIMEOUT_MS });
    const banner = page.locator('#phone nudgekit-nudge[data-placement="banner"]');
    await banner.waitFor({ state: 'attached' });
    assert.equal(await banner.getAttribute('lang'), 'hi');
    assert.equal(await banner.locator('.title').textContent(), variantTitle('welcome_first_entry', 'hi'));
    assert.equal(await page.locator('#language-tag').textContent(), 'hi');
    assert.equal(await page.locator('#language-source').getAttribute('data-source'), 'region');
  });

  test('a Hindi ad, Uttar Pradesh, an English phone: Hindi first (the ad); picking English in the app wins after', async (t) => {
    const { page, nudge, funnel } = await openDemo(t, '?utm=hi&state=IN-UP&device=en-US');
    await nudge('banner').waitFor({ state: 'attached' });
    assert.equal(await nudge('banner').getAttribute('lang'), 'hi');
    assert.equal(await page.locator('#language-source').getAttribute('data-source'), 'campaign');
    assert.equal(await page.locator('#language-chain').textContent(), 'hi → en');
    assert.deepEqual(await funnel('welcome'), { eligible: 1, shown: 1, clicked: 0, converted: 0 }, 'the banner was reported shown');
    assert.match(new URL(page.url()).search, /utm=hi/, 'the story is a link');

    await page.locator('#app-language').selectOption('en');
    await page.waitForFunction(() => document.querySelector('#language-tag').textContent === 'en');
    assert.equal(await page.locator('#language-source').getAttribute('data-source'), 'app');
    await page.getByRole('button', { name: 'Festive wheel' }).click();
    await nudge('modal').waitFor({ state: 'attached' });
    assert.equal(await nudge('modal').getAttribute('lang'), 'en', 'the next nudge speaks the language picked');
    await snapshot(page, 'banner-and-wheel-en.png');
  });

  test('Tamil Nadu on an English phone: Tamil; an Arabic phone set by the user: Arabic, right to left', async (t) => {
    const tamil = await openDemo(t, '?state=IN-TN&device=en-US');
    await tamil.nudge('banner').waitFor({ state: 'attached' });
    assert.equal(await tamil.nudge('banner').getAttribute('lang'), 'ta');
    assert.equal(await tamil.nudge('banner').locator('.title').textContent(), variantTitle('welcome_first_entry', 'ta'));
    assert.equal(await tamil.page.locator('#language-source').getAttribute('data-source'), 'region');
    await snapshot(tamil.page, 'banner-ta-ltr.png');

    const arabic = await openDemo(t, '?country=AE&device=ar-AE,en&chosen=1');
    await arabic.nudge('banner').waitFor({ state: 'attached' });
    assert.equal(await arabic.nudge('banner').getAttribute('lang'), 'ar');
    assert.equal(await arabic.nudge('banner').getAttribute('dir'), 'rtl');
    assert.equal(await arabic.page.locator('#language-source').getAttribute('data-source'), 'device_chosen');
    await snapshot(arabic.page, 'banner-ar-rtl.png');

    const urdu = await openDemo(t, '?state=IN-UP&device=en-US&lang=ur');
    await urdu.nudge('banner').waitFor({ state: 'attached' });
    assert.equal(await urdu.nudge('banner').getAttribute('dir'), 'rtl', 'Urdu is right to left');
    await snapshot(urdu.page, 'banner-ur-rtl.png');
  });

  test('KYC stalled at the selfie: the rescue modal, then one push, then one SMS — each reaching the server once, without events', async (t) => {
    const { page, nudge, advance, received, funnel, reachTheSelfie } = await openDemo(t, '?utm=hi&state=IN-UP&device=en-US&consent=1');
    await reachTheSelfie();
    await advance('+1 hour');
    assert.equal(await nudge('modal').count(), 0, 'one hour is not a stall yet');
    await advance('+2 hours');
    const modal = nudge('modal');
    await modal.waitFor({ state: 'attached' });
    assert.equal(await modal.getAttribute('lang'), 'hi');
    assert.equal(await modal.locator('.title').textContent(), variantTitle('kyc_selfie_help', 'hi'));
    assert.equal(await modal.locator('[role="dialog"]').count(), 1);
    await snapshot(page, 'kyc-modal-hi.png');
    assert.deepEqual(received(), [], 'the in-app step sends nothing');

    // The merchant leaves the modal unanswered: two hours on, the push.
    await advance('+2 hours');
    let sends = await waitForSends(received, 1);
    assert.deepEqual(sends.map((s) => `${s.channel}:${s.step}`), ['mobile_push:1']);
    await page.locator('#notifications .notification[data-channel="mobile_push"]').waitFor();
    // A day on, the cheapest channel left: no WhatsApp opt-in, Viber does not reach India, so SMS.
    await advance('+1 day');
    sends = await waitForSends(received, 2);
    assert.deepEqual(sends.map((s) => `${s.channel}:${s.step}`), ['mobile_push:1', 'sms:2']);
    await advance('+1 day');
    await page.waitForTimeout(300);
    assert.equal(received().length, 2, 'the plan is over: nothing more');
    assert.equal(new Set(sends.map((s) => s.id)).size, 2);
    assert.equal(sendService.counts().replayed, 0, 'no send was delivered twice');

    const events = ['app_open', 'screen_view', 'kyc_started', 'kyc_pan_submitted', 'kyc_selfie_opened'];
    for (const send of sends) {
      assert.equal(send.campaign, 'kyc_rescue');
      assert.equal(send.item, 'kyc_selfie_help');
      assert.equal(send.language, 'hi');
      assert.deepEqual(send.vars, { 'business.category': 'kirana' }, 'only the allowlisted property');
      const body = JSON.stringify(send);
      for (const name of events) assert.ok(!body.includes(name), `${name} reached the server`);
      assert.ok(!body.includes('Sharma'), 'the shop name stays on the device');
    }
    await page.locator('#received li[data-channel]').nth(1).waitFor();
    assert.match(await page.locator('#privacy-check').textContent(), /^2 received; none holds an event/);
    assert.deepEqual(await funnel('kyc_rescue'), { eligible: 1, shown: 1, clicked: 0, converted: 0 });
    await page.locator('#explain-campaign').selectOption('kyc_rescue');
    await page.waitForFunction(() => !document.querySelector('[data-clause="last"]')?.textContent.includes('never fired'));
    assert.match(await page.locator('#explain [data-clause="plan"]').textContent(), /mobile_push after 2 h → mobile_push/);
  });

  test('the lender\'s rule in Ukraine: push first, then Viber (cheaper than SMS there), in Ukrainian', async (t) => {
    const { page, nudge, advance, received, reachTheSelfie } = await openDemo(t, '?country=UA&device=uk-UA&chosen=1&consent=1');
    await reachTheSelfie();
    await advance('+2 hours');
    await nudge('modal').waitFor({ state: 'attached' });
    assert.equal(await nudge('modal').getAttribute('lang'), 'uk');
    await advance('+2 hours');
    await advance('+1 day');
    const sends = await waitForSends(received, 2);
    assert.deepEqual(sends.map((s) => `${s.channel}:${s.language}`), ['mobile_push:uk', 'viber:uk']);
  });

  test('KYC rescue converts: the modal\'s button leads to the selfie, the goal is attributed, no send follows', async (t) => {
    const { page, nudge, advance, received, funnel, reachTheSelfie } = await openDemo(t, '?state=IN-TN&device=en-US&consent=1');
    await reachTheSelfie();
    await advance('+2 hours');
    await nudge('modal').waitFor({ state: 'attached' });
    assert.equal(await nudge('modal').getAttribute('lang'), 'ta');
    await nudge('modal').locator('a.cta').click();
    assert.equal(await nudge('modal').count(), 0, 'the call to action closes the modal');
    assert.equal(await page.getByRole('tab', { name: 'KYC' }).getAttribute('aria-selected'), 'true', 'the app routed to KYC');
    await page.getByRole('button', { name: 'Take the selfie' }).click();
    await page.waitForFunction(() => document.querySelector('#funnels [data-campaign="kyc_rescue"] li[data-stage="converted"]')?.dataset.count === '1');
    assert.deepEqual(await funnel('kyc_rescue'), { eligible: 1, shown: 1, clicked: 1, converted: 1 });
    await advance('+1 day');
    await page.waitForTimeout(300);
    assert.deepEqual(received(), [], 'a converted plan sends nothing');
    assert.match(await page.locator('#segments-heading + .summary + #matching').textContent(), /kyc_done/);
    assert.equal(await page.locator('#score-stage').textContent().then((s) => s.split(' ')[0]), 'enable');
  });

  test('quiet hours: a stall noticed at 23:30 is held, not dropped, and the modal waits for the morning', async (t) => {
    const { page, nudge, advance, reachTheSelfie } = await openDemo(t, '?state=IN-UP&device=en-US&at=21:30');
    await reachTheSelfie();
    await advance('+2 hours');
    assert.match(await page.locator('#clock').textContent(), /11:3\d pm/);
    await page.locator('#explain-campaign').selectOption('kyc_rescue');
    await page.waitForFunction(() => document.querySelector('#explain [data-clause="last"]')?.textContent.includes('held'));
    assert.equal(await nudge('modal').count(), 0, 'nothing shows between 22:00 and 08:00');
    assert.equal(await page.locator('#explain [data-clause="quietHours"]').getAttribute('class'), 'failed');
    await advance('+2 hours');
    assert.equal(await nudge('modal').count(), 0, 'still night at 01:30');
    await advance('+1 hour');
    await advance('+2 hours');
    await advance('+2 hours');
    assert.equal(await nudge('modal').count(), 0, 'still quiet at 06:30');
    await advance('+2 hours');
    await nudge('modal').waitFor({ state: 'attached' });
    assert.match(await page.locator('#clock').textContent(), /8:3\d am/);
    assert.equal(await nudge('modal').getAttribute('lang'), 'hi');
  });

  test('the ledger: tip card, inbox and coach mark as entries grow, the GST quiz on Reports — then the fatigue line holds', async (t) => {
    const { page, nudge, funnel, closeBanner } = await openDemo(t, '?state=IN-MH&device=en-US&lang=en');
    await closeBanner();
    const add = async (amount) => {
      await page.locator('#entry-amount').fill(String(amount));
      await page.getByRole('button', { name: 'Add entry' }).click();
    };
    await add(500);
    await page.locator('#app-streaks li[data-reward="first_entry_today"] .badge').waitFor();
    assert.equal(await page.locator('#app-cards nudgekit-nudge').count(), 0, 'no tip before the merchant has a few entries');
    await add(1200);
    await add(300);
    const card = page.locator('#app-cards nudgekit-nudge');
    await card.locator('.title').waitFor();
    assert.equal(await card.locator('.title').textContent(), variantTitle('tip_reminders', 'en'));
    await page.waitForFunction(() => document.querySelector('#inbox-count').textContent === '1');
    await add(800);
    await add(650);
    const coach = nudge('tooltip');
    await coach.waitFor({ state: 'attached' });
    assert.equal(await coach.locator('.title').textContent(), variantTitle('coach_reports', 'en'));
    const [tip, tab] = await Promise.all([coach.locator('[role="dialog"], .panel').first().boundingBox(), page.locator('#tab-reports').boundingBox()]);
    assert.ok(tip.y >= tab.y + tab.height - 1, 'the coach mark sits below the Reports tab');
    await snapshot(page, 'ledger-card-tooltip-en.png');
    await page.locator('#entries button.remind').first().click();
    await page.waitForFunction(() => document.querySelector('#funnels [data-campaign="entry_tip"] li[data-stage="converted"]')?.dataset.count === '1');

    await page.getByRole('tab', { name: 'Reports' }).click();
    const quiz = nudge('sheet');
    await quiz.waitFor({ state: 'attached' });
    await quiz.locator('button.choice[data-choice="b"]').click();
    await quiz.locator('button.next').click();
    await quiz.locator('button.choice[data-choice="a"]').click();
    await quiz.locator('.quiz .score').waitFor();
    assert.equal(await quiz.locator('.quiz .score').textContent(), '2 of 2 right — passed');
    await snapshot(page, 'quiz-sheet-en.png');
    await page.waitForFunction(() => document.querySelector('#matching').textContent.includes('passed_gst_quiz'));
    const lead = Number((await page.locator('#score-lead').textContent()).split(' ')[0]);
    assert.ok(lead >= 10 + 5 * 2 + 5 + 8 + 15, `entries, a reminder, the report, the quiz and GST count (${lead})`);

    // Five nudges today (banner, card, inbox, coach mark, quiz): the wheel is held at the red line.
    await page.keyboard.press('Escape');
    await quiz.waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Ledger' }).click();
    await page.getByRole('button', { name: 'Festive wheel' }).click();
    await page.locator('#explain-campaign').selectOption('diwali_wheel');
    await page.waitForFunction(() => document.querySelector('#explain .verdict')?.dataset.verdict !== 'would_deliver');
    assert.equal(await nudge('modal').count(), 0);
    assert.match(await page.locator('#explain .verdict').textContent(), /blocked by fatigue/);
    assert.equal(await page.locator('#explain [data-clause="fatigue"]').getAttribute('class'), 'failed');
    assert.deepEqual(await funnel('diwali_wheel'), { eligible: 1, shown: 0, clicked: 0, converted: 0 });
  });

  test('a lapsed pharmacy gets the video for its business, in its language, after 14 days without an entry', async (t) => {
    const { page, nudge, advance, closeBanner } = await openDemo(t, '?state=IN-GJ&device=en-US');
    await closeBanner();
    await page.getByRole('tab', { name: 'Shop' }).click();
    await page.locator('#category').selectOption('pharmacy');
    await page.getByRole('tab', { name: 'Ledger' }).click();
    await page.getByRole('button', { name: 'Add entry' }).click();
    await advance('+1 day');
    assert.equal(await nudge('sheet').count(), 0);
    await advance('+15 days');
    const sheet = nudge('sheet');
    await sheet.waitFor({ state: 'attached' });
    assert.equal(await sheet.getAttribute('lang'), 'gu', 'Gujarat speaks Gujarati');
    assert.equal(await sheet.locator('.title').textContent(), variantTitle('video_pharmacy', 'gu'));
    assert.match(await sheet.locator('video').getAttribute('src'), /\/demo\/media\/pharmacy-credit\.webm$/);
    await snapshot(page, 'sheet-video-gu.png');
  });

  test('the festive wheel: prizes the core draws, two spins a day, the ₹50 cashback at most once', async (t) => {
    const { page, nudge, advance } = await openDemo(t, '?state=IN-UP&device=en-US', { reducedMotion: 'reduce' });
    const labels = CONFIG.content.wheel_diwali.variants.hi.widget.labels;
    const prizes = [];
    for (let day = 0; day < 4; day++) {
      await page.getByRole('button', { name: 'Festive wheel' }).click();
      const wheel = nudge('modal');
      await wheel.waitFor({ state: 'attached' });
      for (let spin = 0; spin < 2; spin++) {
        // Emptied first, so that the same prize twice is still seen as a new announcement.
        await wheel.locator('.result').evaluate((result) => { result.textContent = ''; });
        await wheel.locator('button.spin').click();
        await wheel.locator('.result').filter({ hasText: 'आपको मिला' }).waitFor({ timeout: 10_000 });
        const prize = await wheel.locator('.wheel').getAttribute('data-prize');
        assert.ok(prize in labels, `${prize} is a prize of the wheel`);
        assert.equal(await wheel.locator('.result').textContent(), `आपको मिला: ${labels[prize]}`);
        prizes.push(prize);
      }
      assert.equal(await wheel.locator('button.spin').isDisabled(), true, 'two spins a day');
      if (day === 0) await snapshot(page, 'wheel-hi.png');
      await page.keyboard.press('Escape');
      assert.equal(await wheel.count(), 0, 'Escape closes the wheel');
      await advance('+1 day');
    }
    assert.equal(prizes.length, 8);
    assert.ok(prizes.filter((p) => p === 'cashback_50').length <= 1, `the cashback's limit (${prizes})`);
    assert.ok(prizes.filter((p) => p === 'sticker').length <= 4, 'two stickers a week at most');
  });

  test('the marketer panel: explain as a tree, a bad config refused with its pointer, a condition evaluated', async (t) => {
    const { page } = await openDemo(t, '?state=IN-KA&device=en-US');
    await page.locator('#explain-campaign').selectOption('gst_quiz');
    await page.waitForFunction(() => document.querySelector('#explain .tree [data-clause="trigger"]')?.textContent.includes('reports'));
    assert.equal(await page.locator('#explain [data-clause="audience"]').getAttribute('class'), 'ok');

    await page.locator('#config-card summary').click();
    const config = JSON.parse(await page.locator('#config').inputValue());
    config.segments.lapsed = { $recency: { name: 'ledger_entry_added', olderThen: '14d' } };
    config.segments.south_india = { 'geo.region': { $inGroup: 'deep_south' } };
    await page.locator('#config').fill(JSON.stringify(config));
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    assert.match(await page.locator('#config-result .result-title').textContent(), /^Not loaded: 3 errors/);
    const pointers = await page.locator('#config-result .error-pointer').allTextContents();
    assert.deepEqual(pointers.sort(), [
      '/segments/lapsed/$recency', '/segments/lapsed/$recency/olderThen', '/segments/south_india/geo.region/$inGroup',
    ], 'the misspelt key, the window it leaves missing, the unknown group');
    await page.waitForFunction(() => document.querySelector('#matching').textContent.includes('south_india'));
    assert.match(await page.locator('#matching').textContent(), /south_india/, 'the previous config is still in force');

    await page.locator('#config').fill('{"version": 1, "segments": {');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    assert.match(await page.locator('#config-result .result-title').textContent(), /^Not loaded/);
    await page.getByRole('button', { name: 'Reset to demo config' }).click();
    assert.match(await page.locator('#config-result .result-title').textContent(), /^Loaded: \d+ segments, 10 content items, 9 campaigns\./);

    await page.locator('#condition-form').evaluate((form) => form.closest('details').open = true);
    await page.locator('#condition').fill(JSON.stringify({ 'geo.region': { $inGroup: 'south_india' }, language: 'kn' }));
    await page.getByRole('button', { name: 'Evaluate' }).click();
    assert.equal(await page.locator('#condition-result strong').textContent(), 'true', 'Karnataka speaks Kannada');
    await page.locator('#condition').fill(JSON.stringify({ 'geo.region': { $inGrup: 'south_india' } }));
    await page.getByRole('button', { name: 'Evaluate' }).click();
    assert.equal(await page.locator('#condition-result .error-pointer').textContent(), '/geo.region/$inGrup');
  });

  test('accessibility: axe finds no serious violations with a banner, the rescue modal and the Arabic layout', async (t) => {
    // Reduced motion: axe measures contrast as drawn, and a nudge fading in is not yet its colours.
    const english = await openDemo(t, '?state=IN-MH&device=en-US&lang=en', { reducedMotion: 'reduce' });
    await english.nudge('banner').waitFor({ state: 'attached' });
    assert.deepEqual(await axeViolations(english.page), []);
    await english.reachTheSelfie();
    await english.advance('+2 hours');
    await english.nudge('modal').waitFor({ state: 'attached' });
    assert.deepEqual(await axeViolations(english.page), []);

    const arabic = await openDemo(t, '?country=AE&device=ar&chosen=1', { reducedMotion: 'reduce' });
    await arabic.nudge('banner').waitFor({ state: 'attached' });
    assert.deepEqual(await axeViolations(arabic.page), []);
  });

  test('no console errors, CSP violations or requests beyond the local server', async () => {
    for (const log of logs) {
      assert.deepEqual(log.problems(), [], 'console errors or warnings');
      assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
      assert.deepEqual(log.csp, [], 'CSP violations');
      assert.deepEqual(log.failed.filter((f) => !f.includes('net::ERR_ABORTED')), [], 'failed requests');
      assert.deepEqual(log.responses.filter((r) => r.status >= 400), [], 'HTTP errors');
      assert.deepEqual(log.requests.filter((url) => new URL(url).origin !== server.url), []);
    }
    assert.deepEqual(blocked, []);
  });
});
