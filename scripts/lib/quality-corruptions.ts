/**
 * Seeded corruptions of human translations: the ways translation models fail, applied to
 * newstest2013's English references so the checker can be measured on them. Each kind applies
 * only where it can (a number change needs a number). Deterministic for a seed.
 */
import type { Pair } from './newstest.js';

/** The kinds of corruption, declared once. */
export const CORRUPTION_KINDS = [
  'digit-changed',
  'number-dropped',
  'untranslated',
  'half-french',
  'cut-in-half',
  'clause-invented',
  'phrase-looped',
  'name-deleted',
] as const;

/** One of {@link CORRUPTION_KINDS}. */
export type CorruptionKind = (typeof CORRUPTION_KINDS)[number];

/** A corrupted pair: the source, the damaged English and what was done. */
export interface Corruption {
  kind: CorruptionKind;
  line: number;
  fr: string;
  en: string;
  /** The original (human) English. */
  reference: string;
  /** What was changed, for reports. */
  note: string;
}

/** mulberry32: a small, well-mixed 32-bit PRNG, returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIGURE = /\d+(?:[.,]\d+)*/g;
const WORDS = /\S+/g;

/** Applies one corruption to a pair, or returns undefined when it does not apply. */
function corrupt(kind: CorruptionKind, pair: Pair, donors: readonly Pair[], random: () => number): Omit<Corruption, 'kind' | 'line' | 'fr' | 'reference'> | undefined {
  const en = pair.en.trim();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const enWords = en.match(WORDS) ?? [];
  const frWords = pair.fr.trim().match(WORDS) ?? [];
  switch (kind) {
    case 'digit-changed': {
      const digits = [...en.matchAll(/\d/g)].map((m) => m.index);
      if (!digits.length || !/\d/.test(pair.fr)) return undefined;
      const at = pick(digits);
      const old = Number(en[at]);
      const digit = (old + 1 + Math.floor(random() * 9)) % 10;
      return { en: en.slice(0, at) + digit + en.slice(at + 1), note: `digit ${old} → ${digit} at ${at}` };
    }
    case 'number-dropped': {
      const figures = [...en.matchAll(FIGURE)];
      if (!figures.length || !/\d/.test(pair.fr)) return undefined;
      const m = pick(figures);
      return { en: (en.slice(0, m.index) + en.slice(m.index + m[0].length)).replace(/ {2,}/g, ' '), note: `dropped ${m[0]}` };
    }
    case 'untranslated':
      if (frWords.length < 4) return undefined;
      return { en: pair.fr.trim(), note: 'the source itself' };
    case 'half-french': {
      if (enWords.length < 8 || frWords.length < 8) return undefined;
      const half = Math.floor(enWords.length / 2);
      return { en: [...enWords.slice(0, half), ...frWords.slice(Math.floor(frWords.length / 2))].join(' '), note: 'first half English, second half French' };
    }
    case 'cut-in-half': {
      if (enWords.length < 6) return undefined;
      // the way a model drops the end of a sentence: the rest is gone, the full stop is not
      const end = /[.!?]+["”»]?$/u.exec(en)?.[0] ?? '';
      const kept = enWords.slice(0, Math.ceil(enWords.length / 2)).join(' ').replace(/[,;:.!?]+$/u, '');
      return { en: kept + end, note: 'second half of the words cut' };
    }
    case 'clause-invented': {
      if (enWords.length < 4) return undefined;
      // 6 to 12 words of another sentence, as a clause the source never said
      let donorPair = pick(donors);
      if (donorPair.line === pair.line) donorPair = donors[(donors.indexOf(donorPair) + 1) % donors.length]!;
      const donor = donorPair.en.match(WORDS)!;
      const size = 6 + Math.floor(random() * 7);
      const from = Math.floor(random() * (donor.length - size + 1));
      const clause = donor.slice(from, from + size).join(' ').replace(/[.!?;:,]+$/u, '');
      const body = en.replace(/[.!?]+["”»]?$/u, '');
      const end = en.slice(body.length) || '.';
      return { en: `${body}, ${clause.charAt(0).toLowerCase()}${clause.slice(1)}${end}`, note: `appended "${clause}"` };
    }
    case 'phrase-looped': {
      if (enWords.length < 4) return undefined;
      const size = 1 + Math.floor(random() * 4);
      const from = Math.floor(random() * (enWords.length - size + 1));
      const phrase = enWords.slice(from, from + size);
      const looped = [...enWords.slice(0, from + size), ...phrase, ...phrase, ...phrase, ...enWords.slice(from + size)];
      return { en: looped.join(' '), note: `"${phrase.join(' ')}" × 4` };
    }
    case 'name-deleted': {
      // a capitalised word (3+ letters) written the same in both, first word of neither
      const enRest = new Set(enWords.slice(1).map((w) => w.replace(/^\P{L}+|\P{L}+$/gu, '')));
      const names = [...new Set(frWords.slice(1).map((w) => w.replace(/^\P{L}+|\P{L}+$/gu, '')))].filter(
        (w) => /^\p{Lu}\p{Ll}{2,}$/u.test(w) && enRest.has(w) && w !== enWords[0],
      );
      if (!names.length) return undefined;
      const name = pick(names);
      const pattern = new RegExp(`(?<![\\p{L}])${name}(?:['’]s)?(?![\\p{L}])`, 'gu');
      return { en: en.replace(pattern, '').replace(/ {2,}/g, ' ').replace(/ ([,.;:])/g, '$1'), note: `deleted ${name}` };
    }
  }
}

/** Every corruption of every kind that applies to `pairs`, deterministically for `seed`. */
export function corruptAll(pairs: readonly Pair[], seed = 2013): Corruption[] {
  const out: Corruption[] = [];
  const donors = pairs.filter((o) => (o.en.match(WORDS) ?? []).length >= 12);
  for (const [k, kind] of CORRUPTION_KINDS.entries()) {
    const random = prng(seed * 31 + k);
    for (const pair of pairs) {
      const done = corrupt(kind, pair, donors, random);
      if (done && done.en !== pair.en.trim()) out.push({ kind, line: pair.line, fr: pair.fr, reference: pair.en, ...done });
    }
  }
  return out;
}
