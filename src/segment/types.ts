/**
 * Public types of the sentence segmenter.
 *
 * @module
 */

/** One sentence found by {@link segment}. */
export interface Sentence {
  /** The sentence text, trimmed; always equal to `input.slice(start, end)`. */
  text: string;
  /** UTF-16 offset of the first character of the sentence in the input. */
  start: number;
  /** UTF-16 offset just past the last character of the sentence in the input. */
  end: number;
  /**
   * 0-based index of the paragraph holding the sentence. Paragraphs are
   * separated by blank lines (a line break, optional whitespace, another line
   * break) or by U+2029, and by single line breaks unless the text is
   * hard-wrapped (see docs/guide/translation.md, "Plain text as it arrives"); empty
   * paragraphs are not counted.
   */
  paragraph: number;
}

/**
 * The swappable, language-specific data used by the segmenter. All word lists
 * are matched against the word just before a period, without that period
 * (`"M"`, `"av"`, `"J.-C"`). Matching is case-sensitive, except that an
 * all-lowercase entry also matches its capitalised form (`cf` matches `Cf`).
 */
export interface LanguageRules {
  /** Abbreviations that never end a sentence (titles, `cf.`, `p.`, `av.`): `M. Dupont`. */
  abbreviations: readonly string[];
  /**
   * Abbreviations that do not end a sentence when a number follows (`n. 5`,
   * `vol. 3`, `12 sept. 2012`) but are otherwise ordinary words, often because
   * they are also words (`vol`, `art`, `sept`).
   */
  numberAbbreviations: readonly string[];
  /**
   * Abbreviations that may end a sentence: they end one only when the next
   * word starts with an uppercase letter (`etc. Le`, `av. J.-C. Les`).
   */
  terminalAbbreviations: readonly string[];
  /**
   * Capitalised words that typically start a sentence and are unlikely to be
   * a surname. After a single-letter initial preceded by a lowercase word
   * (`la vitamine D. Elle`) such a word starts a new sentence; other capitalised
   * words are taken as the rest of a name (`J. Chirac`, `John D. Eastwood`).
   */
  sentenceStarters: readonly string[];
  /**
   * Lowercase words after which a single line break is a hard wrap, never the
   * end of a headline (articles, prepositions, conjunctions).
   */
  continuationWords: readonly string[];
  /** Asymmetric quotation marks as `[opening, closing]` pairs (`« »`, `“ ”`). */
  quotePairs: readonly (readonly [string, string])[];
  /** Quotation marks used both to open and to close (`"`). */
  symmetricQuotes: readonly string[];
  /**
   * Characters that can end a sentence. `.` and `…` get special handling
   * (abbreviations, ellipsis); the others (`?`, `!`) end a sentence whenever
   * the next word does not start in lowercase.
   */
  terminators: readonly string[];
  /**
   * Characters that may open a sentence or a dialogue turn before its first
   * word, besides opening quotes and brackets (dashes, bullets).
   */
  leadingMarks: readonly string[];
}

/** Options of {@link segment}. */
export interface SegmentOptions {
  /**
   * Language data to use.
   * @default french
   */
  rules?: LanguageRules;
}
