/** The shortlist file: round trip, refusal of what is not a shortlist, and the per-sentence list. */
import { describe, expect, it } from 'vitest';
import { decodeShortlist, encodeShortlist, makeShortlist, sentenceList, ShortlistFormatError } from '../../../../src/backend/transformers/shortlist/table.js';

const table = makeShortlist(20, [[3, 4], [], [5]], [9, 8], { model: 'x', k: 2 });

describe('shortlist file', () => {
  it('round-trips', () => {
    const back = decodeShortlist(encodeShortlist(table));
    expect(back.vocabSize).toBe(20);
    expect([...back.frequent]).toEqual([9, 8]);
    expect([...back.offsets]).toEqual([0, 2, 2, 3]);
    expect([...back.targets]).toEqual([3, 4, 5]);
    expect(back.meta).toEqual({ model: 'x', k: 2 });
  });

  it.each([
    ['another magic', (b: Uint8Array) => b.set([65], 0), /magic/],
    ['another version', (b: Uint8Array) => new DataView(b.buffer).setUint32(8, 99, true), /version 99/],
    ['a cut file', (b: Uint8Array) => b.subarray(0, b.length - 4), /bytes/],
    ['an id outside the vocabulary', (b: Uint8Array) => new DataView(b.buffer).setUint32(b.length - 4, 20, true), /outside/],
  ])('refuses %s', (_, damage, message) => {
    const bytes = encodeShortlist(table);
    const damaged = damage(bytes) ?? bytes;
    expect(() => decodeShortlist(damaged)).toThrow(ShortlistFormatError);
    expect(() => decodeShortlist(damaged)).toThrow(message);
  });

  it('refuses to make a table with an id outside the vocabulary', () => {
    expect(() => makeShortlist(5, [[5]], [])).toThrow(ShortlistFormatError);
  });
});

describe('sentenceList', () => {
  it('unites the listed, frequent, copied and always-allowed ids, sorted and unique', () => {
    expect([...sentenceList(table, [0, 2, 2], [1, 0])]).toEqual([0, 1, 2, 3, 4, 5, 8, 9]);
  });
  it('ignores source ids beyond the table and ids outside the vocabulary', () => {
    expect([...sentenceList(table, [17, 30], [25])]).toEqual([8, 9, 17]);
  });
});
