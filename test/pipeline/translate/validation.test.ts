/**
 * `createTranslator` and `translate` validate their arguments early: a wrong type, an unknown option or an
 * out-of-range number is an InputError with code INPUT naming the option in backticks.
 */
import { describe, it } from 'vitest';
import { createTranslator } from '../../../src/index.js';
import { expectOptionError } from '../../input-error.js';
import { MARIAN_TINY } from '../../helpers.js';

const translator = createTranslator({ model: MARIAN_TINY, allowRemote: false });

describe('translator argument validation', () => {
  it.each([
    ['unknown translator option', () => createTranslator({ modle: 'x' } as never), 'modle'],
    ['non-string model', () => createTranslator({ model: 42 } as never), 'model'],
    ['bad dtype', () => createTranslator({ dtype: 'fp16' } as never), 'dtype'],
    ['zero batchSize', () => createTranslator({ batchSize: 0 }), 'batchSize'],
    ['fractional threads', () => createTranslator({ threads: 1.5 }), 'threads'],
    ['non-boolean allowRemote', () => createTranslator({ allowRemote: 'no' } as never), 'allowRemote'],
    ['bad backend', () => createTranslator({ backend: { specificationVersion: 'v9' } } as never), 'backend'],
    ['unknown call option', () => translator.translate('Bonjour.', { batchsize: 2 } as never), 'batchsize'],
    ['negative maxBatchTokens', () => translator.translate('Bonjour.', { maxBatchTokens: -1 }), 'maxBatchTokens'],
    ['bad signal', () => translator.translate('Bonjour.', { signal: {} } as never), 'signal'],
    ['bad onProgress', () => translator.translate('Bonjour.', { onProgress: 'log' } as never), 'onProgress'],
    ['min over max', () => translator.translate('Bonjour.', { generation: { minNewTokens: 9, maxNewTokens: 3 } }), 'generation.minNewTokens'],
    ['bad onNonFrench', () => translator.translate('Bonjour.', { onNonFrench: 'drop' } as never), 'onNonFrench'],
    ['number as text', () => translator.translate(42 as never), 'input'],
    ['array with a number', () => translator.translate(['Bonjour.', 3] as never), 'input'],
  ])('%s', async (_name, fn, option) => {
    await expectOptionError(fn, option);
  });
});
