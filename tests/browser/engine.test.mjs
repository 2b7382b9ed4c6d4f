// The built package (dist/) in Chromium under a strict CSP: page and module Worker, with the .wasm
// found next to the glue, at a renamed URL (wasmUrl) and as bytes the page fetched (wasmBinary).
// Run after `npm run build`: node --test tests/browser/*.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { confineTo, launchChromium, watchPage } from './chromium.mjs';
import { CSP, startServer } from './server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEFAULT_WASM = '/dist/wasm/nudgekit.wasm';
const RENAMED_WASM = '/assets/engine-abc123.wasm';
const BYTES_WASM = '/assets/engine-bytes.wasm';
const PAGE_TIMEOUT_MS = 20_000;

const SEGMENTS_BEFORE = ['gst_registered_kirana', 'hindi_belt_new', 'kyc_stalled_selfie', 'needs_upgrade'];
const SEGMENTS_AFTER = ['gst_registered_kirana', 'hindi_belt_new'];
const BAD_CONFIG_ERROR = {
  code: 'condition.unknown_operator', pointer: '/segments/power_merchants/activity.entries_30d/$gtee',
};

let server;
let browser;
let blocked;

before(async () => {
  assert.ok(existsSync(new URL('../../dist/index.browser.mjs', import.meta.url)), 'dist/ is missing: run `npm run build` first');
  server = await startServer({
    root: ROOT,
    aliases: { [RENAMED_WASM]: 'dist/wasm/nudgekit.wasm', [BYTES_WASM]: 'dist/wasm/nudgekit.wasm' },
  });
  browser = await launchChromium({ timeout: PAGE_TIMEOUT_MS });
  blocked = await confineTo(browser.context, server.url);
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
  await server?.close();
}, { timeout: 60_000 });

/** Opens the engine page with `query`, waits for window.__result, returns it with the page's log. */
async function runEnginePage(query, { whilePageOpen } = {}) {
  const page = await browser.context.newPage();
  try {
    const log = await watchPage(page);
    const response = await page.goto(`${server.url}/tests/browser/pages/engine.html?${query}`);
    assert.equal(response.headers()['content-security-policy'], CSP, 'the page must run under the strict CSP');
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: PAGE_TIMEOUT_MS }).catch((error) => {
      throw new Error(`no window.__result: ${error.message}\nconsole: ${JSON.stringify(log.console)}\n`
        + `failed requests: ${JSON.stringify(log.failed)}\npage errors: ${JSON.stringify(log.pageErrors)}`);
    });
    const result = await page.evaluate(() => window.__result);
    const extra = whilePageOpen ? await whilePageOpen(page) : undefined;
    log.csp = await log.cspViolations();
    return { result, log, extra };
  } finally {
    await page.close();
  }
}

function assertScenario(found, where) {
  assert.equal(found.failure, undefined, `${where}: ${JSON.stringify(found.failure)}`);
  assert.equal(found.userId, 'merchant-42', where);
  assert.deepEqual(found.segmentsBefore, SEGMENTS_BEFORE, where);
  assert.deepEqual(found.evaluate, { hindiBeltAndRecentApp: true, hindiAd: true, southIndia: false }, where);
  assert.equal(found.evaluateError?.isNudgeKitError, true, `${where}: evaluate() must throw NudgeKitError`);
  assert.equal(found.evaluateError.name, 'NudgeKitError', where);
  assert.equal(found.evaluateError.code, 'condition.unknown_operator', where);
  assert.equal(found.evaluateError.pointer, '/profile.age/$gtt', where);
  assert.deepEqual(found.segmentsAfter, SEGMENTS_AFTER, where);
  const { kyc, ...properties } = found.properties;
  assert.equal(kyc?.status, undefined, `${where}: unsetProperties(['kyc.status'])`);
  assert.deepEqual(properties, {
    geo: { country: 'IN', region: 'IN-UP' },
    app: { version: '4.13.2', language: 'hi' },
    lifecycle: { days_since_signup: 3 },
    business: { category: 'kirana', name: 'शर्मा किराना स्टोर' },
    acquisition: { campaign: 'HINDI_Diwali_2024' },
    tags: ['gst_registered', 'whatsapp_opt_in'],
  }, where);
  assert.equal(found.badLoad.ok, false, where);
  assert.deepEqual(found.badLoad.errors.map(({ code, pointer }) => ({ code, pointer })), [BAD_CONFIG_ERROR], where);
  assert.deepEqual(found.segmentsAfterBadLoad, SEGMENTS_AFTER, `${where}: a rejected config must leave the previous one`);
  assert.deepEqual(found.validateGood, { ok: true, errors: [] }, where);
  assert.equal(found.afterDestroy?.code, 'engine.destroyed', where);
  assert.equal(found.createError?.isNudgeKitError, true, `${where}: createNudgeKit must reject with NudgeKitError`);
  assert.equal(found.createError.code, BAD_CONFIG_ERROR.code, where);
  assert.equal(found.createError.pointer, BAD_CONFIG_ERROR.pointer, where);
  assert.equal(found.createError.errors.length, 1, where);
}

function assertCleanRun({ result, log }, expectedWasmPaths) {
  assert.equal(result.failure, undefined, JSON.stringify(result.failure));
  assertScenario(result.page, 'page');
  assertScenario(result.worker, 'worker');
  const { isWorker, wasm, ...worker } = result.worker;
  assert.equal(isWorker, true);
  assert.deepEqual(worker, result.page, 'the worker must find exactly what the page found');

  const foreign = log.requests.filter((url) => new URL(url).origin !== server.url);
  assert.deepEqual(foreign, [], 'requests to origins other than the local server');
  assert.deepEqual(log.failed, [], 'failed requests');
  assert.deepEqual(log.responses.filter((r) => r.status >= 400), [], 'HTTP errors');
  const wasmResponses = log.responses.filter((r) => new URL(r.url).pathname.endsWith('.wasm'));
  assert.ok(wasmResponses.length > 0, 'no .wasm response seen');
  for (const r of wasmResponses) assert.equal(r.contentType.split(';')[0].trim(), 'application/wasm', r.url);
  assert.deepEqual([...new Set(wasmResponses.map((r) => new URL(r.url).pathname))].sort(), expectedWasmPaths);
  assert.deepEqual(log.problems(), [], 'console errors or warnings');
  assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
  assert.deepEqual(log.csp, [], 'CSP violations');
  return wasmResponses;
}

describe('engine in Chromium under a strict CSP', { timeout: 120_000 }, () => {
  // One download each for the page and the worker: a wrong MIME type would make the glue fall back
  // from streaming and download the file a second time.
  test('page and module worker load the .wasm next to the glue', async () => {
    const wasm = assertCleanRun(await runEnginePage('wasm=default'), [DEFAULT_WASM]);
    assert.equal(wasm.length, 2, 'one .wasm download for the page, one for the worker');
  });

  test('wasmUrl: the .wasm served under a renamed (hashed) path', async () => {
    const wasm = assertCleanRun(await runEnginePage('wasm=url'), [RENAMED_WASM]);
    assert.equal(wasm.length, 2, 'one .wasm download for the page, one for the worker');
  });

  test('wasmBinary: bytes fetched by the page, a copy handed to the worker', async () => {
    const wasm = assertCleanRun(await runEnginePage('wasm=binary'), [BYTES_WASM]);
    assert.equal(wasm.length, 1, 'the page fetches the bytes once and nobody fetches the .wasm again');
  });

  test('control: the CSP is in force on the page and in the worker, and violations are seen', async () => {
    const { result, log, extra } = await runEnginePage('wasm=default&probe=csp', {
      whilePageOpen: (page) => page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true';
        document.head.append(script);
        document.body.setAttribute('style', 'color: red');
        return { inlineRan: window.__inlineRan === true, color: getComputedStyle(document.body).color };
      }),
    });
    assert.equal(result.page.evalRefused, true, 'eval must be refused on the page');
    assert.equal(result.worker.evalRefused, true, 'eval must be refused in the worker');
    assertScenario(result.page, 'page'); // …and the engine works all the same (no eval in the glue)
    assertScenario(result.worker, 'worker');
    assert.deepEqual(extra, { inlineRan: false, color: 'rgb(0, 0, 0)' }, 'inline script and style must be refused');
    const directives = new Set(log.csp.map((v) => v.directive));
    for (const directive of ['script-src', 'script-src-elem', 'style-src-attr']) {
      assert.ok(directives.has(directive), `no ${directive} violation seen in ${JSON.stringify(log.csp)}`);
    }
  });

  test('nothing tried to leave 127.0.0.1', () => {
    assert.deepEqual(blocked, []);
  });
});
