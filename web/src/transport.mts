// How a send leaves the device: the payload of docs/sends.md, built from an explicit list of fields so
// that nothing else can ride along, and the two ways of posting it (fetch, and a beacon on page hide).
import { NudgeKitError } from './errors.mjs';
import { wellFormed } from './serialize.mjs';
import type { Channel } from './types.mjs';

/** A send the engine decided, as the app's server receives it (docs/sends.md, version 1). */
export interface SendRequest {
  schema: 'nudgekit.send/1';
  /** The idempotency key: 8–128 characters of `[A-Za-z0-9._:-]`, the same on every retry. */
  id: string;
  userId: string;
  campaign: string;
  /** `""` for a campaign without variants. */
  variant: string;
  /** The step of the campaign's plan, an integer ≥ 0. */
  step: number;
  channel: Channel;
  /** Content item id; the server holds the templates. */
  item: string;
  /** BCP 47 tag of the translation chosen on the device. */
  language: string;
  /** When the engine decided the send, epoch milliseconds. */
  createdAt: number;
  /** Only the template variables the config allowlists in `sends.variables`. */
  vars: { [name: string]: string | number | boolean | null };
}

/** What the server answered; `retryAfter` is the raw `Retry-After` header. */
export interface TransportResponse {
  status: number;
  retryAfter: string | null;
}

export interface TransportSendOptions {
  /** Aborts the request (the outbox's timeout, or its `stop()`). */
  signal?: AbortSignal;
  /** Let the request outlive the page (default true in `fetchTransport`). */
  keepalive?: boolean;
}

/** Posts one send. Resolves with any HTTP answer; rejects on network errors, timeouts and aborts. */
export interface Transport {
  send(request: SendRequest, options: TransportSendOptions): Promise<TransportResponse>;
}

export interface FetchTransportOptions {
  /** The app's send endpoint, e.g. `/v1/sends` on its own origin. */
  endpoint: string | URL;
  /** Extra headers (the app's auth, say). `Content-Type` and `Idempotency-Key` are always ours. */
  headers?: Record<string, string>;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
  /** Aborts a request that has not answered after this long (default 30 s). */
  timeoutMs?: number;
}

const CHANNELS: readonly Channel[] = ['web_push', 'mobile_push', 'email', 'sms', 'whatsapp', 'viber'];
const ID = /^[A-Za-z0-9._:-]{8,128}$/;

function invalid(pointer: string, message: string): never {
  throw new NudgeKitError({ code: 'send.invalid_request', pointer, message });
}

function text(value: unknown, pointer: string, min = 0, max = Infinity): string {
  if (typeof value !== 'string' || !wellFormed(value)) invalid(pointer, 'a well-formed string');
  if (value.length < min || value.length > max) invalid(pointer, `between ${min} and ${max} characters`);
  return value;
}

function integer(value: unknown, pointer: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) invalid(pointer, `an integer ≥ ${min}`);
  return value;
}

/**
 * The body of a send: exactly the fields of docs/sends.md, copied one by one, so that a property the
 * contract does not name (a raw event, a profile field) can never be serialized. Throws
 * `NudgeKitError` (`send.invalid_request`, with a pointer) for a request the server would refuse.
 */
export function sendPayload(request: SendRequest): SendRequest {
  if (typeof request !== 'object' || request === null) invalid('', 'a send request is an object');
  if (request.schema !== 'nudgekit.send/1') invalid('/schema', 'schema is "nudgekit.send/1"');
  const id = text(request.id, '/id');
  if (!ID.test(id)) invalid('/id', 'id is 8–128 characters of [A-Za-z0-9._:-]');
  if (!CHANNELS.includes(request.channel)) invalid('/channel', `channel is one of ${CHANNELS.join(', ')}`);
  const source: unknown = request.vars;
  if (typeof source !== 'object' || source === null || Array.isArray(source)) invalid('/vars', 'vars is an object');
  const vars: SendRequest['vars'] = {};
  for (const [name, value] of Object.entries(source)) {
    const pointer = `/vars/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (typeof value === 'string') text(value, pointer);
    else if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'boolean' && value !== null) {
      invalid(pointer, 'a variable is a string, a finite number, a boolean or null');
    }
    // defineProperty, not assignment: a variable named "__proto__" stays a plain field.
    Object.defineProperty(vars, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return {
    schema: 'nudgekit.send/1',
    id,
    userId: text(request.userId, '/userId', 1, 256),
    campaign: text(request.campaign, '/campaign'),
    variant: text(request.variant, '/variant'),
    step: integer(request.step, '/step', 0),
    channel: request.channel,
    item: text(request.item, '/item'),
    language: text(request.language, '/language'),
    createdAt: integer(request.createdAt, '/createdAt', 0),
    vars,
  };
}

function timeoutError(): Error {
  const error = new Error('the send endpoint did not answer in time');
  error.name = 'TimeoutError';
  return error;
}

/**
 * Posts sends with `fetch`: JSON with `Content-Type: application/json` and `Idempotency-Key: <id>`,
 * the app's headers, `keepalive` (so a send survives navigation) and same-origin credentials. A
 * request that does not answer within `timeoutMs` is aborted and rejects with a `TimeoutError`.
 */
export function fetchTransport(options: FetchTransportOptions): Transport {
  const { endpoint, headers = {}, timeoutMs = 30_000 } = options;
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    async send(request, { signal, keepalive = true }) {
      const body = JSON.stringify(sendPayload(request));
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(timeoutError()), timeoutMs);
      const forward = (): void => controller.abort(signal?.reason);
      if (signal?.aborted) forward();
      else signal?.addEventListener('abort', forward, { once: true });
      try {
        const requestHeaders = new Headers(headers);
        requestHeaders.set('Content-Type', 'application/json');
        requestHeaders.set('Idempotency-Key', request.id);
        const response = await fetchFn(endpoint, {
          method: 'POST',
          headers: requestHeaders,
          body,
          keepalive,
          credentials: 'same-origin',
          signal: controller.signal,
        });
        // The answer's body means nothing to the client; read it so the connection can be reused.
        await response.arrayBuffer().catch(() => undefined);
        return { status: response.status, retryAfter: response.headers.get('Retry-After') };
      } catch (error) {
        if (controller.signal.aborted && controller.signal.reason instanceof Error) throw controller.signal.reason;
        throw error;
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', forward);
      }
    },
  };
}

/**
 * Queues a send with `navigator.sendBeacon` (for `pagehide`/`visibilitychange`, when a fetch may not
 * finish): the same body as a Blob of type `application/json`. A beacon carries no headers, so the
 * server takes the idempotency key from the body's `id`. Returns false when the browser refused it
 * (no beacon support, or the page's keepalive quota is used up). Same-origin endpoints only: a JSON
 * beacon to another origin would need a preflight that beacons do not make.
 */
export function beaconSend(endpoint: string | URL, request: SendRequest): boolean {
  const nav = (globalThis as { navigator?: { sendBeacon?: (url: string | URL, data: Blob) => boolean } }).navigator;
  if (typeof nav?.sendBeacon !== 'function') return false;
  const body = new Blob([JSON.stringify(sendPayload(request))], { type: 'application/json' });
  try {
    return nav.sendBeacon(endpoint, body);
  } catch {
    return false;
  }
}
