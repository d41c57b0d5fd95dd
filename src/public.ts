/**
 * fr2en's public API shared by both entries: `index.ts` (Node) and `browser.ts` (browsers, Web
 * Workers) re-export all of it, then add their platform's extras. Nothing here touches Node or
 * browser APIs, so a French text summarised through either entry takes the same route.
 *
 * @packageDocumentation
 */

export { segment, french } from './segment/index.js';
export type { Sentence, SegmentOptions, LanguageRules } from './segment/index.js';

export { createTranslator, translate, translateStream, textJoiner, joinTranslations, ON_NON_FRENCH } from './pipeline/translate/index.js';
export { DEFAULT_DO_NOT_TRANSLATE } from './pipeline/translate/index.js';
export { createMemoryCacheStore, MEMORY_CACHE_DEFAULTS } from './cache/index.js';
export type { CacheEntry, CacheStats, ManagedCacheStore, MemoryCacheOptions, TranslationCacheStore } from './cache/index.js';
export { checkTranslation, vetSummary, QUALITY_FLAG_CODES } from './quality/index.js';
export type { CheckOptions, Glossary, QualityFlag, QualityFlagCode } from './quality/index.js';
export type {
  JoinableSentence,
  OnNonFrench,
  Translator,
  TranslatorOptions,
  TranslateOptions,
  TranslateInput,
  TranslationResult,
  TranslatedSentence,
  StreamedSentence,
  GenerationOptions,
  TokenBudget,
  TranslationUsage,
  TranslationQualityOptions,
} from './pipeline/translate/index.js';

export {
  detectFormat,
  extractText,
  formatOfFileName,
  FORMAT_EXTENSIONS,
  INPUT_FORMATS,
  MAX_COMPRESSION_RATIO,
  MAX_UNCOMPRESSED_BYTES,
  MAX_ZIP_ENTRIES,
  SUBTITLE_MAX_LINE_LENGTH,
  SUBTITLE_MAX_LINES,
} from './formats/index.js';
export type { InputFormat, MarkdownOptions, ResolvedFormat } from './formats/index.js';

export { createTransformersBackend } from './backend/transformers/backend.js';
export type { TransformersBackendSettings } from './backend/transformers/backend.js';
export { DTYPES } from './backend/dtype.js';
export type { Dtype } from './backend/dtype.js';
export type {
  Backend,
  BackendV1,
  BackendModelInfo,
  BackendGenerateOptions,
  BackendGenerateResult,
  BackendOutput,
} from './backend/spec.js';

export { MANIFEST, DEFAULT_TRANSLATION_MODEL, DEFAULT_SUMMARIZATION_MODEL } from './models/manifest.js';
export type { ManifestModel, ModelTask } from './models/manifest.js';
export type { ModelSourceOptions } from './models/resolve.js';

export { Fr2enError, InputError, ModelLoadError, AbortError, BackendError, DisposedError, MissingDependencyError } from './errors.js';
export type { Fr2enErrorCode } from './errors.js';
export type { Warning, WarningCode } from './warnings.js';
export type {
  ProgressEvent,
  ProgressCallback,
  DownloadProgress,
  LoadProgress,
  BatchProgress,
  SentenceProgress,
  SummaryProgress,
  DoneProgress,
} from './progress.js';

declare const __FR2EN_VERSION__: string | undefined;
/** This package's version. */
export const VERSION: string = typeof __FR2EN_VERSION__ === 'string' ? __FR2EN_VERSION__ : '0.0.0-dev';

export { createSummarizer, summarize } from './pipeline/summarizer.js';
export type { SummarizerOptions } from './pipeline/summarizer.js';
export type { Summarizer, SummarizeOptions, SummaryResult, SummaryGeneration } from './summarize/summarizer.js';
export { SUMMARY_TYPES, SUMMARY_LENGTHS, SUMMARY_FORMATS, SUMMARY_METHODS, SUMMARY_LANGUAGES, SUMMARY_TYPE_SPECS } from './summarize/options.js';
export type { SummaryType, SummaryLength, SummaryFormat, SummaryMethod, SummaryLanguage, SummaryPlan, SummaryTypeSpec } from './summarize/options.js';
export { buildSummaryPrompt, buildPartialPrompt, TYPE_INSTRUCTIONS } from './summarize/prompt.js';
export type { SummaryPromptOptions } from './summarize/prompt.js';
export { checkSummary } from './summarize/postcheck.js';
export type { CheckedSummary } from './summarize/postcheck.js';
export { digest, DIGEST_ORDERS, SUMMARY_ROUTES, ROUTES } from './pipeline/digest.js';
export type { DigestOptions, DigestResult, DigestSentence, DigestOrder, SummaryRoute, Route } from './pipeline/digest.js';
