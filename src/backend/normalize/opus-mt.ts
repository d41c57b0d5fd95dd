/**
 * The input normalisation OPUS-MT models were trained with.
 *
 * Helsinki-NLP/OPUS-MT-train `scripts/preprocess-spm.sh` (commit 200662863e6b) rewrote every
 * training line before SentencePiece, in this order:
 *
 * 1. character mapping (`sed`, applied left to right):
 *    `，`→`,` · `。` and the spaces after it → `. ` · `、`→`,` · `”`→`"` · `“`→`"` · `∶`→`:` ·
 *    `：`→`:` · `？`→`?` · `《`→`"` · `》`→`"` · `）`→`)` · `！`→`!` · `（`→`(` · `；`→`;` ·
 *    `１`→`"` (sic: full-width one became a quote in training, so it does here) · `」`→`"` ·
 *    `「`→`"` · `０`→`0` · `３`→`3` · `２`→`2` · `５`→`5` · `６`→`6` · `９`→`9` · `７`→`7` ·
 *    `８`→`8` · `４`→`4` · `．` and the spaces after it → `. ` · `～`→`~` · `’`→`'` ·
 *    `…`→`...` · `━`→`-` · `〈`→`<` · `〉`→`>` · `【`→`[` · `】`→`]` · `％`→`%`;
 * 2. every other-category character (`\p{C}`: control, format — zero-width space, joiners,
 *    word joiner, BOM, soft hyphen, direction marks —, private-use, unassigned, surrogate)
 *    → a space (`perl -C -pe 's/(?!\n)\p{C}/ /g'`);
 * 3. U+2060, U+200B, U+FEFF removed (`perl`; already spaces after step 2, kept for fidelity);
 * 4. runs of spaces squeezed to one, leading and trailing spaces removed (`sed`).
 *
 * Training lines never held a newline: one inside a sentence (wrapped text) is a control
 * character here and becomes a space like the others. `« »`, `–`, `—`, `‘` and the no-break
 * spaces are not mapped (SentencePiece's own NFKC normaliser handles what remains).
 * Pure: no Node or browser API.
 */

/** The single-character rewrites of step 1, in the script's order. */
export const OPUS_MT_CHAR_MAP: readonly (readonly [from: string, to: string])[] = [
  ['，', ','],
  ['。', '. '],
  ['、', ','],
  ['”', '"'],
  ['“', '"'],
  ['∶', ':'],
  ['：', ':'],
  ['？', '?'],
  ['《', '"'],
  ['》', '"'],
  ['）', ')'],
  ['！', '!'],
  ['（', '('],
  ['；', ';'],
  ['１', '"'],
  ['」', '"'],
  ['「', '"'],
  ['０', '0'],
  ['３', '3'],
  ['２', '2'],
  ['５', '5'],
  ['６', '6'],
  ['９', '9'],
  ['７', '7'],
  ['８', '8'],
  ['４', '4'],
  ['．', '. '],
  ['～', '~'],
  ['’', "'"],
  ['…', '...'],
  ['━', '-'],
  ['〈', '<'],
  ['〉', '>'],
  ['【', '['],
  ['】', ']'],
  ['％', '%'],
] as const;

/** `。` and `．` swallow the spaces after them (sed `s/。 *\/. /g`, slash escaped here). */
const SWALLOWS_SPACES = new Set(['。', '．']);
const MAP = new Map(OPUS_MT_CHAR_MAP);
const MAPPED = new RegExp(`[${OPUS_MT_CHAR_MAP.map(([from]) => from).join('')}]`, 'u');

/**
 * Applies `preprocess-spm.sh`'s rewriting to one sentence (see the module comment for every
 * mapping). The result is what an OPUS-MT model saw in training; the caller keeps the original.
 *
 * @example normalizeOpusMt('L’État… “oui”\u200b !') // → `L'État... "oui" !`
 */
export function normalizeOpusMt(text: string): string {
  let out = text;
  if (MAPPED.test(out)) {
    let mapped = '';
    for (let i = 0; i < out.length; i++) {
      const ch = out[i]!;
      const to = MAP.get(ch);
      if (to === undefined) {
        mapped += ch;
        continue;
      }
      mapped += to;
      if (SWALLOWS_SPACES.has(ch)) while (out[i + 1] === ' ') i++;
    }
    out = mapped;
  }
  return out
    .replace(/\p{C}/gu, ' ')
    .replace(/[\u2060\u200B\uFEFF]/gu, '')
    .replace(/ {2,}/g, ' ')
    .replace(/^ +| +$/g, '');
}
