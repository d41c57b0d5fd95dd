/**
 * The public `createSummarizer` and `summarize`, in Node and in a browser alike: the summariser
 * of `summarize/` behind the route module (`route/`), with a translator for French text created
 * on the first call that needs one (with the summarizer's model-source options).
 */
import { InputError } from '../errors.js';
import { sharedInstance } from '../instance/index.js';
import { DEFAULT_TRANSLATION_MODEL } from '../models/manifest.js';
import {
  createBaseSummarizer,
  type BaseSummarizerOptions,
  type SummarizeOptions,
  type Summarizer,
  type SummaryResult,
} from '../summarize/summarizer.js';
import { summarizeByRoute } from './route/summary.js';
import { createTranslator } from './translate/translator.js';
import type { Translator } from './translate/types.js';
import { describe } from '../validate.js';

/** Options of {@link createSummarizer}. */
export interface SummarizerOptions extends BaseSummarizerOptions {
  /**
   * A translator for French input, reused and not disposed by the summarizer (`translationModel`
   * is then ignored); e.g. one shared with other calls, or a fake one in tests.
   * @default one created from `translationModel` on the first French call, disposed with the summarizer
   */
  translator?: Translator;
}

/** Checks `translator` is a translator. */
function checkTranslator(value: unknown): Translator | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as Translator).translateStream !== 'function') {
    throw new InputError(`Expected \`translator\` to be a translator (see \`createTranslator\`), got ${describe(value)}.`, { option: 'translator' });
  }
  return value as Translator;
}

/** The translator options a summarizer passes on (its model-source options and threads). */
function translatorOptions(source: BaseSummarizerOptions) {
  return {
    model: typeof source.translationModel === 'string' ? source.translationModel : DEFAULT_TRANSLATION_MODEL,
    ...(source.modelsDir !== undefined ? { modelsDir: source.modelsDir } : {}),
    ...(source.allowRemote !== undefined ? { allowRemote: source.allowRemote } : {}),
    ...(source.cacheDir !== undefined ? { cacheDir: source.cacheDir } : {}),
    ...(source.threads !== undefined ? { threads: source.threads } : {}),
    ...(source.web !== undefined ? { web: source.web } : {}),
  };
}

/**
 * Creates a summarizer; French text gives an English summary (see `SummarizeOptions.english`).
 *
 * @example
 * const summarizer = createSummarizer();
 * const { summary } = await summarizer.summarize(frenchArticle, { type: 'tldr' });
 */
export function createSummarizer(options: SummarizerOptions = {}): Summarizer {
  const { translator: given, ...rest } = (options ?? {}) as SummarizerOptions;
  const base = createBaseSummarizer(options === null || typeof options !== 'object' ? options : rest);
  const reused = checkTranslator(given);
  const settings = translatorOptions(rest);
  let translator: Translator | undefined;
  const instances = { summarizer: () => base, translator: () => reused ?? (translator ??= createTranslator(settings)) };
  return {
    get model() {
      return base.model;
    },
    summarize: (text, callOptions) => summarizeByRoute(text, callOptions, instances),
    load: (loadOptions) => base.load(loadOptions),
    async dispose() {
      await Promise.all([base.dispose(), translator?.dispose()]);
    },
  };
}

const shared = sharedInstance(() => createSummarizer());

/**
 * Summarises text with a shared default summarizer (`Xenova/distilbart-cnn-6-6` for abstractive
 * summaries; extractive ones need no model); French text gives an English summary.
 */
export function summarize(text: string, options?: SummarizeOptions): Promise<SummaryResult> {
  return shared().summarize(text, options);
}
