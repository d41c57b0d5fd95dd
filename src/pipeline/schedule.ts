/**
 * The batching scheduler: groups inputs of similar length under a token budget so that
 * little compute is spent on padding, then lets the caller restore document order.
 */

/** Limits of one batch. */
export interface BatchLimits {
  /** Most rows in one batch. */
  batchSize: number;
  /** Most padded tokens in one batch: rows × longest row. */
  maxBatchTokens: number;
}

/** Batches as lists of input indices. */
export interface Schedule {
  batches: number[][];
  /** Share of padded token slots that hold padding (0 = none), over all batches. */
  paddingRatio: number;
}

/**
 * Plans batches for inputs of the given token lengths.
 *
 * Inputs are taken in windows of document order (so the first sentences finish first,
 * which streaming needs), sorted by length inside each window, and cut into batches
 * that respect `limits`. An input longer than `maxBatchTokens` gets a batch of its own.
 * Batches are returned in the order they should run.
 */
export function scheduleBatches(lengths: readonly number[], limits: BatchLimits, window = limits.batchSize * 4): Schedule {
  const batches: number[][] = [];
  let padded = 0;
  let real = 0;
  for (let from = 0; from < lengths.length; from += window) {
    const ids = Array.from({ length: Math.min(window, lengths.length - from) }, (_, k) => from + k);
    ids.sort((a, b) => lengths[b]! - lengths[a]! || a - b);
    let current: number[] = [];
    let longest = 0;
    const flush = () => {
      if (current.length === 0) return;
      batches.push(current.sort((a, b) => a - b));
      padded += current.length * longest;
      current = [];
      longest = 0;
    };
    for (const id of ids) {
      const len = Math.max(1, lengths[id]!);
      real += len;
      const nextLongest = Math.max(longest, len);
      if (current.length > 0 && (current.length + 1 > limits.batchSize || (current.length + 1) * nextLongest > limits.maxBatchTokens)) {
        flush();
      }
      current.push(id);
      longest = Math.max(longest, len);
    }
    flush();
  }
  // within the plan, run the batch holding the earliest input first
  batches.sort((a, b) => a[0]! - b[0]!);
  return { batches, paddingRatio: padded === 0 ? 0 : 1 - real / padded };
}
