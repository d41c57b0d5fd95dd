/**
 * The translation planner on a fake token counter: windows, pieces, budgets and batches
 * without a model.
 */
import { describe, expect, it } from 'vitest';
import { planWindow, planWindows, resolveBudget, type PlanSettings } from '../../../src/pipeline/translate/plan.js';
import type { TokenCounter } from '../../../src/text/budget.js';

const count: TokenCounter = async (texts) => texts.map((t) => t.split(/\s+/u).filter(Boolean).length + 1);
const settings: PlanSettings = { limit: 6, outCap: 20, batchSize: 2, maxBatchTokens: 100 };

describe('planWindows', () => {
  it('covers every sentence once, in windows of at least 64 and at least 4 batches', () => {
    expect(planWindows(0, 8)).toEqual([]);
    expect(planWindows(10, 8)).toEqual([[0, 10]]);
    expect(planWindows(130, 8)).toEqual([[0, 64], [64, 128], [128, 130]]);
    expect(planWindows(250, 32)).toEqual([[0, 128], [128, 250]]);
  });
});

describe('resolveBudget', () => {
  it('takes a number, a function of the source tokens, or the fallback; rounds and floors at 0', () => {
    expect(resolveBudget(undefined, 10, 25)).toBe(25);
    expect(resolveBudget(7, 10, 25)).toBe(7);
    expect(resolveBudget((n) => n * 1.26, 10, 25)).toBe(13);
    expect(resolveBudget(() => Number.NaN, 10, 25)).toBe(25);
    expect(resolveBudget(-3, 10, 25)).toBe(0);
  });
});

describe('planWindow', () => {
  it('gives one piece per sentence that fits, with default budgets (1.5 n + 10, capped)', async () => {
    const plan = await planWindow(['Le chat dort.', 'Il pleut.'], 0, 2, settings, count);
    expect(plan.pieces.map((p) => [p.unit, p.text, p.tokens])).toEqual([
      [0, 'Le chat dort.', 4],
      [1, 'Il pleut.', 3],
    ]);
    expect(plan.pieces.map((p) => p.maxNewTokens)).toEqual([16, 15]);
    expect(plan.pieces.map((p) => p.minNewTokens)).toEqual([0, 0]);
    expect(plan.piecesOf).toEqual([[0], [1]]);
    expect(plan.inputTokens).toBe(7);
    expect(plan.warnings.size).toBe(0);
  });

  it('splits a sentence over the limit into pieces and warns sentence-split for it', async () => {
    const long = 'un deux trois, quatre cinq six, sept huit neuf.';
    const plan = await planWindow(['Court.', long], 0, 2, settings, count);
    expect(plan.piecesOf[0]).toEqual([0]);
    expect(plan.piecesOf[1]!.length).toBeGreaterThan(1);
    for (const p of plan.pieces) expect(p.tokens).toBeLessThanOrEqual(settings.limit);
    expect(plan.warnings.get(1)?.map((w) => w.code)).toEqual(['sentence-split']);
  });

  it('gives blank items no piece', async () => {
    const plan = await planWindow(['Un.', '  ', 'Deux.'], 0, 3, settings, count);
    expect(plan.piecesOf).toEqual([[0], [], [1]]);
  });

  it('batches pieces under batchSize, every piece in exactly one batch', async () => {
    const sources = Array.from({ length: 7 }, (_, i) => `Phrase numéro ${i}.`);
    const plan = await planWindow(sources, 0, 7, settings, count);
    expect(plan.batches.every((b) => b.length <= 2)).toBe(true);
    expect(plan.batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('keeps minNewTokens at most maxNewTokens and every budget within the output cap', async () => {
    const plan = await planWindow(['a b c d e'], 0, 1, { ...settings, outCap: 5, maxNewTokens: 50, minNewTokens: 40 }, count);
    expect(plan.pieces[0]!.maxNewTokens).toBe(5);
    expect(plan.pieces[0]!.minNewTokens).toBe(5);
  });

  it('plans a window of a longer document with document indices', async () => {
    const plan = await planWindow(['A.', 'B c.', 'D e f.'], 1, 3, settings, count);
    expect(plan.pieces.map((p) => p.unit)).toEqual([1, 2]);
    expect(plan.piecesOf).toEqual([[0], [1]]);
  });
});
