// Issue 8's storage figures where they matter: in Chromium, with IndexedDB's own commit time. The
// same merchant as bench/storage.mjs (1,000 raw events with props over 60 days), then: persist()
// until IndexedDB has committed, createNudgeKit restoring the record from IndexedDB against a fresh
// memory engine, and a follower tab's event until the leading tab counts it (two real tabs).
// Timed inside the page with performance.now(); Chromium is Debian's, driven by playwright-core.
import { inChromium } from './chromium-page.mjs';
import { fmt, markdownTable, median } from './stats.mjs';

const config = {
  version: 1,
  events: { sum: { ledger_entry: 'amount' } },
  segments: {
    busy: { $event: { name: 'ledger_entry', within: '7d', count: { $gte: 10 } } },
    upi_user: { $event: { name: 'ledger_entry', where: { mode: 'upi' }, within: '30d', count: { $gte: 5 } } },
  },
  languages: { default: 'en' },
  content: { tip: { kind: 'tip', variants: { en: { title: 'Send a reminder' } } } },
  campaigns: { tip: { trigger: { event: 'ledger_entry' }, placement: 'card', content: ['tip'], caps: { perDay: 1 } } },
};

// Runs in the page: builds the merchant, then times the three operations.
async function inPage({ config, rounds }) {
  const { createNudgeKit } = await import('/dist/index.browser.mjs');
  const DAY = 86_400_000;
  const start = Date.UTC(2026, 4, 4, 4, 0);
  let now = start;
  const options = { config, userId: 'bench-merchant', timeZone: 'Asia/Kolkata', tickIntervalMs: 0, now: () => now, tabs: 'independent' };
  const nk = await createNudgeKit({ ...options, storage: 'indexeddb' });
  for (let i = 0; i < 1000; i++) {
    now = start + Math.floor((i * 60 * DAY) / 1000);
    nk.track('ledger_entry', { amount: 100 + (i % 37) * 50, mode: i % 3 ? 'cash' : 'upi', party: `party-${i % 41}` });
  }
  await nk.persist();
  const persistMs = [];
  for (let r = 0; r < rounds; r++) {
    nk.setProperties({ round: r });
    const t0 = performance.now();
    await nk.persist();
    persistMs.push(performance.now() - t0);
  }
  const segments = JSON.stringify(nk.segments());
  nk.destroy();
  const restoreMs = [];
  const freshMs = [];
  let same = true;
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    const again = await createNudgeKit({ ...options, storage: 'indexeddb' });
    restoreMs.push(performance.now() - t0);
    same &&= JSON.stringify(again.segments()) === segments;
    again.destroy();
    t0 = performance.now();
    const fresh = await createNudgeKit({ ...options, userId: 'nobody', storage: 'memory' });
    freshMs.push(performance.now() - t0);
    fresh.destroy();
  }
  return { persistMs, restoreMs, freshMs, same };
}

export async function runBrowserStorageBench() {
  console.log('\n## Storage in Chromium (issue 8): IndexedDB commit included, and two real tabs\n');
  return inChromium(async (openPage) => {
    const page = await openPage();
    const result = await page.evaluate(inPage, { config, rounds: 21 });
    if (!result.same) {
      console.log('browser storage: the engine restored from IndexedDB answers differently');
      return false;
    }

    // Two tabs of one user: the second follows; time from its track() until the leader counts it.
    const tabs = [];
    for (let i = 0; i < 2; i++) {
      const tab = i === 0 ? page : await openPage();
      await tab.evaluate((c) => window.__tabs.create({ config: c, userId: 'bench-tabs' }), config);
      tabs.push(tab);
    }
    const syncMs = [];
    for (let r = 1; r <= 21; r++) {
      const sent = await tabs[1].evaluate(() => {
        window.__tabs.trackAll([['ledger_entry', { amount: 1, mode: 'upi' }]]);
        return Date.now();
      });
      await tabs[0].waitForFunction((n) => window.__tabs.evaluate({ $event: { name: 'ledger_entry', count: { $gte: n } } }), r, { polling: 1 });
      syncMs.push(await tabs[0].evaluate(() => Date.now()) - sent);
    }
    console.log(markdownTable(['measure', 'median', 'note'], [
      ['persist() until IndexedDB commits', `${fmt(median(result.persistMs), 2)} ms`, `${result.persistMs.length} writes of a 1,000-event profile`],
      ['createNudgeKit restoring from IndexedDB', `${fmt(median(result.restoreMs), 2)} ms`,
        `vs ${fmt(median(result.freshMs), 2)} ms fresh in memory (${fmt(median(result.restoreMs) / median(result.freshMs), 2)}×)`],
      ['a follower tab\'s event counted by the leader', `${fmt(median(syncMs), 1)} ms`, 'BroadcastChannel between two tabs, polled every 1 ms (Date.now resolution)'],
    ]));
    return true;
  });
}
