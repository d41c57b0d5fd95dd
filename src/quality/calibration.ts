/**
 * Constants fitted by `npx tsx scripts/diagnostics/calibrate-quality.ts` on the even lines of
 * newstest2013 (human French → English pairs). Regenerate rather than edit (a test checks them).
 */

/** The length model of ./length.ts (1477 pairs; 12 outside the bounds). */
export const LENGTH_MODEL = { a: 0.0201, b: -0.0352, s0: 0.1106, c: 0.962, zLow: -3.792, zHigh: 3.542, contentWeight: 0.2, zHighWithNewNames: 1.75, minSourceChars: 20 } as const;

/** Thresholds of the `untranslated` check (shares of the output's lower-case words). */
export const UNTRANSLATED = { minWords: 4, copiedWeight: 0.5, threshold: 0.201 } as const;
