/**
 * The translator factory: validates the options, builds the instance core, and gives the
 * public methods (whole result, stream, load, dispose) over the runner.
 */
import { createInstanceCore, MODEL_OPTIONS, POOL_OPTIONS, sharedInstance } from '../../instance/index.js';
import { DEFAULT_TRANSLATION_MODEL } from '../../models/manifest.js';
import { createMemoryCacheStore, glossaryScope, type TranslationCacheStore } from '../../cache/index.js';
import { InputError } from '../../errors.js';
import { checkInteger, checkOptions, describe } from '../../validate.js';
import { createBatcher } from '../batcher.js';
import { createModelCalls } from './model-calls.js';
import type { Warning } from '../../warnings.js';
import { checkCallOptions, checkInput, checkQualityOptions, prepare } from './input.js';
import { joinTranslations } from './join.js';
import { emptyUsage, runTranslation, type TranslationCore } from './run.js';
import { QUALITY_OPTIONS, qualityOptions, type StreamedSentence, type TranslatedSentence, type TranslateInput, type TranslateOptions, type TranslationResult, type Translator, type TranslatorOptions } from './types.js';
import { countFlags } from './vet.js';

const TRANSLATOR_OPTIONS = [...MODEL_OPTIONS, ...POOL_OPTIONS, 'batchSize', 'maxBatchTokens', 'concurrency', 'beams', 'cache', 'batchWindowMs', ...QUALITY_OPTIONS] as const satisfies readonly (keyof TranslatorOptions)[];

/**
 * Creates a translator. The model loads on first use (or with `load()`), once.
 *
 * @example
 * const translator = createTranslator({ model: 'Xenova/opus-mt-fr-en' });
 * const { text } = await translator.translate('Le chat dort. Il fait beau.');
 */
export function createTranslator(options: TranslatorOptions = {}): Translator {
  const o = checkOptions(options, TRANSLATOR_OPTIONS, 'createTranslator');
  const defaults = {
    batchSize: checkInteger(o.batchSize, 'batchSize', 1, 4096) ?? 8,
    maxBatchTokens: checkInteger(o.maxBatchTokens, 'maxBatchTokens', 1) ?? 2048,
    beams: checkInteger(o.beams, 'beams', 1, 64),
    quality: qualityOptions(checkQualityOptions(o, 'createTranslator')),
  };
  // model calls in flight per instance: concurrent calls queue (default: one per worker)
  const inFlight = checkInteger(o.concurrency, 'concurrency', 1, 64);
  const instance = createInstanceCore(o, { kind: 'translator', task: 'translation', defaultModel: DEFAULT_TRANSLATION_MODEL, inFlight, pool: true });
  const batcher = createBatcher(instance.backend, instance.lock, checkInteger(o.batchWindowMs, 'batchWindowMs', 0, 10_000) ?? 0);
  const own = o as Pick<TranslatorOptions, 'glossary' | 'doNotTranslate'>;
  const core: TranslationCore = {
    ...instance,
    calls: createModelCalls(instance.backend, batcher, cacheStore(o.cache)),
    // both the translator's and the call's lists: right however the two are combined
    glossaryScope: (call) =>
      [glossaryScope(own.glossary, own.doNotTranslate), glossaryScope(call.glossary, call.doNotTranslate)].join('\u0000'),
  };

  return {
    model: core.modelName,
    async translate(input, options) {
      checkInput(input);
      const callOptions = checkCallOptions(options);
      const sentences: TranslatedSentence[] = [];
      const warnings: Warning[] = [];
      const usage = emptyUsage();
      const prepared = await prepare(input, callOptions);
      for await (const s of runTranslation(core, defaults, prepared, callOptions, usage)) {
        const { index: _index, warnings: w, ...sentence } = s;
        sentences.push(sentence);
        warnings.push(...w);
      }
      const flagCounts = countFlags(sentences);
      if (prepared.html) {
        const rendered = prepared.html.render(sentences.map((s) => s.translation));
        warnings.push(...rendered.warnings);
        return { text: rendered.text, ...(rendered.document ? { document: rendered.document } : {}), sentences, warnings, model: core.modelName, usage, flagCounts };
      }
      const text = joinTranslations(sentences, typeof input !== 'string', typeof input === 'string' ? input : undefined);
      return { text, sentences, warnings, model: core.modelName, usage, flagCounts };
    },
    translateStream(input, options) {
      checkInput(input);
      const callOptions = checkCallOptions(options);
      // a document's parser loads on first use: the sentences start once it is read
      return (async function* () {
        yield* runTranslation(core, defaults, await prepare(input, callOptions), callOptions);
      })();
    },
    load: (loadOptions) => core.load(loadOptions),
    dispose: () => core.dispose(),
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

const shared = sharedInstance(() => createTranslator());

/**
 * Translates French text with a shared default translator (`Xenova/opus-mt-fr-en`, loaded once).
 * Use {@link createTranslator} to choose the model or where it is looked for.
 */
export function translate(input: TranslateInput, options?: TranslateOptions): Promise<TranslationResult> {
  return shared().translate(input, options);
}

/** Streaming form of {@link translate} with the shared default translator. */
export function translateStream(input: TranslateInput, options?: TranslateOptions): AsyncIterable<StreamedSentence> {
  return shared().translateStream(input, options);
}
