/**
 * A lean greedy decoding loop over the model's own ONNX Runtime sessions.
 *
 * transformers.js's `generate()` keeps running every row of a batch until the last one
 * ends. This loop drops a row from the batch (encoder states, mask and key/value cache)
 * as soon as it emits the end token or reaches its cap, so finished rows cost nothing;
 * it also times the runtime's own `session.run` calls, which the benchmark reports as the
 * floor fr2en's overhead is measured against.
 *
 * It handles the standard seq2seq export (encoder + merged decoder with `use_cache_branch`);
 * `supportsLeanDecoding` tells when a model fits, and the backend falls back to
 * `generate()` otherwise.
 */
import { AbortError } from '../../errors.js';
import { beamDecode } from './beam.js';
import {
  decoderStep,
  encodeBatch,
  gatherRows,
  PAST,
  penalizeRepeats,
  release,
  repeatedNgramBans,
  ROW_IDS,
  rowArgmax,
  rowLogSumExp,
  type RowIds,
  type StepProjector,
  type LeanDecodeOptions,
  type LeanDecodeResult,
  type OrtSession,
  type OrtTensor,
} from './ops.js';

/**
 * Beams a row with constraints gets when greedy decoding was asked: constrained search needs
 * room for hypotheses that have placed part of a constraint beside those that have not, and
 * 4 is opus-mt's own beam size. Rows without constraints stay greedy.
 */
export const MIN_CONSTRAINED_BEAMS = 4;

export type { EarlyStopping, LeanDecodeOptions, LeanDecodeResult } from './ops.js';
export { argmax, gatherRows, logSumExp, PAST, repeatedNgramBans, symbolic, takeRows } from './ops.js';

/** True when the sessions have the inputs and outputs this loop drives. */
export function supportsLeanDecoding(sessions: Record<string, OrtSession> | undefined): boolean {
  const enc = sessions?.model;
  const dec = sessions?.decoder_model_merged;
  if (!enc || !dec) return false;
  const inputs: string[] = dec.inputNames ?? [];
  const outputs: string[] = dec.outputNames ?? [];
  const known = inputs.every(
    (n) => PAST.test(n) || ['input_ids', 'encoder_hidden_states', 'encoder_attention_mask', 'use_cache_branch'].includes(n),
  );
  return (
    known &&
    inputs.includes('use_cache_branch') &&
    inputs.includes('encoder_attention_mask') &&
    outputs.includes('logits') &&
    (enc.inputNames ?? []).every((n: string) => n === 'input_ids' || n === 'attention_mask')
  );
}

/**
 * Runs greedy decoding (`beams` 1) or beam search; the caller owns tokenisation and decoding of the ids.
 * @throws AbortError when `signal` aborts (checked before every step).
 */
export async function leanDecode(Tensor: any, sessions: Record<string, OrtSession>, o: LeanDecodeOptions): Promise<LeanDecodeResult> {
  const constrained = (o.constraints ?? []).flatMap((c, row) => (c.length > 0 ? [row] : []));
  if (o.beams > 1) return beamDecode(Tensor, sessions, o);
  if (constrained.length === 0) return greedyDecode(Tensor, sessions, o);
  // greedy asked, some rows constrained: those rows run constrained beam search, the others stay greedy
  const free = Array.from({ length: o.batch }, (_, row) => row).filter((row) => !constrained.includes(row));
  const beam = await beamDecode(Tensor, sessions, { ...subset(o, constrained), beams: Math.max(MIN_CONSTRAINED_BEAMS, (o.alternatives ?? 0) + 1) });
  const greedy = free.length > 0 ? await greedyDecode(Tensor, sessions, subset(o, free)) : undefined;
  const result: LeanDecodeResult = {
    tokens: [],
    finished: [],
    scores: [],
    unmet: [],
    steps: beam.steps + (greedy?.steps ?? 0),
    runtimeMs: beam.runtimeMs + (greedy?.runtimeMs ?? 0),
  };
  if (o.alternatives) result.alternatives = [];
  const place = (part: LeanDecodeResult, rows: number[]) =>
    rows.forEach((row, k) => {
      result.tokens[row] = part.tokens[k]!;
      result.finished[row] = part.finished[k]!;
      result.scores[row] = part.scores[k]!;
      result.unmet![row] = part.unmet?.[k] ?? [];
      if (result.alternatives) result.alternatives[row] = part.alternatives?.[k] ?? [];
    });
  place(beam, constrained);
  if (greedy) place(greedy, free);
  return result;
}

/** The options of `rows` of a call, as a call of their own (padding columns kept). */
function subset(o: LeanDecodeOptions, rows: readonly number[]): LeanDecodeOptions {
  const inputIds = new BigInt64Array(rows.length * o.length);
  const attentionMask = new BigInt64Array(rows.length * o.length);
  rows.forEach((row, k) => {
    inputIds.set(o.inputIds.subarray(row * o.length, (row + 1) * o.length), k * o.length);
    attentionMask.set(o.attentionMask.subarray(row * o.length, (row + 1) * o.length), k * o.length);
  });
  return {
    ...o,
    inputIds,
    attentionMask,
    batch: rows.length,
    maxNew: rows.map((r) => o.maxNew[r]!),
    minNew: rows.map((r) => o.minNew[r]!),
    ...(o.constraints ? { constraints: rows.map((r) => o.constraints![r] ?? []) } : {}),
    // the projector knows sentences by their index in the whole call
    ...(o.projector ? { projector: renumbered(o.projector, rows) } : {}),
  };
}

/** A projector seen through a subset of its call's sentences: sentence `k` is the call's `rows[k]`. */
function renumbered(projector: StepProjector, rows: readonly number[]): StepProjector {
  return {
    output: projector.output,
    project: (value, sentences, run) => projector.project(value, sentences.map((k) => rows[k]!), run),
  };
}

/** Greedy decoding: the fast path. */
async function greedyDecode(Tensor: any, sessions: Record<string, OrtSession>, o: LeanDecodeOptions): Promise<LeanDecodeResult> {
  const run = await encodeBatch(Tensor, sessions, o);
  const { mask, pastNames } = run;
  let hidden: OrtTensor = run.hidden;
  let encMask: OrtTensor = mask;

  // Ask only for the outputs used: after the first step the encoder keys/values are kept from
  // step one, and exports that pass them through again would otherwise copy them out every step.
  const firstFetches = ['logits', ...pastNames.map((n) => n.replace('past_key_values', 'present'))];
  const laterFetches = ['logits', ...pastNames.filter((n) => !n.includes('.encoder.')).map((n) => n.replace('past_key_values', 'present'))];

  // row bookkeeping: `active[k]` is the original row index of batch slot k
  let active = Array.from({ length: o.batch }, (_, i) => i);
  const tokens: number[][] = active.map(() => []);
  const finished = new Array<boolean>(o.batch).fill(false);
  const sums = new Array<number>(o.batch).fill(0);
  const history: number[][] = active.map(() => [o.decoderStart]);
  let past: Record<string, OrtTensor> = {};
  let encoderPast: Record<string, OrtTensor> = {};
  let last = active.map(() => o.decoderStart);
  const eosSet = new Set(o.eos);
  const eos0 = o.eos[0]!;
  let steps = 0;

  try {
    for (let step = 0; active.length > 0; step++) {
      if (o.signal?.aborted) throw new AbortError(undefined, { cause: o.signal.reason });
      const rows = active.length;
      const lastIds = BigInt64Array.from(last, (t) => BigInt(t));
      const out = await decoderStep(Tensor, run, { lastIds, step, hidden, encMask, encoderPast, past, fetches: step === 0 ? firstFetches : laterFetches, sentences: active });
      steps++;
      past = {};
      const logits: Float32Array = out.logits.data;
      const vocab: number = out.logits.dims.at(-1);
      const rowIds: readonly RowIds[] | undefined = out[ROW_IDS];
      const next: number[] = [];
      const keep: number[] = [];
      for (let k = 0; k < rows; k++) {
        const row = active[k]!;
        const n = tokens[row]!.length;
        const base = (k * out.logits.dims[1] + (out.logits.dims[1] - 1)) * vocab;
        let choice: number;
        if (n >= o.maxNew[row]!) {
          choice = eos0; // cap reached: the row ends here, unfinished
        } else if (step === 0 && o.forcedBos !== undefined) {
          choice = o.forcedBos; // forced: log-probability 0, as transformers' processor sets it
        } else {
          // log-softmax of the raw logits (or of the masked ones with `renormalize`), as scored by transformers
          // a shortlisted row: only its listed ids are finite, and every scan visits only them
          const ids = rowIds?.[k];
          const penalised = o.repetitionPenalty !== 1;
          const rawLse = o.renormalize && !penalised ? 0 : rowLogSumExp(logits, base, vocab, ids);
          // transformers' greedy search penalises repeats on the raw logits
          const raw = penalised ? penalizeRepeats(logits, base, history[row]!, o.repetitionPenalty) : undefined;
          // banned tokens: masked in place (the logits buffer is ours), then a plain argmax
          for (const t of o.banned) logits[base + t] = -Infinity;
          if (n < o.minNew[row]!) for (const e of o.eos) logits[base + e] = -Infinity;
          if (o.noRepeatNgram > 0) for (const t of repeatedNgramBans(history[row]!, o.noRepeatNgram)) logits[base + t] = -Infinity;
          choice = rowArgmax(logits, base, vocab, ids);
          if (raw) {
            // the score is the one beam search gives the same tokens (penalty on log-probabilities),
            // so that greedy and beam scores compare; masked tokens stay masked
            for (const [t, x] of raw) if (logits[base + t] !== -Infinity) logits[base + t] = rawLse + (x - rawLse) * o.repetitionPenalty;
            sums[row]! += logits[base + choice]! - (o.renormalize ? rowLogSumExp(logits, base, vocab, ids) : rawLse);
          } else {
            sums[row]! += logits[base + choice]! - (o.renormalize ? rowLogSumExp(logits, base, vocab, ids, logits[base + choice]!) : rawLse);
          }
        }
        const capped = n >= o.maxNew[row]!;
        if (eosSet.has(choice)) {
          finished[row] = !capped;
        } else {
          tokens[row]!.push(choice);
          history[row]!.push(choice);
          // a row that just reached its cap leaves now (unfinished): running one more step only
          // to end it would cost a full forward pass for nothing
          if (tokens[row]!.length < o.maxNew[row]!) {
            next.push(choice);
            keep.push(k);
          }
        }
      }
      release(out.logits);
      o.onStep?.({ step: steps, activeRows: keep.length });
      if (keep.length === 0) {
        release(...pastNames.map((n) => out[n.replace('past_key_values', 'present')]));
        break;
      }

      // carry the cache forward, dropping finished rows
      const shrink = keep.length < rows;
      const newPast: Record<string, OrtTensor> = {};
      for (const name of pastNames) {
        const present = name.replace('past_key_values', 'present');
        if (name.includes('.encoder.')) {
          const source = step === 0 ? out[present] : encoderPast[name];
          newPast[name] = shrink ? gatherRows(Tensor, source, keep) : source;
        } else {
          newPast[name] = shrink ? gatherRows(Tensor, out[present], keep) : out[present];
        }
      }
      if (shrink) {
        hidden = gatherRows(Tensor, hidden, keep);
        encMask = gatherRows(Tensor, encMask, keep);
      }
      encoderPast = Object.fromEntries(Object.entries(newPast).filter(([n]) => n.includes('.encoder.')));
      past = Object.fromEntries(Object.entries(newPast).filter(([n]) => !n.includes('.encoder.')));
      active = keep.map((k) => active[k]!);
      last = next;
    }
  } finally {
    // the encoder's states and the caches of the batch (the attention mask is the caller's)
    release(hidden, ...Object.values(encoderPast), ...Object.values(past));
  }
  // the score of the sequence: its length counts the end token when the model ended it
  const scores = tokens.map((t, row) => sums[row]! / Math.max(1, t.length + (finished[row] ? 1 : 0)) ** o.lengthPenalty);
  return { tokens, finished, scores, steps, runtimeMs: run.runtimeMs };
}