// Turns the workload's pre-aggregated event counters into what nudgekit keeps instead: a raw event
// history per user, and the 200 conditions rewritten to count that history with $event / $recency.
// The rewrite must keep every answer of expected.json, so the placement of events and the rewrite of
// each operator are chosen together (see placeEvents and rewriteCounter).

export const DAY = 86_400_000;
const HOUR = 3_600_000;
// Each event sits one hour after a whole-day boundary from now: `last_days` = floor(age / DAY) holds
// exactly, and no event lies on a window's edge.
const OFFSET = HOUR;

/**
 * The events of one user, oldest first, such that for each name: events within 7 days = count_7d,
 * within 30 days = count_30d, and floor((now - last) / DAY) = last_days (no events when it is absent).
 */
export function placeEvents(user, now) {
  const events = [];
  for (const [name, counters] of Object.entries(user.events ?? {})) {
    const { count_7d: week, count_30d: month, last_days: lastDays } = counters;
    if (lastDays === undefined) {
      if (week !== 0 || month !== 0) throw new Error(`bench: ${user.id} ${name}: counts without last_days`);
      continue;
    }
    const last = now - lastDays * DAY - OFFSET;
    const times = [last];
    // The rest of each window's count, strictly inside it and before the last event.
    const spread = (count, from, until) => {
      for (let i = 1; i <= count; i++) times.push(Math.round(from + ((until - from) * i) / (count + 1)));
    };
    const inWeek = lastDays < 7 ? week - 1 : week;
    const inMonthOnly = lastDays < 7 ? month - week : (lastDays < 30 ? month - 1 : month);
    if (inWeek < 0 || inMonthOnly < 0 || (lastDays >= 7 && week !== 0) || (lastDays >= 30 && month !== 0)) {
      throw new Error(`bench: ${user.id} ${name}: counters ${JSON.stringify(counters)} are inconsistent`);
    }
    spread(inWeek, now - 7 * DAY + OFFSET, Math.min(last, now) - 1000);
    const monthEnd = lastDays < 7 ? now - 7 * DAY - OFFSET : last - 1000;
    spread(inMonthOnly, now - 30 * DAY + OFFSET, monthEnd);
    for (const time of times) events.push({ name, time });
  }
  return events.sort((a, b) => a.time - b.time);
}

/** The user's properties without the counters the history now carries. */
export function profileWithoutCounters(user) {
  const { events: _events, ...rest } = user;
  return rest;
}

const WINDOWS = { count_7d: '7d', count_30d: '30d' };
const NUMERIC = new Set(['$eq', '$ne', '$lt', '$lte', '$gt', '$gte']);

// One `events.<name>.<counter>` test → the behavioural condition with the same answer on every user.
function rewriteCounter(name, counter, test) {
  if (counter in WINDOWS) {
    const ops = typeof test === 'object' && test !== null ? test : { $eq: test };
    for (const op of Object.keys(ops)) if (!NUMERIC.has(op)) throw new Error(`bench: cannot rewrite ${counter} ${op}`);
    return { $event: { name, within: WINDOWS[counter], count: ops } };
  }
  if (counter !== 'last_days') throw new Error(`bench: unknown counter ${counter}`);
  const { $exists: exists, ...bounds } = test;
  if (exists === false) {
    if (Object.keys(bounds).length) throw new Error('bench: $exists false with bounds');
    return { $recency: { name, never: true } };
  }
  // last_days = L means an age of L days + 1 h; integer bounds on L become strict bounds on the age.
  const recency = { name };
  for (const [op, k] of Object.entries(bounds)) {
    if (op === '$gt') recency.olderThan = `${k + 1}d`;        // L > k  ⇔ age > (k+1) days
    else if (op === '$gte') recency.olderThan = `${k}d`;      // L ≥ k  ⇔ age > k days
    else if (op === '$lte') recency.newerThan = `${k + 1}d`;  // L ≤ k  ⇔ age < (k+1) days
    else if (op === '$lt') recency.newerThan = `${k}d`;       // L < k  ⇔ age < k days
    else throw new Error(`bench: cannot rewrite last_days ${op}`);
  }
  // {$exists: true} alone: it happened at all.
  if (!recency.olderThan && !recency.newerThan) return { $event: { name } };
  return { $recency: recency };
}

/** The condition with every counter test replaced; everything else is kept as it is. */
export function rewriteCondition(condition) {
  if (Array.isArray(condition)) return condition.map(rewriteCondition);
  if (condition === null || typeof condition !== 'object') return condition;
  const parts = [];
  const rest = {};
  for (const [key, value] of Object.entries(condition)) {
    const match = /^events\.([A-Za-z_][\w.:-]*)\.(count_7d|count_30d|last_days)$/.exec(key);
    if (match) parts.push(rewriteCounter(match[1], match[2], value));
    else if (key === '$and' || key === '$or' || key === '$nor') rest[key] = value.map(rewriteCondition);
    else if (key === '$not') rest[key] = rewriteCondition(value);
    else if (key.startsWith('events.')) throw new Error(`bench: cannot rewrite ${key}`);
    else rest[key] = value;
  }
  if (parts.length === 0) return rest;
  // Sibling keys of a condition object are ANDed; so are the rewritten parts.
  return Object.keys(rest).length === 0 && parts.length === 1 ? parts[0] : { $and: [rest, ...parts].filter((p) => Object.keys(p).length) };
}
