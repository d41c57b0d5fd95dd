/**
 * `fr2en models pull`: fills fr2en's model store ahead of time (the same store first use fills).
 */
import { InputError } from '../errors.js';
import { checkBoolean, checkOptions, checkSignal, checkString } from '../validate.js';
import type { ProgressCallback } from '../progress.js';
import { platform } from '../platform/index.js';
import { MANIFEST } from './manifest.js';
import { ensureModel, storeFiles, storeModelDir, storeRoot, type NetOptions } from './store/index.js';

/** Options of {@link pullModels}. */
export interface PullOptions extends NetOptions {
  /** The model store's root. @default `FR2EN_CACHE_DIR`, else `~/.cache/fr2en` */
  cacheDir?: string;
  /** Weight types to fetch. @default what `dtype: 'auto'` loads: `q8` for translation, `fp32` for summaries (and for models not in the manifest) */
  dtypes?: ReadonlyArray<'fp32' | 'q8'>;
  /** Hub model ids. @default the default models (translation and summaries) */
  models?: readonly string[];
  /** Hub address. @default 'https://huggingface.co' (or `FR2EN_HUB_URL`) */
  hub?: string;
  /** Download again files that are already there. @default false */
  force?: boolean;
  /** Receives `download` events. */
  onProgress?: ProgressCallback;
  /** Cancels the download (a later pull resumes it). */
  signal?: AbortSignal;
}

/** What {@link pullModels} did, per model and weight type. */
export interface PulledModel {
  model: string;
  dtype: 'fp32' | 'q8';
  /** The model's folder in the store. */
  dir: string;
  /** Files fetched by this call (empty: it was all there). */
  fetched: string[];
  /** Bytes of the model's files for this weight type. */
  bytes: number;
}

/** Downloads models (config, tokenizer and ONNX files of the weight types asked) into the model store. */
export async function pullModels(options: PullOptions = {}): Promise<PulledModel[]> {
  checkOptions(options, ['cacheDir', 'dtypes', 'models', 'hub', 'force', 'onProgress', 'signal', 'timeoutMs', 'retries', 'retryDelayMs'], 'pullModels');
  checkString(options.cacheDir, 'cacheDir');
  checkString(options.hub, 'hub');
  checkBoolean(options.force, 'force');
  checkSignal(options.signal);
  if (options.dtypes !== undefined && (!Array.isArray(options.dtypes) || options.dtypes.some((d) => d !== 'fp32' && d !== 'q8'))) {
    throw new InputError("Expected `dtypes` to be an array of 'fp32' and/or 'q8'.", { option: 'dtypes' });
  }
  if (options.models !== undefined && (!Array.isArray(options.models) || options.models.some((m) => typeof m !== 'string' || !/^[\w-][\w.-]*\/[\w-][\w.-]*$/.test(m)))) {
    throw new InputError('Expected `models` to be an array of Hugging Face model ids like `Xenova/opus-mt-fr-en`.', { option: 'models' });
  }
  const root = storeRoot(options.cacheDir);
  const ids = options.models ?? MANIFEST.models.map((m) => m.id);
  const done: PulledModel[] = [];
  for (const id of ids) {
    const task = MANIFEST.models.find((m) => m.id === id)?.task;
    const dtypes = options.dtypes ?? [task === 'translation' ? 'q8' : 'fp32'];
    for (const dtype of dtypes) {
      if (options.force) {
        const dir = storeModelDir(root, id);
        for (const f of storeFiles(id, dtype)) platform.remove(platform.path.join(dir, ...f.name.split('/')));
      }
      const result = await ensureModel(id, dtype, {
        cacheDir: root,
        ...(options.hub ? { hub: options.hub } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.retries !== undefined ? { retries: options.retries } : {}),
        ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
      });
      done.push({ model: id, dtype, dir: result.dir, fetched: result.fetched, bytes: result.bytes });
    }
  }
  return done;
}
