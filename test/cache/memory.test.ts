/** The in-memory store: bounded by entries and by bytes, least recently used out first. */
import { describe, expect, it } from 'vitest';
import { createMemoryCacheStore, InputError, MEMORY_CACHE_DEFAULTS, type CacheEntry } from '../../src/index.js';

const entry = (text: string): CacheEntry => ({ text, tokens: 1, finished: true, score: -0.2 });

describe('createMemoryCacheStore', () => {
  it('gives back what was set, as a copy', () => {
    const store = createMemoryCacheStore();
    const e = { ...entry('hello'), alternatives: [{ text: 'hi', score: -1, tokens: 1 }] };
    store.set('k', e);
    const got = store.get('k') as CacheEntry;
    expect(got).toEqual(e);
    got.alternatives![0]!.text = 'changed';
    expect((store.get('k') as CacheEntry).alternatives![0]!.text).toBe('hi');
    expect(store.get('missing')).toBeUndefined();
  });

  it('evicts the least recently used entry past maxEntries', () => {
    const store = createMemoryCacheStore({ maxEntries: 2 });
    store.set('a', entry('A'));
    store.set('b', entry('B'));
    store.get('a'); // a is now more recent than b
    store.set('c', entry('C'));
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBeDefined();
    expect(store.get('c')).toBeDefined();
    expect(store.stats()).toMatchObject({ entries: 2, maxEntries: 2 });
  });

  it('evicts past maxBytes and never holds more', () => {
    const store = createMemoryCacheStore({ maxBytes: 2000 });
    for (let i = 0; i < 100; i++) store.set(`key-${i}`, entry('x'.repeat(100)));
    const stats = store.stats() as { bytes: number; entries: number };
    expect(stats.bytes).toBeLessThanOrEqual(2000);
    expect(stats.entries).toBeGreaterThan(0);
    expect(store.get('key-99')).toBeDefined();
    expect(store.get('key-0')).toBeUndefined();
  });

  it('does not keep an entry larger than maxBytes', () => {
    const store = createMemoryCacheStore({ maxBytes: 500 });
    store.set('big', entry('x'.repeat(1000)));
    expect(store.get('big')).toBeUndefined();
    expect(store.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('counts hits and misses, and clear() empties it', () => {
    const store = createMemoryCacheStore();
    store.set('a', entry('A'));
    store.get('a');
    store.get('b');
    expect(store.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1, ...MEMORY_CACHE_DEFAULTS });
    store.clear();
    expect(store.get('a')).toBeUndefined();
    expect(store.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('rejects bad bounds with InputError', () => {
    expect(() => createMemoryCacheStore({ maxEntries: 0 })).toThrow(InputError);
    expect(() => createMemoryCacheStore({ maxBytes: 1.5 })).toThrow(/`maxBytes`/);
  });
});
