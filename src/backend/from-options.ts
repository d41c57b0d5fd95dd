/**
 * The model options shared by `createTranslator` and `createSummarizer`, validated and turned
 * into a backend: the user's own, or transformers.js for a model id or folder.
 */
import { checkBoolean, checkEnum, checkInteger, checkString } from '../validate.js';
import { DTYPES } from './dtype.js';
import { resolveBackend } from './resolve.js';
import type { Backend } from './spec.js';
import { createTransformersBackend } from './transformers/backend.js';

/** Option names this helper reads. */
export const MODEL_OPTIONS = ['model', 'dtype', 'backend', 'threads', 'modelsDir', 'allowRemote', 'cacheDir'] as const;

/** Validates the model options in `o` and returns the backend and the model name to report. */
export function backendFromOptions(
  o: Record<string, unknown>,
  task: 'translation' | 'summarization',
  defaultModel: string,
): { backend: Backend; modelName: string } {
  const model = checkString(o.model, 'model') ?? defaultModel;
  const dtype = checkEnum(o.dtype, 'dtype', DTYPES);
  const threads = checkInteger(o.threads, 'threads', 1, 1024);
  const modelsDir = checkString(o.modelsDir, 'modelsDir');
  const cacheDir = checkString(o.cacheDir, 'cacheDir');
  const allowRemote = checkBoolean(o.allowRemote, 'allowRemote');
  if (o.backend !== undefined) {
    const backend = resolveBackend(o.backend);
    return { backend, modelName: backend.modelId };
  }
  const backend = createTransformersBackend({
    model,
    task,
    ...(dtype ? { dtype } : {}),
    ...(threads ? { threads } : {}),
    ...(modelsDir ? { modelsDir } : {}),
    ...(cacheDir ? { cacheDir } : {}),
    ...(allowRemote !== undefined ? { allowRemote } : {}),
  });
  return { backend, modelName: model };
}
