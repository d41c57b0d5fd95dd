/**
 * Content support: how much of an English output its French source accounts for, word by word,
 * through a small French → English lexicon (./lexicon-data.ts, fitted by IBM Model 1 on human
 * translations), words written alike in both (names, cognates) and function words any sentence
 * has. The `length-ratio` check weighs a long output's length by it: a translation longer than
 * usual whose extra words the source does not support is likelier to say things the source does not.
 */
import { FR_EN_LEXICON } from './lexicon-data.js';
import type { Token } from './text.js';

/** A folded word's stem: its first `letters` letters (a crude stemmer that also merges many cognates, "economie"/"economy"). */
export function stem(folded: string, letters: number): string {
  return folded.length <= letters ? folded : folded.slice(0, letters);
}

/** A lexicon as the check reads it (stems of `letters` letters). */
export interface SupportLexicon {
  /** French stem → the English stems it translates to. */
  translations: ReadonlyMap<string, readonly string[]>;
  /** English stems any sentence supports (function words): neither support nor lack of it. */
  commonEnglish: ReadonlySet<string>;
  /** French stems of the same kind: a source word left without counterpart only counts when it is not one. */
  commonFrench: ReadonlySet<string>;
  /** Letters of the stems. */
  letters: number;
}

/** What {@link contentSupport} found. */
export interface ContentSupport {
  /** Output words (as written, in order) that no source word accounts for. */
  unsupported: string[];
  /** Content words of the source (distinct stems) with no counterpart in the output. */
  unused: number;
  /** `unsupported.length − unused`: how many more words the output has that nothing in the source explains than the reverse. */
  excess: number;
  /** The longest stretch of the output whose words the source does not support (function words may sit inside), as token indexes [from, to). */
  run: { from: number; to: number; words: number };
}

/** The lexicon as written in ./lexicon-data.ts: `french english english…` entries separated by `|`. */
export function parseLexicon(data: { letters: number; translations: string; commonEnglish: string; commonFrench: string }): SupportLexicon {
  const translations = new Map<string, string[]>();
  for (const entry of data.translations.split('|')) {
    const [french, ...english] = entry.split(' ');
    if (french) translations.set(french, english);
  }
  return { translations, commonEnglish: new Set(data.commonEnglish.split(' ')), commonFrench: new Set(data.commonFrench.split(' ')), letters: data.letters };
}

let shipped: SupportLexicon | undefined;
/** The shipped lexicon, parsed on first use. */
export function defaultLexicon(): SupportLexicon {
  return (shipped ??= parseLexicon(FR_EN_LEXICON));
}

/** How much of `output` the `source` supports, and how much of the source the output leaves unused. */
export function contentSupport(source: readonly Token[], output: readonly Token[], lexicon: SupportLexicon = defaultLexicon()): ContentSupport {
  const outputStems = output.map((t) => stem(t.folded, lexicon.letters));
  const present = new Set(outputStems);
  const supported = new Set<string>();
  const seen = new Set<string>();
  let unused = 0;
  for (const t of source) {
    const s = stem(t.folded, lexicon.letters);
    if (seen.has(s)) continue;
    seen.add(s);
    supported.add(s);
    const row = lexicon.translations.get(s);
    let used = present.has(s);
    if (row) {
      for (const e of row) {
        supported.add(e);
        if (present.has(e)) used = true;
      }
    }
    if (!used && !lexicon.commonFrench.has(s)) unused++;
  }
  const unsupported: string[] = [];
  let run = { from: 0, to: 0, words: 0 };
  let from = 0;
  let words = 0;
  outputStems.forEach((s, i) => {
    if (lexicon.commonEnglish.has(s)) return;
    if (supported.has(s)) {
      from = i + 1;
      words = 0;
      return;
    }
    unsupported.push(output[i]!.text);
    words++;
    if (words > run.words) run = { from, to: i + 1, words };
  });
  return { unsupported, unused, excess: unsupported.length - unused, run };
}
