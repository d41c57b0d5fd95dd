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
  /** An option was ignored by the backend or does not apply. */
  | 'option-ignored'
  /**
   * HTML input: an inline element (`<a>`, `<em>`, `<span>`…) of a sentence could not be placed
   * in its translation (the translation does not repeat the element's text verbatim, or the
   * element crosses a sentence boundary); its text is translated, the tag is dropped.
   */
  | 'markup-dropped'
  /**
   * HTML input: markup without text inside a sentence (an image, a comment, an empty anchor) was
   * moved, whole, to just after the sentence's translation.
   */
  | 'markup-moved'
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
