/**
 * Splitting a decoder at its output layer: the split decoder's hidden state through the head
 * gives exactly the unsplit graph's logits at the gathered ids (the unsplit graph is the reference).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { HIDDEN_OUTPUT, splitDecoder, UnsupportedGraphError } from '../../../../src/backend/transformers/shortlist/surgery.js';
import { decodeMessage, encodeMessage } from '../../../../src/backend/transformers/shortlist/protobuf.js';
import { MARIAN_BEAM, MARIAN_MEMO, MARIAN_TINY, ROOT } from '../../../helpers.js';

const BENCH_Q8 = path.join(ROOT, '.cache', 'bench-models', 'opus-mt-fr-en-synthetic', 'onnx', 'decoder_model_merged_quantized.onnx');

/** Feeds of a first step (empty caches) for `rows` rows over a random encoder output. */
function firstStepFeeds(session: ort.InferenceSession, rows: number, d: number, vocab: number): Record<string, ort.Tensor> {
  const encLen = 5;
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    const meta = (session as unknown as { inputMetadata: { name: string; shape: (number | string)[] }[] }).inputMetadata.find((m) => m.name === name)!;
    if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', BigInt64Array.from({ length: rows }, (_, i) => BigInt((i * 7 + 3) % vocab)), [rows, 1]);
    else if (name === 'encoder_attention_mask') feeds[name] = new ort.Tensor('int64', new BigInt64Array(rows * encLen).fill(1n), [rows, encLen]);
    else if (name === 'encoder_hidden_states') feeds[name] = new ort.Tensor('float32', Float32Array.from({ length: rows * encLen * d }, (_, i) => Math.sin(i)), [rows, encLen, d]);
    else if (name === 'use_cache_branch') feeds[name] = new ort.Tensor('bool', Uint8Array.of(0), [1]);
    else feeds[name] = new ort.Tensor('float32', new Float32Array(0), [rows, meta.shape[1] as number, 0, meta.shape[3] as number]);
  }
  return feeds;
}

async function maxDifference(file: string, vocab: number, ids: number[]): Promise<number> {
  const bytes = new Uint8Array(readFileSync(file));
  const split = splitDecoder(bytes, vocab);
  const [full, decoder, head] = await Promise.all([ort.InferenceSession.create(bytes), ort.InferenceSession.create(split.decoder), ort.InferenceSession.create(split.head)]);
  try {
    expect(decoder.outputNames).toContain(HIDDEN_OUTPUT);
    expect(decoder.outputNames).not.toContain('logits');
    const rows = 3;
    const feeds = firstStepFeeds(full, rows, split.hiddenSize, vocab);
    const reference = (await full.run(feeds, ['logits'])).logits!.data as Float32Array;
    const hidden = (await decoder.run(feeds, [HIDDEN_OUTPUT]))[HIDDEN_OUTPUT]!;
    const idTensor = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [ids.length]);
    const out = await head.run({ hidden: new ort.Tensor('float32', hidden.data as Float32Array, [rows, split.hiddenSize]), ids: idTensor });
    expect(out.logits!.dims).toEqual([rows, ids.length]);
    const scores = out.logits!.data as Float32Array;
    let worst = 0;
    for (let r = 0; r < rows; r++) ids.forEach((id, j) => (worst = Math.max(worst, Math.abs(reference[r * vocab + id]! - scores[r * ids.length + j]!))));
    return worst;
  } finally {
    await Promise.all([full.release(), decoder.release(), head.release()]);
  }
}

describe('splitDecoder', () => {
  it.each([
    ['marian-memo', MARIAN_MEMO, 1001],
    ['marian-tiny', MARIAN_TINY, 1001],
    ['marian-beam', MARIAN_BEAM, 8],
  ])('%s (fp32 Gemm head): the head gives the full logits at the gathered ids', async (_, dir, vocab) => {
    const ids = [...new Set([0, 1, 2, vocab - 1, Math.floor(vocab / 2), 5 % vocab])];
    expect(await maxDifference(path.join(dir, 'onnx', 'decoder_model_merged.onnx'), vocab, ids)).toBe(0);
  }, 60_000);

  it.skipIf(!existsSync(BENCH_Q8))('the int8 bench model (MatMulInteger head): the head gives the full logits at the gathered ids', async () => {
    expect(await maxDifference(BENCH_Q8, 59514, [0, 7, 100, 4242, 59513])).toBe(0);
  }, 120_000);

  it('refuses a vocabulary size the graph has no output layer for', () => {
    const bytes = new Uint8Array(readFileSync(path.join(MARIAN_MEMO, 'onnx', 'decoder_model_merged.onnx')));
    expect(() => splitDecoder(bytes, 999)).toThrow(UnsupportedGraphError);
  });

  it('reads and writes protobuf messages losslessly', () => {
    const bytes = new Uint8Array(readFileSync(path.join(MARIAN_TINY, 'onnx', 'decoder_model_merged.onnx')));
    expect(Buffer.from(encodeMessage(decodeMessage(bytes))).equals(Buffer.from(bytes))).toBe(true);
  });
});
