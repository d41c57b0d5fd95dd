/**
 * Vetting: each translated sentence's quality flags, from the checker, with the call's settings.
 */
import { checkTranslation } from '../../quality/index.js';
import type { Glossary, QualityFlag, QualityFlagCode } from '../../quality/types.js';

/** What the checker is told besides the sentence: the call's threshold and terms. */
export interface VetSettings {
  minScore?: number | undefined;
  glossary?: Glossary | undefined;
  doNotTranslate?: readonly (string | RegExp)[] | undefined;
}

/** A sentence's first or repaired translation, as the checker sees it. */
export interface Candidate {
  translation: string;
  score: number | undefined;
  finished: boolean;
}

/** The flags of one translation. */
export function vet(source: string, candidate: Candidate, settings: VetSettings): QualityFlag[] {
  return checkTranslation(source, candidate.translation, {
    finished: candidate.finished,
    ...(candidate.score !== undefined ? { score: candidate.score } : {}),
    ...(settings.minScore !== undefined ? { minScore: settings.minScore } : {}),
    ...(settings.glossary !== undefined ? { glossary: settings.glossary } : {}),
    ...(settings.doNotTranslate !== undefined ? { doNotTranslate: settings.doNotTranslate } : {}),
  });
}

/** Flagged sentences per flag code (a sentence with a code twice counts once); codes never raised left out. */
export function countFlags(sentences: Iterable<{ flags?: readonly QualityFlag[] }>): Partial<Record<QualityFlagCode, number>> {
  const counts: Partial<Record<QualityFlagCode, number>> = {};
  for (const s of sentences) {
    for (const code of new Set((s.flags ?? []).map((f) => f.code))) counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}
