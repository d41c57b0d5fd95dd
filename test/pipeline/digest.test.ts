/**
 * The digest in both orders and with both methods, on the fake backends (what is translated,
 * what the summariser reads, streaming, layout, warnings, progress), plus end-to-end runs on the
 * ONNX fixtures.
 */
import { describe, expect, it } from 'vitest';
import { buildSummaryPrompt, createSummarizer, createTranslator, digest, segment, type ProgressEvent } from '../../src/index.js';
import { BART_TINY, MARIAN_MEMO, MEMO_PAIRS, SEED } from '../helpers.js';
import { english, fakeSummaryBackend, fakeTranslator, FRENCH, inputsOf } from './route/fakes.js';

const SENTENCES = segment(FRENCH).map((s) => s.text);

describe('digest (fake backends)', () => {
  it('translate-first translates every sentence, then summarises the English', async () => {
    const { translator, backend: opus } = fakeTranslator();
    const bart = fakeSummaryBackend();
    const result = await digest(FRENCH, { translator, summarizer: createSummarizer({ backend: bart }), type: 'tldr', length: 'long' });
    expect(result).toMatchObject({ order: 'translate-first', method: 'abstractive', route: 'translate-then-summarize', summaryRoute: 'translated' });
    expect(result.sentences.map((s) => s.source)).toEqual(SENTENCES);
    expect(result.sentences.map((s) => s.translation)).toEqual(SENTENCES.map(english));
    expect(result.sentences.every((s) => s.selected)).toBe(true);
    expect(new Set(inputsOf(opus))).toEqual(new Set(SENTENCES));
    // the summariser read the English translation only
    expect(inputsOf(bart)).toEqual([SENTENCES.map(english).join(' ')]);
    expect(result.summary.startsWith(english(SENTENCES[0]!).toUpperCase())).toBe(true);
    expect(result.timings.total).toBeGreaterThanOrEqual(result.timings.translate);
  });

  it('map-reduces a translation over the summariser limit and says so', async () => {
    const { translator } = fakeTranslator();
    const bart = fakeSummaryBackend({ maxInputTokens: 40, transform: (input) => input.split(/(?<=[.?!])\s/u)[0]! });
    const result = await digest(FRENCH, { translator, summarizer: createSummarizer({ backend: bart }) });
    expect(result.warnings.map((w) => w.code)).toContain('summary-chunked');
    const counts = await bart.doCountTokens(inputsOf(bart));
    expect(Math.max(...counts)).toBeLessThanOrEqual(40);
  });

  it('summarize-first translates only the picked sentences', async () => {
    const { translator, backend: opus } = fakeTranslator();
    const result = await digest(FRENCH, { order: 'summarize-first', type: 'key-points', length: 'short', translator });
    expect(result).toMatchObject({ method: 'extractive', route: 'pick-then-translate' });
    const picked = result.sentences.filter((s) => s.selected);
    expect(picked.length).toBeGreaterThan(0);
    expect(picked.length).toBeLessThanOrEqual(3);
    expect(inputsOf(opus)).toEqual(picked.map((s) => s.source));
    expect(result.sentences.filter((s) => !s.selected).every((s) => s.translation === null)).toBe(true);
    for (const s of picked) expect(s.translation).toBe(english(s.source));
    expect(result.summary.split('\n')).toEqual(picked.map((s) => `• ${s.translation}`));
    expect(result.sentences).toHaveLength(SENTENCES.length);
  });

  it('summarize-first with an abstractive summary: the summariser reads the picks in English, and reports progress', async () => {
    const { translator } = fakeTranslator();
    const bart = fakeSummaryBackend();
    const events: ProgressEvent[] = [];
    const result = await digest(FRENCH, { order: 'summarize-first', method: 'abstractive', translator, summarizer: createSummarizer({ backend: bart }), onProgress: (e) => events.push(e) });
    expect(result.route).toBe('pick-translate-summarize');
    const picked = result.sentences.filter((s) => s.selected).map((s) => s.translation);
    expect(inputsOf(bart)).toEqual([picked.join(' ')]);
    expect(events.some((e) => e.type === 'summary')).toBe(true);
  });

  it('translate-first with an extractive summary picks English sentences from the translation', async () => {
    const { translator } = fakeTranslator();
    const result = await digest(FRENCH, { method: 'extractive', type: 'key-points', length: 'short', translator });
    expect(result.route).toBe('translate-then-pick');
    const bullets = result.summary.split('\n').map((l) => l.replace(/^• /, ''));
    expect(bullets.every((b) => SENTENCES.map(english).includes(b))).toBe(true);
  });

  it('a chat summariser reads the French itself, while the translation follows the order', async () => {
    const { translator, backend: opus } = fakeTranslator();
    const chat = fakeSummaryBackend({ chat: true, transform: () => 'Lyon opened a bridge.' });
    const result = await digest(FRENCH, { type: 'tldr', length: 'short', translator, summarizer: createSummarizer({ backend: chat }) });
    expect(result).toMatchObject({ route: 'chat-reads-french', summaryRoute: 'direct', summary: 'Lyon opened a bridge.' });
    expect(inputsOf(chat)).toEqual([buildSummaryPrompt(FRENCH, { type: 'tldr', length: 'short', format: 'plain-text' })]);
    expect(new Set(inputsOf(opus))).toEqual(new Set(SENTENCES));
  });

  it('streams translated sentences in order through onSentence', async () => {
    const { translator } = fakeTranslator();
    const seen: string[] = [];
    const result = await digest(FRENCH, { translator, method: 'extractive', onSentence: (s) => seen.push(s.translation) });
    expect(seen).toEqual(SENTENCES.map(english));
    expect(result.translation).toBe(FRENCH.split('\n\n').map((p) => segment(p).map((s) => english(s.text)).join(' ')).join('\n\n'));
  });

  it('keeps the input layout in the translation: one line per paragraph line, blank lines kept', async () => {
    const { translator } = fakeTranslator();
    const pairs = MEMO_PAIRS.slice(5, 9);
    const input = `${pairs[0]!.fr} ${pairs[1]!.fr}\n${pairs[2]!.fr}\n\n${pairs[3]!.fr}`;
    const result = await digest(input, { translator, method: 'extractive' });
    expect(result.translation).toBe(`${pairs[0]!.en} ${pairs[1]!.en}\n${pairs[2]!.en}\n\n${pairs[3]!.en}`);
  });

  it('summarize-first translates a fraction of a long article', async () => {
    const { translator, backend: opus } = fakeTranslator();
    const result = await digest(SEED, { order: 'summarize-first', translator });
    const translated = result.sentences.filter((s) => s.translation !== null).length;
    expect(translated).toBeLessThanOrEqual(5);
    expect(inputsOf(opus)).toHaveLength(translated);
    expect(result.sentences.length).toBeGreaterThan(3 * translated);
  });

  it('passes beams to both models', async () => {
    const { translator, backend: opus } = fakeTranslator();
    const bart = fakeSummaryBackend();
    await digest(FRENCH, { translator, summarizer: createSummarizer({ backend: bart }), beams: 2 });
    expect(opus.calls.every((c) => c.beams === 2)).toBe(true);
    expect(bart.calls.every((c) => c.beams === 2)).toBe(true);
  });
});

describe('digest (ONNX fixtures, end to end)', () => {
  it('translate-first on marian-memo and bart-tiny: exact translations, and bart-tiny reads exactly them', async () => {
    const pairs = MEMO_PAIRS.slice(0, 8);
    const result = await digest(pairs.map((p) => p.fr).join(' '), {
      translator: { model: MARIAN_MEMO, allowRemote: false },
      summarizer: { model: BART_TINY, allowRemote: false },
      type: 'tldr',
      length: 'short',
    });
    expect(result).toMatchObject({ route: 'translate-then-summarize', summaryRoute: 'translated' });
    expect(result.translation).toBe(pairs.map((p) => p.en).join(' '));
    expect(result.sentences.every((s) => s.selected)).toBe(true);
    expect(result.summary.length).toBeGreaterThan(0);
    expect(result.summaryScore).toBeLessThan(0);
  });

  it('summarize-first translates only the picked sentences: exact on marian-memo', async () => {
    const text = MEMO_PAIRS.map((p) => p.fr).join(' ');
    const translator = createTranslator({ model: MARIAN_MEMO, allowRemote: false });
    const result = await digest(text, { order: 'summarize-first', type: 'key-points', length: 'short', translator });
    const picked = result.sentences.filter((s) => s.selected);
    expect(picked.length).toBeGreaterThan(0);
    for (const s of picked) expect(s.translation).toBe(MEMO_PAIRS.find((p) => p.fr === s.source)!.en);
    expect(result.summary.split('\n')).toEqual(picked.map((s) => `• ${s.translation}`));
    await translator.dispose();
  });
});
