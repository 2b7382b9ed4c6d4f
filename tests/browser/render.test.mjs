// The in-app renderer (`nudgekit/render`) in Chromium under the strict CSP, driven by a real engine:
// - every format (banner, modal, sheet, card, tooltip, inbox) renders in a shadow root, in the user's
//   language and direction, with its ARIA role, untouched by the host page's hostile styles, and is
//   reported as shown; screenshots of each in English (LTR) and Arabic (RTL) go to test-output/render/;
// - keyboard: a modal takes focus, keeps it (Tab wraps), closes on Escape as a dismissal and gives
//   focus back; a call to action is reported as a click and handed to the app;
// - prefers-reduced-motion turns the entrance animation off;
// - the streak strip shows each streak's progress and the badges earned, redrawn on rewards;
// - XSS corpus: payloads in titles, bodies, links and profile tokens render as inert text, and a
//   javascript: call to action is refused.
// Run after `npm run build`: node --test tests/browser/*.test.mjs
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openRenderPage, renderTestConfig } from './render-page.mjs';
import { startServer } from './server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUTPUT = fileURLToPath(new URL('../../test-output/render/', import.meta.url));

const XSS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '"><svg onload=window.__pwned=3>',
  '[click](javascript:window.__pwned=4)',
  '[click](JaVaScRiPt:window.__pwned=5)',
  '[data](data:text/html,<script>window.__pwned=6</script>)',
  '<a href="javascript:window.__pwned=7">x</a>',
  '&lt;b&gt;entities&lt;/b&gt; <iframe src="javascript:window.__pwned=8">',
  '**<b onmouseover=window.__pwned=9>bold</b>**',
];
const config = renderTestConfig({
  spinsPerDay: 2,
  content: { xss: { kind: 'message', variants: { en: {
    title: `${XSS[0]} {{profile.first_name}}`,
    body: XSS.slice(1).join(' \n '),
    cta: { label: XSS[2], url: 'https://example.in/ok' },
  } } } },
  campaigns: { xss_c: { trigger: { event: 'show_xss' }, placement: 'modal', content: ['xss'] } },
});

let server;
before(async () => {
  assert.ok(existsSync(new URL('../../dist/render/index.mjs', import.meta.url)), 'dist/ is missing: run `npm run build` first');
  mkdirSync(OUTPUT, { recursive: true });
  server = await startServer({ root: ROOT });
});
after(() => server?.close());

const openPage = (t, properties) => openRenderPage(t, server.url, config, properties);

const ROLE = { banner: 'region', modal: 'dialog', sheet: 'dialog', tooltip: 'dialog' };

for (const [language, dir, name] of [['en', 'ltr', 'Asha'], ['ar', 'rtl', 'عائشة']]) {
  test(`every format renders in a shadow root in ${language} (${dir}), reported as shown; screenshots`, { timeout: 60_000 }, async (t) => {
    const { page, call } = await openPage(t, { first_name: name, app: { language } });
    for (const placement of ['card', 'inbox', 'banner', 'tooltip', 'sheet', 'modal']) {
      const delivered = await call('track', `show_${placement}`);
      assert.equal(delivered.length, 1, `${placement} delivered`);
      const all = await call('rendered');
      const mine = placement === 'inbox' ? all.find((r) => r.tag === 'nudgekit-inbox') : all.find((r) => r.placement === placement);
      assert.ok(mine, `${placement} rendered`);
      if (placement === 'inbox') {
        assert.deepEqual(mine.roles, ['list']);
        assert.ok(mine.elements.includes('li'));
      } else {
        assert.equal(mine.lang, language);
        assert.equal(mine.dir, dir);
        if (ROLE[placement]) assert.ok(mine.roles.includes(ROLE[placement]), `${placement} has role ${ROLE[placement]}`);
      }
      if (placement !== 'tooltip') assert.ok(mine.titles[0].includes(name), 'the profile token is filled in');
      assert.notEqual(mine.titleColor, 'rgb(255, 0, 0)', 'host styles do not reach into the shadow root');
      assert.equal(mine.animation, 'none', 'prefers-reduced-motion: no entrance animation');
      await page.screenshot({ path: `${OUTPUT}${placement}-${dir}.png` });
      if (placement === 'modal' || placement === 'sheet' || placement === 'banner' || placement === 'tooltip') {
        await page.keyboard.press('Escape');  // focus is in the dialogs; for the others, close by its button
        if ((await call('rendered')).some((r) => r.placement === placement)) await call('close', delivered[0]);
      }
    }
    const stats = await call('stats');
    for (const placement of ['card', 'inbox', 'banner', 'tooltip', 'sheet', 'modal']) {
      assert.equal(stats[`${placement}_c`].variants.default.shown, 1, `${placement} reported shown once`);
    }
    assert.equal(stats.modal_c.variants.default.dismissed, 1, 'Escape on the modal is a dismissal');
    assert.equal(stats.sheet_c.variants.default.dismissed, 1);
  });
}

test('keyboard: the modal takes focus, keeps it, closes on Escape and gives it back; a CTA is a click handed to the app', { timeout: 60_000 }, async (t) => {
  const { page, call } = await openPage(t, { first_name: 'Asha' });
  await call('focusOpener');
  await call('track', 'show_modal');
  assert.equal(await call('focused'), 'modal:cta', 'focus moved to the call to action');
  await page.keyboard.press('Tab');
  assert.equal(await call('focused'), 'modal:close');
  await page.keyboard.press('Tab');
  assert.equal(await call('focused'), 'modal:a', 'Tab wraps inside the modal, to its first link (in the body)');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await call('focused'), 'modal:close', 'Shift+Tab wraps backwards');
  await page.keyboard.press('Escape');
  assert.equal((await call('rendered')).length, 0);
  assert.equal(await call('focused'), 'opener', 'focus is back where it was');
  assert.equal((await call('stats')).modal_c.variants.default.dismissed, 1);

  await call('track', 'show_banner');
  const url = page.url();
  await page.locator('nudgekit-nudge a.cta').click();
  assert.equal(page.url(), url, 'the app kept the page (onAction returned false)');
  assert.deepEqual(await call('actions'), [['banner_c', 'https://example.in/add']]);
  assert.equal((await call('stats')).banner_c.variants.default.clicked, 1);
  assert.equal((await call('rendered')).length, 0, 'a banner closes once acted on');
});

test('XSS corpus: payloads in titles, bodies, labels and tokens are inert text; javascript: links are refused', { timeout: 60_000 }, async (t) => {
  const { page, call } = await openPage(t, { first_name: '<svg/onload=window.__pwned=10>' });
  await call('track', 'show_xss');
  const [modal] = await call('rendered');
  assert.ok(modal.titles[0].includes('<img src=x onerror="window.__pwned=1">'), 'shown as written');
  assert.ok(modal.titles[0].includes('<svg/onload=window.__pwned=10>'), 'a token value is text too');
  for (const payload of XSS.slice(1)) {
    const visible = payload.replace(/\*\*/g, '').replace(/^\[(click|data)\]\(.*\)$/, '$1');
    assert.ok(modal.bodies[0].includes(visible), `body shows ${visible}`);
  }
  const allowed = new Set(['div', 'span', 'h2', 'p', 'br', 'strong', 'em', 'a', 'button']);
  assert.deepEqual(modal.elements.filter((e) => !allowed.has(e)), [], 'no element but the renderer\'s own');
  assert.deepEqual(modal.links, ['https://example.in/ok'], 'only the safe CTA is a link; javascript: and data: links are text');
  await page.mouse.move(200, 300);
  await page.keyboard.press('Escape');

  // A nudge that did not come from the engine's validated config: the renderer checks again.
  const shownRaw = await call('show', {
    id: 'raw.1', campaign: 'raw', variant: null, placement: 'card', priority: 0, reason: 'test', time: 0, expiresAt: 0, plan: 'raw.1', step: 0,
    content: { item: 'raw', kind: 'tip', language: 'en', direction: 'ltr', title: 'Raw',
      cta: { label: 'Go', url: 'javascript:window.__pwned=11' }, media: { type: 'image', url: 'javascript:window.__pwned=12' } },
  });
  assert.equal(shownRaw, true);
  const raw = (await call('rendered')).find((r) => r.nudge === 'raw.1');
  assert.deepEqual(raw.links, [], 'the javascript: CTA is refused');
  assert.ok(!raw.elements.includes('img'), 'so is the javascript: image');
  assert.equal(await call('pwned'), null, 'nothing ran');
});

test('the wheel turns to the prize the core drew; the quiz shows the core\'s verdict one question at a time', { timeout: 60_000 }, async (t) => {
  const { page, call } = await openPage(t, { app: { language: 'ar' } });
  await call('track', 'show_wheel');
  const spin = page.locator('nudgekit-nudge button.spin');
  assert.equal(await spin.textContent(), 'أدر العجلة', 'the widget speaks the content\'s language');
  await spin.click();
  const result = page.locator('nudgekit-nudge .wheel-box .result');
  await result.filter({ hasText: 'ربحت' }).waitFor();
  const prize = await page.locator('nudgekit-nudge .wheel').getAttribute('data-prize');
  const labels = { cashback: '٥٠ روبية', sticker: 'ملصق', again: 'حاول مجددًا' };
  assert.ok(prize in labels, 'a prize of the wheel');
  assert.equal(await result.textContent(), `ربحت: ${labels[prize]}`);
  await page.screenshot({ path: `${OUTPUT}wheel-rtl.png` });
  assert.equal((await call('stats')).wheel_c.variants.default.clicked, 1, 'a spin is a click');
  await spin.click();  // the second and last spin of the day
  await page.waitForFunction(() => document.querySelector('nudgekit-nudge')?.shadowRoot.querySelector('button.spin')?.disabled === true);
  await page.keyboard.press('Escape');

  await call('setProperties', { app: { language: 'en' } });
  await call('track', 'show_quiz');
  const card = page.locator('nudgekit-nudge[data-placement="card"]');
  assert.equal(await card.locator('legend').textContent(), 'A bill is needed above…');
  await card.locator('button.choice[data-choice="a"]').click();
  await card.locator('.quiz .result').filter({ hasText: 'Not quite' }).waitFor();
  assert.equal(await card.locator('.quiz .result').textContent(), 'Not quite Above ₹200 a bill is required.');
  assert.equal(await card.locator('button.choice.right').getAttribute('data-choice'), 'b', 'the right answer is shown after answering');
  await card.locator('button.next').click();
  assert.equal(await card.locator('legend').textContent(), 'GSTR-1 is filed…');
  await card.locator('button.choice[data-choice="a"]').click();
  await card.locator('.quiz .score').waitFor();
  assert.equal(await card.locator('.quiz .score').textContent(), '1 of 2 right — passed');
  await page.screenshot({ path: `${OUTPUT}quiz-ltr.png` });
  assert.equal((await call('stats')).quiz_c.variants.default.clicked, 1);
});

test('the streak strip: progress per streak, a badge when earned, redrawn when the engine earns one', { timeout: 60_000 }, async (t) => {
  const { page, call } = await openPage(t, {});
  await page.waitForFunction(() => window.__render.streaks().length === 2);
  assert.deepEqual(await call('streaks'), [
    { id: 'daily_entry', text: '0 of 1 days', earned: false, progress: [0, 1], name: 'Daily entry: 0 of 1 days' },
    { id: 'week_of_entries', text: '0 of 7 days', earned: false, progress: [0, 7], name: 'Week of entries: 0 of 7 days' },
  ]);
  await call('track', 'ledger_entry');  // earns daily_entry: the strip redraws by itself
  await page.waitForFunction(() => window.__render.streaks()[0]?.earned === true);
  assert.deepEqual((await call('streaks')).map((s) => [s.id, s.text, s.earned]), [['daily_entry', '1 of 1 days', true], ['week_of_entries', '1 of 7 days', false]]);
  await page.screenshot({ path: `${OUTPUT}streaks-ltr.png` });
});
