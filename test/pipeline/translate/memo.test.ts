/**
 * End to end through the real transformers.js pipeline on marian-memo, a tiny Marian trained
 * to translate the sentences of its pairs.json exactly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTranslator, textJoiner } from '../../../src/index.js';
import { MARIAN_MEMO, MEMO_PAIRS } from '../../helpers.js';

const translator = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
afterAll(() => translator.dispose());

describe('marian-memo translates its memorised pairs exactly', () => {
  it('has at least 10 pairs, with quotes, digits and apostrophes', () => {
    expect(MEMO_PAIRS.length).toBeGreaterThanOrEqual(10);
    const all = MEMO_PAIRS.map((p) => p.fr).join(' ');
    expect(all).toMatch(/«/);
    expect(all).toMatch(/\d/);
    expect(all).toMatch(/[’']/);
  });

  it.each(MEMO_PAIRS.map((p) => [p.fr, p.en]))('one at a time: %s', async (fr, en) => {
    const result = await translator.translate([fr]);
    expect(result.sentences).toHaveLength(1);
    expect(result.sentences[0]!.translation).toBe(en);
    expect(result.warnings).toEqual([]);
  });

  it('batched: all pairs in one padded batch give the same exact English', async () => {
    const result = await translator.translate(
      MEMO_PAIRS.map((p) => p.fr),
      { batchSize: MEMO_PAIRS.length, maxBatchTokens: 1_000_000 },
    );
    expect(result.sentences.map((s) => s.translation)).toEqual(MEMO_PAIRS.map((p) => p.en));
    expect(result.warnings).toEqual([]);
  });

  it('as a text: segments it and aligns every sentence with its translation', async () => {
    const text = MEMO_PAIRS.slice(0, 4).map((p) => p.fr).join(' ');
    const result = await translator.translate(text);
    expect(result.sentences.map((s) => s.source)).toEqual(MEMO_PAIRS.slice(0, 4).map((p) => p.fr));
    expect(result.sentences.map((s) => s.translation)).toEqual(MEMO_PAIRS.slice(0, 4).map((p) => p.en));
    for (const s of result.sentences) expect(text.slice(s.start, s.end)).toBe(s.source);
    expect(result.text).toBe(MEMO_PAIRS.slice(0, 4).map((p) => p.en).join(' '));
    expect(result.model).toBe(MARIAN_MEMO);
  });

  describe('keeps the input layout', () => {
    const [a, b, c, d, e] = MEMO_PAIRS.slice(5, 10);
    const fr = (sep: string): string => [`${a!.fr} ${b!.fr}`, c!.fr, `${d!.fr} ${e!.fr}`].join(sep);
    const en = (sep: string): string => [`${a!.en} ${b!.en}`, c!.en, `${d!.en} ${e!.en}`].join(sep);

    it('one paragraph per line in, one paragraph per line out', async () => {
      const result = await translator.translate(fr('\n'));
      expect(result.sentences.map((s) => s.paragraph)).toEqual([0, 0, 1, 2, 2]);
      expect(result.text).toBe(en('\n'));
    });

    it('blank-line paragraphs in, blank-line paragraphs out (CRLF too)', async () => {
      expect((await translator.translate(fr('\n\n'))).text).toBe(en('\n\n'));
      expect((await translator.translate(fr('\r\n\r\n'))).text).toBe(en('\n\n'));
    });

    it('each paragraph break keeps its own separator', async () => {
      const input = `${a!.fr}\n\n${b!.fr}\n${c!.fr}`;
      expect((await translator.translate(input)).text).toBe(`${a!.en}\n\n${b!.en}\n${c!.en}`);
    });

    it('the stream joined with textJoiner gives the same text', async () => {
      const input = fr('\n');
      const join = textJoiner(false, input);
      let streamed = '';
      for await (const s of translator.translateStream(input)) streamed += join(s);
      expect(streamed).toBe(en('\n'));
    });
  });
});
