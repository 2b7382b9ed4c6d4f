// configUrl and verifyKey through the built package, against a real HTTP server on 127.0.0.1 and keys
// made with WebCrypto: a signed config installs; the cached one starts the next engine at once while
// the refresh runs; a config whose signature fails, that does not validate, or that cannot be downloaded
// never replaces the one in force; without a cache, those failures reject createNudgeKit.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';

import { createNudgeKit, memoryStore, NudgeKitError } from '../../dist/index.node.mjs';

const keys = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
const publicKey = Buffer.from(await crypto.subtle.exportKey('raw', keys.publicKey)).toString('base64');
const otherKeys = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);

const configV1 = JSON.stringify({ version: 1, segments: { kirana: { 'business.category': 'kirana' } } });
const configV2 = JSON.stringify({ version: 1, segments: { kirana: { 'business.category': 'kirana' }, pharmacy: { 'business.category': 'pharmacy' } } });

async function sign(text, key = keys.privateKey) {
  return Buffer.from(await crypto.subtle.sign({ name: 'Ed25519' }, key, new TextEncoder().encode(text))).toString('base64');
}

/** Serves /config.json and /config.json.sig from what the test puts in `served`; `down` refuses. */
async function configServer(t) {
  const served = { text: configV1, signature: await sign(configV1), down: false, requests: [] };
  const server = createServer((req, res) => {
    served.requests.push(req.url);
    if (served.down) return req.socket.destroy();
    if (req.url === '/config.json') return res.writeHead(200, { 'content-type': 'application/json' }).end(served.text);
    if (req.url === '/config.json.sig' && served.signature !== null) return res.writeHead(200).end(served.signature);
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));
  return { served, url: `http://127.0.0.1:${server.address().port}/config.json` };
}

const properties = { business: { category: 'pharmacy' } };
const segmentsWith = async (options) => {
  const nk = await createNudgeKit({ userId: 'm-1', properties, ...options });
  const errors = [];
  nk.on('error', (error) => errors.push(error));
  return { nk, errors };
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

test('a signed config at configUrl installs; the next start uses the cache at once and refreshes', async (t) => {
  const { served, url } = await configServer(t);
  const store = memoryStore();
  const first = await segmentsWith({ configUrl: url, verifyKey: publicKey, storage: store });
  assert.deepEqual(served.requests.sort(), ['/config.json', '/config.json.sig']);
  assert.deepEqual(first.nk.segments(), []);  // v1 has no pharmacy segment
  first.nk.destroy();

  served.text = configV2;
  served.signature = await sign(configV2);
  served.requests = [];
  const second = await segmentsWith({ configUrl: url, verifyKey: publicKey, storage: store });
  assert.deepEqual(second.nk.segments(), [], 'started on the cached v1');
  await settle();
  assert.deepEqual(second.nk.segments(), ['pharmacy'], 'the background refresh installed v2');
  assert.deepEqual(second.errors, []);
  second.nk.destroy();
});

test('a config whose signature fails, or that does not validate, is refused and the last good one stays', async (t) => {
  const { served, url } = await configServer(t);
  const { nk, errors } = await segmentsWith({ configUrl: url, verifyKey: publicKey, storage: memoryStore() });
  const cases = [
    ['tampered', configV2, await sign(configV1), 'config.signature_invalid'],
    ['signed by another key', configV2, await sign(configV2, otherKeys.privateKey), 'config.signature_invalid'],
    ['no signature', configV2, null, 'config.fetch_failed'],
    ['signature not base64', configV2, '%%%', 'config.signature_invalid'],
    ['signed but invalid', '{"version":1,"segments":{"x":{"a":{"$gtee":1}}}}', await sign('{"version":1,"segments":{"x":{"a":{"$gtee":1}}}}'), 'condition.unknown_operator'],
    ['signed but not JSON', '{"version":', await sign('{"version":'), 'json.parse'],
  ];
  for (const [what, text, signature, code] of cases) {
    served.text = text;
    served.signature = signature;
    const result = await nk.refreshConfig();
    assert.equal(result.ok, false, what);
    assert.equal(result.errors[0].code, code, what);
    assert.deepEqual(nk.segments(), [], `${what}: v1 still in force`);
  }
  const invalid = (await (async () => { served.text = cases[4][1]; served.signature = cases[4][2]; return nk.refreshConfig(); })()).errors[0];
  assert.equal(invalid.pointer, '/segments/x/a/$gtee');
  served.down = true;
  assert.equal((await nk.refreshConfig()).errors[0].code, 'config.fetch_failed');
  assert.deepEqual(errors, [], 'refreshConfig answers; it does not also emit');
  nk.destroy();
});

test('without a cache, a refused or unreachable config rejects createNudgeKit; with one, it is reported', async (t) => {
  const { served, url } = await configServer(t);
  served.signature = await sign(configV2);
  await assert.rejects(createNudgeKit({ configUrl: url, verifyKey: publicKey }), (e) => e instanceof NudgeKitError && e.code === 'config.signature_invalid' && e.pointer === '/verifyKey');
  served.signature = await sign(configV1);
  const store = memoryStore();
  (await createNudgeKit({ configUrl: url, verifyKey: publicKey, storage: store })).destroy();
  served.down = true;
  const { nk, errors } = await segmentsWith({ configUrl: url, verifyKey: publicKey, storage: store });
  await settle();
  assert.deepEqual(errors.map((e) => e.code), ['config.fetch_failed']);
  nk.destroy();
  await assert.rejects(createNudgeKit({ configUrl: url, verifyKey: publicKey }), (e) => e.code === 'config.fetch_failed' && e.pointer === '/configUrl');
});

test('a tampered cache is not trusted: the engine downloads instead', async (t) => {
  const { served, url } = await configServer(t);
  const store = memoryStore();
  (await createNudgeKit({ configUrl: url, verifyKey: publicKey, storage: store })).destroy();
  const key = `config:${url}`;
  const entry = JSON.parse(await store.get(key));
  await store.set(key, JSON.stringify({ ...entry, text: configV2 }));
  served.requests = [];
  const { nk } = await segmentsWith({ configUrl: url, verifyKey: publicKey, storage: store });
  assert.deepEqual(nk.segments(), [], 'v1 from the server, not the tampered v2');
  assert.ok(served.requests.includes('/config.json'));
  nk.destroy();
});

test('without verifyKey no signature is fetched; bad options are refused with their pointer', async (t) => {
  const { served, url } = await configServer(t);
  const { nk } = await segmentsWith({ configUrl: url });
  assert.deepEqual(served.requests, ['/config.json']);
  nk.destroy();
  const refused = [
    [{ configUrl: url, config: configV1 }, 'options.invalid_config_url', '/configUrl'],
    [{ configUrl: 'config.json' }, 'options.invalid_config_url', '/configUrl'],
    [{ configUrl: 'ftp://127.0.0.1/config.json' }, 'options.invalid_config_url', '/configUrl'],
    [{ configUrl: 42 }, 'options.invalid_config_url', '/configUrl'],
    [{ configUrl: url, verifyKey: 'AAAA' }, 'options.invalid_verify_key', '/verifyKey'],
    [{ configUrl: url, verifyKey: '!!' }, 'options.invalid_verify_key', '/verifyKey'],
    [{ configUrl: url, verifyKey: 7 }, 'options.invalid_verify_key', '/verifyKey'],
  ];
  for (const [options, code, pointer] of refused) {
    await assert.rejects(createNudgeKit(options), (e) => e instanceof NudgeKitError && e.code === code && e.pointer === pointer, JSON.stringify(options));
  }
});
