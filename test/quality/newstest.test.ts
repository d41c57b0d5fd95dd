/**
 * The checker on newstest2013's held-out half (odd lines; the constants were fitted on the even
 * lines): few flags on human translations, most seeded corruptions caught. The same measurement
 * as `npx tsx scripts/diagnostics/measure-quality.ts`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTranslation } from '../../src/quality/index.js';
import { hasNewstest, loadNewstest, NEWSTEST_DIR } from '../../scripts/lib/newstest.js';
import { measureQuality, type QualityReport } from '../../scripts/lib/quality-measure.js';
import { CORRUPTION_KINDS, corruptAll } from '../../scripts/lib/quality-corruptions.js';
import { fitQualityConstants } from '../../scripts/lib/quality-calibration.js';
import { fitLexicon, lexiconModule, serializeLexicon } from '../../scripts/lib/quality-lexicon.js';
import { LENGTH_MODEL, UNTRANSLATED } from '../../src/quality/calibration.js';

describe('checkTranslation on newstest2013 (held-out half)', () => {
  it(`finds the data in ${NEWSTEST_DIR} (set FR2EN_NEWSTEST_DIR to move it)`, () => {
    expect(hasNewstest()).toBe(true);
  });

  let report: QualityReport | undefined;
  const measured = () => (report ??= measureQuality(loadNewstest('test'), checkTranslation));

  it('flags at most 5 % of the human pairs', () => {
    const { pairs, flagged } = measured().human;
    expect(pairs).toBeGreaterThan(1400);
    expect(flagged / pairs).toBeLessThanOrEqual(0.05);
  });

  it('catches at least 90 % of the corruptions', () => {
    const { total, caught } = measured().corrupted;
    expect(total).toBeGreaterThan(5000);
    expect(caught / total).toBeGreaterThanOrEqual(0.9);
  });

  /**
   * The target is 80 % of each kind. An invented clause of 6–12 words is not met (77 % on this
   * half): human translations' lengths vary as much as such a clause adds, and weighing the length
   * by the words the source does not support (a lexicon fitted on 1 500 pairs) catches only part of
   * the rest, as human translators add unsupported words too (see docs/guide/trust.md).
   */
  const FLOOR: Partial<Record<(typeof CORRUPTION_KINDS)[number], number>> = { 'clause-invented': 0.75 };

  it.each(CORRUPTION_KINDS)('catches its share of %s (80 per cent unless stated)', (kind) => {
    const k = measured().corrupted.byKind[kind];
    expect(k.total).toBeGreaterThan(100);
    expect(k.caught / k.total).toBeGreaterThanOrEqual(FLOOR[kind] ?? 0.8);
  });

  it('the committed constants are the ones the calibration half fits (scripts/diagnostics/calibrate-quality.ts)', { timeout: 120_000 }, () => {
    const fit = fitQualityConstants(loadNewstest('calibration'));
    expect(fit.lengthModel).toEqual(LENGTH_MODEL);
    expect(fit.untranslated).toEqual(UNTRANSLATED);
  });

  it('the committed lexicon is the one the calibration half fits (scripts/build/quality-lexicon.ts)', { timeout: 120_000 }, () => {
    const pairs = loadNewstest('calibration');
    expect(readFileSync(new URL('../../src/quality/lexicon-data.ts', import.meta.url), 'utf8')).toBe(lexiconModule(serializeLexicon(fitLexicon(pairs)), pairs.length));
  });

  it('corrupts deterministically for a seed, and differently for another', () => {
    const pairs = loadNewstest('test').slice(0, 200);
    expect(corruptAll(pairs, 7)).toEqual(corruptAll(pairs, 7));
    expect(corruptAll(pairs, 7).map((c) => c.en)).not.toEqual(corruptAll(pairs, 8).map((c) => c.en));
  });
});
