import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { createNudgeKit, NudgeKitError, validateConfig } from '../../dist/index.node.mjs';

const config = {
  version: 1,
  segments: {
    hindi_belt_new: {
      $and: [{ 'geo.country': 'IN' }, { 'geo.region': { $in: ['IN-UP', 'IN-BR', 'IN-MP'] } }, { 'profile.signup_days': { $lte: 7 } }],
    },
    south_india: { 'geo.region': { $in: ['IN-TN', 'IN-KL', 'IN-KA'] } },
    gst_kirana: { tags: { $all: ['gst_registered'] }, 'profile.business_category': 'kirana' },
    needs_upgrade: { 'app.version': { $vlt: '4.14.0' } },
  },
};

test('createNudgeKit loads a config and evaluates segments from the profile', async () => {
  const nk = await createNudgeKit({ config, userId: 'u1' });
  assert.equal(nk.userId, 'u1');
  assert.deepEqual(nk.segments(), []);
  nk.setProperties({ 'geo.country': 'IN', 'geo.region': 'IN-UP', profile: { signup_days: 3 } });
  assert.deepEqual(nk.segments(), ['hindi_belt_new']);
  nk.setProperties({ app: { version: '4.13.2' }, tags: ['gst_registered'], 'profile.business_category': 'kirana' });
  assert.deepEqual(nk.segments(), ['gst_kirana', 'hindi_belt_new', 'needs_upgrade']);
  nk.destroy();
});

test('initial properties and config as JSON text', async () => {
  const nk = await createNudgeKit({ config: JSON.stringify(config), properties: { 'geo.region': 'IN-KL' } });
  assert.deepEqual(nk.segments(), ['south_india']);
  nk.destroy();
});

test('setProperties merges; replace starts over; unsetProperties removes', async () => {
  const nk = await createNudgeKit({ config });
  nk.setProperties({ geo: { country: 'IN' } });
  nk.setProperties({ 'geo.region': 'IN-TN', n: null });
  assert.deepEqual(nk.properties(), { geo: { country: 'IN', region: 'IN-TN' }, n: null });
  nk.unsetProperties(['geo.country', 'n']);
  assert.deepEqual(nk.properties(), { geo: { region: 'IN-TN' } });
  nk.setProperties({ a: 1, skipped: undefined }, { replace: true });
  assert.deepEqual(nk.properties(), { a: 1 });
  nk.destroy();
});

test('loadConfig reports every error with a pointer and keeps the last good config', async () => {
  const nk = await createNudgeKit({ config });
  nk.setProperties({ 'geo.region': 'IN-KA' });
  const result = nk.loadConfig({
    version: 1,
    segments: { vip: { $and: [{ ltv: { $gt: 1 } }, { age: { $gtt: 18 } }] }, bad: { email: { $regex: '(a' } } },
  });
  assert.equal(result.ok, false);
  assert.deepEqual(result.errors.map((e) => [e.code, e.pointer]), [
    ['condition.invalid_regex', '/segments/bad/email/$regex'],
    ['condition.unknown_operator', '/segments/vip/$and/1/age/$gtt'],
  ]);
  assert.match(result.errors[1].message, /did you mean "\$gt"/);
  assert.deepEqual(nk.segments(), ['south_india']);
  assert.deepEqual(nk.loadConfig('{"version": 1,').errors[0].code, 'json.parse');
  assert.deepEqual(nk.segments(), ['south_india']);
  assert.deepEqual(nk.loadConfig({ version: 1, segments: { all: {} } }), { ok: true, errors: [] });
  assert.deepEqual(nk.segments(), ['all']);
  nk.destroy();
});

test('createNudgeKit rejects an invalid config with NudgeKitError', async () => {
  await assert.rejects(createNudgeKit({ config: { version: 1, segments: { s: { a: { $nope: 1 } } } } }), (error) => {
    assert.ok(error instanceof NudgeKitError);
    assert.equal(error.code, 'condition.unknown_operator');
    assert.equal(error.pointer, '/segments/s/a/$nope');
    assert.equal(error.errors.length, 1);
    return true;
  });
});

test('validateConfig checks without an engine', async () => {
  assert.deepEqual(await validateConfig(config), { ok: true, errors: [] });
  const bad = await validateConfig({ version: 2, segments: {} });
  assert.equal(bad.ok, false);
  assert.equal(bad.errors[0].pointer, '/version');
});

test('evaluate answers ad-hoc conditions and throws NudgeKitError for invalid ones', async () => {
  const nk = await createNudgeKit();
  nk.setProperties({ n: '8', tags: ['a', 'b'] });
  assert.equal(nk.evaluate({ tags: 'a' }), true);
  assert.equal(nk.evaluate({ n: { $gt: 5 } }), false);
  assert.equal(nk.evaluate({ n: { $gt: 5 } }, { dialect: 'growthbook' }), true);
  assert.throws(() => nk.evaluate({ n: { $regex: '(?=x)' } }), { code: 'condition.unsupported_regex', pointer: '/n/$regex' });
  assert.throws(() => nk.evaluate({}, { dialect: 'sql' }), { code: 'engine.invalid_argument' });
  nk.destroy();
});

test('destroy is idempotent and later calls throw engine.destroyed', async () => {
  const nk = await createNudgeKit({ config });
  nk.destroy();
  nk.destroy();
  for (const call of [() => nk.segments(), () => nk.setProperties({}), () => nk.evaluate({}), () => nk.loadConfig(config)]) {
    assert.throws(call, { name: 'NudgeKitError', code: 'engine.destroyed' });
  }
});

test('engines are independent users', async () => {
  const a = await createNudgeKit({ config, properties: { 'geo.region': 'IN-TN' } });
  const b = await createNudgeKit({ config, properties: { 'geo.region': 'IN-UP', 'geo.country': 'IN', 'profile.signup_days': 1 } });
  assert.deepEqual(a.segments(), ['south_india']);
  assert.deepEqual(b.segments(), ['hindi_belt_new']);
  a.destroy();
  assert.deepEqual(b.segments(), ['hindi_belt_new']);
  b.destroy();
});

test('wasmBinary option loads the given bytes', async () => {
  const wasmBinary = await readFile(new URL('../../dist/wasm/nudgekit.wasm', import.meta.url));
  const nk = await createNudgeKit({ wasmBinary, config, properties: { 'geo.region': 'IN-KL' } });
  assert.deepEqual(nk.segments(), ['south_india']);
  nk.destroy();
  await assert.rejects(createNudgeKit({ wasmBinary: new Uint8Array([0x3c, 0x21, 0x64, 0x6f, 0x63]) }), {
    code: 'wasm.load_failed',
    message: /HTML, not WebAssembly/,
  });
});

test('returned values are plain JSON data', async () => {
  const nk = await createNudgeKit({ config, properties: { 'geo.region': 'IN-KL' } });
  const segments = nk.segments();
  assert.ok(Array.isArray(segments));
  assert.equal(JSON.stringify(structuredClone(nk.properties())), JSON.stringify(nk.properties()));
  const result = nk.loadConfig(config);
  assert.deepEqual(Object.keys(result).sort(), ['errors', 'ok']);
  nk.destroy();
});

test('an empty config text on a fresh module is a parse error, not out of memory (regression)', async () => {
  // A copy of the bytes is a new cache key, so this instantiates a module no other test has touched.
  const wasmBinary = new Uint8Array(await readFile(new URL('../../dist/wasm/nudgekit.wasm', import.meta.url)));
  const result = await validateConfig('', { wasmBinary });
  assert.equal(result.ok, false);
  assert.equal(result.errors[0].code, 'json.parse');
});

test('properties cross into the engine exactly (binary transfer): text, numbers, nesting, size', async () => {
  const nk = await createNudgeKit({ config: { version: 1, segments: { big: { 'n.big': { $gt: 2147483647 } } } } });
  const tricky = {
    text: { ascii: 'kirana', devanagari: 'कविता', emoji: 'dukaan 🏪', mixed: 'a\u0000b"\\/\n', empty: '' },
    n: { zero: 0, negZero: -0, small: -7, int32max: 2147483647, big: 2147483648, safe: 2 ** 53, tenth: 0.1,
      price: 613.4, huge: 1e21, tiny: 5e-324, negative: -1.5 },
    nested: { deep: [[[{ a: [true, false, null] }]]], emptyObject: {}, emptyArray: [] },
    'ключ': 'значение',
  };
  nk.setProperties(tricky, { replace: true });
  assert.deepEqual(nk.properties(), JSON.parse(JSON.stringify(tricky)));
  assert.deepEqual(nk.segments(), ['big']);
  // Larger than the encoder's first buffer and full of multi-byte text: the scratch must grow.
  const many = {};
  for (let i = 0; i < 3000; i++) many[`k${i}`] = i % 2 ? `वस्तु ${i} ✓` : i * 1.25;
  nk.setProperties({ many }, { replace: true });
  assert.deepEqual(nk.properties(), { many });
  // A non-JSON value deep inside is refused with its pointer and the profile stays as it was.
  assert.throws(() => nk.setProperties({ many: { ...many, bad: NaN } }, { replace: true }),
    (error) => error instanceof NudgeKitError && error.pointer === '/many/bad');
  assert.deepEqual(nk.properties(), { many });
  nk.destroy();
});
