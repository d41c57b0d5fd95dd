/**
 * The default backend: transformers.js (`@huggingface/transformers`) on ONNX Runtime.
 * A thin factory over the concern files: `model.ts` (load and diagnosis), `config.ts` (configs),
 * `inputs.ts` (tokenising), `lean.ts` (fr2en's decoding loop), `library.ts` (the fallback).
 */
import { DisposedError, InputError, throwIfAborted } from '../../errors.js';
import type { ProgressCallback } from '../../progress.js';
import { memoizePromise } from '../../util/memoize.js';
import type { BackendGenerateOptions, BackendGenerateResult, BackendV1 } from '../spec.js';
import { countTokens, encodeBatch } from './inputs.js';
import { generateLean } from './lean.js';
import { generateLibrary } from './library.js';
import { loadModel, type LoadedModel } from './model.js';
import { countCausalTokens, decoderOnlyConfig, generateCausal, loadCausalModel, type LoadedCausal } from './causal-model.js';
import type { TransformersBackendSettings } from './settings.js';

export type { Dtype } from '../dtype.js';
export type { TransformersBackendSettings } from './settings.js';
export { defaultThreads } from './settings.js';
export { modelGeneration, type ModelGeneration } from './config.js';
export { chooseDtype } from './files.js';

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

  // decoder-only language models (config.json's model_type llama/qwen2/…) take the causal path
  const load = async (onProgress?: ProgressCallback): Promise<LoadedModel | LoadedCausal> =>
    (await decoderOnlyConfig(settings)) ? loadCausalModel(settings, onProgress) : loadModel(settings, onProgress);

  // one load, shared by every caller; a failed one is retried on the next call
  let loadProgress: ProgressCallback | undefined;
  const loading = memoizePromise(() => load(loadProgress));

  function ensure(onProgress?: ProgressCallback): Promise<LoadedModel | LoadedCausal> {
    if (disposed) return Promise.reject(new DisposedError('backend'));
    if (!loading.started()) loadProgress = onProgress; // the call that starts the load reports its progress
    return loading();
  }

  async function generate(options: BackendGenerateOptions): Promise<BackendGenerateResult> {
    if (disposed) throw new DisposedError('backend');
    const signal = options.signal ? AbortSignal.any([options.signal, disposal.signal]) : disposal.signal;
    const run = generateOnce({ ...options, signal });
    active.add(run);
    try {
      return await run;
    } catch (error) {
      if (disposed) throw new DisposedError('backend');
      throw error;
    } finally {
      active.delete(run);
    }
  }

  async function generateOnce(options: BackendGenerateOptions): Promise<BackendGenerateResult> {
    const loaded = await ensure();
    const rows = options.inputs.length;
    perRow(options.maxNewTokens, 'maxNewTokens', rows, 1);
    perRow(options.minNewTokens, 'minNewTokens', rows, 0);
    checkSearchOptions(options, rows);
    if (rows === 0) return { outputs: [], steps: 0 };
    throwIfAborted(options.signal);
    if ('kind' in loaded) {
      return generateCausal(loaded, options, { maxNew: [...options.maxNewTokens], minNew: options.minNewTokens ? [...options.minNewTokens] : new Array<number>(rows).fill(0) });
    }
    const limits = {
      maxNew: [...options.maxNewTokens],
      minNew: options.minNewTokens ? [...options.minNewTokens] : new Array<number>(rows).fill(loaded.settings.generation.minNewTokens),
    };
    const batch = encodeBatch(loaded, options.inputs);
    return loaded.lean ? generateLean({ ...loaded, lean: loaded.lean }, batch, limits, options) : generateLibrary(loaded, batch, limits, options);
  }

  return {
    specificationVersion: 'v1',
    provider: 'transformers.js',
    modelId: settings.model,
    async doLoad({ signal, onProgress }) {
      throwIfAborted(signal);
      return (await ensure(onProgress)).info;
    },
    async doCountTokens(texts) {
      const loaded = await ensure();
      return 'kind' in loaded ? countCausalTokens(loaded, texts) : countTokens(loaded, texts);
    },
    doGenerate: generate,
    async doDispose() {
      disposed = true;
      disposal.abort();
      await Promise.allSettled([...active]);
      const current = loading.started() ? loading() : undefined;
      loading.clear();
      if (!current) return;
      try {
        const { model } = await current;
        await model.dispose?.();
      } catch {
        // a load that failed has nothing to free
      }
    },
  };
}
