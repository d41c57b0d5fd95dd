import { describe, expect, it } from 'vitest';
import { memoizePromise } from '../../src/util/memoize.js';

describe('memoizePromise', () => {
  it('runs once for concurrent and later callers', async () => {
    let runs = 0;
    const get = memoizePromise(async () => ++runs);
    expect(await Promise.all([get(), get()])).toEqual([1, 1]);
    expect(await get()).toBe(1);
    expect(runs).toBe(1);
  });

  it('forgets a failure so that the next call tries again, and forgets on clear()', async () => {
    let runs = 0;
    const get = memoizePromise(async () => {
      runs++;
      if (runs === 1) throw new Error('first load fails');
      return runs;
    });
    await expect(get()).rejects.toThrow('first load fails');
    expect(await get()).toBe(2);
    get.clear();
    expect(await get()).toBe(3);
  });
});
