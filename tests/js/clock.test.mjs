// The zone offsets the facade hands the core: cached by spans of constant offset, they must agree
// with Intl at every instant, on both sides of every transition.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { offsetFunction } from '../../dist/clock.mjs';

function intlOffset(timeZone) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  });
  return (ms) => {
    const minute = Math.floor(ms / 60_000) * 60_000;
    const p = {};
    for (const part of format.formatToParts(minute)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - minute) / 60_000);
  };
}

for (const timeZone of ['Asia/Kolkata', 'Europe/Berlin', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/New_York']) {
  test(`offsets in ${timeZone} agree with Intl at random instants and minute by minute across transitions`, () => {
    const cached = offsetFunction(timeZone);
    const truth = intlOffset(timeZone);
    let seed = 11;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 5000; i++) {
      const t = Date.UTC(2016, 0, 1) + Math.floor(random() * 12 * 365 * 86_400_000);
      assert.equal(cached(t), truth(t), new Date(t).toISOString());
    }
    for (const [from, until] of [[Date.UTC(2026, 2, 27), Date.UTC(2026, 3, 7)], [Date.UTC(2026, 8, 25), Date.UTC(2026, 10, 3)]]) {
      for (let t = from; t < until; t += 60_000) assert.equal(cached(t), truth(t), new Date(t).toISOString());
    }
  });
}

test('an unknown zone is refused with a pointer', () => {
  assert.throws(() => offsetFunction('Mars/Olympus_Mons'), (e) => e.code === 'options.invalid_time_zone' && e.pointer === '/timeZone');
});
