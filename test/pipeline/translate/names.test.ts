/**
 * One name, one spelling: a name the French repeats is written the same way in every sentence;
 * sentences that drifted are translated again with the chosen spelling as a constraint, and a
 * spelling that could not be enforced is flagged `inconsistent-name`. Scripted fake backend.
 */
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../src/index.js';
import { findRendering, namesOf, renderingDistance, repeatedNames } from '../../../src/pipeline/translate/names.js';
import { scriptedBackend, type ScriptRow } from './scripted.js';

const FRENCH = [
  'Le président Nazarbaïev a quitté Almaty.',
  'Selon ses proches, Nazarbaïev est malade depuis longtemps.',
  'Nazarbaïev reste en contact avec le gouvernement.',
];
const FIRST: Record<string, string> = {
  [FRENCH[0]!]: 'President Nazarbayev left Almaty.',
  [FRENCH[1]!]: 'According to his relatives, Nazarbaev has been ill for a long time.',
  [FRENCH[2]!]: 'Nazarbaiev remains in contact with the government.',
};
/** Writes the constraint's spelling when there is one (as a constrained search would). */
const honour = ({ input, constraints }: ScriptRow) =>
  constraints.reduce((text, spelling) => text.replace(/Nazarba\w+/u, spelling), FIRST[input]!);

describe('names', () => {
  it.each([
    ['Nazarbaïev', 'Nazarbayev', true],
    ['Nazarbaïev', 'Nazarbaev', true],
    ['Loukachenko', 'Lukashenko', true],
    ['Nour-Sultan', 'Nur-Sultan', true],
    ['Almaty', 'Almaty', true],
    ['Nazarbaïev', 'Nursultan', false],
    ['Allemagne', 'Germany', false],
  ])('%s is rendered %s: %s', (name, word, expected) => {
    expect(renderingDistance(name, word) !== undefined).toBe(expected);
  });

  it('finds the names of a sentence; a first word only when the document capitalises it elsewhere', () => {
    expect(namesOf('Le dissident accuse « l’Occident » par Nazarbayev.')).toEqual({ names: ['Occident', 'Nazarbayev'] });
    expect(namesOf('Nazarbaïev reste.')).toEqual({ names: [], first: 'Nazarbaïev' });
    expect(repeatedNames(FRENCH)).toEqual(new Map([['Nazarbaïev', [0, 1, 2]]]));
    expect(repeatedNames(['Pour la paix.', 'Il parle pour Paris.', 'Pour Paris.'])).toEqual(new Map([['Paris', [1, 2]]]));
    expect(findRendering('Nazarbaïev', 'He met Nazarbayev’s son in Almaty.')).toBe('Nazarbayev');
  });

  it('writes a repeated name the way its first sentence does, re-translating the others with a constraint', async () => {
    const backend = scriptedBackend(honour);
    const result = await createTranslator({ backend }).translate(FRENCH.join(' '));
    expect(result.sentences.map((s) => s.translation)).toEqual([
      'President Nazarbayev left Almaty.',
      'According to his relatives, Nazarbayev has been ill for a long time.',
      'Nazarbayev remains in contact with the government.',
    ]);
    expect(backend.calls).toHaveLength(2);
    expect(backend.calls[1]).toMatchObject({ inputs: [FRENCH[1], FRENCH[2]], constraints: [['Nazarbayev'], ['Nazarbayev']] });
    expect(result.flagCounts).toEqual({});
  });

  it('flags inconsistent-name where the backend did not write the spelling', async () => {
    const backend = scriptedBackend(({ input }) => FIRST[input]!); // ignores constraints
    const result = await createTranslator({ backend }).translate(FRENCH.join(' '));
    expect(result.sentences.map((s) => s.translation)).toEqual(FRENCH.map((f) => FIRST[f]));
    expect(result.sentences[0]!.flags).toEqual([]);
    expect(result.sentences[1]!.flags).toContainEqual(
      expect.objectContaining({ code: 'inconsistent-name', detail: { name: 'Nazarbaïev', expected: 'Nazarbayev', found: 'Nazarbaev' } }),
    );
    expect(result.flagCounts['inconsistent-name']).toBe(2);
  });

  it('flags inconsistent-name where the search reports the constraint unmet, and keeps the first translation', async () => {
    const backend = scriptedBackend(honour, ({ input, constraints }) => (input === FRENCH[2] && constraints.length > 0 ? [0] : undefined));
    const result = await createTranslator({ backend }).translate(FRENCH.join(' '));
    expect(result.sentences[1]!.translation).toContain('Nazarbayev');
    expect(result.sentences[2]!.translation).toBe(FIRST[FRENCH[2]!]);
    expect(result.sentences[2]!.flags.map((f) => f.code)).toContain('inconsistent-name');
    expect(result.flagCounts).toEqual({ 'inconsistent-name': 1 });
  });

  it('streams a sentence that keeps the spelling before the window is done; holds one that does not', async () => {
    const filler = Array.from({ length: 6 }, (_, i) => `Phrase numéro ${i + 1}.`);
    const sentences = [FRENCH[0]!, ...filler, FRENCH[1]!];
    const backend = scriptedBackend((row) => (FIRST[row.input] ? honour(row) : row.input.replace('Phrase numéro', 'Sentence number')));
    const translator = createTranslator({ backend, batchSize: 2 });
    const callsAt: number[] = [];
    const seen = [];
    for await (const s of translator.translateStream(sentences)) {
      callsAt.push(backend.calls.length);
      seen.push(s);
    }
    // 4 first-pass batches, then the constrained one for the last sentence
    expect(backend.calls).toHaveLength(5);
    expect(callsAt[0]).toBeLessThan(4);
    expect(seen.at(-1)!.translation).toBe('According to his relatives, Nazarbayev has been ill for a long time.');
    expect(seen.map((s) => s.index)).toEqual(sentences.map((_, i) => i));
  });

  it('is off with `consistentNames: false`', async () => {
    const backend = scriptedBackend(honour);
    const result = await createTranslator({ backend }).translate(FRENCH.join(' '), { consistentNames: false });
    expect(backend.calls).toHaveLength(1);
    expect(result.sentences.map((s) => s.translation)).toEqual(FRENCH.map((f) => FIRST[f]));
  });

  it('keeps a spelling chosen in an earlier window of a long document', async () => {
    const filler = Array.from({ length: 70 }, (_, i) => `Phrase numéro ${i + 1}.`);
    const sentences = [FRENCH[1]!, ...filler, FRENCH[0]!];
    const backend = scriptedBackend((row) => FIRST[row.input] ? honour(row) : row.input.replace('Phrase numéro', 'Sentence number'));
    const result = await createTranslator({ backend }).translate(sentences);
    // the first window chose "Nazarbaev" (its only rendering); the last sentence follows it
    expect(result.sentences.at(-1)!.translation).toBe('President Nazarbaev left Almaty.');
    expect(backend.calls.at(-1)).toMatchObject({ inputs: [FRENCH[0]], constraints: [['Nazarbaev']] });
  });
});
