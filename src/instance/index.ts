/**
 * The instance core shared by the translator and the summarizer: the backend built from the
 * model options, the limiter of model calls, the disposed flag, the load (memoised, retried
 * after a failure) and dispose. Task files (pipeline/, summarize/) add only their own work.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { backendFromOptions, normalizeModelOptions, type ResolvedModelOptions } from './options.js';
import type { Backend, BackendModelInfo } from '../backend/spec.js';
import { AbortError, DisposedError, throwIfAborted } from '../errors.js';
import type { ProgressCallback } from '../progress.js';
import { memoizePromise } from '../util/memoize.js';

export { MODEL_OPTIONS, POOL_OPTIONS, WEB_RUNTIME_OPTIONS, normalizeModelOptions, type ModelOptions, type PoolOptions, type ResolvedModelOptions } from './options.js';

/** Options of one `load()` call. */
export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}

/** What a translator or summarizer is built on. */
export interface InstanceCore {
  readonly backend: Backend;
  /** The model id or folder to report. */
  readonly modelName: string;
  /** Queues model calls: at most the instance's limit run at once. */
  readonly lock: LimitFunction;
  /** Throws `DisposedError` once the instance is disposed. */
  assertLive(): void;
  /**
   * Loads the model once for every caller (a failed load is retried by the next call). The load
   * is shared, so a caller's `signal` rejects that caller's wait only; `onProgress` of the call
   * that starts the load receives its events.
   */
  load(options?: LoadOptions): Promise<BackendModelInfo>;
  /** Marks the instance disposed and frees the backend. */
  dispose(): Promise<void>;
}

/** What kind of instance a core is for. */
export interface InstanceSetup {
  kind: 'translator' | 'summarizer';
  task: 'translation' | 'summarization';
  defaultModel: string;
  /** Model calls run at the same time by this instance; when undefined, the lanes of the backend (`pool: true`: the worker pool's size, else 1). */
  inFlight: number | undefined;
  /** Whether a transformers.js backend may be a worker pool (`workers`, `maxMemoryMb`). */
  pool?: boolean;
}

/**
 * Builds the core of an instance from the checked options record `o`, whose model options are
 * normalised here (see {@link normalizeModelOptions}).
 */
export function createInstanceCore(o: Record<string, unknown>, setup: InstanceSetup): InstanceCore {
  return instanceCoreFrom(normalizeModelOptions(o, setup.task, setup.defaultModel, { pool: setup.pool ?? false }), setup);
}

/** Builds the core of an instance from model options already normalised. */
export function instanceCoreFrom(resolved: ResolvedModelOptions, setup: Pick<InstanceSetup, 'kind' | 'inFlight'>): InstanceCore {
  const { backend, modelName, lanes } = backendFromOptions(resolved);
  let disposed = false;
  let onProgress: ProgressCallback | undefined;
  const loadOnce = memoizePromise(() => backend.doLoad(onProgress ? { onProgress } : {}));
  const assertLive = () => {
    if (disposed) throw new DisposedError(setup.kind);
  };
  return {
    backend,
    modelName,
    lock: pLimit(setup.inFlight ?? lanes), // one batch per lane
    assertLive,
    async load(options = {}) {
      assertLive();
      throwIfAborted(options.signal);
      onProgress = options.onProgress;
      const info = await untilAborted(loadOnce(), options.signal);
      onProgress = undefined;
      assertLive();
      return info;
    },
    async dispose() {
      disposed = true;
      loadOnce.clear();
      await backend.doDispose();
    },
  };
}

/** Resolves as `promise` does, or rejects with `AbortError` as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError(undefined, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A lazily created module-level default instance (the shared `translate()` / `summarize()`). */
export function sharedInstance<T>(create: () => T): () => T {
  let instance: T | undefined;
  return () => (instance ??= create());
}
