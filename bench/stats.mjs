// Timing helpers. These machines are shared and noisy: report the median and the min of several runs.

export const now = () => process.hrtime.bigint();
export const nsSince = (start) => Number(process.hrtime.bigint() - start);

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const min = (values) => Math.min(...values);

/**
 * Each pass returns the nanoseconds it measured (it may time only part of its own work). Runs every pass
 * `warmup` rounds untimed, then `runs` rounds, interleaved: each round runs each pass once, so a burst of
 * load from other processes on a shared machine hits all engines alike instead of one. Returns one
 * {median, min, samples} (ns per pass) per pass, in order.
 */
export function measureInterleaved(passes, { warmup = 2, runs = 7 } = {}) {
  for (let i = 0; i < warmup; i++) for (const pass of passes) pass();
  const samples = passes.map(() => []);
  for (let i = 0; i < runs; i++) passes.forEach((pass, k) => samples[k].push(pass()));
  return samples.map((s) => ({ median: median(s), min: min(s), samples: s }));
}

/** Fixed-point with thousands separators: fmt(124034.5, 1) → "124,034.5". */
export function fmt(value, digits = 0) {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A markdown table from a header row and data rows; the first `textColumns` are left-aligned, the rest right. */
export function markdownTable(header, rows, textColumns = 1) {
  const align = header.map((_, i) => (i < textColumns ? '---' : '---:'));
  return [header, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

// Keeps results observable so the JIT cannot drop the work being timed.
let sink = 0;
export const consume = (value) => { sink = (sink + value) | 0; };
export const sinkValue = () => sink;
