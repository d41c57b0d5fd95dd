/**
 * `fr2en models pull`: downloads the default models into a local folder for offline use.
 */
import { AbortError, InputError, ModelLoadError } from '../errors.js';
import { checkBoolean, checkOptions, checkSignal, checkString } from '../validate.js';
import { emit, type ProgressCallback } from '../progress.js';
import { platform } from '../platform/index.js';
import { MANIFEST, modelFiles, type ManifestModel } from './manifest.js';

const { path } = platform;

/** Options of {@link pullModels}. */
export interface PullOptions {
  /** Destination folder; models land in `<dir>/<org>/<name>/`. @default './models' */
  dir?: string;
  /** Weight types to fetch. @default what `dtype: 'auto'` loads: `q8` for translation, `fp32` for summaries */
  dtypes?: ReadonlyArray<'fp32' | 'q8'>;
  /** Only these model ids. @default every model of the manifest */
  models?: readonly string[];
  /** Hub address. @default 'https://huggingface.co' (or `FR2EN_HUB_URL`) */
  hub?: string;
  /** Download again files that are already there. @default false */
  force?: boolean;
  /** Receives `download` events. */
  onProgress?: ProgressCallback;
  /** Cancels the download. */
  signal?: AbortSignal;
}

/** What {@link pullModels} did, per file. */
export interface PulledFile {
  model: string;
  file: string;
  path: string;
  bytes: number;
  skipped: boolean;
}

/** Downloads the manifest's models (config, tokenizer and ONNX files) into `dir`. */
export async function pullModels(options: PullOptions = {}): Promise<PulledFile[]> {
  checkOptions(options, ['dir', 'dtypes', 'models', 'hub', 'force', 'onProgress', 'signal'], 'pullModels');
  checkString(options.dir, 'dir');
  checkString(options.hub, 'hub');
  checkBoolean(options.force, 'force');
  checkSignal(options.signal);
  if (options.dtypes !== undefined && (!Array.isArray(options.dtypes) || options.dtypes.some((d) => d !== 'fp32' && d !== 'q8'))) {
    throw new InputError("Expected `dtypes` to be an array of 'fp32' and/or 'q8'.", { option: 'dtypes' });
  }
  const dir = path.resolve(options.dir ?? 'models');
  const hub = (options.hub ?? platform.env().hubUrl ?? MANIFEST.hub).replace(/\/+$/, '');
  const wanted: ManifestModel[] = MANIFEST.models.filter((m) => !options.models || options.models.includes(m.id));
  const done: PulledFile[] = [];
  for (const model of wanted) {
    const dtypes = options.dtypes ?? [model.task === 'translation' ? 'q8' : 'fp32'];
    for (const file of modelFiles(model, dtypes)) {
      const target = path.join(dir, ...model.id.split('/'), ...file.split('/'));
      const size = platform.fileSize(target);
      if (!options.force && size !== undefined && size > 0) {
        done.push({ model: model.id, file, path: target, bytes: size, skipped: true });
        continue;
      }
      const url = `${hub}/${model.id}/resolve/main/${file}`;
      let response: Response;
      try {
        response = await fetch(url, options.signal ? { signal: options.signal } : {});
      } catch (error) {
        if (options.signal?.aborted) throw new AbortError(undefined, { cause: options.signal.reason });
        throw new ModelLoadError(`Could not download ${url} (${(error as Error).message}). Is there a network connection to ${hub}?`, {
          model: model.id,
          file,
          cause: error,
        });
      }
      if (!response.ok || !response.body) {
        throw new ModelLoadError(`Could not download ${url}: HTTP ${response.status}.`, { model: model.id, file });
      }
      const total = Number(response.headers.get('content-length')) || undefined;
      let loaded = 0;
      try {
        await platform.writeStream(target, response.body, {
          ...(options.signal ? { signal: options.signal } : {}),
          onChunk(bytes) {
            loaded += bytes;
            emit(options.onProgress, { type: 'download', model: model.id, file, loaded, ...(total ? { total } : {}) });
          },
        });
      } catch (error) {
        if (options.signal?.aborted) throw new AbortError(undefined, { cause: options.signal.reason });
        throw new ModelLoadError(`Download of ${url} failed: ${(error as Error).message}`, { model: model.id, file, cause: error });
      }
      done.push({ model: model.id, file, path: target, bytes: loaded, skipped: false });
    }
  }
  return done;
}
