// Inside an app's webview, the native side is the transport and a source of signals. The contract is
// the shape each platform gives JavaScript, nothing more:
//   Android  WebView.addJavascriptInterface(object, "NudgeKitAndroid"): a global object whose
//            @JavascriptInterface methods take and return strings, synchronously.
//   iOS      WKUserContentController.addScriptMessageHandler(handler, contentWorld: .page, name: "nudgekit")
//            (WKScriptMessageHandlerWithReply): window.webkit.messageHandlers.nudgekit.postMessage(body)
//            returns a Promise of the handler's reply.
// Sends go to native as the same versioned payload the HTTP endpoint gets (docs/sends.md); native
// answers with the HTTP-like status its own delivery had, so the outbox's retry rules apply unchanged.
import { NudgeKitError, type ErrorDetail } from './errors.mjs';
import { sendPayload, type SendRequest, type Transport, type TransportResponse } from './transport.mjs';
import type { NudgeKit } from './nudgekit.mjs';
import type { Properties } from './types.mjs';

interface AndroidBridge {
  send(payloadJson: string): string;
}
interface IosHandler {
  postMessage(body: unknown): Promise<unknown> | undefined;
}

function androidBridge(name: string): AndroidBridge | undefined {
  const bridge = (globalThis as Record<string, unknown>)[name] as { send?: unknown } | undefined;
  return typeof bridge?.send === 'function' ? (bridge as AndroidBridge) : undefined;
}

function iosHandler(name: string): IosHandler | undefined {
  const handlers = (globalThis as { webkit?: { messageHandlers?: Record<string, { postMessage?: unknown }> } }).webkit?.messageHandlers;
  const handler = handlers?.[name];
  return typeof handler?.postMessage === 'function' ? (handler as IosHandler) : undefined;
}

/** Where the webview's native bridge objects are looked for. */
export interface NativeBridgeNames {
  /** The addJavascriptInterface name (default `"NudgeKitAndroid"`). */
  android?: string;
  /** The WKScriptMessageHandlerWithReply name (default `"nudgekit"`). */
  ios?: string;
}

/** Which native bridge this page has, if any. */
export function nativeBridgeKind(names: NativeBridgeNames = {}): 'android' | 'ios' | null {
  if (androidBridge(names.android ?? 'NudgeKitAndroid') !== undefined) return 'android';
  if (iosHandler(names.ios ?? 'nudgekit') !== undefined) return 'ios';
  return null;
}

// Native replies {"status": 202, "retryAfter": "30"} (or the JSON text of it on Android).
function responseOf(reply: unknown): TransportResponse {
  let value = reply;
  if (typeof reply === 'string') {
    try {
      value = JSON.parse(reply);
    } catch {
      throw new Error(`the native bridge answered ${JSON.stringify(reply.slice(0, 80))}, not {"status": …}`);
    }
  }
  const status = (value as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new Error('the native bridge answered without an HTTP-like status');
  }
  const retryAfter = (value as { retryAfter?: unknown }).retryAfter;
  return { status, retryAfter: typeof retryAfter === 'string' || typeof retryAfter === 'number' ? String(retryAfter) : null };
}

/**
 * A transport that hands each send to the app's native code (Android or iOS, whichever the webview
 * exposes). Throws `NudgeKitError` (`bridge.unavailable`) when neither is there. A bridge that throws
 * or answers junk counts as a network failure: the outbox retries with the same key.
 */
export function nativeTransport(names: NativeBridgeNames = {}): Transport {
  const android = androidBridge(names.android ?? 'NudgeKitAndroid');
  const ios = android === undefined ? iosHandler(names.ios ?? 'nudgekit') : undefined;
  if (android === undefined && ios === undefined) {
    throw new NudgeKitError({ code: 'bridge.unavailable', pointer: '/sends/transport', message: 'no native bridge: neither window.NudgeKitAndroid nor webkit.messageHandlers.nudgekit is here' });
  }
  return {
    async send(request: SendRequest) {
      const payload = sendPayload(request);
      if (android !== undefined) return responseOf(android.send(JSON.stringify(payload)));
      const reply = ios!.postMessage({ type: 'send', payload });
      if (reply === undefined) throw new Error('the iOS handler gave no reply: register it with addScriptMessageHandler (WithReply)');
      return responseOf(await reply);
    },
  };
}

type Answer = { ok: true; nudges?: unknown[] } | { ok: false; errors: ErrorDetail[] };

function answer(fn: () => unknown[] | void): string {
  try {
    const nudges = fn();
    return JSON.stringify(nudges === undefined ? { ok: true } : { ok: true, nudges } satisfies Answer);
  } catch (error) {
    const errors = error instanceof NudgeKitError ? error.errors
      : [{ code: 'bridge.invalid_call', pointer: '', message: error instanceof Error ? error.message : String(error) }];
    return JSON.stringify({ ok: false, errors } satisfies Answer);
  }
}

function parsed(json: unknown, pointer: string): unknown {
  if (json === undefined || json === null || json === '') return undefined;
  if (typeof json !== 'string') return json;  // a platform that passes objects through
  try {
    return JSON.parse(json);
  } catch {
    throw new NudgeKitError({ code: 'json.parse', pointer, message: `${pointer.slice(1)} is not JSON text` });
  }
}

/**
 * Lets native code push signals in: installs `window[name]` (default `"nudgekit"`) with `track(name,
 * propsJson?, timeMs?)`, `setProperties(json)` and `report(json)`, each answering the JSON text of
 * `{ok: true, nudges?}` or `{ok: false, errors}` — what `evaluateJavascript` / `evaluateJavaScript`
 * hand back to native. Returns a function that removes it.
 */
export function exposeToNative(nk: NudgeKit, name = 'nudgekit'): () => void {
  const target = globalThis as Record<string, unknown>;
  const api = Object.freeze({
    track: (event: unknown, propsJson?: unknown, timeMs?: unknown) => answer(() => {
      if (typeof event !== 'string') throw new NudgeKitError({ code: 'event.invalid_name', pointer: '/name', message: 'an event name is a string' });
      const time = timeMs === undefined || timeMs === null ? undefined : Number(timeMs);
      return nk.track(event, parsed(propsJson, '/props') as Properties | undefined, time === undefined ? {} : { time });
    }),
    setProperties: (json: unknown) => answer(() => {
      nk.setProperties(parsed(json, '/properties') as Properties);
    }),
    report: (json: unknown) => answer(() => {
      nk.report(parsed(json, '/report') as Parameters<NudgeKit['report']>[0]);
    }),
  });
  target[name] = api;
  return () => {
    if (target[name] === api) delete target[name];
  };
}
