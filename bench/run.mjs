// npm run bench: nudgekit vs GrowthBook evalCondition, sift and json-logic-js on the fixed workload in
// <repo>/../shared/bench-workload. Every engine is checked against expected.json (all 200 conditions ×
// 1,000 users) before anything is timed; a disagreement exits 1. Missed targets are reported, not failures.
import os from 'node:os';

import { runBehaviourBench } from './behaviour.mjs';
import { runLanguageBench } from './language.mjs';
import { runNudgesBench } from './nudges.mjs';
import { runSendsBench } from './sends.mjs';
import { runStorageBench } from './storage.mjs';
import { runTabsBench } from './tabs.mjs';
import { runBrowserStorageBench } from './browser-storage.mjs';
import { runBrowserRenderBench } from './browser-render.mjs';
import { peers } from './engines.mjs';
import {
  createEngine, evaluateAnswers, loadNudgeKit, residentPass, segmentAnswers, withSetPropertiesPass,
} from './nudgekit.mjs';
import { shippedSizes } from './size.mjs';
import { consume, fmt, markdownTable, measureInterleaved, now, nsSince, sinkValue } from './stats.mjs';
import { check, loadWorkload, WORKLOAD_DIR } from './workload.mjs';

const WARMUP = 2;          // untimed rounds first (JIT, caches)
const RUNS = 9;            // timed rounds; each round runs every engine once; medians and mins are quoted
const RESIDENT_REPS = 50;  // segments() calls per user in the profile-resident row
const ISSUE_GROWTHBOOK_US = 124; // GrowthBook on this workload, as measured in the issue
const TARGET_RESIDENT_US = 12;
const TARGET_WITH_SET_US = 40;
const TARGET_GZIP_BYTES = 60 * 1000; // 60 KB, 1 KB = 1,000 bytes

const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
console.log('# nudgekit bench\n');
console.log(`node ${process.version} · ${cpu} (${os.cpus().length} logical CPUs) · ${os.platform()} ${os.arch()} · ${new Date().toISOString()}`);

const workload = loadWorkload();
const { users, conditions } = workload;
const evaluations = users.length * conditions.length;
console.log(`workload: ${WORKLOAD_DIR.replace(/\/$/, '')} — ${fmt(users.length)} users × ${fmt(conditions.length)} conditions`
  + ` = ${fmt(evaluations)} evaluations, ${fmt(workload.totalMatches)} matches\n`);

// ---- 1. correctness, before any timing -------------------------------------------------------------
console.log('## Correctness (every answer vs expected.json)\n');
let failed = false;
function report(label, result, extra = []) {
  const ok = result.agree === result.total && extra.length === 0;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label} agrees with expected.json: ${fmt(result.agree)}/${fmt(result.total)}`);
  if (!ok) {
    failed = true;
    for (const line of extra) console.log(`       ${line}`);
    if (result.mismatches > 0) console.log(`       ${fmt(result.mismatches)} disagreement${result.mismatches === 1 ? '' : 's'}; the first ${result.disagreements.length}:`);
    for (const d of result.disagreements) {
      const cond = conditions.find((c) => c.id === d.condition).condition;
      console.log(`       ${d.condition} × ${d.user} (users[${d.index}]): expected ${d.want}, got ${d.got} — condition ${JSON.stringify(cond)}`);
    }
  }
  return ok;
}

const prepared = [];
for (const peer of peers) {
  const fns = peer.prepare(workload);
  const ok = report(`${peer.name} (${peer.package} ${peer.version})`, check(workload, (c, u) => fns[c](users[u]) === true));
  prepared.push({ peer, fns, ok });
}

const api = await loadNudgeKit();
const nk = await createEngine(api, conditions);
const segs = segmentAnswers(nk, workload);
report('nudgekit segments()', check(workload, segs.answer),
  segs.unknown.length ? [`segments() returned names that are not segments: ${segs.unknown.slice(0, 10).join(', ')}`] : []);
report('nudgekit evaluate(condition)', check(workload, evaluateAnswers(nk, workload)));

if (failed) {
  console.log('\nbench: an engine disagrees with expected.json; nothing was timed.');
  nk.destroy();
  process.exit(1);
}

// ---- 2. speed ----------------------------------------------------------------------------------------
// One pass = every condition for every user. Passes are interleaved round by round (see measureInterleaved).
const peerPass = (fns) => () => {
  let n = 0;
  const start = now();
  for (let u = 0; u < users.length; u++) {
    const user = users[u];
    for (let c = 0; c < fns.length; c++) if (fns[c](user)) n++;
  }
  const ns = nsSince(start);
  consume(n);
  return ns;
};
const engines = [
  ...prepared.map(({ peer, fns }) => ({ name: peer.name, pass: peerPass(fns) })),
  { name: `nudgekit segments(), profile resident (${RESIDENT_REPS} calls per user)`, pass: residentPass(nk, users, RESIDENT_REPS) },
  { name: 'nudgekit setProperties(user, {replace: true}) + segments()', pass: withSetPropertiesPass(nk, users) },
];
const timings = measureInterleaved(engines.map((e) => e.pass), { warmup: WARMUP, runs: RUNS });
const rows = engines.map((e, k) => ({ name: e.name, ...timings[k] }));
const [resident, withSet] = timings.slice(-2);
nk.destroy();

// m.median/m.min are ns per pass over all users × all conditions.
const gb = rows[0];
const perEval = (ns) => ns / evaluations;
const perUser = (ns) => ns / users.length / 1000;
const versus = (ns, ref) => (ns <= ref ? `${fmt(ref / ns, 2)}× faster` : `${fmt(ns / ref, 2)}× slower`);
console.log(`\n## Speed: all ${conditions.length} conditions for each of ${fmt(users.length)} users`
  + ` (median and min of ${RUNS} interleaved rounds after ${WARMUP} warm-up rounds)\n`);
console.log(markdownTable(
  ['engine', 'ns/eval median', 'ns/eval min', 'µs/user median', 'µs/user min', 'vs GrowthBook (median)', 'vs GrowthBook (min)'],
  rows.map((r) => [
    r.name,
    fmt(perEval(r.median), 1), fmt(perEval(r.min), 1),
    fmt(perUser(r.median), 2), fmt(perUser(r.min), 2),
    r === gb ? '1.00×' : versus(r.median, gb.median),
    r === gb ? '1.00×' : versus(r.min, gb.min),
  ]),
));
console.log('\nns/eval = time / (conditions × users); µs/user = time for all 200 segments of one user.'
  + ' GrowthBook, sift and json-logic evaluate one condition per call; nudgekit evaluates all 200 in one segments() call.');

const target = (label, m, limit) => {
  const med = perUser(m.median);
  console.log(`- target ${label} ≤ ${limit} µs/user: ${fmt(med, 2)} µs median (min ${fmt(perUser(m.min), 2)}) — `
    + `${med <= limit ? 'met' : 'NOT met'}`);
};
console.log('\nTargets (judged on the median):');
target('(a) profile resident', resident, TARGET_RESIDENT_US);
target('(b) including setProperties from JS', withSet, TARGET_WITH_SET_US);
// The targets are absolute but this machine is shared: say what they are relative to GrowthBook too.
const gbUs = perUser(gb.median);
console.log(`  The issue measured GrowthBook at ~${ISSUE_GROWTHBOOK_US} µs/user; here it took ${fmt(gbUs, 1)} µs, so on this machine`
  + ` the targets correspond to ${fmt(TARGET_RESIDENT_US * gbUs / ISSUE_GROWTHBOOK_US, 1)} µs (a) and`
  + ` ${fmt(TARGET_WITH_SET_US * gbUs / ISSUE_GROWTHBOOK_US, 1)} µs (b)`
  + ` (${fmt(ISSUE_GROWTHBOOK_US / TARGET_RESIDENT_US, 1)}× and ${fmt(ISSUE_GROWTHBOOK_US / TARGET_WITH_SET_US, 1)}× faster than GrowthBook).`);

// ---- 3. size -----------------------------------------------------------------------------------------
const parts = shippedSizes();
const total = parts.reduce((t, p) => ({ raw: t.raw + p.raw, gzip: t.gzip + p.gzip, brotli: t.brotli + p.brotli }),
  { raw: 0, gzip: 0, brotli: 0 });
console.log('\n## Shipped size (bytes; each file compressed on its own: gzip level 9, brotli quality 11)\n');
console.log(markdownTable(
  ['part', 'file', 'raw', 'gzip', 'brotli'],
  [
    ...parts.map((p) => [p.part, `dist/${p.file}`, fmt(p.raw), fmt(p.gzip), fmt(p.brotli)]),
    ['**total**', '', `**${fmt(total.raw)}**`, `**${fmt(total.gzip)}**`, `**${fmt(total.brotli)}**`],
  ],
  2,
));
console.log(`\n- target ≤ 60 KB gzip total: ${fmt(total.gzip / 1000, 1)} KB (${fmt(total.gzip)} bytes; 1 KB = 1,000 bytes) — `
  + `${total.gzip <= TARGET_GZIP_BYTES ? 'met' : 'NOT met'}`);
console.log('  (the total counts both entry points, index.node.mjs and index.browser.mjs; an app ships one)');

// ---- 4. behaviour (issue 4) --------------------------------------------------------------------------
if (!(await runBehaviourBench(api, workload))) {
  console.log('\nbench: the behaviour benchmark disagrees with expected.json.');
  process.exit(1);
}

// ---- 5. language matching (issue 5) ------------------------------------------------------------------
await runLanguageBench();

// ---- 6. nudges (issue 6) -----------------------------------------------------------------------------
if (!(await runNudgesBench(api, workload))) {
  console.log('\nbench: the nudges benchmark delivered nudges without their content.');
  process.exit(1);
}

// ---- 7. sends (issue 7) ------------------------------------------------------------------------------
if (!(await runSendsBench(api))) {
  console.log('\nbench: the sends benchmark made a wrong decision or a send did not land exactly once.');
  process.exit(1);
}

if (!(await runStorageBench(api))) {
  console.log('\nbench: the storage benchmark restored a different state or did not batch its writes.');
  process.exit(1);
}

if (!(await runTabsBench(api))) {
  console.log('\nbench: the shared-tabs benchmark did not count every event in every tab.');
  process.exit(1);
}

if (!(await runBrowserStorageBench())) {
  console.log('\nbench: the engine restored from IndexedDB in Chromium answered differently.');
  process.exit(1);
}

if (!(await runBrowserRenderBench())) {
  console.log('\nbench: the renderer did not draw a nudge it was given.');
  process.exit(1);
}

if (sinkValue() === 0.5) console.log(''); // keep the results observable
