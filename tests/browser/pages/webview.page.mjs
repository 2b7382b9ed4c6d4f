// Page half of the webview test: the app's page inside a simulated Android or iOS webview. The test
// injects the platform's bridge object before any script runs (as addJavascriptInterface and
// WKUserContentController do); this page wires nudgekit to it both ways.
import { createNudgeKit, exposeToNative, nativeBridgeKind, nativeTransport } from '/dist/index.browser.mjs';

const CONFIG = {
  version: 1,
  languages: { default: 'en' },
  content: { kyc_help: { kind: 'message', variants: { en: { title: 'Finish your KYC' } } } },
  channels: { mobile_push: { cost: 0.0001, reachable: { 'push.token': { $exists: true } } } },
  campaigns: { kyc_rescue: { trigger: { event: 'kyc_stalled' }, content: ['kyc_help'], plan: [{ channel: 'mobile_push' }] } },
};

const outcomes = [];
try {
  const nk = await createNudgeKit({
    config: CONFIG, userId: 'merchant-webview', storage: 'memory', consent: { sends: true },
    sends: { transport: nativeTransport(), baseDelayMs: 10, maxDelayMs: 50 },
  });
  nk.on('send', ({ type, id, status }) => outcomes.push({ type, id, status }));
  exposeToNative(nk);
  window.__webview = { bridge: nativeBridgeKind(), outcomes: () => outcomes };
  document.getElementById('status').textContent = 'ready';
} catch (error) {
  document.getElementById('status').textContent = `failed: ${error?.code ?? ''} ${error?.message ?? error}`;
}
