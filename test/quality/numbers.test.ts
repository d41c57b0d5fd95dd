/**
 * `number-mismatch`: each French/English number convention as a row: the correct translation
 * raises no flag, the same translation with the number changed raises one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTranslation } from '../../src/quality/index.js';

const numberFlags = (fr: string, en: string) => checkTranslation(fr, en).filter((f) => f.code === 'number-mismatch');

/** [convention, French, correct English, wrong English]. */
const CONVENTIONS: [string, string, string, string][] = [
  ['decimal comma', 'Le taux est de 2,1 cette année.', 'The rate is 2.1 this year.', 'The rate is 21 this year.'],
  ['thousands with a space', 'Il y avait 1 500 manifestants.', 'There were 1,500 demonstrators.', 'There were 15,000 demonstrators.'],
  ['thousands with a no-break space', 'Il y avait 1\u00a0500 manifestants.', 'There were 1500 demonstrators.', 'There were 1,600 demonstrators.'],
  ['thousands with a narrow no-break space', 'Il y avait 12\u202f500 manifestants.', 'There were 12,500 demonstrators.', 'There were 12,000 demonstrators.'],
  ['millions with spaces', 'Le pays compte 19 000 000 habitants.', 'The country has 19,000,000 inhabitants.', 'The country has 1,900,000 inhabitants.'],
  ['percent with a space', 'Le chômage atteint 3,5 %.', 'Unemployment reached 3.5%.', 'Unemployment reached 35%.'],
  ['pour cent', 'Les prix ont augmenté de 4 pour cent.', 'Prices rose by 4 percent.', 'Prices rose by 5 percent.'],
  ['milliards de dollars', 'Le contrat vaut 2,1 milliards de dollars.', 'The contract is worth $2.1 billion.', 'The contract is worth $21 billion.'],
  ['millions vs billion', 'La ville a reçu 3 millions d\'euros.', 'The city received 3 million euros.', 'The city received 3 billion euros.'],
  ['million written out', 'Le pays compte 1,5 million d\'habitants.', 'The country has 1,500,000 inhabitants.', 'The country has 15 million inhabitants.'],
  ['million as a decimal', 'Le pays compte 1,5 million d\'habitants.', 'The country has 1.5 million inhabitants.', 'The country has 1.5 billion inhabitants.'],
  ['bn and M€', 'Un budget de 250 M€ pour 2 ans.', 'A budget of €250m for 2 years.', 'A budget of €250bn for 2 years.'],
  ['euros after, sign before', 'Il coûte 15 euros.', 'It costs €15.', 'It costs €50.'],
  ['ordinal 1er', 'Le 1er mai, ils défilent.', 'On May 1st, they march.', 'On May 2nd, they march.'],
  ['ordinal 1er as a word', 'Le 1er mai, ils défilent.', 'On the first of May, they march.', 'On May 11, they march.'],
  ['ordinal 2e', 'Il est arrivé 2e de la course.', 'He came 2nd in the race.', 'He came 3rd in the race.'],
  ['ordinal 2ème', 'Il est arrivé 2ème de la course.', 'He came second in the race.', 'He came 12th in the race.'],
  ['roman century', 'Au XXIe siècle, tout change.', 'In the 21st century, everything changes.', 'In the 20th century, everything changes.'],
  ['year', 'Il est né en 2019.', 'He was born in 2019.', 'He was born in 2009.'],
  ['time 7 h 30', 'Le train part à 7 h 30.', 'The train leaves at 7:30.', 'The train leaves at 8:30.'],
  ['time 7h30 as 7.30 a.m.', 'Le train part à 7h30.', 'The train leaves at 7.30 a.m.', 'The train leaves at 7.30 p.m.'],
  ['time 19 h as 7 p.m.', 'La réunion commence à 19 h.', 'The meeting starts at 7 p.m.', 'The meeting starts at 9 p.m.'],
  ['time 19 heures as 19:00', 'La réunion commence à 19 heures.', 'The meeting starts at 19:00.', 'The meeting starts at 18:00.'],
  ['digit as an English word', 'Il a passé 4 ans en prison.', 'He spent four years in prison.', 'He spent 5 years in prison.'],
  ['French word as digits', 'Il a passé quatre ans en prison.', 'He spent 4 years in prison.', 'He spent 4 years in prison for 12 thefts.'],
  ['compound number words', 'Il a 25 ans.', 'He is twenty-five.', 'He is 35.'],
  ['deux', 'Les deux pays ont signé 3 accords.', 'The two countries signed 3 agreements.', 'The two countries signed 30 agreements.'],
  ['dizaine', 'Une dizaine de personnes, dont 2 enfants.', 'About ten people, including 2 children.', 'About ten people, including 12 children.'],
  ['un is an article', 'Un homme a été arrêté en 2012.', 'A man was arrested in 2012.', 'A man was arrested in 2021.'],
  ['range with a hyphen', 'Il a gouverné de 2010-2015.', 'He governed from 2010 to 2015.', 'He governed from 2010 to 2016.'],
  ['short range', 'Le plan 2010-2015 est prêt.', 'The 2010-15 plan is ready.', 'The 2010-16 plan is ready.'],
  ['date', 'Le 5 janvier, il a démissionné.', 'On January 5, he resigned.', 'On January 6, he resigned.'],
  ['decade', 'Dans les années 80, la ville a grandi.', 'In the 1980s, the city grew.', 'In the 1990s, the city grew.'],
  ['dollar sign with thousands', 'Ils gagnent moins de 35 000 dollars.', 'They earn less than $35,000.', 'They earn less than $53,000.'],
];

describe('number-mismatch: French and English conventions', () => {
  it.each(CONVENTIONS)('%s: the correct translation is not flagged', (_name, fr, en) => {
    expect(numberFlags(fr, en)).toEqual([]);
  });
  it.each(CONVENTIONS)('%s: a changed number is flagged', (_name, fr, _en, wrong) => {
    expect(numberFlags(fr, wrong)).toHaveLength(1);
  });
});

describe('number-mismatch: what it reports', () => {
  it('names the number missing and the number invented', () => {
    const [flag] = numberFlags('Le PIB a crû de 2,1 % en 2019.', 'GDP grew by 2.1% in 2009.');
    expect(flag).toEqual({
      code: 'number-mismatch',
      message: 'The number 2019 is not in the translation; 2009 is not in the source.',
      detail: { missing: ['2019'], extra: ['2009'] },
    });
  });

  it('reports a dropped number alone, with its magnitude as written', () => {
    const [flag] = numberFlags('Le contrat vaut 2,1 milliards de dollars.', 'The contract is worth billions of dollars.');
    expect(flag?.detail).toEqual({ missing: ['2,1 milliards'], extra: [] });
  });

  it('reports an invented number alone', () => {
    const [flag] = numberFlags('Le ministre a démissionné.', 'The minister resigned on 12 May.');
    expect(flag?.detail).toEqual({ missing: [], extra: ['12'] });
    expect(flag?.message).toBe('12 is not in the source.');
  });

  it('does not flag numbers written as words on either side (translators reword them)', () => {
    expect(numberFlags('Deux hommes et trois femmes.', 'A couple of men and some women.')).toEqual([]);
  });

  it('reads "1,500" in French as 1.5 or 1500 and in English as 1500 only', () => {
    expect(numberFlags('Une hausse de 1,500 point.', 'A rise of 1.5 points.')).toEqual([]);
    expect(numberFlags('Une hausse de 1,5 point.', 'A rise of 1,500 points.')).toHaveLength(1);
  });
});

describe('number-mismatch against Intl.NumberFormat (an independent formatter of both conventions)', () => {
  /** Styles Intl writes French and English numbers in; each keeps the value distinct from its tenfold. */
  const STYLES: { name: string; options: Intl.NumberFormatOptions; scale: (n: number) => number }[] = [
    { name: 'plain', options: { maximumFractionDigits: 2 }, scale: (n) => n },
    { name: 'percent', options: { style: 'percent', maximumFractionDigits: 1 }, scale: (n) => n / 1000 },
    { name: 'euros', options: { style: 'currency', currency: 'EUR' }, scale: (n) => n },
    { name: 'dollars', options: { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }, scale: (n) => n },
    { name: 'compact', options: { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 1 }, scale: (n) => n * 1000 },
  ];

  /** fr-CA separates thousands with U+00A0, fr-FR with U+202F; en-GB and en-US differ on currency. */
  const LOCALES = [
    ['fr-FR', 'en-US'],
    ['fr-CA', 'en-GB'],
  ] as const;

  const pairFor = (value: number, style: (typeof STYLES)[number], englishValue: number, [frLocale, enLocale]: (typeof LOCALES)[number]) => ({
    fr: `Selon le rapport, le chiffre atteint ${new Intl.NumberFormat(frLocale, style.options).format(style.scale(value))} cette année.`,
    en: `According to the report, the figure reaches ${new Intl.NumberFormat(enLocale, style.options).format(style.scale(englishValue))} this year.`,
  });

  const value = fc.oneof(fc.integer({ min: 1, max: 9_999_999 }), fc.double({ min: 0.01, max: 99_999, noNaN: true }).map((x) => Math.round(x * 100) / 100).filter((x) => x > 0));
  const style = fc.constantFrom(...STYLES);
  const locales = fc.constantFrom(...LOCALES);

  it('the same number in both conventions is never flagged', () => {
    fc.assert(
      fc.property(value, style, locales, (v, s, l) => {
        const { fr, en } = pairFor(v, s, v, l);
        expect(numberFlags(fr, en), `${fr} → ${en}`).toEqual([]);
      }),
      { numRuns: 300, seed: 2013 },
    );
  });

  it('the number times ten is always flagged', () => {
    fc.assert(
      fc.property(value, style, locales, (v, s, l) => {
        const { fr, en } = pairFor(v, s, v * 10, l);
        fc.pre(new Intl.NumberFormat('en-US', s.options).format(s.scale(v)) !== new Intl.NumberFormat('en-US', s.options).format(s.scale(v * 10)));
        expect(numberFlags(fr, en), `${fr} → ${en}`).toHaveLength(1);
      }),
      { numRuns: 300, seed: 2013 },
    );
  });
});
