/**
 * Threads on Node (`node:worker_threads`), for the worker pool (src/backend/pool/): starting a
 * thread from the calling side, and the thread's own end of the channel.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';

/** The calling side's handle on a thread. */
export interface ThreadHandle<In, Out> {
  send(message: In): void;
  onMessage(listener: (message: Out) => void): void;
  /** Called once when the thread ends, with its exit code and the uncaught error if there was one. */
  onExit(listener: (code: number, error: Error | undefined) => void): void;
  /** Whether the thread keeps the process alive (starts off). */
  keepAlive(on: boolean): void;
  /** Ends the thread from outside, at once. */
  terminate(): Promise<void>;
}

/**
 * Starts a thread running the module at `entry` with `data` as its start-up data. A `.ts`
 * entry (the sources, under tests or `tsx`) is loaded through tsx's loader.
 */
export function spawnThread<In, Out>(entry: URL, data: unknown): ThreadHandle<In, Out> {
  const worker = /\.ts$/.test(entry.pathname)
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`, {
        eval: true,
        workerData: data,
      })
    : new Worker(entry, { workerData: data });
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

/** Inside a thread: its start-up data and its end of the channel. */
export function threadSide<In, Out>(): { data: unknown; send(message: Out): void; onMessage(listener: (message: In) => void): void; exit(code: number): never } {
  const port = parentPort;
  if (!port) throw new Error('threadSide() runs only inside a worker thread.');
  return {
    data: workerData,
    send: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', listener),
    exit: (code) => process.exit(code),
  };
}
