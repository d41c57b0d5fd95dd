/**
 * Glossary and do-not-translate terms → the lexical constraints of each piece sent to the
 * model. Validation of both options, the default do-not-translate patterns, and the matching
 * (pure: no model). The decoder places each constraint where the model scores it best; nothing
 * here rewrites the output.
 */
import { InputError } from '../../errors.js';
import type { Glossary } from '../../quality/types.js';
import { describe } from '../../validate.js';
import type { Warning } from '../../warnings.js';

/**
 * What `doNotTranslate` keeps verbatim when the option is not given: URLs, e-mail addresses,
 * @handles and #hashtags. Giving `doNotTranslate` replaces them; spread this list to add to it.
 */
export const DEFAULT_DO_NOT_TRANSLATE: readonly RegExp[] = [
  /** http(s) URLs and www. addresses, without the sentence's closing punctuation. */
  /\b(?:https?:\/\/|www\.)[^\s<>"«»]*[^\s<>"«».,;:!?'’)\]]/giu,
  /** E-mail addresses. */
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu,
  /** @handles (not the middle of an e-mail address). */
  /(?<![\p{L}\p{N}_.@])@[\p{L}\p{N}_]{1,30}(?![\p{L}\p{N}_@])/gu,
  /** #hashtags with at least one letter (not "#1"). */
  /(?<![\p{L}\p{N}_&#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu,
];

/** The glossary and do-not-translate rules of a call, compiled once. */
export interface TermRules {
  /** French terms (longest first) as one pattern, and each term's English, by lower-cased French. */
  glossary: { pattern: RegExp; english: Map<string, string> } | undefined;
  /** Strings (as literal patterns) and RegExps whose matches are kept verbatim. */
  keep: RegExp[];
}

const WORD = /[\p{L}\p{N}]/u;
// no `\-` or `\/`: the patterns are compiled with the `u` flag, which refuses needless escapes
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fold = (s: string) => s.toLocaleLowerCase('fr');

/** A literal as a pattern, with word boundaries on the sides that are word characters. */
function literal(text: string): string {
  const start = WORD.test(text[0]!) ? '(?<![\\p{L}\\p{N}])' : '';
  const end = WORD.test(text.at(-1)!) ? '(?![\\p{L}\\p{N}])' : '';
  return `${start}${escape(text)}${end}`;
}

/**
 * Validates a glossary (object or Map of French term → English term).
 * @throws InputError naming `option` and the entry: a non-string or empty term or translation,
 * two entries for one term (case-insensitively).
 */
export function checkGlossary(value: unknown, option = 'glossary'): ReadonlyMap<string, string> | undefined {
  if (value === undefined) return undefined;
  const isMap = value instanceof Map;
  if (!isMap && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new InputError(`Expected \`${option}\` to be an object or a Map of French term → English term, got ${describe(value)}.`, { option });
  }
  const entries: [unknown, unknown][] = isMap ? [...(value as Map<unknown, unknown>)] : Object.entries(value as Record<string, unknown>);
  const out = new Map<string, string>();
  const seen = new Map<string, string>();
  for (const [fr, en] of entries) {
    if (typeof fr !== 'string' || fr.trim().length === 0) {
      throw new InputError(`Expected every term of \`${option}\` to be a non-empty string, got ${describe(fr)}.`, { option });
    }
    if (typeof en !== 'string' || en.trim().length === 0) {
      throw new InputError(`Expected the translation of ${JSON.stringify(fr)} in \`${option}\` to be a non-empty string, got ${describe(en)}.`, { option });
    }
    const key = fold(fr.trim());
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new InputError(`\`${option}\` has two entries for one term: ${JSON.stringify(earlier)} and ${JSON.stringify(fr)} (terms match case-insensitively); keep one.`, { option });
    }
    seen.set(key, fr);
    out.set(fr.trim(), en.trim());
  }
  return out;
}

/**
 * Validates a do-not-translate list (strings or RegExps).
 * @throws InputError naming `option` and the entry: not an array, an entry neither a non-empty
 * string nor a RegExp, a RegExp that matches the empty string.
 */
export function checkDoNotTranslate(value: unknown, option = 'doNotTranslate'): readonly (string | RegExp)[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new InputError(`Expected \`${option}\` to be an array of strings or RegExps, got ${describe(value)}.`, { option });
  for (const [i, entry] of value.entries()) {
    if (entry instanceof RegExp) {
      const probe = new RegExp(entry.source, entry.flags.replace(/[gy]/g, ''));
      if (['', ' ', 'a', ' a '].some((s) => probe.exec(s)?.[0] === '')) {
        throw new InputError(`\`${option}[${i}]\` (${String(entry)}) matches the empty string; give a pattern that matches at least one character.`, { option });
      }
    } else if (typeof entry !== 'string' || entry.trim().length === 0) {
      throw new InputError(`Expected \`${option}[${i}]\` to be a non-empty string or a RegExp, got ${describe(entry)}.`, { option });
    }
  }
  return value as (string | RegExp)[];
}

/** Compiles the rules of a call: its own glossary and list win over the translator's. */
export function termRules(glossary: Glossary | undefined, doNotTranslate: readonly (string | RegExp)[] | undefined): TermRules {
  const entries = glossary === undefined ? [] : glossary instanceof Map ? [...glossary] : Object.entries(glossary);
  let compiled: TermRules['glossary'];
  if (entries.length > 0) {
    const terms = entries.map(([fr]) => fr.trim()).sort((a, b) => b.length - a.length);
    compiled = {
      pattern: new RegExp(terms.map(literal).join('|'), 'giu'),
      english: new Map(entries.map(([fr, en]) => [fold(fr.trim()), en.trim()])),
    };
  }
  const keep = (doNotTranslate ?? DEFAULT_DO_NOT_TRANSLATE).map((k) =>
    typeof k === 'string' ? new RegExp(literal(k), 'gu') : new RegExp(k.source, k.flags.includes('g') ? k.flags : `${k.flags}g`),
  );
  return { glossary: compiled, keep };
}

/** True when the rules can produce no constraint (no glossary, nothing kept): no work per piece. */
export function noTerms(rules: TermRules): boolean {
  return rules.glossary === undefined && rules.keep.length === 0;
}

/**
 * The constraints of one piece of text, in order of appearance, each once: the matched text of
 * every do-not-translate match, and the English of every glossary term found outside those
 * matches (case-insensitive, whole words, accents respected, the longest term first).
 */
export function constraintsFor(text: string, rules: TermRules): string[] {
  const found: { at: number; constraint: string }[] = [];
  const kept: [number, number][] = [];
  for (const pattern of rules.keep) {
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      if (m[0].length === 0) continue;
      const start = m.index;
      const end = start + m[0].length;
      if (kept.some(([a, b]) => start < b && end > a)) continue; // inside an earlier match
      kept.push([start, end]);
      found.push({ at: start, constraint: m[0] });
    }
  }
  if (rules.glossary) {
    const { pattern, english } = rules.glossary;
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (kept.some(([a, b]) => start < b && end > a)) continue;
      const en = english.get(fold(m[0]));
      if (en !== undefined) found.push({ at: start, constraint: en });
    }
  }
  const out: string[] = [];
  for (const f of found.sort((a, b) => a.at - b.at)) if (!out.includes(f.constraint)) out.push(f.constraint);
  return out;
}

/** A `constraint-unmet` warning for each of a piece's constraints (`wanted`) its output lacks (`unmet` indexes). */
export function unmetWarnings(wanted: readonly string[] | undefined, unmet: readonly number[] | undefined, sentence: number): Warning[] {
  return (unmet ?? []).flatMap((k) => {
    const term = wanted?.[k];
    if (term === undefined) return [];
    return [
      {
        code: 'constraint-unmet' as const,
        message: `The translation does not contain ${JSON.stringify(term)} (glossary or do-not-translate): the search could not place it within the token cap.`,
        sentence,
      },
    ];
  });
}
