/** The batching scheduler: every input once, limits kept, little padding, early inputs first. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleBatches } from '../../src/pipeline/schedule.js';

describe('scheduleBatches', () => {
  it('puts every input in exactly one batch and respects batchSize and maxBatchTokens', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 32 }),
        fc.integer({ min: 1, max: 5000 }),
        (lengths, batchSize, maxBatchTokens) => {
          const { batches } = scheduleBatches(lengths, { batchSize, maxBatchTokens });
          const seen = batches.flat().sort((a, b) => a - b);
          expect(seen).toEqual(lengths.map((_, i) => i));
          for (const batch of batches) {
            expect(batch.length).toBeLessThanOrEqual(batchSize);
            const longest = Math.max(...batch.map((i) => lengths[i]!));
            if (batch.length > 1) expect(batch.length * longest).toBeLessThanOrEqual(maxBatchTokens);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('wastes less padding than batching in document order', () => {
    const lengths = Array.from({ length: 64 }, (_, i) => 5 + ((i * 37) % 60));
    const sorted = scheduleBatches(lengths, { batchSize: 8, maxBatchTokens: 100_000 });
    let padded = 0;
    let real = 0;
    for (let i = 0; i < lengths.length; i += 8) {
      const batch = lengths.slice(i, i + 8);
      padded += batch.length * Math.max(...batch);
      real += batch.reduce((a, b) => a + b, 0);
    }
    const naive = 1 - real / padded;
    expect(sorted.paddingRatio).toBeLessThan(naive / 2);
  });

  it('runs the batch holding the first input first, so streaming can start early', () => {
    const lengths = [50, 3, 3, 3, 3, 3, 3, 3, 3, 40, 40];
    const { batches } = scheduleBatches(lengths, { batchSize: 2, maxBatchTokens: 1000 });
    expect(batches[0]).toContain(0);
  });

  it('handles no input', () => {
    expect(scheduleBatches([], { batchSize: 8, maxBatchTokens: 100 })).toEqual({ batches: [], paddingRatio: 0 });
  });
});
