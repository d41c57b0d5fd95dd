/** Shared by the format tests: the memorised pairs of marian-memo as a lookup. */
import { MEMO_PAIRS } from '../helpers.js';

/** The English marian-memo gives for a memorised French sentence. */
export function en(fr: string): string {
  const pair = MEMO_PAIRS.find((p) => p.fr === fr);
  if (!pair) throw new Error(`not a memorised sentence: ${fr}`);
  return pair.en;
}

/** Memorised French sentences by index in pairs.json. */
export const fr = (i: number): string => MEMO_PAIRS[i]!.fr;
