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
import { beamDecode, type EarlyStopping } from './beam.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type OrtTensor = any;
type OrtSession = any;

/** Per-row generation settings of one lean call. */
export interface LeanDecodeOptions {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  batch: number;
  length: number;
  maxNew: readonly number[];
  minNew: readonly number[];
  eos: readonly number[];
  decoderStart: number;
  forcedBos: number | undefined;
  /** Single tokens never generated (e.g. Marian's pad). */
  banned: readonly number[];
  noRepeatNgram: number;
  /** Beams per sentence; 1 is greedy decoding (the fast path). */
  beams: number;
  /** Exponent of the length in a hypothesis' score `sum of log-probs / length^lengthPenalty`. */
  lengthPenalty: number;
  /** When a sentence's beam search stops (transformers' `early_stopping`). */
  earlyStopping: EarlyStopping;
  /** Re-normalise log-probabilities after the processors masked tokens (`renormalize_logits`). */
  renormalize: boolean;
  signal: AbortSignal | undefined;
  onStep: ((step: { step: number; activeRows: number }) => void) | undefined;
}

/** Result rows: generated token ids (end token excluded), whether the model ended them, and their scores. */
export interface LeanDecodeResult {
  tokens: number[][];
  finished: boolean[];
  /** Per row: sum of the generated tokens' log-probabilities (end token included) / length^lengthPenalty. */
  scores: number[];
  steps: number;
  runtimeMs: number;
}

/** Names of the decoder's key/value cache inputs. */
export const PAST = /^past_key_values\.(\d+)\.(decoder|encoder)\.(key|value)$/;

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
 * Rearranges, in place, the rows of a tensor whose first dimension is the batch so that row `i`
 * becomes the old row `source[i]` (`source.length` ≤ the rows), and returns a tensor over the
 * first `source.length` rows. Only rows that change are copied (plus, first, the changing rows
 * that another row still needs), so an identity order or a dropped tail copies nothing. The
 * tensor's buffer must be the caller's (a fresh runtime output or one fr2en made); use
 * {@link takeRows} to grow a batch.
 */
export function gatherRows(Tensor: any, t: OrtTensor, source: readonly number[]): OrtTensor {
  const dims: number[] = t.dims;
  const rowSize = dims.slice(1).reduce((a, b) => a * b, 1);
  const data = t.data;
  const changed = new Set<number>();
  source.forEach((from, i) => {
    if (from !== i) changed.add(i);
  });
  if (changed.size > 0) {
    // rows about to be overwritten that are still the source of another row: keep a copy
    const saved = new Map<number, number>();
    for (const i of changed) {
      const from = source[i]!;
      if (changed.has(from) && !saved.has(from)) saved.set(from, saved.size);
    }
    const temp = saved.size > 0 ? new (data.constructor as any)(saved.size * rowSize) : undefined;
    for (const [row, k] of saved) temp.set(data.subarray(row * rowSize, (row + 1) * rowSize), k * rowSize);
    for (const i of changed) {
      const from = source[i]!;
      const k = saved.get(from);
      const row = k === undefined ? data.subarray(from * rowSize, (from + 1) * rowSize) : temp.subarray(k * rowSize, (k + 1) * rowSize);
      data.set(row, i * rowSize);
    }
  }
  if (source.length === dims[0] && changed.size === 0) return t;
  return new Tensor(t.type, source.length === dims[0] ? data : data.subarray(0, source.length * rowSize), [source.length, ...dims.slice(1)]);
}

/** Copies the rows `keep` of a tensor whose first dimension is the batch into a new tensor. */
export function takeRows(Tensor: any, t: OrtTensor, keep: readonly number[]): OrtTensor {
  const dims: number[] = t.dims;
  const rowSize = dims.slice(1).reduce((a, b) => a * b, 1);
  const data = t.data;
  const out = new (data.constructor as any)(keep.length * rowSize);
  keep.forEach((row, k) => out.set(data.subarray(row * rowSize, (row + 1) * rowSize), k * rowSize));
  return new Tensor(t.type, out, [keep.length, ...dims.slice(1)]);
}

/** A shape with its symbolic dimensions resolved: the batch for the first, 0 (empty cache) for the others. */
export function symbolic(dims: readonly (number | string)[], batch: number): number[] {
  return dims.map((d, i) => (typeof d === 'number' ? d : i === 0 ? batch : 0));
}

/**
 * Runs greedy decoding (`beams` 1) or beam search; the caller owns tokenisation and decoding of the ids.
 * @throws AbortError when `signal` aborts (checked before every step).
 */
export async function leanDecode(Tensor: any, sessions: Record<string, OrtSession>, o: LeanDecodeOptions): Promise<LeanDecodeResult> {
  if (o.beams > 1) return beamDecode(Tensor, sessions, o);
  const encoder = sessions.model;
  const decoder = sessions.decoder_model_merged;
  let runtimeMs = 0;
  const timed = async (session: OrtSession, feeds: Record<string, OrtTensor>, fetches?: string[]) => {
    const t = performance.now();
    const out = await (fetches ? session.run(feeds, fetches) : session.run(feeds));
    runtimeMs += performance.now() - t;
    return out;
  };

  const ids = new Tensor('int64', o.inputIds, [o.batch, o.length]);
  const mask = new Tensor('int64', o.attentionMask, [o.batch, o.length]);
  const encoded = await timed(encoder, { input_ids: ids, attention_mask: mask });
  let hidden: OrtTensor = encoded.last_hidden_state;
  let encMask: OrtTensor = mask;

  const pastNames: string[] = decoder.inputNames.filter((n: string) => PAST.test(n));
  // Ask only for the outputs used: after the first step the encoder keys/values are kept from
  // step one, and exports that pass them through again would otherwise copy them out every step.
  const firstFetches = ['logits', ...pastNames.map((n) => n.replace('past_key_values', 'present'))];
  const laterFetches = ['logits', ...pastNames.filter((n) => !n.includes('.encoder.')).map((n) => n.replace('past_key_values', 'present'))];
  const noCache = new Tensor('bool', Uint8Array.from([0]), [1]);
  const withCache = new Tensor('bool', Uint8Array.from([1]), [1]);
  const meta: Record<string, { shape: (number | string)[]; type: string }> = {};
  for (const m of decoder.inputMetadata ?? []) meta[m.name] = m;

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

  for (let step = 0; active.length > 0; step++) {
    if (o.signal?.aborted) throw new AbortError(undefined, { cause: o.signal.reason });
    const rows = active.length;
    const feeds: Record<string, OrtTensor> = {
      input_ids: new Tensor('int64', BigInt64Array.from(last, (t) => BigInt(t)), [rows, 1]),
      encoder_attention_mask: encMask,
      encoder_hidden_states: hidden,
      use_cache_branch: step > 0 ? withCache : noCache,
    };
    for (const name of pastNames) {
      if (step === 0) {
        const m = meta[name];
        const shape = symbolic(m?.shape ?? [rows, 1, 0, 1], rows);
        feeds[name] = new Tensor('float32', new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
      } else {
        feeds[name] = name.includes('.encoder.') ? encoderPast[name] : past[name];
      }
    }
    const out = await timed(decoder, feeds, step === 0 ? firstFetches : laterFetches);
    steps++;
    const logits: Float32Array = out.logits.data;
    const vocab: number = out.logits.dims.at(-1);
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
        const rawLse = o.renormalize ? 0 : logSumExp(logits, base, base + vocab);
        // banned tokens: masked in place (the logits buffer is ours), then a plain argmax
        for (const t of o.banned) logits[base + t] = -Infinity;
        if (n < o.minNew[row]!) for (const e of o.eos) logits[base + e] = -Infinity;
        if (o.noRepeatNgram > 0) for (const t of repeatedNgramBans(history[row]!, o.noRepeatNgram)) logits[base + t] = -Infinity;
        choice = argmax(logits, base, base + vocab) - base;
        sums[row]! += logits[base + choice]! - (o.renormalize ? logSumExp(logits, base, base + vocab, logits[base + choice]!) : rawLse);
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
    o.onStep?.({ step: steps, activeRows: keep.length });
    if (keep.length === 0) break;

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
  // the score of the sequence: its length counts the end token when the model ended it
  const scores = tokens.map((t, row) => sums[row]! / Math.max(1, t.length + (finished[row] ? 1 : 0)) ** o.lengthPenalty);
  return { tokens, finished, scores, steps, runtimeMs };
}

const POW2 = Float64Array.from({ length: 1076 }, (_, k) => 2 ** -k);

/**
 * log(Σ exp(a[i])) over `a[start..end)`; `max` may be given when known. -∞ when every entry is -∞.
 * exp is computed as 2^k · 2^f (k an integer from a table, f in (-½, ½] by a degree-7 polynomial,
 * relative error below 1e-10): about 3× faster than `Math.exp` over a 60 000-token vocabulary,
 * which matters because every row of every step pays it for its score.
 */
export function logSumExp(a: Float32Array, start: number, end: number, max?: number): number {
  let m = max ?? -Infinity;
  if (max === undefined) for (let i = start; i < end; i++) if (a[i]! > m) m = a[i]!;
  if (m === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const t = (a[i]! - m) * Math.LOG2E; // <= 0
    if (t > -1074) {
      const k = (t - 0.5) | 0; // t rounded (to within ½), <= 0
      const f = t - k;
      const p =
        1 + f * (0.6931471805599453 + f * (0.2402265069591007 + f * (0.05550410866482158 + f * (0.009618129107628477 +
        f * (0.0013333558146428443 + f * (0.00015403530393381606 + f * 0.000015252733804059841))))));
      sum += p * POW2[-k]!;
    }
  }
  return m + Math.log(sum);
}

/** Tokens that would repeat an n-gram already in `history` (no_repeat_ngram_size). */
export function repeatedNgramBans(history: readonly number[], n: number): number[] {
  if (history.length < n) return [];
  const prefix = history.slice(history.length - n + 1);
  const bans: number[] = [];
  for (let i = 0; i + n <= history.length; i++) {
    let match = true;
    for (let j = 0; j < n - 1; j++) {
      if (history[i + j] !== prefix[j]) {
        match = false;
        break;
      }
    }
    if (match) bans.push(history[i + n - 1]!);
  }
  return bans;
}

/**
 * Index of the largest value in `a[start..end)`, the first one on ties. Four independent
 * lanes let the CPU overlap the comparisons (about twice as fast as one running maximum).
 */
export function argmax(a: Float32Array, start: number, end: number): number {
  let b0 = -Infinity, b1 = -Infinity, b2 = -Infinity, b3 = -Infinity;
  let i0 = start, i1 = start, i2 = start, i3 = start;
  let i = start;
  for (; i + 3 < end; i += 4) {
    const x0 = a[i]!, x1 = a[i + 1]!, x2 = a[i + 2]!, x3 = a[i + 3]!;
    if (x0 > b0) { b0 = x0; i0 = i; }
    if (x1 > b1) { b1 = x1; i1 = i + 1; }
    if (x2 > b2) { b2 = x2; i2 = i + 2; }
    if (x3 > b3) { b3 = x3; i3 = i + 3; }
  }
  let best = b0, index = i0;
  if (b1 > best || (b1 === best && i1 < index)) { best = b1; index = i1; }
  if (b2 > best || (b2 === best && i2 < index)) { best = b2; index = i2; }
  if (b3 > best || (b3 === best && i3 < index)) { best = b3; index = i3; }
  for (; i < end; i++) if (a[i]! > best) { best = a[i]!; index = i; }
  return index;
}
