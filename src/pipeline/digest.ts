/**
 * The digest: French text in, English translation and summary out, in one call. The route
 * module (`route/`) decides and runs how; this file reads the options, provides the instances and
 * shapes the outcome.
 */
import { InputError } from '../errors.js';
import { vetSummary } from '../quality/index.js';
import type { QualityFlag, QualityFlagCode } from '../quality/types.js';
import { detectFormat, INPUT_FORMATS, parseDocument, type InputFormat, type ParsedDocument } from '../formats/index.js';
import type { ProgressCallback } from '../progress.js';
import { segment } from '../segment/index.js';
import { resolveSummarizeOptions, type ResolvedCall, type Summarizer } from '../summarize/summarizer.js';
import type { SummaryFormat, SummaryLength, SummaryMethod, SummaryType } from '../summarize/options.js';
import { checkEnum, checkFunction, checkInteger, checkOptions, describe } from '../validate.js';
import { DIGEST_ORDERS, planRoute, summaryRouteOf, type DigestOrder, type Route, type SummaryRoute } from './route/decide.js';
import { runRoute, type RouteOutcome, type SourceSentence } from './route/run.js';
import { createSummarizer, type SummarizerOptions } from './summarizer.js';
import {
  createTranslator,
  type GenerationOptions,
  type StreamedSentence,
  type TranslateOptions,
  type Translator,
  type TranslatorOptions,
} from './translate/index.js';
import type { Warning } from '../warnings.js';
import { countFlags } from './translate/vet.js';

export { DIGEST_ORDERS, SUMMARY_ROUTES, ROUTES, type DigestOrder, type Route, type SummaryRoute } from './route/decide.js';

/** One source sentence of a digest. */
export interface DigestSentence {
  source: string;
  /** The English translation, or `null` when `summarize-first` did not translate it. */
  translation: string | null;
  start: number;
  end: number;
  paragraph: number;
  /** True when the extractive step picked it (`summarize-first`), or for every sentence (`translate-first`). */
  selected: boolean;
  /** The translation's score (see `TranslatedSentence.score`), when translated and reported. */
  score?: number;
  /** The translation's quality flags (see `TranslatedSentence.flags`); `[]` when not translated. */
  flags: QualityFlag[];
  /** True when a stronger decoding replaced a flagged first translation. */
  repaired?: boolean;
}

/** What `digest` returns. */
export interface DigestResult {
  /**
   * English text: the whole article (`translate-first`) or the picked sentences (`summarize-first`).
   * With `translate-first` and `inputFormat` `html`, `markdown`, `srt` or `vtt`: the translated
   * document; with `docx`: the English plain text.
   */
  translation: string;
  /** With `inputFormat: 'docx'` and `translate-first`: the translated .docx file. */
  document?: Uint8Array;
  /** The English summary. */
  summary: string;
  /** Every source sentence, in order. */
  sentences: DigestSentence[];
  warnings: Warning[];
  /** Milliseconds per stage. */
  timings: { segment: number; translate: number; summarize: number; total: number };
  /** Order used. */
  order: DigestOrder;
  /** Summary method used. */
  method: SummaryMethod;
  /** What the summary was written from, chosen by the summariser's capability (see {@link SUMMARY_ROUTES}). */
  summaryRoute: SummaryRoute;
  /** How the text became an English text and summary (see {@link ROUTES}). */
  route: Route;
  /** Score of the abstractive summary (see `SummaryResult.score`), when the backend reports it. */
  summaryScore?: number;
  /** What is suspect in the summary: a number or a name it states that the article does not have (see `vetSummary`). */
  summaryFlags: QualityFlag[];
  /** Translated sentences flagged, per flag code (see `TranslationResult.flagCounts`). */
  flagCounts: Partial<Record<QualityFlagCode, number>>;
}

/** Options of {@link digest}. */
export interface DigestOptions {
  /**
   * `translate-first`: translate everything, summarise the English. `summarize-first`: pick
   * sentences extractively from the French and translate only those (a fraction of the cost).
   * @default 'translate-first'
   */
  order?: DigestOrder;
  /** @default 'abstractive' for `translate-first`, 'extractive' for `summarize-first` */
  method?: SummaryMethod;
  /** @default 'key-points' */
  type?: SummaryType;
  /** @default 'medium' */
  length?: SummaryLength;
  /** @default 'plain-text' */
  format?: SummaryFormat;
  /**
   * A translator to reuse (not disposed by `digest`), or the options of one to create for this
   * call (disposed at the end).
   * @default the options `{}`: `Xenova/opus-mt-fr-en`
   * @example { model: './models/Xenova/opus-mt-fr-en', allowRemote: false }
   */
  translator?: Translator | TranslatorOptions;
  /**
   * A summarizer to reuse (not disposed by `digest`), or the options of one to create for this
   * call when the summary is abstractive (disposed at the end).
   * @default the options `{}`: `Xenova/distilbart-cnn-6-6`
   */
  summarizer?: Summarizer | SummarizerOptions;
  /** Translation generation overrides. */
  generation?: GenerationOptions;
  /**
   * Beams of both models (translation and abstractive summary): 1 is greedy decoding (fastest).
   * `generation.beams` overrides it for the translation.
   * @default each model's `num_beams` (4 for opus-mt and distilbart)
   */
  beams?: number;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  /** Receives each translated sentence in document order as soon as it is ready (streaming). */
  onSentence?: (sentence: StreamedSentence) => void;
  /**
   * What `text` is: plain `text`, or a document (`html`, `markdown`, `srt`, `vtt`, `docx` bytes,
   * or `auto` to guess) whose text is translated in place; the summary is plain text either way.
   * @default 'text'
   */
  inputFormat?: InputFormat;
}

const isTranslator = (t: Translator | TranslatorOptions): t is Translator => typeof (t as Translator).translateStream === 'function';
const isSummarizer = (s: Summarizer | SummarizerOptions): s is Summarizer => typeof (s as Summarizer).summarize === 'function';

/** Checks `translator` / `summarizer` are an instance or an options object. */
function checkInstance(value: unknown, name: 'translator' | 'summarizer'): void {
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new InputError(`Expected \`${name}\` to be a ${name} or the options of one, got ${describe(value)}.`, { option: name });
  }
}

const DIGEST_OPTIONS = [
  'order', 'method', 'type', 'length', 'format', 'translator', 'summarizer',
  'generation', 'beams', 'signal', 'onProgress', 'onSentence', 'inputFormat',
] as const;

/** Digest options, validated, defaults filled in. */
interface ResolvedDigest {
  order: DigestOrder;
  inputFormat: InputFormat;
  /** The summary's options (its `generation` holds `beams` only). */
  call: ResolvedCall;
  translateOptions: TranslateOptions;
  onSentence: ((sentence: StreamedSentence) => void) | undefined;
}

function resolveDigestOptions(options: DigestOptions): ResolvedDigest {
  const o = checkOptions(options, DIGEST_OPTIONS, 'digest');
  const order = checkEnum(o.order, 'order', DIGEST_ORDERS) ?? 'translate-first';
  const onSentence = checkFunction<(sentence: StreamedSentence) => void>(o.onSentence, 'onSentence');
  const inputFormat = checkEnum(o.inputFormat, 'inputFormat', INPUT_FORMATS) ?? 'text';
  const beams = checkInteger(o.beams, 'beams', 1, 64);
  checkInstance(o.translator, 'translator');
  checkInstance(o.summarizer, 'summarizer');
  const call = resolveSummarizeOptions(
    {
      method: options.method ?? (order === 'summarize-first' ? 'extractive' : 'abstractive'),
      ...(options.type ? { type: options.type } : {}),
      ...(options.length ? { length: options.length } : {}),
      ...(options.format ? { format: options.format } : {}),
      ...(beams !== undefined ? { generation: { beams } } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    'digest',
  );
  const translateOptions: TranslateOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.generation || beams !== undefined ? { generation: { ...(beams !== undefined ? { beams } : {}), ...options.generation } } : {}),
    inputFormat,
  };
  return { order, inputFormat, call, translateOptions, onSentence };
}

/** The digest's instances: given ones are reused, the others created for this call and released at its end. */
interface Instances {
  translator: Translator;
  summarizer: Summarizer | undefined;
  release(): Promise<void>;
}

async function instancesFor(options: DigestOptions, call: ResolvedCall): Promise<Instances> {
  const given = options.translator ?? {};
  const translator = isTranslator(given) ? given : createTranslator(given);
  const givenSummarizer = options.summarizer ?? {};
  let summarizer: Summarizer | undefined;
  try {
    summarizer = isSummarizer(givenSummarizer) ? givenSummarizer : call.method === 'abstractive' ? createSummarizer(givenSummarizer) : undefined;
  } catch (error) {
    if (!isTranslator(given)) await translator.dispose();
    throw error;
  }
  return {
    translator,
    summarizer,
    async release() {
      if (!isTranslator(given)) await translator.dispose();
      if (!isSummarizer(givenSummarizer)) await summarizer?.dispose();
    },
  };
}

/** The source's sentences (a structured format: its text units) and plain text. */
async function sourceOf(
  text: string | Uint8Array | ArrayBuffer,
  inputFormat: InputFormat,
): Promise<{ html: ParsedDocument | undefined; sentences: SourceSentence[]; source: string; format: InputFormat }> {
  const format = inputFormat === 'auto' ? detectFormat(text) : inputFormat;
  const html = await parseDocument(text, format);
  if (!html) return { html: undefined, sentences: segment(text as string), source: text as string, format };
  const sentences = html.units.map((u) => ({ text: u.source, start: u.start, end: u.end, paragraph: u.paragraph }));
  return { html, sentences, source: sentences.map((s) => s.text).join(' '), format };
}

/** Every source sentence, with its translation when the route made one. */
function digestSentences(sentences: readonly SourceSentence[], outcome: RouteOutcome): DigestSentence[] {
  if (outcome.picks === undefined) return outcome.translated.map((s) => ({ ...s, selected: true }));
  const byIndex = new Map(outcome.picks.map((i, k) => [i, outcome.translated[k]!]));
  return sentences.map((s, i) => {
    const t = byIndex.get(i);
    return {
      source: s.text,
      translation: t?.translation ?? null,
      start: s.start,
      end: s.end,
      paragraph: s.paragraph,
      selected: t !== undefined,
      ...(t?.score !== undefined ? { score: t.score } : {}),
      flags: t?.flags ?? [],
      ...(t?.repaired ? { repaired: true } : {}),
    };
  });
}

/**
 * Segments, translates and summarises a French text.
 *
 * @example
 * const { translation, summary } = await digest(frenchArticle, { type: 'tldr' });
 */
export async function digest(text: string | Uint8Array | ArrayBuffer, options: DigestOptions = {}): Promise<DigestResult> {
  if (typeof text !== 'string' && !(text instanceof Uint8Array) && !(text instanceof ArrayBuffer)) {
    throw new InputError(`Expected \`text\` (the text to digest) to be a string, or the bytes of a .docx file, got ${describe(text)}.`, { option: 'text' });
  }
  const d = resolveDigestOptions(options);
  const { call } = d;
  const instances = await instancesFor(options, call);
  const t0 = performance.now();
  try {
    const { html, sentences, source, format } = await sourceOf(text, d.inputFormat);
    const t1 = performance.now();
    // the route: a chat summariser reads the French itself (no need to wait for the translation)
    const chat = call.method === 'abstractive' && (await instances.summarizer!.load(call.signal ? { signal: call.signal } : {})).chat === true;
    const plan = planRoute({ french: true, method: call.method, english: true, chat, order: d.order });
    const outcome = await runRoute({
      plan,
      text,
      source,
      sentences,
      call,
      translator: () => instances.translator,
      summarizer: () => instances.summarizer!,
      translateOptions: { ...d.translateOptions, inputFormat: format },
      onSentence: d.onSentence,
    });
    const rendered = html && outcome.picks === undefined ? html.render(outcome.translated.map((s) => s.translation)) : undefined;
    const translation = rendered ? rendered.text : (outcome.english ?? '');
    const t2 = performance.now();
    const digested = digestSentences(sentences, outcome);
    return {
      translation,
      ...(rendered?.document ? { document: rendered.document } : {}),
      summary: outcome.summary.summary,
      sentences: digested,
      warnings: [...outcome.summary.warnings, ...(rendered?.warnings ?? [])],
      timings: { segment: t1 - t0, translate: outcome.timings.translate, summarize: outcome.timings.summarize, total: t2 - t0 },
      order: d.order,
      method: call.method,
      summaryRoute: summaryRouteOf(plan.route),
      route: plan.route,
      ...(outcome.summary.score !== undefined ? { summaryScore: outcome.summary.score } : {}),
      // the summary against the article (French) it was made from, whatever the route
      summaryFlags: vetSummary(source, outcome.summary.summary),
      flagCounts: countFlags(digested),
    };
  } finally {
    await instances.release();
  }
}
