// Page half of the many-tabs tests: one in-page engine per tab (no worker), created by the test with
// the options it passes. What each tab's engine emits is collected here for the test to read.
import { createNudgeKit } from '/dist/index.browser.mjs';

let nk = null;
const nudges = [];
const segmentEvents = [];
const errors = [];
const yieldToEvents = () => new Promise((resolve) => setTimeout(resolve, 0));

window.__tabs = {
  async create(options) {
    nk = await createNudgeKit({ storage: 'indexeddb', tickIntervalMs: 0, ...options });
    nk.on('nudge', (nudge) => nudges.push({ id: nudge.id, campaign: nudge.campaign, channel: nudge.channel, send: nudge.send?.id ?? null }));
    nk.on('segment', ({ segment, entered, time }) => segmentEvents.push([segment, entered, time]));
    nk.on('error', (error) => errors.push(error.code));
    return { leading: nk.leading, storage: nk.storage };
  },
  leading: () => nk.leading,
  /** Tracks the events, letting the other tabs' messages in every few events; returns what track() returned. */
  async trackAll(events) {
    const returned = [];
    for (let i = 0; i < events.length; i++) {
      returned.push(...nk.track(events[i][0], events[i][1]).map((nudge) => nudge.campaign));
      if (i % 5 === 4) await yieldToEvents();
    }
    return returned;
  },
  evaluate: (condition) => nk.evaluate(condition),
  segments: () => nk.segments(),
  nudges: () => nudges,
  segmentEvents: () => segmentEvents,
  nextNudges: (placement) => nk.nextNudges(placement).map((nudge) => ({ id: nudge.id, campaign: nudge.campaign, shown: nudge.shownAt ?? null })),
  report: (nudgeId, outcome) => nk.report({ nudgeId, outcome }),
  stats: () => nk.stats(),
  pending: async () => (await nk.pendingSends()).map((record) => record.request.id),
  flush: () => nk.flushSends(),
  persist: () => nk.persist(),
  destroy: () => nk.destroy(),
  errors: () => errors,
};
document.getElementById('status').textContent = 'ready';
