import { NudgeKitError, type ErrorDetail } from './errors.mjs';
import { encodeBinary } from './binary.mjs';
import { deviceTimeZone, offsetFunction, readNow, type OffsetOf } from './clock.mjs';
import { explainInvalid, toJsonText } from './serialize.mjs';
import type {
  CampaignStats, LanguageDecision, Condition, Config, EvaluateOptions, Explanation, Nudge, NudgeKitEvents, NudgeKitOptions, Placement,
  Properties, QuizAnswer, QuizAnswerOptions, RenderedContent, ReportOptions, RewardEvent, Rewards, Scores, SegmentEvent,
  SetPropertiesOptions, SpinResult, StageEvent, TrackOptions, ValidationResult,
} from './types.mjs';
import type { NudgeKitModule } from './wasm/nudgekit.mjs';
import { Sends } from './sends.mjs';
import { memoryStore, type KeyValueStore } from './kv-store.mjs';
import { ProfileStore } from './profile-store.mjs';
import { openStorage, requestPersistence, type OpenedStorage, type StorageKind } from './storage.mjs';
import { RemoteConfig, type VerifiedConfig } from './remote-config.mjs';
import { onPageLeave, pageTarget } from './page-lifecycle.mjs';
import type { OutboxRecord } from './outbox.mjs';
import { TabGroup, type TabChanges, type TabHost, type TabOp } from './tab-group.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const DIALECT_CODE = { nudgekit: 1, growthbook: 2 } as const;
// The core's enum orders (nudgekit/campaigns.h, the bindings' report()).
const PLACEMENT_CODE: { [P in Placement]: number } = { banner: 0, modal: 1, sheet: 2, card: 3, tooltip: 4, inbox: 5 };
const OUTCOME_CODE = { shown: 0, clicked: 1, dismissed: 2, converted: 3, opened: 4, delivered: 5 } as const;

interface WireChanges {
  segments: SegmentEvent[];
  stage: StageEvent | null;
  nudges: Nudge[];
  rewards: RewardEvent[];
}

// A uniform 64-bit seed for a wheel draw, as two 32-bit halves (the core's SplitMix64 takes it).
function randomSeed(): [number, number] {
  const halves = new Uint32Array(2);
  globalThis.crypto.getRandomValues(halves);
  return [halves[0]!, halves[1]!];
}

// An id for a user the app has not named: random, so that variants spread; kept in the snapshot.
function anonymousId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return `anon-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

interface WireResult {
  ok: boolean;
  errors: ErrorDetail[];
  segments?: string[];
  campaigns?: number;
}

/** The JSON text a core call left in the engine's output buffer, `length` bytes (-1: no engine). */
function readOutput(module: NudgeKitModule, id: number, length: number): unknown {
  if (length < 0) throw new NudgeKitError({ code: 'engine.destroyed', pointer: '', message: 'this engine was destroyed' });
  const pointer = module._nk_output_buffer(id) >>> 0;
  return JSON.parse(decoder.decode(module.HEAPU8.subarray(pointer, pointer + length)));
}

/** Copies `text` as UTF-8 into the module's input buffer and returns its length in bytes. @internal */
export function writeInput(module: NudgeKitModule, text: string): number {
  const capacity = text.length * 3;
  const pointer = module._nk_input_buffer(capacity) >>> 0;
  if (pointer === 0) throw new NudgeKitError({ code: 'engine.out_of_memory', pointer: '', message: 'out of memory' });
  // Read HEAPU8 only now: the buffer call may have grown memory and detached any earlier view.
  return encoder.encodeInto(text, module.HEAPU8.subarray(pointer, pointer + capacity)).written;
}

/**
 * The config's JSON text, or, when a config object holds values that are not JSON, the result that
 * reports them (config problems are returned, not thrown).
 * @internal
 */
export function configText(config: Config | string): string | ValidationResult {
  if (typeof config === 'string') return config;
  try {
    return toJsonText(config, 'config');
  } catch (error) {
    if (error instanceof NudgeKitError) return { ok: false, errors: error.errors };
    throw error;
  }
}

/** @internal */
export function validateWith(module: NudgeKitModule, config: Config | string): ValidationResult {
  const text = configText(config);
  if (typeof text !== 'string') return text;
  const result = JSON.parse(module.validateConfig(writeInput(module, text))) as WireResult;
  return { ok: result.ok, errors: result.errors };
}

/**
 * One user's engine. Create it with `createNudgeKit`; call `destroy()` when done (a finalizer frees a
 * forgotten engine eventually, but only `destroy()` does it at a known time).
 */
export class NudgeKit {
  readonly userId: string | undefined;
  #timeZone: string;
  // Without a timeZone option the device's is followed: re-read on each runtime tick and on resume.
  #followDeviceZone: boolean;
  #detachTicker: () => void = () => {};
  #remote: RemoteConfig | null = null;
  #remoteText: string | null = null;
  #module: NudgeKitModule;
  #id: number;
  #segmentNames: string[] = [];
  #now: () => number;
  #offsetOf: OffsetOf;
  #listeners: { [K in keyof NudgeKitEvents]: Set<(event: NudgeKitEvents[K]) => void> } = {
    segment: new Set(),
    stage: new Set(),
    nudge: new Set(),
    reward: new Set(),
    send: new Set(),
    error: new Set(),
  };
  #sends: Sends;
  /** Where this engine keeps the user's state: the kind asked for, a fallback, or `'custom'`. */
  readonly storage: StorageKind | 'custom';
  /**
   * With `persistStorage: true`, the browser's answer: true when the storage is persistent, false when
   * refused; null when not asked, not applicable (memory, a custom store) or not supported.
   */
  get storagePersisted(): boolean | null {
    return this.#persisted;
  }

  #persisted: boolean | null = null;

  /** @internal */
  setStoragePersisted(answer: boolean | null): void {
    this.#persisted = answer;
  }
  #profile: ProfileStore | null = null;
  #store: KeyValueStore;
  // Errors raised before anyone listened (a storage fallback during createNudgeKit): the first
  // 'error' listener gets them, so nothing is thrown from createNudgeKit and nothing goes unreported.
  #unheardErrors: NudgeKitError[] = [];
  #detachLifecycle: () => void = () => {};
  #refreshQueued = false;
  #hasCampaigns = false;
  // With other tabs of this user open, one engine leads and decides; see tab-group.mts.
  #group: TabGroup | null = null;
  #groupName: string | null = null;
  // The latest clock reading the core was given, among tabs (see #monotonic).
  #latestNow = -Infinity;

  /** @internal */
  constructor(module: NudgeKitModule, options: NudgeKitOptions, storage: OpenedStorage = { store: memoryStore(), kind: 'memory', fallbacks: [] }) {
    if (options.now !== undefined && typeof options.now !== 'function') {
      throw new NudgeKitError({ code: 'options.invalid_now', pointer: '/now', message: 'now must be a function returning epoch milliseconds' });
    }
    this.#now = options.now ?? Date.now;
    this.#followDeviceZone = options.timeZone === undefined;
    this.#timeZone = options.timeZone ?? deviceTimeZone();
    this.#offsetOf = offsetFunction(this.#timeZone);
    const interval: unknown = options.tickIntervalMs;
    if (interval !== undefined && (typeof interval !== 'number' || !Number.isFinite(interval) || interval < 0)) {
      throw new NudgeKitError({ code: 'options.invalid_tick_interval', pointer: '/tickIntervalMs', message: 'tickIntervalMs is a number of milliseconds (0: no timer)' });
    }
    const tabs: unknown = options.tabs;
    if (tabs !== undefined && tabs !== 'shared' && tabs !== 'independent') {
      throw new NudgeKitError({ code: 'options.invalid_tabs', pointer: '/tabs', message: 'tabs is "shared" or "independent"' });
    }
    const persistStorage: unknown = options.persistStorage;
    if (persistStorage !== undefined && typeof persistStorage !== 'boolean') {
      throw new NudgeKitError({ code: 'options.invalid_persist_storage', pointer: '/persistStorage', message: 'persistStorage is a boolean' });
    }
    this.#module = module;
    this.#id = module.createEngine();
    if (this.#id === 0) throw new NudgeKitError({ code: 'engine.out_of_memory', pointer: '', message: 'out of memory' });
    if (options.userId !== undefined && (typeof options.userId !== 'string' || options.userId === '' || options.userId.length > 256)) {
      module.destroyEngine(this.#id);
      throw new NudgeKitError({ code: 'options.invalid_user_id', pointer: '/userId', message: 'userId is a non-empty string of at most 256 characters' });
    }
    this.userId = options.userId;
    const provisional = options.userId === undefined;
    module.setUserId(this.#id, writeInput(module, options.userId ?? anonymousId()), provisional);
    try {
      const consent: unknown = options.consent;
      if (consent !== undefined && (typeof consent !== 'object' || consent === null || Array.isArray(consent) ||
        ((consent as { sends?: unknown }).sends !== undefined && typeof (consent as { sends?: unknown }).sends !== 'boolean'))) {
        throw new NudgeKitError({ code: 'options.invalid_consent', pointer: '/consent', message: 'consent is {sends: boolean}' });
      }
      this.#sends = new Sends(options.sends, options.consent?.sends === true, storage.store, {
        send: (outcome) => this.#emit(this.#listeners.send, outcome),
        error: (error) => this.#reportError(error),
      }, storage.kind === 'indexeddb' || storage.kind === 'localstorage' ? rescueStorage() : undefined);
    } catch (error) {
      module.destroyEngine(this.#id);
      throw error;
    }
    this.storage = storage.kind;
    this.#store = storage.store;
    for (const error of storage.fallbacks) this.#reportError(error);
    // A memory store survives nothing: keeping a snapshot in it would only cost the writes.
    if (storage.kind !== 'memory') {
      const key = `profile:${options.userId ?? '~anonymous'}`;
      const tabs = options.tabs;
      // Tabs share the browser's stores; a custom store is shared only when the app says so.
      if (tabs === 'shared' || (tabs === undefined && storage.kind !== 'custom')) this.#groupName = `${storage.kind}:${key}`;
      this.#profile = new ProfileStore({
        store: storage.store,
        key,
        snapshot: () => this.snapshot(),
        shed: () => this.#id !== 0 && this.#module.shedRawEvents(this.#id) > 0,
        onError: (error) => this.#reportError(error),
        rescue: storage.kind === 'indexeddb' ? rescueStorage() : undefined,
      });
      this.#detachLifecycle = onPageLeave(() => {
        this.#group?.leave();
        if (this.#group?.leading !== false) this.#profile?.leave();
      });
    }
    this.#attachTicker(options.tickIntervalMs);
    finalizer?.register(this, { module, id: this.#id }, this);
  }

  /** @internal Installs the config at `configUrl`: the cached one at once (then a background refresh), else the download. */
  async startRemoteConfig(remote: RemoteConfig): Promise<void> {
    this.#remote = remote;
    await remote.ready();
    const cached = await remote.cached();
    if (cached !== null && this.#install(cached).ok) {
      void this.refreshConfig().then((result) => {
        for (const error of result.errors) this.#reportError(new NudgeKitError([error]));
      });
      return;
    }
    const result = this.#install(await remote.download());
    if (!result.ok) throw new NudgeKitError(result.errors);
  }

  /**
   * Downloads the config from `configUrl` again and installs it if it verifies and validates; otherwise
   * `{ok: false, errors}` and the config in force stays. Without `configUrl`, `{ok: true}` and nothing.
   */
  async refreshConfig(): Promise<ValidationResult> {
    this.#live();
    if (this.#remote === null) return { ok: true, errors: [] };
    let fresh: VerifiedConfig;
    try {
      fresh = await this.#remote.download();
    } catch (error) {
      if (error instanceof NudgeKitError) return { ok: false, errors: error.errors };
      throw error;
    }
    if (this.#id === 0 || fresh.text === this.#remoteText) return { ok: true, errors: [] };
    return this.#install(fresh);
  }

  #install(config: VerifiedConfig): ValidationResult {
    const result = this.loadConfig(config.text);
    if (result.ok) {
      this.#remoteText = config.text;
      void this.#remote?.remember(config);
    }
    return result;
  }

  /** The IANA time zone local days are counted in now (the device's, unless the `timeZone` option set one). */
  get timeZone(): string {
    return this.#timeZone;
  }

  // A device that changed zone (travel, settings): later days count in the new zone; recorded events
  // keep the day they were recorded in (docs/storage.md, "Time: the runtime timer").
  #syncZone(): void {
    if (!this.#followDeviceZone) return;
    const zone = deviceTimeZone();
    if (zone === this.#timeZone) return;
    this.#timeZone = zone;
    this.#offsetOf = offsetFunction(zone);
  }

  // In a page, tick() runs on a timer while the page is visible, and at once when it becomes visible
  // again (or comes back from the back-forward cache): a hidden page has nobody to nudge, and timers in
  // background tabs are throttled anyway. Nudges it delivers reach on('nudge') as usual.
  #attachTicker(option: number | undefined): void {
    const target = pageTarget;
    const intervalMs = option ?? (target.document === undefined ? 0 : 60_000);
    if (intervalMs === 0 || typeof target.addEventListener !== 'function') return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const runTick = () => {
      if (this.#id === 0) return;
      try {
        this.#syncZone();
        this.tick();
      } catch (error) {
        this.#reportError(error instanceof NudgeKitError ? error
          : new NudgeKitError({ code: 'engine.internal', pointer: '', message: `tick failed: ${String(error)}` }));
      }
    };
    const visible = () => target.document?.visibilityState !== 'hidden';
    const start = () => {
      if (timer === undefined) timer = setInterval(runTick, intervalMs);
    };
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const onVisibility = () => {
      if (!visible()) return stop();
      runTick();
      start();
    };
    const onShow = (event?: unknown) => {
      if ((event as { persisted?: boolean } | undefined)?.persisted === true) onVisibility();
    };
    target.addEventListener('visibilitychange', onVisibility);
    target.addEventListener('pageshow', onShow);
    if (visible()) start();
    this.#detachTicker = () => {
      stop();
      target.removeEventListener?.('visibilitychange', onVisibility);
      target.removeEventListener?.('pageshow', onShow);
    };
  }

  /** @internal Replaces the fresh state with what the store kept for this user (after the config loads). */
  async restoreStored(): Promise<void> {
    const bytes = await this.#profile?.load();
    if (bytes === null || bytes === undefined) return;
    const result = this.restore(bytes);
    if (!result.ok) {
      const [first] = result.errors;
      this.#reportError(new NudgeKitError({
        code: 'storage.corrupted', pointer: '/storage',
        message: `the stored profile was refused (${first?.code ?? 'snapshot.corrupt'}: ${first?.message ?? ''}); starting clean`,
      }));
      await this.#profile?.clear();
    }
  }

  /** @internal Joins the other tabs of this user, where the browser can coordinate them (after restoreStored). */
  async joinTabs(): Promise<void> {
    if (this.#groupName === null) return;
    const host: TabHost = {
      apply: (op) => this.#applyOp(op),
      snapshot: () => this.snapshot(),
      restore: (bytes) => this.restore(bytes).ok,
      setLeading: (leading) => {
        if (this.#id === 0) return;
        this.#module.setReplica(this.#id, !leading);
        this.#profile?.setWritable(leading);
      },
      emit: (changes) => this.#emitChanges(changes as unknown as WireChanges),
      persist: () => this.#profile?.flush() ?? Promise.resolve(),
    };
    this.#group = await TabGroup.join(this.#groupName, host);
  }

  /**
   * Whether this engine decides for the user: true alone, or when leading the tabs of this user;
   * false in a tab that follows another (its nudges arrive through `on('nudge')`; docs/storage.md, "Tabs").
   */
  get leading(): boolean {
    return this.#group?.leading !== false;
  }

  /**
   * Writes the user's state to storage now instead of within the batching interval (it is also written
   * when the page hides). Resolves once stored; failures go to `on('error')`. In a following tab, the
   * leading tab writes, after what this tab sent it.
   */
  async persist(): Promise<void> {
    this.#live();
    await (this.#group?.persist() ?? this.#profile?.flush());
  }

  /** @internal */
  storageStore(): KeyValueStore {
    return this.#store;
  }

  #changed(): void {
    this.#profile?.changed();
    this.#group?.changed();
  }

  // Another tab's change (or this tab's, replayed): applied with the inputs it was made with. A leader
  // decides on it (its sends go into the outbox here) and returns what to emit in the tab it came
  // from; a replica records it and returns null. A change this engine refuses is skipped.
  #applyOp(op: TabOp): TabChanges | null {
    if (this.#id === 0) return null;
    const module = this.#module;
    let code = 0;
    try {
      switch (op.kind) {
        case 'track':
          code = this.#coreTrack(op.name, op.props, op.time, op.now);
          break;
        case 'setProperties':
          this.#coreSetProperties(op.properties, op.replace);
          code = this.#advanceAt(1, op.now);
          break;
        case 'unsetProperties':
          this.#coreUnset(op.paths);
          code = this.#advanceAt(1, op.now);
          break;
        case 'report':
          this.#coreReport(op.nudgeId, op.outcome, op.time);
          break;
        case 'tick':
          code = this.#advanceAt(0, op.now);
          break;
        case 'spin':
          this.#callAt('spin', [op.itemId], op.seed, op.now);
          break;
        case 'answerQuiz':
          if (!this.#callAt<QuizAnswer>('answerQuiz', op.args, [0, 0], op.now).repeat) code = module._nk_change_count(this.#id);
          break;
        case 'forget':
          module.forget(this.#id, writeInput(module, op.userId), op.provisional);
          break;
      }
    } catch {
      return null;
    }
    this.#profile?.changed();
    if (!this.leading || code === 0) return null;
    const changes = readOutput(module, this.#id, module._nk_take_changes(this.#id)) as WireChanges;
    this.#sends.take(changes.nudges);
    return changes as unknown as TabChanges;
  }

  // This tab's change, already applied here: shared with the other tabs. True when this tab follows,
  // so that what it decided (nothing, as a replica) is not emitted.
  #share(op: () => TabOp): boolean {
    const group = this.#group;
    if (group === null) return false;
    group.local(op());
    return !group.leading;
  }

  #reportError(error: NudgeKitError): void {
    if (this.#listeners.error.size === 0) {
      if (this.#unheardErrors.length < 32) this.#unheardErrors.push(error);
      return;
    }
    this.#emit(this.#listeners.error, error);
  }



  /** @internal Resumes what a previous page left in the outbox. */
  startSends(): Promise<void> {
    return this.#sends.start();
  }

  /**
   * Records what the user agreed to. With `sends: true` the outbox starts delivering; with false
   * nothing more leaves the device, and held sends wait (or are dropped, per `sends.withoutConsent`).
   */
  async setConsent(consent: { sends?: boolean }): Promise<void> {
    this.#live();
    if (typeof consent !== 'object' || consent === null || (consent.sends !== undefined && typeof consent.sends !== 'boolean')) {
      throw new NudgeKitError({ code: 'engine.invalid_argument', pointer: '/sends', message: 'consent is {sends: boolean}' });
    }
    if (consent.sends !== undefined) await this.#sends.setConsent(consent.sends);
  }

  /** The sends waiting in the outbox (not yet answered by the server). */
  pendingSends(): Promise<OutboxRecord[]> {
    return this.#sends.pending();
  }

  /** Sends every due outbox record now; resolves when none is left due. */
  flushSends(): Promise<void> {
    return this.#sends.flush();
  }

  /**
   * Deletes everything stored on the device for this user: properties, event history, segments,
   * scores, nudges, plans, games, and the outbox's sends. The config stays; the next user is the app's
   * `userId` if it named one, else a new anonymous id.
   */
  async forget(): Promise<void> {
    const id = this.#live();
    const provisional = this.userId === undefined;
    const userId = this.userId ?? anonymousId();
    this.#module.forget(id, writeInput(this.#module, userId), provisional);
    this.#share(() => ({ kind: 'forget', userId, provisional }));
    this.#refreshQueued = false;
    await this.#profile?.clear();
    await this.#sends.discard();
  }

  /**
   * Validates and installs a config. On `{ok: false}` the previous config stays in force; each error has
   * a stable `code` and a JSON `pointer` to the place at fault.
   */
  loadConfig(config: Config | string): ValidationResult {
    const id = this.#live();
    const text = configText(config);
    if (typeof text !== 'string') return text;
    const result = JSON.parse(this.#module.loadConfig(id, writeInput(this.#module, text))) as WireResult;
    if (result.ok) {
      this.#segmentNames = result.segments ?? [];
      this.#hasCampaigns = (result.campaigns ?? 0) > 0;
      this.#changed();
    }
    return { ok: result.ok, errors: result.errors };
  }

  /**
   * Sets profile properties. Keys may be dot paths; objects merge into what is there, other values
   * replace it; `{replace: true}` replaces the whole profile. Throws `NudgeKitError` for values that are
   * not JSON (NaN, BigInt, cycles…), leaving the profile unchanged.
   */
  setProperties(properties: Properties, options: SetPropertiesOptions = {}): void {
    this.#live();
    const encoded = encodeBinary(properties);
    if (encoded === null) explainInvalid(properties, 'properties');
    const replace = options.replace === true;
    this.#coreSetProperties(encoded, replace);
    this.#changed();
    this.#share(() => ({ kind: 'setProperties', properties: encoded, replace, now: readNow(this.#now) }));
    this.#queueRefresh();
  }

  // Alone, the engine takes the clock it is given (a test may turn it back). Among tabs, changes made
  // at one moment arrive a moment apart, so time is not let run backwards: windows and caps would
  // otherwise miss what another tab recorded a millisecond "later".
  #monotonic(now: number): number {
    if (this.#group === null) return now;
    if (now > this.#latestNow) this.#latestNow = now;
    return this.#latestNow;
  }

  #coreSetProperties(encoded: Uint8Array, replace: boolean): void {
    const id = this.#live();
    const pointer = this.#module._nk_input_buffer(encoded.length) >>> 0;
    if (pointer === 0) throw new NudgeKitError({ code: 'engine.out_of_memory', pointer: '', message: 'out of memory' });
    this.#module.HEAPU8.set(encoded, pointer);  // read HEAPU8 after the buffer call, which may grow memory
    if (this.#module._nk_set_properties(id, encoded.length, replace ? 1 : 0) !== 1) {
      throw new NudgeKitError(JSON.parse(this.#module.lastError(id)) as ErrorDetail[]);
    }
  }

  /**
   * Records an event (`props` optional; `time` defaults to `now()`), re-evaluates the segments that
   * read it and runs the campaigns it triggers. Returns the nudges delivered (also emitted as
   * `'nudge'`). Throws `NudgeKitError` for an invalid name or props, or a time far in the future or
   * past; a refused event leaves no trace. In a tab that follows another, it returns `[]`: the leading
   * tab decides, and what it delivers reaches this tab's `on('nudge')` a moment later.
   */
  track(name: string, props?: Properties | null, options: TrackOptions = {}): Nudge[] {
    this.#live();
    if (typeof name !== 'string') throw new NudgeKitError({ code: 'event.invalid_name', pointer: '/name', message: 'an event name is a string' });
    let encoded: Uint8Array | null = null;
    if (props !== undefined && props !== null) {
      encoded = encodeBinary(props);
      if (encoded === null) {
        try {
          explainInvalid(props, 'event');
        } catch (error) {
          if (!(error instanceof NudgeKitError)) throw error;
          throw new NudgeKitError(error.errors.map((detail) => ({ ...detail, pointer: `/props${detail.pointer}` })));
        }
      }
    }
    const now = readNow(this.#now);
    const time = options.time ?? now;
    if (typeof time !== 'number') throw new NudgeKitError({ code: 'event.invalid_time', pointer: '/time', message: 'time is epoch milliseconds' });
    const changes = this.#coreTrack(name, encoded, time, now);
    this.#changed();
    if (this.#share(() => ({ kind: 'track', name, props: encoded, time, now }))) return [];
    return this.#takeChanges(changes);
  }

  #coreTrack(name: string, encoded: Uint8Array | null, time: number, at: number): number {
    const id = this.#live();
    const now = this.#monotonic(at);
    const module = this.#module;
    const nameBytes = name.length * 3;
    const propsLength = encoded === null ? 0 : encoded.length;
    const pointer = module._nk_input_buffer(nameBytes + propsLength) >>> 0;
    if (pointer === 0) throw new NudgeKitError({ code: 'engine.out_of_memory', pointer: '', message: 'out of memory' });
    const heap = module.HEAPU8;
    let nameLength = 0;
    // Valid event names are ASCII: copy them unit by unit (TextEncoder costs more than the name).
    for (; nameLength < name.length; nameLength++) {
      const unit = name.charCodeAt(nameLength);
      if (unit >= 0x80) break;
      heap[pointer + nameLength] = unit;
    }
    if (nameLength < name.length) nameLength = encoder.encodeInto(name, heap.subarray(pointer, pointer + nameBytes)).written;
    if (encoded !== null) heap.set(encoded, pointer + nameLength);
    const changes = module._nk_track(id, nameLength, propsLength, time, now, this.#offsetOf(now));
    if (changes < 0) throw new NudgeKitError(JSON.parse(module.lastError(id)) as ErrorDetail[]);
    return changes;
  }

  /** A page or screen view: the event `screen_view` with `{screen}`, which `{"screen": name}` triggers match. */
  screen(name: string, options: TrackOptions = {}): Nudge[] {
    if (typeof name !== 'string') throw new NudgeKitError({ code: 'event.invalid_props', pointer: '/props/screen', message: 'a screen name is a string' });
    return this.track('screen_view', { screen: name }, options);
  }

  /**
   * Re-evaluates the segments that can change with time alone (windows, recency, streaks, stalls),
   * releases nudges held for quiet hours and runs scheduled campaigns, at `now()`. Returns the nudges
   * delivered. The browser runtime calls it on a timer; call it yourself elsewhere.
   */
  tick(): Nudge[] {
    return this.#advance(0);
  }

  // A tick or a refresh at `now`; the core's change code.
  #advanceAt(mode: 0 | 1, at: number): number {
    const now = this.#monotonic(at);
    const changes = this.#module._nk_advance(this.#live(), mode, now, this.#offsetOf(now));
    if (changes < 0) throw new NudgeKitError({ code: 'engine.internal', pointer: '', message: 'evaluation failed' });
    return changes;
  }

  /**
   * The in-app nudges due for a placement now, by priority then content fit: one for interruptive
   * placements (banner, modal, sheet, tooltip), every one for card and inbox.
   */
  nextNudges(placement: Placement): Nudge[] {
    const id = this.#live();
    const code = PLACEMENT_CODE[placement];
    if (code === undefined) {
      throw new NudgeKitError({ code: 'engine.invalid_argument', pointer: '', message: `placement is one of ${Object.keys(PLACEMENT_CODE).join(', ')}` });
    }
    this.#flushRefresh();
    const now = readNow(this.#now);
    return readOutput(this.#module, id, this.#module._nk_next_nudges(id, code, now, this.#offsetOf(now))) as Nudge[];
  }

  /**
   * Records what the user did with a nudge: it feeds caps, cooldowns, content rotation and `stats()`.
   * Throws `NudgeKitError` for an unknown nudge id or outcome.
   */
  report({ nudgeId, outcome, time }: ReportOptions): void {
    const id = this.#live();
    if (typeof nudgeId !== 'string') throw new NudgeKitError({ code: 'report.unknown_nudge', pointer: '/nudgeId', message: 'nudgeId is a string' });
    const code = OUTCOME_CODE[outcome];
    if (code === undefined) {
      throw new NudgeKitError({ code: 'report.invalid_outcome', pointer: '/outcome', message: 'outcome is "shown", "opened", "clicked", "dismissed", "converted" or "delivered"' });
    }
    const at = time ?? readNow(this.#now);
    if (typeof at !== 'number') throw new NudgeKitError({ code: 'report.invalid_time', pointer: '/time', message: 'time is epoch milliseconds' });
    this.#coreReport(nudgeId, outcome, at, id);
    this.#changed();
    this.#share(() => ({ kind: 'report', nudgeId, outcome, time: at }));
  }

  #coreReport(nudgeId: string, outcome: ReportOptions['outcome'], at: number, id = this.#live()): void {
    const error = this.#module.report(id, writeInput(this.#module, nudgeId), OUTCOME_CODE[outcome], at);
    if (error !== '') throw new NudgeKitError(JSON.parse(error) as ErrorDetail[]);
  }

  /** Per campaign and variant: eligible, delivered, shown, clicked, dismissed, converted, conversion rate; the control group's. */
  stats(): CampaignStats {
    return JSON.parse(this.#module.stats(this.#live())) as CampaignStats;
  }

  /** Why a campaign would or would not deliver now, clause by clause. Throws for an unknown campaign. */
  explain(campaignId: string): Explanation {
    const id = this.#live();
    if (typeof campaignId !== 'string') throw new NudgeKitError({ code: 'explain.unknown_campaign', pointer: '', message: 'a campaign id is a string' });
    this.#flushRefresh();
    const now = readNow(this.#now);
    const result = JSON.parse(this.#module.explain(id, writeInput(this.#module, campaignId), now, this.#offsetOf(now))) as
      { ok: boolean; value?: Explanation; errors?: ErrorDetail[] };
    if (!result.ok) throw new NudgeKitError(result.errors ?? []);
    return result.value!;
  }

  /**
   * A content item rendered for the user now: the variant in their language, templates filled with
   * their properties, and the text direction. Throws `NudgeKitError` (`content.unknown_item`,
   * `content.no_variant`).
   */
  renderContent(itemId: string): RenderedContent {
    return this.#call<RenderedContent>('renderItem', [itemId]);
  }

  /**
   * Spins a wheel item: the prize is drawn here, in the core, within the prize and spin limits, and the
   * renderer only animates to it. `seed` replays a draw (tests, demos); by default it is random.
   * Throws `NudgeKitError` (`game.not_a_wheel`, `game.no_spins_left`, `game.no_prizes_left`).
   */
  spin(itemId: string, options: { seed?: bigint } = {}): SpinResult {
    let seed = randomSeed();
    if (options.seed !== undefined) {
      if (typeof options.seed !== 'bigint') throw new NudgeKitError({ code: 'engine.invalid_argument', pointer: '/seed', message: 'seed is a bigint' });
      const value = BigInt.asUintN(64, options.seed);
      seed = [Number(value >> 32n), Number(value & 0xffffffffn)];
    }
    const now = readNow(this.#now);
    const result = this.#callAt<SpinResult>('spin', [itemId], seed, now);
    this.#share(() => ({ kind: 'spin', itemId, seed, now }));
    return result;
  }

  /**
   * Records the user's answer to a quiz question and says whether it was right, with the quiz's
   * progress. The first answer to a question counts; asking again returns it with `repeat: true`.
   * A first answer is also tracked as the event `quiz_answered` ({item, question, correct, right,
   * total, completed, passed}), which segments, lead-score rules and triggers can read.
   */
  answerQuiz({ itemId, questionId, choiceId }: QuizAnswerOptions): QuizAnswer {
    const args: [string, string, string] = [itemId, questionId, choiceId];
    const now = readNow(this.#now);
    const answer = this.#callAt<QuizAnswer>('answerQuiz', args, [0, 0], now);
    if (answer.repeat) return answer;
    this.#changed();
    // A first answer is tracked as the event `quiz_answered`: what it changed is emitted like a track's.
    if (!this.#share(() => ({ kind: 'answerQuiz', args, now }))) this.#takeChanges(this.#module._nk_change_count(this.#id));
    return answer;
  }

  /**
   * The language to speak to the user in now, from the signals in their profile (`app.language`,
   * `utm.language` and `utm.expiresAt`, `device.languages` and `device.languagesChosen`,
   * `geo.region`, `geo.country`) in the config's precedence: `{tag, source, direction, chain}`.
   * `supported` overrides the config's list for this call. Throws `NudgeKitError` for an invalid tag.
   */
  language(options: { supported?: string[] } = {}): LanguageDecision {
    const id = this.#live();
    const supported = options.supported ?? null;
    if (supported !== null && !Array.isArray(supported)) {
      throw new NudgeKitError({ code: 'engine.invalid_argument', pointer: '/supported', message: 'supported is a list of language tags' });
    }
    this.#flushRefresh();
    const now = readNow(this.#now);
    const text = this.#module.language(id, writeInput(this.#module, JSON.stringify(supported)), now, this.#offsetOf(now));
    const result = JSON.parse(text) as { ok: boolean; value?: LanguageDecision; errors?: ErrorDetail[] };
    if (!result.ok) throw new NudgeKitError(result.errors ?? []);
    return result.value!;
  }

  /** The rewards earned so far and where each streak stands today. */
  rewards(): Rewards {
    const now = readNow(this.#now);
    return JSON.parse(this.#module.rewards(this.#live(), now, this.#offsetOf(now))) as Rewards;
  }

  #call<T>(method: 'renderItem' | 'answerQuiz' | 'spin', args: unknown[], seed: [number, number] = [0, 0]): T {
    return this.#callAt<T>(method, args, seed, readNow(this.#now));
  }

  #callAt<T>(method: 'renderItem' | 'answerQuiz' | 'spin', args: unknown[], seed: [number, number], at: number): T {
    const id = this.#live();
    const now = this.#monotonic(at);
    if (!args.every((arg) => typeof arg === 'string')) {
      throw new NudgeKitError({ code: 'engine.invalid_argument', pointer: '', message: 'ids are strings' });
    }
    this.#flushRefresh();
    const module = this.#module;
    const length = writeInput(module, JSON.stringify(args));
    const text = method === 'spin'
      ? module.spin(id, length, seed[0], seed[1], now, this.#offsetOf(now))
      : module[method](id, length, now, this.#offsetOf(now));
    const result = JSON.parse(text) as { ok: boolean; value?: T; errors?: ErrorDetail[] };
    if (!result.ok) throw new NudgeKitError(result.errors ?? []);
    return result.value!;
  }

  /**
   * Subscribes to engine events: `'segment'` (the user entered or left a segment), `'stage'` (the
   * lifecycle stage changed), `'nudge'` (a nudge was delivered) and `'reward'` (a streak reward was earned). Returns a function that unsubscribes.
   */
  on<K extends keyof NudgeKitEvents>(type: K, listener: (event: NudgeKitEvents[K]) => void): () => void {
    const listeners = this.#listeners[type];
    if (listeners === undefined) {
      throw new NudgeKitError({ code: 'engine.invalid_argument', pointer: '', message: `no event "${String(type)}"; events: segment, stage, nudge, reward, send, error` });
    }
    listeners.add(listener);
    if (type === 'error' && this.#unheardErrors.length > 0) {
      const unheard = this.#unheardErrors;
      this.#unheardErrors = [];
      queueMicrotask(() => {
        for (const error of unheard) this.#emit(this.#listeners.error, error);
      });
    }
    return () => this.off(type, listener);
  }

  off<K extends keyof NudgeKitEvents>(type: K, listener: (event: NudgeKitEvents[K]) => void): void {
    this.#listeners[type]?.delete(listener);
  }

  /**
   * The user's scores as of the last evaluation: `{rfm: {r, f, m, cell}, lead: {points, grade},
   * lifecycle: {stage, since}}`, each null when the config does not define it.
   */
  scores(): Scores {
    this.#flushRefresh();
    return JSON.parse(this.#module.scores(this.#live())) as Scores;
  }

  /** Everything the engine learned about the user (properties, event history, segment and score states). */
  snapshot(): Uint8Array {
    const id = this.#live();
    const length = this.#module.snapshot(id);
    if (length < 0) throw new NudgeKitError({ code: 'engine.out_of_memory', pointer: '', message: 'out of memory' });
    const pointer = this.#module.snapshotBuffer(id);
    return this.#module.HEAPU8.slice(pointer, pointer + length);
  }

  /**
   * Replaces the engine's state with a snapshot's. A truncated, corrupted or newer snapshot is refused
   * (`{ok: false, errors}`) and the state is left as it was. Load the config first.
   */
  restore(bytes: Uint8Array | ArrayBuffer): ValidationResult {
    const id = this.#live();
    const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
    if (!(view instanceof Uint8Array)) {
      return { ok: false, errors: [{ code: 'snapshot.invalid_type', pointer: '', message: 'a snapshot is a Uint8Array' }] };
    }
    const pointer = this.#module._nk_input_buffer(view.length) >>> 0;
    if (pointer === 0) throw new NudgeKitError({ code: 'engine.out_of_memory', pointer: '', message: 'out of memory' });
    this.#module.HEAPU8.set(view, pointer);
    const result = JSON.parse(this.#module.restore(id, view.length)) as WireResult;
    if (result.ok) this.#changed();
    return { ok: result.ok, errors: result.errors };
  }

  #advance(mode: 0 | 1): Nudge[] {
    const now = readNow(this.#now);
    const changes = this.#advanceAt(mode, now);
    this.#changed();
    // A refresh follows a change the other tabs replay themselves; a tick is time passing, which the
    // leader's own ticks cover only while its page is visible, so a follower's are shared too.
    if (mode === 0) this.#share(() => ({ kind: 'tick', now }));
    if (!this.leading) return [];
    return this.#takeChanges(changes);
  }

  #listening(): boolean {
    const listeners = this.#listeners;
    return listeners.segment.size > 0 || listeners.stage.size > 0 || listeners.nudge.size > 0 || listeners.reward.size > 0;  // send and error need no evaluation
  }

  // Profile changes re-evaluate the segments that read them right after the caller's code, once, and
  // only when someone listens or campaigns may fire: a loop of setProperties calls costs no evaluation
  // of its own.
  #queueRefresh(): void {
    if (this.#refreshQueued || (!this.#listening() && !this.#hasCampaigns)) return;
    this.#refreshQueued = true;
    queueMicrotask(() => this.#flushRefresh());
  }

  // Answers that read segment membership must not see it stale: run a queued refresh now.
  #flushRefresh(): void {
    if (!this.#refreshQueued) return;
    this.#refreshQueued = false;
    if (this.#id !== 0) this.#advance(1);
  }

  // `code` is what the core returned (see the bindings' changes_of): segment and stage changes in the
  // low 16 bits, delivered nudges above. Fetches them only when someone needs them.
  #takeChanges(code: number): Nudge[] {
    const nudges = code >>> 16;
    if (nudges === 0 && ((code & 0xffff) === 0 || !this.#listening())) return [];
    const changes = readOutput(this.#module, this.#id, this.#module._nk_take_changes(this.#id)) as WireChanges;
    this.#sends.take(changes.nudges);  // before anyone sees them: each send is in the outbox, with its key
    return this.#emitChanges(changes);
  }

  #emitChanges(changes: WireChanges): Nudge[] {
    for (const change of changes.segments) this.#emit(this.#listeners.segment, change);
    if (changes.stage !== null) this.#emit(this.#listeners.stage, changes.stage);
    for (const nudge of changes.nudges) this.#emit(this.#listeners.nudge, nudge);
    for (const reward of changes.rewards) this.#emit(this.#listeners.reward, reward);
    return changes.nudges;
  }

  #emit<T>(listeners: Set<(event: T) => void>, event: T): void {
    for (const listener of [...listeners]) {
      // A failing listener must not undo the engine's work or starve the others: report it the way
      // EventTarget does, as an uncaught error of its own.
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Removes the properties at these dot paths. */
  unsetProperties(paths: string[]): void {
    const id = this.#live();
    this.#coreUnset(paths, id);
    this.#changed();
    this.#share(() => ({ kind: 'unsetProperties', paths: [...paths], now: readNow(this.#now) }));
    this.#queueRefresh();
  }

  #coreUnset(paths: string[], id = this.#live()): void {
    const text = toJsonText(paths, 'properties');
    const error = this.#module.unsetProperties(id, writeInput(this.#module, text));
    if (error !== '') throw new NudgeKitError((JSON.parse(error) as WireResult).errors);
  }

  /** A copy of the profile's properties, nested. */
  properties(): Properties {
    return JSON.parse(this.#module.properties(this.#live())) as Properties;
  }

  /** Names of every segment the user is in now, in name order. */
  segments(): string[] {
    const id = this.#live();
    const module = this.#module;
    const now = readNow(this.#now);
    const count = module._nk_segments(id, now, this.#offsetOf(now));
    if (count < 0) throw new NudgeKitError({ code: 'engine.internal', pointer: '', message: 'segment evaluation failed' });
    if ((this.#listening() || this.#hasCampaigns) && this.leading) this.#takeChanges(module._nk_change_count(id));
    this.#changed();
    const base = (module._nk_result_buffer(id) >>> 0) >>> 2;
    const indices = new Uint32Array(module.HEAPU8.buffer, 0, base + count);
    const names = this.#segmentNames;
    const out = new Array<string>(count);
    for (let i = 0; i < count; i++) out[i] = names[indices[base + i]!]!;
    return out;
  }

  /** Evaluates an ad-hoc condition against the profile. Throws `NudgeKitError` if the condition is invalid. */
  evaluate(condition: Condition, options: EvaluateOptions = {}): boolean {
    const id = this.#live();
    const text = toJsonText(condition, 'condition');
    const dialect = options.dialect === undefined ? 0 : DIALECT_CODE[options.dialect];
    if (dialect === undefined) {
      throw new NudgeKitError({ code: 'engine.invalid_argument', pointer: '', message: 'dialect is "nudgekit" or "growthbook"' });
    }
    const now = readNow(this.#now);
    const result = this.#module._nk_evaluate(id, writeInput(this.#module, text), dialect, now, this.#offsetOf(now));
    if (result >= 0) return result === 1;
    throw new NudgeKitError(JSON.parse(this.#module.lastError(id)) as ErrorDetail[]);
  }

  /** Frees the engine. Idempotent; any later call throws `NudgeKitError` with code `engine.destroyed`. */
  destroy(): void {
    if (this.#id === 0) return;
    finalizer?.unregister(this);
    this.#detachLifecycle();
    this.#detachTicker();
    this.#group?.close();
    this.#profile?.finish();
    this.#sends.stop();
    this.#module.destroyEngine(this.#id);
    this.#id = 0;
  }

  #live(): number {
    if (this.#id === 0) {
      throw new NudgeKitError({ code: 'engine.destroyed', pointer: '', message: 'this NudgeKit was destroyed' });
    }
    return this.#id;
  }
}

// localStorage for the synchronous last write on page hide, where the page may use it.
function rescueStorage(): Storage | undefined {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage;
  } catch {
    return undefined;  // sandboxed frames throw on access
  }
}

// A safety net for engines that are dropped without destroy(); never the plan, since finalizers may
// run late or not at all.
const finalizer = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<{ module: NudgeKitModule; id: number }>(({ module, id }) => module.destroyEngine(id))
  : undefined;

/** @internal */
export async function createWith(module: NudgeKitModule, options: NudgeKitOptions): Promise<NudgeKit> {
  const storage = await openStorage(options.storage);
  const nk = new NudgeKit(module, options, storage);
  try {
    if (options.persistStorage === true && (storage.kind === 'indexeddb' || storage.kind === 'localstorage')) {
      nk.setStoragePersisted(await requestPersistence());
    }
    if (options.config !== undefined) {
      const result = nk.loadConfig(options.config);
      if (!result.ok) throw new NudgeKitError(result.errors);
    }
    if (options.configUrl !== undefined) {
      if (options.config !== undefined) {
        throw new NudgeKitError({ code: 'options.invalid_config_url', pointer: '/configUrl', message: 'give config or configUrl, not both' });
      }
      await nk.startRemoteConfig(new RemoteConfig({ url: options.configUrl, verifyKey: options.verifyKey, store: nk.storageStore() }));
    }
    await nk.restoreStored();
    await nk.joinTabs();
    if (options.properties !== undefined) nk.setProperties(options.properties);
    await nk.startSends();
  } catch (error) {
    nk.destroy();
    throw error;
  }
  return nk;
}
