/**
 * A sentence with no boundary for thousands of words is split under the model limit, every
 * word reaches the model, and a sentence-split warning says so.
 */
import { describe, expect, it } from 'vitest';
import { createTransformersBackend, createTranslator } from '../../../src/index.js';
import { splitToLimit } from '../../../src/text/budget.js';
import { MARIAN_TINY, recordingBackend } from '../../helpers.js';

describe('a sentence far over the model limit', () => {
  it('is split into pieces under the limit; all its words are translated; a warning says so', async () => {
    const words = ['le', 'conseil', 'municipal', 'de', 'la', 'ville', 'a', 'voté', 'un', 'budget', 'pour', 'les', 'écoles', 'et', 'hôpitaux'];
    const long = `Le ${Array.from({ length: 3000 }, (_, i) => words[i % words.length]).join(' ')}`;
    const inner = createTransformersBackend({ model: MARIAN_TINY, allowRemote: false });
    const backend = recordingBackend(inner);
    const translator = createTranslator({ backend });
    // first pass only: marian-tiny's looping pieces would otherwise be decoded again (and recorded twice)
    const result = await translator.translate(`Premier. ${long}. Dernier.`, { generation: { maxNewTokens: 4 }, repair: false });
    expect(result.sentences).toHaveLength(3);
    const warning = result.warnings.find((w) => w.code === 'sentence-split');
    expect(warning?.sentence).toBe(1);
    // every piece fits the model, and the pieces hold every word of the sentence, in order
    const pieces = backend.calls.flat().filter((p) => p !== 'Premier.' && p !== 'Dernier.');
    const counts = await backend.doCountTokens(pieces);
    const info = await backend.doLoad({});
    expect(Math.max(...counts)).toBeLessThanOrEqual(info.maxInputTokens);
    // the splitter's pieces hold every word, in order
    const inOrder = await splitToLimit(`${long}.`, info.maxInputTokens, (t) => backend.doCountTokens(t));
    expect(inOrder.length).toBeGreaterThan(3000 / 64);
    expect(inOrder.join(' ')).toBe(`${long}.`);
    // and each reaches the model: batches run in length order and a piece repeated word for word
    // (the sentence cycles through 15 words) is decoded once for all its copies
    expect([...new Set(pieces)].sort()).toEqual([...new Set(inOrder)].sort());
    expect(result.sentences[1]!.translation.length).toBeGreaterThan(0);
    await translator.dispose();
  });

  it('splits a run with no space at all between characters', async () => {
    const translator = createTranslator({ model: MARIAN_TINY, allowRemote: false });
    const blob = 'abcdefghij'.repeat(200);
    const result = await translator.translate(blob, { generation: { maxNewTokens: 4 } });
    expect(result.sentences).toHaveLength(1);
    expect(result.warnings.some((w) => w.code === 'sentence-split')).toBe(true);
    await translator.dispose();
  });
});
