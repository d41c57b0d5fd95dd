/**
 * The summariser: abstractive summaries through a backend (map-reduce when the text exceeds the
 * model's input limit, `abstractive.ts`) or extractive ones (TextRank, no model). It reads English,
 * and a chat model also reads French; how French becomes an English summary otherwise (translate
 * first, or pick then translate) is the route module's decision (`pipeline/route/`), which the
 * public `createSummarizer` wraps around this one.
 */
import type { Dtype } from '../backend/dtype.js';
import { vetSummary } from '../quality/index.js';
import type { Backend, BackendModelInfo } from '../backend/spec.js';
import { InputError, throwIfAborted } from '../errors.js';
import { instanceCoreFrom, MODEL_OPTIONS, normalizeModelOptions, type InstanceCore, type ModelOptions, type ResolvedModelOptions } from '../instance/index.js';
import { isLikelyFrench } from '../lang/detect.js';
import { DEFAULT_SUMMARIZATION_MODEL } from '../models/manifest.js';
import { emit, type ProgressCallback } from '../progress.js';
import { segment } from '../segment/index.js';
import { checkInteger, checkOptions, describe } from '../validate.js';
import type { Warning } from '../warnings.js';
import { chatSummary, seq2seqSummary, type Written } from './abstractive.js';
import { checkText, extractiveSummary, resolveSummarizeOptions, type ResolvedCall, type SummarizeOptions, type SummaryResult } from './call.js';
import type { Generate } from './map-reduce.js';

export {
  extractiveSummary,
  resolveSummarizeOptions,
  type ResolvedCall,
  type SummarizeOptions,
  type SummaryGeneration,
  type SummaryResult,
} from './call.js';

/** Options of the summariser itself: the shared model options (with the summarizer's defaults) and its own; the public `SummarizerOptions` add a translator for French input. */
export interface BaseSummarizerOptions extends ModelOptions {
  /**
   * Hugging Face id or local folder of a BART/T5/Pegasus-style summarisation model.
   * @default 'Xenova/distilbart-cnn-6-6'
   */
  model?: string;
  /** Weight type; `auto` means fp32 for summaries (int8 hurts some summarisation models). @default 'auto' */
  dtype?: Dtype;
  /** A backend of your own; the model options are then ignored. */
  backend?: Backend;
  /** ONNX Runtime threads. @default half the available cores (at least 1) */
  threads?: number;
  /** Chunks summarised in one model call (rows of a batch) in the map pass. @default 2 */
  mapBatchSize?: number;
  /** @deprecated The old name of {@link BaseSummarizerOptions.mapBatchSize}; still accepted. */
  concurrency?: number;
  /** Beams: 1 is greedy decoding (fastest). @default the model's `num_beams` (4 for distilbart), else 1 */
  beams?: number;
  /**
   * Background shared by every call (the Summarizer specification's `sharedContext`), for chat
   * models (read as context, not instructions). Seq2seq models ignore it.
   */
  sharedContext?: string;
  /**
   * Translation model for French input (see `english`), loaded on the first French call that
   * needs it, with the same `modelsDir`/`allowRemote`/`cacheDir`/`threads`; unused when a
   * `translator` is given.
   * @default 'Xenova/opus-mt-fr-en'
   */
  translationModel?: string;
}

/** A summarizer: loads its model on the first abstractive call, once. */
export interface Summarizer {
  readonly model: string;
  /** Summarises text; French text gives an English summary (see `SummarizeOptions.english`). */
  summarize(text: string, options?: SummarizeOptions): Promise<SummaryResult>;
  /** Loads the model now. */
  load(options?: { signal?: AbortSignal; onProgress?: ProgressCallback }): Promise<BackendModelInfo>;
  /** Frees the model; later abstractive calls reject with `DisposedError`. */
  dispose(): Promise<void>;
}

const SUMMARIZER_OPTIONS = [...MODEL_OPTIONS, 'mapBatchSize', 'concurrency', 'beams', 'sharedContext', 'translationModel'] as const satisfies readonly (keyof BaseSummarizerOptions)[];

/** Summarizer options, checked, defaults filled in, model options resolved. */
export interface ResolvedSummarizerOptions {
  model: ResolvedModelOptions;
  mapBatchSize: number;
  defaultBeams: number | undefined;
  sharedContext: string | undefined;
}

/**
 * Normalises `createSummarizer`'s own options once (the translator for French input is the
 * public entry's).
 * @throws InputError naming the option at fault
 */
export function normalizeSummarizerOptions(options: BaseSummarizerOptions | undefined): ResolvedSummarizerOptions {
  const o = checkOptions(options, SUMMARIZER_OPTIONS, 'createSummarizer');
  const legacyConcurrency = checkInteger(o.concurrency, 'concurrency', 1, 64);
  return {
    mapBatchSize: checkInteger(o.mapBatchSize, 'mapBatchSize', 1, 64) ?? legacyConcurrency ?? 2,
    defaultBeams: checkInteger(o.beams, 'beams', 1, 64),
    sharedContext: checkText(o.sharedContext, 'sharedContext'),
    model: normalizeModelOptions(o, 'summarization', DEFAULT_SUMMARIZATION_MODEL),
  };
}

/** The backend call of one summary: locked, abort-checked, caps clamped, backend warnings collected once. */
function generatorFor(core: InstanceCore, info: BackendModelInfo, call: ResolvedCall, beams: number | undefined, warnings: Warning[]): Generate {
  const cap = Math.max(1, info.maxOutputTokens - 2);
  const { lengthPenalty, earlyStopping } = call.generation;
  return async (inputs, maxNewTokens, minNewTokens, onText) => {
    throwIfAborted(call.signal);
    const result = await core.lock(() =>
      core.backend.doGenerate({
        inputs,
        maxNewTokens: inputs.map(() => Math.min(cap, maxNewTokens)),
        minNewTokens: inputs.map(() => Math.min(cap, minNewTokens, maxNewTokens)),
        // chat models follow the prompt's length; n-gram bans would break their bullet pattern
        ...(info.chat ? {} : { noRepeatNgramSize: 3 }),
        ...(onText ? { onText } : {}),
        ...(beams !== undefined ? { beams } : {}),
        ...(lengthPenalty !== undefined ? { lengthPenalty } : {}),
        ...(earlyStopping !== undefined ? { earlyStopping } : {}),
        ...(call.signal ? { signal: call.signal } : {}),
      }),
    );
    for (const warning of result.warnings ?? []) {
      if (!warnings.some((w) => w.code === warning.code && w.message === warning.message)) warnings.push(warning);
    }
    return result;
  };
}

/** The one place a summary result is assembled. */
function summaryResult(method: SummaryResult['method'], model: string, written: Written, warnings: Warning[]): SummaryResult {
  return {
    summary: written.summary,
    method,
    chunks: written.chunks,
    warnings,
    model,
    ...(written.score !== undefined ? { score: written.score } : {}),
    flags: [],
  };
}

/** True when the call's text is French (`language`, else detected). */
export function isFrenchText(text: string, language: ResolvedCall['language']): boolean {
  return language === 'fr' || (language === 'auto' && isLikelyFrench(text));
}

/**
 * Creates the summariser of English text (and of French text, for a chat model). French text
 * and a seq2seq model is an `InputError`: the English model never runs on French.
 */
export function createBaseSummarizer(options: BaseSummarizerOptions = {}): Summarizer {
  const settings = normalizeSummarizerOptions(options);
  // one model call at a time: the map pass batches its chunks instead
  const core = instanceCoreFrom(settings.model, { kind: 'summarizer', inFlight: 1 });
  const { modelName } = core;

  async function abstractive(text: string, call: ResolvedCall): Promise<SummaryResult> {
    core.assertLive();
    const info = await core.load({ ...(call.signal ? { signal: call.signal } : {}), ...(call.onProgress ? { onProgress: call.onProgress } : {}) });
    if (!info.chat && isFrenchText(text, call.language)) {
      throw new InputError(
        `The text looks French, and ${modelName} summarises English: let fr2en translate it first (\`english: true\`, the default), or pass \`language: 'en'\` if it is English.`,
        { option: 'english' },
      );
    }
    const warnings: Warning[] = [...(info.warnings ?? [])]; // the model's own problems, once per result
    const job = {
      text,
      info,
      call,
      sharedContext: settings.sharedContext,
      mapBatchSize: settings.mapBatchSize,
      generate: generatorFor(core, info, call, call.generation.beams ?? settings.defaultBeams, warnings),
      count: (t: readonly string[]) => core.backend.doCountTokens(t),
      warnings,
    };
    const written = info.chat ? await chatSummary(job) : await seq2seqSummary(job);
    return summaryResult('abstractive', modelName, written, warnings);
  }

  async function summarize(text: string, options?: SummarizeOptions): Promise<SummaryResult> {
    if (typeof text !== 'string') {
      throw new InputError(`Expected \`text\` (the text to summarise) to be a string, got ${describe(text)}.`, { option: 'text' });
    }
    const call = resolveSummarizeOptions(options);
    const started = performance.now();
    throwIfAborted(call.signal);
    if (text.trim().length === 0) {
      return { summary: '', method: call.method, chunks: 0, warnings: [], model: call.method === 'extractive' ? 'extractive' : modelName, flags: [] };
    }
    const result =
      call.method === 'extractive'
        ? summaryResult('extractive', 'extractive', { summary: extractiveSummary(segment(text).map((s) => s.text), call).summary, chunks: 0 }, [])
        : await abstractive(text, call);
    emit(call.onProgress, { type: 'done', ms: performance.now() - started });
    return { ...result, flags: vetSummary(text, result.summary) };
  }

  return {
    model: modelName,
    summarize,
    load: (loadOptions) => core.load(loadOptions),
    dispose: () => core.dispose(),
  };
}
