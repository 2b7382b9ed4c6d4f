// The moments a page may be frozen or discarded without another event: the engine's last chance to
// write what changed. pagehide means leaving, whatever the visibility says then; visibilitychange
// counts only when the page becomes hidden.

/** The global as the lifecycle code needs it (absent members: Node, SSR, workers). */
export interface PageTarget {
  addEventListener?: (type: string, fn: (event?: unknown) => void) => void;
  removeEventListener?: (type: string, fn: (event?: unknown) => void) => void;
  document?: { visibilityState?: string };
}

export const pageTarget = globalThis as unknown as PageTarget;

/** Calls `fn` whenever the page is left or hidden; returns a function that stops. No-op without events. */
export function onPageLeave(fn: () => void): () => void {
  const target = pageTarget;
  if (typeof target.addEventListener !== 'function') return () => {};
  const hide = () => {
    if (target.document?.visibilityState === 'hidden') fn();
  };
  target.addEventListener('pagehide', fn);
  target.addEventListener('visibilitychange', hide);
  return () => {
    target.removeEventListener?.('pagehide', fn);
    target.removeEventListener?.('visibilitychange', hide);
  };
}
