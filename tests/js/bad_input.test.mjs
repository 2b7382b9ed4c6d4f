// Junk from JS and hostile configs: each gets a clear error naming its place, nothing crashes or
// hangs, and the engine keeps its last good config and profile.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createNudgeKit, NudgeKitError } from '../../dist/index.node.mjs';

const config = { version: 1, segments: { adult: { age: { $gte: 18 } }, in: { 'geo.country': 'IN' } } };

async function engineWithState() {
  const nk = await createNudgeKit({ config, properties: { age: 30, geo: { country: 'IN' } } });
  const snapshot = () => ({ properties: nk.properties(), segments: nk.segments() });
  return { nk, before: snapshot(), snapshot };
}

function nested(levels, leaf) {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { $and: [value] };
  return value;
}

test('junk property values from JS are refused with their pointer', async () => {
  const { nk, before, snapshot } = await engineWithState();
  const cyclic = { a: {} };
  cyclic.a.self = cyclic;
  const cases = [
    [{ score: NaN }, 'properties.invalid_value', '/score'],
    [{ nested: { x: Infinity } }, 'properties.invalid_value', '/nested/x'],
    [{ id: 10n }, 'properties.invalid_value', '/id'],
    [{ fn: () => 1 }, 'properties.invalid_value', '/fn'],
    [{ sym: Symbol('x') }, 'properties.invalid_value', '/sym'],
    [cyclic, 'properties.cyclic', '/a/self'],
    [{ when: new Date(0) }, 'properties.invalid_value', '/when'],
    [{ m: new Map() }, 'properties.invalid_value', '/m'],
    [{ list: [1, undefined] }, 'properties.invalid_value', '/list/1'],
    [{ name: 'a\uD800b' }, 'properties.invalid_string', '/name'],
    [{ ['k\uDC00']: 1 }, 'properties.invalid_string', '/k\uDC00'],
    [{ 'a/b': { '~': NaN } }, 'properties.invalid_value', '/a~1b/~0'],
    [nested(100, 1), 'properties.too_deep', '/$and/0'.repeat(32)],
    [{ bio: 'x'.repeat(10 * 1024 * 1024) }, 'properties.string_too_long', '/bio'],
    [{ 'a..b': 1 }, 'properties.invalid_path', '/a..b'],
    [[1, 2], 'properties.not_object', ''],
  ];
  for (const [value, code, pointer] of cases) {
    assert.throws(() => nk.setProperties(value), (error) => {
      assert.ok(error instanceof NudgeKitError, code);
      assert.equal(error.code, code);
      assert.equal(error.pointer, pointer);
      return true;
    }, code);
    assert.deepEqual(snapshot(), before, `state intact after ${code}`);
  }
  for (const value of [null, undefined, 42, 'text']) {
    assert.throws(() => nk.setProperties(value), NudgeKitError);
  }
  assert.deepEqual(snapshot(), before);
  nk.destroy();
});

test('malformed and hostile configs are rejected whole, last good config kept', async () => {
  const { nk, before, snapshot } = await engineWithState();
  const deepText = `{"version":1,"segments":{"s":${'{"$and":['.repeat(10000)}{}${']}'.repeat(10000)}}}`;
  const cases = [
    ['{"version": 1, "segments": {', 'json.parse', ''],
    [deepText, 'json.too_deep', ''],
    [{ version: 1, segments: { s: nested(10000, {}) } }, 'config.too_deep', '/segments/s' + '/$and/0'.repeat(31)],
    [{ version: 1, segments: { s: { a: { $regex: '(a' } } } }, 'condition.invalid_regex', '/segments/s/a/$regex'],
    [{ version: 1, segments: { s: { a: { $regex: '(\\w+)\\1' } } } }, 'condition.unsupported_regex', '/segments/s/a/$regex'],
    [{ version: 1, segments: { s: { a: 'x'.repeat(10 * 1024 * 1024) } } }, 'config.string_too_long', '/segments/s/a'],
    [`{"version": 1, "segments": {"s": {"a": "${'x'.repeat(100000)}"}}}`, 'condition.string_too_long', '/segments/s/a'],
    [`{"version": 1, "segments": {"s": {"a": "${'x'.repeat(10 * 1024 * 1024)}"}}}`, 'json.too_large', ''],
    ['', 'json.parse', ''],
    [{ version: 1, segments: { s: { a: { $in: 'IN' } } } }, 'condition.invalid_operand', '/segments/s/a/$in'],
    [{ version: 1, segments: { s: { a: NaN } } }, 'config.invalid_value', '/segments/s/a'],
    [{ version: 1, segments: { s: { a: 'x\uD83D' } } }, 'config.invalid_string', '/segments/s/a'],
    [{ version: '1' }, 'config.unsupported_version', '/version'],
    [42, 'config.not_object', ''],
  ];
  for (const [input, code, pointer] of cases) {
    const result = nk.loadConfig(input);
    assert.equal(result.ok, false, code);
    assert.equal(result.errors[0].code, code);
    assert.equal(result.errors[0].pointer, pointer);
    assert.ok(result.errors[0].message.length > 0);
    assert.deepEqual(snapshot(), before, `state intact after ${code}`);
  }
  nk.destroy();
});

test('a catastrophic-backtracking pattern answers (linear-time matcher)', async () => {
  const nk = await createNudgeKit({ properties: { s: `${'a'.repeat(10000)}b`, t: 'x'.repeat(1 << 16) } });
  assert.equal(nk.evaluate({ s: { $regex: '(a+)+$' } }), false);
  assert.equal(nk.evaluate({ s: { $regex: '(a|aa)*b$' } }), true);
  assert.equal(nk.evaluate({ t: { $regex: '(x+x+)+y' } }), false);
  nk.destroy();
});

test('invalid UTF-8 bytes inside a config text are a parse error', async () => {
  const nk = await createNudgeKit();
  // A JS string cannot hold invalid UTF-8, but a lone surrogate escape in JSON text decodes to one.
  const result = nk.loadConfig('{"version": 1, "segments": {"s": {"a": "\\ud800"}}}');
  assert.equal(result.errors[0].code, 'json.parse');
  nk.destroy();
});
