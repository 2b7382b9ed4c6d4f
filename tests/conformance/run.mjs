// npm run conformance -- <file>: runs a public test file through the BUILT package and prints
// "N passed, N failed". ICU/CLDR language test files are recognised by name (language.mjs). Otherwise
// it expects GrowthBook's cases.json (the evalCondition section, either at the top
// level or under "cases"), run in the growthbook dialect, which promises GrowthBook's exact semantics.
//
// GrowthBook evaluates an unknown operator or an invalid regex to false; nudgekit refuses such a
// condition when it is loaded. A refused condition therefore counts as passing a case whose expected
// answer is false, and is listed separately so the mapping is visible.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { createNudgeKit, loadBucketingTools, NudgeKitError } from '../../dist/index.node.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run conformance -- <growthbook cases.json | ICU/CLDR language test file>');
  process.exit(2);
}
const { isLanguageFile, runLanguageFile } = await import('./language.mjs');
if (isLanguageFile(file)) process.exit(await runLanguageFile(resolve(process.env.INIT_CWD ?? process.cwd(), file)));
const data = JSON.parse(readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), 'utf8'));
const cases = data.evalCondition ?? data.cases?.evalCondition ?? [];
const hashCases = data.hash ?? data.cases?.hash ?? [];
if (cases.length === 0 && hashCases.length === 0) {
  console.error(`${file}: no evalCondition or hash section found (expected GrowthBook's cases.json format)`);
  process.exit(2);
}

// GrowthBook's "hash" section: [seed, value, version, expected] — what campaign variants are bucketed by.
const bucketing = await loadBucketingTools();
const hashFailed = [];
for (const [seed, value, version, expected] of hashCases) {
  const got = bucketing.hash(seed, value, version);
  if (got !== expected) hashFailed.push({ seed, value, version, expected, got });
}
if (hashCases.length > 0) {
  console.log(`${file}: ${hashCases.length} hash cases: ${hashCases.length - hashFailed.length} passed, ${hashFailed.length} failed`);
  for (const f of hashFailed) console.log(`  FAIL: hash(${JSON.stringify(f.seed)}, ${JSON.stringify(f.value)}, v${f.version}): expected ${f.expected}, got ${f.got}`);
}

async function run(dialect) {
  const outcomes = [];
  for (const [name, condition, attributes, expected, savedGroups] of cases) {
    const nk = await createNudgeKit({ config: { version: 1, dialect, savedGroups: savedGroups ?? {} } });
    let got;
    let refused;
    try {
      nk.setProperties(attributes, { replace: true });
      got = nk.evaluate(condition);
    } catch (error) {
      if (!(error instanceof NudgeKitError)) throw error;
      refused = `${error.code} at ${error.pointer || '/'}`;
      got = false;
    } finally {
      nk.destroy();
    }
    outcomes.push({ name, pass: got === expected, refused, got, expected });
  }
  return outcomes;
}

const outcomes = await run('growthbook');
const failed = outcomes.filter((o) => !o.pass);
const refused = outcomes.filter((o) => o.pass && o.refused);
console.log(`${file}: ${outcomes.length} evalCondition cases, growthbook dialect`);
for (const o of refused) console.log(`  refused at load (GrowthBook: false): ${o.name} — ${o.refused}`);
for (const o of failed) console.log(`  FAIL: ${o.name}: expected ${o.expected}, got ${o.got}${o.refused ? ` (refused: ${o.refused})` : ''}`);

// For reference only: where the default dialect answers differently, by design (docs/conditions.md).
const strict = await run('nudgekit');
const differences = strict.filter((o) => !o.pass);
if (differences.length > 0) {
  console.log(`  nudgekit dialect differs by design on ${differences.length} case(s) (see docs/conditions.md):`);
  for (const o of differences) console.log(`    ${o.name}${o.refused ? ` — refused: ${o.refused}` : ` — answers ${o.got}`}`);
}
const passed = outcomes.length - failed.length + hashCases.length - hashFailed.length;
console.log(`${passed} passed, ${failed.length + hashFailed.length} failed`);
process.exit(failed.length + hashFailed.length === 0 ? 0 : 1);
