/**
 * `createTranslator`'s options normalised once, into a typed object: the shared model and pool
 * options (resolved by the instance core's `normalizeModelOptions`), batching, decoding defaults,
 * quality options and the translation cache.
 */
import { createMemoryCacheStore, type TranslationCacheStore } from '../../cache/index.js';
import { InputError } from '../../errors.js';
import { MODEL_OPTIONS, normalizeModelOptions, POOL_OPTIONS, type ResolvedModelOptions } from '../../instance/index.js';
import { DEFAULT_TRANSLATION_MODEL } from '../../models/manifest.js';
import { checkInteger, checkOptions, describe } from '../../validate.js';
import { checkQualityOptions } from './input.js';
import type { RunDefaults } from './run.js';
import { QUALITY_OPTIONS, qualityOptions, type TranslatorOptions } from './types.js';

/** Option names of {@link TranslatorOptions}. */
export const TRANSLATOR_OPTIONS = [...MODEL_OPTIONS, ...POOL_OPTIONS, 'batchSize', 'maxBatchTokens', 'concurrency', 'beams', 'cache', 'batchWindowMs', ...QUALITY_OPTIONS] as const satisfies readonly (keyof TranslatorOptions)[];

/** A translator's options, checked, defaults filled in. */
export interface ResolvedTranslatorOptions {
  model: ResolvedModelOptions;
  /** What a call may override: batch size and tokens, beams, quality options. */
  defaults: RunDefaults;
  /** Model calls run at the same time (`concurrency`); undefined: one per worker. */
  inFlight: number | undefined;
  batchWindowMs: number;
  cache: TranslationCacheStore | undefined;
  /** The translator's own glossary, which every call's is combined with. */
  glossary: Pick<TranslatorOptions, 'glossary' | 'doNotTranslate'>;
}

/**
 * Normalises `createTranslator`'s options.
 * @throws InputError naming the option at fault
 */
export function normalizeTranslatorOptions(options: TranslatorOptions | undefined): ResolvedTranslatorOptions {
  const o = checkOptions(options, TRANSLATOR_OPTIONS, 'createTranslator');
  const defaults: RunDefaults = {
    batchSize: checkInteger(o.batchSize, 'batchSize', 1, 4096) ?? 8,
    maxBatchTokens: checkInteger(o.maxBatchTokens, 'maxBatchTokens', 1) ?? 2048,
    beams: checkInteger(o.beams, 'beams', 1, 64),
    quality: qualityOptions(checkQualityOptions(o, 'createTranslator')),
  };
  const inFlight = checkInteger(o.concurrency, 'concurrency', 1, 64);
  const model = normalizeModelOptions(o, 'translation', DEFAULT_TRANSLATION_MODEL, { pool: true });
  const own = o as Pick<TranslatorOptions, 'glossary' | 'doNotTranslate'>;
  return {
    model,
    defaults,
    inFlight,
    batchWindowMs: checkInteger(o.batchWindowMs, 'batchWindowMs', 0, 10_000) ?? 0,
    cache: cacheStore(o.cache),
    glossary: { ...(own.glossary !== undefined ? { glossary: own.glossary } : {}), ...(own.doNotTranslate !== undefined ? { doNotTranslate: own.doNotTranslate } : {}) },
  };
}

/** The store behind the `cache` option: none, the in-memory one, or the caller's. */
function cacheStore(option: unknown): TranslationCacheStore | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return createMemoryCacheStore();
  if (typeof option === 'object' && option !== null && typeof (option as TranslationCacheStore).get === 'function' && typeof (option as TranslationCacheStore).set === 'function') {
    return option as TranslationCacheStore;
  }
  throw new InputError(`Expected \`cache\` to be true, false or a store with \`get\` and \`set\` methods, got ${describe(option)}.`, { option: 'cache' });
}
