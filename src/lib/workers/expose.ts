/**
 * What every worker file shares: exposing its API only inside a real worker (Node tests and
 * bench threads import `api` and expose it on an endpoint of their own), and the care a
 * Comlink proxy callback needs.
 */
import { expose, releaseProxy } from 'comlink';

/** Message that hands a worker a port to serve its API on (see ForestWorkerHandle.connect). */
export const CONNECT_MESSAGE = 'exoforest:forest-connect';

/** True inside a dedicated worker (not in Node, not on the page). */
function inWorker(): boolean {
  const scope = globalThis as unknown as { WorkerGlobalScope?: abstract new () => unknown };
  return (
    typeof scope.WorkerGlobalScope === 'function' && globalThis instanceof scope.WorkerGlobalScope
  );
}

/**
 * Exposes `api` on the worker's own endpoint, and on every port that arrives in a
 * `{ type: connectMessage, port }` message (another thread calling this worker directly).
 */
export function exposeInWorker(api: object, connectMessage?: string): void {
  if (!inWorker()) return;
  expose(api);
  if (connectMessage === undefined) return;
  // Comlink's own listener ignores this message.
  globalThis.addEventListener('message', (e: MessageEvent) => {
    const data = e.data as { type?: unknown; port?: MessagePort } | null;
    if (data?.type === connectMessage && data.port) expose(api, data.port);
  });
}

/** A Comlink proxy callback keeps its port open until released. */
export function release(fn: unknown): void {
  const r = (fn as Record<symbol, unknown> | undefined)?.[releaseProxy];
  if (typeof r === 'function') r.call(fn);
}

/** Fire-and-forget: a caller that went away must not fail the job. */
export function sink<A extends unknown[]>(
  fn?: (...args: A) => unknown
): ((...args: A) => void) | undefined {
  if (!fn) return undefined;
  return (...args: A) => {
    try {
      const sent = fn(...args);
      if (sent instanceof Promise) sent.catch(() => {});
    } catch {
      // released callback: ignore
    }
  };
}
