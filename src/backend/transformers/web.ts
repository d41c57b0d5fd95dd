/**
 * transformers.js on onnxruntime-web (browsers and Web Workers): where models and the ONNX
 * Runtime WASM files come from, which device runs the model, and the WebGPU → WASM fallback.
 * Pure configuration of transformers.js's global `env`; used by `model.ts` when
 * `platform.name === 'browser'`.
 */
import type { TransformersModule } from './load.js';

/** The execution devices fr2en asks onnxruntime-web for. */
export const WEB_DEVICES = ['wasm', 'webgpu', 'auto'] as const;
/** `wasm` (CPU, every browser), `webgpu` (falls back to `wasm` where there is no GPU adapter), `auto` (WebGPU when an adapter exists). */
export type WebDevice = (typeof WEB_DEVICES)[number];

/** The onnxruntime-web files fr2en's browser build uses (transformers.js 4.3 loads ORT's WebGPU build, whose WASM is the asyncify pair). */
export const ORT_WASM_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'] as const;

/** Options of the browser runtime (set once with `configure()` of `fr2en` in a browser). */
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

let current: WebRuntimeOptions = {};

/** Merges `options` into the browser runtime's settings (later loads use them). */
export function configureWebRuntime(options: WebRuntimeOptions): void {
  current = { ...current, ...options };
}

/** The browser runtime's settings. */
export function webRuntime(): Readonly<WebRuntimeOptions> {
  return current;
}

/** `url` made absolute against the page (or worker) location, ending in `/`. */
export function absoluteFolder(url: string): string {
  const base = typeof location !== 'undefined' ? location.href : undefined;
  const abs = base ? new URL(url, base).href : url;
  return abs.endsWith('/') ? abs : `${abs}/`;
}

/**
 * Sets transformers.js's `env` for a browser load: model location (remote host + `{model}/`
 * template for `modelBaseUrl`), WASM file paths (fields of ORT's own `env.wasm`, mutated, never
 * replaced), threads and caching. Called before each load (the settings are global to transformers.js).
 */
export function applyWebRuntime(tf: TransformersModule, options: WebRuntimeOptions = current): void {
  const env = tf?.env;
  if (!env) return;
  env.allowLocalModels = false;
  if (options.modelBaseUrl) {
    env.remoteHost = absoluteFolder(options.modelBaseUrl);
    env.remotePathTemplate = '{model}/';
  }
  const wasm = env.backends?.onnx?.wasm;
  if (wasm && options.wasmPaths) {
    wasm.wasmPaths =
      typeof options.wasmPaths === 'string'
        ? absoluteFolder(options.wasmPaths)
        : { mjs: new URL(options.wasmPaths.mjs, location.href).href, wasm: new URL(options.wasmPaths.wasm, location.href).href };
  }
  if (wasm && options.numThreads !== undefined) wasm.numThreads = options.numThreads;
  if (options.useBrowserCache !== undefined) env.useBrowserCache = options.useBrowserCache;
  if (options.cacheKey !== undefined) env.cacheKey = options.cacheKey;
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
export async function pickWebDevice(requested: WebDevice = current.device ?? 'wasm'): Promise<'wasm' | 'webgpu'> {
  if (requested === 'wasm') return 'wasm';
  return (await hasWebGpuAdapter()) ? 'webgpu' : 'wasm';
}

/**
 * Whether a remote model folder ships int8 weights (`onnx/encoder_model_quantized.onnx`), asked with
 * a HEAD request; undefined when the server cannot say (then the preferred type is tried).
 */
export async function remoteHasFile(modelId: string, file: string, options: WebRuntimeOptions = current): Promise<boolean | undefined> {
  if (!options.modelBaseUrl || typeof fetch !== 'function') return undefined;
  try {
    const res = await fetch(`${absoluteFolder(options.modelBaseUrl)}${modelId}/${file}`, { method: 'HEAD' });
    return res.ok;
  } catch {
    return undefined;
  }
}

/**
 * Fetches some files of a remote model (where transformers.js fetches it from: `modelBaseUrl` or
 * the hub) into memory, keyed `/<model id>/<name>`; files that are missing or fail are left out.
 * Used for Marian's own tokenizer files, which transformers.js does not load.
 */
export async function fetchModelFiles(tf: TransformersModule, modelId: string, names: readonly string[]): Promise<Map<string, Uint8Array>> {
  const env = tf?.env ?? {};
  const host = String(env.remoteHost ?? 'https://huggingface.co/');
  const folder = String(env.remotePathTemplate ?? '{model}/resolve/{revision}/')
    .replaceAll('{model}', modelId)
    .replaceAll('{revision}', 'main');
  const base = `${host.endsWith('/') ? host : `${host}/`}${folder.endsWith('/') ? folder : `${folder}/`}`;
  const files = new Map<string, Uint8Array>();
  await Promise.all(
    names.map(async (name) => {
      try {
        const res = await fetch(`${base}${name}`);
        if (res.ok) files.set(`/${modelId}/${name}`, new Uint8Array(await res.arrayBuffer()));
      } catch {
        // missing: the tokenizer falls back to tokenizer.json
      }
    }),
  );
  return files;
}
