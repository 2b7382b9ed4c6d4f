// The same table tests/cpp/case_table_test.cpp runs natively, here through the wasm build in dist/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { createNudgeKit, NudgeKitError } from '../../dist/index.node.mjs';

const table = JSON.parse(readFileSync(new URL('../cases/conditions.json', import.meta.url), 'utf8'));

for (const dialect of ['nudgekit', 'growthbook']) {
  test(`case table through wasm (${dialect} dialect)`, async (t) => {
    const nk = await createNudgeKit({ config: { version: 1, dialect, savedGroups: table.savedGroups } });
    let checked = 0;
    for (const c of table.cases) {
      const expectedError = c.error?.[dialect];
      const expected = c.expected?.[dialect];
      if (expectedError === undefined && expected === undefined) continue;
      nk.setProperties(c.attributes, { replace: true });
      if (expectedError !== undefined) {
        assert.throws(() => nk.evaluate(c.condition), (error) => {
          assert.ok(error instanceof NudgeKitError, c.name);
          assert.equal(error.code, expectedError.code, c.name);
          assert.equal(error.pointer, expectedError.pointer, c.name);
          return true;
        }, c.name);
      } else {
        assert.equal(nk.evaluate(c.condition), expected, c.name);
      }
      checked++;
    }
    t.diagnostic(`${checked} cases`);
    assert.ok(checked > 100);
    nk.destroy();
  });
}
