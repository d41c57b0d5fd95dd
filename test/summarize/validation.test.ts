/**
 * `createSummarizer` and `summarize` validate their arguments early: a wrong type, an unknown option or an
 * out-of-range number is an InputError with code INPUT naming the option in backticks.
 */
import { describe, it } from 'vitest';
import { createSummarizer } from '../../src/index.js';
import { expectOptionError } from '../input-error.js';

describe('summarizer argument validation', () => {
  it.each([
    ['unknown summarizer option', () => createSummarizer({ size: 3 } as never), 'size'],
    ['bad summary type', () => createSummarizer().summarize('x', { type: 'abstract' } as never), 'type'],
    ['bad summary length', () => createSummarizer().summarize('x', { length: 'huge' } as never), 'length'],
    ['zero mapBatchSize', () => createSummarizer({ mapBatchSize: 0 }), 'mapBatchSize'],
    ['zero concurrency (the old name of mapBatchSize)', () => createSummarizer({ concurrency: 0 }), 'concurrency'],
  ])('%s', async (_name, fn, option) => {
    await expectOptionError(fn, option);
  });
});
