/**
 * Translation: segment → split over-long sentences → schedule batches → run the backend
 * → restore document order. Results stream sentence by sentence, in order.
 */
import pLimit from 'p-limit';
import { backendFromOptions, MODEL_OPTIONS, POOL_OPTIONS } from '../backend/from-options.js';
import type { Backend, BackendModelInfo } from '../backend/spec.js';
import type { Dtype } from '../backend/transformers/backend.js';
import { DisposedError, InputError, throwIfAborted } from '../errors.js';
import { isLikelyFrench } from '../lang/detect.js';
import { DEFAULT_TRANSLATION_MODEL } from '../models/manifest.js';
import type { ModelSourceOptions } from '../models/resolve.js';
import { INPUT_FORMATS, parseHtml, type HtmlDocument, type InputFormat } from '../html/index.js';
import { emit, type ProgressCallback } from '../progress.js';
import { segment } from '../segment/index.js';
import {
  checkBeamOptions,
  checkEnum,
  checkFunction,
  checkInteger,
  checkOptions,
  checkSignal,
  describe,
} from '../validate.js';
import type { Warning } from '../warnings.js';
import { scheduleBatches } from './schedule.js';
import { splitToLimit } from './split.js';

/** One translated sentence, aligned with its source. */
export interface TranslatedSentence {
  /** The French sentence, exactly as in the input. */
  source: string;
  /** Its English translation (the source itself when passed through, see `onNonFrench`). */
  translation: string;
  /** Offset of the sentence in the input (for array input: in the items joined with `\n`; for HTML: in the HTML source). */
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
}

/** What `translate` returns. */
export interface TranslationResult {
  /**
   * The English text: sentences joined by a space, paragraphs by the input's separator (a single
   * line break for one paragraph per line, a blank line for blank-line paragraphs; array input: one
   * line per item). With `inputFormat: 'html'`: the translated HTML document.
   */
  text: string;
  /** Every source sentence, in order, with its translation. */
  sentences: TranslatedSentence[];
  /** Non-fatal problems (see the README for the codes). */
  warnings: Warning[];
  /** The model id or folder that translated. */
  model: string;
  /** What the call cost. */
  usage: TranslationUsage;
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
}

/** Options of one translation call. */
export interface TranslateOptions {
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
  onNonFrench?: 'translate' | 'skip';
  /**
   * What the input string is: plain `text`, or an `html` document or fragment, translated in
   * place (markup, attributes and code kept; see the README's HTML section).
   * @default 'text'
   */
  inputFormat?: InputFormat;
}

/** Options of {@link createTranslator}. */
export interface TranslatorOptions extends ModelSourceOptions {
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
   * Batches decoded in parallel, each by its own model session (a worker thread; the first one
   * is the calling thread). `'auto'`: one per core, at most 4, within `maxMemoryMb`; extra
   * threads start only when a call has more than one batch waiting. Ignored with `backend`.
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
}

/** A translator: loads its model once, on first use. */
export interface Translator {
  /** The model id or folder. */
  readonly model: string;
  /** Translates a French text (segmented into sentences) or an array of sentences. */
  translate(input: string | readonly string[], options?: TranslateOptions): Promise<TranslationResult>;
  /** Yields each sentence's translation in document order, as soon as it and all before it are done. */
  translateStream(input: string | readonly string[], options?: TranslateOptions): AsyncIterable<StreamedSentence>;
  /** Loads the model now (it otherwise loads on the first call). */
  load(options?: { signal?: AbortSignal; onProgress?: ProgressCallback }): Promise<BackendModelInfo>;
  /** Frees the model; later calls reject with `DisposedError`. */
  dispose(): Promise<void>;
}

const TRANSLATOR_OPTIONS = [...MODEL_OPTIONS, ...POOL_OPTIONS, 'batchSize', 'maxBatchTokens', 'concurrency', 'beams'] as const;
/** The generation options of a call (validated in `checkCallOptions`). */
const GENERATION_OPTIONS = ['maxNewTokens', 'minNewTokens', 'beams', 'lengthPenalty', 'earlyStopping'] as const;

const CALL_OPTIONS = ['signal', 'onProgress', 'batchSize', 'maxBatchTokens', 'generation', 'onNonFrench', 'inputFormat'] as const;

interface Unit {
  source: string;
  start: number;
  end: number;
  paragraph: number;
}

/** The units to translate; for HTML input also the parsed document that rebuilds the output. */
function prepare(input: string | readonly string[], options: TranslateOptions): { units: Unit[]; html?: HtmlDocument } {
  if (options.inputFormat !== 'html') return { units: toUnits(input) };
  if (typeof input !== 'string') {
    throw new InputError('Expected `input` to be a string with `inputFormat: \'html\'`, got an array.', { option: 'inputFormat' });
  }
  const html = parseHtml(input);
  return { units: [...html.units], html };
}

function toUnits(input: string | readonly string[]): Unit[] {
  if (typeof input === 'string') {
    return segment(input).map((s) => ({ source: s.text, start: s.start, end: s.end, paragraph: s.paragraph }));
  }
  const units: Unit[] = [];
  let offset = 0;
  for (const [i, item] of input.entries()) {
    if (typeof item !== 'string') {
      throw new InputError(`Expected every item of \`input\` to be a string; item ${i} is ${describe(item)}.`, { option: 'input' });
    }
    units.push({ source: item, start: offset, end: offset + item.length, paragraph: 0 });
    offset += item.length + 1;
  }
  return units;
}

function checkCallOptions(options: unknown): TranslateOptions {
  const o = checkOptions(options, CALL_OPTIONS, 'translate');
  checkSignal(o.signal);
  checkFunction(o.onProgress, 'onProgress');
  checkInteger(o.batchSize, 'batchSize', 1, 4096);
  checkInteger(o.maxBatchTokens, 'maxBatchTokens', 1);
  checkEnum(o.onNonFrench, 'onNonFrench', ['translate', 'skip'] as const);
  checkEnum(o.inputFormat, 'inputFormat', INPUT_FORMATS);
  if (o.generation !== undefined) {
    const g = checkOptions(o.generation, GENERATION_OPTIONS, 'generation');
    checkBeamOptions(g);
    if (typeof g.maxNewTokens !== 'function') checkInteger(g.maxNewTokens, 'generation.maxNewTokens', 1);
    if (typeof g.minNewTokens !== 'function') checkInteger(g.minNewTokens, 'generation.minNewTokens', 0);
    if (typeof g.maxNewTokens === 'number' && typeof g.minNewTokens === 'number' && g.minNewTokens > g.maxNewTokens) {
      throw new InputError('Expected `generation.minNewTokens` to be at most `generation.maxNewTokens`.', {
        option: 'generation.minNewTokens',
      });
    }
  }
  return o as TranslateOptions;
}

function checkInput(input: unknown): asserts input is string | readonly string[] {
  if (typeof input !== 'string' && !Array.isArray(input)) {
    throw new InputError(`Expected \`input\` (the text to translate) to be a string or an array of strings, got ${describe(input)}.`, {
      option: 'input',
    });
  }
}

const HAS_CONTENT = /[\p{L}\p{N}]/u;

/**
 * Creates a translator. The model loads on first use (or with `load()`), once.
 *
 * @example
 * const translator = createTranslator({ model: 'Xenova/opus-mt-fr-en' });
 * const { text } = await translator.translate('Le chat dort. Il fait beau.');
 */
export function createTranslator(options: TranslatorOptions = {}): Translator {
  const o = checkOptions(options, TRANSLATOR_OPTIONS, 'createTranslator');
  const { backend, modelName, lanes } = backendFromOptions(o, 'translation', DEFAULT_TRANSLATION_MODEL, { pool: true });
  const defaults = {
    batchSize: checkInteger(o.batchSize, 'batchSize', 1, 4096) ?? 8,
    maxBatchTokens: checkInteger(o.maxBatchTokens, 'maxBatchTokens', 1) ?? 2048,
    beams: checkInteger(o.beams, 'beams', 1, 64),
  };
  const concurrency = checkInteger(o.concurrency, 'concurrency', 1, 64) ?? lanes; // one batch per worker
  const lock = pLimit(concurrency); // model calls in flight per instance: concurrent calls queue
  let disposed = false;

  async function* run(
    prepared: { units: Unit[]; html?: HtmlDocument },
    callOptions: TranslateOptions,
    usage: TranslationUsage = emptyUsage(),
  ): AsyncGenerator<StreamedSentence> {
    if (disposed) throw new DisposedError('translator');
    const started = performance.now();
    const { signal, onProgress } = callOptions;
    const { units, html } = prepared;
    // HTML: where the sentence's inline markup could not be placed in its translation
    const markupWarnings = (i: number, translation: string) => (html ? html.warningsFor(i, translation) : []);
    const total = units.length;
    const docWarnings: Warning[] = [];
    const sentenceWarnings: Warning[][] = units.map(() => []);
    if (total === 0) {
      emit(onProgress, { type: 'done', ms: performance.now() - started });
      return;
    }
    throwIfAborted(signal);

    const sample = units.map((u) => u.source).join(' ');
    const french = isLikelyFrench(sample);
    if (!french) {
      const skip = callOptions.onNonFrench === 'skip';
      docWarnings.push({
        code: 'not-french',
        message: skip
          ? 'The input does not look like French; it was passed through untranslated (`onNonFrench: "skip"`).'
          : 'The input does not look like French; it was translated anyway.',
      });
      if (skip) {
        for (const [i, u] of units.entries()) {
          const w = markupWarnings(i, u.source);
          yield { ...u, translation: u.source, index: i, warnings: i === 0 ? [...docWarnings, ...w] : w }; // no score: not translated
        }
        emit(onProgress, { type: 'done', ms: performance.now() - started });
        return;
      }
    }

    const info = await backend.doLoad({ ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
    throwIfAborted(signal);
    docWarnings.push(...(info.warnings ?? [])); // the model's own problems, once per result
    const count = (texts: readonly string[]) => backend.doCountTokens(texts);
    const limit = info.maxInputTokens;
    const batchSize = callOptions.batchSize ?? defaults.batchSize;
    const maxBatchTokens = callOptions.maxBatchTokens ?? defaults.maxBatchTokens;
    const gen = callOptions.generation ?? {};
    const beams = gen.beams ?? defaults.beams;
    const outCap = Math.max(1, info.maxOutputTokens - 2);
    const budget = (b: TokenBudget | undefined, n: number, fallback: number) => {
      const value = b === undefined ? fallback : typeof b === 'function' ? b(n) : b;
      return Math.max(0, Math.round(Number.isFinite(value) ? value : fallback));
    };
    let paddedSlots = 0;
    let batchesDone = 0;
    let batchesPlanned = 0;
    let unitsDone = 0;
    let stopped = false;
    const backendWarnings = new Set<string>();

    /** Tokenises, splits and schedules one window of sentences (long inputs are planned window by window). */
    const plan = async (from: number, to: number) => {
      // pieces: what the model sees; a sentence over the limit becomes several pieces
      const pieces: { unit: number; text: string }[] = [];
      const pieceCounts: number[] = [];
      const piecesOf = new Map<number, number[]>();
      const counts = await count(units.slice(from, to).map((u) => u.source));
      for (let i = from; i < to; i++) {
        const u = units[i]!;
        const own: number[] = [];
        piecesOf.set(i, own);
        if (u.source.trim().length === 0) continue; // a blank array item: nothing to translate
        const n = counts[i - from]!;
        const parts = n > limit ? await splitToLimit(u.source, limit, count) : [u.source];
        pieceCounts.push(...(parts.length > 1 ? await count(parts) : [n]));
        if (parts.length > 1) {
          sentenceWarnings[i]!.push({
            code: 'sentence-split',
            message: `A sentence of ${n} tokens, over the model's limit of ${limit}, was translated in ${parts.length} pieces.`,
            sentence: i,
          });
        }
        for (const text of parts) {
          own.push(pieces.length);
          pieces.push({ unit: i, text });
        }
      }
      const schedule = scheduleBatches(pieceCounts, { batchSize, maxBatchTokens });
      const maxNew = pieceCounts.map((n) => Math.max(1, Math.min(outCap, budget(gen.maxNewTokens, n, 1.5 * n + 10))));
      const minNew = pieceCounts.map((n, p) => Math.min(maxNew[p]!, budget(gen.minNewTokens, n, 0)));
      const real = pieceCounts.reduce((a, b) => a + b, 0);
      usage.pieces += pieces.length;
      usage.batches += schedule.batches.length;
      usage.inputTokens += real;
      paddedSlots += schedule.paddingRatio < 1 ? real / (1 - schedule.paddingRatio) : real;
      usage.paddingRatio = paddedSlots > 0 ? 1 - usage.inputTokens / paddedSlots : 0;
      batchesPlanned += schedule.batches.length;
      const outputs: (string | undefined)[] = pieces.map(() => undefined);
      const scores: { score: number | undefined; tokens: number }[] = pieces.map(() => ({ score: undefined, tokens: 0 }));
      return { from, to, pieces, piecesOf, batches: schedule.batches, maxNew, minNew, outputs, scores };
    };
    type Plan = Awaited<ReturnType<typeof plan>>;

    // Batches are queued on the instance's limiter (up to `concurrency` run together);
    // results are yielded in document order.
    const runBatch = (w: Plan, batch: number[]) =>
      lock(async () => {
        if (stopped) return;
        throwIfAborted(signal);
        const result = await backend.doGenerate({
          inputs: batch.map((p) => w.pieces[p]!.text),
          maxNewTokens: batch.map((p) => w.maxNew[p]!),
          minNewTokens: batch.map((p) => w.minNew[p]!),
          ...(beams !== undefined ? { beams } : {}),
          ...(gen.lengthPenalty !== undefined ? { lengthPenalty: gen.lengthPenalty } : {}),
          ...(gen.earlyStopping !== undefined ? { earlyStopping: gen.earlyStopping } : {}),
          ...(signal ? { signal } : {}),
        });
        usage.steps += result.steps;
        usage.runtimeMs += result.runtimeMs ?? 0;
        // the backend's warnings (e.g. `option-ignored`), once per result, on the batch's first sentence
        for (const warning of result.warnings ?? []) {
          const key = `${warning.code}\u0000${warning.message}`;
          if (backendWarnings.has(key)) continue;
          backendWarnings.add(key);
          sentenceWarnings[w.pieces[batch[0]!]!.unit]!.push(warning);
        }
        for (const [k, p] of batch.entries()) {
          const out = result.outputs[k]!;
          usage.outputTokens += out.tokens;
          w.outputs[p] = out.text;
          w.scores[p] = { score: out.score, tokens: out.tokens + (out.finished ? 1 : 0) };
          if (!out.finished) {
            const unit = w.pieces[p]!.unit;
            sentenceWarnings[unit]!.push({
              code: 'output-truncated',
              message: `A translation reached its cap of ${w.maxNew[p]} tokens before the model ended it; it may be cut short.`,
              sentence: unit,
            });
          }
        }
        emit(onProgress, { type: 'batch', done: ++batchesDone, total: batchesPlanned, size: batch.length });
      });

    // a window holds at least 64 sentences and at least 4 batches' worth
    const window = Math.max(64, batchSize * 4);
    try {
      for (let from = 0; from < total; from += window) {
        throwIfAborted(signal);
        const w = await plan(from, Math.min(total, from + window));
        const running = w.batches.map((batch) => runBatch(w, batch));
        for (const r of running) r.catch(() => undefined); // failures surface when awaited, in order
        let next = w.from;
        const isDone = (i: number) => w.piecesOf.get(i)!.every((p) => w.outputs[p] !== undefined);
        const ready = function* () {
          while (next < w.to && isDone(next)) {
            const i = next++;
            const u = units[i]!;
            const translation = w.piecesOf.get(i)!.map((p) => w.outputs[p]!).filter((t) => t.length > 0).join(' ');
            if (translation.length === 0 && HAS_CONTENT.test(u.source)) {
              sentenceWarnings[i]!.push({ code: 'empty-output', message: 'The model returned an empty translation for a non-empty sentence.', sentence: i });
            }
            sentenceWarnings[i]!.push(...markupWarnings(i, translation));
            unitsDone++;
            const score = sentenceScore(w.piecesOf.get(i)!.map((p) => w.scores[p]!));
            yield { ...u, translation, ...(score !== undefined ? { score } : {}), index: i, warnings: i === 0 ? [...docWarnings, ...sentenceWarnings[i]!] : sentenceWarnings[i]! };
          }
        };
        for (const r of [Promise.resolve(), ...running]) {
          await r;
          const before = unitsDone;
          yield* ready();
          if (unitsDone > before) emit(onProgress, { type: 'sentence', done: unitsDone, total });
        }
      }
    } finally {
      // an error, an abort or a consumer that stopped iterating: queued batches are skipped
      stopped = true;
    }
    emit(onProgress, { type: 'done', ms: performance.now() - started });
  }

  function stream(input: string | readonly string[], options?: TranslateOptions): AsyncIterable<StreamedSentence> {
    checkInput(input);
    const callOptions = checkCallOptions(options);
    return run(prepare(input, callOptions), callOptions);
  }

  return {
    model: modelName,
    async translate(input, options) {
      checkInput(input);
      const callOptions = checkCallOptions(options);
      const sentences: TranslatedSentence[] = [];
      const warnings: Warning[] = [];
      const usage = emptyUsage();
      const prepared = prepare(input, callOptions);
      for await (const s of run(prepared, callOptions, usage)) {
        const { index: _index, warnings: w, ...sentence } = s;
        sentences.push(sentence);
        warnings.push(...w);
      }
      const text = prepared.html
        ? prepared.html.render(sentences.map((s) => s.translation))
        : joinTranslations(sentences, typeof input !== 'string', typeof input === 'string' ? input : undefined);
      return { text, sentences, warnings, model: modelName, usage };
    },
    translateStream: stream,
    async load(loadOptions = {}) {
      if (disposed) throw new DisposedError('translator');
      return backend.doLoad(loadOptions);
    },
    async dispose() {
      disposed = true;
      await backend.doDispose();
    },
  };
}

/** A sentence's score: its piece's, or the pieces' mean weighted by their lengths; undefined when a piece has none. */
function sentenceScore(pieces: readonly { score: number | undefined; tokens: number }[]): number | undefined {
  if (pieces.length === 0 || pieces.some((p) => p.score === undefined)) return undefined;
  if (pieces.length === 1) return pieces[0]!.score;
  const total = pieces.reduce((a, p) => a + Math.max(1, p.tokens), 0);
  return pieces.reduce((a, p) => a + p.score! * Math.max(1, p.tokens), 0) / total;
}

function emptyUsage(): TranslationUsage {
  return { pieces: 0, batches: 0, inputTokens: 0, outputTokens: 0, steps: 0, runtimeMs: 0, paddingRatio: 0 };
}

/** Whether `input.slice(from, to)` holds a blank line (two line breaks, CRLF counted once) or U+2029. */
function hasBlankLine(input: string, from: number, to: number): boolean {
  let breaks = 0;
  for (let i = Math.max(0, from); i < Math.min(to, input.length); i++) {
    const c = input.charCodeAt(i);
    if (c === 0x2029) return true;
    if (c === 0x0d && input.charCodeAt(i + 1) === 0x0a) continue;
    if (c === 0x0a || c === 0x0d || c === 0x2028) breaks++;
    if (breaks >= 2) return true;
  }
  return false;
}

/**
 * Returns a function giving, for each translated sentence in order, the text to append to the
 * English output: a space between sentences, and between paragraphs the input's own separator
 * when `input` is given (a single line break where the French has one paragraph per line, a
 * blank line where it has blank lines), else a blank line; one line per item for array input
 * (`lines`). Used to stream the output and to build `text`.
 */
export function textJoiner(
  lines: boolean,
  input?: string,
): (s: Pick<TranslatedSentence, 'translation' | 'paragraph' | 'start' | 'end'>) => string {
  let first = true;
  let paragraph = 0;
  let prevEnd = -1;
  let prevParagraph = 0;
  let blank = false;
  return (s) => {
    if (lines) {
      const piece = first ? s.translation : `\n${s.translation}`;
      first = false;
      return piece;
    }
    // Paragraph changes since the last piece written, also across sentences with no translation.
    if (prevEnd >= 0 && s.paragraph !== prevParagraph) blank ||= input === undefined || hasBlankLine(input, prevEnd, s.start);
    prevEnd = s.end;
    prevParagraph = s.paragraph;
    if (s.translation.length === 0) return '';
    const separator = s.paragraph === paragraph ? ' ' : blank || input === undefined ? '\n\n' : '\n';
    const piece = first ? s.translation : `${separator}${s.translation}`;
    first = false;
    paragraph = s.paragraph;
    blank = false;
    return piece;
  };
}

/**
 * Joins translations: a space between sentences, the input's paragraph separator between
 * paragraphs (a blank line without `input`), or one line per array item (`lines`).
 */
export function joinTranslations(sentences: readonly TranslatedSentence[], lines: boolean, input?: string): string {
  const join = textJoiner(lines, input);
  return sentences.map(join).join('');
}

let shared: Translator | undefined;

/**
 * Translates French text with a shared default translator (`Xenova/opus-mt-fr-en`, loaded once).
 * Use {@link createTranslator} to choose the model or where it is looked for.
 */
export function translate(input: string | readonly string[], options?: TranslateOptions): Promise<TranslationResult> {
  shared ??= createTranslator();
  return shared.translate(input, options);
}

/** Streaming form of {@link translate} with the shared default translator. */
export function translateStream(input: string | readonly string[], options?: TranslateOptions): AsyncIterable<StreamedSentence> {
  shared ??= createTranslator();
  return shared.translateStream(input, options);
}
