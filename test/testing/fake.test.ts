/**
 * The fake backend passes the contract suite, and does what its documentation says.
 */
import { describe, expect, it } from 'vitest';
import { createSummarizer, createTranslator } from '../../src/index.js';
import { createFakeBackend, expectWellFormedWarnings, FAKE_FILLER, testBackend } from '../../src/testing/index.js';

testBackend({ name: 'fake', create: ({ failFirstLoad }) => createFakeBackend({ failLoads: failFirstLoad ? 1 : 0 }) });
testBackend({ name: 'fake, greedy-only', create: ({ failFirstLoad }) => createFakeBackend({ failLoads: failFirstLoad ? 1 : 0, greedyOnly: true }) });

describe('the contract’s warning check', () => {
  it('rejects a warning without a kebab-case code or a message', () => {
    expect(() => expectWellFormedWarnings([{ code: 'option-ignored', message: 'ok' }])).not.toThrow();
    expect(() => expectWellFormedWarnings([{ code: 'Option Ignored' as never, message: 'x' }])).toThrow();
    expect(() => expectWellFormedWarnings([{ code: 'option-ignored', message: '' }])).toThrow();
  });
});

describe('createFakeBackend', () => {
  it('outputs the upper-cased input, one token per word, and counts input tokens as words + 1', async () => {
    const backend = createFakeBackend();
    expect(await backend.doCountTokens(['Le chat dort.', ''])).toEqual([4, 1]);
    const result = await backend.doGenerate({ inputs: ['Le chat dort.'], maxNewTokens: [10] });
    expect(result.outputs).toEqual([{ text: 'LE CHAT DORT.', tokens: 3, finished: true, score: -0.4 }]);
    expect(result.steps).toBe(4);
  });

  it('cuts at the cap, pads to the minimum, and records its calls', async () => {
    const backend = createFakeBackend({ transform: (s) => `EN ${s}` });
    const result = await backend.doGenerate({ inputs: ['un deux trois', 'un'], maxNewTokens: [2, 5], minNewTokens: [0, 4] });
    expect(result.outputs.map((o) => [o.text, o.finished])).toEqual([
      ['EN un', false],
      [`EN un ${FAKE_FILLER} ${FAKE_FILLER}`, true],
    ]);
    expect(backend.calls).toEqual([{ inputs: ['un deux trois', 'un'], maxNewTokens: [2, 5], minNewTokens: [0, 4] }]);
  });

  it('fails the injected number of loads with ModelLoadError, then loads', async () => {
    const backend = createFakeBackend({ failLoads: 2 });
    await expect(backend.doLoad({})).rejects.toMatchObject({ code: 'MODEL_LOAD' });
    await expect(backend.doLoad({})).rejects.toMatchObject({ code: 'MODEL_LOAD' });
    await expect(backend.doLoad({})).resolves.toMatchObject({ modelId: 'fake' });
    expect(backend.loads).toBe(3);
  });

  it('reports a chat model only when asked', async () => {
    expect((await createFakeBackend().doLoad({})).chat).toBeUndefined();
    expect((await createFakeBackend({ chat: true }).doLoad({})).chat).toBe(true);
  });

  it('rejects arrays that are not one integer per input', async () => {
    const backend = createFakeBackend();
    await expect(backend.doGenerate({ inputs: ['a', 'b'], maxNewTokens: [3] })).rejects.toMatchObject({ code: 'INPUT', option: 'maxNewTokens' });
  });

  it('drives a translator without a model: sentences in order, backend warnings passed on once', async () => {
    const backend = createFakeBackend({ greedyOnly: true });
    const translator = createTranslator({ backend, batchSize: 1 });
    const result = await translator.translate('Le chat dort. Il fait beau. La maison est grande.', { generation: { beams: 4 } });
    expect(result.sentences.map((s) => s.translation)).toEqual(['LE CHAT DORT.', 'IL FAIT BEAU.', 'LA MAISON EST GRANDE.']);
    expect(backend.calls).toHaveLength(3);
    expect(result.warnings.filter((w) => w.code === 'option-ignored')).toHaveLength(1);
    await translator.dispose();
  });

  it('drives a summarizer without a model: per-row arrays, backend warnings passed on once', async () => {
    const backend = createFakeBackend({ greedyOnly: true, maxInputTokens: 40 });
    const summarizer = createSummarizer({ backend });
    // French words, but read as English: this checks the summarizer's mechanics, not the French route (#11)
    const text = Array.from({ length: 12 }, (_, i) => `Le conseil numéro ${i} a voté la loi hier soir.`).join(' ');
    const result = await summarizer.summarize(text, { language: 'en', generation: { beams: 4 } });
    expect(result.method).toBe('abstractive');
    expect(result.chunks).toBeGreaterThan(1); // map-reduce: several calls, one warning
    for (const call of backend.calls) expect(call.maxNewTokens).toHaveLength(call.inputs.length);
    expect(result.warnings.filter((w) => w.code === 'option-ignored')).toHaveLength(1);
    await summarizer.dispose();
  });
});
