/**
 * The translator factory: validates the options, builds the instance core, and gives the
 * public methods (whole result, stream, load, dispose) over the runner.
 */
import { instanceCoreFrom, sharedInstance } from '../../instance/index.js';
import { glossaryScope } from '../../cache/index.js';
import { createBatcher } from '../batcher.js';
import { createModelCalls } from './model-calls.js';
import type { Warning } from '../../warnings.js';
import { checkCallOptions, checkInput, prepare } from './input.js';
import { joinTranslations } from './join.js';
import { emptyUsage, runTranslation, type TranslationCore } from './run.js';
import { normalizeTranslatorOptions } from './options.js';
import { type StreamedSentence, type TranslatedSentence, type TranslateInput, type TranslateOptions, type TranslationResult, type Translator, type TranslatorOptions } from './types.js';
import { countFlags } from './vet.js';

/**
 * Creates a translator. The model loads on first use (or with `load()`), once.
 *
 * @example
 * const translator = createTranslator({ model: 'Xenova/opus-mt-fr-en' });
 * const { text } = await translator.translate('Le chat dort. Il fait beau.');
 */
export function createTranslator(options: TranslatorOptions = {}): Translator {
  const resolved = normalizeTranslatorOptions(options);
  const { defaults } = resolved;
  // model calls in flight per instance: concurrent calls queue (default: one per worker)
  const instance = instanceCoreFrom(resolved.model, { kind: 'translator', inFlight: resolved.inFlight });
  const batcher = createBatcher(instance.backend, instance.lock, resolved.batchWindowMs);
  const own = resolved.glossary;
  const core: TranslationCore = {
    ...instance,
    calls: createModelCalls(instance.backend, batcher, resolved.cache),
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
