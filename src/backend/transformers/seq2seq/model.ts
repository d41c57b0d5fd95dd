/**
 * Loading a seq2seq (encoder-decoder) model: the tokenizer and the ONNX sessions through the
 * file source, its configs, the tokenizer fr2en encodes with, the decoding loop and the
 * vocabulary shortlist.
 */
import { ModelLoadError } from '../../../errors.js';
import type { ProgressCallback } from '../../../progress.js';
import type { BackendModelInfo } from '../../spec.js';
import { inputNormalizer } from '../../normalize/index.js';
import { supportsLeanDecoding } from '../decode.js';
import { loadFamily, openBoth, type LoadContext } from '../family.js';
import type { TransformersModule } from '../load.js';
import type { ModelTokenizer } from '../model-tokenizer.js';
import { defaultThreads, type TransformersBackendSettings } from '../settings.js';
import { attachShortlist, attachSlicedCaches, type LoadedShortlist } from '../shortlist/load.js';
import { fileSourceFor, type LocatedModel, type OpenOptions } from '../source/index.js';
import { readModelSettings, type ModelSettings } from './config.js';
import { MARIAN_SPM_FILES, marianSpmTokenizerSettings } from './marian-spm.js';
import { loadModelTokenizer } from './tokenizer.js';

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

/** Opens the tokenizer (a Marian folder with its own SentencePiece files: only its settings, transformers.js's is not built) and the model. */
function openSeq2seq(tf: TransformersModule, at: LocatedModel, options: OpenOptions): Promise<[TransformersModule, TransformersModule]> {
  const spm = at.dir !== undefined ? marianSpmTokenizerSettings(at.dir) : undefined;
  return openBoth(
    spm ? Promise.resolve(spm) : tf.AutoTokenizer.from_pretrained(at.target, options.files),
    tf.AutoModelForSeq2SeqLM.from_pretrained(at.target, { ...options.files, ...options.model, dtype: at.dtype }),
  );
}

/** Disposes `model` when `step` fails, then rethrows. */
async function orDispose<T>(model: TransformersModule, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    await model.dispose?.();
    throw error;
  }
}

/** Loads a seq2seq model. @throws ModelLoadError naming the model, the folders searched and the file at fault */
export async function loadSeq2seq({ tf, settings, source, located: asked, ...events }: LoadContext): Promise<LoadedModel> {
  const { opened, located } = await source.open(tf, asked, settings, (at, options) => openSeq2seq(tf, at, options), events);
  const [tokenizer, model] = opened;
  const read = readModelSettings({
    config: model.config ?? {},
    generationConfig: model.generation_config ?? {},
    tokenizerMaxLength: tokenizer.model_max_length,
    tokenizerPadId: tokenizer.pad_token_id,
    task: settings.task ?? 'translation',
  });
  if (typeof read === 'string') {
    await model.dispose?.();
    throw new ModelLoadError(`Model \`${settings.model}\` has ${read}.`, { model: settings.model });
  }
  // Marian's own tokenizer files: read from the folder, or fetched where there is none
  const where = await source.extraFiles(located, read.modelType === 'marian' ? [...MARIAN_SPM_FILES, 'tokenizer_config.json'] : []);
  const chosen = await orDispose(model, () => loadModelTokenizer({ tokenizer, modelType: read.modelType, dir: where.dir ?? located.dir, ...(where.files ? { files: where.files } : {}) }));
  const useLean = (settings.decoder ?? 'lean') === 'lean' && supportsLeanDecoding(model.sessions) && read.decoderStart !== undefined;
  const { dir } = located;
  const attached: Awaited<ReturnType<typeof attachShortlist>> =
    dir === undefined
      ? { warnings: [] }
      : await orDispose(model, () => attachShortlist(model, { choice: settings.shortlist, dir, dtype: located.dtype, threads: settings.threads ?? defaultThreads(), lean: useLean }));
  // without a shortlist (whose split decoder is already sliced), the plain decoder is sliced so
  // the runtime hands back one cache position per step instead of the whole cache
  if (dir !== undefined && !attached.shortlist) {
    await orDispose(model, () => attachSlicedCaches(model, { dir, dtype: located.dtype, threads: settings.threads ?? defaultThreads(), lean: useLean }));
  }
  const warnings = [...chosen.warnings, ...attached.warnings];
  const info: BackendModelInfo = {
    modelId: settings.model,
    maxInputTokens: read.maxInputTokens,
    maxOutputTokens: read.maxOutputTokens,
    dtype: located.dtype,
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(attached.shortlist ? { shortlist: attached.shortlist.file } : {}),
    ...(attached.shortlist?.sha256 !== undefined ? { shortlistSha256: attached.shortlist.sha256 } : {}),
  };
  const lean = useLean ? { Tensor: new tf.Tensor('int64', new BigInt64Array(1), [1]).ort_tensor.constructor, decoderStart: read.decoderStart! } : undefined;
  return { tf, tokenizer: chosen.tokenizer, normalize: inputNormalizer(read.modelType), model, info, settings: read, lean, shortlist: attached.shortlist };
}

/**
 * Loads `settings.model` as a seq2seq model on this platform's file source (the vocabulary
 * shortlist builder and the decoder tests load models this way; the backend goes through its family).
 * @throws ModelLoadError naming the model, the folders searched and the file at fault
 */
export function loadModel(settings: TransformersBackendSettings, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<LoadedModel> {
  return loadFamily({ name: 'seq2seq', load: loadSeq2seq }, settings, fileSourceFor(settings), { onProgress, signal });
}
