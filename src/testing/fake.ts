/**
 * A fake backend for fast, model-free tests: deterministic, honours every rule of the backend
 * contract (caps, minimums, beams, `signal`, load retries, dispose), and records its calls.
 */
import { AbortError, BackendError, DisposedError, InputError, ModelLoadError, throwIfAborted } from '../errors.js';
import { emit } from '../progress.js';
import type { BackendGenerateOptions, BackendGenerateResult, BackendModelInfo, BackendOutput, BackendV1 } from '../backend/spec.js';
import type { Warning } from '../warnings.js';

/** Options of {@link createFakeBackend}. */
export interface FakeBackendOptions {
  /** @default 'fake' */
  modelId?: string;
  /** @default 512 */
  maxInputTokens?: number;
  /** @default 512 */
  maxOutputTokens?: number;
  /**
   * The model's complete output for an input; each of its words is one generated token.
   * @default upper-cases the input (`'Le chat dort.'` → `'LE CHAT DORT.'`)
   */
  transform?: (input: string) => string;
  /** Number of first `doLoad` attempts that fail with `ModelLoadError` (for retry tests). @default 0 */
  failLoads?: number;
  /** Warnings `doLoad` reports in the model info. @default none */
  loadWarnings?: Warning[];
  /**
   * Behave like a greedy-only backend: `beams` > 1 is ignored with an `option-ignored` warning
   * and outputs carry no score. @default false
   */
  greedyOnly?: boolean;
  /**
   * Report an instruction-following chat model (`BackendModelInfo.chat`): summaries then prompt it
   * and it reads French itself. Its output is still `transform(input)`, the input being the prompt.
   * @default false
   */
  chat?: boolean;
}

/** One recorded `doGenerate` call: its options without `signal` and `onStep`. */
export type FakeCall = Omit<BackendGenerateOptions, 'signal' | 'onStep'>;

/** The fake backend: a {@link BackendV1} with what it was asked. */
export interface FakeBackend extends BackendV1 {
  /** Every `doGenerate` call, in order. */
  readonly calls: FakeCall[];
  /** `doLoad` attempts, failed ones included. */
  readonly loads: number;
  /** `doCountTokens` calls' texts, in order. */
  readonly counted: string[][];
}

/** Text that each generated token past the input's own output renders as (when `minNewTokens` asks for more). */
export const FAKE_FILLER = '+';

const words = (text: string) => text.split(/\s+/).filter((w) => w.length > 0);

/** One tick of the event loop per decoding step, so that timers and aborts from outside can run. */
const tick: () => Promise<void> =
  typeof setImmediate === 'function' ? () => new Promise((r) => setImmediate(r)) : () => new Promise((r) => setTimeout(r, 0));

function checkRows(value: readonly number[] | undefined, name: string, rows: number, min: number): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length !== rows || value.some((v) => !Number.isInteger(v) || v < min)) {
    throw new InputError(`Expected \`${name}\` to be an array of ${rows} integers from ${min} up, one per input.`, { option: name });
  }
}

/** Input tokens of the fake model: words + 1 (the end token). */
const count = (text: string) => words(text).length + 1;

/** Checks the per-row arrays and that every input fits the model. */
function checkRequest(o: BackendGenerateOptions, maxInputTokens: number): void {
  const rows = o.inputs.length;
  checkRows(o.maxNewTokens, 'maxNewTokens', rows, 1);
  checkRows(o.minNewTokens, 'minNewTokens', rows, 0);
  for (const input of o.inputs) {
    if (count(input) > maxInputTokens) {
      throw new BackendError(`An input of ${count(input)} tokens exceeds the fake model's limit of ${maxInputTokens}.`);
    }
  }
}

/** One row's generated tokens and whether it ended. */
interface RowPlan {
  tokens: string[];
  finished: boolean;
}

/** Plans each row: its natural output, stretched to the minimum, cut at the cap. */
function planRows(o: BackendGenerateOptions, transform: (input: string) => string, maxOutputTokens: number): RowPlan[] {
  return o.inputs.map((input, i) => {
    const natural = words(transform(input));
    const cap = Math.min(o.maxNewTokens[i]!, maxOutputTokens - 1);
    const min = Math.min(o.minNewTokens?.[i] ?? 0, cap);
    const wanted = natural.concat(new Array<string>(Math.max(0, min - natural.length)).fill(FAKE_FILLER));
    // the end token counts against the cap: a row ends only when its words leave room for it
    return { tokens: wanted.slice(0, cap), finished: wanted.length < cap };
  });
}

/** Runs the decoding steps (one event-loop tick each), checking abort and dispose; returns the step count. */
async function decode(plans: RowPlan[], signal: AbortSignal | undefined, onStep: BackendGenerateOptions['onStep'], disposed: () => boolean): Promise<number> {
  const lengths = plans.map((p) => p.tokens.length + (p.finished ? 1 : 0));
  const steps = Math.max(...lengths);
  for (let step = 1; step <= steps; step++) {
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    await tick();
    if (disposed()) throw new DisposedError('backend');
    onStep?.({ step, activeRows: lengths.filter((length) => length >= step).length });
  }
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
  return steps;
}

/** A row's output: −0.1 per token (end included when finished), length-normalised with beams. */
function outputOf(p: RowPlan, beams: number, lengthPenalty: number | undefined, scored: boolean): BackendOutput {
  const length = p.tokens.length + (p.finished ? 1 : 0);
  const logp = -0.1 * length;
  const score = beams > 1 ? logp / Math.max(1, length) ** (lengthPenalty ?? 1) : logp;
  return { text: p.tokens.join(' '), tokens: p.tokens.length, finished: p.finished, ...(scored ? { score } : {}) };
}

/**
 * What the fake adds for constraints and alternatives: it cannot steer its output, so a constraint
 * is met only when the output has it anyway; the k-th alternative is the output with k filler
 * tokens more, each costing 0.1.
 */
function searchExtras(output: BackendOutput, p: RowPlan, i: number, o: BackendGenerateOptions, beams: number): BackendOutput {
  const wanted = o.constraints?.[i];
  if (wanted && wanted.length > 0) output.unmetConstraints = wanted.flatMap((c, k) => (output.text.includes(c) ? [] : [k]));
  const n = Math.min(o.alternatives ?? 0, Math.max(0, beams - 1));
  if (n > 0) {
    const length = p.tokens.length + (p.finished ? 1 : 0);
    const logp = -0.1 * length;
    output.alternatives = Array.from({ length: n }, (_, k) => ({
      text: [...p.tokens, ...new Array<string>(k + 1).fill(FAKE_FILLER)].join(' '),
      score: (logp - 0.1 * (k + 1)) / Math.max(1, length + k + 1) ** (o.lengthPenalty ?? 1),
      tokens: p.tokens.length + k + 1,
    }));
  }
  return output;
}

/** Checks `repetitionPenalty`, `alternatives` and `constraints` as a real backend does. */
function checkSearch(o: BackendGenerateOptions, rows: number): void {
  if (o.repetitionPenalty !== undefined && !(Number.isFinite(o.repetitionPenalty) && o.repetitionPenalty > 0)) {
    throw new InputError('Expected `repetitionPenalty` to be a number above 0 (1 is off).', { option: 'repetitionPenalty' });
  }
  if (o.alternatives !== undefined && !(Number.isInteger(o.alternatives) && o.alternatives >= 0)) {
    throw new InputError('Expected `alternatives` to be an integer from 0 up.', { option: 'alternatives' });
  }
  if (o.constraints !== undefined && (o.constraints.length !== rows || o.constraints.some((c) => c.some((s) => typeof s !== 'string' || s.length === 0)))) {
    throw new InputError(`Expected \`constraints\` to be an array of ${rows} arrays of non-empty strings, one per input.`, { option: 'constraints' });
  }
}

/** The fake model's description, from the options. */
function fakeModelInfo(modelId: string, options: FakeBackendOptions): BackendModelInfo {
  return {
    modelId,
    maxInputTokens: options.maxInputTokens ?? 512,
    maxOutputTokens: options.maxOutputTokens ?? 512,
    dtype: 'fp32',
    ...(options.chat ? { chat: true } : {}),
    ...(options.loadWarnings?.length ? { warnings: options.loadWarnings } : {}),
  };
}

/** The beams a request runs with (n alternatives need n + 1, raised as the transformers backend raises them), and the warning when a greedy-only fake ignores them. */
function searchBeams(o: BackendGenerateOptions, greedyOnly: boolean): { beams: number; warnings: Warning[] } {
  const beams = Math.max(o.beams ?? 1, (o.alternatives ?? 0) > 0 ? o.alternatives! + 1 : 1);
  const warnings: Warning[] = [];
  if (greedyOnly && beams > 1) {
    warnings.push({ code: 'option-ignored', message: `\`beams: ${beams}\` was ignored: the fake backend is greedy-only.` });
  }
  return { beams, warnings };
}

/**
 * Creates a deterministic fake backend. Its "model" outputs `transform(input)` (upper-cased by
 * default), one token per word, then ends; `minNewTokens` appends {@link FAKE_FILLER} tokens, a
 * cap cuts the words (`finished: false`). Input tokens are words + 1 (the end token). Scores are
 * −0.1 per token (end included when finished), divided by length^lengthPenalty with beams > 1.
 * `constraints` are recorded, not enforced: each one the output lacks is listed in
 * `unmetConstraints`. `alternatives: n` (raising beams to at least n + 1) gives the output with
 * 1..n {@link FAKE_FILLER} tokens appended, scored lower.
 *
 * @example
 * const backend = createFakeBackend();
 * const translator = createTranslator({ backend });
 * (await translator.translate('Le chat dort.')).text; // 'LE CHAT DORT.'
 * backend.calls[0].inputs; // ['Le chat dort.']
 */
export function createFakeBackend(options: FakeBackendOptions = {}): FakeBackend {
  const modelId = options.modelId ?? 'fake';
  const transform = options.transform ?? ((input: string) => input.toUpperCase());
  const info = fakeModelInfo(modelId, options);
  const calls: FakeCall[] = [];
  const counted: string[][] = [];
  let loads = 0;
  let loaded = false;
  let disposed = false;

  async function load(): Promise<BackendModelInfo> {
    if (disposed) throw new DisposedError('backend');
    if (!loaded) {
      loads++;
      await tick();
      if (loads <= (options.failLoads ?? 0)) {
        throw new ModelLoadError(`Fake model \`${modelId}\` failed to load (injected failure ${loads} of ${options.failLoads}).`, { model: modelId });
      }
      if (disposed) throw new DisposedError('backend');
      loaded = true;
    }
    return info;
  }

  async function generate(o: BackendGenerateOptions): Promise<BackendGenerateResult> {
    if (disposed) throw new DisposedError('backend');
    const { signal, onStep, ...recorded } = o;
    calls.push({ ...recorded, inputs: [...o.inputs], maxNewTokens: [...o.maxNewTokens], ...(o.minNewTokens ? { minNewTokens: [...o.minNewTokens] } : {}) });
    throwIfAborted(signal);
    await load();
    checkRequest(o, info.maxInputTokens);
    checkSearch(o, o.inputs.length);
    if (o.inputs.length === 0) return { outputs: [], steps: 0 };
    const { beams, warnings } = searchBeams(o, options.greedyOnly ?? false);
    const plans = planRows(o, transform, info.maxOutputTokens);
    const steps = await decode(plans, signal, onStep, () => disposed);
    const outputs = plans.map((p, i) => searchExtras(outputOf(p, beams, o.lengthPenalty, !options.greedyOnly), p, i, o, beams));
    return { outputs, steps, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  return {
    specificationVersion: 'v1',
    provider: 'fake',
    modelId,
    calls,
    counted,
    get loads() {
      return loads;
    },
    async doLoad({ signal, onProgress } = {}) {
      throwIfAborted(signal);
      const wasLoaded = loaded;
      if (!wasLoaded) emit(onProgress, { type: 'load', model: modelId, status: 'start' });
      const result = await load();
      if (!wasLoaded) emit(onProgress, { type: 'load', model: modelId, status: 'ready', ms: 0 });
      return result;
    },
    async doCountTokens(texts) {
      if (disposed) throw new DisposedError('backend');
      counted.push([...texts]);
      await load();
      return texts.map(count);
    },
    doGenerate: generate,
    async doDispose() {
      disposed = true;
    },
  };
}
