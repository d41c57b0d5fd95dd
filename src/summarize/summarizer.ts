/**
 * Summaries: abstractive through a backend (map-reduce over token-counted chunks when the
 * text exceeds the model's input limit) or extractive (TextRank, no model).
 */
import type { Dtype } from '../backend/dtype.js';
import type { Backend, BackendModelInfo } from '../backend/spec.js';
import { InputError, throwIfAborted } from '../errors.js';
import { createInstanceCore, MODEL_OPTIONS, sharedInstance } from '../instance/index.js';
import { isLikelyFrench } from '../lang/detect.js';
import { DEFAULT_SUMMARIZATION_MODEL } from '../models/manifest.js';
import type { ModelSourceOptions } from '../models/resolve.js';
import { emit, type ProgressCallback } from '../progress.js';
import { segment } from '../segment/index.js';
import { packToLimit } from '../text/budget.js';
import { checkBeamOptions, checkBoolean, checkEnum, checkFunction, checkInteger, checkOptions, checkSignal, describe } from '../validate.js';
import { vetSummary } from '../quality/index.js';
import type { QualityFlag } from '../quality/types.js';
import type { Warning } from '../warnings.js';
import { summarizeWithChat } from './chat.js';
import { rankSentences, selectSentences } from './extractive.js';
import {
  formatSummary,
  SUMMARY_FORMATS,
  SUMMARY_LANGUAGES,
  SUMMARY_LENGTHS,
  SUMMARY_METHODS,
  SUMMARY_TYPES,
  summaryPlan,
  type SummaryFormat,
  type SummaryLanguage,
  type SummaryLength,
  type SummaryMethod,
  type SummaryType,
} from './options.js';

/** Options of one summary call. */
export interface SummarizeOptions {
  /** `abstractive` (model) or `extractive` (sentences picked, no model, instant). @default 'abstractive' */
  method?: SummaryMethod;
  /** @default 'key-points' */
  type?: SummaryType;
  /** @default 'medium' */
  length?: SummaryLength;
  /** @default 'plain-text' */
  format?: SummaryFormat;
  /** Language of the text, for extractive stop words. @default 'auto' */
  language?: SummaryLanguage;
  /**
   * French text gives an English summary (#11): `abstractive` translates the text first, then
   * summarises the English; `extractive` picks French sentences, then translates the picks.
   * `false`: extractive returns the French sentences, and abstractive refuses French
   * (`InputError`): the English summarisation model is never run on French.
   * @default true
   */
  english?: boolean;
  /**
   * Generation overrides: token caps for the final abstractive pass (they replace the type/length
   * table's), beam settings for every pass (see `GenerationOptions` of `translate`).
   */
  generation?: SummaryGeneration;
  /** Cancels the call (`AbortError`). */
  signal?: AbortSignal;
  /** Receives `summary` progress events (chunks done). */
  onProgress?: ProgressCallback;
  /**
   * Background for this call (the Summarizer specification's `context`), e.g. the article's
   * audience; a chat model reads it as context, not instructions. Seq2seq models ignore it.
   */
  context?: string;
  /**
   * Receives the final summary's raw text as the model writes it, in deltas (chat models; the
   * returned `summary` is that text checked against the type and formatted). Seq2seq models never call it.
   */
  onText?: (delta: string) => void;
}

/** Generation overrides of a summary call. */
export interface SummaryGeneration {
  /** Cap on generated tokens of the final pass. @default from the type/length table */
  maxNewTokens?: number;
  /** Generated tokens before the model may stop, final pass. @default from the type/length table */
  minNewTokens?: number;
  /** Beams: 1 is greedy decoding (fastest). @default the summarizer's `beams`, else the model's `num_beams` (4 for distilbart) */
  beams?: number;
  /** Beam search length exponent. @default the model's `length_penalty` (2 for distilbart), else 1 */
  lengthPenalty?: number;
  /** When beam search stops. @default the model's `early_stopping`, else false */
  earlyStopping?: boolean | 'never';
}

/** What a summary call returns. */
export interface SummaryResult {
  /** The summary, formatted per `type` and `format`. */
  summary: string;
  /** How it was made. */
  method: SummaryMethod;
  /** Input chunks summarised in the first (map) pass: 1 when the text fit the model (0 for extractive or empty input). */
  chunks: number;
  /** Non-fatal problems, e.g. `summary-chunked`. */
  warnings: Warning[];
  /** The model that wrote it (abstractive), or `extractive`. */
  model: string;
  /** French input: how the English summary was made, and the translation model used. */
  fromFrench?: { route: 'translate-then-summarize' | 'pick-then-translate'; translationModel: string };
  /**
   * Abstractive: the final pass's score (sum of the generated tokens' log-probabilities divided by
   * length^lengthPenalty; at most 0, higher is more probable), when the backend reports it.
   */
  score?: number;
  /** What is suspect in the summary: a number or a name it states that the text does not have (see `vetSummary`); `[]` when nothing is. */
  flags: QualityFlag[];
}

/** Options of {@link createSummarizer}. */
export interface SummarizerOptions extends ModelSourceOptions {
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
  /** @deprecated The old name of {@link SummarizerOptions.mapBatchSize}; still accepted. */
  concurrency?: number;
  /** Beams: 1 is greedy decoding (fastest). @default the model's `num_beams` (4 for distilbart), else 1 */
  beams?: number;
  /**
   * Background shared by every call (the Summarizer specification's `sharedContext`), for chat
   * models (read as context, not instructions). Seq2seq models ignore it.
   */
  sharedContext?: string;
  /**
   * Translation model for French input (see `english`), loaded on the first French call with the
   * same `modelsDir`/`allowRemote`/`cacheDir`/`threads`.
   * @default 'Xenova/opus-mt-fr-en'
   */
  translationModel?: string;
}

/** What the summarizer needs to translate French input (a `Translator` fits); injected from the pipeline layer. */
export interface FrenchTranslator {
  readonly model: string;
  translate(
    text: string,
    options?: { signal?: AbortSignal; onProgress?: ProgressCallback },
  ): Promise<{ text: string; sentences: ReadonlyArray<{ translation: string }>; warnings: Warning[] }>;
}

/** A summarizer: loads its model on the first abstractive call, once. */
export interface Summarizer {
  readonly model: string;
  /** Summarises English (abstractive) or French/English (extractive) text. */
  summarize(text: string, options?: SummarizeOptions): Promise<SummaryResult>;
  /** Loads the model now. */
  load(options?: { signal?: AbortSignal; onProgress?: ProgressCallback }): Promise<BackendModelInfo>;
  /** Frees the model; later abstractive calls reject with `DisposedError`. */
  dispose(): Promise<void>;
}

const SUMMARIZER_OPTIONS = [...MODEL_OPTIONS, 'mapBatchSize', 'concurrency', 'beams', 'sharedContext', 'translationModel'] as const;
const CALL_OPTIONS = ['method', 'type', 'length', 'format', 'language', 'english', 'generation', 'signal', 'onProgress', 'context', 'onText'] as const;

interface ResolvedCall {
  method: SummaryMethod;
  type: SummaryType;
  length: SummaryLength;
  format: SummaryFormat;
  language: SummaryLanguage;
  english: boolean;
  generation: SummaryGeneration;
  signal: AbortSignal | undefined;
  onProgress: ProgressCallback | undefined;
  context: string | undefined;
  onText: ((delta: string) => void) | undefined;
}

/** Validates summary call options and fills in the defaults. */
export function resolveSummarizeOptions(options: unknown, where = 'summarize'): ResolvedCall {
  const o = checkOptions(options, CALL_OPTIONS, where);
  const generation = o.generation === undefined ? {} : checkOptions(o.generation, ['maxNewTokens', 'minNewTokens', 'beams', 'lengthPenalty', 'earlyStopping'], 'generation');
  checkBeamOptions(generation);
  checkInteger(generation.maxNewTokens, 'generation.maxNewTokens', 1);
  checkInteger(generation.minNewTokens, 'generation.minNewTokens', 0);
  return {
    method: checkEnum(o.method, 'method', SUMMARY_METHODS) ?? 'abstractive',
    type: checkEnum(o.type, 'type', SUMMARY_TYPES) ?? 'key-points',
    length: checkEnum(o.length, 'length', SUMMARY_LENGTHS) ?? 'medium',
    format: checkEnum(o.format, 'format', SUMMARY_FORMATS) ?? 'plain-text',
    language: checkEnum(o.language, 'language', SUMMARY_LANGUAGES) ?? 'auto',
    english: checkBoolean(o.english, 'english') ?? true,
    generation: generation as ResolvedCall['generation'],
    signal: checkSignal(o.signal),
    onProgress: checkFunction<ProgressCallback>(o.onProgress, 'onProgress'),
    context: checkText(o.context, 'context'),
    onText: checkFunction<(delta: string) => void>(o.onText, 'onText'),
  };
}

/** Checks an optional text option. */
function checkText(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InputError(`Expected \`${name}\` to be a string, got ${describe(value)}.`, { option: name });
  return value;
}

/** Extractive summary of already segmented sentences: indices kept (document order) and the rendered summary. */
export function extractiveSummary(
  sentences: readonly string[],
  call: Pick<ResolvedCall, 'type' | 'length' | 'format' | 'language'>,
): { indices: number[]; summary: string } {
  const plan = summaryPlan(call.type, call.length);
  const indices = plan.maxWords
    ? headlineSentence(sentences, plan.maxWords, call.language)
    : selectSentences(sentences, { count: plan.maxSentences, language: call.language });
  const summary = formatSummary(
    indices.map((i) => sentences[i]!),
    call.type,
    call.format,
    plan.maxWords,
  );
  return { indices, summary };
}

/**
 * A headline: the best-ranked sentence that fits twice the word budget (a long sentence cut
 * to 12 words reads worse than a shorter central one), else the best-ranked one.
 */
function headlineSentence(sentences: readonly string[], maxWords: number, language: SummaryLanguage): number[] {
  if (sentences.length === 0) return [];
  const scores = rankSentences(sentences, { language });
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const words = (i: number) => sentences[i]!.split(/\s+/u).filter(Boolean).length;
  return [order.find((i) => words(i) <= 2 * maxWords) ?? order[0]!];
}

/** Splits a generated summary into sentences (for bullets and sentence caps). */
function summarySentences(text: string): string[] {
  return segment(text).map((s) => s.text.replace(/\s+/gu, ' '));
}

/**
 * Creates a summarizer.
 *
 * @example
 * const summarizer = createSummarizer();
 * const { summary } = await summarizer.summarize(englishText, { type: 'tldr', length: 'short' });
 */
export function createSummarizer(options: SummarizerOptions = {}, french?: FrenchTranslator): Summarizer {
  const o = checkOptions(options, SUMMARIZER_OPTIONS, 'createSummarizer');
  const legacyConcurrency = checkInteger(o.concurrency, 'concurrency', 1, 64);
  const mapBatchSize = checkInteger(o.mapBatchSize, 'mapBatchSize', 1, 64) ?? legacyConcurrency ?? 2;
  const defaultBeams = checkInteger(o.beams, 'beams', 1, 64);
  const sharedContext = checkText(o.sharedContext, 'sharedContext');
  // one model call at a time: the map pass batches its chunks instead
  const core = createInstanceCore(o, { kind: 'summarizer', task: 'summarization', defaultModel: DEFAULT_SUMMARIZATION_MODEL, inFlight: 1 });
  const { backend, lock, modelName } = core;
  const count = (t: readonly string[]) => backend.doCountTokens(t);

  async function abstractive(text: string, call: ResolvedCall): Promise<Omit<SummaryResult, 'flags'>> {
    const info = await core.load({ ...(call.signal ? { signal: call.signal } : {}), ...(call.onProgress ? { onProgress: call.onProgress } : {}) });
    const plan = summaryPlan(call.type, call.length);
    const limit = info.maxInputTokens;
    const cap = Math.max(1, info.maxOutputTokens - 2);
    const warnings: Warning[] = [...(info.warnings ?? [])]; // the model's own problems, once per result
    const beams = call.generation.beams ?? defaultBeams;
    const generate = async (inputs: string[], maxNewTokens: number, minNewTokens: number, onText?: (chunk: { row: number; text: string }) => void) => {
      throwIfAborted(call.signal);
      const result = await lock(() =>
        backend.doGenerate({
          inputs,
          maxNewTokens: inputs.map(() => Math.min(cap, maxNewTokens)),
          minNewTokens: inputs.map(() => Math.min(cap, minNewTokens, maxNewTokens)),
          // chat models follow the prompt's length; n-gram bans would break their bullet pattern
          ...(info.chat ? {} : { noRepeatNgramSize: 3 }),
          ...(onText ? { onText } : {}),
          ...(beams !== undefined ? { beams } : {}),
          ...(call.generation.lengthPenalty !== undefined ? { lengthPenalty: call.generation.lengthPenalty } : {}),
          ...(call.generation.earlyStopping !== undefined ? { earlyStopping: call.generation.earlyStopping } : {}),
          ...(call.signal ? { signal: call.signal } : {}),
        }),
      );
      // the backend's warnings (e.g. `option-ignored`), once per result
      for (const warning of result.warnings ?? []) {
        if (!warnings.some((w) => w.code === warning.code && w.message === warning.message)) warnings.push(warning);
      }
      return result;
    };

    if (info.chat) {
      const out = await summarizeWithChat({
        text,
        info,
        type: call.type,
        length: call.length,
        format: call.format,
        sharedContext,
        context: call.context,
        maxNewTokens: call.generation.maxNewTokens,
        mapBatchSize,
        warnings,
        onProgress: call.onProgress,
        onText: call.onText,
        generate: (inputs, maxNewTokens, onText) => generate(inputs, maxNewTokens, call.generation.minNewTokens ?? 0, onText),
        count,
      });
      if (!out.finished) warnings.push({ code: 'output-truncated', message: 'The summary reached its token cap before the model ended it.' });
      return {
        summary: out.summary,
        method: 'abstractive',
        chunks: out.chunks,
        warnings,
        model: modelName,
        ...(out.score !== undefined ? { score: out.score } : {}),
      };
    }
    let sentences = summarySentences(text);
    let firstChunks = 0;
    let rounds = 0;
    // map-reduce: while the text is over the limit, summarise chunks and join the partial summaries
    for (;;) {
      const chunks = await packToLimit(sentences, limit, count);
      if (rounds === 0) firstChunks = chunks.length;
      if (chunks.length <= 1) {
        sentences = chunks;
        break;
      }
      rounds++;
      const partial: string[] = new Array(chunks.length);
      let done = 0;
      const groups: number[][] = [];
      for (let i = 0; i < chunks.length; i += mapBatchSize) groups.push(Array.from({ length: Math.min(mapBatchSize, chunks.length - i) }, (_, k) => i + k));
      for (const group of groups) {
        const result = await generate(group.map((i) => chunks[i]!), 142, 24);
        group.forEach((i, k) => (partial[i] = result.outputs[k]!.text));
        done += group.length;
        emit(call.onProgress, { type: 'summary', done, total: chunks.length });
      }
      const next = partial.flatMap((p) => summarySentences(p));
      const before = await backend.doCountTokens([sentences.join(' ')]);
      const after = await backend.doCountTokens([next.join(' ')]);
      sentences = next;
      if (after[0]! >= before[0]!) {
        // the partial summaries did not shrink the text: stop recursing, keep the head that fits
        sentences = (await packToLimit(sentences, limit, count)).slice(0, 1);
        warnings.push({ code: 'summary-chunked', message: 'Partial summaries did not get shorter; only the first chunk of them was summarised.' });
        break;
      }
    }
    if (firstChunks > 1) {
      warnings.unshift({
        code: 'summary-chunked',
        message: `The text exceeds the model's limit of ${limit} tokens: it was summarised in ${firstChunks} chunks, then the partial summaries were summarised (${rounds} round${rounds === 1 ? '' : 's'}).`,
      });
    }
    const input = sentences[0] ?? '';
    const result = await generate(
      [input],
      call.generation.maxNewTokens ?? plan.maxNewTokens,
      call.generation.minNewTokens ?? plan.minNewTokens,
    );
    const out = result.outputs[0]!;
    if (!out.finished) {
      warnings.push({ code: 'output-truncated', message: `The summary reached its cap of ${call.generation.maxNewTokens ?? plan.maxNewTokens} tokens before the model ended it.` });
    }
    const picked = summarySentences(out.text).slice(0, plan.maxSentences);
    emit(call.onProgress, { type: 'summary', done: firstChunks, total: firstChunks });
    return {
      summary: formatSummary(picked, call.type, call.format, plan.maxWords),
      method: 'abstractive',
      chunks: firstChunks,
      warnings,
      model: modelName,
      ...(out.score !== undefined ? { score: out.score } : {}),
    };
  }

  return {
    model: modelName,
    async summarize(text, options) {
      const result = await summarizeText(text, options);
      return { ...result, flags: result.summary.length > 0 ? vetSummary(text, result.summary) : [] };
    },
    load: (loadOptions) => core.load(loadOptions),
    dispose: () => core.dispose(),
  };

  async function summarizeText(text: string, options: SummarizeOptions | undefined): Promise<Omit<SummaryResult, 'flags'>> {
    if (typeof text !== 'string') {
      throw new InputError(`Expected \`text\` (the text to summarise) to be a string, got ${describe(text)}.`, { option: 'text' });
    }
    const call = resolveSummarizeOptions(options);
    const started = performance.now();
    throwIfAborted(call.signal);
    if (text.trim().length === 0) {
      return { summary: '', method: call.method, chunks: 0, warnings: [], model: call.method === 'extractive' ? 'extractive' : modelName };
    }
    // #11: French in, English summary out (see `english`)
    const isFrench = call.language === 'fr' || (call.language === 'auto' && isLikelyFrench(text));
    const route = isFrench && call.english ? french : undefined;
    const translateOptions = { ...(call.signal ? { signal: call.signal } : {}), ...(call.onProgress ? { onProgress: call.onProgress } : {}) };
    if (call.method === 'extractive') {
      const sentences = segment(text).map((s) => s.text);
      if (route) {
        const { indices } = extractiveSummary(sentences, { ...call, language: 'fr' });
        const translated = await route.translate(indices.map((i) => sentences[i]!).join('\n\n'), translateOptions);
        const plan = summaryPlan(call.type, call.length);
        const summary = formatSummary(translated.sentences.map((s) => s.translation), call.type, call.format, plan.maxWords);
        emit(call.onProgress, { type: 'done', ms: performance.now() - started });
        return { summary, method: 'extractive', chunks: 0, warnings: translated.warnings, model: 'extractive', fromFrench: { route: 'pick-then-translate', translationModel: route.model } };
      }
      const { summary } = extractiveSummary(sentences, call);
      emit(call.onProgress, { type: 'done', ms: performance.now() - started });
      return { summary, method: 'extractive', chunks: 0, warnings: [], model: 'extractive' };
    }
    core.assertLive();
    // a chat model reads French itself and writes English (issue #15): no translation first
    const chat = isFrench ? (await core.load({ ...(call.signal ? { signal: call.signal } : {}), ...(call.onProgress ? { onProgress: call.onProgress } : {}) })).chat === true : false;
    if (isFrench && !route && !chat) {
      throw new InputError(
        `The text looks French, and ${modelName} summarises English: let fr2en translate it first (\`english: true\`, the default, with fr2en's createSummarizer), or pass \`language: 'en'\` if it is English.`,
        { option: 'english' },
      );
    }
    if (route && !chat) {
      const translated = await route.translate(text, translateOptions);
      const result = await abstractive(translated.text, call);
      emit(call.onProgress, { type: 'done', ms: performance.now() - started });
      return { ...result, warnings: [...translated.warnings, ...result.warnings], fromFrench: { route: 'translate-then-summarize', translationModel: route.model } };
    }
    const result = await abstractive(text, call);
    emit(call.onProgress, { type: 'done', ms: performance.now() - started });
    return result;
  }
}

const shared = sharedInstance(() => createSummarizer());

/**
 * Summarises text with a shared default summarizer (`Xenova/distilbart-cnn-6-6` for
 * abstractive summaries; extractive ones need no model).
 */
export function summarize(text: string, options?: SummarizeOptions): Promise<SummaryResult> {
  return shared().summarize(text, options);
}
