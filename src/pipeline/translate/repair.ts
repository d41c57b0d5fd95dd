/**
 * Repair: a sentence whose translation is flagged for a decoding failure (a loop, a cut, the
 * French left as it was, a length far off) is decoded once more with a stronger setting, and the
 * better of the two translations is kept.
 *
 * The ladder (one rung, so that a repair costs at most one more decoding of the flagged
 * sentences, batched together):
 * - beams: max(4, 2 × the call's beams), at most 16: a wider search finds the ending greedy
 *   decoding missed;
 * - `noRepeatNgramSize: 3` and `repetitionPenalty: 1.2`: a loop cannot come back;
 * - flagged `truncated`: the token cap doubled (within the model's output limit), unless the
 *   call set `generation.maxNewTokens` (a cap asked for is kept).
 */
import type { QualityFlag, QualityFlagCode } from '../../quality/types.js';
import type { Candidate } from './vet.js';

/** The flags a stronger decoding can fix, declared once. */
export const REPAIRABLE_FLAGS = ['repetition', 'truncated', 'untranslated', 'length-ratio'] as const satisfies readonly QualityFlagCode[];

const REPAIRABLE = new Set<QualityFlagCode>(REPAIRABLE_FLAGS);

/** The stronger setting's fixed values. */
export const REPAIR_SETTINGS = { minBeams: 4, maxBeams: 16, noRepeatNgramSize: 3, repetitionPenalty: 1.2 } as const;

/**
 * Whether a sentence's flags call for a second decoding. `truncated` alone does not when the cap
 * cannot grow (a cap the call asked for, or the model's limit already).
 */
export function needsRepair(flags: readonly QualityFlag[], capCanGrow: boolean): boolean {
  return flags.some((f) => REPAIRABLE.has(f.code) && (f.code !== 'truncated' || capCanGrow));
}

/** Beams of the repair decoding. */
export function repairBeams(beams: number | undefined): number {
  return Math.min(REPAIR_SETTINGS.maxBeams, Math.max(REPAIR_SETTINGS.minBeams, 2 * (beams ?? 1)));
}

/** The token cap of a piece's repair decoding: doubled when its sentence was cut and the cap may grow, within `outCap`. */
export function repairCap(cap: number, truncated: boolean, capCanGrow: boolean, outCap: number): number {
  return truncated && capCanGrow ? Math.max(cap, Math.min(outCap, 2 * cap)) : cap;
}

/**
 * The better of two flagged translations: fewer flags, then the higher score (a translation
 * without a score loses to one with), then the first.
 */
export function better<T extends Candidate & { flags: readonly QualityFlag[] }>(first: T, second: T): T {
  if (second.flags.length !== first.flags.length) return second.flags.length < first.flags.length ? second : first;
  if (second.score !== undefined && (first.score === undefined || second.score > first.score)) return second;
  return first;
}
