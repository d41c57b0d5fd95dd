/**
 * The model families of the transformers backend behind one small interface: a seq2seq
 * (encoder-decoder) model and a decoder-only chat model differ in what they load and how they
 * generate, and in nothing else. The backend reads config.json once, picks the family, resolves
 * the model's files and weight type (`resolveModel` of models/, through the platform's file
 * source), and then talks to the family only.
 */
import { emit } from '../../progress.js';
import type { ModelFamilyName } from '../../models/family.js';
import type { BackendGenerateOptions, BackendGenerateResult, BackendModelInfo } from '../spec.js';
import { configureTransformers, importTransformers, type TransformersModule } from './load.js';
import type { TransformersBackendSettings } from './settings.js';
import type { FileSource, LoadEvents, LocatedModel } from './source/index.js';

/** What every family's loaded model has. */
export interface LoadedBase {
  info: BackendModelInfo;
  /** transformers.js's model (its `sessions` are the ONNX Runtime sessions); disposed with the backend. */
  model: TransformersModule;
}

/** What a family's `load` is given. */
export interface LoadContext extends LoadEvents {
  tf: TransformersModule;
  settings: TransformersBackendSettings;
  source: FileSource;
  /** The model, resolved and reachable (see `FileSource.locate`). */
  located: LocatedModel;
}

/** One model family. */
export interface ModelFamily<L extends LoadedBase = LoadedBase> {
  /** Its name in `resolveModel` (which files, which weight type `auto` prefers). */
  readonly name: ModelFamilyName;
  /** True when config.json describes a model of this family. */
  detect(config: Record<string, unknown>): boolean;
  /** Opens the tokenizer and the ONNX sessions through the file source, reads the configs, checks what the decoder needs. @throws ModelLoadError */
  load(context: LoadContext): Promise<L>;
  /** Token count of each text as the model sees it. */
  countTokens(loaded: L, texts: readonly string[]): number[];
  /** One output per input; the backend has checked the options and the signal. */
  generate(loaded: L, options: BackendGenerateOptions): Promise<BackendGenerateResult>;
}

/** The transformers.js module of `settings`: the injected one, else imported once. */
export function transformersOf(settings: TransformersBackendSettings): Promise<TransformersModule> {
  return settings.transformers ? Promise.resolve(configureTransformers(settings.transformers)) : importTransformers();
}

/** Resolves and loads `settings.model` as a model of `family`, reporting `load` start and ready. */
export async function loadFamily<L extends LoadedBase>(family: Pick<ModelFamily<L>, 'name' | 'load'>, settings: TransformersBackendSettings, source: FileSource, events: LoadEvents = {}): Promise<L> {
  const tf = await transformersOf(settings);
  const located = await source.locate(settings, family.name, events);
  const started = performance.now(); // the load, not the download
  emit(events.onProgress, { type: 'load', model: settings.model, status: 'start' });
  const loaded = await family.load({ tf, settings, source, located, ...events });
  emit(events.onProgress, { type: 'load', model: settings.model, status: 'ready', ms: performance.now() - started });
  return loaded;
}

/**
 * Waits for the tokenizer and the model to open, both settled before it returns or throws: a
 * failed load then has no fetch still running when the next load (maybe with other browser
 * settings) starts, and a model that opened beside a failed tokenizer is freed.
 */
export async function openBoth(tokenizer: Promise<TransformersModule>, model: Promise<TransformersModule>): Promise<[TransformersModule, TransformersModule]> {
  const [t, m] = await Promise.allSettled([tokenizer, model]);
  if (t.status === 'fulfilled' && m.status === 'fulfilled') return [t.value, m.value];
  if (m.status === 'fulfilled') await m.value?.dispose?.();
  throw t.status === 'rejected' ? t.reason : (m as PromiseRejectedResult).reason;
}
