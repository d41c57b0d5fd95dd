/**
 * Constrained beam search (dynamic beam allocation), n-best alternatives and the repetition
 * penalty of the lean decoder, checked against an exhaustive enumeration of every output of the
 * 8-token `marian-beam` model up to 4 tokens (1555 sequences), scored by full forward passes of
 * the decoder without cache and by a straightforward re-implementation of the processors.
 *
 * What is compared: with 1600 beams (more than the 1512 candidates any step can have, so no
 * hypothesis is ever pruned) the search must equal the exhaustive optimum exactly; with the
 * fixture's 8 beams and fewer, constrained search is a heuristic, so its output must contain
 * every constraint and score at most the constrained optimum.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leanDecode, type LeanDecodeOptions } from '../../../src/backend/transformers/decode.js';
import { containsRun } from '../../../src/backend/transformers/constraints.js';
import { segment } from '../../../src/index.js';
import { MARIAN_BEAM, SEED } from '../../helpers.js';
import { padRows } from '../../../src/backend/transformers/inputs.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
let tf: any;
let model: any;
let tokenizer: any;
let Tensor: any;
const EOS = 0;
const PAD = 7; // decoder start, banned
const VOCAB = 8;
const CAP = 4;
const ALL_BEAMS = 1600;

beforeAll(async () => {
  tf = await import('@huggingface/transformers');
  tokenizer = await tf.AutoTokenizer.from_pretrained(MARIAN_BEAM, { local_files_only: true });
  model = await tf.AutoModelForSeq2SeqLM.from_pretrained(MARIAN_BEAM, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
  Tensor = new tf.Tensor('int64', new BigInt64Array(1), [1]).ort_tensor.constructor;
}, 60_000);
afterAll(async () => {
  await model?.dispose?.();
});

const SENTENCES = segment(SEED)
  .map((s) => s.text)
  .slice(0, 6);

function encode(text: string): number[] {
  return tokenizer.encode(text, { add_special_tokens: true }).slice(-60);
}

function options(rows: number[][], extra: Partial<LeanDecodeOptions>): LeanDecodeOptions {
  const { inputIds, attentionMask, length } = padRows(rows, PAD);
  return {
    inputIds,
    attentionMask,
    batch: rows.length,
    length,
    maxNew: rows.map(() => CAP),
    minNew: rows.map(() => 0),
    eos: [EOS],
    decoderStart: PAD,
    forcedBos: undefined,
    banned: [PAD],
    noRepeatNgram: 0,
    repetitionPenalty: 1,
    beams: VOCAB,
    lengthPenalty: 1,
    earlyStopping: 'never',
    renormalize: true,
    signal: undefined,
    onStep: undefined,
    ...extra,
  };
}

/** Raw next-token logits after `prefix`, from a full decoder pass without cache. */
async function rawScorer(ids: number[]) {
  const sessions = model.sessions;
  const mask = new Tensor('int64', BigInt64Array.from(ids, () => 1n), [1, ids.length]);
  const enc = await sessions.model.run({ input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]), attention_mask: mask });
  const dec = sessions.decoder_model_merged;
  const empty: Record<string, any> = {};
  for (const m of dec.inputMetadata) {
    if (!m.name.startsWith('past_key_values')) continue;
    const shape = m.shape.map((d: number | string, i: number) => (typeof d === 'number' ? d : i === 0 ? 1 : 0));
    empty[m.name] = new Tensor('float32', new Float32Array(0), shape);
  }
  return async (prefix: number[]): Promise<number[]> => {
    const input = [PAD, ...prefix];
    const out = await dec.run({
      input_ids: new Tensor('int64', BigInt64Array.from(input, BigInt), [1, input.length]),
      encoder_hidden_states: enc.last_hidden_state,
      encoder_attention_mask: mask,
      use_cache_branch: new Tensor('bool', Uint8Array.from([0]), [1]),
      ...empty,
    });
    return Array.from((out.logits.data as Float32Array).subarray((input.length - 1) * VOCAB, input.length * VOCAB));
  };
}

const logSoftmax = (row: number[]) => {
  const max = Math.max(...row.filter((x) => x > -Infinity));
  const lse = max + Math.log(row.reduce((a, x) => a + (x === -Infinity ? 0 : Math.exp(x - max)), 0));
  return row.map((x) => x - lse);
};

/**
 * transformers' beam-search scores of the next token: log-softmax of the raw logits, the
 * repetition penalty on the tokens of `[decoder start, ...prefix]` (negative × p, positive / p),
 * the pad masked, then renormalised (the fixture's `renormalize_logits`).
 */
function beamScores(raw: number[], prefix: number[], penalty: number): number[] {
  const lp = logSoftmax(raw);
  for (const t of new Set([PAD, ...prefix])) lp[t] = lp[t]! < 0 ? lp[t]! * penalty : lp[t]! / penalty;
  lp[PAD] = -Infinity;
  return logSoftmax(lp);
}

interface Sequence {
  tokens: number[];
  finished: boolean;
  score: number;
}

/** Every output up to `CAP` tokens with its score (sum / length), best first. */
async function enumerate(ids: number[], penalty = 1): Promise<Sequence[]> {
  const raw = await rawScorer(ids);
  const all: Sequence[] = [];
  const walk = async (prefix: number[], sum: number) => {
    const lp = beamScores(await raw(prefix), prefix, penalty);
    for (let t = 0; t < VOCAB; t++) {
      if (lp[t] === -Infinity) continue;
      const total = sum + lp[t]!;
      if (t === EOS) all.push({ tokens: prefix, finished: true, score: total / (prefix.length + 1) });
      else if (prefix.length + 1 === CAP) all.push({ tokens: [...prefix, t], finished: false, score: total / CAP });
      else await walk([...prefix, t], total);
    }
  };
  await walk([], 0);
  return all.sort((a, b) => b.score - a.score);
}

/** Constraint sets with disjoint tokens (pieces ▁ e a s t = 2..6), one to three tokens long. */
const CONSTRAINT_SETS: number[][][] = [[[3, 4]], [[5], [2, 6]], [[4, 4, 3]], [[6]]];

const meets = (tokens: number[], constraints: number[][]) => constraints.every((c) => containsRun(tokens, c));

describe('constrained beam search (dynamic beam allocation)', () => {
  it('with beams enough never to prune, finds the best of all 1555 outputs that contain every constraint (6 sentences × 4 constraint sets, batched)', async () => {
    const rows = SENTENCES.map(encode);
    const enumerated = await Promise.all(rows.map((ids) => enumerate(ids)));
    for (const constraints of CONSTRAINT_SETS) {
      const result = await leanDecode(Tensor, model.sessions, options(rows, { beams: ALL_BEAMS, constraints: rows.map(() => constraints) }));
      for (const [i, all] of enumerated.entries()) {
        expect(all).toHaveLength(1555);
        const best = all.find((s) => meets(s.tokens, constraints))!;
        expect(result.tokens[i]).toEqual(best.tokens);
        expect(result.finished[i]).toBe(best.finished);
        expect(result.scores[i]).toBeCloseTo(best.score, 4);
        expect(result.unmet?.[i]).toEqual([]);
      }
      // the constraint changes the output where the unconstrained optimum lacks it
      if (constraints === CONSTRAINT_SETS[0]) expect(enumerated.some((all) => !meets(all[0]!.tokens, constraints))).toBe(true);
    }
  }, 180_000);

  it('with 8, 3 and 2 beams (and greedy asked: 4 beams for the constrained rows only), places every constraint and scores at most the optimum', async () => {
    const rows = SENTENCES.map(encode);
    const enumerated = await Promise.all(rows.map((ids) => enumerate(ids)));
    let exact = 0;
    let total = 0;
    for (const constraints of CONSTRAINT_SETS) {
      for (const beams of [8, 3, 2, 1]) {
        // the last row unconstrained: with greedy asked it must stay the greedy output
        const perRow = rows.map((_, i) => (i === rows.length - 1 ? [] : constraints));
        const result = await leanDecode(Tensor, model.sessions, options(rows, { beams, constraints: perRow }));
        for (const [i, all] of enumerated.entries()) {
          if (i === rows.length - 1) continue;
          const best = all.find((s) => meets(s.tokens, constraints))!;
          expect(meets(result.tokens[i]!, constraints)).toBe(true);
          expect(result.unmet?.[i]).toEqual([]);
          expect(result.scores[i]!).toBeLessThanOrEqual(best.score + 1e-5);
          // the score is the output's own: recomputed from the enumeration
          const own = all.find((s) => s.finished === result.finished[i] && s.tokens.join() === result.tokens[i]!.join())!;
          expect(result.scores[i]).toBeCloseTo(own.score, 4);
          total++;
          if (Math.abs(result.scores[i]! - best.score) < 1e-5) exact++;
        }
        if (beams === 1) {
          const greedy = await leanDecode(Tensor, model.sessions, options([rows.at(-1)!], { beams: 1 }));
          expect(result.tokens.at(-1)).toEqual(greedy.tokens[0]);
        }
      }
    }
    expect(exact).toBeGreaterThan(total / 2); // a heuristic, but mostly right on this model
  }, 180_000);

  it('at the cap, when no output can meet a constraint, returns the best output it kept and lists the constraint unmet', async () => {
    const rows = SENTENCES.slice(0, 3).map(encode);
    const constraints = [[3, 3, 3, 3, 3]]; // five tokens: longer than the cap of 4
    const result = await leanDecode(Tensor, model.sessions, options(rows, { beams: ALL_BEAMS, constraints: rows.map(() => constraints) }));
    for (const [i, ids] of rows.entries()) {
      const all = await enumerate(ids);
      // the end token stays banned (the constraint is never met), so the output is the best cut one
      const best = all.find((s) => !s.finished)!;
      expect(result.tokens[i]).toEqual(best.tokens);
      expect(result.finished[i]).toBe(false);
      expect(result.unmet?.[i]).toEqual([0]);
    }
  }, 120_000);
});

describe('n-best alternatives', () => {
  it('with beams enough never to prune, the output and 3 alternatives are the top 4 of the enumeration, in order', async () => {
    const rows = SENTENCES.map(encode);
    const result = await leanDecode(Tensor, model.sessions, options(rows, { beams: ALL_BEAMS, alternatives: 3 }));
    for (const [i, ids] of rows.entries()) {
      const top = (await enumerate(ids)).slice(0, 4);
      const got = [{ tokens: result.tokens[i], score: result.scores[i], finished: result.finished[i] }, ...result.alternatives![i]!];
      expect(got).toHaveLength(4);
      got.forEach((h, k) => {
        expect(h.tokens).toEqual(top[k]!.tokens);
        expect(h.finished).toBe(top[k]!.finished);
        expect(h.score).toBeCloseTo(top[k]!.score, 4);
      });
    }
  }, 120_000);

  it('with the fixture\'s 8 beams, gives distinct alternatives, best first, none above the output, each scored as the enumeration scores it', async () => {
    const rows = SENTENCES.map(encode);
    const result = await leanDecode(Tensor, model.sessions, options(rows, { beams: 8, alternatives: 5 }));
    for (const [i, ids] of rows.entries()) {
      const all = await enumerate(ids);
      const alternatives = result.alternatives![i]!;
      expect(alternatives.length).toBe(5);
      const keys = new Set([result.tokens[i]!.join() + result.finished[i], ...alternatives.map((h) => h.tokens.join() + h.finished)]);
      expect(keys.size).toBe(6);
      let previous = result.scores[i]!;
      for (const h of alternatives) {
        expect(h.score).toBeLessThanOrEqual(previous + 1e-9);
        previous = h.score;
        const own = all.find((s) => s.finished === h.finished && s.tokens.join() === h.tokens.join())!;
        expect(h.score).toBeCloseTo(own.score, 4);
      }
    }
  }, 120_000);
});

describe('repetition penalty', () => {
  it('greedy: matches a straightforward implementation over the full logits (penalty on the raw logits, decoder start included)', async () => {
    const rows = SENTENCES.map(encode);
    for (const penalty of [1.5, 0.7]) {
      const result = await leanDecode(Tensor, model.sessions, options(rows, { beams: 1, repetitionPenalty: penalty, maxNew: rows.map(() => 12) }));
      let changed = 0;
      for (const [i, ids] of rows.entries()) {
        const raw = await rawScorer(ids);
        const tokens: number[] = [];
        let sum = 0;
        let finished = false;
        while (tokens.length < 12) {
          const logits = await raw(tokens);
          const penalised = logits.slice();
          for (const t of new Set([PAD, ...tokens])) penalised[t] = penalised[t]! < 0 ? penalised[t]! * penalty : penalised[t]! / penalty;
          penalised[PAD] = -Infinity;
          let choice = 0;
          for (let t = 1; t < VOCAB; t++) if (penalised[t]! > penalised[choice]!) choice = t;
          sum += beamScores(logits, tokens, penalty)[choice]!; // scored as beam search scores it
          if (choice === EOS) {
            finished = true;
            break;
          }
          tokens.push(choice);
        }
        expect(result.tokens[i]).toEqual(tokens);
        expect(result.finished[i]).toBe(finished);
        expect(result.scores[i]).toBeCloseTo(sum / (tokens.length + (finished ? 1 : 0)), 4);
        const plain = await leanDecode(Tensor, model.sessions, options([ids], { beams: 1, maxNew: [12] }));
        if (plain.tokens[0]!.join() !== tokens.join()) changed++;
      }
      expect(changed).toBeGreaterThan(0); // the penalty does something on this model
    }
  }, 120_000);

  it('beam: with beams enough never to prune, finds the best of all 1555 outputs under transformers\' beam-search penalty (on log-probabilities)', async () => {
    const rows = SENTENCES.map(encode);
    const result = await leanDecode(Tensor, model.sessions, options(rows, { beams: ALL_BEAMS, repetitionPenalty: 1.8 }));
    let differs = 0;
    for (const [i, ids] of rows.entries()) {
      const best = (await enumerate(ids, 1.8))[0]!;
      expect(result.tokens[i]).toEqual(best.tokens);
      expect(result.finished[i]).toBe(best.finished);
      expect(result.scores[i]).toBeCloseTo(best.score, 4);
      if ((await enumerate(ids))[0]!.tokens.join() !== best.tokens.join()) differs++;
    }
    expect(differs).toBeGreaterThan(0);
  }, 180_000);
});
