// DOM helpers for the demo. The page runs under a strict CSP: nodes are built with DOM APIs, styled
// by classes, and nothing is ever parsed from strings.
import { NudgeKitError } from '/dist/index.browser.mjs';

export const $ = (id) => document.getElementById(id);

/** `<tag attributes…>children…</tag>`; `class` and `dataset` are the two special attributes. */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

/** A NudgeKitError's list of errors, or one made from any other failure. */
export function describeError(error) {
  if (error instanceof NudgeKitError) return error.errors;
  return [{ code: 'demo.error', pointer: '', message: String(error?.message ?? error) }];
}

export function errorList(errors) {
  return element('ul', { class: 'error-list' }, ...errors.map((e) => element('li', { class: 'error-item' },
    element('code', { class: 'error-code' }, e.code),
    ' at ',
    element('code', { class: 'error-pointer' }, e.pointer === '' ? '(root)' : e.pointer),
    element('span', { class: 'error-message' }, e.message))));
}

/** India Standard Time's offset from UTC (no daylight saving). */
export const IST_MS = 330 * 60_000;

/** The India calendar day of an instant, "2026-12-03". */
export const indiaDay = (ms) => new Date(ms + IST_MS).toISOString().slice(0, 10);

/** India time for people: "3 Dec 2026, 10:00 am". */
export const indiaTime = (ms) => new Date(ms).toLocaleString('en-IN', {
  timeZone: 'Asia/Kolkata', dateStyle: 'medium', timeStyle: 'short',
});
