/**
 * French in, English summary out, through the public summarizer: the English summarisation
 * model only ever sees the translation (abstractive), or only the picked French sentences are
 * translated (extractive); a chat model reads the French itself. Orchestration on the fake
 * backends; one end-to-end run on the ONNX fixtures.
 */
import { describe, expect, it } from 'vitest';
import { buildSummaryPrompt, createSummarizer, createTransformersBackend, segment, type ProgressEvent } from '../../src/index.js';
import { BART_TINY, MARIAN_MEMO, MEMO_PAIRS, recordingBackend } from '../helpers.js';
import { english, fakeSummaryBackend, fakeTranslator, FRENCH, inputsOf } from '../pipeline/route/fakes.js';

const SENTENCES = segment(FRENCH).map((s) => s.text);
const ENGLISH_TEXT = 'The cat sleeps on the mat. The dog barks at the moon. It is a quiet night in the village.';

describe('summarize on French text (fake backends)', () => {
  it('abstractive: translates every sentence first, and the summarisation model sees only the English', async () => {
    const { translator, backend: opus } = fakeTranslator();
    const bart = fakeSummaryBackend();
    const summarizer = createSummarizer({ backend: bart, translator });
    const result = await summarizer.summarize(FRENCH, { type: 'tldr', length: 'long', generation: { minNewTokens: 0 } });
    expect(result.fromFrench).toEqual({ route: 'translate-then-summarize', translationModel: 'fake-opus' });
    expect(new Set(inputsOf(opus))).toEqual(new Set(SENTENCES));
    // the final pass reads the English sentences, joined
    expect(inputsOf(bart)).toEqual([SENTENCES.map(english).join(' ')]);
    expect(result.summary).toBe(SENTENCES.map(english).slice(0, 5).join(' ').toUpperCase());
    await summarizer.dispose();
  });

  it('abstractive with english: false refuses French instead of running the English model on it', async () => {
    const { translator, backend: opus } = fakeTranslator();
    const bart = fakeSummaryBackend();
    const summarizer = createSummarizer({ backend: bart, translator });
    await expect(summarizer.summarize(FRENCH, { english: false })).rejects.toMatchObject({ code: 'INPUT', option: 'english' });
    expect(bart.calls).toEqual([]);
    expect(opus.calls).toEqual([]);
  });

  it('extractive: picks French sentences and translates only those; english: false keeps them French', async () => {
    const { translator, backend: opus } = fakeTranslator();
    const summarizer = createSummarizer({ backend: fakeSummaryBackend(), translator });
    const french = await summarizer.summarize(FRENCH, { method: 'extractive', english: false, type: 'key-points', length: 'short' });
    expect(french.fromFrench).toBeUndefined();
    expect(opus.calls).toEqual([]);
    const picks = french.summary.split('\n').map((l) => l.replace(/^• /, ''));
    expect(picks.length).toBeGreaterThan(0);
    expect(picks.every((p) => SENTENCES.includes(p))).toBe(true);
    const result = await summarizer.summarize(FRENCH, { method: 'extractive', type: 'key-points', length: 'short' });
    expect(result.fromFrench).toEqual({ route: 'pick-then-translate', translationModel: 'fake-opus' });
    expect(inputsOf(opus)).toEqual(picks);
    expect(result.summary).toBe(picks.map((p) => `• ${english(p)}`).join('\n'));
  });

  it('a chat model reads the French itself: no translation, the prompt holds the French text', async () => {
    const { translator, backend: opus } = fakeTranslator();
    const chat = fakeSummaryBackend({ chat: true, transform: () => 'A bridge opened in Lyon.' });
    const summarizer = createSummarizer({ backend: chat, translator });
    const result = await summarizer.summarize(FRENCH, { type: 'tldr', length: 'short' });
    expect(opus.calls).toEqual([]);
    expect(inputsOf(chat)).toEqual([buildSummaryPrompt(FRENCH, { type: 'tldr', length: 'short', format: 'plain-text' })]);
    expect(result.summary).toBe('A bridge opened in Lyon.');
    expect(result.fromFrench).toBeUndefined();
  });

  it('English text is summarised as it is, without a translator', async () => {
    const { translator, backend: opus } = fakeTranslator();
    const bart = fakeSummaryBackend();
    const summarizer = createSummarizer({ backend: bart, translator });
    const extractive = await summarizer.summarize(ENGLISH_TEXT, { method: 'extractive' });
    expect(extractive.fromFrench).toBeUndefined();
    const abstractive = await summarizer.summarize(ENGLISH_TEXT, { type: 'tldr', length: 'long', generation: { minNewTokens: 0 } });
    expect(abstractive.summary).toBe(ENGLISH_TEXT.toUpperCase());
    expect(inputsOf(bart)).toEqual([ENGLISH_TEXT]);
    expect(opus.calls).toEqual([]);
  });

  it('reports progress of the translation and of the summary, and ends with done', async () => {
    const { translator } = fakeTranslator();
    const events: ProgressEvent[] = [];
    const summarizer = createSummarizer({ backend: fakeSummaryBackend(), translator });
    await summarizer.summarize(FRENCH, { onProgress: (e) => events.push(e) });
    const types = events.map((e) => e.type);
    expect(types).toContain('batch');
    expect(types).toContain('summary');
    expect(types.at(-1)).toBe('done');
  });

  it('rejects a translator that is not one', async () => {
    expect(() => createSummarizer({ translator: { translate: 1 } as never })).toThrow(expect.objectContaining({ code: 'INPUT', option: 'translator' }));
  });
});

describe('summarize on French text (ONNX fixtures, end to end)', () => {
  it('abstractive: translates first with marian-memo, and bart-tiny reads exactly the English', async () => {
    const pairs = MEMO_PAIRS.slice(0, 8);
    const backend = recordingBackend(createTransformersBackend({ model: BART_TINY, task: 'summarization', allowRemote: false }));
    const summarizer = createSummarizer({ backend, translationModel: MARIAN_MEMO, allowRemote: false });
    const result = await summarizer.summarize(pairs.map((p) => p.fr).join(' '), { generation: { maxNewTokens: 8 } });
    expect(result.fromFrench).toEqual({ route: 'translate-then-summarize', translationModel: MARIAN_MEMO });
    expect(backend.calls).toEqual([[pairs.map((p) => p.en).join(' ')]]);
    expect(result.summary.length).toBeGreaterThan(0);
    await summarizer.dispose();
  });
});
