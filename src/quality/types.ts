/**
 * Quality flags: what a translation checker says of a sentence's translation.
 *
 * A flag is a suspicion about one translation (a changed number, a loop, French left in),
 * not a failure: the translation is still returned, with its flags, so that a reader or a
 * program can decide what to trust.
 */

/** Every quality flag code fr2en raises, declared once. */
export const QUALITY_FLAG_CODES = [
  /** The numbers differ: one changed, dropped or invented (French and English conventions understood). */
  'number-mismatch',
  /** The output is (mostly) the French source, left untranslated. */
  'untranslated',
  /** The output's length is outside the range human translations of a source that long have. */
  'length-ratio',
  /** A phrase or n-gram loops in the output and not in the source. */
  'repetition',
  /** A proper name of the source has no counterpart in the output (transliteration allowed). */
  'name-missing',
  /** The output hit its token cap before the model ended it (fr2en's own translations only). */
  'truncated',
  /** The model's score is below `minScore`. */
  'low-score',
  /** A glossary or do-not-translate term of the source is not in the output as asked. */
  'glossary-missed',
  /** A name the document repeats could not be written the same way as elsewhere in the document. */
  'inconsistent-name',
] as const;

/** One of {@link QUALITY_FLAG_CODES}. */
export type QualityFlagCode = (typeof QUALITY_FLAG_CODES)[number];

/** One suspicion about a translation. */
export interface QualityFlag {
  /** Stable code, see {@link QUALITY_FLAG_CODES}. */
  code: QualityFlagCode;
  /** Human-readable explanation, naming what was found (e.g. the number that differs). */
  message: string;
  /** Machine-readable specifics (e.g. `{ missing: ['2019'], extra: ['2009'] }`). */
  detail?: Record<string, unknown>;
}

/** A glossary: French term → English term (an object or a Map). */
export type Glossary = Readonly<Record<string, string>> | ReadonlyMap<string, string>;

/** Options of `checkTranslation`. */
export interface CheckOptions {
  /** The model's score of the translation (see `TranslatedSentence.score`), for `low-score`. */
  score?: number;
  /** Flag `low-score` below this score. @default undefined (off: a threshold needs calibrating on the real model) */
  minScore?: number;
  /** False when the translation hit its token cap before the model ended it (raises `truncated`). @default true */
  finished?: boolean;
  /** Terms that must be translated so: raises `glossary-missed` when the source has the French term and the output lacks the English one. */
  glossary?: Glossary;
  /** Strings or patterns kept verbatim: raises `glossary-missed` when one found in the source is not in the output unchanged. */
  doNotTranslate?: readonly (string | RegExp)[];
  /** Codes not to check. @default [] */
  skip?: readonly QualityFlagCode[];
}
