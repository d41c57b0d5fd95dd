/**
 * transformers.js on onnxruntime-web (browsers and Web Workers): the runtime settings (where
 * models and the ONNX Runtime WASM files come from, the device, threads, caching), the page's
 * defaults (`configure()`), and their application to transformers.js's global `env`. Each backend
 * carries its own settings (`TransformersBackendSettings.web`, over the page's defaults); the
 * browser file source (`source/browser.ts`) applies them around each load.
 */
import type { TransformersModule } from './load.js';

/** The execution devices fr2en asks onnxruntime-web for. */
export const WEB_DEVICES = ['wasm', 'webgpu', 'auto'] as const;
/** `wasm` (CPU, every browser), `webgpu` (falls back to `wasm` where there is no GPU adapter), `auto` (WebGPU when an adapter exists). */
export type WebDevice = (typeof WEB_DEVICES)[number];

/** The onnxruntime-web files fr2en's browser build uses (transformers.js 4.3 loads ORT's WebGPU build, whose WASM is the asyncify pair). */
export const ORT_WASM_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'] as const;

/** Options of the browser runtime: the page's defaults with `configure()` of `fr2en` in a browser, or one instance's with its `web` option. */
export interface WebRuntimeOptions {
  /**
   * Base URL of a models folder laid out as `<base>/<model id>/config.json`, `…/onnx/…`
   * (absolute or relative to the page). Unset: the Hugging Face hub (or `FR2EN_HUB_URL` set with `setBrowserEnv`).
   * @example '/models/'
   */
  modelBaseUrl?: string;
  /**
   * Where the ONNX Runtime WASM files are served: a folder URL ending in `/` holding
   * {@link ORT_WASM_FILES}, or both URLs. Unset: transformers.js's default, a CDN (jsDelivr).
   * @example '/ort/'
   */
  wasmPaths?: string | { mjs: string; wasm: string };
  /** Execution device. @default 'wasm' */
  device?: WebDevice;
  /**
   * ONNX Runtime WASM threads. More than 1 needs a cross-origin isolated page (COOP/COEP headers);
   * otherwise ONNX Runtime uses 1.
   * @default ONNX Runtime's: 1 unless cross-origin isolated, then min(4, cores/2)
   */
  numThreads?: number;
  /** Cache downloaded model files with the Cache API. @default true where `caches` exists */
  useBrowserCache?: boolean;
  /** Cache Storage name. @default 'transformers-cache' */
  cacheKey?: string;
}

let pageDefaults: WebRuntimeOptions = {};

/** Merges `options` into the page's default runtime settings (later loads of instances without their own use them). */
export function configureWebRuntime(options: WebRuntimeOptions): void {
  pageDefaults = { ...pageDefaults, ...options };
}

/** The runtime settings of one instance: its own (`overrides`) over the page's defaults. */
export function webRuntime(overrides?: WebRuntimeOptions): Readonly<WebRuntimeOptions> {
  return overrides ? { ...pageDefaults, ...overrides } : pageDefaults;
}

/** `url` made absolute against the page (or worker) location, ending in `/`. */
export function absoluteFolder(url: string): string {
  const base = typeof location !== 'undefined' ? location.href : undefined;
  const abs = base ? new URL(url, base).href : url;
  return abs.endsWith('/') ? abs : `${abs}/`;
}

/** transformers.js's own values of the `env` fields an instance may set, kept so that an instance without them gets these back. */
interface EnvDefaults {
  remoteHost: unknown;
  remotePathTemplate: unknown;
  useBrowserCache: unknown;
  cacheKey: unknown;
}
const envDefaults = new WeakMap<object, EnvDefaults>();

/**
 * Sets transformers.js's `env` for one instance's browser load: model location (remote host +
 * `{model}/` template for `modelBaseUrl`) and caching, each back to transformers.js's own value
 * when the instance leaves it unset (so one instance's settings never leak into another's load);
 * WASM file paths (fields of ORT's own `env.wasm`, mutated, never replaced) and threads, which
 * ONNX Runtime reads once, when the page's first session starts. The browser file source calls it
 * right before each load, with no load of other settings in between.
 */
export function applyWebRuntime(tf: TransformersModule, options: WebRuntimeOptions): void {
  const env = tf?.env;
  if (!env) return;
  let defaults = envDefaults.get(env);
  if (!defaults) envDefaults.set(env, (defaults = { remoteHost: env.remoteHost, remotePathTemplate: env.remotePathTemplate, useBrowserCache: env.useBrowserCache, cacheKey: env.cacheKey }));
  env.allowLocalModels = false;
  env.remoteHost = options.modelBaseUrl ? absoluteFolder(options.modelBaseUrl) : defaults.remoteHost;
  env.remotePathTemplate = options.modelBaseUrl ? '{model}/' : defaults.remotePathTemplate;
  env.useBrowserCache = options.useBrowserCache ?? defaults.useBrowserCache;
  env.cacheKey = options.cacheKey ?? defaults.cacheKey;
  const wasm = env.backends?.onnx?.wasm;
  if (wasm && options.wasmPaths) {
    wasm.wasmPaths =
      typeof options.wasmPaths === 'string'
        ? absoluteFolder(options.wasmPaths)
        : { mjs: new URL(options.wasmPaths.mjs, location.href).href, wasm: new URL(options.wasmPaths.wasm, location.href).href };
  }
  if (wasm && options.numThreads !== undefined) wasm.numThreads = options.numThreads;
}

/** True when a WebGPU adapter exists (the `gpu` property alone proves nothing: headless Chromium has it and no adapter). */
export async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = (globalThis.navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

/** The device to ask transformers.js for: `webgpu` only when an adapter exists, else `wasm`. */
export async function pickWebDevice(requested: WebDevice = 'wasm'): Promise<'wasm' | 'webgpu'> {
  if (requested === 'wasm') return 'wasm';
  return (await hasWebGpuAdapter()) ? 'webgpu' : 'wasm';
}
