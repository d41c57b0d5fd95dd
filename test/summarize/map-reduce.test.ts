/**
 * The one map-reduce with its chat strategy, on the fake backend reporting a chat model: partial
 * prompts numbered in order, every prompt within the context with room for the answer, progress,
 * warnings, and the stop when partial summaries do not get shorter.
 */
import { describe, expect, it } from 'vitest';
import { buildPartialPrompt, createSummarizer, type ProgressEvent } from '../../src/index.js';
import { createFakeBackend } from '../../src/testing/index.js';

const ARTICLE = 'La mairie de Lyon a inauguré lundi un nouveau pont sur le Rhône. L’ouvrage a coûté vingt millions d’euros et relie deux quartiers. Les habitants espèrent moins de bouchons aux heures de pointe.';
const LONG = Array.from({ length: 8 }, () => ARTICLE).join('\n\n');
const CONTEXT = 160;
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('chat map-reduce (fake chat model)', () => {
  it('summarises parts with numbered partial prompts, then the joined partial summaries with the summary prompt', async () => {
    const backend = createFakeBackend({ chat: true, maxInputTokens: CONTEXT, transform: (prompt) => (prompt.startsWith('Summarize part') ? 'Lyon opened a bridge.' : '- Lyon has a new bridge.') });
    const events: ProgressEvent[] = [];
    const result = await createSummarizer({ backend, mapBatchSize: 2 }).summarize(LONG, { type: 'key-points', length: 'short', generation: { maxNewTokens: 20 }, onProgress: (e) => events.push(e) });
    const prompts = backend.calls.flatMap((c) => c.inputs);
    const parts = prompts.slice(0, -1);
    expect(result.chunks).toBe(parts.length);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p, i) => expect(p).toMatch(new RegExp(`^Summarize part ${i + 1} of ${parts.length} `)));
    expect(prompts.at(-1)).toMatch(/^Summarize the article below\./);
    expect(prompts.at(-1)).toContain(Array.from({ length: parts.length }, () => 'Lyon opened a bridge.').join(' '));
    // every prompt leaves room for its answer in the context
    for (const call of backend.calls) call.inputs.forEach((p, k) => expect(words(p) + 1 + call.maxNewTokens[k]!).toBeLessThanOrEqual(CONTEXT));
    expect(backend.calls[0]!.inputs).toHaveLength(2);
    expect(backend.calls.every((c) => c.noRepeatNgramSize === undefined)).toBe(true);
    expect(result.summary).toBe('• Lyon has a new bridge.');
    expect(result.warnings[0]).toMatchObject({ code: 'summary-chunked', message: expect.stringContaining(`context of ${CONTEXT} tokens`) });
    expect(events.filter((e) => e.type === 'summary').at(-1)).toMatchObject({ done: result.chunks, total: result.chunks });
  });

  it('stops when the partial summaries do not get shorter, and keeps a head that fits', async () => {
    const backend = createFakeBackend({ chat: true, maxInputTokens: CONTEXT, transform: (prompt) => (prompt.startsWith('Summarize part') ? `${ARTICLE} ${ARTICLE}` : 'Lyon has a new bridge.') });
    const result = await createSummarizer({ backend }).summarize(LONG, { type: 'tldr', length: 'short' });
    expect(result.warnings.map((w) => w.code)).toEqual(['summary-chunked', 'summary-chunked']);
    expect(result.warnings[1]!.message).toMatch(/did not get shorter/);
    const final = backend.calls.at(-1)!;
    expect(words(final.inputs[0]!) + 1 + final.maxNewTokens[0]!).toBeLessThanOrEqual(CONTEXT);
    expect(result.summary).toBe('Lyon has a new bridge.');
  });

  it('fits a short article in one prompt: one call, one chunk, no warning', async () => {
    const backend = createFakeBackend({ chat: true, maxInputTokens: 512, transform: () => 'Lyon has a new bridge.' });
    const result = await createSummarizer({ backend }).summarize(ARTICLE, { type: 'tldr', length: 'short' });
    expect(backend.calls).toHaveLength(1);
    expect(result).toMatchObject({ chunks: 1, warnings: [], summary: 'Lyon has a new bridge.' });
    expect(backend.calls[0]!.inputs[0]).not.toBe(buildPartialPrompt(ARTICLE, { index: 0, total: 1 }));
  });
});
