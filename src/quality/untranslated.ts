/**
 * The `untranslated` check: how much of an English output is French. Two signals, both on the
 * output's lower-case words (names and numbers are shared by both languages legitimately):
 * the share of French-only function words ("le", "des", "est", "dans"…), and the share of words
 * copied from the source. The check scores `french + copiedWeight × copied` against a threshold
 * fitted on human translations (see ./calibration.ts).
 */
import { FRENCH_ONLY_FUNCTION_WORDS } from './lexicon.js';
import type { Token } from './text.js';

/** The two shares, over `words` lower-case words of the output. */
export interface FrenchShare {
  words: number;
  french: number;
  copied: number;
}

/** Measures how French `output` is, given the source's folded words. */
export function frenchShare(output: readonly Token[], sourceWords: ReadonlySet<string>): FrenchShare {
  let words = 0;
  let french = 0;
  let copied = 0;
  for (const t of output) {
    if (t.capital && !t.initial) continue;
    words++;
    if (FRENCH_ONLY_FUNCTION_WORDS.has(t.folded)) french++;
    if (sourceWords.has(t.folded)) copied++;
  }
  return { words, french: words ? french / words : 0, copied: words ? copied / words : 0 };
}
