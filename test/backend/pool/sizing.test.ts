/**
 * The pool's sizing rule: one lane per 2 cores with one thread each, capped by the memory budget
 * and by MAX_AUTO_WORKERS; explicit choices win; the default budget follows the machine.
 */
import { describe, expect, it } from 'vitest';
import { createPooledBackend, defaultMemoryBudgetMb, MAX_AUTO_WORKERS, sizePool } from '../../../src/backend/pool/index.js';
import { checkWorkers, firstLaneMemoryMb, laneMemoryMb } from '../../../src/backend/pool/options.js';

const roomy = { totalMb: 32_000, availableMb: 30_000 };
const lane = { laneMb: 300, firstLaneMb: 550 };

describe('sizePool', () => {
  it.each([
    // cores, expected workers × threads
    [1, 1, 1],
    [2, 1, 1],
    [3, 1, 1],
    [4, 2, 1],
    [8, MAX_AUTO_WORKERS, 1],
    [16, MAX_AUTO_WORKERS, 2],
  ])('on %i cores with memory to spare picks %i workers × %i threads', (cores, workers, threads) => {
    expect(sizePool({ cores, memory: roomy, ...lane })).toMatchObject({ workers, threads });
  });

  it('gives no more lanes than the memory budget holds, and at least one', () => {
    expect(sizePool({ cores: 8, memory: roomy, ...lane, maxMemoryMb: 550 + 2 * 300 }).workers).toBe(3);
    expect(sizePool({ cores: 8, memory: roomy, ...lane, maxMemoryMb: 549 + 300 }).workers).toBe(1);
    expect(sizePool({ cores: 8, memory: roomy, ...lane, maxMemoryMb: 100 }).workers).toBe(1);
  });

  it('fits the default budget to the machine: half its memory, at most 3/4 of what is available', () => {
    expect(defaultMemoryBudgetMb({ totalMb: 16_000, availableMb: 12_000 })).toBe(8000);
    expect(defaultMemoryBudgetMb({ totalMb: 16_000, availableMb: 1000 })).toBe(750);
    expect(sizePool({ cores: 4, memory: { totalMb: 16_000, availableMb: 1000 }, ...lane }).workers).toBe(1);
    expect(sizePool({ cores: 4, memory: { totalMb: 2000, availableMb: 1600 }, ...lane }).workers).toBe(2);
    expect(sizePool({ cores: 4, memory: { totalMb: 1500, availableMb: 1400 }, ...lane }).workers).toBe(1);
  });

  it('keeps explicit workers and threads, and fits auto workers to explicit threads', () => {
    expect(sizePool({ cores: 2, memory: roomy, ...lane, workers: 1 })).toMatchObject({ workers: 1, threads: 1 });
    expect(sizePool({ cores: 2, memory: roomy, ...lane, workers: 3, threads: 2 })).toMatchObject({ workers: 3, threads: 2 });
    expect(sizePool({ cores: 6, memory: roomy, ...lane, threads: 2 })).toMatchObject({ workers: 2, threads: 2 });
    expect(sizePool({ cores: 4, memory: roomy, ...lane, threads: 2 })).toMatchObject({ workers: 1, threads: 2 });
  });

  it('estimates a lane from the weights on disk, the first lane with the process around it', () => {
    expect(laneMemoryMb(110)).toBeGreaterThan(110);
    expect(firstLaneMemoryMb(110)).toBeGreaterThan(laneMemoryMb(110));
  });

  it('accepts workers as auto or an integer from 1 to 64, with an InputError naming the option otherwise', () => {
    expect(checkWorkers('auto')).toBe('auto');
    expect(checkWorkers(3)).toBe(3);
    expect(checkWorkers(undefined)).toBeUndefined();
    for (const bad of [0, 1.5, 65, 'two', null]) expect(() => checkWorkers(bad)).toThrow(expect.objectContaining({ code: 'INPUT', option: 'workers' }));
  });

  it('createPooledBackend checks workers with the same rule, without auto (it takes a count)', () => {
    const settings = { model: 'unused', allowRemote: false };
    for (const bad of [0, 1.5, 65, 'auto', undefined]) {
      expect(() => createPooledBackend({ settings, workers: bad as number })).toThrow(
        expect.objectContaining({ code: 'INPUT', option: 'workers', message: expect.stringMatching(/^Expected `workers` to be an integer from 1 to 64, got /) }),
      );
    }
    expect(() => checkWorkers(0)).toThrow(/^Expected `workers` to be 'auto' or an integer from 1 to 64, got 0\.$/);
  });
});
