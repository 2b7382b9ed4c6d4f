// The page side of a worker-hosted engine: the NudgeKit API with every call answered by the worker
// (worker-host.mts) as a Promise, so evaluation never runs on the main thread. With a SharedWorker,
// all tabs of one user share one engine.
import { NudgeKitError, type ErrorDetail } from './errors.mjs';
import type { NudgeKit } from './nudgekit.mjs';
import type { NudgeKitEvents, NudgeKitOptions } from './types.mjs';
import { onPageLeave } from './page-lifecycle.mjs';
import { REMOTE_METHODS, type RemoteMethod, type ToClient, type ToHost } from './worker-protocol.mjs';

/** NudgeKit's methods, each resolving to what the in-page engine returns. */
export type RemoteNudgeKit = {
  [K in RemoteMethod]: (...args: Parameters<NudgeKit[K]>) => Promise<Awaited<ReturnType<NudgeKit[K]>>>;
} & {
  readonly userId: string | undefined;
  readonly timeZone: string;
  readonly storage: string;
  on<K extends keyof NudgeKitEvents>(type: K, listener: (event: NudgeKitEvents[K]) => void): () => void;
  off<K extends keyof NudgeKitEvents>(type: K, listener: (event: NudgeKitEvents[K]) => void): void;
  /** Detaches this page from the engine; the worker frees it when no page uses it any more. */
  destroy(): Promise<void>;
};

/** Options that can cross to a worker: data only (no `now`, `transport`, custom `store` or `storage`). */
export type WorkerNudgeKitOptions = Omit<NudgeKitOptions, 'now' | 'sends' | 'storage'> & {
  sends?: Omit<NonNullable<NudgeKitOptions['sends']>, 'transport' | 'store'>;
  storage?: 'indexeddb' | 'localstorage' | 'memory';
};

interface Channel {
  postMessage(message: ToHost): void;
  addEventListener(type: 'message', fn: (event: MessageEvent<ToClient>) => void): void;
  start?: () => void;
}

// Functions cannot cross: say which option, instead of a DataCloneError from postMessage.
function checkCloneable(value: unknown, pointer: string, depth = 0): void {
  if (typeof value === 'function') {
    throw new NudgeKitError({ code: 'options.not_cloneable', pointer, message: `${pointer} is a function, which cannot be sent to a worker` });
  }
  if (typeof value !== 'object' || value === null || depth > 8) return;
  for (const [key, member] of Object.entries(value)) checkCloneable(member, `${pointer}/${key}`, depth + 1);
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

const channels = new WeakMap<object, { call: (message: WithoutId<ToHost>) => Promise<unknown>; listeners: Map<number, (type: string, event: unknown) => void> }>();

function connect(target: Worker | SharedWorker | MessagePort) {
  let known = channels.get(target);
  if (known !== undefined) return known;
  const port = ('port' in target ? target.port : target) as unknown as Channel;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  const listeners = new Map<number, (type: string, event: unknown) => void>();
  let nextId = 1;
  port.addEventListener('message', ({ data }) => {
    if (data.kind === 'event') {
      listeners.get(data.engine)?.(data.type, data.type === 'error' ? new NudgeKitError((data.event as { errors: ErrorDetail[] }).errors) : data.event);
      return;
    }
    const waiting = pending.get(data.id);
    if (waiting === undefined) return;
    pending.delete(data.id);
    if (data.kind === 'error') waiting.reject(new NudgeKitError(data.errors));
    else waiting.resolve(data.kind === 'created' ? data : data.value);
  });
  port.start?.();
  known = {
    listeners,
    call: (message) => new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      try {
        port.postMessage({ ...message, id } as ToHost);
      } catch (error) {
        pending.delete(id);
        reject(new NudgeKitError({ code: 'engine.invalid_argument', pointer: '', message: `could not send to the worker: ${String(error)}` }));
      }
    }),
  };
  channels.set(target, known);
  return known;
}

/**
 * Creates a NudgeKit inside `worker` (a module Worker or SharedWorker whose script calls
 * `serveNudgeKit()`). Resolves once the worker's engine is up; rejects like `createNudgeKit`.
 */
export async function createNudgeKitInWorker(worker: Worker | SharedWorker | MessagePort, options: WorkerNudgeKitOptions = {}): Promise<RemoteNudgeKit> {
  checkCloneable(options, '');
  const channel = connect(worker);
  const created = await channel.call({ kind: 'create', options: options as Record<string, unknown> }) as
    Extract<ToClient, { kind: 'created' }>;
  const engine = created.engine;
  const subscribers = new Map<string, Set<(event: unknown) => void>>();
  channel.listeners.set(engine, (type, event) => {
    for (const listener of [...(subscribers.get(type) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  });
  let destroyed = false;
  // A worker sees no pagehide: the page tells it, so that the last batch is written before the page
  // (and a dedicated worker with it, or a SharedWorker whose last tab this was) goes.
  const stopLeave = onPageLeave(() => {
    if (!destroyed) channel.call({ kind: 'call', engine, method: 'persist', args: [] }).catch(() => {});
  });
  const remote: Record<string, unknown> = {
    userId: created.userId,
    timeZone: created.timeZone,
    storage: created.storage,
    on(type: string, listener: (event: unknown) => void) {
      let set = subscribers.get(type);
      if (set === undefined) subscribers.set(type, (set = new Set()));
      set.add(listener);
      return () => set!.delete(listener);
    },
    off(type: string, listener: (event: unknown) => void) {
      subscribers.get(type)?.delete(listener);
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      stopLeave();
      channel.listeners.delete(engine);
      await channel.call({ kind: 'release', engine });
    },
  };
  for (const method of REMOTE_METHODS) {
    remote[method] = (...args: unknown[]) => {
      if (destroyed) return Promise.reject(new NudgeKitError({ code: 'engine.destroyed', pointer: '', message: 'this NudgeKit was destroyed' }));
      try {
        checkCloneable(args, '/args');
      } catch (error) {
        return Promise.reject(error);
      }
      return channel.call({ kind: 'call', engine, method, args });
    };
  }
  return remote as unknown as RemoteNudgeKit;
}
