/**
 * A batch of texts as the model's input tensors' data: prefixed, normalised, tokenised and
 * right-padded by fr2en (the tokenizer's own padding caps rows at `model_max_length`).
 */
import { BackendError } from '../../errors.js';
import type { LoadedModel } from './model.js';

/** The `input_ids` and `attention_mask` data of a batch, row-major `[rows, length]`. */
export interface EncodedBatch {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  rows: number;
  /** The longest row, in tokens. */
  length: number;
}

/**
 * Encodes `texts` for the model.
 * @throws BackendError when a row exceeds the model's input limit (fr2en splits before that point).
 */
export function encodeBatch(loaded: LoadedModel, texts: readonly string[]): EncodedBatch {
  const { tokenizer, normalize, settings, info } = loaded;
  const ids: number[][] = texts.map((t) => tokenizer.encode(settings.prefix + normalize(t)));
  const batch = padRows(ids, settings.padId);
  if (batch.length > info.maxInputTokens) {
    throw new BackendError(
      `An input of ${batch.length} tokens exceeds the model's limit of ${info.maxInputTokens}; fr2en splits sentences before this point, so this is a bug or a custom caller's mistake.`,
    );
  }
  return batch;
}

/** Token rows right-padded with `padId` into row-major `[rows, length]` ids and attention mask. */
export function padRows(ids: readonly (readonly number[])[], padId: number): EncodedBatch {
  const rows = ids.length;
  const length = Math.max(1, ...ids.map((r) => r.length));
  const inputIds = new BigInt64Array(rows * length).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(rows * length);
  ids.forEach((row, r) => {
    for (let k = 0; k < row.length; k++) {
      inputIds[r * length + k] = BigInt(row[k]!);
      attentionMask[r * length + k] = 1n;
    }
  });
  return { inputIds, attentionMask, rows, length };
}

/** Token count of each text as the model sees it (prefix and special tokens included). */
export function countTokens(loaded: LoadedModel, texts: readonly string[]): number[] {
  const { tokenizer, normalize, settings } = loaded;
  return texts.map((t) => tokenizer.encode(settings.prefix + normalize(t)).length);
}
