/**
 * Summary options in the web platform's Summarizer vocabulary, declared once: each value list
 * is an `as const` array (validation and the CLI's choices import it) and each summary type is
 * one entry of {@link SUMMARY_TYPE_SPECS}, holding its plan table and its formatter. Adding a
 * type is adding an entry. The README documents this table.
 */

/** Relative lengths of a summary. */
export const SUMMARY_LENGTHS = ['short', 'medium', 'long'] as const;
/** Relative length of the summary. */
export type SummaryLength = (typeof SUMMARY_LENGTHS)[number];

/** Output formats: `markdown` renders key points as a bulleted list and a headline as a title. */
export const SUMMARY_FORMATS = ['plain-text', 'markdown'] as const;
/** Output format of a summary. */
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

/** `abstractive` (a model writes it) or `extractive` (sentences picked from the text, no model). */
export const SUMMARY_METHODS = ['abstractive', 'extractive'] as const;
/** How a summary is made. */
export type SummaryMethod = (typeof SUMMARY_METHODS)[number];

/** Languages of the text for extractive stop words; `auto` detects French or English. */
export const SUMMARY_LANGUAGES = ['fr', 'en', 'auto'] as const;
/** Language of a text to summarise. */
export type SummaryLanguage = (typeof SUMMARY_LANGUAGES)[number];

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

/** Everything about one summary type. */
export interface SummaryTypeSpec {
  /** One line for help texts. */
  description: string;
  /** Settings per length. */
  plans: Readonly<Record<SummaryLength, SummaryPlan>>;
  /** Renders the kept sentences (trimmed, non-empty, at least one). */
  render(kept: readonly string[], format: SummaryFormat, maxWords: number | undefined): string;
}

const joinSentences = (kept: readonly string[]) => kept.join(' ');

/** The summary types, the first being the default. */
export const SUMMARY_TYPE_SPECS = {
  'key-points': {
    description: 'the main points, one per line (bullets)',
    plans: {
      short: { maxSentences: 3, maxNewTokens: 80, minNewTokens: 30 },
      medium: { maxSentences: 5, maxNewTokens: 142, minNewTokens: 56 },
      long: { maxSentences: 7, maxNewTokens: 200, minNewTokens: 80 },
    },
    render: (kept, format) => kept.map((s) => (format === 'markdown' ? `- ${s}` : `• ${s}`)).join('\n'),
  },
  tldr: {
    description: 'a short overview in prose',
    plans: {
      short: { maxSentences: 1, maxNewTokens: 48, minNewTokens: 12 },
      medium: { maxSentences: 3, maxNewTokens: 96, minNewTokens: 30 },
      long: { maxSentences: 5, maxNewTokens: 142, minNewTokens: 56 },
    },
    render: joinSentences,
  },
  teaser: {
    description: 'an enticing opening in prose',
    plans: {
      short: { maxSentences: 1, maxNewTokens: 40, minNewTokens: 10 },
      medium: { maxSentences: 2, maxNewTokens: 72, minNewTokens: 20 },
      long: { maxSentences: 3, maxNewTokens: 110, minNewTokens: 36 },
    },
    render: joinSentences,
  },
  headline: {
    description: 'one line, no final full stop, word-capped',
    plans: {
      short: { maxSentences: 1, maxWords: 12, maxNewTokens: 24, minNewTokens: 4 },
      medium: { maxSentences: 1, maxWords: 17, maxNewTokens: 32, minNewTokens: 6 },
      long: { maxSentences: 1, maxWords: 22, maxNewTokens: 40, minNewTokens: 8 },
    },
    render: (kept, format, maxWords) => {
      const line = maxWords ? capWords(kept[0]!, maxWords) : kept[0]!;
      const plain = line.replace(/[.!]+$/u, '');
      return format === 'markdown' ? `# ${plain}` : plain;
    },
  },
} as const satisfies Record<string, SummaryTypeSpec>;

/** Kind of summary: a key of {@link SUMMARY_TYPE_SPECS}. */
export type SummaryType = keyof typeof SUMMARY_TYPE_SPECS;
/** The summary types, in declaration order. */
export const SUMMARY_TYPES = Object.keys(SUMMARY_TYPE_SPECS) as readonly SummaryType[];

/** The generation / selection settings of a summary type and length. */
export function summaryPlan(type: SummaryType, length: SummaryLength): SummaryPlan {
  return SUMMARY_TYPE_SPECS[type].plans[length];
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
  return (SUMMARY_TYPE_SPECS[type] as SummaryTypeSpec).render(kept, format, maxWords);
}
