/**
 * Proper names: those of a French source that a translation must keep (allowing transliteration
 * and exonyms), and those of an English summary its source never had.
 */
import { EXONYMS, NOT_NAMES_EN, NOT_NAMES_FR } from './lexicon.js';
import { editDistance, skeleton, type Token } from './text.js';

/** The words of a text, indexed for name look-ups; skeletons are built on first need (most names match as written). */
export class NameIndex {
  readonly folded: ReadonlySet<string>;
  #skeletons: Set<string> | undefined;
  #long: string[] | undefined;
  constructor(tokens: readonly Token[]) {
    this.folded = new Set(tokens.map((t) => t.folded));
  }
  get skeletons(): ReadonlySet<string> {
    return (this.#skeletons ??= new Set([...this.folded].map(skeleton)));
  }
  /** Skeletons of 4 letters or more, for the fuzzy matches. */
  get long(): readonly string[] {
    return (this.#long ??= [...this.skeletons].filter((s) => s.length >= 4));
  }
}

/** Indexes the words of a text (every word, whatever its case: a name may have become a common word). */
export function indexNames(tokens: readonly Token[]): NameIndex {
  return new NameIndex(tokens);
}

const ENGLISH_TO_FRENCH: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [french, englishes] of EXONYMS) for (const english of englishes) map.set(english, [...(map.get(english) ?? []), french]);
  return map;
})();

const ALL_CAPS = /^\p{Lu}+$/u;
/** Endings of French demonyms and adjectives of place ("Marocain", "Polonais", "Munichois", "Autrichiens"): they translate. */
const DEMONYM = /(?:ien|ienne|ain|aine|ais|aise|ois|oise|een|eenne|ique|ite)s?$/u;
/**
 * Endings of French common nouns and adjectives that titles and institutions capitalise
 * ("Réunion Ordinaire", "Propriété Intellectuelle", "Transformation"); few names end so.
 */
const COMMON_ENDING = /.{3}(?:tion|sion|ite|ment|ence|ance|age|eur|euse|elle|iste|isme|ure|oire|aire|ette|able|ible|if|ive|ent|ents|ant|ants)s?$/u;
const ROMAN = /^[IVXLC]+(?:e|er|re|ème|eme)?$/u;

/**
 * Candidate names of a text: capitalised words not at a sentence's start, at least two letters,
 * not a listed common word (titles, months, days, demonyms, institutions), nor a roman numeral.
 */
export function candidateNames(tokens: readonly Token[], notNames: ReadonlySet<string>): Token[] {
  const seen = new Set<string>();
  const names: Token[] = [];
  for (const t of tokens) {
    if (!t.capital || t.initial || t.text.length < 2 || notNames.has(t.folded) || ROMAN.test(t.text) || seen.has(t.folded)) continue;
    seen.add(t.folded);
    names.push(t);
  }
  return names;
}

/** Whether a folded name has a counterpart in `index`: same word, a known exonym, same skeleton, or one edit away. */
function hasCounterpart(folded: string, index: NameIndex, exonyms: ReadonlyMap<string, readonly string[]>): boolean {
  if (index.folded.has(folded)) return true;
  const known = exonyms.get(folded);
  if (known?.some((e) => index.folded.has(e))) return true;
  const s = skeleton(folded);
  if (index.skeletons.has(s)) return true;
  if (s.length >= 4 && index.long.some((other) => other.startsWith(s))) return true; // "Maya" → "Mayan", "Obama" → "Obamas"
  if (s.length < 5) return false;
  const max = s.length >= 9 ? 2 : 1;
  // a long shared start: "Singapour"/"Singapore", "Tchétchénie"/"Chechnya" do not, "Pennsylvanie"/"Pennsylvania" do
  const stem = Math.max(5, Math.ceil(s.length * 0.7));
  return index.long.some((other) => editDistance(s, other, max) <= max || (other.length >= stem && s.slice(0, stem) === other.slice(0, stem)));
}

/** French articles: a capitalised word after one is a title or an institution ("la Chambre", "le Musée"), which translates. */
const ARTICLES = new Set(['le', 'la', 'les', 'l', 'du', 'des', 'un', 'une']);

/**
 * The capitalised words that follow an article, and the common-looking ones that continue such a
 * title ("la Propriété Intellectuelle", "les Monts des Géants"; not "Obama" in "l'Administration Obama").
 */
function titleWords(tokens: readonly Token[]): Set<number> {
  const out = new Set<number>();
  let inTitle = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const previous = tokens[i - 1];
    if (!t.capital) {
      // "des", "de", "du" inside a title keep it going: "Monts des Géants"
      if (!(inTitle && (t.folded === 'de' || t.folded === 'des' || t.folded === 'du' || t.folded === 'd' || t.folded === 'la' || t.folded === 'l' || t.folded === 'et'))) inTitle = false;
      continue;
    }
    if (previous && ARTICLES.has(previous.folded) && !previous.capital) {
      out.add(i);
      inTitle = true;
    } else if (inTitle && (NOT_NAMES_FR.has(t.folded) || COMMON_ENDING.test(t.folded) || DEMONYM.test(t.folded))) out.add(i);
    else inTitle = false;
  }
  return out;
}

/** Names of the French source with no counterpart in the English translation. */
export function missingNames(source: readonly Token[], target: NameIndex): string[] {
  const out: string[] = [];
  const titles = titleWords(source);
  const skipped = new Set(source.filter((_, i) => titles.has(i)).map((t) => t.folded));
  for (const name of candidateNames(source, NOT_NAMES_FR)) {
    if (skipped.has(name.folded)) continue;
    if (ALL_CAPS.test(name.text) && name.text.length <= 4) continue; // acronyms translate (ONU → UN, PIB → GDP)
    if ((DEMONYM.test(name.folded) || COMMON_ENDING.test(name.folded)) && !EXONYMS.has(name.folded)) continue;
    if (!hasCounterpart(name.folded, target, EXONYMS)) out.push(name.text);
  }
  return out;
}

/** Endings of English common nouns and adjectives (and demonyms: "Moroccan", "Czechs") that titles capitalise. */
const EN_COMMON_ENDING = /.{3}(?:tion|sion|ity|ment|ness|ship|ism|ist|ing|ence|ance|ery|ory|ary|ure|ical|ic|al|ian|ean|ese|ish|an|ans|er|ers|or|ors)$|^\p{L}{2,4}s$/u;

/** Names of an English summary with no counterpart in its source (French or English). */
export function inventedNames(summary: readonly Token[], source: NameIndex): string[] {
  const out: string[] = [];
  for (const name of candidateNames(summary, NOT_NAMES_EN)) {
    if (ALL_CAPS.test(name.text) && name.text.length <= 5) continue; // acronyms translate (SIDA → AIDS)
    if (EN_COMMON_ENDING.test(name.folded)) continue;
    if (!hasCounterpart(name.folded, source, ENGLISH_TO_FRENCH)) out.push(name.text);
  }
  return out;
}
