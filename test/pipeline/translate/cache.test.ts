/**
 * The translator's cache: a sentence seen before costs no model call and comes back exactly as a
 * fresh translation would (text, score, truncation warning); anything that could change the
 * output (model, decoding settings, budgets) misses; a failing store never fails a translation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator, InputError, type CacheEntry, type TranslationCacheStore, type TranslationResult } from '../../../src/index.js';
import { encodeShortlist, makeShortlist } from '../../../src/backend/transformers/shortlist/table.js';
import { createFakeBackend } from '../../../src/testing/index.js';
import { MARIAN_MEMO, MEMO_PAIRS } from '../../helpers.js';

const DOC = 'Le chat dort sur le canapé. Il fait beau à Paris ce matin. Le gouvernement a annoncé des mesures.';

/** A result without what differs between a fresh and a cached run by design. */
const comparable = (r: TranslationResult) => ({
  text: r.text,
  sentences: r.sentences.map(({ cached: _cached, ...s }) => s),
  warnings: r.warnings,
});

/** A store over a Map, asynchronous like a remote one. */
function mapStore(): TranslationCacheStore & { map: Map<string, CacheEntry> } {
  const map = new Map<string, CacheEntry>();
  return { map, get: async (k) => map.get(k), set: async (k, e) => void map.set(k, e) };
}

describe('a repeated sentence', () => {
  it('costs no model call the second time, and is marked cached', async () => {
    const backend = createFakeBackend();
    const translator = createTranslator({ backend, cache: true });
    const first = await translator.translate(DOC);
    const calls = backend.calls.length;
    expect(calls).toBeGreaterThan(0);
    expect(first.usage.cacheHits).toBe(0);
    expect(first.sentences.some((s) => s.cached)).toBe(false);
    const second = await translator.translate(DOC);
    expect(backend.calls.length).toBe(calls);
    expect(second.sentences.map((s) => s.cached)).toEqual([true, true, true]);
    expect(second.usage.cacheHits).toBe(3);
    expect(second.usage.outputTokens).toBe(0);
    expect(second.usage.steps).toBe(0);
    expect(second.usage.batches).toBe(0);
    expect(first.usage.batches).toBe(calls);
    await translator.dispose();
  });

  it('comes back equal to a fresh translation, score included (beam search)', async () => {
    const cached = createTranslator({ backend: createFakeBackend(), cache: true, beams: 4 });
    const fresh = createTranslator({ backend: createFakeBackend(), beams: 4 });
    await cached.translate(DOC);
    const again = await cached.translate(DOC);
    const reference = await fresh.translate(DOC);
    expect(again.sentences.every((s) => s.cached && s.score !== undefined)).toBe(true);
    expect(comparable(again)).toEqual(comparable(reference));
  });

  it('is found inside another document: the cache is per sentence', async () => {
    const backend = createFakeBackend();
    const translator = createTranslator({ backend, cache: true });
    await translator.translate('Le chat dort sur le canapé.');
    const before = backend.calls.length;
    const result = await translator.translate(DOC);
    expect(result.sentences.map((s) => Boolean(s.cached))).toEqual([true, false, false]);
    expect(backend.calls.slice(before).flatMap((c) => c.inputs)).toEqual(['Il fait beau à Paris ce matin.', 'Le gouvernement a annoncé des mesures.']);
  });

  it('keeps its truncation warning when it comes from the cache', async () => {
    const translator = createTranslator({ backend: createFakeBackend(), cache: true, repair: false }); // the first pass's cache is the subject
    const options = { generation: { maxNewTokens: 2 } };
    const first = await translator.translate('Le chat dort sur le canapé.', options);
    const second = await translator.translate('Le chat dort sur le canapé.', options);
    expect(second.sentences[0]!.cached).toBe(true);
    expect(first.warnings.map((w) => w.code)).toContain('output-truncated');
    expect(comparable(second)).toEqual(comparable(first));
  });

  it('split into pieces (over the model limit) is cached piece by piece', async () => {
    const long = `Le ${Array.from({ length: 30 }, (_, i) => `mot${i}`).join(' ')} finit ici.`;
    const backend = createFakeBackend({ maxInputTokens: 12 });
    const translator = createTranslator({ backend, cache: true });
    const first = await translator.translate(long);
    expect(first.warnings.map((w) => w.code)).toContain('sentence-split');
    const calls = backend.calls.length;
    const second = await translator.translate(long);
    expect(backend.calls.length).toBe(calls);
    expect(second.sentences[0]!.cached).toBe(true);
    expect(second.usage.cacheHits).toBe(first.usage.pieces);
    expect(comparable(second)).toEqual(comparable(first));
  });
});

describe('what misses', () => {
  it.each([
    ['beams', { generation: { beams: 2 } }],
    ['lengthPenalty', { generation: { beams: 4, lengthPenalty: 2 } }],
    ['earlyStopping', { generation: { beams: 4, earlyStopping: true } }],
    ['maxNewTokens', { generation: { maxNewTokens: 3 } }],
    ['minNewTokens', { generation: { minNewTokens: 9 } }],
  ] as const)('a different %s translates again', async (_name, options) => {
    const backend = createFakeBackend();
    const translator = createTranslator({ backend, cache: true, beams: 4 });
    await translator.translate('Le chat dort sur le canapé.');
    const before = backend.calls.length;
    const result = await translator.translate('Le chat dort sur le canapé.', options);
    expect(backend.calls.length).toBe(before + 1);
    expect(result.sentences[0]!.cached).toBeUndefined();
    // and the new settings are cached in their own right
    await translator.translate('Le chat dort sur le canapé.', options);
    expect(backend.calls.length).toBe(before + 1);
  });

  it('another model sharing the store translates again', async () => {
    const store = mapStore();
    const a = createFakeBackend({ modelId: 'model-a' });
    const b = createFakeBackend({ modelId: 'model-b', transform: (s) => `B ${s}` });
    await createTranslator({ backend: a, cache: store }).translate('Le chat dort.');
    const result = await createTranslator({ backend: b, cache: store }).translate('Le chat dort.');
    expect(b.calls).toHaveLength(1);
    expect(result.text).toBe('B Le chat dort.');
    expect(store.map.size).toBe(2);
  });

  it('a sentence not sent to the model is not cached (blank items, passed-through input)', async () => {
    const store = mapStore();
    const translator = createTranslator({ backend: createFakeBackend(), cache: store });
    await translator.translate(['', '   ']);
    await translator.translate('This is plainly English text about the weather.', { onNonFrench: 'skip' });
    expect(store.map.size).toBe(0);
  });
});

describe('a store of your own', () => {
  it('is read and written through `get` and `set`, asynchronously', async () => {
    const store = mapStore();
    const backend = createFakeBackend();
    const one = createTranslator({ backend, cache: store });
    await one.translate(DOC);
    expect(store.map.size).toBe(3);
    // a second translator (another process, say) with the same store and model
    const other = createFakeBackend();
    const result = await createTranslator({ backend: other, cache: store }).translate(DOC);
    expect(other.calls).toHaveLength(0);
    expect(result.usage.cacheHits).toBe(3);
  });

  it('that fails is skipped with a cache-error warning; the translation is still whole', async () => {
    const broken: TranslationCacheStore = {
      get: () => {
        throw new Error('disk on fire');
      },
      set: async () => {
        throw new Error('disk on fire');
      },
    };
    const result = await createTranslator({ backend: createFakeBackend(), cache: broken }).translate(DOC);
    expect(result.sentences.map((s) => s.translation)).toEqual(result.sentences.map((s) => s.source.toUpperCase()));
    expect(result.warnings.filter((w) => w.code === 'cache-error')).toHaveLength(1);
    expect(result.warnings[0]!.message).toContain('disk on fire');
  });

  it('whose entries are malformed is treated as empty', async () => {
    const junk: TranslationCacheStore = { get: () => ({ text: 42 }) as unknown as CacheEntry, set: () => {} };
    const backend = createFakeBackend();
    const result = await createTranslator({ backend, cache: junk }).translate('Le chat dort.');
    expect(result.text).toBe('LE CHAT DORT.');
    expect(backend.calls).toHaveLength(1);
  });

  it('must have get and set', () => {
    expect(() => createTranslator({ backend: createFakeBackend(), cache: {} as never })).toThrow(InputError);
    expect(() => createTranslator({ backend: createFakeBackend(), cache: 'yes' as never })).toThrow(/`cache`/);
  });
});

describe('without a cache (the default)', () => {
  it('translates every time and marks nothing', async () => {
    const backend = createFakeBackend();
    const translator = createTranslator({ backend });
    await translator.translate('Le chat dort.');
    const second = await translator.translate('Le chat dort.');
    expect(backend.calls).toHaveLength(2);
    expect(second.sentences[0]!.cached).toBeUndefined();
    expect(second.usage.cacheHits).toBe(0);
  });
});

describe('a vocabulary shortlist', () => {
  it('is part of the key: a translation made over the full vocabulary is not served to a shortlisted model', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fr2en-cache-shortlist-'));
    const file = path.join(dir, 'every.bin');
    writeFileSync(file, encodeShortlist(makeShortlist(1001, [], Array.from({ length: 1001 }, (_, i) => i))));
    const store = mapStore();
    const make = (shortlist: string | false) => createTranslator({ model: MARIAN_MEMO, cache: store, shortlist, workers: 1 });
    const [full, again, listed] = [make(false), make(false), make(file)];
    try {
      const input = MEMO_PAIRS[1]!.fr;
      expect((await full.translate(input)).sentences[0]!.cached).toBeFalsy();
      // the same settings hit (the store works), the shortlisted model misses
      expect((await again.translate(input)).sentences[0]!.cached).toBe(true);
      const shortlisted = await listed.translate(input);
      expect(shortlisted.sentences[0]!.cached).toBeFalsy();
      expect(shortlisted.text).toBe(MEMO_PAIRS[1]!.en);
      expect(store.map.size).toBe(2);
    } finally {
      await Promise.all([full, again, listed].map((t) => t.dispose()));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
