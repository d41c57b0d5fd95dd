/**
 * Small, dependency-free language identifier, used to warn when an input is
 * probably not French. It only has to separate French from the languages a
 * user is most likely to paste by mistake (English, German, Spanish, Italian)
 * and from things that are not prose at all (source code, symbols, non-Latin
 * scripts), so it uses two cheap, well-known signals instead of n-gram models:
 *
 * 1. Function words: the ~50 most frequent closed-class words of each language
 *    (articles, prepositions, pronouns, auxiliaries) make up 30–50 % of running
 *    text and barely overlap between these five languages. A word listed for k
 *    languages counts 1/k for each of them.
 * 2. Characters: distinctive letters (French ç œ ê â î ô û ë ï and « »; German
 *    ä ö ü ß; Spanish ñ ¿ ¡; Italian word-final ì ò ù à) add a small bonus; the
 *    share of letters, of non-Latin letters and of code punctuation
 *    (`{ } [ ] ( ) ; = < > | & * \ $ # _ ~ ^` and backtick) flags non-prose.
 *
 * Linear and bounded: texts longer than ~26 000 chars are sampled (the first
 * 20 000 chars plus three 2 000-char slices from the middle and end), so a
 * 10 MB input costs about the same as a 26 kB one.
 */

/** Result languages of {@link detectLanguage}. */
export type DetectedLanguage = 'fr' | 'en' | 'de' | 'es' | 'it' | 'other' | 'unknown';

/** Result of {@link detectLanguage}: the language and a heuristic confidence in [0, 1] (0 for `unknown`). */
export interface LanguageGuess {
  language: DetectedLanguage;
  confidence: number;
}

type Latin = 'fr' | 'en' | 'de' | 'es' | 'it';
const LANGUAGES: readonly Latin[] = ['fr', 'en', 'de', 'es', 'it'];

/** Most frequent function words per language (lowercase; elision fragments such as `l`, `qu`, `dell` included, since tokens split at apostrophes). */
const FUNCTION_WORDS: Readonly<Record<Latin, readonly string[]>> = {
  fr: `le la les l de des du d un une et est en que qu qui dans pour pas au aux sur par plus ne n
    se s ce c cette il elle ils nous vous avec son sa ses mais ou où été être sont ont était
    leur comme tout aussi on a à j y très sans lui je tu si ma mon mes cela ça`.split(/\s+/u),
  en: `the of and to a in is that for it on with as was by at be this are from or have an not
    but his they he she which had has were been their we will would its more who there can
    all about also than when said i you what if so no s`.split(/\s+/u),
  de: `der die das und ist nicht zu den von mit sich des auf für im dem ein eine einer eines
    einem auch es an als wie bei oder aus nach wird werden hat haben sind war wurde noch nur
    sie er wir ich um über vor zum zur dass daß durch kann diese aber schon wenn`.split(/\s+/u),
  es: `el la de que y en los las del se un una por con no es para al lo como más su sus pero
    ha le fue este esta entre sin sobre también ya muy hay son está ser donde desde porque
    cuando todo era han hasta o`.split(/\s+/u),
  it: `il di che e la in un una per è non con del della dei delle degli dello le i gli lo al
    alla ai da dal dalla nel nella si come più anche ma ha questo questa su sul sulla era
    essere stato stata tra fra perché dopo molto loro cui ci ne l dell nell all sull`.split(/\s+/u),
};

/** word → languages listing it (weight 1/k each). */
const WORD_LANGUAGES: ReadonlyMap<string, readonly Latin[]> = (() => {
  const map = new Map<string, Latin[]>();
  for (const language of LANGUAGES) {
    for (const word of new Set(FUNCTION_WORDS[language])) {
      if (word === '') continue;
      const list = map.get(word) ?? [];
      list.push(language);
      map.set(word, list);
    }
  }
  return map;
})();

/** Per-occurrence bonus of distinctive characters (in units of function-word hits). */
const CHAR_CUES: ReadonlyMap<string, readonly [Latin, number]> = new Map<string, [Latin, number]>([
  ...[...'çœêâîôûëï«»'].map((c): [string, [Latin, number]] => [c, ['fr', 0.5]]),
  ...[...'äöüß'].map((c): [string, [Latin, number]] => [c, ['de', 0.5]]),
  ...[...'ñ¿¡'].map((c): [string, [Latin, number]] => [c, ['es', 0.5]]),
]);
/** French words ending in an accented vowel, excluded from the Italian word-final cue. */
const FRENCH_FINAL_ACCENT = new Set(['déjà', 'voilà', 'delà', 'holà', 'çà']);

const SAMPLE_HEAD = 20_000;
const SLICE = 2_000;
const SLICES = 3;
/** Fewer words than this → `unknown`. */
const MIN_WORDS = 3;
/** With at least this many words, no language evidence means `other` rather than `unknown`. */
const MIN_WORDS_FOR_OTHER = 20;
/** Function-word share of the best language below which a ≥ 20-word text is `other`. */
const MIN_HIT_RATE = 0.1;
/** Share of code punctuation among non-space chars above which low-function-word text is code. */
const CODE_DENSITY = 0.05;

/**
 * The whole text if short, else its head plus {@link SLICES} slices spread over the rest: what
 * the detector reads, so its cost is bounded whatever the input's size. Exported for tests.
 */
export function sample(text: string): string {
  if (text.length <= SAMPLE_HEAD + SLICES * SLICE) return text;
  const parts = [text.slice(0, SAMPLE_HEAD)];
  for (let k = 1; k <= SLICES; k++) {
    const start = Math.floor(SAMPLE_HEAD + ((text.length - SAMPLE_HEAD - SLICE) * k) / SLICES);
    parts.push(text.slice(start, start + SLICE));
  }
  return parts.join('\n');
}

const count = (re: RegExp, s: string): number => s.match(re)?.length ?? 0;
const round = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;

/**
 * Identifies the language of `text` among French, English, German, Spanish and
 * Italian. Returns `unknown` (confidence 0) for fewer than 3 words, or for short
 * texts (< 20 words) without any function word; `other` for text that is mostly
 * non-letters, mostly non-Latin letters (Cyrillic, CJK — each CJK character counts
 * as a word), code-like (code punctuation > 5 % of non-space chars and function
 * words < 25 % of words), or has too few function words of any of the five
 * languages (< 10 % of ≥ 20 words). Otherwise returns the language with the
 * highest function-word + character score; confidence combines the margin over the
 * runner-up, function-word coverage and text length. Runs in bounded time on any
 * input length (see module notes on sampling).
 */
export function detectLanguage(text: string): LanguageGuess {
  const s = sample(text).normalize('NFC').toLowerCase();
  const tokens = s.match(/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|\p{L}+/gu) ?? [];
  const words = tokens.length;
  if (words < MIN_WORDS) return { language: 'unknown', confidence: 0 };

  const nonSpace = count(/\S/gu, s);
  const letters = count(/\p{L}/gu, s);
  const latin = count(/\p{sc=Latin}/gu, s);
  if (letters < 0.5 * nonSpace) return { language: 'other', confidence: round(1 - letters / nonSpace) };
  if (latin < 0.5 * letters) return { language: 'other', confidence: round(1 - latin / letters) };

  const scores: Record<Latin, number> = { fr: 0, en: 0, de: 0, es: 0, it: 0 };
  const hits: Record<Latin, number> = { fr: 0, en: 0, de: 0, es: 0, it: 0 };
  for (const token of tokens) {
    const languages = WORD_LANGUAGES.get(token);
    if (languages) {
      for (const language of languages) {
        scores[language] += 1 / languages.length;
        hits[language]++;
      }
    } else if (token.length >= 3 && /[àìòù]$/u.test(token) && !FRENCH_FINAL_ACCENT.has(token)) {
      scores.it += 0.5;
    }
  }
  for (const char of s) {
    const cue = CHAR_CUES.get(char);
    if (cue) scores[cue[0]] += cue[1];
  }

  const ranked = [...LANGUAGES].sort((a, b) => scores[b] - scores[a]);
  const best = ranked[0]!;
  const second = ranked[1]!;
  const hitRate = hits[best] / words;
  const codeDensity = count(/[{}[\]();=<>|&*\\$#_~^`]/gu, s) / nonSpace;
  if (codeDensity > CODE_DENSITY && hitRate < 0.25) {
    return { language: 'other', confidence: round(Math.min(1, codeDensity / 0.1) * (1 - hitRate / 0.25)) };
  }
  if (scores[best] === 0) {
    return words < MIN_WORDS_FOR_OTHER ? { language: 'unknown', confidence: 0 } : { language: 'other', confidence: 0.5 };
  }
  if (words >= MIN_WORDS_FOR_OTHER && hitRate < MIN_HIT_RATE) {
    return { language: 'other', confidence: round(1 - hitRate / MIN_HIT_RATE) };
  }
  const margin = 1 - scores[second] / scores[best];
  const coverage = Math.min(1, hitRate / 0.2);
  const length = Math.min(1, 0.5 + words / 20);
  return { language: best, confidence: round(margin * coverage * length) };
}

/**
 * Whether `text` should be treated as French: true when {@link detectLanguage}
 * says `fr`, and also for `unknown` (too short to judge — never warn on tiny inputs).
 */
export function isLikelyFrench(text: string): boolean {
  const { language } = detectLanguage(text);
  return language === 'fr' || language === 'unknown';
}
