// The user's clock: the app's `now()` and the UTC offset of the user's IANA time zone at any instant.
// The core has no clock of its own, so every call that can depend on time carries both.
import { NudgeKitError } from './errors.mjs';

const MINUTE = 60_000;
// Offsets change only at a zone transition, and every transition in the tz database falls on a
// quarter hour: an offset found for one quarter hour holds for all of it.
const QUARTER_HOUR = 15 * MINUTE;
const WEEK = 7 * 24 * 60 * MINUTE;
const HALF_YEAR = 26 * WEEK;

/** The offset in minutes of `timeZone` at instant `ms`, from Intl (no tz data of our own to go stale). */
export type OffsetOf = (ms: number) => number;

/** The zone the runtime reports for this device, or UTC where it reports none. @internal */
export function deviceTimeZone(): string {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** @internal */
export function offsetFunction(timeZone: string): OffsetOf {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
  } catch {
    throw new NudgeKitError({ code: 'options.invalid_time_zone', pointer: '/timeZone', message: `unknown time zone "${timeZone}"; use an IANA name such as "Asia/Kolkata"` });
  }
  const offsetAt = (ms: number): number => {
    const fields: Record<string, number> = {};
    for (const part of format.formatToParts(ms)) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const local = Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!);
    return Math.round((local - ms) / MINUTE);
  };
  // Intl takes microseconds per call, and events come many per minute, across days when history is
  // replayed. So each lookup that misses finds the whole span of constant offset around the instant —
  // weekly steps up to half a year each way, then bisection to the quarter hour of the transition (no
  // zone changes twice within a week) — and keeps the spans found.
  const spans: { from: number; until: number; offset: number }[] = [];
  let last: { from: number; until: number; offset: number } | undefined;
  const edge = (inside: number, outside: number, offset: number): number => {
    // The first quarter hour, walking from `inside` towards `outside`, whose offset is not `offset`.
    while (Math.abs(outside - inside) > QUARTER_HOUR) {
      const middle = inside + Math.round((outside - inside) / 2 / QUARTER_HOUR) * QUARTER_HOUR;
      if (offsetAt(middle) === offset) inside = middle;
      else outside = middle;
    }
    return outside;
  };
  return (ms: number): number => {
    if (last !== undefined && ms >= last.from && ms < last.until) return last.offset;
    const found = spans.find((span) => ms >= span.from && ms < span.until);
    if (found !== undefined) {
      last = found;
      return found.offset;
    }
    const start = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
    const offset = offsetAt(start);
    let until = start;
    while (until - start < HALF_YEAR && offsetAt(until + WEEK) === offset) until += WEEK;
    until = until - start >= HALF_YEAR ? until : edge(until, until + WEEK, offset);
    let from = start;
    while (start - from < HALF_YEAR && offsetAt(from - WEEK) === offset) from -= WEEK;
    from = start - from >= HALF_YEAR ? from : edge(from, from - WEEK, offset) + QUARTER_HOUR;
    last = { from, until, offset };
    if (spans.length >= 64) spans.shift();
    spans.push(last);
    return offset;
  };
}

/** Reads the app's clock, refusing what is not an instant. @internal */
export function readNow(now: () => number): number {
  const ms = now();
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    throw new NudgeKitError({ code: 'options.invalid_now', pointer: '/now', message: `now() must return epoch milliseconds, got ${String(ms)}` });
  }
  return ms;
}
