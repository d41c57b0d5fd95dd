/**
 * fr2en in a browser or Web Worker (the `browser` and `worker` export conditions of `fr2en`):
 * the same API as the Node entry, built from the same module (`public.ts`: segmentation,
 * translation, summaries, the digest) on transformers.js with onnxruntime-web, minus what needs a
 * file system (`pullModels`, model folders) and the worker-thread pool. Call {@link configure}
 * once to say where models and the ONNX Runtime WASM files are.
 *
 * @packageDocumentation
 */
import { configureWebRuntime, type WebRuntimeOptions } from './backend/transformers/web.js';
import { setBrowserEnv } from './platform/browser.js';

export * from './public.js';

export { WEB_DEVICES, ORT_WASM_FILES, hasWebGpuAdapter } from './backend/transformers/web.js';
export type { WebDevice, WebRuntimeOptions } from './backend/transformers/web.js';

/** Options of {@link configure}: the browser runtime, plus fr2en's environment variables (a page has no process environment). */
export interface BrowserConfig extends WebRuntimeOptions {
  /** fr2en's variables, e.g. `{ FR2EN_OFFLINE: '1', FR2EN_HUB_URL: 'https://mirror.example' }`. */
  env?: Record<string, string | undefined>;
}

/**
 * Sets the page's defaults for where models and the ONNX Runtime WASM files come from, the device
 * and threads; merged into earlier settings and used by every later model load. An instance's own
 * `web` option (`createTranslator({ web })`, `createSummarizer({ web })`) wins over them for that
 * instance only.
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
