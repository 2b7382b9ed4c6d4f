// Accessibility checks with axe-core (npm) in the browser tests, on pages under the strict CSP.
// axe's source goes in through page.evaluate — the DevTools protocol's Runtime.evaluate, which a
// page's CSP does not govern — not through a <script> tag, which `script-src 'self'` refuses inline.
// axe looks into open shadow roots by itself, so the renderer's nudges are checked inside theirs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts a test fails on. */
export const FAILING_IMPACTS = ['serious', 'critical'];

/**
 * Runs axe on `page` (on `include`, a CSS selector or a list of them, or the whole document) and
 * resolves to its serious and critical violations, compactly:
 * `[{id, impact, help, nodes, targets: ['host >> inner', …up to 3], summary}]` — `summary` is the
 * first node's failure summary (colours and ratios for a contrast failure). An empty list is a pass.
 */
export async function axeViolations(page, { include, rules } = {}) {
  if (!(await page.evaluate(() => typeof window.axe?.run === 'function'))) {
    await page.evaluate(AXE_SOURCE);
    if (!(await page.evaluate(() => typeof window.axe?.run === 'function'))) throw new Error('axe-core did not load in the page');
  }
  let context = null;
  if (include !== undefined) {
    // Only the selectors that match now (axe refuses one that matches nothing); none is a mistake.
    const present = await page.evaluate((list) => list.filter((s) => document.querySelector(s) !== null), [include].flat());
    if (present.length === 0) throw new Error(`axeViolations: nothing on the page matches ${[include].flat().join(', ')}`);
    context = { include: present };
  }
  const violations = await page.evaluate(async ([ctx, ruleOptions]) => {
    const results = await window.axe.run(ctx ?? document, { resultTypes: ['violations'], ...(ruleOptions ? { rules: ruleOptions } : {}) });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      // A target is a list of selectors, one per shadow root on the way down.
      targets: v.nodes.slice(0, 3).map((n) => [n.target].flat(2).join(' >> ')),
      summary: (v.nodes[0]?.failureSummary ?? '').replace(/\s+/g, ' ').trim().slice(0, 300),
    }));
  }, [context, rules ?? null]);
  return violations.filter((v) => FAILING_IMPACTS.includes(v.impact));
}

/** A readable assertion message for `violations` (from axeViolations), under `what`. */
export function describeViolations(what, violations) {
  return `${what}: ${violations.length} serious/critical axe violation(s)\n` + violations.map((v) =>
    `  - ${v.id} (${v.impact}): ${v.help} — ${v.nodes} node(s): ${v.targets.join(' | ')}\n    ${v.summary}`).join('\n');
}
