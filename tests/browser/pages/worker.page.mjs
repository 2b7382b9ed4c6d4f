// Page half of the worker tests: connects to the engine host in a dedicated Worker or a SharedWorker
// and exposes the remote engine to the test as window.__worker.
import { createNudgeKitInWorker } from '/dist/index.browser.mjs';

const HOST = new URL('./nudgekit.worker-host.mjs', import.meta.url);
let nk = null;
const segmentEvents = [];

window.__worker = {
  async create(kind, options) {
    const worker = kind === 'shared' ? new SharedWorker(HOST, { type: 'module', name: 'nudgekit' }) : new Worker(HOST, { type: 'module' });
    nk = await createNudgeKitInWorker(worker, options);
    nk.on('segment', ({ segment, entered }) => segmentEvents.push([segment, entered]));
    return { userId: nk.userId, storage: nk.storage };
  },
  call: (method, ...args) => nk[method](...args),
  /** Tracks each event without waiting for the previous answer: the calls queue in the worker. */
  async trackAll(events) {
    const answers = await Promise.all(events.map(([name, props]) => nk.track(name, props)));
    return answers.flat().map((nudge) => nudge.campaign);
  },
  segmentEvents: () => segmentEvents,
  destroy: () => nk.destroy(),
  async refused(call) {
    try {
      await call();
      return null;
    } catch (error) {
      return [error.name, error.code, error.pointer];
    }
  },
  notCloneable: (options) => window.__worker.refused(() => createNudgeKitInWorker(new Worker(HOST, { type: 'module' }), { ...options, now: () => 1 })),
  badCondition: () => window.__worker.refused(() => nk.evaluate({ age: { $gtee: 1 } })),
};
document.getElementById('status').textContent = 'ready';
