// Writes a JS value in the binary form the core decodes (src/ include/nudgekit/binary_input.h): one
// walk that validates and encodes, instead of a validating walk, JSON.stringify and a UTF-8 encode,
// and numbers cross as their bits so the core needs no decimal parsing. Accepts exactly what
// serialize.mts's toJsonText accepts; on anything else it returns -1 and the caller asks serialize.mts
// for the error with its JSON pointer.

import { MAX_DEPTH, MAX_STRING_BYTES, wellFormed } from './serialize.mjs';

const TAG_NULL = 0, TAG_FALSE = 1, TAG_TRUE = 2, TAG_INT32 = 3, TAG_FLOAT64 = 4, TAG_STRING = 5, TAG_ARRAY = 6,
  TAG_OBJECT = 7;

const encoder = new TextEncoder();
const hasOwn = Object.prototype.hasOwnProperty;
let bytes = new Uint8Array(4096);
let view = new DataView(bytes.buffer);
let at = 0;
const ancestors: object[] = [];

function reserve(extra: number): void {
  if (at + extra <= bytes.length) return;
  let size = bytes.length * 2;
  while (size < at + extra) size *= 2;
  const grown = new Uint8Array(size);
  grown.set(bytes.subarray(0, at));
  bytes = grown;
  view = new DataView(bytes.buffer);
}

// Length-prefixed UTF-8. ASCII (most keys and values) is copied code unit by code unit; anything else
// goes through TextEncoder once its UTF-16 has been checked for lone surrogates, which encodeInto would
// silently replace.
function text(value: string, limitBytes: boolean): boolean {
  const units = value.length;
  if (limitBytes && units > MAX_STRING_BYTES) return false;
  reserve(4 + units * 3);
  const start = at + 4;
  for (let i = 0; i < units; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0x80) {
      if (!wellFormed(value)) return false;
      const written = encoder.encodeInto(value, bytes.subarray(start)).written;
      if (limitBytes && written > MAX_STRING_BYTES) return false;
      view.setUint32(at, written, true);
      at = start + written;
      return true;
    }
    bytes[start + i] = unit;
  }
  view.setUint32(at, units, true);
  at = start + units;
  return true;
}

function value(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
      reserve(1);
      bytes[at++] = TAG_STRING;
      return text(v, true);
    case 'number':
      reserve(9);
      if ((v | 0) === v) {
        bytes[at] = TAG_INT32;
        view.setInt32(at + 1, v, true);
        at += 5;
        return true;
      }
      if (!Number.isFinite(v)) return false;
      bytes[at] = TAG_FLOAT64;
      view.setFloat64(at + 1, v, true);
      at += 9;
      return true;
    case 'boolean':
      reserve(1);
      bytes[at++] = v ? TAG_TRUE : TAG_FALSE;
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  reserve(5);
  if (v === null) {
    bytes[at++] = TAG_NULL;
    return true;
  }
  if (ancestors.length >= MAX_DEPTH || ancestors.includes(v)) return false;
  ancestors.push(v);
  const ok = Array.isArray(v) ? array(v) : object(v);
  ancestors.pop();
  return ok;
}

function array(elements: unknown[]): boolean {
  bytes[at] = TAG_ARRAY;
  view.setUint32(at + 1, elements.length, true);
  at += 5;
  for (let i = 0; i < elements.length; i++) if (!value(elements[i])) return false;
  return true;
}

function object(members: object): boolean {
  const proto = Object.getPrototypeOf(members);
  if (proto !== Object.prototype && proto !== null) return false;
  bytes[at] = TAG_OBJECT;
  const countAt = at + 1;
  at += 5;
  let count = 0;
  for (const key in members) {
    if (!hasOwn.call(members, key)) continue;
    const member = (members as Record<string, unknown>)[key];
    if (member === undefined) continue;  // JSON.stringify skips these too
    if (!text(key, false) || !value(member)) return false;
    count++;
  }
  view.setUint32(countAt, count, true);
  return true;
}

/**
 * Encodes `v` into a shared scratch buffer and returns its bytes (valid until the next call), or null
 * when `v` holds something that is not JSON.
 * @internal
 */
export function encodeBinary(v: unknown): Uint8Array | null {
  at = 0;
  ancestors.length = 0;
  const ok = value(v);
  ancestors.length = 0;
  return ok ? bytes.subarray(0, at) : null;
}
