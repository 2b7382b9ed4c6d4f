// The renderer's test page as tests/browser/render.test.mjs and a11y.test.mjs open it, and the config
// both run: a tip in English and Arabic in every format, a coach mark on the page's button, a wheel, a
// quiz and two streaks; `content` and `campaigns` add more (the XSS corpus).
import assert from 'node:assert/strict';
import { confineTo, launchChromium, watchPage } from './chromium.mjs';

const tip = {
  kind: 'tip',
  variants: {
    en: { title: 'Record today\'s sales, {{profile.first_name | default: "friend"}}', body: '**Two taps** and the day is in your ledger. [How](https://example.in/how)',
      badge: 'New', cta: { label: 'Add entry', url: 'https://example.in/add' } },
    ar: { title: 'سجّل مبيعات اليوم يا {{profile.first_name | default: "صديقي"}}', body: '**نقرتان** ويصبح يومك في دفترك. [كيف](https://example.in/how)',
      badge: 'جديد', cta: { label: 'أضف قيدًا', url: 'https://example.in/add' } },
  },
};

/** The renderer tests' config; the wheel allows `spinsPerDay` spins a day. */
export function renderTestConfig({ spinsPerDay, content = {}, campaigns = {} }) {
  return {
    version: 1,
    languages: { default: 'en', supported: ['en', 'ar'] },
    rewards: { streaks: [{ id: 'daily_entry', event: 'ledger_entry', days: 1 }, { id: 'week_of_entries', event: 'ledger_entry', days: 7 }] },
    content: {
      tip,
      coach: { kind: 'tip', variants: {
        en: { title: 'Tap here to add an entry', fields: { anchor: '#ledger-add' } },
        ar: { title: 'انقر هنا لإضافة قيد', fields: { anchor: '#ledger-add' } },
      } },
      wheel: { kind: 'wheel', widget: { prizes: [{ id: 'cashback', weight: 1 }, { id: 'sticker', weight: 1 }, { id: 'again', weight: 1 }], spins: { perDay: spinsPerDay } },
        variants: {
          en: { title: 'Spin and win', widget: { labels: { cashback: '₹50 cashback', sticker: 'A sticker', again: 'Try again' } } },
          ar: { title: 'أدر واربح', widget: { labels: { cashback: '٥٠ روبية', sticker: 'ملصق', again: 'حاول مجددًا' } } },
        } },
      quiz: { kind: 'quiz', widget: { answers: { q1: 'b', q2: 'a' }, pass: 1 },
        variants: { en: { title: 'GST in 2 questions', widget: { questions: [
          { id: 'q1', text: 'A bill is needed above…', choices: [{ id: 'a', text: '₹100' }, { id: 'b', text: '₹200' }], explanation: 'Above ₹200 a bill is required.' },
          { id: 'q2', text: 'GSTR-1 is filed…', choices: [{ id: 'a', text: 'Monthly' }, { id: 'b', text: 'Never' }] },
        ] } } } },
      ...content,
    },
    campaigns: {
      ...Object.fromEntries([
        ['banner', 'tip'], ['modal', 'tip'], ['sheet', 'tip'], ['card', 'tip'], ['inbox', 'tip'], ['tooltip', 'coach'],
      ].map(([placement, item]) => [`${placement}_c`, { trigger: { event: `show_${placement}` }, placement, content: [item] }])),
      ...campaigns,
      wheel_c: { trigger: { event: 'show_wheel' }, placement: 'modal', content: ['wheel'] },
      quiz_c: { trigger: { event: 'show_quiz' }, placement: 'card', content: ['quiz'] },
    },
  };
}

/**
 * The renderer's test page (tests/browser/pages/render.html) at `origin`, its engine created with
 * `config` and `properties`: `{page, call}`, where `call(name, ...args)` runs the page's helper. After
 * the test: no page errors, CSP violations, requests elsewhere or dialogs, and the browser closed.
 */
export async function openRenderPage(t, origin, config, properties) {
  const browser = await launchChromium({ timeout: 20_000 });
  const blocked = await confineTo(browser.context, origin);
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 420, height: 760 });
  // Each state as it settles (screenshots, axe's contrast check); it also checks reduced motion is respected.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const log = await watchPage(page);
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${origin}/tests/browser/pages/render.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  await page.evaluate(([c, p]) => window.__render.create(c, p), [config, properties]);
  const call = (name, ...args) => page.evaluate(([n, a]) => window.__render[n](...a), [name, args]);
  t.after(async () => {
    try {
      assert.deepEqual(log.pageErrors, []);
      assert.deepEqual(await log.cspViolations(), [], 'the renderer needs nothing the strict CSP forbids');
      assert.deepEqual(blocked, []);
      assert.deepEqual(dialogs, []);
    } finally {
      await browser.close();
    }
  });
  return { page, call };
}
