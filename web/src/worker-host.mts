// The worker side of a worker-hosted engine: `serveNudgeKit()` in a module Worker or SharedWorker
// script answers the pages' messages with a real NudgeKit. In a SharedWorker, every tab that creates
// an engine for the same userId gets the same one: one event history, one ledger of caps, one outbox
// — which is how several tabs of one user count every event exactly and send once.
import { NudgeKitError, type ErrorDetail } from './errors.mjs';
import { loadModule } from './loader.mjs';
import { createWith, type NudgeKit } from './nudgekit.mjs';
import type { NudgeKitOptions } from './types.mjs';
import { REMOTE_EVENTS, REMOTE_METHODS, type ToClient, type ToHost } from './worker-protocol.mjs';

interface Port {
  postMessage(message: ToClient): void;
  addEventListener(type: 'message', fn: (event: MessageEvent<ToHost>) => void): void;
  start?: () => void;
}

interface Hosted {
  nk: Promise<NudgeKit>;
  ports: Map<Port, number>;  // each attached port, and how many engines it created on it
}

const ALLOWED = new Set<string>(REMOTE_METHODS);

function details(error: unknown): { errors: ErrorDetail[]; message: string } {
  if (error instanceof NudgeKitError) return { errors: error.errors, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { errors: [{ code: 'engine.internal', pointer: '', message }], message };
}

/**
 * Serves engines to the pages that talk to this worker. Call once at the top of the worker script;
 * `scope` is the worker's global (default `globalThis`).
 */
export function serveNudgeKit(scope: unknown = globalThis): void {
  const hosted = new Map<number, Hosted>();
  const byUser = new Map<string, number>();
  let nextEngine = 1;

  const create = (port: Port, id: number, options: Record<string, unknown>) => {
    const userId = typeof options.userId === 'string' ? options.userId : undefined;
    let engine = userId === undefined ? undefined : byUser.get(userId);
    if (engine === undefined) {
      engine = nextEngine++;
      const key = engine;
      const nk = loadModule(options as NudgeKitOptions).then((module) => createWith(module, options as NudgeKitOptions));
      const entry: Hosted = { nk, ports: new Map() };
      hosted.set(key, entry);
      if (userId !== undefined) byUser.set(userId, key);
      nk.then((instance) => {
        for (const type of REMOTE_EVENTS) {
          instance.on(type, (event: unknown) => {
            const payload = type === 'error' ? details(event) : event;
            for (const p of entry.ports.keys()) p.postMessage({ kind: 'event', engine: key, type, event: payload });
          });
        }
      }, () => {
        hosted.delete(key);
        if (userId !== undefined && byUser.get(userId) === key) byUser.delete(userId);
      });
    }
    const entry = hosted.get(engine)!;
    entry.ports.set(port, (entry.ports.get(port) ?? 0) + 1);
    const key = engine;
    entry.nk.then(
      (nk) => port.postMessage({ kind: 'created', id, engine: key, userId: nk.userId, timeZone: nk.timeZone, storage: nk.storage }),
      (error: unknown) => {
        entry.ports.delete(port);
        port.postMessage({ kind: 'error', id, ...details(error) });
      },
    );
  };

  const release = (port: Port, engine: number) => {
    const entry = hosted.get(engine);
    if (entry === undefined) return;
    const count = (entry.ports.get(port) ?? 1) - 1;
    if (count > 0) entry.ports.set(port, count);
    else entry.ports.delete(port);
    if (entry.ports.size > 0) return;
    hosted.delete(engine);
    for (const [user, key] of byUser) if (key === engine) byUser.delete(user);
    void entry.nk.then((nk) => nk.destroy(), () => undefined);
  };

  const serve = (port: Port) => {
    port.addEventListener('message', ({ data }) => {
      const message = data;
      if (typeof message !== 'object' || message === null) return;
      if (message.kind === 'create') return create(port, message.id, message.options ?? {});
      if (message.kind === 'release') {
        release(port, message.engine);
        return port.postMessage({ kind: 'result', id: message.id, value: undefined });
      }
      if (message.kind !== 'call') return;
      const entry = hosted.get(message.engine);
      if (entry === undefined || !ALLOWED.has(message.method)) {
        return port.postMessage({ kind: 'error', id: message.id, ...details(new NudgeKitError({
          code: entry === undefined ? 'engine.destroyed' : 'engine.invalid_argument', pointer: '',
          message: entry === undefined ? 'this NudgeKit was destroyed' : `no method "${String(message.method)}"`,
        })) });
      }
      entry.nk
        .then(async (nk) => {
          const method = (nk as unknown as Record<string, (...args: unknown[]) => unknown>)[message.method]!;
          return method.apply(nk, Array.isArray(message.args) ? message.args : []);
        })
        .then(
          (value) => port.postMessage({ kind: 'result', id: message.id, value }),
          (error: unknown) => port.postMessage({ kind: 'error', id: message.id, ...details(error) }),
        );
    });
    port.start?.();
  };

  const global = scope as { addEventListener?: (type: string, fn: (event: MessageEvent) => void) => void; onconnect?: unknown };
  if ('onconnect' in (global as object)) {
    global.addEventListener?.('connect', (event) => serve(event.ports[0] as unknown as Port));
  } else {
    serve(global as unknown as Port);
  }
}
