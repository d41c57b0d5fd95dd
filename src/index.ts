/**
 * fr2en: on-device French → English translation and summarisation of news text,
 * on transformers.js, behind a small typed API with a pluggable model backend.
 *
 * @packageDocumentation
 */

export { segment, french } from './segment/index.js';
export type { Sentence, SegmentOptions, LanguageRules } from './segment/index.js';

export { createTranslator, translate, translateStream, textJoiner, joinTranslations, ON_NON_FRENCH } from './pipeline/translate/index.js';
export type {
  JoinableSentence,
  OnNonFrench,
  Translator,
  TranslatorOptions,
  TranslateOptions,
  TranslationResult,
  TranslatedSentence,
  StreamedSentence,
  GenerationOptions,
  TokenBudget,
  TranslationUsage,
} from './pipeline/translate/index.js';

export { INPUT_FORMATS } from './html/index.js';
export type { InputFormat } from './html/index.js';

export { createTransformersBackend } from './backend/transformers/backend.js';
export type { TransformersBackendSettings } from './backend/transformers/backend.js';
export { buildShortlist, SHORTLIST_DEFAULTS } from './backend/transformers/shortlist/build.js';
export type { BuildShortlistOptions, BuildShortlistResult, ShortlistBuildProgress } from './backend/transformers/shortlist/build.js';
export { SHORTLIST_FILE } from './backend/transformers/shortlist/table.js';
export { DTYPES } from './backend/dtype.js';
export type { Dtype } from './backend/dtype.js';
export { createPooledBackend, sizePool } from './backend/pool/index.js';
export type { PooledBackend, PooledBackendSettings, PoolSize, PoolSizingInput, WorkerBackendSettings } from './backend/pool/index.js';
export type {
  Backend,
  BackendV1,
  BackendModelInfo,
  BackendGenerateOptions,
  BackendGenerateResult,
  BackendOutput,
} from './backend/spec.js';

export { pullModels } from './models/pull.js';
export type { PullOptions, PulledModel } from './models/pull.js';
export { listStore as listModels, verifyModel, removeModel, storeRoot as modelStoreDir, modelFolder } from './models/store/index.js';
export type { StoredModel, VerifiedFile, NetOptions } from './models/store/index.js';
export { MANIFEST, DEFAULT_TRANSLATION_MODEL, DEFAULT_SUMMARIZATION_MODEL } from './models/manifest.js';
export type { ManifestModel, ModelTask } from './models/manifest.js';
export type { ModelSourceOptions } from './models/resolve.js';

export { Fr2enError, InputError, ModelLoadError, AbortError, BackendError, DisposedError } from './errors.js';
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

export { createSummarizer, summarize } from './pipeline/french-summary.js'; // #11: French in, English summary out
export type { Summarizer, SummarizerOptions, SummarizeOptions, SummaryResult, SummaryGeneration } from './summarize/summarizer.js';
export { SUMMARY_TYPES, SUMMARY_LENGTHS, SUMMARY_FORMATS, SUMMARY_METHODS, SUMMARY_LANGUAGES, SUMMARY_TYPE_SPECS } from './summarize/options.js';
export type { SummaryType, SummaryLength, SummaryFormat, SummaryMethod, SummaryLanguage, SummaryPlan, SummaryTypeSpec } from './summarize/options.js';
export { buildSummaryPrompt, buildPartialPrompt, TYPE_INSTRUCTIONS } from './summarize/prompt.js';
export type { SummaryPromptOptions } from './summarize/prompt.js';
export { checkSummary } from './summarize/postcheck.js';
export type { CheckedSummary } from './summarize/postcheck.js';
export { digest, DIGEST_ORDERS, SUMMARY_ROUTES } from './pipeline/digest.js';
export type { DigestOptions, DigestResult, DigestSentence, DigestOrder, SummaryRoute } from './pipeline/digest.js';
