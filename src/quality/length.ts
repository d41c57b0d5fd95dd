/**
 * The `length-ratio` check: a translation's length against the lengths human translators give
 * sources that long. The model (fitted on newstest2013, see ./calibration.ts):
 * `ln(englishChars / frenchChars)` has mean `a + b·ln(frenchChars)` and standard deviation
 * `sqrt(s0² + c / frenchChars)` (short sources vary more). A translation whose standardised
 * ratio z is below `zLow` is flagged; so is one whose z + `contentWeight` × excess is above `zHigh`,
 * where the excess counts the output words its source does not support beyond the source words the
 * output leaves unused (./support.ts): a long translation is suspect in proportion to what of it
 * nothing in the source accounts for. One above `zHighWithNewNames` that has names its source does
 * not have is flagged too.
 */
import { LENGTH_MODEL } from './calibration.js';

/** What the length check found: the z-score and the expected range of English characters. */
export interface LengthVerdict {
  z: number;
  /** The upper bound on z for this output's content excess. */
  high: number;
  /** The range of English characters outside which a translation is flagged. */
  expected: { min: number; max: number };
  /** The length above which a translation with names its source does not have is flagged. */
  usualMax: number;
}

/**
 * The standardised log length ratio of a pair, or undefined when the source is too short to judge.
 * `excess` (see ./support.ts) moves the upper bound: down when the output has words the source
 * does not support, up when it leaves source words unused.
 */
export function lengthVerdict(sourceChars: number, translationChars: number, excess = 0): LengthVerdict | undefined {
  const m = LENGTH_MODEL;
  if (sourceChars < m.minSourceChars) return undefined;
  const mean = m.a + m.b * Math.log(sourceChars);
  const sd = Math.sqrt(m.s0 * m.s0 + m.c / sourceChars);
  const z = (Math.log(Math.max(translationChars, 1) / sourceChars) - mean) / sd;
  const bound = (zz: number) => Math.round(sourceChars * Math.exp(mean + zz * sd));
  const high = m.zHigh - m.contentWeight * excess;
  return { z, high, expected: { min: bound(m.zLow), max: bound(high) }, usualMax: bound(m.zHighWithNewNames) };
}

/** Whether a verdict is outside the human range. */
export function outsideRange(v: LengthVerdict): boolean {
  return v.z < LENGTH_MODEL.zLow || v.z > v.high;
}
