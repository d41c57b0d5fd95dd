/**
 * `digest` validates its arguments early: a wrong type, an unknown option or an
 * out-of-range number is an InputError with code INPUT naming the option in backticks.
 */
import { describe, it } from 'vitest';
import { digest } from '../../src/index.js';
import { expectOptionError } from '../input-error.js';

describe('digest argument validation', () => {
  it.each([
    ['bad digest order', () => digest('Bonjour.', { order: 'random' } as never), 'order'],
    ['non-string digest text', () => digest(undefined as never), 'text'],
    ['bad digest translator', () => digest('Bonjour.', { translator: 42 } as never), 'translator'],
    ['bad digest summarizer options', () => digest('Bonjour.', { summarizer: { modle: 'x' } } as never), 'modle'],
    ['removed digest key translationModel', () => digest('Bonjour.', { translationModel: 'x' } as never), 'translationModel'],
  ])('%s', async (_name, fn, option) => {
    await expectOptionError(fn, option);
  });
});
