/**
 * The `repetition` check: a phrase the output repeats back to back, the way a decoder loops.
 * Human text rarely repeats a phrase three times running ("no, no, no" does, and is then in the
 * source too), so loops are only flagged when the source has none.
 */
import type { Token } from './text.js';

/** A loop: the repeated phrase and how many times it occurs back to back. */
export interface Loop {
  phrase: string;
  times: number;
}

/** Longest phrase looked for, in words. */
const MAX_PHRASE = 8;

/**
 * The longest-running loop of `tokens`: a phrase of 1–3 words repeated 3 times or more back to
 * back, or one of 4–8 words repeated twice or more; undefined when there is none.
 */
export function findLoop(tokens: readonly Token[]): Loop | undefined {
  const words = tokens.map((t) => t.folded);
  let best: Loop | undefined;
  for (let n = 1; n <= MAX_PHRASE; n++) {
    const needed = n <= 3 ? 3 : 2;
    for (let i = 0; i + n * needed <= words.length; i++) {
      let times = 1;
      while (i + (times + 1) * n <= words.length && sameRun(words, i, i + times * n, n)) times++;
      if (times >= needed && (!best || times * n > best.times * best.phrase.split(' ').length)) {
        best = { phrase: tokens.slice(i, i + n).map((t) => t.text).join(' '), times };
      }
    }
  }
  return best;
}

function sameRun(words: readonly string[], a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (words[a + k] !== words[b + k]) return false;
  return true;
}
