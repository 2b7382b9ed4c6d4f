// configUrl + verifyKey in Chromium under the strict CSP: the config comes from the page's own origin,
// its Ed25519 signature is checked with WebCrypto, the last good config is cached in IndexedDB and used
// on the next page while a tampered refresh is refused; a configUrl on another origin is refused before
// any request is made.
// Run after `npm run build`: node --test tests/browser/*.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { confineTo, launchChromium, watchPage } from './chromium.mjs';
import { startServer } from './server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE = '/tests/browser/pages/storage.html';
const keys = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
const verifyKey = Buffer.from(await crypto.subtle.exportKey('raw', keys.publicKey)).toString('base64');
const sign = async (text) => Buffer.from(await crypto.subtle.sign({ name: 'Ed25519' }, keys.privateKey, new TextEncoder().encode(text))).toString('base64');

const V1 = JSON.stringify({ version: 1, segments: { kirana: { 'business.category': 'kirana' } } });
const V2 = JSON.stringify({ version: 1, segments: { kirana: { 'business.category': 'kirana' }, any_merchant: { 'business.category': { $exists: true } } } });
const served = { text: V1, signature: '' };
let server;

before(async () => {
  assert.ok(existsSync(new URL('../../dist/index.browser.mjs', import.meta.url)), 'dist/ is missing: run `npm run build` first');
  served.signature = await sign(V1);
  server = await startServer({
    root: ROOT,
    api: (req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      if (path === '/remote/config.json') return res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(served.text), true;
      if (path === '/remote/config.json.sig') return res.writeHead(200, { 'content-type': 'text/plain' }).end(served.signature), true;
      return false;
    },
  });
});
after(() => server?.close());

test('a signed same-origin config installs, is cached, and a tampered refresh is refused', { timeout: 60_000 }, async (t) => {
  const browser = await launchChromium({ timeout: 20_000 });
  t.after(() => browser.close());
  const blocked = await confineTo(browser.context, server.url);
  const page = await browser.context.newPage();
  const log = await watchPage(page);
  const open = async () => {
    await page.goto(server.url + PAGE);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  };
  const call = (name, ...args) => page.evaluate(([n, a]) => window.__storage[n](...a), [name, args]);
  const options = { configUrl: '/remote/config.json', verifyKey, userId: 'm-2', properties: { business: { category: 'kirana' } } };

  await open();
  await call('create', options);
  assert.deepEqual((await call('state')).segments, ['kirana']);

  served.text = V2;  // still V1's signature: tampered on the way
  await open();
  await call('create', options);
  assert.deepEqual((await call('state')).segments, ['kirana'], 'the cached V1 started the page');
  await page.waitForFunction(() => window.__storage.errors().length > 0);
  assert.deepEqual((await call('errors')).map((e) => [e.code, e.pointer]), [['config.signature_invalid', '/verifyKey']]);
  assert.deepEqual((await call('state')).segments, ['kirana'], 'and stays');

  served.signature = await sign(V2);
  await open();
  await call('create', options);
  await page.waitForFunction(() => window.__storage.state().segments.length === 2);
  assert.deepEqual((await call('state')).segments, ['any_merchant', 'kirana']);
  assert.deepEqual(await call('errors'), []);

  const refused = await page.evaluate(async () => {
    const { createNudgeKit } = await import('/dist/index.browser.mjs');
    try {
      await createNudgeKit({ configUrl: 'https://configs.example.com/nudgekit.json' });
      return null;
    } catch (error) {
      return [error.code, error.pointer];
    }
  });
  assert.deepEqual(refused, ['options.invalid_config_url', '/configUrl']);
  assert.deepEqual(blocked, [], 'no request to another origin was even attempted');
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(await log.cspViolations(), []);
});
