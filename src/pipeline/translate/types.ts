/**
 * The public types of translation: results, options and the translator interface.
 */
import type { Dtype } from '../../backend/dtype.js';
import type { Backend, BackendModelInfo } from '../../backend/spec.js';
import type { TranslationCacheStore } from '../../cache/index.js';
import type { InputFormat } from '../../formats/index.js';
import type { ModelOptions, PoolOptions } from '../../instance/options.js';
import type { ProgressCallback } from '../../progress.js';
import type { Glossary, QualityFlag, QualityFlagCode } from '../../quality/types.js';
import type { Warning } from '../../warnings.js';

/** What `onNonFrench` accepts: translate input that does not look French anyway, or pass it through. */
export const ON_NON_FRENCH = ['translate', 'skip'] as const;
/** One of {@link ON_NON_FRENCH}. */
export type OnNonFrench = (typeof ON_NON_FRENCH)[number];

/**
 * What `translate` reads: a French text (or a document in `inputFormat`), an array of sentences,
 * or the bytes of a .docx file.
 */
export type TranslateInput = string | readonly string[] | Uint8Array | ArrayBuffer;

/** One translated sentence, aligned with its source. */
export interface TranslatedSentence {
  /** The French sentence, exactly as in the input. */
  source: string;
  /** Its English translation (the source itself when passed through, see `onNonFrench`). */
  translation: string;
  /**
   * Offset of the sentence in the input (for array input: in the items joined with `\n`; for HTML,
   * Markdown and subtitles: in the source; for .docx: in its paragraphs' text joined with `\n`).
   */
  start: number;
  /** Offset just past the sentence. */
  end: number;
  /** Paragraph index (blank-line separated); array input: 0. */
  paragraph: number;
  /**
   * How probable the model found its translation: the sum of the generated tokens'
   * log-probabilities (end token included) divided by length^lengthPenalty, the quantity beam
   * search maximises; at most 0, higher is more probable. A sentence translated in several
   * pieces gets their token-weighted mean. Absent when no model translated the sentence
   * (passed through, blank) or the backend does not report scores.
   */
  score?: number;
  /** What the checker suspects of this translation (empty when nothing is suspect, or when not translated; see `checkTranslation`). */
  flags: QualityFlag[];
  /** True when the first translation was flagged and a stronger decoding replaced it (see `repair`). */
  repaired?: boolean;
  /** Other translations from the beam, best first, when `alternatives` was asked. */
  alternatives?: { translation: string; score: number }[];
  /** True when every piece of the sentence came from the translation cache (see `cache`); absent otherwise. */
  cached?: boolean;
}

/** What `translate` returns. */
export interface TranslationResult {
  /**
   * The English text: sentences joined by a space, paragraphs by the input's separator (a single
   * line break for one paragraph per line, a blank line for blank-line paragraphs; array input: one
   * line per item). With `inputFormat` `html`, `markdown`, `srt` or `vtt`: the translated document;
   * with `docx`: the English plain text (paragraphs separated by a blank line).
   */
  text: string;
  /** With `inputFormat: 'docx'`: the translated .docx file. */
  document?: Uint8Array;
  /** Every source sentence, in order, with its translation. */
  sentences: TranslatedSentence[];
  /** Non-fatal problems (see the README for the codes). */
  warnings: Warning[];
  /** The model id or folder that translated. */
  model: string;
  /** What the call cost. */
  usage: TranslationUsage;
  /** Sentences flagged, per flag code (codes with no flagged sentence left out; `{}` when all is clean). */
  flagCounts: Partial<Record<QualityFlagCode, number>>;
}

/** A sentence as the stream yields it: with the warnings that concern it. */
export interface StreamedSentence extends TranslatedSentence {
  /** Index of the sentence in the document. */
  index: number;
  /** Warnings about this sentence (document-level ones come with the first sentence). */
  warnings: Warning[];
}

/** A token count, fixed or computed from each sentence's source tokens. */
export type TokenBudget = number | ((sourceTokens: number) => number);

/** Overrides of the generation settings. */
export interface GenerationOptions {
  /**
   * Cap on generated tokens per sentence (or piece of a split sentence).
   * @default (n) => 1.5 × n + 10, within the model's output limit
   */
  maxNewTokens?: TokenBudget;
  /**
   * Generated tokens before the model may stop; benchmarks force output lengths with it.
   * @default 0
   * @example { minNewTokens: (n) => Math.ceil(1.2 * n), maxNewTokens: (n) => Math.ceil(1.2 * n) }
   */
  minNewTokens?: TokenBudget;
  /**
   * Beams per sentence: 1 is greedy decoding, the fast path; more runs beam search.
   * @default the translator's `beams`, else the model's `num_beams` (4 for opus-mt)
   */
  beams?: number;
  /** Beam search: the exponent of the length in a hypothesis' score. @default the model's `length_penalty`, else 1 */
  lengthPenalty?: number;
  /**
   * Beam search: when a sentence stops (`true`: once `beams` hypotheses are finished; `false`: once
   * no open beam can beat them at its current length; `'never'`: at any possible length).
   * @default the model's `early_stopping`, else false
   */
  earlyStopping?: boolean | 'never';
  /** Forbid repeating n-grams of this size in a translation (Hugging Face's `no_repeat_ngram_size`). @default the model's, else 0 (off) */
  noRepeatNgramSize?: number;
  /** Penalise tokens already generated (Hugging Face's `repetition_penalty`; 1 is off). @default the model's, else 1 */
  repetitionPenalty?: number;
}

/** Translation settings shared by `createTranslator` and each call (a call's value wins). */
export interface TranslationQualityOptions {
  /** French term → English term, written by the model through constrained search. @default none */
  glossary?: Glossary;
  /** Strings or patterns kept verbatim. @default URLs, e-mail addresses, @handles and #hashtags */
  doNotTranslate?: readonly (string | RegExp)[];
  /** Decode flagged sentences again with a stronger setting and keep the better one. @default true */
  repair?: boolean;
  /** Flag `low-score` below this model score. @default undefined (off) */
  minScore?: number;
  /** Write a name the document repeats the same way in every sentence. @default true */
  consistentNames?: boolean;
}

/** The keys of {@link TranslationQualityOptions}, declared once. */
export const QUALITY_OPTIONS = ['glossary', 'doNotTranslate', 'repair', 'minScore', 'consistentNames'] as const satisfies readonly (keyof TranslationQualityOptions)[];

/** The quality options an options object sets (undefined ones left out, so that they do not hide a translator's). */
export function qualityOptions(options: TranslationQualityOptions): TranslationQualityOptions {
  const picked: Record<string, unknown> = {};
  for (const key of QUALITY_OPTIONS) if (options[key] !== undefined) picked[key] = options[key];
  return picked as TranslationQualityOptions;
}

/** What a call cost, for diagnostics and benchmarks. */
export interface TranslationUsage {
  /** Pieces sent to the model (sentences, plus extra pieces of split ones). */
  pieces: number;
  /** Model calls. */
  batches: number;
  /** Source tokens (special tokens included). */
  inputTokens: number;
  /** Generated tokens. */
  outputTokens: number;
  /** Decoding steps, summed over batches. */
  steps: number;
  /** Milliseconds inside ONNX Runtime's `session.run` (when the backend measures it). */
  runtimeMs: number;
  /** Share of padded input slots that were padding. */
  paddingRatio: number;
  /** Pieces served by the translation cache (they cost no model call, no tokens and no steps). */
  cacheHits: number;
}

/** Options of one translation call. */
export interface TranslateOptions extends TranslationQualityOptions {
  /** Other translations per sentence from the beam (runs at least n + 1 beams). @default 0 */
  alternatives?: number;
  /** Cancels the call: it rejects with `AbortError` within one decoding step. */
  signal?: AbortSignal;
  /** Receives typed progress events. */
  onProgress?: ProgressCallback;
  /** Most sentences per model call. @default the translator's (8) */
  batchSize?: number;
  /** Most padded tokens per model call (rows × longest row). @default the translator's (2048) */
  maxBatchTokens?: number;
  /** Generation overrides. */
  generation?: GenerationOptions;
  /**
   * What to do with input that does not look French: `translate` it anyway (a `not-french`
   * warning says so) or `skip` it (sentences passed through untranslated, no model loaded).
   * @default 'translate'
   */
  onNonFrench?: OnNonFrench;
  /**
   * What the input is: plain `text`; an `html` document or fragment, a `markdown` document, an
   * `srt` or `vtt` subtitle file, translated in place (markup, code, timings kept); `docx`, the
   * bytes of a Word file (the translated file in `result.document`); or `auto`, one of these
   * guessed from the content. See docs/guide/formats.md.
   * @default 'text'
   */
  inputFormat?: InputFormat;
  /**
   * Markdown: front matter keys whose single-line values are translated (others are kept).
   * @default [] (front matter kept byte for byte)
   * @example ['title', 'description']
   */
  frontMatterKeys?: readonly string[];
}

/** Options of `createTranslator`: the shared model options (with the translator's defaults), the worker pool's, batching and quality. */
export interface TranslatorOptions extends ModelOptions, PoolOptions, TranslationQualityOptions {
  /**
   * Hugging Face model id or local folder of a Marian-style seq2seq model.
   * @default 'Xenova/opus-mt-fr-en'
   * @example './models/Xenova/opus-mt-fr-en'
   */
  model?: string;
  /** Weight type: `auto` takes int8 (`q8`) where the model ships it. @default 'auto' */
  dtype?: Dtype;
  /** A backend of your own (see `BackendV1`); `model`, `dtype`, `threads` and the model-source options are then ignored. */
  backend?: Backend;
  /** ONNX Runtime threads of each worker. @default half of each worker's share of the cores, at least 1 (1 on 2 cores) */
  threads?: number;
  /**
   * Vocabulary shortlist (a file from `fr2en shortlist build`): the decoder's output layer scores,
   * per sentence, only the pieces the file lists for its source pieces plus frequent, copied and
   * special pieces, which makes decoding (beam search most) faster. `false` ignores the model
   * folder's own `shortlist.bin`. Ignored with `backend`.
   * @default the model folder's `shortlist.bin` when it has one, else none
   */
  shortlist?: string | false;
  /**
   * Batches decoded in parallel, each by its own model session (a worker thread; the first one
   * is the calling thread). `'auto'`: one per 2 cores (so 1 on 2 cores, where a second lane cost
   * latency and memory for 1.05–1.4× warm throughput), at most 4, within `maxMemoryMb`; extra threads
   * start only when a call has more than one batch waiting. Ignored with `backend`.
   * @default 'auto'
   */
  workers?: number | 'auto';
  /** Memory budget for the workers, MB (each holds a copy of the model). @default half the machine's memory, at most 3/4 of what is free */
  maxMemoryMb?: number;
  /** Most sentences per model call. @default 8 */
  batchSize?: number;
  /** Most padded tokens per model call. @default 2048 */
  maxBatchTokens?: number;
  /** Model calls (batches) run at the same time by this instance. @default the number of workers */
  concurrency?: number;
  /**
   * Beams per sentence: 1 is greedy decoding (fastest), more runs beam search.
   * @default the model's `num_beams` (generation_config.json; 4 for opus-mt), else 1
   */
  beams?: number;
  /**
   * Keep translations and reuse them when a sentence comes again with the same model, decoding
   * settings and glossary: `true` keeps them in memory (10 000 entries or 32 MiB at most, least
   * recently used first out); a store of your own (`TranslationCacheStore`, e.g. the SQLite file of
   * `openTranslationCache()`) keeps them where it likes. A cached translation equals a fresh one
   * (text, score, truncation); cached sentences say `cached: true`, and `usage.cacheHits` counts them.
   * @default false
   */
  cache?: boolean | TranslationCacheStore;
  /**
   * Milliseconds the first model call of an idle translator waits for concurrent calls to join its
   * batch (calls waiting for a busy model always share batches). Servers set a few ms; 0 runs at once.
   * @default 0
   */
  batchWindowMs?: number;
}

/** A translator: loads its model once, on first use. */
export interface Translator {
  /** The model id or folder. */
  readonly model: string;
  /** Translates a French text (segmented into sentences), a document (see `inputFormat`) or an array of sentences. */
  translate(input: TranslateInput, options?: TranslateOptions): Promise<TranslationResult>;
  /** Yields each sentence's translation in document order, as soon as it and all before it are done. */
  translateStream(input: TranslateInput, options?: TranslateOptions): AsyncIterable<StreamedSentence>;
  /** Loads the model now (it otherwise loads on the first call). */
  load(options?: { signal?: AbortSignal; onProgress?: ProgressCallback }): Promise<BackendModelInfo>;
  /** Frees the model; later calls reject with `DisposedError`. */
  dispose(): Promise<void>;
}
