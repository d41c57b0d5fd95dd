/**
 * Text written in capitals (headlines, kickers, labels, shouted quotes): the translation model
 * was trained on ordinary case and translates capitals badly (word by word, or not at all), so
 * such a sentence goes to the model in sentence case and its translation comes back in capitals.
 *
 * Sentence case keeps what must stay: acronyms (a built-in list, consonant-only tokens, tokens
 * with digits, words the document writes in capitals elsewhere, `doNotTranslate` terms) and
 * proper names the document writes with a capital elsewhere (and never in lower case), so that a
 * headline above its article gets the article's own spelling of its names.
 */

/** Acronyms frequent in French news, kept in capitals when a headline is put in sentence case. */
export const KNOWN_ACRONYMS = [
  'ONU', 'OTAN', 'UE', 'USA', 'US', 'URSS', 'FMI', 'BCE', 'OMS', 'OMC', 'OCDE', 'OPEP', 'UNESCO', 'UNICEF',
  'SNCF', 'RATP', 'EDF', 'TGV', 'PS', 'LR', 'RN', 'LFI', 'EELV', 'CGT', 'CFDT', 'FO', 'MEDEF', 'PDG', 'TVA', 'PIB',
  'SMIC', 'CNRS', 'INSEE', 'RDC', 'CIA', 'FBI', 'NASA', 'BBC', 'AFP', 'CNN', 'PSG', 'OM', 'UEFA', 'FIFA', 'JO', 'ONG',
  'COVID', 'SIDA', 'VIH', 'ADN', 'IA',
] as const;

const KNOWN = new Set<string>(KNOWN_ACRONYMS);
const LETTERS = /\p{L}+/gu;
const VOWELS = /[AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸ]/u;

/** What the document says of the case of its words, read from its sentences not written in capitals. */
export interface CaseHints {
  /** Words written in capitals inside ordinary sentences (acronyms). */
  acronyms: Set<string>;
  /** Lower-cased word → its capitalised spelling, for words the document only writes capitalised. */
  names: Map<string, string>;
}

/**
 * Whether a sentence is written in capitals: at least 4 cased letters, at least 80 % of them
 * upper case, and at least two words of two letters or more (a lone acronym is not a headline).
 */
export function isAllCaps(text: string): boolean {
  let upper = 0;
  let lower = 0;
  for (const c of text) {
    if (c !== c.toLowerCase()) upper++;
    else if (c !== c.toUpperCase()) lower++;
  }
  if (upper < 4 || upper < 0.8 * (upper + lower)) return false;
  return (text.match(/\p{Lu}{2,}/gu) ?? []).length >= 2;
}

/** Reads the case hints of a document from its sentences that are not in capitals (first words skipped: capitalised by position). */
export function caseHints(sentences: readonly string[]): CaseHints {
  const acronyms = new Set<string>();
  const capitalised = new Map<string, string>();
  const lowered = new Set<string>();
  for (const sentence of sentences) {
    if (isAllCaps(sentence)) continue;
    let first = true;
    for (const m of sentence.matchAll(LETTERS)) {
      const word = m[0];
      const isFirst = first;
      first = false;
      if (word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase()) acronyms.add(word);
      else if (word === word.toLowerCase()) lowered.add(word);
      else if (!isFirst && word[0] !== word[0]!.toLowerCase()) capitalised.set(word.toLowerCase(), word);
    }
  }
  for (const w of lowered) capitalised.delete(w);
  return { acronyms, names: capitalised };
}

/** A `doNotTranslate` entry keeps the word as it is. */
function verbatimWord(word: string, verbatim: readonly (string | RegExp)[]): boolean {
  return verbatim.some((v) => (typeof v === 'string' ? v.split(/[^\p{L}\p{N}]+/u).includes(word) : new RegExp(v.source, v.flags.replace('g', '')).test(word)));
}

/** An acronym without the document's word: a known one, or 2 to 5 letters without a vowel (SNCF, PS, RN: no French word). */
function acronym(word: string): boolean {
  return KNOWN.has(word) || (word.length >= 2 && word.length <= 5 && !VOWELS.test(word));
}

/**
 * Puts a sentence written in capitals in sentence case: words lower-cased, the first letter
 * capitalised; kept, in this order: tokens with digits (G7, COVID-19), `doNotTranslate` terms,
 * the document's own acronyms and names (see {@link CaseHints}), known acronyms, words of 2–5
 * letters without a vowel.
 *
 * @example
 * sentenceCase("L’ONU CONDAMNE LA RÉPRESSION", hints); // "L’ONU condamne la répression"
 */
export function sentenceCase(text: string, hints: CaseHints, verbatim: readonly (string | RegExp)[] = []): string {
  const withDigits = new Set<number>();
  for (const m of text.matchAll(/[\p{L}\p{N}]*\p{N}[\p{L}\p{N}]*(?:-[\p{L}\p{N}]+)*/gu)) {
    for (let i = m.index; i < m.index + m[0].length; i++) withDigits.add(i);
  }
  let first = true;
  return text.replace(LETTERS, (word, offset: number) => {
    const isFirst = first;
    first = false;
    // the document's own spelling first, then the built-in rules
    if (withDigits.has(offset) || verbatimWord(word, verbatim) || hints.acronyms.has(word)) return word;
    const name = hints.names.get(word.toLowerCase());
    if (name) return name;
    if (acronym(word)) return word;
    const lower = word.toLowerCase();
    return isFirst ? lower[0]!.toUpperCase() + lower.slice(1) : lower;
  });
}

/** The translation of a sentence written in capitals, in capitals. */
export function toCapitals(translation: string): string {
  return translation.toUpperCase();
}
