/**
 * The persistent store: a SQLite file that survives the process, stays whole when two processes
 * write at once, keeps within its bounds, and reports and clears what it holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { MissingDependencyError, openTranslationCache, PERSISTENT_CACHE_DEFAULTS, translationCacheFile, type CacheEntry } from '../../src/index.js';
import { runScript } from '../helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const entry = (text: string): CacheEntry => ({ text, tokens: 2, finished: false, score: -0.75, alternatives: [{ text: `${text}!`, score: -1, tokens: 3 }] });

describe('openTranslationCache', () => {
  it('lives beside the model store by default', () => {
    expect(translationCacheFile('/x/store')).toBe(path.join('/x/store', 'cache', 'translations.sqlite'));
  });

  it('keeps entries exactly, across close and reopen', async () => {
    const file = path.join(dir, 'reopen.sqlite');
    const a = await openTranslationCache({ file });
    a.set('k', entry('hello'));
    await a.close();
    const b = await openTranslationCache({ file });
    expect(await b.get('k')).toEqual(entry('hello'));
    expect(await b.get('other')).toBeUndefined();
    await b.close();
  });

  it('serves a translation made by another process: the second process calls no model', async () => {
    const file = path.join(dir, 'translate.sqlite');
    const text = 'Le chat dort sur le canapé. Il fait beau à Paris.';
    const first = await runScript('test/cache/cache-process.ts', ['translate', file, text]);
    expect(first.code, first.stderr).toBe(0);
    const second = await runScript('test/cache/cache-process.ts', ['translate', file, text]);
    expect(second.code, second.stderr).toBe(0);
    const [one, two] = [JSON.parse(first.stdout), JSON.parse(second.stdout)];
    expect(one).toMatchObject({ cached: [false, false] });
    expect(one.calls).toBeGreaterThan(0);
    expect(two).toEqual({ calls: 0, cached: [true, true], text: one.text });
  });

  it('stays whole when two processes write at once', async () => {
    const file = path.join(dir, 'two.sqlite');
    const count = 1500;
    const [a, b] = await Promise.all([
      runScript('test/cache/cache-process.ts', ['write', file, 'a', String(count), 'b']),
      runScript('test/cache/cache-process.ts', ['write', file, 'b', String(count), 'a']),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const store = await openTranslationCache({ file });
    const stats = await store.stats();
    expect(stats.entries).toBe(2 * count + count / 10);
    for (const i of [0, 1, 777, count - 1]) {
      expect(await store.get(`a-${i}`)).toEqual({ text: `a ${i}`, tokens: i, finished: true, score: -(i + 1) / 10 });
      expect(await store.get(`b-${i}`)).toEqual({ text: `b ${i}`, tokens: i, finished: true, score: -(i + 1) / 10 });
    }
    expect(await store.get('shared-3')).toEqual({ text: 'shared 3', tokens: 1, finished: true });
    await store.close();
    // SQLite's own consistency check of the file
    const Database = (await import('better-sqlite3' as string)).default as new (f: string) => { pragma(s: string): unknown; close(): void };
    const db = new Database(file);
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    db.close();
  }, 120_000);

  it('evicts the least recently used entries past maxEntries', async () => {
    const file = path.join(dir, 'bounded.sqlite');
    const store = await openTranslationCache({ file, maxEntries: 50 });
    for (let i = 0; i < 300; i++) store.set(`k${i}`, entry(`v${i}`));
    await store.close();
    const again = await openTranslationCache({ file, maxEntries: 50 });
    const stats = await again.stats();
    expect(stats.entries).toBeLessThanOrEqual(50);
    expect(stats.entries).toBeGreaterThan(0);
    expect(await again.get('k299')).toEqual(entry('v299'));
    expect(await again.get('k0')).toBeUndefined();
    await again.close();
  });

  it('reports hits, misses and size across opens, and clear() empties it', async () => {
    const file = path.join(dir, 'stats.sqlite');
    const store = await openTranslationCache({ file });
    store.set('a', entry('A'));
    store.get('a');
    store.get('nope');
    await store.close();
    const again = await openTranslationCache({ file });
    again.get('a');
    expect(await again.stats()).toMatchObject({ entries: 1, hits: 2, misses: 1, ...PERSISTENT_CACHE_DEFAULTS });
    expect((await again.stats()).bytes).toBeGreaterThan(0);
    await again.clear();
    expect(await again.stats()).toMatchObject({ entries: 0, bytes: 0, hits: 0, misses: 0 });
    await again.close();
    expect(() => again.get('a')).toThrow(/closed/);
  });
});

describe('without better-sqlite3', () => {
  it('rejects with MissingDependencyError naming the package to install', async () => {
    vi.resetModules();
    vi.doMock('better-sqlite3', () => {
      throw new Error('Cannot find module');
    });
    const { openTranslationCache: open } = await import('../../src/cache/sqlite.js');
    const error = await open({ file: path.join(dir, 'none.sqlite') }).catch((e: unknown) => e);
    vi.doUnmock('better-sqlite3');
    expect(MissingDependencyError.isInstance(error)).toBe(true);
    expect((error as MissingDependencyError).dependency).toBe('better-sqlite3');
    expect((error as Error).message).toContain('npm install better-sqlite3');
  });
});
