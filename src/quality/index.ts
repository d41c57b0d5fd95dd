/**
 * Translation checks: what fr2en suspects of a translation, as flags.
 *
 * Provisional checker: it detects only the blatant cases (a capped output, a low score, a
 * looping output, an output identical to its source, numbers a summary invents). The full
 * checker (numbers, names, length ratio, glossary) replaces it with the same signatures.
 */
import type { CheckOptions, QualityFlag, QualityFlagCode } from './types.js';

export { QUALITY_FLAG_CODES } from './types.js';
export type { CheckOptions, Glossary, QualityFlag, QualityFlagCode } from './types.js';

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const words = (text: string) => (text.toLowerCase().match(WORD) ?? []);

/**
 * The longest run of one n-gram (n from 1 to 4) repeated back to back, counted in repeats, with
 * the n-gram: `"a b a b a b"` → 3 × `"a b"`.
 */
function longestLoop(tokens: readonly string[]): { repeats: number; gram: string } {
  let best = { repeats: 1, gram: '' };
  for (let n = 1; n <= 4; n++) {
    for (let start = 0; start + 2 * n <= tokens.length; start++) {
      let repeats = 1;
      while (start + (repeats + 1) * n <= tokens.length && sameGram(tokens, start, start + repeats * n, n)) repeats++;
      if (repeats > best.repeats) best = { repeats, gram: tokens.slice(start, start + n).join(' ') };
    }
  }
  return best;
}

function sameGram(tokens: readonly string[], a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (tokens[a + k] !== tokens[b + k]) return false;
  return true;
}

/** A loop is suspect from 3 back-to-back repeats of a phrase (4 of a single word) the source does not loop as much. */
function repetitionFlag(source: string, translation: string): QualityFlag | undefined {
  const out = longestLoop(words(translation));
  const threshold = out.gram.includes(' ') ? 3 : 4;
  if (out.repeats < threshold) return undefined;
  if (longestLoop(words(source)).repeats >= out.repeats) return undefined;
  return { code: 'repetition', message: `"${out.gram}" repeats ${out.repeats} times in a row.`, detail: { gram: out.gram, repeats: out.repeats } };
}

/**
 * Checks one translation against its source and returns what is suspect (empty when nothing is).
 * Pure: no model, no state.
 *
 * @example
 * checkTranslation('Le chat dort.', 'Le chat dort.'); // [{ code: 'untranslated', … }]
 */
export function checkTranslation(source: string, translation: string, options: CheckOptions = {}): QualityFlag[] {
  const skip = new Set<QualityFlagCode>(options.skip ?? []);
  const flags: QualityFlag[] = [];
  const add = (flag: QualityFlag | undefined) => {
    if (flag && !skip.has(flag.code)) flags.push(flag);
  };
  if (options.finished === false) add({ code: 'truncated', message: 'The translation reached its token cap before the model ended it.' });
  if (options.minScore !== undefined && options.score !== undefined && options.score < options.minScore) {
    add({ code: 'low-score', message: `The model's score ${options.score.toFixed(3)} is below \`minScore\` ${options.minScore}.`, detail: { score: options.score, minScore: options.minScore } });
  }
  add(repetitionFlag(source, translation));
  const src = words(source);
  if (src.length >= 2 && src.join(' ') === words(translation).join(' ')) {
    add({ code: 'untranslated', message: 'The translation is the French source itself.' });
  }
  return flags;
}

/** Digit groups of a text, separators removed (`2,1` and `2.1` both give `2.1`, `1 000` gives `1000`). */
function numbers(text: string): string[] {
  const found = text.match(/\d+(?:[  \u202f]\d{3})*(?:[.,]\d+)*/gu) ?? [];
  return found.map((n) => n.replace(/[  \u202f]/gu, '').replace(/,/g, '.'));
}

/**
 * Checks a summary against the text it summarises: a number the summary states that the source
 * does not have is flagged `number-mismatch` (a summary may leave numbers out, not invent them).
 *
 * @example
 * vetSummary('Il a 3 enfants.', 'He has 4 children.'); // [{ code: 'number-mismatch', … }]
 */
export function vetSummary(source: string, summary: string): QualityFlag[] {
  const known = new Set(numbers(source).flatMap((n) => [n, n.replace(/\./g, '')]));
  const extra = [...new Set(numbers(summary))].filter((n) => !known.has(n) && !known.has(n.replace(/\./g, '')));
  if (extra.length === 0) return [];
  return [{ code: 'number-mismatch', message: `The summary states ${extra.join(', ')}, not in its source.`, detail: { extra } }];
}
