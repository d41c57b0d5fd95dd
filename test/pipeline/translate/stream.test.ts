/**
 * Streaming, cancellation and progress on marian-tiny through the real pipeline.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, createTranslator, segment, type ProgressEvent } from '../../../src/index.js';
import { MARIAN_MEMO, MARIAN_TINY, MEMO_PAIRS, SEED } from '../../helpers.js';

const translator = createTranslator({ model: MARIAN_TINY, allowRemote: false });
afterAll(() => translator.dispose());
const total = segment(SEED).length;

describe('translateStream', () => {
  it('yields every sentence in document order with its own translation (marian-memo)', async () => {
    const memo = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
    const text = MEMO_PAIRS.map((p) => p.fr).join(' ');
    const streamed = [];
    for await (const s of memo.translateStream(text, { batchSize: 3 })) streamed.push(s);
    expect(streamed.map((s) => s.index)).toEqual(MEMO_PAIRS.map((_, i) => i));
    expect(streamed.map((s) => s.translation)).toEqual(MEMO_PAIRS.map((p) => p.en));
    for (const s of streamed) expect(text.slice(s.start, s.end)).toBe(s.source);
    await memo.dispose();
  });

  it('yields the first sentence before the last batch has run', async () => {
    const events: ProgressEvent[] = [];
    let batchesAtFirst = -1;
    let batchesTotal = 0;
    // no repair pass (marian-tiny's loops would be repaired at the end of the window)
    for await (const s of translator.translateStream(SEED, { batchSize: 2, repair: false, onProgress: (e) => events.push(e) })) {
      if (s.index === 0) batchesAtFirst = events.filter((e) => e.type === 'batch').length;
    }
    batchesTotal = events.filter((e) => e.type === 'batch').length;
    expect(batchesTotal).toBeGreaterThan(3);
    expect(batchesAtFirst).toBeGreaterThan(0);
    expect(batchesAtFirst).toBeLessThan(batchesTotal / 2);
  });

  it('plans a long text window by window: the first sentence comes before the rest is even tokenised', async () => {
    const long = Array.from({ length: 8 }, () => SEED).join('\n\n');
    let plannedAtFirst = -1;
    let planned = 0;
    for await (const s of translator.translateStream(long, {
      batchSize: 4,
      generation: { maxNewTokens: 2 },
      onProgress: (e) => {
        if (e.type === 'batch') planned = e.total;
      },
    })) {
      if (s.index === 0) plannedAtFirst = planned;
    }
    expect(plannedAtFirst).toBeGreaterThan(0);
    expect(plannedAtFirst).toBeLessThan(planned);
  });
});

describe('cancellation', () => {
  it('rejects with AbortError when aborted mid-run, and the next call works', async () => {
    const controller = new AbortController();
    let batches = 0;
    const error = await translator
      .translate(SEED, {
        batchSize: 2,
        signal: controller.signal,
        onProgress: (e) => {
          if (e.type === 'batch' && ++batches === 2) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as AbortError).code).toBe('ABORTED');
    expect(batches).toBe(2);
    const after = await translator.translate('Le chat dort. Il fait beau.');
    expect(after.sentences).toHaveLength(2);
  });

  it('stops within one decoding step', async () => {
    const controller = new AbortController();
    let stepsAfterAbort = 0;
    const backendSteps: number[] = [];
    const { createTransformersBackend } = await import('../../../src/index.js');
    const backend = createTransformersBackend({ model: MARIAN_TINY, allowRemote: false });
    const error = await backend
      .doGenerate({
        inputs: ['Le chat dort.', 'Il fait beau aujourd’hui.'],
        maxNewTokens: [50, 50],
        minNewTokens: [50, 50],
        signal: controller.signal,
        onStep: ({ step }) => {
          backendSteps.push(step);
          if (controller.signal.aborted) stepsAfterAbort++;
          if (step === 3) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(stepsAfterAbort).toBeLessThanOrEqual(1);
    expect(backendSteps.at(-1)).toBeLessThanOrEqual(4);
    await backend.doDispose();
  });

  it('rejects at once with an already aborted signal, without loading a model', async () => {
    const fresh = createTranslator({ model: '/no/such/model', allowRemote: false });
    const error = await fresh.translate('Bonjour.', { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
  });
});

describe('progress', () => {
  it('arrives as load → batch/sentence… → done, with counts that add up', async () => {
    const fresh = createTranslator({ model: MARIAN_TINY, allowRemote: false });
    const events: ProgressEvent[] = [];
    // the first pass only: a repair pass adds batches (and raises the total) once the window is done
    await fresh.translate(SEED, { batchSize: 3, repair: false, onProgress: (e) => events.push(e) });
    await fresh.dispose();
    expect(events[0]).toMatchObject({ type: 'load', status: 'start' });
    expect(events[1]).toMatchObject({ type: 'load', status: 'ready' });
    expect(events.at(-1)!.type).toBe('done');
    const batches = events.filter((e): e is Extract<ProgressEvent, { type: 'batch' }> => e.type === 'batch');
    expect(batches.map((b) => b.done)).toEqual(batches.map((_, i) => i + 1));
    expect(new Set(batches.map((b) => b.total)).size).toBe(1);
    expect(batches.reduce((a, b) => a + b.size, 0)).toBeGreaterThanOrEqual(total);
    const sentences = events.filter((e): e is Extract<ProgressEvent, { type: 'sentence' }> => e.type === 'sentence');
    expect(sentences.at(-1)).toMatchObject({ done: total, total });
    // the loaded instance reports no load events again
    const again: ProgressEvent[] = [];
    await translator.translate('Bonjour.', { onProgress: (e) => again.push(e) });
    await translator.translate('Bonjour.', { onProgress: (e) => again.push(e) });
    expect(again.filter((e) => e.type === 'load').length).toBeLessThanOrEqual(2);
  });
});
