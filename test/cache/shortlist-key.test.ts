/**
 * The translation cache knows a vocabulary shortlist by its content: the same table at another
 * path is served from the cache, a table changed in place is not.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTranslator, type CacheEntry, type TranslationCacheStore } from '../../src/index.js';
import { encodeShortlist, makeShortlist } from '../../src/backend/transformers/shortlist/table.js';
import { MARIAN_MEMO, MEMO_PAIRS } from '../helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-shortlist-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A list of every piece of the memo model's 1 001 (decoding is exact over it); `build` tells tables apart. */
const table = (build: number) => encodeShortlist(makeShortlist(1001, [], Array.from({ length: 1001 }, (_, i) => i), { build }));

describe('a shortlist in the cache key', () => {
  it('hits for the same table at another path and misses for a table changed at the same path', async () => {
    const file = path.join(dir, 'shortlist.bin');
    const copy = path.join(dir, 'copy.bin');
    writeFileSync(file, table(1));
    copyFileSync(file, copy);
    const map = new Map<string, CacheEntry>();
    const store: TranslationCacheStore = { get: (k) => map.get(k), set: (k, e) => void map.set(k, e) };
    const input = MEMO_PAIRS[2]!.fr;
    const cached = async (shortlist: string) => {
      const translator = createTranslator({ model: MARIAN_MEMO, allowRemote: false, cache: store, shortlist, workers: 1, repair: false });
      try {
        const result = await translator.translate(input);
        expect(result.text).toBe(MEMO_PAIRS[2]!.en);
        return result.sentences[0]!.cached === true;
      } finally {
        await translator.dispose();
      }
    };
    expect(await cached(file)).toBe(false);
    expect(await cached(copy)).toBe(true); // same bytes, other path
    writeFileSync(file, table(2)); // same path, other table
    expect(await cached(file)).toBe(false);
    expect(map.size).toBe(2);
  }, 120_000);
});
