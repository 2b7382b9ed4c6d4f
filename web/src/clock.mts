// The user's clock: the app's `now()` and the UTC offset of the user's IANA time zone at any instant.
// The core has no clock of its own, so every call that can depend on time carries both.
import { NudgeKitError } from './errors.mjs';

const MINUTE = 60_000;
// Offsets change only at a zone transition, and every transition in the tz database falls on a
// quarter hour: an offset found for one quarter hour holds for all of it. And no zone changes twice
// within a day (there and back), so when the offsets a day apart agree, the whole day has that one.
const QUARTER_HOUR = 15 * MINUTE;
const DAY = 24 * 60 * MINUTE;

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
  // Intl takes microseconds per call; events come many per minute. One range is cached: usually a
  // day, a quarter hour around a transition.
  let validFrom = 0;
  let validUntil = -1;
  let cached = 0;
  return (ms: number): number => {
    if (ms >= validFrom && ms < validUntil) return cached;
    validFrom = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
    cached = offsetAt(validFrom);
    validUntil = validFrom + (offsetAt(validFrom + DAY) === cached ? DAY : QUARTER_HOUR);
    return cached;
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
