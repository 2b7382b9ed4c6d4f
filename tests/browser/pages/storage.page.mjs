// Page half of the browser storage and runtime tests: one engine per page, created by the test with the options it
// passes (storage kind included), its sends held in the outbox (no consent) so the outbox's survival
// can be checked. `?block=` makes storage fail the way private modes and disabled storage do:
//   indexeddb     IndexedDB throws on open
//   all           IndexedDB throws and localStorage refuses writes
import { createNudgeKit } from '/dist/index.browser.mjs';

const block = new URLSearchParams(location.search).get('block');
if (block === 'indexeddb' || block === 'all') {
  IDBFactory.prototype.open = function open() {
    throw new DOMException('The user denied permission to access the database.', 'InvalidStateError');
  };
}
if (block === 'all') {
  Storage.prototype.setItem = function setItem() {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };
}

let nk = null;
const errors = [];
const segmentEvents = [];
let ticks = 0;

let persistCalls = 0;

window.__storage = {
  /** Makes navigator.storage answer persist() with `answer` (the real answer depends on site engagement). */
  stubPersist(answer) {
    navigator.storage.persisted = async () => false;
    navigator.storage.persist = async () => {
      persistCalls++;
      return answer;
    };
  },
  persistCalls: () => persistCalls,
  storagePersisted: () => nk.storagePersisted,
  async create(options) {
    nk = await createNudgeKit({ sends: { endpoint: '/v1/sends' }, consent: { sends: false }, ...options });
    nk.on('error', (error) => errors.push({ code: error.code, pointer: error.pointer, message: error.message }));
    nk.on('segment', (change) => segmentEvents.push(change));
    const tick = nk.tick.bind(nk);
    nk.tick = () => {  // counts the runtime's ticks (it calls the instance's tick)
      ticks++;
      return tick();
    };
    await new Promise((resolve) => setTimeout(resolve, 0));  // errors from create reach the listener
    return nk.storage;
  },
  track(events) {
    return events.flatMap(([name, props]) => nk.track(name, props).map((n) => ({ id: n.id, campaign: n.campaign, send: n.send?.id })));
  },
  report: (nudgeId, outcome) => nk.report({ nudgeId, outcome }),
  state: () => ({ segments: nk.segments(), scores: nk.scores(), stats: nk.stats(), properties: nk.properties() }),
  pending: async () => (await nk.pendingSends()).map((r) => r.request.id),
  persist: () => nk.persist(),
  errors: () => errors,
  segmentEvents: () => segmentEvents.map(({ segment, entered, time }) => ({ segment, entered, time })),
  ticks: () => ticks,
  timeZone: () => nk.timeZone,
  /** Simulates the tab being hidden or shown again (headless Chromium's pages are always visible). */
  setVisibility(state) {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  },
  /** Another script of the page writing to localStorage until it is full; returns how much it wrote. */
  fillLocalStorage() {
    let written = 0;
    const chunk = 'x'.repeat(256 * 1024);
    for (let i = 0; ; i++) {
      try {
        localStorage.setItem(`other-app:${i}`, chunk);
        written += chunk.length;
      } catch {
        break;
      }
    }
    for (let size = 16 * 1024; size >= 16; size /= 4) {
      for (let i = 0; ; i++) {
        try {
          localStorage.setItem(`other-app:small:${size}:${i}`, 'y'.repeat(size));
          written += size;
        } catch {
          break;
        }
      }
    }
    return written;
  },
  /** Writes `value` under nudgekit's key in its IndexedDB database, as a buggy or hostile script might. */
  corruptIndexedDb(key, value) {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open('nudgekit');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const tx = request.result.transaction('kv', 'readwrite');
        tx.objectStore('kv').put(value, key);
        tx.oncomplete = () => {
          request.result.close();
          resolve(true);
        };
        tx.onabort = () => reject(tx.error);
      };
    });
  },
};
document.getElementById('status').textContent = 'ready';
