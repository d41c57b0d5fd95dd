/**
 * The library fallback (transformers.js's generate()) cannot search beams: it says so with an
 * `option-ignored` warning instead of decoding greedily in silence, and the pipeline passes it on.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTransformersBackend, createTranslator } from '../../../../src/index.js';
import { libraryWarnings } from '../../../../src/backend/transformers/seq2seq/library.js';
import { MARIAN_TINY } from '../../../helpers.js';

const library = createTransformersBackend({ model: MARIAN_TINY, allowRemote: false, decoder: 'library' });
const lean = createTransformersBackend({ model: MARIAN_TINY, allowRemote: false, decoder: 'lean' });
afterAll(async () => {
  await library.doDispose();
  await lean.doDispose();
});

describe('the library decoder', () => {
  it('warns `option-ignored` when beams > 1 are asked, and not otherwise', async () => {
    const asked = await library.doGenerate({ inputs: ['Le chat dort.'], maxNewTokens: [8], beams: 4 });
    expect(asked.warnings).toEqual([expect.objectContaining({ code: 'option-ignored', message: expect.stringContaining('`beams: 4`') })]);
    expect(asked.outputs[0]!.score).toBeUndefined();
    const greedy = await library.doGenerate({ inputs: ['Le chat dort.'], maxNewTokens: [8], beams: 1 });
    expect(greedy.warnings).toBeUndefined();
    expect(greedy.outputs[0]!.text).toBe(asked.outputs[0]!.text); // it really decoded greedily
    expect(libraryWarnings({})).toEqual([]);
  });

  it('the lean decoder searches beams without a warning', async () => {
    const result = await lean.doGenerate({ inputs: ['Le chat dort.'], maxNewTokens: [8], beams: 4 });
    expect(result.warnings).toBeUndefined();
    expect(result.outputs[0]!.score).toBeLessThanOrEqual(0);
  });

  it('a translator reports the warning once per result', async () => {
    const translator = createTranslator({ backend: library, batchSize: 1, repair: false });
    const result = await translator.translate('Le chat dort. Il fait beau.', { generation: { beams: 4 } });
    expect(result.sentences).toHaveLength(2);
    expect(result.warnings.filter((w) => w.code === 'option-ignored')).toHaveLength(1);
  });
});
