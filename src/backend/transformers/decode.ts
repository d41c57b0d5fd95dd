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
  takeRows,
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

/** Where the greedy loop stands: per original row, its tokens, whether the model ended it, its score's sum. */
interface GreedyState {
  tokens: number[][];
  finished: boolean[];
  sums: number[];
  /** The row's sequence, decoder start token included (penalty and n-gram bans read it). */
  history: number[][];
}

/** Greedy decoding: the fast path. */
async function greedyDecode(Tensor: any, sessions: Record<string, OrtSession>, o: LeanDecodeOptions): Promise<LeanDecodeResult> {
  const run = await encodeBatch(Tensor, sessions, o);
  const { mask, pastNames } = run;
  let hidden: OrtTensor = run.hidden;
  let encMask: OrtTensor = mask;
  const crossNames = pastNames.filter((n) => n.includes('.encoder.'));
  const present = (n: string) => n.replace('past_key_values', 'present');
  // Ask only for the outputs used: after the first step the encoder keys/values are kept from
  // step one, and exports that pass them through again would otherwise copy them out every step.
  const firstFetches = ['logits', ...crossNames.map(present), ...run.caches.outputs];
  const laterFetches = ['logits', ...run.caches.outputs];

  // row bookkeeping: `active[k]` is the original row index of batch slot k
  let active = Array.from({ length: o.batch }, (_, i) => i);
  const state: GreedyState = {
    tokens: active.map(() => []),
    finished: new Array<boolean>(o.batch).fill(false),
    sums: new Array<number>(o.batch).fill(0),
    history: active.map(() => [o.decoderStart]),
  };
  let encoderPast: Record<string, OrtTensor> = {};
  let lastIds = BigInt64Array.from(active, () => BigInt(o.decoderStart));
  let steps = 0;

  try {
    for (let step = 0; active.length > 0; step++) {
      if (o.signal?.aborted) throw new AbortError(undefined, { cause: o.signal.reason });
      const rows = active.length;
      const out = await decoderStep(Tensor, run, { lastIds, step, hidden, encMask, encoderPast, fetches: step === 0 ? firstFetches : laterFetches, sentences: active });
      steps++;
      const keep = greedyStep(o, state, out, active, step);
      release(out.logits);
      o.onStep?.({ step: steps, activeRows: keep.length });
      if (keep.length === 0) {
        run.caches.dispose(out);
        release(...crossNames.map((n) => out[present(n)]));
        break;
      }
      // carry the caches forward, dropping finished rows (in place: the buffers are fr2en's)
      run.caches.advance(out, keep);
      if (step === 0) encoderPast = Object.fromEntries(crossNames.map((n) => [n, out[present(n)]]));
      if (keep.length < rows) {
        for (const n of crossNames) encoderPast[n] = gatherRows(Tensor, encoderPast[n], keep);
        hidden = gatherRows(Tensor, hidden, keep);
        // the mask is the caller's array until the first shrink copies it (then fr2en's, moved in place)
        encMask = encMask === mask ? takeRows(Tensor, encMask, keep) : gatherRows(Tensor, encMask, keep);
      }
      active = keep.map((k) => active[k]!);
      // the next step's last tokens, written over this step's (the array shrinks with the batch)
      lastIds = lastIds.subarray(0, keep.length);
      active.forEach((row, k) => (lastIds[k] = BigInt(state.tokens[row]!.at(-1)!)));
    }
  } finally {
    // the encoder's states and the caches of the batch; the attention mask once it is fr2en's copy
    run.caches.dispose();
    release(hidden, ...Object.values(encoderPast), encMask === mask ? undefined : encMask);
  }
  // the score of the sequence: its length counts the end token when the model ended it
  const { tokens, finished, sums } = state;
  const scores = tokens.map((t, row) => sums[row]! / Math.max(1, t.length + (finished[row] ? 1 : 0)) ** o.lengthPenalty);
  return { tokens, finished, scores, steps, runtimeMs: run.runtimeMs };
}

/**
 * Picks every active row's next token from a step's logits and records it; returns the batch
 * slots that go on (a row leaves when it ends or reaches its cap).
 */
function greedyStep(o: LeanDecodeOptions, state: GreedyState, out: Record<string, OrtTensor>, active: readonly number[], step: number): number[] {
  const logits: Float32Array = out.logits.data;
  const vocab: number = out.logits.dims.at(-1);
  const seq: number = out.logits.dims[1];
  const rowIds: readonly RowIds[] | undefined = out[ROW_IDS];
  const keep: number[] = [];
  for (let k = 0; k < active.length; k++) {
    const row = active[k]!;
    const n = state.tokens[row]!.length;
    const capped = n >= o.maxNew[row]!;
    let choice: number;
    if (capped) {
      choice = o.eos[0]!; // cap reached: the row ends here, unfinished
    } else if (step === 0 && o.forcedBos !== undefined) {
      choice = o.forcedBos; // forced: log-probability 0, as transformers' processor sets it
    } else {
      // a shortlisted row: only its listed ids are finite, and every scan visits only them
      choice = greedyChoice(o, state, logits, (k * seq + (seq - 1)) * vocab, vocab, rowIds?.[k], row);
    }
    if (o.eos.includes(choice)) {
      state.finished[row] = !capped;
    } else {
      state.tokens[row]!.push(choice);
      state.history[row]!.push(choice);
      // a row that just reached its cap leaves now (unfinished): running one more step only
      // to end it would cost a full forward pass for nothing
      if (state.tokens[row]!.length < o.maxNew[row]!) keep.push(k);
    }
  }
  return keep;
}

/**
 * The best token of one row (logits at `base`), its log-probability added to the row's sum:
 * log-softmax of the raw logits (or of the masked ones with `renormalize`), as transformers scores it.
 */
function greedyChoice(o: LeanDecodeOptions, state: GreedyState, logits: Float32Array, base: number, vocab: number, ids: RowIds, row: number): number {
  const n = state.tokens[row]!.length;
  const penalised = o.repetitionPenalty !== 1;
  const rawLse = o.renormalize && !penalised ? 0 : rowLogSumExp(logits, base, vocab, ids);
  // transformers' greedy search penalises repeats on the raw logits
  const raw = penalised ? penalizeRepeats(logits, base, state.history[row]!, o.repetitionPenalty) : undefined;
  // banned tokens: masked in place (the logits buffer is ours), then a plain argmax
  for (const t of o.banned) logits[base + t] = -Infinity;
  if (n < o.minNew[row]!) for (const e of o.eos) logits[base + e] = -Infinity;
  if (o.noRepeatNgram > 0) for (const t of repeatedNgramBans(state.history[row]!, o.noRepeatNgram)) logits[base + t] = -Infinity;
  const choice = rowArgmax(logits, base, vocab, ids);
  if (raw) {
    // the score is the one beam search gives the same tokens (penalty on log-probabilities),
    // so that greedy and beam scores compare; masked tokens stay masked
    for (const [t, x] of raw) if (logits[base + t] !== -Infinity) logits[base + t] = rawLse + (x - rawLse) * o.repetitionPenalty;
    state.sums[row]! += logits[base + choice]! - (o.renormalize ? rowLogSumExp(logits, base, vocab, ids) : rawLse);
  } else {
    state.sums[row]! += logits[base + choice]! - (o.renormalize ? rowLogSumExp(logits, base, vocab, ids, logits[base + choice]!) : rawLse);
  }
  return choice;
}
