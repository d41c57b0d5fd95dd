/** IBM Model 1: the EM iterations of Koehn's textbook example, and the top-k lists drawn from them. */
import { describe, expect, it } from 'vitest';
import { ibmModel1, NULL_SOURCE, topTargets } from '../../../../src/backend/transformers/shortlist/ibm1.js';

// Koehn, Statistical Machine Translation (2010), section 4.2: das Haus / das Buch / ein Buch
const [das, haus, buch, ein] = [1, 2, 3, 4];
const [the, house, book, a] = [11, 12, 13, 14];
const corpus = [
  { source: [das, haus], target: [the, house] },
  { source: [das, buch], target: [the, book] },
  { source: [ein, buch], target: [a, book] },
];

describe('ibmModel1', () => {
  it('matches the textbook after one iteration (no NULL word)', () => {
    const t = ibmModel1(corpus, { iterations: 1, nullWord: false });
    expect(t.get(das)!.get(the)).toBeCloseTo(0.5, 10);
    expect(t.get(das)!.get(house)).toBeCloseTo(0.25, 10);
    expect(t.get(das)!.get(book)).toBeCloseTo(0.25, 10);
    expect(t.get(buch)!.get(book)).toBeCloseTo(0.5, 10);
    expect(t.get(ein)!.get(a)).toBeCloseTo(0.5, 10);
    expect(t.get(haus)!.get(house)).toBeCloseTo(0.5, 10);
  });

  it('matches the textbook after two iterations', () => {
    const t = ibmModel1(corpus, { iterations: 2, nullWord: false });
    expect(t.get(das)!.get(the)).toBeCloseTo(0.6364, 4);
    expect(t.get(das)!.get(book)).toBeCloseTo(0.1818, 4);
    expect(t.get(buch)!.get(book)).toBeCloseTo(0.6364, 4);
    expect(t.get(buch)!.get(a)).toBeCloseTo(0.1818, 4);
    expect(t.get(ein)!.get(a)).toBeCloseTo(0.5714, 4);
    expect(t.get(haus)!.get(house)).toBeCloseTo(0.5714, 4);
  });

  it('converges towards the right words, each source row summing to 1, NULL included', () => {
    const t = ibmModel1(corpus, { iterations: 20 });
    for (const row of t.values()) expect([...row.values()].reduce((x, y) => x + y, 0)).toBeCloseTo(1, 10);
    expect(t.has(NULL_SOURCE)).toBe(true);
    const best = topTargets(t, 1);
    expect(best.get(das)).toEqual([the]);
    expect(best.get(buch)).toEqual([book]);
    expect(best.get(haus)).toEqual([house]);
    expect(best.get(ein)).toEqual([a]);
    expect(best.has(NULL_SOURCE)).toBe(false);
  });

  it('reports every iteration', () => {
    const seen: number[] = [];
    ibmModel1(corpus, { iterations: 3, onIteration: (i) => seen.push(i) });
    expect(seen).toEqual([1, 2, 3]);
  });
});
