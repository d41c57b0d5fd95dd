/**
 * Nothing is lost, whatever the input: every non-whitespace character lies in exactly one
 * sentence span, and every sentence comes back with a translation entry, in order — checked
 * with generated French-like text through the real pipeline on marian-tiny.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createTranslator, segment, type Sentence } from '../../src/index.js';
import { MARIAN_TINY } from '../helpers.js';

const WORDS = [
  'le', 'la', 'président', 'a', 'déclaré', 'que', 'l’État', "aujourd'hui", 'M.', 'Mme', 'Dr', 'p.', 'n°', 'etc.', 'J.-M.', 'Le Pen',
  'S.N.C.F.', 'U.S.', '2,1', '3.5', '10 h 30', '1 000', '«', '»', '« Bonjour »', '“', '”', '"', '(', ')', '–', '—', '…', '...',
  '?', '!', ';', ':', ',', '.', 'www.lemonde.fr', 'jean.dupont@gmail.com', 'https://x.fr/a.b?c=d', '🙂', '👩‍👩‍👧', 'Москва', '東京',
  'العربية', 'Übermäßig', 'œuvre', 'ÉTAT', 'x'.repeat(50), '\u0000', '\u0007', '\uFEFF', '\uD800', '\uDC00', '<p>', '</p>', '**gras**',
];
const SPACES = [' ', ' ', ' ', '  ', '\n', '\n\n', '\r\n', '\r\n\r\n', '\t', '\u00A0', '\u202F', '\u2028', '\u3000'];

const frenchLike = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SPACES)), { minLength: 0, maxLength: 120 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));

function checkSpans(text: string, sentences: Sentence[]): void {
  let cursor = 0;
  for (const s of sentences) {
    expect(s.start).toBeGreaterThanOrEqual(cursor);
    expect(s.end).toBeGreaterThan(s.start);
    expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(/\S/u.test(text.slice(cursor, s.start).replace(/[\s\uFEFF]/gu, ''))).toBe(false);
    cursor = s.end;
  }
  expect(/\S/u.test(text.slice(cursor).replace(/[\s\uFEFF]/gu, ''))).toBe(false);
}

const translator = createTranslator({ model: MARIAN_TINY, allowRemote: false });
afterAll(() => translator.dispose());

describe('nothing lost', () => {
  it('segmentation: every non-whitespace character is in exactly one span, in order (property, 2 000 runs)', () => {
    fc.assert(
      fc.property(frenchLike, (text) => checkSpans(text, segment(text))),
      { numRuns: 2000 },
    );
  });

  it('segmentation: arbitrary Unicode strings never crash and keep the invariant (property, 2 000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => checkSpans(text, segment(text))),
      { numRuns: 2000 },
    );
  });

  it('translation: every sentence has a translation entry, in order, with its offsets (property, 40 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(frenchLike, async (text) => {
        const result = await translator.translate(text, { generation: { maxNewTokens: 8 } });
        const expected = segment(text);
        expect(result.sentences.map((s) => [s.source, s.start, s.end])).toEqual(expected.map((s) => [s.text, s.start, s.end]));
        for (const s of result.sentences) expect(typeof s.translation).toBe('string');
      }),
      { numRuns: 40 },
    );
  });

  it('keeps offsets right around BOM, CRLF, NBSP, narrow NBSP, NUL and lone surrogates', async () => {
    const text = '\uFEFFLe chat\u00A0dort\u202F!\r\nIl fait beau\u0000 aujourd’hui.\r\n\r\nFin \uD800 du texte.';
    const result = await translator.translate(text);
    expect(result.sentences.length).toBeGreaterThanOrEqual(3);
    for (const s of result.sentences) expect(text.slice(s.start, s.end)).toBe(s.source);
    // a single CRLF after `!` ends a paragraph too (one paragraph per line), the blank line another
    expect(result.sentences.map((s) => s.paragraph)).toEqual([0, 1, 2]);
  });

  it('treats HTML and Markdown as text: tags are kept in the sentences, nothing crashes', async () => {
    const html = '<h1>Titre</h1>\n<p>Le président a parlé. <b>Les manifestants</b> sont partis.</p>';
    const md = '# Titre\n\n- **Le président** a parlé.\n- Les [manifestants](https://x.fr) sont partis.';
    for (const text of [html, md]) {
      const result = await translator.translate(text);
      const joined = result.sentences.map((s) => s.source).join(' ');
      expect(joined.replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    }
  });
});
