/**
 * The model options shared by `createTranslator` and `createSummarizer`: declared once
 * ({@link ModelOptions}, {@link PoolOptions}), their key lists derived from the types, normalised
 * once into a typed {@link ResolvedModelOptions}, then turned into a backend: the user's own, or
 * transformers.js for a model id or folder.
 */
import { DTYPES, type Dtype } from '../backend/dtype.js';
import { checkWorkers, pooledBackendFromOptions } from '../backend/pool/options.js';
import { resolveBackend } from '../backend/resolve.js';
import type { Backend } from '../backend/spec.js';
import { createTransformersBackend } from '../backend/transformers/backend.js';
import type { TransformersBackendSettings } from '../backend/transformers/settings.js';
import { WEB_DEVICES, type WebRuntimeOptions } from '../backend/transformers/web.js';
import { InputError } from '../errors.js';
import type { ModelSourceOptions } from '../models/resolve.js';
import { platform } from '../platform/index.js';
import { checkBoolean, checkEnum, checkInteger, checkOptions, checkString, describe } from '../validate.js';

/** The model options of every instance (translator, summarizer); each surface documents its own defaults. */
export interface ModelOptions extends ModelSourceOptions {
  /** Hugging Face model id or local folder. */
  model?: string;
  /** Weight type. @default 'auto' */
  dtype?: Dtype;
  /** A backend of your own (see `BackendV1`); the other model options are then ignored. */
  backend?: Backend;
  /** ONNX Runtime threads. */
  threads?: number;
  /**
   * Vocabulary shortlist (a file from `fr2en shortlist build`); `false` ignores the model folder's
   * own `shortlist.bin`. Node only; ignored with `backend`.
   * @default the model folder's `shortlist.bin` when it has one, else none
   */
  shortlist?: string | false;
  /**
   * This instance's browser runtime (where models and the ONNX Runtime WASM files come from,
   * device, threads, caching), over the page's defaults set with `configure()`: two instances with
   * different settings in one page do not change each other's. Ignored in Node and with `backend`.
   * @default the page's `configure()` settings
   * @example { modelBaseUrl: '/models/', device: 'webgpu' }
   */
  web?: WebRuntimeOptions;
}

/** The worker pool's options (the translator's). */
export interface PoolOptions {
  /** Batches decoded in parallel, each by its own model session. @default 'auto' */
  workers?: number | 'auto';
  /** Memory budget for the workers, MB. */
  maxMemoryMb?: number;
}

/** Option names of {@link ModelOptions}. */
export const MODEL_OPTIONS = ['model', 'dtype', 'backend', 'threads', 'modelsDir', 'allowRemote', 'cacheDir', 'shortlist', 'web'] as const satisfies readonly (keyof ModelOptions)[];
/** Option names of {@link PoolOptions}, read when the instance may be a worker pool. */
export const POOL_OPTIONS = ['workers', 'maxMemoryMb'] as const satisfies readonly (keyof PoolOptions)[];
/** Option names of {@link WebRuntimeOptions}. */
export const WEB_RUNTIME_OPTIONS = ['modelBaseUrl', 'wasmPaths', 'device', 'numThreads', 'useBrowserCache', 'cacheKey'] as const satisfies readonly (keyof WebRuntimeOptions)[];

/** Model options, checked, defaults filled in: a backend of the user's, or the transformers.js backend's settings. */
export type ResolvedModelOptions =
  | { kind: 'backend'; backend: Backend }
  | { kind: 'transformers'; settings: TransformersBackendSettings & { model: string }; pool: PoolOptions | undefined };

/** Checks a `web` option. @throws InputError */
export function checkWebRuntime(value: unknown): WebRuntimeOptions | undefined {
  if (value === undefined) return undefined;
  const o = checkOptions(value, WEB_RUNTIME_OPTIONS, 'web');
  checkString(o.modelBaseUrl, 'web.modelBaseUrl');
  checkEnum(o.device, 'web.device', WEB_DEVICES);
  checkInteger(o.numThreads, 'web.numThreads', 1, 1024);
  checkBoolean(o.useBrowserCache, 'web.useBrowserCache');
  checkString(o.cacheKey, 'web.cacheKey');
  const w = o.wasmPaths;
  if (w !== undefined && typeof w !== 'string' && !(typeof w === 'object' && w !== null && typeof (w as { mjs?: unknown }).mjs === 'string' && typeof (w as { wasm?: unknown }).wasm === 'string')) {
    throw new InputError(`Expected \`web.wasmPaths\` to be a folder URL or { mjs, wasm } URLs, got ${describe(w)}.`, { option: 'web.wasmPaths' });
  }
  return { ...(o as WebRuntimeOptions) };
}

/**
 * Normalises the model options in `o` (and the pool's when `pool` is set) once, into a typed object.
 * @throws InputError naming the option at fault
 */
export function normalizeModelOptions(
  o: Record<string, unknown>,
  task: 'translation' | 'summarization',
  defaultModel: string,
  { pool = false }: { pool?: boolean } = {},
): ResolvedModelOptions {
  const model = checkString(o.model, 'model') ?? defaultModel;
  const dtype = checkEnum(o.dtype, 'dtype', DTYPES);
  const threads = checkInteger(o.threads, 'threads', 1, 1024);
  const modelsDir = checkString(o.modelsDir, 'modelsDir');
  const cacheDir = checkString(o.cacheDir, 'cacheDir');
  const allowRemote = checkBoolean(o.allowRemote, 'allowRemote');
  const shortlist: string | false | undefined = o.shortlist === false ? false : checkString(o.shortlist, 'shortlist');
  const web = checkWebRuntime(o.web);
  const workers = pool ? checkWorkers(o.workers) : undefined;
  const maxMemoryMb = pool ? checkInteger(o.maxMemoryMb, 'maxMemoryMb', 1) : undefined;
  if (o.backend !== undefined) return { kind: 'backend', backend: resolveBackend(o.backend) };
  const settings = {
    model,
    task,
    ...(dtype ? { dtype } : {}),
    ...(threads ? { threads } : {}),
    ...(modelsDir ? { modelsDir } : {}),
    ...(cacheDir ? { cacheDir } : {}),
    ...(allowRemote !== undefined ? { allowRemote } : {}),
    ...(shortlist !== undefined ? { shortlist } : {}),
    ...(web ? { web } : {}),
  };
  // worker threads are Node's: a page runs fr2en in a Web Worker (`fr2en/worker`) instead
  const pooled = pool && platform.name !== 'browser';
  return { kind: 'transformers', settings, pool: pooled ? { ...(workers ? { workers } : {}), ...(maxMemoryMb ? { maxMemoryMb } : {}) } : undefined };
}

/**
 * The backend of resolved model options, the model name to report and the lanes (batches the
 * backend decodes at once; 1 unless it is a pool and the machine has the cores and memory for
 * more, see `sizePool`).
 */
export function backendFromOptions(resolved: ResolvedModelOptions): { backend: Backend; modelName: string; lanes: number } {
  if (resolved.kind === 'backend') return { backend: resolved.backend, modelName: resolved.backend.modelId, lanes: 1 };
  const { settings, pool } = resolved;
  if (pool) {
    const { backend, size } = pooledBackendFromOptions(settings, pool);
    return { backend, modelName: settings.model, lanes: size.workers };
  }
  return { backend: createTransformersBackend(settings), modelName: settings.model, lanes: 1 };
}
