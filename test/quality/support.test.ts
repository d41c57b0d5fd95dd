/**
 * Content support (src/quality/support.ts): which output words the source accounts for, through the
 * shipped lexicon, words written alike, and function words.
 */
import { describe, expect, it } from 'vitest';
import { contentSupport, defaultLexicon, parseLexicon, stem } from '../../src/quality/support.js';
import { tokenize } from '../../src/quality/text.js';

const support = (fr: string, en: string) => contentSupport(tokenize(fr), tokenize(en));
const SOURCE = 'Le gouvernement a annoncé mardi de nouvelles mesures.';

describe('contentSupport', () => {
  it('a faithful translation has every content word supported', () => {
    const found = support('La loi a été votée hier par le gouvernement de la ville.', 'The law was passed yesterday by the city government.');
    expect(found.unsupported).toEqual(['passed']);
    expect(found.excess).toBeLessThanOrEqual(0);
  });

  it('an added clause is unsupported, and its longest stretch is found', () => {
    const output = 'The government announced new measures on Tuesday, while farmers blocked roads near the capital.';
    const found = support(SOURCE, output);
    expect(found.unsupported).toEqual(expect.arrayContaining(['farmers', 'blocked', 'roads', 'capital']));
    expect(found.excess).toBeGreaterThanOrEqual(4);
    const words = tokenize(output).slice(found.run.from, found.run.to).map((t) => t.text);
    expect(words).toEqual(expect.arrayContaining(['farmers', 'blocked', 'roads', 'capital']));
  });

  it('source words left without counterpart offset unsupported ones (a paraphrase, not an addition)', () => {
    const full = support(SOURCE, 'The government announced new measures on Tuesday.');
    const short = support(SOURCE, 'The government spoke.');
    expect(short.unused).toBeGreaterThan(full.unused);
    expect(short.excess).toBeLessThan(0);
  });

  it('names and cognates written alike support themselves', () => {
    expect(support('Il a rencontré Nazarbaïev à Astana.', 'He met Nazarbaïev in Astana.').unsupported).not.toEqual(expect.arrayContaining(['Nazarbaïev']));
    expect(support('La démocratie et la stratégie.', 'Democracy and strategy.').unsupported).toEqual([]);
  });
});

describe('the lexicon', () => {
  it('stems are the first letters of folded words', () => {
    expect(stem('gouvernements', 5)).toBe('gouve');
    expect(stem('loi', 5)).toBe('loi');
  });

  it('parses the compact form it ships in', () => {
    const lexicon = parseLexicon({ letters: 5, translations: 'mardi tuesd|loi law', commonEnglish: 'the a', commonFrench: 'le la' });
    expect(lexicon.translations.get('mardi')).toEqual(['tuesd']);
    expect(lexicon.commonEnglish.has('the')).toBe(true);
    const found = contentSupport(tokenize('La loi de mardi.'), tokenize('The law of Tuesday.'), lexicon);
    expect(found.unsupported).toEqual(['of']);
  });

  it('ships translations of everyday news words', () => {
    const { translations } = defaultLexicon();
    expect(translations.get('gouve')).toContain('gover');
    expect(translations.get('ville')).toContain('city');
    expect(translations.size).toBeGreaterThan(1000);
  });
});
