/**
 * The digest end to end on the fixtures, in both orders, through the real backends.
 */
import { describe, expect, it } from 'vitest';
import { createTranslator, digest, segment } from '../../src/index.js';
import { BART_TINY, MARIAN_MEMO, MARIAN_TINY, MEMO_PAIRS, SEED } from '../helpers.js';

describe('digest', () => {
  it('translate-first translates every sentence, then summarises the English', async () => {
    const result = await digest(SEED, { translator: { model: MARIAN_TINY, allowRemote: false }, summarizer: { model: BART_TINY, allowRemote: false } });
    expect(result.order).toBe('translate-first');
    expect(result.method).toBe('abstractive');
    expect(result.sentences.map((s) => s.source)).toEqual(segment(SEED).map((s) => s.text));
    expect(result.sentences.every((s) => s.translation !== null && s.selected)).toBe(true);
    expect(result.summary.length).toBeGreaterThan(0);
    expect(result.timings.total).toBeGreaterThanOrEqual(result.timings.translate);
    expect(result.warnings.map((w) => w.code)).toContain('summary-chunked'); // the seed is over bart-tiny's 128 tokens
  });

  it('summarize-first translates only the picked sentences: exact on marian-memo', async () => {
    const text = MEMO_PAIRS.map((p) => p.fr).join(' ');
    const result = await digest(text, { order: 'summarize-first', type: 'key-points', length: 'short', translator: { model: MARIAN_MEMO, allowRemote: false } });
    expect(result.method).toBe('extractive');
    const picked = result.sentences.filter((s) => s.selected);
    expect(picked.length).toBeGreaterThan(0);
    expect(picked.length).toBeLessThanOrEqual(3);
    expect(result.sentences.filter((s) => !s.selected).every((s) => s.translation === null)).toBe(true);
    for (const s of picked) expect(s.translation).toBe(MEMO_PAIRS.find((p) => p.fr === s.source)!.en);
    expect(result.summary.split('\n')).toEqual(picked.map((s) => `• ${s.translation}`));
    expect(result.sentences).toHaveLength(MEMO_PAIRS.length);
  });

  it('streams translated sentences in order through onSentence', async () => {
    const text = MEMO_PAIRS.slice(0, 6).map((p) => p.fr).join(' ');
    const seen: string[] = [];
    const result = await digest(text, {
      translator: { model: MARIAN_MEMO, allowRemote: false },
      method: 'extractive',
      onSentence: (s) => seen.push(s.translation),
    });
    expect(seen).toEqual(MEMO_PAIRS.slice(0, 6).map((p) => p.en));
    expect(result.translation).toBe(seen.join(' '));
  });

  it('keeps the input layout in the translation: one line per paragraph line, blank lines kept', async () => {
    const pairs = MEMO_PAIRS.slice(5, 9);
    const input = `${pairs[0]!.fr} ${pairs[1]!.fr}\n${pairs[2]!.fr}\n\n${pairs[3]!.fr}`;
    const result = await digest(input, { translator: { model: MARIAN_MEMO, allowRemote: false }, method: 'extractive' });
    expect(result.translation).toBe(`${pairs[0]!.en} ${pairs[1]!.en}\n${pairs[2]!.en}\n\n${pairs[3]!.en}`);
  });

  it('summarize-first translates a fraction of the sentences', async () => {
    const translator = createTranslator({ model: MARIAN_TINY, allowRemote: false });
    const result = await digest(SEED, { order: 'summarize-first', translator });
    const translated = result.sentences.filter((s) => s.translation !== null).length;
    expect(translated).toBeLessThanOrEqual(5);
    expect(result.sentences.length).toBeGreaterThan(3 * translated);
    await translator.dispose();
  });
});
