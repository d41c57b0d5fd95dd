/**
 * Constraint tracking of the beam search: the state a token sequence reaches says a constraint
 * is met exactly when the sequence contains its tokens as a contiguous run (checked against a
 * plain substring search over random sequences), and dynamic beam allocation deals slots over
 * the banks.
 */
import { describe, expect, it } from 'vitest';
import { allocateBanks } from '../../../src/backend/transformers/beam.js';
import { advance, allMet, containsRun, initialState, progressTokens, stateOf, unmetIndexes } from '../../../src/backend/transformers/constraints.js';

/** A small deterministic generator (mulberry32), so failures reproduce. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('constraint state', () => {
  it('meets a constraint exactly when the sequence contains its run (10 000 random sequences, self-overlapping runs included)', () => {
    const next = random(7);
    // tokens disjoint between constraints (the search places constraints side by side, never overlapping)
    const sets = [[[1, 1, 2]], [[1, 2, 1, 2, 3]], [[3], [4, 5]], [[1, 1, 1], [2, 3, 2]]];
    for (const constraints of sets) {
      for (let k = 0; k < 2500; k++) {
        const tokens = Array.from({ length: 1 + Math.floor(next() * 12) }, () => 1 + Math.floor(next() * 5));
        const state = stateOf(constraints, tokens);
        const expected = constraints.map((c) => containsRun(tokens, c));
        expect(state.met).toEqual(expected);
        expect(unmetIndexes(state)).toEqual(expected.flatMap((m, i) => (m ? [] : [i])));
      }
    }
  });

  it('counts written constraint tokens as the bank, drops abandoned progress, and offers the tokens that advance', () => {
    const constraints = [[5, 6, 7], [9]];
    let s = initialState(constraints);
    expect(progressTokens(constraints, s).sort()).toEqual([5, 9]);
    s = advance(constraints, s, 5);
    expect([s.current, s.progress, s.bank]).toEqual([0, 1, 1]);
    expect(progressTokens(constraints, s)).toEqual([6]);
    s = advance(constraints, s, 8); // abandons
    expect([s.current, s.bank]).toEqual([-1, 0]);
    s = advance(constraints, s, 9);
    expect(s.bank).toBe(1);
    expect(allMet(s)).toBe(false);
    for (const t of [5, 6]) s = advance(constraints, s, t);
    expect(allMet(s)).toBe(false); // half-written: the end token is still banned
    s = advance(constraints, s, 7);
    expect(allMet(s)).toBe(true);
    expect(s.bank).toBe(4);
    expect(allMet(initialState([]))).toBe(true);
  });
});

describe('dynamic beam allocation', () => {
  it('deals the slots round-robin from the fullest bank down, best first, and hands unused slots on', () => {
    const c = (sum: number, bank: number) => ({ sum, bank });
    const candidates = [c(-1, 0), c(-2, 0), c(-3, 0), c(-4, 0), c(-9, 2), c(-5, 1), c(-6, 1)];
    expect(allocateBanks(candidates, 3)).toEqual([c(-1, 0), c(-5, 1), c(-9, 2)]);
    expect(allocateBanks(candidates, 5)).toEqual([c(-1, 0), c(-2, 0), c(-5, 1), c(-6, 1), c(-9, 2)]);
    expect(allocateBanks(candidates, 6)).toEqual([c(-1, 0), c(-2, 0), c(-3, 0), c(-5, 1), c(-6, 1), c(-9, 2)]);
    expect(allocateBanks(candidates, 20)).toHaveLength(7);
  });
});
