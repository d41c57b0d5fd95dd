/**
 * Abstractive summaries: the map-reduce and the final pass on the fake backend (chunks under the
 * limit, warnings, progress, options, abort), and end to end through the real transformers.js
 * backend on bart-tiny (random BART, byte-level BPE, 128-token input limit).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, createSummarizer, createTransformersBackend, SUMMARY_TYPE_SPECS, type ProgressEvent } from '../../src/index.js';
import { createFakeBackend, FAKE_FILLER } from '../../src/testing/index.js';
import { BART_TINY, recordingBackend } from '../helpers.js';

const ENGLISH = [
  'The former president of Kazakhstan has not left the country and is in the capital, his spokesman said.',
  'The Kremlin announced that President Vladimir Putin had a long conversation with his Kazakh counterpart.',
  'The national security committee announced the arrest of its chief for high treason.',
  'The opposition leader in exile spoke of hundreds of deaths across the country.',
  'The European Union continues to call for de-escalation and the protection of civilians.',
  'Germany has suspended the export of weapons to Kazakhstan.',
  'The American State Department authorised non-essential staff of the consulate to leave the country.',
  'Demonstrations and strikes can develop quickly and without warning, disrupting traffic and communications.',
];
const LONG = Array.from({ length: 4 }, () => ENGLISH.join(' ')).join('\n\n');
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
/** A fake summariser that keeps the first sentence of what it reads: partial summaries shrink. */
const firstSentence = (input: string) => input.split(/(?<=\.)\s/u)[0]!;

describe('abstractive summaries (fake backend)', () => {
  it('fit text under the limit in one pass, without a summary-chunked warning', async () => {
    const backend = createFakeBackend({ modelId: 'fake-bart' });
    const result = await createSummarizer({ backend }).summarize(ENGLISH.slice(0, 2).join(' '), { generation: { minNewTokens: 0 } });
    expect(result).toMatchObject({ chunks: 1, method: 'abstractive', model: 'fake-bart' });
    expect(result.warnings).toEqual([]);
    expect(backend.calls.map((c) => c.inputs)).toEqual([[ENGLISH.slice(0, 2).join(' ')]]);
  });

  it('map-reduce long input: chunks under the limit holding every sentence, a summary-chunked warning, then a final pass', async () => {
    const backend = createFakeBackend({ maxInputTokens: 60, transform: firstSentence });
    const events: ProgressEvent[] = [];
    const result = await createSummarizer({ backend, mapBatchSize: 3 }).summarize(LONG, { onProgress: (e) => events.push(e) });
    expect(result.chunks).toBeGreaterThanOrEqual(Math.ceil((words(LONG) + 1) / 60));
    expect(result.warnings[0]).toMatchObject({ code: 'summary-chunked', message: expect.stringContaining(`in ${result.chunks} chunks`) });
    const inputs = backend.calls.flatMap((c) => c.inputs);
    expect(Math.max(...inputs.map((i) => words(i) + 1))).toBeLessThanOrEqual(60);
    expect(inputs.slice(0, result.chunks).join(' ')).toBe(LONG.replace(/\s+/g, ' '));
    // batches of mapBatchSize rows, partial summaries capped at 142 tokens
    expect(backend.calls[0]!.inputs).toHaveLength(3);
    expect(backend.calls[0]!.maxNewTokens).toEqual([142, 142, 142]);
    const summaries = events.filter((e) => e.type === 'summary');
    expect(summaries.at(-1)).toMatchObject({ done: result.chunks, total: result.chunks });
    expect(events.at(-1)!.type).toBe('done');
  });

  it('stops when partial summaries do not get shorter, keeps the head, and warns twice', async () => {
    const backend = createFakeBackend({ maxInputTokens: 60, transform: (input) => `${input} again` });
    const result = await createSummarizer({ backend }).summarize(LONG, { generation: { minNewTokens: 0 } });
    expect(result.warnings.map((w) => w.code)).toEqual(['summary-chunked', 'summary-chunked']);
    expect(result.warnings[1]!.message).toMatch(/did not get shorter/);
    const final = backend.calls.at(-1)!.inputs[0]!;
    expect(words(final) + 1).toBeLessThanOrEqual(60);
  });

  it('takes the final caps from the type/length table, or generation overrides', async () => {
    const backend = createFakeBackend();
    const summarizer = createSummarizer({ backend });
    await summarizer.summarize(ENGLISH.join(' '), { type: 'headline', length: 'short' });
    await summarizer.summarize(ENGLISH.join(' '), { type: 'key-points', length: 'long' });
    const headline = SUMMARY_TYPE_SPECS.headline.plans.short;
    const points = SUMMARY_TYPE_SPECS['key-points'].plans.long;
    expect(backend.calls.map((c) => [c.maxNewTokens[0], c.minNewTokens![0]])).toEqual([
      [headline.maxNewTokens, headline.minNewTokens],
      [points.maxNewTokens, points.minNewTokens],
    ]);
    await summarizer.summarize(ENGLISH.join(' '), { generation: { maxNewTokens: 7, minNewTokens: 2, beams: 3, lengthPenalty: 1.5 } });
    expect(backend.calls.at(-1)).toMatchObject({ maxNewTokens: [7], minNewTokens: [2], beams: 3, lengthPenalty: 1.5, noRepeatNgramSize: 3 });
  });

  it('renders key points per format and headlines under their word cap', async () => {
    const summarizer = createSummarizer({ backend: createFakeBackend({ transform: (input) => input }) });
    const markdown = await summarizer.summarize(ENGLISH.join(' '), { type: 'key-points', length: 'short', format: 'markdown' });
    expect(markdown.summary).toBe(ENGLISH.slice(0, 3).map((s) => `- ${s}`).join('\n'));
    const headline = await summarizer.summarize(ENGLISH.join(' '), { type: 'headline', length: 'short' });
    expect(words(headline.summary)).toBeLessThanOrEqual(12);
    expect(headline.summary).not.toContain('\n');
  });

  it('says when a summary hit its token cap', async () => {
    const result = await createSummarizer({ backend: createFakeBackend() }).summarize(ENGLISH.join(' '), { type: 'tldr', generation: { maxNewTokens: 3, minNewTokens: 3 } });
    expect(result.warnings).toEqual([{ code: 'output-truncated', message: 'The summary reached its cap of 3 tokens before the model ended it.' }]);
    expect(result.summary).not.toContain(FAKE_FILLER);
  });

  it('rejects with AbortError when aborted during map-reduce, and the summarizer still works after', async () => {
    const summarizer = createSummarizer({ backend: createFakeBackend({ maxInputTokens: 60, transform: firstSentence }), mapBatchSize: 1 });
    const controller = new AbortController();
    const error = await summarizer
      .summarize(LONG, {
        signal: controller.signal,
        onProgress: (e) => {
          if (e.type === 'summary') controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((await summarizer.summarize(ENGLISH[0]!)).summary.length).toBeGreaterThan(0);
  });

  it('returns an empty summary for blank input without loading a model', async () => {
    const backend = createFakeBackend();
    expect(await createSummarizer({ backend }).summarize('  \n ')).toMatchObject({ summary: '', chunks: 0, warnings: [] });
    expect(backend.loads).toBe(0);
  });
});

describe('abstractive summaries on bart-tiny (end to end)', () => {
  const summarizer = createSummarizer({ model: BART_TINY, allowRemote: false });
  afterAll(() => summarizer.dispose());

  it('are deterministic', async () => {
    const a = await summarizer.summarize(ENGLISH.join(' '));
    const b = await summarizer.summarize(ENGLISH.join(' '));
    expect(b).toEqual(a);
    expect(a.method).toBe('abstractive');
    expect(a.model).toBe(BART_TINY);
    expect(a.summary.length).toBeGreaterThan(0);
  });

  it('map-reduce long input: every input the model saw fits its limit', async () => {
    const backend = recordingBackend(createTransformersBackend({ model: BART_TINY, task: 'summarization', allowRemote: false }));
    const s = createSummarizer({ backend });
    const result = await s.summarize(LONG);
    const info = await backend.doLoad({});
    const total = (await backend.doCountTokens([LONG]))[0]!;
    expect(total).toBeGreaterThan(info.maxInputTokens);
    expect(result.chunks).toBeGreaterThanOrEqual(Math.ceil(total / info.maxInputTokens));
    expect(result.warnings[0]!.code).toBe('summary-chunked');
    const all = backend.calls.flat();
    const counts = await backend.doCountTokens(all);
    expect(Math.max(...counts)).toBeLessThanOrEqual(info.maxInputTokens);
    expect(all.slice(0, result.chunks).join(' ').replace(/\s+/g, ' ')).toBe(LONG.replace(/\s+/g, ' '));
    await s.dispose();
  });
});

describe('extractive summaries through summarize()', () => {
  it('need no model and keep document order', async () => {
    const none = createSummarizer({ model: '/no/such/model', allowRemote: false });
    const result = await none.summarize(ENGLISH.join(' '), { method: 'extractive', type: 'key-points', length: 'short' });
    expect(result.method).toBe('extractive');
    expect(result.chunks).toBe(0);
    const bullets = result.summary.split('\n').map((l) => l.replace(/^• /, ''));
    expect(bullets.length).toBeLessThanOrEqual(3);
    const positions = bullets.map((b) => ENGLISH.indexOf(b));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('cap a headline to its word budget', async () => {
    const none = createSummarizer({ model: '/no/such/model', allowRemote: false });
    for (const [length, words] of [['short', 12], ['medium', 17], ['long', 22]] as const) {
      const { summary } = await none.summarize(ENGLISH.join(' '), { method: 'extractive', type: 'headline', length });
      expect(summary.split(/\s+/).length).toBeLessThanOrEqual(words);
    }
  });
});
