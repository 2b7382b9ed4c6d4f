// Issue 9's figures: what nudgekit/render costs on top of the engine, in Chromium. For a banner, a
// modal with the wheel widget and an inline card: track() with the renderer drawing the nudge into
// its shadow root (synchronously, in the 'nudge' listener) against track() alone, and the time until
// the next frame has been painted. Also mounting the renderer. Timed in the page with performance.now().
import { inChromium } from './chromium-page.mjs';
import { fmt, markdownTable, median } from './stats.mjs';

const hi = (title, body) => ({ title, body, cta: { label: 'आगे बढ़ें', url: '#next' } });
const config = {
  version: 1,
  languages: { default: 'en' },
  content: {
    tip: { kind: 'tip', variants: { en: { title: 'Send a reminder', body: 'Customers pay **twice as fast**.' }, hi: hi('रिमाइंडर भेजें', 'ग्राहक **दोगुनी तेज़ी** से भुगतान करते हैं।') } },
    wheel: {
      kind: 'wheel',
      widget: { prizes: [{ id: 'a', weight: 1 }, { id: 'b', weight: 3 }, { id: 'c', weight: 6 }] },
      variants: {
        en: { title: 'Spin and win', widget: { labels: { a: '₹50 cashback', b: 'A sticker', c: 'Try again' } } },
        hi: { title: 'घुमाइए और जीतिए', widget: { labels: { a: '₹50 कैशबैक', b: 'स्टिकर', c: 'फिर कोशिश करें' } } },
      },
    },
  },
  campaigns: {
    banner: { trigger: { event: 'show_banner' }, placement: 'banner', content: ['tip'] },
    modal: { trigger: { event: 'show_wheel' }, placement: 'modal', content: ['wheel'] },
    card: { trigger: { event: 'show_card' }, placement: 'card', content: ['tip'] },
  },
};

async function inPage({ config, rounds }) {
  const BATCH = 10;
  const { createNudgeKit } = await import('/dist/index.browser.mjs');
  const { mountNudges } = await import('/dist/render/index.mjs');
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  let now = Date.UTC(2026, 4, 4, 6, 0);
  const options = { config, userId: 'bench', timeZone: 'Asia/Kolkata', tickIntervalMs: 0, now: () => now, storage: 'memory', properties: { app: { language: 'hi' } } };
  const cards = document.createElement('div');
  document.body.appendChild(cards);
  const out = { mountMs: [] };
  for (const [event, placement] of [['show_banner', 'banner'], ['show_wheel', 'modal'], ['show_card', 'card']]) {
    const alone = await createNudgeKit(options);
    const drawn = await createNudgeKit(options);
    const renderer = mountNudges(drawn, { containers: { card: cards } });
    const trackAlone = [];
    const trackDrawn = [];
    const painted = [];
    // Without cross-origin isolation Chromium's clock ticks in 0.1 ms steps: each sample is a batch.
    for (let r = 0; r < rounds; r++) {
      now += 3_600_000;
      let t0 = performance.now();
      for (let i = 0; i < BATCH; i++) alone.track(event);
      trackAlone.push((performance.now() - t0) / BATCH);
      // One drawn at a time (closed, untimed, before the next): ten modals stacked would each lay out the others.
      let spent = 0;
      for (let i = 0; i < BATCH; i++) {
        t0 = performance.now();
        const [drawnNudge] = drawn.track(event);
        spent += performance.now() - t0;
        renderer.close(drawnNudge.id);
      }
      trackDrawn.push(spent / BATCH);
      t0 = performance.now();
      const [nudge] = drawn.track(event);
      if (!document.querySelector(`nudgekit-nudge[data-nudge="${nudge.id}"]`)?.shadowRoot?.querySelector('.title')) {
        throw new Error(`${placement} was not drawn`);
      }
      await frame();
      painted.push(performance.now() - t0);
      renderer.close(nudge.id);
    }
    renderer.destroy();
    alone.destroy();
    drawn.destroy();
    out[placement] = { trackAlone, trackDrawn, painted };
  }
  const nk = await createNudgeKit(options);
  for (let r = 0; r < rounds; r++) {
    const renderers = [];
    const t0 = performance.now();
    for (let i = 0; i < BATCH; i++) renderers.push(mountNudges(nk, { containers: { card: cards } }));
    out.mountMs.push((performance.now() - t0) / BATCH);
    for (const renderer of renderers) renderer.destroy();
  }
  nk.destroy();
  return out;
}

export async function runBrowserRenderBench() {
  console.log('\n## Rendering in Chromium (issue 9): nudgekit/render on top of track()\n');
  return inChromium(async (openPage) => {
    const page = await openPage();
    const result = await page.evaluate(inPage, { config, rounds: 41 });
    const us = (values) => `${fmt(median(values) * 1000, 0)} µs`;
    const rows = ['banner', 'modal', 'card'].map((placement) => {
      const { trackAlone, trackDrawn, painted } = result[placement];
      return [placement === 'modal' ? 'modal with the wheel' : placement, us(trackAlone), us(trackDrawn),
        `${fmt((median(trackDrawn) - median(trackAlone)) * 1000, 0)} µs`, `${fmt(median(painted), 1)} ms`];
    });
    console.log(markdownTable(['nudge (Hindi)', 'track() alone', 'track() + drawn', 'renderer\'s share', 'until painted'], rows));
    const mount = median(result.mountMs) * 1000;
    console.log(`\n- mountNudges(): ${mount < 10 ? '< 10 µs' : `${fmt(mount, 0)} µs`} median; "until painted" waits two animation frames (≈16.7 ms each at 60 Hz).`);
    return true;
  }).catch((error) => {
    console.log(`browser render: ${error.message}`);
    return false;
  });
}
