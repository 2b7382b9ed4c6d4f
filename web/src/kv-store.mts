// Where the JS layer keeps what must survive a reload: strings by key, behind promises so that
// IndexedDB, a native bridge or Web Storage can all sit behind it.

/**
 * An asynchronous string store. Any call may reject (a full quota, a storage the user turned off); the
 * caller decides what that means. `get` resolves to `null` for a key that holds nothing.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A store that lives as long as the page (tests, and the fallback where no storage is allowed). */
export function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    async get(key) {
      return values.get(key) ?? null;
    },
    async set(key, value) {
      values.set(key, String(value));
    },
    async delete(key) {
      values.delete(key);
    },
  };
}

/**
 * A store over `localStorage` or `sessionStorage`, every key under `prefix` (e.g. `"nudgekit:"`) so that
 * the app's own keys are never touched. A `setItem` over quota rejects with the browser's
 * `QuotaExceededError`; a storage the user blocked rejects on every call.
 */
export function webStorageStore(storage: Storage, prefix: string): KeyValueStore {
  return {
    async get(key) {
      return storage.getItem(prefix + key);
    },
    async set(key, value) {
      storage.setItem(prefix + key, value);
    },
    async delete(key) {
      storage.removeItem(prefix + key);
    },
  };
}
