/**
 * Progress events passed to `onProgress` callbacks. A typed union: switch on `type`.
 */

/** A model file is being downloaded from the hub (only when remote loading is allowed). */
export interface DownloadProgress {
  type: 'download';
  /** Model id. */
  model: string;
  /** File within the model repository, e.g. `onnx/encoder_model.onnx`. */
  file: string;
  /** Bytes received so far. */
  loaded: number;
  /** Total bytes, when the server said. */
  total?: number;
  /** Bytes of the whole model fetched so far by this download (every file of it). */
  modelLoaded?: number;
  /** Bytes of the whole model this download fetches. */
  modelTotal?: number;
  /** True on the model's last download event (every file is in). */
  done?: boolean;
}

/** The model is being opened (`status: 'start'`) or is ready (`'ready'`). */
export interface LoadProgress {
  type: 'load';
  model: string;
  status: 'start' | 'ready';
  /** Milliseconds the load took (on `ready`). */
  ms?: number;
}

/** A batch of sentences went through the model. */
export interface BatchProgress {
  type: 'batch';
  /** Batches done so far. */
  done: number;
  /** Batches planned so far in this call (long inputs are planned in windows of sentences, so it can grow). */
  total: number;
  /** Sentences (or pieces) in this batch. */
  size: number;
}

/** Sentences translated so far (in any order). */
export interface SentenceProgress {
  type: 'sentence';
  done: number;
  total: number;
}

/** Summary chunks done so far (map-reduce over long input). */
export interface SummaryProgress {
  type: 'summary';
  done: number;
  total: number;
}

/** The call finished. */
export interface DoneProgress {
  type: 'done';
  /** Milliseconds from the call to the end. */
  ms: number;
}

/** Any progress event. */
export type ProgressEvent =
  | DownloadProgress
  | LoadProgress
  | BatchProgress
  | SentenceProgress
  | SummaryProgress
  | DoneProgress;

/** Callback receiving {@link ProgressEvent}s. Exceptions it throws are ignored. */
export type ProgressCallback = (event: ProgressEvent) => void;

/** Calls `callback` with `event`, never letting a listener's exception break the work. */
export function emit(callback: ProgressCallback | undefined, event: ProgressEvent): void {
  if (!callback) return;
  try {
    callback(event);
  } catch {
    // a listener's bug must not fail a translation
  }
}
