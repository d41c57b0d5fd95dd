/**
 * A translator's lifecycle: concurrent calls on one instance share one load; dispose frees
 * the model and later calls reject.
 */
import { describe, expect, it } from 'vitest';
import { createTranslator, DisposedError, type ProgressEvent } from '../../../src/index.js';
import { MARIAN_MEMO, MARIAN_TINY, MEMO_PAIRS } from '../../helpers.js';

describe('concurrent use', () => {
  it('20 concurrent translate() calls on one instance are all correct and load the model once', async () => {
    // marian-memo: every sentence has its own exact translation, so a mix-up between calls shows
    const translator = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
    const loads: ProgressEvent[] = [];
    const inputs = Array.from({ length: 20 }, (_, i) => MEMO_PAIRS.slice(i % 15, (i % 15) + 1 + (i % 4)));
    const results = await Promise.all(
      inputs.map((pairs) =>
        translator.translate(
          pairs.map((p) => p.fr),
          { batchSize: 2, onProgress: (e) => e.type === 'load' && loads.push(e) },
        ),
      ),
    );
    expect(results.map((r) => r.sentences.map((s) => s.translation))).toEqual(inputs.map((pairs) => pairs.map((p) => p.en)));
    expect(loads.filter((e) => e.type === 'load' && e.status === 'start')).toHaveLength(1);
    await translator.dispose();
  });
});

describe('dispose', () => {
  it('dispose() frees the model and later calls reject with DisposedError', async () => {
    const t = createTranslator({ model: MARIAN_TINY, allowRemote: false });
    await t.translate('Bonjour.');
    await t.dispose();
    const error = await t.translate('Bonjour.').catch((e: unknown) => e);
    expect(DisposedError.isInstance(error)).toBe(true);
    expect((error as DisposedError).code).toBe('DISPOSED');
    const streamError = await (async () => {
      for await (const _ of t.translateStream('Bonjour.')) void _;
    })().catch((e: unknown) => e);
    expect(DisposedError.isInstance(streamError)).toBe(true);
  });

});
