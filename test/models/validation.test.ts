/**
 * `pullModels` validates its arguments early: a wrong type, an unknown option or an
 * out-of-range number is an InputError with code INPUT naming the option in backticks.
 */
import { describe, it } from 'vitest';
import { pullModels } from '../../src/index.js';
import { expectOptionError } from '../input-error.js';

describe('pullModels argument validation', () => {
  it.each([
    ['bad pull dtypes', () => pullModels({ dtypes: ['fp16'] } as never), 'dtypes'],
    ['unknown pull option', () => pullModels({ directory: 'x' } as never), 'directory'],
  ])('%s', async (_name, fn, option) => {
    await expectOptionError(fn, option);
  });
});
