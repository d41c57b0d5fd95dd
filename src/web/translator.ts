/**
 * `Translator` of the WICG Translator API (webmachinelearning/translation-api), backed by fr2en:
 * French → English (and the identity pairs), sentence-by-sentence streaming of string deltas.
 */
import { textJoiner } from '../pipeline/translate/index.js';
import { ModelLoadError } from '../errors.js';
import { loadEntry, modelAvailability, nativeApi, sharedTranslator, webSettings } from './setup.js';
import {
  aggregatedResult,
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

/** `TranslatorCreateCoreOptions`. */
export interface TranslatorCreateCoreOptions {
  sourceLanguage: string;
  targetLanguage: string;
}
/** `TranslatorCreateOptions`. */
export interface TranslatorCreateOptions extends TranslatorCreateCoreOptions {
  signal?: AbortSignal;
  monitor?: (monitor: CreateMonitor) => void;
}
/** `TranslatorTranslateOptions`. */
export interface TranslatorTranslateOptions {
  signal?: AbortSignal;
}

type Arc = 'fr-en' | 'identity' | undefined;

function arcOf(source: string, target: string): Arc {
  const base = (t: string) => t.split('-')[0]!.toLowerCase();
  if (base(source) === base(target)) return 'identity';
  if (isLanguage(source, 'fr') && isLanguage(target, 'en')) return 'fr-en';
  return undefined;
}

function tags(options: TranslatorCreateCoreOptions): { source: string; target: string } {
  if (typeof options !== 'object' || options === null) throw new TypeError('Translator: options with sourceLanguage and targetLanguage are required.');
  if (options.sourceLanguage === undefined || options.targetLanguage === undefined) {
    throw new TypeError('Translator: sourceLanguage and targetLanguage are required.');
  }
  return { source: canonicalTag(options.sourceLanguage), target: canonicalTag(options.targetLanguage) };
}

interface BuiltIn {
  availability(o: TranslatorCreateCoreOptions): Promise<Availability>;
  create(o: TranslatorCreateOptions): Promise<unknown>;
}

/** The browser's own Translator (also after `polyfill({ force: true })` replaced the global). */
function builtIn(): BuiltIn | undefined {
  const native = nativeApi('Translator', Translator);
  return typeof native === 'function' && typeof (native as unknown as BuiltIn).availability === 'function' ? (native as unknown as BuiltIn) : undefined;
}

/** The language arc fr2en serves, as the spec's best fit would report it (`fr-FR` → `fr`); identity pairs keep the caller's tags. */
function bestFit(source: string, target: string, arc: Exclude<Arc, undefined>): { source: string; target: string } {
  return arc === 'fr-en' ? { source: 'fr', target: 'en' } : { source, target };
}

async function arcAvailability(source: string, target: string, arc: Arc): Promise<Availability> {
  if (arc === 'identity') return 'available';
  if (arc === undefined) return 'unavailable';
  const native = webSettings().preferBuiltIn ? builtIn() : undefined;
  if (native && (await native.availability({ sourceLanguage: source, targetLanguage: target })) === 'available') return 'available';
  const e = sharedTranslator();
  return modelAvailability(e, e.instance.model);
}

/** A French → English translator with the shape of the web platform's `Translator`. */
export class Translator {
  readonly #destruction = new Destruction();
  readonly #arc: Exclude<Arc, undefined>;
  /** The source language: `fr` for French (any regional variant asked), the caller's tag for an identity pair. */
  readonly sourceLanguage: string;
  /** The target language: `en` for English, the caller's tag for an identity pair. */
  readonly targetLanguage: string;
  /** Largest input (characters) a call accepts: `setup({ inputQuota })`, else `Infinity`. */
  readonly inputQuota: number;

  private constructor(source: string, target: string, arc: Exclude<Arc, undefined>) {
    const fit = bestFit(source, target, arc);
    this.sourceLanguage = fit.source;
    this.targetLanguage = fit.target;
    this.#arc = arc;
    this.inputQuota = webSettings().inputQuota ?? Number.POSITIVE_INFINITY;
  }

  /**
   * `"available"` for identity pairs and for fr→en once the model is loaded or cached, `"downloadable"`
   * before, `"downloading"` while it loads, `"unavailable"` for other pairs. Answers in a later task.
   * @throws RangeError for an invalid tag, TypeError for a missing one
   */
  static async availability(options: TranslatorCreateCoreOptions): Promise<Availability> {
    const { source, target } = tags(options);
    const availability = await arcAvailability(source, target, arcOf(source, target));
    await nextTask();
    return availability;
  }

  /**
   * Creates a translator, loading the model (with `downloadprogress` events on the monitor).
   * Rejects with `NotSupportedError` for an unsupported pair (before anything else), the
   * signal's reason when aborted, `NotAllowedError` when the model must be downloaded and the
   * call has no transient user activation (see `setup({ requireUserActivation })`),
   * `NetworkError` when the model cannot be fetched, `OperationError` when it fails to initialise.
   * Aborting the signal after creation destroys the translator with the signal's reason.
   */
  static async create(options: TranslatorCreateOptions): Promise<Translator> {
    const { source, target } = tags(options);
    const arc = arcOf(source, target);
    return createModelObject<Translator>({
      signal: options.signal,
      monitor: options.monitor,
      availability: () => arcAvailability(source, target, arc),
      unsupported: `fr2en translates French to English only, not ${source} → ${target}.`,
      requireActivation: webSettings().requireUserActivation !== false,
      handOver: async () => {
        if (arc !== 'fr-en' || !webSettings().preferBuiltIn) return undefined;
        const native = builtIn();
        if (!native || (await native.availability({ sourceLanguage: source, targetLanguage: target })) !== 'available') return undefined;
        return (await native.create(options)) as Translator;
      },
      load: async (signal, progress) => {
        if (arc !== 'fr-en') return;
        const e = sharedTranslator();
        const before = await modelAvailability(e, e.instance.model);
        try {
          await loadEntry(e, signal, (p) => {
            if (p.type === 'download') progress.file(p.file, p.loaded, p.total);
          });
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          const name = ModelLoadError.isInstance(error) && before !== 'available' ? 'NetworkError' : 'OperationError';
          throw domError(name, String((error as Error)?.message ?? error));
        }
      },
      make: () => new Translator(source, target, arc!),
      destroy: (translator, reason) => translator.#destruction.destroy(reason),
    });
  }

  #check(input: string): void {
    if (input.length > this.inputQuota) throw quotaError(input.length, this.inputQuota);
  }

  async *#deltas(input: string, signal: AbortSignal): AsyncGenerator<string> {
    checkSignal(signal);
    this.#check(input);
    if (this.#arc === 'identity' || nothingToProcess(input)) {
      if (input.length > 0) yield input;
      return;
    }
    const join = textJoiner(false, input);
    for await (const sentence of sharedTranslator().instance.translateStream(input, { signal })) {
      const piece = join(sentence);
      if (piece.length > 0) yield piece;
    }
  }

  /**
   * Translates `input`; the result is the concatenation of {@link translateStreaming}'s chunks.
   * Input with nothing to translate (white space, control characters) comes back unchanged.
   * Settles in a later task that checks the signal and destruction first.
   */
  translate(input: string, options: TranslatorTranslateOptions = {}): Promise<string> {
    const signal = this.#destruction.signal(options.signal);
    return aggregatedResult(signal, (s) => this.#deltas(String(input), s));
  }

  /** A stream of string deltas, one per translated sentence (with its separator), in document order. @throws the abort reason when already aborted or destroyed */
  translateStreaming(input: string, options: TranslatorTranslateOptions = {}): ReadableStream<string> {
    const signal = this.#destruction.signal(options.signal);
    checkSignal(signal);
    return deltaStream((s) => this.#deltas(String(input), s), signal);
  }

  /**
   * Characters of `input` when `inputQuota` is finite; 0 when it is `Infinity` (as the specs
   * require). Answers in a later task, so `destroy()` or an abort right after the call rejects it.
   */
  measureInputUsage(input: string, options: TranslatorTranslateOptions = {}): Promise<number> {
    const signal = this.#destruction.signal(options.signal);
    return measuredUsage(signal, () => (Number.isFinite(this.inputQuota) ? String(input).length : 0));
  }

  /** Aborts ongoing calls with an `AbortError` DOMException; later calls reject with it. The shared model stays loaded. */
  destroy(): void {
    this.#destruction.destroy();
  }
}
