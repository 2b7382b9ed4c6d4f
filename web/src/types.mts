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
}

export interface SetPropertiesOptions {
  /** Replace the whole profile instead of merging into it. */
  replace?: boolean;
}

export interface EvaluateOptions {
  /** Evaluate in this dialect instead of the config's. */
  dialect?: Dialect;
}
