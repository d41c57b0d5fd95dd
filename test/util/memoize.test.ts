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

  it('tells whether a call has started and not failed', async () => {
    let fail = true;
    const get = memoizePromise(async () => {
      if (fail) throw new Error('no');
      return 'ok';
    });
    expect(get.started()).toBe(false);
    const first = get();
    expect(get.started()).toBe(true);
    await expect(first).rejects.toThrow('no');
    expect(get.started()).toBe(false);
    fail = false;
    await get();
    expect(get.started()).toBe(true);
  });

  it('a failure of a call cleared meanwhile does not forget the newer call', async () => {
    let runs = 0;
    let failFirst!: (e: Error) => void;
    const get = memoizePromise(() => (++runs === 1 ? new Promise<number>((_, reject) => (failFirst = reject)) : Promise.resolve(runs)));
    const first = get();
    get.clear();
    const second = get();
    failFirst(new Error('late failure'));
    await expect(first).rejects.toThrow('late failure');
    expect(get()).toBe(second);
    expect(runs).toBe(2);
  });
});
