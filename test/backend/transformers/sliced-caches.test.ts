/**
 * A decoder whose self-attention caches come back one position per step (the loop keeps the
 * past itself) decodes exactly as the unmodified graph: same tokens, same scores, bit for bit,
 * greedy and beam search, rows leaving the batch and beams reordering included.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leanDecode, type LeanDecodeOptions } from '../../../src/backend/transformers/decode.js';
import { sliceSelfCaches } from '../../../src/backend/transformers/shortlist/surgery.js';
import { BART_TINY, MARIAN_MEMO, MEMO_PAIRS, SEED } from '../../helpers.js';
import { padRows } from '../../../src/backend/transformers/inputs.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const loaded: Record<string, { tokenizer: any; model: any; sliced: ort.InferenceSession; config: any }> = {};
let tf: any;
let Tensor: any;

beforeAll(async () => {
  tf = await import('@huggingface/transformers');
  Tensor = new tf.Tensor('int64', new BigInt64Array(1), [1]).ort_tensor.constructor;
  for (const dir of [MARIAN_MEMO, BART_TINY]) {
    const tokenizer = await tf.AutoTokenizer.from_pretrained(dir, { local_files_only: true });
    const model = await tf.AutoModelForSeq2SeqLM.from_pretrained(dir, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    const sliced = await ort.InferenceSession.create(sliceSelfCaches(new Uint8Array(readFileSync(path.join(dir, 'onnx', 'decoder_model_merged.onnx')))));
    loaded[dir] = { tokenizer, model, sliced, config: JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) };
  }
}, 60_000);
afterAll(async () => {
  for (const m of Object.values(loaded)) await Promise.all([m.model.dispose?.(), m.sliced.release()]);
});

function options(dir: string, texts: string[], extra: Partial<LeanDecodeOptions>): LeanDecodeOptions {
  const { tokenizer, config } = loaded[dir]!;
  const rows = texts.map((t) => (tokenizer.encode(t, { add_special_tokens: true }) as number[]).slice(-40));
  const { inputIds, attentionMask, length } = padRows(rows, config.pad_token_id ?? 0);
  return {
    inputIds,
    attentionMask,
    batch: rows.length,
    length,
    // unequal forced lengths (as the benchmark forces them): rows leave the batch at different steps
    maxNew: rows.map((_, i) => 6 + 5 * i),
    minNew: rows.map((_, i) => 5 + 5 * i),
    eos: [config.eos_token_id],
    decoderStart: config.decoder_start_token_id,
    forcedBos: undefined,
    banned: [],
    noRepeatNgram: 0,
    repetitionPenalty: 1,
    beams: 1,
    lengthPenalty: 1,
    earlyStopping: false,
    renormalize: false,
    signal: undefined,
    onStep: undefined,
    ...extra,
  };
}

async function both(dir: string, o: LeanDecodeOptions) {
  const { model, sliced } = loaded[dir]!;
  const full = await leanDecode(Tensor, model.sessions, o);
  const cut = await leanDecode(Tensor, { ...model.sessions, decoder_model_merged: sliced }, o);
  return { full, cut };
}

describe('self-attention caches kept by the loop (sliced decoder)', () => {
  const texts = [...MEMO_PAIRS.slice(0, 3).map((p) => p.fr), SEED.slice(0, 200)];
  for (const dir of [MARIAN_MEMO, BART_TINY]) {
    const name = path.basename(dir);
    it(`${name}: the decoder returns one position per step and keeps every other output`, () => {
      const { sliced, model } = loaded[dir]!;
      const selfOutputs = (model.sessions.decoder_model_merged.outputNames as string[]).filter((n) => /decoder\./.test(n));
      expect(sliced.outputNames).toEqual((model.sessions.decoder_model_merged.outputNames as string[]).map((n) => (selfOutputs.includes(n) ? n.replace('present', 'fr2en_step') : n)));
    });
    it(`${name}: greedy gives the same tokens and scores, bit for bit`, async () => {
      const { full, cut } = await both(dir, options(dir, texts, { repetitionPenalty: 1.3, noRepeatNgram: 3 }));
      expect(cut.tokens).toEqual(full.tokens);
      expect(cut.scores).toEqual(full.scores);
      expect(cut.finished).toEqual(full.finished);
      expect(full.tokens.map((t) => t.length)).toEqual([5, 10, 15, 20].map((n, i) => (full.finished[i] ? n : n + 1)));
    });
    it(`${name}: beam search (beams reorder, sentences leave) gives the same hypotheses and scores`, async () => {
      const { full, cut } = await both(dir, options(dir, texts, { beams: 4, alternatives: 2 }));
      expect(cut.tokens).toEqual(full.tokens);
      expect(cut.scores).toEqual(full.scores);
      expect(cut.alternatives).toEqual(full.alternatives);
      expect(Math.min(...full.tokens.map((t) => t.length))).toBeGreaterThanOrEqual(5);
    });
  }
});

describe('greedy decoding with rows leaving the batch', () => {
  it("leaves the caller's ids and attention mask as they were (the shortlist builder reads them afterwards)", async () => {
    const o = options(MARIAN_MEMO, MEMO_PAIRS.slice(0, 4).map((p) => p.fr), {});
    const [ids, mask] = [o.inputIds.slice(), o.attentionMask.slice()];
    const first = await leanDecode(Tensor, loaded[MARIAN_MEMO]!.model.sessions, o);
    expect(o.inputIds).toEqual(ids);
    expect(o.attentionMask).toEqual(mask);
    expect((await leanDecode(Tensor, loaded[MARIAN_MEMO]!.model.sessions, o)).tokens).toEqual(first.tokens);
  });
});

describe('attachSlicedCaches', () => {
  it("swaps a lean model's merged decoder for the sliced one, once, and leaves models it does not drive alone", async () => {
    const { attachSlicedCaches } = await import('../../../src/backend/transformers/shortlist/load.js');
    const model = await tf.AutoModelForSeq2SeqLM.from_pretrained(MARIAN_MEMO, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
    try {
      const o = { dir: MARIAN_MEMO, dtype: 'fp32', threads: 1 };
      expect(await attachSlicedCaches(model, { ...o, lean: false })).toBe(false);
      expect(model.sessions.decoder_model_merged.outputNames).toContain('present.0.decoder.key');
      expect(await attachSlicedCaches(model, { ...o, lean: true })).toBe(true);
      expect(model.sessions.decoder_model_merged.outputNames).toContain('fr2en_step.0.decoder.key');
      expect(await attachSlicedCaches(model, { ...o, lean: true })).toBe(false);
      const texts = MEMO_PAIRS.slice(0, 3).map((p) => p.fr);
      const cut = await leanDecode(Tensor, model.sessions, options(MARIAN_MEMO, texts, {}));
      const full = await leanDecode(Tensor, loaded[MARIAN_MEMO]!.model.sessions, options(MARIAN_MEMO, texts, {}));
      expect(cut.tokens).toEqual(full.tokens);
      expect(cut.scores).toEqual(full.scores);
    } finally {
      await model.dispose?.();
    }
  });
});
