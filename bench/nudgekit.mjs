// nudgekit as shipped: the built package in ../dist (run `npm run build` first; scripts/bench.sh does).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { consume, now, nsSince } from './stats.mjs';

const ENTRY = new URL('../dist/index.node.mjs', import.meta.url);

export async function loadNudgeKit() {
  if (!existsSync(fileURLToPath(ENTRY))) {
    throw new Error(`bench: ${fileURLToPath(ENTRY)} is missing: run \`npm run build\` in the repo root (npm run bench does it)`);
  }
  return import(ENTRY.href);
}

/** The config: one segment per condition, named by its id (seg_001…). */
export function configFor(conditions) {
  const segments = {};
  for (const { id, condition } of conditions) segments[id] = condition;
  return { version: 1, segments };
}

/** One engine with the 200 segments installed. */
export async function createEngine(api, conditions) {
  return api.createNudgeKit({ config: configFor(conditions) });
}

/**
 * segments() for every user, as a [condition][user] answer function for check(). Also returns names that
 * are not segments of the config (there should be none).
 */
export function segmentAnswers(nk, { users, ids }) {
  const index = new Map(ids.map((id, c) => [id, c]));
  const answers = new Uint8Array(ids.length * users.length);
  const unknown = new Set();
  for (let u = 0; u < users.length; u++) {
    nk.setProperties(users[u], { replace: true });
    for (const name of nk.segments()) {
      const c = index.get(name);
      if (c === undefined) unknown.add(name);
      else answers[c * users.length + u] = 1;
    }
  }
  return { answer: (c, u) => answers[c * users.length + u] === 1, unknown: [...unknown] };
}

/** nk.evaluate(condition) for every condition × user (ad-hoc conditions; checked, not timed). */
export function evaluateAnswers(nk, { users, conditions }) {
  const answers = new Uint8Array(conditions.length * users.length);
  for (let u = 0; u < users.length; u++) {
    nk.setProperties(users[u], { replace: true });
    for (let c = 0; c < conditions.length; c++) answers[c * users.length + u] = nk.evaluate(conditions[c].condition) ? 1 : 0;
  }
  return (c, u) => answers[c * users.length + u] === 1;
}

/**
 * (a) profile resident: the profile is set outside the timed region, then `reps` calls of segments()
 * are timed and divided. The pass returns ns per pass over all users (one segments() per user).
 */
export function residentPass(nk, users, reps = 50) {
  return () => {
    let total = 0;
    for (let u = 0; u < users.length; u++) {
      nk.setProperties(users[u], { replace: true });
      let n = 0;
      const start = now();
      for (let r = 0; r < reps; r++) n += nk.segments().length;
      total += nsSince(start) / reps;
      consume(n);
    }
    return total;
  };
}

/** (b) including setProperties from JS: setProperties(user, {replace: true}) + segments() per user. */
export function withSetPropertiesPass(nk, users) {
  return () => {
    let n = 0;
    const start = now();
    for (let u = 0; u < users.length; u++) {
      nk.setProperties(users[u], { replace: true });
      n += nk.segments().length;
    }
    const ns = nsSince(start);
    consume(n);
    return ns;
  };
}
