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

/** Where `indexedDbStore` keeps its values. */
export interface IndexedDbStoreOptions {
  /** The database name (default `"nudgekit"`): one per app is enough, every key lives in one object store. */
  name?: string;
  /** The IndexedDB factory (default `globalThis.indexedDB`), for tests and polyfills. */
  factory?: IDBFactory;
}

const IDB_VERSION = 1;
const IDB_OBJECTS = 'kv';

/**
 * A store over IndexedDB, the default in browsers. Each call is one transaction and resolves only once it
 * has committed, so a reader in another tab (under a shared Web Lock) sees the write: Web Storage gives
 * no such promise between tabs, whose renderers sync it lazily. The database opens on first use and
 * reopens if the browser closes it (storage cleared, another tab upgrading).
 */
export function indexedDbStore(options: IndexedDbStoreOptions = {}): KeyValueStore {
  const name = options.name ?? 'nudgekit';
  let opening: Promise<IDBDatabase> | null = null;

  const open = (): Promise<IDBDatabase> => {
    opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const factory = options.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
      if (factory === undefined) throw new Error('IndexedDB is not available here');
      const request = factory.open(name, IDB_VERSION);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(IDB_OBJECTS)) request.result.createObjectStore(IDB_OBJECTS);
      };
      request.onsuccess = () => {
        const db = request.result;
        // Let a newer version in another tab upgrade; the next call here reopens.
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        db.onclose = () => {
          opening = null;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error ?? new Error(`IndexedDB could not open "${name}"`));
      request.onblocked = () => reject(new Error(`IndexedDB "${name}" is blocked by another tab`));
    }).catch((error: unknown) => {
      opening = null;
      throw error;
    });
    return opening;
  };

  const run = async <T,>(mode: IDBTransactionMode, act: (objects: IDBObjectStore) => IDBRequest | void): Promise<T> => {
    const db = await open();
    return new Promise<T>((resolve, reject) => {
      let transaction: IDBTransaction;
      try {
        transaction = db.transaction(IDB_OBJECTS, mode);
      } catch (error) {
        opening = null;  // closed under us: the next call reopens
        reject(error);
        return;
      }
      const request = act(transaction.objectStore(IDB_OBJECTS));
      // Commit now rather than when the task ends: on page hide the document may be gone by then.
      if (mode === 'readwrite') (transaction as { commit?: () => void }).commit?.();
      transaction.oncomplete = () => resolve((request?.result ?? undefined) as T);
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
      transaction.onerror = () => undefined;  // onabort follows with the error
    });
  };

  return {
    async get(key) {
      const value = await run<unknown>('readonly', (objects) => objects.get(key));
      return typeof value === 'string' ? value : value === undefined ? null : String(value);
    },
    async set(key, value) {
      await run<void>('readwrite', (objects) => objects.put(String(value), key));
    },
    async delete(key) {
      await run<void>('readwrite', (objects) => objects.delete(key));
    },
  };
}
