/**
 * The one protocol between a calling thread and a worker (Node worker threads and Web Workers):
 * every request carries an `id`, the worker answers it once with a `result` or an `error` (a
 * {@link SerializedError}, rebuilt on arrival with its class and cause chain), and may send
 * progress messages with the same `id` before. {@link createPendingRequests} does the calling
 * side's bookkeeping: ids, routing of answers, abort, and failing everything when the worker ends.
 */
import { AbortError, deserializeError, type SerializedError } from '../errors.js';

/** A request: its kind (`type`) and payload fields, plus the id its answer will carry. */
export type ThreadRequest<T extends { type: string }> = T & { id: number };

/** The final answer to request `id`. */
export type ThreadReply = { type: 'result'; id: number; value: unknown } | { type: 'error'; id: number; error: SerializedError };

/** Options of {@link createPendingRequests}. */
export interface PendingRequestsOptions {
  /**
   * Called when a request's signal aborts: tell the worker to stop (post a cancel message, set a
   * shared flag). The request rejects with an `AbortError` at once unless `awaitAbortedReply` is set.
   */
  cancel?: (id: number, reason: unknown) => void;
  /**
   * Keep an aborted request pending until the worker answers it (the worker stops within a step
   * and replies with its `AbortError`): the caller then knows the worker is free again.
   * @default false
   */
  awaitAbortedReply?: boolean;
  /**
   * Adjusts an error a worker sent, once rebuilt by `deserializeError` (e.g. wraps foreign errors
   * in the caller's own class). Gets the request's signal. @default the rebuilt error as is
   */
  revive?: (error: Error, signal: AbortSignal | undefined) => unknown;
  /** Called when the first request opens (`true`) and when the last one settles (`false`). */
  onBusy?: (busy: boolean) => void;
}

/** Open requests to one worker. `E` is what the caller keeps with each (progress callbacks...). */
export interface PendingRequests<E> {
  /** Allocates an id, calls `send(id)` and returns the promise of the answer. */
  open<T>(send: (id: number) => void, options?: { signal?: AbortSignal | undefined; extra?: E }): Promise<T>;
  /** The extra record of the open request `id`, if it is still open. */
  extra(id: number): E | undefined;
  /** The extra records of every open request. */
  extras(): E[];
  /** The signal of the open request `id`, if any. */
  signal(id: number): AbortSignal | undefined;
  /** Settles the request a reply answers; returns false when no such request is open. */
  settle(reply: ThreadReply): boolean;
  /** Rejects every open request with `error` (the worker exited, failed or was terminated). */
  rejectAll(error: unknown): void;
  /** Open requests. */
  readonly size: number;
}

interface Entry<E> {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  signal: AbortSignal | undefined;
  extra: E | undefined;
}

/** The calling side's request bookkeeping for one worker. */
export function createPendingRequests<E = undefined>(options: PendingRequestsOptions = {}): PendingRequests<E> {
  const entries = new Map<number, Entry<E>>();
  let nextId = 1;
  const remove = (id: number): Entry<E> | undefined => {
    const entry = entries.get(id);
    if (!entry) return undefined;
    entries.delete(id);
    if (entries.size === 0) options.onBusy?.(false);
    return entry;
  };
  return {
    open<T>(send: (id: number) => void, o: { signal?: AbortSignal | undefined; extra?: E } = {}): Promise<T> {
      const { signal } = o;
      if (signal?.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          options.cancel?.(id, signal?.reason);
          if (!options.awaitAbortedReply) remove(id)?.reject(new AbortError(undefined, { cause: signal?.reason }));
        };
        const detach = () => signal?.removeEventListener('abort', onAbort);
        signal?.addEventListener('abort', onAbort, { once: true });
        if (entries.size === 0) options.onBusy?.(true);
        entries.set(id, {
          resolve: (v) => (detach(), resolve(v as T)),
          reject: (e) => (detach(), reject(e)),
          signal,
          extra: o.extra,
        });
        try {
          send(id);
        } catch (error) {
          remove(id)?.reject(error);
        }
      });
    },
    extra: (id) => entries.get(id)?.extra,
    extras: () => [...entries.values()].flatMap((entry) => (entry.extra === undefined ? [] : [entry.extra])),
    signal: (id) => entries.get(id)?.signal,
    settle(reply) {
      const entry = remove(reply.id);
      if (!entry) return false;
      if (reply.type === 'result') entry.resolve(reply.value);
      else {
        const error = deserializeError(reply.error);
        entry.reject(options.revive ? options.revive(error, entry.signal) : error);
      }
      return true;
    },
    rejectAll(error) {
      const all = [...entries.values()];
      entries.clear();
      if (all.length > 0) options.onBusy?.(false);
      for (const entry of all) entry.reject(error);
    },
    get size() {
      return entries.size;
    },
  };
}
