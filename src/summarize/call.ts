/**
 * One summary call: its options (validated once, defaults filled in), what it returns, and the
 * model-free extractive summary of segmented sentences. Shared by the summariser and the route
 * executor of `pipeline/`.
 */
import { InputError } from '../errors.js';
import type { QualityFlag } from '../quality/types.js';
import type { ProgressCallback } from '../progress.js';
import { checkBeamOptions, checkBoolean, checkEnum, checkFunction, checkInteger, checkOptions, checkSignal, describe } from '../validate.js';
import type { Warning } from '../warnings.js';
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
   * French text gives an English summary: `abstractive` translates the text first, then
   * summarises the English (a chat model reads the French itself); `extractive` picks French
   * sentences, then translates the picks. `false`: extractive returns the French sentences, and
   * abstractive refuses French with a seq2seq model (`InputError`): the English summarisation
   * model is never run on French. See `ROUTES` for every route.
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
  /** What is suspect in the summary: a number or a name it states that its source does not have (see `vetSummary`); `[]` when nothing is. */
  flags: QualityFlag[];
}

const CALL_OPTIONS = ['method', 'type', 'length', 'format', 'language', 'english', 'generation', 'signal', 'onProgress', 'context', 'onText'] as const;

/** Summary call options, validated, defaults filled in. */
export interface ResolvedCall {
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
export function checkText(value: unknown, name: string): string | undefined {
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
