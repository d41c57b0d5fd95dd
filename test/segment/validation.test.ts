/**
 * `segment` validates its arguments early: a wrong type, an unknown option or an
 * out-of-range number is an InputError with code INPUT naming the option in backticks.
 */
import { describe, expect, it } from 'vitest';
import { InputError, segment } from '../../src/index.js';
import { expectOptionError } from '../input-error.js';

describe('segment argument validation', () => {
  it.each([
    ['unknown segment option', () => segment('Bonjour.', { language: 'fr' } as never), 'language'],
    ['bad segment rules', () => segment('Bonjour.', { rules: 'fr' } as never), 'rules'],
  ])('%s', async (_name, fn, option) => {
    await expectOptionError(fn, option);
  });

  it('segment() refuses a non-string', () => {
    expect(() => segment(42 as never)).toThrow(InputError);
  });
});
