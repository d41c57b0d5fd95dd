/**
 * The token-budget module on a fake counter (one token per word, plus one end token), so the
 * limits are exact and no model is needed.
 */
import { describe, expect, it } from 'vitest';
import { packToLimit, splitToLimit, type TokenCounter } from '../../src/text/budget.js';

const words = (t: string) => t.split(/\s+/u).filter(Boolean).length;
const count: TokenCounter = async (texts) => texts.map((t) => words(t) + 1);
/** Every non-space character, in order. */
const ink = (texts: readonly string[]) => texts.join('').replace(/\s+/gu, '');

describe('splitToLimit', () => {
  it('returns a text that fits as it is', async () => {
    expect(await splitToLimit('Le chat dort.', 10, count)).toEqual(['Le chat dort.']);
  });

  it('cuts at clause boundaries first', async () => {
    const text = 'un deux trois quatre, cinq six sept huit; neuf dix onze douze.';
    const pieces = await splitToLimit(text, 6, count);
    expect(pieces).toEqual(['un deux trois quatre,', 'cinq six sept huit;', 'neuf dix onze douze.']);
  });

  it('cuts between words when a clause is still too long, every piece under the limit, nothing lost', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `mot${i}`).join(' ');
    const pieces = await splitToLimit(text, 8, count);
    expect(pieces.length).toBeGreaterThan(1);
    for (const n of await count(pieces)) expect(n).toBeLessThanOrEqual(8);
    expect(ink(pieces)).toBe(ink([text]));
  });

  it('cuts a run with no space between characters', async () => {
    const perChar: TokenCounter = async (texts) => texts.map((t) => Array.from(t).length + 1);
    const text = 'x'.repeat(25);
    const pieces = await splitToLimit(text, 6, perChar);
    for (const n of await perChar(pieces)) expect(n).toBeLessThanOrEqual(6);
    expect(pieces.join('')).toBe(text);
  });
});

describe('packToLimit', () => {
  it('packs sentences in order into chunks under the limit', async () => {
    const sentences = ['un deux trois.', 'quatre cinq.', 'six sept huit neuf.', 'dix.'];
    const chunks = await packToLimit(sentences, 8, count);
    expect(chunks).toEqual(['un deux trois. quatre cinq.', 'six sept huit neuf. dix.']);
    for (const n of await count(chunks)) expect(n).toBeLessThanOrEqual(8);
  });

  it('splits a sentence over the limit before packing, losing nothing', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `m${i}`).join(' ');
    const chunks = await packToLimit(['Court.', long, 'Fin.'], 10, count);
    for (const n of await count(chunks)) expect(n).toBeLessThanOrEqual(10);
    expect(ink(chunks)).toBe(ink(['Court.', long, 'Fin.']));
  });

  it('gives one chunk for text that fits and none for no sentences', async () => {
    expect(await packToLimit(['Un.', 'Deux.'], 100, count)).toEqual(['Un. Deux.']);
    expect(await packToLimit([], 100, count)).toEqual([]);
  });
});
