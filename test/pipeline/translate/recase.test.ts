/**
 * Sentences written in capitals go to the model in sentence case and come back in capitals:
 * the detection and the recasing (table-driven), then marian-memo, which reproduces its pairs
 * exactly only from their ordinary case.
 */
import { describe, expect, it } from 'vitest';
import { createTranslator, segment } from '../../../src/index.js';
import { caseHints, isAllCaps, sentenceCase } from '../../../src/pipeline/translate/recase.js';
import { MARIAN_MEMO, MEMO_PAIRS } from '../../helpers.js';
import { scriptedBackend } from './scripted.js';

const none = caseHints([]);

describe('isAllCaps', () => {
  it.each([
    ['LE CHAT DORT SUR LE CANAPÉ DU SALON.', true],
    ['KAZAKHSTAN : LA RÉVOLTE', true],
    ['« NOUS NE CÉDERONS PAS », A DIT LE PRÉSIDENT', true],
    ['Le FMI et l’OTAN se réunissent.', false],
    ['KAZAKHSTAN', false], // one word: a label the model translates as it is
    ['ONU.', false],
    ['Le chat dort sur le canapé du salon.', false],
    ['123 456', false],
  ])('%s → %s', (text, expected) => expect(isAllCaps(text)).toBe(expected));
});

describe('sentenceCase', () => {
  it.each([
    ['LE CHAT DORT SUR LE CANAPÉ DU SALON.', 'Le chat dort sur le canapé du salon.'],
    ['J’AI EXPRIMÉ LA VOLONTÉ DE L’UE', 'J’ai exprimé la volonté de l’UE'],
    ["QU'EST-CE QUE C'EST ?", "Qu'est-ce que c'est ?"],
    ['L’OTAN ET LA SNCF FACE AU COVID-19', 'L’OTAN et la SNCF face au COVID-19'],
    ['« LA FOULE S’EST RASSEMBLÉE »', '« La foule s’est rassemblée »'],
    ['LE G7 SE RÉUNIT', 'Le G7 se réunit'],
  ])('%s → %s', (text, expected) => expect(sentenceCase(text, none)).toBe(expected));

  it('keeps the names and acronyms the document writes in ordinary sentences, and doNotTranslate terms', () => {
    const hints = caseHints(['Le président Tokaïev a parlé à Nour-Sultan.', 'Le parti Nur Otan a voté.', 'Le président a parlé.', 'ACME SE RÉUNIT']);
    expect(sentenceCase('TOKAÏEV ET LE PRÉSIDENT DE NUR OTAN À NOUR-SULTAN', hints)).toBe('Tokaïev et le président de Nur Otan à Nour-Sultan');
    expect(sentenceCase('ACME SE RÉUNIT', hints, ['ACME'])).toBe('ACME se réunit');
  });
});

describe('translating sentences in capitals', () => {
  it('sends the sentence-cased text to the model and returns its translation in capitals, with a recased warning', async () => {
    const backend = scriptedBackend(({ input }) => (input === 'Le chat dort sur le canapé du salon.' ? 'The cat is sleeping on the living room sofa.' : 'Hello.'));
    const result = await createTranslator({ backend }).translate('LE CHAT DORT SUR LE CANAPÉ DU SALON.\nBonjour.');
    expect(backend.calls[0]!.inputs).toEqual(['Le chat dort sur le canapé du salon.', 'Bonjour.']);
    expect(result.sentences.map((s) => [s.source, s.translation])).toEqual([
      ['LE CHAT DORT SUR LE CANAPÉ DU SALON.', 'THE CAT IS SLEEPING ON THE LIVING ROOM SOFA.'],
      ['Bonjour.', 'Hello.'],
    ]);
    expect(result.text).toBe('THE CAT IS SLEEPING ON THE LIVING ROOM SOFA.\nHello.');
    expect(result.warnings.filter((w) => w.code === 'recased').map((w) => w.sentence)).toEqual([0]);
  });

  it('checks and repairs a recased sentence on the text the model saw', async () => {
    // the first answer is the sentence-cased French: untranslated; the repair translates it
    const backend = scriptedBackend(({ input, callIndex }) => (callIndex === 0 ? input : 'The cat is sleeping on the living room sofa.'));
    const result = await createTranslator({ backend }).translate(['LE CHAT DORT SUR LE CANAPÉ DU SALON.']);
    expect(backend.calls.map((c) => c.inputs)).toEqual([['Le chat dort sur le canapé du salon.'], ['Le chat dort sur le canapé du salon.']]);
    expect(result.sentences[0]).toMatchObject({ source: 'LE CHAT DORT SUR LE CANAPÉ DU SALON.', translation: 'THE CAT IS SLEEPING ON THE LIVING ROOM SOFA.', repaired: true, flags: [] });
    expect(result.warnings.map((w) => w.code).sort()).toEqual(['recased', 'repaired']);
  });

  // marian-memo reproduces these pairs exactly (pairs with names need the document's hints, below)
  const plain = MEMO_PAIRS.filter((p) => !/Loukachenko|Kazakhstan|Unicredit|Nazarbayev|Borrell|Allemagne/u.test(p.fr) && /\p{L}{3}.*\s/u.test(p.fr));
  const memo = createTranslator({ model: MARIAN_MEMO, allowRemote: false });

  it('turns memo sentences written in capitals into their exact English in capitals (alone)', { timeout: 60_000 }, async () => {
    expect(plain.length).toBeGreaterThanOrEqual(6);
    const result = await memo.translate(plain.map((p) => p.fr.toUpperCase()));
    expect(result.sentences.map((s) => s.translation)).toEqual(plain.map((p) => p.en.toUpperCase()));
    expect(result.warnings.filter((w) => w.code === 'recased')).toHaveLength(plain.length);
  });

  it('turns a headline in capitals above ordinary text into its own sentence and its English in capitals', { timeout: 60_000 }, async () => {
    const headline = 'PAS MÊME LOUKACHENKO EN BIÉLORUSSIE.';
    const body = [MEMO_PAIRS[6]!.fr, MEMO_PAIRS[1]!.fr].join(' '); // "Pas même Loukachenko en Biélorussie." gives the names their case
    const text = `${headline}\n${body}`;
    expect(segment(text).map((s) => [s.text, s.paragraph])).toEqual([[headline, 0], [MEMO_PAIRS[6]!.fr, 1], [MEMO_PAIRS[1]!.fr, 1]]);
    const result = await memo.translate(text);
    expect(result.sentences.map((s) => s.translation)).toEqual(['NOT EVEN LUKASHENKO IN BELARUS.', MEMO_PAIRS[6]!.en, MEMO_PAIRS[1]!.en]);
    expect(result.text).toBe(`NOT EVEN LUKASHENKO IN BELARUS.\n${MEMO_PAIRS[6]!.en} ${MEMO_PAIRS[1]!.en}`);
  });

  it('is what makes the difference: the capitals as they are do not give the English', { timeout: 60_000 }, async () => {
    // the model's raw output for the capitals, through the backend directly (no recasing)
    const { createTransformersBackend } = await import('../../../src/index.js');
    const raw = createTransformersBackend({ model: MARIAN_MEMO, allowRemote: false });
    const out = await raw.doGenerate({ inputs: plain.map((p) => p.fr.toUpperCase()), maxNewTokens: plain.map(() => 60) });
    const exact = out.outputs.filter((o, i) => o.text === plain[i]!.en).length;
    expect(exact).toBeLessThan(plain.length);
    await raw.doDispose();
    await memo.dispose();
  });
});
