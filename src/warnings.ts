/**
 * Non-fatal problems are reported in a result's `warnings` array, never logged or thrown.
 */

/** Stable, kebab-case codes of the warnings fr2en reports. */
export type WarningCode =
  /** A sentence was longer than the model's input limit and was translated in pieces. */
  | 'sentence-split'
  /** A translation reached its token budget before the model ended it: it may be cut short. */
  | 'output-truncated'
  /** The model produced an empty translation for a non-empty sentence. */
  | 'empty-output'
  /** The input does not look like French; it was translated anyway (or skipped with `onNonFrench: 'skip'`). */
  | 'not-french'
  /** A summary input exceeded the model's limit and was summarised in chunks (map-reduce). */
  | 'summary-chunked'
  /**
   * A glossary or do-not-translate term of the sentence is not in its translation: constrained
   * search could not place it within the token cap (the best translation is returned anyway).
   */
  | 'constraint-unmet'
  /** An option was ignored by the backend or does not apply. */
  | 'option-ignored'
  /**
   * HTML, Markdown, subtitle and .docx input: an inline element (`<a>`, `<em>`, `<span>`…) of a sentence could not be placed
   * in its translation (the translation does not repeat the element's text verbatim, or the
   * element crosses a sentence boundary); its text is translated, the tag is dropped.
   */
  | 'markup-dropped'
  /**
   * HTML input: markup without text inside a sentence (an image, a comment, an empty anchor) was
   * moved, whole, to just after the sentence's translation. Markdown: also inline code, and a link
   * (with its URL as text), that the translation does not repeat.
   */
  | 'markup-moved'
  /**
   * Subtitles: a cue's English took more than its share of the sentence it holds part of, or does
   * not fit the line budget (two lines of 42 characters): it was kept whole on more or longer lines.
   */
  | 'cue-overflow'
  /**
   * The model's `tokenizer.json` maps unknown characters to a token other than `<unk>` (transformers.js's
   * Marian converter writes `unk_id: 2`, a comma); reported once per result by models without Marian's own files.
   */
  | 'tokenizer-unk-mismatch'
  /** CLI only: the input file held a few NUL bytes, read as spaces (more is refused as binary). */
  | 'input-nul'
  /**
   * A chat model's summary did not fit its type and was repaired: a preamble ("Here is a summary:")
   * removed, bullets or sentences over the type's cap dropped, a headline cut to its word cap.
   */
  | 'summary-repaired'
  /**
   * Sentences whose first translation was flagged (repetition, truncated, untranslated, length
   * ratio) were decoded again with a stronger setting, and the better translation kept (see `repair`).
   */
  | 'repaired'
  /**
   * Sentences written in capitals (headlines, labels) were sent to the model in sentence case and
   * their translations returned in capitals.
   */
  | 'recased'

  /** The translation cache failed (a full disk, a locked file): the sentences were translated by the model instead. */
  | 'cache-error'
  /**
   * A vocabulary shortlist was asked for (or shipped with the model) but the model's decoder graph
   * could not be split at its output layer (or the lean decoder does not drive the model): it
   * decodes over the full vocabulary.
   */
  | 'shortlist-unsupported';

/** One non-fatal problem. */
export interface Warning {
  /** Stable code, see {@link WarningCode}. */
  code: WarningCode;
  /** Human-readable explanation. */
  message: string;
  /** Index of the sentence concerned, when there is one. */
  sentence?: number;
}
