// Accessibility of the in-app renderer (`nudgekit/render`) with axe-core, in Chromium under the strict
// CSP, on the renderer's test page (tests/browser/pages/render.html) driven by a real engine: every
// format (banner, modal, sheet, card, tooltip, inbox) in English (LTR) and Arabic (RTL), the wheel
// before and after a spin, the quiz through an answer to its score, and the streak strip before and
// after a badge — no serious or critical axe violation in any of them. One page, one state at a time
// (an overlay is closed before the next opens, so axe judges each on the page as a user would see it).
// axe checks the renderer's elements (and their shadow roots), not the test page's own hostile styles.
// Run after `npm run build`: node --test tests/browser/a11y.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { axeViolations, describeViolations } from './axe.mjs';
import { openRenderPage, renderTestConfig } from './render-page.mjs';
import { startServer } from './server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const config = renderTestConfig({ spinsPerDay: 5 });

const FORMATS = ['banner', 'modal', 'sheet', 'card', 'tooltip', 'inbox'];
const hostOf = (placement) => (placement === 'inbox' ? 'nudgekit-inbox' : `nudgekit-nudge[data-placement="${placement}"]`);

let server;
before(async () => {
  assert.ok(existsSync(new URL('../../dist/render/index.mjs', import.meta.url)), 'dist/ is missing: run `npm run build` first');
  server = await startServer({ root: ROOT });
});
after(() => server?.close());

test('axe-core finds no serious or critical violation in any format, language, widget or the streak strip', { timeout: 120_000 }, async (t) => {
  const { page, call } = await openRenderPage(t, server.url, config, { first_name: 'Asha', app: { language: 'en' } });
  const check = async (what, include) => {
    const violations = await axeViolations(page, { include });
    assert.deepEqual(violations, [], describeViolations(what, violations));
  };
  const close = async (placement) => {
    for (const r of await call('rendered')) if (r.placement === placement) await call('close', r.nudge);
  };

  for (const [language, dir, name] of [['en', 'ltr', 'Asha'], ['ar', 'rtl', 'عائشة']]) {
    await call('setProperties', { first_name: name, app: { language } });
    for (const placement of FORMATS) {
      await t.test(`${placement} in ${language} (${dir})`, async () => {
        const delivered = await call('track', `show_${placement}`);
        assert.equal(delivered.length, 1, `${placement} delivered`);
        const all = await call('rendered');
        const mine = placement === 'inbox' ? all.find((r) => r.tag === 'nudgekit-inbox') : all.find((r) => r.placement === placement);
        assert.ok(mine, `${placement} rendered`);
        if (placement !== 'inbox') assert.equal(mine.dir, dir);
        await check(`${placement} (${language})`, hostOf(placement));
        await close(placement);
      });
    }
  }

  await t.test('the wheel before and after a spin (ar, en)', async () => {
    for (const language of ['ar', 'en']) {
      await call('setProperties', { app: { language } });
      assert.equal((await call('track', 'show_wheel')).length, 1);
      await check(`wheel (${language})`, hostOf('modal'));
      // The slice labels are turned boxes as big as the wheel: clipped to the disc, none of them
      // covers the Spin button or the title, so a tap anywhere on the button reaches it.
      const covered = await page.evaluate(() => {
        const shadow = document.querySelector('nudgekit-nudge').shadowRoot;
        return ['.spin', '.title'].flatMap((selector) => {
          const r = shadow.querySelector(selector).getBoundingClientRect();
          const points = [];
          for (let x = r.left + 1; x < r.right; x += 4) for (let y = r.top + 1; y < r.bottom; y += 4) points.push([x, y]);
          return points.filter(([x, y]) => shadow.elementFromPoint(x, y)?.classList.contains('slice-label')).length > 0 ? [selector] : [];
        });
      });
      assert.deepEqual(covered, [], 'no slice label lies over the Spin button or the title');
      await page.locator('nudgekit-nudge button.spin').click();
      await page.locator('nudgekit-nudge .wheel[data-prize]').waitFor();
      await check(`wheel after a spin (${language})`, hostOf('modal'));
      await close('modal');
    }
  });

  await t.test('the quiz: a question, a wrong answer with the right one shown, the score', async () => {
    await call('setProperties', { app: { language: 'en' } });
    assert.equal((await call('track', 'show_quiz')).length, 1);
    const card = page.locator('nudgekit-nudge[data-placement="card"]').filter({ has: page.locator('.quiz') });
    await check('quiz', hostOf('card'));
    await card.locator('button.choice[data-choice="a"]').click();
    await card.locator('button.next').waitFor();
    await check('quiz after a wrong answer', hostOf('card'));
    await card.locator('button.next').click();
    await card.locator('button.choice[data-choice="a"]').click();
    await card.locator('.quiz .score').waitFor();
    await check('quiz score', hostOf('card'));
  });

  await t.test('the streak strip before and after a badge', async () => {
    await page.waitForFunction(() => window.__render.streaks().length === 2);
    await check('streak strip', 'nudgekit-streaks');
    await call('track', 'ledger_entry');
    await page.waitForFunction(() => window.__render.streaks()[0]?.earned === true);
    await check('streak strip with a badge', 'nudgekit-streaks');
  });
  // openRenderPage checks afterwards that neither the renderer nor the axe injection broke the strict CSP.
});
