/**
 * The default backend: transformers.js (`@huggingface/transformers`) on ONNX Runtime.
 * A thin factory: it picks the model's family once (`family.ts`: `seq2seq/` or `causal/`, from
 * config.json), loads it through the platform's file source (`source/`), and guards every call
 * (checked options, abort, dispose).
 */
import { DisposedError, InputError, throwIfAborted } from '../../errors.js';
import type { ModelFamilyName } from '../../models/family.js';
import { platform } from '../../platform/index.js';
import type { ProgressCallback } from '../../progress.js';
import { memoizePromise } from '../../util/memoize.js';
import type { BackendGenerateOptions, BackendGenerateResult, BackendV1 } from '../spec.js';
import { causalFamily } from './causal/index.js';
import { loadFamily, type LoadedBase, type ModelFamily } from './family.js';
import { seq2seqFamily } from './seq2seq/index.js';
import type { TransformersBackendSettings } from './settings.js';
import { fileSourceFor, type FileSource } from './source/index.js';

export type { Dtype } from '../dtype.js';
export type { TransformersBackendSettings } from './settings.js';
export { defaultThreads } from './settings.js';
export { modelGeneration, type ModelGeneration } from './seq2seq/config.js';

/** The families, most specific first: the last one takes every model the others do not. */
const FAMILIES: readonly ModelFamily<any>[] = [causalFamily, seq2seqFamily]; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The family of a config.json (seq2seq unless another family claims it). */
export function familyOf(config: Record<string, unknown> | undefined): ModelFamily<LoadedBase> {
  return FAMILIES.find((f) => config !== undefined && f.detect(config)) ?? seq2seqFamily;
}

/** The family name of the model in folder `dir`, from its config.json (seq2seq when it cannot be read). */
export function familyOfFolder(dir: string): ModelFamilyName {
  try {
    return familyOf(JSON.parse(platform.readText(platform.path.join(dir, 'config.json'))) as Record<string, unknown>).name;
  } catch {
    return 'seq2seq';
  }
}

/** The family of `settings.model`, from its config.json (seq2seq when it cannot be read: its loader then says why). */
export async function pickFamily(settings: TransformersBackendSettings, source: FileSource): Promise<ModelFamily<LoadedBase>> {
  let config: Record<string, unknown> | undefined;
  try {
    config = await source.readConfig(settings);
  } catch {
    config = undefined;
  }
  return familyOf(config);
}

/** Checks a per-row array of a generate call has one integer ≥ `min` per input. */
function perRow(value: readonly number[] | undefined, name: string, rows: number, min: number): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length !== rows || value.some((v) => !Number.isInteger(v) || v < min)) {
    throw new InputError(`Expected \`${name}\` to be an array of ${rows} integers from ${min} up, one per input.`, { option: name });
  }
}

/** Checks the repetition penalty, alternatives and constraints of a generate call. */
function checkSearchOptions(options: BackendGenerateOptions, rows: number): void {
  const { repetitionPenalty: p, alternatives: n, constraints: c } = options;
  if (p !== undefined && !(typeof p === 'number' && Number.isFinite(p) && p > 0)) {
    throw new InputError(`Expected \`repetitionPenalty\` to be a number above 0 (1 is off), got ${String(p)}.`, { option: 'repetitionPenalty' });
  }
  if (n !== undefined && !(Number.isInteger(n) && n >= 0)) {
    throw new InputError(`Expected \`alternatives\` to be an integer from 0 up, got ${String(n)}.`, { option: 'alternatives' });
  }
  if (c !== undefined && (!Array.isArray(c) || c.length !== rows || c.some((list) => !Array.isArray(list) || list.some((s) => typeof s !== 'string' || s.length === 0)))) {
    throw new InputError(`Expected \`constraints\` to be an array of ${rows} arrays of non-empty strings, one per input.`, { option: 'constraints' });
  }
}

/** A loaded model and the family that drives it. */
interface Loaded {
  family: ModelFamily<LoadedBase>;
  model: LoadedBase;
}

/** Checks the options of a generate call against its rows. @throws InputError */
function checkCall(options: BackendGenerateOptions): void {
  const rows = options.inputs.length;
  perRow(options.maxNewTokens, 'maxNewTokens', rows, 1);
  perRow(options.minNewTokens, 'minNewTokens', rows, 0);
  checkSearchOptions(options, rows);
}

/** The model's load, shared by every caller: the call that starts it reports its progress; a failed one is retried on the next call. */
function sharedLoad(settings: TransformersBackendSettings) {
  const source = fileSourceFor(settings);
  let progress: ProgressCallback | undefined;
  const loading = memoizePromise(async (): Promise<Loaded> => {
    const family = await pickFamily(settings, source);
    return { family, model: await loadFamily(family, settings, source, { onProgress: progress }) };
  });
  return {
    loading,
    get: (onProgress?: ProgressCallback) => {
      if (!loading.started()) progress = onProgress;
      return loading();
    },
  };
}

/**
 * Creates a backend that runs a Marian/BART/T5-style model with transformers.js, or a decoder-only
 * instruction-tuned language model (Qwen2.5, Llama 3.2, SmolLM2, … in the onnx-community layout),
 * detected from config.json: its inputs are then user messages (see `BackendModelInfo.chat`).
 * The model loads on first use (lazy `import()`, memoised, retried after a failure).
 *
 * @example
 * const backend = createTransformersBackend({ model: 'Xenova/opus-mt-fr-en', dtype: 'q8' });
 */
export function createTransformersBackend(settings: TransformersBackendSettings): BackendV1 {
  let disposed = false;
  // dispose() during a call stops it at the next decoding step (DisposedError), then frees the sessions
  const disposal = new AbortController();
  const active = new Set<Promise<unknown>>();
  const load = sharedLoad(settings);
  const ensure = (onProgress?: ProgressCallback): Promise<Loaded> => (disposed ? Promise.reject(new DisposedError('backend')) : load.get(onProgress));

  async function generateOnce(options: BackendGenerateOptions): Promise<BackendGenerateResult> {
    const { family, model } = await ensure();
    checkCall(options);
    if (options.inputs.length === 0) return { outputs: [], steps: 0 };
    throwIfAborted(options.signal);
    return family.generate(model, options);
  }

  return {
    specificationVersion: 'v1',
    provider: 'transformers.js',
    modelId: settings.model,
    async doLoad({ signal, onProgress }) {
      throwIfAborted(signal);
      return (await ensure(onProgress)).model.info;
    },
    async doCountTokens(texts) {
      const { family, model } = await ensure();
      return family.countTokens(model, texts);
    },
    async doGenerate(options) {
      if (disposed) throw new DisposedError('backend');
      const run = generateOnce({ ...options, signal: options.signal ? AbortSignal.any([options.signal, disposal.signal]) : disposal.signal });
      active.add(run);
      try {
        return await run;
      } catch (error) {
        throw disposed ? new DisposedError('backend') : error;
      } finally {
        active.delete(run);
      }
    },
    async doDispose() {
      disposed = true;
      disposal.abort();
      await Promise.allSettled([...active]);
      const current = load.loading.started() ? load.loading() : undefined;
      load.loading.clear();
      try {
        await (await current)?.model.model.dispose?.();
      } catch {
        // a load that failed has nothing to free
      }
    },
  };
}
