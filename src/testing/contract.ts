/**
 * The backend contract suite: one set of vitest tests every {@link BackendV1} must pass. Call
 * {@link testBackend} at the top level of a vitest test file (it registers `describe`/`it`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, DisposedError, Fr2enError, ModelLoadError } from '../errors.js';
import type { BackendGenerateResult, BackendModelInfo, BackendV1 } from '../backend/spec.js';
import type { Warning } from '../warnings.js';

/** What `create` is asked for. */
export interface BackendContext {
  /**
   * When true, the backend's first load must fail with a `ModelLoadError` (e.g. a missing file,
   * an injected error), and the next one succeed: the suite checks a retry works.
   */
  failFirstLoad: boolean;
}

/** Options of {@link testBackend}. */
export interface TestBackendOptions {
  /** Suite name, e.g. `'transformers.js marian-tiny'`. */
  name: string;
  /** Makes a fresh backend (each call a new instance). */
  create: (context: BackendContext) => BackendV1 | Promise<BackendV1>;
  /**
   * Inputs in the model's source language, at least three, short enough for the model.
   * @default three short French sentences
   */
  inputs?: readonly string[];
  /** Timeout of each test, in ms. @default 60_000 */
  timeout?: number;
}

const DEFAULT_INPUTS = ['Le chat dort.', 'Il fait beau aujourd’hui.', 'La maison est grande et le jardin est vert.'] as const;

/** Checks a warnings array is well-formed: kebab-case codes, non-empty messages. */
export function expectWellFormedWarnings(warnings: readonly Warning[] | undefined): void {
  if (warnings === undefined) return;
  expect(Array.isArray(warnings)).toBe(true);
  for (const w of warnings) {
    expect(w.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(typeof w.message).toBe('string');
    expect(w.message.length).toBeGreaterThan(0);
    if (w.sentence !== undefined) expect(Number.isInteger(w.sentence)).toBe(true);
  }
}

function expectWellFormedResult(result: BackendGenerateResult, rows: number, caps: readonly number[]): void {
  expect(result.outputs).toHaveLength(rows);
  expect(Number.isInteger(result.steps) && result.steps >= 0).toBe(true);
  for (const [i, out] of result.outputs.entries()) {
    expect(typeof out.text).toBe('string');
    expect(Number.isInteger(out.tokens) && out.tokens >= 0).toBe(true);
    expect(typeof out.finished).toBe('boolean');
    // `finished` is false exactly when the row stopped at its cap
    if (out.finished) expect(out.tokens).toBeLessThan(caps[i]!);
    else expect(out.tokens).toBe(caps[i]);
    if (out.score !== undefined) expect(out.score).toBeLessThanOrEqual(0);
  }
  expectWellFormedWarnings(result.warnings);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection, the call resolved'),
    (error: unknown) => error,
  );
}

/**
 * Registers the backend contract suite. Every backend must pass it: model info well-formed;
 * one output per input, in order; an empty input list; `finished` false at the cap and true
 * when the model ends first; `minNewTokens` respected; beams give scores or an `option-ignored`
 * warning; unmet constraints by valid index, alternatives at most as many as asked; abort within one step with `AbortError`; retry after a failed load; `DisposedError`
 * after dispose; token counts positive integers; warnings well-formed.
 *
 * @example
 * // test/my-backend.test.ts
 * import { testBackend } from 'fr2en/testing';
 * testBackend({ name: 'my backend', create: ({ failFirstLoad }) => createMyBackend({ failFirstLoad }) });
 */
export function testBackend(options: TestBackendOptions): void {
  const inputs = [...(options.inputs ?? DEFAULT_INPUTS)];
  if (inputs.length < 3) throw new Error('testBackend: give at least three `inputs`.');
  describe(`backend contract: ${options.name}`, () => {
    const suite = contractSuite(options, inputs);
    for (const group of CASE_GROUPS) group(suite);
  });
}

/** What every case of the suite shares: the backend under test, loaded once, and its model's info. */
interface ContractSuite {
  readonly inputs: readonly string[];
  readonly timeout: number;
  readonly create: TestBackendOptions['create'];
  /** Backends to dispose of when the suite ends. */
  readonly disposers: BackendV1[];
  backend: BackendV1;
  info: BackendModelInfo;
  /** A cap the model can reach and still end below: within its output limit. */
  roomy: number;
}

/** Registers the hooks that make the suite's backend before the cases and dispose of every backend after. */
function contractSuite(options: TestBackendOptions, inputs: readonly string[]): ContractSuite {
  // the backend and its info are set by `beforeAll`, before any case runs
  const suite = { inputs, timeout: options.timeout ?? 60_000, create: options.create, disposers: [], roomy: 0 } as unknown as ContractSuite;
  beforeAll(async () => {
    suite.backend = await options.create({ failFirstLoad: false });
    suite.disposers.push(suite.backend);
    suite.info = await suite.backend.doLoad({});
    suite.roomy = Math.max(2, Math.min(64, suite.info.maxOutputTokens - 2));
  }, suite.timeout);
  afterAll(async () => {
    for (const b of suite.disposers) await b.doDispose();
  });
  return suite;
}

/** The model's description and its tokenizer. */
function modelCases(s: ContractSuite): void {
  it('implements BackendV1 and reports well-formed model s.info', async () => {
    expect(s.backend.specificationVersion).toBe('v1');
    expect(typeof s.backend.provider).toBe('string');
    expect(typeof s.backend.modelId).toBe('string');
    expect(typeof s.info.modelId).toBe('string');
    for (const n of [s.info.maxInputTokens, s.info.maxOutputTokens]) expect(Number.isInteger(n) && n > 0).toBe(true);
    expect(typeof s.info.dtype).toBe('string');
    expectWellFormedWarnings(s.info.warnings);
    expect(await s.backend.doLoad({})).toEqual(s.info); // loading again returns the same model
  }, s.timeout);

  it('counts tokens as positive integers, one per text, in order', async () => {
    const counts = await s.backend.doCountTokens(s.inputs);
    expect(counts).toHaveLength(s.inputs.length);
    for (const n of counts) expect(Number.isInteger(n) && n > 0).toBe(true);
    const reversed = await s.backend.doCountTokens([...s.inputs].reverse());
    expect(reversed).toEqual([...counts].reverse());
    expect(await s.backend.doCountTokens([])).toEqual([]);
  }, s.timeout);
}

/** The outputs: one per input, in order; none for none; caps and minimums per row. */
function outputCases(s: ContractSuite): void {
  it('gives one output per input, in order', async () => {
    const caps = s.inputs.map(() => s.roomy);
    const forward = await s.backend.doGenerate({ inputs: s.inputs, maxNewTokens: caps });
    expectWellFormedResult(forward, s.inputs.length, caps);
    const reversed = await s.backend.doGenerate({ inputs: [...s.inputs].reverse(), maxNewTokens: caps });
    expectWellFormedResult(reversed, s.inputs.length, caps);
    expect(reversed.outputs.map((o) => o.text)).toEqual(forward.outputs.map((o) => o.text).reverse());
    const one = await s.backend.doGenerate({ inputs: [s.inputs[1]!], maxNewTokens: [s.roomy] });
    expectWellFormedResult(one, 1, [s.roomy]);
  }, s.timeout);

  it('returns no outputs for no s.inputs', async () => {
    const result = await s.backend.doGenerate({ inputs: [], maxNewTokens: [] });
    expect(result.outputs).toEqual([]);
    expectWellFormedWarnings(result.warnings);
  }, s.timeout);

  it('stops a row at its cap with `finished: false`, and ends it below the cap with `finished: true`', async () => {
    const capped = await s.backend.doGenerate({ inputs: s.inputs, maxNewTokens: s.inputs.map(() => 2), minNewTokens: s.inputs.map(() => 2) });
    expectWellFormedResult(capped, s.inputs.length, s.inputs.map(() => 2));
    for (const out of capped.outputs) expect(out).toMatchObject({ tokens: 2, finished: false });
    // per-row caps: each row its own
    const caps = s.inputs.map((_, i) => 1 + i);
    const mixed = await s.backend.doGenerate({ inputs: s.inputs, maxNewTokens: caps, minNewTokens: caps });
    expectWellFormedResult(mixed, s.inputs.length, caps);
    expect(mixed.outputs.map((o) => o.tokens)).toEqual(caps);
    // with room, the model ends at least one of the s.inputs itself
    const free = await s.backend.doGenerate({ inputs: s.inputs, maxNewTokens: s.inputs.map(() => s.roomy) });
    expectWellFormedResult(free, s.inputs.length, s.inputs.map(() => s.roomy));
    expect(free.outputs.some((o) => o.finished)).toBe(true);
  }, s.timeout);

  it('respects `minNewTokens`', async () => {
    const free = await s.backend.doGenerate({ inputs: s.inputs, maxNewTokens: s.inputs.map(() => s.roomy), minNewTokens: s.inputs.map(() => 0) });
    const shortest = Math.min(...free.outputs.map((o) => o.tokens));
    const min = Math.min(s.roomy - 1, shortest + 3);
    const result = await s.backend.doGenerate({ inputs: s.inputs, maxNewTokens: s.inputs.map(() => s.roomy), minNewTokens: s.inputs.map(() => min) });
    expectWellFormedResult(result, s.inputs.length, s.inputs.map(() => s.roomy));
    for (const out of result.outputs) expect(out.tokens).toBeGreaterThanOrEqual(min);
  }, s.timeout);
}

/** Decoding options a backend may honour or say it ignored: beams, constraints, alternatives. */
function decodingCases(s: ContractSuite): void {
  it('with beams > 1 gives scores, or says it ignored them with an `option-ignored` warning', async () => {
    const caps = s.inputs.map(() => s.roomy);
    const result = await s.backend.doGenerate({ inputs: s.inputs, maxNewTokens: caps, beams: 2 });
    expectWellFormedResult(result, s.inputs.length, caps);
    const ignored = (result.warnings ?? []).some((w) => w.code === 'option-ignored');
    if (!ignored) for (const out of result.outputs) expect(out.score).toBeLessThanOrEqual(0);
  }, s.timeout);

  it('reports unmet constraints by valid index only, and lists every constraint its output lacks (unless it says it ignored them)', async () => {
    const caps = s.inputs.map(() => s.roomy);
    const constraints = s.inputs.map((_, i) => (i === 1 ? [] : i === 0 ? ['the'] : ['house', '2022']));
    const result = await s.backend.doGenerate({ inputs: s.inputs, maxNewTokens: caps, constraints });
    expectWellFormedResult(result, s.inputs.length, caps);
    const ignored = (result.warnings ?? []).some((w) => w.code === 'option-ignored');
    for (const [i, out] of result.outputs.entries()) {
      const unmet = out.unmetConstraints ?? [];
      expect(new Set(unmet).size).toBe(unmet.length);
      for (const k of unmet) expect(Number.isInteger(k) && k >= 0 && k < constraints[i]!.length).toBe(true);
      if (!ignored) for (const [k, c] of constraints[i]!.entries()) if (!unmet.includes(k)) expect(out.text).toContain(c);
    }
  }, s.timeout);

  it('returns at most `alternatives` other hypotheses, well-formed, and none unless asked', async () => {
    const caps = s.inputs.map(() => s.roomy);
    const result = await s.backend.doGenerate({ inputs: s.inputs, maxNewTokens: caps, beams: 3, alternatives: 2 });
    expectWellFormedResult(result, s.inputs.length, caps);
    for (const out of result.outputs) {
      expect((out.alternatives ?? []).length).toBeLessThanOrEqual(2);
      for (const alt of out.alternatives ?? []) {
        expect(typeof alt.text).toBe('string');
        expect(alt.score).toBeLessThanOrEqual(0);
        expect(Number.isInteger(alt.tokens) && alt.tokens >= 0).toBe(true);
      }
    }
    const plain = await s.backend.doGenerate({ inputs: s.inputs, maxNewTokens: caps, beams: 3 });
    for (const out of plain.outputs) expect(out.alternatives ?? []).toEqual([]);
  }, s.timeout);
}

/** The backend's life: aborts, a failed load retried, dispose. */
function lifecycleCases(s: ContractSuite): void {
  it('rejects with AbortError, at once for an aborted signal and within one step of an abort', async () => {
    const aborted = await rejection(s.backend.doGenerate({ inputs: s.inputs, maxNewTokens: s.inputs.map(() => 4), signal: AbortSignal.abort() }));
    expect(AbortError.isInstance(aborted)).toBe(true);
    const controller = new AbortController();
    const long = s.inputs.map(() => s.roomy);
    let stepsAfterAbort = 0;
    const error = await rejection(
      s.backend.doGenerate({
        inputs: s.inputs,
        maxNewTokens: long,
        minNewTokens: long,
        signal: controller.signal,
        onStep: ({ step }) => {
          if (controller.signal.aborted) stepsAfterAbort++;
          if (step === 2) controller.abort();
        },
      }),
    );
    expect(AbortError.isInstance(error)).toBe(true);
    expect(stepsAfterAbort).toBeLessThanOrEqual(1);
    // the s.backend stays usable
    const after = await s.backend.doGenerate({ inputs: [s.inputs[0]!], maxNewTokens: [2], minNewTokens: [2] });
    expect(after.outputs[0]!.tokens).toBe(2);
  }, s.timeout);

  it('can load again after a failed load', async () => {
    const failing = await s.create({ failFirstLoad: true });
    s.disposers.push(failing);
    const error = await rejection(failing.doLoad({}));
    expect(ModelLoadError.isInstance(error)).toBe(true);
    const retried = await failing.doLoad({});
    expect(retried.maxInputTokens).toBe(s.info.maxInputTokens);
    const result = await failing.doGenerate({ inputs: [s.inputs[0]!], maxNewTokens: [2], minNewTokens: [2] });
    expect(result.outputs[0]!.tokens).toBe(2);
  }, s.timeout);

  it('rejects every call with DisposedError after dispose', async () => {
    const short = await s.create({ failFirstLoad: false });
    await short.doLoad({});
    await short.doDispose();
    for (const call of [
      () => short.doLoad({}),
      () => short.doCountTokens(s.inputs),
      () => short.doGenerate({ inputs: s.inputs, maxNewTokens: s.inputs.map(() => 2) }),
    ]) {
      const error = await rejection(call());
      expect(DisposedError.isInstance(error)).toBe(true);
      expect(Fr2enError.isInstance(error) && !/createBackend/.test((error as Error).message)).toBe(true);
    }
    await short.doDispose(); // twice is harmless
  }, s.timeout);
}

/** The suite's case groups, in the order they run. */
const CASE_GROUPS: readonly ((suite: ContractSuite) => void)[] = [modelCases, outputCases, decodingCases, lifecycleCases];
