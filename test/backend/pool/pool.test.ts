/**
 * The worker pool: the contract suite across the thread boundary, exact outputs in order when
 * calls spread over lanes, abort, dispose, errors keeping their class and code, and a worker
 * thread that dies (the call rejects with a BackendError; the pool starts a new thread).
 */
import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { createPooledBackend, type PooledBackend } from '../../../src/backend/pool/index.js';
import { createTransformersBackend } from '../../../src/backend/transformers/backend.js';
import { AbortError, BackendError, DisposedError, Fr2enError, InputError, ModelLoadError } from '../../../src/errors.js';
import { testBackend } from '../../../src/testing/index.js';
import { MARIAN_MEMO, MEMO_PAIRS } from '../../helpers.js';

const MODULE = pathToFileURL(path.join(import.meta.dirname, 'worker-backend.ts')).href;
const PAIRS = MEMO_PAIRS.slice(0, 6);
const caps = (n: number, cap = 40) => new Array<number>(n).fill(cap);

/** A pool whose lanes are all worker threads running the test module. */
function threadPool(workers: number, extra: Record<string, unknown> = {}): PooledBackend {
  return createPooledBackend({ settings: { model: MARIAN_MEMO, threads: 1, ...extra }, workers, inProcess: false, workerModule: MODULE });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection, the call resolved'),
    (error: unknown) => error,
  );
}

testBackend({
  name: 'worker pool (2 worker threads, marian-memo)',
  create: ({ failFirstLoad }) => threadPool(2, { failFirstLoad }),
  inputs: PAIRS.slice(0, 4).map((p) => p.fr),
  timeout: 120_000,
});

describe('worker pool', () => {
  it('gives each call its own exact outputs, in order, with calls spread over the calling thread and worker threads', async () => {
    let localCalls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pool = createPooledBackend({
      settings: { model: MARIAN_MEMO, allowRemote: false, threads: 1 },
      workers: 3,
      createLocal: () => {
        const inner = createTransformersBackend({ model: MARIAN_MEMO, allowRemote: false, threads: 1 });
        // the calling thread's first call waits until a worker thread has answered one
        return { ...inner, doGenerate: async (o) => (localCalls++ === 0 && (await gate), inner.doGenerate(o)) };
      },
    });
    try {
      await pool.doLoad({});
      expect(pool.stats()).toEqual({ lanes: 1, threadsStarted: 0 });
      // every pair alone, and pairs in twos, all at once: more calls than lanes
      const single = PAIRS.map((p) => pool.doGenerate({ inputs: [p.fr], maxNewTokens: [40] }));
      const doubles = [0, 2, 4].map((i) => pool.doGenerate({ inputs: [PAIRS[i]!.fr, PAIRS[i + 1]!.fr], maxNewTokens: caps(2) }));
      const results = await Promise.all([...single, ...doubles].map((p) => p.then((r) => (release(), r))));
      expect(results.slice(0, PAIRS.length).map((r) => r.outputs[0]!.text)).toEqual(PAIRS.map((p) => p.en));
      expect(results.slice(PAIRS.length).flatMap((r) => r.outputs.map((o) => o.text))).toEqual(PAIRS.map((p) => p.en));
      expect(localCalls).toBeGreaterThan(0);
      expect(localCalls).toBeLessThan(results.length); // the rest ran in worker threads
      expect(pool.stats()).toEqual({ lanes: 3, threadsStarted: 2 });
    } finally {
      await pool.doDispose();
    }
  });

  it('passes constraints, alternatives and the repetition penalty to a worker thread and brings alternatives and unmet constraints back, as in process', async () => {
    const pool = threadPool(1);
    const local = createTransformersBackend({ model: MARIAN_MEMO, allowRemote: false, threads: 1 });
    try {
      const inputs = PAIRS.slice(0, 3).map((p) => p.fr);
      const options = { inputs, maxNewTokens: [40, 40, 3], beams: 4, alternatives: 2, repetitionPenalty: 1.3, constraints: [['Lukashenka'], [], ['zzzz-too-long-for-three-tokens']] };
      const threaded = await pool.doGenerate(options);
      const inProcess = await local.doGenerate(options);
      expect(threaded.outputs).toEqual(inProcess.outputs);
      expect(threaded.outputs[0]!.alternatives).toHaveLength(2);
      expect(threaded.outputs[0]!.unmetConstraints).toEqual([]);
      expect(threaded.outputs[0]!.text).toContain('Lukashenka');
      expect(threaded.outputs[2]!.unmetConstraints).toEqual([0]);
      const unpenalised = await pool.doGenerate({ ...options, repetitionPenalty: 1 });
      expect(unpenalised.outputs.map((o) => o.score)).not.toEqual(threaded.outputs.map((o) => o.score));
      expect(pool.stats().threadsStarted).toBe(1);
    } finally {
      await pool.doDispose();
      await local.doDispose();
    }
  });

  it('starts no worker thread for calls that find the calling thread free, and one when a call waits', async () => {
    const pool = createPooledBackend({ settings: { model: MARIAN_MEMO, allowRemote: false, threads: 1 }, workers: 2 });
    try {
      for (const p of PAIRS.slice(0, 3)) {
        const r = await pool.doGenerate({ inputs: [p.fr], maxNewTokens: [40] });
        expect(r.outputs[0]!.text).toBe(p.en);
      }
      expect(pool.stats().threadsStarted).toBe(0);
      const both = await Promise.all(PAIRS.slice(0, 2).map((p) => pool.doGenerate({ inputs: [p.fr], maxNewTokens: [40] })));
      expect(both.map((r) => r.outputs[0]!.text)).toEqual(PAIRS.slice(0, 2).map((p) => p.en));
      expect(pool.stats().threadsStarted).toBe(1);
    } finally {
      await pool.doDispose();
    }
  });

  it('rejects a queued call with AbortError when its signal aborts, and runs the others', async () => {
    const pool = threadPool(1);
    try {
      await pool.doLoad({});
      const controller = new AbortController();
      const first = pool.doGenerate({ inputs: [PAIRS[0]!.fr], maxNewTokens: [40] });
      const queued = pool.doGenerate({ inputs: [PAIRS[1]!.fr], maxNewTokens: [40], signal: controller.signal });
      controller.abort(new Error('user cancelled'));
      const error = await rejection(queued);
      expect(AbortError.isInstance(error)).toBe(true);
      expect((error as Error).cause).toEqual(new Error('user cancelled'));
      expect((await first).outputs[0]!.text).toBe(PAIRS[0]!.en);
    } finally {
      await pool.doDispose();
    }
  });

  it('stops a call running in a worker thread within one step of an abort, and the thread stays usable', async () => {
    const pool = threadPool(1);
    try {
      await pool.doLoad({});
      const controller = new AbortController();
      let stepsAfterAbort = 0;
      const long = caps(2, 100);
      const error = await rejection(
        pool.doGenerate({
          inputs: [PAIRS[0]!.fr, PAIRS[1]!.fr],
          maxNewTokens: long,
          minNewTokens: long,
          signal: controller.signal,
          onStep: ({ step }) => {
            if (controller.signal.aborted) stepsAfterAbort++;
            if (step === 3) controller.abort();
          },
        }),
      );
      expect(AbortError.isInstance(error)).toBe(true);
      expect(stepsAfterAbort).toBe(0);
      const after = await pool.doGenerate({ inputs: [PAIRS[2]!.fr], maxNewTokens: [40] });
      expect(after.outputs[0]!.text).toBe(PAIRS[2]!.en);
    } finally {
      await pool.doDispose();
    }
  });

  it('rejects calls in flight and later calls with DisposedError after dispose', async () => {
    const pool = threadPool(2);
    await pool.doLoad({});
    const long = caps(2, 100);
    const running = rejection(pool.doGenerate({ inputs: [PAIRS[0]!.fr, PAIRS[1]!.fr], maxNewTokens: long, minNewTokens: long }));
    const queued = rejection(pool.doGenerate({ inputs: [PAIRS[2]!.fr], maxNewTokens: long }));
    await pool.doDispose();
    for (const error of await Promise.all([running, queued])) expect(DisposedError.isInstance(error)).toBe(true);
    expect(DisposedError.isInstance(await rejection(pool.doGenerate({ inputs: ['x'], maxNewTokens: [2] })))).toBe(true);
  });

  it('keeps the class, code and fields of errors thrown in a worker thread', async () => {
    const pool = threadPool(1);
    try {
      const input = await rejection(pool.doGenerate({ inputs: ['__input__'], maxNewTokens: [4] }));
      expect(input).toBeInstanceOf(InputError);
      expect(input).toMatchObject({ code: 'INPUT', option: 'beams', message: 'Expected `beams` to be odd (injected).' });
      // the real backend's own validation, inside the thread
      const rows = await rejection(pool.doGenerate({ inputs: [PAIRS[0]!.fr], maxNewTokens: [4, 4] }));
      expect(rows).toBeInstanceOf(InputError);
      expect(rows).toMatchObject({ code: 'INPUT', option: 'maxNewTokens' });
      // anything that is not an fr2en error arrives as a BackendError naming it
      const plain = await rejection(pool.doGenerate({ inputs: ['__plain__'], maxNewTokens: [4] }));
      expect(plain).toBeInstanceOf(BackendError);
      expect((plain as Error).message).toMatch(/injected plain error/);
    } finally {
      await pool.doDispose();
    }
  });

  it('keeps the cause chain of an error thrown in a worker thread', async () => {
    const pool = threadPool(1);
    try {
      const error = await rejection(pool.doGenerate({ inputs: ['__cause__'], maxNewTokens: [4] }));
      expect(error).toBeInstanceOf(BackendError);
      expect(error).toMatchObject({ code: 'BACKEND', message: 'injected outer' });
      const middle = (error as Error).cause;
      expect(middle).toBeInstanceOf(ModelLoadError);
      expect(middle).toMatchObject({ code: 'MODEL_LOAD', model: MARIAN_MEMO, file: 'x.onnx', message: 'injected middle' });
      const root = (middle as Error).cause as Error;
      expect(root).toMatchObject({ name: 'TypeError', message: 'injected root cause' });
      expect(root.stack).toMatch(/worker-backend/); // the stack is the worker thread's
    } finally {
      await pool.doDispose();
    }
  });

  it('reports a failed load in a worker thread as ModelLoadError with its fields, and loads on retry', async () => {
    const pool = threadPool(1, { failFirstLoad: true });
    try {
      const error = await rejection(pool.doLoad({}));
      expect(error).toBeInstanceOf(ModelLoadError);
      expect(error).toMatchObject({ code: 'MODEL_LOAD', model: MARIAN_MEMO, file: 'onnx/encoder_model.onnx' });
      expect((await pool.doLoad({})).maxInputTokens).toBeGreaterThan(0);
    } finally {
      await pool.doDispose();
    }
  });

  for (const [trigger, how] of [
    ['__exit__', 'calls process.exit'],
    ['__throw__', 'throws an uncaught error'],
  ] as const) {
    it(`rejects with a BackendError when a worker thread ${how}, and a new thread serves the next calls`, async () => {
      const pool = threadPool(2);
      try {
        await pool.doLoad({});
        const [crashed, other] = await Promise.all([
          rejection(pool.doGenerate({ inputs: [trigger], maxNewTokens: [4] })),
          pool.doGenerate({ inputs: [PAIRS[0]!.fr], maxNewTokens: [40] }),
        ]);
        expect(crashed).toBeInstanceOf(BackendError);
        expect(Fr2enError.isInstance(crashed) && crashed.code).toBe('BACKEND');
        expect((crashed as Error).message).toMatch(trigger === '__exit__' ? /exit code 7/ : /uncaught in the worker/);
        expect(other.outputs[0]!.text).toBe(PAIRS[0]!.en);
        // recovery: more calls than the surviving lane, all exact
        const after = await Promise.all(PAIRS.map((p) => pool.doGenerate({ inputs: [p.fr], maxNewTokens: [40] })));
        expect(after.map((r) => r.outputs[0]!.text)).toEqual(PAIRS.map((p) => p.en));
        expect(pool.stats()).toEqual({ lanes: 2, threadsStarted: 3 }); // the dead thread was replaced
      } finally {
        await pool.doDispose();
      }
    });
  }
});
