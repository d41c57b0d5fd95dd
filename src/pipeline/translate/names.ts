/**
 * One name, one spelling: a proper name the French repeats (same spelling, in two sentences or
 * more) should be written the same way in every sentence of the English. Transliterated names
 * drift (Nazarbaïev → Nazarbayev in one sentence, Nazarbaev in the next); this finds each
 * repeated name's rendering in each translation by its skeleton, picks one spelling, and says
 * which sentences to translate again with that spelling as a constraint.
 */

/** French words that are capitalised at the start of a clause or in titles, never names. */
const NOT_NAMES = new Set([
  'le', 'la', 'les', 'un', 'une', 'des', 'du', 'de', 'et', 'ou', 'mais', 'donc', 'car', 'ni', 'il', 'elle', 'ils', 'elles',
  'on', 'nous', 'vous', 'je', 'ce', 'cette', 'ces', 'son', 'sa', 'ses', 'leur', 'leurs', 'en', 'dans', 'pour', 'par', 'sur',
  'avec', 'sans', 'selon', 'depuis', 'après', 'avant', 'pendant', 'quand', 'comme', 'si', 'pas', 'plus', 'tout', 'tous',
  'monsieur', 'madame', 'président', 'présidente', 'ministre', 'premier', 'première', 'général', 'saint', 'sainte',
]);

const NAME = /\p{Lu}[\p{L}]*(?:[-‐]\p{Lu}[\p{L}]*)*/gu;
const WORD_START = /[\p{L}\p{N}]/u;

/** Lower case, accents removed: `Nazarbaïev` → `nazarbaiev`. */
export function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The consonant skeleton of a folded word: `nazarbaiev` and `nazarbayev` → `nzrbv`. */
function skeleton(folded: string): string {
  return folded.replace(/[aeiouy]/g, '');
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * How far a word of the translation is from a name of the source: 0 for the same letters, up to
 * a quarter of the name's length for a transliteration (same first letter, or same skeleton);
 * undefined when it is not a rendering of the name.
 */
export function renderingDistance(name: string, word: string): number | undefined {
  const a = fold(name);
  const b = fold(word);
  if (a === b) return 0;
  if (a[0] !== b[0] || a.length < 4) return undefined;
  const d = levenshtein(a, b);
  if (skeleton(a) === skeleton(b)) return Math.min(d, 1);
  return d <= Math.floor(a.length / 4) ? d : undefined;
}

/**
 * The proper names of a French sentence: capitalised words (hyphenated ones whole, e.g.
 * Nour-Sultan) of 3 letters or more, not capitalised function words nor acronyms. The first
 * word, capitalised by position, is returned apart (`first`): it is a name only if the
 * document writes it capitalised elsewhere too.
 */
export function namesOf(sentence: string): { names: string[]; first?: string } {
  const names = new Set<string>();
  let first: string | undefined;
  const firstWord = sentence.search(WORD_START);
  for (const m of sentence.matchAll(NAME)) {
    const word = m[0];
    if (word.length < 3 || NOT_NAMES.has(word.toLowerCase())) continue;
    if (word === word.toUpperCase()) continue; // acronyms are not transliterated
    if (m.index === firstWord) first = word;
    else names.add(word);
  }
  return { names: [...names], ...(first !== undefined && !names.has(first) ? { first } : {}) };
}

/** Names the document repeats: name → the sentences (indexes, ascending) that hold it, for names in 2 sentences or more. */
export function repeatedNames(sentences: readonly string[]): Map<string, number[]> {
  const found = sentences.map(namesOf);
  const known = new Set(found.flatMap((f) => f.names));
  const where = new Map<string, number[]>();
  for (const [i, f] of found.entries()) {
    for (const name of f.first !== undefined && known.has(f.first) ? [...f.names, f.first] : f.names) {
      const list = where.get(name) ?? [];
      list.push(i);
      where.set(name, list);
    }
  }
  for (const [name, list] of where) if (list.length < 2) where.delete(name);
  return where;
}

/** The closest rendering of `name` among the capitalised words of `translation` (a possessive ’s left out). */
export function findRendering(name: string, translation: string): string | undefined {
  let best: { word: string; d: number } | undefined;
  for (const m of translation.matchAll(NAME)) {
    const d = renderingDistance(name, m[0]);
    if (d !== undefined && (best === undefined || d < best.d)) best = { word: m[0], d };
  }
  return best?.word;
}

/**
 * Whether a translation writes each of `names` as `chosen` says; a name it renders that has no
 * spelling yet gets this one (the first spelling met sets it). A name it does not render is left
 * to the checker.
 */
export function keepsSpellings(names: readonly string[], translation: string, chosen: Map<string, string>): boolean {
  const found = names.map((name) => [name, findRendering(name, translation)] as const);
  if (found.some(([name, spelling]) => spelling !== undefined && chosen.has(name) && chosen.get(name) !== spelling)) return false;
  for (const [name, spelling] of found) if (spelling !== undefined && !chosen.has(name)) chosen.set(name, spelling);
  return true;
}

/** One sentence's translation, as name consistency reads it. */
export interface NamedTranslation {
  index: number;
  translation: string;
  score: number | undefined;
}

/** A spelling to enforce in a sentence. */
export interface NameFix {
  /** The name as the French writes it. */
  name: string;
  /** The spelling chosen for the document. */
  spelling: string;
  /** The spelling this sentence has. */
  found: string;
}

/**
 * Picks each repeated name's spelling and lists, per sentence, the spellings to enforce.
 * A spelling already chosen (`chosen`: by the sentences before, already written) stands;
 * otherwise the spelling of the first sentence that renders the name wins, where the reader
 * meets the name first (a streamed sentence cannot be changed once written, so a later, better
 * scored sentence could not impose its spelling on it). `chosen` is updated.
 */
export function planNameFixes(
  names: ReadonlyMap<string, readonly number[]>,
  translations: readonly NamedTranslation[],
  chosen: Map<string, string>,
): Map<number, NameFix[]> {
  const byIndex = new Map(translations.map((t) => [t.index, t]));
  const fixes = new Map<number, NameFix[]>();
  for (const [name, indexes] of names) {
    const found = indexes
      .map((i) => byIndex.get(i))
      .filter((t): t is NamedTranslation => t !== undefined)
      .map((t) => ({ t, spelling: findRendering(name, t.translation) }))
      .filter((r): r is { t: NamedTranslation; spelling: string } => r.spelling !== undefined);
    if (found.length === 0) continue;
    let spelling = chosen.get(name);
    if (spelling === undefined) {
      spelling = found.reduce((a, r) => (r.t.index < a.t.index ? r : a)).spelling;
      chosen.set(name, spelling);
    }
    for (const r of found) {
      if (r.spelling === spelling) continue;
      const list = fixes.get(r.t.index) ?? [];
      list.push({ name, spelling, found: r.spelling });
      fixes.set(r.t.index, list);
    }
  }
  return fixes;
}
