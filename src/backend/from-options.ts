/**
 * The model options shared by `createTranslator` and `createSummarizer`, validated and turned
 * into a backend: the user's own, or transformers.js for a model id or folder.
 */
import { platform } from '../platform/index.js';
import { checkBoolean, checkEnum, checkInteger, checkString } from '../validate.js';
import { DTYPES } from './dtype.js';
import { resolveBackend } from './resolve.js';
import type { Backend } from './spec.js';
import { createTransformersBackend } from './transformers/backend.js';
import { checkWorkers, pooledBackendFromOptions } from './pool/options.js';

/** Option names this helper reads. */
export const MODEL_OPTIONS = ['model', 'dtype', 'backend', 'threads', 'modelsDir', 'allowRemote', 'cacheDir', 'shortlist'] as const;
/** The worker pool's option names, read when `backendFromOptions` is asked for a pool. */
export const POOL_OPTIONS = ['workers', 'maxMemoryMb'] as const;

/**
 * Validates the model options in `o` and returns the backend, the model name to report and the
 * lanes (batches the backend decodes at once; 1 unless `pool` is set and the machine has the
 * cores and memory for more, see `sizePool`).
 */
export function backendFromOptions(
  o: Record<string, unknown>,
  task: 'translation' | 'summarization',
  defaultModel: string,
  { pool = false }: { pool?: boolean } = {},
): { backend: Backend; modelName: string; lanes: number } {
  const model = checkString(o.model, 'model') ?? defaultModel;
  const dtype = checkEnum(o.dtype, 'dtype', DTYPES);
  const threads = checkInteger(o.threads, 'threads', 1, 1024);
  const modelsDir = checkString(o.modelsDir, 'modelsDir');
  const cacheDir = checkString(o.cacheDir, 'cacheDir');
  const allowRemote = checkBoolean(o.allowRemote, 'allowRemote');
  const shortlist: string | false | undefined = o.shortlist === false ? false : checkString(o.shortlist, 'shortlist');
  const workers = pool ? checkWorkers(o.workers) : undefined;
  const maxMemoryMb = pool ? checkInteger(o.maxMemoryMb, 'maxMemoryMb', 1) : undefined;
  if (o.backend !== undefined) {
    const backend = resolveBackend(o.backend);
    return { backend, modelName: backend.modelId, lanes: 1 };
  }
  const settings = {
    model,
    task,
    ...(dtype ? { dtype } : {}),
    ...(threads ? { threads } : {}),
    ...(modelsDir ? { modelsDir } : {}),
    ...(cacheDir ? { cacheDir } : {}),
    ...(allowRemote !== undefined ? { allowRemote } : {}),
    ...(shortlist !== undefined ? { shortlist } : {}),
  };
  // worker threads are Node's: a page runs fr2en in a Web Worker (`fr2en/worker`) instead
  if (pool && platform.name !== 'browser') {
    const { backend, size } = pooledBackendFromOptions(settings, { ...(workers ? { workers } : {}), ...(maxMemoryMb ? { maxMemoryMb } : {}) });
    return { backend, modelName: model, lanes: size.workers };
  }
  return { backend: createTransformersBackend(settings), modelName: model, lanes: 1 };
}
