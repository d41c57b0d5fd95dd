/**
 * The default backend: transformers.js (`@huggingface/transformers`) on ONNX Runtime.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { AbortError, BackendError, DisposedError, ModelLoadError, throwIfAborted } from '../../errors.js';
import { emit, type ProgressCallback } from '../../progress.js';
import { onnxSuffix } from '../../models/manifest.js';
import {
  requiredFiles,
  resolveModelSource,
  type ModelSource,
  type ModelSourceOptions,
} from '../../models/resolve.js';
import type {
  BackendGenerateOptions,
  BackendGenerateResult,
  BackendModelInfo,
  BackendOutput,
  BackendV1,
} from '../spec.js';
import { leanDecode, supportsLeanDecoding } from './decode.js';
import { importTransformers, type TransformersModule } from './load.js';
import { inputNormalizer } from '../normalize/index.js';
import { loadModelTokenizer, type ModelTokenizer } from './tokenizer.js';

/** Weight types fr2en loads. `auto` picks `q8` where the model ships it and the task tolerates it, else `fp32`. */
export type Dtype = 'auto' | 'fp32' | 'q8';

/** Settings of {@link createTransformersBackend}. */
export interface TransformersBackendSettings extends ModelSourceOptions {
  /** Hugging Face model id or local folder. */
  model: string;
  /**
   * What the model does; decides the input prefix (T5's `summarize: `) and what `dtype: 'auto'` means.
   * @default 'translation'
   */
  task?: 'translation' | 'summarization';
  /**
   * Weight type. `auto`: `q8` for translation when the model ships `*_quantized.onnx`, `fp32` otherwise
   * (int8 is known to hurt some summarisation models).
   * @default 'auto'
   */
  dtype?: Dtype;
  /**
   * ONNX Runtime intra-op threads.
   * @default half the available cores (at least 1): on a 2-core machine one thread decodes
   * ~25 % faster than two (batch-8 matmuls are too small to pay for the pool's synchronisation);
   * see BENCHMARKS.md
   */
  threads?: number;
  /**
   * Decoding loop: `lean` drives the ONNX sessions directly and drops finished rows from the
   * batch; `library` uses transformers.js's `generate()`. Models whose graphs `lean` does not
   * recognise use `library`.
   * @default 'lean'
   */
  decoder?: 'lean' | 'library';
  /** Inject the transformers.js module instead of importing it (tests, bundlers). */
  transformers?: TransformersModule;
}

interface Loaded {
  tf: TransformersModule;
  /** Encodes and decodes: Marian's own files when the folder has them, else tokenizer.json. */
  tokenizer: ModelTokenizer;
  /** The model family's input normalisation (OPUS-MT's for Marian), applied to what the model sees. */
  normalize: (text: string) => string;
  model: TransformersModule;
  info: BackendModelInfo;
  prefix: string;
  eos: number[];
  padId: number;
  /** The model's generation settings (generation_config.json), the defaults of every call. */
  generation: ModelGeneration;
  /** ONNX Runtime's Tensor class, when the lean loop can drive this model. */
  lean: { Tensor: TransformersModule; decoderStart: number; forcedBos: number | undefined; banned: number[]; noRepeatNgram: number } | undefined;
}

/** The generation settings fr2en takes from a model's generation_config.json (or config.json). */
export interface ModelGeneration {
  /** `num_beams`, else 1. */
  beams: number;
  /** `length_penalty`, else 1. */
  lengthPenalty: number;
  /** `early_stopping`, else false. */
  earlyStopping: boolean | 'never';
  /** `min_length` − 1 (the decoder start token counts in transformers' lengths), else 0. */
  minNewTokens: number;
  /** `renormalize_logits`, else false. */
  renormalize: boolean;
}

/** Reads the generation defaults of a model from its generation config, then its config. */
export function modelGeneration(gen: Record<string, unknown>, config: Record<string, unknown>): ModelGeneration {
  const pick = (key: string) => gen[key] ?? config[key];
  const early = pick('early_stopping');
  const lp = Number(pick('length_penalty'));
  return {
    beams: Math.max(1, Math.floor(Number(pick('num_beams')) || 1)),
    lengthPenalty: Number.isFinite(lp) && pick('length_penalty') !== null && pick('length_penalty') !== undefined ? lp : 1,
    earlyStopping: early === 'never' ? 'never' : early === true,
    minNewTokens: Math.max(0, Math.floor(Number(pick('min_length')) || 0) - 1),
    renormalize: pick('renormalize_logits') === true,
  };
}

/** Half the available cores, at least one. */
export function defaultThreads(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * `auto`: int8 for translation (where the model ships it), fp32 for summaries (int8 is known
 * to hurt some summarisation models); a local folder holding only the other type uses that.
 */
export function chooseDtype(dtype: Dtype, task: string, source: ModelSource): 'fp32' | 'q8' {
  if (dtype !== 'auto') return dtype;
  const preferred = task === 'translation' ? 'q8' : 'fp32';
  if (source.kind === 'remote') return preferred;
  const present = (d: string) => requiredFiles(onnxSuffix(d)).filter((f) => existsSync(path.join(source.path, f))).length;
  const other = preferred === 'q8' ? 'fp32' : 'q8';
  // the complete one, else the one closest to complete (so an error names the file really missing)
  return present(other) > present(preferred) ? other : preferred;
}

/** Checks a local folder has every file transformers.js needs, naming the first one missing or empty. */
function checkLocalFiles(source: Extract<ModelSource, { kind: 'local' }>, dtype: string): void {
  for (const file of requiredFiles(onnxSuffix(dtype))) {
    const full = path.join(source.path, file);
    let size = -1;
    try {
      size = statSync(full).size;
    } catch {
      // missing
    }
    if (size <= 0) {
      throw new ModelLoadError(
        `Model \`${source.id}\` is missing ${size === 0 ? 'a non-empty' : 'the file'} \`${file}\` (looked at ${full}). ` +
          `A model folder needs ${requiredFiles(onnxSuffix(dtype)).join(', ')}` +
          (dtype === 'q8' ? '; or ask for `dtype: "fp32"`.' : '.'),
        { model: source.id, searched: [source.path], file: full },
      );
    }
  }
}

/** Finds which file of a local model an opaque loading error is about, when the message says. */
function fileFromError(source: ModelSource, dtype: string, error: unknown): string | undefined {
  const message = String((error as Error)?.message ?? error);
  for (const file of requiredFiles(onnxSuffix(dtype)).concat('generation_config.json')) {
    if (message.includes(file)) return source.kind === 'local' ? path.join(source.path, file) : file;
  }
  return undefined;
}

/** The first JSON file of a local model that does not parse, if any. */
function invalidJsonFile(dir: string): string | undefined {
  for (const name of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    const file = path.join(dir, name);
    if (!existsSync(file)) continue;
    try {
      JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return file;
    }
  }
  return undefined;
}

/**
 * Creates a backend that runs a Marian/BART/T5-style model with transformers.js.
 * The model loads on first use (lazy `import()`, memoised, retried after a failure).
 *
 * @example
 * const backend = createTransformersBackend({ model: 'Xenova/opus-mt-fr-en', dtype: 'q8' });
 */
export function createTransformersBackend(settings: TransformersBackendSettings): BackendV1 {
  const task = settings.task ?? 'translation';
  const requestedDtype = settings.dtype ?? 'auto';
  const threads = settings.threads ?? defaultThreads();
  let loading: Promise<Loaded> | undefined;
  let disposed = false;

  async function load(onProgress?: ProgressCallback): Promise<Loaded> {
    const started = performance.now();
    const tf = settings.transformers ?? (await importTransformers());
    const source = resolveModelSource(settings.model, { ...settings, defaultCacheDir: tf.env?.cacheDir });
    const dtype = chooseDtype(requestedDtype, task, source);
    if (source.kind === 'local') checkLocalFiles(source, dtype);
    emit(onProgress, { type: 'load', model: settings.model, status: 'start' });

    const target = source.kind === 'local' ? source.path : source.id;
    // a mirror of the hub (transformers.js reads its address from its global env)
    if (source.kind === 'remote' && process.env.FR2EN_HUB_URL && tf.env) {
      tf.env.remoteHost = process.env.FR2EN_HUB_URL.replace(/\/*$/, '/');
    }
    const common = {
      local_files_only: source.kind === 'local',
      ...(settings.cacheDir ? { cache_dir: settings.cacheDir } : {}),
      progress_callback:
        source.kind === 'remote'
          ? (p: { status: string; file?: string; loaded?: number; total?: number }) => {
              if (p.status === 'progress' && p.file)
                emit(onProgress, {
                  type: 'download',
                  model: source.id,
                  file: p.file,
                  loaded: p.loaded ?? 0,
                  ...(p.total ? { total: p.total } : {}),
                });
            }
          : undefined,
    };
    let tokenizer: TransformersModule;
    let model: TransformersModule;
    // transformers.js logs notices (e.g. about MarianTokenizer) with console.warn while loading;
    // fr2en reports through results, not logs, so quiet them during the load unless asked for
    const logLevel = tf.env?.logLevel;
    const quiet = tf.LogLevel && logLevel === tf.LogLevel.WARNING;
    if (quiet) tf.env.logLevel = tf.LogLevel.ERROR;
    try {
      [tokenizer, model] = await Promise.all([
        tf.AutoTokenizer.from_pretrained(target, common),
        tf.AutoModelForSeq2SeqLM.from_pretrained(target, {
          ...common,
          dtype,
          device: 'cpu',
          // no CPU memory arena: measured 40-70 MB lower peak RSS at the same speed (BENCHMARKS.md)
          session_options: { intraOpNumThreads: threads, interOpNumThreads: 1, enableCpuMemArena: false },
        }),
      ]);
    } catch (error) {
      if (quiet) tf.env.logLevel = logLevel;
      const file = fileFromError(source, dtype, error) ?? (source.kind === 'local' ? invalidJsonFile(source.path) : undefined);
      const why = String((error as Error)?.message ?? error).split('\n')[0];
      if (source.kind === 'remote') {
        throw new ModelLoadError(
          `Could not get model \`${source.id}\` from the Hugging Face hub (${why}). Searched locally: ${source.searched.map((d) => path.join(d, source.id)).join(', ') || 'nothing'}. ` +
            'Offline? Run `fr2en models pull` where there is internet, copy the models/ folder here and point `modelsDir` (or FR2EN_MODELS_DIR) at it.',
          { model: source.id, searched: source.searched, ...(file ? { file } : {}), cause: error },
        );
      }
      throw new ModelLoadError(
        `Could not load model \`${source.id}\` from ${source.path}${file ? `: file \`${path.basename(file)}\` is unreadable or corrupt` : ''} (${why}).`,
        { model: source.id, searched: [source.path], ...(file ? { file } : {}), cause: error },
      );
    }

    if (quiet) tf.env.logLevel = logLevel;
    const config = model.config ?? {};
    const gen = model.generation_config ?? {};
    const positions = num(config.max_position_embeddings) ?? 512;
    const tokLimit = num(tokenizer.model_max_length);
    const maxInputTokens = Math.min(positions, tokLimit && tokLimit < 1e6 ? tokLimit : positions);
    const eosRaw = gen.eos_token_id ?? config.eos_token_id;
    const eos = (Array.isArray(eosRaw) ? eosRaw : [eosRaw]).filter((x: unknown): x is number => typeof x === 'number');
    if (eos.length === 0) {
      throw new ModelLoadError(`Model \`${settings.model}\` has no \`eos_token_id\` in config.json or generation_config.json.`, {
        model: settings.model,
      });
    }
    const prefix: string =
      (typeof config.prefix === 'string' ? config.prefix : undefined) ??
      config.task_specific_params?.[task]?.prefix ??
      '';
    const modelType = typeof config.model_type === 'string' ? config.model_type : undefined;
    let chosen: Awaited<ReturnType<typeof loadModelTokenizer>>;
    try {
      chosen = await loadModelTokenizer({ tokenizer, modelType, dir: source.kind === 'local' ? source.path : undefined });
    } catch (error) {
      await model.dispose?.();
      throw error;
    }
    const info: BackendModelInfo = {
      modelId: settings.model,
      maxInputTokens,
      maxOutputTokens: positions,
      dtype,
      ...(chosen.warnings.length > 0 ? { warnings: chosen.warnings } : {}),
    };
    const generation = modelGeneration(gen, config);
    let lean: Loaded['lean'];
    const decoderStart = gen.decoder_start_token_id ?? config.decoder_start_token_id;
    if ((settings.decoder ?? 'lean') === 'lean' && supportsLeanDecoding(model.sessions) && typeof decoderStart === 'number') {
      const badWords: unknown = gen.bad_words_ids ?? config.bad_words_ids;
      const banned = Array.isArray(badWords)
        ? badWords.filter((w): w is number[] => Array.isArray(w) && w.length === 1).map((w) => w[0]!)
        : [];
      const forced = gen.forced_bos_token_id ?? config.forced_bos_token_id;
      lean = {
        Tensor: new tf.Tensor('int64', new BigInt64Array(1), [1]).ort_tensor.constructor,
        decoderStart,
        forcedBos: typeof forced === 'number' ? forced : undefined,
        banned,
        noRepeatNgram: Number(gen.no_repeat_ngram_size ?? config.no_repeat_ngram_size ?? 0) || 0,
      };
    }
    emit(onProgress, { type: 'load', model: settings.model, status: 'ready', ms: performance.now() - started });
    const padId = Number(config.pad_token_id ?? gen.pad_token_id ?? tokenizer.pad_token_id ?? eos[0]);
    return { tf, tokenizer: chosen.tokenizer, normalize: inputNormalizer(modelType), model, info, prefix, eos, padId, generation, lean };
  }

  function ensure(onProgress?: ProgressCallback): Promise<Loaded> {
    if (disposed) return Promise.reject(new DisposedError('backend'));
    loading ??= load(onProgress).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  }

  async function generate(options: BackendGenerateOptions): Promise<BackendGenerateResult> {
    const loaded = await ensure();
    const { tf, tokenizer, normalize, model, prefix, eos } = loaded;
    const rows = options.inputs.length;
    if (rows === 0) return { outputs: [], steps: 0 };
    throwIfAborted(options.signal);
    const perRow = (v: number | readonly number[] | undefined, fallback: number) =>
      Array.from({ length: rows }, (_, i) => (typeof v === 'number' ? v : (v?.[i] ?? fallback)));
    const maxNew = perRow(options.maxNewTokens, loaded.info.maxOutputTokens);
    const minNew = perRow(options.minNewTokens, loaded.generation.minNewTokens);
    const eosId = eos[0]!;

    const texts = options.inputs.map((t) => prefix + normalize(t));
    // tokenise and right-pad ourselves: the tokenizer's own padding caps rows at model_max_length
    const ids: number[][] = texts.map((t) => tokenizer.encode(t));
    const longest = Math.max(1, ...ids.map((r) => r.length));
    const pad = BigInt(loaded.padId);
    const inputIds = new BigInt64Array(rows * longest).fill(pad);
    const attentionMask = new BigInt64Array(rows * longest);
    ids.forEach((row, r) => {
      for (let k = 0; k < row.length; k++) {
        inputIds[r * longest + k] = BigInt(row[k]!);
        attentionMask[r * longest + k] = 1n;
      }
    });
    if (longest > loaded.info.maxInputTokens) {
      throw new BackendError(
        `An input of ${longest} tokens exceeds the model's limit of ${loaded.info.maxInputTokens}; fr2en splits sentences before this point, so this is a bug or a custom caller's mistake.`,
      );
    }

    if (loaded.lean) {
      const { Tensor, decoderStart, forcedBos, banned, noRepeatNgram } = loaded.lean;
      let result;
      try {
        result = await leanDecode(Tensor, model.sessions, {
          inputIds,
          attentionMask,
          batch: rows,
          length: longest,
          maxNew: maxNew.map((m) => Math.min(m, loaded.info.maxOutputTokens - 1)),
          minNew,
          eos,
          decoderStart,
          forcedBos,
          banned,
          noRepeatNgram: options.noRepeatNgramSize ?? noRepeatNgram,
          beams: options.beams ?? loaded.generation.beams,
          lengthPenalty: options.lengthPenalty ?? loaded.generation.lengthPenalty,
          earlyStopping: options.earlyStopping ?? loaded.generation.earlyStopping,
          renormalize: loaded.generation.renormalize,
          signal: options.signal,
          onStep: options.onStep,
        });
      } catch (error) {
        throwIfAborted(options.signal);
        throw new BackendError(`ONNX Runtime failed while generating: ${(error as Error)?.message ?? error}`, { cause: error });
      }
      const outputs = result.tokens.map((ids, i) => ({
        text: tokenizer.decode(ids),
        tokens: ids.length,
        finished: result.finished[i]!,
        score: result.scores[i]!,
      }));
      return { outputs, steps: result.steps, runtimeMs: result.runtimeMs };
    }

    // Per-row budget and end-of-row handling: transformers.js keeps decoding rows that ended,
    // so force the end token on them (and at each row's own cap), and keep it off below the minimum.
    let startLength = -1;
    const ended = new Array<boolean>(rows).fill(false);
    const capped = new Array<boolean>(rows).fill(false);
    class RowBudget extends tf.LogitsProcessor {
      _call(inputIds: bigint[][], logits: TransformersModule) {
        if (startLength < 0) startLength = inputIds[0]!.length;
        for (let i = 0; i < inputIds.length; i++) {
          const ids = inputIds[i]!;
          const n = ids.length - startLength;
          if (!ended[i] && n > 0 && eos.includes(Number(ids[ids.length - 1]))) ended[i] = true;
          const data = logits[i].data as Float32Array;
          if (ended[i] || n >= maxNew[i]!) {
            if (!ended[i]) capped[i] = true;
            data.fill(-Infinity);
            data[eosId] = 0;
          } else if (n < minNew[i]!) {
            for (const e of eos) data[e] = -Infinity;
          }
        }
        return logits;
      }
    }
    let steps = 0;
    class Watch extends tf.StoppingCriteria {
      _call(inputIds: bigint[][]) {
        steps++;
        options.onStep?.({ step: steps, activeRows: ended.filter((e) => !e).length });
        return inputIds.map(() => options.signal?.aborted === true);
      }
    }
    const maxSteps = Math.min(Math.max(...maxNew) + 1, loaded.info.maxOutputTokens);
    let sequences: TransformersModule;
    try {
      sequences = await model.generate({
        input_ids: new tf.Tensor('int64', inputIds, [rows, longest]),
        attention_mask: new tf.Tensor('int64', attentionMask, [rows, longest]),
        max_new_tokens: maxSteps,
        num_beams: 1,
        do_sample: false,
        min_length: 0, // fr2en's per-row minimum (RowBudget) replaces the model's
        ...(options.noRepeatNgramSize !== undefined ? { no_repeat_ngram_size: options.noRepeatNgramSize } : {}),
        logits_processor: [new RowBudget()],
        stopping_criteria: [new Watch()],
      });
    } catch (error) {
      throwIfAborted(options.signal);
      throw new BackendError(`transformers.js failed while generating: ${(error as Error)?.message ?? error}`, {
        cause: error,
      });
    }
    if (options.signal?.aborted) throw new AbortError(undefined, { cause: options.signal.reason });
    const lists: bigint[][] = sequences.tolist();
    const outputs: BackendOutput[] = lists.map((ids, i) => {
      // tokens up to (not including) the first end token, after the decoder start
      const body: bigint[] = [];
      for (let k = Math.max(1, startLength); k < ids.length; k++) {
        if (eos.includes(Number(ids[k]))) break;
        body.push(ids[k]!);
      }
      return { text: tokenizer.decode(body), tokens: body.length, finished: !capped[i] };
    });
    sequences.dispose?.();
    return { outputs, steps };
  }

  return {
    specificationVersion: 'v1',
    provider: 'transformers.js',
    modelId: settings.model,
    async doLoad({ signal, onProgress }) {
      throwIfAborted(signal);
      return (await ensure(onProgress)).info;
    },
    async doCountTokens(texts) {
      const { tokenizer, normalize, prefix } = await ensure();
      return texts.map((t) => tokenizer.encode(prefix + normalize(t)).length);
    },
    doGenerate: generate,
    async doDispose() {
      disposed = true;
      const current = loading;
      loading = undefined;
      if (!current) return;
      try {
        const { model } = await current;
        await model.dispose?.();
      } catch {
        // a load that failed has nothing to free
      }
    },
  };
}
