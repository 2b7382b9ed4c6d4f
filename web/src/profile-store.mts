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

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
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
    if ((!this.#dirty && this.#writing === null) || !this.#loaded || this.#stopped) return;
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

  /** The engine changed: write within the batching interval. */
  changed(): void {
    if (this.#stopped) return;
    this.#dirty = true;
    if (this.#timer !== undefined) return;
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
    if (!this.#dirty || this.#stopped || !this.#loaded) return;
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
    if (!this.#dirty || !this.#loaded) return;
    let value: string;
    try {
      value = encodeProfile(this.#options.snapshot(), Date.now());
    } catch (error) {
      this.#report('storage.write_failed', error);
      return;
    }
    const previous = this.#writing ?? Promise.resolve();
    void previous.then(() => this.#options.store.set(this.#options.key, value))
      .catch((error: unknown) => this.#report('storage.write_failed', error));
  }

  // Over quota, the oldest raw events go first (the aggregates stay in the snapshot), halving until
  // the record fits or none are left; then the failure is reported and the last stored record stays.
  async #write(): Promise<void> {
    let shed = 0;
    for (;;) {
      let value: string;
      try {
        value = encodeProfile(this.#options.snapshot(), Date.now());
      } catch (error) {
        this.#report('storage.write_failed', error);
        return;
      }
      try {
        await this.#options.store.set(this.#options.key, value);
        if (shed > 0) {
          this.#options.onError(new NudgeKitError({
            code: 'storage.quota_exceeded', pointer: '/storage',
            message: `the storage quota is full: ${shed} halving(s) of the oldest raw events were shed to fit; aggregates are kept`,
          }));
        }
        return;
      } catch (error) {
        if (!isQuotaError(error)) {
          this.#report('storage.write_failed', error);
          return;
        }
        if (!this.#options.shed()) {
          this.#options.onError(new NudgeKitError({
            code: 'storage.quota_exceeded', pointer: '/storage',
            message: 'the storage quota is full even without raw events: the profile was not saved (the last saved one stays)',
          }));
          return;
        }
        shed++;
      }
    }
  }

  #report(code: string, error: unknown): void {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.#options.onError(new NudgeKitError({ code, pointer: '/storage', message: `the profile store failed (${why})` }));
  }
}
