/**
 * The tokenizer interface the transformers backend encodes and decodes with (implemented by
 * Marian's own SentencePiece files in `marian-spm.ts` and by transformers.js's `tokenizer.json`
 * in `tokenizer.ts`).
 */

/** The ids of pieces that glue onto the previous word: no `▁`, first character a letter or digit. */
export function continuations(pieces: Iterable<readonly [string, number]>): Set<number> {
  const out = new Set<number>();
  for (const [piece, id] of pieces) if (/^[\p{L}\p{N}]/u.test(piece)) out.add(id);
  return out;
}

/** A tokenizer as the backend uses it: ids in, ids out, special tokens handled. */
export interface ModelTokenizer {
  /** Which files the tokenizer comes from. */
  readonly kind: 'marian-spm' | 'tokenizer.json';
  /** Input ids of one text, the end token appended. */
  encode(text: string): number[];
  /**
   * Ids of a target-side text as the model writes it mid-sentence (word-start marker `▁` on its
   * first piece, no special tokens): what lexical constraints are matched against.
   */
  encodeTarget(text: string): number[];
  /** Ids of the pieces that continue a word (no word-start marker, first character a letter or digit). */
  wordContinuations(): ReadonlySet<number>;
  /** Text of generated ids, special tokens dropped, spacing cleaned as the model's tokenizer config says. */
  decode(ids: readonly (number | bigint)[]): string;
}
