import { NudgeKitError } from './errors.mjs';

const MAX_DEPTH = 64;

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function fail(code: string, pointer: string, message: string): never {
  throw new NudgeKitError({ code, pointer, message });
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// A lone surrogate would be silently turned into U+FFFD by TextEncoder, changing what the user stored.
const hasWellFormed = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function wellFormed(text: string): boolean {
  return hasWellFormed ? (text as string & { isWellFormed(): boolean }).isWellFormed() : !LONE_SURROGATE.test(text);
}

/**
 * JSON text for a value that came from JS, refusing what JSON.stringify would silently drop or alter:
 * NaN and Infinity (→ null), BigInt, functions, symbols, cycles, class instances (Date, Map…), lone
 * surrogates and absurd nesting. Errors name the place as a JSON pointer. `undefined` object members are
 * skipped, as JSON.stringify does; `undefined` array elements are refused.
 * @internal
 */
export function toJsonText(value: unknown, codePrefix: string): string {
  const ancestors: object[] = [];
  const walk = (v: unknown, pointer: string): string => {
    switch (typeof v) {
      case 'string':
        if (!wellFormed(v)) fail(`${codePrefix}.invalid_string`, pointer, 'string contains a lone UTF-16 surrogate');
        return JSON.stringify(v);
      case 'number':
        if (!Number.isFinite(v)) fail(`${codePrefix}.invalid_value`, pointer, `${v} is not a JSON number`);
        return JSON.stringify(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'bigint':
        return fail(`${codePrefix}.invalid_value`, pointer, 'BigInt is not a JSON value; pass a number or a string');
      case 'undefined':
        return fail(`${codePrefix}.invalid_value`, pointer, 'undefined is not a JSON value');
      case 'function':
      case 'symbol':
        return fail(`${codePrefix}.invalid_value`, pointer, `a ${typeof v} is not a JSON value`);
      default:
        break;
    }
    if (v === null) return 'null';
    const object = v as object;
    if (ancestors.includes(object)) fail(`${codePrefix}.cyclic`, pointer, 'value refers to itself (a cycle)');
    if (ancestors.length >= MAX_DEPTH) fail(`${codePrefix}.too_deep`, pointer, `nests deeper than ${MAX_DEPTH} levels`);
    ancestors.push(object);
    let out: string;
    if (Array.isArray(object)) {
      const parts: string[] = [];
      for (let i = 0; i < object.length; i++) parts.push(walk(object[i], `${pointer}/${i}`));
      out = `[${parts.join(',')}]`;
    } else {
      if (!isPlainObject(object)) {
        const kind = (object as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        fail(`${codePrefix}.invalid_value`, pointer,
          `a ${kind} is not a plain JSON object${kind === 'Date' ? '; pass epoch milliseconds or an ISO string' : ''}`);
      }
      const parts: string[] = [];
      for (const key of Object.keys(object)) {
        const member = (object as Record<string, unknown>)[key];
        if (member === undefined) continue;
        const memberPointer = `${pointer}/${escapeToken(key)}`;
        if (!wellFormed(key)) fail(`${codePrefix}.invalid_string`, memberPointer, 'key contains a lone UTF-16 surrogate');
        parts.push(`${JSON.stringify(key)}:${walk(member, memberPointer)}`);
      }
      out = `{${parts.join(',')}}`;
    }
    ancestors.pop();
    return out;
  };
  return walk(value, '');
}
