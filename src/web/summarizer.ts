/**
 * `Summarizer` of the WICG writing-assistance APIs, backed by fr2en's route module (the same as
 * `summarize`'s): English text is summarised by the summary model; French text is translated,
 * then summarised (a chat model reads it itself) when the output language is English, or
 * summarised extractively in French otherwise.
 */
import { detectLanguage } from '../lang/detect.js';
import { summarizeByRoute } from '../pipeline/route/summary.js';
import { ModelLoadError } from '../errors.js';
import { loadEntry, modelAvailability, nativeApi, sharedSummarizer, sharedTranslator, webSettings } from './setup.js';
import {
  aggregatedResult,
  AVAILABILITIES,
  canonicalTag,
  checkSignal,
  createModelObject,
  CreateMonitor,
  deltaStream,
  Destruction,
  domError,
  isLanguage,
  measuredUsage,
  nextTask,
  nothingToProcess,
  quotaError,
  type Availability,
} from './shared.js';

/** The specs' enums, declared once. */
export const SUMMARIZER_TYPES = ['tldr', 'teaser', 'key-points', 'headline'] as const;
export const SUMMARIZER_FORMATS = ['plain-text', 'markdown'] as const;
export const SUMMARIZER_LENGTHS = ['short', 'medium', 'long'] as const;
export type SummarizerType = (typeof SUMMARIZER_TYPES)[number];
export type SummarizerFormat = (typeof SUMMARIZER_FORMATS)[number];
export type SummarizerLength = (typeof SUMMARIZER_LENGTHS)[number];

/** `SummarizerCreateCoreOptions`. */
export interface SummarizerCreateCoreOptions {
  /** @default 'key-points' */
  type?: SummarizerType;
  /** @default 'markdown' */
  format?: SummarizerFormat;
  /** @default 'short' */
  length?: SummarizerLength;
  /** Accepted and reported; fr2en has one model per task. @default 'auto' */
  preference?: 'auto' | 'speed' | 'capability';
  expectedInputLanguages?: string[];
  expectedContextLanguages?: string[];
  outputLanguage?: string;
}
/** `SummarizerCreateOptions`. */
export interface SummarizerCreateOptions extends SummarizerCreateCoreOptions {
  signal?: AbortSignal;
  monitor?: (monitor: CreateMonitor) => void;
  sharedContext?: string;
}
/** `SummarizerSummarizeOptions`. */
export interface SummarizerSummarizeOptions {
  signal?: AbortSignal;
  /** Background for this call. fr2en's models take no context: it counts toward the quota and is never obeyed as instructions. */
  context?: string;
}

const SUPPORTED = ['fr', 'en'];

interface Resolved {
  type: SummarizerType;
  format: SummarizerFormat;
  length: SummarizerLength;
  preference: 'auto' | 'speed' | 'capability';
  input: string[];
  context: string[];
  output: string | null;
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new TypeError(`Summarizer: \`${name}\` must be one of ${allowed.join(', ')}.`);
  return value as T;
}

/** The specs' "validate and canonicalize language tags" for a list: canonical, duplicates dropped, order kept. */
function tagSet(tags: readonly string[] | undefined): string[] {
  return [...new Set((tags ?? []).map(canonicalTag))];
}

function resolve(options: SummarizerCreateCoreOptions = {}): Resolved {
  return {
    type: pick(options.type, SUMMARIZER_TYPES, 'key-points', 'type'),
    format: pick(options.format, SUMMARIZER_FORMATS, 'markdown', 'format'),
    length: pick(options.length, SUMMARIZER_LENGTHS, 'short', 'length'),
    preference: pick(options.preference, ['auto', 'speed', 'capability'] as const, 'auto', 'preference'),
    input: tagSet(options.expectedInputLanguages),
    context: tagSet(options.expectedContextLanguages),
    output: options.outputLanguage === undefined ? null : canonicalTag(options.outputLanguage),
  };
}

const supported = (tag: string) => SUPPORTED.some((l) => isLanguage(tag, l));
const extractiveOnly = () => webSettings().summaryMethod === 'extractive';

/** Which models a summarizer with these options needs (abstractive: the summary model; French in, English out: the translator too). */
function needs(r: Resolved): { summary: boolean; translation: boolean } {
  const frIn = r.input.length === 0 || r.input.some((t) => isLanguage(t, 'fr'));
  const enOut = r.output === null || isLanguage(r.output, 'en');
  return { summary: !extractiveOnly() && enOut, translation: frIn && r.output !== null && isLanguage(r.output, 'en') };
}

function languagesSupported(r: Resolved): boolean {
  if (![...r.input, ...r.context].every(supported)) return false;
  // French output is extractive only (the summary model writes English)
  return r.output === null || isLanguage(r.output, 'en') || isLanguage(r.output, 'fr');
}

const minimum = (values: Availability[]) =>
  values.reduce((a, b) => (AVAILABILITIES.indexOf(a) <= AVAILABILITIES.indexOf(b) ? a : b), 'available' as Availability);

interface BuiltIn {
  availability(o: SummarizerCreateCoreOptions): Promise<Availability>;
  create(o: SummarizerCreateOptions): Promise<unknown>;
}
/** The browser's own Summarizer (also after `polyfill({ force: true })` replaced the global). */
function builtIn(): BuiltIn | undefined {
  const native = nativeApi('Summarizer', Summarizer);
  return typeof native === 'function' && typeof (native as unknown as BuiltIn).availability === 'function' ? (native as unknown as BuiltIn) : undefined;
}

async function optionsAvailability(r: Resolved, options: SummarizerCreateCoreOptions): Promise<Availability> {
  if (!languagesSupported(r)) return 'unavailable';
  const native = webSettings().preferBuiltIn ? builtIn() : undefined;
  if (native && (await native.availability(options)) === 'available') return 'available';
  const n = needs(r);
  const values: Availability[] = [];
  if (n.summary) values.push(await modelAvailability(sharedSummarizer(), sharedSummarizer().instance.model));
  if (n.translation) values.push(await modelAvailability(sharedTranslator(), sharedTranslator().instance.model));
  return minimum(values);
}

/** A summarizer with the shape of the web platform's `Summarizer`, backed by fr2en. */
export class Summarizer {
  readonly #destruction = new Destruction();
  readonly #r: Resolved;
  readonly sharedContext: string | null;
  readonly inputQuota: number;

  // FrozenArray attributes: the same frozen array on every read
  readonly #input: readonly string[] | null;
  readonly #context: readonly string[] | null;

  private constructor(r: Resolved, sharedContext: string | null) {
    this.#r = r;
    this.#input = r.input.length > 0 ? Object.freeze([...r.input]) : null;
    this.#context = r.context.length > 0 ? Object.freeze([...r.context]) : null;
    this.sharedContext = sharedContext;
    this.inputQuota = webSettings().inputQuota ?? Number.POSITIVE_INFINITY;
  }

  get type(): SummarizerType {
    return this.#r.type;
  }
  get format(): SummarizerFormat {
    return this.#r.format;
  }
  get length(): SummarizerLength {
    return this.#r.length;
  }
  get preference(): 'auto' | 'speed' | 'capability' {
    return this.#r.preference;
  }
  get expectedInputLanguages(): readonly string[] | null {
    return this.#input;
  }
  get expectedContextLanguages(): readonly string[] | null {
    return this.#context;
  }
  get outputLanguage(): string | null {
    return this.#r.output;
  }

  /**
   * The minimum availability over the models the options need; `"unavailable"` for languages other
   * than French and English. Answers in a later task. @throws RangeError for an invalid tag, TypeError for a bad enum value
   */
  static async availability(options: SummarizerCreateCoreOptions = {}): Promise<Availability> {
    const availability = await optionsAvailability(resolve(options), options);
    await nextTask();
    return availability;
  }

  /**
   * Creates a summarizer, loading the models its options need (with `downloadprogress` events).
   * Rejects as `Translator.create()` does: `NotSupportedError` for unsupported languages first,
   * the signal's reason, `NotAllowedError` without user activation when a model must be
   * downloaded, `NetworkError`/`OperationError`, and `QuotaExceededError` for a `sharedContext`
   * over the quota. Aborting the signal after creation destroys the summarizer.
   */
  static async create(options: SummarizerCreateOptions = {}): Promise<Summarizer> {
    const r = resolve(options);
    const sharedContext = options.sharedContext === undefined ? null : String(options.sharedContext);
    const n = needs(r);
    const entries = [...(n.summary ? [sharedSummarizer()] : []), ...(n.translation ? [sharedTranslator()] : [])];
    return createModelObject<Summarizer>({
      signal: options.signal,
      monitor: options.monitor,
      availability: () => optionsAvailability(r, options),
      unsupported: 'fr2en summarises French and English text only.',
      requireActivation: webSettings().requireUserActivation !== false,
      handOver: async () => {
        const native = webSettings().preferBuiltIn ? builtIn() : undefined;
        if (!native || (await native.availability(options)) !== 'available') return undefined;
        return (await native.create(options)) as Summarizer;
      },
      load: async (signal, progress) => {
        const before = minimum(await Promise.all(entries.map((e) => modelAvailability(e, e.instance.model))));
        try {
          await Promise.all(
            entries.map((e) =>
              loadEntry(e, signal, (p) => {
                if (p.type === 'download') progress.file(`${e.instance.model}/${p.file}`, p.loaded, p.total);
              }),
            ),
          );
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          const name = ModelLoadError.isInstance(error) && before !== 'available' ? 'NetworkError' : 'OperationError';
          throw domError(name, String((error as Error)?.message ?? error));
        }
        // initialisation takes the shared context in: over the quota, creation fails as the spec says
        const quota = webSettings().inputQuota;
        if (sharedContext !== null && quota !== undefined && Number.isFinite(quota) && sharedContext.length > quota) {
          throw quotaError(sharedContext.length, quota);
        }
      },
      make: () => new Summarizer(r, sharedContext),
      destroy: (summarizer, reason) => summarizer.#destruction.destroy(reason),
    });
  }

  #usage(input: string, context: string | undefined): number {
    return (this.sharedContext ?? '').length + input.length + (context ?? '').length;
  }

  async #run(input: string, options: SummarizerSummarizeOptions, signal: AbortSignal): Promise<string> {
    checkSignal(signal);
    const usage = this.#usage(input, options.context);
    if (usage > this.inputQuota) throw quotaError(usage, this.inputQuota);
    if (nothingToProcess(input)) return '';
    const r = this.#r;
    const language = detectLanguage(input).language;
    const french = language === 'fr' || (language === 'unknown' && r.input.every((t) => isLanguage(t, 'fr')) && r.input.length > 0);
    if (!french && language !== 'en' && language !== 'unknown') {
      throw domError('NotSupportedError', `fr2en summarises French and English text; this text looks like \`${language}\`.`);
    }
    if (r.input.length > 0 && !r.input.some((t) => isLanguage(t, french ? 'fr' : 'en'))) {
      throw domError('NotSupportedError', `The input's language (${french ? 'fr' : 'en'}) was not among expectedInputLanguages.`);
    }
    const out = r.output ?? (french ? 'fr' : 'en');
    const english = isLanguage(out, 'en');
    // the summary models write English: French kept French is picked from the text itself
    const method = extractiveOnly() || (french && !english) ? 'extractive' : 'abstractive';
    const call = { type: r.type, length: r.length, format: r.format, signal, method, language: french ? 'fr' : 'en', english } as const;
    const result = await summarizeByRoute(input, call, {
      summarizer: () => sharedSummarizer().instance,
      translator: () => sharedTranslator().instance,
      // an extractive English summary of French is picked from the whole translation
      order: 'translate-first',
    });
    return result.summary;
  }

  /**
   * Summarises `input` (per `type`, `format`, `length`); input with nothing to summarise (white
   * space, control characters) gives `""`. Settles in a later task that checks the signal first.
   */
  summarize(input: string, options: SummarizerSummarizeOptions = {}): Promise<string> {
    const signal = this.#destruction.signal(options.signal);
    const run = (s: AbortSignal) => this.#run(String(input), options, s);
    return aggregatedResult(signal, async function* (s) {
      yield await run(s);
    });
  }

  /** The summary as a stream of deltas: fr2en's models do not stream tokens, so key points come one line per chunk, other types in one chunk. @throws the abort reason when already aborted or destroyed */
  summarizeStreaming(input: string, options: SummarizerSummarizeOptions = {}): ReadableStream<string> {
    const signal = this.#destruction.signal(options.signal);
    checkSignal(signal);
    const run = (s: AbortSignal) => this.#run(String(input), options, s);
    return deltaStream(async function* (s) {
      const summary = await run(s);
      const lines = summary.split(/(?<=\n)/u);
      for (const line of lines) if (line.length > 0) yield line;
    }, signal);
  }

  /**
   * `sharedContext` + `input` + `context` in characters when `inputQuota` is finite; 0 when it is
   * `Infinity`. Answers in a later task, so `destroy()` or an abort right after the call rejects it.
   */
  measureInputUsage(input: string, options: SummarizerSummarizeOptions = {}): Promise<number> {
    const signal = this.#destruction.signal(options.signal);
    return measuredUsage(signal, () => (Number.isFinite(this.inputQuota) ? this.#usage(String(input), options.context) : 0));
  }

  /** Aborts ongoing calls (`AbortError` DOMException); later calls reject with it. */
  destroy(): void {
    this.#destruction.destroy();
  }
}
