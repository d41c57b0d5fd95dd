/**
 * Summaries are vetted against their source: a number the summary states that the source does
 * not have is flagged (summarize and digest). Fake backends: no model.
 */
import { describe, expect, it } from 'vitest';
import { createSummarizer, createTranslator, digest, vetSummary } from '../../src/index.js';
import { createFakeBackend } from '../../src/testing/index.js';

const ENGLISH = 'The protests left 10 people dead in Almaty. The government resigned on Wednesday. Talks will resume next week.';

describe('summary flags', () => {
  it('vetSummary flags an invented number, and leaves out numbers the source has (French or English notation)', () => {
    expect(vetSummary(ENGLISH, '12 people died in Almaty.').map((f) => f.code)).toEqual(['number-mismatch']);
    expect(vetSummary(ENGLISH, '10 people died in Almaty.')).toEqual([]);
    expect(vetSummary('Il a vendu sa banque pour 2,1 milliards de dollars.', 'He sold his bank for $2.1 billion.')).toEqual([]);
  });

  it('summarize returns the summary’s flags', async () => {
    const backend = createFakeBackend({ transform: () => 'Twelve? No: 12 people died in Almaty.' });
    const summarizer = createSummarizer({ backend });
    const result = await summarizer.summarize(ENGLISH, { language: 'en', type: 'tldr' });
    expect(result.summary).toContain('12');
    expect(result.flags.map((f) => f.code)).toContain('number-mismatch');
    const clean = await createSummarizer({ backend: createFakeBackend({ transform: () => 'Protests in Almaty left 10 dead.' }) }).summarize(ENGLISH, { language: 'en', type: 'tldr' });
    expect(clean.flags).toEqual([]);
  });

  it('digest returns the summary’s flags, each sentence’s flags and the flag counts', async () => {
    const translations: Record<string, string> = {
      'Les manifestations ont fait 10 morts à Almaty.': 'The protests left 10 people dead in Almaty.',
      'Le gouvernement a démissionné mercredi.': 'Le gouvernement a démissionné mercredi.', // left in French
    };
    const translator = createTranslator({ backend: createFakeBackend({ transform: (s) => translations[s]! }), repair: false });
    const summarizer = createSummarizer({ backend: createFakeBackend({ transform: () => '15 people died in Almaty.' }) });
    const result = await digest(Object.keys(translations).join(' '), { translator, summarizer, type: 'tldr' });
    expect(result.summaryFlags.map((f) => f.code)).toEqual(['number-mismatch']);
    expect(result.sentences[0]!.flags).toEqual([]);
    expect(result.sentences[1]!.flags.map((f) => f.code)).toContain('untranslated');
    expect(result.flagCounts.untranslated).toBe(1);
  });

  it('digest summarize-first: sentences not translated have no flags', async () => {
    const translator = createTranslator({ backend: createFakeBackend({ transform: (s) => `EN ${s}` }) });
    const result = await digest(`${ENGLISH.replace(/\./g, ' là.')} Il pleut aujourd’hui. Le chat dort.`, { translator, order: 'summarize-first', type: 'tldr', length: 'short' });
    expect(result.sentences.some((s) => s.translation === null)).toBe(true);
    for (const s of result.sentences) if (s.translation === null) expect(s.flags).toEqual([]);
    expect(result.sentences.filter((s) => s.selected).every((s) => s.translation!.startsWith('EN ') && Array.isArray(s.flags))).toBe(true);
  });
});
