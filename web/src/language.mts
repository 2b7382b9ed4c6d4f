// Language tags and matching (ICU LocaleMatcher over CLDR data compiled into the wasm module).
// The functions are plain and synchronous once the module is loaded: get them with
// `await loadLanguageTools()` — which shares the module createNudgeKit() loads, so it costs nothing
// extra after (or before) an engine exists.
import { NudgeKitError, type ErrorDetail } from './errors.mjs';
import type { NudgeKitModule } from './wasm/nudgekit.mjs';

export interface MatchLanguageOptions {
  /** Maximum distance (0–100) that still counts as a match. ICU's default 50 rejects a script difference. */
  threshold?: number;
  /** `'script'` weighs a script difference more than a language difference (ICU's favor-script). */
  favor?: 'language' | 'script';
  /** `'region'` (default): each later desired tag counts as a region difference further away. */
  demotion?: 'region' | 'none';
  /** Returned (with `desiredIndex: -1`) when nothing passes the threshold. */
  defaultLocale?: string;
}

export interface LanguageMatch {
  /** The supported tag exactly as given, or `defaultLocale`. */
  tag: string;
  /** ICU distance between the winning desired and supported tags (0 = same). */
  distance: number;
  /** Index into `desired` of the tag that won; -1 when `tag` is the default locale. */
  desiredIndex: number;
  /** Index into `supported`; -1 for the default locale. */
  supportedIndex: number;
  /** The first invalid desired or supported tag, which was left out of the match. */
  invalid?: ErrorDetail;
}

export interface RegionLanguage {
  language: string;
  /** Share of the region's population (CLDR territoryInfo); 0 for Indian states (not measured there). */
  populationPercent: number;
  /**
   * Named by the region's official-language law: CLDR's official status for countries; for Indian
   * states the state's Act (a union territory without one: the Union's). Not implied by the order,
   * which is most spoken first (Nyishi leads Arunachal Pradesh, whose official language is English).
   */
  official: boolean;
}

export interface LanguageTools {
  matchLanguage(desired: readonly string[], supported: readonly string[], options?: MatchLanguageOptions): LanguageMatch | null;
  /** UTS #35 canonical form: `'iw'` → `'he'`, `'en_us'` → `'en-US'`. Throws NudgeKitError for an invalid tag. */
  canonicalizeTag(tag: string): string;
  /** Likely subtags added: `'hi'` → `'hi-Deva-IN'`. */
  maximizeTag(tag: string): string;
  /** Likely subtags removed, favoring the region (CLDR) or the script: `'zh-Hant-TW'` → `'zh-TW'` / `'zh-Hant'`. */
  minimizeTag(tag: string, favor?: 'region' | 'script'): string;
  /** `'rtl'` or `'ltr'` from the tag's (likely) script: `'ur'` → rtl, `'pa'` → ltr. */
  textDirection(tag: string): 'rtl' | 'ltr';
  /** ICU distance 0–100 between a desired and a supported tag. */
  languageDistance(desired: string, supported: string): number;
  /** Languages of a country (`'IN'`) or an Indian state (`'IN-UP'`, retired codes included), main one first. */
  regionLanguages(region: string): RegionLanguage[];
  /** The CLDR release the tables come from, e.g. `'48.2.0'`. */
  readonly dataVersion: string;
}

// _nk_language_match adds this to its result when languageLastError() has something to read.
const HAS_ERROR = 2 ** 40;

const TAG_OPS = { canonicalize: 0, maximize: 1, minimizeRegion: 2, minimizeScript: 3, direction: 4 } as const;

function invalidArgument(message: string, pointer = ''): NudgeKitError {
  return new NudgeKitError({ code: 'language.invalid_argument', pointer, message });
}

function lastError(module: NudgeKitModule): ErrorDetail | undefined {
  const text = module.languageLastError();
  return text === '' ? undefined : (JSON.parse(text) as ErrorDetail);
}

// '\n' joins the lists on the wire; a tag holding one could never be valid anyway.
function joinTags(tags: readonly string[], name: string): string {
  if (!Array.isArray(tags)) throw invalidArgument(`${name} must be an array of language tags`, `/${name}`);
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i];
    if (typeof tag !== 'string') throw invalidArgument(`${name}[${i}] must be a string`, `/${name}/${i}`);
    if (tag.includes('\n')) throw invalidArgument(`${name}[${i}] contains a line break`, `/${name}/${i}`);
  }
  if (tags.length >= 1024 && name === 'desired') throw invalidArgument('desired may hold at most 1023 tags', '/desired');
  if (tags.length >= 1 << 20) throw invalidArgument(`${name} holds too many tags`, `/${name}`);
  return tags.join('\n');
}

const encoder = new TextEncoder();

// Whether the app's list still holds what was sent: the same array may have been changed in place.
function sameTags(tags: readonly string[], copy: readonly string[]): boolean {
  if (tags.length !== copy.length) return false;
  for (let i = 0; i < tags.length; i++) if (tags[i] !== copy[i]) return false;
  return true;
}

function outOfMemory(): NudgeKitError {
  return new NudgeKitError({ code: 'engine.out_of_memory', pointer: '', message: 'out of memory' });
}

// Checks the desired tags as joinTags does and writes them, joined by '\n', into the module's input
// buffer; their length in bytes. Valid tags are ASCII: copying them unit by unit from the array costs
// less than joining them and running the encoder over a few bytes.
function writeDesired(module: NudgeKitModule, tags: readonly string[]): number {
  if (!Array.isArray(tags)) throw invalidArgument('desired must be an array of language tags', '/desired');
  if (tags.length >= 1024) throw invalidArgument('desired may hold at most 1023 tags', '/desired');
  let units = tags.length;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i];
    if (typeof tag !== 'string') throw invalidArgument(`desired[${i}] must be a string`, `/desired/${i}`);
    units += tag.length;
  }
  const capacity = units * 3;
  const pointer = module._nk_input_buffer(capacity) >>> 0;
  if (pointer === 0) throw outOfMemory();
  const heap = module.HEAPU8;  // read after the buffer call, which may have grown memory
  let at = pointer;
  for (let i = 0; i < tags.length; i++) {
    if (i > 0) heap[at++] = 10;
    const tag = tags[i] as string;
    for (let j = 0; j < tag.length; j++) {
      const unit = tag.charCodeAt(j);
      if (unit === 10) throw invalidArgument(`desired[${i}] contains a line break`, `/desired/${i}`);
      if (unit >= 0x80) return encoder.encodeInto(joinTags(tags, 'desired'), heap.subarray(pointer, pointer + capacity)).written;
      heap[at++] = unit;
    }
  }
  return at - pointer;
}

// The supported tags (joined) and the default locale, one after the other in the input buffer.
function sendSupported(module: NudgeKitModule, joined: string, defaultLocale: string): void {
  const capacity = (joined.length + defaultLocale.length) * 3;
  const pointer = module._nk_input_buffer(capacity) >>> 0;
  if (pointer === 0) throw outOfMemory();
  const heap = module.HEAPU8;
  const supportedBytes = encoder.encodeInto(joined, heap.subarray(pointer, pointer + joined.length * 3)).written;
  const defaultBytes = encoder.encodeInto(defaultLocale, heap.subarray(pointer + supportedBytes, pointer + capacity)).written;
  module._nk_language_set_supported(supportedBytes, defaultBytes);
}

const sentSupported = new WeakMap<NudgeKitModule, { owner: unknown; joined: string; defaultLocale: string }>();

/** @internal */
export function languageToolsFor(module: NudgeKitModule): LanguageTools {
  const tagOp = (op: number, tag: string): string => {
    if (typeof tag !== 'string') throw invalidArgument('a language tag must be a string');
    const out = module.languageTag(op, tag);
    if (out === '') throw new NudgeKitError(lastError(module) ?? { code: 'language.internal', pointer: '', message: 'no result' });
    return out;
  };
  // The module keeps the last supported list and default (one module may serve several tool
  // objects, so the last sender is remembered module-wide); they cross over only when they change.
  const sent = sentSupported.get(module) ?? { owner: undefined as unknown, joined: '', defaultLocale: '' };
  sentSupported.set(module, sent);
  const tools = {};
  let lastSupported: readonly string[] | undefined;
  let lastSupportedCopy: string[] = [];
  let lastSupportedJoined = '';
  const result: LanguageTools = Object.assign(tools, {
    matchLanguage(desired: readonly string[], supported: readonly string[], options: MatchLanguageOptions = {}): LanguageMatch | null {
      if (supported !== lastSupported || !sameTags(supported, lastSupportedCopy)) {
        lastSupportedJoined = joinTags(supported, 'supported');
        lastSupported = supported;
        lastSupportedCopy = [...supported];
      }
      const { threshold = 50, favor = 'language', demotion = 'region', defaultLocale = '' } = options;
      if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 100)) throw invalidArgument('threshold must be a number from 0 to 100', '/threshold');
      if (favor !== 'language' && favor !== 'script') throw invalidArgument("favor must be 'language' or 'script'", '/favor');
      if (demotion !== 'region' && demotion !== 'none') throw invalidArgument("demotion must be 'region' or 'none'", '/demotion');
      if (typeof defaultLocale !== 'string' || defaultLocale.includes('\n')) throw invalidArgument('defaultLocale must be a language tag', '/defaultLocale');
      if (sent.owner !== tools || sent.joined !== lastSupportedJoined || sent.defaultLocale !== defaultLocale) {
        sendSupported(module, lastSupportedJoined, defaultLocale);
        Object.assign(sent, { owner: tools, joined: lastSupportedJoined, defaultLocale });
      }
      let code = module._nk_language_match(writeDesired(module, desired), Math.round(threshold), favor === 'script' ? 1 : 0, demotion === 'none' ? 1 : 0);
      let error: ErrorDetail | undefined;
      if (code >= HAS_ERROR || code <= -HAS_ERROR) {
        error = lastError(module);
        code += code > 0 ? -HAS_ERROR : HAS_ERROR;
      }
      if (code === -1) {
        if (error !== undefined && error.pointer === '/defaultLocale') throw new NudgeKitError(error);
        return null;
      }
      const result: LanguageMatch =
        code === -2
          ? { tag: defaultLocale, distance: 100, desiredIndex: -1, supportedIndex: -1 }
          : {
              tag: supported[Math.floor(code / (1024 * 128))] as string,
              distance: code % 128,
              desiredIndex: Math.floor(code / 128) % 1024,
              supportedIndex: Math.floor(code / (1024 * 128)),
            };
      if (error !== undefined) result.invalid = error;
      return result;
    },
    canonicalizeTag: (tag) => tagOp(TAG_OPS.canonicalize, tag),
    maximizeTag: (tag) => tagOp(TAG_OPS.maximize, tag),
    minimizeTag: (tag, favor = 'region') => tagOp(favor === 'script' ? TAG_OPS.minimizeScript : TAG_OPS.minimizeRegion, tag),
    textDirection: (tag) => tagOp(TAG_OPS.direction, tag) as 'rtl' | 'ltr',
    languageDistance(desired, supported) {
      if (typeof desired !== 'string' || typeof supported !== 'string') throw invalidArgument('language tags must be strings');
      const d = module.languageDistance(desired, supported);
      if (d < 0) throw new NudgeKitError(lastError(module) ?? { code: 'language.internal', pointer: '', message: 'no result' });
      return d;
    },
    regionLanguages(region) {
      if (typeof region !== 'string') throw invalidArgument('a region must be a string');
      return JSON.parse(module.regionLanguages(region)) as RegionLanguage[];
    },
    dataVersion: module.languageDataVersion(),
  } satisfies LanguageTools);
  prime(module, result);
  return result;
}

const primed = new WeakSet<NudgeKitModule>();

// V8 compiles a wasm function, and a JS function's bytecode, the first time it runs; after a few
// dozen calls it also compiles the JS to baseline code in one batch on the main thread (~80 µs).
// Left to the app's first calls, those made the first match in a fresh process cost ~3.5 ms, then
// ~140 µs once a few calls were made here. So the (async) load makes enough calls, over every path a
// match takes, that both happen here: the app's first match then costs about what later ones do.
const PRIMING_ROUNDS = 8;

function prime(module: NudgeKitModule, tools: LanguageTools): void {
  if (primed.has(module)) return;
  primed.add(module);
  // Tags of every shape (language only, with script, with region, macro-regions, aliases, a
  // three-letter code, an RTL script) so that the parser, alias, likely-subtag and distance paths
  // have all run once; lists of the length apps pass; the same list again (checked, not resent)
  // and a changed one, as apps switching lists do.
  const indian = ['hi', 'bn', 'te', 'mr', 'ta', 'ur', 'gu', 'kn', 'or', 'ml', 'pa', 'as', 'mai', 'kok', 'sd-Deva', 'en'];
  const global = ['en', 'en-GB', 'es-419', 'pt-PT', 'pt-BR', 'zh-Hans', 'zh-Hant', 'sr-Latn', 'he', 'ar', 'fa', 'sw', 'yue', 'ja', 'fr-CA', 'pa-Arab'];
  const desired = [['en-US', 'fr'], ['iw-IL', 'pt-AO', 'es-MX'], ['sr-Cyrl-RS', 'fil'], ['hi-IN', 'en-IN', 'en'], ['zh-TW'], ['ta_in'], ['und-Arab'], ['en-AU']];
  for (let round = 0; round < PRIMING_ROUNDS; round++) {
    const supported = round % 2 === 0 ? indian : global;
    for (const tags of desired) tools.matchLanguage(tags, supported, { defaultLocale: 'en' });
  }
  tools.matchLanguage(['hi-IN'], ['en', 'hi']);
  tools.canonicalizeTag('iw_il');
  tools.textDirection('ur');
}
