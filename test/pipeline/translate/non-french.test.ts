/**
 * Input that is not French is translated anyway with a `not-french` warning, or passed
 * through untranslated with `onNonFrench: 'skip'` (without loading a model).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../../src/index.js';
import { MARIAN_TINY, SEED } from '../../helpers.js';

const translator = createTranslator({ model: MARIAN_TINY, allowRemote: false });
afterAll(() => translator.dispose());

const ENGLISH = 'The president said on Tuesday that the government would not resign. Protesters stayed in the square all night.';
const GERMAN = 'Der Präsident sagte am Dienstag, dass die Regierung nicht zurücktreten werde. Die Demonstranten blieben die ganze Nacht auf dem Platz.';
const CODE = 'function add(a, b) {\n  return a + b;\n}\nconst x = add(1, 2); console.log(x);';

describe('non-French input', () => {
  it.each([
    ['English', ENGLISH],
    ['German', GERMAN],
    ['code', CODE],
  ])('%s is translated anyway, with a not-french warning', async (_name, text) => {
    const result = await translator.translate(text);
    expect(result.warnings.map((w) => w.code)).toContain('not-french');
    expect(result.sentences.length).toBeGreaterThan(0);
  });

  it('French gets no not-french warning', async () => {
    const result = await translator.translate(SEED);
    expect(result.warnings.map((w) => w.code)).not.toContain('not-french');
  });

  it("onNonFrench: 'skip' passes the sentences through untranslated, without loading a model", async () => {
    const noModel = createTranslator({ model: '/no/such/model', allowRemote: false });
    const result = await noModel.translate(ENGLISH, { onNonFrench: 'skip' });
    expect(result.sentences.map((s) => s.translation)).toEqual(result.sentences.map((s) => s.source));
    expect(result.warnings[0]!.code).toBe('not-french');
    expect(result.text).toBe(ENGLISH);
  });
});
