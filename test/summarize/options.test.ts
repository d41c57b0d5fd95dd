/**
 * The summary value lists and the type table: one entry per type gives its plans and its
 * rendering, and the lists the API validates with derive from it.
 */
import { describe, expect, it } from 'vitest';
import { capWords, formatSummary, SUMMARY_LENGTHS, SUMMARY_TYPE_SPECS, SUMMARY_TYPES, summaryPlan } from '../../src/summarize/options.js';

describe('summary types', () => {
  it('lists every entry of the type table, key-points (the default) first', () => {
    expect(SUMMARY_TYPES).toEqual(Object.keys(SUMMARY_TYPE_SPECS));
    expect(SUMMARY_TYPES[0]).toBe('key-points');
    expect([...SUMMARY_TYPES].sort()).toEqual(['headline', 'key-points', 'teaser', 'tldr']);
  });

  it('has a plan for every (type, length), longer lengths allowing at least as much', () => {
    for (const type of SUMMARY_TYPES) {
      const plans = SUMMARY_LENGTHS.map((length) => summaryPlan(type, length));
      for (const p of plans) expect(p.minNewTokens).toBeLessThanOrEqual(p.maxNewTokens);
      for (let i = 1; i < plans.length; i++) {
        expect(plans[i]!.maxSentences).toBeGreaterThanOrEqual(plans[i - 1]!.maxSentences);
        expect(plans[i]!.maxNewTokens).toBeGreaterThan(plans[i - 1]!.maxNewTokens);
      }
    }
    expect(summaryPlan('headline', 'short').maxWords).toBe(12);
  });
});

describe('formatSummary', () => {
  const sentences = ['  Le premier point.  ', '', 'Le second point.'];

  it('renders key points as bullets, markdown as a list', () => {
    expect(formatSummary(sentences, 'key-points', 'plain-text')).toBe('• Le premier point.\n• Le second point.');
    expect(formatSummary(sentences, 'key-points', 'markdown')).toBe('- Le premier point.\n- Le second point.');
  });

  it('joins tldr and teaser sentences with a space', () => {
    expect(formatSummary(sentences, 'tldr', 'plain-text')).toBe('Le premier point. Le second point.');
    expect(formatSummary(sentences, 'teaser', 'markdown')).toBe('Le premier point. Le second point.');
  });

  it('renders a headline as one line without its full stop, a title in markdown, word-capped', () => {
    expect(formatSummary(sentences, 'headline', 'plain-text')).toBe('Le premier point');
    expect(formatSummary(sentences, 'headline', 'markdown')).toBe('# Le premier point');
    expect(formatSummary(['un deux trois quatre cinq.'], 'headline', 'plain-text', 3)).toBe('un deux trois…');
  });

  it('gives an empty string for no sentence', () => {
    expect(formatSummary(['', '  '], 'key-points', 'plain-text')).toBe('');
  });
});

describe('capWords', () => {
  it('keeps short text, cuts long text at a word and drops trailing punctuation before the ellipsis', () => {
    expect(capWords(' un deux ', 3)).toBe('un deux');
    expect(capWords('un, deux, trois, quatre', 2)).toBe('un, deux…');
  });
});
