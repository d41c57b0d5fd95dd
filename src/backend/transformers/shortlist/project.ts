/**
 * The output layer over a shortlist, one decoding step at a time: the split decoder's hidden
 * states go through the head session for the ids the step's sentences list (their union), and
 * each row keeps only its own sentence's ids. The result is laid out as full-vocabulary logits
 * (every unlisted id at -∞), so greedy and beam search select exactly as they do on full logits,
 * and their log-softmax (`logSumExp`, which skips -∞) normalises over the sentence's list only.
 */
import { release, retain, type OrtSession, type OrtTensor, type StepProjector } from '../ops.js';
import { HIDDEN_OUTPUT } from './surgery.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** What one lean call needs to decode over shortlists. */
export interface ShortlistPlan {
  /** The head session (`hidden`, `ids` → `logits`). */
  head: OrtSession;
  /** Per sentence of the call: the target ids it may produce, sorted. */
  lists: readonly Int32Array[];
  /** The model's full vocabulary size (the width of the logits the loops read). */
  vocabSize: number;
}

/**
 * The step projector of a plan: hidden states `[rows, (1,) d]` and the sentence of every row →
 * logits `[rows, 1, vocabSize]` with only the row's sentence's ids finite (and those ids, so the
 * loops scan them instead of the vocabulary). Frees the hidden states. The logits buffer is the
 * same from step to step (the loops read a step's logits before the next is projected): only the
 * entries the last step listed are set back to -∞, since the loops only ever write finite values
 * where the list put them.
 */
export function shortlistProjector(Tensor: any, plan: ShortlistPlan): StepProjector {
  // the union of the step's sentences changes only when a sentence leaves: cached by sentence set
  let key = '';
  let ids: OrtTensor;
  let positions = new Map<number, Int32Array>();
  const prepare = (sentences: readonly number[]) => {
    const distinct = [...new Set(sentences)].sort((a, b) => a - b);
    const k = distinct.join(',');
    if (k === key) return;
    key = k;
    const union = new Map<number, number>();
    for (const s of distinct) for (const id of plan.lists[s]!) if (!union.has(id)) union.set(id, union.size);
    ids = new Tensor('int64', BigInt64Array.from(union.keys(), (id) => BigInt(id)), [union.size]);
    positions = new Map(distinct.map((s) => [s, Int32Array.from(plan.lists[s]!, (id) => union.get(id)!)]));
  };
  let buffer = new Float32Array(0);
  let written: readonly Int32Array[] = [];
  /** The buffer over `size` entries, all -∞. */
  const reuse = (size: number): Float32Array => {
    if (buffer.length < size) {
      buffer = retain(new Float32Array(size).fill(-Infinity));
    } else {
      written.forEach((list, r) => {
        for (const id of list) buffer[r * plan.vocabSize + id] = -Infinity;
      });
    }
    written = [];
    return buffer.subarray(0, size);
  };
  return {
    output: HIDDEN_OUTPUT,
    async project(hidden, sentences, run) {
      prepare(sentences);
      const rows = sentences.length;
      const d: number = hidden.dims.at(-1);
      const out = await run(plan.head, { hidden: new Tensor('float32', hidden.data, [rows, d]), ids });
      const k: number = ids.dims[0];
      const scores: Float32Array = out.logits.data;
      const V = plan.vocabSize;
      const logits = reuse(rows * V);
      const rowIds: Int32Array[] = [];
      for (let r = 0; r < rows; r++) {
        const list = plan.lists[sentences[r]!]!;
        rowIds.push(list);
        const pos = positions.get(sentences[r]!)!;
        const base = r * V;
        const from = r * k;
        for (let j = 0; j < list.length; j++) logits[base + list[j]!] = scores[from + pos[j]!]!;
      }
      written = rowIds;
      release(hidden, out.logits);
      return { logits: new Tensor('float32', logits, [rows, 1, V]), rowIds };
    },
  };
}
