/** Cache keys: equal for what decodes the same, different for anything that could change the output. */
import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson, glossaryScope, sharedSettingsKey, shortlistScope, type CacheScope } from '../../src/cache/index.js';

const scope: CacheScope = { provider: 'transformers.js', modelId: 'Xenova/opus-mt-fr-en', dtype: 'q8', settings: sharedSettingsKey({ beams: 4 }), glossary: '' };
const row = { input: 'Le chat dort.', maxNewTokens: 16, minNewTokens: 0 };

describe('canonicalJson', () => {
  it('ignores key order and undefined fields, writes out RegExps and Maps', () => {
    expect(canonicalJson({ b: 1, a: 2, c: undefined })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(canonicalJson(/ab+/gi)).not.toBe(canonicalJson(/ab+/g));
    expect(canonicalJson(new Map([['x', '1'], ['y', '2']]))).toBe(canonicalJson(new Map([['y', '2'], ['x', '1']])));
    expect(canonicalJson(new Map([['x', '1']]))).not.toBe(canonicalJson(new Map([['x', '2']])));
  });
});

describe('sharedSettingsKey', () => {
  it('keeps every shared decoding option and leaves out rows, signals and callbacks', () => {
    const base = { inputs: ['a'], maxNewTokens: [3], minNewTokens: [0], beams: 4 };
    expect(sharedSettingsKey({ ...base, signal: new AbortController().signal, onStep: () => {} })).toBe(sharedSettingsKey({ ...base, inputs: ['b'], maxNewTokens: [9] }));
    for (const extra of [{ lengthPenalty: 2 }, { earlyStopping: 'never' }, { noRepeatNgramSize: 3 }, { repetitionPenalty: 1.2 }, { alternatives: 2 }, { beams: 5 }]) {
      expect(sharedSettingsKey({ ...base, ...extra })).not.toBe(sharedSettingsKey(base));
    }
  });
});

describe('cacheKey', () => {
  it('is a stable hex digest', async () => {
    const key = await cacheKey(scope, row);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await cacheKey({ ...scope }, { ...row })).toBe(key);
  });

  it.each([
    ['provider', { ...scope, provider: 'fake' }, row],
    ['model', { ...scope, modelId: 'other/model' }, row],
    ['weights type', { ...scope, dtype: 'fp32' }, row],
    ['decoding settings', { ...scope, settings: sharedSettingsKey({ beams: 1 }) }, row],
    ['glossary', { ...scope, glossary: glossaryScope({ chat: 'cat' }, undefined) }, row],
    ['text (even one space)', scope, { ...row, input: 'Le chat dort. ' }],
    ['maxNewTokens', scope, { ...row, maxNewTokens: 17 }],
    ['minNewTokens', scope, { ...row, minNewTokens: 2 }],
    ['constraints', scope, { ...row, constraints: ['cat'] }],
    ['vocabulary shortlist', { ...scope, shortlist: 'models/opus-mt-fr-en/shortlist.bin' }, row],
  ])('changes with the %s', async (_what, s, r) => {
    expect(await cacheKey(s, r)).not.toBe(await cacheKey(scope, row));
  });
});

describe('cacheKey without a shortlist', () => {
  it('is the key of a scope that never had the field (entries over the full vocabulary stay valid)', async () => {
    expect(await cacheKey({ ...scope, shortlist: undefined }, row)).toBe(await cacheKey(scope, row));
    expect(await cacheKey({ ...scope, shortlist: 'a.bin' }, row)).not.toBe(await cacheKey({ ...scope, shortlist: 'b.bin' }, row));
  });
});

describe('shortlistScope', () => {
  it('is the content hash when the backend reports one, whatever the path; the path only without a hash', () => {
    const hash = 'ab'.repeat(32);
    expect(shortlistScope({ shortlist: '/a/shortlist.bin', shortlistSha256: hash })).toBe(shortlistScope({ shortlist: '/b/copy.bin', shortlistSha256: hash }));
    expect(shortlistScope({ shortlist: '/a/shortlist.bin', shortlistSha256: hash })).not.toBe(shortlistScope({ shortlist: '/a/shortlist.bin', shortlistSha256: 'cd'.repeat(32) }));
    expect(shortlistScope({ shortlist: '/a/shortlist.bin' })).toBe('/a/shortlist.bin');
    expect(shortlistScope({})).toBeUndefined();
  });
});

describe('glossaryScope', () => {
  it('is empty without a glossary, and the same for the same terms in any order', () => {
    expect(glossaryScope(undefined, undefined)).toBe('');
    expect(glossaryScope({ chat: 'cat', chien: 'dog' }, undefined)).toBe(glossaryScope({ chien: 'dog', chat: 'cat' }, undefined));
    expect(glossaryScope(undefined, ['OTAN', /\d+/])).not.toBe(glossaryScope(undefined, ['OTAN', /\d+/g]));
    expect(glossaryScope({ chat: 'cat' }, undefined)).not.toBe(glossaryScope({ chat: 'kitty' }, undefined));
  });
});
