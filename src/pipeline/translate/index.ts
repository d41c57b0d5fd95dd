/**
 * Translation: segment → split over-long sentences → schedule batches → run the backend
 * → restore document order. Results stream sentence by sentence, in order.
 *
 * One concept per file: `types` (public types), `input` (argument checks, units), `plan`
 * (windows, pieces, budgets, batches), `run` (executes a plan), `translator` (the factory and
 * the shared default), `join` (the English text), `vet` (flags), `refine` (the second pass:
 * `repair`, `names`), `recase` (sentences in capitals).
 */
export { createTranslator, translate, translateStream } from './translator.js';
export { textJoiner, joinTranslations, type JoinableSentence } from './join.js';
export { ON_NON_FRENCH, QUALITY_OPTIONS } from './types.js';
export { DEFAULT_DO_NOT_TRANSLATE } from './constraints.js';
export type {
  GenerationOptions,
  OnNonFrench,
  StreamedSentence,
  TokenBudget,
  TranslatedSentence,
  TranslateOptions,
  TranslateInput,
  TranslationResult,
  TranslationQualityOptions,
  TranslationUsage,
  Translator,
  TranslatorOptions,
} from './types.js';
