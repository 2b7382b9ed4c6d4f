// A stand-in for the Web Locks API where Node has none (tests/js/tabs.test.mjs, bench/tabs.mjs):
// exclusive locks only, one holder per name, waiters served in order, `ifAvailable` answered with
// a null lock, and the lock held until the callback's promise settles — as navigator.locks does.
export class LockManager {
  #held = new Set();
  #queues = new Map();

  async request(name, options, callback) {
    if (this.#held.has(name)) {
      if (options.ifAvailable) return callback(null);
      await new Promise((resolve) => this.#queues.set(name, [...(this.#queues.get(name) ?? []), resolve]));
    }
    this.#held.add(name);
    try {
      return await callback({ name, mode: 'exclusive' });
    } finally {
      this.#held.delete(name);
      this.#queues.get(name)?.shift()?.();
    }
  }
}

/** Installs `navigator.locks` (a fresh manager); returns a function that puts the old `navigator` back. */
export function installWebLocks() {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: { locks: new LockManager() }, configurable: true, writable: true });
  return () => {
    if (saved) Object.defineProperty(globalThis, 'navigator', saved);
    else delete globalThis.navigator;
  };
}
