import type { NudgeKitError } from './errors.mjs';
import type { KeyValueStore } from './kv-store.mjs';
import type { OutboxOutcome } from './outbox.mjs';
import type { SendRequest, Transport } from './transport.mjs';

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A targeting condition: MongoDB-style operators with GrowthBook's semantics
 * (`{"geo.country": {"$in": ["IN", "BD"]}, "profile.age": {"$gte": 18}}`). See docs/conditions.md.
 */
export type Condition = { [key: string]: JsonValue };

/** `nudgekit` (default): typed comparisons. `growthbook`: GrowthBook's exact JavaScript coercions. */
export type Dialect = 'nudgekit' | 'growthbook';

/** The config document. Unknown keys are errors. */
export interface Config {
  version: 1;
  dialect?: Dialect;
  /** Named value lists for `$inGroup` / `$notInGroup`. */
  savedGroups?: { [id: string]: JsonValue[] };
  /** How much event history the device keeps, and what each event sums. */
  events?: {
    /** Raw events kept with their properties (default 1,000). */
    maxRawEvents?: number;
    /** Days of daily aggregates kept (default 400). */
    horizonDays?: number;
    /** Event name → the numeric property `$event`'s `sum` adds up, e.g. `{"ledger_entry_added": "amount"}`. */
    sum?: { [eventName: string]: string };
  };
  /** RFM, lead score and lifecycle stage (see docs/conditions.md, "Scores"). */
  scores?: { rfm?: JsonValue; lead?: JsonValue; lifecycle?: JsonValue };
  segments?: { [name: string]: Condition };
  /** The global fatigue budget across every campaign and channel (see docs/campaigns.md). */
  fatigue?: { perDay?: number; perWeek?: number; minGap?: string; quietHours?: { from: string; to: string } };
  /** Campaigns by id (see docs/campaigns.md). */
  campaigns?: { [id: string]: { [key: string]: JsonValue } };
  /** The content catalog: items by id, each with its translations (see docs/content.md). */
  content?: { [id: string]: { [key: string]: JsonValue } };
  /** Which languages there are and how the user's is chosen (see docs/language.md). */
  languages?: {
    default?: string;
    supported?: string[];
    precedence?: LanguageSource[];
    fallbacks?: { [tag: string]: string[] };
  };
  /** Streak rewards (see docs/games.md). */
  rewards?: { streaks?: { id: string; event: string; days: number }[] };
}

/** Profile properties. Keys may be dot paths (`"geo.country"`); `undefined` values are skipped. */
export type Properties = { [key: string]: JsonValue | undefined };

export interface ValidationResult {
  ok: boolean;
  errors: import('./errors.mjs').ErrorDetail[];
}

/** Where the `.wasm` comes from. Without either, it is loaded from next to the package's JS. */
export interface WasmSource {
  /** A URL to fetch the `.wasm` from (bundlers' `?url` imports, hashed file names). */
  wasmUrl?: string | URL;
  /** The `.wasm` bytes themselves (tests, offline, webviews that read the file natively). */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

export interface NudgeKitOptions extends WasmSource {
  /** A config object or its JSON text. An invalid config makes `createNudgeKit` reject. */
  config?: Config | string;
  /**
   * Whom variants are assigned to (GrowthBook's hash of the campaign salt and this id). Without one, a
   * random anonymous id is made and kept in the engine's snapshot.
   */
  userId?: string;
  /** Initial profile properties. */
  properties?: Properties;
  /** The clock, in epoch milliseconds (default `Date.now`). Tests and replays pass their own. */
  now?: () => number;
  /** The user's IANA time zone, for local days and "today" (default: the device's). */
  timeZone?: string;
  /** Where sends go (docs/sends.md). Without an endpoint or transport, sends are decided and emitted only. */
  sends?: SendsOptions;
  /** What the user agreed to. Until `sends` is true, nothing leaves the device (default false). */
  consent?: Consent;
  /**
   * Where the user's state and the outbox are kept (docs/storage.md): `'indexeddb'` (the default in
   * browsers), `'localstorage'`, `'memory'` (the default without a DOM; also "store nothing" for users
   * who declined storage) or the app's own `KeyValueStore`. A kind that fails to open falls back along
   * indexeddb → localstorage → memory, reported through `on('error')` (code `storage.unavailable`).
   */
  storage?: import('./storage.mjs').StorageOption;
  /**
   * In a page, how often `tick()` runs while the page is visible (default 60,000 ms; also at once when
   * the page becomes visible again). 0 turns the timer off; without a DOM there is none by default.
   */
  tickIntervalMs?: number;
  /**
   * Other tabs of this site with the same user and storage: `'shared'` (default for IndexedDB and
   * localStorage) makes them one user, one engine leading and deciding, the others following (events
   * in any tab all count, caps hold across tabs, a send is decided once; docs/storage.md, "Tabs").
   * `'independent'` keeps each tab's engine to itself (default for memory and custom stores).
   */
  tabs?: 'shared' | 'independent';
  /**
   * Ask the browser to make this origin's storage persistent (`navigator.storage.persist()`), so that
   * pressure and eviction rules spare the profile and the outbox; `nk.storagePersisted` says the
   * answer. Off by default: Firefox asks the user. See docs/storage.md, "Eviction".
   */
  persistStorage?: boolean;
  /**
   * Instead of `config`: a URL on the page's own origin serving the config JSON. The last good config
   * is cached in `storage`, used at once on the next start and refreshed in the background
   * (`nk.refreshConfig()` refreshes on demand). See docs/storage.md, "Remote config".
   */
  configUrl?: string | URL;
  /**
   * An Ed25519 public key (32 raw bytes, their base64, or a CryptoKey). With it, the config at
   * `configUrl` must come with a signature at `<configUrl>.sig` (base64 of the 64-byte signature over
   * the exact bytes served); one that fails is refused and the last good config stays.
   */
  verifyKey?: string | Uint8Array | CryptoKey;
}

export interface Consent {
  /** Sends may be requested from the app's server. */
  sends?: boolean;
}

export interface SendsOptions {
  /** The app's send endpoint on its own origin, e.g. `/v1/sends`. */
  endpoint?: string | URL;
  /** Extra request headers (the app's auth, say). */
  headers?: Record<string, string>;
  /** Replaces fetch: e.g. a mobile app's native bridge. */
  transport?: Transport;
  /** Where the outbox lives (default: the engine's `storage`, IndexedDB in browsers, memory elsewhere). */
  store?: KeyValueStore;
  /** Give up a send this long in the outbox (default 24 h, well inside the server's dedup window). */
  maxAgeMs?: number;
  /** First retry delay and the cap of the exponential backoff (defaults 1 s and 5 min). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Without consent, sends wait in the outbox (`"hold"`, default) or are dropped (`"discard"`). */
  withoutConsent?: 'hold' | 'discard';
}

export interface TrackOptions {
  /** When the event happened, in epoch milliseconds (default: `now()`). */
  time?: number;
}

/** Emitted when the user enters or leaves a segment. */
export interface SegmentEvent {
  segment: string;
  entered: boolean;
  /** The clock of the call that noticed the change. */
  time: number;
}

/** Emitted when the user's lifecycle stage changes. */
export interface StageEvent {
  /** The new stage, or null when no stage's condition holds any more. */
  stage: string | null;
  previous: string | null;
  time: number;
}

/** In-app placements the app renders nudges into. */
export type Placement = 'banner' | 'modal' | 'sheet' | 'card' | 'tooltip' | 'inbox';
/** Channels the app's server delivers sends through. */
export type Channel = 'web_push' | 'mobile_push' | 'email' | 'sms' | 'whatsapp' | 'viber';
/**
 * What the user did with a nudge. `opened` is a send's `shown`; `delivered` confirms a send reached
 * the device (it changes no counter).
 */
export type Outcome = 'shown' | 'opened' | 'clicked' | 'dismissed' | 'converted' | 'delivered';

/** A send as the server receives it; `id` is set once it enters the outbox. */
export type SendPayload = Omit<SendRequest, 'id'> & { id?: string };

/** A nudge the engine decided: render it (placement) or hand it to the server (channel). */
export interface Nudge {
  /** Unique for the user; pass it to `report`. */
  id: string;
  campaign: string;
  /** The variant the user is assigned to, or null for a campaign without variants. */
  variant: string | null;
  /** Set for in-app nudges. */
  placement?: Placement;
  /** Set for sends. */
  channel?: Channel;
  priority: number;
  /**
   * The content item rendered in the user's language. A nudge kept from an earlier config whose item
   * is gone carries only `item` and `language`.
   */
  content: RenderedContent | { item: string; language: string };
  /** The trigger that fired, in words. */
  reason: string;
  /** When it was decided (epoch ms). */
  time: number;
  /** After this (epoch ms) an in-app nudge is no longer due. */
  expiresAt: number;
  /** The id of the first nudge of its campaign's plan (its own id for that one). */
  plan: string;
  /** Its step in the plan, 0 for the first. */
  step: number;
  /** Why an `auto` step chose its channel: "mobile_push chosen: reacted to 3 of the last 4 …". */
  channelReason?: string;
  /** For sends: exactly what goes to the server. */
  send?: SendPayload;
}

export interface ReportOptions {
  nudgeId: string;
  outcome: Outcome;
  /** When it happened (epoch ms; default `now()`). */
  time?: number;
}

/** Counters for one variant of a campaign. `conversionRate` is converted × 100 / shown, null before any show. */
export interface VariantStats {
  eligible: number;
  delivered: number;
  shown: number;
  clicked: number;
  dismissed: number;
  converted: number;
  conversionRate: number | null;
}

/** The holdout: decided like everyone else, shown nothing. */
export interface ControlStats {
  eligible: number;
  wouldHaveSeen: number;
  converted: number;
  conversionRate: number | null;
}

/** Per campaign: its variants (`default` when it has none) and its control group (null without one). */
export type CampaignStats = { [campaign: string]: { variants: { [variant: string]: VariantStats }; control: ControlStats | null } };

/** One clause of an explanation. */
export interface ExplainClause {
  clause: 'schedule' | 'audience' | 'variant' | 'caps' | 'fatigue' | 'quietHours' | 'content' | 'channel';
  ok: boolean;
  [detail: string]: JsonValue;
}

/** Why a campaign would or would not deliver now. */
export interface Explanation {
  campaign: string;
  now: number;
  trigger: string;
  verdict: 'would_deliver' | 'control' | 'held' | 'blocked';
  /** The first clause that fails, or null. */
  blockedBy: string | null;
  clauses: ExplainClause[];
  /** Each step's channel as it would be chosen now, and the steps waiting to go. */
  plan: PlanExplanation;
  /** What happened the last time the campaign fired, or null if it never did. */
  lastDecision: { time: number; outcome: string; reason: string } | null;
}

export interface PlanExplanation {
  steps: Array<{
    step: number;
    channel: Channel | 'in_app' | 'auto';
    /** Wait after the previous step, ms. */
    after: number;
    unlessReacted: boolean;
    /** The channel it would go through now, or null when none is reachable and answered. */
    now: Channel | 'in_app' | null;
    reason: string;
    considered: Array<{ channel: Channel; outcome: 'chosen' | 'skipped'; reason: string }>;
  }>;
  pending: Array<{ plan: string; step: number; due: number; reacted: boolean; converted: boolean }>;
}

export interface NudgeKitEvents {
  segment: SegmentEvent;
  stage: StageEvent;
  nudge: Nudge;
  reward: RewardEvent;
  /** What became of a send in the outbox: sent, dropped (with the reason), gave_up, or a retry. */
  send: OutboxOutcome;
  /** Problems that are not any call's fault: the outbox's store failing, say. */
  error: NudgeKitError;
}

/** A streak reward the user just earned. */
export interface RewardEvent {
  id: string;
  time: number;
}

/** A content item's variant for the user, rendered (see docs/content.md). */
export interface RenderedContent {
  item: string;
  kind: 'tip' | 'video' | 'quiz' | 'wheel' | 'offer' | 'message';
  /** The variant's language tag. */
  language: string;
  direction: 'ltr' | 'rtl';
  title: string;
  body?: string;
  badge?: string;
  cta?: { label: string; url: string };
  media?: { type: 'image' | 'video'; url: string; alt?: string };
  fields?: Record<string, string>;
  widget?: { [key: string]: JsonValue };
  [field: string]: JsonValue | undefined;
}

export interface SpinResult {
  item: string;
  prize: string;
  /** The prize's label in the user's language, or null when the variant has none. */
  label: string | null;
  /** Spins left; null where the wheel sets no limit. */
  spinsLeft: { today: number | null; week: number | null; total: number | null };
}

export interface QuizAnswerOptions {
  itemId: string;
  questionId: string;
  choiceId: string;
}

export interface QuizAnswer {
  item: string;
  question: string;
  /** The answer that counts: the first one given. */
  choice: string;
  correct: boolean;
  /** The right choice. */
  answer: string;
  /** True when the question had been answered before; nothing changed. */
  repeat: boolean;
  explanation?: string;
  answered: number;
  right: number;
  total: number;
  completed: boolean;
  passed: boolean;
}

export interface Rewards {
  earned: RewardEvent[];
  streaks: { id: string; event: string; days: number; current: number }[];
}

/** The user's scores; a part is null when the config does not define it. */
export interface Scores {
  rfm: { r: number; f: number; m: number; cell: string | null } | null;
  lead: { points: number; grade: string | null } | null;
  lifecycle: { stage: string | null; since: number | null } | null;
}

export interface SetPropertiesOptions {
  /** Replace the whole profile instead of merging into it. */
  replace?: boolean;
}

export interface EvaluateOptions {
  /** Evaluate in this dialect instead of the config's. */
  dialect?: Dialect;
}

/** Which signal decided the user's language. */
export type LanguageSource = 'app' | 'campaign' | 'device_chosen' | 'region' | 'device' | 'default';

export interface LanguageDecision {
  /** A supported tag, or null when there is nothing to choose from. */
  tag: string | null;
  source: LanguageSource;
  direction: 'ltr' | 'rtl';
  /** The fallback order content is resolved with: `tag` first, the config's default last. */
  chain: string[];
}
