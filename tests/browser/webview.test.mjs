// The webview bridge contract in Chromium, with the native objects simulated exactly as the platforms
// expose them: Android's addJavascriptInterface object (synchronous methods, strings in and out) and
// iOS's WKScriptMessageHandlerWithReply (postMessage returns a Promise of the reply). Native pushes
// properties and events in through window.nudgekit as evaluateJavascript would, the send comes back
// out through the bridge with the documented payload, and a failed native delivery is retried with
// the same key. No HTTP request is made for sends.
// Run after `npm run build`: node --test tests/browser/*.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { confineTo, launchChromium, watchPage } from './chromium.mjs';
import { startServer } from './server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE = '/tests/browser/pages/webview.html';
let server;

before(async () => {
  assert.ok(existsSync(new URL('../../dist/index.browser.mjs', import.meta.url)), 'dist/ is missing: run `npm run build` first');
  server = await startServer({ root: ROOT });
});
after(() => server?.close());

// What each platform puts on window before the page's scripts run. Both record what native received.
const PLATFORMS = {
  android: () => {
    window.__native = [];
    let calls = 0;
    window.NudgeKitAndroid = {
      // @JavascriptInterface public String send(String payloadJson): the first delivery fails.
      send(payloadJson) {
        if (typeof payloadJson !== 'string') throw new Error('Android passes strings only');
        window.__native.push(payloadJson);
        return JSON.stringify(++calls === 1 ? { status: 500 } : { status: 202 });
      },
    };
  },
  ios: () => {
    window.__native = [];
    window.webkit = { messageHandlers: { nudgekit: {
      // userContentController(_:didReceive:replyHandler:) replying ["status": 202]
      postMessage(body) {
        window.__native.push(JSON.stringify(body));
        return Promise.resolve({ status: 202 });
      },
    } } };
  },
};

for (const [platform, inject] of Object.entries(PLATFORMS)) {
  test(`${platform}: native pushes signals in, the send goes out through the bridge`, { timeout: 60_000 }, async (t) => {
    const browser = await launchChromium({ timeout: 20_000 });
    t.after(() => browser.close());
    const blocked = await confineTo(browser.context, server.url);
    const page = await browser.context.newPage();
    const log = await watchPage(page);
    await page.addInitScript(inject);
    await page.goto(server.url + PAGE);
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'loading…');
    assert.equal(await page.locator('#status').textContent(), 'ready');
    assert.equal(await page.evaluate(() => window.__webview.bridge), platform);

    // As native's evaluateJavascript("window.nudgekit.…(…)") would: strings in, a JSON string back.
    const set = JSON.parse(await page.evaluate(() => window.nudgekit.setProperties('{"push":{"token":"fcm-token-1"}}')));
    assert.deepEqual(set, { ok: true });
    const tracked = JSON.parse(await page.evaluate(() => window.nudgekit.track('kyc_stalled', '{"step":"selfie"}')));
    assert.equal(tracked.ok, true);
    assert.equal(tracked.nudges[0].channel, 'mobile_push');
    const id = tracked.nudges[0].send.id;

    await page.waitForFunction(() => window.__webview.outcomes().some((o) => o.type === 'sent'));
    const native = (await page.evaluate(() => window.__native)).map((text) => JSON.parse(text));
    const payloads = platform === 'ios' ? native.map((m) => { assert.equal(m.type, 'send'); return m.payload; }) : native;
    assert.equal(payloads.length, platform === 'android' ? 2 : 1, 'android: the 500 was retried');
    for (const payload of payloads) {
      assert.equal(payload.id, id, 'the same idempotency key on every attempt');
      assert.deepEqual(Object.keys(payload).sort(),
        ['campaign', 'channel', 'createdAt', 'id', 'item', 'language', 'schema', 'step', 'userId', 'variant', 'vars']);
      assert.equal(payload.schema, 'nudgekit.send/1');
    }
    assert.ok(!JSON.stringify(payloads).includes('fcm-token-1'), 'the token is native\'s business: not in the payload');

    // Junk from native gets a clear answer, not an exception across the bridge.
    const junk = await page.evaluate(() => [window.nudgekit.track(42), window.nudgekit.setProperties('{bad'), window.nudgekit.report('{"nudgeId":"x.1","outcome":"liked"}')]);
    assert.deepEqual(junk.map((text) => JSON.parse(text).errors[0].code), ['event.invalid_name', 'json.parse', 'report.invalid_outcome']);
    assert.equal(JSON.parse(junk[1]).errors[0].pointer, '/properties');

    assert.equal(log.requests.filter((url) => url.includes('/v1/')).length, 0, 'no HTTP sends');
    assert.deepEqual(blocked, []);
    assert.deepEqual(log.pageErrors, []);
  });
}

test('without a native bridge, nativeTransport says so', { timeout: 60_000 }, async (t) => {
  const browser = await launchChromium({ timeout: 20_000 });
  t.after(() => browser.close());
  const page = await browser.context.newPage();
  await page.goto(server.url + PAGE);
  await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'loading…');
  assert.match(await page.locator('#status').textContent(), /^failed: bridge\.unavailable/);
});
