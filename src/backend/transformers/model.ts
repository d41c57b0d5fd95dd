/**
 * Loading a model with transformers.js: find it, check its files, open the tokenizer and the
 * ONNX sessions, read its configs, pick the tokenizer and the decoding loop.
 */
import { ModelLoadError } from '../../errors.js';
import { emit, type ProgressCallback } from '../../progress.js';
import { offlineError, remoteAllowedByDefault, resolveModelSource } from '../../models/resolve.js';
import { ensureModel, isComplete, storeFiles, storeModelDir, storeRoot, verifyModel } from '../../models/store/index.js';
import { platform } from '../../platform/index.js';
import type { BackendModelInfo } from '../spec.js';
import { inputNormalizer } from '../normalize/index.js';
import { readModelSettings, type ModelSettings } from './config.js';
import { supportsLeanDecoding } from './decode.js';
import { checkLocalFiles, chooseDtype, diagnoseLoadError } from './files.js';
import { configureTransformers, importTransformers, type TransformersModule } from './load.js';
import { defaultThreads, type TransformersBackendSettings } from './settings.js';
import { loadModelTokenizer, type ModelTokenizer } from './tokenizer.js';
import { MARIAN_SPM_FILES, marianSpmTokenizerSettings, type ModelFiles } from './marian-spm.js';
import { applyWebRuntime, fetchModelFiles, pickWebDevice, remoteHasFile } from './web.js';
import { attachShortlist, type LoadedShortlist } from './shortlist/load.js';

/** A loaded model, as the decoders use it. */
export interface LoadedModel {
  tf: TransformersModule;
  /** Encodes and decodes: Marian's own files when the folder has them, else tokenizer.json. */
  tokenizer: ModelTokenizer;
  /** The model family's input normalisation (OPUS-MT's for Marian), applied to what the model sees. */
  normalize: (text: string) => string;
  /** transformers.js's model (its `sessions` are the ONNX Runtime sessions). */
  model: TransformersModule;
  info: BackendModelInfo;
  settings: ModelSettings;
  /** ONNX Runtime's Tensor class, when the lean loop drives this model; else the library's `generate()` runs. */
  lean: { Tensor: TransformersModule; decoderStart: number } | undefined;
  /** The vocabulary shortlist the lean loop decodes over, when one is in use. */
  shortlist: LoadedShortlist | undefined;
}

/** Loads `settings.model`. @throws ModelLoadError naming the model, the folders searched and the file at fault */
export async function loadModel(settings: TransformersBackendSettings, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<LoadedModel> {
  const task = settings.task ?? 'translation';
  const tf = settings.transformers ? configureTransformers(settings.transformers) : await importTransformers();
  if (platform.name === 'browser') return loadInBrowser(tf, settings, onProgress);
  const root = storeRoot(settings.cacheDir);
  const source = resolveModelSource(settings.model, { ...settings, storeDir: storeModelDir(root, settings.model) });
  const dtype = chooseDtype(settings.dtype ?? 'auto', task, { ...source, cacheDir: root });
  const allowRemote = settings.allowRemote ?? remoteAllowedByDefault();
  const fromStore = async (): Promise<string> => {
    if (source.kind === 'local') return source.path;
    if (!allowRemote && !isComplete(source.id, dtype, root)) {
      const missing = storeFiles(source.id, dtype).filter((f) => f.required && !platform.exists(platform.path.join(source.path, f.name)));
      throw offlineError(source.id, dtype, source.searched, source.path, missing.map((f) => f.name));
    }
    return (await ensureModel(source.id, dtype, { cacheDir: root, allowRemote, ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) })).dir;
  };
  let dir = await fromStore();
  const started = performance.now(); // the load, not the download
  checkLocalFiles({ kind: 'local', id: source.id, path: dir }, dtype);
  emit(onProgress, { type: 'load', model: settings.model, status: 'start' });

  const open = (folder: string) =>
    Promise.all([
      // a Marian folder with its own SentencePiece files is tokenised with them: transformers.js's tokenizer is not built
      marianSpmTokenizerSettings(folder) ?? tf.AutoTokenizer.from_pretrained(folder, { local_files_only: true }),
      tf.AutoModelForSeq2SeqLM.from_pretrained(folder, {
        local_files_only: true,
        dtype,
        device: 'cpu',
        // no CPU memory arena: measured 40-70 MB lower peak RSS at the same speed (BENCHMARKS.md)
        session_options: { intraOpNumThreads: settings.threads ?? defaultThreads(), interOpNumThreads: 1, enableCpuMemArena: false },
      }),
    ]);
  let tokenizer: TransformersModule;
  let model: TransformersModule;
  try {
    [tokenizer, model] = await open(dir);
  } catch (error) {
    // a store file that does not open may be corrupt: re-check the hashes, fetch what was bad, try once more
    const healed = source.kind === 'store' && allowRemote && (await verifyModel(source.id, { cacheDir: root })).some((f) => !f.ok);
    if (!healed) throw diagnoseLoadError(source, dtype, error);
    try {
      dir = await fromStore();
      [tokenizer, model] = await open(dir);
    } catch (again) {
      throw diagnoseLoadError(source, dtype, again);
    }
  }
  return finishLoad(tf, settings, { tokenizer, model, dtype, started, dir }, onProgress);
}

/** What a load opened, for {@link finishLoad}. */
interface Opened {
  tokenizer: TransformersModule;
  model: TransformersModule;
  dtype: string;
  started: number;
  /** The model folder (Node), or a pseudo-folder naming `files` (browser). */
  dir: string | undefined;
  /** Marian's own tokenizer files fetched by URL (browser). */
  files?: ModelFiles;
}

/** Reads the opened model's settings, picks its tokenizer and says it is ready. */
async function finishLoad(tf: TransformersModule, settings: TransformersBackendSettings, opened: Opened, onProgress?: ProgressCallback): Promise<LoadedModel> {
  const task = settings.task ?? 'translation';
  const { tokenizer, model, dtype, started } = opened;
  const read = readModelSettings({
    config: model.config ?? {},
    generationConfig: model.generation_config ?? {},
    tokenizerMaxLength: tokenizer.model_max_length,
    tokenizerPadId: tokenizer.pad_token_id,
    task,
  });
  if (typeof read === 'string') {
    await model.dispose?.();
    throw new ModelLoadError(`Model \`${settings.model}\` has ${read}.`, { model: settings.model });
  }
  let chosen: Awaited<ReturnType<typeof loadModelTokenizer>>;
  try {
    chosen = await loadModelTokenizer({
      tokenizer,
      modelType: read.modelType,
      dir: opened.dir,
      ...(opened.files ? { files: opened.files } : {}),
    });
  } catch (error) {
    await model.dispose?.();
    throw error;
  }
  const useLean = (settings.decoder ?? 'lean') === 'lean' && supportsLeanDecoding(model.sessions) && read.decoderStart !== undefined;
  let attached: Awaited<ReturnType<typeof attachShortlist>> = { warnings: [] };
  if (platform.name !== 'browser' && opened.dir !== undefined) {
    try {
      attached = await attachShortlist(model, { choice: settings.shortlist, dir: opened.dir, dtype, threads: settings.threads ?? defaultThreads(), lean: useLean });
    } catch (error) {
      await model.dispose?.();
      throw error;
    }
  }
  const warnings = [...chosen.warnings, ...attached.warnings];
  const info: BackendModelInfo = {
    modelId: settings.model,
    maxInputTokens: read.maxInputTokens,
    maxOutputTokens: read.maxOutputTokens,
    dtype,
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(attached.shortlist ? { shortlist: attached.shortlist.file } : {}),
    ...(attached.shortlist?.sha256 !== undefined ? { shortlistSha256: attached.shortlist.sha256 } : {}),
  };
  const lean = useLean
    ? { Tensor: new tf.Tensor('int64', new BigInt64Array(1), [1]).ort_tensor.constructor, decoderStart: read.decoderStart! }
    : undefined;
  emit(onProgress, { type: 'load', model: settings.model, status: 'ready', ms: performance.now() - started });
  return { tf, tokenizer: chosen.tokenizer, normalize: inputNormalizer(read.modelType), model, info, settings: read, lean, shortlist: attached.shortlist };
}

/**
 * The browser's load: no folders and no store, so the model comes by URL through transformers.js
 * (from the hub or `modelBaseUrl`, cached with the Cache API), on onnxruntime-web.
 */
async function loadInBrowser(tf: TransformersModule, settings: TransformersBackendSettings, onProgress?: ProgressCallback): Promise<LoadedModel> {
  const started = performance.now();
  const task = settings.task ?? 'translation';
  const id = settings.model;
  applyWebRuntime(tf);
  const requested = settings.dtype ?? 'auto';
  let dtype: 'fp32' | 'q8' = requested !== 'auto' ? requested : task === 'translation' ? 'q8' : 'fp32';
  // a browser cannot list a remote folder: ask whether the int8 weights `auto` prefers are there
  if (requested === 'auto' && dtype === 'q8' && (await remoteHasFile(id, 'onnx/encoder_model_quantized.onnx')) === false) dtype = 'fp32';
  emit(onProgress, { type: 'load', model: id, status: 'start' });
  const common = {
    local_files_only: false,
    progress_callback: (p: { status: string; file?: string; loaded?: number; total?: number }) => {
      if (p.status === 'progress' && p.file)
        emit(onProgress, { type: 'download', model: id, file: p.file, loaded: p.loaded ?? 0, ...(p.total ? { total: p.total } : {}) });
    },
  };
  let tokenizer: TransformersModule;
  let model: TransformersModule;
  try {
    const device = await pickWebDevice();
    // onnxruntime-web: threads come from env.backends.onnx.wasm.numThreads
    const loadSeq2Seq = (d: string) => tf.AutoModelForSeq2SeqLM.from_pretrained(id, { ...common, dtype, device: d });
    [tokenizer, model] = await Promise.all([
      tf.AutoTokenizer.from_pretrained(id, common),
      // WebGPU that fails to build the sessions (an op it lacks, a lost device) falls back to WASM
      device === 'webgpu' ? loadSeq2Seq(device).catch(() => loadSeq2Seq('wasm')) : loadSeq2Seq(device),
    ]);
  } catch (error) {
    const why = String((error as Error)?.message ?? error).split('\n')[0];
    throw new ModelLoadError(`Could not load model \`${id}\` in the browser (${why}). Check \`modelBaseUrl\` (or the hub) serves it and the ONNX Runtime WASM files load.`, {
      model: id,
      searched: [],
      cause: error,
    });
  }
  const type = model.config?.model_type;
  // a browser has no folder: fetch Marian's own tokenizer files from the model's URL
  const files = type === 'marian' ? await fetchModelFiles(tf, id, [...MARIAN_SPM_FILES, 'tokenizer_config.json']) : undefined;
  return finishLoad(tf, settings, { tokenizer, model, dtype, started, dir: files ? `/${id}` : undefined, ...(files ? { files } : {}) }, onProgress);
}
