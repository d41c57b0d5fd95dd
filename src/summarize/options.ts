/**
 * Summary options in the web platform's Summarizer vocabulary, and what each one means
 * for generation (abstractive) or selection (extractive). The README documents this table.
 */

/** Kind of summary. */
export type SummaryType = 'key-points' | 'tldr' | 'teaser' | 'headline';
/** Relative length of the summary. */
export type SummaryLength = 'short' | 'medium' | 'long';
/** Output format: `markdown` renders key points as a bulleted list. */
export type SummaryFormat = 'plain-text' | 'markdown';
/** `abstractive` (a model writes it) or `extractive` (sentences picked from the text, no model). */
export type SummaryMethod = 'abstractive' | 'extractive';

/** The settings one (type, length) pair maps to. */
export interface SummaryPlan {
  /** Most sentences (bullets for key points) kept in the summary. */
  maxSentences: number;
  /** Most words kept (headlines), or undefined for no word cap. */
  maxWords?: number;
  /** Abstractive: cap on generated tokens of the final pass. */
  maxNewTokens: number;
  /** Abstractive: generated tokens before the model may stop. */
  minNewTokens: number;
}

const PLANS: Record<SummaryType, Record<SummaryLength, SummaryPlan>> = {
  headline: {
    short: { maxSentences: 1, maxWords: 12, maxNewTokens: 24, minNewTokens: 4 },
    medium: { maxSentences: 1, maxWords: 17, maxNewTokens: 32, minNewTokens: 6 },
    long: { maxSentences: 1, maxWords: 22, maxNewTokens: 40, minNewTokens: 8 },
  },
  tldr: {
    short: { maxSentences: 1, maxNewTokens: 48, minNewTokens: 12 },
    medium: { maxSentences: 3, maxNewTokens: 96, minNewTokens: 30 },
    long: { maxSentences: 5, maxNewTokens: 142, minNewTokens: 56 },
  },
  teaser: {
    short: { maxSentences: 1, maxNewTokens: 40, minNewTokens: 10 },
    medium: { maxSentences: 2, maxNewTokens: 72, minNewTokens: 20 },
    long: { maxSentences: 3, maxNewTokens: 110, minNewTokens: 36 },
  },
  'key-points': {
    short: { maxSentences: 3, maxNewTokens: 80, minNewTokens: 30 },
    medium: { maxSentences: 5, maxNewTokens: 142, minNewTokens: 56 },
    long: { maxSentences: 7, maxNewTokens: 200, minNewTokens: 80 },
  },
};

/** The generation / selection settings of a summary type and length. */
export function summaryPlan(type: SummaryType, length: SummaryLength): SummaryPlan {
  return PLANS[type][length];
}

/** Cuts `text` to at most `maxWords` words, marking a cut with `…`. */
export function capWords(text: string, maxWords: number): string {
  const words = text.trim().split(/\s+/u);
  if (words.length <= maxWords) return text.trim();
  return `${words.slice(0, maxWords).join(' ').replace(/[\s,;:–—-]+$/u, '')}…`;
}

/** Renders summary sentences for a type and format. */
export function formatSummary(sentences: readonly string[], type: SummaryType, format: SummaryFormat, maxWords?: number): string {
  const kept = sentences.map((s) => s.trim()).filter((s) => s.length > 0);
  if (kept.length === 0) return '';
  if (type === 'headline') {
    const line = maxWords ? capWords(kept[0]!, maxWords) : kept[0]!;
    const plain = line.replace(/[.!]+$/u, '');
    return format === 'markdown' ? `# ${plain}` : plain;
  }
  if (type === 'key-points') {
    return kept.map((s) => (format === 'markdown' ? `- ${s}` : `• ${s}`)).join('\n');
  }
  return kept.join(' ');
}
