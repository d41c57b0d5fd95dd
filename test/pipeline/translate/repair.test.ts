/**
 * Flags on every translated sentence, and repair: a sentence flagged for a decoding failure is
 * decoded once more, with a stronger setting, together with the other flagged ones; the better
 * translation is kept. Runs on the scripted fake backend (no model).
 */
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../src/index.js';
import { scriptedBackend } from './scripted.js';

const LOOP = 'the cat the cat the cat the cat the cat';
const clean: Record<string, string> = {
  'Le chat dort sur le canapé du salon.': 'The cat is sleeping on the living room sofa.',
  'Il pleut aujourd’hui.': 'It is raining today.',
  'Merci beaucoup pour votre aide.': 'Thank you very much for your help.',
};
const codes = (flags: readonly { code: string }[]) => flags.map((f) => f.code);

describe('flags', () => {
  it('gives every sentence its flags ([] when clean) and the result its flag counts', async () => {
    const backend = scriptedBackend(({ input }) => (input === 'Le chat dort sur le canapé du salon.' ? LOOP : clean[input]!));
    const translator = createTranslator({ backend, repair: false });
    const result = await translator.translate('Le chat dort sur le canapé du salon. Il pleut aujourd’hui. Merci beaucoup pour votre aide.');
    expect(result.sentences.map((s) => s.flags.length > 0)).toEqual([true, false, false]);
    expect(codes(result.sentences[0]!.flags)).toContain('repetition');
    expect(result.flagCounts.repetition).toBe(1);
    expect(Object.values(result.flagCounts).every((n) => n === 1)).toBe(true);
    expect(backend.calls).toHaveLength(1); // `repair: false`: reported, not retried
    expect(result.sentences[0]!.repaired).toBeUndefined();
  });

  it('flags an output that is the French itself, and one cut at its cap', async () => {
    const backend = scriptedBackend(({ input }) => (input === 'Le chat dort sur le canapé du salon.' ? input : `${clean[input]} ${'and more words '.repeat(10)}`));
    const translator = createTranslator({ backend, repair: false });
    const result = await translator.translate(['Le chat dort sur le canapé du salon.', 'Merci beaucoup pour votre aide.'], { generation: { maxNewTokens: 10 } });
    expect(codes(result.sentences[0]!.flags)).toContain('untranslated');
    expect(codes(result.sentences[1]!.flags)).toContain('truncated');
    expect(result.flagCounts).toMatchObject({ untranslated: 1, truncated: 1 });
  });

  it('flags sentences of HTML input too', async () => {
    const backend = scriptedBackend(({ input }) => (input === 'Le chat dort sur le canapé du salon.' ? LOOP : clean[input]!));
    const result = await createTranslator({ backend, repair: false }).translate('<p>Le chat dort sur le canapé du salon.</p><p>Merci beaucoup pour votre aide.</p>', { inputFormat: 'html' });
    expect(result.text).toContain('<p>Thank you very much for your help.</p>');
    expect(result.sentences.map((s) => s.flags.length > 0)).toEqual([true, false]);
    expect(result.flagCounts.repetition).toBe(1);
  });

  it('gives passed-through sentences no flags', async () => {
    const backend = scriptedBackend(({ input }) => input);
    const result = await createTranslator({ backend }).translate('The cat is sleeping on the living room sofa. It is raining.', { onNonFrench: 'skip' });
    expect(result.sentences.map((s) => s.flags)).toEqual([[], []]);
    expect(result.flagCounts).toEqual({});
    expect(backend.calls).toHaveLength(0);
  });
});

describe('repair', () => {
  it('decodes a looping sentence again with the stronger setting and keeps the clean translation', async () => {
    const backend = scriptedBackend(({ input, callIndex }) => (input === 'Le chat dort sur le canapé du salon.' && callIndex === 0 ? LOOP : clean[input]!));
    const translator = createTranslator({ backend, beams: 1 });
    const result = await translator.translate('Il pleut aujourd’hui. Le chat dort sur le canapé du salon. Merci beaucoup pour votre aide.');
    expect(result.sentences.map((s) => s.translation)).toEqual(['It is raining today.', 'The cat is sleeping on the living room sofa.', 'Thank you very much for your help.']);
    expect(result.sentences[1]!).toMatchObject({ repaired: true, flags: [] });
    expect(result.sentences[0]!.repaired).toBeUndefined();
    expect(result.flagCounts).toEqual({});
    // only the flagged sentence, once, with the ladder's setting
    expect(backend.calls).toHaveLength(2);
    expect(backend.calls[1]).toMatchObject({ inputs: ['Le chat dort sur le canapé du salon.'], beams: 4, noRepeatNgramSize: 3, repetitionPenalty: 1.2 });
    expect(result.warnings.filter((w) => w.code === 'repaired').map((w) => w.sentence)).toEqual([1]);
  });

  it('re-runs the flagged sentences together, in one batch, with twice the beams', async () => {
    const backend = scriptedBackend(({ input, callIndex }) => (callIndex === 0 && input !== 'Il pleut aujourd’hui.' ? input : clean[input]!));
    const translator = createTranslator({ backend, beams: 3 });
    const result = await translator.translate('Le chat dort sur le canapé du salon. Il pleut aujourd’hui. Merci beaucoup pour votre aide.');
    expect(backend.calls).toHaveLength(2);
    expect(backend.calls[1]).toMatchObject({ inputs: ['Le chat dort sur le canapé du salon.', 'Merci beaucoup pour votre aide.'], beams: 6 });
    expect(result.sentences.map((s) => s.repaired === true)).toEqual([true, false, true]);
    expect(result.text).toBe('The cat is sleeping on the living room sofa. It is raining today. Thank you very much for your help.');
  });

  it('keeps the first translation, still flagged, when the repair is worse', async () => {
    // the repair loops too, and longer than its cap: more flags than the first translation
    const backend = scriptedBackend(({ input, callIndex }) => (callIndex === 0 ? LOOP : `${LOOP} ${LOOP} ${LOOP} ${LOOP}`));
    const result = await createTranslator({ backend }).translate(['Le chat dort sur le canapé du salon.'], { generation: { maxNewTokens: 12 } });
    expect(backend.calls).toHaveLength(2);
    expect(result.sentences[0]!.translation).toBe(LOOP);
    expect(result.sentences[0]!.repaired).toBeUndefined();
    expect(codes(result.sentences[0]!.flags)).toContain('repetition');
    expect(result.warnings.map((w) => w.code)).not.toContain('repaired');
  });

  it('gives a cut sentence a doubled cap, and drops its output-truncated warning once repaired', async () => {
    const long = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen';
    const backend = scriptedBackend(() => long);
    const result = await createTranslator({ backend }).translate(['Le chat dort.']);
    // default cap: 1.5 × 4 source tokens + 10 = 16 (15 words and the end token do not fit)
    expect(backend.calls.map((c) => c.maxNewTokens)).toEqual([[16], [32]]);
    expect(result.sentences[0]).toMatchObject({ translation: long, repaired: true, flags: [] });
    expect(result.warnings.map((w) => w.code)).toEqual(['repaired']);
  });

  it('keeps a cap the call asked for: a cut sentence is flagged, not retried', async () => {
    const backend = scriptedBackend(() => 'one two three four five six');
    const result = await createTranslator({ backend }).translate(['Le chat dort.'], { generation: { maxNewTokens: 3 } });
    expect(backend.calls).toHaveLength(1);
    expect(codes(result.sentences[0]!.flags)).toEqual(['truncated']);
  });

  it('is off per call with `repair: false`, and on again per call over a translator’s `repair: false`', async () => {
    const script = ({ input, callIndex }: { input: string; callIndex: number }) => (callIndex === 0 ? input : clean[input]!);
    const a = scriptedBackend(script);
    await createTranslator({ backend: a }).translate(['Le chat dort sur le canapé du salon.'], { repair: false });
    expect(a.calls).toHaveLength(1);
    const b = scriptedBackend(script);
    const result = await createTranslator({ backend: b, repair: false }).translate(['Le chat dort sur le canapé du salon.'], { repair: true });
    expect(b.calls).toHaveLength(2);
    expect(result.sentences[0]!.translation).toBe('The cat is sleeping on the living room sofa.');
  });

  it('streams in document order, the repaired sentence in its place', async () => {
    const backend = scriptedBackend(({ input, call }) => (input === 'Il pleut aujourd’hui.' && call.beams !== 4 ? LOOP : clean[input]!));
    const translator = createTranslator({ backend, batchSize: 1, beams: 1 });
    const seen = [];
    for await (const s of translator.translateStream('Le chat dort sur le canapé du salon. Il pleut aujourd’hui. Merci beaucoup pour votre aide.')) seen.push(s);
    expect(seen.map((s) => s.index)).toEqual([0, 1, 2]);
    expect(seen.map((s) => s.translation)).toEqual(['The cat is sleeping on the living room sofa.', 'It is raining today.', 'Thank you very much for your help.']);
    expect(seen[1]).toMatchObject({ repaired: true, flags: [] });
    expect(seen[1]!.warnings.map((w) => w.code)).toEqual(['repaired']);
  });

  it('rejects a wrong quality option with InputError naming it', async () => {
    const backend = scriptedBackend(({ input }) => input);
    expect(() => createTranslator({ backend, repair: 'yes' as never })).toThrow(/`repair`/);
    await expect(createTranslator({ backend }).translate('Le chat dort sur le canapé du salon.', { minScore: 2 })).rejects.toMatchObject({ code: 'INPUT', option: 'minScore' });
    await expect(createTranslator({ backend }).translate('Le chat dort sur le canapé du salon.', { doNotTranslate: [3 as never] })).rejects.toMatchObject({ option: 'doNotTranslate' });
  });
});
