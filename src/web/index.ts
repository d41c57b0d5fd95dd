/**
 * `fr2en/web`: `Translator` and `Summarizer` with the web platform's API (WICG translation-api
 * and writing-assistance-apis), backed by fr2en in any browser; the browser's built-in API is
 * used instead only when `setup({ preferBuiltIn: true })` and it reports `"available"`.
 * As the specifications require, `create()` needs a user activation (call it from a click
 * handler) while the model is not downloaded yet.
 *
 * @example
 * import { setup, Translator } from 'fr2en/web';
 * setup({ modelBaseUrl: '/models/', wasmPaths: '/ort/' });
 * const translator = await Translator.create({ sourceLanguage: 'fr', targetLanguage: 'en' });
 * await translator.translate('Le chat dort.');
 *
 * @packageDocumentation
 */
export { Translator } from './translator.js';
export type { TranslatorCreateCoreOptions, TranslatorCreateOptions, TranslatorTranslateOptions } from './translator.js';
export { Summarizer, SUMMARIZER_TYPES, SUMMARIZER_FORMATS, SUMMARIZER_LENGTHS } from './summarizer.js';
export type {
  SummarizerCreateCoreOptions,
  SummarizerCreateOptions,
  SummarizerSummarizeOptions,
  SummarizerType,
  SummarizerFormat,
  SummarizerLength,
} from './summarizer.js';
export { setup, releaseModels, WEB_APIS } from './setup.js';
export type { WebSetup, WebApi } from './setup.js';
export { AVAILABILITIES, CreateMonitor } from './shared.js';
export type { Availability } from './shared.js';
export { polyfill, implementation, restoreNative, IMPLEMENTATIONS } from './polyfill.js';
export type { Implementation, PolyfillOptions } from './polyfill.js';
