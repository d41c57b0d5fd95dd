/** A memoised async function of no arguments (see {@link memoizePromise}). */
export interface MemoizedPromise<T> {
  /** Starts the function on the first call; later calls share its promise. */
  (): Promise<T>;
  /** Forgets the promise: the next call starts the function again. */
  clear(): void;
  /** True once a call has started, until it fails or is cleared (also after it succeeded). */
  started(): boolean;
}

/**
 * Memoises an async function of no arguments: the first call starts it, later calls share its
 * promise, and a failure forgets it so that the next call tries again.
 */
export function memoizePromise<T>(fn: () => Promise<T>): MemoizedPromise<T> {
  let pending: Promise<T> | undefined;
  const get = () => {
    const run = (pending ??= fn().catch((error: unknown) => {
      if (pending === run) pending = undefined;
      throw error;
    }));
    return run;
  };
  return Object.assign(get, { clear: () => void (pending = undefined), started: () => pending !== undefined });
}
