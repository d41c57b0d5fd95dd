/**
 * Public functions validate their arguments early: a wrong type, an unknown option or an
 * out-of-range number is an InputError with code INPUT naming the option in backticks.
 */
import { describe, expect, it } from 'vitest';
import { createSummarizer, createTranslator, digest, InputError, pullModels, segment } from '../../src/index.js';
import { MARIAN_TINY } from '../helpers.js';

async function inputError(fn: () => unknown): Promise<InputError> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(InputError.isInstance(caught), String(caught)).toBe(true);
  const e = caught as InputError;
  expect(e.code).toBe('INPUT');
  return e;
}

const translator = createTranslator({ model: MARIAN_TINY, allowRemote: false });

describe('argument validation', () => {
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
    ['unknown summarizer option', () => createSummarizer({ size: 3 } as never), 'size'],
    ['bad summary type', () => createSummarizer().summarize('x', { type: 'abstract' } as never), 'type'],
    ['bad summary length', () => createSummarizer().summarize('x', { length: 'huge' } as never), 'length'],
    ['bad digest order', () => digest('Bonjour.', { order: 'random' } as never), 'order'],
    ['non-string digest text', () => digest(undefined as never), 'text'],
    ['unknown segment option', () => segment('Bonjour.', { language: 'fr' } as never), 'language'],
    ['bad segment rules', () => segment('Bonjour.', { rules: 'fr' } as never), 'rules'],
    ['bad pull dtypes', () => pullModels({ dtypes: ['fp16'] } as never), 'dtypes'],
    ['unknown pull option', () => pullModels({ directory: 'x' } as never), 'directory'],
  ])('%s', async (_name, fn, option) => {
    const e = await inputError(fn);
    expect(e.option).toBe(option);
    expect(e.message).toContain(`\`${option}\``);
  });

  it('segment() refuses a non-string', () => {
    expect(() => segment(42 as never)).toThrow(InputError);
  });
});
