/**
 * Translation mechanics on marian-tiny (random weights, 64-token input limit) through the
 * real transformers.js pipeline: determinism, order, alignment, long-sentence splitting.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTranslator, segment, type ProgressEvent } from '../../../src/index.js';
import { MARIAN_MEMO, MARIAN_TINY, MEMO_PAIRS, SEED } from '../../helpers.js';

const translator = createTranslator({ model: MARIAN_TINY, allowRemote: false });
const memo = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
afterAll(async () => {
  await translator.dispose();
  await memo.dispose();
});

const LONG =
  'Le dissident accuse alors l’Occident d’avoir fermé les yeux sur la corruption et les crimes commis par le régime, ' +
  'sur les milliards de ses investissements et de ceux de sa famille, sur les accords de coopération signés avec des sociétés italiennes, ' +
  'sur les propriétés achetées à Londres, à Paris et à Rome, sur les comptes ouverts dans des banques suisses, ' +
  'et sur tout ce que la communauté internationale savait depuis des années sans jamais rien dire ni rien faire';

describe('translation on marian-tiny', () => {
  it('is deterministic: the same input gives the same output', async () => {
    const a = await translator.translate(SEED);
    const b = await translator.translate(SEED);
    expect(b.sentences).toEqual(a.sentences);
    expect(b.warnings).toEqual(a.warnings);
    expect({ ...b.usage, runtimeMs: 0 }).toEqual({ ...a.usage, runtimeMs: 0 });
  });

  it('keeps every source sentence, in order, aligned with its offsets', async () => {
    const result = await translator.translate(SEED);
    const expected = segment(SEED);
    expect(result.sentences.map((s) => s.source)).toEqual(expected.map((s) => s.text));
    for (const s of result.sentences) {
      expect(SEED.slice(s.start, s.end)).toBe(s.source);
      expect(typeof s.translation).toBe('string');
    }
    expect(result.model).toBe(MARIAN_TINY);
  });

  it('keeps the seed\'s layout: one English line per French paragraph line', async () => {
    const result = await translator.translate(SEED);
    const frenchLines = SEED.split('\n').filter((l) => l.trim() !== '');
    const expected = frenchLines.map((_, p) =>
      result.sentences
        .filter((s) => s.paragraph === p && s.translation !== '')
        .map((s) => s.translation)
        .join(' '),
    );
    expect(expected).toHaveLength(5);
    expect(result.text).toBe(expected.join('\n'));
    expect(result.text.split('\n')).toHaveLength(5);
  });

  // marian-tiny's random weights translate every input alike, so order and batching are
  // checked on marian-memo, whose every sentence has its own translation
  it('gives the same translations batched and one sentence at a time (marian-memo)', async () => {
    const sentences = MEMO_PAIRS.map((p) => p.fr);
    const batched = await memo.translate(sentences, { batchSize: sentences.length, maxBatchTokens: 100_000 });
    const single = await memo.translate(sentences, { batchSize: 1 });
    expect(batched.sentences.map((s) => s.translation)).toEqual(single.sentences.map((s) => s.translation));
  });

  it('restores document order whatever the batch composition (marian-memo)', async () => {
    const sentences = MEMO_PAIRS.map((p) => p.fr);
    for (const [batchSize, maxBatchTokens] of [[2, 100_000], [3, 100], [7, 200], [18, 64], [5, 1]] as const) {
      const got = await memo.translate(sentences, { batchSize, maxBatchTokens });
      expect(got.sentences.map((s) => s.source)).toEqual(sentences);
      expect(got.sentences.map((s) => s.translation)).toEqual(MEMO_PAIRS.map((p) => p.en));
    }
  });

  it('splits a sentence over the model limit and says so in a sentence-split warning', async () => {
    const result = await translator.translate(`Bonjour. ${LONG}. Au revoir.`);
    expect(result.sentences).toHaveLength(3);
    const split = result.warnings.filter((w) => w.code === 'sentence-split');
    expect(split).toHaveLength(1);
    expect(split[0]!.sentence).toBe(1);
    expect(split[0]!.message).toMatch(/limit of 64/);
    expect(result.sentences[1]!.translation.length).toBeGreaterThan(0);
    for (const w of result.warnings) {
      expect(w.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(typeof w.message).toBe('string');
    }
  });

  it('honours generation.maxNewTokens and reports output-truncated when a row hits the cap', async () => {
    const result = await translator.translate(['Le chat dort sur le canapé du salon.'], { generation: { minNewTokens: 5, maxNewTokens: 5 } });
    expect(result.warnings.map((w) => w.code)).toContain('output-truncated');
  });

  it('returns an empty result for empty or blank input without loading a model', async () => {
    const fresh = createTranslator({ model: '/nonexistent/model/folder', allowRemote: false });
    expect(await fresh.translate('')).toMatchObject({ text: '', sentences: [], warnings: [], model: '/nonexistent/model/folder' });
    expect((await fresh.translate(' \n\t  \n')).sentences).toEqual([]);
  });

  it('reports load, batch, sentence and done progress in a valid sequence', async () => {
    const fresh = createTranslator({ model: MARIAN_TINY, allowRemote: false });
    const events: ProgressEvent[] = [];
    await fresh.translate(SEED, { onProgress: (e) => events.push(e), batchSize: 4 });
    await fresh.dispose();
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('load');
    expect(types.at(-1)).toBe('done');
    const sentences = events.filter((e) => e.type === 'sentence');
    const counts = sentences.map((e) => (e.type === 'sentence' ? e.done : 0));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(segment(SEED).length);
  });
});
