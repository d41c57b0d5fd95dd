/**
 * Loading a model with transformers.js: find it, check its files, open the tokenizer and the
 * ONNX sessions, read its configs, pick the tokenizer and the decoding loop.
 */
import { ModelLoadError } from '../../errors.js';
import { emit, type ProgressCallback } from '../../progress.js';
import { resolveModelSource } from '../../models/resolve.js';
import type { BackendModelInfo } from '../spec.js';
import { inputNormalizer } from '../normalize/index.js';
import { readModelSettings, type ModelSettings } from './config.js';
import { supportsLeanDecoding } from './decode.js';
import { checkLocalFiles, chooseDtype, diagnoseLoadError } from './files.js';
import { configureTransformers, importTransformers, type TransformersModule } from './load.js';
import { defaultThreads, type TransformersBackendSettings } from './settings.js';
import { loadModelTokenizer, type ModelTokenizer } from './tokenizer.js';
import { platform } from '../../platform/index.js';
import { MARIAN_SPM_FILES } from './marian-spm.js';
import { applyWebRuntime, fetchModelFiles, pickWebDevice, remoteHasFile } from './web.js';

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
}

/** Loads `settings.model`. @throws ModelLoadError naming the model, the folders searched and the file at fault */
export async function loadModel(settings: TransformersBackendSettings, onProgress?: ProgressCallback): Promise<LoadedModel> {
  const started = performance.now();
  const task = settings.task ?? 'translation';
  const tf = settings.transformers ? configureTransformers(settings.transformers) : await importTransformers();
  const source = resolveModelSource(settings.model, { ...settings, defaultCacheDir: tf.env?.cacheDir });
  const web = platform.name === 'browser';
  if (web) applyWebRuntime(tf);
  let dtype = chooseDtype(settings.dtype ?? 'auto', task, source);
  // a browser cannot list a remote folder: ask whether the int8 weights `auto` prefers are there
  if (web && (settings.dtype ?? 'auto') === 'auto' && dtype === 'q8' && source.kind === 'remote') {
    if ((await remoteHasFile(source.id, 'onnx/encoder_model_quantized.onnx')) === false) dtype = 'fp32';
  }
  if (source.kind === 'local') checkLocalFiles(source, dtype);
  emit(onProgress, { type: 'load', model: settings.model, status: 'start' });

  const target = source.kind === 'local' ? source.path : source.id;
  const common = {
    local_files_only: source.kind === 'local',
    ...(settings.cacheDir ? { cache_dir: settings.cacheDir } : {}),
    progress_callback:
      source.kind === 'remote'
        ? (p: { status: string; file?: string; loaded?: number; total?: number }) => {
            if (p.status === 'progress' && p.file)
              emit(onProgress, { type: 'download', model: source.id, file: p.file, loaded: p.loaded ?? 0, ...(p.total ? { total: p.total } : {}) });
          }
        : undefined,
  };
  let tokenizer: TransformersModule;
  let model: TransformersModule;
  const sessionOptions = (device: string) =>
    web
      ? { dtype, device } // onnxruntime-web: threads come from env.backends.onnx.wasm.numThreads
      : {
          dtype,
          device: 'cpu',
          // no CPU memory arena: measured 40-70 MB lower peak RSS at the same speed (BENCHMARKS.md)
          session_options: { intraOpNumThreads: settings.threads ?? defaultThreads(), interOpNumThreads: 1, enableCpuMemArena: false },
        };
  try {
    const device = web ? await pickWebDevice() : 'cpu';
    const loadSeq2Seq = (d: string) => tf.AutoModelForSeq2SeqLM.from_pretrained(target, { ...common, ...sessionOptions(d) });
    [tokenizer, model] = await Promise.all([
      tf.AutoTokenizer.from_pretrained(target, common),
      // WebGPU that fails to build the sessions (an op it lacks, a lost device) falls back to WASM
      device === 'webgpu' ? loadSeq2Seq(device).catch(() => loadSeq2Seq('wasm')) : loadSeq2Seq(device),
    ]);
  } catch (error) {
    throw diagnoseLoadError(source, dtype, error);
  }

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
    // a browser has no folder: fetch Marian's own tokenizer files from the model's URL
    const files =
      web && source.kind === 'remote' && read.modelType === 'marian'
        ? await fetchModelFiles(tf, source.id, [...MARIAN_SPM_FILES, 'tokenizer_config.json'])
        : undefined;
    chosen = await loadModelTokenizer({
      tokenizer,
      modelType: read.modelType,
      dir: source.kind === 'local' ? source.path : files ? `/${source.id}` : undefined,
      ...(files ? { files } : {}),
    });
  } catch (error) {
    await model.dispose?.();
    throw error;
  }
  const info: BackendModelInfo = {
    modelId: settings.model,
    maxInputTokens: read.maxInputTokens,
    maxOutputTokens: read.maxOutputTokens,
    dtype,
    ...(chosen.warnings.length > 0 ? { warnings: chosen.warnings } : {}),
  };
  const useLean = (settings.decoder ?? 'lean') === 'lean' && supportsLeanDecoding(model.sessions) && read.decoderStart !== undefined;
  const lean = useLean
    ? { Tensor: new tf.Tensor('int64', new BigInt64Array(1), [1]).ort_tensor.constructor, decoderStart: read.decoderStart! }
    : undefined;
  emit(onProgress, { type: 'load', model: settings.model, status: 'ready', ms: performance.now() - started });
  return { tf, tokenizer: chosen.tokenizer, normalize: inputNormalizer(read.modelType), model, info, settings: read, lean };
}
