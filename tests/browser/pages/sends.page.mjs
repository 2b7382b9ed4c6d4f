// Page half of the browser sends tests: one engine per page, created on demand by the test with the
// config and signals it passes, its outbox in this origin's localStorage (the package's default), its
// endpoint the send server on this origin. The test reads what happened through window.__sends.
import { createNudgeKit } from '/dist/index.browser.mjs';

let nk = null;
const outcomes = [];
const errors = [];

window.__sends = {
  /** Creates the page's engine; `options` are createNudgeKit's, minus what cannot cross from the test. */
  async create(options) {
    nk = await createNudgeKit({ ...options, sends: { endpoint: '/v1/sends', ...options.sends } });
    nk.on('send', (outcome) => outcomes.push(outcome));
    nk.on('error', (error) => errors.push({ code: error.code, message: error.message }));
    return true;
  },
  /** Tracks events; returns the sends decided (their ids are the idempotency keys). */
  track(events) {
    const sends = [];
    for (const [name, properties] of events) {
      for (const nudge of nk.track(name, properties)) if (nudge.send) sends.push(nudge.send);
    }
    return sends;
  },
  tick() {
    return nk.tick().filter((nudge) => nudge.send).map((nudge) => nudge.send);
  },
  pending: () => nk.pendingSends(),
  flush: () => nk.flushSends(),
  setConsent: (consent) => nk.setConsent(consent),
  outcomes: () => outcomes.map(({ type, status, id, reason }) => ({ type, status, id, reason })),
  errors: () => errors,
};
document.getElementById('status').textContent = 'ready';
