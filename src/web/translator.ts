/**
 * `Translator` of the WICG Translator API (webmachinelearning/translation-api), backed by fr2en:
 * French → English (and the identity pairs), sentence-by-sentence streaming of string deltas.
 */
import { textJoiner } from '../pipeline/translate/index.js';
import { ModelLoadError } from '../errors.js';
import { loadEntry, modelAvailability, sharedTranslator, webSettings } from './setup.js';
import {
  canonicalTag,
  checkSignal,
  CreateMonitor,
  deltaStream,
  Destruction,
  domError,
  downloadReporter,
  isLanguage,
  operationError,
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

/** The browser's own Translator, when it is not this class. */
function builtIn(): BuiltIn | undefined {
  const native = (globalThis as { Translator?: unknown }).Translator;
  return typeof native === 'function' && native !== Translator && typeof (native as unknown as BuiltIn).availability === 'function'
    ? (native as unknown as BuiltIn)
    : undefined;
}

/** A French → English translator with the shape of the web platform's `Translator`. */
export class Translator {
  readonly #destruction = new Destruction();
  readonly #arc: Exclude<Arc, undefined>;
  /** The canonical source language tag. */
  readonly sourceLanguage: string;
  /** The canonical target language tag. */
  readonly targetLanguage: string;
  /** Largest input (characters) a call accepts: `setup({ inputQuota })`, else `Infinity`. */
  readonly inputQuota: number;

  private constructor(source: string, target: string, arc: Exclude<Arc, undefined>) {
    this.sourceLanguage = source;
    this.targetLanguage = target;
    this.#arc = arc;
    this.inputQuota = webSettings().inputQuota ?? Number.POSITIVE_INFINITY;
  }

  /**
   * `"available"` for identity pairs and for fr→en once the model is loaded or cached, `"downloadable"`
   * before, `"downloading"` while it loads, `"unavailable"` for other pairs. @throws RangeError for an invalid tag
   */
  static async availability(options: TranslatorCreateCoreOptions): Promise<Availability> {
    const { source, target } = tags(options);
    const arc = arcOf(source, target);
    if (arc === 'identity') return 'available';
    if (arc === undefined) return 'unavailable';
    const native = webSettings().preferBuiltIn ? builtIn() : undefined;
    if (native && (await native.availability({ sourceLanguage: source, targetLanguage: target })) === 'available') return 'available';
    const e = sharedTranslator();
    return modelAvailability(e, e.instance.model);
  }

  /**
   * Creates a translator, loading the model (with `downloadprogress` events on the monitor).
   * Rejects with `NotSupportedError` for an unsupported pair, the signal's reason when aborted,
   * `NetworkError` when the model cannot be fetched, `OperationError` when it fails to initialise.
   */
  static async create(options: TranslatorCreateOptions): Promise<Translator> {
    const { source, target } = tags(options);
    const signal = options.signal;
    if (signal?.aborted) throw signal.reason;
    const monitor = new CreateMonitor();
    options.monitor?.(monitor);
    const arc = arcOf(source, target);
    if (arc === undefined) throw domError('NotSupportedError', `fr2en translates French to English only, not ${source} → ${target}.`);
    if (arc === 'fr-en' && webSettings().preferBuiltIn) {
      const native = builtIn();
      if (native && (await native.availability({ sourceLanguage: source, targetLanguage: target })) === 'available') {
        return (await native.create(options)) as Translator;
      }
    }
    const progress = downloadReporter(monitor, signal);
    progress.start();
    if (arc === 'fr-en') {
      const e = sharedTranslator();
      const before = await modelAvailability(e, e.instance.model);
      try {
        await loadEntry(e, signal ?? new AbortController().signal, (p) => {
          if (p.type === 'download') progress.file(p.file, p.loaded, p.total);
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const name = ModelLoadError.isInstance(error) && before !== 'available' ? 'NetworkError' : 'OperationError';
        throw domError(name, String((error as Error)?.message ?? error));
      }
    }
    if (signal?.aborted) throw signal.reason;
    progress.finish();
    const translator = new Translator(source, target, arc);
    signal?.addEventListener('abort', () => translator.#destruction.destroy(signal.reason), { once: true });
    return translator;
  }

  #check(input: string): void {
    if (input.length > this.inputQuota) throw quotaError(input.length, this.inputQuota);
  }

  async *#deltas(input: string, signal: AbortSignal): AsyncGenerator<string> {
    checkSignal(signal);
    this.#check(input);
    if (this.#arc === 'identity' || input.trim() === '') {
      if (input.length > 0) yield input;
      return;
    }
    const join = textJoiner(false, input);
    for await (const sentence of sharedTranslator().instance.translateStream(input, { signal })) {
      const piece = join(sentence);
      if (piece.length > 0) yield piece;
    }
  }

  /** Translates `input`; the result is the concatenation of {@link translateStreaming}'s chunks. */
  async translate(input: string, options: TranslatorTranslateOptions = {}): Promise<string> {
    const signal = this.#destruction.signal(options.signal);
    let out = '';
    try {
      for await (const piece of this.#deltas(String(input), signal)) out += piece;
    } catch (error) {
      throw operationError(error, signal);
    }
    return out;
  }

  /** A stream of string deltas, one per translated sentence (with its separator), in document order. */
  translateStreaming(input: string, options: TranslatorTranslateOptions = {}): ReadableStream<string> {
    const signal = this.#destruction.signal(options.signal);
    checkSignal(signal);
    return deltaStream((s) => this.#deltas(String(input), s), signal);
  }

  /** Characters of `input` when `inputQuota` is finite; 0 when it is `Infinity` (as the specs require). */
  async measureInputUsage(input: string, options: TranslatorTranslateOptions = {}): Promise<number> {
    checkSignal(this.#destruction.signal(options.signal));
    return Number.isFinite(this.inputQuota) ? String(input).length : 0;
  }

  /** Aborts ongoing calls with an `AbortError` DOMException; later calls reject with it. The shared model stays loaded. */
  destroy(): void {
    this.#destruction.destroy();
  }
}
