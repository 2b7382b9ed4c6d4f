import { NudgeKitError, type ErrorDetail } from './errors.mjs';
import { encodeBinary } from './binary.mjs';
import { explainInvalid, toJsonText } from './serialize.mjs';
import type {
  Condition, Config, EvaluateOptions, NudgeKitOptions, Properties, SetPropertiesOptions, ValidationResult,
} from './types.mjs';
import type { NudgeKitModule } from './wasm/nudgekit.mjs';

const encoder = new TextEncoder();
const DIALECT_CODE = { nudgekit: 1, growthbook: 2 } as const;

interface WireResult {
  ok: boolean;
  errors: ErrorDetail[];
  segments?: string[];
}

/** Copies `text` as UTF-8 into the module's input buffer and returns its length in bytes. @internal */
export function writeInput(module: NudgeKitModule, text: string): number {
  const capacity = text.length * 3;
  const pointer = module.inputBuffer(capacity);
  if (pointer === 0) throw new NudgeKitError({ code: 'engine.out_of_memory', pointer: '', message: 'out of memory' });
  // Read HEAPU8 only now: inputBuffer may have grown memory and detached any earlier view.
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
  #module: NudgeKitModule;
  #id: number;
  #segmentNames: string[] = [];

  /** @internal */
  constructor(module: NudgeKitModule, options: NudgeKitOptions) {
    this.#module = module;
    this.#id = module.createEngine();
    if (this.#id === 0) throw new NudgeKitError({ code: 'engine.out_of_memory', pointer: '', message: 'out of memory' });
    this.userId = options.userId;
    finalizer?.register(this, { module, id: this.#id }, this);
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
    if (result.ok) this.#segmentNames = result.segments ?? [];
    return { ok: result.ok, errors: result.errors };
  }

  /**
   * Sets profile properties. Keys may be dot paths; objects merge into what is there, other values
   * replace it; `{replace: true}` replaces the whole profile. Throws `NudgeKitError` for values that are
   * not JSON (NaN, BigInt, cycles…), leaving the profile unchanged.
   */
  setProperties(properties: Properties, options: SetPropertiesOptions = {}): void {
    const id = this.#live();
    const encoded = encodeBinary(properties);
    if (encoded === null) explainInvalid(properties, 'properties');
    const pointer = this.#module.inputBuffer(encoded.length);
    if (pointer === 0) throw new NudgeKitError({ code: 'engine.out_of_memory', pointer: '', message: 'out of memory' });
    this.#module.HEAPU8.set(encoded, pointer);  // read HEAPU8 after inputBuffer, which may grow memory
    if (this.#module.setProperties(id, encoded.length, options.replace === true) !== 1) {
      throw new NudgeKitError(JSON.parse(this.#module.lastError(id)) as ErrorDetail[]);
    }
  }

  /** Removes the properties at these dot paths. */
  unsetProperties(paths: string[]): void {
    const id = this.#live();
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
    const count = module.segments(id);
    if (count < 0) throw new NudgeKitError({ code: 'engine.internal', pointer: '', message: 'segment evaluation failed' });
    const base = module.resultBuffer(id) >>> 2;
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
    const result = this.#module.evaluate(id, writeInput(this.#module, text), dialect);
    if (result >= 0) return result === 1;
    throw new NudgeKitError(JSON.parse(this.#module.lastError(id)) as ErrorDetail[]);
  }

  /** Frees the engine. Idempotent; any later call throws `NudgeKitError` with code `engine.destroyed`. */
  destroy(): void {
    if (this.#id === 0) return;
    finalizer?.unregister(this);
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

// A safety net for engines that are dropped without destroy(); never the plan, since finalizers may
// run late or not at all.
const finalizer = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<{ module: NudgeKitModule; id: number }>(({ module, id }) => module.destroyEngine(id))
  : undefined;

/** @internal */
export function createWith(module: NudgeKitModule, options: NudgeKitOptions): NudgeKit {
  const nk = new NudgeKit(module, options);
  try {
    if (options.config !== undefined) {
      const result = nk.loadConfig(options.config);
      if (!result.ok) throw new NudgeKitError(result.errors);
    }
    if (options.properties !== undefined) nk.setProperties(options.properties);
  } catch (error) {
    nk.destroy();
    throw error;
  }
  return nk;
}
