// The one network path, wired to an engine: each send the core decides gets its idempotency key and
// goes into the outbox before any request; consent gates what leaves; in a browser the outbox resumes
// when the network returns and hands due sends to beacons when the page hides.
import { NudgeKitError } from './errors.mjs';
import type { KeyValueStore } from './kv-store.mjs';
import { Outbox, type OutboxOutcome, type OutboxRecord } from './outbox.mjs';
import { SendRescue } from './send-rescue.mjs';
import { onPageLeave, pageTarget } from './page-lifecycle.mjs';
import { beaconSend, fetchTransport, type SendRequest } from './transport.mjs';
import type { Nudge, SendsOptions } from './types.mjs';

/** An idempotency key: random (122 bits), made once when the send enters the outbox. */
export function sendKey(): string {
  const crypto = globalThis.crypto;
  // randomUUID draws from a cached pool: a fifth of the cost of getRandomValues per key.
  if (typeof crypto.randomUUID === 'function') {
    const uuid = crypto.randomUUID();
    return `nk-${uuid.slice(0, 8)}${uuid.slice(9, 13)}${uuid.slice(14, 18)}${uuid.slice(19, 23)}${uuid.slice(24)}`;
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `nk-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

interface Events {
  send: (outcome: OutboxOutcome) => void;
  error: (error: NudgeKitError) => void;
}

export class Sends {
  readonly #outbox: Outbox | null;
  readonly #discardWithoutConsent: boolean;
  readonly #events: Events;
  #consent: boolean;
  // Offline, requests would only fail and push the backoff out: the outbox waits for 'online'.
  #offline = (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false;
  #detach: () => void = () => {};

  /** `store` is the engine's storage (see storage.mts), used unless the options name their own. */
  readonly #rescue: SendRescue | undefined;

  /**
   * `store` is the engine's storage (see storage.mts), used unless the options name their own;
   * `rescue` the page's localStorage when that storage is durable (see send-rescue.mts).
   */
  constructor(options: SendsOptions | undefined, consent: boolean, store: KeyValueStore, events: Events, rescue?: Storage) {
    checkOptions(options);
    this.#rescue = rescue !== undefined && options?.store === undefined ? new SendRescue(rescue) : undefined;
    this.#events = events;
    this.#consent = consent;
    this.#discardWithoutConsent = options?.withoutConsent === 'discard';
    const endpoint = options?.endpoint;
    if (options?.transport === undefined && endpoint === undefined) {
      this.#outbox = null;  // nothing to deliver through: sends are decided and emitted, never requested
      return;
    }
    const transport = options?.transport ?? fetchTransport({ endpoint: endpoint!, headers: options?.headers });
    const canBeacon = endpoint !== undefined && options?.transport === undefined &&
      typeof (globalThis as { navigator?: Navigator }).navigator?.sendBeacon === 'function';
    this.#outbox = new Outbox({
      store: options?.store ?? store,
      transport,
      maxAgeMs: options?.maxAgeMs,
      baseDelayMs: options?.baseDelayMs,
      maxDelayMs: options?.maxDelayMs,
      paused: !consent || this.#offline,
      lock: webLock(),
      beacon: canBeacon ? (request: SendRequest) => beaconSend(endpoint!, request) : undefined,
      onOutcome: (outcome) => events.send(outcome),
      onError: (error) => events.error(error),
    });
    this.#attach();
  }

  /** Reads what a previous page left in the outbox and resumes it. */
  async start(): Promise<void> {
    const outbox = this.#outbox;
    if (outbox === null) return;
    await outbox.load();
    for (const request of this.#rescue?.all() ?? []) {
      try {
        await outbox.enqueue(request);  // false when it did commit before the page went: fine either way
        this.#rescue!.remove(request.id);
      } catch (error) {
        this.#events.error(asError(error));
      }
    }
  }

  /** Gives each decided send its key and writes it to the outbox; the nudges' `send` gain the key. */
  take(nudges: Nudge[]): void {
    for (const nudge of nudges) {
      if (nudge.send === undefined) continue;
      const request = { ...nudge.send, id: sendKey() } as SendRequest;
      nudge.send = request;
      if (this.#outbox === null || (!this.#consent && this.#discardWithoutConsent)) continue;
      this.#rescue?.add(request);
      this.#outbox.enqueue(request).then(
        () => this.#rescue?.remove(request.id),
        (error: unknown) => this.#events.error(asError(error)),  // the rescue copy stays for the next page
      );
    }
  }

  async setConsent(sends: boolean): Promise<void> {
    this.#consent = sends;
    if (this.#outbox === null) return;
    if (sends) {
      if (!this.#offline) await this.#outbox.resume();
    } else {
      this.#outbox.pause();
      if (this.#discardWithoutConsent) await this.discard();
    }
  }

  get consent(): boolean {
    return this.#consent;
  }

  pending(): Promise<OutboxRecord[]> {
    return this.#outbox?.pending() ?? Promise.resolve([]);
  }

  flush(): Promise<void> {
    return this.#outbox?.flush() ?? Promise.resolve();
  }

  async discard(): Promise<void> {
    this.#rescue?.clear();
    await this.#outbox?.discard();
  }

  stop(): void {
    this.#detach();
    this.#outbox?.stop();
  }

  #attach(): void {
    const target = pageTarget;
    if (typeof target.addEventListener !== 'function' || this.#outbox === null) return;
    const outbox = this.#outbox;
    const online = () => {
      this.#offline = false;
      if (!this.#consent) return;
      // Sends that failed on the network are due again at once; server-asked waits still hold.
      void outbox.resume().then(() => outbox.online()).then(() => outbox.flush());
    };
    const offline = () => {
      this.#offline = true;
      outbox.pause();
    };
    target.addEventListener('online', online);
    target.addEventListener('offline', offline);
    const stopLeave = onPageLeave(() => outbox.flushOnHide());
    this.#detach = () => {
      target.removeEventListener?.('online', online);
      target.removeEventListener?.('offline', offline);
      stopLeave();
    };
  }

}

function invalidOption(pointer: string, message: string): never {
  throw new NudgeKitError({ code: 'options.invalid_sends', pointer: `/sends${pointer}`, message });
}

// Options come from JS: a wrong type here would otherwise surface as a failed send much later.
function checkOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) invalidOption('', 'sends is an object');
  const o = options as Record<string, unknown>;
  const known = ['endpoint', 'headers', 'transport', 'store', 'maxAgeMs', 'baseDelayMs', 'maxDelayMs', 'withoutConsent'];
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) invalidOption(`/${key}`, `unknown option "${key}"; sends takes ${known.join(', ')}`);
  }
  if (o.endpoint !== undefined && typeof o.endpoint !== 'string' && !(o.endpoint instanceof URL)) invalidOption('/endpoint', 'endpoint is a URL or a string');
  if (o.headers !== undefined) {
    if (typeof o.headers !== 'object' || o.headers === null || Array.isArray(o.headers)) invalidOption('/headers', 'headers is an object of strings');
    for (const [name, value] of Object.entries(o.headers)) {
      if (typeof value !== 'string') invalidOption(`/headers/${name}`, 'a header value is a string');
    }
  }
  const hasMethods = (value: unknown, names: string[]) =>
    typeof value === 'object' && value !== null && names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
  if (o.transport !== undefined && !hasMethods(o.transport, ['send'])) invalidOption('/transport', 'a transport has a send(request, options) method');
  if (o.store !== undefined && !hasMethods(o.store, ['get', 'set', 'delete'])) invalidOption('/store', 'a store has get, set and delete methods');
  for (const key of ['maxAgeMs', 'baseDelayMs', 'maxDelayMs']) {
    const value = o[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) invalidOption(`/${key}`, `${key} is a positive number of milliseconds`);
  }
  if (o.withoutConsent !== undefined && o.withoutConsent !== 'hold' && o.withoutConsent !== 'discard') {
    invalidOption('/withoutConsent', 'withoutConsent is "hold" or "discard"');
  }
}

// Web Locks where the browser has them, so that two tabs never send one record at the same time; the
// outbox's own lock (one realm) otherwise, with the server's deduplication as the backstop.
function webLock(): (<T>(name: string, fn: () => Promise<T>) => Promise<T>) | undefined {
  const locks = (globalThis as { navigator?: { locks?: { request: (name: string, fn: () => Promise<unknown>) => Promise<unknown> } } })
    .navigator?.locks;
  if (locks === undefined || typeof locks.request !== 'function') return undefined;
  return <T,>(name: string, fn: () => Promise<T>) => locks.request(name, fn) as Promise<T>;
}

function asError(error: unknown): NudgeKitError {
  if (error instanceof NudgeKitError) return error;
  return new NudgeKitError({ code: 'outbox.store_failed', pointer: '', message: error instanceof Error ? error.message : String(error) });
}
