/**
 * The blatant cases every checker must flag (the pipeline's repair relies on them), and a clean
 * translation it must not.
 */
import { describe, expect, it } from 'vitest';
import { checkTranslation } from '../../src/index.js';

const codes = (...args: Parameters<typeof checkTranslation>) => checkTranslation(...args).map((f) => f.code);

describe('checkTranslation, blatant cases', () => {
  it('flags a looping output, the French left as it was, a capped output and a score under minScore', () => {
    expect(codes('Le chat dort sur le canapé.', 'The cat sleeps the cat sleeps the cat sleeps the cat sleeps the cat sleeps')).toContain('repetition');
    expect(codes('Le chat dort sur le canapé.', 'Le chat dort sur le canapé.')).toContain('untranslated');
    expect(codes('Le chat dort sur le canapé.', 'The cat is', { finished: false })).toContain('truncated');
    expect(codes('Le chat dort sur le canapé.', 'The cat is sleeping on the sofa.', { score: -3, minScore: -1 })).toContain('low-score');
  });

  it('leaves a good translation alone, and skips what it is told to', () => {
    expect(checkTranslation('Le chat dort sur le canapé.', 'The cat is sleeping on the sofa.', { score: -0.2, minScore: -1, finished: true })).toEqual([]);
    expect(codes('Le chat dort sur le canapé.', 'The cat is', { finished: false, skip: ['truncated'] })).not.toContain('truncated');
  });
});
