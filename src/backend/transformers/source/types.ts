/**
 * Where a model's files come from, as one strategy per platform: Node reads folders and fr2en's
 * model store (downloading into it), a browser fetches by URL. The model families load through
 * it and never ask which platform they run on.
 */
import type { ModelFamilyName } from '../../../models/family.js';
import type { ResolvedModel } from '../../../models/resolve.js';
import type { ProgressCallback } from '../../../progress.js';
import type { TransformersModule } from '../load.js';
import type { TransformersBackendSettings } from '../settings.js';

/**
 * A model folder's files already in memory, by full path (`<dir>/<name>`): what a browser fetched
 * from the model's URL, since it has no file system. Absent: the platform's files.
 */
export type ModelFiles = ReadonlyMap<string, Uint8Array>;

/** A resolved model, ready to open. */
export interface LocatedModel extends ResolvedModel {
  /** What transformers.js's `from_pretrained` is given: the folder (Node) or the model id (browser, resolved against its URL). */
  target: string;
  /** The model's folder on disk, when it has one (Marian's own tokenizer files, the vocabulary shortlist). */
  dir: string | undefined;
}

/** `from_pretrained` options the source decides (the family adds `dtype` and its own). */
export interface OpenOptions {
  /** Options of every file's load, the tokenizer's and the model's. */
  files: {
    local_files_only: boolean;
    progress_callback?: (p: { status: string; file?: string; loaded?: number; total?: number }) => void;
    /** A browser's: unused for files there (the Cache API keys them by URL), but it keys transformers.js's in-flight loads, so loads of other settings never share one. */
    cache_dir?: string;
  };
  /** The model's own: the device and ONNX Runtime's session options. */
  model: { device: string; session_options?: Record<string, unknown> };
}

/** Progress and cancellation of one load. */
export interface LoadEvents {
  onProgress?: ProgressCallback | undefined;
  signal?: AbortSignal | undefined;
}

/** A platform's way to find, fetch and open a model's files. */
export interface FileSource {
  readonly name: 'node' | 'browser';
  /** The model's config.json, or undefined when it cannot be read (the seq2seq loader then says why). */
  readConfig(settings: TransformersBackendSettings): Promise<Record<string, unknown> | undefined>;
  /** Resolves the model (`resolveModel` of models/) and makes its files reachable: fetched into the store when needed (Node). */
  locate(settings: TransformersBackendSettings, family: ModelFamilyName, events: LoadEvents): Promise<LocatedModel>;
  /**
   * Runs `open` (the family's `from_pretrained` calls) with the source's options and turns its
   * failure into a `ModelLoadError`; Node re-checks a store model's files and tries once more,
   * a browser falls back from WebGPU to WASM.
   */
  open<T>(tf: TransformersModule, located: LocatedModel, settings: TransformersBackendSettings, open: (at: LocatedModel, options: OpenOptions) => Promise<T>, events: LoadEvents): Promise<{ opened: T; located: LocatedModel }>;
  /** A folder holding `names` (on disk, or fetched into `files`), for readers that take a folder. */
  extraFiles(located: LocatedModel, names: readonly string[]): Promise<{ dir: string | undefined; files?: ModelFiles }>;
}
