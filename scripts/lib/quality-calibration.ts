/**
 * Fits the quality checker's constants on human translation pairs (the calibration half of
 * newstest2013): used by scripts/diagnostics/calibrate-quality.ts, which writes them to
 * src/quality/calibration.ts, and by test/quality/newstest.test.ts, which checks that the
 * committed constants are the fitted ones.
 *
 * Length model: y = ln(englishChars / frenchChars) against x = frenchChars.
 * - mean: least squares y ≈ a + b·ln(x);
 * - spread: a robust variance ((1.4826 · median |residual|)²) in 12 bins of equal counts along x,
 *   fitted as s0² + c/x (a constant plus a term that shrinks with length, as sampling noise does);
 * - lower bound: the 0.3 % quantile of the standardised residuals z;
 * - upper bound: on z + contentWeight × excess, where excess is how many more output words the
 *   source does not support than source words the output leaves unused (src/quality/support.ts):
 *   its 99.5 % quantile, each pair scored with a lexicon fitted on the other three quarters of the
 *   pairs (as the shipped lexicon never saw the pairs it checks). So about 0.8 % of human pairs
 *   fall outside (more of them above: a long output is the likelier error).
 *   Sources under `minSourceChars` are not judged (titles, "Oui.").
 *
 * Untranslated score: share of French-only function words + 0.5 × share of words copied from the
 * source (both over the output's lower-case words); the threshold is just above the 99.8th
 * percentile of the human pairs' scores (the weight 0.5 separated half-French outputs best).
 */
import { tokenize } from '../../src/quality/text.js';
import { frenchShare } from '../../src/quality/untranslated.js';
import { contentSupport } from '../../src/quality/support.js';
import type { Pair } from './newstest.js';
import { fitLexicon } from './quality-lexicon.js';

const MIN_SOURCE_CHARS = 20;
/**
 * The lower upper bound for a long output that also has names its source does not have (invented
 * text often brings its own names): chosen on the calibration half, where 1.75 adds no human pair
 * (1.5 adds 3 of 1 500) and catches a seventh of the appended clauses that length alone misses.
 */
const Z_HIGH_WITH_NEW_NAMES = 1.75;
/** Shares of human pairs left outside each bound. */
const TAIL_LOW = 0.003;
const TAIL_HIGH = 0.005;
const BINS = 12;
/**
 * Weight of the content excess against the length z-score: on the calibration half's corruptions
 * (cross-fitted lexicons), 0.15 to 0.25 catch the most invented clauses for the same share of
 * human pairs flagged; 0.5 lets unsupported words alone decide too often (human translations add
 * words the small lexicon does not know).
 */
const CONTENT_WEIGHT = 0.2;
/** Folds of the cross-fitting: each pair's excess comes from a lexicon fitted on the others. */
const FOLDS = 4;
const COPIED_WEIGHT = 0.5;
const MIN_WORDS = 4;
const UNTRANSLATED_QUANTILE = 0.998;

/** The fitted constants and what the fit saw. */
export interface QualityFit {
  lengthModel: { a: number; b: number; s0: number; c: number; zLow: number; zHigh: number; contentWeight: number; zHighWithNewNames: number; minSourceChars: number };
  untranslated: { minWords: number; copiedWeight: number; threshold: number };
  report: { pairs: number; outside: number; bins: { from: number; to: number; sd: number; modelSd: number }[]; untranslatedMedian: number; untranslatedMax: number };
}

const round = (v: number, digits = 4) => Number(v.toFixed(digits));

/** Fits the constants on `pairs` (deterministic). */
export function fitQualityConstants(all: readonly Pair[]): QualityFit {
  const pairs = all.filter((p) => p.fr.trim().length >= MIN_SOURCE_CHARS);
  const xs = pairs.map((p) => p.fr.trim().length);
  const ys = pairs.map((p, i) => Math.log(p.en.trim().length / xs[i]!));
  const n = xs.length;

  // mean: y ≈ a + b·ln(x)
  const lx = xs.map((x) => Math.log(x));
  const mx = lx.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (lx[i]! - mx) * (ys[i]! - my);
    sxx += (lx[i]! - mx) ** 2;
  }
  const b = sxy / sxx;
  const a = my - b * mx;
  const residuals = ys.map((y, i) => y - (a + b * lx[i]!));

  // spread: binned robust variance ≈ s0² + c/x, least squares on (1/x, variance)
  const order = xs.map((_, i) => i).sort((i, j) => xs[i]! - xs[j]! || i - j);
  const binned: { invX: number; variance: number; from: number; to: number }[] = [];
  for (let k = 0; k < BINS; k++) {
    const slice = order.slice(Math.floor((k * n) / BINS), Math.floor(((k + 1) * n) / BINS));
    const invX = slice.reduce((s, i) => s + 1 / xs[i]!, 0) / slice.length;
    const abs = slice.map((i) => Math.abs(residuals[i]!)).sort((p, q) => p - q);
    const mad = abs[Math.floor(abs.length / 2)]! * 1.4826;
    binned.push({ invX, variance: mad * mad, from: xs[slice[0]!]!, to: xs[slice[slice.length - 1]!]! });
  }
  const mi = binned.reduce((s, v) => s + v.invX, 0) / BINS;
  const mv = binned.reduce((s, v) => s + v.variance, 0) / BINS;
  let cxy = 0;
  let cxx = 0;
  for (const v of binned) {
    cxy += (v.invX - mi) * (v.variance - mv);
    cxx += (v.invX - mi) ** 2;
  }
  const c = Math.max(0, cxy / cxx);
  const s0 = Math.sqrt(Math.max(1e-4, mv - c * mi));

  const z = residuals.map((r, i) => r / Math.sqrt(s0 * s0 + c / xs[i]!));
  const excess = crossFittedExcess(pairs);
  const high = z.map((v, i) => v + CONTENT_WEIGHT * excess[i]!);
  const quantile = (values: readonly number[], q: number) => {
    const sorted = [...values].sort((p, r) => p - r);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  };
  const lengthModel = {
    a: round(a),
    b: round(b),
    s0: round(s0),
    c: round(c, 3),
    zLow: round(quantile(z, TAIL_LOW), 3),
    zHigh: round(quantile(high, 1 - TAIL_HIGH), 3),
    contentWeight: CONTENT_WEIGHT,
    zHighWithNewNames: Z_HIGH_WITH_NEW_NAMES,
    minSourceChars: MIN_SOURCE_CHARS,
  };
  const outside = z.filter((v, i) => v < lengthModel.zLow || high[i]! > lengthModel.zHigh).length;

  const scores = untranslatedScores(all);
  const threshold = round(scores[Math.round(UNTRANSLATED_QUANTILE * (scores.length - 1))]! + 0.001, 3);

  return {
    lengthModel,
    untranslated: { minWords: MIN_WORDS, copiedWeight: COPIED_WEIGHT, threshold },
    report: {
      pairs: n,
      outside,
      bins: binned.map((v) => ({ from: v.from, to: v.to, sd: Math.sqrt(v.variance), modelSd: Math.sqrt(s0 * s0 + c * v.invX) })),
      untranslatedMedian: scores[scores.length >> 1]!,
      untranslatedMax: scores[scores.length - 1]!,
    },
  };
}

/** Each pair's content excess, measured with a lexicon fitted on the pairs of the other folds. */
export function crossFittedExcess(pairs: readonly Pair[]): number[] {
  const excess = new Array<number>(pairs.length).fill(0);
  for (let fold = 0; fold < FOLDS; fold++) {
    const lexicon = fitLexicon(pairs.filter((_, i) => i % FOLDS !== fold));
    pairs.forEach((p, i) => {
      if (i % FOLDS === fold) excess[i] = contentSupport(tokenize(p.fr), tokenize(p.en), lexicon).excess;
    });
  }
  return excess;
}

/** The untranslated score of every human pair long enough to judge, sorted: how French human English outputs look. */
function untranslatedScores(pairs: readonly Pair[]): number[] {
  return pairs
    .map((p) => frenchShare(tokenize(p.en), new Set(tokenize(p.fr).map((t) => t.folded))))
    .filter((s) => s.words >= MIN_WORDS)
    .map((s) => s.french + COPIED_WEIGHT * s.copied)
    .sort((p, q) => p - q);
}
