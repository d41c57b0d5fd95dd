/**
 * French in, English summary out: the English summarisation model only ever sees the
 * translation (abstractive), or the picked French sentences are translated (extractive).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createSummarizer, createTranslator, createTransformersBackend } from '../../src/index.js';
import { BART_TINY, MARIAN_TINY, recordingBackend, SEED } from '../helpers.js';

const FRENCH = SEED.split('\n').filter((l) => l.trim()).slice(0, 3).join('\n\n');
const translator = createTranslator({ model: MARIAN_TINY, allowRemote: false });
afterAll(() => translator.dispose());

describe('summarize on French text', () => {
  it('abstractive: translates first, and the summarisation model sees only the English', async () => {
    const backend = recordingBackend(createTransformersBackend({ model: BART_TINY, task: 'summarization', allowRemote: false }));
    const summarizer = createSummarizer({ backend, translationModel: MARIAN_TINY, allowRemote: false });
    const result = await summarizer.summarize(FRENCH, { generation: { maxNewTokens: 8 } });
    expect(result.fromFrench).toEqual({ route: 'translate-then-summarize', translationModel: MARIAN_TINY });
    const english = (await translator.translate(FRENCH)).text;
    expect(backend.calls.flat().join(' ')).not.toContain(FRENCH.slice(0, 40));
    expect(backend.calls.flat().some((input) => english.includes(input.slice(0, 20)))).toBe(true);
    await summarizer.dispose();
  });

  it('abstractive with english: false refuses French instead of running the English model on it', async () => {
    const summarizer = createSummarizer({ model: BART_TINY, allowRemote: false });
    await expect(summarizer.summarize(FRENCH, { english: false })).rejects.toMatchObject({ code: 'INPUT', option: 'english' });
    await summarizer.dispose();
  });

  it('extractive: picks French sentences and returns their translations; english: false keeps them French', async () => {
    const summarizer = createSummarizer({ model: BART_TINY, translationModel: MARIAN_TINY, allowRemote: false });
    const french = await summarizer.summarize(FRENCH, { method: 'extractive', english: false, type: 'tldr' });
    expect(french.fromFrench).toBeUndefined();
    const english = await summarizer.summarize(FRENCH, { method: 'extractive', type: 'tldr' });
    expect(english.fromFrench?.route).toBe('pick-then-translate');
    const expected = await translator.translate(french.summary);
    expect(english.summary.replace(/\s+/g, ' ')).toBe(expected.sentences.map((s) => s.translation).join(' ').replace(/\s+/g, ' '));
    expect(english.summary).not.toBe(french.summary);
    await summarizer.dispose();
  });

  it('English text is summarised as it is', async () => {
    const summarizer = createSummarizer({ model: BART_TINY, translationModel: MARIAN_TINY, allowRemote: false });
    const result = await summarizer.summarize('The cat sleeps on the mat. The dog barks at the moon. It is a quiet night in the village.', { method: 'extractive' });
    expect(result.fromFrench).toBeUndefined();
    await summarizer.dispose();
  });
});
