/**
 * A backend that decodes several batches at once, one per core: "lanes", each with its own
 * ONNX Runtime session. The calling thread is the first lane (nothing to start: a one-sentence
 * call costs what it costs without a pool); worker threads are the others, started only when a
 * call finds every ready lane busy, and replaced the same way when one dies. Each call goes to
 * the first free lane; the pipeline keeps document order (it already reassembles batches).
 */
import { AbortError, BackendError, DisposedError, Fr2enError, InputError, throwIfAborted } from '../../errors.js';
import type { BackendGenerateOptions, BackendGenerateResult, BackendModelInfo, BackendV1 } from '../spec.js';
import { createTransformersBackend } from '../transformers/backend.js';
import { memoizePromise } from '../../util/memoize.js';
import { createPendingRequests } from '../../util/thread-protocol.js';
import type { FromWorker, ToWorker, WorkerBackendSettings, WorkerSetup } from './protocol.js';
import { checkWorkers } from './sizing.js';
import { spawnWorker, type WorkerHandle } from './spawn.js';

/** Settings of {@link createPooledBackend}. */
export interface PooledBackendSettings {
  /** Settings of the backend every lane runs (`threads` is per lane). */
  settings: WorkerBackendSettings;
  /** Lanes: batches decoded at the same time, each with its own ONNX Runtime session (at least 1). */
  workers: number;
  /**
   * Whether the calling thread is one of the lanes. It needs no start-up, so the first batch
   * decodes at once; `false` runs every batch in worker threads (the calling thread stays free).
   * @default true
   */
  inProcess?: boolean;
  /**
   * Start the worker threads when the model loads, instead of when a call first finds every
   * lane busy. Faster first long document, but a one-sentence call then pays for the pool.
   * @default false
   */
  prestart?: boolean;
  /** The calling thread's backend. @default createTransformersBackend(settings) */
  createLocal?: () => BackendV1;
  /**
   * URL of a module exporting `createBackend(settings)`, run by the worker threads instead of
   * transformers.js (a custom backend; tests). @default the transformers.js backend
   */
  workerModule?: string;
}

/** The pooled backend: a {@link BackendV1} that also tells how many lanes it runs. */
export interface PooledBackend extends BackendV1 {
  /** Lanes now (the calling thread's included) and worker threads started since creation. */
  stats(): { lanes: number; threadsStarted: number };
}

type Task = {
  options: BackendGenerateOptions;
  resolve: (result: BackendGenerateResult) => void;
  reject: (error: unknown) => void;
  /** Removes the queued task's abort listener. */
  detach: () => void;
};

interface Lane {
  /** Resolves when the lane's model is loaded (memoised; a failure clears it for a retry). */
  load(): Promise<BackendModelInfo>;
  ready: boolean;
  busy: boolean;
  generate(options: BackendGenerateOptions): Promise<BackendGenerateResult>;
  count(texts: readonly string[]): Promise<number[]>;
  dispose(): Promise<void>;
}

/** How long a worker thread may take to end itself on dispose before it is terminated. */
const DISPOSE_TIMEOUT_MS = 60_000;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * An error a worker thread sent, as the pool reports it: fr2en's errors as they are (an abort
 * keeps the caller's reason as its cause), anything else wrapped in a {@link BackendError}.
 */
function reviveWorkerError(error: Error, signal: AbortSignal | undefined): Fr2enError {
  if (!Fr2enError.isInstance(error)) return new BackendError(`A translation worker failed: ${error.message}`, { cause: error });
  if (error.code === 'ABORTED' && signal?.aborted) return new AbortError(undefined, { cause: signal.reason });
  return error;
}

/** The calling thread's lane: the backend itself. */
function localLane(backend: BackendV1): Lane {
  return {
    ready: false,
    busy: false,
    load: () => backend.doLoad({}),
    generate: (options) => backend.doGenerate(options),
    count: (texts) => backend.doCountTokens(texts),
    dispose: () => backend.doDispose(),
  };
}

/** A worker thread's lane. `onGone` is called when the thread dies on its own (not on dispose). */
function workerLane(setup: WorkerSetup, onGone: (lane: Lane) => void): Lane {
  const handle: WorkerHandle = spawnWorker(setup);
  /** A generate call's shared abort flag and step callback. */
  type Call = { flag: Int32Array; onStep: BackendGenerateOptions['onStep'] };
  const abortCall = (call: Call | undefined) => call && Atomics.store(call.flag, 0, 1);
  const pending = createPendingRequests<Call>({
    // the thread reads the flag after every step and replies with its AbortError
    cancel: (id) => abortCall(pending.extra(id)),
    awaitAbortedReply: true,
    revive: reviveWorkerError,
    onBusy: (busy) => handle.keepAlive(busy),
  });
  let ending = false;

  handle.onMessage((message: FromWorker) => {
    if (message.type === 'step') {
      // steps reported after an abort belong to a call that is already rejecting
      if (!pending.signal(message.id)?.aborted) pending.extra(message.id)?.onStep?.({ step: message.step, activeRows: message.activeRows });
      return;
    }
    pending.settle(message);
  });
  let exited!: () => void;
  const exit = new Promise<void>((resolve) => (exited = resolve));
  handle.onExit((code, error) => {
    exited();
    if (ending) return;
    ending = true;
    pending.rejectAll(
      new BackendError(
        `A translation worker thread stopped unexpectedly (exit code ${code}${error ? `: ${error.message}` : ''}); it will be replaced.`,
        error ? { cause: error } : undefined,
      ),
    );
    onGone(lane);
  });

  function call<T>(message: DistributiveOmit<ToWorker, 'id'>, options: { signal?: AbortSignal | undefined; extra?: Call } = {}): Promise<T> {
    if (ending) return Promise.reject(new BackendError('This translation worker thread has stopped.'));
    return pending.open<T>((id) => handle.send({ ...message, id } as ToWorker), options);
  }

  const lane: Lane = {
    ready: false,
    busy: false,
    load: memoizePromise(() => call<BackendModelInfo>({ type: 'load' })),
    count: (texts) => call<number[]>({ type: 'count', texts }),
    generate(options) {
      const { signal, onStep, ...rest } = options;
      const abort = new SharedArrayBuffer(4);
      return call<BackendGenerateResult>(
        { type: 'generate', options: rest, steps: onStep !== undefined, abort },
        { signal, extra: { flag: new Int32Array(abort), onStep } },
      );
    },
    async dispose() {
      if (ending) return exit;
      ending = true;
      for (const running of pending.extras()) abortCall(running); // the running call stops within a step
      pending.rejectAll(new DisposedError('backend'));
      // the thread frees its model and ends itself once its current step or load is over;
      // terminating it from outside during an ONNX Runtime call would abort the process
      handle.keepAlive(true);
      handle.send({ type: 'dispose', id: 0 });
      const timer = setTimeout(() => void handle.terminate(), DISPOSE_TIMEOUT_MS);
      await exit;
      clearTimeout(timer);
    },
  };
  return lane;
}

/**
 * Creates a backend that spreads generate calls over `workers` lanes (the calling thread and
 * worker threads, each with its own model session). Give the pipeline a batch concurrency equal
 * to `workers` so that it keeps every lane busy.
 *
 * @example
 * const backend = createPooledBackend({ settings: { model: 'Xenova/opus-mt-fr-en', threads: 1 }, workers: 2 });
 * const translator = createTranslator({ backend, concurrency: 2 });
 */
export function createPooledBackend(options: PooledBackendSettings): PooledBackend {
  const { settings } = options;
  const workers = checkWorkers(options.workers, false);
  if ('transformers' in settings && settings.transformers !== undefined) {
    throw new InputError('The transformers.js module cannot be injected into worker threads: leave `transformers` out.', { option: 'transformers' });
  }
  const inProcess = options.inProcess ?? true;
  const setup: WorkerSetup = { settings, ...(options.workerModule ? { module: options.workerModule } : {}) };
  const local = inProcess ? (options.createLocal ?? (() => createTransformersBackend(settings)))() : undefined;
  const pool = new LanePool(setup, workers, local, options.prestart ?? false);
  return {
    specificationVersion: 'v1',
    provider: local?.provider ?? 'transformers.js',
    modelId: settings.model,
    async doLoad({ signal, onProgress }) {
      pool.assertLive();
      // the calling thread's backend loads with progress events; worker threads load quietly
      if (local) await local.doLoad({ ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
      return (await pool.firstLane(signal)).info;
    },
    async doCountTokens(texts) {
      // counting runs where the first lane is: in the calling thread when it is a lane
      return (await pool.firstLane()).lane.count(texts);
    },
    async doGenerate(generateOptions) {
      const { lane } = await pool.firstLane(generateOptions.signal);
      if (generateOptions.inputs.length === 0) return lane.generate(generateOptions);
      return pool.enqueue(generateOptions);
    },
    stats: () => pool.stats(),
    doDispose: () => pool.dispose(),
  };
}

/**
 * The pool's lanes and its queue of calls: a call goes to the first ready, free lane; a worker
 * thread is started when calls wait and no idle lane is left or coming (up to `workers` lanes),
 * and a lane that dies is replaced the same way.
 */
class LanePool {
  private readonly lanes: Lane[];
  private readonly queue: Task[] = [];
  private disposed = false;
  /** Set when a worker thread could not load its model: no more are started. */
  private spawnFailure: unknown;
  private threadsStarted = 0;

  constructor(
    private readonly setup: WorkerSetup,
    private readonly workers: number,
    private readonly local: BackendV1 | undefined,
    private readonly prestart: boolean,
  ) {
    this.lanes = local ? [localLane(local)] : [];
  }

  assertLive(): void {
    if (this.disposed) throw new DisposedError('backend');
  }

  stats(): { lanes: number; threadsStarted: number } {
    return { lanes: this.lanes.length, threadsStarted: this.threadsStarted };
  }

  /** The first lane's model, loaded (the worker-only pool starts its first thread here). */
  async firstLane(signal?: AbortSignal): Promise<{ lane: Lane; info: BackendModelInfo }> {
    this.assertLive();
    throwIfAborted(signal);
    const lane = this.lanes[0] ?? this.startWorker();
    const info = await lane.load();
    lane.ready = true;
    if (this.prestart) while (this.lanes.length < this.workers && this.spawnFailure === undefined) this.startWorker();
    this.assertLive();
    return { lane, info };
  }

  /** Queues a call for the first free lane; an abort while it waits takes it out of the queue. */
  enqueue(options: BackendGenerateOptions): Promise<BackendGenerateResult> {
    const { signal } = options;
    return new Promise<BackendGenerateResult>((resolve, reject) => {
      const onAbort = () => {
        const at = this.queue.indexOf(task);
        if (at >= 0) this.queue.splice(at, 1);
        reject(new AbortError(undefined, { cause: signal?.reason }));
      };
      const task: Task = { options, resolve, reject, detach: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(task);
      this.grow();
      this.pump();
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const task of this.queue.splice(0)) {
      task.detach();
      task.reject(new DisposedError('backend'));
    }
    await Promise.all(this.lanes.splice(0).map((lane) => lane.dispose().catch(() => undefined)));
  }

  private removeLane(lane: Lane): void {
    const at = this.lanes.indexOf(lane);
    if (at >= 0) this.lanes.splice(at, 1);
  }

  /** Starts a worker thread's lane; it joins the pool once its model is loaded. */
  private startWorker(): Lane {
    const lane = workerLane(this.setup, (gone) => {
      this.removeLane(gone);
      if (!this.disposed) {
        this.grow();
        this.pump();
      }
    });
    this.lanes.push(lane);
    this.threadsStarted++;
    lane.load().then(
      () => {
        lane.ready = true;
        this.pump();
      },
      (error: unknown) => this.laneFailed(lane, error),
    );
    return lane;
  }

  /** A lane that cannot load is dropped; with no lane left, the queued calls fail with its error. */
  private laneFailed(lane: Lane, error: unknown): void {
    if (this.disposed || !this.lanes.includes(lane)) return;
    if (this.local || this.lanes.length > 1) {
      this.spawnFailure = error;
      this.removeLane(lane);
      void lane.dispose();
      if (this.lanes.length === 0) for (const task of this.queue.splice(0)) task.reject(error);
      this.pump();
    }
  }

  /** Starts a worker thread when calls wait and no idle lane is left or coming. */
  private grow(): void {
    if (this.disposed || this.spawnFailure !== undefined) return;
    const idle = this.lanes.filter((l) => !l.busy).length;
    if (this.queue.length > idle && this.lanes.length < this.workers) this.startWorker();
  }

  /** Hands queued calls to the ready, free lanes. */
  private pump(): void {
    while (this.queue.length > 0) {
      const lane = this.lanes.find((l) => l.ready && !l.busy);
      if (!lane) return;
      const task = this.queue.shift()!;
      task.detach();
      lane.busy = true;
      lane.generate(task.options).then(task.resolve, task.reject).finally(() => {
        lane.busy = false;
        if (!this.disposed) this.pump();
      });
    }
  }
}
