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
  userId?: string;
  /** Initial profile properties. */
  properties?: Properties;
  /** The clock, in epoch milliseconds (default `Date.now`). Tests and replays pass their own. */
  now?: () => number;
  /** The user's IANA time zone, for local days and "today" (default: the device's). */
  timeZone?: string;
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

export interface NudgeKitEvents {
  segment: SegmentEvent;
  stage: StageEvent;
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
