/**
 * fr2en in a browser or Web Worker (the `browser` and `worker` export conditions of `fr2en`):
 * the same API as the Node entry (segmentation, translation, summaries, the digest) on
 * transformers.js with onnxruntime-web, minus what needs a file system (`pullModels`, model
 * folders). Call {@link configure} once to say where models and the ONNX Runtime WASM files are.
 *
 * @packageDocumentation
 */
import { configureWebRuntime, type WebRuntimeOptions } from './backend/transformers/web.js';
import { setBrowserEnv } from './platform/browser.js';

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

export { createMemoryCacheStore, MEMORY_CACHE_DEFAULTS } from './cache/index.js';
export type { CacheEntry, CacheStats, ManagedCacheStore, MemoryCacheOptions, TranslationCacheStore } from './cache/index.js';

export { INPUT_FORMATS } from './html/index.js';
export type { InputFormat } from './html/index.js';

export { createTransformersBackend } from './backend/transformers/backend.js';
export type { TransformersBackendSettings } from './backend/transformers/backend.js';
export { WEB_DEVICES, ORT_WASM_FILES, hasWebGpuAdapter } from './backend/transformers/web.js';
export type { WebDevice, WebRuntimeOptions } from './backend/transformers/web.js';
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


export { createSummarizer, summarize } from './summarize/summarizer.js';
export type { Summarizer, SummarizerOptions, SummarizeOptions, SummaryResult, SummaryGeneration } from './summarize/summarizer.js';
export { SUMMARY_TYPES, SUMMARY_LENGTHS, SUMMARY_FORMATS, SUMMARY_METHODS, SUMMARY_LANGUAGES, SUMMARY_TYPE_SPECS } from './summarize/options.js';
export type { SummaryType, SummaryLength, SummaryFormat, SummaryMethod, SummaryLanguage, SummaryPlan, SummaryTypeSpec } from './summarize/options.js';
export { buildSummaryPrompt, buildPartialPrompt, TYPE_INSTRUCTIONS } from './summarize/prompt.js';
export type { SummaryPromptOptions } from './summarize/prompt.js';
export { checkSummary } from './summarize/postcheck.js';
export type { CheckedSummary } from './summarize/postcheck.js';
export { digest, DIGEST_ORDERS, SUMMARY_ROUTES } from './pipeline/digest.js';
export type { DigestOptions, DigestResult, DigestSentence, DigestOrder, SummaryRoute } from './pipeline/digest.js';

declare const __FR2EN_VERSION__: string | undefined;
/** This package's version. */
export const VERSION: string = typeof __FR2EN_VERSION__ === 'string' ? __FR2EN_VERSION__ : '0.0.0-dev';

/** Options of {@link configure}: the browser runtime, plus fr2en's environment variables (a page has no process environment). */
export interface BrowserConfig extends WebRuntimeOptions {
  /** fr2en's variables, e.g. `{ FR2EN_OFFLINE: '1', FR2EN_HUB_URL: 'https://mirror.example' }`. */
  env?: Record<string, string | undefined>;
}

/**
 * Sets where models and the ONNX Runtime WASM files come from, the device and threads; merged
 * into earlier settings and used by every later model load.
 *
 * @example
 * configure({ modelBaseUrl: '/models/', wasmPaths: '/ort/' });
 * const translator = createTranslator({ model: 'Xenova/opus-mt-fr-en' });
 */
export function configure(config: BrowserConfig): void {
  const { env, ...runtime } = config;
  if (env) setBrowserEnv(env);
  configureWebRuntime(runtime);
}
