// The outbox: every send the engine decides is written here before any request, then delivered with
// retries until the server answers for it (docs/sends.md). Records live under one key of a
// KeyValueStore as checksummed JSON; every change is a read-modify-write under a lock, so that two
// outboxes over one store (two tabs) neither lose each other's records nor send one id twice at once.
import { NudgeKitError } from './errors.mjs';
import type { KeyValueStore } from './kv-store.mjs';
import { sendPayload, type SendRequest, type Transport, type TransportResponse } from './transport.mjs';

export type { SendRequest } from './transport.mjs';

/** One queued send as the store holds it. Times are epoch milliseconds. */
export interface OutboxRecord {
  request: SendRequest;
  /** Requests made so far. */
  attempts: number;
  /** Not sent before this. */
  nextAttemptAt: number;
  firstQueuedAt: number;
  /** Why the last attempt failed: `http <status>`, `timeout` or `network: <message>`. */
  lastError?: string;
  /** While set and in the future, an outbox has this send in flight and no other may send it. */
  inFlightUntil?: number;
  /** Which outbox holds that lease. */
  leaseOwner?: string;
}

/** What became of one attempt (`retry`) or of a send for good (`sent`, `dropped`, `gave_up`). */
export interface OutboxOutcome {
  type: 'sent' | 'dropped' | 'gave_up' | 'retry';
  id: string;
  /** The HTTP status, when there was an answer. */
  status?: number;
  reason?: string;
  /** Which attempt this was (1 for the first request). */
  attempt: number;
  /** For `retry`: when the next attempt is due. */
  nextAttemptAt?: number;
}

export interface OutboxOptions {
  store: KeyValueStore;
  transport: Transport;
  /** The store key the records live under (default `"nudgekit.outbox"`). */
  key?: string;
  now?: () => number;
  /** Uniform in [0, 1), for the backoff's jitter. */
  random?: () => number;
  /** The n-th retry after a failure waits `random() × min(maxDelayMs, baseDelayMs × 2^(n−1))`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A send this long in the outbox (by its clock, from when it was first queued) is given up (default 24 h). */
  maxAgeMs?: number;
  /** A request unanswered after this long is aborted and retried (default 30 s); the lease lasts twice as long. */
  timeoutMs?: number;
  /** Requests in flight at once (default 2). */
  concurrency?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /**
   * Runs `fn` exclusively for `name` across everything sharing the store, e.g.
   * `(name, fn) => navigator.locks.request(name, fn)`. Default: exclusive within this JS realm, per store.
   */
  lock?: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
  /** Used by `flushOnHide()`, e.g. `(request) => beaconSend(endpoint, request)`; true when queued. */
  beacon?: (request: SendRequest) => boolean;
  onOutcome?: (outcome: OutboxOutcome) => void;
  /** Store failures and unreadable store values (`outbox.store_failed`, `outbox.corrupted`, `outbox.unknown_version`). */
  onError?: (error: NudgeKitError) => void;
  /** Start paused (no consent yet): records are kept, nothing is sent. */
  paused?: boolean;
}

type Change<T> = { records?: OutboxRecord[]; value: T };
type Lock = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

const HEADER = /^\{"version":(\d+),"checksum":"([0-9a-f]{8})","records":/;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`, as 8 hex digits. @internal */
export function checksum(text: string): string {
  let hash = 0x811c9dc5;
  const byte = (b: number): void => {
    hash = Math.imul(hash ^ b, 0x01000193);
  };
  // UTF-8 encoded on the fly: no copy of a text that may be large.
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      hash = Math.imul(hash ^ c, 0x01000193);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd; // a lone surrogate, as TextEncoder writes it
    if (c < 0x800) {
      byte(0xc0 | (c >> 6));
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 0x3f));
    } else {
      byte(0xf0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 0x3f));
      byte(0x80 | ((c >> 6) & 0x3f));
    }
    byte(0x80 | (c & 0x3f));
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

// Records are never changed in place (every change makes a new object), so each one's JSON text and
// checksum can be kept: a write serializes and hashes only the records that changed, and the store
// value's checksum covers the records' checksums, so it costs 8 characters per record, not the text.
const recordCache = new WeakMap<OutboxRecord, { text: string; sum: string }>();

function cached(record: OutboxRecord, text?: string): { text: string; sum: string } {
  let entry = recordCache.get(record);
  if (entry === undefined) {
    text ??= JSON.stringify(record);
    recordCache.set(record, (entry = { text, sum: checksum(text) }));
  }
  return entry;
}

/** The store value for `records`: JSON with a checksum over every record's checksum. @internal */
export function encodeRecords(records: readonly OutboxRecord[]): string {
  const entries = records.map((record) => cached(record));
  const sum = checksum(entries.map((e) => e.sum).join(''));
  return `{"version":2,"checksum":"${sum}","records":[${entries.map((e) => e.text).join(',')}]}`;
}

function isRecord(value: unknown): value is OutboxRecord {
  const r = value as OutboxRecord;
  return typeof r === 'object' && r !== null && typeof r.request === 'object' && r.request !== null &&
    typeof r.request.id === 'string' && Number.isFinite(r.attempts) && Number.isFinite(r.nextAttemptAt) &&
    Number.isFinite(r.firstQueuedAt);
}

/** The records in a store value; throws `NudgeKitError` for a value that is not one we wrote. @internal */
export function decodeRecords(raw: string): OutboxRecord[] {
  const header = HEADER.exec(raw);
  if (header !== null && header[1] !== '1' && header[1] !== '2') {
    throw new NudgeKitError({ code: 'outbox.unknown_version', pointer: '/version', message: `outbox written in version ${header[1]}` });
  }
  const text = header === null || !raw.endsWith('}') ? null : raw.slice(header[0].length, -1);
  let records: unknown;
  // Version 1 (the first release) hashed the records' text as a whole.
  if (text !== null && (header![1] === '2' || checksum(text) === header![2])) {
    try {
      records = JSON.parse(text);
    } catch {
      records = undefined;
    }
  }
  const valid = Array.isArray(records) && records.every(isRecord) &&
    // Re-serializing a parsed record gives back its text (JSON.stringify wrote it), so a changed
    // byte shows as a changed record checksum.
    (header![1] === '1' || checksum(records.map((record: OutboxRecord) => cached(record).sum).join('')) === header![2]);
  if (!valid) {
    throw new NudgeKitError({ code: 'outbox.corrupted', pointer: '', message: 'the stored outbox failed its checksum or shape check; treated as empty' });
  }
  return records as OutboxRecord[];
}

/** Milliseconds a `Retry-After` value asks to wait (delta seconds or an HTTP-date), or undefined. @internal */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// Two outboxes over one store object in one realm queue their store transactions here.
const chains = new WeakMap<object, Map<string, Promise<unknown>>>();
function realmLock(store: KeyValueStore): Lock {
  return <T,>(name: string, fn: () => Promise<T>): Promise<T> => {
    let byName = chains.get(store);
    if (byName === undefined) chains.set(store, (byName = new Map()));
    const run = (byName.get(name) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    byName.set(name, tail);
    void tail.then(() => {
      if (byName.get(name) === tail) byName.delete(name);
    });
    return run;
  };
}

function ownerId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function storeFailed(error: unknown): NudgeKitError {
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new NudgeKitError({ code: 'outbox.store_failed', pointer: '', message: `outbox store failed: ${message}` });
  Object.defineProperty(wrapped, 'cause', { value: error });
  return wrapped;
}

// A listener's exception must not break delivery: report it as an uncaught error of its own.
function call<T>(listener: ((value: T) => void) | undefined, value: T): void {
  try {
    listener?.(value);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

function withoutLease(record: OutboxRecord): OutboxRecord {
  const { inFlightUntil: _until, leaseOwner: _owner, ...rest } = record;
  return rest;
}

/** Holds the sends the engine decided until the server has answered for each. */
export class Outbox {
  readonly #store: KeyValueStore;
  readonly #transport: Transport;
  readonly #key: string;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #maxAgeMs: number;
  readonly #timeoutMs: number;
  readonly #concurrency: number;
  readonly #setTimer: (fn: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;
  readonly #lock: Lock;
  readonly #options: OutboxOptions;
  readonly #owner = ownerId();
  #paused: boolean;
  #stopped = false;
  // The last value read or written, and its records: a read that finds the same text parses nothing.
  #raw: string | null = null;
  #records: readonly OutboxRecord[] = [];
  #reportedRaw: string | null = null;
  #inFlight = new Map<string, AbortController>();
  #held = new Map<string, number>();
  #running: Promise<void> | null = null;
  #again = false;
  #timer: unknown = undefined;
  #timerAt = Infinity;
  #storeFailures = 0;

  constructor(options: OutboxOptions) {
    this.#options = options;
    this.#store = options.store;
    this.#transport = options.transport;
    this.#key = options.key ?? 'nudgekit.outbox';
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#baseDelayMs = options.baseDelayMs ?? 1000;
    this.#maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
    this.#maxAgeMs = options.maxAgeMs ?? 24 * 3600_000;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#concurrency = Math.max(1, Math.floor(options.concurrency ?? 2));
    this.#setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.#clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.#lock = options.lock ?? realmLock(options.store);
    this.#paused = options.paused ?? false;
  }

  /** Reads the stored records (after a reload) and schedules the ones pending. */
  async load(): Promise<void> {
    try {
      await this.#update(() => ({ value: undefined }));
    } catch (error) {
      this.#report(error);
    }
    this.#schedule();
  }

  /**
   * Writes the send to the store, then schedules delivery. Resolves to false when the id is queued
   * already. Rejects with `NudgeKitError`: `send.invalid_request` (nothing stored), `outbox.store_failed`
   * (not queued: nothing is sent that was not stored first), `outbox.stopped`.
   */
  async enqueue(request: SendRequest): Promise<boolean> {
    if (this.#stopped) throw new NudgeKitError({ code: 'outbox.stopped', pointer: '', message: 'this outbox was stopped' });
    const payload = sendPayload(request);
    const added = await this.#update((records) => {
      if (records.some((r) => r.request.id === payload.id)) return { value: false };
      const now = this.#now();
      return { records: [...records, { request: payload, attempts: 0, nextAttemptAt: now, firstQueuedAt: now }], value: true };
    });
    if (added && !this.#paused) void this.flush();
    return added;
  }

  /** Sends every due record; resolves when none is left due. Never rejects (store errors go to onError). */
  flush(): Promise<void> {
    if (this.#paused || this.#stopped) return Promise.resolve();
    if (this.#running !== null) {
      this.#again = true;
      return this.#running;
    }
    this.#cancelTimer();
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await Promise.all(Array.from({ length: this.#concurrency }, () => this.#work()));
        } while (this.#again && !this.#paused && !this.#stopped);
      } finally {
        this.#running = null;
        this.#schedule();
      }
    })();
    return this.#running;
  }

  /** Stops sending (no consent): records wait in the store. A request already in flight completes. */
  pause(): void {
    this.#paused = true;
    this.#cancelTimer();
  }

  /** Sends again after `pause()`. */
  resume(): Promise<void> {
    this.#paused = false;
    return this.flush();
  }

  /** The network is back: sends that failed on the network are due now (server-asked waits still hold). */
  async online(): Promise<void> {
    if (this.#stopped || this.#paused) return;
    try {
      await this.#update((records) => {
        const now = this.#now();
        let changed = false;
        const next = records.map((r) => {
          const networkFailure = r.lastError !== undefined && !r.lastError.startsWith('http ');
          if (!networkFailure || r.nextAttemptAt <= now) return r;
          changed = true;
          return { ...r, nextAttemptAt: now };
        });
        return { records: changed ? next : undefined, value: undefined };
      });
    } catch (error) {
      this.#report(error);
    }
    await this.flush();
  }

  /**
   * Page hide: hands every due record to the `beacon` option (no-op without one, or when paused).
   * Synchronous, from the records last read. The records stay queued: the next normal flush sends them
   * again and the server's deduplication makes that harmless. Returns how many beacons were queued.
   */
  flushOnHide(): number {
    const beacon = this.#options.beacon;
    if (beacon === undefined || this.#paused || this.#stopped) return 0;
    const now = this.#now();
    let queued = 0;
    for (const record of this.#records) {
      const id = record.request.id;
      if (!this.#sendable(record, now) || now - record.firstQueuedAt >= this.#maxAgeMs) continue;
      let ok = false;
      try {
        ok = beacon(record.request);
      } catch {
        ok = false;
      }
      if (!ok) break; // the keepalive quota is used up: the rest wait for the next page
      // Not again from this page while the beacon may still be in flight.
      this.#held.set(id, now + this.#timeoutMs);
      queued++;
    }
    return queued;
  }

  /** Drops every record (consent refused with the discard policy, forget) and aborts requests in flight. */
  async discard(): Promise<void> {
    for (const controller of this.#inFlight.values()) controller.abort();
    this.#held.clear();
    this.#cancelTimer();
    await this.#update(() => ({ records: [], value: undefined }));
  }

  /** A copy of the stored records. */
  async pending(): Promise<OutboxRecord[]> {
    const records = await this.#update((r) => ({ value: r }));
    return structuredClone([...records]);
  }

  /** Ends this outbox: no timers, requests in flight aborted, nothing written any more. Idempotent. */
  stop(): void {
    this.#stopped = true;
    this.#cancelTimer();
    for (const controller of this.#inFlight.values()) controller.abort();
  }

  // A worker: claims the first due record, sends it, records the outcome; until nothing is due.
  async #work(): Promise<void> {
    while (!this.#paused && !this.#stopped) {
      let claimed: OutboxRecord | null;
      try {
        claimed = await this.#claim();
        this.#storeFailures = 0;
      } catch (error) {
        this.#storeFailures++;
        this.#report(error);
        return;
      }
      if (claimed === null) return;
      await this.#deliver(claimed);
    }
  }

  #sendable(record: OutboxRecord, now: number): boolean {
    const id = record.request.id;
    return record.nextAttemptAt <= now && !this.#inFlight.has(id) && (this.#held.get(id) ?? 0) <= now &&
      (record.inFlightUntil === undefined || record.inFlightUntil <= now);
  }

  // Re-reads the store and takes a lease on the first due record, giving up on any too old.
  async #claim(): Promise<OutboxRecord | null> {
    const outcomes: OutboxOutcome[] = [];
    let registered: string | undefined;
    const claimed = await this.#update<OutboxRecord | null>((records) => {
      const now = this.#now();
      const kept: OutboxRecord[] = [];
      for (const record of records) {
        if (this.#sendable(record, now) && now - record.firstQueuedAt >= this.#maxAgeMs) {
          const reason = record.lastError === undefined ? 'max age' : `max age; last error: ${record.lastError}`;
          outcomes.push({ type: 'gave_up', id: record.request.id, reason, attempt: record.attempts });
          continue;
        }
        kept.push(record);
      }
      const first = kept.filter((r) => this.#sendable(r, now))
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.firstQueuedAt - b.firstQueuedAt)[0];
      if (first === undefined) return { records: outcomes.length > 0 ? kept : undefined, value: null };
      const picked = { ...first, attempts: first.attempts + 1, inFlightUntil: now + 2 * this.#timeoutMs, leaseOwner: this.#owner };
      kept[kept.indexOf(first)] = picked;
      // Registered before the lease is written, so that a discard() or stop() queued behind us aborts it.
      registered = first.request.id;
      this.#inFlight.set(registered, new AbortController());
      return { records: kept, value: picked };
    }).catch((error: unknown) => {
      if (registered !== undefined) this.#inFlight.delete(registered);
      throw error;
    });
    for (const outcome of outcomes) call(this.#options.onOutcome, outcome);
    return claimed;
  }

  async #deliver(claimed: OutboxRecord): Promise<void> {
    const id = claimed.request.id;
    const controller = this.#inFlight.get(id)!;
    // Paused, stopped or discarded between the claim and now: nothing leaves the device.
    const skipped = controller.signal.aborted || this.#paused || this.#stopped;
    let response: TransportResponse | undefined;
    let failure: string | undefined;
    let timedOut = false;
    if (!skipped) {
      const timer = this.#setTimer(() => {
        timedOut = true;
        controller.abort();
      }, this.#timeoutMs);
      try {
        response = await this.#transport.send(claimed.request, { signal: controller.signal, keepalive: true });
      } catch (error) {
        const name = (error as { name?: unknown } | null)?.name;
        failure = timedOut || name === 'TimeoutError' ? 'timeout'
          : `network: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        this.#clearTimer(timer);
      }
    }
    try {
      if (this.#stopped) return; // a stopped outbox writes nothing more; its lease lapses
      if (skipped || (response === undefined && controller.signal.aborted && !timedOut)) await this.#release(claimed);
      else await this.#settle(claimed, response, failure);
    } catch (error) {
      this.#report(error);
    } finally {
      this.#inFlight.delete(id);
    }
  }

  async #release(claimed: OutboxRecord): Promise<void> {
    await this.#update((records) => {
      const index = records.findIndex((r) => r.request.id === claimed.request.id && r.leaseOwner === this.#owner);
      if (index < 0) return { value: undefined };
      const next = [...records];
      next[index] = { ...withoutLease(records[index]!), attempts: claimed.attempts - 1 };
      return { records: next, value: undefined };
    });
  }

  // The outcome table of docs/sends.md, written before the next request of this worker.
  async #settle(claimed: OutboxRecord, response: TransportResponse | undefined, failure: string | undefined): Promise<void> {
    const id = claimed.request.id;
    const attempt = claimed.attempts;
    const outcome = await this.#update<OutboxOutcome | null>((records) => {
      const index = records.findIndex((r) => r.request.id === id);
      if (index < 0) return { value: null }; // discarded, or another outbox finished it
      const current = records[index]!;
      const now = this.#now();
      const status = response?.status;
      const remove = (o: OutboxOutcome): Change<OutboxOutcome> => ({ records: records.filter((_, i) => i !== index), value: o });
      if (status !== undefined && status >= 200 && status < 300) return remove({ type: 'sent', id, status, attempt });
      if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
        return remove({ type: 'dropped', id, status, reason: `http ${status}`, attempt });
      }
      // A failure: only the lease holder reschedules (after a lapsed lease another outbox may own it).
      if (current.leaseOwner !== this.#owner) return { value: null };
      const reason = status === undefined ? failure ?? 'network' : `http ${status}`;
      const asked = status === 429 || status === 503 ? retryAfterMs(response!.retryAfter, now) : undefined;
      const delay = asked ?? this.#random() * Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** Math.max(0, attempt - 1));
      const nextAttemptAt = Math.ceil(now + delay);
      if (nextAttemptAt - claimed.firstQueuedAt >= this.#maxAgeMs) {
        return remove({ type: 'gave_up', id, ...(status === undefined ? {} : { status }), reason: `max age; last error: ${reason}`, attempt });
      }
      const next = [...records];
      next[index] = { ...withoutLease(current), nextAttemptAt, lastError: reason };
      return { records: next, value: { type: 'retry', id, ...(status === undefined ? {} : { status }), reason, attempt, nextAttemptAt } };
    });
    if (outcome !== null) call(this.#options.onOutcome, outcome);
  }

  // One store transaction: read (re-read, since another outbox may have written), change, write.
  #update<T>(change: (records: readonly OutboxRecord[]) => Change<T>): Promise<T> {
    return this.#lock(`${this.#key}.lock`, async () => {
      const { records, value } = change(await this.#read());
      if (records !== undefined) await this.#write(records);
      return value;
    });
  }

  async #read(): Promise<readonly OutboxRecord[]> {
    let raw: string | null;
    try {
      raw = await this.#store.get(this.#key);
    } catch (error) {
      throw storeFailed(error);
    }
    if (raw === this.#raw) return this.#records;
    let records: OutboxRecord[] = [];
    if (raw !== null) {
      try {
        records = decodeRecords(raw);
      } catch (error) {
        // Reported once per bad value; the next write replaces it.
        if (raw !== this.#reportedRaw) this.#report(error);
        this.#reportedRaw = raw;
        return [];
      }
    }
    this.#raw = raw;
    this.#records = records;
    return records;
  }

  async #write(records: OutboxRecord[]): Promise<void> {
    const raw = records.length === 0 ? null : encodeRecords(records);
    try {
      if (raw === null) await this.#store.delete(this.#key);
      else await this.#store.set(this.#key, raw);
    } catch (error) {
      throw storeFailed(error);
    }
    this.#raw = raw;
    this.#records = records;
  }

  #report(error: unknown): void {
    const reported = error instanceof NudgeKitError ? error : storeFailed(error);
    if (this.#options.onError === undefined) return;
    call(this.#options.onError, reported);
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) this.#clearTimer(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }

  // One timer, for the earliest moment a record (of any outbox on this store) may be sent.
  #schedule(): void {
    if (this.#paused || this.#stopped || this.#running !== null) return;
    const now = this.#now();
    let at = Infinity;
    for (const r of this.#records) {
      if (this.#inFlight.has(r.request.id)) continue;
      at = Math.min(at, Math.max(r.nextAttemptAt, r.inFlightUntil ?? 0, this.#held.get(r.request.id) ?? 0));
    }
    if (this.#storeFailures > 0) {
      // The store failed: try again, but back off whatever the records say.
      const wait = this.#random() * Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (this.#storeFailures - 1));
      at = Math.max(at === Infinity ? 0 : at, now + wait);
    }
    if (at === Infinity) return this.#cancelTimer();
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    this.#cancelTimer();
    this.#timerAt = at;
    this.#timer = this.#setTimer(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      void this.flush();
    }, Math.min(MAX_TIMER_MS, Math.max(0, at - now)));
  }
}
