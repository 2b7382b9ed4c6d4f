// Chooses where the engine keeps what must survive a reload. The app names a kind (or hands in its own
// store); when that kind fails to open — private modes, storage turned off, a sandboxed frame — the next
// one in the chain takes over and the failure is reported, never thrown: an engine without durable
// storage still decides, it only forgets sooner.
import { NudgeKitError } from './errors.mjs';
import { indexedDbStore, memoryStore, webStorageStore, type KeyValueStore } from './kv-store.mjs';

export type StorageKind = 'indexeddb' | 'localstorage' | 'memory';

/** The `storage` option: a kind, or a store of the app's own (a native key-value store via a bridge). */
export type StorageOption = StorageKind | KeyValueStore;

export interface OpenedStorage {
  store: KeyValueStore;
  /** What is in use: the kind asked for, the fallback that took over, or `'custom'`. */
  kind: StorageKind | 'custom';
  /** Why the kinds before it were passed over (each a `storage.unavailable` error), in order. */
  fallbacks: NudgeKitError[];
}

const CHAIN: StorageKind[] = ['indexeddb', 'localstorage', 'memory'];
const PROBE_KEY = 'nudgekit:probe';

function defaultKind(): StorageKind {
  const g = globalThis as { indexedDB?: unknown; localStorage?: unknown; document?: unknown };
  // Node and SSR: nothing durable to write to; the app passes a store if it has one.
  if (g.document === undefined && g.indexedDB === undefined) return 'memory';
  return 'indexeddb';
}

/** A failure of one kind, with the pointer of the option that chose it. */
function unavailable(kind: StorageKind, next: StorageKind, error: unknown): NudgeKitError {
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new NudgeKitError({
    code: 'storage.unavailable', pointer: '/storage',
    message: `${kind} storage is unavailable (${why}); using ${next} instead`,
  });
}

async function tryKind(kind: StorageKind, prefix: string): Promise<KeyValueStore> {
  if (kind === 'memory') return memoryStore();
  if (kind === 'localstorage') {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    if (storage === undefined) throw new Error('localStorage is not available here');
    storage.setItem(PROBE_KEY, '1');
    storage.removeItem(PROBE_KEY);
    return webStorageStore(storage, prefix);
  }
  const store = indexedDbStore({ name: prefix.replace(/:$/, '') });
  // Opening alone is not proof: some private modes open and then fail the first transaction.
  await store.set(PROBE_KEY, '1');
  await store.delete(PROBE_KEY);
  return store;
}

function isStore(value: unknown): value is KeyValueStore {
  return typeof value === 'object' && value !== null &&
    ['get', 'set', 'delete'].every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
}

/**
 * Opens the storage the option names (default: IndexedDB in browsers, memory without a DOM), falling
 * back along indexeddb → localstorage → memory. Throws only for an option that is not a storage at all.
 */
export async function openStorage(option: unknown, prefix = 'nudgekit:'): Promise<OpenedStorage> {
  if (isStore(option)) return { store: option, kind: 'custom', fallbacks: [] };
  if (option !== undefined && !CHAIN.includes(option as StorageKind)) {
    throw new NudgeKitError({
      code: 'options.invalid_storage', pointer: '/storage',
      message: 'storage is "indexeddb", "localstorage", "memory" or a store with get, set and delete methods',
    });
  }
  const fallbacks: NudgeKitError[] = [];
  const first = CHAIN.indexOf((option as StorageKind | undefined) ?? defaultKind());
  for (let i = first; i < CHAIN.length; i++) {
    const kind = CHAIN[i]!;
    try {
      return { store: await tryKind(kind, prefix), kind, fallbacks };
    } catch (error) {
      fallbacks.push(unavailable(kind, CHAIN[i + 1] ?? 'memory', error));
    }
  }
  return { store: memoryStore(), kind: 'memory', fallbacks };
}

/**
 * Asks the browser to keep this origin's storage under pressure and past its eviction rules
 * (`navigator.storage.persist()`): true when granted (now or before), false when refused, null where
 * the API is missing. Only on the app's request: Firefox asks the user, so nudgekit never asks unbidden.
 */
export async function requestPersistence(): Promise<boolean | null> {
  const manager = (globalThis as { navigator?: { storage?: { persisted?: () => Promise<boolean>; persist?: () => Promise<boolean> } } }).navigator?.storage;
  if (typeof manager?.persist !== 'function') return null;
  try {
    if (typeof manager.persisted === 'function' && await manager.persisted()) return true;
    return await manager.persist();
  } catch {
    return false;  // refused in this context (an opaque origin, a sandboxed frame)
  }
}
