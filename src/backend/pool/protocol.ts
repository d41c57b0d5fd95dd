/**
 * The messages between the pool (calling thread) and a worker thread, on fr2en's one thread
 * protocol (util/thread-protocol.ts): requests with an id, one `result` or `error` reply each
 * (errors serialised by errors.ts, cause chain included), `step` messages in between.
 */
import type { ThreadReply, ThreadRequest } from '../../util/thread-protocol.js';
import type { BackendGenerateOptions } from '../spec.js';
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
export type ToWorker = ThreadRequest<
  | { type: 'load' }
  | { type: 'count'; texts: readonly string[] }
  | {
      type: 'generate';
      options: WorkerGenerateOptions;
      /** Post a `step` message after every decoding step. */
      steps: boolean;
      /** An `Int32Array` view's buffer: element 0 becomes 1 when the call is aborted. */
      abort: SharedArrayBuffer;
    }
  /** Free the model once the current call has ended, then end the thread. */
  | { type: 'dispose' }
>;

/** Worker → calling thread: the reply to a request (a model info, token counts or a generate result), or a decoding step. */
export type FromWorker = ThreadReply | { type: 'step'; id: number; step: number; activeRows: number };
