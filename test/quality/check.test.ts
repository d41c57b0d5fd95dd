/**
 * checkTranslation: every flag code, flagged and not, on hand-made pairs (the numbers have their
 * own table in numbers.test.ts; newstest.test.ts measures the checker on human translations).
 */
import { describe, expect, it } from 'vitest';
import { checkTranslation, QUALITY_FLAG_CODES, type CheckOptions, type QualityFlagCode } from '../../src/quality/index.js';

const codes = (fr: string, en: string, options?: CheckOptions) => checkTranslation(fr, en, options).map((f) => f.code);

const FR = 'Le président Noursoultan Nazarbaïev a rencontré Alexandre Loukachenko à Moscou mardi.';
const EN = 'President Nursultan Nazarbayev met Alexander Lukashenko in Moscow on Tuesday.';

/** [code, French, English, options, flagged?]: each code's rows, a good pair (false) and a bad one (true). */
const ROWS: [QualityFlagCode, string, string, CheckOptions | undefined, boolean][] = [
  ['number-mismatch', 'Le PIB a crû de 2,1 % en 2019.', 'GDP grew by 2.1% in 2019.', undefined, false],
  ['number-mismatch', 'Le PIB a crû de 2,1 % en 2019.', 'GDP grew by 2.1% in 2009.', undefined, true],
  ['untranslated', FR, EN, undefined, false],
  ['untranslated', FR, FR, undefined, true],
  ['untranslated', 'Le gouvernement a annoncé de nouvelles mesures pour soutenir les entreprises en difficulté.', 'The government announced de nouvelles mesures pour soutenir les entreprises en difficulté.', undefined, true],
  ['untranslated', 'Vive la France !', 'Vive la France!', undefined, false], // too short to judge
  ['length-ratio', 'Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les entreprises en difficulté.', 'On Tuesday the government announced new measures to support struggling companies.', undefined, false],
  ['length-ratio', 'Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les entreprises en difficulté.', 'On Tuesday the government.', undefined, true],
  [
    'length-ratio',
    'Le gouvernement a annoncé mardi de nouvelles mesures.',
    'On Tuesday the government announced new measures, while opposition parties, trade unions and employers all said that they had not been consulted at any point in the months before.',
    undefined,
    true,
  ],
  ['length-ratio', 'Le gouvernement a annoncé mardi de nouvelles mesures.', '', undefined, true],
  // long but within the human range: flagged only when what makes it long is not in the source
  // (words nothing in the source accounts for, or names)
  [
    'length-ratio',
    'Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les entreprises en difficulté.',
    'On Tuesday the government announced a set of new measures intended to support the companies that are in difficulty.',
    undefined,
    false,
  ],
  [
    'length-ratio',
    'Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les entreprises en difficulté.',
    'On Tuesday the government announced new measures to support struggling companies, while farmers blocked roads near the capital.',
    undefined,
    true,
  ],
  [
    'length-ratio',
    'Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les entreprises en difficulté.',
    'On Tuesday the government announced new measures to support struggling companies, as Angela Merkel had asked them to do.',
    undefined,
    true,
  ],
  ['repetition', FR, EN, undefined, false],
  ['repetition', 'Le gouvernement a annoncé de nouvelles mesures.', 'The government announced new new new new measures.', undefined, true],
  ['repetition', 'Le gouvernement a annoncé de nouvelles mesures.', 'The government announced new measures for the country for the country for the country.', undefined, true],
  ['repetition', 'Non, non et non, a-t-il dit : non, non, non.', 'No, no and no, he said: no, no, no.', undefined, false], // the source loops too
  ['name-missing', FR, EN, undefined, false],
  ['name-missing', FR, 'President Nursultan met Alexander Lukashenko in Moscow on Tuesday.', undefined, true],
  ['name-missing', 'Le Premier ministre a parlé au Parlement européen lundi.', 'The Prime Minister spoke to the European Parliament on Monday.', undefined, false], // titles, institutions, days
  ['name-missing', 'Il vit en Allemagne depuis que Merkel gouverne.', 'He has lived in Germany since Merkel has been governing.', undefined, false], // exonym
  ['name-missing', 'Il vit en Allemagne depuis que Merkel gouverne.', 'He has lived in Austria since Merkel has been governing.', undefined, true],
  ['truncated', FR, EN, { finished: true }, false],
  ['truncated', FR, EN, { finished: false }, true],
  ['low-score', FR, EN, { score: -0.4, minScore: -1 }, false],
  ['low-score', FR, EN, { score: -1.4, minScore: -1 }, true],
  ['low-score', FR, EN, { score: -1.4 }, false], // no threshold: off
  ['glossary-missed', FR, EN, { glossary: { Moscou: 'Moscow' } }, false],
  ['glossary-missed', FR, EN, { glossary: { mardi: 'on Tuesday' } }, false],
  ['glossary-missed', FR, EN, { glossary: { Moscou: 'the Russian capital' } }, true],
  ['glossary-missed', FR, EN, { glossary: new Map([['président', 'head of state']]) }, true],
  ['glossary-missed', 'Il a lu le rapport.', 'He read the report.', { glossary: { rapport: 'review' } }, true],
  ['glossary-missed', 'Il a lu les rapports.', 'He read the reports.', { glossary: { rapport: 'review' } }, false], // word-bounded
  ['glossary-missed', 'Voir le dossier FR-2024-17 et le code X9.', 'See file FR-2024-17 and code X9.', { doNotTranslate: ['FR-2024-17', /\bX\d\b/] }, false],
  ['glossary-missed', 'Voir le dossier FR-2024-17 et le code X9.', 'See file FR-2024-71 and code X9.', { doNotTranslate: ['FR-2024-17'] }, true],
  ['glossary-missed', 'Voir le dossier FR-2024-17 et le code X9.', 'See file FR-2024-17 and code x9.', { doNotTranslate: [/\bX\d\b/] }, true],
];

describe('checkTranslation: each code, flagged and not', () => {
  it.each(ROWS.map(([code, fr, en, options, flagged]) => ({ code, fr, en, options, flagged, name: `${code} ${flagged ? 'flagged' : 'not flagged'}: ${en.slice(0, 50)}` })))(
    '$name',
    ({ code, fr, en, options, flagged }) => {
      expect(codes(fr, en, options).includes(code)).toBe(flagged);
    },
  );

  it('every code but inconsistent-name (the pipeline raises it) has rows both ways', () => {
    for (const code of QUALITY_FLAG_CODES.filter((c) => c !== 'inconsistent-name')) {
      expect(ROWS.some((r) => r[0] === code && r[4]), code).toBe(true);
      expect(ROWS.some((r) => r[0] === code && !r[4]), code).toBe(true);
    }
  });
});

describe('checkTranslation: names', () => {
  it.each([
    ['Nazarbaïev', 'Nazarbayev'],
    ['Loukachenko', 'Lukashenko'],
    ['Moukhtar', 'Mukhtar'],
    ['Abliazov', 'Ablyazov'],
    ['Tchernychenko', 'Chernyshenko'],
    ['Moscou', 'Moscow'],
    ['Pékin', 'Beijing'],
  ])('%s may be written %s', (french, english) => {
    expect(codes(`Hier, le ministre a reçu ${french} au palais.`, `Yesterday the minister received ${english} at the palace.`)).toEqual([]);
  });

  it('names the missing name', () => {
    const flag = checkTranslation(FR, 'President Nursultan met Alexander Lukashenko in Moscow on Tuesday.').find((f) => f.code === 'name-missing');
    expect(flag).toEqual({ code: 'name-missing', message: 'The name Nazarbaïev is not in the translation.', detail: { missing: ['Nazarbaïev'] } });
  });

  it('a name after a title abbreviation is checked ("M." does not end a sentence)', () => {
    expect(codes('Selon M. Zambito, tout va bien.', 'According to Mr Zambito, all is well.')).toEqual([]);
    expect(codes('Selon M. Zambito, tout va bien.', 'According to him, all is well.')).toEqual(['name-missing']);
  });

  it('does not take a capitalised first word for a name', () => {
    expect(codes('Hier, il pleuvait.', 'It rained yesterday.')).toEqual([]);
  });
});

describe('checkTranslation: options and messages', () => {
  it('returns an empty array for a good translation', () => {
    expect(checkTranslation(FR, EN)).toEqual([]);
  });

  it('skip leaves the listed codes out', () => {
    expect(codes(FR, FR)).toContain('untranslated');
    expect(codes(FR, FR, { skip: ['untranslated'] })).not.toContain('untranslated');
    expect(codes(FR, EN, { finished: false, skip: ['truncated'] })).toEqual([]);
  });

  it('says what the loop is', () => {
    const flag = checkTranslation('Il a parlé.', 'He spoke spoke spoke spoke.').find((f) => f.code === 'repetition');
    expect(flag).toEqual({ code: 'repetition', message: '"spoke" is repeated 4 times in a row.', detail: { phrase: 'spoke', times: 4 } });
  });

  it('says which glossary term and which verbatim string were missed', () => {
    const flag = checkTranslation('Le rapport FR-17 est prêt.', 'The report FR 17 is ready.', { glossary: { rapport: 'review' }, doNotTranslate: ['FR-17'] }).find(
      (f) => f.code === 'glossary-missed',
    );
    expect(flag?.message).toBe('"rapport" should be translated "review" and "FR-17" should be kept as is.');
    expect(flag?.detail).toEqual({ terms: [{ french: 'rapport', english: 'review' }], verbatim: ['FR-17'] });
  });

  it('gives the length range human translations have', () => {
    const flag = checkTranslation('Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les entreprises en difficulté.', 'On Tuesday the government.').find(
      (f) => f.code === 'length-ratio',
    );
    const detail = flag?.detail as { expected: { min: number; max: number }; translationChars: number };
    expect(detail.translationChars).toBe(26);
    expect(detail.expected.min).toBeGreaterThan(26);
    expect(detail.expected.max).toBeGreaterThan(detail.expected.min);
    expect(flag?.message).toMatch(/^The translation has 26 characters; human translations of a 97-character source have \d+ to \d+: part of the source may be missing\.$/);
  });

  it('says which names a long translation brings', () => {
    const flag = checkTranslation(
      'Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les entreprises en difficulté.',
      'On Tuesday, Angela Merkel and the government announced some new measures to support the companies in difficulty.',
    ).find((f) => f.code === 'length-ratio');
    expect(flag?.message).toMatch(/^The translation is long for its source \(112 characters for 97; human translations seldom pass \d+\) and has names the source does not \(Angela and Merkel\): it may say things the source does not\.$/);
    expect(flag?.detail).toMatchObject({ newNames: ['Angela', 'Merkel'] });
  });

  it('quotes the longest stretch of a long translation that the source does not support', () => {
    const flag = checkTranslation(
      'Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les entreprises en difficulté.',
      'On Tuesday the government announced new measures to support struggling companies, while farmers blocked roads near the capital.',
    ).find((f) => f.code === 'length-ratio');
    expect(flag?.message).toMatch(
      /^The translation is long for its source \(127 characters for 97; at most \d+ expected\) and \d+ of its words have no counterpart in the source \(longest stretch: "[^"]*farmers blocked roads near the capital"\): it may say things the source does not\.$/,
    );
    expect(flag?.detail).toMatchObject({ sourceChars: 97, translationChars: 127, unsupportedRun: expect.stringContaining('farmers blocked roads') });
    expect((flag?.detail as { expected: { max: number } }).expected.max).toBeLessThan(127);
  });

  it('an untranslated output is not also reported for its names', () => {
    expect(codes(FR, FR)).toEqual(['untranslated']);
  });
});
