/**
 * The lean decoding loop: finished rows stop costing, and it produces what transformers.js's
 * own generate() produces (fp32 fixtures).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTransformersBackend } from '../../../src/index.js';
import { BART_TINY, MARIAN_MEMO, MARIAN_TINY, MEMO_PAIRS, SEED } from '../../helpers.js';
import { segment } from '../../../src/index.js';

const lean = createTransformersBackend({ model: MARIAN_TINY, allowRemote: false, decoder: 'lean' });
const library = createTransformersBackend({ model: MARIAN_TINY, allowRemote: false, decoder: 'library' });
afterAll(async () => {
  await lean.doDispose();
  await library.doDispose();
});

describe('lean decoding', () => {
  it('drops finished rows: decoding work follows each row’s own length', async () => {
    const active: number[] = [];
    const lengths = [2, 5, 30];
    const result = await lean.doGenerate({
      inputs: ['Le chat dort.', 'Il fait beau.', 'La maison est grande.'],
      maxNewTokens: lengths,
      minNewTokens: lengths,
      beams: 1,
      onStep: ({ activeRows }) => active.push(activeRows),
    });
    expect(result.outputs.map((o) => o.tokens)).toEqual(lengths);
    expect(result.steps).toBe(30); // the longest row's length: a row leaves as it reaches its cap
    // rows that ended are no longer decoded: after step 3 two rows, after step 6 one row
    const rowSteps = active.reduce((a, b) => a + b, 0);
    expect(rowSteps).toBeLessThan(3 * result.steps);
    expect(active[2]).toBe(2);
    expect(active[10]).toBe(1);
  });

  it('drops a sentence with all its beams once it is done (4 beams: rows in fours)', async () => {
    const active: number[] = [];
    const lengths = [2, 5, 30];
    const result = await lean.doGenerate({
      inputs: ['Le chat dort.', 'Il fait beau.', 'La maison est grande.'],
      maxNewTokens: lengths,
      minNewTokens: lengths,
      beams: 4,
      onStep: ({ activeRows }) => active.push(activeRows),
    });
    expect(result.outputs.map((o) => o.tokens)).toEqual(lengths);
    expect(result.steps).toBe(30);
    expect(active.slice(0, 6)).toEqual([12, 8, 8, 8, 4, 4]);
  });

  it('marks a row that reached its cap as unfinished', async () => {
    const result = await lean.doGenerate({ inputs: ['Le chat dort.'], maxNewTokens: [3], minNewTokens: [3] });
    expect(result.outputs[0]).toMatchObject({ tokens: 3, finished: false });
  });

  it('with `beams: 1` gives the same outputs as transformers.js generate() (greedy) on marian-tiny', async () => {
    const all = segment(SEED).map((s) => s.text);
    const counts = await lean.doCountTokens(all);
    const inputs = all.filter((_, i) => counts[i]! <= 64).slice(0, 8);
    expect(inputs).toHaveLength(8);
    const a = await lean.doGenerate({ inputs, maxNewTokens: inputs.map(() => 40), beams: 1 });
    const b = await library.doGenerate({ inputs, maxNewTokens: inputs.map(() => 40) });
    expect(a.outputs.map(({ score: _score, ...o }) => o)).toEqual(b.outputs);
    for (const o of a.outputs) expect(o.score).toBeLessThan(0);
  });

  it('with `beams: 1` gives the same outputs as generate() (greedy) on marian-memo and bart-tiny', async () => {
    for (const [model, inputs] of [
      [MARIAN_MEMO, MEMO_PAIRS.map((p) => p.fr)],
      [BART_TINY, ['The president spoke to the nation on Tuesday.', 'Protesters gathered in the main square of Almaty.']],
    ] as const) {
      const l = createTransformersBackend({ model, decoder: 'lean', task: model === BART_TINY ? 'summarization' : 'translation' });
      const g = createTransformersBackend({ model, decoder: 'library', task: model === BART_TINY ? 'summarization' : 'translation' });
      const a = await l.doGenerate({ inputs, maxNewTokens: inputs.map(() => 30), beams: 1 });
      const b = await g.doGenerate({ inputs, maxNewTokens: inputs.map(() => 30) });
      expect(a.outputs.map(({ score: _score, ...o }) => o)).toEqual(b.outputs);
      await l.doDispose();
      await g.doDispose();
    }
  });
});

describe('argmax', () => {
  it('finds the first largest value in any window, whatever its lane', async () => {
    const { argmax } = await import('../../../src/backend/transformers/decode.js');
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 40 }), fc.nat(5), (values, start) => {
        const a = Float32Array.from([...Array(start).fill(99), ...values]);
        let expected = start;
        for (let i = start; i < a.length; i++) if (a[i]! > a[expected]!) expected = i;
        expect(argmax(a, start, a.length)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('logSumExp', () => {
  it('matches the plain formula to 1e-8 on random rows, with -∞ entries and a given max', async () => {
    const { logSumExp } = await import('../../../src/backend/transformers/decode.js');
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -60, max: 30, noNaN: true }), fc.constant(-Infinity)), { minLength: 1, maxLength: 300 }), (values) => {
        const a = Float32Array.from(values);
        const m = Math.max(...a);
        const expected = m === -Infinity ? -Infinity : m + Math.log(Array.from(a).reduce((s, x) => s + Math.exp(x - m), 0));
        const got = logSumExp(a, 0, a.length);
        if (expected === -Infinity) expect(got).toBe(-Infinity);
        else expect(Math.abs(got - expected)).toBeLessThan(1e-8);
        expect(logSumExp(a, 0, a.length, m)).toBe(got);
      }),
      { numRuns: 300 },
    );
  });
});

describe('release', () => {
  it('detaches the buffers of the tensors it is given (the memory is freed without a full collection) and skips empty or missing ones', async () => {
    const { release } = await import('../../../src/backend/transformers/ops.js');
    const a = { data: new Float32Array(1000) };
    const b = { data: new Float32Array(0) };
    const untouched = new Float32Array(10);
    release(a, b, undefined, { data: undefined });
    expect(a.data.buffer.byteLength).toBe(0);
    expect(b.data.length).toBe(0);
    expect(untouched.length).toBe(10);
  });

  it('leaves alone a buffer the loop reuses (retained)', async () => {
    const { release, retain } = await import('../../../src/backend/transformers/ops.js');
    const kept = { data: retain(new Float32Array(100)) };
    release(kept);
    expect(kept.data.length).toBe(100);
  });
});

describe('gatherRows', () => {
  it('rearranges rows in place exactly as a copy would, for any choice of source rows', async () => {
    const { gatherRows, takeRows } = await import('../../../src/backend/transformers/decode.js');
    const fc = (await import('fast-check')).default;
    class T {
      constructor(readonly type: string, readonly data: Float32Array, readonly dims: number[]) {}
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 9 }), (rows, width, picks) => {
        const source = picks.slice(0, rows).map((p) => p % rows);
        const data = Float32Array.from({ length: rows * width }, (_, i) => i);
        const expected = takeRows(T, new T('float32', data.slice(), [rows, width]), source);
        const got = gatherRows(T, new T('float32', data, [rows, width]), source);
        expect(got.dims).toEqual([source.length, width]);
        expect(Array.from(got.data)).toEqual(Array.from(expected.data));
      }),
      { numRuns: 500 },
    );
  });
});
