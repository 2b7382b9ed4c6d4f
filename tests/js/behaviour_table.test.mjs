// Runs tests/cases/behaviour.json through the built package: the same scenarios the native suite runs
// (tests/cpp/behaviour_table_test.cpp), here through track/tick/setProperties, the 'segment' and
// 'stage' events, scores() and snapshot()/restore(), with the zone given by its IANA name.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { createNudgeKit } from '../../dist/index.node.mjs';

const table = JSON.parse(readFileSync(new URL('../cases/behaviour.json', import.meta.url), 'utf8'));
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const durationMs = (text) => {
  const [, amount, unit] = /^(\d+)(ms|s|m|h|d|w)$/.exec(text);
  return Number(amount) * UNIT_MS[unit];
};

// Expected values name instants as text; the engine reports epoch milliseconds.
function withInstants(value) {
  if (Array.isArray(value)) return value.map(withInstants);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) =>
    [key, (key === 'at' || key === 'since') && typeof inner === 'string' ? Date.parse(inner) : withInstants(inner)]));
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

for (const scenario of table.scenarios) {
  test(`behaviour table: ${scenario.name}`, async () => {
    let now = 0;
    let changes = [];
    let stage = null;
    const open = async () => {
      const nk = await createNudgeKit({ config: scenario.config, now: () => now, timeZone: scenario.timeZone });
      nk.on('segment', ({ segment, entered, time }) => changes.push({ segment, entered, at: time }));
      nk.on('stage', ({ stage: name, previous, time }) => {
        assert.equal(stage, null, 'at most one stage change per call');
        stage = { stage: name, previous, at: time };
      });
      return nk;
    };
    let nk = await open();
    try {
      for (const [index, step] of scenario.steps.entries()) {
        const where = `step ${index} (${JSON.stringify(step).slice(0, 80)})`;
        changes = [];
        stage = null;
        if (step.snapshotRestore) {
          const restored = await open();
          const result = restored.restore(nk.snapshot());
          assert.deepEqual(result, { ok: true, errors: [] }, where);
          assert.deepEqual(restored.scores(), nk.scores(), where);
          nk.destroy();
          nk = restored;
          continue;
        }
        now = Date.parse(step.at);
        if (step.track !== undefined) {
          const every = step.repeat ? durationMs(step.repeat.every) : 0;
          const start = now;
          for (let i = 0; i < (step.repeat?.times ?? 1); i++) {
            now = start + i * every;  // the step's later checks happen at its last event
            nk.track(step.track, step.props);
          }
        } else if (step.tick) {
          nk.tick();
        } else if (step.setProperties !== undefined) {
          nk.setProperties(step.setProperties);
          await nextTurn();  // with a listener, segments that read properties re-evaluate right after
        } else {
          assert.fail(`${where}: unknown step`);
        }
        const expect = withInstants(step.expect ?? {});
        if (expect.segments !== undefined) assert.deepEqual(nk.segments(), expect.segments, where);
        assert.deepEqual(changes, expect.changes ?? [], where);
        assert.deepEqual(stage, expect.stage ?? null, where);
        for (const [part, value] of Object.entries(expect.scores ?? {})) assert.deepEqual(nk.scores()[part], value, `${where}: ${part}`);
      }
    } finally {
      nk.destroy();
    }
  });
}
