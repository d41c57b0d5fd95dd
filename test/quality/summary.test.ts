/**
 * vetSummary: what an English summary invents (a figure, a name) is flagged; what it leaves out is not.
 */
import { describe, expect, it } from 'vitest';
import { vetSummary } from '../../src/quality/index.js';

const ARTICLE =
  'Le président kazakh Kassym-Jomart Tokaïev a limogé mercredi le gouvernement après des manifestations à Almaty. ' +
  'Le prix du gaz liquéfié avait doublé le 1er janvier, passant de 60 à 120 tenges le litre. ' +
  'Selon le ministère de l\'Intérieur, 8 policiers ont été tués et 317 blessés.';

describe('vetSummary', () => {
  it.each([
    ['a faithful summary', 'Kazakh President Tokayev dismissed the government after protests in Almaty over gas prices.'],
    ['a summary that omits most figures', 'Protests in Almaty over a doubling of gas prices led Tokayev to dismiss the government; 8 police officers died.'],
    ['figures in words and other conventions', 'Gas prices doubled on January 1st, from 60 to 120 tenge a litre; eight police officers were killed.'],
    ['a summary of the English translation', 'Kassym-Jomart Tokayev dismissed the government.'],
  ])('%s is not flagged', (_name, summary) => {
    expect(vetSummary(ARTICLE, summary)).toEqual([]);
  });

  it('flags an invented figure with number-mismatch, naming it', () => {
    expect(vetSummary(ARTICLE, 'Eighteen police officers were killed and 371 injured in Almaty.')).toEqual([
      { code: 'number-mismatch', message: '371 is not in the source.', detail: { missing: [], extra: ['371'] } },
    ]);
  });

  it('flags an invented name with name-missing (detail.invented)', () => {
    expect(vetSummary(ARTICLE, 'President Tokayev and Vladimir Putin dismissed the government after protests in Almaty.')).toEqual([
      { code: 'name-missing', message: 'The names Vladimir and Putin in the summary are not in the source.', detail: { invented: ['Vladimir', 'Putin'] } },
    ]);
  });

  it('reads the source with French or English conventions', () => {
    expect(vetSummary('Le budget est de 2,5 milliards d\'euros.', 'The budget is €2.5bn.')).toEqual([]);
    expect(vetSummary('The budget is €2.5 billion.', 'The budget is €2.5bn.')).toEqual([]);
    expect(vetSummary('The budget is €2.5 billion.', 'The budget is €25bn.')).toHaveLength(1);
  });

  it('returns nothing for an empty summary', () => {
    expect(vetSummary(ARTICLE, '  ')).toEqual([]);
  });
});
