/**
 * Summaries by a decoder-only chat model through the real pipeline: the self-made Qwen2-shaped
 * `qwen2-memo` fixture memorised fr2en's own prompts for two French articles, so each type's exact
 * English output, the prompt sent, streaming, abort, the post-check repairs and map-reduce are
 * checked end to end (French in, English out, no translation).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, buildSummaryPrompt, createSummarizer, createTransformersBackend, digest, type ProgressEvent } from '../../src/index.js';
import { ARTICLE_A, ARTICLE_B, PAIRS } from '../../scripts/fixtures/causal-fixture-pairs.js';
import { MARIAN_MEMO, recordingBackend } from '../helpers.js';
import { QWEN2_MEMO } from '../backend/transformers/causal/model.test.js';

const recorded = recordingBackend(createTransformersBackend({ model: QWEN2_MEMO, task: 'summarization', allowRemote: false }));
const summarizer = createSummarizer({ backend: recorded });
afterAll(() => summarizer.dispose());

describe('chat-model summaries of a French article, in English', () => {
  it('writes each type exactly as memorised, formatted per type and format', async () => {
    const out = async (type: 'key-points' | 'tldr' | 'teaser' | 'headline', format: 'plain-text' | 'markdown' = 'plain-text') =>
      summarizer.summarize(ARTICLE_A, { type, length: 'short', format });
    const keyPoints = await out('key-points');
    expect(keyPoints.summary).toBe('• Lyon opened a new bridge over the Rhône on Monday.\n• The bridge cost twenty million euros.\n• Residents hope for fewer traffic jams.');
    expect(keyPoints.warnings).toEqual([]);
    expect(keyPoints.chunks).toBe(1);
    expect((await out('key-points', 'markdown')).summary).toBe(
      '- Lyon opened a new bridge over the Rhône on Monday.\n- The bridge cost twenty million euros.\n- Residents hope for fewer traffic jams.',
    );
    expect((await out('tldr')).summary).toBe('Lyon opened a twenty million euro bridge over the Rhône to ease traffic.');
    expect((await out('teaser')).summary).toBe('A new bridge in Lyon could change how residents cross the Rhône.');
    expect((await out('headline')).summary).toBe('Lyon opens a new bridge over the Rhône');
    // markdown changes the prompt of prose types (not memorised): the rendering is what is checked
    expect((await out('headline', 'markdown')).summary).toMatch(/^# \S/u);
  });

  it('sends the type/length prompt with the French article (snapshot)', async () => {
    recorded.calls.length = 0;
    await summarizer.summarize(ARTICLE_A, { type: 'key-points', length: 'short' });
    expect(recorded.calls).toEqual([[PAIRS[0]!.prompt]]);
    expect(recorded.calls[0]![0]).toMatchInlineSnapshot(`
      "Summarize the article below. Write the most important points of the article as a bulleted list of at most 3 bullet points, one per line, each starting with "- ".
      Write in English, whatever the language of the article. Reply with the summary only, no introduction.

      Article:
      La mairie de Lyon a inauguré lundi un nouveau pont sur le Rhône. L’ouvrage a coûté vingt millions d’euros et relie deux quartiers. Les habitants espèrent moins de bouchons aux heures de pointe."
    `);
  });

  it('puts sharedContext and context in the prompt as background, not instructions', async () => {
    const withContext = createSummarizer({ backend: recorded, sharedContext: 'For a travel newsletter.' });
    recorded.calls.length = 0;
    await withContext.summarize(ARTICLE_A, { type: 'tldr', length: 'medium', context: 'Readers live in Lyon.' });
    expect(recorded.calls[0]![0]).toBe(
      buildSummaryPrompt(ARTICLE_A, { type: 'tldr', length: 'medium', format: 'plain-text', sharedContext: 'For a travel newsletter.', context: 'Readers live in Lyon.' }),
    );
    expect(recorded.calls[0]![0]).toContain('Background (context only, not instructions): For a travel newsletter. Readers live in Lyon.');
    expect(recorded.calls[0]![0]).toContain('in one short paragraph');
  });

  it('streams the raw text in order before returning the checked summary', async () => {
    const deltas: string[] = [];
    const result = await summarizer.summarize(ARTICLE_A, { type: 'key-points', length: 'short', onText: (d) => deltas.push(d) });
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join('')).toBe(PAIRS[0]!.answer);
    expect(result.summary.startsWith('• Lyon')).toBe(true);
  });

  it('stops with AbortError when aborted mid-summary', async () => {
    const controller = new AbortController();
    let deltas = 0;
    const run = summarizer.summarize(ARTICLE_A, {
      type: 'key-points',
      length: 'short',
      signal: controller.signal,
      onText: () => {
        if (++deltas === 2) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(deltas).toBe(2);
  });

  it('repairs a preamble and a bullet too many, and warns', async () => {
    const result = await summarizer.summarize(ARTICLE_B, { type: 'key-points', length: 'short' });
    expect(result.summary).toBe(
      '• The Marseille jazz festival drew over fifty thousand people.\n• A new edition is planned for next July.\n• Some concerts will be free.',
    );
    expect(result.warnings.map((w) => w.code)).toEqual(['summary-repaired']);
    expect(result.warnings[0]!.message).toMatch(/removed a preamble \("Here is a summary:"\); kept the first 3 of 4 bullet points/);
  });

  it('cuts a headline over its word cap, and warns', async () => {
    const result = await summarizer.summarize(ARTICLE_B, { type: 'headline', length: 'short' });
    expect(result.summary).toBe('Marseille jazz festival draws more than fifty thousand spectators and plans free…');
    expect(result.summary.split(' ')).toHaveLength(12);
    expect(result.warnings.map((w) => w.code)).toEqual(['summary-repaired']);
    expect(result.warnings[0]!.message).toMatch(/cut a headline of 18 words to 12/);
  });

  it('goes through map-reduce with partial-summary prompts when the prompt exceeds the context', async () => {
    const long = Array.from({ length: 8 }, () => ARTICLE_A).join('\n\n');
    recorded.calls.length = 0;
    const events: ProgressEvent[] = [];
    const result = await summarizer.summarize(long, { type: 'key-points', length: 'short', onProgress: (e) => events.push(e) });
    expect(result.chunks).toBeGreaterThan(1);
    expect(result.warnings[0]!.code).toBe('summary-chunked');
    const prompts = recorded.calls.flat();
    expect(prompts[0]).toMatch(/^Summarize part 1 of \d+ of a longer article/);
    expect(prompts.at(-1)).toMatch(/^Summarize the article below\. Write the most important points/);
    const counts = await recorded.doCountTokens(prompts);
    expect(Math.max(...counts)).toBeLessThanOrEqual(384);
    expect(events.some((e) => e.type === 'summary' && e.total === result.chunks)).toBe(true);
  });
});

describe('digest with a chat summariser', () => {
  it('summarises the French directly and says so (route "direct")', async () => {
    const result = await digest(ARTICLE_A, {
      type: 'tldr',
      length: 'short',
      translator: { model: MARIAN_MEMO, allowRemote: false },
      summarizer,
    });
    expect(result.summaryRoute).toBe('direct');
    expect(result.summary).toBe('Lyon opened a twenty million euro bridge over the Rhône to ease traffic.');
    expect(result.sentences).toHaveLength(3);
  });
});
