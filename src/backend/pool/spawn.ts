/**
 * Starting the pool's worker thread. Built, the worker is `dist/pool-worker.js` beside the
 * bundle; from the TypeScript sources (tests, `tsx`), it is `worker.ts`.
 */
import { spawnThread, type ThreadHandle } from '../../platform/index.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

/** The calling side's handle on a pool worker thread. */
export type WorkerHandle = ThreadHandle<ToWorker, FromWorker>;

/** Starts a worker thread running the pool's worker entry with `setup` as its start-up data. */
export function spawnWorker(setup: WorkerSetup): WorkerHandle {
  const here = import.meta.url;
  return spawnThread(new URL(/\.ts$/.test(here) ? './worker.ts' : './pool-worker.js', here), setup);
}
