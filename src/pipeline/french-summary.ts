/**
 * French in, English summary out (#11): the public `createSummarizer` and `summarize`, which
 * give the summarizer a translator for French input (created on the first French call with the
 * summarizer's model-source options). `summarize/` never imports `pipeline/`, so the wiring is here.
 */
import { sharedInstance } from '../instance/index.js';
import { DEFAULT_TRANSLATION_MODEL } from '../models/manifest.js';
import {
  createSummarizer as createBaseSummarizer,
  type FrenchTranslator,
  type SummarizeOptions,
  type Summarizer,
  type SummarizerOptions,
  type SummaryResult,
} from '../summarize/summarizer.js';
import { createTranslator } from './translate/translator.js';
import type { Translator } from './translate/types.js';

/**
 * Creates a summarizer whose summaries of French text are English (see `SummarizeOptions.english`).
 *
 * @example
 * const summarizer = createSummarizer();
 * const { summary } = await summarizer.summarize(frenchArticle, { type: 'tldr' });
 */
export function createSummarizer(options: SummarizerOptions = {}): Summarizer {
  let translator: Translator | undefined;
  const source = (options ?? {}) as SummarizerOptions;
  const model = typeof source.translationModel === 'string' ? source.translationModel : DEFAULT_TRANSLATION_MODEL;
  const french: FrenchTranslator = {
    model,
    translate(text, callOptions) {
      translator ??= createTranslator({
        model,
        ...(source.modelsDir !== undefined ? { modelsDir: source.modelsDir } : {}),
        ...(source.allowRemote !== undefined ? { allowRemote: source.allowRemote } : {}),
        ...(source.cacheDir !== undefined ? { cacheDir: source.cacheDir } : {}),
        ...(source.threads !== undefined ? { threads: source.threads } : {}),
      });
      return translator.translate(text, callOptions);
    },
  };
  const base = createBaseSummarizer(options, french);
  return {
    get model() {
      return base.model;
    },
    summarize: (text, callOptions) => base.summarize(text, callOptions),
    load: (loadOptions) => base.load(loadOptions),
    async dispose() {
      await Promise.all([base.dispose(), translator?.dispose()]);
    },
  };
}

const shared = sharedInstance(() => createSummarizer());

/** Summarises text with a shared default summarizer; French text gives an English summary. */
export function summarize(text: string, options?: SummarizeOptions): Promise<SummaryResult> {
  return shared().summarize(text, options);
}
