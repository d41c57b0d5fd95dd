/**
 * Glossary and do-not-translate: which constraints each sentence gets (matching rules, the
 * default patterns), validation with clear typed errors, the options reaching the backend (fake),
 * and on the memorising model a glossary term and a URL written by constrained search.
 */
import { describe, expect, it } from 'vitest';
import { InputError, createTranslator } from '../../../src/index.js';
import { checkDoNotTranslate, checkGlossary, constraintsFor, DEFAULT_DO_NOT_TRANSLATE, termRules } from '../../../src/pipeline/translate/constraints.js';
import { createFakeBackend } from '../../../src/testing/index.js';
import { MARIAN_MEMO, MARIAN_TINY, MEMO_PAIRS } from '../../helpers.js';

const rules = (glossary?: Record<string, string> | Map<string, string>, keep?: (string | RegExp)[]) => termRules(glossary, keep ?? []);

describe('constraints of a sentence', () => {
  it.each([
    // [sentence, glossary, constraints]
    ['Pas même Loukachenko en Biélorussie.', { Loukachenko: 'Lukashenka' }, ['Lukashenka']],
    ['LOUKACHENKO parle.', { loukachenko: 'Lukashenka' }, ['Lukashenka']], // case-insensitive
    ['Loukachenkov parle.', { Loukachenko: 'Lukashenka' }, []], // whole words only
    ['La Banque centrale européenne et la banque.', { banque: 'bank', 'Banque centrale européenne': 'European Central Bank' }, ['European Central Bank', 'bank']], // longest first
    ['Le président élu.', { elu: 'elected' }, []], // accents respected
    ['L’élu parle à l’élue.', { élu: 'elected official', élue: 'elected official' }, ['elected official']], // each constraint once
    ['Rien ici.', { Loukachenko: 'Lukashenka' }, []],
    ['Jean-Luc (PS) et a.b.', { 'Jean-Luc': 'J.-L.', '(PS)': '(SP)', 'a.b': 'ab' }, ['J.-L.', '(SP)', 'ab']], // punctuation taken literally
  ] as const)('%s', (sentence, glossary, expected) => {
    expect(constraintsFor(sentence, rules(glossary))).toEqual(expected);
  });

  it('keeps URLs, e-mail addresses, @handles and #hashtags by default, without the sentence\'s closing punctuation', () => {
    const r = termRules(undefined, undefined);
    expect(constraintsFor('Voir https://example.com/a?b=1. Fin.', r)).toEqual(['https://example.com/a?b=1']);
    expect(constraintsFor('Écrivez à jean.dupont@exemple.fr ou à @LeMonde (#Kazakhstan, #1).', r)).toEqual(['jean.dupont@exemple.fr', '@LeMonde', '#Kazakhstan']);
    expect(constraintsFor('Le site www.lemonde.fr, puis rien.', r)).toEqual(['www.lemonde.fr']);
    expect(constraintsFor('Il a 3 # et 2 @ seuls.', r)).toEqual([]);
    expect(DEFAULT_DO_NOT_TRANSLATE).toHaveLength(4);
  });

  it('keeps given strings (whole words) and patterns verbatim, and a glossary term inside a kept span gives no constraint', () => {
    const r = rules({ Monde: 'World' }, ['Le Monde', /\bCOVID-\d+\b/u]);
    expect(constraintsFor('Selon Le Monde, le COVID-19 recule dans le Monde.', r)).toEqual(['Le Monde', 'COVID-19', 'World']);
    expect(constraintsFor('Selon Le Mondeux.', rules(undefined, ['Le Monde']))).toEqual([]);
  });
});

describe('validation', () => {
  it.each([
    [{ Loukachenko: 'A', loukachenko: 'B' }, /two entries for one term: "Loukachenko" and "loukachenko"/],
    [{ '': 'x' }, /every term of `glossary`/],
    [{ chat: '' }, /translation of "chat" in `glossary`/],
    [{ chat: 3 }, /translation of "chat" in `glossary` to be a non-empty string, got number 3/],
    [['chat', 'cat'], /object or a Map/],
    [new Map<unknown, unknown>([[1, 'x']]), /every term of `glossary`/],
  ])('glossary %j is refused', (glossary, message) => {
    expect(() => checkGlossary(glossary)).toThrow(InputError);
    expect(() => checkGlossary(glossary)).toThrow(message);
  });

  it.each([
    [[/x*/], /`doNotTranslate\[0\]` \(\/x\*\/\) matches the empty string/],
    [['ok', ''], /`doNotTranslate\[1\]` to be a non-empty string or a RegExp/],
    [[42], /got number 42/],
    ['https://', /an array of strings or RegExps/],
  ])('doNotTranslate %j is refused', (list, message) => {
    expect(() => checkDoNotTranslate(list)).toThrow(message);
  });

  it('refuses bad options at createTranslator and on each call with InputError naming the option', async () => {
    expect(() => createTranslator({ backend: createFakeBackend(), glossary: { a: 'x', A: 'y' } })).toThrow(InputError);
    expect(() => createTranslator({ backend: createFakeBackend(), doNotTranslate: [/(?:)/] })).toThrow(/doNotTranslate/);
    const translator = createTranslator({ backend: createFakeBackend() });
    for (const options of [
      { glossary: { chat: '' } },
      { doNotTranslate: [''] },
      { alternatives: -1 },
      { alternatives: 1.5 },
      { generation: { repetitionPenalty: 0 } },
      { generation: { repetitionPenalty: Number.NaN } },
      { generation: { noRepeatNgramSize: -1 } },
    ]) {
      await expect(translator.translate('Le chat dort.', options as never)).rejects.toBeInstanceOf(InputError);
    }
  });
});

describe('plumbing (fake backend)', () => {
  it('sends each piece its constraints (only when some piece has one), the call\'s glossary winning over the translator\'s', async () => {
    const backend = createFakeBackend();
    const translator = createTranslator({ backend, glossary: { chat: 'cat' } });
    await translator.translate(['Le chat dort.', 'Il pleut.']);
    expect(backend.calls.at(-1)!.constraints).toEqual([['cat'], []]);
    await translator.translate(['Le chat dort.'], { glossary: { chien: 'dog' } });
    expect(backend.calls.at(-1)!.constraints).toBeUndefined(); // the call's glossary replaces the translator's
    await translator.translate(['Il pleut.']);
    expect(backend.calls.at(-1)!.constraints).toBeUndefined();
    await translator.translate(['Voir https://example.com.'], { doNotTranslate: [] });
    expect(backend.calls.at(-1)!.constraints).toBeUndefined();
  });

  it('reports a constraint the output lacks as `constraint-unmet`, and the fake\'s upper-cased output that has it as met', async () => {
    const backend = createFakeBackend({ transform: (s) => s.replace('chat', 'cat') });
    const translator = createTranslator({ backend });
    const result = await translator.translate(['Le chat dort.', 'Le chien dort.'], { glossary: { chat: 'cat', chien: 'dog' } });
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'constraint-unmet', sentence: 1, message: expect.stringContaining('"dog"') })]);
  });

  it('passes the repetition penalty, n-gram size and alternatives, raises beams to n + 1, and puts alternatives on unsplit sentences', async () => {
    const backend = createFakeBackend();
    const translator = createTranslator({ backend, beams: 2 });
    const result = await translator.translate(['Le chat dort.'], { alternatives: 3, generation: { repetitionPenalty: 1.2, noRepeatNgramSize: 3 } });
    expect(backend.calls.at(-1)).toMatchObject({ beams: 4, alternatives: 3, repetitionPenalty: 1.2, noRepeatNgramSize: 3 });
    expect(result.sentences[0]!.alternatives).toEqual([
      { translation: 'LE CHAT DORT. +', score: expect.any(Number) },
      { translation: 'LE CHAT DORT. + +', score: expect.any(Number) },
      { translation: 'LE CHAT DORT. + + +', score: expect.any(Number) },
    ]);
    const unset = createTranslator({ backend: createFakeBackend() }); // no beam count: the backend raises its own
    expect((await unset.translate(['Le chat dort.'], { alternatives: 1 })).sentences[0]!.alternatives).toHaveLength(1);
    const plain = await translator.translate(['Le chat dort.']);
    expect(plain.sentences[0]!.alternatives).toBeUndefined();
    expect(backend.calls.at(-1)!.alternatives).toBeUndefined();
  });

  it('gives no alternatives to a sentence translated in pieces', async () => {
    const backend = createFakeBackend({ maxInputTokens: 8 });
    const translator = createTranslator({ backend, beams: 4 });
    const long = 'Le chat dort sur le canapé du salon pendant que le chien joue dans le jardin avec les enfants du voisin.';
    const result = await translator.translate([long, 'Le chat dort.'], { alternatives: 1 });
    expect(result.warnings.some((w) => w.code === 'sentence-split')).toBe(true);
    expect(result.sentences[0]!.alternatives).toBeUndefined();
    expect(result.sentences[1]!.alternatives).toHaveLength(1);
  });
});

describe('repetition controls reach the lean decoder (marian-tiny, whose output loops)', () => {
  it('noRepeatNgramSize and repetitionPenalty change the looping output; 1 and 0 leave it alone', async () => {
    const translator = createTranslator({ model: MARIAN_TINY, allowRemote: false, beams: 1, repair: false }); // the first pass is the subject: repair would undo the loop
    const plain = (await translator.translate(['Le chat dort.'])).text;
    expect(plain).toMatch(/U U U/); // "say say sayyy U U U Ulles…"
    const ngram = (await translator.translate(['Le chat dort.'], { generation: { noRepeatNgramSize: 1 } })).text;
    const penalised = (await translator.translate(['Le chat dort.'], { generation: { repetitionPenalty: 3 } })).text;
    for (const t of [ngram, penalised]) {
      expect(t).not.toBe(plain);
      expect(t).not.toMatch(/U U U/);
    }
    expect((await translator.translate(['Le chat dort.'], { generation: { repetitionPenalty: 1, noRepeatNgramSize: 0 } })).text).toBe(plain);
    await translator.dispose();
  }, 60_000);
});

describe('on the memorising model (marian-memo)', () => {
  const pair = MEMO_PAIRS.find((p) => p.fr.includes('Loukachenko'))!;

  it('writes the glossary\'s "Lukashenka" for Loukachenko, at the default beams and with beams 1, where the model alone writes "Lukashenko"', async () => {
    const translator = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
    const plain = await translator.translate([pair.fr]);
    expect(plain.text).toBe(pair.en); // "Not even Lukashenko in Belarus."
    for (const beams of [undefined, 1]) {
      const result = await translator.translate([pair.fr], { glossary: { Loukachenko: 'Lukashenka' }, ...(beams ? { generation: { beams } } : {}) });
      expect(result.text).toMatch(/\bLukashenka\b/);
      expect(result.warnings.filter((w) => w.code === 'constraint-unmet')).toEqual([]);
    }
    await translator.dispose();
  }, 60_000);

  it('keeps a URL verbatim by default, and gives alternatives with scores below the output\'s', async () => {
    const translator = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
    const url = 'https://example.com/kz/2022';
    const result = await translator.translate([`Pas même Loukachenko en Biélorussie, voir ${url}.`], { alternatives: 2 });
    expect(result.text).toContain(url);
    const s = result.sentences[0]!;
    expect(s.alternatives).toHaveLength(2);
    for (const a of s.alternatives!) {
      expect(a.score).toBeLessThanOrEqual(s.score!);
      expect(a.translation).toContain(url); // alternatives meet the constraints too
    }
    const off = await translator.translate([`Pas même Loukachenko en Biélorussie, voir ${url}.`], { doNotTranslate: [] });
    expect(off.text).not.toContain(url); // the model alone cannot write it
    await translator.dispose();
  }, 60_000);
});
