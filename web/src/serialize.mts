import { NudgeKitError } from './errors.mjs';

/** @internal */
export const MAX_DEPTH = 64;
// The engine's limit on any one string (Limits::max_string_bytes). Checked here too, so that a 10 MB
// string is refused with its own pointer before the whole document trips the size limit.
/** @internal */
export const MAX_STRING_BYTES = 64 * 1024;
const encoder = new TextEncoder();

function tooLong(text: string): boolean {
  // UTF-16 length bounds the UTF-8 length from both sides: only encode in the narrow band between.
  if (text.length > MAX_STRING_BYTES) return true;
  if (text.length * 3 <= MAX_STRING_BYTES) return false;
  return encoder.encode(text).length > MAX_STRING_BYTES;
}

// A lone surrogate would be silently turned into U+FFFD by TextEncoder, changing what the user stored.
const hasWellFormed = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** @internal */
export function wellFormed(text: string): boolean {
  return hasWellFormed ? (text as string & { isWellFormed(): boolean }).isWellFormed() : !LONE_SURROGATE.test(text);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// The path to the value being checked, as keys and indices; turned into a JSON pointer only on error,
// so the common (valid) case builds no strings.
type Path = (string | number)[];

function fail(code: string, path: Path, message: string): never {
  const pointer = path.map((token) => `/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  throw new NudgeKitError({ code, pointer, message });
}

function check(v: unknown, path: Path, ancestors: object[], prefix: string): void {
  switch (typeof v) {
    case 'string':
      if (!wellFormed(v)) fail(`${prefix}.invalid_string`, path, 'string contains a lone UTF-16 surrogate');
      if (tooLong(v)) fail(`${prefix}.string_too_long`, path, `string longer than ${MAX_STRING_BYTES} bytes`);
      return;
    case 'number':
      if (!Number.isFinite(v)) fail(`${prefix}.invalid_value`, path, `${v} is not a JSON number`);
      return;
    case 'boolean':
      return;
    case 'bigint':
      return fail(`${prefix}.invalid_value`, path, 'BigInt is not a JSON value; pass a number or a string');
    case 'undefined':
      return fail(`${prefix}.invalid_value`, path, 'undefined is not a JSON value');
    case 'function':
    case 'symbol':
      return fail(`${prefix}.invalid_value`, path, `a ${typeof v} is not a JSON value`);
    default:
      break;
  }
  if (v === null) return;
  const object = v as object;
  if (ancestors.includes(object)) fail(`${prefix}.cyclic`, path, 'value refers to itself (a cycle)');
  if (ancestors.length >= MAX_DEPTH) fail(`${prefix}.too_deep`, path, `nests deeper than ${MAX_DEPTH} levels`);
  ancestors.push(object);
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i++) {
      path.push(i);
      check(object[i], path, ancestors, prefix);
      path.pop();
    }
  } else {
    if (!isPlainObject(object)) {
      const kind = (object as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      fail(`${prefix}.invalid_value`, path,
        `a ${kind} is not a plain JSON object${kind === 'Date' ? '; pass epoch milliseconds or an ISO string' : ''}`);
    }
    for (const key in object) {
      if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
      const member = (object as Record<string, unknown>)[key];
      if (member === undefined) continue;  // JSON.stringify skips these too
      path.push(key);
      if (!wellFormed(key)) fail(`${prefix}.invalid_string`, path, 'key contains a lone UTF-16 surrogate');
      check(member, path, ancestors, prefix);
      path.pop();
    }
  }
  ancestors.pop();
}

// The common case is valid input: check it without tracking the path, and walk again with the path
// (check above) only to name the place of an error.
function valid(v: unknown, depth: number, ancestors: object[]): boolean {
  switch (typeof v) {
    case 'string':
      return wellFormed(v) && !tooLong(v);
    case 'number':
      return Number.isFinite(v);
    case 'boolean':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (v === null) return true;
  if (depth >= MAX_DEPTH || ancestors.includes(v)) return false;
  ancestors.push(v);
  let ok = true;
  if (Array.isArray(v)) {
    for (let i = 0; ok && i < v.length; i++) ok = valid(v[i], depth + 1, ancestors);
  } else if (isPlainObject(v)) {
    for (const key in v) {
      if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
      const member = (v as Record<string, unknown>)[key];
      if (member === undefined) continue;
      if (!wellFormed(key) || !valid(member, depth + 1, ancestors)) {
        ok = false;
        break;
      }
    }
  } else {
    ok = false;
  }
  ancestors.pop();
  return ok;
}

/**
 * JSON text for a value that came from JS, refusing what JSON.stringify would silently drop or alter:
 * NaN and Infinity (→ null), BigInt, functions, symbols, cycles, class instances (Date, Map…), lone
 * surrogates and absurd nesting. Errors name the place as a JSON pointer. `undefined` object members are
 * skipped, as JSON.stringify does; `undefined` array elements are refused.
 * @internal
 */
export function toJsonText(value: unknown, codePrefix: string): string {
  if (!valid(value, 0, [])) explainInvalid(value, codePrefix);
  return JSON.stringify(value);
}

/**
 * Throws the NudgeKitError that names where `value` stops being JSON (for a value already known to be
 * invalid, e.g. by binary.mts).
 * @internal
 */
export function explainInvalid(value: unknown, codePrefix: string): never {
  check(value, [], [], codePrefix);
  return fail(`${codePrefix}.invalid_value`, [], 'value is not JSON');
}
