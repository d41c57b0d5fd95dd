/**
 * Decoder-only (causal) language models in the transformers backend: detection from config.json,
 * loading (`onnx/model{,_quantized}.onnx` with its `.onnx_data` external data file), token
 * counting of chat prompts and generation with the lean causal loop (`causal.ts`).
 * Inputs are user messages: the model's chat template wraps them (`chat.ts`).
 */
import { applyWebRuntime } from './web.js';
import { BackendError, ModelLoadError, throwIfAborted } from '../../errors.js';
import { remoteAllowedByDefault, resolveModelSource, type ModelSource } from '../../models/resolve.js';
import { ensureModel, modelFolder } from '../../models/store/index.js';
import { platform } from '../../platform/index.js';
import { emit, type ProgressCallback } from '../../progress.js';
import type { Warning } from '../../warnings.js';
import { unmetByText, unsupportedWarnings } from './unsupported.js';
import type { BackendGenerateOptions, BackendGenerateResult, BackendModelInfo, BackendOutput } from '../spec.js';
import { readCausalSettings, isDecoderOnly, type CausalSettings } from './causal-config.js';
import { causalDecodeRow, supportsCausalDecoding } from './causal.js';
import { chatIds, hasChatTemplate } from './chat.js';
import { diagnoseLoadError } from './files.js';
import { configureTransformers, importTransformers, type TransformersModule } from './load.js';
import { defaultThreads, type TransformersBackendSettings } from './settings.js';

const { path } = platform;

/** A loaded decoder-only model. */
export interface LoadedCausal {
  kind: 'causal';
  tokenizer: TransformersModule;
  model: TransformersModule;
  Tensor: TransformersModule;
  info: BackendModelInfo;
  settings: CausalSettings;
}

/**
 * Reads the model's config.json when it is a decoder-only model (local folder: the file; hub id:
 * transformers.js's `AutoConfig`), else undefined. Never throws: the seq2seq loader reports problems.
 */
export async function decoderOnlyConfig(settings: TransformersBackendSettings): Promise<Record<string, unknown> | undefined> {
  try {
    const tf = settings.transformers ? configureTransformers(settings.transformers) : await importTransformers();
    if (platform.name === 'browser') applyWebRuntime(tf); // modelBaseUrl → remoteHost before the probe below
    const source = resolveModelSource(settings.model, { ...settings, storeDir: modelFolder(settings.model, settings.cacheDir) });
    let config: Record<string, unknown>;
    // a local folder, or the store when it has the file already
    if (platform.exists(path.join(source.path, 'config.json'))) config = JSON.parse(platform.readText(path.join(source.path, 'config.json'))) as Record<string, unknown>;
    else {
      // fetched, not cached: a cache folder holding only config.json would pass for a local model
      const host = String(tf.env?.remoteHost ?? 'https://huggingface.co/');
      const template = String(tf.env?.remotePathTemplate ?? '{model}/resolve/{revision}/');
      const url = `${host.endsWith('/') ? host : `${host}/`}${template.replace('{model}', source.id).replace('{revision}', 'main')}config.json`;
      const response = await fetch(url);
      if (!response.ok) return undefined;
      config = (await response.json()) as Record<string, unknown>;
    }
    return isDecoderOnly(config) ? config : undefined;
  } catch {
    return undefined;
  }
}

/** `auto` for a decoder-only model: fp32 when a local folder ships `onnx/model.onnx`, else q8 (`model_quantized.onnx`, the smaller download). */
function causalDtype(dtype: string | undefined, source: ModelSource): 'fp32' | 'q8' {
  if (dtype === 'fp32' || dtype === 'q8') return dtype;
  if (source.kind === 'local') return platform.exists(path.join(source.path, 'onnx', 'model.onnx')) ? 'fp32' : 'q8';
  return 'q8';
}

/** Loads a decoder-only model. @throws ModelLoadError naming the file at fault */
export async function loadCausalModel(settings: TransformersBackendSettings, onProgress?: ProgressCallback): Promise<LoadedCausal> {
  const started = performance.now();
  const tf = settings.transformers ? configureTransformers(settings.transformers) : await importTransformers();
  const resolved = resolveModelSource(settings.model, { ...settings, storeDir: modelFolder(settings.model, settings.cacheDir) });
  const dtype = causalDtype(settings.dtype, resolved);
  const file = `model${dtype === 'q8' ? '_quantized' : ''}.onnx`;
  // a hub id goes through fr2en's model store (resumed, verified, locked downloads), then loads locally
  const source: ModelSource =
    resolved.kind === 'local'
      ? resolved
      : {
          kind: 'local',
          id: resolved.id,
          path: (
            await ensureModel(resolved.id, dtype, {
              ...(settings.cacheDir ? { cacheDir: settings.cacheDir } : {}),
              allowRemote: settings.allowRemote ?? remoteAllowedByDefault(),
              ...(onProgress ? { onProgress } : {}),
              files: [
                ...['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/${file}`].map((name) => ({ name, required: true })),
                ...['generation_config.json', `onnx/${file}_data`].map((name) => ({ name, required: false })),
              ],
            })
          ).dir,
        };
  let external: Record<string, number> | undefined;
  if (source.kind === 'local') {
    for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/${file}`]) {
      const full = path.join(source.path, name);
      if ((platform.fileSize(full) ?? 0) <= 0) {
        throw new ModelLoadError(
          `Model \`${source.id}\` is missing the file \`${name}\` (looked at ${full}). A decoder-only model folder needs config.json, tokenizer.json, tokenizer_config.json (with a chat_template) and onnx/${file}` +
            (dtype === 'q8' ? '; or ask for `dtype: "fp32"`.' : '.'),
          { model: source.id, searched: [source.path], file: full },
        );
      }
    }
    if (platform.exists(path.join(source.path, 'onnx', `${file}_data`))) external = { [file]: 1 };
  }
  emit(onProgress, { type: 'load', model: settings.model, status: 'start' });
  const target = source.path;
  const common = { local_files_only: true };
  let tokenizer: TransformersModule;
  let model: TransformersModule;
  try {
    [tokenizer, model] = await Promise.all([
      tf.AutoTokenizer.from_pretrained(target, common),
      tf.AutoModelForCausalLM.from_pretrained(target, {
        ...common,
        dtype,
        device: 'cpu',
        ...(external ? { use_external_data_format: external } : {}),
        session_options: { intraOpNumThreads: settings.threads ?? defaultThreads(), interOpNumThreads: 1, enableCpuMemArena: false },
      }),
    ]);
  } catch (error) {
    throw diagnoseLoadError(source, dtype, error);
  }
  const fail = async (why: string) => {
    await model.dispose?.();
    return new ModelLoadError(`Model \`${settings.model}\` ${why}.`, { model: settings.model });
  };
  const read = readCausalSettings({
    config: model.config ?? {},
    generationConfig: model.generation_config ?? {},
    tokenizerMaxLength: tokenizer.model_max_length,
    tokenizerEos: tokenizer.eos_token_id,
  });
  if (typeof read === 'string') throw await fail(`has ${read}`);
  if (!hasChatTemplate(tokenizer)) throw await fail('has no `chat_template` in tokenizer_config.json: fr2en prompts decoder-only models through it');
  const session = model.sessions?.model;
  if (!supportsCausalDecoding(session)) {
    throw await fail(`has an ONNX graph fr2en's decoder does not recognise (inputs: ${(session?.inputNames ?? []).join(', ')})`);
  }
  const info: BackendModelInfo = { modelId: settings.model, maxInputTokens: read.context, maxOutputTokens: read.context, dtype, chat: true };
  emit(onProgress, { type: 'load', model: settings.model, status: 'ready', ms: performance.now() - started });
  const Tensor = new tf.Tensor('int64', new BigInt64Array(1), [1]).ort_tensor.constructor;
  return { kind: 'causal', tokenizer, model, Tensor, info, settings: read };
}

/** Token count of each text as a chat prompt (template and special tokens included). */
export function countCausalTokens(loaded: LoadedCausal, texts: readonly string[]): number[] {
  return texts.map((t) => chatIds(loaded.tokenizer, t, loaded.info.modelId).length);
}

const decodeText = (loaded: LoadedCausal, ids: readonly number[]) =>
  (loaded.tokenizer.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false }) as string).trim();

/** Generates one output per input (user messages), one row at a time. */
export async function generateCausal(loaded: LoadedCausal, options: BackendGenerateOptions, limits: { maxNew: number[]; minNew: number[] }): Promise<BackendGenerateResult> {
  const { settings, info } = loaded;
  const warnings: Warning[] = [];
  if ((options.beams ?? 1) > 1) {
    warnings.push({
      code: 'option-ignored',
      message: `\`beams: ${options.beams}\` was ignored: fr2en decodes decoder-only models greedily (one row at a time, memory bounded by prompt + output).`,
    });
  }
  warnings.push(...unsupportedWarnings(options, "fr2en's decoder-only loop"));
  const outputs: BackendOutput[] = [];
  let steps = 0;
  let runtimeMs = 0;
  for (const [row, input] of options.inputs.entries()) {
    throwIfAborted(options.signal);
    const prompt = chatIds(loaded.tokenizer, input, info.modelId);
    const room = settings.context - prompt.length;
    if (room < 1) {
      throw new BackendError(
        `A prompt of ${prompt.length} tokens leaves no room in the model's context of ${settings.context} tokens; fr2en splits long articles before this point, so this is a bug or a custom caller's mistake.`,
      );
    }
    const maxNew = Math.min(limits.maxNew[row]!, room);
    let emitted = '';
    let stopAt = -1;
    let rowSteps = 0;
    const onToken = (tokens: readonly number[]): boolean => {
      const text = decodeText(loaded, tokens);
      if (settings.stopStrings.length > 0) {
        const hit = Math.min(...settings.stopStrings.map((s) => text.indexOf(s)).filter((i) => i >= 0));
        if (Number.isFinite(hit)) {
          stopAt = hit;
          return true;
        }
      }
      // stream whole characters only: a token may end inside a multi-byte character (�)
      if (options.onText && text.startsWith(emitted) && text.length > emitted.length && !text.endsWith('\uFFFD')) {
        options.onText({ row, text: text.slice(emitted.length) });
        emitted = text;
      }
      return false;
    };
    let result;
    try {
      result = await causalDecodeRow(loaded.Tensor, loaded.model.sessions.model, {
        prompt,
        maxNew,
        minNew: Math.min(limits.minNew[row]!, maxNew),
        eos: settings.eos,
        noRepeatNgram: options.noRepeatNgramSize ?? settings.noRepeatNgram,
        lengthPenalty: options.lengthPenalty ?? 1,
        kvHeads: settings.kvHeads,
        headDim: settings.headDim,
        signal: options.signal,
        onToken,
        onStep: () => options.onStep?.({ step: steps + ++rowSteps, activeRows: options.inputs.length - row }),
      });
    } catch (error) {
      throwIfAborted(options.signal);
      throw new BackendError(`ONNX Runtime failed while generating: ${(error as Error)?.message ?? error}`, { cause: error });
    }
    steps += result.steps;
    runtimeMs += result.runtimeMs;
    let text = decodeText(loaded, result.tokens);
    if (stopAt >= 0) text = text.slice(0, stopAt).trim();
    if (options.onText && text.length > emitted.length && text.startsWith(emitted)) options.onText({ row, text: text.slice(emitted.length) });
    outputs.push({ text, tokens: result.tokens.length, finished: result.finished, score: result.score, ...unmetByText(options, row, text) });
  }
  return { outputs, steps, runtimeMs, ...(warnings.length > 0 ? { warnings } : {}) };
}
