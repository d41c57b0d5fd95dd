/**
 * Fits the quality checker's constants on the calibration half of newstest2013 (even lines) and
 * writes them to src/quality/calibration.ts. The test half (odd lines) is left for
 * scripts/diagnostics/measure-quality.ts and test/quality/newstest.test.ts.
 *
 * Length model: y = ln(englishChars / frenchChars) against x = frenchChars.
 * - mean: least squares y ≈ a + b·ln(x);
 * - spread: the squared residuals, averaged in 12 bins of equal counts along x, fitted as
 *   s0² + c/x (a constant plus a term that shrinks with length, as sampling noise does);
 * - bounds: the 0.3 % and 99.5 % quantiles of the standardised residuals, so about 0.8 % of
 *   human pairs fall outside (more of them above: a long output is the likelier error). Sources under `minSourceChars` are not judged (titles, "Oui.").
 *
 * Untranslated score: share of French-only function words + 0.5 × share of words copied from the
 * source (both over the output's lower-case words); the threshold is just above the 99.8th
 * percentile of the human pairs' scores (the weight 0.5 separated half-French outputs best).
 *
 * Usage: npx tsx scripts/diagnostics/calibrate-quality.ts [--dry-run]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNewstest } from '../lib/newstest.js';
import { tokenize } from '../../src/quality/text.js';
import { frenchShare } from '../../src/quality/untranslated.js';

const MIN_SOURCE_CHARS = 20;
/**
 * The lower upper bound for a long output that also has names its source does not have (invented
 * text often brings its own names): chosen on this half, where 1.75 adds no human pair (1.5 adds
 * 3 of 1 500) and catches a seventh of the appended clauses that length alone misses.
 */
const Z_HIGH_WITH_NEW_NAMES = 1.75;
/** Shares of human pairs left outside each bound: a long output is the likelier error (an invented clause, a loop). */
const TAIL_LOW = 0.003;
const TAIL_HIGH = 0.005;
const COPIED_WEIGHT = 0.5;
const MIN_WORDS = 4;
const UNTRANSLATED_QUANTILE = 0.998;

const pairs = loadNewstest('calibration').filter((p) => p.fr.trim().length >= MIN_SOURCE_CHARS);
const xs = pairs.map((p) => p.fr.trim().length);
const ys = pairs.map((p, i) => Math.log(p.en.trim().length / xs[i]!));

// mean: y ≈ a + b·ln(x)
const lx = xs.map((x) => Math.log(x));
const n = xs.length;
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

// spread: binned mean squared residual ≈ s0² + c/x, least squares on (1/x, r²)
const order = xs.map((_, i) => i).sort((i, j) => xs[i]! - xs[j]!);
const BINS = 12;
const binned: { invX: number; variance: number; from: number; to: number }[] = [];
for (let k = 0; k < BINS; k++) {
  const slice = order.slice(Math.floor((k * n) / BINS), Math.floor(((k + 1) * n) / BINS));
  const invX = slice.reduce((s, i) => s + 1 / xs[i]!, 0) / slice.length;
  // a robust variance: (1.4826 · median |r|)², so a few misaligned pairs do not widen the band
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

const z = residuals.map((r, i) => r / Math.sqrt(s0 * s0 + c / xs[i]!)).sort((p, q) => p - q);
const quantile = (q: number) => z[Math.min(z.length - 1, Math.max(0, Math.round(q * (z.length - 1))))]!;
const zLow = quantile(TAIL_LOW);
const zHigh = quantile(1 - TAIL_HIGH);

const round = (v: number, digits = 4) => Number(v.toFixed(digits));
const model = { a: round(a), b: round(b), s0: round(s0), c: round(c, 3), zLow: round(zLow, 3), zHigh: round(zHigh, 3), zHighWithNewNames: Z_HIGH_WITH_NEW_NAMES, minSourceChars: MIN_SOURCE_CHARS };

console.log(`length model on ${n} calibration pairs (sources of ${MIN_SOURCE_CHARS}+ characters):`, model);
console.log('bins (French chars, robust sd of the log ratio, model sd):');
for (const v of binned) console.log(`  ${v.from}–${v.to}: ${Math.sqrt(v.variance).toFixed(3)} vs ${Math.sqrt(s0 * s0 + c * v.invX).toFixed(3)}`);
const outside = z.filter((v) => v < zLow || v > zHigh).length;
console.log(`outside [${model.zLow}, ${model.zHigh}]: ${outside} of ${n} (${((100 * outside) / n).toFixed(2)} %)`);

// untranslated: how French human English outputs look
const scores = loadNewstest('calibration')
  .map((p) => frenchShare(tokenize(p.en), new Set(tokenize(p.fr).map((t) => t.folded))))
  .filter((s) => s.words >= MIN_WORDS)
  .map((s) => s.french + COPIED_WEIGHT * s.copied)
  .sort((p, q) => p - q);
const threshold = round(scores[Math.round(UNTRANSLATED_QUANTILE * (scores.length - 1))]! + 0.001, 3);
const UNTRANSLATED = { minWords: MIN_WORDS, copiedWeight: COPIED_WEIGHT, threshold };
console.log(`untranslated score of human outputs: median ${scores[scores.length >> 1]!.toFixed(3)}, p99.8 ${threshold}, max ${scores[scores.length - 1]!.toFixed(3)}`);

if (!process.argv.includes('--dry-run')) {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/quality/calibration.ts');
  writeFileSync(
    file,
    `/**
 * Constants fitted by \`npx tsx scripts/diagnostics/calibrate-quality.ts\` on the even lines of
 * newstest2013 (human French → English pairs). Regenerate rather than edit.
 */

/** The length model of ./length.ts (${n} pairs; ${outside} outside the bounds). */
export const LENGTH_MODEL = ${JSON.stringify(model).replace(/"(\w+)":/g, '$1: ').replace(/,/g, ', ')} as const;

/** Thresholds of the \`untranslated\` check (shares of the output's lower-case words). */
export const UNTRANSLATED = ${JSON.stringify(UNTRANSLATED).replace(/"(\w+)":/g, '$1: ').replace(/,/g, ', ')} as const;
`,
  );
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
