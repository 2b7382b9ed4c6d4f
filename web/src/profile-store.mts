// Keeps one user's engine snapshot in a KeyValueStore, apart from the outbox (a bad profile record must
// never cost a pending send). Writes are batched: a burst of tracked events costs one write, made a
// short interval after the first change, or at once when the page hides. Each value is one record —
// a single put is atomic in every store we ship — wrapped in an envelope that names its format and
// carries a checksum, so foreign or damaged data under our key is recognised and replaced.
import { NudgeKitError } from './errors.mjs';
import type { KeyValueStore } from './kv-store.mjs';
import { checksum } from './outbox.mjs';

const FORMAT = 'nudgekit.profile';
const VERSION = 1;
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ProfileStoreOptions {
  store: KeyValueStore;
  /** The store key of this user's record. */
  key: string;
  /** The engine's current snapshot. */
  snapshot: () => Uint8Array;
  /** Drops the older half of the raw events; false when none are left (the write then gives up). */
  shed: () => boolean;
  /** How long after a change the write happens (default 250 ms). */
  delayMs?: number;
  onError: (error: NudgeKitError) => void;
  /**
   * A synchronous store for the last write when the page is left (`localStorage` beside IndexedDB): an
   * asynchronous write started in `pagehide` may die with the document; a synchronous one cannot. The
   * next load takes whichever of the two is newer.
   */
  rescue?: Storage;
}

// Base64 by table into ASCII bytes, then one TextDecoder call: btoa over a char-by-char string costs
// several times the snapshot itself for a 70 KB profile.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ENCODE[i]!] = i;
const ascii = new TextDecoder();

function toBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ENCODE[n >>> 18]!;
    out[o++] = ENCODE[(n >>> 12) & 63]!;
    out[o++] = ENCODE[(n >>> 6) & 63]!;
    out[o++] = ENCODE[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = ENCODE[n >>> 18]!;
    out[o++] = ENCODE[(n >>> 12) & 63]!;
    out[o++] = rest === 2 ? ENCODE[(n >>> 6) & 63]! : 61;  // '='
    out[o++] = 61;
  }
  return ascii.decode(out);
}

function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error('base64 length');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = text.charCodeAt(i + k);
      const v = c === 61 && i + k >= text.length - padding ? 0 : c < 128 ? DECODE[c]! : -1;
      if (v < 0) throw new Error('base64 character');
      n = (n << 6) | v;
    }
    if (o < bytes.length) bytes[o++] = n >>> 16;
    if (o < bytes.length) bytes[o++] = (n >>> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
  }
  return bytes;
}

/** The stored value of a snapshot. @internal */
export function encodeProfile(bytes: Uint8Array, savedAt: number): string {
  const data = toBase64(bytes);
  return JSON.stringify({ format: FORMAT, version: VERSION, checksum: checksum(data), savedAt, data });
}

function corrupted(message: string): NudgeKitError {
  return new NudgeKitError({ code: 'storage.corrupted', pointer: '/storage', message });
}

export interface StoredProfile {
  bytes: Uint8Array;
  savedAt: number;
}

/** The snapshot in a stored value, or a `storage.corrupted` error saying what is wrong with it. @internal */
export function decodeProfile(text: string): StoredProfile | NudgeKitError {
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    return corrupted('the stored profile is not JSON: it was damaged, or another script wrote under nudgekit\'s key');
  }
  const e = envelope as { format?: unknown; version?: unknown; checksum?: unknown; savedAt?: unknown; data?: unknown } | null;
  if (typeof e !== 'object' || e === null || e.format !== FORMAT) {
    return corrupted(`the stored profile is not a ${FORMAT} record: another script wrote under nudgekit's key`);
  }
  if (e.version !== VERSION) return corrupted(`the stored profile has version ${String(e.version)}; this nudgekit reads version ${VERSION}`);
  if (typeof e.data !== 'string' || e.checksum !== checksum(e.data)) return corrupted('the stored profile fails its checksum');
  try {
    return { bytes: fromBase64(e.data), savedAt: typeof e.savedAt === 'number' ? e.savedAt : 0 };
  } catch {
    return corrupted('the stored profile\'s data is not base64');
  }
}

function quotaExceeded(message: string): NudgeKitError {
  return new NudgeKitError({ code: 'storage.quota_exceeded', pointer: '/storage', message });
}

function isQuotaError(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | null;
  return e?.name === 'QuotaExceededError' || e?.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e?.code === 22;
}

export class ProfileStore {
  readonly #options: ProfileStoreOptions;
  readonly #delayMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #dirty = false;
  #writing: Promise<void> | null = null;
  #stopped = false;
  // Nothing is written before load() has read what is there: a fresh engine must not overwrite it.
  #loaded = false;
  #writable = true;

  constructor(options: ProfileStoreOptions) {
    this.#options = options;
    this.#delayMs = Math.min(MAX_TIMER_MS, Math.max(0, options.delayMs ?? 250));
  }

  /**
   * The stored snapshot, or null when there is none. A record that cannot be read is reported, deleted
   * (so the engine starts clean instead of failing on every page) and answered as null.
   */
  async load(): Promise<Uint8Array | null> {
    const rescued = this.#takeRescue();
    let text: string | null;
    try {
      text = await this.#options.store.get(this.#options.key);
    } catch (error) {
      this.#report('storage.read_failed', error);
      text = null;
    } finally {
      this.#loaded = true;
    }
    let stored: StoredProfile | null = null;
    if (text !== null) {
      const decoded = decodeProfile(text);
      if (decoded instanceof NudgeKitError) {
        this.#options.onError(decoded);
        await this.clear();
      } else {
        stored = decoded;
      }
    }
    if (rescued !== null && (stored === null || rescued.savedAt > stored.savedAt)) {
      this.#dirty = true;  // the store is behind: the next write catches it up
      this.changed();
      return rescued.bytes;
    }
    return stored?.bytes ?? null;
  }

  /**
   * The page is being left or hidden: what changed is written synchronously to the rescue store (when
   * there is one), and to the store as usual.
   */
  leave(): void {
    // A write in flight counts as unsaved: it may die with the document too.
    if ((!this.#dirty && this.#writing === null) || !this.#loaded || this.#stopped || !this.#writable) return;
    const rescue = this.#options.rescue;
    if (rescue !== undefined) {
      try {
        rescue.setItem(this.#rescueKey(), encodeProfile(this.#options.snapshot(), Date.now()));
      } catch {
        // full or blocked: the asynchronous write below is all there is
      }
    }
    void this.flush();
  }

  #rescueKey(): string {
    return `nudgekit:rescue:${this.#options.key}`;
  }

  // Reads and removes the rescue record; a damaged one is dropped silently (the store has the truth).
  #takeRescue(): StoredProfile | null {
    const rescue = this.#options.rescue;
    if (rescue === undefined) return null;
    try {
      const text = rescue.getItem(this.#rescueKey());
      if (text === null) return null;
      rescue.removeItem(this.#rescueKey());
      const decoded = decodeProfile(text);
      return decoded instanceof NudgeKitError ? null : decoded;
    } catch {
      return null;
    }
  }

  /**
   * A tab that follows another writes nothing (the leading tab does); when it comes to lead, what
   * changed meanwhile is written.
   */
  setWritable(writable: boolean): void {
    this.#writable = writable;
    if (writable && this.#dirty) this.changed();
  }

  /** The engine changed: write within the batching interval. */
  changed(): void {
    if (this.#stopped) return;
    this.#dirty = true;
    if (this.#timer !== undefined || !this.#writable) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#delayMs);
    (this.#timer as { unref?: () => void }).unref?.();  // never keeps a Node process alive
  }

  /** Writes now if anything changed since the last write; resolves once it is stored (or reported). */
  async flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#writing !== null) await this.#writing;
    if (!this.#dirty || this.#stopped || !this.#loaded || !this.#writable) return;
    this.#dirty = false;
    this.#writing = this.#write().finally(() => {
      this.#writing = null;
    });
    await this.#writing;
  }

  /** Deletes the stored record (forget, or a record that could not be read). */
  async clear(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#dirty = false;
    try {
      this.#options.rescue?.removeItem(this.#rescueKey());
    } catch {
      // blocked: nothing could have been written there either
    }
    while (this.#writing !== null) await this.#writing;
    try {
      await this.#options.store.delete(this.#options.key);
    } catch (error) {
      this.#report('storage.write_failed', error);
    }
  }

  /**
   * The engine is going away (destroy): what changed since the last write is snapshotted now, while
   * the engine still exists, and written in the background; then nothing more.
   */
  finish(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#stopped) return;
    this.#stopped = true;
    if (!this.#dirty || !this.#loaded || !this.#writable) return;
    const value = this.#encodeNow();
    if (value === null) return;
    const previous = this.#writing ?? Promise.resolve();
    void previous.then(() => this.#options.store.set(this.#options.key, value))
      .catch((error: unknown) => this.#report('storage.write_failed', error));
  }

  // Over quota, the oldest raw events go first (the aggregates stay in the snapshot), halving until
  // the record fits or none are left; then the failure is reported and the last stored record stays.
  async #write(): Promise<void> {
    let shed = 0;
    for (;;) {
      const value = this.#encodeNow();
      if (value === null) return;
      try {
        await this.#options.store.set(this.#options.key, value);
        if (shed > 0) {
          this.#options.onError(quotaExceeded(`the storage quota is full: ${shed} halving(s) of the oldest raw events were shed to fit; aggregates are kept`));
        }
        return;
      } catch (error) {
        if (!isQuotaError(error)) {
          this.#report('storage.write_failed', error);
          return;
        }
        if (!this.#options.shed()) {
          this.#options.onError(quotaExceeded('the storage quota is full even without raw events: the profile was not saved (the last saved one stays)'));
          return;
        }
        shed++;
      }
    }
  }

  // The engine's state now, as the stored value; null (reported) when the snapshot could not be taken.
  #encodeNow(): string | null {
    try {
      return encodeProfile(this.#options.snapshot(), Date.now());
    } catch (error) {
      this.#report('storage.write_failed', error);
      return null;
    }
  }

  #report(code: string, error: unknown): void {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.#options.onError(new NudgeKitError({ code, pointer: '/storage', message: `the profile store failed (${why})` }));
  }
}
