/**
 * fr2en/web's settings (which models back the objects, whether the browser's built-in API may be
 * used) and the page's loaded models, shared by every Translator/Summarizer object.
 */
import { configure, createSummarizer, createTranslator, type BrowserConfig, type Summarizer, type Translator } from '../browser.js';
import { absoluteFolder, webRuntime } from '../backend/transformers/web.js';
import { DEFAULT_SUMMARIZATION_MODEL, DEFAULT_TRANSLATION_MODEL } from '../models/manifest.js';
import type { ProgressCallback } from '../progress.js';
import { memoizePromise, type MemoizedPromise } from '../util/memoize.js';
import type { Availability } from './shared.js';

/** Options of {@link setup}. */
export interface WebSetup extends BrowserConfig {
  /** The fr→en model. @default 'Xenova/opus-mt-fr-en' */
  translationModel?: string;
  /** The English summarisation model (abstractive). @default 'Xenova/distilbart-cnn-6-6' */
  summaryModel?: string;
  /** `extractive` summarises without a summary model (sentences picked). @default 'abstractive' */
  summaryMethod?: 'abstractive' | 'extractive';
  /**
   * Use the browser's built-in `Translator`/`Summarizer` (Chrome's) instead of fr2en when it
   * exists and reports `"available"` for the options. Never used otherwise: a built-in API that
   * answers `"downloadable"` needs a user click and a network download.
   * @default false
   */
  preferBuiltIn?: boolean;
  /**
   * Whether `create()` needs transient user activation (`navigator.userActivation.isActive`, a
   * click or key press) when the model still has to be downloaded, as the specifications
   * require (`NotAllowedError` without). `false` is non-standard: for contexts with no user,
   * such as a worker (which has no `navigator.userActivation`) or automated tests.
   * @default true
   */
  requireUserActivation?: boolean;
  /** `inputQuota` of the objects (in characters); inputs over it reject with `QuotaExceededError`. @default Infinity (fr2en splits long inputs) */
  inputQuota?: number;
}

let settings: WebSetup = {};

/**
 * Sets fr2en/web's models and the page's default runtime (merged into earlier settings; the
 * runtime part is `configure()`'s, which an instance created with its own `web` option overrides).
 */
export function setup(options: WebSetup): void {
  const { translationModel, summaryModel, summaryMethod, preferBuiltIn, requireUserActivation, inputQuota, ...runtime } = options;
  settings = { ...settings, ...options };
  configure(runtime);
}

/** The current settings. */
export function webSettings(): Readonly<WebSetup> {
  return settings;
}

type Entry<T> = {
  instance: T;
  /** Loads the model once (a failure is retried), reporting to `onProgress` of the load that started it. */
  load: MemoizedPromise<void>;
  onProgress: ProgressCallback | undefined;
  ready: boolean;
};
const translators = new Map<string, Entry<Translator>>();
const summarizers = new Map<string, Entry<Summarizer>>();

function entry<T extends Translator | Summarizer>(map: Map<string, Entry<T>>, model: string, make: () => T): Entry<T> {
  let e = map.get(model);
  if (!e) {
    const instance = make();
    const created: Entry<T> = {
      instance,
      load: memoizePromise(async () => {
        const { onProgress } = created;
        await instance.load(onProgress ? { onProgress } : {});
        created.ready = true;
      }),
      onProgress: undefined,
      ready: false,
    };
    map.set(model, (e = created));
  }
  return e;
}

/** The page's fr2en translator for `model` (shared by every Translator object; loads once). */
export function sharedTranslator(model = settings.translationModel ?? DEFAULT_TRANSLATION_MODEL): Entry<Translator> {
  return entry(translators, model, () => createTranslator({ model }));
}

/** The page's fr2en summarizer for `model`. */
export function sharedSummarizer(model = settings.summaryModel ?? DEFAULT_SUMMARIZATION_MODEL): Entry<Summarizer> {
  return entry(summarizers, model, () => createSummarizer({ model }));
}

/** Loads an entry's model (once), reporting fr2en progress; a failed load is retried next time. */
export async function loadEntry(e: Entry<Translator | Summarizer>, signal: AbortSignal, onProgress: ProgressCallback): Promise<void> {
  if (e.ready) return;
  if (!e.load.started()) e.onProgress = onProgress;
  await Promise.race([
    e.load(),
    new Promise((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    }),
  ]);
}

/** `available` when loaded in this page or its files are in Cache Storage, `downloading` while loading, else `downloadable`. */
export async function modelAvailability(e: Entry<Translator | Summarizer>, model: string): Promise<Availability> {
  if (e.ready) return 'available';
  if (e.load.started()) return 'downloading';
  const base = webRuntime().modelBaseUrl;
  if (typeof caches === 'undefined' || !base) return 'downloadable';
  try {
    const cache = await caches.open(webRuntime().cacheKey ?? 'transformers-cache');
    const hit = await cache.match(`${absoluteFolder(base)}${model}/config.json`);
    return hit ? 'available' : 'downloadable';
  } catch {
    return 'downloadable';
  }
}

/** Frees every model fr2en/web loaded in this page (objects created before then stop working). */
export async function releaseModels(): Promise<void> {
  const all = [...translators.values(), ...summarizers.values()];
  translators.clear();
  summarizers.clear();
  await Promise.all(all.map((e) => e.instance.dispose()));
}

/** The web platform interfaces fr2en/web implements, declared once. */
export const WEB_APIS = ['Translator', 'Summarizer'] as const;
export type WebApi = (typeof WEB_APIS)[number];

const natives = new Map<WebApi, unknown>();

/** Keeps the browser's own class for `name` when fr2en's replaces the global (so `preferBuiltIn` can still reach it). */
export function rememberNative(name: WebApi, value: unknown): void {
  if (value !== undefined && !natives.has(name)) natives.set(name, value);
}

/** The browser's own class for `name`: the one fr2en replaced, else the global when it is not fr2en's. */
export function nativeApi(name: WebApi, ours: unknown): unknown {
  if (natives.has(name)) return natives.get(name);
  const value = (globalThis as Record<string, unknown>)[name];
  return value === ours ? undefined : value;
}
