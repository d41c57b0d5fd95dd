/**
 * Memoises an async function of no arguments: the first call starts it, later calls share its
 * promise, and a failure forgets it so that the next call tries again.
 */
export function memoizePromise<T>(fn: () => Promise<T>): { (): Promise<T>; clear(): void } {
  let pending: Promise<T> | undefined;
  const get = () =>
    (pending ??= fn().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
  return Object.assign(get, { clear: () => void (pending = undefined) });
}
