/**
 * The `length-ratio` check: a translation's length against the lengths human translators give
 * sources that long. The model (fitted on newstest2013, see ./calibration.ts):
 * `ln(englishChars / frenchChars)` has mean `a + b·ln(frenchChars)` and standard deviation
 * `sqrt(s0² + c / frenchChars)` (short sources vary more); a translation whose standardised
 * ratio is outside `[zLow, zHigh]` is flagged, and so is one above `zHighWithNewNames` that has
 * names its source does not have.
 */
import { LENGTH_MODEL } from './calibration.js';

/** What the length check found: the z-score and the expected range of English characters. */
export interface LengthVerdict {
  z: number;
  /** The range of English characters outside which a translation is flagged. */
  expected: { min: number; max: number };
  /** The length above which a translation with names its source does not have is flagged. */
  usualMax: number;
}

/** The standardised log length ratio of a pair, or undefined when the source is too short to judge. */
export function lengthVerdict(sourceChars: number, translationChars: number): LengthVerdict | undefined {
  const m = LENGTH_MODEL;
  if (sourceChars < m.minSourceChars) return undefined;
  const mean = m.a + m.b * Math.log(sourceChars);
  const sd = Math.sqrt(m.s0 * m.s0 + m.c / sourceChars);
  const z = (Math.log(Math.max(translationChars, 1) / sourceChars) - mean) / sd;
  const bound = (zz: number) => Math.round(sourceChars * Math.exp(mean + zz * sd));
  return { z, expected: { min: bound(m.zLow), max: bound(m.zHigh) }, usualMax: bound(m.zHighWithNewNames) };
}

/** Whether a verdict is outside the human range. */
export function outsideRange(v: LengthVerdict): boolean {
  return v.z < LENGTH_MODEL.zLow || v.z > LENGTH_MODEL.zHigh;
}
