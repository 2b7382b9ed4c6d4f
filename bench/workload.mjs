// Loads the fixed workload (read-only, shared by every engineer) and checks engines against expected.json.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `<repo>/../shared/bench-workload`, resolved from this file so it works from any clone; NK_BENCH_WORKLOAD overrides. */
export const WORKLOAD_DIR = process.env.NK_BENCH_WORKLOAD
  ?? fileURLToPath(new URL('../../shared/bench-workload/', import.meta.url));

function readJson(name) {
  const path = `${WORKLOAD_DIR.replace(/\/$/, '')}/${name}`;
  if (!existsSync(path)) {
    throw new Error(`bench: workload file not found: ${path} (expected <repo>/../shared/bench-workload; set NK_BENCH_WORKLOAD)`);
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function loadWorkload() {
  const users = readJson('users.json').users;
  const conditions = readJson('conditions.json').conditions;              // [{id, template, condition}]
  const jsonlogic = readJson('conditions.jsonlogic.json').conditions;     // [{id, rule}]
  const expectedDoc = readJson('expected.json');

  const ids = conditions.map((c) => c.id);
  const sameIds = (list, what) => {
    if (list.length !== ids.length || list.some((c, i) => c.id !== ids[i])) {
      throw new Error(`bench: ${what} does not list the same condition ids, in the same order, as conditions.json`);
    }
  };
  sameIds(jsonlogic, 'conditions.jsonlogic.json');
  sameIds(expectedDoc.conditions, 'expected.json');
  if (expectedDoc.users !== users.length) throw new Error(`bench: expected.json is for ${expectedDoc.users} users, users.json has ${users.length}`);

  // expected[c] is a Uint8Array bitmap: user i matches condition c iff bit (i & 7) of byte (i >> 3) is set.
  const expected = expectedDoc.conditions.map((c) => {
    const bits = new Uint8Array(Buffer.from(c.bitmap, 'base64'));
    let count = 0;
    for (let i = 0; i < users.length; i++) count += (bits[i >> 3] >> (i & 7)) & 1;
    if (count !== c.matches) throw new Error(`bench: expected.json ${c.id}: bitmap has ${count} users, "matches" says ${c.matches}`);
    return bits;
  });
  return { users, conditions, jsonlogic, expected, ids, totalMatches: expectedDoc.totalMatches };
}

export const expectedBit = (expected, c, u) => ((expected[c][u >> 3] >> (u & 7)) & 1) === 1;

/**
 * Checks one engine's 200 × 1,000 answers. `answer(c, u)` → boolean. Returns {agree, total, disagreements[]}
 * (the first `keep` disagreements, in condition-then-user order).
 */
export function check(workload, answer, keep = 10) {
  const { users, conditions, expected } = workload;
  let agree = 0;
  let total = 0;
  let mismatches = 0;
  const disagreements = [];
  for (let c = 0; c < conditions.length; c++) {
    for (let u = 0; u < users.length; u++) {
      const want = expectedBit(expected, c, u);
      const got = answer(c, u);
      total++;
      if (got === want) {
        agree++;
      } else {
        mismatches++;
        if (disagreements.length < keep) disagreements.push({ condition: conditions[c].id, user: users[u].id, index: u, want, got });
      }
    }
  }
  return { agree, total, mismatches, disagreements };
}
