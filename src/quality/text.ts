/**
 * Word-level helpers the checks share: tokens with their case and position, accent folding and
 * the letter skeleton that lets a name match its transliteration.
 */

/** A word of a text: its letters as written, folded (lowercase, no accents), and where it starts. */
export interface Token {
  /** As written. */
  text: string;
  /** Lowercase, accents removed (see {@link fold}). */
  folded: string;
  /** Starts with an upper-case letter. */
  capital: boolean;
  /** First word of a sentence (or of a quotation, a title or a line): its capital says nothing. */
  initial: boolean;
  /** Offset in the text. */
  start: number;
}

/** Letters (with combining marks); apostrophes and hyphens split words ("d'Obama" → "d", "Obama"). */
const WORD = /\p{L}[\p{L}\p{M}]*/gu;
const COMBINING = /\p{M}/gu;
const UPPER = /^\p{Lu}/u;
/** What may stand between a sentence start and its first word: spaces, quotes, dashes, brackets, bullets. */
const OPENERS = new Set([...' \t\n\r\u00a0\u202f«»"“”‘’\'(–—-[*•']);
const ENDERS = new Set([...'.!?…:;\n']);
/** Abbreviations whose full stop does not end a sentence: titles before a name ("M. Zambito", "Dr. Martel"). */
const TITLE_ABBREVIATIONS = new Set(['M', 'MM', 'Mme', 'Mmes', 'Mlle', 'Me', 'Mgr', 'Dr', 'Dre', 'Pr', 'Prof', 'St', 'Ste', 'Mr', 'Mrs', 'Ms', 'Jr', 'Sr', 'Gen', 'Gén', 'Col', 'Lt', 'Sen', 'Rep', 'Gov', 'Capt', 'Sgt', 'Rev']);
const WORD_BEFORE = /(\p{L}+)$/u;

/** Whether the full stop at `dot` ends a title abbreviation or an initial ("M.", "Dr.", "J."), not a sentence. */
function abbreviationStop(text: string, dot: number): boolean {
  const word = WORD_BEFORE.exec(text.slice(Math.max(0, dot - 5), dot))?.[1];
  return word !== undefined && (TITLE_ABBREVIATIONS.has(word) || /^\p{Lu}$/u.test(word));
}

/**
 * A bounded memo for the per-word functions below: news reuses its words, so most calls hit.
 * Cleared whole when full (no per-entry bookkeeping on the hot path).
 */
function memo(fn: (word: string) => string, size = 20_000): (word: string) => string {
  const cache = new Map<string, string>();
  return (word) => {
    let out = cache.get(word);
    if (out === undefined) {
      if (cache.size >= size) cache.clear();
      out = fn(word);
      cache.set(word, out);
    }
    return out;
  };
}

/** Lowercase without accents: "Nazarbaïev" → "nazarbaiev". */
export const fold = memo((word: string): string => {
  const lower = word.toLowerCase();
  // ASCII needs no decomposition (most words): skip the allocation
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u007f]*$/.test(lower) ? lower : lower.normalize('NFD').replace(COMBINING, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae');
});

/** The words of `text`, in order. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    let i = start - 1;
    let opened = false;
    while (i >= 0 && OPENERS.has(text[i]!)) {
      if (text[i] === '«' || text[i] === '"' || text[i] === '“') opened = true;
      if (text[i] === '\n') break;
      i--;
    }
    // after an opening quote, a capital starts a quoted sentence ("« Nous avons…») unless the
    // quote holds a name or a title ("« Dallas »", "\"Iron Man\"": no lower-case word follows)
    const quoted = opened && !/^[ \u00a0\u202f]+\p{Ll}/u.test(text.slice(start + match[0].length, start + match[0].length + 3));
    const initial = i < 0 || (ENDERS.has(text[i]!) && !(text[i] === '.' && abbreviationStop(text, i))) || (opened && !quoted);
    tokens.push({ text: match[0], folded: fold(match[0]), capital: UPPER.test(match[0]), initial, start });
  }
  return tokens;
}

/** Letter pairs that transliterations of one name spell differently (French, English, German), in order. */
const SKELETON_RULES: readonly [RegExp, string][] = [
  [/sch/g, 'sh'],
  [/tch/g, 'ch'],
  [/ch/g, 'sh'],
  [/kh/g, 'h'],
  [/zh/g, 'j'],
  [/dj/g, 'j'],
  [/ph/g, 'f'],
  [/ou/g, 'u'],
  [/ck|c|q/g, 'k'],
  [/y/g, 'i'],
  [/w/g, 'v'],
  [/(.)\1+/g, '$1'],
];

/**
 * A folded word's letter skeleton: spellings that transliterations vary on are merged
 * (ou/u, y/i/ï, kh/h, ch/sh, dj/j, double letters…), so "Loukachenko" and "Lukashenko" agree.
 */
export const skeleton = memo((folded: string): string => {
  let s = folded;
  for (const [pattern, replacement] of SKELETON_RULES) s = s.replace(pattern, replacement);
  return s;
});

/** Levenshtein distance, stopping early above `max` (returns max + 1 then). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}
