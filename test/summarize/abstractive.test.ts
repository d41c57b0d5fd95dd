/**
 * Abstractive summaries through the real transformers.js backend on bart-tiny (random BART,
 * byte-level BPE, 128-token input limit): determinism, map-reduce over long input, options.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, createSummarizer, createTransformersBackend, type ProgressEvent } from '../../src/index.js';
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

function recording() {
  return recordingBackend(createTransformersBackend({ model: BART_TINY, task: 'summarization', allowRemote: false }));
}

const summarizer = createSummarizer({ model: BART_TINY, allowRemote: false });
afterAll(() => summarizer.dispose());

describe('abstractive summaries on bart-tiny', () => {
  it('are deterministic', async () => {
    const a = await summarizer.summarize(ENGLISH.join(' '));
    const b = await summarizer.summarize(ENGLISH.join(' '));
    expect(b).toEqual(a);
    expect(a.method).toBe('abstractive');
    expect(a.model).toBe(BART_TINY);
    expect(a.summary.length).toBeGreaterThan(0);
  });

  it('fit text under the limit in one pass, without a summary-chunked warning', async () => {
    const result = await summarizer.summarize(ENGLISH.slice(0, 2).join(' '));
    expect(result.chunks).toBe(1);
    expect(result.warnings.map((w) => w.code)).not.toContain('summary-chunked');
  });

  it('map-reduce long input: chunks under the limit, a summary-chunked warning, then a final pass', async () => {
    const backend = recording();
    const s = createSummarizer({ backend });
    const events: ProgressEvent[] = [];
    const result = await s.summarize(LONG, { onProgress: (e) => events.push(e) });
    const info = await backend.doLoad({});
    const total = (await backend.doCountTokens([LONG]))[0]!;
    expect(total).toBeGreaterThan(info.maxInputTokens);
    expect(result.chunks).toBeGreaterThanOrEqual(Math.ceil(total / info.maxInputTokens));
    expect(result.warnings[0]!.code).toBe('summary-chunked');
    // every input the model saw fits its limit
    const all = backend.calls.flat();
    const counts = await backend.doCountTokens(all);
    expect(Math.max(...counts)).toBeLessThanOrEqual(info.maxInputTokens);
    // the first chunks, in order, hold every sentence of the text
    const mapInputs = all.slice(0, result.chunks);
    expect(mapInputs.join(' ').replace(/\s+/g, ' ')).toBe(LONG.replace(/\s+/g, ' '));
    expect(events.filter((e) => e.type === 'summary').length).toBeGreaterThan(0);
    await s.dispose();
  });

  it('options change generation: a short headline is shorter than long key points', async () => {
    const text = ENGLISH.join(' ');
    const headline = await summarizer.summarize(text, { type: 'headline', length: 'short' });
    const points = await summarizer.summarize(text, { type: 'key-points', length: 'long' });
    expect(headline.summary.split(/\s+/).length).toBeLessThanOrEqual(13);
    expect(headline.summary.length).toBeLessThan(points.summary.length);
    expect(headline.summary).not.toContain('\n');
  });

  it('renders key points as a Markdown list with format: markdown', async () => {
    const result = await summarizer.summarize(ENGLISH.join(' '), { type: 'key-points', format: 'markdown' });
    for (const line of result.summary.split('\n')) expect(line).toMatch(/^- /);
  });

  it('honours generation.maxNewTokens and says when a summary hit it', async () => {
    const result = await summarizer.summarize(ENGLISH.join(' '), { type: 'tldr', generation: { maxNewTokens: 3, minNewTokens: 3 } });
    expect(result.warnings.map((w) => w.code)).toContain('output-truncated');
  });

  it('rejects with AbortError when aborted during map-reduce, and the summarizer still works after', async () => {
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
    const none = createSummarizer({ model: '/no/such/model', allowRemote: false });
    expect(await none.summarize('  \n ')).toMatchObject({ summary: '', chunks: 0, warnings: [] });
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
