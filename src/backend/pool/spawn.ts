/**
 * Starting a worker thread: the one file of the pool that imports `node:worker_threads`.
 * Built, the worker is `dist/pool-worker.js` beside the bundle; from the TypeScript sources
 * (tests, `tsx`), it is `worker.ts`, loaded through tsx's loader.
 */
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

/** The part of a worker thread the pool uses. */
export interface WorkerHandle {
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Called once when the thread ends, with its exit code and the uncaught error if there was one. */
  onExit(listener: (code: number, error: Error | undefined) => void): void;
  /** Whether the thread keeps the process alive (on while it works, off when idle). */
  keepAlive(on: boolean): void;
  terminate(): Promise<void>;
}

/** Starts a worker thread running the pool's worker entry with `setup` as its `workerData`. */
export function spawnWorker(setup: WorkerSetup): WorkerHandle {
  const here = import.meta.url;
  const fromSource = /\.ts$/.test(here);
  const entry = new URL(fromSource ? './worker.ts' : './pool-worker.js', here);
  const worker = fromSource
    ? new Worker(
        `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`,
        { eval: true, workerData: setup },
      )
    : new Worker(entry, { workerData: setup });
  let lastError: Error | undefined;
  worker.on('error', (error) => {
    lastError = error;
  });
  worker.unref();
  return {
    send: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    onExit: (listener) => worker.once('exit', (code) => listener(code, lastError)),
    keepAlive: (on) => (on ? worker.ref() : worker.unref()),
    terminate: async () => {
      await worker.terminate();
    },
  };
}
