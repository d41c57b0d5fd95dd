/**
 * Beam search for the lean decoder, with the semantics of Hugging Face transformers'
 * `BeamSearchScorer` / `BeamHypotheses` (generation/beam_search.py, 4.x):
 *
 * - every sentence keeps `beams` open hypotheses; a step scores each beam's next tokens with
 *   log-softmax of the raw logits, then the logits processors (banned tokens, minimum length,
 *   forced BOS, `no_repeat_ngram_size`; all set a token to -∞ or force one at log-probability 0;
 *   `renormalize_logits` re-normalises after them), and adds the beam's running sum;
 * - the best `(1 + end tokens) × beams` candidates of the sentence are walked in order: an end
 *   token ranked among the first `beams` closes a hypothesis into the sentence's finished pool
 *   (size `beams`, scored `sum / length^lengthPenalty`, length = generated tokens including the
 *   end token), other tokens fill the next beams until there are `beams` of them;
 * - a sentence is done when its pool is full and: `earlyStopping: true` always;
 *   `false` when the pool's worst score beats the best candidate's sum divided by the current
 *   length^lengthPenalty; `'never'` the same with the longest possible length when
 *   lengthPenalty > 0 (an upper bound, so the search is not cut short);
 * - at the sentence's cap the open beams join the pool (length = their tokens, no end token, as
 *   transformers ≥ 4.36 counts it; earlier 4.x versions also counted the decoder start token
 *   there) and the best hypothesis of the pool is the output.
 *
 * As in transformers, beams 2..n start at a score of -1e9 so that the first step expands only
 * one beam. A sentence that is done leaves the batch with all its beams. All beams of all
 * sentences run as rows of one batch; the self-attention cache is reordered by gathering
 * rows only when the beam order changed, and the encoder states only when a sentence leaves.
 */
import { AbortError } from '../../errors.js';
import {
  decoderStep,
  encodeBatch,
  gatherRows,
  release,
  repeatedNgramBans,
  ROW_IDS,
  rowLogSumExp,
  takeRows,
  type RowIds,
  type EarlyStopping,
  type LeanDecodeOptions,
  type LeanDecodeResult,
  type OrtSession,
  type OrtTensor,
} from './ops.js';

export type { EarlyStopping } from './ops.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

interface Hypothesis {
  score: number;
  tokens: number[];
  finished: boolean;
}

/** A sentence's pool of finished hypotheses (transformers' `BeamHypotheses`). */
export class HypothesisPool {
  readonly items: Hypothesis[] = [];
  worst = 1e9;
  constructor(
    readonly size: number,
    readonly lengthPenalty: number,
    readonly earlyStopping: EarlyStopping,
    /** Most generated tokens (the cap), for `earlyStopping: 'never'`. */
    readonly maxLength: number,
  ) {}

  /** Adds a hypothesis of `length` generated tokens whose log-probabilities sum to `sum`. */
  add(tokens: number[], sum: number, length: number, finished: boolean): void {
    const score = sum / Math.max(1, length) ** this.lengthPenalty;
    if (this.items.length < this.size || score > this.worst) {
      this.items.push({ score, tokens, finished });
      if (this.items.length > this.size) {
        const order = this.items.map((h, i) => [h.score, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        this.items.splice(order[0]![1], 1);
        this.worst = order[1]![0];
      } else {
        this.worst = Math.min(score, this.worst);
      }
    }
  }

  /** True when no open beam can beat the pool (transformers' `is_done`). */
  isDone(bestSum: number, length: number): boolean {
    if (this.items.length < this.size) return false;
    if (this.earlyStopping === true) return true;
    const bound =
      this.earlyStopping === 'never' && this.lengthPenalty > 0
        ? bestSum / Math.max(1, this.maxLength) ** this.lengthPenalty
        : bestSum / Math.max(1, length) ** this.lengthPenalty;
    return this.worst >= bound;
  }

  /** The best hypothesis (the last added among equal scores, as transformers' sort-and-pop). */
  best(): Hypothesis {
    let best = this.items[0]!;
    for (const h of this.items) if (h.score >= best.score) best = h;
    return best;
  }
}

interface Beam {
  tokens: number[];
  sum: number;
  /** Physical row of the batch holding this beam's cache. */
  row: number;
}

interface Sentence {
  /** Original index of the sentence in the call. */
  index: number;
  beams: Beam[];
  pool: HypothesisPool;
}

/**
 * The `k` best entries of `a[base..base+vocab)` by value (ties: lower index first), as token ids.
 * Entries may be -∞ when fewer than `k` are finite (as `torch.topk` returns them).
 */
function topK(a: Float32Array, base: number, vocab: number, k: number, only?: RowIds): number[] {
  const ids: number[] = [];
  const vals: number[] = [];
  // over a shortlist's ids (ascending: same order, same ties) when it has at least k of them
  const list = only && only.length >= k ? only : undefined;
  const n = list ? list.length : vocab;
  for (let j = 0; j < n; j++) {
    const v = list ? list[j]! : j;
    const x = a[base + v]!;
    if (ids.length === k && !(x > vals[k - 1]!)) continue;
    let i = ids.length === k ? k - 1 : ids.length;
    while (i > 0 && x > vals[i - 1]!) {
      if (i < k) {
        ids[i] = ids[i - 1]!;
        vals[i] = vals[i - 1]!;
      }
      i--;
    }
    ids[i] = v;
    vals[i] = x;
  }
  return ids;
}

/**
 * Runs beam search (`o.beams` > 1); the caller owns tokenisation and decoding of the ids.
 * @throws AbortError when `signal` aborts (checked before every step).
 */
export async function beamDecode(Tensor: any, sessions: Record<string, OrtSession>, o: LeanDecodeOptions): Promise<LeanDecodeResult> {
  const B = o.beams;
  const lengthPenalty = o.lengthPenalty;
  const run = await encodeBatch(Tensor, sessions, o);
  const { mask, pastNames } = run;
  // encoder-side tensors, one row per physical decoder row
  let hidden: OrtTensor = run.hidden;
  let encMask: OrtTensor = mask;
  let encoderPast: Record<string, OrtTensor> = {};
  let past: Record<string, OrtTensor> = {};

  const selfNames = pastNames.filter((n) => !n.includes('.encoder.'));
  const crossNames = pastNames.filter((n) => n.includes('.encoder.'));
  const present = (n: string) => n.replace('past_key_values', 'present');
  const firstFetches = ['logits', ...pastNames.map(present)];
  const laterFetches = ['logits', ...selfNames.map(present)];

  const eosSet = new Set(o.eos);
  const K = Math.max(2, 1 + o.eos.length) * B;
  const tokensOut: number[][] = Array.from({ length: o.batch }, () => []);
  const finishedOut = new Array<boolean>(o.batch).fill(false);
  const scoresOut = new Array<number>(o.batch).fill(0);

  // step 0: one physical row per sentence; every beam points at it, beams 2..n at -1e9
  let active: Sentence[] = Array.from({ length: o.batch }, (_, s) => ({
    index: s,
    beams: Array.from({ length: B }, (_, b) => ({ tokens: [], sum: b === 0 ? 0 : -1e9, row: s })),
    pool: new HypothesisPool(B, lengthPenalty, o.earlyStopping, o.maxNew[s]!),
  }));
  /** Physical rows of the previous step, per sentence (their encoder rows are the same). */
  let rows = o.batch;
  let steps = 0;

  const finish = (s: Sentence) => {
    const best = s.pool.best();
    tokensOut[s.index] = best.tokens;
    finishedOut[s.index] = best.finished;
    scoresOut[s.index] = best.score;
  };

  try {
    for (let step = 0; active.length > 0; step++) {
      if (o.signal?.aborted) throw new AbortError(undefined, { cause: o.signal.reason });
      const lastIds = new BigInt64Array(rows);
      const sentences = new Array<number>(rows);
      for (const s of active) for (const b of s.beams) {
        lastIds[b.row] = BigInt(b.tokens.at(-1) ?? o.decoderStart);
        sentences[b.row] = s.index;
      }
      const out = await decoderStep(Tensor, run, { lastIds, step, hidden, encMask, encoderPast, past, fetches: step === 0 ? firstFetches : laterFetches, sentences });
      steps++;
      past = {};
      const logits: Float32Array = out.logits.data;
      const vocab: number = out.logits.dims.at(-1);
      const seq: number = out.logits.dims[1];
      const rowIds: readonly RowIds[] | undefined = out[ROW_IDS];

      // per physical row: the K best processed tokens and their log-probabilities
      const rowCandidates = new Map<number, { token: number; logp: number }[]>();
      const candidatesOf = (s: Sentence, beam: Beam) => {
        const cached = rowCandidates.get(beam.row);
        if (cached) return cached;
        const base = (beam.row * seq + (seq - 1)) * vocab;
        const n = beam.tokens.length;
        let list: { token: number; logp: number }[];
        if (step === 0 && o.forcedBos !== undefined) {
          list = [{ token: o.forcedBos, logp: 0 }];
          for (let v = 0; list.length < K && v < vocab; v++) if (v !== o.forcedBos) list.push({ token: v, logp: -Infinity });
        } else {
          const ids = rowIds?.[beam.row];
          const rawLse = o.renormalize ? 0 : rowLogSumExp(logits, base, vocab, ids);
          for (const t of o.banned) logits[base + t] = -Infinity;
          if (n < o.minNew[s.index]!) for (const e of o.eos) logits[base + e] = -Infinity;
          if (o.noRepeatNgram > 0) {
            for (const t of repeatedNgramBans([o.decoderStart, ...beam.tokens], o.noRepeatNgram)) logits[base + t] = -Infinity;
          }
          const lse = o.renormalize ? rowLogSumExp(logits, base, vocab, ids) : rawLse;
          list = topK(logits, base, vocab, K, ids).map((token) => ({ token, logp: logits[base + token]! - lse }));
        }
        rowCandidates.set(beam.row, list);
        return list;
      };

      const nextRows: number[] = [];
      const kept: Sentence[] = [];
      const keptOld: number[] = []; // index into `active` of each kept sentence
      for (const [si, s] of active.entries()) {
        const n = s.beams[0]!.tokens.length; // all beams of a sentence have the same length
        const all: { beam: Beam; token: number; sum: number }[] = [];
        for (const beam of s.beams) {
          // at step 0 every beam shares one row; the n-gram history is the same for all
          for (const c of candidatesOf(s, beam)) all.push({ beam, token: c.token, sum: beam.sum + c.logp });
        }
        all.sort((a, b) => b.sum - a.sum);
        const top = all.slice(0, K);
        const next: Beam[] = [];
        for (const [rank, c] of top.entries()) {
          if (eosSet.has(c.token)) {
            if (rank >= B) continue;
            s.pool.add(c.beam.tokens, c.sum, n + 1, true);
          } else {
            next.push({ tokens: [...c.beam.tokens, c.token], sum: c.sum, row: c.beam.row });
          }
          if (next.length === B) break;
        }
        const done = s.pool.isDone(top[0]!.sum, n + 1);
        if (done) {
          finish(s);
          continue;
        }
        if (n + 1 >= o.maxNew[s.index]!) {
          // cap reached: the open beams join the pool unfinished (transformers' finalize)
          for (const b of next) s.pool.add(b.tokens, b.sum, b.tokens.length, false);
          finish(s);
          continue;
        }
        s.beams = next;
        kept.push(s);
        keptOld.push(si);
      }
      release(out.logits);
      o.onStep?.({ step: steps, activeRows: kept.length * B });
      if (kept.length === 0) {
        release(...pastNames.map((n) => out[present(n)]));
        break;
      }

      // new physical rows: beam k of kept sentence j is row j*B + k, gathered from its parent's row
      for (const s of kept) for (const b of s.beams) nextRows.push(b.row);
      const newPast: Record<string, OrtTensor> = {};
      // step 0 grows one row per sentence into `beams` rows (a copy); later steps rearrange in place
      for (const name of selfNames) newPast[name] = step === 0 ? takeRows(Tensor, out[present(name)], nextRows) : gatherRows(Tensor, out[present(name)], nextRows);
      if (step === 0) release(...selfNames.map((n) => out[present(n)])); // copied
      past = newPast;
      // encoder-side rows change only at step 0 (one row per sentence → B) or when a sentence left
      const sentenceRows = step === 0 ? kept.map((s) => s.index) : null;
      const sentencesChanged = step === 0 || kept.length !== active.length;
      if (sentencesChanged) {
        // any row of the sentence holds its encoder states: take the first one, B times
        const source = sentenceRows ?? keptOld.map((si) => si * B);
        const expand = source.flatMap((r) => Array.from({ length: B }, () => r));
        const crossSource = (name: string) => (step === 0 ? out[present(name)] : encoderPast[name]);
        const take = step === 0 ? takeRows : gatherRows; // a sentence leaving: rows move up, in place
        const newCross: Record<string, OrtTensor> = {};
        for (const name of crossNames) newCross[name] = take(Tensor, crossSource(name), expand);
        encoderPast = newCross;
        const encoderStates = hidden;
        hidden = take(Tensor, hidden, expand);
        encMask = take(Tensor, encMask, expand);
        if (step === 0) release(...crossNames.map((n) => out[present(n)]), encoderStates); // copied (the mask is the caller's)
      }
      kept.forEach((s, j) => s.beams.forEach((b, k) => (b.row = j * B + k)));
      rows = kept.length * B;
      active = kept;
    }
  } finally {
    // the batch's encoder states and caches; the attention mask only once it is fr2en's copy
    release(hidden, ...Object.values(encoderPast), ...Object.values(past), encMask === mask ? undefined : encMask);
  }
  return { tokens: tokensOut, finished: finishedOut, scores: scoresOut, steps, runtimeMs: run.runtimeMs };
}
