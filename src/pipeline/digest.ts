/**
 * The digest: French text in, English translation and summary out, in one call.
 */
import { InputError } from '../errors.js';
import { detectFormat, INPUT_FORMATS, parseDocument, type InputFormat } from '../formats/index.js';
import type { ProgressCallback } from '../progress.js';
import { segment } from '../segment/index.js';
import {
  createSummarizer,
  extractiveSummary,
  resolveSummarizeOptions,
  type Summarizer,
  type SummarizerOptions,
} from '../summarize/summarizer.js';
import { formatSummary, summaryPlan, type SummaryFormat, type SummaryLength, type SummaryMethod, type SummaryType } from '../summarize/options.js';
import { checkEnum, checkFunction, checkInteger, checkOptions, describe } from '../validate.js';
import type { Warning } from '../warnings.js';
import {
  createTranslator,
  joinTranslations,
  type GenerationOptions,
  type StreamedSentence,
  type TranslatedSentence,
  type Translator,
  type TranslatorOptions,
} from './translate/index.js';

/** How a digest proceeds: translate everything then summarise, or pick sentences then translate them. */
export const DIGEST_ORDERS = ['translate-first', 'summarize-first'] as const;
/** One of {@link DIGEST_ORDERS}. */
export type DigestOrder = (typeof DIGEST_ORDERS)[number];

/**
 * What the abstractive summary was written from: `direct`, the French source itself (a chat model
 * that reads French and writes English, see `BackendModelInfo.chat`); `translated`, the English
 * translation (seq2seq summarisers read English only; extractive summaries).
 */
export const SUMMARY_ROUTES = ['direct', 'translated'] as const;
/** One of {@link SUMMARY_ROUTES}. */
export type SummaryRoute = (typeof SUMMARY_ROUTES)[number];

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
  /** Score of the abstractive summary (see `SummaryResult.score`), when the backend reports it. */
  summaryScore?: number;
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

const DIGEST_OPTIONS = [
  'order', 'method', 'type', 'length', 'format', 'translator', 'summarizer',
  'generation', 'beams', 'signal', 'onProgress', 'onSentence', 'inputFormat',
] as const;

const isTranslator = (t: Translator | TranslatorOptions): t is Translator => typeof (t as Translator).translateStream === 'function';
const isSummarizer = (s: Summarizer | SummarizerOptions): s is Summarizer => typeof (s as Summarizer).summarize === 'function';

/** Checks `translator` / `summarizer` are an instance or an options object. */
function checkInstance(value: unknown, name: 'translator' | 'summarizer'): void {
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new InputError(`Expected \`${name}\` to be a ${name} or the options of one, got ${describe(value)}.`, { option: name });
  }
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
  const o = checkOptions(options, DIGEST_OPTIONS, 'digest');
  const order = checkEnum(o.order, 'order', DIGEST_ORDERS) ?? 'translate-first';
  checkFunction(o.onSentence, 'onSentence');
  const givenFormat = checkEnum(o.inputFormat, 'inputFormat', INPUT_FORMATS) ?? 'text';
  const inputFormat = givenFormat === 'auto' ? detectFormat(text) : givenFormat;
  const beams = checkInteger(o.beams, 'beams', 1, 64);
  checkInstance(o.translator, 'translator');
  checkInstance(o.summarizer, 'summarizer');
  const call = resolveSummarizeOptions(
    {
      method: options.method ?? (order === 'summarize-first' ? 'extractive' : 'abstractive'),
      ...(options.type ? { type: options.type } : {}),
      ...(options.length ? { length: options.length } : {}),
      ...(options.format ? { format: options.format } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    'digest',
  );
  const given = options.translator ?? {};
  const ownTranslator = !isTranslator(given);
  const translator = isTranslator(given) ? given : createTranslator(given);
  const givenSummarizer = options.summarizer ?? {};
  const ownSummarizer = !isSummarizer(givenSummarizer) && call.method === 'abstractive';
  let summarizer: Summarizer | undefined;
  try {
    summarizer = isSummarizer(givenSummarizer) ? givenSummarizer : call.method === 'abstractive' ? createSummarizer(givenSummarizer) : undefined;
  } catch (error) {
    if (ownTranslator) await translator.dispose();
    throw error;
  }

  const t0 = performance.now();
  try {
    // a structured format (HTML, Markdown, subtitles, .docx): its sentences; plain text: segmented
    const html = await parseDocument(text, inputFormat);
    const plain = typeof text === 'string' ? text : undefined;
    const sentences = html
      ? html.units.map((u) => ({ text: u.source, start: u.start, end: u.end, paragraph: u.paragraph }))
      : segment(plain!);
    const t1 = performance.now();
    const warnings: Warning[] = [];
    const translateOptions = {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.generation || beams !== undefined ? { generation: { ...(beams !== undefined ? { beams } : {}), ...options.generation } } : {}),
    };
    const streamOptions = { ...translateOptions, inputFormat };
    const summaryGeneration = beams !== undefined ? { generation: { beams } } : {};
    // the route: a chat summariser reads the French itself (no need to wait for the translation)
    const direct = call.method === 'abstractive' && (await summarizer!.load(options.signal ? { signal: options.signal } : {})).chat === true;
    const summarizeFrench = () =>
      summarizer!.summarize(html ? sentences.map((s) => s.text).join(' ') : plain!, {
        method: 'abstractive',
        type: call.type,
        length: call.length,
        format: call.format,
        ...summaryGeneration,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    let summaryScore: number | undefined;
    let digestSentences: DigestSentence[];
    let translation: string;
    let document: Uint8Array | undefined;
    let summary: string;
    let t2: number;
    if (order === 'translate-first') {
      // streamed, so that `onSentence` sees each translation as soon as it is ready
      const collected: TranslatedSentence[] = [];
      for await (const s of translator.translateStream(text, streamOptions)) {
        const { index: _index, warnings: w, ...sentence } = s;
        warnings.push(...w);
        collected.push(sentence);
        options.onSentence?.(s);
      }
      const translated = { sentences: collected, text: joinTranslations(collected, false, plain) };
      digestSentences = translated.sentences.map((s) => ({ ...s, selected: true }));
      if (html) {
        const rendered = html.render(collected.map((s) => s.translation));
        translation = rendered.text;
        warnings.push(...rendered.warnings);
        if (rendered.document) document = rendered.document;
      } else translation = translated.text;
      t2 = performance.now();
      if (call.method === 'extractive') {
        summary = extractiveSummary(translated.sentences.map((s) => s.translation), { ...call, language: 'en' }).summary;
      } else {
        const result = await (direct ? summarizeFrench() : summarizer!.summarize(translated.text, {
          method: 'abstractive',
          language: 'en', // #11: English already: never translated again
          type: call.type,
          length: call.length,
          format: call.format,
          ...summaryGeneration,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        }));
        warnings.push(...result.warnings);
        summary = result.summary;
        summaryScore = result.score;
      }
    } else {
      const { indices } = extractiveSummary(sentences.map((s) => s.text), { ...call, language: 'fr' });
      const picked = indices.map((i) => sentences[i]!.text);
      const translated = picked.length > 0 ? await translator.translate(picked, translateOptions) : undefined;
      translated?.sentences.forEach((s, k) => options.onSentence?.({ ...s, index: indices[k]!, warnings: [] }));
      warnings.push(...(translated?.warnings ?? []).map((w) => (w.sentence === undefined ? w : { ...w, sentence: indices[w.sentence]! })));
      const byIndex = new Map(indices.map((i, k) => [i, translated!.sentences[k]!.translation]));
      const scoreOf = new Map(indices.map((i, k) => [i, translated!.sentences[k]!.score]));
      digestSentences = sentences.map((s, i) => ({
        source: s.text,
        translation: byIndex.get(i) ?? null,
        start: s.start,
        end: s.end,
        paragraph: s.paragraph,
        selected: byIndex.has(i),
        ...(scoreOf.get(i) !== undefined ? { score: scoreOf.get(i)! } : {}),
      }));
      const english = indices.map((i) => byIndex.get(i)!);
      translation = joinTranslations(
        indices.map((i, k) => ({ source: sentences[i]!.text, translation: english[k]!, start: sentences[i]!.start, end: sentences[i]!.end, paragraph: sentences[i]!.paragraph })),
        false,
        plain,
      );
      t2 = performance.now();
      if (call.method === 'abstractive') {
        const result = await (direct ? summarizeFrench() : summarizer!.summarize(english.join(' '), {
          method: 'abstractive',
          language: 'en', // #11: English already: never translated again
          type: call.type,
          length: call.length,
          format: call.format,
          ...summaryGeneration,
          ...(options.signal ? { signal: options.signal } : {}),
        }));
        warnings.push(...result.warnings);
        summary = result.summary;
        summaryScore = result.score;
      } else {
        summary = formatSummary(english, call.type, call.format, summaryPlan(call.type, call.length).maxWords);
      }
    }
    const t3 = performance.now();
    return {
      translation,
      ...(document ? { document } : {}),
      summary,
      sentences: digestSentences,
      warnings,
      timings: { segment: t1 - t0, translate: t2 - t1, summarize: t3 - t2, total: t3 - t0 },
      order,
      method: call.method,
      summaryRoute: direct ? 'direct' : 'translated',
      ...(summaryScore !== undefined ? { summaryScore } : {}),
    };
  } finally {
    if (ownTranslator) await translator.dispose();
    if (ownSummarizer) await summarizer?.dispose();
  }
}
