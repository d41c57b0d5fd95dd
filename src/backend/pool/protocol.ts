/**
 * The messages between the pool (calling thread) and a worker thread, and how errors cross the
 * boundary: a structured clone drops an error's class, so a worker sends the fr2en `code` and
 * fields, and the pool rebuilds the same class (`Fr2enError.isInstance` and `.code` hold).
 */
import { AbortError, BackendError, DisposedError, Fr2enError, InputError, ModelLoadError } from '../../errors.js';
import type { BackendGenerateOptions, BackendGenerateResult, BackendModelInfo } from '../spec.js';
import type { TransformersBackendSettings } from '../transformers/settings.js';

/** What a worker is started with (`workerData`): everything must survive a structured clone. */
export interface WorkerSetup {
  /** Settings of the backend the worker runs (the transformers.js one unless `module` is given). */
  settings: WorkerBackendSettings;
  /**
   * URL of a module exporting `createBackend(settings)`: the worker runs that backend instead of
   * transformers.js (custom backends, tests).
   */
  module?: string;
}

/** The transformers.js settings a worker can receive (the module injection cannot cross threads). */
export type WorkerBackendSettings = Omit<TransformersBackendSettings, 'transformers'> & Record<string, unknown>;

/** The generate options a worker receives: the signal and the step callback stay in the calling thread. */
export type WorkerGenerateOptions = Omit<BackendGenerateOptions, 'signal' | 'onStep'>;

/** Calling thread → worker. */
export type ToWorker =
  | { type: 'load'; id: number }
  | { type: 'count'; id: number; texts: readonly string[] }
  | {
      type: 'generate';
      id: number;
      options: WorkerGenerateOptions;
      /** Post a `step` message after every decoding step. */
      steps: boolean;
      /** An `Int32Array` view's buffer: element 0 becomes 1 when the call is aborted. */
      abort: SharedArrayBuffer;
    }
  /** Free the model once the current call has ended, then end the thread. */
  | { type: 'dispose'; id: number };

/** Worker → calling thread. */
export type FromWorker =
  | { type: 'result'; id: number; value: BackendModelInfo | number[] | BackendGenerateResult }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'step'; id: number; step: number; activeRows: number };

/** An error as it crosses the thread boundary. */
export interface SerializedError {
  /** fr2en's code, absent for a foreign error. */
  code?: string;
  name: string;
  message: string;
  stack?: string;
  option?: string;
  model?: string;
  searched?: string[];
  file?: string;
}

/** Turns any thrown value into a {@link SerializedError}. */
export function serializeError(error: unknown): SerializedError {
  const e = error instanceof Error ? error : new Error(String(error));
  const out: SerializedError = { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  if (Fr2enError.isInstance(error)) {
    out.code = error.code;
    const fields = error as unknown as Record<string, unknown>;
    if (typeof fields.option === 'string') out.option = fields.option;
    if (typeof fields.model === 'string') out.model = fields.model;
    if (Array.isArray(fields.searched)) out.searched = fields.searched as string[];
    if (typeof fields.file === 'string') out.file = fields.file;
  }
  return out;
}

/**
 * Rebuilds an error sent by a worker: fr2en's errors as their own class (same code, message and
 * fields; the worker's stack kept as `cause`), anything else as a {@link BackendError}.
 */
export function reviveError(e: SerializedError, signal?: AbortSignal): Fr2enError {
  const cause = Object.assign(new Error(e.message), { name: e.name, stack: e.stack });
  switch (e.code) {
    case 'INPUT':
      return new InputError(e.message, { ...(e.option ? { option: e.option } : {}), cause });
    case 'MODEL_LOAD':
      return new ModelLoadError(e.message, { model: e.model ?? '', searched: e.searched ?? [], ...(e.file ? { file: e.file } : {}), cause });
    case 'ABORTED':
      return new AbortError(undefined, { cause: signal?.reason ?? cause });
    case 'DISPOSED':
      return new DisposedError('backend');
    case 'BACKEND':
      return new BackendError(e.message, { cause });
    default:
      return new BackendError(`A translation worker failed: ${e.message}`, { cause });
  }
}
