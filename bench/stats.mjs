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
 * Runs `pass()` (which returns the nanoseconds it measured, and may time only part of its own work)
 * `warmup` times untimed, then `runs` times; returns {median, min, samples} in ns per pass.
 */
export function measure(pass, { warmup = 2, runs = 7 } = {}) {
  for (let i = 0; i < warmup; i++) pass();
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(pass());
  return { median: median(samples), min: min(samples), samples };
}

/** Fixed-point with thousands separators: fmt(124034.5, 1) → "124,034.5". */
export function fmt(value, digits = 0) {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A markdown table from a header row and data rows (right-aligns every column but the first). */
export function markdownTable(header, rows) {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

// Keeps results observable so the JIT cannot drop the work being timed.
let sink = 0;
export const consume = (value) => { sink = (sink + value) | 0; };
export const sinkValue = () => sink;
