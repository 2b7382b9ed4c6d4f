// A synchronous copy of each decided send until the outbox's asynchronous write has committed. A send
// decided just before the user leaves would otherwise die with the document while its IndexedDB write
// was still queued — and the profile, which records that the step was taken, would never decide it
// again. Sends are rare, so one small localStorage write each is cheap; the next page's outbox takes
// what is left here (the key deduplicates against what did commit).
import type { SendRequest } from './transport.mjs';

const KEY = 'nudgekit:outbox-rescue';
const MAX_RECORDS = 100;  // a store that keeps failing must not grow this without bound

export class SendRescue {
  readonly #storage: Storage;

  constructor(storage: Storage) {
    this.#storage = storage;
  }

  #read(): SendRequest[] {
    try {
      const value = JSON.parse(this.#storage.getItem(KEY) ?? '[]') as unknown;
      return Array.isArray(value) ? (value as SendRequest[]).filter((r) => typeof r?.id === 'string') : [];
    } catch {
      return [];
    }
  }

  #write(requests: SendRequest[]): void {
    try {
      if (requests.length === 0) this.#storage.removeItem(KEY);
      else this.#storage.setItem(KEY, JSON.stringify(requests.slice(-MAX_RECORDS)));
    } catch {
      // full or blocked: the asynchronous outbox write is all there is
    }
  }

  add(request: SendRequest): void {
    this.#write([...this.#read(), request]);
  }

  remove(id: string): void {
    const requests = this.#read();
    const kept = requests.filter((r) => r.id !== id);
    if (kept.length !== requests.length) this.#write(kept);
  }

  all(): SendRequest[] {
    return this.#read();
  }

  clear(): void {
    this.#write([]);
  }
}
